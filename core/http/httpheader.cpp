#include "httpheader.h"

namespace hookscope::http {

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
