#pragma once

#include <QByteArray>

#include <functional>

namespace hookscope::http {

/** An answer for the listener to send. */
struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    int delayMs = 0; ///< configured delay before sending (routes that fail on purpose)
    bool close = false; ///< close the connection after sending
    /// How the exchange ends: with this answer, or (routes that fail on purpose) with the connection closed
    /// without an answer, or reset (RST).
    enum class Ending { Answer, Close, Reset };
    Ending ending = Ending::Answer;

    static HttpResponse text(int status, QByteArray body)
    {
        return HttpResponse { status, "text/plain; charset=utf-8", std::move(body) };
    }
    /** The full response bytes for HTTP/1.1 (or 1.0). */
    QByteArray serialize(bool keepAlive, int httpMinor = 1) const;
    static QByteArray reasonPhrase(int status);
};

/** May be called from any thread, exactly once. */
using ReplyFunction = std::function<void(HttpResponse)>;

} // namespace hookscope::http
