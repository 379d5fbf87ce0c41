#include "attachmentscanner.h"

#include "core/store/auditlog.h"
#include "core/store/eventchanges.h"
#include "core/store/eventstore.h"
#include "core/store/records.h"
#include "core/store/storewriter.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::scan {

AttachmentScanner::AttachmentScanner(ScanSettings settings)
    : m_settings(std::move(settings))
{
    if (m_settings.clamd)
        m_client.emplace(*m_settings.clamd);
}

store::AttachmentScanRow AttachmentScanner::scan(
    const store::AttachmentRow& attachment, const QByteArray& data, const QString& database, bool clamdReachable) const
{
    store::AttachmentScanRow row;
    row.eventRowId = attachment.eventRowId;
    row.part = attachment.part;
    const Inspection found = inspect(attachment.filename, attachment.contentType, data);
    row.detectedType = found.detectedType;
    for (const Flag& f : found.flags)
        row.flags.append(QJsonObject { { u"id"_s, f.id }, { u"reason"_s, f.reason } });
    row.status = u"not-scanned"_s;
    if (!m_client) {
        row.message = m_settings.notScannedReason;
    } else if (!clamdReachable) {
        row.message = database; // why VERSION failed
    } else {
        const ClamdVerdict v = m_client->scan(data);
        switch (v.kind) {
        case ClamdVerdict::Kind::Clean:
            row.status = u"clean"_s;
            row.database = database;
            break;
        case ClamdVerdict::Kind::Infected:
            row.status = u"infected"_s;
            row.signature = v.signature;
            row.database = database;
            break;
        case ClamdVerdict::Kind::Error:
            row.status = u"error"_s;
            row.message = v.message;
            row.database = database;
            break;
        case ClamdVerdict::Kind::Unreachable:
            row.message = v.message;
            break;
        }
    }
    row.scannedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    return row;
}

namespace {

/** Which of `policy`'s words the result matches. */
QStringList matches(const store::AttachmentScanRow& r, const QStringList& policy)
{
    QStringList hit;
    for (const QString& word : policy) {
        if (word == r.status || (word == u"flagged"_s && !r.flags.isEmpty()))
            hit << word;
        for (const QJsonValue& f : r.flags)
            if (f.toObject().value(u"id"_s).toString() == word && !hit.contains(word))
                hit << word;
    }
    return hit;
}

struct Quarantine {
    qint64 event = 0;
    QString reason;
    QJsonArray attachments;
};

} // namespace

Result<ScanOutcome> AttachmentScanner::scanEvents(
    store::EventStore& reader, store::StoreWriter& writer, const QList<qint64>& events)
{
    ScanOutcome outcome;
    // clamd's database version once per pass; when it does not answer, nothing of this pass is sent to it.
    QString database;
    bool reachable = false;
    if (m_client) {
        auto version = m_client->version();
        reachable = bool(version);
        database = version ? *version : version.error();
    }
    QList<Quarantine> quarantines;
    for (const qint64 id : events) {
        auto attachments = reader.attachments(id);
        if (!attachments)
            return fail(attachments.error());
        if (attachments->isEmpty())
            continue;
        auto event = reader.event(id);
        if (!event)
            return fail(event.error());
        if (!*event)
            continue;
        const QStringList policy = m_settings.policyFor((*event)->route);
        Quarantine q { id, {}, {} };
        for (const store::AttachmentRow& a : *attachments) {
            auto data = reader.attachmentData(a.sha256);
            store::AttachmentScanRow row;
            if (!data) {
                row = { id, a.part, u"error"_s, {}, u"cannot read the attachment: "_s + data.error(), {}, {}, {},
                    QDateTime::currentMSecsSinceEpoch() * 1000 };
            } else {
                row = scan(a, *data, database, reachable);
            }
            const QStringList hit = matches(row, policy);
            if (!hit.isEmpty()) {
                if (hit.contains(u"infected"_s))
                    q.reason = u"malware"_s;
                else if (q.reason.isEmpty())
                    q.reason = u"risky-attachment"_s;
                q.attachments.append(
                    QJsonObject { { u"part"_s, a.part }, { u"filename"_s, a.filename }, { u"status"_s, row.status },
                        { u"signature"_s, row.signature }, { u"matched"_s, QJsonArray::fromStringList(hit) } });
            }
            outcome.results.append(row);
        }
        if (!q.reason.isEmpty() && (*event)->quarantined.isEmpty())
            quarantines.append(q);
    }
    if (outcome.results.isEmpty())
        return outcome;

    QList<qint64> quarantined;
    auto written = writer.run([&](QSqlDatabase& db) -> Result<void> {
        quarantined.clear();
        if (auto r = store::AttachmentScans::write(db, outcome.results); !r)
            return r;
        QList<qint64> scannedEvents;
        for (const auto& r : outcome.results)
            if (!scannedEvents.contains(r.eventRowId))
                scannedEvents << r.eventRowId;
        for (const qint64 id : scannedEvents)
            if (auto r = store::AttachmentScans::flagEvent(db, id); !r)
                return r;
        for (const Quarantine& q : quarantines) {
            // A person (or another pass) may have quarantined it meanwhile: its reason stays.
            auto current = store::EventChanges::quarantineReason(db, q.event);
            if (!current)
                return fail(current.error());
            if (!*current || !(*current)->isEmpty())
                continue;
            if (auto r = store::EventChanges::quarantine(
                    db, q.event, q.reason, u"automatically, after scanning its attachments"_s);
                !r)
                return fail(r.error());
            const QJsonObject details { { u"automatic"_s, true }, { u"scan"_s, true },
                { u"attachments"_s, q.attachments } };
            if (auto r = store::AuditLog::append(db,
                    store::AuditEntry { 0, 0, u"quarantine"_s, q.event, q.reason,
                        u"automatically, after scanning its attachments"_s, details });
                !r)
                return r;
            quarantined.append(q.event);
        }
        return {};
    });
    if (!written)
        return fail(written.error());
    outcome.quarantined = quarantined;
    return outcome;
}

} // namespace hookscope::scan
