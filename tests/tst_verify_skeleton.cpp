// Rules every signature scheme shares because it goes through one skeleton: a blank value is a missing one, every
// scheme is named once in the registry, the diagnosis is applied once on top of what the scheme checked.

#include "core/verify/rsakeys.h"
#include "core/verify/scheme.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::verify;

namespace {

constexpr qint64 kNow = 1'700'000'000'123;

// A throw-away P-256 key made for these tests only, and its public half as SendGrid shows it (base64 DER SPKI).
const QByteArray kEcPrivatePem = "-----BEGIN PRIVATE KEY-----\n"
                                 "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgI/rInlyzuJEZziS9\n"
                                 "yxCu8aeQzTzsM4nslRGBlaXCNnmhRANCAAT9uxinwNgPPNK6TDoMqH4TdBtrTj+X\n"
                                 "iVEYogj2RXe3qDOYX888JdQLHJZcxsJHD7OfStXLA7fYtYg4X3C2C6II\n"
                                 "-----END PRIVATE KEY-----\n";
const QByteArray kEcPublicDer = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/bsYp8DYDzzSukw6DKh+E3Qba04/l4lRGKII9kV3t6gzmF/"
                                "PPCXUCxyWXMbCRw+zn0rVywO32LWIOF9wtguiCA==";
const QByteArray kWhsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

struct RsaKeys {
    QByteArray first; ///< private key (PEM)
    QByteArray second; ///< its public key (PEM)
    QByteArray third; ///< a self-signed certificate for it (PEM)
    QByteArray otherCertificate; ///< a certificate for another key
};

/** RSA keys for Postal and Amazon SNS, made once. */
const RsaKeys& rsaKeys()
{
    static const RsaKeys keys = [] {
        RsaKeys k;
        k.first = rsa::generate().value_or(QByteArray());
        k.second = rsa::publicKeyPem(k.first).value_or(QByteArray());
        k.third = rsa::selfSignedCertificate(k.first, "test").value_or(QByteArray());
        const QByteArray other = rsa::generate().value_or(QByteArray());
        k.otherCertificate = rsa::selfSignedCertificate(other, "other").value_or(QByteArray());
        return k;
    }();
    return keys;
}

/** How to sign a valid request for a scheme, so that each value it reads can be blanked in turn. */
struct Setup {
    QByteArray signSecret;
    QByteArray verifySecret;
    QJsonObject options;
    QString url;
};

Setup setupFor(const QString& scheme)
{
    if (scheme == u"standard-webhooks"_s || scheme == u"svix"_s || scheme == u"resend"_s)
        return { kWhsec, kWhsec, {}, {} };
    if (scheme == u"stripe"_s)
        return { "whsec_test_secret", "whsec_test_secret", {}, {} };
    if (scheme == u"sendgrid"_s)
        return { kEcPrivatePem, kEcPublicDer, {}, {} };
    if (scheme == u"postmark"_s || scheme == u"mailjet"_s)
        return { "hookuser:s3cr3t", "hookuser:s3cr3t", {}, {} };
    if (scheme == u"sparkpost"_s)
        return { "relay-token", "relay-token", {}, {} };
    if (scheme == u"mandrill"_s)
        return { "12345", "12345", {}, u"https://abc.tunnel.example/mandrill"_s };
    if (scheme == u"postal"_s)
        return { rsaKeys().first, rsaKeys().second, {}, {} };
    if (scheme == u"sns"_s)
        return { rsaKeys().first, rsaKeys().third, {}, {} };
    if (scheme == u"twilio"_s)
        return { "12345", "12345", {}, u"https://abc.tunnel.example/sms"_s };
    if (scheme == u"hmac"_s)
        return { "generic", "generic",
            QJsonObject { { u"header"_s, u"X-Sig"_s }, { u"template"_s, u"{timestamp}.{id}.{body}"_s },
                { u"timestampHeader"_s, u"X-Ts"_s }, { u"idHeader"_s, u"X-Id"_s }, { u"tolerance"_s, 300 } },
            {} };
    return { "s3cret", "s3cret", {}, {} };
}

struct SignedCase {
    Input input;
    std::unique_ptr<Scheme> scheme;
};

/** A request `scheme` signed itself, as received `kNow + 1 s`, with the secret that verifies it. */
SignedCase signedRequest(const QString& name)
{
    const Setup setup = setupFor(name);
    SignedCase out;
    out.scheme = createScheme(name, setup.options);
    if (!out.scheme)
        return out;
    SignInput si;
    // Keys in sorted order, so that a re-serialized copy differs in layout only.
    si.body = R"({"event-data":{"event":"delivered","id":"ev1"},"note":"hello"})";
    si.nowMs = kNow;
    si.url = setup.url;
    si.secret = setup.signSecret;
    si.headers = { { "Content-Type", "application/json" } };
    const auto s = out.scheme->sign(si);
    if (!s)
        return out;
    out.input.headers = { { "Content-Type", "application/json" } };
    // Signing sets its headers, replacing same-named ones (Mandrill's form content type).
    for (const auto& h : s->headers) {
        out.input.headers.removeIf(
            [&](const http::HttpHeader& mine) { return mine.name.compare(h.name, Qt::CaseInsensitive) == 0; });
    }
    out.input.headers += s->headers;
    out.input.body = s->body;
    out.input.url = s->url.isEmpty() ? setup.url : s->url;
    out.input.secrets = { setup.verifySecret };
    out.input.nowMs = kNow + 1000;
    return out;
}

/** Mailgun's signature fields travel in the JSON body. */
const QList<QByteArray> kMailgunFields { "timestamp", "token", "signature" };
/** So do Amazon SNS's, at the top level. */
const QList<QByteArray> kSnsFields { "Signature", "SignatureVersion", "SigningCertURL", "MessageId", "Timestamp",
    "TopicArn", "Message" };

} // namespace

