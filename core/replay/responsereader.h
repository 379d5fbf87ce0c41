#pragma once

#include "core/http/httpheader.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace hookscope::replay {

/**
 * Reads one HTTP/1.x response from a byte stream with Boost.Beast's response_parser, keeping the
 * status line and header block exactly as received and the first `bodyCap` bytes of the body.
 * 1xx interim responses are skipped. Independent of sockets, so it can be unit-tested.
 */
class ResponseReader final {
public:
    enum class State { NeedMore, Complete, Error };

    explicit ResponseReader(qint64 bodyCap = 1024 * 1024, bool headRequest = false);
    ~ResponseReader();

    State feed(QByteArrayView data);
    /** The peer closed the connection: completes a body delimited by the close, or fails. */
    State finish();

    State state() const { return m_state; }
    QString errorText() const { return m_error; }
    int status() const { return m_status; }
    QByteArray reason() const { return m_reason; }
    QByteArray rawHead() const { return m_rawHead; }
    http::HttpHeaders headers() const { return m_headers; }
    QByteArray body() const { return m_body; } ///< the first bodyCap bytes
    qint64 bodySize() const { return m_bodySize; } ///< the whole body's size
    bool truncated() const { return m_bodySize > m_body.size(); }

private:
    struct Impl;
    void resetParser();
    State step();

    std::unique_ptr<Impl> d;
    qint64 m_cap;
    bool m_head;
    State m_state = State::NeedMore;
    QString m_error;
    QByteArray m_buffer;
    QByteArray m_rawHead;
    http::HttpHeaders m_headers;
    QByteArray m_body;
    qint64 m_bodySize = 0;
    QByteArray m_reason;
    int m_status = 0;
};

} // namespace hookscope::replay
