#include "cli.h"

#include "core/verify/scheme.h"
#include "core/verify/schemesupport.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

QString printable(const QByteArray& bytes)
{
    QString out = QString::fromUtf8(verify::support::abbreviate(bytes, 300));
    out.replace(u"\r"_s, u"\\r"_s).replace(u"\n"_s, u"\\n"_s);
    return out;
}

} // namespace

int runVerify(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"scheme"_s, u"Signature scheme: %1."_s.arg(verify::schemeNames().join(u", "_s)), u"NAME"_s },
        { u"secret"_s,
            u"What the scheme verifies with (the base64 DER public key for sendgrid, whpk_… for v1a, user:password for postmark and mailjet, the public key for postal, the certificate PEM or 'fetch' for sns). Repeat for rotated secrets: any may match."_s,
            u"S"_s },
        { u"header"_s, u"A request header, 'Name: value'. Repeat for each header."_s, u"H"_s },
        { u"body"_s, u"File with the exact body bytes ('-' reads stdin)."_s, u"FILE"_s },
        { u"url"_s, u"The public URL the provider signed (twilio, mandrill, {url} templates)."_s, u"URL"_s },
        { u"now"_s, u"The clock, in milliseconds since the epoch (default: now)."_s, u"MS"_s },
        { u"tolerance"_s, u"Timestamp window in seconds (default: the scheme's own)."_s, u"SEC"_s },
        { u"options"_s,
            u"JSON options of the generic hmac scheme, e.g. '{\"header\":\"X-Sig\",\"encoding\":\"base64\"}'."_s,
            u"JSON"_s },
        { u"json"_s, u"Print the verdict as JSON."_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Checks one signature and says why it fails. Exit status: 0 valid, 1 invalid (missing headers included), 2 bad usage."_s,
            u"  hookscope verify --scheme github --secret \"It's a Secret to Everybody\" \\\n"
            u"      --header 'X-Hub-Signature-256: sha256=757107ea…' --body body.txt\n"
            u"  hookscope verify --scheme stripe --secret whsec_… --header 'Stripe-Signature: t=…,v1=…' \\\n"
            u"      --body event.json --now 1700000005000 --json"_s,
            exit))
        return exit;
    const QString cmd = u"verify"_s;
    if (!parser.positionalArguments().isEmpty())
        return error(cmd, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));
    if (!parser.isSet(u"scheme"_s))
        return error(cmd, u"--scheme is required (known: %1)"_s.arg(verify::schemeNames().join(u", "_s)));
    const QString schemeName = parser.value(u"scheme"_s);
    if (!verify::schemeNames().contains(schemeName))
        return error(cmd, u"unknown scheme '%1' (known: %2)"_s.arg(schemeName, verify::schemeNames().join(u", "_s)));
    QJsonObject options;
    if (parser.isSet(u"options"_s)) {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(parser.value(u"options"_s).toUtf8(), &err);
        if (!doc.isObject())
            return error(cmd, u"--options must be a JSON object (%1)"_s.arg(err.errorString()));
        options = doc.object();
    }
    const auto scheme = verify::createScheme(schemeName, options);
    if (!scheme)
        return error(cmd, u"unknown scheme '%1'"_s.arg(schemeName));
    // Credentials (Postmark, Mailjet, SparkPost) may be given as the webhook URL itself (https://user:password@host/…).
    const bool credentialsInUrl
        = !scheme->credentialHeaders().isEmpty() && !QUrl(parser.value(u"url"_s)).userName().isEmpty();
    if (!parser.isSet(u"secret"_s) && !credentialsInUrl)
        return error(cmd, u"--secret is required"_s);
    if (!parser.isSet(u"body"_s))
        return error(cmd, u"--body is required (a file with the exact body bytes, or '-')"_s);

    verify::Input input;
    for (const QString& s : parser.values(u"secret"_s))
        input.secrets << s.toUtf8();
    for (const QString& h : parser.values(u"header"_s)) {
        const qsizetype colon = h.indexOf(u':');
        const QString name = colon > 0 ? h.left(colon).trimmed() : QString();
        if (name.isEmpty() || name.contains(u' ') || name.contains(u'\t'))
            return error(cmd, u"--header takes 'Name: value', not '%1'"_s.arg(h));
        QByteArray value = h.mid(colon + 1).toUtf8();
        while (value.startsWith(' ') || value.startsWith('\t'))
            value.remove(0, 1);
        input.headers.append({ name.toLatin1(), value });
    }
    const QString bodyPath = parser.value(u"body"_s);
    QFile file;
    const bool opened = bodyPath == u"-"_s ? file.open(stdin, QIODevice::ReadOnly)
                                           : (file.setFileName(bodyPath), file.open(QIODevice::ReadOnly));
    if (!opened)
        return error(cmd, u"cannot read the body file '%1': %2"_s.arg(bodyPath, file.errorString()));
    input.body = file.readAll();
    input.url = parser.value(u"url"_s);
    input.nowMs = QDateTime::currentMSecsSinceEpoch();
    if (parser.isSet(u"now"_s)) {
        bool ok = false;
        input.nowMs = parser.value(u"now"_s).toLongLong(&ok);
        if (!ok || input.nowMs < 0)
            return error(cmd, u"--now takes milliseconds since the epoch"_s);
    }
    if (parser.isSet(u"tolerance"_s)) {
        bool ok = false;
        const double sec = parser.value(u"tolerance"_s).toDouble(&ok);
        if (!ok || sec < 0)
            return error(cmd, u"--tolerance takes a number of seconds"_s);
        input.toleranceMs = qint64(sec * 1000);
    }

    const verify::Verdict v = scheme->verify(input);
    if (parser.isSet(u"json"_s)) {
        printOut(QJsonDocument(v.toJson()).toJson(QJsonDocument::Indented));
        return v.valid() ? Ok : No;
    }
    QStringList lines;
    if (v.valid()) {
        lines << (input.secrets.size() > 1
                ? u"valid (%1, secret %2 of %3)"_s.arg(v.scheme).arg(v.secretIndex + 1).arg(input.secrets.size())
                : u"valid (%1)"_s.arg(v.scheme));
    } else {
        lines << u"invalid (%1): %2"_s.arg(v.scheme, QString::fromUtf8(v.responseText()));
    }
    lines << u"reason:    "_s + (v.reason.isEmpty() ? verify::Verdict::outcomeCode(v.outcome) : v.reason);
    for (const QString& hint : v.hints)
        lines << u"hint:      "_s + hint;
    if (!v.canonical.isEmpty())
        lines << u"signed:    "_s + printable(v.canonical);
    if (!v.expected.isEmpty())
        lines << u"expected:  "_s + QString::fromUtf8(v.expected);
    if (!v.received.isEmpty())
        lines << u"received:  "_s + QString::fromUtf8(v.received);
    if (v.timestampMs)
        lines << u"timestamp: %1 ms (%2), skew %3 ms"_s.arg(*v.timestampMs)
                     .arg(QDateTime::fromMSecsSinceEpoch(*v.timestampMs, Qt::UTC).toString(Qt::ISODate))
                     .arg(v.skewMs.value_or(0));
    if (!v.deliveryId.isEmpty())
        lines << u"delivery:  "_s + v.deliveryId;
    printOut(lines.join(u'\n'));
    return v.valid() ? Ok : No;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(verify, "verify", "checks one signature and says why it fails", hookscope::cli::runVerify);
