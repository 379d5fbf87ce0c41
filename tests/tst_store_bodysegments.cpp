// The request bodies' segments (core/store/bodysegments.h): written once by the real writer, read back through the
// store, the bytes of a batch that never committed cut off, damage and loss reported as errors that name the place.

#include "ingestrecords.h"

#include "core/store/bodysegments.h"
#include "core/store/database.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

/** The file of the store's segment `number`. */
QString segmentFile(const QString& store, int number)
{
    return store::BodySegments::folderOf(store) + u"/%1.seg"_s.arg(number, 8, 10, QLatin1Char('0'));
}

QString firstSegment(const QString& store)
{
    return segmentFile(store, 1);
}

QByteArray bodyOf(const QString& key, int size)
{
    QByteArray body = "{\"id\":\"" + key.toUtf8() + "\",\"text\":\"";
    while (body.size() < size - 2)
        body += char('a' + body.size() % 26);
    return body + "\"}";
}

/** The body of the event `rowId`'s first delivery as the store reads it, or its error. */
Result<QByteArray> storedBody(const QString& path, qint64 rowId)
{
    auto reader = store::EventStore::open(path, true);
    if (!reader)
        return fail(reader.error());
    auto deliveries = (*reader)->deliveries(rowId);
    if (!deliveries)
        return fail(deliveries.error());
    if (deliveries->isEmpty())
        return fail(u"no delivery"_s);
    return deliveries->first().body;
}

/** One valid delivery of `key` with `body`, written by a writer of its own, stopped after: its event's row id. */
qint64 writeOne(const QString& path, const QString& key, const QByteArray& body)
{
    store::StoreWriter writer(path);
    if (!writer.start())
        return 0;
    const auto outcome = test::submitAndWait(writer, test::ingestRecord(key, verify::Outcome::Valid, body));
    return outcome.committed ? outcome.eventRowId : 0;
}

/** Column values of the delivery rows, in order. */
QList<QVariantList> rows(const QString& path, const QString& sql)
{
    QList<QVariantList> out;
    {
        auto db = store::openDatabase(path, u"rows"_s, store::Durability::Normal, true);
        if (!db)
            return out;
        QSqlQuery q(*db);
        q.exec(sql);
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i);
            out << row;
        }
        q.finish();
        db->close();
    }
    QSqlDatabase::removeDatabase(u"rows"_s);
    return out;
}

/**
 * How many of the file's pages the page cache holds that have not reached the disk: what a power loss would take.
 * Read from the kernel's flags of each page (KPF_DIRTY in /proc/kpageflags, which only root may read).
 */
Result<qint64> unwrittenPages(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    const qint64 size = file.size();
    uchar* map = size > 0 ? file.map(0, size) : nullptr;
    if (!map)
        return fail(u"cannot map %1"_s.arg(path));
    QFile pageMap(u"/proc/self/pagemap"_s);
    QFile pageFlags(u"/proc/kpageflags"_s);
    if (!pageMap.open(QIODevice::ReadOnly | QIODevice::Unbuffered)
        || !pageFlags.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return fail(u"cannot read the kernel's page flags (root only): %1"_s.arg(pageFlags.errorString()));
    const qint64 pageBytes = ::sysconf(_SC_PAGESIZE);
    constexpr quint64 kFrameBits = (quint64(1) << 55) - 1;
    constexpr quint64 kDirty = quint64(1) << 4;
    qint64 unwritten = 0;
    volatile uchar touched = 0;
    for (qint64 at = 0; at < size; at += pageBytes) {
        touched = touched + map[at]; // in the page cache, so that the page has a frame
        quint64 entry = 0;
        quint64 flags = 0;
        if (!pageMap.seek(qint64(quintptr(map + at) / pageBytes) * 8)
            || pageMap.read(reinterpret_cast<char*>(&entry), 8) != 8)
            return fail(u"cannot read /proc/self/pagemap"_s);
        const quint64 frame = entry & kFrameBits;
        if (!(entry >> 63) || frame == 0)
            return fail(u"the kernel hides the page frames (root only)"_s);
        if (!pageFlags.seek(qint64(frame * 8)) || pageFlags.read(reinterpret_cast<char*>(&flags), 8) != 8)
            return fail(u"cannot read /proc/kpageflags"_s);
        if (flags & kDirty)
            ++unwritten;
    }
    file.unmap(map);
    return unwritten;
}

} // namespace

