#include "ingestrecords.h"
#include "testwait.h"

#include "core/store/emailprocessing.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <future>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

store::IngestRecord record(const QString& key, verify::Outcome outcome, int status = 0)
{
    return test::ingestRecord(key, outcome, {}, status);
}

} // namespace

class TestStoreWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupsDeliveriesIntoEvents();
    void failedThenVerifiedLiftsAutoQuarantine();
    void manyRecordsFewTransactions();
    void failedCommitIsReported();
    void verdictReadsBackInBothForms();
    void walIsCheckpointedBesideTheWriter();
    void eventsWithEmailToReadEnterTheSortIndexesAfterTheAck();
};

void TestStoreWriter::groupsDeliveriesIntoEvents()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());

    auto first = test::submitAndWait(writer, record(u"e1"_s, verify::Outcome::Valid));
    QVERIFY(first.committed);
    QVERIFY(first.firstAccepted);
    QVERIFY(!first.duplicate);
    auto failed = test::submitAndWait(writer, record(u"e1"_s, verify::Outcome::InvalidSignature));
    QVERIFY(failed.committed);
    QVERIFY(!failed.duplicate); // refused deliveries are never duplicates
    QCOMPARE(failed.eventRowId, first.eventRowId);
    auto again = test::submitAndWait(writer, record(u"e1"_s, verify::Outcome::Valid));
    QVERIFY(again.duplicate);
    QVERIFY(!again.firstAccepted);
    auto other = test::submitAndWait(writer, record(u"e2"_s, verify::Outcome::NotChecked));
    QVERIFY(other.eventRowId != first.eventRowId);
    writer.stop();

    auto reader = store::EventStore::open(path);
    QVERIFY(reader);
    auto e = (*reader)->event(first.eventRowId);
    QVERIFY(e && *e);
    QCOMPARE((*e)->deliveries, 3);
    QCOMPARE((*e)->duplicates, 1);
    QCOMPARE((*e)->status, u"verified"_s);
    auto ds = (*reader)->deliveries(first.eventRowId);
    QVERIFY(ds);
    QCOMPARE(ds->size(), 3);
    QCOMPARE(ds->at(1).statusCode, 401);
    QCOMPARE(ds->at(1).verifyReason, u"invalid-signature"_s);
    QVERIFY(ds->at(2).duplicate);
    auto u = (*reader)->event(other.eventRowId);
    QCOMPARE((*u)->status, u"unverified"_s);
}

void TestStoreWriter::failedThenVerifiedLiftsAutoQuarantine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    auto bad = record(u"q"_s, verify::Outcome::InvalidSignature);
    bad.autoQuarantine = u"invalid-signature"_s;
    auto o1 = test::submitAndWait(writer, bad);
    QVERIFY(o1.committed);
    auto reader = store::EventStore::open(path);
    QCOMPARE((*(*reader)->event(o1.eventRowId))->quarantined, u"invalid-signature"_s);
    QCOMPARE((*(*reader)->event(o1.eventRowId))->status, u"failed"_s);
    test::submitAndWait(writer, record(u"q"_s, verify::Outcome::Valid));
    const auto e = *(*reader)->event(o1.eventRowId);
    QVERIFY(e->quarantined.isEmpty());
    QCOMPARE(e->status, u"verified"_s);
}

void TestStoreWriter::manyRecordsFewTransactions()
{
    QTemporaryDir dir;
    store::StoreWriter writer(dir.filePath(u"s.db"_s));
    QVERIFY(writer.start());
    const int n = 2000;
    std::atomic<int> done { 0 };
    std::promise<void> all;
    for (int i = 0; i < n; ++i) {
        writer.submit(record(u"k%1"_s.arg(i), verify::Outcome::Valid), [&](const store::IngestOutcome& o) {
            QVERIFY(o.committed);
            if (++done == n)
                all.set_value();
        });
    }
    all.get_future().get();
    // Group commit: far fewer transactions than records.
    QVERIFY2(writer.committedBatches() < n / 4, qPrintable(QString::number(writer.committedBatches())));
}

void TestStoreWriter::failedCommitIsReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    QVERIFY(test::submitAndWait(writer, record(u"a"_s, verify::Outcome::Valid)).committed);
    // Another connection holds the write lock longer than the busy timeout allows.
    auto blocker = store::openDatabase(path, u"blocker"_s);
    QVERIFY(blocker);
    QSqlQuery q(*blocker);
    QVERIFY(q.exec(u"PRAGMA busy_timeout = 0"_s));
    QVERIFY(q.exec(u"BEGIN EXCLUSIVE"_s));
    auto outcome = test::submitAndWait(writer, record(u"b"_s, verify::Outcome::Valid));
    QVERIFY(!outcome.committed);
    QVERIFY(!outcome.error.isEmpty());
    QVERIFY(q.exec(u"ROLLBACK"_s));
    // Serving resumes once the cause is gone.
    QVERIFY(test::submitAndWait(writer, record(u"c"_s, verify::Outcome::Valid)).committed);
    blocker->close();
}

