// RequestFramer: exact bytes and limits, whatever way the stream is split.

#include "core/http/requestframer.h"

#include <QRandomGenerator>
#include <QTest>

using namespace hookscope;
using namespace hookscope::http;
using namespace Qt::StringLiterals;

namespace {

struct Framed {
    QList<Delivery> requests;
    RequestFramer::State state = RequestFramer::State::NeedMore;
    RequestFramer::ErrorKind error = RequestFramer::ErrorKind::None;
    QByteArray headAtError;
};

/**
 * Feeds `stream` in pieces whose sizes come from `split`, the way the connection does: unconsumed bytes
 * wait in a buffer and are offered again with the next piece.
 */
Framed frame(const QByteArray& stream, const std::function<qsizetype(qsizetype)>& split, const Limits& limits = {})
{
    Framed out;
    RequestFramer framer(limits);
    QByteArray pending;
    qsizetype at = 0;
    while (at < stream.size() || !pending.isEmpty()) {
        if (at < stream.size()) {
            const qsizetype n = std::min(split(stream.size() - at), stream.size() - at);
            pending += stream.mid(at, n);
            at += n;
        }
        for (;;) {
            const qsizetype used = framer.feed(pending.constData(), pending.size());
            pending.remove(0, used);
            if (framer.state() == RequestFramer::State::Error) {
                out.state = framer.state();
                out.error = framer.error();
                out.headAtError = framer.rawHead();
                return out;
            }
            if (framer.state() == RequestFramer::State::Complete) {
                Delivery d;
                framer.fill(d);
                out.requests.append(d);
                framer.reset();
                continue;
            }
            break;
        }
        if (at >= stream.size())
            break;
    }
    out.state = framer.state();
    return out;
}

} // namespace

class TestHttpFramer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exactBytes_data();
    void exactBytes();
    void pipelined();
    void limits_data();
    void limits();
    void refusedHeadIsKept();
};

void TestHttpFramer::exactBytes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("target");
    QTest::addRow("content-length") << QByteArray(
        "POST /webhooks/email?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n"
        "X-Webhook-Signature: ab\r\n\r\n{\"a\":1}")
                                    << QByteArray("{\"a\":1}") << QByteArray("/webhooks/email?x=1");
    QTest::addRow("no body") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray() << QByteArray("/");
    QTest::addRow("chunked") << QByteArray("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
                                           "2;ext=1\r\nde\r\n0\r\nTrailer: t\r\n\r\n")
                             << QByteArray("abcde") << QByteArray("/c");
    QTest::addRow("http/1.0") << QByteArray("POST /old HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi") << QByteArray("hi")
                              << QByteArray("/old");
    QTest::addRow("odd spacing kept") << QByteArray("POST /s HTTP/1.1\r\nX-A:   spaced  \r\nx-a: again\r\n"
                                                    "Content-Length: 1\r\n\r\nz")
                                      << QByteArray("z") << QByteArray("/s");
}

void TestHttpFramer::exactBytes()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, target);
    const qsizetype headSize = request.indexOf("\r\n\r\n") + 4;

    // Every two-piece split, then byte by byte, then random splits.
    QList<std::function<qsizetype(qsizetype)>> splits;
    for (qsizetype first = 1; first < request.size(); ++first) {
        auto calls = std::make_shared<int>(0);
        splits << [first, calls](qsizetype rest) { return (*calls)++ == 0 ? first : rest; };
    }
    splits << [](qsizetype) { return qsizetype(1); };
    for (int seed = 1; seed <= 20; ++seed) {
        auto rng = std::make_shared<QRandomGenerator>(seed);
        splits << [rng](qsizetype rest) { return qsizetype(rng->bounded(1, int(std::min<qsizetype>(rest, 16)) + 1)); };
    }
    for (const auto& split : splits) {
        const Framed f = frame(request, split);
        QCOMPARE(f.requests.size(), 1);
        const Delivery& d = f.requests.first();
        QCOMPARE(d.rawHead, request.left(headSize));
        QCOMPARE(d.body, body);
        QCOMPARE(d.raw(), request);
        QCOMPARE(d.target, target);
    }
}

