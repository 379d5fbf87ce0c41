#include "checks.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hookscope::check {

namespace {

using replay::ExchangeResult;
using replay::OutgoingRequest;

CheckResult begin(const QString& id, const QString& why)
{
    CheckResult r;
    r.id = id;
    r.why = why;
    return r;
}

CheckResult notApplying(CheckResult r, const QString& reason)
{
    r.applies = false;
    r.passed = std::nullopt;
    r.sent = u"nothing"_s;
    r.received = reason;
    return r;
}

/** The suite could not even build the request (the scheme cannot sign with this secret). */
CheckResult notSent(CheckResult r, const QString& error)
{
    r.passed = false;
    r.sent = u"nothing"_s;
    r.received = u"not sent: "_s + error;
    return r;
}

bool isClientError(int status)
{
    return status >= 400 && status < 500;
}

void judgeAccepted(CheckResult& r, const ExchangeResult& x, int budgetMs)
{
    r.received = describeReceived(x);
    r.ms = x.latencyMs;
    r.passed = x.success();
    if (x.success() && x.latencyMs > budgetMs)
        r.warnings << u"answered in %1 ms, over the %2 ms budget (see ack-latency)"_s.arg(x.latencyMs).arg(budgetMs);
}

/** A refusal: any 4xx passes; another 4xx than `expected` (0: any) with a warning. */
void judgeRejected(CheckResult& r, const ExchangeResult& x, int expected, const QString& expectedWords)
{
    r.received = describeReceived(x);
    r.ms = x.latencyMs;
    r.passed = isClientError(x.status);
    if (*r.passed && expected && x.status != expected)
        r.warnings << u"answered %1 where the guide answers %2 %3"_s.arg(x.status).arg(expected).arg(expectedWords);
    if (x.success())
        r.warnings << u"the delivery was accepted: the receiver processed a request it had to refuse"_s;
}

QString unitName(qint64 unitMs)
{
    return unitMs == 1 ? u"milliseconds"_s : u"seconds"_s;
}

QString duration(qint64 ms)
{
    if (ms % 60'000 == 0)
        return u"%1 min"_s.arg(ms / 60'000);
    if (ms >= 60'000)
        return u"%1 min %2 s"_s.arg(ms / 60'000).arg((ms % 60'000) / 1000);
    return u"%1 s"_s.arg(double(ms) / 1000);
}

/** The scheme's time rules, when it has a timestamp and a window. */
struct TimeRules {
    qint64 unitMs = 0;
    qint64 toleranceMs = 0;
    verify::support::Window window = verify::support::Window::TwoSided;
    /// How far outside (or inside) the window a probe lands: far enough for the time a delivery takes.
    qint64 marginMs() const { return std::min<qint64>(30'000, toleranceMs / 10); }
};

std::optional<TimeRules> timeRules(const CheckContext& context)
{
    const auto& scheme = context.scheme();
    if (scheme.timestampUnitMs() <= 0 || !scheme.defaultToleranceMs())
        return std::nullopt;
    return TimeRules { scheme.timestampUnitMs(), *scheme.defaultToleranceMs(), scheme.window() };
}

QString noTimestamp(const CheckContext& context)
{
    return context.scheme().timestampUnitMs() <= 0 ? u"%1 signs no timestamp"_s.arg(context.options().scheme)
                                                   : u"%1 has no time window"_s.arg(context.options().scheme);
}

/** Sends one delivery signed at `offsetMs` from now, expecting a refusal (400) or an acceptance. */
CheckResult timeProbe(CheckContext& context, CheckResult r, qint64 signAtMs, const QString& note, bool accept)
{
    DeliveryPlan plan = context.freshDelivery();
    plan.signAtMs = signAtMs;
    const auto request = context.build(plan);
    if (!request)
        return notSent(r, request.error());
    r.sent = describeSent(*request, note);
    const ExchangeResult x = context.exchange(*request);
    if (accept)
        judgeAccepted(r, x, context.options().budgetMs);
    else
        judgeRejected(r, x, 400, u"timestamp skew"_s);
    return r;
}

/** The nearest-rank percentile of sorted `values`. */
qint64 percentile(const QList<qint64>& sorted, int p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype rank = std::max<qsizetype>(1, (sorted.size() * p + 99) / 100);
    return sorted.at(std::min(rank, sorted.size()) - 1);
}

/** "3 of 16 answered 500 in 2 ms" for the first delivery that was not accepted; empty when all were. */
QString firstRefusal(const QList<ExchangeResult>& results)
{
    qsizetype bad = 0;
    const ExchangeResult* first = nullptr;
    for (const auto& x : results) {
        if (!x.success()) {
            ++bad;
            if (!first)
                first = &x;
        }
    }
    if (!first)
        return {};
    return u"%1 of %2 not accepted; first: %3"_s.arg(bad).arg(results.size()).arg(describeReceived(*first));
}

qint64 slowest(const QList<ExchangeResult>& results)
{
    qint64 ms = 0;
    for (const auto& x : results)
        ms = std::max(ms, x.latencyMs);
    return ms;
}

} // namespace

CheckResult validAccepted(CheckContext& context)
{
    CheckResult r = begin(u"valid-accepted"_s,
        u"A correctly signed delivery is acknowledged with a 2xx once stored; any other answer makes the sender retry."_s);
    const auto request = context.build(context.freshDelivery());
    if (!request)
        return notSent(r, request.error());
    r.sent = describeSent(*request, u"signed correctly"_s);
    judgeAccepted(r, context.exchange(*request), context.options().budgetMs);
    return r;
}

CheckResult missingHeadersRejected(CheckContext& context)
{
    CheckResult r = begin(u"missing-headers-rejected"_s,
        u"A delivery without its signature headers is refused with 400 (missing headers) and never processed."_s);
    DeliveryPlan plan = context.freshDelivery();
    plan.negative = replay::Negative::MissingSignature;
    const auto request = context.build(plan);
    if (!request)
        return notSent(r, request.error());
    // A scheme that signs inside the body (Mailgun) keeps its signature there: nothing was left out.
    const auto valid = context.build(context.freshDelivery());
    if (valid && valid->headers.size() == request->headers.size())
        return notApplying(r, u"%1 carries no signature header"_s.arg(context.options().scheme));
    r.sent = describeSent(*request, u"the signature headers left out"_s);
    judgeRejected(r, context.exchange(*request), 400, u"missing headers"_s);
    return r;
}

CheckResult badSignatureRejected(CheckContext& context)
{
    CheckResult r = begin(u"bad-signature-rejected"_s,
        u"A signature that does not verify with the shared secret is refused with 401 (invalid signature)."_s);
    DeliveryPlan plan = context.freshDelivery();
    plan.negative = replay::Negative::WrongSecret;
    const auto request = context.build(plan);
    if (!request)
        return notSent(r, request.error());
    r.sent = describeSent(*request, u"signed with another secret"_s);
    judgeRejected(r, context.exchange(*request), 401, u"invalid signature"_s);
    return r;
}

CheckResult tamperedBodyRejected(CheckContext& context)
{
    CheckResult r = begin(u"tampered-body-rejected"_s,
        u"The signature is checked over the exact raw body: the same JSON laid out differently than signed is 401, "
        u"so a receiver that re-serializes before comparing is caught."_s);
    const DeliveryPlan plan = context.freshDelivery();
    auto request = context.build(plan);
    if (!request)
        return notSent(r, request.error());
    const QJsonDocument document = QJsonDocument::fromJson(request->body);
    if (!document.isObject())
        return notApplying(r, u"%1 does not send a JSON body"_s.arg(context.options().scheme));
    // The same data, other bytes: what a receiver comparing re-serialized JSON cannot tell apart.
    const QByteArray relaid = document.toJson(QJsonDocument::Indented);

    // The scheme's own rules say whether the body is signed at all (Mailgun and Basic credentials sign none of it).
    verify::Input input;
    input.headers = request->headers;
    input.url = request->url.toString(QUrl::RemovePath | QUrl::RemoveQuery) + QString::fromUtf8(request->target);
    input.nowMs = plan.signAtMs;
    input.secrets = { context.options().secret };
    input.diagnose = false;
    input.body = request->body;
    const bool selfVerifies = context.scheme().verify(input).valid();
    input.body = relaid;
    if (selfVerifies && context.scheme().verify(input).valid())
        return notApplying(r, u"%1 does not sign the body"_s.arg(context.options().scheme));

    request->body = relaid;
    for (auto& h : request->headers) {
        if (h.name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            h.value = QByteArray::number(relaid.size());
    }
    r.sent = describeSent(*request, u"signed over the compact JSON, sent re-serialized (indented)"_s);
    judgeRejected(r, context.exchange(*request), 401, u"invalid signature"_s);
    return r;
}

CheckResult staleTimestampRejected(CheckContext& context)
{
    CheckResult r = begin(u"stale-timestamp-rejected"_s,
        u"A timestamp older than the scheme's window is refused with 400 (timestamp skew): it stops replayed "
        u"deliveries."_s);
    const auto rules = timeRules(context);
    if (!rules)
        return notApplying(r, noTimestamp(context));
    const qint64 by = rules->toleranceMs + rules->marginMs();
    r.why += u" Window: %1."_s.arg(duration(rules->toleranceMs));
    return timeProbe(context, r, CheckContext::nowMs() - by, u"signed %1 ago"_s.arg(duration(by)), false);
}

CheckResult futureTimestampRejected(CheckContext& context)
{
    CheckResult r = begin(u"future-timestamp-rejected"_s,
        u"A timestamp further ahead than the window is refused with 400 as well: the window is |now - timestamp|."_s);
    const auto rules = timeRules(context);
    if (!rules)
        return notApplying(r, noTimestamp(context));
    if (rules->window == verify::support::Window::PastOnly)
        return notApplying(r, u"%1 refuses old timestamps only"_s.arg(context.options().scheme));
    const qint64 by = rules->toleranceMs + rules->marginMs();
    r.why += u" Window: %1."_s.arg(duration(rules->toleranceMs));
    return timeProbe(context, r, CheckContext::nowMs() + by, u"signed %1 ahead"_s.arg(duration(by)), false);
}

CheckResult windowEdgeAccepted(CheckContext& context)
{
    CheckResult r = begin(u"window-edge-accepted"_s,
        u"A timestamp inside the window, near its edge, is accepted: clocks drift and deliveries wait in queues."_s);
    const auto rules = timeRules(context);
    if (!rules)
        return notApplying(r, noTimestamp(context));
    const qint64 by = rules->toleranceMs - rules->marginMs();
    r.why += u" Window: %1."_s.arg(duration(rules->toleranceMs));
    r = timeProbe(context, r, CheckContext::nowMs() - by, u"signed %1 ago"_s.arg(duration(by)), true);
    if (r.passed != true || rules->window == verify::support::Window::PastOnly)
        return r;
    // Both edges of a two-sided window.
    CheckResult ahead = timeProbe(context, r, CheckContext::nowMs() + by, u"signed %1 ahead"_s.arg(duration(by)), true);
    ahead.sent = r.sent + u"; then "_s + ahead.sent;
    ahead.received = r.received + u"; then "_s + ahead.received;
    ahead.ms = std::max(r.ms, ahead.ms);
    return ahead;
}

CheckResult secondsTimestampRejected(CheckContext& context)
{
    CheckResult r = begin(u"seconds-timestamp-rejected"_s, {});
    const auto rules = timeRules(context);
    if (!rules) {
        r.why = u"A timestamp in the wrong unit is a skewed timestamp and is refused."_s;
        return notApplying(r, noTimestamp(context));
    }
    const bool millis = rules->unitMs == 1;
    r.why = u"%1 timestamps are in %2; the same instant in %3 is far outside the window and is refused (4xx)."_s.arg(
        context.options().scheme, unitName(rules->unitMs), unitName(millis ? 1000 : 1));
    // The scheme writes signAtMs / unitMs: now in the other unit comes out of a scaled "now".
    const qint64 now = CheckContext::nowMs();
    const qint64 signAt = millis ? now / 1000 : now * 1000;
    return timeProbe(context, r, signAt,
        u"the timestamp in %1 (%2)"_s.arg(unitName(millis ? 1000 : 1)).arg(millis ? now / 1000 : now), false);
}

CheckResult duplicateAcknowledged(CheckContext& context)
{
    CheckResult r = begin(u"duplicate-acknowledged"_s,
        u"A duplicate (same idempotency key) is answered 200 again, fast, and not processed twice, so the sender "
        u"stops retrying."_s);
    const auto request = context.build(context.freshDelivery());
    if (!request)
        return notSent(r, request.error());
    r.sent = describeSent(*request, u"the same delivery 4 times: twice in turn, then twice at once"_s);
    QList<ExchangeResult> all;
    all << context.exchange(*request);
    all << context.exchange(*request);
    all << context.exchange(QList<OutgoingRequest> { *request, *request });
    QStringList answers;
    for (const auto& x : all)
        answers << (x.status ? QString::number(x.status) : x.error);
    const QString refused = firstRefusal(all);
    r.passed = refused.isEmpty();
    r.ms = slowest(all);
    r.received = refused.isEmpty() ? u"%1, slowest %2 ms"_s.arg(answers.join(u", "_s)).arg(r.ms) : refused;
    if (r.ms > context.options().budgetMs)
        r.warnings << u"a duplicate took %1 ms, over the %2 ms budget"_s.arg(r.ms).arg(context.options().budgetMs);
    return r;
}

CheckResult ackLatency(CheckContext& context)
{
    const int budget = context.options().budgetMs;
    CheckResult r = begin(u"ack-latency"_s,
        u"Acknowledge within the budget (%1 ms) and process afterwards: a slow answer is a timeout and a retry for "
        u"the sender."_s.arg(budget));
    QList<ExchangeResult> results;
    QList<qint64> times;
    for (int i = 0; i < context.options().count && !context.cancelled(); ++i) {
        const auto request = context.build(context.freshDelivery());
        if (!request)
            return notSent(r, request.error());
        if (i == 0)
            r.sent = describeSent(*request, u"%1 deliveries in turn, each a new event"_s.arg(context.options().count));
        results << context.exchange(*request);
        times << results.last().latencyMs;
    }
    std::sort(times.begin(), times.end());
    const qint64 p50 = percentile(times, 50);
    const qint64 p99 = percentile(times, 99);
    r.ms = times.isEmpty() ? -1 : times.last();
    const QString refused = firstRefusal(results);
    r.passed = refused.isEmpty() && !times.isEmpty() && p50 <= budget && p99 <= budget;
    r.received = u"p50 %1 ms, p99 %2 ms, slowest %3 ms"_s.arg(p50).arg(p99).arg(r.ms);
    if (!refused.isEmpty())
        r.received += u"; "_s + refused;
    return r;
}

CheckResult concurrentDeliveries(CheckContext& context)
{
    const int budget = context.options().budgetMs;
    const int n = context.options().concurrency;
    CheckResult r = begin(u"concurrent-deliveries"_s,
        u"Deliveries arrive at once (bursts, retries): each is answered 2xx and none waits on the others beyond the "
        u"budget (%1 ms)."_s.arg(budget));
    // What one delivery alone takes: waiting on the others is what this check measures, not the receiver's pace.
    const auto single = context.build(context.freshDelivery());
    if (!single)
        return notSent(r, single.error());
    const ExchangeResult alone = context.exchange(*single);
    QList<OutgoingRequest> requests;
    for (int i = 0; i < n; ++i) {
        const auto request = context.build(context.freshDelivery());
        if (!request)
            return notSent(r, request.error());
        requests << *request;
    }
    r.sent = describeSent(requests.first(), u"%1 deliveries at once, each a new event"_s.arg(n));
    const QList<ExchangeResult> results = context.exchange(requests);
    const QString refused = firstRefusal(results);
    r.ms = slowest(results);
    const qint64 limit = budget + (alone.success() ? alone.latencyMs : 0);
    r.passed = refused.isEmpty() && r.ms <= limit;
    r.received = refused.isEmpty()
        ? u"%1 × 2xx, slowest %2 ms (one alone: %3 ms)"_s.arg(n).arg(r.ms).arg(alone.latencyMs)
        : refused;
    if (refused.isEmpty() && r.ms > limit)
        r.received += u"; the slowest waited %1 ms longer than one alone"_s.arg(r.ms - alone.latencyMs);
    return r;
}

CheckResult largeBody(CheckContext& context)
{
    const qint64 size = context.options().largeBodyBytes;
    CheckResult r = begin(u"large-body"_s,
        u"A large event (a %1 attachment) is answered 2xx, or 413 when over the receiver's limit: never a reset "
        u"or a timeout, which the sender retries forever."_s.arg(byteSize(size)));
    const auto request = context.build(context.freshDelivery(size));
    if (!request)
        return notSent(r, request.error());
    r.sent = describeSent(*request, u"an attachment of %1"_s.arg(byteSize(size)));
    const ExchangeResult x = context.exchange(*request);
    r.received = describeReceived(x);
    r.ms = x.latencyMs;
    r.passed = x.success() || x.status == 413;
    if (x.status == 413)
        r.warnings << u"refused as too large: the provider will not deliver such an email"_s;
    return r;
}

CheckResult retryAfter5xx(CheckContext& context)
{
    CheckResult r = begin(u"retry-after-5xx"_s,
        u"After a 5xx the sender retries the same event; the retry must succeed (the failed attempt stored nothing "
        u"half-way)."_s);
    if (!context.options().probe5xx)
        return notApplying(r, u"runs with --probe-5xx only"_s);
    DeliveryPlan plan = context.freshDelivery();
    // The endpoint's way to fail: it answers 5xx to the first delivery of an event that asks for it.
    plan.extraHeaders = { { "X-Hookscope-Probe", "fail-once" } };
    const auto first = context.build(plan);
    if (!first)
        return notSent(r, first.error());
    r.sent = describeSent(*first, u"asks to fail once (X-Hookscope-Probe: fail-once), then the same event again"_s);
    const ExchangeResult failed = context.exchange(*first);
    if (failed.status < 500) {
        r.passed = false;
        r.received = describeReceived(failed) + u"; the endpoint did not fail, so no retry could be checked"_s;
        r.ms = failed.latencyMs;
        return r;
    }
    context.pause(250); // a short backoff, as a sender waits before retrying
    plan.signAtMs = CheckContext::nowMs(); // a retry is signed again
    const auto retry = context.build(plan);
    if (!retry)
        return notSent(r, retry.error());
    const ExchangeResult x = context.exchange(*retry);
    r.received = describeReceived(failed) + u"; retry: "_s + describeReceived(x);
    r.ms = x.latencyMs;
    r.passed = x.success();
    return r;
}

CheckResult httpsCertificate(CheckContext& context)
{
    CheckResult r = begin(
        u"https"_s, u"Providers verify the endpoint's certificate: an https endpoint needs one that verifies."_s);
    if (context.options().target.scheme() != u"https"_s)
        return notApplying(r, u"the URL is not https"_s);
    const auto request = context.build(context.freshDelivery());
    if (!request)
        return notSent(r, request.error());
    r.sent = describeSent(*request, u"the certificate verified"_s);
    const ExchangeResult x = context.exchange({ *request }, 0, false).first();
    r.received = describeReceived(x);
    r.ms = x.latencyMs;
    r.passed = x.status > 0;
    if (!*r.passed && context.options().insecure) {
        // --insecure: the other checks went through; this one says what a provider would see.
        r.required = false;
        r.warnings << u"the certificate does not verify (%1): a provider would refuse to deliver"_s.arg(x.error);
    }
    return r;
}

const QList<CheckDefinition>& checkDefinitions()
{
    static const QList<CheckDefinition> list {
        { u"valid-accepted"_s, validAccepted },
        { u"missing-headers-rejected"_s, missingHeadersRejected },
        { u"bad-signature-rejected"_s, badSignatureRejected },
        { u"tampered-body-rejected"_s, tamperedBodyRejected },
        { u"stale-timestamp-rejected"_s, staleTimestampRejected },
        { u"future-timestamp-rejected"_s, futureTimestampRejected },
        { u"window-edge-accepted"_s, windowEdgeAccepted },
        { u"seconds-timestamp-rejected"_s, secondsTimestampRejected },
        { u"duplicate-acknowledged"_s, duplicateAcknowledged },
        { u"ack-latency"_s, ackLatency },
        { u"concurrent-deliveries"_s, concurrentDeliveries },
        { u"large-body"_s, largeBody },
        { u"retry-after-5xx"_s, retryAfter5xx },
        { u"https"_s, httpsCertificate },
    };
    return list;
}

} // namespace hookscope::check
