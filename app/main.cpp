#include "cli.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;
using namespace hookscope;

static void printUsage()
{
    QString text = u"Usage: hookscope [--db PATH] [--http PORT] [--https PORT] [--config FILE] [serve's other listener "
                   u"options]\n"
                   u"                 (opens the window; 'hookscope serve --help' lists the options)\n"
                   u"       hookscope <command> [options]   (headless; every command takes --db PATH and --help)\n\n"
                   u"Commands:\n"_s;
    auto list = cli::commands();
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return std::strcmp(a.name, b.name) < 0; });
    for (const auto& c : list)
        text += u"  %1 %2\n"_s.arg(QString::fromLatin1(c.name), -10).arg(QString::fromUtf8(c.summary));
    text += u"\nRun 'hookscope <command> --help' for a command's options and examples."_s;
    cli::printOut(text);
}

int main(int argc, char** argv)
{
    const char* first = argc > 1 ? argv[1] : nullptr;
    const bool isCommand = first && first[0] != '-';
    if (!isCommand) {
        for (int i = 1; i < argc; ++i) {
            if (!std::strcmp(argv[i], "--version")) {
                cli::printOut(u"hookscope "_s + QStringLiteral(HOOKSCOPE_VERSION));
                return cli::Ok;
            }
            if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
                printUsage();
                return cli::Ok;
            }
        }
        return cli::openWindow(argv);
    }

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"hookscope"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));
    const QString name = QString::fromLocal8Bit(first);
    for (const auto& c : cli::commands()) {
        if (name == QLatin1StringView(c.name)) {
            QStringList args = QCoreApplication::arguments().mid(1);
            args[0] = u"hookscope "_s + name;
            return c.run(args);
        }
    }
    cli::printErr(u"hookscope: unknown command '%1'. Run 'hookscope --help' for the list."_s.arg(name));
    return cli::BadUsage;
}
