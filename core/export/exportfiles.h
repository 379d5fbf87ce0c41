#pragma once

#include "eventbundle.h"

#include "core/common/result.h"
#include "core/replay/auditentry.h"

#include <QStringList>
#include <QUrl>

namespace hookscope::exporting {

/** The formats `export` writes: json, eml, har, curl, raw. */
QStringList exportFormats();

/** The file extension of one event written in `format` (json, eml, sh, http; har for har). */
QString exportExtension(const QString& format);

/**
 * One event in `format` (json, eml, curl, raw; har is one file for every event, see toHar). `curlTo`: the
 * server a curl script sends to instead of the captured Host (see toCurl).
 */
Result<QByteArray> renderEvent(
    const EventBundle& bundle, const QString& format, const ExportOptions& options, const QUrl& curlTo = {});

/**
 * Writes an export file readable and writable by its owner only (0600, like the store: a capture holds what
 * senders sent, credentials and personal mail included), replacing whatever was at `path` atomically.
 */
Result<void> writeExportFile(const QString& path, const QByteArray& bytes);

/** The file one of several events goes to inside `folder`: `<id>.<extension>`. */
QString exportFileName(const QString& folder, const EventBundle& bundle, const QString& format);

/** The audit entries an export of `bundles` writes (one per event; `out` "-" means stdout). */
QList<replay::AuditEntry> exportAuditEntries(
    const QList<EventBundle>& bundles, const QString& format, const QString& out, const ExportOptions& options);

} // namespace hookscope::exporting
