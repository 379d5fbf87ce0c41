#include "cli.h"

#include "core/config/config.h"

#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hookscope::cli {

QList<Command>& commands()
{
    static QList<Command> list;
    return list;
}

Registrar::Registrar(const char* name, const char* summary, CommandFunction run)
{
    commands().append({ name, summary, run });
}

bool parseArguments(QCommandLineParser& parser, const QStringList& arguments, const QString& description,
    const QString& examples, int& exit)
{
    parser.setApplicationDescription(description + (examples.isEmpty() ? QString() : u"\n\nExamples:\n"_s + examples));
    parser.addOption({ u"db"_s, u"The event store (default: the per-user data directory)."_s, u"PATH"_s });
    const QCommandLineOption help({ u"h"_s, u"help"_s }, u"Show this help."_s);
    const QCommandLineOption version(u"version"_s, u"Show the version."_s);
    parser.addOption(help);
    parser.addOption(version);
    if (!parser.parse(arguments)) {
        printErr(arguments.value(0) + u": "_s + parser.errorText() + u"\nSee: "_s + arguments.value(0) + u" --help"_s);
        exit = BadUsage;
        return false;
    }
    if (parser.isSet(help)) {
        // QCommandLineParser names the binary by its path; the usage line should name the command.
        QString text = parser.helpText();
        const qsizetype end = text.indexOf(u" [options]"_s);
        if (text.startsWith(u"Usage: "_s) && end > 0)
            text.replace(7, end - 7, arguments.value(0));
        printOut(text);
        exit = Ok;
        return false;
    }
    if (parser.isSet(version)) {
        printOut(u"hookscope "_s + QStringLiteral(HOOKSCOPE_VERSION));
        exit = Ok;
        return false;
    }
    return true;
}

QString dataDirectory()
{
    return config::dataDirectory();
}

QString databasePath(const QCommandLineParser& parser)
{
    if (parser.isSet(u"db"_s))
        return parser.value(u"db"_s);
    return dataDirectory() + u"/hookscope.db"_s;
}

namespace {

int s_signalPipe[2] = { -1, -1 };

void writeSignalByte(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(s_signalPipe[1], &c, 1);
}

} // namespace

void onTerminationSignal(QObject* context, std::function<void()> action)
{
    if (s_signalPipe[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0)
        return;
    auto* notifier = new QSocketNotifier(s_signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [action = std::move(action)] {
        char c;
        [[maybe_unused]] auto n = ::read(s_signalPipe[0], &c, 1);
        action();
    });
    struct sigaction sa { };
    sa.sa_handler = writeSignalByte;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

QByteArray terminalSafe(QByteArrayView utf8)
{
    // The sender writes subjects, names, paths and header values: a terminal must not take any of it as a
    // command (ESC and CSI sequences set titles, colours, cursor positions; CR and BS overwrite what is shown).
    // Each such character is written as its JSON escape, \u00XX: visible to a person, and inside JSON output
    // (where C0 characters never appear raw, and C1 ones only inside strings) the same string as before.
    QByteArray out;
    out.reserve(utf8.size());
    const auto escape = [&](uchar c) { out += "\\u00" + QByteArray::number(c, 16).rightJustified(2, '0'); };
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = uchar(utf8[i]);
        if (c == '\r' && i + 1 < utf8.size() && utf8[i + 1] == '\n')
            continue; // a CRLF line break is shown as a line break
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            escape(c);
        } else if (c == 0xc2 && i + 1 < utf8.size() && uchar(utf8[i + 1]) >= 0x80 && uchar(utf8[i + 1]) <= 0x9f) {
            escape(uchar(utf8[++i])); // U+0080…U+009F: the 8-bit controls (CSI is U+009B)
        } else {
            out += char(c);
        }
    }
    return out;
}

void printOut(const QString& text)
{
    printOut(text.toUtf8());
}

void printOut(const QByteArray& text)
{
    const QByteArray bytes = terminalSafe(text);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    if (!bytes.endsWith('\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printErr(const QString& text)
{
    const QByteArray bytes = terminalSafe(text.toUtf8());
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    if (!bytes.endsWith('\n'))
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

int error(const QString& command, const QString& message, int code)
{
    printErr(u"hookscope "_s + command + u": "_s + message);
    return code;
}

} // namespace hookscope::cli
