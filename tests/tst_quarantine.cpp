#include "testsupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QList<int> ids(const QJsonArray& list)
{
    QList<int> out;
    for (const auto& e : list)
        out << e[u"id"_s].toInt();
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestQuarantine final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void automaticQuarantine();
    void manualQuarantine();
    void releaseRechecksIgnoringTheWindow_data();
    void releaseRechecksIgnoringTheWindow();
    void discardRestorePurge();
    void retention();
    void auditLog();
    void errors_data();
    void errors();

private:
    QList<int> listed(const QString& status = {})
    {
        QStringList args { u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s };
        if (!status.isEmpty())
            args << u"--status"_s << status;
        return ids(m_serve.cli(args).json().array());
    }
    /** When each event was signed and sent, by this process's clock, and when its answer came. */
    struct Sent {
        qint64 timestampMs = 0; ///< what it was signed with
        qint64 sentMs = 0;
        qint64 answeredMs = 0;
    };
    int send(int event, const QByteArray& secret, qint64 signedBeforeMs = 0)
    {
        Sent& sent = m_sent[event];
        sent.sentMs = QDateTime::currentMSecsSinceEpoch();
        sent.timestampMs = sent.sentMs - signedBeforeMs;
        const int status
            = test::sendSigned(m_serve.url(), test::sampleEvent(u"evt_q%1"_s.arg(event)), secret, sent.timestampMs)
                  .status;
        sent.answeredMs = QDateTime::currentMSecsSinceEpoch();
        return status;
    }
    test::ServeProcess m_serve;
    QHash<int, Sent> m_sent;
};

void TestQuarantine::initTestCase()
{
    QVERIFY2(m_serve.start({ u"--secret"_s, u"k"_s }, false), m_serve.log().constData());
    // 1: valid. 2: invalid signature. 3: ten minutes old. 4: valid.
    QCOMPARE(send(1, "k"), 200);
    QCOMPARE(send(2, "not-k"), 401);
    QCOMPARE(send(3, "k", 10 * 60 * 1000), 400);
    QCOMPARE(send(4, "k"), 200);
}

void TestQuarantine::automaticQuarantine()
{
    QCOMPARE(listed(u"quarantined"_s), (QList<int> { 2, 3 }));
    const auto show = m_serve.cli({ u"show"_s, u"3"_s, u"--json"_s }).json().object();
    QCOMPARE(show[u"quarantined"_s].toString(), u"timestamp-out-of-window"_s);
}

