#include "metrics.h"

#include "core/ingest/ingestor.h"
#include "core/replay/attemptrow.h"
#include "core/replay/replayjob.h"
#include "core/store/bodysegments.h"
#include "core/store/changefeed.h"
#include "core/store/eventstore.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace hookscope::api {

namespace {

/// Upper bounds in seconds, from half a millisecond (a group commit on a quiet store) to 10 s.
constexpr double kBounds[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10 };
constexpr size_t kBucketCount = std::size(kBounds) + 1;

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

/** A label value with backslash, double quote and line feed escaped, as the text format wants. */
QByteArray escaped(const QString& value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray labelText(const std::vector<std::pair<QByteArray, QString>>& labels)
{
    QByteArray out = "{";
    for (size_t i = 0; i < labels.size(); ++i) {
        if (i)
            out += ',';
        out += labels[i].first + "=\"" + escaped(labels[i].second) + '"';
    }
    return out + '}';
}

void header(QByteArray& out, const char* name, const char* type, const char* help)
{
    out += "# HELP "_ba + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

/** What an attempt came to: "success" (2xx), "http-error" (another status), "no-response", or still "pending". */
QString attemptOutcome(const store::AttemptRow& a)
{
    if (a.status >= 200 && a.status < 300)
        return u"success"_s;
    if (a.status > 0)
        return u"http-error"_s;
    return a.state == u"pending"_s ? u"pending"_s : u"no-response"_s;
}

} // namespace

StoreFacts readStoreFacts(store::EventStore& store)
{
    StoreFacts facts;
    const QString path = store.path();
    for (const QString& file : QStringList { path, path + u"-wal"_s }) {
        const QFileInfo info(file);
        if (info.exists())
            facts.sizeBytes += info.size();
    }
    // The request bodies' segments, beside the store.
    for (const QFileInfo& segment : QDir(store::BodySegments::folderOf(path)).entryInfoList(QDir::Files))
        facts.sizeBytes += segment.size();
    const store::EventTotals totals = store::ChangeFeed::eventTotals(store.database());
    facts.backlog = totals.backlog;
    facts.quarantined = totals.quarantined;
    facts.events = totals.events;
    return facts;
}

Metrics::Metrics()
{
    m_commit.buckets.assign(kBucketCount, 0);
    m_answer.buckets.assign(kBucketCount, 0);
}

void Metrics::setRouteSchemes(QHash<QString, QString> schemes)
{
    std::lock_guard lock(m_mutex);
    m_schemes = std::move(schemes);
}

void Metrics::observe(Histogram& h, double seconds)
{
    size_t i = 0;
    while (i < std::size(kBounds) && seconds > kBounds[i])
        ++i;
    ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::observeRequest(const ingest::RequestLog& r)
{
    std::lock_guard lock(m_mutex);
    const QString scheme = m_schemes.value(r.route);
    ++m_requests[{ { "route", r.route }, { "status", QString::number(r.status) } }];
    // A request the listener refused carries a sentence, not a reason code: its status stands for it.
    const QString reason = r.verdict == u"refused"_s ? u"refused-%1"_s.arg(r.status) : r.reason;
    ++m_verifications[{ { "scheme", scheme }, { "outcome", r.verdict }, { "reason", reason } }];
    if (r.duplicate)
        ++m_duplicates[{ { "route", r.route } }];
    if (!r.quarantined.isEmpty() && r.error.isEmpty())
        ++m_quarantined[{ { "route", r.route }, { "reason", r.quarantined } }];
    if (r.commitUs >= 0)
        observe(m_commit, double(r.commitUs) / 1e6);
    if (r.answerUs >= 0)
        observe(m_answer, double(r.answerUs) / 1e6);
}

void Metrics::observeAttempt(const store::AttemptRow& a)
{
    std::lock_guard lock(m_mutex);
    ++m_attempts[{ { "kind", a.kind }, { "outcome", attemptOutcome(a) } }];
}

void Metrics::observeRun(const replay::RunSummary& run)
{
    std::lock_guard lock(m_mutex);
    const QString outcome = run.cancelled ? u"cancelled"_s : run.ok ? u"delivered"_s : u"failed"_s;
    ++m_runs[{ { "kind", run.kind }, { "outcome", outcome } }];
}

void Metrics::renderCounter(QByteArray& out, const char* name, const char* help, const Counter& counter)
{
    header(out, name, "counter", help);
    for (const auto& [labels, value] : counter)
        out += name + labelText(labels) + ' ' + QByteArray::number(value) + '\n';
}

void Metrics::renderHistogram(QByteArray& out, const char* name, const char* help, const Histogram& h)
{
    header(out, name, "histogram", help);
    qint64 cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
        cumulative += h.buckets[i];
        const QByteArray le = i < std::size(kBounds) ? number(kBounds[i]) : QByteArray("+Inf");
        out += name + "_bucket{le=\""_ba + le + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out += name + "_sum "_ba + number(h.sum) + '\n';
    out += name + "_count "_ba + QByteArray::number(h.count) + '\n';
}

QByteArray Metrics::render(const StoreFacts& store) const
{
    QByteArray out;
    std::lock_guard lock(m_mutex);
    renderCounter(out, "hookscope_requests_total",
        "Requests received on the capture ports since the process started, by route and the HTTP status answered.",
        m_requests);
    renderCounter(out, "hookscope_verifications_total",
        "Signature verification outcomes (verified, failed, unverified, refused) by scheme and reason code.",
        m_verifications);
    renderCounter(out, "hookscope_duplicates_total",
        "Deliveries recognised as duplicates of an event already stored, by route.", m_duplicates);
    renderCounter(
        out, "hookscope_quarantined_total", "Events quarantined on arrival, by route and reason code.", m_quarantined);
    renderCounter(out, "hookscope_replay_attempts_total",
        "Replay and forward attempts made by this process, by kind and outcome (success, http-error, no-response).",
        m_attempts);
    renderCounter(out, "hookscope_replay_runs_total",
        "Replay and forward runs ended in this process (after retries), by kind and outcome.", m_runs);
    renderHistogram(out, "hookscope_commit_latency_seconds",
        "Time from handing a request to the store writer until its commit was reported.", m_commit);
    renderHistogram(out, "hookscope_answer_latency_seconds",
        "Time from a request being read in full until its answer was handed to the connection (verification, "
        "commit and queueing; requests the listener refused itself are not counted).",
        m_answer);
    header(out, "hookscope_store_size_bytes", "gauge",
        "Size of the store's database file, write-ahead log and request bodies' segments.");
    out += "hookscope_store_size_bytes " + QByteArray::number(store.sizeBytes) + '\n';
    header(out, "hookscope_store_events", "gauge", "Events in the store (the bin's included).");
    out += "hookscope_store_events " + QByteArray::number(store.events) + '\n';
    header(out, "hookscope_quarantined_events", "gauge", "Events in quarantine now.");
    out += "hookscope_quarantined_events " + QByteArray::number(store.quarantined) + '\n';
    header(out, "hookscope_postprocess_backlog", "gauge",
        "Events whose email has not been read yet (the post-processing backlog).");
    out += "hookscope_postprocess_backlog " + QByteArray::number(store.backlog) + '\n';
    return out;
}

} // namespace hookscope::api