class TestStoreBodySegments : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bodiesAreWrittenOnceAndReadBack();
    void uncommittedBytesAreCutOffAtStart();
    void rolledBackBatchTakesItsBytesBack();
    void damagedBodyIsAnErrorNamingIt();
    void lostBodyIsAnErrorAndAWarning();
    void inlineBodiesOfEarlierStoresStillRead();
    void twoWritersOfOneStoreNeverOverlap();
    void fullDurabilityCommitsTheSameBytes();
    void segmentLeftBehindIsOnTheDisk();
};

void TestStoreBodySegments::bodiesAreWrittenOnceAndReadBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    QList<qint64> ids;
    QList<QByteArray> bodies;
    for (int i = 0; i < 5; ++i) {
        bodies << bodyOf(u"e%1"_s.arg(i), 100 + 700 * i);
        const auto outcome
            = test::submitAndWait(writer, test::ingestRecord(u"e%1"_s.arg(i), verify::Outcome::Valid, bodies.last()));
        QVERIFY(outcome.committed);
        ids << outcome.eventRowId;
    }
    // An empty body stays in the row, as before.
    const auto empty
        = test::submitAndWait(writer, test::ingestRecord(u"empty"_s, verify::Outcome::Valid, QByteArray()));
    QVERIFY(empty.committed);
    writer.stop();

    // The rows hold no body bytes, only their place; the segment holds each body once, one after another.
    const auto placed = rows(path,
        u"SELECT body IS NULL, body_segment, body_offset, body_size FROM deliveries WHERE body_size > 0 ORDER BY id"_s);
    QCOMPARE(placed.size(), 5);
    QFile segment(firstSegment(path));
    QVERIFY(segment.open(QIODevice::ReadOnly));
    const QByteArray all = segment.readAll();
    qint64 offset = 0;
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(placed[i][0].toInt(), 1);
        QCOMPARE(placed[i][1].toLongLong(), 1);
        QCOMPARE(placed[i][2].toLongLong(), offset);
        QCOMPARE(all.mid(offset, bodies[i].size()), bodies[i]);
        offset += bodies[i].size();
    }
    QCOMPARE(all.size(), offset);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(storedBody(path, ids[i]).value_or("<unreadable>"), bodies[i]);
    QCOMPARE(storedBody(path, empty.eventRowId).value_or("<unreadable>"), QByteArray());

    // The list's preview reads only the start.
    auto reader = store::EventStore::open(path, true);
    QVERIFY(reader);
    store::EventQuery query;
    query.withBodyStart = true;
    auto listed = (*reader)->list(query);
    QVERIFY2(listed, listed ? "" : qPrintable(listed.error()));
    bool sawLongest = false;
    for (const auto& row : *listed) {
        if (row.id == ids[4]) {
            sawLongest = true;
            QVERIFY(bodies[4].startsWith(row.bodyStart));
            QVERIFY(row.bodyStart.size() < bodies[4].size());
        }
    }
    QVERIFY(sawLongest);
}

void TestStoreBodySegments::uncommittedBytesAreCutOffAtStart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    const QByteArray first = bodyOf(u"a"_s, 300);
    const qint64 firstId = writeOne(path, u"a"_s, first);
    QVERIFY(firstId > 0);
    // What a batch killed between its append and its commit leaves: bytes no row points at.
    {
        QFile segment(firstSegment(path));
        QVERIFY(segment.open(QIODevice::Append));
        segment.write(QByteArray(5000, 'z'));
    }
    QCOMPARE(QFileInfo(firstSegment(path)).size(), first.size() + 5000);

    const QByteArray second = bodyOf(u"b"_s, 400);
    qint64 secondId = 0;
    {
        store::StoreWriter writer(path);
        QVERIFY(writer.start());
        QCOMPARE(QFileInfo(firstSegment(path)).size(), first.size()); // cut at the start
        secondId = test::submitAndWait(writer, test::ingestRecord(u"b"_s, verify::Outcome::Valid, second)).eventRowId;
    }
    QCOMPARE(QFileInfo(firstSegment(path)).size(), first.size() + second.size());
    QCOMPARE(storedBody(path, firstId).value_or("<unreadable>"), first);
    QCOMPARE(storedBody(path, secondId).value_or("<unreadable>"), second);
}

