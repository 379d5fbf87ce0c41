#pragma once

#include "delivery.h"
#include "limits.h"

#include <QByteArray>

#include <memory>

namespace hookscope::http {

/**
 * Frames one HTTP/1.x request at a time from a byte stream with Boost.Beast's request_parser,
 * keeping the exact bytes it consumed. Independent of sockets, so it can be fuzzed and unit-tested.
 */
class RequestFramer final {
public:
    enum class State { NeedMore, HeaderDone, Complete, Error };
    enum class ErrorKind { None, HeaderTooLarge, BodyTooLarge, Malformed };

    explicit RequestFramer(const Limits& limits);
    ~RequestFramer();

    /** Consumes what it can from `data` and returns how many bytes it used. */
    qsizetype feed(const char* data, qsizetype size);
    State state() const { return m_state; }
    ErrorKind error() const { return m_error; }
    QString errorText() const { return m_errorText; }
    bool headerDone() const;
    /** The header fields were all read (also when the request was then refused from its Content-Length). */
    bool headerParsed() const;
    /** The head bytes consumed so far (all of them once headerDone(); a prefix before). */
    QByteArray rawHead() const;
    bool keepAlive() const;
    bool chunked() const;
    bool expectsContinue() const; ///< Expect: 100-continue
    bool hasOtherExpectation() const;
    bool hasBody() const;
    bool hasTransferEncoding() const;
    qint64 contentLength() const; ///< -1 when unknown
    int httpMinor() const;
    /** How many Host fields the head carries (valid once headerDone()). */
    int hostFieldCount() const;
    qint64 bodyBytesSoFar() const;
    /** Header-complete fields (valid once headerDone()). */
    void fill(Delivery& delivery) const;
    /** Drops the finished request and gets ready for the next one. */
    void reset();
    /** What was consumed of the request so far (head plus raw body, for the record of a refused request). */
    QByteArray rawSoFar(qsizetype bodyCap) const;

private:
    void failHeaderTooLarge();

    struct Impl;
    std::unique_ptr<Impl> d;
    Limits m_limits;
    State m_state = State::NeedMore;
    ErrorKind m_error = ErrorKind::None;
    QString m_errorText;
};

} // namespace hookscope::http
