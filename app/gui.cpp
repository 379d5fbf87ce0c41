#include "cli.h"

#include "core/api/token.h"
#include "core/config/config.h"
#include "core/config/secretstore.h"
#include "core/http/certificate.h"
#include "ui/capturecontrol.h"
#include "ui/mainwindow.h"
#include "ui/safehtmlview.h"
#include "ui/storereader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QStatusBar>

#include <unistd.h>

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
    // Chromium refuses to run its sandbox as root; the HTML view runs without JavaScript or network anyway.
    if (geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    // Custom URL schemes must be known to WebEngine before the application object exists.
    ui::registerMailUrlSchemes();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"hookscope"_s);
    QApplication::setApplicationDisplayName(u"Hookscope"_s);
    QApplication::setOrganizationName(u"hookscope"_s);
    QApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));

    // Before anything opens the store or reads the configuration: files an earlier build of the window kept
    // apart from the command line's move to the one place, and the user is told.
    const QStringList adopted = config::adoptWindowFoldersOfEarlierBuilds();
    for (const QString& line : adopted)
        printErr(u"hookscope: "_s + line);

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
    // The same configuration as `serve`: routes from the file (--config, else the default one when it
    // exists), their secrets from the secret store; the flags still set the default route ("/").
    const QString configPath = parser.isSet(u"config"_s) ? parser.value(u"config"_s) : config::defaultConfigPath();
    QString configProblem;
    QString ownCertificate, ownKey;
    // The local API is on while the window is open, on its usual port or, when that is taken, a free one.
    ui::WindowApi windowApi { true, config::kDefaultApiPort, api::defaultTokenPath(), true };
    if (parser.isSet(u"config"_s) || QFileInfo::exists(configPath)) {
        if (auto loaded = config::loadConfig(configPath)) {
            if (!parser.isSet(u"http"_s) && loaded->httpPort)
                settings.listener.httpPort = *loaded->httpPort;
            if (!parser.isSet(u"https"_s) && loaded->httpsPort)
                settings.listener.httpsPort = *loaded->httpsPort;
            if (!loaded->bind.isEmpty())
                settings.listener.bind.setAddress(loaded->bind);
            ownCertificate = loaded->certificatePath;
            ownKey = loaded->keyPath;
            settings.listener.limits = loaded->limits;
            windowApi.enabled = loaded->apiInWindow;
            if (loaded->apiPort) {
                windowApi.port = *loaded->apiPort;
                windowApi.orFreePort = false;
            }
            const config::SecretStore store;
            for (config::Route configured : loaded->routes) {
                if (auto values = store.routeSecrets(configured.name, configured.secretNames))
                    configured.secrets = *values;
                if (configured.pathPrefix == u"/"_s) {
                    if (!route.secrets.isEmpty())
                        configured.secrets = route.secrets;
                    route = configured;
                } else {
                    settings.routes << configured;
                }
            }
            settings.configPath = QFileInfo::exists(configPath) ? configPath : QString();
        } else {
            configProblem = loaded.error();
        }
    }
    settings.routes.prepend(route);

    QString fingerprint;
    if (settings.listener.httpsPort) {
        auto identity = ownCertificate.isEmpty() ? http::ensureSelfSignedIdentity(dataDirectory() + u"/tls"_s)
                                                 : http::loadIdentity(ownCertificate, ownKey);
        if (!identity)
            configProblem = identity.error();
        if (identity) {
            settings.listener.tls = *identity;
            fingerprint = identity->fingerprintSha256;
        } else {
            settings.listener.httpsPort = 0;
        }
    }
    // The listener failing (a port taken) is said in the window, which offers other ports.
    ui::CaptureControl capture(settings, fingerprint, windowApi);
    capture.start();
    if (const ui::ListenerState state = capture.state(); state.apiUrl.isValid())
        printOut(u"api: %1/api/v1/ (token in %2)"_s.arg(state.apiUrl.toString(), state.apiTokenPath));
    else if (!state.apiError.isEmpty())
        printErr(u"hookscope: the local API is off: "_s + state.apiError);
    if (!configProblem.isEmpty())
        printErr(u"hookscope: "_s + configProblem);
    ui::StoreReader reader(settings.databasePath);
    int rc = 0;
    {
        ui::MainWindow window(reader, &capture);
        if (!adopted.isEmpty())
            window.statusBar()->showMessage(adopted.join(u"; "_s));
        window.show();
        rc = QApplication::exec();
    }
    capture.stop();
    return rc;
}

} // namespace hookscope::cli
