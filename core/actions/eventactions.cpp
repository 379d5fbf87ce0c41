#include "eventactions.h"

#include "core/replay/auditlog.h"
#include "core/replay/capturedrequest.h"

#include "core/common/crypto.h"
#include "core/email/adapter.h"
#include "core/ingest/credentials.h"
#include "core/store/credentialkey.h"
#include "core/store/eventchanges.h"
#include "core/store/records.h"
#include "core/verify/scheme.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace hookscope::actions {

namespace {

qint64 nowUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

Result<void> audit(QSqlDatabase& db, const store::AuditEntry& e)
{
    return store::AuditLog::append(db, e);
}

/** A change that must touch the event: `changed` rows, else `whenUnchanged` (with the id). */
Result<void> changedOne(const Result<int>& changed, qint64 id, const QString& whenUnchanged)
{
    if (!changed)
        return fail(changed.error());
    if (*changed == 0)
        return fail(whenUnchanged.arg(id));
    return {};
}

} // namespace

QStringList EventActions::reasonCodes()
{
    return { u"missing-signature"_s, u"invalid-signature"_s, u"timestamp-out-of-window"_s, u"malformed-payload"_s,
        u"duplicate"_s, u"oversize"_s, u"manual"_s, u"malware"_s, u"risky-attachment"_s };
}

QJsonObject Recheck::toJson() const
{
    QJsonObject o;
    o.insert(u"verified"_s, verified);
    if (verified) {
        o.insert(u"verification"_s, verify::Verdict::outcomeCode(verdict.outcome));
        o.insert(u"reason"_s, verdict.reason);
    }
    o.insert(u"originalSkewMs"_s, originalSkewMs ? QJsonValue(double(*originalSkewMs)) : QJsonValue());
    o.insert(u"parsed"_s, parsed);
    if (!parseError.isEmpty())
        o.insert(u"parseError"_s, parseError);
    if (!note.isEmpty())
        o.insert(u"note"_s, note);
    return o;
}

Result<void> EventActions::quarantine(QSqlDatabase& db, qint64 id, const QString& reason, const QString& note)
{
    if (!reasonCodes().contains(reason))
        return fail(u"unknown reason code '%1' (known: %2)"_s.arg(reason, reasonCodes().join(u", "_s)));
    if (auto r = changedOne(store::EventChanges::quarantine(db, id, reason, note), id, u"no event %1"_s); !r)
        return r;
    return audit(db, { 0, 0, u"quarantine"_s, id, reason, note, {} });
}

Result<void> EventActions::release(QSqlDatabase& db, qint64 id, const QString& note, const QJsonObject& details)
{
    auto quarantined = store::EventChanges::quarantineReason(db, id);
    if (!quarantined || !*quarantined)
        return fail(u"no event %1"_s.arg(id));
    const QString reason = **quarantined;
    if (reason.isEmpty())
        return fail(u"event %1 is not quarantined"_s.arg(id));
    if (auto r = store::EventChanges::release(db, id); !r)
        return fail(r.error());
    return audit(db, { 0, 0, u"release"_s, id, reason, note, details });
}

Result<void> EventActions::discard(QSqlDatabase& db, qint64 id, const QString& note)
{
    if (auto r
        = changedOne(store::EventChanges::discard(db, id, nowUs()), id, u"no event %1 that is not already discarded"_s);
        !r)
        return r;
    return audit(db, { 0, 0, u"discard"_s, id, {}, note, {} });
}

Result<void> EventActions::restore(QSqlDatabase& db, qint64 id, const QString& note)
{
    if (auto r = changedOne(store::EventChanges::restore(db, id), id, u"event %1 is not discarded (or was purged)"_s);
        !r)
        return r;
    return audit(db, { 0, 0, u"restore"_s, id, {}, note, {} });
}

