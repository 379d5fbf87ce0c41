#include "apiconnection.h"

#include "apiserver.h"

#include "core/http/httpresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace hookscope::api {

using namespace hookscope::http;

Limits apiLimits()
{
    Limits limits;
    limits.maxBodyBytes = 1024 * 1024; // action bodies are small JSON objects
    limits.maxHeaderBytes = 32 * 1024;
    return limits;
}

Answer json(int status, const QJsonValue& value)
{
    Answer a;
    a.status = status;
    a.body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    return a;
}

Answer problem(int status, const QString& message)
{
    return json(status, QJsonObject { { u"error"_s, message } });
}

Answer bytes(QByteArray body, QByteArray contentType)
{
    Answer a;
    a.contentType = std::move(contentType);
    a.body = std::move(body);
    return a;
}

Answer senderBytes(QByteArray body, QByteArray contentType)
{
    Answer a = bytes(std::move(body), std::move(contentType));
    a.headers.append({ QByteArray("X-Content-Type-Options"), QByteArray("nosniff") });
    a.headers.append({ QByteArray("Content-Security-Policy"), QByteArray("sandbox; default-src 'none'") });
    a.headers.append({ QByteArray("Content-Disposition"), QByteArray("attachment") });
    return a;
}

Answer methodNotAllowed(const QByteArray& allowed)
{
    Answer a = problem(405, u"this resource answers %1 only"_s.arg(QString::fromLatin1(allowed)));
    a.headers.append({ QByteArray("Allow"), allowed });
    return a;
}

QByteArray serialize(const Answer& a, bool keepAlive, int httpMinor)
{
    QByteArray out = (httpMinor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ") + QByteArray::number(a.status) + ' '
        + HttpResponse::reasonPhrase(a.status) + "\r\nServer: Hookscope\r\nCache-Control: no-store\r\n";
    if (!a.contentType.isEmpty())
        out += "Content-Type: " + a.contentType + "\r\n";
    for (const auto& [name, value] : a.headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(a.body.size()) + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    else if (httpMinor == 0)
        out += "Connection: keep-alive\r\n";
    return out + "\r\n" + a.body;
}

} // namespace hookscope::api
