#include "replayengine.h"

#include "attemptlog.h"
#include "auditlog.h"
#include "forwardrules.h"
#include "httpexchange.h"
#include "requestbuilder.h"

#include "core/store/eventstore.h"
#include "core/store/storewriter.h"
#include "core/verify/defaultscheme.h"

#include <QDateTime>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

struct ReplayEngine::Run {
    ReplayJob job;
    QString runId;
    int attempt = 1;
    QString route;
    QPointer<HttpExchange> exchange;
    QPointer<QTimer> timer;
    bool hasPendingRow = false; ///< a scheduled attempt is stored as pending
    bool cancelled = false;
    /// When the current attempt is due (a retry, a resumed run); 0: when it starts.
    qint64 scheduledUs = 0;
};

namespace {

qint64 nowUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

} // namespace

ReplayEngine::ReplayEngine(QString databasePath, store::StoreWriter* writer)
    : m_path(std::move(databasePath))
    , m_writer(writer)
    , m_random(QRandomGenerator::securelySeeded())
{
}

ReplayEngine::~ReplayEngine() = default;

store::EventStore* ReplayEngine::reader()
{
    if (!m_reader && !m_path.isEmpty()) {
        auto opened = store::EventStore::open(m_path, false);
        if (opened)
            m_reader = std::move(*opened);
        else
            Q_EMIT message(u"cannot read the store: "_s + opened.error());
    }
    return m_reader.get();
}

void ReplayEngine::setConcurrency(int limit)
{
    m_concurrency = qMax(1, limit);
    pump();
}

void ReplayEngine::setForwardRules(const QList<ForwardRule>& rules, const QHash<QString, QByteArray>& routeSecrets)
{
    m_rules = rules;
    m_routeSecrets = routeSecrets;
}

void ReplayEngine::submit(const QList<ReplayJob>& jobs)
{
    for (const ReplayJob& job : jobs) {
        auto run = std::make_shared<Run>();
        run->job = job;
        run->runId = job.runId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : job.runId;
        run->attempt = qMax(1, job.nextAttempt);
        run->hasPendingRow = !job.runId.isEmpty();
        m_runs.insert(run->runId, run);
        ++m_total;
        run->scheduledUs = job.notBeforeUs > 0 ? job.notBeforeUs : 0;
        const qint64 wait = (job.notBeforeUs - nowUs()) / 1000;
        if (wait > 0)
            schedule(run, wait);
        else
            m_ready.enqueue(run);
    }
    Q_EMIT progress(m_finished, m_total);
    pump();
}

bool ReplayEngine::loadCaptured(Run& run, QString& error)
{
    if (run.job.captured)
        return true;
    store::EventStore* store = reader();
    if (!store) {
        error = u"the store cannot be read"_s;
        return false;
    }
    auto event = store->event(run.job.eventRowId);
    if (!event || !*event) {
        error = u"no event %1"_s.arg(run.job.eventRowId);
        return false;
    }
    run.route = (*event)->route;
    auto deliveries = store->deliveries(run.job.eventRowId);
    if (!deliveries || deliveries->isEmpty()) {
        error = u"event %1 has no deliveries"_s.arg(run.job.eventRowId);
        return false;
    }
    const store::DeliveryRow* chosen = nullptr;
    if (run.job.deliveryRowId) {
        for (const auto& d : *deliveries) {
            if (d.id == run.job.deliveryRowId)
                chosen = &d;
        }
    } else {
        chosen = &deliveries->at(store::primaryDeliveryIndex(*deliveries));
    }
    if (!chosen) {
        error = u"delivery %1 of event %2 is gone"_s.arg(run.job.deliveryRowId).arg(run.job.eventRowId);
        return false;
    }
    run.job.deliveryRowId = chosen->id;
    run.job.captured = CapturedRequest::fromDelivery(*chosen);
    return true;
}

void ReplayEngine::pump()
{
    while (!m_stopping && m_inFlight < m_concurrency && !m_ready.isEmpty()) {
        auto run = m_ready.dequeue();
        if (!run->cancelled)
            startAttempt(run);
    }
}