void TestStoreBodySegments::rolledBackBatchTakesItsBytesBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    const QByteArray kept = bodyOf(u"kept"_s, 200);
    QVERIFY(test::submitAndWait(writer, test::ingestRecord(u"kept"_s, verify::Outcome::Valid, kept)).committed);
    // A row the store refuses after the batch's bodies were appended: the whole batch rolls back.
    QVERIFY(writer.run([](QSqlDatabase& db) -> Result<void> {
        QSqlQuery q(db);
        if (!q.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON deliveries WHEN NEW.target = '/refused' "
                    u"BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s))
            return fail(q.lastError().text());
        return {};
    }));
    store::IngestRecord refused = test::ingestRecord(u"refused"_s, verify::Outcome::Valid, bodyOf(u"refused"_s, 900));
    refused.delivery.target = "/refused";
    const auto outcome = test::submitAndWait(writer, refused);
    QVERIFY(!outcome.committed);
    QVERIFY2(outcome.error.contains(u"refused by the test"_s), qPrintable(outcome.error));
    QCOMPARE(QFileInfo(firstSegment(path)).size(), kept.size());

    const QByteArray next = bodyOf(u"next"_s, 250);
    const auto committed = test::submitAndWait(writer, test::ingestRecord(u"next"_s, verify::Outcome::Valid, next));
    QVERIFY(committed.committed);
    writer.stop();
    QCOMPARE(QFileInfo(firstSegment(path)).size(), kept.size() + next.size());
    QCOMPARE(storedBody(path, committed.eventRowId).value_or("<unreadable>"), next);
}

void TestStoreBodySegments::damagedBodyIsAnErrorNamingIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    const QByteArray body = bodyOf(u"d"_s, 600);
    const qint64 id = writeOne(path, u"d"_s, body);
    QVERIFY(id > 0);
    {
        QFile segment(firstSegment(path));
        QVERIFY(segment.open(QIODevice::ReadWrite));
        segment.seek(100);
        segment.write("#"); // one byte changed on disk
    }
    const auto read = storedBody(path, id);
    QVERIFY(!read);
    QVERIFY2(read.error().contains(u"damaged"_s), qPrintable(read.error()));
    QVERIFY2(read.error().contains(u"00000001.seg at byte 0"_s), qPrintable(read.error()));
}

void TestStoreBodySegments::lostBodyIsAnErrorAndAWarning()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    const QByteArray body = bodyOf(u"l"_s, 800);
    const qint64 id = writeOne(path, u"l"_s, body);
    QVERIFY(id > 0);
    // The commit reached the disk, the body's last bytes did not (power lost, Normal durability).
    QVERIFY(QFile::resize(firstSegment(path), 500));
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(u"00000001.seg ends at byte 500, but the store points up "
                           u"to byte 800: the bodies past its end were lost"_s));
    {
        store::StoreWriter writer(path);
        QVERIFY(writer.start());
    }
    const auto read = storedBody(path, id);
    QVERIFY(!read);
    QVERIFY2(read.error().contains(u"cut short"_s) && read.error().contains(u"holds 500 of its 800 bytes"_s),
        qPrintable(read.error()));
}

void TestStoreBodySegments::inlineBodiesOfEarlierStoresStillRead()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    qint64 id = 0;
    {
        store::StoreWriter writer(path);
        QVERIFY(writer.start());
        id = test::submitAndWait(writer, test::ingestRecord(u"old"_s, verify::Outcome::Valid, bodyOf(u"old"_s, 300)))
                 .eventRowId;
        // As a store written before migration 014 holds it: the bytes in the row, no segment.
        QVERIFY(writer.run([](QSqlDatabase& db) -> Result<void> {
            QSqlQuery q(db);
            if (!q.exec(u"UPDATE deliveries SET body = CAST('{\"inline\":true}' AS BLOB), body_size = 15, "
                        u"body_segment = NULL, body_offset = NULL, body_checksum = NULL"_s))
                return fail(q.lastError().text());
            return {};
        }));
    }
    QCOMPARE(storedBody(path, id).value_or("<unreadable>"), QByteArray("{\"inline\":true}"));
}

