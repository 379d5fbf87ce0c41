#pragma once

#include "exchangeresult.h"
#include "outgoingrequest.h"
#include "responsereader.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace hookscope::replay {

/**
 * Sends one request over its own connection and reads the response. The request is written by hand
 * (not through QNetworkAccessManager) because the exact bytes matter: QNAM adds User-Agent,
 * Accept-Encoding and Accept-Language, merges repeated headers and reorders them, which would make an
 * "as captured" replay differ from the capture. Redirects are not followed; HTTP/2 is never offered.
 */
class HttpExchange final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpExchange)
public:
    HttpExchange(OutgoingRequest request, int timeoutMs, bool ignoreTlsErrors, QObject* parent = nullptr);
    ~HttpExchange() override;

    void start();
    /** Gives up now; finished() follows with the error "cancelled". */
    void abort();

Q_SIGNALS:
    void finished(const hookscope::replay::ExchangeResult& result);

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onError();
    void complete(const QString& error = {});

    OutgoingRequest m_request;
    int m_timeoutMs;
    bool m_ignoreTlsErrors;
    QTcpSocket* m_socket = nullptr;
    QTimer m_timer;
    QElapsedTimer m_clock;
    ResponseReader m_reader;
    ExchangeResult m_result;
    bool m_done = false;
};

} // namespace hookscope::replay