void TestHttpFramer::pipelined()
{
    const QByteArray one = "POST /1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    const QByteArray two = "POST /2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n";
    const QByteArray three = "GET /3 HTTP/1.1\r\n\r\n";
    for (int seed = 1; seed <= 50; ++seed) {
        auto rng = std::make_shared<QRandomGenerator>(seed);
        const Framed f = frame(one + two + three,
            [rng](qsizetype rest) { return qsizetype(rng->bounded(1, int(std::min<qsizetype>(rest, 40)) + 1)); });
        QCOMPARE(f.requests.size(), 3);
        QCOMPARE(f.requests[0].raw(), one);
        QCOMPARE(f.requests[1].raw(), two);
        QCOMPARE(f.requests[1].body, QByteArray("x"));
        QCOMPARE(f.requests[2].raw(), three);
    }
}

void TestHttpFramer::limits_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("error");
    const QByteArray line = "POST / HTTP/1.1\r\n";
    QTest::addRow("head over the limit") << line + "X-Big: " + QByteArray(1100, 'b') + "\r\n\r\n"
                                         << int(RequestFramer::ErrorKind::HeaderTooLarge);
    QTest::addRow("long request line") << "POST /" + QByteArray(1100, 'p') + " HTTP/1.1\r\n\r\n"
                                       << int(RequestFramer::ErrorKind::HeaderTooLarge);
    QTest::addRow("head at the limit") << line + "X-Big: " + QByteArray(1024 - line.size() - 11, 'b') + "\r\n\r\n"
                                       << int(RequestFramer::ErrorKind::None);
    QTest::addRow("head one over") << line + "X-Big: " + QByteArray(1024 - line.size() - 10, 'b') + "\r\n\r\n"
                                   << int(RequestFramer::ErrorKind::HeaderTooLarge);
    QTest::addRow("body over, content-length") << line + "Content-Length: 2049\r\n\r\n"
                                               << int(RequestFramer::ErrorKind::BodyTooLarge);
    QTest::addRow("body at the limit") << line + "Content-Length: 2048\r\n\r\n" + QByteArray(2048, 'x')
                                       << int(RequestFramer::ErrorKind::None);
    QTest::addRow("body over, chunked") << line + "Transfer-Encoding: chunked\r\n\r\n400\r\n" + QByteArray(1024, 'x')
            + "\r\n401\r\n" + QByteArray(1025, 'y')
            + "\r\n0\r\n\r\n" << int(RequestFramer::ErrorKind::BodyTooLarge);
    QTest::addRow("bad chunk") << line + "Transfer-Encoding: chunked\r\n\r\nqq\r\n"
                               << int(RequestFramer::ErrorKind::Malformed);
    QTest::addRow("bad line") << QByteArray("NOT HTTP\r\n\r\n") << int(RequestFramer::ErrorKind::Malformed);
}

void TestHttpFramer::limits()
{
    QFETCH(QByteArray, request);
    QFETCH(int, error);
    Limits limits;
    limits.maxHeaderBytes = 1024;
    limits.maxBodyBytes = 2048;
    for (int seed = 0; seed <= 30; ++seed) {
        auto rng = std::make_shared<QRandomGenerator>(seed);
        // Seed 0 sends everything at once; the others split the request line from the fields too.
        const Framed f = frame(
            request,
            [rng, seed](qsizetype rest) {
                return seed == 0 ? rest : qsizetype(rng->bounded(1, int(std::min<qsizetype>(rest, 300)) + 1));
            },
            limits);
        QCOMPARE(int(f.error), error);
        if (error == int(RequestFramer::ErrorKind::None))
            QCOMPARE(f.requests.size(), 1);
    }
}

void TestHttpFramer::refusedHeadIsKept()
{
    // Refused from Content-Length: the fields are known, the head bytes are all kept.
    Limits limits;
    limits.maxBodyBytes = 10;
    RequestFramer framer(limits);
    const QByteArray line = "POST /big HTTP/1.1\r\n";
    const QByteArray fields = "Host: a\r\nContent-Length: 11\r\n\r\n";
    QCOMPARE(framer.feed(line.constData(), line.size() - 2), 0); // request line incomplete: nothing used
    const QByteArray all = line + fields;
    const qsizetype used = framer.feed(all.constData(), all.size());
    QCOMPARE(framer.state(), RequestFramer::State::Error);
    QCOMPARE(framer.error(), RequestFramer::ErrorKind::BodyTooLarge);
    QCOMPARE(used, all.size());
    QVERIFY(framer.headerParsed());
    Delivery d;
    framer.fill(d);
    QCOMPARE(d.rawHead, all);
    QCOMPARE(d.method, QByteArray("POST"));
    QCOMPARE(d.target, QByteArray("/big"));
    QCOMPARE(d.header("Content-Length"), QByteArray("11"));
}

QTEST_GUILESS_MAIN(TestHttpFramer)
#include "tst_http_framer.moc"
