#include "cli.h"

#include "core/email/eventjson.h"
#include "core/email/mimeparser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

/**
 * Prints the event JSON with each attachment's dataBase64 encoded and written a piece at a time straight to
 * stdout, as the attachment is decoded again from the source, so a 25 MB message is never held decoded, nor
 * as base64 (nor as a UTF-16 copy of that): the document is serialized with a placeholder per attachment, and
 * the placeholders are filled in as it is written.
 */
void writeEventJson(
    const email::EmailMessage& message, const email::AttachmentData& attachmentData, const QString& file = {})
{
    QJsonObject o = email::toEventJson(message, false);
    if (!file.isNull())
        o.insert(u"file"_s, file);
    QJsonArray attachments = o.value(u"attachments"_s).toArray();
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        QJsonObject a = attachments.at(i).toObject();
        a.insert(u"dataBase64"_s, u"\u0001data:%1\u0001"_s.arg(i));
        attachments.replace(i, a);
    }
    o.insert(u"attachments"_s, attachments);
    // One message: indented, as people read it. Several: one compact line each (JSON Lines).
    // Through terminalSafe: the JSON is the same, and a DEL or C1 control in the sender's subject does not act.
    QByteArray text
        = terminalSafe(QJsonDocument(o).toJson(file.isNull() ? QJsonDocument::Indented : QJsonDocument::Compact));
    if (!file.isNull())
        text.append('\n');
    constexpr qsizetype chunk = 48 * 1024; // a multiple of 3: chunks encode without padding
    QByteArray pending;
    pending.reserve(chunk);
    auto flush = [&] {
        const QByteArray encoded = pending.toBase64();
        std::fwrite(encoded.constData(), 1, size_t(encoded.size()), stdout);
        pending.truncate(0);
    };
    qsizetype pos = 0;
    for (qsizetype i = 0; i < message.attachments.size(); ++i) {
        const QByteArray marker = "\\u0001data:" + QByteArray::number(i) + "\\u0001";
        const qsizetype at = text.indexOf(marker, pos);
        if (at < 0)
            break;
        std::fwrite(text.constData() + pos, 1, size_t(at - pos), stdout);
        attachmentData(i, [&](QByteArrayView piece) {
            while (!piece.isEmpty()) {
                const qsizetype take = qMin(piece.size(), chunk - pending.size());
                pending.append(piece.first(take));
                piece = piece.sliced(take);
                if (pending.size() == chunk)
                    flush();
            }
        });
        flush();
        pos = at + marker.size();
    }
    std::fwrite(text.constData() + pos, 1, size_t(text.size() - pos), stdout);
    std::fflush(stdout);
}

} // namespace

int runParse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE"_s,
        u"An .eml file (raw MIME), or - for standard input. With several files, each is one line of compact JSON "
        u"(JSON Lines) with its \"file\"; one that cannot be read is {\"file\", \"error\"} and the exit is 2."_s,
        u"FILE..."_s);
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Reads raw MIME and prints it as event-schema JSON: messageId, subject, from, to, cc, text, html "
            u"(null when absent), attachments (filename, contentType, size, contentId, sha256, dataBase64) and "
            u"headers."_s,
            u"  hookscope parse message.eml\n  hookscope parse - < message.eml | jq .attachments\n"
            u"  hookscope parse mail/*.eml | jq -r '.file + \": \" + .subject'"_s,
            exit))
        return exit;
    const QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return error(u"parse"_s, u"needs a FILE (or - for standard input)"_s);
    if (pos.size() > 1 && pos.contains(u"-"_s))
        return error(u"parse"_s, u"- (standard input) cannot be combined with other files"_s);
    const bool several = pos.size() > 1;
    int result = Ok;
    for (const QString& name : pos) {
        QByteArray raw;
        QString readError;
        if (name == u"-"_s) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                readError = u"cannot read standard input"_s;
            else
                raw = in.readAll();
        } else {
            QFile in(name);
            if (!in.open(QIODevice::ReadOnly))
                readError = u"cannot read %1: %2"_s.arg(name, in.errorString());
            else
                raw = in.readAll();
        }
        const QString label = name == u"-"_s ? u"standard input"_s : name;
        if (readError.isEmpty()) {
            const auto parsed = email::parseMimeStreamed(
                raw, [&](const email::EmailMessage& message, const email::AttachmentData& data) {
                    for (const QString& w : message.warnings)
                        printErr(u"hookscope parse: %1warning: %2\n"_s.arg(several ? label + u": "_s : QString(), w));
                    writeEventJson(message, data, several ? name : QString());
                });
            if (parsed)
                continue;
            readError = u"%1: %2"_s.arg(label, parsed.error());
        }
        if (!several)
            return error(u"parse"_s, readError);
        // The line says which file could not be read, so a reader of the stream need not match stderr.
        const QJsonObject line { { u"file"_s, name }, { u"error"_s, readError } };
        printOut(QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)));
        printErr(u"hookscope parse: %1\n"_s.arg(readError));
        result = BadUsage;
    }
    return result;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(parse, "parse", "raw MIME in, event-schema JSON out", hookscope::cli::runParse);
