// Attachment safety in the store: migration 009's table, its rows going with their event, what `rescan --unscanned`
// picks, and the search's `has:flagged` and `scan:STATUS` through the window's search parser and the store's query.
#include "uistore.h"

#include "core/store/attachmentscans.h"
#include "core/store/database.h"
#include "ui/searchquery.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestScanStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void migrationAddsTheTable();
    void resultsReadBackAndGoWithTheirEvent();
    void unscannedEvents();
    void eventFlagsFollowTheResults();
    void search_data();
    void search();
    void searchProblems();

private:
    static store::AttachmentScanRow row(qint64 event, int part, const QString& status, const QStringList& flags = {});
    static Result<void> addAttachment(QSqlDatabase& db, qint64 event, int part);
    test::UiStore m_store;
};

store::AttachmentScanRow TestScanStore::row(qint64 event, int part, const QString& status, const QStringList& flags)
{
    store::AttachmentScanRow r;
    r.eventRowId = event;
    r.part = part;
    r.status = status;
    r.signature = status == u"infected"_s ? u"Eicar-Test-Signature"_s : QString();
    r.detectedType = u"text/plain"_s;
    for (const QString& f : flags)
        r.flags.append(QJsonObject { { u"id"_s, f }, { u"reason"_s, QString(u"because "_s + f) } });
    r.database = u"ClamAV 1.0.7/27480"_s;
    r.scannedUs = 1'700'000'000'000'000;
    return r;
}

Result<void> TestScanStore::addAttachment(QSqlDatabase& db, qint64 event, int part)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO attachments (event_id, part, filename, content_type, size, sha256) "
              u"VALUES (?, ?, 'a.txt', 'text/plain', 1, 'ab')"_s);
    q.addBindValue(event);
    q.addBindValue(part);
    if (!q.exec())
        return fail(q.lastError().text());
    return {};
}

void TestScanStore::initTestCase()
{
    m_store.addEvents(1, 10);
    QSqlDatabase& db = m_store.store().database();
    // Events 1-4 carry attachments: 1 infected (and flagged), 2 clean, 3 clean but flagged, 4 not scanned yet;
    // 5's scan did not reach clamd.
    for (const qint64 e : { 1, 2, 3, 4, 5 })
        QVERIFY(addAttachment(db, e, 0));
    QVERIFY(addAttachment(db, 3, 1));
    QVERIFY(store::AttachmentScans::write(db,
        { row(1, 0, u"infected"_s, { u"executable"_s }), row(2, 0, u"clean"_s), row(3, 0, u"clean"_s),
            row(3, 1, u"clean"_s, { u"type-mismatch"_s, u"macro"_s }), row(5, 0, u"not-scanned"_s) }));
}

void TestScanStore::migrationAddsTheTable()
{
    QSqlDatabase& db = m_store.store().database();
    QVERIFY(store::schemaVersion(db) >= 9);
    QSqlQuery q(db);
    QVERIFY(q.exec(u"SELECT event_id, part, status, signature, message, detected_type, flags, database, scanned_us "
                   u"FROM attachment_scans LIMIT 1"_s));
}