void TestStoreBodySegments::twoWritersOfOneStoreNeverOverlap()
{
    // Two processes writing one store (the window's listener and a `hookscope import`) each append under the
    // store's write lock: two writers of one store stand for them here.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter one(path);
    store::StoreWriter two(path);
    QVERIFY(one.start());
    QVERIFY(two.start());
    std::map<qint64, QByteArray> written;
    for (int i = 0; i < 40; ++i) {
        store::StoreWriter& writer = i % 3 == 0 ? two : one;
        const QByteArray body = bodyOf(u"w%1"_s.arg(i), 50 + 37 * i);
        const auto outcome
            = test::submitAndWait(writer, test::ingestRecord(u"w%1"_s.arg(i), verify::Outcome::Valid, body));
        QVERIFY(outcome.committed);
        written[outcome.eventRowId] = body;
    }
    one.stop();
    two.stop();
    qint64 total = 0;
    for (const auto& [id, body] : written) {
        QCOMPARE(storedBody(path, id).value_or("<unreadable>"), body);
        total += body.size();
    }
    QCOMPARE(QFileInfo(firstSegment(path)).size(), total);
}

void TestStoreBodySegments::fullDurabilityCommitsTheSameBytes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path, store::Durability::Full);
    QVERIFY(writer.start());
    const QByteArray body = bodyOf(u"full"_s, 1000);
    const auto outcome = test::submitAndWait(writer, test::ingestRecord(u"full"_s, verify::Outcome::Valid, body));
    QVERIFY(outcome.committed);
    writer.stop();
    QCOMPARE(storedBody(path, outcome.eventRowId).value_or("<unreadable>"), body);
}

void TestStoreBodySegments::segmentLeftBehindIsOnTheDisk()
{
    // With Normal durability a body reaches the disk before the store's file holds the row pointing at it: the
    // checkpointer syncs the segments before each pass, the writer before its own copy. They sync the newest two, so
    // every older segment must already be whole on the disk, or a power loss could take bodies whose rows survive.
    // The kernel's page flags tell what is still in memory only. Beside the test program, not in /tmp: a file system
    // that writes to a disk.
    QTemporaryDir dir(QCoreApplication::applicationDirPath() + u"/segments-XXXXXX"_s);
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"s.db"_s);
    auto segment = [&path](int n) { return segmentFile(path, n); };
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    constexpr int kBodyBytes = 1024 * 1024;
    constexpr int kPerSegment = 64; // a segment is 64 MiB
    std::map<qint64, QByteArray> written;
    auto writeBody = [&](int i) {
        const QByteArray key = "big" + QByteArray::number(i);
        const QByteArray body = key + QByteArray(kBodyBytes - key.size(), char('a' + i % 26));
        const auto outcome
            = test::submitAndWait(writer, test::ingestRecord(QString::fromLatin1(key), verify::Outcome::Valid, body));
        if (outcome.committed && i % 16 == 0)
            written[outcome.eventRowId] = body;
        return outcome.committed;
    };
    auto unwritten = [](const QString& file) {
        const auto pages = unwrittenPages(file);
        if (!pages)
            qWarning("%s", qPrintable(pages.error()));
        return pages.value_or(-1);
    };
    for (int i = 0; i < kPerSegment; ++i)
        QVERIFY(writeBody(i));
    // The first segment is full and still the newest. Nothing has synced it: the log is a few pages long, so no
    // checkpoint pass ran. What the checks below look for is there.
    QVERIFY(!QFileInfo::exists(segment(2)));
    QVERIFY(unwritten(segment(1)) > 0);
    // The second segment begins, the first is left to the next sync (still one of the newest two); the second fills
    // and the third begins: the first is no longer one of the newest two, so it must be on the disk by now.
    for (int i = kPerSegment; i <= 2 * kPerSegment; ++i)
        QVERIFY(writeBody(i));
    QCOMPARE(QFileInfo(segment(3)).size(), qint64(kBodyBytes));
    QCOMPARE(unwritten(segment(1)), 0);
    // The checkpointer's sync before a pass takes the newest two: the second, left behind with bytes in memory only.
    QVERIFY(unwritten(segment(2)) > 0);
    store::BodySegments::syncNewest(path);
    QCOMPARE(unwritten(segment(2)), 0);
    QCOMPARE(unwritten(segment(3)), 0);
    // A writer that stops syncs its segments first: closing the store's last connection copies the log into it.
    QVERIFY(writeBody(2 * kPerSegment + 1));
    QVERIFY(unwritten(segment(3)) > 0);
    writer.stop();
    QCOMPARE(unwritten(segment(3)), 0);
    for (const auto& [id, body] : written)
        QVERIFY(storedBody(path, id).value_or("<unreadable>") == body);
}

QTEST_GUILESS_MAIN(TestStoreBodySegments)
#include "tst_store_bodysegments.moc"
