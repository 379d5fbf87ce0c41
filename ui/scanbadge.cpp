#include "scanbadge.h"

#include <QTextDocument>

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

QStringList flagIds(const store::AttachmentScanRow& scan)
{
    QStringList ids;
    for (const QJsonValue& f : scan.flags)
        ids << f.toObject().value(u"id"_s).toString();
    return ids;
}

QStringList flagLines(const store::AttachmentScanRow& scan)
{
    QStringList lines;
    for (const QJsonValue& f : scan.flags)
        lines << u"%1: %2"_s.arg(f.toObject().value(u"id"_s).toString(), f.toObject().value(u"reason"_s).toString());
    return lines;
}

} // namespace

QString ScanBadge::text(const store::AttachmentScanRow* scan)
{
    if (!scan)
        return u"…"_s;
    if (scan->status == u"infected"_s)
        return u"infected: "_s + scan->signature;
    if (!scan->flags.isEmpty())
        return u"flagged: "_s + flagIds(*scan).join(u", "_s);
    if (scan->status == u"clean"_s)
        return u"clean"_s;
    if (scan->status == u"error"_s)
        return u"scan error"_s;
    return u"not scanned"_s;
}

QString ScanBadge::tooltip(const store::AttachmentScanRow* scan)
{
    if (!scan)
        return u"Not looked at yet: scanning follows moments after the request was answered."_s;
    QStringList lines = flagLines(*scan);
    if (scan->status == u"infected"_s)
        lines.prepend(u"ClamAV found %1."_s.arg(scan->signature));
    if (scan->status == u"not-scanned"_s)
        lines << u"Not scanned for malware: %1. To scan, install clamav-daemon (freshclam fetches its databases) "
                 u"or give --clamd SOCKET|HOST:PORT, then `hookscope rescan --unscanned`."_s.arg(scan->message);
    if (scan->status == u"error"_s)
        lines << u"clamd could not scan it: "_s + scan->message;
    if (!scan->detectedType.isEmpty())
        lines << u"Content: "_s + scan->detectedType;
    if (!scan->database.isEmpty())
        lines << u"Scanned with "_s + scan->database;
    // The reasons quote what the sender named the file: plain text, never taken as markup by the tooltip.
    return Qt::convertFromPlainText(lines.join(u'\n'), Qt::WhiteSpaceNormal);
}

bool ScanBadge::needsConfirmation(const store::AttachmentScanRow* scan)
{
    return scan && (scan->status == u"infected"_s || !scan->flags.isEmpty());
}

QString ScanBadge::question(const store::AttachmentScanRow& scan, const QString& filename, const QString& verb)
{
    QStringList found;
    if (scan.status == u"infected"_s)
        found << u"infected: ClamAV found %1"_s.arg(scan.signature);
    found += flagLines(scan);
    return u"%1 %2 anyway?\n\n%3"_s.arg(
        verb, filename.isEmpty() ? u"this attachment"_s : u"\"%1\""_s.arg(filename), found.join(u'\n'));
}

} // namespace hookscope::ui
