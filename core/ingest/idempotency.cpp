#include "idempotency.h"

#include "core/common/crypto.h"

using namespace Qt::StringLiterals;

namespace hookscope::ingest {

QString mimeMessageId(QByteArrayView mime)
{
    // Walk the header block only (up to the first empty line), unfolding continuation lines.
    qsizetype pos = 0;
    QByteArray current;
    auto check = [](const QByteArray& line) -> QString {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).trimmed().compare("Message-ID", Qt::CaseInsensitive) == 0)
            return QString::fromUtf8(line.mid(colon + 1).trimmed());
        return {};
    };
    while (pos < mime.size()) {
        qsizetype end = mime.indexOf('\n', pos);
        if (end < 0)
            end = mime.size();
        QByteArray line = mime.sliced(pos, end - pos).toByteArray();
        if (line.endsWith('\r'))
            line.chop(1);
        pos = end + 1;
        if (!line.isEmpty() && (line.at(0) == ' ' || line.at(0) == '\t')) {
            current += ' ' + line.trimmed();
            continue;
        }
        if (const QString id = check(current); !id.isEmpty())
            return id;
        if (line.isEmpty())
            break;
        current = line;
    }
    return check(current);
}

IdempotencyKey idempotencyKey(
    const http::Delivery& delivery, const QList<QByteArray>& deliveryIdHeaders, const QJsonObject* payload)
{
    return idempotencyKey(delivery, deliveryIdHeaders,
        payload ? std::optional<email::PayloadIds>(email::payloadIds(*payload)) : std::nullopt);
}

IdempotencyKey idempotencyKey(const http::Delivery& delivery, const QList<QByteArray>& deliveryIdHeaders,
    const std::optional<email::PayloadIds>& payload)
{
    IdempotencyKey k;
    if (payload) {
        k.providerEventId = payload->id;
        k.messageId = payload->messageId;
    } else {
        const QByteArray type = delivery.header("Content-Type").toLower();
        if (type.startsWith("message/rfc822"))
            k.messageId = mimeMessageId(delivery.body);
    }
    for (const QByteArray& header : deliveryIdHeaders) {
        const QByteArray id = delivery.header(header).trimmed();
        if (!id.isEmpty()) {
            k.key = QString::fromUtf8(id);
            k.source = QString::fromLatin1(header.toLower());
            if (k.providerEventId.isEmpty())
                k.providerEventId = k.key;
            return k;
        }
    }
    if (!k.providerEventId.isEmpty()) {
        k.key = k.providerEventId;
        k.source = u"id"_s;
    } else if (!k.messageId.isEmpty()) {
        k.key = k.messageId;
        k.source = u"messageId"_s;
    } else if (!delivery.body.isEmpty()) {
        k.key = QString::fromLatin1(crypto::sha256Hex(delivery.body));
        k.source = u"sha256"_s;
    } else {
        // Without a body, the body's hash would merge every bodiless request (a GET here, a DELETE there) into
        // one event: the request's method and target say which request it is. Keys of requests with a body are
        // unchanged, so a store written before keeps grouping retries of those with their earlier deliveries.
        k.key = QString::fromLatin1(crypto::sha256Hex(QByteArray(delivery.method + ' ' + delivery.target)));
        k.source = u"request"_s;
    }
    return k;
}

} // namespace hookscope::ingest
