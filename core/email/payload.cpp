#include "payload.h"

#include "adapter.h"
#include "adapters/common.h"
#include "formdata.h"
#include "mimeparser.h"

#include <QJsonDocument>

#include <simdjson.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hookscope::email {

using adapters::baseType;
using adapters::isPostmark;
using adapters::looksLikeMime;
using adapters::rawMimeField;

PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body)
{
    return detectPayload(contentType, body, nullptr);
}

namespace {

QString idText(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return {};
}

/** What classifying needs of a JSON document's top level. */
struct JsonTop {
    bool object = false; ///< an object (else an array)
    bool empty = true; ///< without members
    bool rawMime = false; ///< carries raw MIME in a field (rawMimeField())
    bool eventFields = false; ///< has a field of the guide's event schema or of Postmark's
    PayloadIds ids;
};

/** Fields of the guide's event schema that make a JSON object an email event (so do Postmark's). */
constexpr std::string_view kEventFields[] = { "subject", "from", "messageId" };

bool isEventField(std::string_view key)
{
    return std::find(std::begin(kEventFields), std::end(kEventFields), key) != std::end(kEventFields)
        || std::find(std::begin(adapters::kPostmarkFields), std::end(adapters::kPostmarkFields), key)
        != std::end(adapters::kPostmarkFields);
}

JsonTop topOf(const QJsonObject& o)
{
    JsonTop top;
    top.object = true;
    top.empty = o.isEmpty();
    top.rawMime = !rawMimeField(o).isEmpty();
    top.eventFields = isPostmark(o)
        || std::any_of(std::begin(kEventFields), std::end(kEventFields),
            [&o](std::string_view f) { return o.contains(QLatin1StringView(f.data(), qsizetype(f.size()))); });
    top.ids = payloadIds(o);
    return top;
}

/**
 * Whether Qt's parser reads `e` as simdjson did. The two differ on numbers that round to zero (Qt's parser refuses
 * `1e-400`, simdjson reads 0) and on escapes of unpaired surrogates that simdjson leaves in its UTF-8: a document with
 * a zero that is not an integer, or with a string that is not valid UTF-8, goes to Qt's parser.
 */
bool readsAsQtDoes(simdjson::dom::element e)
{
    switch (e.type()) {
    case simdjson::dom::element_type::DOUBLE:
        return double(e) != 0.0;
    case simdjson::dom::element_type::STRING: {
        const std::string_view text(e);
        return simdjson::validate_utf8(text.data(), text.size());
    }
    case simdjson::dom::element_type::ARRAY:
        for (const simdjson::dom::element item : e.get_array()) {
            if (!readsAsQtDoes(item))
                return false;
        }
        return true;
    case simdjson::dom::element_type::OBJECT:
        for (const auto field : e.get_object()) {
            if (!simdjson::validate_utf8(field.key.data(), field.key.size()) || !readsAsQtDoes(field.value))
                return false;
        }
        return true;
    default:
        return true;
    }
}

/** Bodies read with simdjson; past this, Qt's parser reads them (its cost is then small beside the body's). */
constexpr qsizetype kFastJsonBytes = 1 << 20;

/**
 * The top level of `body` read with simdjson: about ten times faster than Qt's parser, which builds the whole document.
 * Nothing when simdjson cannot read it or it is not an object or an array. Qt's parser is more lenient (a byte-order
 * mark, an unpaired surrogate escape, `1.`, integers past 64 bits): what simdjson refuses goes to it, and what the
 * two would read differently (readsAsQtDoes()), so what is readable, and how, is unchanged. Members given twice count
 * with their last value, as in QJsonObject.
 */
std::optional<JsonTop> fastTopOf(QByteArrayView body)
{
    // An empty body has no data pointer to give simdjson (it copies from it); Qt's parser says it is no JSON.
    if (body.isEmpty() || body.size() > kFastJsonBytes)
        return std::nullopt;
    thread_local simdjson::dom::parser parser(kFastJsonBytes);
    simdjson::dom::element root;
    if (parser.parse(body.data(), size_t(body.size()), true).get(root) != simdjson::SUCCESS || !readsAsQtDoes(root))
        return std::nullopt;
    JsonTop top;
    if (root.is_array())
        return top;
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS)
        return std::nullopt; // a scalar: not a payload, as Qt's parser says too
    top.object = true;
    // rawMimeField(): the first of these that is a string, by each one's last value.
    enum class Raw { Absent, Other, EmptyString, Text };
    constexpr size_t kRawCount = std::size(adapters::kRawMimeFields);
    Raw raw[kRawCount] = {};
    for (const auto field : object) {
        top.empty = false;
        const std::string_view key = field.key;
        for (size_t i = 0; i < kRawCount; ++i) {
            if (key == adapters::kRawMimeFields[i]) {
                std::string_view text;
                raw[i] = field.value.get_string().get(text) != simdjson::SUCCESS ? Raw::Other
                    : text.empty()                                               ? Raw::EmptyString
                                                                                 : Raw::Text;
            }
        }
        if (isEventField(key))
            top.eventFields = true;
        if (key == "id") {
            std::string_view text;
            double number = 0;
            if (field.value.get_string().get(text) == simdjson::SUCCESS)
                top.ids.id = QString::fromUtf8(text.data(), qsizetype(text.size()));
            else if (field.value.is_number() && field.value.get_double().get(number) == simdjson::SUCCESS)
                top.ids.id = QString::number(number, 'g', 17);
            else
                top.ids.id.clear();
        } else if (key == "messageId") {
            std::string_view text;
            top.ids.messageId = field.value.get_string().get(text) == simdjson::SUCCESS
                ? QString::fromUtf8(text.data(), qsizetype(text.size()))
                : QString();
        }
    }
    for (const Raw r : raw) {
        if (r == Raw::EmptyString || r == Raw::Text) {
            top.rawMime = r == Raw::Text;
            break;
        }
    }
    return top;
}

} // namespace

