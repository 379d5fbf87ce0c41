#include "ingestor.h"

#include "credentials.h"
#include "idempotency.h"

#include "core/common/crypto.h"
#include "core/config/publicurl.h"
#include "core/email/payload.h"
#include "core/verify/defaultscheme.h"

#include <QDateTime>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace hookscope::ingest {

namespace {
qint64 elapsedUs(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - since).count();
}
} // namespace

/**
 * A GET or HEAD without a body that carries none of the scheme's headers: a reachability check (a provider's
 * endpoint test, a tunnel's, an uptime monitor's), not a delivery whose signature failed.
 */
bool isHealthCheck(const http::Delivery& delivery, const verify::Verdict& verdict)
{
    return (delivery.method == "GET" || delivery.method == "HEAD") && delivery.body.isEmpty()
        && verdict.outcome == verify::Outcome::MissingHeaders;
}

QString quarantineReason(verify::Outcome outcome)
{
    switch (outcome) {
    case verify::Outcome::MissingHeaders:
        return u"missing-signature"_s;
    case verify::Outcome::InvalidTimestamp:
    case verify::Outcome::TimestampSkew:
        return u"timestamp-out-of-window"_s;
    case verify::Outcome::InvalidSignature:
        return u"invalid-signature"_s;
    default:
        return {};
    }
}

Ingestor::Ingestor(store::StoreWriter& writer, QList<config::Route> routes)
    : m_writer(writer)
    , m_credentialKey(32, Qt::Uninitialized)
{
    QRandomGenerator::system()->generate(m_credentialKey.begin(), m_credentialKey.end());
    setRoutes(std::move(routes));
}

Ingestor::~Ingestor() = default;

void Ingestor::setRoutes(QList<config::Route> routes)
{
    if (routes.isEmpty())
        routes.append(config::Route {});
    auto table = std::make_shared<RouteTable>();
    for (auto& r : routes) {
        CompiledRoute c;
        c.scheme = verify::createScheme(r.scheme, r.schemeOptions);
        if (!c.scheme)
            c.scheme = verify::createScheme(verify::defaultSchemeName());
        c.route = std::move(r);
        table->push_back(std::move(c));
    }
    for (auto& c : *table) {
        for (const auto& other : *table) {
            if (&other == &c)
                continue;
            for (const QByteArray& s : other.route.secrets)
                c.otherSecrets.append({ other.route.name, s });
        }
    }
    std::lock_guard lock(m_mutex);
    m_routes = std::move(table);
}

std::shared_ptr<const Ingestor::RouteTable> Ingestor::routes() const
{
    std::lock_guard lock(m_mutex);
    return m_routes;
}

const Ingestor::CompiledRoute* Ingestor::match(const RouteTable& table, QByteArrayView path) const
{
    const CompiledRoute* best = nullptr;
    for (const auto& c : table) {
        if (config::routeMatches(c.route, path) && (!best || c.route.pathPrefix.size() > best->route.pathPrefix.size()))
            best = &c;
    }
    // Requests outside every configured prefix are still captured, under the first route.
    return best ? best : &table.front();
}

