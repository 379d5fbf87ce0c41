#include "captureoptions.h"
#include "cli.h"

#include "core/api/token.h"
#include "core/config/config.h"
#include "ui/capturecontrol.h"
#include "ui/mainwindow.h"
#include "ui/safehtmlview.h"
#include "ui/storereader.h"

#include <QApplication>
#include <QCommandLineParser>
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

    // The same options as `serve`, resolved by the same use case: what serve refuses, the window refuses too, with
    // the same sentence and exit status, instead of opening with a half-configured listener.
    QStringList arguments = QCoreApplication::arguments();
    if (!arguments.isEmpty())
        arguments[0] = u"hookscope"_s;
    QCommandLineParser parser;
    parser.addOptions(captureOptions());
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Opens the window, with the listener `hookscope serve` runs (the same options)."_s,
            u"  hookscope\n"
            u"  hookscope --secret mysecret --http 9000 --https 0\n"
            u"  hookscope --scheme stripe --secret whsec_… --tolerance 300"_s,
            exit))
        return exit;
    if (!parser.positionalArguments().isEmpty())
        return captureError({}, { u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()) });
    const ingest::CaptureOverrides overrides = captureOverrides(parser);
    auto resolved = ingest::resolveCaptureSettings(overrides);
    if (!resolved)
        return captureError({}, resolved.error());
    for (const QString& warning : std::as_const(resolved->warnings))
        printErr(u"warning: "_s + warning);
    for (const QString& line : std::as_const(resolved->lines))
        printOut(line);
    const ingest::CaptureSettings& settings = resolved->settings;

    // The local API is on while the window is open, on its usual port or, when that is taken, a free one.
    ui::WindowApi windowApi { resolved->apiInWindow, resolved->apiPort.value_or(config::kDefaultApiPort),
        api::defaultTokenPath(), !resolved->apiPort };
    // The listener failing (a port taken) is said in the window, which offers other ports.
    ui::CaptureControl capture(settings, resolved->fingerprint, windowApi);
    capture.setOverrides(overrides); // Settings applies its changes by resolving them again
    capture.start();
    if (const ui::ListenerState state = capture.state(); state.apiUrl.isValid())
        printOut(u"api: %1/api/v1/ (token in %2)"_s.arg(state.apiUrl.toString(), state.apiTokenPath));
    else if (!state.apiError.isEmpty())
        printErr(u"hookscope: the local API is off: "_s + state.apiError);
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
