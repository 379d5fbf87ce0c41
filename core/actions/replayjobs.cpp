#include "replayjobs.h"

#include "core/verify/defaultscheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::actions {

namespace {

http::HttpHeaders editedHeaders(http::HttpHeaders headers, const ReplayRequest& request)
{
    for (const QByteArray& name : request.removeHeaders)
        headers.removeIf([&](const http::HttpHeader& h) { return name.compare(h.name, Qt::CaseInsensitive) == 0; });
    for (const auto& set : request.setHeaders) {
        bool replaced = false;
        for (qsizetype i = 0; i < headers.size();) {
            if (set.name.compare(headers.at(i).name, Qt::CaseInsensitive) == 0) {
                if (replaced) {
                    headers.removeAt(i);
                    continue;
                }
                headers[i].value = set.value;
                replaced = true;
            }
            ++i;
        }
        if (!replaced)
            headers.append(set);
    }
    return headers;
}

} // namespace

Result<replay::ReplayJob> replayJob(const store::EventRow& event, const QList<store::DeliveryRow>& deliveries,
    const ReplayRequest& request, const SecretPolicy& secrets)
{
    if (deliveries.isEmpty())
        return fail(u"event %1 has no deliveries"_s.arg(event.id));
    const store::DeliveryRow* chosen = store::chosenDelivery(deliveries, request.delivery);
    if (!chosen)
        return fail(u"event %1 has %2 deliveries, not %3"_s.arg(event.id).arg(deliveries.size()).arg(request.delivery));
    replay::ReplayJob job;
    job.eventRowId = event.id;
    job.deliveryRowId = chosen->id;
    job.captured = replay::CapturedRequest::fromDelivery(*chosen);
    job.target = request.target;
    job.policy = request.policy;
    job.timeoutMs = request.timeoutMs;
    job.ignoreTlsErrors = request.ignoreTlsErrors;
    job.spec.resign = request.resign;
    job.spec.negative = request.negative;
    job.spec.scheme = !request.scheme.isEmpty() ? request.scheme
        : event.scheme.isEmpty()                ? verify::defaultSchemeName()
                                                : event.scheme;
    if (request.signs()) {
        auto values = secrets.secretsFor(event.route);
        if (!values)
            return fail(values.error());
        if (values->isEmpty())
            return fail(u"no secret for route '%1': %2"_s.arg(
                routeName(event.route), request.noSecretHint.arg(routeName(event.route))));
        job.spec.secret = values->first();
    } else if (secrets.hasGiven()) {
        // A secret given explicitly goes with the job even unsigned, as the command line always did.
        job.spec.secret = secrets.secretsFor(event.route).value_or(QList<QByteArray>()).value(0);
    }
    if (!request.removeHeaders.isEmpty() || !request.setHeaders.isEmpty())
        job.spec.headers = editedHeaders(job.captured->headers, request);
    if (request.headers)
        job.spec.headers = request.headers;
    job.spec.body = request.body;
    return job;
}

Result<QList<replay::ReplayJob>> replayJobs(
    const QList<StoredEvent>& events, const ReplayRequest& request, const SecretPolicy& secrets)
{
    QList<replay::ReplayJob> jobs;
    for (const StoredEvent& e : events) {
        auto job = replayJob(e.event, e.deliveries, request, secrets);
        if (!job)
            return fail(job.error());
        jobs << *job;
    }
    return jobs;
}

} // namespace hookscope::actions
