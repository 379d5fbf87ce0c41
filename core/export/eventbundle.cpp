#include "eventbundle.h"

#include "core/replay/attemptlog.h"
#include "core/store/eventstore.h"

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

const store::DeliveryRow& EventBundle::primary() const
{
    return deliveries.at(store::primaryDeliveryIndex(deliveries));
}

Result<EventBundle> EventBundle::load(store::EventStore& store, qint64 id)
{
    auto event = store.event(id);
    if (!event)
        return fail(event.error());
    if (!*event)
        return fail(u"no event %1"_s.arg(id));
    EventBundle b;
    b.event = **event;
    auto deliveries = store.deliveries(id);
    if (!deliveries)
        return fail(deliveries.error());
    if (deliveries->isEmpty())
        return fail(u"event %1 has no deliveries"_s.arg(id));
    b.deliveries = *deliveries;
    auto attempts = replay::AttemptLog::forEvent(store.database(), id);
    if (attempts)
        b.attempts = *attempts;
    return b;
}

bool isAuthorizationHeader(QByteArrayView name)
{
    return name.compare("authorization", Qt::CaseInsensitive) == 0
        || name.compare("proxy-authorization", Qt::CaseInsensitive) == 0
        || name.compare("cookie", Qt::CaseInsensitive) == 0;
}

QByteArray redactHead(const QByteArray& head)
{
    QByteArray out;
    out.reserve(head.size());
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype end = head.indexOf('\n', pos);
        end = end < 0 ? head.size() : end + 1;
        QByteArray line = head.mid(pos, end - pos);
        const qsizetype colon = line.indexOf(':');
        if (pos > 0 && colon > 0 && isAuthorizationHeader(QByteArrayView(line).first(colon).trimmed())) {
            const QByteArray eol = line.endsWith("\r\n") ? QByteArray("\r\n")
                : line.endsWith('\n')                    ? QByteArray("\n")
                                                         : QByteArray();
            line = line.left(colon + 1) + " [redacted]" + eol;
        }
        out += line;
        pos = end;
    }
    return out;
}

} // namespace hookscope::exporting
