#include "hmacscheme.h"

#include "diagnosis.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

HmacScheme::HmacScheme(const QJsonObject& options)
{
    const auto text = [&](const QString& key) { return options.value(key).toString().toUtf8(); };
    if (options.contains(u"header"_s))
        m_header = text(u"header"_s);
    m_prefix = text(u"prefix"_s);
    const QString encoding = options.value(u"encoding"_s).toString(u"hex"_s).toLower();
    if (encoding == u"base64"_s)
        m_encoding = support::Encoding::Base64;
    else if (encoding != u"hex"_s)
        m_error = u"encoding is hex or base64, not \"%1\""_s.arg(encoding);
    const QString algorithm = options.value(u"algorithm"_s).toString(u"sha256"_s).toLower().remove(u'-');
    if (algorithm == u"sha1"_s)
        m_digest = crypto::Digest::Sha1;
    else if (algorithm == u"sha512"_s)
        m_digest = crypto::Digest::Sha512;
    else if (algorithm != u"sha256"_s)
        m_error = u"algorithm is sha1, sha256 or sha512, not \"%1\""_s.arg(algorithm);
    if (options.contains(u"template"_s))
        m_template = text(u"template"_s);
    m_timestampHeader = text(u"timestampHeader"_s);
    const QString unit = options.value(u"timestampUnit"_s).toString(u"s"_s);
    if (unit == u"ms"_s)
        m_unitMs = 1;
    else if (unit != u"s"_s)
        m_error = u"timestampUnit is s or ms, not \"%1\""_s.arg(unit);
    if (options.contains(u"tolerance"_s))
        m_toleranceMs = qint64(options.value(u"tolerance"_s).toDouble() * 1000);
    m_idHeader = text(u"idHeader"_s);
    if (m_header.isEmpty())
        m_error = u"header must name the signature header"_s;
    if (m_template.contains("{timestamp}") && m_timestampHeader.isEmpty())
        m_error = u"the template uses {timestamp} but no timestampHeader is set"_s;
    if (m_template.contains("{id}") && m_idHeader.isEmpty())
        m_error = u"the template uses {id} but no idHeader is set"_s;
}

QString HmacScheme::name() const
{
    return u"hmac"_s;
}

QList<QByteArray> HmacScheme::signatureHeaders() const
{
    QList<QByteArray> out { m_header };
    if (!m_timestampHeader.isEmpty())
        out << m_timestampHeader;
    return out;
}

QByteArray HmacScheme::canonical(
    const QByteArray& ts, const QByteArray& id, const QString& url, const QByteArray& body) const
{
    // Substitute in one pass, so a body containing "{id}" is never expanded.
    QByteArray out;
    qsizetype i = 0;
    while (i < m_template.size()) {
        bool replaced = false;
        for (const auto& [key, value] : { std::pair<QByteArrayView, QByteArray> { "{timestamp}", ts },
                 { "{body}", body }, { "{id}", id }, { "{url}", url.toUtf8() } }) {
            if (QByteArrayView(m_template).sliced(i).startsWith(key)) {
                out += value;
                i += key.size();
                replaced = true;
                break;
            }
        }
        if (!replaced)
            out += m_template.at(i++);
    }
    return out;
}

Verdict HmacScheme::verify(const Input& input) const
{
    Verdict v = support::begin(*this, input);
    if (v.outcome == Outcome::NotChecked)
        return v;
    if (!m_error.isEmpty()) {
        support::setInvalidSignature(
            v, u"invalid-options"_s, u"The hmac scheme's options are wrong: %1."_s.arg(m_error));
        return v;
    }
    const QByteArray sig = headerValue(input.headers, m_header).trimmed();
    const QByteArray ts
        = m_timestampHeader.isEmpty() ? QByteArray() : headerValue(input.headers, m_timestampHeader).trimmed();
    const QByteArray id = m_idHeader.isEmpty() ? QByteArray() : headerValue(input.headers, m_idHeader).trimmed();
    QList<QByteArray> missing;
    if (sig.isEmpty())
        missing << m_header;
    if (!m_timestampHeader.isEmpty() && ts.isEmpty())
        missing << m_timestampHeader;
    if (m_template.contains("{id}") && id.isEmpty())
        missing << m_idHeader;
    if (!missing.isEmpty()) {
        support::setMissing(v, missing);
        diagnose(v, *this, input);
        return v;
    }
    std::optional<qint64> stamp;
    if (!m_timestampHeader.isEmpty()) {
        stamp = support::parseInteger(ts);
        if (!stamp) {
            support::setInvalidTimestamp(v,
                u"%1 must be an integer count of %2 since the epoch."_s.arg(
                    QString::fromLatin1(m_timestampHeader), m_unitMs == 1 ? u"milliseconds"_s : u"seconds"_s));
            diagnose(v, *this, input);
            return v;
        }
    }
    MacEvidence mac;
    mac.digest = m_digest;
    mac.encoding = m_encoding;
    mac.prefix = m_prefix;
    mac.canonical = canonical(ts, id, input.url, input.body);
    mac.secrets = input.secrets;
    mac.keys = input.secrets;
    mac.received = { sig };
    if (m_template != "{body}")
        mac.alternatives.append({ u"wrong-signed-content"_s,
            u"The signature covers the body alone, not the configured template \"%1\"."_s.arg(
                QString::fromUtf8(m_template)),
            input.body });
    v.canonical = mac.canonical;
    v.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    v.received = sig;
    if (stamp
        && !support::checkWindow(
            v, input, *stamp * m_unitMs, support::tolerance(*this, input), support::Window::TwoSided)) {
        diagnose(v, *this, input, &mac);
        return v;
    }
    if (matchMac(mac, v))
        return v;
    support::setInvalidSignature(v);
    diagnose(v, *this, input, &mac);
    return v;
}

Result<Signed> HmacScheme::sign(const SignInput& input) const
{
    if (!m_error.isEmpty())
        return fail(u"hmac: "_s + m_error);
    if (input.secret.isEmpty())
        return fail(u"hmac needs a secret to sign"_s);
    const QByteArray ts = QByteArray::number(m_unitMs == 1 ? input.nowMs : input.nowMs / 1000);
    QByteArray id = input.deliveryId;
    if (id.isEmpty() && !m_idHeader.isEmpty())
        id = QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    Signed out;
    out.body = input.body;
    const QByteArray content = canonical(ts, id, input.url, input.body);
    out.headers
        = { { m_header, m_prefix + support::encode(crypto::hmac(m_digest, input.secret, content), m_encoding) } };
    if (!m_timestampHeader.isEmpty())
        out.headers.append({ m_timestampHeader, ts });
    if (!m_idHeader.isEmpty())
        out.headers.append({ m_idHeader, id });
    return out;
}

} // namespace hookscope::verify
