// The HTML view never reaches the network while a message is displayed — remote <img>, CSS url(),
// @import, <link rel=prefetch>, protocol-relative URLs, scripts — and does once "Load remote images"
// is pressed (the control that shows the first half can fail).
//
// The hostile10_ tests take the request interceptor out (it records instead of blocking), lift the
// local-document lock and turn JavaScript on, so that only the document's own defences stand — the
// Content-Security-Policy response header, the policy as the document's first element, the navigation
// guard — and show that they alone keep a hostile message from reaching a loopback server the test
// owns (127.0.0.1 and [::1]), from running script and from replacing the document.

#include "testwait.h"

#include "ui/safehtmlview.h"

#include <QApplication>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineScript>
#include <QWebEngineView>

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

/** Listens on 127.0.0.1 and [::1]; records every connection and request line, answers with a page that says "pwned". */
class LoopbackRecorder final : public QObject {
    Q_OBJECT
public:
    LoopbackRecorder()
    {
        listen(m_v4, QHostAddress::LocalHost);
        listen(m_v6, QHostAddress::LocalHostIPv6);
    }
    quint16 port4() const { return m_v4.serverPort(); }
    quint16 port6() const { return m_v6.serverPort(); }
    /** "connection 127.0.0.1", "GET /path HTTP/1.1", … in arrival order. */
    QStringList log;

Q_SIGNALS:
    void activity();

private:
    void listen(QTcpServer& server, const QHostAddress& address)
    {
        server.listen(address, 0);
        connect(&server, &QTcpServer::newConnection, this, [this, &server] {
            while (QTcpSocket* s = server.nextPendingConnection()) {
                log << u"connection "_s + s->localAddress().toString();
                Q_EMIT activity();
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    const QByteArray request = s->readAll();
                    log << QString::fromLatin1(request.left(request.indexOf('\r')));
                    Q_EMIT activity();
                    const QByteArray page = "<html><head><title>pwned</title></head><body>remote</body></html>";
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                        + QByteArray::number(page.size()) + "\r\nConnection: close\r\n\r\n" + page);
                    s->disconnectFromHost();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QTcpServer m_v4;
    QTcpServer m_v6;
};

/** Stands in for the browser: records the URLs the view asks the desktop to open. */
class LinkCatcher final : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl& url) { opened << url; }
};

using Defences = SafeHtmlView::Defences;

/** Only the document's own defences: the interceptor records, a local document may reach out, scripts may run. */
Defences documentDefencesOnly()
{
    Defences d;
    d.interceptor = false;
    d.localAccessLock = false;
    d.javascriptOff = false;
    return d;
}

const QString kMarker = u"HOOKSCOPE-MARKER"_s;

/** A message around `head` and `body`; its title is "ours" (a script or another document would change it). */
QString message(const QString& head, const QString& body, const QString& bodyAttributes = {})
{
    return u"<!DOCTYPE html><html><head><title>ours</title>%1</head><body%3><p>%4</p>%2</body></html>"_s.arg(
        head, body, bodyAttributes, kMarker);
}

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

    // --- Hostile captures, item 10: the document's own defences hold without the interceptor. ---

    void initTestCase()
    {
        QVERIFY2(m_file.open(), "a local file for the file: rows");
        m_file.write("GIF89a");
        m_file.flush();
    }