void Ingestor::handle(http::Delivery delivery, http::ReplyFunction reply)
{
    const auto started = onAnswered ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    const auto table = routes();
    const CompiledRoute* route = match(*table, delivery.path());

    verify::Input input;
    input.headers = delivery.headers;
    input.body = delivery.body;
    input.method = delivery.method;
    input.nowMs = clock ? clock() : QDateTime::currentMSecsSinceEpoch();
    input.toleranceMs = route->route.toleranceMs;
    input.secrets = route->route.secrets;
    input.url = config::signedUrl(route->route, delivery);
    input.otherSecrets = route->otherSecrets;
    verify::Verdict verdict = route->scheme->verify(input);
    verdict.abbreviateCanonical(64 * 1024);
    // Credentials the scheme checked in clear never reach the store (the verdict keeps their keyed hash).
    protectCredentials(delivery, verdict, *route->scheme, m_credentialKey);
    // Answered 200 and kept as what it is (unverified, flagged), never counted as a failed signature.
    const bool healthCheck = isHealthCheck(delivery, verdict);
    if (healthCheck) {
        verdict.outcome = verify::Outcome::NotChecked;
        verdict.reason = u"health-check"_s;
        verdict.hints = { u"A %1 without a body or signature headers: a reachability check (a provider testing the "
                          u"URL, a tunnel, an uptime monitor). Answered 200; nothing to verify."_s.arg(
                              QString::fromLatin1(delivery.method)) };
    }

    store::IngestRecord record;
    record.route = route->route.name;
    record.scheme = route->scheme->name();

    // The payload is classified (not parsed in depth) here; the email itself is read after the ack.
    const QByteArray contentType = delivery.header("Content-Type");
    std::optional<email::PayloadIds> payload;
    const email::PayloadKind kind = email::detectPayload(contentType, delivery.body, &payload);
    const IdempotencyKey key = idempotencyKey(delivery, route->scheme->deliveryIdHeaders(), payload);
    record.idempotencyKey = key.key;
    record.keySource = key.source;
    record.providerEventId = key.providerEventId;
    record.messageId = key.messageId;
    if (verdict.deliveryId.isEmpty() && key.source != u"sha256"_s && key.source != u"request"_s)
        verdict.deliveryId = key.key;

    http::HttpResponse response = http::HttpResponse::text(verdict.httpStatus(), verdict.responseText());
    if (healthCheck) {
        // Not an event's delivery: no payload to find malformed, no response rule to apply.
        record.flags << u"health-check"_s;
        response = http::HttpResponse::text(200, "ok\n");
    } else if (verdict.accepted()) {
        response.contentType = "application/json";
        if (kind == email::PayloadKind::Unreadable) {
            record.flags << u"malformed-payload"_s;
            if (route->route.autoQuarantine)
                record.autoQuarantine = u"malformed-payload"_s;
        }
        if (m_rulesEnabled.load(std::memory_order_relaxed))
            applyRules(route->route, key.key, response, record);
    } else if (route->route.autoQuarantine) {
        record.autoQuarantine = quarantineReason(verdict.outcome);
    }
    std::shared_ptr<RequestLog> log;
    if (onAnswered) {
        log = std::make_shared<RequestLog>();
        log->started = started;
        log->receivedUs = delivery.receivedUs;
        log->route = route->route.name;
        log->method = delivery.method;
        log->path = delivery.path();
        log->verdict = verdict.statusWord();
        log->reason = verdict.reason;
        log->quarantined = record.autoQuarantine;
        m_pendingLogs.push_back(log);
    }
    record.verdict = std::move(verdict);
    record.answerStatus = response.ending == http::HttpResponse::Ending::Answer ? response.status : 0;
    record.answerBody = response.body;
    record.storedVerdict = store::storedVerdict(record.verdict, delivery.body);
    record.delivery = std::move(delivery);
    m_pending.emplace_back(std::move(record),
        [this, reply = std::move(reply), response, log = std::move(log)](const store::IngestOutcome& outcome) mutable {
            if (log)
                log->commitUs = elapsedUs(log->submitted);
            if (!outcome.committed) {
                // Never 200 for something that is not on disk.
                reply(http::HttpResponse::text(503, "store unavailable: " + outcome.error.toUtf8()));
                if (log) {
                    log->answerUs = elapsedUs(log->started);
                    log->answeredMs = QDateTime::currentMSecsSinceEpoch();
                    log->status = 503;
                    log->error = outcome.error;
                    onAnswered(*log);
                }
                return;
            }
            const int status = response.ending == http::HttpResponse::Ending::Answer ? response.status : 0;
            reply(std::move(response));
            if (log) {
                // Only the small record crosses to whoever writes the log; formatting happens there.
                log->answerUs = elapsedUs(log->started);
                log->answeredMs = QDateTime::currentMSecsSinceEpoch();
                log->status = status;
                log->eventRowId = outcome.eventRowId;
                log->duplicate = outcome.duplicate;
                onAnswered(*log);
            }
            if (onCommitted)
                onCommitted();
            if (outcome.readEmail && onReadEmail)
                onReadEmail(outcome.eventRowId, outcome.deliveryRowId);
            if (outcome.firstAccepted && onAccepted)
                onAccepted(outcome.eventRowId, outcome.deliveryRowId);
        });
}