AttemptRow ReplayEngine::baseRow(const Run& run) const
{
    AttemptRow row;
    row.eventRowId = run.job.eventRowId;
    row.runId = run.runId;
    row.kind = run.job.kind;
    row.rule = run.job.rule;
    row.target = run.job.target.toString();
    row.mode = run.job.spec.modeName();
    row.spec = QJsonObject { { u"replay"_s, run.job.spec.toJson() }, { u"retry"_s, run.job.policy.toJson() },
        { u"timeoutMs"_s, run.job.timeoutMs }, { u"deliveryRowId"_s, double(run.job.deliveryRowId) },
        { u"insecure"_s, run.job.ignoreTlsErrors } };
    row.attempt = run.attempt;
    row.maxAttempts = qMax(run.job.policy.maxAttempts, run.attempt);
    row.scheduledUs = run.scheduledUs > 0 ? run.scheduledUs : nowUs();
    return row;
}

void ReplayEngine::persist(const AttemptRow& row, bool countReplay)
{
    if (!m_writer)
        return;
    m_writer->submitJob([row, countReplay](QSqlDatabase& db) -> Result<void> {
        if (auto r = AttemptLog::write(db, row); !r)
            return r;
        if (countReplay)
            return AttemptLog::countReplay(db, row.eventRowId);
        return {};
    });
}

void ReplayEngine::startAttempt(const std::shared_ptr<Run>& run)
{
    QString error;
    const bool loaded = loadCaptured(*run, error);
    AttemptRow row = baseRow(*run);
    row.startedUs = nowUs();
    Result<OutgoingRequest> request = loaded
        ? buildRequest(*run->job.captured, run->job.target, run->job.spec, QDateTime::currentMSecsSinceEpoch())
        : Result<OutgoingRequest>(fail(error));
    if (!request) {
        // Nothing was sent and a retry would build the same request: the run ends here.
        row.state = u"failed"_s;
        row.error = request.error();
        row.finishedUs = row.startedUs;
        persist(row);
        Q_EMIT attemptFinished(row);
        finishRun(run, row, false);
        return;
    }
    row.spec = baseRow(*run).spec; // deliveryRowId is known now
    row.state = u"pending"_s;
    row.requestMethod = QString::fromLatin1(request->method);
    row.requestUrl = request->url.toString();
    row.requestHead = request->head();
    row.requestBody = request->body;
    // Stored before it is sent: a process killed mid-attempt leaves it pending, to be made again.
    persist(row);
    run->hasPendingRow = true;

    auto* exchange = new HttpExchange(*request, run->job.timeoutMs, run->job.ignoreTlsErrors, this);
    run->exchange = exchange;
    ++m_inFlight;
    connect(exchange, &HttpExchange::finished, this, [this, run, exchange](const ExchangeResult& result) {
        exchange->deleteLater();
        onExchangeFinished(run, result);
    });
    exchange->start();
}