void TestStoreWriter::verdictReadsBackInBothForms()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    {
        store::StoreWriter writer(path);
        QVERIFY(writer.start());
        store::IngestRecord r = record(u"v1"_s, verify::Outcome::Valid);
        r.verdict.scheme = u"mailparse"_s;
        r.verdict.canonical = "1700000000000." + r.delivery.body;
        r.verdict.expected = "ab12";
        r.verdict.received = "ab12\xe9"; // a header byte outside ASCII reads as Latin-1
        r.verdict.timestampMs = 1700000000000;
        r.verdict.secretIndex = 0;
        r.verdict.hints << u"h\u00e9"_s;
        QVERIFY(test::submitAndWait(writer, r).committed);
        store::IngestRecord binary = record(u"v2"_s, verify::Outcome::Valid);
        binary.delivery.body = QByteArray("\xff\xfe\x00x", 4); // not UTF-8: replaced, as in JSON
        binary.verdict.canonical = "t." + binary.delivery.body;
        QVERIFY(test::submitAndWait(writer, binary).committed);
    }
    auto opened = store::EventStore::open(path, false);
    QVERIFY2(opened, qPrintable(errorText(opened)));
    auto& st = **opened;

    auto first = st.delivery(1, 1);
    QVERIFY2(first && *first, qPrintable(errorText(first)));
    QJsonObject v = (*first)->verdict;
    QCOMPARE(v.value(u"canonical"_s).toString(), u"1700000000000.{\"id\":\"v1\"}"_s);
    QVERIFY(!v.contains(u"canonicalPrefix"_s));
    QCOMPARE(v.value(u"expected"_s).toString(), u"ab12"_s);
    QCOMPARE(v.value(u"received"_s).toString(), u"ab12\u00e9"_s);
    QCOMPARE(v.value(u"timestampMs"_s).toInteger(), 1700000000000);
    QCOMPARE(v.value(u"secretIndex"_s).toInt(), 0);
    QCOMPARE(v.value(u"hints"_s).toArray().first().toString(), u"h\u00e9"_s);
    QCOMPARE(v.value(u"outcome"_s).toString(), u"valid"_s);

    auto second = st.delivery(2, 1);
    QVERIFY(second && *second);
    QCOMPARE((*second)->verdict.value(u"canonical"_s).toString(), QString::fromUtf8(QByteArray("t.\xff\xfe\x00x", 6)));

    // A row written before schema 6 holds JSON text.
    QSqlQuery q(st.database());
    QVERIFY(q.exec(
        uR"(UPDATE deliveries SET verdict_json = '{"outcome":"valid","canonicalPrefix":"9.","received":"r"}' WHERE id = 1)"_s));
    first = st.delivery(1, 1);
    QVERIFY(first && *first);
    v = (*first)->verdict;
    QCOMPARE(v.value(u"canonical"_s).toString(), u"9.{\"id\":\"v1\"}"_s);
    QCOMPARE(v.value(u"received"_s).toString(), u"r"_s);
}

