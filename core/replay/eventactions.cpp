#include "eventactions.h"

#include "auditlog.h"
#include "capturedrequest.h"

#include "core/common/crypto.h"
#include "core/email/payload.h"
#include "core/ingest/credentials.h"
#include "core/store/credentialkey.h"
#include "core/store/records.h"
#include "core/verify/scheme.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

namespace {

qint64 nowUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

Result<void> exec(QSqlDatabase& db, const QString& sql, const QVariantList& binds, int* affected = nullptr)
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        return fail(q.lastError().text());
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(q.lastError().text());
    if (affected)
        *affected = q.numRowsAffected();
    return {};
}

Result<void> audit(QSqlDatabase& db, const AuditEntry& e)
{
    QString error;
    if (!AuditLog::append(db, e, &error))
        return fail(error);
    return {};
}

Result<void> changeOne(
    QSqlDatabase& db, qint64 id, const QString& sql, const QVariantList& binds, const QString& whenUnchanged)
{
    int affected = 0;
    if (auto r = exec(db, sql, binds, &affected); !r)
        return r;
    if (affected == 0)
        return fail(whenUnchanged.arg(id));
    return {};
}

} // namespace

QStringList EventActions::reasonCodes()
{
    return { u"missing-signature"_s, u"invalid-signature"_s, u"timestamp-out-of-window"_s, u"malformed-payload"_s,
        u"duplicate"_s, u"oversize"_s, u"manual"_s };
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
    if (auto r = changeOne(db, id,
            u"UPDATE events SET quarantined = ?, quarantine_note = ?, quarantine_auto = 0 WHERE id = ?"_s,
            { reason, note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note), id },
            u"no event %1"_s);
        !r)
        return r;
    return audit(db, { 0, 0, u"quarantine"_s, id, reason, note, {} });
}

Result<void> EventActions::release(QSqlDatabase& db, qint64 id, const QString& note, const QJsonObject& details)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT quarantined FROM events WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return fail(u"no event %1"_s.arg(id));
    const QString reason = q.value(0).toString();
    if (reason.isEmpty())
        return fail(u"event %1 is not quarantined"_s.arg(id));
    q.finish();
    if (auto r
        = exec(db, u"UPDATE events SET quarantined = NULL, quarantine_note = NULL, quarantine_auto = 0 WHERE id = ?"_s,
            { id });
        !r)
        return r;
    return audit(db, { 0, 0, u"release"_s, id, reason, note, details });
}

Result<void> EventActions::discard(QSqlDatabase& db, qint64 id, const QString& note)
{
    if (auto r = changeOne(db, id, u"UPDATE events SET discarded_us = ? WHERE id = ? AND discarded_us IS NULL"_s,
            { nowUs(), id }, u"no event %1 that is not already discarded"_s);
        !r)
        return r;
    return audit(db, { 0, 0, u"discard"_s, id, {}, note, {} });
}

Result<void> EventActions::restore(QSqlDatabase& db, qint64 id, const QString& note)
{
    if (auto r = changeOne(db, id, u"UPDATE events SET discarded_us = NULL WHERE id = ? AND discarded_us IS NOT NULL"_s,
            { id }, u"event %1 is not discarded (or was purged)"_s);
        !r)
        return r;
    return audit(db, { 0, 0, u"restore"_s, id, {}, note, {} });
}

Result<QList<qint64>> EventActions::purge(QSqlDatabase& db, const PurgeOptions& options)
{
    QStringList where { u"discarded_us IS NOT NULL"_s };
    QVariantList binds;
    if (options.olderThanDays) {
        where << u"received_us < ?"_s;
        binds << nowUs() - qint64(*options.olderThanDays) * 86400LL * 1000000LL;
    }
    if (options.keepNewest) {
        where << u"id NOT IN (SELECT id FROM events ORDER BY received_us DESC, id DESC LIMIT ?)"_s;
        binds << *options.keepNewest;
    }
    QSqlQuery q(db);
    q.prepare(u"SELECT id FROM events WHERE "_s + where.join(u" OR "_s) + u" ORDER BY id"_s);
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(q.lastError().text());
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    q.finish();
    QJsonArray list;
    for (qint64 id : ids) {
        if (auto r = exec(db, u"DELETE FROM events WHERE id = ?"_s, { id }); !r)
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
    const CapturedRequest captured = CapturedRequest::fromDelivery(delivery);
    auto parsed = email::parsePayload(headerValue(captured.headers, "Content-Type"), captured.body);
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

} // namespace hookscope::replay