Result<QList<qint64>> EventActions::purge(QSqlDatabase& db, const PurgeOptions& options)
{
    std::optional<qint64> receivedBeforeUs;
    if (options.olderThanDays)
        receivedBeforeUs = nowUs() - qint64(*options.olderThanDays) * 86400LL * 1000000LL;
    auto candidates = store::EventChanges::purgeCandidates(db, receivedBeforeUs, options.keepNewest);
    if (!candidates)
        return fail(candidates.error());
    const QList<qint64> ids = *candidates;
    QJsonArray list;
    for (qint64 id : ids) {
        if (auto r = store::EventChanges::remove(db, id); !r)
            return fail(r.error());
        if (list.size() < 1000)
            list.append(double(id));
    }
    QJsonObject details { { u"count"_s, double(ids.size()) }, { u"events"_s, list } };
    if (options.olderThanDays)
        details.insert(u"olderThanDays"_s, *options.olderThanDays);
    if (options.keepNewest)
        details.insert(u"keepNewest"_s, *options.keepNewest);
    if (auto r = audit(db, { 0, 0, u"purge"_s, 0, {}, {}, details }); !r)
        return fail(r.error());
    return ids;
}

namespace {

/**
 * Re-verifies credentials that were redacted at ingest: the keyed hash in the stored verdict against each secret's
 * (and the URL's own user:password, as Postmark's URL carries them).
 */
verify::Verdict recheckCredentials(const verify::Scheme& scheme, const QByteArray& storedHmac,
    const QList<QByteArray>& secrets, const QString& url, const QByteArray& key)
{
    verify::Verdict v;
    v.scheme = scheme.name();
    QList<QByteArray> candidates = secrets;
    if (!QUrl(url).userName().isEmpty())
        candidates << url.toUtf8();
    for (int i = 0; i < candidates.size(); ++i) {
        if (crypto::equalConstantTime(
                ingest::credentialHmac(key, scheme.configuredDigestInput(candidates.at(i))), storedHmac)) {
            v.outcome = verify::Outcome::Valid;
            v.reason = u"valid"_s;
            v.secretIndex = i;
            v.hints << u"Re-verified against the keyed hash of the credentials received (they are not stored)."_s;
            return v;
        }
    }
    v.outcome = verify::Outcome::InvalidSignature;
    v.reason = u"wrong-credentials"_s;
    v.hints << u"The credentials received (by their keyed hash; they are not stored) are none of these."_s;
    return v;
}

} // namespace

Recheck EventActions::recheck(const store::EventRow& event, const store::DeliveryRow& delivery,
    const QList<QByteArray>& secrets, const QString& url, const QString& storePath)
{
    Recheck r;
    const replay::CapturedRequest captured = replay::CapturedRequest::fromDelivery(delivery);
    email::PayloadRequest request
        = email::PayloadRequest::of(headerValue(captured.headers, "Content-Type"), captured.body);
    request.headers = captured.headers;
    request.route = event.route;
    auto parsed = email::parsePayload(request);
    r.parsed = bool(parsed);
    if (!parsed)
        r.parseError = parsed.error();
    auto scheme = verify::createScheme(event.scheme.isEmpty() ? verify::defaultSchemeName() : event.scheme);
    if (!scheme)
        return r;
    const QByteArray storedHmac = delivery.verdict.value(u"credentialHmac"_s).toString().toLatin1();
    if (!scheme->credentialHeaders().isEmpty() && !storedHmac.isEmpty()) {
        if (secrets.isEmpty() && QUrl(url).userName().isEmpty())
            return r;
        auto key = store::existingCredentialKey(storePath);
        if (!key) {
            r.note = u"cannot re-verify the credentials: they were not stored, and %1"_s.arg(key.error());
            return r;
        }
        r.verdict = recheckCredentials(*scheme, storedHmac, secrets, url, *key);
        r.verified = true;
        return r;
    }
    verify::Input in;
    in.headers = captured.headers;
    in.body = captured.body;
    in.method = captured.method;
    in.url = url;
    in.nowMs = delivery.receivedUs / 1000;
    in.toleranceMs = std::numeric_limits<qint64>::max() / 4; // the window is ignored on release
    in.secrets = secrets;
    r.verdict = scheme->verify(in);
    r.verified = !secrets.isEmpty();
    if (r.verdict.skewMs)
        r.originalSkewMs = r.verdict.skewMs;
    else if (auto ts = delivery.verdict.value(u"timestampMs"_s); ts.isDouble())
        r.originalSkewMs = delivery.receivedUs / 1000 - qint64(ts.toDouble());
    return r;
}

} // namespace hookscope::actions
