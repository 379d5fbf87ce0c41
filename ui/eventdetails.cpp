#include "eventdetails.h"

#include "core/email/adapter.h"
#include "core/http/httpheader.h"
#include "core/replay/attemptlog.h"
#include "core/store/eventstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

/** Event-schema attachments carry their bytes as dataBase64; decode them when the payload reader left them out. */
static void fillAttachmentData(email::EmailMessage& m, const QByteArray& body)
{
    bool missing = false;
    for (const auto& a : std::as_const(m.attachments))
        missing = missing || a.data.isEmpty();
    if (!missing)
        return;
    const QJsonArray list = QJsonDocument::fromJson(body).object().value(u"attachments"_s).toArray();
    for (int i = 0; i < m.attachments.size() && i < list.size(); ++i) {
        email::Attachment& a = m.attachments[i];
        if (!a.data.isEmpty())
            continue;
        const QString b64 = list[i].toObject().value(u"dataBase64"_s).toString();
        if (!b64.isEmpty())
            a.data = QByteArray::fromBase64(b64.toLatin1());
        if (a.size == 0)
            a.size = a.data.size();
    }
}

int EventDetails::primaryDelivery() const
{
    return int(std::max<qsizetype>(store::primaryDeliveryIndex(deliveries), 0));
}

EventDetails loadEventDetails(store::EventStore& store, qint64 id)
{
    EventDetails d;
    auto event = store.event(id);
    if (!event || !event->has_value())
        return d;
    d.found = true;
    d.event = **event;
    if (auto deliveries = store.deliveries(id))
        d.deliveries = *deliveries;
    if (auto attempts = replay::AttemptLog::forEvent(store.database(), id))
        d.attempts = *attempts;
    if (auto scans = store::AttachmentScans::forEvent(store.database(), id))
        d.scans = *scans;
    if (d.deliveries.isEmpty())
        return d;
    const store::DeliveryRow& primary = d.deliveries[d.primaryDelivery()];
    email::PayloadRequest request;
    request.body = primary.body;
    request.headers = http::parseHeaderBlock(primary.rawHead);
    request.contentType = http::headerValue(request.headers, "content-type");
    request.route = d.event.route;
    auto parsed = email::parsePayload(request);
    if (parsed) {
        d.email = std::move(*parsed);
        fillAttachmentData(*d.email, primary.body);
    } else
        d.emailError = parsed.error();
    return d;
}

HeaderList parseHeaders(const QByteArray& rawHead)
{
    HeaderList out;
    for (const http::HttpHeader& h : http::parseHeaderBlock(rawHead))
        out.append({ QString::fromLatin1(h.name), QString::fromUtf8(h.value) });
    return out;
}

QByteArray headerValue(const QByteArray& rawHead, QByteArrayView name)
{
    return http::headerValue(http::parseHeaderBlock(rawHead), name);
}

QString requestLine(const QByteArray& rawHead)
{
    const qsizetype end = rawHead.indexOf('\n');
    return QString::fromUtf8(rawHead.left(end < 0 ? rawHead.size() : end)).trimmed();
}

} // namespace hookscope::ui