class TestVerifySkeleton final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The one rule (docs/SIGNATURES.md, "Missing and blank values"): a value a scheme needs that is empty or only
    // blanks is missing, for every scheme: 400 "missing headers", naming it.
    void blankValueIsMissing_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("blank");
        for (const QString& name : schemeNames()) {
            const SignedCase s = signedRequest(name);
            QList<QByteArray> fields;
            if (name == u"mailgun"_s) {
                fields = kMailgunFields;
            } else if (name == u"sns"_s) {
                fields = kSnsFields;
            } else if (s.scheme) {
                for (const auto& header : s.input.headers) {
                    for (const QByteArray& read : s.scheme->signatureHeaders()) {
                        if (header.name.compare(read, Qt::CaseInsensitive) == 0)
                            fields << header.name;
                    }
                }
            }
            // A scheme without a row here would not be covered: that is a failure, not a skip.
            if (fields.isEmpty())
                QTest::addRow("%s: nothing to blank", qPrintable(name)) << name << QByteArray() << QByteArray();
            for (const QByteArray& field : fields) {
                QTest::addRow("%s: %s empty", qPrintable(name), field.constData()) << name << field << QByteArray("");
                QTest::addRow("%s: %s blank", qPrintable(name), field.constData())
                    << name << field << QByteArray(" \t ");
            }
        }
    }

    void blankValueIsMissing()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, blank);
        QVERIFY2(!field.isEmpty(), "the signed request carries nothing this scheme reads");
        SignedCase s = signedRequest(scheme);
        QVERIFY(s.scheme);
        // As signed, the request verifies: what follows is about the blank value alone.
        const Verdict before = s.scheme->verify(s.input);
        QVERIFY2(before.valid(), qPrintable(before.reason + u": "_s + before.hints.join(u" | "_s)));

        QByteArray named = field;
        if (scheme == u"mailgun"_s) {
            QJsonObject root = QJsonDocument::fromJson(s.input.body).object();
            QJsonObject sig = root.value(u"signature"_s).toObject();
            QVERIFY(sig.contains(QString::fromLatin1(field)));
            sig.insert(QString::fromLatin1(field), QString::fromLatin1(blank));
            root.insert(u"signature"_s, sig);
            s.input.body = QJsonDocument(root).toJson(QJsonDocument::Compact);
            named = "signature." + field;
        } else if (scheme == u"sns"_s) {
            QJsonObject root = QJsonDocument::fromJson(s.input.body).object();
            QVERIFY(root.contains(QString::fromLatin1(field)));
            root.insert(QString::fromLatin1(field), QString::fromLatin1(blank));
            s.input.body = QJsonDocument(root).toJson(QJsonDocument::Compact);
            named = field + " (in the JSON body)";
        } else {
            for (auto& header : s.input.headers) {
                if (header.name == field)
                    header.value = blank;
            }
        }
        const Verdict v = s.scheme->verify(s.input);
        const QString said = v.reason + u": "_s + v.hints.join(u" | "_s);
        QVERIFY2(v.outcome == Outcome::MissingHeaders, qPrintable(said));
        QCOMPARE(v.httpStatus(), 400);
        QCOMPARE(v.responseText(), QByteArray("missing headers"));
        QCOMPARE(v.reason, u"missing-headers"_s);
        bool namedIt = false;
        for (const QString& hint : v.hints)
            namedIt = namedIt
                || (hint.startsWith(QString::fromLatin1(named), Qt::CaseInsensitive)
                    && hint.endsWith(u" is missing."_s));
        QVERIFY2(namedIt, qPrintable(said));
        // The check without the diagnosis reaches the same outcome.
        QCOMPARE(s.scheme->check(s.input).verdict.outcome, Outcome::MissingHeaders);
    }

    // Every scheme is named once, and the name made is the name asked for.
    void registryNamesEachSchemeOnce()
    {
        QSet<QString> seen;
        for (const SchemeEntry& entry : schemeEntries()) {
            for (const QString& name : QStringList { entry.name } + entry.aliases) {
                QVERIFY2(!seen.contains(name), qPrintable(name));
                seen.insert(name);
                const auto scheme = createScheme(name);
                QVERIFY2(scheme, qPrintable(name));
                QCOMPARE(scheme->name(), entry.name);
                QCOMPARE(findScheme(name), &entry);
            }
            QVERIFY2(!entry.description.isEmpty(), qPrintable(entry.name));
        }
        QCOMPARE(schemeNames().size(), schemeEntries().size());
        QVERIFY(!createScheme(u"no-such-scheme"_s));
        QVERIFY(!findScheme(u"no-such-scheme"_s));
    }

    void defaultSchemeIsRegistered()
    {
        QVERIFY(schemeNames().contains(defaultSchemeName()));
        QCOMPARE(createScheme(defaultSchemeName())->name(), defaultSchemeName());
    }

    // check() concludes; verify() adds the diagnosis, once, on top: the outcome never changes, the reason is refined.
    void diagnosisRefinesTheCheck_data()
    {
        QTest::addColumn<QString>("scheme");
        for (const QString& name : schemeNames()) {
            // Credentials sign no body: a changed body is not a failure.
            if (name != u"postmark"_s && name != u"sparkpost"_s && name != u"mailjet"_s)
                QTest::addRow("%s", qPrintable(name)) << name;
        }
    }

    void diagnosisRefinesTheCheck()
    {
        QFETCH(QString, scheme);
        SignedCase s = signedRequest(scheme);
        QVERIFY(s.scheme);
        // Mailgun signs the timestamp and token only, Mandrill the URL and form fields, SNS the message's fields
        // (not its layout): a wrong secret is what fails them.
        const bool byKey = scheme == u"mailgun"_s || scheme == u"mandrill"_s || scheme == u"sns"_s;
        if (byKey) {
            s.input.secrets = { scheme == u"sns"_s ? rsaKeys().otherCertificate : QByteArray("not-the-key") };
        } else {
            // Pretty-printed after signing: the diagnosis names the re-serialization.
            s.input.body = QJsonDocument::fromJson(s.input.body).toJson(QJsonDocument::Indented);
        }
        const Check checked = s.scheme->check(s.input);
        const Verdict diagnosed = s.scheme->verify(s.input);
        QCOMPARE(checked.verdict.outcome, Outcome::InvalidSignature);
        QCOMPARE(diagnosed.outcome, checked.verdict.outcome);
        QCOMPARE(diagnosed.canonical, checked.verdict.canonical);
        QCOMPARE(diagnosed.received, checked.verdict.received);
        QVERIFY(diagnosed.hints.size() > checked.verdict.hints.size());
        if (!byKey)
            QVERIFY2(diagnosed.reason == u"body-reserialized"_s, qPrintable(diagnosed.reason));
        Input quiet = s.input;
        quiet.diagnose = false;
        QCOMPARE(s.scheme->verify(quiet).hints, checked.verdict.hints);
    }
};

QTEST_GUILESS_MAIN(TestVerifySkeleton)
#include "tst_verify_skeleton.moc"
