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
void writeEventJson(const email::EmailMessage& message, const email::AttachmentData& attachmentData)
{
    QJsonObject o = email::toEventJson(message, false);
    QJsonArray attachments = o.value(u"attachments"_s).toArray();
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        QJsonObject a = attachments.at(i).toObject();
        a.insert(u"dataBase64"_s, u"\u0001data:%1\u0001"_s.arg(i));
        attachments.replace(i, a);
    }
    o.insert(u"attachments"_s, attachments);
    const QByteArray text = QJsonDocument(o).toJson(QJsonDocument::Indented);
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
    const auto parsed
        = email::parseMimeStreamed(raw, [](const email::EmailMessage& message, const email::AttachmentData& data) {
              for (const QString& w : message.warnings)
                  printErr(u"hookscope parse: warning: %1\n"_s.arg(w));
              writeEventJson(message, data);
          });
    if (!parsed)
        return error(
            u"parse"_s, u"%1: %2"_s.arg(pos.first() == u"-"_s ? u"standard input"_s : pos.first(), parsed.error()));
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(parse, "parse", "raw MIME in, event-schema JSON out", hookscope::cli::runParse);
