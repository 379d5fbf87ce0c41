#include "core/replay/responsereader.h"

#include <QTest>

using namespace hookscope;
using namespace hookscope::replay;

class TestResponseReader final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void complete_data();
    void complete();
    void capKeepsPrefixAndCountsAll();
    void malformed();
    void closedEarly();
};

void TestResponseReader::complete_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("chunk"); // feed in pieces of this size (0: all at once)
    QTest::addColumn<bool>("needsClose");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    const QByteArray cl = "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
    const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    const QByteArray closeDelimited = "HTTP/1.0 500 Oops\r\n\r\nuntil close";
    const QByteArray interim = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n";
    QTest::addRow("content-length") << cl << 0 << false << 201 << QByteArray("hello");
    QTest::addRow("content-length, byte by byte") << cl << 1 << false << 201 << QByteArray("hello");
    QTest::addRow("chunked") << chunked << 0 << false << 200 << QByteArray("abcde");
    QTest::addRow("chunked, 7-byte pieces") << chunked << 7 << false << 200 << QByteArray("abcde");
    QTest::addRow("delimited by close") << closeDelimited << 4 << true << 500 << QByteArray("until close");
    QTest::addRow("100 continue skipped") << interim << 3 << false << 204 << QByteArray();
}

void TestResponseReader::complete()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, chunk);
    QFETCH(bool, needsClose);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    ResponseReader reader;
    ResponseReader::State state = ResponseReader::State::NeedMore;
    for (qsizetype i = 0; i < wire.size(); i += chunk ? chunk : wire.size())
        state = reader.feed(
            QByteArrayView(wire).sliced(i, qMin<qsizetype>(chunk ? chunk : wire.size(), wire.size() - i)));
    if (needsClose) {
        QCOMPARE(state, ResponseReader::State::NeedMore);
        state = reader.finish();
    }
    QVERIFY2(state == ResponseReader::State::Complete, qPrintable(reader.errorText()));
    QCOMPARE(reader.status(), status);
    QCOMPARE(reader.body(), body);
    QCOMPARE(reader.bodySize(), body.size());
    QVERIFY(reader.rawHead().startsWith("HTTP/1."));
    QVERIFY(reader.rawHead().endsWith("\r\n\r\n"));
    QVERIFY(!reader.rawHead().contains("100 Continue"));
}

void TestResponseReader::capKeepsPrefixAndCountsAll()
{
    const QByteArray body(3000, 'x');
    ResponseReader reader(1000);
    const QByteArray wire = "HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + body;
    QVERIFY2(reader.feed(wire) == ResponseReader::State::Complete, qPrintable(reader.errorText()));
    QCOMPARE(reader.body().size(), 1000);
    QCOMPARE(reader.bodySize(), 3000);
    QVERIFY(reader.truncated());
    QCOMPARE(reader.headers().size(), 1);
    QCOMPARE(reader.headers().first().value, QByteArray("3000"));
}

void TestResponseReader::malformed()
{
    ResponseReader reader;
    QCOMPARE(reader.feed("NOT HTTP AT ALL\r\n\r\n"), ResponseReader::State::Error);
    QVERIFY(!reader.errorText().isEmpty());
}

void TestResponseReader::closedEarly()
{
    ResponseReader none;
    QCOMPARE(none.finish(), ResponseReader::State::Error);
    ResponseReader partial;
    partial.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    QCOMPARE(partial.finish(), ResponseReader::State::Error);
}

QTEST_GUILESS_MAIN(TestResponseReader)
#include "tst_replay_responsereader.moc"
