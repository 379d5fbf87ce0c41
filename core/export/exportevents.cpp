#include "exportevents.h"

#include "capturedhead.h"
#include "exportfiles.h"
#include "har.h"
#include "mimeconvert.h"

#include "core/common/filename.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

namespace {

const QString kStdout = u"-"_s;

Result<void> writeOut(const QString& path, const QByteArray& bytes)
{
    if (path == kStdout) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
        return {};
    }
    return writeExportFile(path, bytes);
}

/** The attachments of an event's payload (event JSON with dataBase64, or MIME). */
QJsonArray attachmentsOf(const EventBundle& b)
{
    const store::DeliveryRow& d = b.primary();
    const QJsonDocument doc = QJsonDocument::fromJson(d.body);
    if (doc.isObject() && doc.object().value(u"attachments"_s).isArray())
        return doc.object().value(u"attachments"_s).toArray();
    const QByteArray type = headerValue(CapturedHead::parse(d.rawHead).headers(), "Content-Type").toLower();
    if (type.startsWith("message/rfc822")) {
        if (auto event = eventJsonFromMime(d.body))
            return event->value(u"attachments"_s).toArray();
    }
    return {};
}

/** Writes the attachments of `b` into `dir` under sanitized names (the later of two equal names numbered). */
Result<int> writeAttachments(const EventBundle& b, const QString& dir)
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
        const QString base = QFileInfo(name).completeBaseName();
        const QString ext = QFileInfo(name).suffix();
        for (int n = 2; used.contains(name, Qt::CaseInsensitive); ++n)
            name = ext.isEmpty() ? u"%1 (%2)"_s.arg(base).arg(n) : u"%1 (%2).%3"_s.arg(base).arg(n).arg(ext);
        used << name;
        const QByteArray data = QByteArray::fromBase64(a.value(u"dataBase64"_s).toString().toLatin1());
        if (auto r = writeOut(QDir(dir).filePath(name), data); !r)
            return fail(r.error());
        ++written;
    }
    return written;
}

bool cancelled(const ExportRequest& request)
{
    return request.cancel && request.cancel->load();
}

} // namespace

UseCaseResult<ExportResult> exportEvents(store::EventStore& store, const ExportRequest& request)
{
    const QString& format = request.format;
    const QString& out = request.destination;
    if (!exportFormats().contains(format))
        return badInput(u"--format is one of %1"_s.arg(exportFormats().join(u", "_s)));
    if (out.isEmpty())
        return badInput(u"no destination to export to"_s);

    QList<qint64> ids = request.eventIds;
    if (request.everyEvent) {
        store::EventQuery query;
        query.limit = 0;
        query.descending = false;
        auto rows = store.list(query);
        if (!rows)
            return failed(rows.error());
        ids.clear();
        for (const auto& r : std::as_const(*rows))
            ids << r.id;
    }
    QList<EventBundle> bundles;
    for (qint64 id : std::as_const(ids)) {
        if (cancelled(request))
            return failed(u"cancelled"_s);
        auto b = EventBundle::load(store, id);
        if (!b)
            return badInput(b.error());
        bundles << *b;
    }

    // The naming rule (see ExportRequest).
    const bool har = format == u"har"_s;
    const bool several = bundles.size() > 1 || request.everyEvent;
    if (!har && several && out == kStdout)
        return badInput(u"several events need a folder for --out"_s);
    const bool intoFolder = out != kStdout && (QFileInfo(out).isDir() || (several && !har));
    if (intoFolder && !QDir().mkpath(out))
        return failed(u"cannot create the folder %1"_s.arg(out));

    ExportResult result;
    result.eventCount = int(bundles.size());
    if (har) {
        const QString file = !intoFolder ? out
            : several                    ? QDir(out).filePath(u"events.har"_s)
                                         : exportFileName(out, bundles.first(), format);
        const QByteArray bytes = QJsonDocument(toHar(bundles, request.options)).toJson(QJsonDocument::Indented);
        if (auto r = writeOut(file, bytes); !r)
            return failed(r.error());
        result.files << file;
        if (request.progress)
            request.progress(int(bundles.size()));
    } else {
        for (const auto& b : std::as_const(bundles)) {
            if (cancelled(request))
                return failed(u"cancelled after %1 file(s)"_s.arg(result.files.size()));
            auto bytes = renderEvent(b, format, request.options, request.curlTo);
            if (!bytes)
                return failed(u"event %1: %2"_s.arg(b.event.id).arg(bytes.error()));
            const QString file = intoFolder ? exportFileName(out, b, format) : out;
            if (auto r = writeOut(file, *bytes); !r)
                return failed(r.error());
            result.files << file;
            if (request.progress)
                request.progress(int(result.files.size()));
        }
    }

    if (!request.attachmentsFolder.isEmpty()) {
        const QString& dir = request.attachmentsFolder;
        for (const auto& b : std::as_const(bundles)) {
            auto n = writeAttachments(b, bundles.size() == 1 ? dir : QDir(dir).filePath(QString::number(b.event.id)));
            if (!n)
                return failed(n.error());
            result.attachmentCount += *n;
        }
    }

    // One entry per event, through the process's one writer (the listener's when this process captures).
    result.audit = exportAuditEntries(bundles, format, out, request.options);
    auto writer = store::StoreWriter::shared(store.path());
    Result<void> audited = writer
        ? (*writer)->run([entries = result.audit](QSqlDatabase& db) { return store::AuditLog::append(db, entries); })
        : Result<void>(fail(writer.error()));
    if (!audited)
        return failed(u"exported, but the audit log could not be written: "_s + audited.error());
    return result;
}

} // namespace hookscope::exporting
