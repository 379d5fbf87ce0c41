#include "records.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace hookscope::store {

QString isoTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

static QJsonValue stringOrNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonObject EventRow::toJson() const
{
    QJsonObject o;
    o.insert(u"id"_s, double(id));
    o.insert(u"eventId"_s, stringOrNull(eventId));
    o.insert(u"messageId"_s, stringOrNull(messageId));
    o.insert(u"route"_s, route);
    o.insert(u"receivedAt"_s, isoTime(receivedUs));
    o.insert(u"lastReceivedAt"_s, isoTime(lastUs));
    o.insert(u"status"_s, status);
    o.insert(u"quarantined"_s, quarantined.isEmpty() ? QJsonValue(false) : QJsonValue(quarantined));
    if (!quarantineNote.isEmpty())
        o.insert(u"quarantineNote"_s, quarantineNote);
    o.insert(u"discarded"_s, discarded);
    o.insert(u"deliveries"_s, deliveries);
    o.insert(u"duplicates"_s, duplicates);
    o.insert(u"replays"_s, replays);
    o.insert(u"subject"_s, stringOrNull(subject));
    o.insert(u"from"_s, QJsonObject { { u"address"_s, stringOrNull(fromAddress) }, { u"name"_s, fromName } });
    o.insert(u"idempotencyKey"_s, idempotencyKey);
    o.insert(u"keySource"_s, keySource);
    o.insert(u"scheme"_s, stringOrNull(scheme));
    o.insert(u"method"_s, method);
    o.insert(u"path"_s, path);
    o.insert(u"size"_s, double(size));
    o.insert(u"attachments"_s, attachments);
    o.insert(u"flags"_s, QJsonArray::fromStringList(flags));
    o.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return o;
}

qsizetype primaryDeliveryIndex(const QList<DeliveryRow>& deliveries)
{
    for (qsizetype i = 0; i < deliveries.size(); ++i) {
        if (deliveries[i].statusCode >= 200 && deliveries[i].statusCode < 300)
            return i;
    }
    return deliveries.isEmpty() ? -1 : 0;
}

const DeliveryRow* chosenDelivery(const QList<DeliveryRow>& deliveries, qsizetype seq)
{
    const qsizetype index = seq > 0 ? seq - 1 : primaryDeliveryIndex(deliveries);
    return index >= 0 && index < deliveries.size() ? &deliveries[index] : nullptr;
}

QJsonObject DeliveryRow::toJson() const
{
    QJsonObject o;
    o.insert(u"seq"_s, seq);
    o.insert(u"id"_s, double(id));
    o.insert(u"receivedAt"_s, isoTime(receivedUs));
    o.insert(u"receivedUs"_s, double(receivedUs));
    o.insert(u"peer"_s, peer);
    o.insert(u"peerPort"_s, peerPort);
    o.insert(u"localPort"_s, localPort);
    o.insert(u"tls"_s, tls);
    if (tls) {
        o.insert(u"tlsProtocol"_s, tlsProtocol);
        o.insert(u"tlsCipher"_s, tlsCipher);
    }
    o.insert(u"method"_s, method);
    o.insert(u"target"_s, target);
    o.insert(u"httpVersion"_s, httpVersion);
    o.insert(u"bodySize"_s, double(bodySize));
    o.insert(u"rawSize"_s, double(raw().size()));
    o.insert(u"chunked"_s, !rawBody.isEmpty());
    o.insert(u"statusCode"_s, statusCode);
    o.insert(u"response"_s, QString::fromUtf8(responseBody));
    o.insert(u"verification"_s, verifyOutcome);
    o.insert(u"reason"_s, verifyReason);
    o.insert(u"verdict"_s, verdict);
    o.insert(u"duplicate"_s, duplicate);
    o.insert(u"refused"_s, refused ? QJsonValue(refused) : QJsonValue(false));
    o.insert(u"truncated"_s, truncated);
    // Response rules: what Hookscope did beyond the status (null: it answered statusCode).
    o.insert(u"answerAction"_s, answerAction.isEmpty() ? QJsonValue() : QJsonValue(answerAction));
    o.insert(u"answerDelayMs"_s, answerDelayMs);
    o.insert(u"answerRule"_s, answerRule.isEmpty() ? QJsonValue() : QJsonValue(answerRule));
    return o;
}

QJsonObject AttachmentRow::toJson() const
{
    return { { u"part"_s, part }, { u"filename"_s, filename }, { u"contentType"_s, contentType },
        { u"size"_s, double(size) }, { u"contentId"_s, contentId.isEmpty() ? QJsonValue() : QJsonValue(contentId) },
        { u"sha256"_s, sha256 }, { u"inline"_s, isInline } };
}

} // namespace hookscope::store
