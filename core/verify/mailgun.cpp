#include "presets.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

// Mailgun's row of the preset table signs inside the body: where its fields are read and how they are written.
namespace hookscope::verify::mailgun {

namespace {

QByteArray jsonText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString().toUtf8();
    if (value.isDouble())
        return QByteArray::number(qint64(value.toDouble()));
    return {};
}

/** The value of form field `name` in a multipart/form-data body. */
QByteArray multipartField(const QByteArray& body, const QByteArray& boundary, const QByteArray& name)
{
    const QByteArray marker = "--" + boundary;
    qsizetype pos = 0;
    while ((pos = body.indexOf(marker, pos)) >= 0) {
        pos += marker.size();
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            break;
        const QByteArray head = body.mid(pos, headEnd - pos);
        const qsizetype next = body.indexOf(QByteArray("\r\n" + marker), headEnd);
        if (head.contains(QByteArray("name=\"" + name + "\"")))
            return body.mid(headEnd + 4, (next < 0 ? body.size() : next) - headEnd - 4);
    }
    return {};
}

struct Fields {
    QByteArray timestamp;
    QByteArray token;
    QByteArray signature;
    QByteArray eventId;
    bool found = false; ///< a signature object or form fields were present at all
};

Fields readFields(const Input& input)
{
    Fields f;
    const QByteArray type = headerValue(input.headers, "Content-Type").toLower();
    const QByteArray trimmed = input.body.trimmed();
    if (trimmed.startsWith('{')) {
        const QJsonObject root = QJsonDocument::fromJson(input.body).object();
        const QJsonObject sig = root.value(u"signature"_s).toObject();
        if (!sig.isEmpty()) {
            f.found = true;
            f.timestamp = jsonText(sig.value(u"timestamp"_s));
            f.token = jsonText(sig.value(u"token"_s));
            f.signature = jsonText(sig.value(u"signature"_s));
        }
        f.eventId = root.value(u"event-data"_s).toObject().value(u"id"_s).toString().toUtf8();
        return f;
    }
    if (type.contains("multipart/form-data")) {
        const qsizetype b = type.indexOf("boundary=");
        if (b >= 0) {
            QByteArray boundary = headerValue(input.headers, "Content-Type").mid(b + 9);
            const qsizetype semi = boundary.indexOf(';');
            if (semi >= 0)
                boundary.truncate(semi);
            boundary = boundary.trimmed();
            if (boundary.startsWith('"'))
                boundary = boundary.mid(1, boundary.size() - 2);
            f.timestamp = multipartField(input.body, boundary, "timestamp");
            f.token = multipartField(input.body, boundary, "token");
            f.signature = multipartField(input.body, boundary, "signature");
            f.found = !f.timestamp.isNull() || !f.token.isNull() || !f.signature.isNull();
        }
        return f;
    }
    for (const auto& [key, value] : support::parseForm(input.body)) {
        if (key == "timestamp")
            f.timestamp = value;
        else if (key == "token")
            f.token = value;
        else if (key == "signature")
            f.signature = value;
        else
            continue;
        f.found = true;
    }
    return f;
}

} // namespace

Reading read(const HmacPreset&, const Input& input)
{
    const Fields f = readFields(input);
    Reading r;
    r.required = { { "signature.timestamp (in the body)", f.timestamp }, { "signature.token (in the body)", f.token },
        { "signature.signature (in the body)", f.signature } };
    r.timestamp = f.timestamp;
    r.timestampName = "signature.timestamp";
    r.id = f.token;
    r.received = f.signature;
    r.deliveryId = QString::fromUtf8(f.eventId);
    return r;
}

Result<Signed> sign(const HmacPreset& preset, const SignInput& input)
{
    if (input.secret.isEmpty())
        return fail(u"%1 needs %2 to sign"_s.arg(preset.name, preset.secretName));
    const QByteArray ts = QByteArray::number(input.nowMs / 1000);
    QByteArray token;
    for (int i = 0; i < 50; ++i)
        token += "0123456789abcdefghijklmnopqrstuvwxyz"[QRandomGenerator::global()->bounded(36)];
    const QByteArray signature = crypto::hmac(crypto::Digest::Sha256, input.secret, QByteArray(ts + token)).toHex();
    Signed out;
    out.headers = input.headers;
    Input probe;
    probe.headers = input.headers;
    probe.body = input.body;
    if (!input.body.trimmed().startsWith('{') && support::isFormBody(probe)) {
        QByteArray body;
        for (const QByteArray& part : input.body.split('&')) {
            if (part.startsWith("timestamp=") || part.startsWith("token=") || part.startsWith("signature="))
                continue;
            if (!part.isEmpty())
                body += part + '&';
        }
        out.body = body + "timestamp=" + ts + "&token=" + token + "&signature=" + signature;
        out.headers = {};
        return out;
    }
    QJsonObject root = QJsonDocument::fromJson(input.body).object();
    if (input.body.trimmed().startsWith('{') && QJsonDocument::fromJson(input.body).isNull())
        return fail(u"mailgun signs inside a JSON object, and the body is not valid JSON"_s);
    root.insert(u"signature"_s,
        QJsonObject { { u"timestamp"_s, QString::fromLatin1(ts) }, { u"token"_s, QString::fromLatin1(token) },
            { u"signature"_s, QString::fromLatin1(signature) } });
    if (!root.contains(u"event-data"_s) && !input.body.trimmed().isEmpty() && !input.body.trimmed().startsWith('{'))
        return fail(u"mailgun signs inside a JSON object or form fields; the body is neither"_s);
    out.body = QJsonDocument(root).toJson(QJsonDocument::Compact);
    out.headers = {};
    return out;
}

} // namespace hookscope::verify::mailgun
