#include "capturedrequest.h"

#include "core/store/records.h"

namespace hookscope::replay {

http::HttpHeaders CapturedRequest::parseHeaderBlock(const QByteArray& head)
{
    http::HttpHeaders headers;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            break;
        if ((line.at(0) == ' ' || line.at(0) == '\t') && !headers.isEmpty()) {
            // Obsolete line folding: joins the previous field, as RFC 9112 tells a recipient to.
            headers.last().value += ' ' + line.trimmed();
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
    }
    return headers;
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
