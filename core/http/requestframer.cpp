#include "requestframer.h"

#include <boost/beast/http.hpp>

#include <optional>

namespace hookscope::http {

namespace beast = boost::beast;
namespace net = boost::asio;

namespace {

/** A Beast body that decodes straight into a QByteArray, so the body is never copied again. */
struct ByteArrayBody {
    using value_type = QByteArray;

    static std::uint64_t size(const value_type& body) { return std::uint64_t(body.size()); }

    class reader {
    public:
        template<bool isRequest, class Fields>
        explicit reader(beast::http::header<isRequest, Fields>&, value_type& body)
            : m_body(body)
        {
        }
        void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec)
        {
            // Content-Length was already checked against the body limit by the parser.
            if (length && *length < std::uint64_t(64 * 1024 * 1024))
                m_body.reserve(qsizetype(*length));
            ec = {};
        }
        template<class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec)
        {
            std::size_t n = 0;
            for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers); ++it) {
                net::const_buffer b = *it;
                m_body.append(static_cast<const char*>(b.data()), qsizetype(b.size()));
                n += b.size();
            }
            ec = {};
            return n;
        }
        void finish(boost::beast::error_code& ec) { ec = {}; }

    private:
        value_type& m_body;
    };
};

QByteArray toBytes(boost::beast::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace

struct RequestFramer::Impl {
    std::optional<beast::http::request_parser<ByteArrayBody>> parser;
    QByteArray rawHead;
    QByteArray rawBody; ///< only for chunked bodies, where the wire bytes differ from the body
    qint64 bodyWire = 0;
    bool headParsed = false;
};

RequestFramer::RequestFramer(const Limits& limits)
    : d(std::make_unique<Impl>())
    , m_limits(limits)
{
    reset();
}

RequestFramer::~RequestFramer() = default;

void RequestFramer::reset()
{
    d->parser.emplace();
    d->parser->header_limit(std::uint32_t(m_limits.maxHeaderBytes));
    d->parser->body_limit(std::uint64_t(m_limits.maxBodyBytes));
    d->rawHead.clear();
    d->rawBody.clear();
    d->bodyWire = 0;
    d->headParsed = false;
    m_state = State::NeedMore;
    m_error = ErrorKind::None;
    m_errorText.clear();
}

qsizetype RequestFramer::feed(const char* data, qsizetype size)
{
    if (m_state == State::Complete || m_state == State::Error)
        return 0;
    qsizetype used = 0;
    while (used < size) {
        const bool hadHeader = d->parser->is_header_done();
        boost::beast::error_code ec;
        const std::size_t n = d->parser->put(net::buffer(data + used, std::size_t(size - used)), ec);
        if (!hadHeader) {
            // Beast consumes the request line on its own when the header fields are still incomplete:
            // everything taken before the header is done belongs to the head.
            d->rawHead.append(data + used, qsizetype(n));
        } else {
            d->bodyWire += qint64(n);
            if (d->parser->chunked())
                d->rawBody.append(data + used, qsizetype(n));
        }
        used += qsizetype(n);
        if (ec == beast::http::error::need_more)
            break;
        if (ec) {
            m_state = State::Error;
            m_errorText = QString::fromStdString(ec.message());
            if (ec == beast::http::error::header_limit)
                m_error = ErrorKind::HeaderTooLarge;
            else if (ec == beast::http::error::body_limit) {
                m_error = ErrorKind::BodyTooLarge;
                // Refused from Content-Length: the fields are all parsed, though Beast does not call it done.
                d->headParsed = true;
            } else {
                m_error = ErrorKind::Malformed;
            }
            return used;
        }
        if (!hadHeader && d->parser->is_header_done() && d->rawHead.size() > m_limits.maxHeaderBytes) {
            failHeaderTooLarge();
            return used;
        }
        if (d->parser->is_done()) {
            m_state = State::Complete;
            return used;
        }
        if (n == 0)
            break;
    }
    if (d->parser->is_header_done())
        m_state = State::HeaderDone;
    // Beast applies its limit to what one call sees, which after a split is the fields without the request
    // line; the limit is on the whole head, so count it here: consumed head plus what waits for more.
    const qint64 head = d->parser->is_header_done() ? d->rawHead.size() : d->rawHead.size() + (size - used);
    if (head > m_limits.maxHeaderBytes)
        failHeaderTooLarge();
    return used;
}

void RequestFramer::failHeaderTooLarge()
{
    m_state = State::Error;
    m_error = ErrorKind::HeaderTooLarge;
    m_errorText = QStringLiteral("header fields too large");
}

bool RequestFramer::headerDone() const
{
    return d->parser->is_header_done();
}

bool RequestFramer::headerParsed() const
{
    return d->headParsed || d->parser->is_header_done();
}

QByteArray RequestFramer::rawHead() const
{
    return d->rawHead;
}

bool RequestFramer::keepAlive() const
{
    return d->parser->is_header_done() && d->parser->get().keep_alive();
}

bool RequestFramer::chunked() const
{
    return d->parser->is_header_done() && d->parser->chunked();
}

bool RequestFramer::expectsContinue() const
{
    if (!d->parser->is_header_done())
        return false;
    const auto& req = d->parser->get();
    auto it = req.find(beast::http::field::expect);
    return it != req.end() && boost::beast::iequals(it->value(), "100-continue");
}

bool RequestFramer::hasOtherExpectation() const
{
    if (!d->parser->is_header_done())
        return false;
    const auto& req = d->parser->get();
    auto it = req.find(beast::http::field::expect);
    return it != req.end() && !boost::beast::iequals(it->value(), "100-continue");
}

bool RequestFramer::hasBody() const
{
    if (!d->parser->is_header_done())
        return false;
    if (d->parser->chunked())
        return true;
    const auto len = d->parser->content_length();
    return len && *len > 0;
}

bool RequestFramer::hasTransferEncoding() const
{
    if (!d->parser->is_header_done())
        return false;
    const auto& req = d->parser->get();
    return req.find(beast::http::field::transfer_encoding) != req.end();
}

qint64 RequestFramer::contentLength() const
{
    if (!d->parser->is_header_done())
        return -1;
    const auto len = d->parser->content_length();
    return len ? qint64(*len) : -1;
}

int RequestFramer::httpMinor() const
{
    if (!d->parser->is_header_done())
        return 1;
    return d->parser->get().version() == 10 ? 0 : 1;
}

int RequestFramer::hostFieldCount() const
{
    if (!d->parser->is_header_done())
        return 0;
    const auto& req = d->parser->get();
    return int(req.count(beast::http::field::host));
}

qint64 RequestFramer::bodyBytesSoFar() const
{
    return d->bodyWire;
}

void RequestFramer::fill(Delivery& delivery) const
{
    const auto& req = d->parser->get();
    delivery.rawHead = d->rawHead;
    delivery.method = toBytes(req.method_string());
    delivery.target = toBytes(req.target());
    delivery.httpVersion = QByteArray::number(req.version() / 10) + '.' + QByteArray::number(req.version() % 10);
    delivery.headers.clear();
    for (const auto& field : req)
        delivery.headers.append({ toBytes(field.name_string()), toBytes(field.value()) });
    if (m_state == State::Complete) {
        delivery.body = req.body();
        delivery.rawBody = d->rawBody;
    }
}

QByteArray RequestFramer::rawSoFar(qsizetype bodyCap) const
{
    if (!d->parser->is_header_done())
        return d->rawHead;
    const QByteArray& body = d->parser->chunked() ? d->rawBody : d->parser->get().body();
    return d->rawHead + body.left(bodyCap);
}

} // namespace hookscope::http
