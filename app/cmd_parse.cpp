#include "cli.h"

#include "core/email/eventjson.h"
#include "core/email/mimeparser.h"

#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

int runParse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE"_s, u"An .eml file (raw MIME), or - for standard input."_s);
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Reads raw MIME and prints it as event-schema JSON: messageId, subject, from, to, cc, text, html "
            u"(null when absent), attachments (filename, contentType, size, contentId, sha256, dataBase64) and "
            u"headers."_s,
            u"  hookscope parse message.eml\n  hookscope parse - < message.eml | jq .attachments"_s, exit))
        return exit;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return error(u"parse"_s, u"takes exactly one FILE (or - for standard input)"_s);
    QByteArray raw;
    if (pos.first() == u"-"_s) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return error(u"parse"_s, u"cannot read standard input"_s);
        raw = in.readAll();
    } else {
        QFile in(pos.first());
        if (!in.open(QIODevice::ReadOnly))
            return error(u"parse"_s, u"cannot read %1: %2"_s.arg(pos.first(), in.errorString()));
        raw = in.readAll();
    }
    auto message = email::parseMime(raw);
    if (!message)
        return error(
            u"parse"_s, u"%1: %2"_s.arg(pos.first() == u"-"_s ? u"standard input"_s : pos.first(), message.error()));
    for (const QString& w : message->warnings)
        printErr(u"hookscope parse: warning: %1\n"_s.arg(w));
    printOut(QJsonDocument(email::toEventJson(*message)).toJson(QJsonDocument::Indented));
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(parse, "parse", "raw MIME in, event-schema JSON out", hookscope::cli::runParse);
