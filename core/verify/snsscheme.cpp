#include "snsscheme.h"

#include "rsakeys.h"
#include "schemesupport.h"
#include "snscertificates.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

namespace {

const QString kDefaultCertUrl = u"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-hookscope.pem"_s;
const QString kDefaultTopic = u"arn:aws:sns:us-east-1:123456789012:hookscope"_s;

QByteArray inBody(const QString& field)
{
    return field.toUtf8() + " (in the JSON body)";
}

bool isFetch(const QByteArray& secret)
{
    return secret.trimmed().compare("fetch", Qt::CaseInsensitive) == 0;
}

crypto::Digest digestOf(const QString& version)
{
    return version == u"2"_s ? crypto::Digest::Sha256 : crypto::Digest::Sha1;
}

} // namespace

QString SnsScheme::name() const
{
    return u"sns"_s;
}

QStringList SnsScheme::signedFields(const QString& type)
{
    if (type == u"Notification"_s)
        return { u"Message"_s, u"MessageId"_s, u"Subject"_s, u"Timestamp"_s, u"TopicArn"_s, u"Type"_s };
    if (type == u"SubscriptionConfirmation"_s || type == u"UnsubscribeConfirmation"_s)
        return { u"Message"_s, u"MessageId"_s, u"SubscribeURL"_s, u"Timestamp"_s, u"Token"_s, u"TopicArn"_s,
            u"Type"_s };
    return {};
}

std::optional<QByteArray> SnsScheme::canonical(const QJsonObject& message)
{
    const QStringList fields = signedFields(message.value(u"Type"_s).toString());
    if (fields.isEmpty())
        return std::nullopt;
    QByteArray out;
    for (const QString& field : fields) {
        // Subject is signed only when the notification has one.
        if (field == u"Subject"_s && !message.value(field).isString())
            continue;
        out += field.toUtf8() + '\n' + message.value(field).toString().toUtf8() + '\n';
    }
    return out;
}

Reading SnsScheme::read(const Input& input) const
{
    Reading r;
    const QJsonObject message = QJsonDocument::fromJson(input.body).object();
    const auto text = [&](const QString& field) { return message.value(field).toString().toUtf8(); };
    const QString type = message.value(u"Type"_s).toString();
    r.received = text(u"Signature"_s);
    r.required = { { inBody(u"Type"_s), text(u"Type"_s) }, { inBody(u"Signature"_s), r.received },
        { inBody(u"SignatureVersion"_s), text(u"SignatureVersion"_s) },
        { inBody(u"SigningCertURL"_s), text(u"SigningCertURL"_s) } };
    for (const QString& field : signedFields(type)) {
        if (field != u"Subject"_s && field != u"Type"_s)
            r.required.append({ inBody(field), text(field) });
    }
    r.missingHints
        << u"Amazon SNS signs inside the JSON body: Type, Message, MessageId, Timestamp, TopicArn, Signature, SignatureVersion and SigningCertURL (and Token, SubscribeURL in subscription messages)."_s;
    r.deliveryId = message.value(u"MessageId"_s).toString();
    r.canonical = canonical(message).value_or(QByteArray());
    const QString version = message.value(u"SignatureVersion"_s).toString();
    const QString certUrl = message.value(u"SigningCertURL"_s).toString();
    if (signedFields(type).isEmpty()) {
        r.refusalReason = u"unknown-message-type"_s;
        r.refusalHints
            << u"Type \"%1\" is none that SNS signs (Notification, SubscriptionConfirmation, UnsubscribeConfirmation)."_s
                   .arg(type.left(60));
        r.refusalExplained = false;
    } else if (version != u"1"_s && version != u"2"_s) {
        r.refusalReason = u"unsupported-signature-version"_s;
        r.refusalHints << u"SignatureVersion is \"%1\"; SNS uses 1 (SHA1withRSA) or 2 (SHA256withRSA)."_s.arg(
            version.left(20));
        r.refusalExplained = false;
    } else if (const QString problem = sns::certificateUrlProblem(certUrl); !problem.isEmpty()) {
        // Refused on the text alone, whatever key is configured: nothing is fetched.
        r.refusalReason = u"disallowed-cert-url"_s;
        r.refusalHints
            << u"SigningCertURL \"%1\" %2. Only certificates at https://sns.<region>.amazonaws.com/….pem are trusted; the message is not from Amazon SNS, or was forged to point at a certificate of its author's choosing."_s
                   .arg(certUrl.left(200), problem);
        r.refusalExplained = false;
    }
    return r;
}

void SnsScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    const QJsonObject message = QJsonDocument::fromJson(input.body).object();
    const crypto::Digest digest = digestOf(message.value(u"SignatureVersion"_s).toString());
    const QString certUrl = message.value(u"SigningCertURL"_s).toString();
    c.verdict.canonical = r.canonical;
    c.verdict.expected = "(an RSA signature is checked against the signing certificate, not recomputed)";
    c.compare = [sig = r.received, secrets = r.secrets, digest, certUrl](Check& check) {
        Verdict& v = check.verdict;
        const auto raw = support::decodeBase64(sig);
        if (!raw || raw->isEmpty()) {
            support::setInvalidSignature(v, u"malformed-signature"_s, u"Signature is not base64."_s);
            return;
        }
        bool fetchFailed = false;
        QList<QByteArray> keys(secrets.size()); // each key as used (a fetched certificate; empty: none)
        const auto verifyWith = [&](int i) -> Result<bool> {
            QByteArray key = secrets.at(i);
            if (isFetch(key)) {
                const auto fetched = sns::certificate(certUrl);
                if (!fetched) {
                    fetchFailed = true;
                    return fail(fetched.error());
                }
                key = *fetched;
            }
            keys[i] = key;
            return rsa::verify(key, digest, v.canonical, *raw);
        };
        const support::KeyTrial trial = support::tryEachKey(v, secrets.size(), verifyWith, sig,
            u"The signing certificate cannot be used (%1). Configure the certificate as PEM on the route for offline use, or \"fetch\" to fetch it from SigningCertURL."_s);
        if (trial == support::KeyTrial::NoUsableKey && fetchFailed)
            v.reason = u"certificate-unavailable"_s;
        if (trial == support::KeyTrial::NoUsableKey)
            check.explain = false;
        if (trial != support::KeyTrial::NoneMatched)
            return;
        support::setInvalidSignature(v);
        const crypto::Digest other = digest == crypto::Digest::Sha1 ? crypto::Digest::Sha256 : crypto::Digest::Sha1;
        for (const QByteArray& key : keys) {
            if (!key.isEmpty() && rsa::verify(key, other, v.canonical, *raw).value_or(false)) {
                v.reason = u"wrong-signature-version"_s;
                v.hints << u"The signature is %1withRSA, but SignatureVersion says %2."_s.arg(
                    other == crypto::Digest::Sha1 ? u"SHA1"_s : u"SHA256"_s,
                    digest == crypto::Digest::Sha1 ? u"1 (SHA1withRSA)"_s : u"2 (SHA256withRSA)"_s);
                check.explain = false;
                return;
            }
        }
        v.hints
            << u"The signature does not verify under the signing certificate: the certificate is not the one the message was signed with (wrong key), or a signed field (Message, Subject, Timestamp…) changed after signing."_s;
    };
}

Result<Signed> SnsScheme::sign(const SignInput& input) const
{
    if (!rsa::isPrivateKeyPem(input.secret))
        return fail(
            u"sns is signed with Amazon's private key, which Hookscope does not have; sign with a PEM RSA private key of your own (and verify with a certificate for it)"_s);
    QJsonObject message = QJsonDocument::fromJson(input.body).object();
    if (signedFields(message.value(u"Type"_s).toString()).isEmpty()) {
        // Any other body is delivered as SNS delivers it: as the Message of a Notification.
        const QString id = input.deliveryId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                                      : QString::fromUtf8(input.deliveryId);
        message = QJsonObject();
        message.insert(u"Type"_s, u"Notification"_s);
        message.insert(u"MessageId"_s, id);
        message.insert(u"TopicArn"_s, kDefaultTopic);
        message.insert(u"Message"_s, QString::fromUtf8(input.body));
        message.insert(
            u"Timestamp"_s, QDateTime::fromMSecsSinceEpoch(input.nowMs, Qt::UTC).toString(Qt::ISODateWithMs));
        message.insert(u"UnsubscribeURL"_s,
            QString(u"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="_s + kDefaultTopic));
    }
    if (!message.value(u"SignatureVersion"_s).isString())
        message.insert(u"SignatureVersion"_s, u"1"_s);
    if (!message.value(u"SigningCertURL"_s).isString())
        message.insert(u"SigningCertURL"_s, kDefaultCertUrl);
    const QString version = message.value(u"SignatureVersion"_s).toString();
    if (version != u"1"_s && version != u"2"_s)
        return fail(u"sns signs SignatureVersion 1 or 2, not \"%1\""_s.arg(version));
    for (const QString& field : signedFields(message.value(u"Type"_s).toString())) {
        if (field != u"Subject"_s && !message.value(field).isString())
            return fail(u"sns: the message has no %1 to sign"_s.arg(field));
    }
    auto sig = rsa::sign(input.secret, digestOf(version), *canonical(message));
    if (!sig)
        return fail(u"sns: "_s + sig.error());
    message.insert(u"Signature"_s, QString::fromLatin1(sig->toBase64()));
    Signed out;
    out.body = QJsonDocument(message).toJson(QJsonDocument::Indented);
    out.headers = { { "Content-Type", "text/plain; charset=UTF-8" },
        { "x-amz-sns-message-type", message.value(u"Type"_s).toString().toUtf8() },
        { "x-amz-sns-message-id", message.value(u"MessageId"_s).toString().toUtf8() },
        { "x-amz-sns-topic-arn", message.value(u"TopicArn"_s).toString().toUtf8() } };
    return out;
}

Result<QByteArray> SnsScheme::wrongSecret(const QByteArray&) const
{
    return rsa::generate();
}

} // namespace hookscope::verify
