#include "capturedrequest.h"

#include "core/store/records.h"

namespace hookscope::replay {

http::HttpHeaders CapturedRequest::parseHeaderBlock(const QByteArray& head)
{
    return http::parseHeaderBlock(head);
}

CapturedRequest CapturedRequest::fromDelivery(const store::DeliveryRow& delivery)
{
    CapturedRequest c;
    c.method = delivery.method.toLatin1();
    // The target column is text, which cannot hold a path that is not UTF-8: the request line in the stored
    // head has the exact bytes.
    const qsizetype lineEnd = delivery.rawHead.indexOf('\n');
    const QList<QByteArray> requestLine
        = QByteArray(lineEnd < 0 ? QByteArray() : delivery.rawHead.left(lineEnd)).trimmed().split(' ');
    if (requestLine.size() == 3 && requestLine.at(2).startsWith("HTTP/")) {
        c.method = requestLine.at(0);
        c.target = requestLine.at(1);
    } else {
        c.target = delivery.target.toUtf8();
    }
    if (c.target.isEmpty())
        c.target = "/";
    c.headers = parseHeaderBlock(delivery.rawHead);
    c.body = delivery.body;
    c.tls = delivery.tls;
    c.deliveryId = delivery.verdict.value(QStringLiteral("deliveryId")).toString();
    return c;
}

} // namespace hookscope::replay
