#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <future>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

store::IngestRecord record(const QString& key, verify::Outcome outcome, int status = 0)
{
    store::IngestRecord r;
    r.route = u"default"_s;
    r.scheme = u"mailparse"_s;
    r.idempotencyKey = key;
    r.keySource = u"id"_s;
    r.providerEventId = key;
    r.verdict.outcome = outcome;
    r.verdict.reason = verify::Verdict::outcomeCode(outcome);
    r.answerStatus = status ? status : r.verdict.httpStatus();
    r.delivery.method = "POST";
    r.delivery.target = "/hook";
    r.delivery.rawHead = "POST /hook HTTP/1.1\r\n\r\n";
    r.delivery.body = "{\"id\":\"" + key.toUtf8() + "\"}";
    r.delivery.receivedUs = 1700000000000000;
    return r;
}

store::IngestOutcome submitAndWait(store::StoreWriter& writer, store::IngestRecord r)
{
    std::promise<store::IngestOutcome> p;
    writer.submit(std::move(r), [&p](const store::IngestOutcome& o) { p.set_value(o); });
    return p.get_future().get();
}

} // namespace

class TestStoreWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupsDeliveriesIntoEvents();
    void failedThenVerifiedLiftsAutoQuarantine();
    void manyRecordsFewTransactions();
    void failedCommitIsReported();
};

void TestStoreWriter::groupsDeliveriesIntoEvents()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());

    auto first = submitAndWait(writer, record(u"e1"_s, verify::Outcome::Valid));
    QVERIFY(first.committed);
    QVERIFY(first.firstAccepted);
    QVERIFY(!first.duplicate);
    auto failed = submitAndWait(writer, record(u"e1"_s, verify::Outcome::InvalidSignature));
    QVERIFY(failed.committed);
    QVERIFY(!failed.duplicate); // refused deliveries are never duplicates
    QCOMPARE(failed.eventRowId, first.eventRowId);
    auto again = submitAndWait(writer, record(u"e1"_s, verify::Outcome::Valid));
    QVERIFY(again.duplicate);
    QVERIFY(!again.firstAccepted);
    auto other = submitAndWait(writer, record(u"e2"_s, verify::Outcome::NotChecked));
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
    auto o1 = submitAndWait(writer, bad);
    QVERIFY(o1.committed);
    auto reader = store::EventStore::open(path);
    QCOMPARE((*(*reader)->event(o1.eventRowId))->quarantined, u"invalid-signature"_s);
    QCOMPARE((*(*reader)->event(o1.eventRowId))->status, u"failed"_s);
    submitAndWait(writer, record(u"q"_s, verify::Outcome::Valid));
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
    QVERIFY(submitAndWait(writer, record(u"a"_s, verify::Outcome::Valid)).committed);
    // Another connection holds the write lock longer than the busy timeout allows.
    auto blocker = store::openDatabase(path, u"blocker"_s);
    QVERIFY(blocker);
    QSqlQuery q(*blocker);
    QVERIFY(q.exec(u"PRAGMA busy_timeout = 0"_s));
    QVERIFY(q.exec(u"BEGIN EXCLUSIVE"_s));
    auto outcome = submitAndWait(writer, record(u"b"_s, verify::Outcome::Valid));
    QVERIFY(!outcome.committed);
    QVERIFY(!outcome.error.isEmpty());
    QVERIFY(q.exec(u"ROLLBACK"_s));
    // Serving resumes once the cause is gone.
    QVERIFY(submitAndWait(writer, record(u"c"_s, verify::Outcome::Valid)).committed);
    blocker->close();
}

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"