void Ingestor::applyRules(
    const config::Route& route, const QString& key, http::HttpResponse& response, store::IngestRecord& record)
{
    const config::RouteResponse& custom = route.response;
    const RuleAnswer decided = m_rules.decide(route, key);
    if (decided.status > 0) {
        // A rule's status: the route's body when it has one, else the verification's own answer for a 2xx, else a
        // sentence saying why (the sender's log shows it).
        if (!custom.body.isEmpty() || custom.status > 0 || decided.status / 100 != 2) {
            response.body = !custom.body.isEmpty() ? custom.body
                                                   : "hookscope: failing on purpose (" + decided.rule.toUtf8() + ")";
            response.contentType
                = custom.contentType.isEmpty() ? QByteArray("text/plain; charset=utf-8") : custom.contentType;
        }
        response.status = decided.status;
    } else if (custom.status > 0) {
        response.status = custom.status;
        response.body = custom.body;
        response.contentType
            = custom.contentType.isEmpty() ? QByteArray("text/plain; charset=utf-8") : custom.contentType;
    }
    response.delayMs = decided.delayMs;
    record.answerDelayMs = decided.delayMs;
    record.answerRule = decided.rule;
    if (decided.action == config::ResponseAction::Close) {
        response.ending = http::HttpResponse::Ending::Close;
        record.answerAction = u"closed"_s;
    } else if (decided.action == config::ResponseAction::Reset) {
        response.ending = http::HttpResponse::Ending::Reset;
        record.answerAction = u"reset"_s;
    }
    if (!record.answerAction.isEmpty())
        response.body.clear();
}

void Ingestor::endOfPass()
{
    const auto now = std::chrono::steady_clock::now();
    for (const auto& log : std::exchange(m_pendingLogs, {}))
        log->submitted = now;
    if (!m_pending.empty())
        m_writer.submit(std::exchange(m_pending, {}));
}

void Ingestor::record(http::Delivery delivery)
{
    const auto table = routes();
    const CompiledRoute* route = match(*table, delivery.path());
    store::IngestRecord record;
    record.route = route->route.name;
    record.scheme = route->scheme->name();
    record.verdict.outcome = verify::Outcome::NotChecked;
    record.verdict.scheme = record.scheme;
    record.verdict.reason = u"refused"_s;
    record.verdict.hints << delivery.refusedReason;
    // Before anything is derived from the head (the key below hashes it).
    protectCredentials(delivery, record.verdict, *route->scheme, m_credentialKey);
    // A refused request is an event of its own: it never merges with a real delivery.
    record.idempotencyKey = u"refused:"_s + QString::number(delivery.receivedUs) + u':'
        + QString::fromLatin1(crypto::sha256Hex(QByteArray(delivery.rawHead + delivery.body)).left(16));
    record.keySource = u"refused"_s;
    record.flags << u"refused-%1"_s.arg(delivery.refusedStatus);
    if (delivery.truncated)
        record.flags << u"truncated"_s;
    if (delivery.refusedStatus == 413)
        record.autoQuarantine = u"oversize"_s;
    record.answerStatus = delivery.refusedStatus;
    record.answerBody = delivery.refusedReason.toUtf8();
    std::shared_ptr<RequestLog> log;
    if (onAnswered) {
        log = std::make_shared<RequestLog>();
        log->receivedUs = delivery.receivedUs;
        log->route = record.route;
        log->method = delivery.method;
        log->path = delivery.path();
        log->status = delivery.refusedStatus;
        log->verdict = u"refused"_s;
        log->reason = delivery.refusedReason;
        log->quarantined = record.autoQuarantine;
        log->submitted = std::chrono::steady_clock::now();
    }
    record.delivery = std::move(delivery);
    m_writer.submit(std::move(record), [this, log = std::move(log)](const store::IngestOutcome& outcome) {
        if (log) {
            log->commitUs = elapsedUs(log->submitted);
            log->answeredMs = QDateTime::currentMSecsSinceEpoch();
            log->eventRowId = outcome.committed ? outcome.eventRowId : 0;
            log->error = outcome.error;
            onAnswered(*log);
        }
        if (outcome.committed && onCommitted)
            onCommitted();
    });
}

} // namespace hookscope::ingest
