#include "standardwebhooksscheme.h"

#include "asymmetric.h"
#include "schemesupport.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

StandardWebhooksScheme::StandardWebhooksScheme(QString name, QList<Family> families)
    : m_name(std::move(name))
    , m_families(std::move(families))
{
}

QList<QByteArray> StandardWebhooksScheme::deliveryIdHeaders() const
{
    QList<QByteArray> ids;
    for (const auto& f : m_families)
        ids << f.id;
    return ids;
}

QList<QByteArray> StandardWebhooksScheme::signatureHeaders() const
{
    QList<QByteArray> out;
    for (const auto& f : m_families)
        out << f.id << f.timestamp << f.signature;
    return out;
}

namespace {

enum class KeyKind { Hmac, PublicKey, PrivateKey };

struct Key {
    KeyKind kind = KeyKind::Hmac;
    QByteArray bytes; ///< HMAC key, or the Ed25519 public key
    QString error;
};

Key parseKey(const QByteArray& secret)
{
    Key key;
    QByteArray rest = secret.trimmed();
    if (rest.startsWith("whpk_")) {
        key.kind = KeyKind::PublicKey;
        rest = rest.mid(5);
    } else if (rest.startsWith("whsk_")) {
        key.kind = KeyKind::PrivateKey;
        rest = rest.mid(5);
    } else if (rest.startsWith("whsec_")) {
        rest = rest.mid(6);
    }
    // The reference libraries base64-decode (Python pads first); no minimum length is enforced.
    const auto decoded = support::decodeBase64(rest);
    if (!decoded) {
        key.error = u"the secret is not base64 after its prefix"_s;
        return key;
    }
    key.bytes = *decoded;
    if (key.kind == KeyKind::PrivateKey) {
        auto pub = asymmetric::ed25519PublicKey(key.bytes);
        if (!pub)
            key.error = pub.error();
        else
            key.bytes = *pub;
    }
    return key;
}

} // namespace

Reading StandardWebhooksScheme::read(const Input& input) const
{
    Reading r;
    // A family is read when none of its three values is blank; else the first family's blank ones are missing.
    const Family* family = &m_families.first();
    for (const auto& f : m_families) {
        if (!headerValue(input.headers, f.id).trimmed().isEmpty()
            && !headerValue(input.headers, f.timestamp).trimmed().isEmpty()
            && !headerValue(input.headers, f.signature).trimmed().isEmpty()) {
            family = &f;
            break;
        }
    }
    r.id = headerValue(input.headers, family->id).trimmed();
    r.timestamp = headerValue(input.headers, family->timestamp).trimmed();
    r.timestampName = family->timestamp;
    r.received = headerValue(input.headers, family->signature).trimmed();
    r.required = { { family->id, r.id }, { family->timestamp, *r.timestamp }, { family->signature, r.received } };
    if (m_families.size() > 1)
        r.missingHints << u"%1 headers are read only when all three of a family are present."_s.arg(
            u"svix-* or webhook-*"_s);
    return r;
}

void StandardWebhooksScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    Verdict& v = c.verdict;
    const QByteArray& id = r.id;
    const QByteArray ts = r.timestamp->trimmed();
    const QByteArray& sig = r.received;
    v.deliveryId = QString::fromUtf8(id);
    QByteArray signatureHeader;
    for (const auto& f : m_families) {
        if (f.timestamp == r.timestampName)
            signatureHeader = f.signature;
    }

    MacEvidence mac;
    mac.prefix = "v1,";
    mac.encoding = support::Encoding::Base64;
    mac.keyForm = MacEvidence::KeyForm::WhsecBase64;
    mac.canonical = id + '.' + ts + '.' + input.body;
    mac.alternatives = {
        { u"wrong-signed-content"_s,
            u"The signature covers \"{timestamp}.{body}\" without the message id; this scheme signs \"{id}.{timestamp}.{body}\"."_s,
            ts + '.' + input.body },
        { u"wrong-signed-content"_s,
            u"The signature covers the body alone; this scheme signs \"{id}.{timestamp}.{body}\"."_s, input.body },
    };
    v.canonical = mac.canonical;

    QList<QByteArray> v1, v1a;
    for (const QByteArray& entry : sig.split(' ')) {
        if (entry.isEmpty())
            continue;
        if (entry.startsWith("v1,"))
            v1 << entry;
        else if (entry.startsWith("v1a,"))
            v1a << entry.mid(4);
        else if (!(entry.startsWith('v') && entry.indexOf(',') > 0 && entry.indexOf(',') < 5))
            mac.received << entry; // not a "vN," entry: kept for the diagnosis (a "v1=" entry, say)
    }
    mac.received = v1 + mac.received;

    // Keys: HMAC ones go to the evidence; Ed25519 ones are checked directly.
    QList<Key> keys;
    QList<int> hmacIndex;
    for (int i = 0; i < r.secrets.size(); ++i) {
        keys << parseKey(r.secrets.at(i));
        if (keys.last().kind == KeyKind::Hmac && keys.last().error.isEmpty()) {
            mac.secrets << r.secrets.at(i);
            mac.keys << keys.last().bytes;
            hmacIndex << i;
        }
    }
    if (!mac.keys.isEmpty())
        v.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    c.mac = std::move(mac);

    c.compare = [keys, hmacIndex, v1, v1a, signatureHeader](Check& check) {
        Verdict& v = check.verdict;
        const MacEvidence& mac = *check.mac;
        for (int i = 0; i < keys.size(); ++i) {
            const Key& key = keys.at(i);
            if (!key.error.isEmpty() || key.kind == KeyKind::Hmac)
                continue;
            for (const QByteArray& entry : v1a) {
                const auto raw = support::decodeBase64(entry);
                if (!raw)
                    continue;
                const auto ok = asymmetric::ed25519Verify(key.bytes, mac.canonical, *raw);
                if (ok && *ok) {
                    support::setValid(v, i);
                    v.expected = "v1a," + entry;
                    return;
                }
            }
        }
        // matchMac() shows every value received; a failed verdict keeps the header as it came.
        Verdict hmacVerdict = v;
        if (matchMac(mac, hmacVerdict)) {
            hmacVerdict.secretIndex = hmacIndex.at(hmacVerdict.secretIndex);
            v = std::move(hmacVerdict);
            return;
        }

        support::setInvalidSignature(v);
        for (int i = 0; i < keys.size(); ++i) {
            if (!keys.at(i).error.isEmpty())
                v.hints << u"Secret %1 cannot be used: %2."_s.arg(i + 1).arg(keys.at(i).error);
        }
        const bool haveHmac = !mac.keys.isEmpty();
        const bool haveEd = std::any_of(
            keys.begin(), keys.end(), [](const Key& k) { return k.kind != KeyKind::Hmac && k.error.isEmpty(); });
        if (v1.isEmpty() && !v1a.isEmpty() && !haveEd) {
            v.reason = u"no-matching-version"_s;
            v.hints
                << u"Only v1a (Ed25519) signatures were sent, but the configured secret is an HMAC (whsec_) secret; configure the sender's whpk_ public key."_s;
        } else if (v1a.isEmpty() && !v1.isEmpty() && !haveHmac && haveEd) {
            v.reason = u"no-matching-version"_s;
            v.hints
                << u"Only v1 (HMAC) signatures were sent, but the configured secret is an Ed25519 key; configure the whsec_ secret."_s;
        } else if (v1.isEmpty() && v1a.isEmpty() && mac.received.isEmpty()) {
            v.reason = u"no-matching-version"_s;
            v.hints << u"%1 holds no v1 or v1a entry."_s.arg(QString::fromLatin1(signatureHeader));
        }
    };
}

Result<Signed> StandardWebhooksScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"%1 needs a secret to sign"_s.arg(name()));
    const Family family = m_families.first();
    QByteArray id = input.deliveryId;
    if (id.isEmpty())
        id = "msg_" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    const QByteArray ts = QByteArray::number(input.nowMs / 1000);
    const QByteArray canonical = id + '.' + ts + '.' + input.body;
    const Key key = parseKey(input.secret);
    if (!key.error.isEmpty())
        return fail(u"%1: %2"_s.arg(name(), key.error));
    QByteArray signature;
    if (key.kind == KeyKind::PublicKey) {
        return fail(u"a whpk_ key is the public half: signing v1a needs the whsk_ private key"_s);
    } else if (key.kind == KeyKind::PrivateKey) {
        QByteArray rest = input.secret.trimmed().mid(5);
        auto sig = asymmetric::ed25519Sign(*support::decodeBase64(rest), canonical);
        if (!sig)
            return fail(sig.error());
        signature = "v1a," + sig->toBase64();
    } else {
        signature = "v1," + crypto::hmac(crypto::Digest::Sha256, key.bytes, canonical).toBase64();
    }
    Signed out;
    out.body = input.body;
    out.headers = { { family.id, id }, { family.timestamp, ts }, { family.signature, signature } };
    return out;
}

Result<QByteArray> StandardWebhooksScheme::wrongSecret(const QByteArray& secret) const
{
    const QByteArray trimmed = secret.trimmed();
    if (trimmed.startsWith("whpk_") || trimmed.startsWith("whsk_"))
        return QByteArray("whsk_" + asymmetric::ed25519Generate().toBase64());
    // Without a prefix the secret is bare base64: keep that form (and its length, within the spec's 24-64 bytes).
    const bool bare = !trimmed.isEmpty() && !trimmed.startsWith("whsec_");
    const auto decoded = support::decodeBase64(bare ? trimmed : trimmed.mid(6));
    const qsizetype size = decoded ? qBound(qsizetype(24), decoded->size(), qsizetype(64)) : 32;
    const QByteArray prefix = bare ? QByteArray() : QByteArray("whsec_");
    QByteArray out;
    do
        out = prefix + asymmetric::randomBytes(size).toBase64();
    while (out == trimmed);
    return out;
}

} // namespace hookscope::verify
