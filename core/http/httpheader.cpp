#include "httpheader.h"

namespace hookscope::http {

HttpHeaders parseHeaderBlock(const QByteArray& head)
{
    HttpHeaders headers;
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

QByteArray headerValue(const HttpHeaders& headers, QByteArrayView name)
{
    for (const auto& h : headers) {
        if (name.compare(h.name, Qt::CaseInsensitive) == 0)
            return h.value.isNull() ? QByteArray("") : h.value;
    }
    return {};
}

int headerCount(const HttpHeaders& headers, QByteArrayView name)
{
    int n = 0;
    for (const auto& h : headers)
        n += name.compare(h.name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return n;
}

bool isToken(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return false;
    for (char c : bytes) {
        const bool tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!tchar)
            return false;
    }
    return true;
}

} // namespace hookscope::http
