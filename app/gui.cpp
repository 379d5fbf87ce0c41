#include "cli.h"

#include "core/http/certificate.h"
#include "core/ingest/captureservice.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

static bool haveDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

int runGui(int argc, char** argv)
{
    if (!haveDisplay()) {
        printErr(u"hookscope: no display to open the window on (DISPLAY is not set).\n"
                 u"Run the listener headless instead:\n"
                 u"  hookscope serve --secret YOUR_SECRET\n"
                 u"and read events with 'hookscope list' and 'hookscope show ID'."_s);
        return BadUsage;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"hookscope"_s);
    QApplication::setApplicationDisplayName(u"Hookscope"_s);
    QApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));

    QCommandLineParser parser;
    parser.addOptions({
        { u"db"_s, u"The event store."_s, u"PATH"_s },
        { u"http"_s, u"HTTP port (default 8080; 0 turns it off)."_s, u"PORT"_s },
        { u"https"_s, u"HTTPS port (default 8443; 0 turns it off)."_s, u"PORT"_s },
        { u"config"_s, u"Configuration file with routes."_s, u"FILE"_s },
        { u"secret"_s, u"Secret of the default route."_s, u"S"_s },
    });
    parser.process(app);

    ingest::CaptureSettings settings;
    settings.databasePath = databasePath(parser);
    settings.listener.httpPort = quint16(parser.isSet(u"http"_s) ? parser.value(u"http"_s).toUInt() : 8080);
    settings.listener.httpsPort = quint16(parser.isSet(u"https"_s) ? parser.value(u"https"_s).toUInt() : 8443);
    config::Route route;
    QString secret = parser.value(u"secret"_s);
    if (secret.isEmpty())
        secret = qEnvironmentVariable("HOOKSCOPE_SECRET");
    if (!secret.isEmpty())
        route.secrets << secret.toUtf8();
    settings.routes << route;

    ui::MainWindow window(settings.databasePath);
    QString fingerprint;
    if (settings.listener.httpsPort) {
        auto identity = ensureSelfSignedIdentity(dataDirectory() + u"/tls"_s);
        if (identity) {
            settings.listener.tls = *identity;
            fingerprint = identity->fingerprintSha256;
        } else {
            settings.listener.httpsPort = 0;
        }
    }
    ingest::CaptureService service;
    auto urls = service.start(settings);
    if (urls)
        window.setListenerUrls(*urls, fingerprint);
    else
        window.setListenerError(urls.error());
    window.show();
    const int rc = QApplication::exec();
    service.stop();
    return rc;
}

} // namespace hookscope::cli
