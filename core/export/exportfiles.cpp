#include "exportfiles.h"

#include "formats.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

QStringList exportFormats()
{
    return { u"json"_s, u"eml"_s, u"har"_s, u"curl"_s, u"raw"_s };
}

QString exportExtension(const QString& format)
{
    static const QHash<QString, QString> extension { { u"json"_s, u"json"_s }, { u"eml"_s, u"eml"_s },
        { u"curl"_s, u"sh"_s }, { u"raw"_s, u"http"_s }, { u"har"_s, u"har"_s } };
    return extension.value(format, format);
}

Result<QByteArray> renderEvent(
    const EventBundle& bundle, const QString& format, const ExportOptions& options, const QUrl& curlTo)
{
    if (format == u"json"_s)
        return QJsonDocument(toJson(bundle, options)).toJson(QJsonDocument::Indented);
    if (format == u"raw"_s)
        return toRaw(bundle, options);
    if (format == u"curl"_s)
        return toCurl(bundle, options, curlTo);
    if (format == u"eml"_s)
        return toEml(bundle);
    return fail(u"'%1' is not a per-event format (json, eml, curl, raw)"_s.arg(format));
}

QString exportFileName(const QString& folder, const EventBundle& bundle, const QString& format)
{
    return QDir(folder).filePath(u"%1.%2"_s.arg(bundle.event.id).arg(exportExtension(format)));
}

Result<void> writeExportFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile f(path);
    // The temporary file is empty until the mode is set; an existing file's wider mode is not kept.
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || f.write(bytes) != bytes.size() || !f.commit())
        return fail(u"cannot write %1: %2"_s.arg(path, f.errorString()));
    return {};
}

QList<replay::AuditEntry> exportAuditEntries(
    const QList<EventBundle>& bundles, const QString& format, const QString& out, const ExportOptions& options)
{
    QList<replay::AuditEntry> entries;
    for (const auto& b : bundles) {
        replay::AuditEntry e;
        e.action = u"export"_s;
        e.eventRowId = b.event.id;
        e.details = QJsonObject { { u"format"_s, format },
            { u"out"_s, out == u"-"_s ? u"stdout"_s : QFileInfo(out).absoluteFilePath() },
            { u"redactAuth"_s, options.redactAuthorization } };
        entries << e;
    }
    return entries;
}

} // namespace hookscope::exporting
