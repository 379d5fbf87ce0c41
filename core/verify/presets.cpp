#include "presets.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

namespace {

Result<Signed> signShopify(const HmacPreset& preset, const SignInput& input)
{
    if (input.secret.isEmpty())
        return fail(u"%1 needs %2 to sign"_s.arg(preset.name, preset.secretName));
    // Shopify sends these with every delivery, and its library refuses one without them (missing_headers). Values
    // already on the request (a captured delivery, --header) are kept; the others are made up.
    const auto kept = [&](const QByteArray& name, const QByteArray& otherwise) {
        const QByteArray value = headerValue(input.headers, name).trimmed();
        return value.isEmpty() ? otherwise : value;
    };
    const auto uuid = [] { return QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1(); };
    Signed out;
    out.body = input.body;
    out.headers = {
        { "X-Shopify-Topic", kept("X-Shopify-Topic", "orders/create") },
        { "X-Shopify-Hmac-Sha256", crypto::hmac(preset.digest, input.secret, input.body).toBase64() },
        { "X-Shopify-Shop-Domain", kept("X-Shopify-Shop-Domain", "hookscope-test.myshopify.com") },
        { "X-Shopify-API-Version", kept("X-Shopify-API-Version", "2025-01") },
        { "X-Shopify-Webhook-Id",
            input.deliveryId.isEmpty() ? kept("X-Shopify-Webhook-Id", uuid()) : input.deliveryId },
        { "X-Shopify-Triggered-At",
            kept("X-Shopify-Triggered-At",
                QDateTime::fromMSecsSinceEpoch(input.nowMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1()) },
        { "X-Shopify-Event-Id", kept("X-Shopify-Event-Id", uuid()) },
    };
    return out;
}

QList<HmacPreset> makePresets()
{
    QList<HmacPreset> rows;
    {
        HmacPreset p;
        p.name = u"mailparse"_s;
        p.description = u"the guide's own: hex HMAC-SHA256 of \"{ms timestamp}.{body}\", ±5 min"_s;
        p.signatureHeaders = { "X-Webhook-Signature" };
        p.signedContent = "{timestamp}.{body}";
        p.timestampHeader = "X-Webhook-Timestamp";
        p.timestampUnitMs = 1;
        p.toleranceMs = 300'000;
        p.mistakes = {
            { u"wrong-signed-content"_s,
                u"The signature covers the body alone; the timestamp must be signed too: \"{timestamp}.{body}\"."_s,
                "{body}" },
            { u"wrong-signed-content"_s,
                u"The signature covers \"{timestamp}{body}\" without the dot; MailParse signs \"{timestamp}.{body}\"."_s,
                "{timestamp}{body}" },
        };
        rows << p;
    }
    {
        HmacPreset p;
        p.name = u"github"_s;
        p.description = u"X-Hub-Signature-256: sha256= hex HMAC-SHA256 of the body"_s;
        p.signatureHeaders = { "X-Hub-Signature-256" };
        p.prefix = "sha256=";
        p.deliveryIdHeaders = { "X-GitHub-Delivery" };
        // Accepting the SHA-1 header in its place would let anyone who strips the SHA-256 one choose the weaker MAC.
        p.missingHints = {
            { "X-Hub-Signature",
                u"Only the legacy X-Hub-Signature (HMAC-SHA1) header was sent. The github scheme requires X-Hub-Signature-256 and does not fall back to SHA-1 (a downgrade); for a sender that signs only with SHA-1 (an old GitHub Enterprise Server), set the route's scheme to github-sha1."_s }
        };
        rows << p;
        p.name = u"github-sha1"_s;
        p.description = u"GitHub's legacy X-Hub-Signature: sha1= hex HMAC-SHA1 of the body"_s;
        p.signatureHeaders = { "X-Hub-Signature" };
        p.prefix = "sha1=";
        p.digest = crypto::Digest::Sha1;
        p.missingHints = {};
        rows << p;
    }
    {
        HmacPreset p;
        p.name = u"slack"_s;
        p.description = u"X-Slack-Signature: v0= hex HMAC-SHA256 of \"v0:{ts}:{body}\", ±5 min"_s;
        p.signatureHeaders = { "X-Slack-Signature" };
        p.prefix = "v0=";
        p.signedContent = "v0:{timestamp}:{body}";
        p.timestampHeader = "X-Slack-Request-Timestamp";
        p.toleranceMs = 300'000;
        p.secretName = u"a signing secret"_s;
        p.mistakes = { { u"wrong-signed-content"_s,
            u"The signature covers the body alone; Slack signs \"v0:{timestamp}:{body}\"."_s, "{body}" } };
        rows << p;
    }
    {
        HmacPreset p;
        p.name = u"shopify"_s;
        p.description = u"X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body"_s;
        p.signatureHeaders = { "X-Shopify-Hmac-Sha256", "shopify-hmac-sha256" };
        p.encoding = support::Encoding::Base64;
        p.deliveryIdHeaders = { "X-Shopify-Webhook-Id", "shopify-webhook-id" };
        p.secretName = u"the app's client secret"_s;
        // The official library refuses a delivery without a body before it looks at the HMAC.
        p.refuseEmptyBody = true;
        p.singleSecretHint
            = u"After rotating the app's client secret, Shopify may sign with the old one for up to an hour: configure both (the new one first)."_s;
        p.sign = signShopify;
        rows << p;
    }
    {
        HmacPreset p;
        p.name = u"mailersend"_s;
        p.description = u"Signature: hex HMAC-SHA256 of the body with the webhook's signing secret"_s;
        p.signatureHeaders = { "Signature" };
        p.secretName = u"the webhook's signing secret"_s;
        p.missingHints = { { {},
            u"MailerSend signs every webhook request in the Signature header with the webhook's signing secret."_s } };
        rows << p;
    }
    {
        HmacPreset p;
        p.name = u"mailgun"_s;
        p.description = u"signature fields in the body: hex HMAC-SHA256 of \"{timestamp}{token}\""_s;
        p.signedContent = "{timestamp}{id}";
        p.secretName = u"the HTTP webhook signing key"_s;
        p.mistakes = {
            { u"wrong-signed-content"_s,
                u"The signature covers \"{timestamp}.{token}\"; Mailgun signs timestamp and token with no separator."_s,
                "{timestamp}.{id}" },
            { u"wrong-signed-content"_s, u"The signature covers the body; Mailgun signs only \"{timestamp}{token}\"."_s,
                "{body}" },
        };
        p.missingHints = {
            { {},
                u"Mailgun puts its signature inside the body: JSON {\"signature\": {\"timestamp\", \"token\", \"signature\"}, \"event-data\": …}, or form fields in legacy webhooks."_s }
        };
        p.validHint
            = u"Mailgun's signature covers only the timestamp and token, not the event data: remember each token to refuse replays."_s;
        p.read = mailgun::read;
        p.sign = mailgun::sign;
        rows << p;
    }
    return rows;
}

} // namespace

const QList<HmacPreset>& hmacPresets()
{
    static const QList<HmacPreset> rows = makePresets();
    return rows;
}

HmacPreset presetFromOptions(const QJsonObject& options, QString* error)
{
    HmacPreset p;
    p.name = u"hmac"_s;
    p.description = u"configured: header, prefix, encoding, algorithm, template, timestamp, id"_s;
    QString e;
    const auto text = [&](const QString& key) { return options.value(key).toString().toUtf8(); };
    p.signatureHeaders = { options.contains(u"header"_s) ? text(u"header"_s) : QByteArray("X-Signature") };
    p.prefix = text(u"prefix"_s);
    const QString encoding = options.value(u"encoding"_s).toString(u"hex"_s).toLower();
    if (encoding == u"base64"_s)
        p.encoding = support::Encoding::Base64;
    else if (encoding != u"hex"_s)
        e = u"encoding is hex or base64, not \"%1\""_s.arg(encoding);
    const QString algorithm = options.value(u"algorithm"_s).toString(u"sha256"_s).toLower().remove(u'-');
    if (algorithm == u"sha1"_s)
        p.digest = crypto::Digest::Sha1;
    else if (algorithm == u"sha512"_s)
        p.digest = crypto::Digest::Sha512;
    else if (algorithm != u"sha256"_s)
        e = u"algorithm is sha1, sha256 or sha512, not \"%1\""_s.arg(algorithm);
    if (options.contains(u"template"_s))
        p.signedContent = text(u"template"_s);
    p.timestampHeader = text(u"timestampHeader"_s);
    const QString unit = options.value(u"timestampUnit"_s).toString(u"s"_s);
    if (unit == u"ms"_s)
        p.timestampUnitMs = 1;
    else if (unit != u"s"_s)
        e = u"timestampUnit is s or ms, not \"%1\""_s.arg(unit);
    if (options.contains(u"tolerance"_s))
        p.toleranceMs = qint64(options.value(u"tolerance"_s).toDouble() * 1000);
    p.idHeader = text(u"idHeader"_s);
    if (!p.idHeader.isEmpty())
        p.deliveryIdHeaders = { p.idHeader };
    if (p.signatureHeaders.first().isEmpty())
        e = u"header must name the signature header"_s;
    if (p.signedContent.contains("{timestamp}") && p.timestampHeader.isEmpty())
        e = u"the template uses {timestamp} but no timestampHeader is set"_s;
    if (p.signedContent.contains("{id}") && p.idHeader.isEmpty())
        e = u"the template uses {id} but no idHeader is set"_s;
    if (p.signedContent != "{body}")
        p.mistakes = { { u"wrong-signed-content"_s,
            u"The signature covers the body alone, not the configured template \"%1\"."_s.arg(
                QString::fromUtf8(p.signedContent)),
            "{body}" } };
    if (error)
        *error = e;
    return p;
}

QByteArray HmacPreset::fill(const QByteArray& content, const QByteArray& timestamp, const QByteArray& id,
    const QString& url, const QByteArray& body) const
{
    // Substitute in one pass, so a body containing "{id}" is never expanded.
    QByteArray out;
    qsizetype i = 0;
    while (i < content.size()) {
        bool replaced = false;
        for (const auto& [key, value] : { std::pair<QByteArrayView, QByteArrayView> { "{timestamp}", timestamp },
                 { "{body}", body }, { "{id}", id } }) {
            if (QByteArrayView(content).sliced(i).startsWith(key)) {
                out += value;
                i += key.size();
                replaced = true;
                break;
            }
        }
        if (!replaced && QByteArrayView(content).sliced(i).startsWith("{url}")) {
            out += url.toUtf8();
            i += 5;
            replaced = true;
        }
        if (!replaced)
            out += content.at(i++);
    }
    return out;
}

PresetScheme::PresetScheme(HmacPreset preset, QString optionsError)
    : m_preset(std::move(preset))
    , m_error(std::move(optionsError))
{
}

QList<QByteArray> PresetScheme::signatureHeaders() const
{
    QList<QByteArray> out = m_preset.signatureHeaders;
    if (!m_preset.timestampHeader.isEmpty())
        out << m_preset.timestampHeader;
    if (!m_preset.idHeader.isEmpty() && m_preset.signedContent.contains("{id}"))
        out << m_preset.idHeader;
    return out;
}

Reading PresetScheme::read(const Input& input) const
{
    const HmacPreset& p = m_preset;
    Reading r;
    if (p.read) {
        r = p.read(p, input);
    } else {
        QByteArray sig;
        for (const QByteArray& header : p.signatureHeaders) {
            sig = headerValue(input.headers, header).trimmed();
            if (!sig.isEmpty())
                break;
        }
        if (!p.signatureHeaders.isEmpty())
            r.required.append({ p.signatureHeaders.first(), sig });
        r.received = sig;
        if (!p.timestampHeader.isEmpty()) {
            r.timestamp = headerValue(input.headers, p.timestampHeader).trimmed();
            r.timestampName = p.timestampHeader;
            r.required.append({ p.timestampHeader, *r.timestamp });
        }
        if (!p.idHeader.isEmpty()) {
            r.id = headerValue(input.headers, p.idHeader).trimmed();
            if (p.signedContent.contains("{id}"))
                r.required.append({ p.idHeader, r.id });
        }
    }
    for (const auto& [whenPresent, hint] : p.missingHints) {
        if (whenPresent.isEmpty() || !headerValue(input.headers, whenPresent).trimmed().isEmpty())
            r.missingHints << hint;
    }
    return r;
}

void PresetScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    const HmacPreset& p = m_preset;
    const QByteArray ts = r.timestamp.value_or(QByteArray()).trimmed();
    MacEvidence mac;
    mac.digest = p.digest;
    mac.encoding = p.encoding;
    mac.prefix = p.prefix;
    mac.canonical = p.fill(p.signedContent, ts, r.id, input.url, input.body);
    mac.secrets = r.secrets;
    mac.keys = r.secrets;
    mac.received = { r.received };
    for (const auto& mistake : p.mistakes)
        mac.alternatives.append(
            { mistake.reason, mistake.hint, p.fill(mistake.content, ts, r.id, input.url, input.body) });
    c.verdict.canonical = mac.canonical;
    c.verdict.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    c.verdict.received = r.received;
    c.mac = std::move(mac);
    if (p.refuseEmptyBody && input.body.isEmpty()) {
        support::setInvalidSignature(c.verdict, u"empty-body"_s,
            u"The body is empty; Shopify always signs a body, and its library rejects empty ones (missing_body)."_s);
        c.decided = true;
        c.explain = false;
        return;
    }
    if (p.validHint.isEmpty() && p.singleSecretHint.isEmpty())
        return; // the skeleton matches the MAC
    c.compare = [validHint = p.validHint, singleSecretHint = p.singleSecretHint](Check& check) {
        if (matchMac(*check.mac, check.verdict)) {
            if (!validHint.isEmpty())
                check.verdict.hints << validHint;
            return;
        }
        support::setInvalidSignature(check.verdict);
        if (!singleSecretHint.isEmpty() && check.mac->keys.size() == 1)
            check.verdict.hints << singleSecretHint;
    };
}

