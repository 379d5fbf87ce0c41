#include "capturedurl.h"

#include "capturedhead.h"

#include "core/replay/requestbuilder.h"
#include "core/store/records.h"

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

namespace {

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/**
 * A path or query with every byte RFC 3986 does not allow there as %XX. Kept: unreserved, sub-delims,
 * ':', '@', '/', ('?' in a query) and %XX that is already well-formed.
 */
QByteArray encodeUrlPart(QByteArrayView bytes, bool query)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_' || c == '~';
        const bool allowed = unreserved || QByteArrayView("!$&'()*+,;=:@/").contains(c) || (query && c == '?');
        if (allowed || (c == '%' && i + 2 < bytes.size() && isHex(bytes.at(i + 1)) && isHex(bytes.at(i + 2)))) {
            out += c;
        } else {
            out += '%';
            out += QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0').toUpper();
        }
    }
    return out;
}

} // namespace

CapturedOrigin deliveryOrigin(const store::DeliveryRow& d)
{
    const CapturedHead head = CapturedHead::parse(d.rawHead);
    for (const auto& f : head.fields) {
        if (f.name.compare("host", Qt::CaseInsensitive) != 0)
            continue;
        if (auto origin = replay::originFromHost(f.value, d.tls))
            return { *origin, true };
        break; // the first Host counts; a second one never chooses
    }
    QUrl fallback;
    fallback.setScheme(d.tls ? u"https"_s : u"http"_s);
    fallback.setHost(u"127.0.0.1"_s);
    if (d.localPort > 0)
        fallback.setPort(d.localPort);
    return { fallback, false };
}

QUrl urlWithTarget(const QUrl& origin, QByteArrayView target)
{
    const QByteArray originForm = replay::originFormTarget(target);
    const qsizetype q = originForm.indexOf('?');
    QUrl url = origin;
    url.setPath(QString::fromLatin1(
                    encodeUrlPart(q < 0 ? QByteArrayView(originForm) : QByteArrayView(originForm).first(q), false)),
        QUrl::StrictMode);
    if (q >= 0)
        url.setQuery(
            QString::fromLatin1(encodeUrlPart(QByteArrayView(originForm).sliced(q + 1), true)), QUrl::StrictMode);
    return url;
}

QString deliveryUrl(const store::DeliveryRow& d)
{
    const CapturedHead head = CapturedHead::parse(d.rawHead);
    const QByteArray target = head.target.isEmpty() ? d.target.toUtf8() : head.target;
    return urlWithTarget(deliveryOrigin(d).origin, target).toString(QUrl::FullyEncoded);
}

} // namespace hookscope::exporting
