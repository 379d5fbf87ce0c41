#include "basicauthscheme.h"

#include "asymmetric.h"
#include "postmarkscheme.h"
#include "schemesupport.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

namespace {

/** What the expected header looks like, without the password: verdicts are stored and shown. */
QByteArray masked(const QByteArray& credentials)
{
    const qsizetype colon = credentials.indexOf(':');
    return "Basic base64(" + (colon < 0 ? QByteArray("…") : credentials.left(colon)) + ":…)";
}

} // namespace

BasicAuthScheme::BasicAuthScheme(QString name, QString provider, QByteArray tokenHeader)
    : m_name(std::move(name))
    , m_provider(std::move(provider))
    , m_tokenHeader(std::move(tokenHeader))
{
}

QList<QByteArray> BasicAuthScheme::signatureHeaders() const
{
    QList<QByteArray> out { "Authorization" };
    if (!m_tokenHeader.isEmpty())
        out << m_tokenHeader;
    return out;
}

bool BasicAuthScheme::isBasic(const QByteArray& secret) const
{
    return m_tokenHeader.isEmpty() || PostmarkScheme::credentials(secret).contains(':');
}

QByteArray BasicAuthScheme::credentialDigestInput(QByteArrayView headerValue) const
{
    const QByteArray auth = headerValue.trimmed().toByteArray();
    const qsizetype space = auth.indexOf(' ');
    if (space > 0 && QByteArrayView(auth).first(space).compare("Basic", Qt::CaseInsensitive) == 0) {
        if (const auto decoded = support::decodeBase64(auth.mid(space + 1).trimmed()))
            return "basic:" + *decoded;
    }
    return Scheme::credentialDigestInput(headerValue);
}

QByteArray BasicAuthScheme::configuredDigestInput(const QByteArray& secret) const
{
    return isBasic(secret) ? "basic:" + PostmarkScheme::credentials(secret) : Scheme::configuredDigestInput(secret);
}

Reading BasicAuthScheme::read(const Input& input) const
{
    Reading r;
    r.secrets = input.secrets;
    if (QUrl(input.url).userName().size() > 0) {
        const QByteArray fromUrl = PostmarkScheme::credentials(input.url.toUtf8());
        if (!r.secrets.contains(fromUrl))
            r.secrets << fromUrl;
    }
    const QByteArray auth = headerValue(input.headers, "Authorization").trimmed();
    const QByteArray token
        = m_tokenHeader.isEmpty() ? QByteArray() : headerValue(input.headers, m_tokenHeader).trimmed();
    // Either credential will do: the one that is there is required (a token header sent blank is named as missing).
    const bool tokenSent = !m_tokenHeader.isEmpty() && !headerValue(input.headers, m_tokenHeader).isNull();
    const bool useToken = !token.isEmpty() || (tokenSent && auth.isEmpty());
    r.required = { { useToken ? m_tokenHeader : QByteArray("Authorization"), useToken ? token : auth } };
    r.missingHints << (m_tokenHeader.isEmpty()
            ? u"%1 sends Basic credentials only when the webhook URL carries them: https://user:password@host/path."_s
                  .arg(m_provider)
            : u"%1 sends Basic credentials when the webhook has them, or the relay webhook's auth_token in %2."_s.arg(
                m_provider, QString::fromLatin1(m_tokenHeader)));
    if (!token.isEmpty()) {
        r.received = m_tokenHeader + ": ***";
    } else {
        const qsizetype space = auth.indexOf(' ');
        const QByteArray kind = space < 0 ? QByteArray() : auth.left(space);
        r.received = kind.isEmpty() ? QByteArray("***") : kind + " ***";
    }
    r.canonical
        = "(" + m_provider.toUtf8() + " signs nothing: only the credentials are checked, the body is not covered)";
    return r;
}

void BasicAuthScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    c.decided = true;
    c.explain = false;
    Verdict& v = c.verdict;
    const QByteArray token
        = m_tokenHeader.isEmpty() ? QByteArray() : headerValue(input.headers, m_tokenHeader).trimmed();
    const QString notCovered = u"%1 signs nothing: the body is not covered by these credentials."_s.arg(m_provider);
    if (!token.isEmpty()) {
        bool anyToken = false;
        for (int i = 0; i < r.secrets.size(); ++i) {
            if (isBasic(r.secrets.at(i)))
                continue;
            if (!anyToken)
                v.expected = m_tokenHeader + ": ***";
            anyToken = true;
            if (crypto::equalConstantTime(token, r.secrets.at(i).trimmed())) {
                support::setValid(v, i);
                v.hints << notCovered;
                return;
            }
        }
        support::setInvalidSignature(v, u"wrong-credentials"_s,
            anyToken
                ? u"%1 is not the configured token."_s.arg(QString::fromLatin1(m_tokenHeader))
                : u"%1 arrived, but only Basic credentials (user:password) are configured; configure the relay webhook's auth_token."_s
                      .arg(QString::fromLatin1(m_tokenHeader)));
        return;
    }
    const QByteArray auth = headerValue(input.headers, "Authorization").trimmed();
    const qsizetype space = auth.indexOf(' ');
    const QByteArray kind = space < 0 ? QByteArray() : auth.left(space);
    QByteArray firstBasic;
    for (const auto& s : r.secrets) {
        if (isBasic(s) && firstBasic.isEmpty())
            firstBasic = PostmarkScheme::credentials(s);
    }
    v.expected = firstBasic.isEmpty() ? m_tokenHeader + ": ***" : masked(firstBasic);
    if (kind.compare("Basic", Qt::CaseInsensitive) != 0) {
        support::setInvalidSignature(v, u"wrong-auth-scheme"_s,
            u"Authorization uses \"%1\"; %2 sends HTTP Basic credentials (\"Basic base64(user:password)\")."_s.arg(
                QString::fromLatin1(kind.isEmpty() ? auth.left(20) : kind.left(20)), m_provider));
        return;
    }
    const auto decoded = support::decodeBase64(auth.mid(space + 1).trimmed());
    for (int i = 0; i < r.secrets.size(); ++i) {
        if (!isBasic(r.secrets.at(i)))
            continue;
        if (decoded && crypto::equalConstantTime(*decoded, PostmarkScheme::credentials(r.secrets.at(i)))) {
            support::setValid(v, i);
            v.hints << notCovered;
            return;
        }
    }
    support::setInvalidSignature(v, u"wrong-credentials"_s);
    if (!decoded) {
        v.hints << u"The Basic credentials are not base64."_s;
    } else if (firstBasic.isEmpty()) {
        v.hints << u"Basic credentials arrived, but only a token is configured."_s;
    } else {
        const QByteArray user = decoded->left(decoded->indexOf(':'));
        bool userKnown = false;
        for (const auto& s : r.secrets)
            userKnown = userKnown || PostmarkScheme::credentials(s).startsWith(QByteArray(user + ':'));
        v.hints << (userKnown
                ? u"The user name matches but the password differs."_s
                : u"The user name \"%1\" is not the configured one."_s.arg(QString::fromUtf8(user.left(60))));
    }
}

Result<Signed> BasicAuthScheme::sign(const SignInput& input) const
{
    Signed out;
    out.body = input.body;
    if (isBasic(input.secret)) {
        const QByteArray creds = PostmarkScheme::credentials(input.secret);
        if (!creds.contains(':'))
            return fail(u"%1 needs \"user:password\" credentials"_s.arg(m_name));
        out.headers = { { "Authorization", "Basic " + creds.toBase64() } };
    } else {
        if (input.secret.trimmed().isEmpty())
            return fail(u"%1 needs a token or \"user:password\" credentials"_s.arg(m_name));
        out.headers = { { m_tokenHeader, input.secret.trimmed() } };
    }
    return out;
}

Result<QByteArray> BasicAuthScheme::wrongSecret(const QByteArray& secret) const
{
    QByteArray out;
    if (!isBasic(secret)) {
        do
            out = asymmetric::randomBytes(16).toHex();
        while (out == secret.trimmed());
        return out;
    }
    const QByteArray creds = PostmarkScheme::credentials(secret);
    const qsizetype colon = creds.indexOf(':');
    const QByteArray user = colon > 0 ? creds.left(colon) : QByteArray("hookscope");
    do
        out = user + ':' + asymmetric::randomBytes(18).toBase64(QByteArray::Base64UrlEncoding);
    while (out == creds);
    return out;
}

} // namespace hookscope::verify
