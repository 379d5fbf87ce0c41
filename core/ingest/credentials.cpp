#include "credentials.h"

#include "core/common/crypto.h"
#include "core/http/httpheader.h"
#include "core/verify/scheme.h"

namespace hookscope::ingest {

namespace {

bool isListed(QByteArrayView name, const QList<QByteArray>& names)
{
    for (const QByteArray& n : names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QByteArray redactedCredential(QByteArrayView value)
{
    const QByteArrayView v = value.trimmed();
    const qsizetype space = v.indexOf(' ');
    if (space <= 0)
        return "***"; // no auth scheme in front: the whole value may be the secret
    const QByteArrayView scheme = v.first(space);
    if (!http::isToken(scheme))
        return "***";
    return scheme.toByteArray() + " ***";
}

QByteArray redactHeadFields(const QByteArray& head, const QList<QByteArray>& names)
{
    if (names.isEmpty())
        return head;
    QByteArray out;
    out.reserve(head.size());
    qsizetype pos = 0;
    bool redacting = false; ///< inside a listed field: its continuation lines go too
    bool first = true;
    while (pos < head.size()) {
        qsizetype end = head.indexOf('\n', pos);
        end = end < 0 ? head.size() : end + 1;
        const QByteArrayView line = QByteArrayView(head).sliced(pos, end - pos);
        pos = end;
        if (first) {
            first = false; // the request line
            out += line;
            continue;
        }
        const bool continuation = !line.isEmpty() && (line.front() == ' ' || line.front() == '\t');
        if (redacting && continuation)
            continue;
        redacting = false;
        const qsizetype colon = line.indexOf(':');
        if (continuation || colon <= 0 || !isListed(line.first(colon).trimmed(), names)) {
            out += line;
            continue;
        }
        // The whole value, with its folded continuation lines, for the auth-scheme token.
        QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        for (qsizetype next = pos; next < head.size() && (head.at(next) == ' ' || head.at(next) == '\t');) {
            qsizetype e = head.indexOf('\n', next);
            e = e < 0 ? head.size() : e + 1;
            value += ' ' + head.mid(next, e - next).trimmed();
            next = e;
        }
        const QByteArrayView eol = line.endsWith("\r\n") ? QByteArrayView("\r\n")
            : line.endsWith('\n')                        ? QByteArrayView("\n")
                                                         : QByteArrayView();
        out += line.first(colon + 1);
        out += ' ';
        out += redactedCredential(value.trimmed());
        out += eol;
        redacting = true;
    }
    return out;
}

QByteArray credentialHmac(QByteArrayView key, QByteArrayView digestInput)
{
    return crypto::hmac(crypto::Digest::Sha256, key, digestInput).toHex();
}

void protectCredentials(
    http::Delivery& delivery, verify::Verdict& verdict, const verify::Scheme& scheme, QByteArrayView key)
{
    const QList<QByteArray> names = scheme.credentialHeaders();
    if (names.isEmpty())
        return;
    for (const QByteArray& name : names) {
        // The value verification read (the first of its name), as the scheme compares it.
        const QByteArray value = delivery.header(name);
        if (!value.isNull() && verdict.credentialHmac.isEmpty())
            verdict.credentialHmac = credentialHmac(key, scheme.credentialDigestInput(value));
    }
    for (auto& h : delivery.headers) {
        if (!isListed(h.name, names))
            continue;
        const QByteArray value = h.value.trimmed();
        h.value = redactedCredential(value);
        // A scheme that echoed the value in its verdict must not have it stored either.
        if (!value.isEmpty() && verdict.received.contains(value))
            verdict.received.replace(value, h.value);
    }
    // Also a head the listener refused, parsed or not (cut short, say).
    delivery.rawHead = redactHeadFields(delivery.rawHead, names);
}

} // namespace hookscope::ingest
