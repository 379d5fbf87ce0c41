#pragma once

#include "limits.h"
#include "requesthandler.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace hookscope::http {

class RequestFramer;
struct ConnectionMailbox;
class ReplyQueue;

/** The way answers come back to connections living on `context`'s thread; one per listener thread. */
std::shared_ptr<ReplyQueue> createReplyQueue(QObject* context);
/** Before `context` goes: answers that arrive later are dropped. */
void closeReplyQueue(ReplyQueue& queue);

/**
 * One client connection: frames HTTP/1.1 requests with Beast's parser, keeps the exact bytes,
 * enforces the limits, hands each request to the handler and writes the answer in order.
 */
class HttpConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    HttpConnection(QTcpSocket* socket, bool tls, const Limits& limits, RequestHandler* handler,
        std::shared_ptr<ReplyQueue> replies, QObject* parent = nullptr);
    ~HttpConnection() override;

    /** Refuse right away (too many connections) with 503 and close. */
    void rejectBusy();

Q_SIGNALS:
    void finished();
    /** A request went to the handler (the listener then ends the pass for it). */
    void handedOver();

private:
    friend class ReplyQueue;
    void onReadyRead();
    void process();
    void onRequestComplete();
    void refuse(int status, const QByteArray& text);
    void sendReply(const HttpResponse& response);
    void write(const QByteArray& bytes);
    void closeGracefully();
    void onTimeout();
    Delivery makeDelivery() const;

    QTcpSocket* m_socket;
    bool m_tls;
    Limits m_limits;
    RequestHandler* m_handler;
    std::unique_ptr<RequestFramer> m_framer;
    QByteArray m_in; ///< received, not yet consumed
    QTimer m_timer;
    QElapsedTimer m_sinceProgress;
    bool m_awaitingReply = false; ///< the handler holds a request; further bytes wait
    bool m_draining = false; ///< refused: discarding input until closing
    qint64 m_drained = 0;
    bool m_closing = false;
    bool m_keepAlive = true;
    int m_httpMinor = 1;
    bool m_requestStarted = false;
    int m_served = 0; ///< requests handed to the handler on this connection
    QElapsedTimer m_requestClock; ///< since the first byte of the current request
    std::shared_ptr<ConnectionMailbox> m_mailbox;
    std::shared_ptr<ReplyQueue> m_replies;
};

} // namespace hookscope::http