void TestScanStore::resultsReadBackAndGoWithTheirEvent()
{
    QSqlDatabase& db = m_store.store().database();
    auto three = store::AttachmentScans::forEvent(db, 3);
    QVERIFY(three);
    QCOMPARE(three->size(), 2);
    QCOMPARE(three->at(1).flags.size(), 2);
    QCOMPARE(three->at(1).flags.at(1).toObject().value(u"id"_s).toString(), u"macro"_s);
    const QJsonObject json = store::AttachmentScans::forEvent(db, 1)->first().toJson();
    QCOMPARE(json.value(u"status"_s).toString(), u"infected"_s);
    QCOMPARE(json.value(u"signature"_s).toString(), u"Eicar-Test-Signature"_s);
    QCOMPARE(json.value(u"detectedType"_s).toString(), u"text/plain"_s);
    QCOMPARE(json.value(u"database"_s).toString(), u"ClamAV 1.0.7/27480"_s);
    QCOMPARE(json.value(u"scannedAt"_s).toString(), store::isoTime(1'700'000'000'000'000));
    QVERIFY(json.value(u"message"_s).isNull());

    // A rescan replaces the row; a removed event takes its results along.
    QVERIFY(store::AttachmentScans::write(db, { row(10, 0, u"clean"_s) }));
    QVERIFY(store::AttachmentScans::write(db, { row(10, 0, u"infected"_s) }));
    QCOMPARE(store::AttachmentScans::forEvent(db, 10)->size(), 1);
    QCOMPARE(store::AttachmentScans::forEvent(db, 10)->first().status, u"infected"_s);
    QSqlQuery q(db);
    QVERIFY(q.exec(u"DELETE FROM events WHERE id = 10"_s));
    QCOMPARE(store::AttachmentScans::forEvent(db, 10)->size(), 0);
}

void TestScanStore::unscannedEvents()
{
    // 4 was never scanned, 5 did not reach clamd; 1-3 are done.
    auto events = store::AttachmentScans::unscannedEvents(m_store.store().database());
    QVERIFY(events);
    QCOMPARE(*events, (QList<qint64> { 4, 5 }));
}

void TestScanStore::eventFlagsFollowTheResults()
{
    QSqlDatabase& db = m_store.store().database();
    const auto flagsOf = [&](qint64 id) { return m_store.store().event(id)->value().flags; };
    QVERIFY(store::AttachmentScans::flagEvent(db, 1));
    QVERIFY(flagsOf(1).contains(u"attachment-infected"_s));
    QVERIFY(flagsOf(1).contains(u"attachment-flagged"_s));
    QVERIFY(store::AttachmentScans::flagEvent(db, 2));
    QVERIFY(!flagsOf(2).contains(u"attachment-infected"_s) && !flagsOf(2).contains(u"attachment-flagged"_s));
    // A rescan that finds nothing any more takes the flags away again.
    QVERIFY(store::AttachmentScans::write(db, { row(1, 0, u"clean"_s) }));
    const auto cleared = store::AttachmentScans::flagEvent(db, 1);
    QVERIFY2(cleared, qPrintable(cleared ? QString() : cleared.error()));
    QVERIFY(!flagsOf(1).contains(u"attachment-infected"_s) && !flagsOf(1).contains(u"attachment-flagged"_s));
    QVERIFY(store::AttachmentScans::write(db, { row(1, 0, u"infected"_s, { u"executable"_s }) }));
    QVERIFY(store::AttachmentScans::flagEvent(db, 1));
    QCOMPARE(flagsOf(1).count(u"attachment-infected"_s), 1);
}

void TestScanStore::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<qint64>>("ids");
    QTest::newRow("has:flagged") << u"has:flagged"_s << QList<qint64> { 1, 3 };
    QTest::newRow("scan:infected") << u"scan:infected"_s << QList<qint64> { 1 };
    QTest::newRow("scan:clean") << u"scan:clean"_s << QList<qint64> { 2, 3 };
    QTest::newRow("scan:not-scanned") << u"scan:not-scanned"_s << QList<qint64> { 5 };
    QTest::newRow("scan:unscanned") << u"scan:unscanned"_s << QList<qint64> { 5 };
    QTest::newRow("both") << u"has:flagged scan:clean"_s << QList<qint64> { 3 };
    QTest::newRow("with a subject") << u"has:flagged subject:\"Subject 3\""_s << QList<qint64> { 3 };
}

void TestScanStore::search()
{
    QFETCH(QString, text);
    QFETCH(QList<qint64>, ids);
    const ui::ParsedSearch parsed = ui::parseSearch(text);
    QVERIFY2(parsed.problems.isEmpty(), qPrintable(parsed.problems.join(u"; "_s)));
    store::EventQuery query = parsed.query;
    query.limit = 0;
    auto rows = m_store.store().list(query);
    QVERIFY2(rows, qPrintable(rows ? QString() : rows.error()));
    QList<qint64> found;
    for (const auto& r : *rows)
        found << r.id;
    std::sort(found.begin(), found.end());
    QCOMPARE(found, ids);
    QCOMPARE(*m_store.store().count(query), qint64(ids.size()));
}

void TestScanStore::searchProblems()
{
    QCOMPARE(ui::parseSearch(u"scan:bogus"_s).problems.size(), 1);
    QVERIFY(ui::parseSearch(u"scan:bogus"_s).problems.first().contains(u"not-scanned"_s));
    QVERIFY(ui::parseSearch(u"has:nothing"_s).problems.first().contains(u"flagged"_s));
    QVERIFY(ui::searchSyntaxDetails().contains(u"has:flagged"_s));
    QVERIFY(ui::searchSyntaxDetails().contains(u"scan:infected"_s));
}

QTEST_MAIN(TestScanStore)
#include "tst_scan_store.moc"
