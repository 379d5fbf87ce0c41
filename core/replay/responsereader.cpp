#include "responsereader.h"

#include <boost/beast/http.hpp>

#include <optional>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

namespace http = boost::beast::http;
namespace net = boost::asio;

namespace {

/** A Beast body that keeps the first `cap` bytes and counts the rest. */
struct CappedBody {
    struct value_type {
        QByteArray* bytes = nullptr;
        qint64* total = nullptr;
        qint64 cap = 0;
    };

    class reader {
    public:
        template<bool isRequest, class Fields>
        explicit reader(http::header<isRequest, Fields>&, value_type& body)
            : m_body(body)
        {
        }
        void init(const boost::optional<std::uint64_t>&, boost::beast::error_code& ec) { ec = {}; }
        template<class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec)
        {
            std::size_t n = 0;
            for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers); ++it) {
                net::const_buffer b = *it;
                const qint64 room = m_body.cap - m_body.bytes->size();
                if (room > 0)
                    m_body.bytes->append(static_cast<const char*>(b.data()), qsizetype(qMin<qint64>(room, b.size())));
                *m_body.total += qint64(b.size());
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

} // namespace

struct ResponseReader::Impl {
    std::optional<http::response_parser<CappedBody>> parser;
};

ResponseReader::ResponseReader(qint64 bodyCap, bool headRequest)
    : d(std::make_unique<Impl>())
    , m_cap(bodyCap)
    , m_head(headRequest)
{
    resetParser();
}

ResponseReader::~ResponseReader() = default;

void ResponseReader::resetParser()
{
    m_rawHead.clear();
    m_headers.clear();
    m_body.clear();
    m_bodySize = 0;
    d->parser.emplace();
    d->parser->header_limit(256 * 1024);
    d->parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    // Not eager until the header is done, so that put() stops right after it and the raw head is known.
    d->parser->eager(false);
    if (m_head)
        d->parser->skip(true);
    auto& body = d->parser->get().body();
    body.bytes = &m_body;
    body.total = &m_bodySize;
    body.cap = m_cap;
}

ResponseReader::State ResponseReader::feed(QByteArrayView data)
{
    if (m_state != State::NeedMore)
        return m_state;
    m_buffer.append(data.data(), data.size());
    return step();
}

ResponseReader::State ResponseReader::step()
{
    auto& p = *d->parser;
    while (m_state == State::NeedMore && !m_buffer.isEmpty()) {
        const bool headerWasDone = p.is_header_done();
        boost::beast::error_code ec;
        const std::size_t used = p.put(net::buffer(m_buffer.constData(), std::size_t(m_buffer.size())), ec);
        if (!headerWasDone && p.is_header_done()) {
            p.eager(true);
            m_rawHead = m_buffer.left(qsizetype(used));
            const auto& msg = p.get();
            m_status = int(msg.result_int());
            m_reason = QByteArray(msg.reason().data(), qsizetype(msg.reason().size()));
            for (const auto& field : msg) {
                m_headers.append({ QByteArray(field.name_string().data(), qsizetype(field.name_string().size())),
                    QByteArray(field.value().data(), qsizetype(field.value().size())) });
            }
        }
        m_buffer.remove(0, qsizetype(used));
        if (ec == http::error::need_more)
            break;
        if (ec) {
            m_state = State::Error;
            m_error = u"malformed response: "_s + QString::fromStdString(ec.message());
            break;
        }
        if (p.is_done()) {
            // An interim answer (100 Continue, 103 Early Hints): the real one follows on the same stream.
            if (m_status >= 100 && m_status < 200 && m_status != 101) {
                resetParser();
                return step();
            }
            m_state = State::Complete;
            break;
        }
        if (used == 0)
            break;
    }
    return m_state;
}

ResponseReader::State ResponseReader::finish()
{
    if (m_state != State::NeedMore)
        return m_state;
    auto& p = *d->parser;
    if (!p.is_header_done()) {
        m_state = State::Error;
        m_error = m_buffer.isEmpty() && m_rawHead.isEmpty() ? u"the connection closed without a response"_s
                                                            : u"the connection closed in the middle of the response"_s;
        return m_state;
    }
    boost::beast::error_code ec;
    p.put_eof(ec);
    if (ec) {
        m_state = State::Error;
        m_error = u"the connection closed before the response body was complete"_s;
        return m_state;
    }
    m_state = State::Complete;
    return m_state;
}

} // namespace hookscope::replay