Result<Signed> PresetScheme::sign(const SignInput& input) const
{
    const HmacPreset& p = m_preset;
    if (!m_error.isEmpty())
        return fail(p.name + u": "_s + m_error);
    if (p.sign)
        return p.sign(p, input);
    if (input.secret.isEmpty())
        return fail(u"%1 needs %2 to sign"_s.arg(p.name, p.secretName));
    const QByteArray ts = QByteArray::number(p.timestampUnitMs == 1 ? input.nowMs : input.nowMs / 1000);
    QByteArray id = input.deliveryId;
    if (id.isEmpty() && !p.idHeader.isEmpty())
        id = QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    const QByteArray content = p.fill(p.signedContent, ts, id, input.url, input.body);
    Signed out;
    out.body = input.body;
    if (!p.timestampHeader.isEmpty())
        out.headers.append({ p.timestampHeader, ts });
    out.headers.append({ p.signatureHeaders.first(),
        p.prefix + support::encode(crypto::hmac(p.digest, input.secret, content), p.encoding) });
    if (!p.idHeader.isEmpty())
        out.headers.append({ p.idHeader, id });
    else if (!input.deliveryId.isEmpty() && !p.deliveryIdHeaders.isEmpty())
        out.headers.append({ p.deliveryIdHeaders.first(), input.deliveryId });
    return out;
}

} // namespace hookscope::verify
