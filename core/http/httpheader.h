#pragma once

#include <QByteArray>
#include <QList>

namespace hookscope::http {

struct HttpHeader {
    QByteArray name;
    QByteArray value;
};
using HttpHeaders = QList<HttpHeader>;

/**
 * The header fields of an HTTP head (a request or status line first, then `Name: value` lines up to the first
 * empty line), in order with repeats kept; obsolete folded lines join the field before them.
 */
HttpHeaders parseHeaderBlock(const QByteArray& head);
/** First value of a header, matched case-insensitively; null when absent. */
QByteArray headerValue(const HttpHeaders& headers, QByteArrayView name);
/** How many times a header occurs (case-insensitive). */
int headerCount(const HttpHeaders& headers, QByteArrayView name);
/** An RFC 9110 §5.6.2 token (a method, a header name, an auth scheme): one or more tchar. */
bool isToken(QByteArrayView bytes);

} // namespace hookscope::http
