#pragma once

#include "certificate.h"
#include "limits.h"
#include "requesthandler.h"

#include "core/common/result.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

class QTcpServer;
class QThread;

namespace hookscope::http {

class ReplyQueue;

struct ListenerSettings {
    QHostAddress bind = QHostAddress::LocalHost;
    quint16 httpPort = 8080; ///< 0: off
    quint16 httpsPort = 8443; ///< 0: off
    std::optional<TlsIdentity> tls; ///< required when httpsPort is set
    Limits limits;
};

/** The HTTP and HTTPS listeners. Lives on one thread; every connection lives there too. */
class Listener final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)
public:
    Listener(RequestHandler* handler, ListenerSettings settings, QObject* parent = nullptr);
    ~Listener() override;

    /** Binds both listeners; an error names the port that could not be bound and why. */
    Result<void> start();
    QList<QUrl> urls() const;

private:
    void accept(QTcpServer* server, bool tls);
    void scheduleEndOfPass();
    void endPass();

    RequestHandler* m_handler;
    ListenerSettings m_settings;
    QTcpServer* m_http = nullptr;
    QTcpServer* m_https = nullptr;
    int m_active = 0;
    bool m_endOfPassPending = false;
    std::shared_ptr<ReplyQueue> m_replies;
};

/** Runs a Listener on its own thread (the GUI's and `serve`'s way to keep the ingest path off the main loop). */
class ListenerThread final {
public:
    ListenerThread();
    ~ListenerThread();
    Result<QList<QUrl>> start(RequestHandler* handler, const ListenerSettings& settings);
    void stop();

private:
    QThread* m_thread = nullptr;
};

bool isLoopback(const QHostAddress& address);

} // namespace hookscope::http
