#pragma once

#include "core/common/result.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QTcpServer;

namespace hookscope::store {
class EventStore;
class StoreWriter;
} // namespace hookscope::store

namespace hookscope::api {

class ApiConnection;
class EventFeed;
class Metrics;
struct Request;
struct Answer;

struct ApiSettings {
    quint16 port = 0; ///< on 127.0.0.1; 0 picks a free one
    QByteArray token; ///< every request must carry "Authorization: Bearer TOKEN"
    QString databasePath;
    /// The store's writer (serve's): actions and replays commit through it. Required.
    store::StoreWriter* writer = nullptr;
    Metrics* metrics = nullptr; ///< nullptr: /metrics is not served (404)
    QList<quint16> capturePorts; ///< the API refuses to share one of these
};

/**
 * The local API: versioned JSON under /api/v1/, a Server-Sent Events stream of arrivals and changes, and Prometheus
 * metrics at /metrics, on its own loopback port. Requests are framed by the listener's RequestFramer (Boost.Beast's
 * parser) and served on the thread the server lives on. A request without the bearer token is answered 401 and
 * touches nothing: no store read, no write, no audit row, no metric.
 */
class ApiServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)
public:
    explicit ApiServer(QObject* parent = nullptr);
    ~ApiServer() override;

    /** Binds 127.0.0.1:port; returns the API's base URL (http://127.0.0.1:PORT). */
    Result<QUrl> start(const ApiSettings& settings);
    /** Stops listening, closes every connection and cancels replays in flight (before the writer stops). */
    void stop();
    int streamClients() const;

private:
    friend class ApiConnection;
    void accept();
    void dispatch(ApiConnection* connection, Request request);
    void openStream(ApiConnection* connection, const Request& request);
    static QByteArray streamMessage(const QByteArray& kind, const QJsonObject& data, const QByteArray& id);
    void broadcast(const QByteArray& kind, const QJsonObject& event, const QByteArray& id);
    Answer listEvents(const Request& request);
    Answer eventAnswer(qint64 id, const QStringList& rest, const Request& request);
    Answer action(qint64 id, const QString& name, const Request& request);
    void replay(QPointer<ApiConnection> connection, qint64 id, const Request& request);

    ApiSettings m_settings;
    QTcpServer* m_server = nullptr;
    std::unique_ptr<store::EventStore> m_store;
    EventFeed* m_feed = nullptr;
    QList<QPointer<ApiConnection>> m_streams;
};

} // namespace hookscope::api