    void hostile10_policyHoldsWithoutInterceptor_data()
    {
        QTest::addColumn<QString>("html");
        const auto row = [](const char* name, const QString& html) { QTest::newRow(name) << html; };
        row("remote img", message({}, u"<img src='http://{v4}/img'>"_s));
        row("meta refresh to http",
            message(u"<meta http-equiv='refresh' content='0;url=http://{v4}/refresh'>"_s
                    u"<meta http-equiv='Refresh' content=\"0; URL='http://{v4}/refresh-quoted'\">"_s,
                {}));
        row("meta refresh in body", message({}, u"<meta http-equiv='refresh' content='0;url=http://{v4}/body'>"_s));
        row("meta refresh to cid part", message(u"<meta http-equiv='refresh' content='0;url=cid:evil-page'>"_s, {}));
        row("meta refresh to cid part named like the document",
            message(u"<meta http-equiv='refresh' content='0;url=cid:hookscope-document-0'>"_s, {}));
        row("meta refresh to cid svg part", message(u"<meta http-equiv='refresh' content='0;url=cid:evil-svg'>"_s, {}));
        row("meta refresh to data",
            message(u"<meta http-equiv='refresh' content=\"0;url=data:text/html,<title>pwned</title>"_s
                    u"<img src='http://{v4}/data-refresh'>\">"_s,
                {}));
        row("meta refresh to file", message(u"<meta http-equiv='refresh' content='0;url={file}'>"_s, {}));
        row("iframe",
            message({},
                u"<iframe src='http://{v4}/iframe'></iframe><iframe src='cid:evil-page'></iframe>"_s
                u"<iframe src='cid:hookscope-document-0'></iframe>"_s));
        row("iframe srcdoc",
            message({},
                u"<iframe srcdoc=\"<img src='http://{v4}/srcdoc-img'><script>parent.document.title='pwned'</script>"_s
                u"<meta http-equiv='refresh' content='0;url=http://{v4}/srcdoc-refresh'>\"></iframe>"_s));
        row("iframe data and javascript",
            message({},
                u"<iframe src=\"data:text/html,<img src='http://{v4}/iframe-data'>\"></iframe>"_s
                u"<iframe src=\"javascript:parent.document.title='pwned'\"></iframe>"_s));
        row("object and embed",
            message({},
                u"<object data='http://{v4}/object'></object><object data='cid:evil-svg' type='image/svg+xml'>"_s
                u"</object><object data='cid:evil-page'></object><embed src='http://{v4}/embed'>"_s
                u"<embed src='cid:evil-page' type='text/html'>"_s));
        row("SVG image, use and feImage",
            message({},
                u"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='50' "_s
                u"height='50'><image href='http://{v4}/svg-image' width='10' height='10'/>"_s
                u"<image xlink:href='http://{v4}/svg-xlink-image' width='10' height='10'/>"_s
                u"<use href='http://{v4}/svg-use.svg#a'/><use xlink:href='cid:evil-svg#a'/>"_s
                u"<filter id='f'><feImage href='http://{v4}/svg-feimage'/></filter>"_s
                u"<rect filter='url(#f)' width='10' height='10'/></svg>"_s));
        row("SVG part as image", message({}, u"<img src='cid:evil-svg'><img src='cid:logo'>"_s));
        row("form auto-submitted",
            message({},
                u"<form id='f' action='http://{v4}/form' method='post'><input name='q' value='1'></form>"_s
                u"<script>document.getElementById('f').submit()</script>"_s
                u"<img src='cid:missing' onerror=\"document.forms[0].submit()\">"_s,
                u" onload=\"document.forms[0].submit()\""_s));
        row("srcset and picture",
            message({},
                u"<img srcset='http://{v4}/srcset-1x 1x, http://{v4}/srcset-2x 2x'>"_s
                u"<picture><source srcset='http://{v4}/picture-source'><img src='cid:logo'></picture>"_s
                u"<img src='cid:logo' srcset='http://{v4}/srcset-w 100w' sizes='100px'>"_s));
        row("body and table background",
            message({},
                u"<table background='http://{v4}/table-bg'><tr><td background='http://{v4}/td-bg'>cell</td>"_s
                u"</tr></table>"_s,
                u" background='http://{v4}/body-bg'"_s));
        row("data: URLs",
            message(u"<link rel='stylesheet' href=\"data:text/css,@import url(http://{v4}/data-css-import);"_s
                    u"body{background:url(http://{v4}/data-css-bg)}\">"_s,
                u"<img src=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage "_s
                u"href='http://{v4}/data-svg-image'/%3E%3C/svg%3E\">"_s
                u"<object data=\"data:text/html,<img src='http://{v4}/data-object'>\"></object>"_s));
        row("file: URLs",
            message(u"<link rel='stylesheet' href='{file}'>"_s,
                u"<img src='{file}'><iframe src='{file}'></iframe><video src='{file}'></video>"_s
                u"<div style=\"background:url('{file}')\">f</div>"_s));
        row("base href",
            message(u"<base href='http://{v4}/base/'>"_s,
                u"<img src='relative.png'><link rel='stylesheet' href='relative.css'>"_s
                u"<div style=\"background:url(relative-bg.png)\">x</div>"_s));
        row("preconnect, dns-prefetch, prefetch, preload",
            message(u"<link rel='preconnect' href='http://{v4}'><link rel='dns-prefetch' href='//{v4}'>"_s
                    u"<link rel='prefetch' href='http://{v4}/prefetch'>"_s
                    u"<link rel='preload' as='image' href='http://{v4}/preload'>"_s
                    u"<link rel='prerender' href='http://{v4}/prerender'>"_s
                    u"<link rel='modulepreload' href='http://{v4}/modulepreload.js'>"_s
                    u"<link rel='icon' href='http://{v4}/icon'><link rel='manifest' href='http://{v4}/manifest'>"_s,
                {}));
        row("video and audio poster",
            message({},
                u"<video poster='http://{v4}/poster' src='http://{v4}/video' autoplay></video>"_s
                u"<video><source src='http://{v4}/video-source'><track src='http://{v4}/track' default></video>"_s
                u"<audio src='http://{v4}/audio' autoplay></audio>"_s));
        row("@font-face",
            message(u"<style>@font-face { font-family: Track; src: url(http://{v4}/font.woff) format('woff'); }"_s
                    u" body { font-family: Track; }</style>"_s,
                {}));
        row("image-set",
            message(u"<style>.a { background-image: image-set('http://{v4}/image-set.png' 1x); }"_s
                    u" .b { background-image: -webkit-image-set(url(http://{v4}/webkit-image-set.png) 1x); }</style>"_s,
                u"<div class='a'>a</div><div class='b'>b</div>"_s));
        row("stylesheets and CSS url()",
            message(
                u"<link rel='stylesheet' href='http://{v4}/style.css'><link rel='stylesheet' href='cid:evil-css'>"_s
                u"<style>@import url('http://{v4}/import.css'); li { list-style-image: url(http://{v4}/list.png); }"_s
                u" p { cursor: url(http://{v4}/cursor.png), auto; }</style>"_s,
                u"<ul><li>x</li></ul><div style=\"background-image:url('http://{v4}/inline-style')\">y</div>"_s
                u"<img src='//{v4}/protocol-relative'>"_s));
        row("IPv6 host",
            message(u"<link rel='stylesheet' href='http://{v6}/v6.css'>"_s,
                u"<img src='http://{v6}/v6-img'><meta http-equiv='refresh' content='0;url=http://{v6}/v6-refresh'>"_s));
        row("decimal-IP host",
            message({},
                u"<img src='http://2130706433:{port}/decimal'><img src='http://0x7f000001:{port}/hex'>"_s
                u"<img src='http://0177.0.0.1:{port}/octal'><img src='http://127.1:{port}/short'>"_s
                u"<meta http-equiv='refresh' content='0;url=http://2130706433:{port}/decimal-refresh'>"_s));
        row("scripts and event handlers",
            message(u"<script>document.title='pwned'; fetch('http://{v4}/fetch');"_s
                    u" new Image().src='http://{v4}/script-image'; location='http://{v4}/script-location';</script>"_s,
                u"<img src='cid:missing' onerror=\"document.title='pwned'\"><svg onload=\"document.title='pwned'\">"_s
                u"</svg><a id='l' href=\"javascript:document.title='pwned'\">l</a>"_s
                u"<script>document.getElementById('l').click(); window.open('http://{v4}/popup')</script>"_s,
                u" onload=\"document.title='pwned'\""_s));
        row("the message's own relaxed policy",
            message(u"<meta http-equiv='Content-Security-Policy' content=\"default-src * 'unsafe-inline'\">"_s,
                u"<img src='http://{v4}/relaxed'><script>document.title='pwned'</script>"_s));
        row("commented head",
            u"<!-- <head> --><!DOCTYPE html><html><head><title>ours</title></head><body><p>"_s + kMarker
                + u"</p><img src='http://{v4}/commented-head'><script>document.title='pwned'</script></body></html>"_s);
    }
    /** Every row, with the interceptor only recording, the local-document lock lifted and scripts on. */
    void hostile10_policyHoldsWithoutInterceptor()
    {
        QFETCH(QString, html);
        expectContained(html, documentDefencesOnly());
    }