void ReplayEngine::onExchangeFinished(const std::shared_ptr<Run>& run, const ExchangeResult& result)
{
    --m_inFlight;
    run->exchange = nullptr;
    if (m_stopping)
        return; // left pending: the next start makes this attempt again

    AttemptRow row = baseRow(*run);
    row.state = result.success() ? u"done"_s : u"failed"_s;
    row.startedUs = result.startedUs;
    row.finishedUs = result.finishedUs;
    row.requestMethod = QString::fromLatin1(result.requestHead.left(result.requestHead.indexOf(' ')));
    row.requestUrl = run->job.target.toString();
    row.requestHead = result.requestHead;
    row.requestBody = result.requestBody;
    row.status = result.status;
    row.latencyMs = result.latencyMs;
    row.responseHead = result.responseHead;
    row.responseBody = result.responseBody;
    row.responseSize = result.responseSize;
    row.error = result.error;
    if (!result.error.isEmpty() && result.status == 0 && run->cancelled)
        row.error = u"cancelled"_s;
    // The event counts a replay once it was answered 2xx (which ends the run): what failed is not "replayed".
    persist(row, result.success() && run->job.kind == u"replay"_s && run->job.eventRowId);
    run->hasPendingRow = false;
    Q_EMIT attemptFinished(row);

    if (result.success() || run->cancelled || run->attempt >= run->job.policy.maxAttempts) {
        finishRun(run, row, run->cancelled);
    } else {
        ++run->attempt;
        // The wait counts from the end of the attempt before: the stored schedule is exactly that end plus the
        // delay drawn, however long it took to get here.
        const qint64 delay = run->job.policy.delayMs(run->attempt, m_random);
        const qint64 now = nowUs();
        run->scheduledUs = (result.finishedUs > 0 && result.finishedUs <= now ? result.finishedUs : now) + delay * 1000;
        AttemptRow next = baseRow(*run);
        next.state = u"pending"_s;
        persist(next);
        run->hasPendingRow = true;
        schedule(run, std::max<qint64>(0, (run->scheduledUs - now + 999) / 1000));
    }
    pump();
}

void ReplayEngine::schedule(const std::shared_ptr<Run>& run, qint64 delayMs)
{
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    // A coarse timer may fire up to 5 % early; a retry must never go before its scheduled time.
    timer->setTimerType(Qt::PreciseTimer);
    run->timer = timer;
    connect(timer, &QTimer::timeout, this, [this, run, timer] {
        timer->deleteLater();
        run->timer = nullptr;
        if (m_stopping || run->cancelled)
            return;
        m_ready.enqueue(run);
        pump();
    });
    timer->start(int(qMin<qint64>(delayMs, std::numeric_limits<int>::max())));
}

void ReplayEngine::finishRun(const std::shared_ptr<Run>& run, const AttemptRow& last, bool cancelled)
{
    if (!m_runs.remove(run->runId))
        return;
    ++m_finished;
    RunSummary s;
    s.runId = run->runId;
    s.kind = run->job.kind;
    s.eventRowId = run->job.eventRowId;
    s.target = run->job.target.toString();
    s.mode = run->job.spec.modeName();
    s.attempts = last.attempt;
    s.status = last.status;
    s.error = last.error;
    s.ok = last.status >= 200 && last.status < 300;
    s.cancelled = cancelled;
    if (s.kind == u"replay"_s && run->job.audit && s.eventRowId && m_writer) {
        AuditEntry e;
        e.action = u"replay"_s;
        e.eventRowId = s.eventRowId;
        e.details = QJsonObject { { u"runId"_s, s.runId }, { u"target"_s, s.target }, { u"mode"_s, s.mode },
            { u"attempts"_s, s.attempts }, { u"status"_s, s.status },
            { u"error"_s, s.error.isEmpty() ? QJsonValue() : QJsonValue(s.error) } };
        m_writer->submitJob([e](QSqlDatabase& db) { return AuditLog::append(db, e); });
    }
    Q_EMIT progress(m_finished, m_total);
    Q_EMIT runFinished(s);
    if (m_runs.isEmpty())
        Q_EMIT idle();
}

void ReplayEngine::cancelAll()
{
    m_ready.clear();
    const auto runs = m_runs.values();
    for (const auto& run : runs) {
        run->cancelled = true;
        if (run->exchange) {
            run->exchange->abort(); // finishes the run through onExchangeFinished
            continue;
        }
        if (run->timer) {
            run->timer->stop();
            run->timer->deleteLater();
        }
        AttemptRow row = baseRow(*run);
        row.state = u"failed"_s;
        row.error = u"cancelled"_s;
        row.finishedUs = nowUs();
        if (run->hasPendingRow)
            persist(row);
        finishRun(run, row, true);
    }
}

void ReplayEngine::shutdown()
{
    m_stopping = true;
    m_ready.clear();
    const auto runs = m_runs.values();
    for (const auto& run : runs) {
        if (run->timer)
            run->timer->stop();
        if (run->exchange)
            run->exchange->abort();
    }
    m_runs.clear();
    m_reader.reset();
}