PayloadIds payloadIds(const QJsonObject& object)
{
    return PayloadIds { idText(object.value(u"id"_s)), object.value(u"messageId"_s).toString() };
}

PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body, std::optional<PayloadIds>* ids)
{
    const QByteArray type = baseType(contentType);
    if (type == "message/rfc822")
        return looksLikeMime(body) ? PayloadKind::RawMime : PayloadKind::Unreadable;
    if (type == "application/x-www-form-urlencoded")
        return looksLikeUrlEncodedForm(body) ? PayloadKind::MailgunForm : PayloadKind::Unreadable;
    if (type == "multipart/form-data")
        return looksLikeMultipartForm(contentType, body) ? PayloadKind::SendGridForm : PayloadKind::Unreadable;
    std::optional<JsonTop> top = fastTopOf(body);
    if (!top) {
        QJsonParseError error;
        // fromRawData: classifying must not copy a body that may be 50 MiB.
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &error);
        if (error.error != QJsonParseError::NoError || !(doc.isObject() || doc.isArray())) {
            // Raw MIME posted without the right content type still reads as raw MIME.
            if ((type.isEmpty() || type == "text/plain" || type == "application/octet-stream") && looksLikeMime(body))
                return PayloadKind::RawMime;
            return PayloadKind::Unreadable;
        }
        top = doc.isObject() ? topOf(doc.object()) : JsonTop {};
    }
    if (!top->object)
        return PayloadKind::OtherJson;
    if (ids && !top->empty)
        *ids = top->ids;
    if (top->rawMime)
        return PayloadKind::JsonWithRawMime;
    if (top->eventFields)
        return PayloadKind::EventJson;
    return PayloadKind::OtherJson;
}

Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body)
{
    return parsePayload(PayloadRequest::of(contentType, body), MimeReadOptions {});
}

Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body, const MimeReadOptions& options)
{
    return parsePayload(PayloadRequest::of(contentType, body), options);
}

} // namespace hookscope::email
