#pragma once

#include <QByteArray>
#include <QList>

namespace hookscope {

struct HttpHeader {
    QByteArray name;
    QByteArray value;
};
using HttpHeaders = QList<HttpHeader>;

/** First value of a header, matched case-insensitively; null when absent. */
QByteArray headerValue(const HttpHeaders& headers, QByteArrayView name);
/** How many times a header occurs (case-insensitive). */
int headerCount(const HttpHeaders& headers, QByteArrayView name);

} // namespace hookscope