void ReplayEngine::forwardAccepted(qint64 eventRowId, qint64 deliveryRowId)
{
    if (m_rules.isEmpty() || m_stopping)
        return;
    auto run = std::make_shared<Run>();
    run->job.eventRowId = eventRowId;
    run->job.deliveryRowId = deliveryRowId;
    QString error;
    if (!loadCaptured(*run, error)) {
        Q_EMIT message(u"forward: "_s + error);
        return;
    }
    const RoutingContext context = RoutingContext::fromCaptured(run->route, *run->job.captured);
    const auto index = ForwardRules::firstMatch(m_rules, context);
    if (!index)
        return;
    const ForwardRule& rule = m_rules.at(*index);
    ReplayJob job = run->job;
    job.kind = u"forward"_s;
    job.rule = rule.name;
    job.target = rule.to;
    job.policy = rule.retry;
    job.timeoutMs = rule.timeoutMs;
    job.ignoreTlsErrors = rule.ignoreTlsErrors;
    job.spec.resign = rule.resign;
    if (rule.resign) {
        auto event = reader() ? reader()->event(eventRowId) : Result<std::optional<store::EventRow>>();
        job.spec.scheme = !rule.scheme.isEmpty()               ? rule.scheme
            : (event && *event && !(*event)->scheme.isEmpty()) ? (*event)->scheme
                                                               : verify::defaultSchemeName();
        job.spec.secret = rule.secretEnv.isEmpty() ? m_routeSecrets.value(run->route)
                                                   : qgetenv(rule.secretEnv.toLocal8Bit().constData());
    }
    submit({ job });
}

void ReplayEngine::resumePending(const QString& kind)
{
    store::EventStore* store = reader();
    if (!store)
        return;
    if (m_writer) {
        // A command-line replay lives minutes at most; its leftovers are older than that.
        const qint64 before = nowUs() - qint64(15) * 60 * 1000 * 1000;
        m_writer->submitJob([before](QSqlDatabase& db) { return AttemptLog::abandonStale(db, before); });
    }
    auto pending = AttemptLog::pending(store->database(), kind);
    if (!pending) {
        Q_EMIT message(u"cannot read pending attempts: "_s + pending.error());
        return;
    }
    QList<ReplayJob> jobs;
    for (const AttemptRow& row : *pending) {
        if (m_runs.contains(row.runId))
            continue;
        ReplayJob job;
        job.kind = row.kind;
        job.rule = row.rule;
        job.eventRowId = row.eventRowId;
        job.deliveryRowId = qint64(row.spec.value(u"deliveryRowId"_s).toDouble());
        job.target = QUrl(row.target);
        job.spec = ReplaySpec::fromJson(row.spec.value(u"replay"_s).toObject());
        job.policy = RetryPolicy::fromJson(row.spec.value(u"retry"_s).toObject());
        job.timeoutMs = row.spec.value(u"timeoutMs"_s).toInt(10000);
        job.ignoreTlsErrors = row.spec.value(u"insecure"_s).toBool();
        job.runId = row.runId;
        job.nextAttempt = row.attempt;
        job.notBeforeUs = row.scheduledUs;
        if (job.kind == u"forward"_s && job.spec.resign) {
            const auto rule = std::find_if(
                m_rules.cbegin(), m_rules.cend(), [&](const ForwardRule& r) { return r.name == job.rule; });
            auto event = store->event(job.eventRowId);
            const QString route = (event && *event) ? (*event)->route : QString();
            if (rule != m_rules.cend() && !rule->secretEnv.isEmpty())
                job.spec.secret = qgetenv(rule->secretEnv.toLocal8Bit().constData());
            else
                job.spec.secret = m_routeSecrets.value(route);
        }
        jobs.append(job);
    }
    if (!jobs.isEmpty()) {
        Q_EMIT message(u"resuming %1 pending attempt(s)"_s.arg(jobs.size()));
        submit(jobs);
    }
}

} // namespace hookscope::replay
