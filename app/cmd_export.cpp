#include "cli.h"

#include "core/common/filename.h"
#include "core/export/exportfiles.h"
#include "core/export/formats.h"
#include "core/export/har.h"
#include "core/export/mimeconvert.h"
#include "core/replay/auditlog.h"
#include "core/replay/capturedrequest.h"
#include "core/replay/storejob.h"
#include "core/store/eventstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

Result<void> writeFile(const QString& path, const QByteArray& bytes)
{
    if (path == u"-"_s) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
        return {};
    }
    return exporting::writeExportFile(path, bytes);
}

/** The attachments of an event's payload (event JSON with dataBase64, or MIME). */
QJsonArray attachmentsOf(const exporting::EventBundle& b)
{
    const store::DeliveryRow& d = b.primary();
    const QJsonDocument doc = QJsonDocument::fromJson(d.body);
    if (doc.isObject() && doc.object().value(u"attachments"_s).isArray())
        return doc.object().value(u"attachments"_s).toArray();
    const QByteArray type = headerValue(replay::CapturedRequest::parseHeaderBlock(d.rawHead), "Content-Type").toLower();
    if (type.startsWith("message/rfc822")) {
        auto event = exporting::eventJsonFromMime(d.body);
        if (event)
            return event->value(u"attachments"_s).toArray();
    }
    return {};
}

Result<int> writeAttachments(const exporting::EventBundle& b, const QString& dir)
{
    const QJsonArray list = attachmentsOf(b);
    if (list.isEmpty())
        return 0;
    if (!QDir().mkpath(dir))
        return fail(u"cannot create the folder %1"_s.arg(dir));
    QStringList used;
    int written = 0;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject a = list.at(i).toObject();
        QString name = sanitizeFileName(a.value(u"filename"_s).toString(u"attachment-%1"_s.arg(i + 1)));
        // Two attachments may share a name: number the later ones.
        const QString base = QFileInfo(name).completeBaseName();
        const QString ext = QFileInfo(name).suffix();
        for (int n = 2; used.contains(name, Qt::CaseInsensitive); ++n)
            name = ext.isEmpty() ? u"%1 (%2)"_s.arg(base).arg(n) : u"%1 (%2).%3"_s.arg(base).arg(n).arg(ext);
        used << name;
        const QByteArray data = QByteArray::fromBase64(a.value(u"dataBase64"_s).toString().toLatin1());
        if (auto r = writeFile(dir + u'/' + name, data); !r)
            return fail(r.error());
        ++written;
    }
    return written;
}

} // namespace

int runExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID…"_s, u"Events to export (or --all)."_s);
    parser.addOptions({
        { u"all"_s, u"Every event that is not discarded."_s },
        { u"format"_s, u"json, eml, har, curl or raw."_s, u"FORMAT"_s },
        { u"out"_s, u"One event: the file (- for stdout). Several: a folder, one file each. HAR: always one file."_s,
            u"PATH"_s },
        { u"keep-auth"_s,
            u"Keep captured Authorization, Proxy-Authorization and Cookie values (by default they become [redacted])."_s },
        { u"redact-auth"_s, u"Redact those values (the default; kept for scripts that pass it)."_s },
        { u"attachments"_s, u"Also save the email's attachments into this folder (sanitized names)."_s, u"DIR"_s },
        { u"to"_s,
            u"curl: send to this server (scheme://host[:port]) instead of the captured Host; the Host header then "
            u"names it. The request target stays the captured one."_s,
            u"URL"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Writes events out, in files only their owner can read. Configured secrets are never written; captured "
            u"Authorization, Proxy-Authorization and Cookie values are redacted unless --keep-auth."_s,
            u"  hookscope export 42 --format json --out event.json\n"
            u"  hookscope export 42 43 --format eml --out emails/\n"
            u"  hookscope export --all --format har --out capture.har --keep-auth\n"
            u"  hookscope export 42 --format curl --out - | bash\n"
            u"  hookscope export 42 --format curl --to http://localhost:3000 --out replay.sh"_s,
            exit))
        return exit;
    const QString cmd = u"export"_s;
    static const QStringList formats { u"json"_s, u"eml"_s, u"har"_s, u"curl"_s, u"raw"_s };
    const QString format = parser.value(u"format"_s);
    if (!formats.contains(format))
        return error(cmd, u"--format is one of %1"_s.arg(formats.join(u", "_s)));
    if (!parser.isSet(u"out"_s))
        return error(cmd, u"--out PATH is required"_s);
    const QString out = parser.value(u"out"_s);
    QUrl curlTo;
    if (parser.isSet(u"to"_s)) {
        if (format != u"curl"_s)
            return error(cmd, u"--to goes with --format curl"_s);
        auto destination = exporting::curlDestination(parser.value(u"to"_s));
        if (!destination)
            return error(cmd, destination.error());
        curlTo = *destination;
    }
    const QStringList idArgs = parser.positionalArguments();
    if (parser.isSet(u"all"_s) == !idArgs.isEmpty())
        return error(cmd, u"give event IDs or --all"_s);

    const QString path = databasePath(parser);
    auto store = store::EventStore::open(path);
    if (!store)
        return error(cmd, store.error());
    QList<qint64> ids;
    if (parser.isSet(u"all"_s)) {
        store::EventQuery query;
        query.limit = 0;
        query.descending = false;
        auto rows = (*store)->list(query);
        if (!rows)
            return error(cmd, rows.error(), No);
        for (const auto& r : *rows)
            ids << r.id;
    } else {
        for (const QString& a : idArgs) {
            bool ok = false;
            const qint64 id = a.toLongLong(&ok);
            if (!ok || id <= 0)
                return error(cmd, u"'%1' is not an event ID (a positive integer)"_s.arg(a));
            ids << id;
        }
    }
    QList<exporting::EventBundle> bundles;
    for (qint64 id : ids) {
        auto b = exporting::EventBundle::load(**store, id);
        if (!b)
            return error(cmd, b.error());
        bundles.append(*b);
    }
    store->reset();

    exporting::ExportOptions options;
    if (parser.isSet(u"keep-auth"_s) && parser.isSet(u"redact-auth"_s))
        return error(cmd, u"--keep-auth and --redact-auth contradict each other"_s);
    options.redactAuthorization = !parser.isSet(u"keep-auth"_s);
    const bool single = bundles.size() == 1 && !parser.isSet(u"all"_s);
    if (format != u"har"_s && !single && out == u"-"_s)
        return error(cmd, u"several events need a folder for --out"_s);
    if (format != u"har"_s && !single && !QDir().mkpath(out))
        return error(cmd, u"cannot create the folder %1"_s.arg(out), No);

    QStringList written;
    if (format == u"har"_s) {
        const QByteArray har = QJsonDocument(exporting::toHar(bundles, options)).toJson(QJsonDocument::Indented);
        if (auto r = writeFile(out, har); !r)
            return error(cmd, r.error(), No);
        written << out;
    } else {
        for (const auto& b : bundles) {
            auto bytes = exporting::renderEvent(b, format, options, curlTo);
            if (!bytes)
                return error(cmd, bytes.error(), No);
            const QString file = single ? out : exporting::exportFileName(out, b, format);
            if (auto r = writeFile(file, *bytes); !r)
                return error(cmd, r.error(), No);
            written << file;
        }
    }
    int attachmentCount = 0;
    if (parser.isSet(u"attachments"_s)) {
        const QString dir = parser.value(u"attachments"_s);
        for (const auto& b : bundles) {
            auto n = writeAttachments(b, bundles.size() == 1 ? dir : u"%1/%2"_s.arg(dir).arg(b.event.id));
            if (!n)
                return error(cmd, n.error(), No);
            attachmentCount += *n;
        }
    }

    const QList<replay::AuditEntry> entries = exporting::exportAuditEntries(bundles, format, out, options);
    auto audited
        = replay::runJobOnce(path, [entries](QSqlDatabase& db) { return replay::AuditLog::append(db, entries); });
    if (!audited)
        return error(cmd, u"exported, but the audit log could not be written: "_s + audited.error(), No);
    if (out != u"-"_s) {
        printOut(u"exported %1 event(s) as %2 to %3%4"_s.arg(bundles.size())
                     .arg(format, written.size() == 1 ? written.first() : out)
                     .arg(parser.isSet(u"attachments"_s) ? u", %1 attachment(s)"_s.arg(attachmentCount) : QString()));
    }
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(export, "export", "writes events out as json, eml, har, curl or raw", hookscope::cli::runExport);