    void hostile10_responseHeaderAloneHolds_data() { hostile10_policyHoldsWithoutInterceptor_data(); }
    /** The same rows without the policy <meta>: the response header (and the navigation guard) alone. */
    void hostile10_responseHeaderAloneHolds()
    {
        QFETCH(QString, html);
        Defences d = documentDefencesOnly();
        d.policyMeta = false;
        expectContained(html, d);
    }

    void hostile10_commentedHeadDoesNotMovePolicy_data()
    {
        QTest::addColumn<QString>("before");
        QTest::newRow("comment holding <head>") << u"<!-- <head> -->"_s;
        QTest::newRow("comment holding <html>") << u"<!-- <html lang='en'> -->"_s;
        QTest::newRow("conditional comment") << u"<!--[if mso]><head><![endif]-->"_s;
        QTest::newRow("comment ended by --!>") << u"<!-- --!><!-- <head> -->"_s;
        QTest::newRow("doctype then comment") << u"<!DOCTYPE html><!-- <head> -->"_s;
        QTest::newRow("<head> in a title") << u"<title>ours</title><title><head></title>"_s;
        QTest::newRow("<head> in an attribute") << u"<p title='<head>'></p>"_s;
        QTest::newRow("<head> in a style sheet") << u"<style>/* <head> */</style>"_s;
        QTest::newRow("<head> in a textarea") << u"<textarea><head></textarea>"_s;
        QTest::newRow("quoted > in <head>") << u"<head title='a>b'>"_s;
    }
    /**
     * Markup that looks like <head> or <html> before the document starts. The response header is off here: the policy
     * <meta> must still be the document's first element and hold on its own.
     */
    void hostile10_commentedHeadDoesNotMovePolicy()
    {
        QFETCH(QString, before);
        Defences d = documentDefencesOnly();
        d.policyHeader = false;
        // No <head> of its own: a policy placed after "<head" or "<html" would land inside the trick.
        expectContained(before
                + u"<html><title>ours</title><body><p>%1</p><img src='http://{v4}/after-trick'>"_s
                  u"<link rel='stylesheet' href='http://{v4}/after-trick.css'>"_s
                  u"<script>document.title='pwned'</script></body></html>"_s.arg(kMarker),
            d);
    }

