#pragma once

#include "responserules.h"

#include "core/config/route.h"
#include "core/http/requesthandler.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

namespace hookscope::ingest {

/** What one request came to, for a request log: gathered on the ingest path, reported once answered. */
struct RequestLog {
    qint64 receivedUs = 0; ///< capture time, microseconds since the epoch
    qint64 answeredMs = 0; ///< wall clock when the answer was handed to the connection, ms since the epoch
    /// From the request handed to the ingest path (fully read) until its answer was handed to the connection, by
    /// the monotonic clock; -1 when the listener answered it itself (refused requests, recorded afterwards).
    qint64 answerUs = -1;
    std::chrono::steady_clock::time_point started;
    QString route;
    QByteArray method;
    QByteArray path; ///< without the query string, which may carry tokens
    int status = 0; ///< the HTTP status answered
    QString verdict; ///< "verified", "failed", "unverified" or "refused"
    QString reason; ///< the verdict's reason code, or why the listener refused it
    qint64 eventRowId = 0; ///< the store's event id (0: not stored)
    bool duplicate = false;
    QString error; ///< why the store did not take it (then answered 503)
    QString quarantined; ///< the reason code it was quarantined with on arrival; empty when it was not
    /// From handing the request to the store writer until the writer reported its commit; -1 when unknown.
    qint64 commitUs = -1;
    std::chrono::steady_clock::time_point submitted;
};

/**
 * The ingest path: route match, verify, idempotency key, then the writer; the answer goes out only
 * once the writer reports the commit. Everything slow happens after, through `onReadEmail` and `onAccepted`.
 */
class Ingestor final : public http::RequestHandler {
public:
    Ingestor(store::StoreWriter& writer, QList<config::Route> routes);
    ~Ingestor() override;

    /** Replaces the routes; requests already in flight keep the ones they started with. */
    void setRoutes(QList<config::Route> routes);
    /**
     * The store's credential key (store::credentialKey()), which hashes the credentials a scheme checks in
     * clear before they are redacted. Set before the first request; without it, a random key of this
     * Ingestor's own is used (the hashes then tell credentials apart within one run only).
     */
    void setCredentialKey(QByteArray key) { m_credentialKey = std::move(key); }

    /**
     * Every route's response rules on or off at once ("responseRulesEnabled"); off, requests are answered as if
     * their routes had none (no fixed status or delay either). Takes effect from the next request.
     */
    void setResponseRulesEnabled(bool enabled) { m_rulesEnabled.store(enabled, std::memory_order_relaxed); }
    bool responseRulesEnabled() const { return m_rulesEnabled.load(std::memory_order_relaxed); }

    void handle(http::Delivery delivery, http::ReplyFunction reply) override;
    void record(http::Delivery delivery) override;
    /** Passes the requests of this pass to the writer together (one hand-off, a larger group commit). */
    void endOfPass() override;

    /** Called on the writer thread after the commit of an event's first accepted delivery. */
    std::function<void(qint64 eventRowId, qint64 deliveryRowId)> onAccepted;
    /**
     * Called on the writer thread after the commit of a delivery whose email is to be read (IngestOutcome::readEmail):
     * an event's first accepted one (onAccepted follows), or the first of an event that was not accepted.
     */
    std::function<void(qint64 eventRowId, qint64 deliveryRowId)> onReadEmail;
    /** Called on the writer thread after each committed delivery. */
    std::function<void()> onCommitted;
    /**
     * Called on the writer thread once a request was answered (after the answer left for the listener): what a
     * request log needs. Unset, nothing is gathered for it.
     */
    std::function<void(const RequestLog&)> onAnswered;
    /**
     * Milliseconds since the epoch that signature timestamps are checked against; the system clock when unset.
     * Set by the benchmark store generator, which replays weeks of traffic in minutes.
     */
    std::function<qint64()> clock;

private:
    struct CompiledRoute {
        config::Route route;
        std::unique_ptr<verify::Scheme> scheme;
        /// Every other route's secrets, so the diagnosis can name a signature made with one (built once).
        QList<std::pair<QString, QByteArray>> otherSecrets;
    };
    using RouteTable = std::vector<CompiledRoute>;
    std::shared_ptr<const RouteTable> routes() const;
    const CompiledRoute* match(const RouteTable& table, QByteArrayView path) const;
    /** The route's response rules for an accepted request: its answer, delay or ending, and what the store records. */
    void applyRules(
        const config::Route& route, const QString& key, http::HttpResponse& response, store::IngestRecord& record);

    store::StoreWriter& m_writer;
    QByteArray m_credentialKey;
    mutable std::mutex m_mutex;
    std::shared_ptr<const RouteTable> m_routes;
    std::atomic<bool> m_rulesEnabled { true };
    ResponseRules m_rules;
    /// Requests of the listener's current pass, on the listener's thread only.
    std::vector<std::pair<store::IngestRecord, store::StoreWriter::Done>> m_pending;
    /// The request logs of m_pending (when onAnswered is set), stamped as they go to the writer.
    std::vector<std::shared_ptr<RequestLog>> m_pendingLogs;
};

/** The quarantine reason code for a verification outcome; empty when it is no reason to quarantine. */
QString quarantineReason(verify::Outcome outcome);

} // namespace hookscope::ingest
