// The HTML view never reaches the network while a message is displayed — remote <img>, CSS url(),
// @import, <link rel=prefetch>, protocol-relative URLs, scripts — and does once "Load remote images"
// is pressed (the control that shows the first half can fail).

#include "testwait.h"

#include "ui/safehtmlview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope::ui;

/** Counts connections and requests; answers each request with a tiny image. */
class CountingServer final : public QObject {
    Q_OBJECT
public:
    CountingServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    const QByteArray request = s->readAll();
                    if (request.startsWith("GET ")) {
                        requests << request.left(request.indexOf('\r'));
                        Q_EMIT requested();
                    }
                    static const QByteArray gif = QByteArray::fromBase64("R0lGODlhAQABAAAAACw=");
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: "
                        + QByteArray::number(gif.size()) + "\r\nConnection: close\r\n\r\n" + gif);
                    s->disconnectFromHost();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int connections = 0;
    QList<QByteArray> requests;

Q_SIGNALS:
    void requested();

private:
    QTcpServer m_server;
};

class tst_SafeHtml : public QObject {
    Q_OBJECT

    static QString trackingMessage(quint16 port)
    {
        const QString base = u"http://127.0.0.1:%1"_s.arg(port);
        QString html
            = u"<!DOCTYPE html><html><head>"_s
              u"<link rel='prefetch' href='BASE/prefetch'>"_s
              u"<link rel='stylesheet' href='BASE/style.css'>"_s
              u"<style>@import url('BASE/import.css'); .hero { background: url(BASE/background.png); }</style>"_s
              u"</head><body><div class='hero'>Newsletter</div>"_s
              u"<img src='BASE/pixel.gif' width='1' height='1'>"_s
              u"<img src='//127.0.0.1:PORT/protocol-relative.gif'>"_s
              u"<table background='BASE/table-bg.png'><tr><td style=\"background-image:url('BASE/cell.png')\">"_s
              u"cell</td></tr></table>"_s
              u"<script>new Image().src = 'BASE/script.gif'; fetch('BASE/fetch');</script>"_s
              u"<img src='cid:logo' alt='logo'></body></html>"_s;
        return html.replace(u"BASE"_s, base).replace(u"PORT"_s, QString::number(port));
    }

private Q_SLOTS:
    void displayingMakesZeroRequests()
    {
        CountingServer server;
        QVERIFY(server.port() != 0);
        SafeHtmlView view;
        view.resize(800, 600);
        view.show();
        QSignalSpy loaded(&view, &SafeHtmlView::loadFinished);
        const QByteArray png = QByteArray::fromBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        view.setMessage(trackingMessage(server.port()), { { u"logo"_s, { "image/png", png } } });
        QVERIFY2(loaded.wait(hookscope::test::kWaitMs), hookscope::test::gaveUp("the message to load").constData());
        QVERIFY(loaded.last().first().toBool());
        QVERIFY(view.hasRemoteContent());
        QVERIFY(view.loadRemoteButton()->isVisible());
        // Displayed: give the page every chance to reach out, then check nothing did. (A window in which nothing
        // may happen: a loaded machine can only make a request less likely to fall in it, never fail the test.)
        QSignalSpy requested(&server, &CountingServer::requested);
        QVERIFY(!requested.wait(2500));
        QCOMPARE(server.connections, 0);
        QVERIFY(server.requests.isEmpty());
        // The message's own inline part was served.
        QTRY_VERIFY_WITH_TIMEOUT(view.inlinePartsServed() >= 1, hookscope::test::kWaitMs);

        // The control: pressing the button does fetch from the same server.
        loaded.clear();
        QTest::mouseClick(view.loadRemoteButton(), Qt::LeftButton);
        QVERIFY(view.remoteAllowed());
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(server.requests.begin(), server.requests.end(),
                                     [](const QByteArray& r) { return r.contains("/pixel.gif"); }),
            hookscope::test::kWaitMs);
        // Scripts stay off even then.
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > 0, hookscope::test::kWaitMs);
        // Until the page has gone quiet (no request for a second), within the usual deadline.
        QElapsedTimer quiet;
        quiet.start();
        while (requested.wait(1000) && quiet.elapsed() < hookscope::test::kWaitMs)
            ;
        for (const QByteArray& r : std::as_const(server.requests))
            QVERIFY2(!r.contains("/script.gif") && !r.contains("/fetch"), r.constData());
    }

    void nextMessageIsBlockedAgain()
    {
        CountingServer server;
        SafeHtmlView view;
        view.resize(600, 400);
        view.show();
        QSignalSpy loaded(&view, &SafeHtmlView::loadFinished);
        view.setMessage(trackingMessage(server.port()), {});
        QVERIFY2(loaded.wait(hookscope::test::kWaitMs), hookscope::test::gaveUp("the message to load").constData());
        loaded.clear();
        view.loadRemoteContent();
        QTRY_VERIFY_WITH_TIMEOUT(server.requests.size() > 0, hookscope::test::kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > 0, hookscope::test::kWaitMs);
        // Let the allowed page finish every load it started: until it has gone quiet (no request for a second).
        QSignalSpy requested(&server, &CountingServer::requested);
        QElapsedTimer quiet;
        quiet.start();
        while (requested.wait(1000) && quiet.elapsed() < hookscope::test::kWaitMs)
            ;
        const qsizetype before = server.requests.size();
        loaded.clear();
        view.setMessage(trackingMessage(server.port()), {});
        QVERIFY(!view.remoteAllowed());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > 0, hookscope::test::kWaitMs);
        QVERIFY(!requested.wait(2000));
        QCOMPARE(server.requests.size(), before);
    }

    void detectsRemoteReferences_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<bool>("remote");
        QTest::addRow("img") << u"<img src=\"https://x.example/a.png\">"_s << true;
        QTest::addRow("css url") << u"<div style=\"background:url(http://x.example/a)\">"_s << true;
        QTest::addRow("protocol relative") << u"<img src='//x.example/a.png'>"_s << true;
        QTest::addRow("cid only") << u"<img src=\"cid:logo\">"_s << false;
        QTest::addRow("plain link text") << u"<p>see https://x.example</p>"_s << false;
    }
    void detectsRemoteReferences()
    {
        QFETCH(QString, html);
        QFETCH(bool, remote);
        QCOMPARE(SafeHtmlView::refersToRemote(html), remote);
    }
};

int main(int argc, char** argv)
{
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    registerMailUrlSchemes();
    QApplication app(argc, argv);
    tst_SafeHtml test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_safehtml.moc"