void TestQuarantine::manualQuarantine()
{
    const auto r = m_serve.cli({ u"quarantine"_s, u"1"_s, u"--reason"_s, u"manual"_s, u"--note"_s, u"looks odd"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(listed(u"quarantined"_s), (QList<int> { 1, 2, 3 }));
    const auto show = m_serve.cli({ u"show"_s, u"1"_s, u"--json"_s }).json().object();
    QCOMPARE(show[u"quarantined"_s].toString(), u"manual"_s);
    QCOMPARE(show[u"quarantineNote"_s].toString(), u"looks odd"_s);
    QCOMPARE(show[u"status"_s].toString(), u"verified"_s); // quarantine does not rewrite the verification
}

void TestQuarantine::releaseRechecksIgnoringTheWindow_data()
{
    QTest::addColumn<int>("event");
    QTest::addColumn<QString>("verification");
    QTest::addRow("stale but genuine") << 3 << u"valid"_s;
    QTest::addRow("wrong secret") << 2 << u"invalid-signature"_s;
    QTest::addRow("manual") << 1 << u"valid"_s;
}

void TestQuarantine::releaseRechecksIgnoringTheWindow()
{
    QFETCH(int, event);
    QFETCH(QString, verification);
    const auto r = m_serve.cli({ u"release"_s, QString::number(event), u"--secret"_s, u"k"_s, u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject check = r.json()[u"recheck"_s].toObject();
    QCOMPARE(check[u"verification"_s].toString(), verification);
    QVERIFY(check[u"parsed"_s].toBool());
    // The skew when it arrived: its arrival lies between the send and the answer, so the skew lies between
    // those two times less its timestamp (bounds this process measured itself: no load can put it outside).
    const qint64 skew = qint64(check[u"originalSkewMs"_s].toDouble());
    const Sent& sent = m_sent.value(event);
    const qint64 low = sent.sentMs - sent.timestampMs - 1;
    const qint64 high = sent.answeredMs - sent.timestampMs + 1;
    QVERIFY2(
        skew >= low && skew <= high, qPrintable(u"skew %1 ms, not within [%2, %3]"_s.arg(skew).arg(low).arg(high)));
    QVERIFY(!listed(u"quarantined"_s).contains(event));
    // The plain-text report shows the original skew too.
    QCOMPARE(m_serve.cli({ u"quarantine"_s, QString::number(event), u"--reason"_s, u"manual"_s }).exitCode, 0);
    const auto text = m_serve.cli({ u"release"_s, QString::number(event), u"--secret"_s, u"k"_s });
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("original skew"));
}

void TestQuarantine::discardRestorePurge()
{
    QCOMPARE(m_serve.cli({ u"discard"_s, u"1"_s }).exitCode, 0);
    QVERIFY(!listed().contains(1));
    QCOMPARE(listed(u"discarded"_s), QList<int> { 1 });
    QCOMPARE(m_serve.cli({ u"discard"_s, u"1"_s }).exitCode, 2); // already in the bin
    QCOMPARE(m_serve.cli({ u"restore"_s, u"1"_s }).exitCode, 0);
    QVERIFY(listed().contains(1));
    QVERIFY(listed(u"discarded"_s).isEmpty());
    QCOMPARE(m_serve.cli({ u"discard"_s, u"1"_s, u"--note"_s, u"test data"_s }).exitCode, 0);
    const auto purge = m_serve.cli({ u"purge"_s, u"--json"_s });
    QVERIFY2(purge.exitCode == 0, purge.err.constData());
    QCOMPARE(purge.json()[u"purged"_s].toArray(), QJsonArray { 1 });
    QVERIFY(listed(u"discarded"_s).isEmpty());
    QCOMPARE(m_serve.cli({ u"show"_s, u"1"_s }).exitCode, 2);
    QCOMPARE(m_serve.cli({ u"restore"_s, u"1"_s }).exitCode, 2); // gone for good
    QCOMPARE(listed(), (QList<int> { 2, 3, 4 }));
}

void TestQuarantine::retention()
{
    // Off by default: a plain purge with nothing discarded removes nothing.
    QCOMPARE(m_serve.cli({ u"purge"_s, u"--json"_s }).json()[u"purged"_s].toArray().size(), 0);
    QCOMPARE(
        m_serve.cli({ u"purge"_s, u"--older-than"_s, u"1"_s, u"--json"_s }).json()[u"purged"_s].toArray().size(), 0);
    const auto r = m_serve.cli({ u"purge"_s, u"--keep-newest"_s, u"2"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()[u"purged"_s].toArray(), QJsonArray { 2 });
    QCOMPARE(listed(), (QList<int> { 3, 4 }));
}

void TestQuarantine::auditLog()
{
    const QJsonArray audit = m_serve.cli({ u"audit"_s, u"--json"_s }).json().array();
    QStringList actions;
    for (qsizetype i = audit.size() - 1; i >= 0; --i) // oldest first
        actions << audit.at(i)[u"action"_s].toString() + u':' + QString::number(audit.at(i)[u"event"_s].toInt());
    // The listener's quarantines on arrival (events 2 and 3) come first, audited like the user's.
    const QStringList expected { u"quarantine:2"_s, u"quarantine:3"_s, u"quarantine:1"_s, u"release:3"_s,
        u"quarantine:3"_s, u"release:3"_s, u"release:2"_s, u"quarantine:2"_s, u"release:2"_s, u"release:1"_s,
        u"quarantine:1"_s, u"release:1"_s, u"discard:1"_s, u"restore:1"_s, u"discard:1"_s, u"purge:0"_s, u"purge:0"_s,
        u"purge:0"_s, u"purge:0"_s };
    QCOMPARE(actions, expected);
    const QJsonObject badSignature = audit.at(audit.size() - 1).toObject();
    QCOMPARE(badSignature[u"reason"_s].toString(), u"invalid-signature"_s);
    QCOMPARE(badSignature[u"note"_s].toString(), u"automatically, on arrival"_s);
    QCOMPARE(badSignature[u"details"_s][u"automatic"_s].toBool(), true);
    QCOMPARE(badSignature[u"details"_s][u"verification"_s].toString(), u"invalid-signature"_s);
    const QJsonObject stale = audit.at(audit.size() - 2).toObject();
    QCOMPARE(stale[u"reason"_s].toString(), u"timestamp-out-of-window"_s);
    QCOMPARE(stale[u"details"_s][u"verification"_s].toString(), u"timestamp-skew"_s);
    const QJsonObject first = audit.at(audit.size() - 3).toObject();
    QCOMPARE(first[u"reason"_s].toString(), u"manual"_s);
    QCOMPARE(first[u"note"_s].toString(), u"looks odd"_s);
    QVERIFY(!first[u"time"_s].toString().isEmpty());
    // A release records what it was quarantined for and what the re-check found.
    const QJsonObject release = audit.at(audit.size() - 4).toObject();
    QCOMPARE(release[u"reason"_s].toString(), u"timestamp-out-of-window"_s);
    QCOMPARE(release[u"details"_s][u"verification"_s].toString(), u"valid"_s);
    const auto text = m_serve.cli({ u"audit"_s });
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("quarantine"));
    QVERIFY(text.out.contains("note \"looks odd\""));
}

void TestQuarantine::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("unknown reason") << QStringList { u"quarantine"_s, u"3"_s, u"--reason"_s, u"because"_s };
    QTest::addRow("unknown event") << QStringList { u"quarantine"_s, u"99"_s, u"--reason"_s, u"manual"_s };
    QTest::addRow("not an ID") << QStringList { u"discard"_s, u"abc"_s };
    QTest::addRow("release of an event not in quarantine") << QStringList { u"release"_s, u"4"_s };
    QTest::addRow("restore of an event not discarded") << QStringList { u"restore"_s, u"4"_s };
    QTest::addRow("bad --older-than") << QStringList { u"purge"_s, u"--older-than"_s, u"soon"_s };
}

void TestQuarantine::errors()
{
    QFETCH(QStringList, args);
    const auto r = m_serve.cli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestQuarantine)
#include "tst_quarantine.moc"
