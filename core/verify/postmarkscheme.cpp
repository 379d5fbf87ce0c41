#include "postmarkscheme.h"

#include "asymmetric.h"
#include "schemesupport.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString PostmarkScheme::name() const
{
    return u"postmark"_s;
}

namespace {

/** What the expected header looks like, without the password: verdicts are stored and shown. */
QByteArray masked(const QByteArray& credentials)
{
    const qsizetype colon = credentials.indexOf(':');
    return "Basic base64(" + (colon < 0 ? QByteArray("…") : credentials.left(colon)) + ":…)";
}

} // namespace

QByteArray PostmarkScheme::credentials(const QByteArray& secret)
{
    const QByteArray s = secret.trimmed();
    if (s.contains("://")) {
        const QUrl url(QString::fromUtf8(s));
        if (url.isValid() && !url.userName().isEmpty())
            return url.userName(QUrl::FullyDecoded).toUtf8() + ':' + url.password(QUrl::FullyDecoded).toUtf8();
    }
    return s;
}

QByteArray PostmarkScheme::credentialDigestInput(QByteArrayView headerValue) const
{
    const QByteArray auth = headerValue.trimmed().toByteArray();
    const qsizetype space = auth.indexOf(' ');
    if (space > 0 && QByteArrayView(auth).first(space).compare("Basic", Qt::CaseInsensitive) == 0) {
        if (const auto decoded = support::decodeBase64(auth.mid(space + 1).trimmed()))
            return "basic:" + *decoded;
    }
    return Scheme::credentialDigestInput(headerValue);
}

QByteArray PostmarkScheme::configuredDigestInput(const QByteArray& secret) const
{
    return "basic:" + credentials(secret);
}

Reading PostmarkScheme::read(const Input& input) const
{
    Reading r;
    // Credentials may come from the configured secrets or from the webhook URL itself (https://user:pass@host/…).
    r.secrets = input.secrets;
    if (QUrl(input.url).userName().size() > 0) {
        const QByteArray fromUrl = credentials(input.url.toUtf8());
        if (!r.secrets.contains(fromUrl))
            r.secrets << fromUrl;
    }
    const QByteArray auth = headerValue(input.headers, "Authorization").trimmed();
    r.required = { { "Authorization", auth } };
    r.missingHints
        << u"Postmark sends Basic credentials only when the webhook URL carries them: https://user:password@host/path."_s;
    const qsizetype space = auth.indexOf(' ');
    // The verdict is stored and shown: it says which kind of credentials arrived, never what they were.
    const QByteArray kind = space < 0 ? QByteArray() : auth.left(space);
    r.received = kind.isEmpty() ? QByteArray("***") : kind + " ***";
    r.canonical = "(Postmark signs nothing: only the credentials are checked, the body is not covered)";
    return r;
}

void PostmarkScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    // Nothing is signed and nothing is timed: the credentials are compared here.
    c.decided = true;
    Verdict& v = c.verdict;
    const QByteArray auth = headerValue(input.headers, "Authorization").trimmed();
    const qsizetype space = auth.indexOf(' ');
    // Without a space there is no auth scheme in front: the whole value may be the credential.
    const QByteArray kind = space < 0 ? QByteArray() : auth.left(space);
    if (kind.compare("Basic", Qt::CaseInsensitive) != 0) {
        support::setInvalidSignature(v, u"wrong-auth-scheme"_s,
            kind.isEmpty()
                ? u"Authorization names no auth scheme; Postmark sends HTTP Basic credentials (\"Basic base64(user:password)\")."_s
                : u"Authorization uses \"%1\"; Postmark sends HTTP Basic credentials (\"Basic base64(user:password)\")."_s
                      .arg(QString::fromLatin1(kind.left(20))));
        v.expected = masked(credentials(r.secrets.first()));
        return;
    }
    c.explain = false;
    const auto decoded = support::decodeBase64(auth.mid(space + 1).trimmed());
    for (int i = 0; i < r.secrets.size(); ++i) {
        const QByteArray expected = credentials(r.secrets.at(i));
        if (i == 0)
            v.expected = masked(expected);
        if (decoded && crypto::equalConstantTime(*decoded, expected)) {
            support::setValid(v, i);
            v.hints << u"Postmark signs nothing: the body is not covered by these credentials."_s;
            return;
        }
    }
    support::setInvalidSignature(v, u"wrong-credentials"_s);
    if (!decoded) {
        v.hints << u"The Basic credentials are not base64."_s;
    } else {
        const QByteArray user = decoded->left(decoded->indexOf(':'));
        bool userKnown = false;
        for (const auto& s : r.secrets)
            userKnown = userKnown || credentials(s).startsWith(QByteArray(user + ':'));
        v.hints << (userKnown
                ? u"The user name matches but the password differs."_s
                : u"The user name \"%1\" is not the configured one."_s.arg(QString::fromUtf8(user.left(60))));
    }
}

Result<Signed> PostmarkScheme::sign(const SignInput& input) const
{
    const QByteArray creds = credentials(input.secret);
    if (!creds.contains(':'))
        return fail(u"postmark needs \"user:password\" credentials"_s);
    Signed out;
    out.body = input.body;
    out.headers = { { "Authorization", "Basic " + creds.toBase64() } };
    return out;
}

Result<QByteArray> PostmarkScheme::wrongSecret(const QByteArray& secret) const
{
    const QByteArray creds = credentials(secret);
    const qsizetype colon = creds.indexOf(':');
    const QByteArray user = colon > 0 ? creds.left(colon) : QByteArray("hookscope");
    QByteArray out;
    do
        out = user + ':' + asymmetric::randomBytes(18).toBase64(QByteArray::Base64UrlEncoding);
    while (out == creds);
    return out;
}

} // namespace hookscope::verify