void TestStoreWriter::walIsCheckpointedBesideTheWriter()
{
    // The writer leaves checkpoints to a thread of its own: the log must still be copied back and start
    // over, so it stays small however much is written. The writer copies the whole log itself once it is
    // kLogRestartFrames pages long: write until it has done so twice.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    int written = 0;
    while (writer.wholeLogCheckpoints() < 2 && written < 200000) {
        std::atomic<int> left { 2000 };
        std::promise<void> done;
        for (int i = 0; i < 2000; ++i, ++written) {
            store::IngestRecord r = record(u"w%1"_s.arg(written), verify::Outcome::Valid);
            r.delivery.body = QByteArray(2048, 'x');
            // A head a page long that does not compress, kept in the row: each delivery adds at least a page to the
            // log.
            r.delivery.rawHead = QByteArray(4096, Qt::Uninitialized);
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(r.delivery.rawHead.data()), 1024);
            writer.submit(std::move(r), [&](const store::IngestOutcome& o) {
                QVERIFY(o.committed);
                if (--left == 0)
                    done.set_value();
            });
        }
        done.get_future().wait();
    }
    qInfo("deliveries written until the log was copied whole twice: %d", written);
    QVERIFY2(writer.wholeLogCheckpoints() >= 2, "the log was never copied whole by the writer");
    // After all those passes and syncs, the process still holds SQLite's shared lock on the store, as another
    // process sees it: a descriptor of the store opened and closed beside SQLite would have dropped it, and another
    // process could then take the store for itself (and delete the log) while this one writes.
    const pid_t child = ::fork();
    if (child == 0) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
        struct flock probe = {};
        probe.l_type = F_WRLCK;
        probe.l_whence = SEEK_SET;
        probe.l_start = 0x40000000 + 2; // SQLite's shared range: PENDING_BYTE + 2, 510 bytes
        probe.l_len = 510;
        _exit(fd >= 0 && ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type == F_RDLCK ? 0 : 1);
    }
    QVERIFY(child > 0);
    int childStatus = 0;
    QCOMPARE(::waitpid(child, &childStatus, 0), child);
    QVERIFY2(WIFEXITED(childStatus) && WEXITSTATUS(childStatus) == 0, "the store's shared lock is not held");
    // At least 2 * kLogRestartFrames pages went through the log. What is in it now is what was written since
    // it last started over.
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"probe"_s);
    db.setDatabaseName(path);
    QVERIFY(db.open());
    {
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_s);
        // -1 while the writer's checkpointer holds the checkpoint lock: ask again until it is through.
        int logFrames = -1;
        WAIT_FOR((q.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s) && q.next() && (logFrames = q.value(1).toInt()) >= 0),
            "the checkpoint lock to be free");
        qInfo("pages in the log now: %d", logFrames);
        QVERIFY2(logFrames >= 0 && logFrames < store::StoreWriter::kLogRestartFrames,
            qPrintable(QString::number(logFrames)));
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"probe"_s);
}

void TestStoreWriter::eventsWithEmailToReadEnterTheSortIndexesAfterTheAck()
{
    // The list's sort-only indexes are not written on the ingest path (migration 015): an event whose email the
    // post-processor reads enters them with its email fields; one it never sees (a refused request without a body)
    // enters them at once. A page sorted by size lists both, whichever half they are in.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    auto accepted = test::submitAndWait(writer, record(u"read-me"_s, verify::Outcome::Valid));
    QVERIFY(accepted.readEmail);
    auto failed = test::submitAndWait(writer, record(u"read-me-too"_s, verify::Outcome::InvalidSignature));
    QVERIFY(failed.readEmail); // a body, not refused: read so that a search finds it
    auto refused = test::ingestRecord(u"refused"_s, verify::Outcome::MissingHeaders, QByteArray());
    refused.keySource = u"refused"_s;
    auto notRead = test::submitAndWait(writer, refused);
    QVERIFY(notRead.committed);
    QVERIFY(!notRead.readEmail);

    auto reader = store::EventStore::open(path);
    QVERIFY(reader);
    const auto sortIndexed = [&](qint64 id) {
        QSqlQuery q((*reader)->database());
        return q.exec(u"SELECT sort_indexed FROM events WHERE id = %1"_s.arg(id)) && q.next() ? q.value(0).toInt() : -1;
    };
    QCOMPARE(sortIndexed(accepted.eventRowId), 0);
    QCOMPARE(sortIndexed(failed.eventRowId), 0);
    QCOMPARE(sortIndexed(notRead.eventRowId), 1);
    const auto bySize = [&] {
        store::EventQuery q;
        q.orderBy = u"size"_s;
        q.descending = false;
        QList<qint64> ids;
        if (const auto rows = (*reader)->list(q))
            for (const auto& e : *rows)
                ids << e.id;
        return ids;
    };
    // Sizes: 0 (refused), then the two bodies ({"id":"read-me"} is the shorter).
    const QList<qint64> order { notRead.eventRowId, accepted.eventRowId, failed.eventRowId };
    QCOMPARE(bySize(), order);

    // The post-processor's write: the email fields, and the event in the indexes.
    std::promise<bool> written;
    writer.submitJob(
        [&](QSqlDatabase& db) -> Result<void> {
            store::EmailFieldsWriter fields(db);
            return fields.write(accepted.eventRowId, email::EmailMessage {});
        },
        [&written](const Result<void>& r) { written.set_value(bool(r)); });
    QVERIFY(written.get_future().get());
    QCOMPARE(sortIndexed(accepted.eventRowId), 1);
    QCOMPARE(sortIndexed(failed.eventRowId), 0);
    QCOMPARE(bySize(), order);
    // Its payload could not be read (purged since, damaged): it enters the indexes without fields.
    std::promise<bool> entered;
    writer.submitJob([&](QSqlDatabase& db) { return store::enterSortIndexes(db, { failed.eventRowId }); },
        [&entered](const Result<void>& r) { entered.set_value(bool(r)); });
    QVERIFY(entered.get_future().get());
    QCOMPARE(sortIndexed(failed.eventRowId), 1);
    QCOMPARE(bySize(), order);
    writer.stop();
}

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"
