#pragma once

#include "core/email/payload.h"
#include "core/http/delivery.h"

#include <QJsonObject>
#include <QString>

namespace hookscope::ingest {

struct IdempotencyKey {
    QString key;
    QString source; ///< the header name, "id", "messageId", "sha256" (of the body) or "request" (bodiless)
    QString providerEventId; ///< the provider's id for display (delivery id header or payload id)
    QString messageId;
};

/**
 * The idempotency key of a delivery (PRODUCT.md): the scheme's delivery id header where it has one,
 * else the payload's `id`, else `messageId` (for raw MIME, the Message-ID header), else SHA-256 of the body;
 * a request without a body: SHA-256 of its method and target (`GET /path?query`).
 * `payload` is the body parsed as a JSON object when it is one.
 */
IdempotencyKey idempotencyKey(
    const http::Delivery& delivery, const QList<QByteArray>& deliveryIdHeaders, const QJsonObject* payload);
/** The same, from the payload's ids as email::detectPayload() read them (none: the body is no JSON object). */
IdempotencyKey idempotencyKey(const http::Delivery& delivery, const QList<QByteArray>& deliveryIdHeaders,
    const std::optional<email::PayloadIds>& payload);

/** The Message-ID header of a raw MIME body, read from its header block only. */
QString mimeMessageId(QByteArrayView mime);

} // namespace hookscope::ingest