    void hostile10_metaRefreshToCidBlocked_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("allDefences");
        for (const bool all : { true, false }) {
            const char* mode = all ? "all defences" : "navigation guard alone";
            for (const char* target :
                { "cid:evil-page", "cid:hookscope-document-0", "cid:hookscope-document-1", "cid:Hookscope-Document-0",
                    "cid:hookscope-document-0?x#y", "cid:hookscope%2Ddocument-0", "cid:evil-svg" })
                QTest::addRow("%s, %s", mode, target) << QString::fromLatin1(target) << all;
        }
    }
    /**
     * A meta refresh to an attached part would make the part the main document, without any of the
     * view's policy. Refused with every defence on (the interceptor lets cid: through) and by the
     * navigation guard alone (no policy anywhere, no interceptor).
     */
    void hostile10_metaRefreshToCidBlocked()
    {
        QFETCH(QString, target);
        QFETCH(bool, allDefences);
        Defences d;
        if (!allDefences) {
            d = documentDefencesOnly();
            d.policyHeader = false;
            d.policyMeta = false;
            d.javascriptOff = true; // nothing but the refresh may try to navigate
        }
        expectContained(
            message(u"<meta http-equiv='refresh' content='0;url=%1'>"_s.arg(target), {}), d, allDefences ? 0 : 1);
    }

    void hostile10_partsAreNeverServedAsDocuments_data()
    {
        QTest::addColumn<QByteArray>("declared");
        QTest::addColumn<QByteArray>("served");
        QTest::newRow("png") << QByteArray("image/png") << QByteArray("image/png");
        QTest::newRow("svg image") << QByteArray("image/svg+xml") << QByteArray("image/svg+xml");
        QTest::newRow("css with charset") << QByteArray("Text/CSS; charset=utf-8") << QByteArray("text/css");
        QTest::newRow("html") << QByteArray("text/html") << QByteArray("text/plain");
        QTest::newRow("xhtml") << QByteArray("application/xhtml+xml") << QByteArray("text/plain");
        QTest::newRow("xml") << QByteArray("text/xml") << QByteArray("text/plain");
        QTest::newRow("xslt") << QByteArray("application/xslt+xml") << QByteArray("text/plain");
        QTest::newRow("multipart") << QByteArray("multipart/related") << QByteArray("text/plain");
        QTest::newRow("message") << QByteArray("message/rfc822") << QByteArray("text/plain");
        QTest::newRow("empty") << QByteArray() << QByteArray("application/octet-stream");
        QTest::newRow("header injection") << QByteArray("image/png\ncontent-security-policy: default-src *")
                                          << QByteArray("application/octet-stream");
        QTest::newRow("no subtype") << QByteArray("text") << QByteArray("application/octet-stream");
    }
    /** What the cid: handler answers a part with: never markup a browser would parse as a document. */
    void hostile10_partsAreNeverServedAsDocuments()
    {
        QFETCH(QByteArray, declared);
        QFETCH(QByteArray, served);
        QCOMPARE(SafeHtmlView::servedPartType(declared), served);
    }

    /**
     * The policy changes nothing a sender meant: the doctype keeps the page in standards mode, text is
     * decoded as the view wrote it (whatever charset the markup claims), inline images and a style sheet
     * from the message's parts apply.
     */
    void hostile10_messageStillRendersFaithfully()
    {
        SafeHtmlView view;
        view.resize(800, 600);
        view.show();
        QSignalSpy loaded(&view, &SafeHtmlView::loadFinished);
        const QByteArray png = QByteArray::fromBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        view.setMessage(u"<!DOCTYPE html><html><head><meta charset='iso-8859-1'><title>ours</title>"_s
                        u"<link rel='stylesheet' href='cid:style'></head><body><p id='p'>h\u00e9llo \u65e5\u672c</p>"_s
                        u"<img id='logo' src='cid:logo'></body></html>"_s,
            { { u"logo"_s, { "image/png", png } }, { u"style"_s, { "text/css", "p { color: rgb(1, 2, 3); }" } } });
        QVERIFY2(loaded.wait(30'000), "the message's load to finish");
        QVERIFY(loaded.first().first().toBool());
        QVariant result;
        bool done = false;
        // The application's own script world runs even where the page's scripts may not.
        view.webView()->page()->runJavaScript(u"[document.compatMode, document.getElementById('logo').naturalWidth,"_s
                                              u" getComputedStyle(document.getElementById('p')).color,"_s
                                              u" document.getElementById('p').textContent, document.title]"_s,
            QWebEngineScript::ApplicationWorld, [&](const QVariant& v) {
                result = v;
                done = true;
            });
        QTRY_VERIFY2_WITH_TIMEOUT(done, "the page's answer", 30'000);
        const QVariantList values = result.toList();
        QCOMPARE(values.size(), 5);
        QCOMPARE(values.at(0).toString(), u"CSS1Compat"_s);
        QCOMPARE(values.at(1).toInt(), 1);
        QCOMPARE(values.at(2).toString(), u"rgb(1, 2, 3)"_s);
        QCOMPARE(values.at(3).toString(), u"h\u00e9llo \u65e5\u672c"_s);
        QCOMPARE(values.at(4).toString(), u"ours"_s);
    }

    /**
     * The guard still lets the reader follow a link: a click opens it in the browser (here a handler the
     * test installs), and the message stays shown.
     */
    void hostile10_clickedLinkOpensInBrowser()
    {
        LinkCatcher catcher;
        QDesktopServices::setUrlHandler(u"http"_s, &catcher, "open");
        const auto restore = qScopeGuard([] { QDesktopServices::unsetUrlHandler(u"http"_s); });
        LoopbackRecorder recorder;
        SafeHtmlView view;
        view.resize(800, 600);
        view.show();
        QSignalSpy loaded(&view, &SafeHtmlView::loadFinished);
        view.setMessage(expand(message({},
                                   u"<a href='http://{v4}/clicked' style='display:block; position:absolute; "_s
                                   u"left:0; top:0; width:400px; height:300px'>read more</a>"_s),
                            recorder),
            {});
        QVERIFY2(loaded.wait(30'000), "the message's load to finish");
        QTRY_VERIFY2_WITH_TIMEOUT(view.webView()->focusProxy(), "the view's input widget", 30'000);
        QTest::mouseClick(view.webView()->focusProxy(), Qt::LeftButton, {}, QPoint(100, 100));
        QTRY_COMPARE_WITH_TIMEOUT(catcher.opened.size(), 1, 30'000);
        QCOMPARE(catcher.opened.first(), QUrl(expand(u"http://{v4}/clicked"_s, recorder)));
        QCOMPARE(view.webView()->page()->url(), view.documentUrl());
        QVERIFY2(recorder.log.isEmpty(), qPrintable(recorder.log.join(u", "_s)));
    }

    /**
     * The control for the tests above: with every defence but the navigation guard off, the same
     * observers do see a leak — requests on 127.0.0.1, [::1] and the decimal form, a file: load the
     * interceptor records, and a script changing the title.
     */
    void hostile10_observersSeeWhatGetsThrough()
    {
        LoopbackRecorder recorder;
        SafeHtmlView view;
        Defences d = documentDefencesOnly();
        d.policyHeader = false;
        d.policyMeta = false;
        view.setDefencesForTesting(d);
        view.resize(800, 600);
        view.show();
        QSignalSpy loaded(&view, &SafeHtmlView::loadFinished);
        view.setMessage(expand(message({},
                                   u"<img src='http://{v4}/v4'><img src='http://{v6}/v6'>"_s
                                   u"<img src='http://2130706433:{port}/decimal'><img src='{file}'>"_s
                                   u"<script>document.title='pwned'</script>"_s),
                            recorder),
            {});
        QVERIFY2(loaded.wait(30'000), "the message's load to finish");
        const auto reached = [&](const QString& path) { return recorder.log.contains(u"GET %1 HTTP/1.1"_s.arg(path)); };
        QTRY_VERIFY2_WITH_TIMEOUT(reached(u"/v4"_s) && reached(u"/v6"_s) && reached(u"/decimal"_s),
            qPrintable(u"requests on all three hosts, got: "_s + recorder.log.join(u", "_s)), 30'000);
        QVERIFY(recorder.log.contains(u"connection ::1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(view.requestedUrls().contains(QUrl::fromLocalFile(m_file.fileName())), 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(view.webView()->page()->title(), u"pwned"_s, 30'000);
    }

private:
    /** Fills in the hosts of `recorder` ({v4}, {v6}, {port}) and the local file ({file}). */
    QString expand(QString text, const LoopbackRecorder& recorder) const
    {
        return text.replace(u"{v4}"_s, u"127.0.0.1:%1"_s.arg(recorder.port4()))
            .replace(u"{v6}"_s, u"[::1]:%1"_s.arg(recorder.port6()))
            .replace(u"{port}"_s, QString::number(recorder.port4()))
            .replace(u"{file}"_s, QUrl::fromLocalFile(m_file.fileName()).toString());
    }

    /** The parts a hostile message attaches: HTML, SVG and CSS that would reach out if ever loaded as a document. */
    QHash<QString, InlinePart> hostileParts(const LoopbackRecorder& recorder) const
    {
        const QByteArray page = expand(u"<html><head><title>pwned</title></head><body>PART"_s
                                       u"<img src='http://{v4}/from-html-part'></body></html>"_s,
            recorder)
                                    .toUtf8();
        const QByteArray svg = expand(u"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"_s
                                      u"<title>pwned</title><image href='http://{v4}/from-svg-part' width='5' "_s
                                      u"height='5'/><script>document.title='pwned'</script></svg>"_s,
            recorder)
                                   .toUtf8();
        const QByteArray css = expand(u"@import url(http://{v4}/from-css-part-import);"_s
                                      u"body { background: url(http://{v4}/from-css-part-bg) }"_s,
            recorder)
                                   .toUtf8();
        const QByteArray png = QByteArray::fromBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        return {
            { u"logo"_s, { "image/png", png } },
            { u"evil-page"_s, { "text/html", page } },
            // The old guard let any main-frame cid: URL starting with this prefix through.
            { u"hookscope-document-0"_s, { "text/html", page } },
            { u"hookscope-document-1"_s, { "text/html", page } },
            { u"evil-svg"_s, { "image/svg+xml", svg } },
            { u"evil-css"_s, { "text/css", css } },
        };
    }

    /**
     * Shows `html` (with the hostile parts) under `defences`, lets it do whatever it does, then checks
     * that nothing reached the loopback server, the page asked for nothing but its own parts, no script
     * changed the title and the document shown is still the one the view wrote.
     */
    void expectContained(const QString& rawHtml, const Defences& defences, int minRefused = 0)
    {
        LoopbackRecorder recorder;
        QVERIFY(recorder.port4() != 0 && recorder.port6() != 0);
        SafeHtmlView view;
        view.setDefencesForTesting(defences);
        view.resize(800, 600);
        view.show();
        QSignalSpy loaded(&view, &SafeHtmlView::loadFinished);
        QSignalSpy activity(&recorder, &LoopbackRecorder::activity);
        view.setMessage(expand(rawHtml, recorder), hostileParts(recorder));
        QVERIFY2(loaded.wait(30'000), "the message's load to finish");
        QVERIFY(loaded.first().first().toBool());
        // A refresh, a font, a preconnect may come after the load event: give them every chance.
        if (recorder.log.isEmpty())
            QVERIFY2(!activity.wait(1000), "the page reached the loopback server after its load");
        QVERIFY2(recorder.log.isEmpty(), qPrintable(u"reached the loopback server: "_s + recorder.log.join(u", "_s)));
        QStringList asked;
        for (const QUrl& url : view.requestedUrls())
            asked << url.toString();
        QVERIFY2(asked.isEmpty(), qPrintable(u"the page asked for: "_s + asked.join(u", "_s)));
        QWebEnginePage* page = view.webView()->page();
        QCOMPARE(page->url(), view.documentUrl());
        QCOMPARE(page->title(), u"ours"_s);
        QString text;
        bool gotText = false;
        page->toPlainText([&](const QString& t) {
            text = t;
            gotText = true;
        });
        QTRY_VERIFY2_WITH_TIMEOUT(gotText, "the page's text", 30'000);
        QVERIFY2(text.contains(kMarker), qPrintable(u"the message itself is shown, not: "_s + text.left(200)));
        // Where nothing else stands in the way, the attempt itself is seen (the row did attack).
        QVERIFY2(view.refusedNavigations() >= minRefused, "the navigation guard to have refused the attempt");
    }

    QTemporaryFile m_file;
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
