#include "core/replay/retrypolicy.h"

#include <QTest>

using namespace hookscope::replay;

class TestRetryPolicy final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ceiling_data();
    void ceiling();
    void jitterStaysWithinCeiling();
    void json();
};

void TestRetryPolicy::ceiling_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("expected");
    // Defaults: 1 s base, ×2, 60 s cap.
    QTest::addRow("first attempt waits for nothing") << 1 << qint64(0);
    QTest::addRow("first retry") << 2 << qint64(1000);
    QTest::addRow("second retry") << 3 << qint64(2000);
    QTest::addRow("fifth retry") << 6 << qint64(16000);
    QTest::addRow("capped") << 8 << qint64(60000);
    QTest::addRow("far past the cap") << 500 << qint64(60000);
}

void TestRetryPolicy::ceiling()
{
    QFETCH(int, attempt);
    QFETCH(qint64, expected);
    RetryPolicy p;
    QCOMPARE(p.maxAttempts, 5);
    QCOMPARE(p.ceilingMs(attempt), expected);
}

void TestRetryPolicy::jitterStaysWithinCeiling()
{
    RetryPolicy p;
    p.baseDelayMs = 100;
    QRandomGenerator random(42);
    qint64 low = std::numeric_limits<qint64>::max(), high = 0;
    for (int i = 0; i < 2000; ++i) {
        const qint64 d = p.delayMs(4, random); // ceiling 400
        QVERIFY(d >= 0 && d <= 400);
        low = qMin(low, d);
        high = qMax(high, d);
    }
    // Full jitter spreads over the whole range.
    QVERIFY(low < 40);
    QVERIFY(high > 360);
}

void TestRetryPolicy::json()
{
    RetryPolicy p;
    p.maxAttempts = 3;
    p.baseDelayMs = 250;
    p.factor = 3;
    p.maxDelayMs = 900;
    const RetryPolicy q = RetryPolicy::fromJson(p.toJson());
    QCOMPARE(q.maxAttempts, 3);
    QCOMPARE(q.baseDelayMs, 250);
    QCOMPARE(q.factor, 3.0);
    QCOMPARE(q.maxDelayMs, 900);
    QCOMPARE(q.ceilingMs(4), 900); // 250 × 9 capped
    QCOMPARE(RetryPolicy::fromJson({}).maxAttempts, 5);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_replay_retrypolicy.moc"
