#include "addresses.h"

#include "headerdecode.h"
#include "mimeparts.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hookscope::email {

using namespace detail;

namespace {

/** "john..doe"@x → john..doe@x: quotes stay only where the local part needs them (Python's addr_spec). */
QString unquotedLocalPart(const QString& address)
{
    if (!address.startsWith(u'"'))
        return address;
    QString local;
    qsizetype i = 1;
    for (; i < address.size() && address.at(i) != u'"'; ++i) {
        if (address.at(i) == u'\\' && i + 1 < address.size())
            ++i;
        local += address.at(i);
    }
    if (i >= address.size())
        return address;
    const QString rest = address.mid(i + 1);
    static const QString needsQuotes = u"()<>@,:;\\\"[] \t"_s;
    for (QChar c : local) {
        if (needsQuotes.contains(c)) {
            QString quoted = local;
            quoted.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
            return u'"' + quoted + u'"' + rest;
        }
    }
    return local + rest;
}

Address toAddress(InternetAddress* address, const QByteArray& rawHeader)
{
    Address a;
    // GMime keeps folding line breaks inside names; a display name's white space reads as one space.
    a.name = fromGMime(internet_address_get_name(address));
    static const QRegularExpression blanks(u"[ \\t\\r\\n]+"_s);
    a.name.replace(blanks, u" "_s);
    if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
        auto* mailbox = INTERNET_ADDRESS_MAILBOX(address);
        a.address = fromGMime(internet_address_mailbox_get_addr(mailbox));
        // GMime shows IDN domains decoded; keep the form the header has (Python does not convert).
        const QString idn = fromGMime(internet_address_mailbox_get_idn_addr(mailbox));
        if (!idn.isEmpty() && idn != a.address && QString::fromUtf8(rawHeader).contains(idn, Qt::CaseInsensitive))
            a.address = idn;
        a.address = unquotedLocalPart(a.address);
    }
    // GMime takes "addr (Comment)" as a name; RFC 5322 (and Python) keep comments out of display names.
    if (!a.name.isEmpty() && !a.address.isEmpty()) {
        const QByteArray addr = a.address.toUtf8().toLower();
        const QByteArray lower = rawHeader.toLower();
        for (qsizetype at = lower.indexOf(addr); at >= 0; at = lower.indexOf(addr, at + 1)) {
            qsizetype after = at + addr.size();
            while (after < lower.size()
                && (lower.at(after) == ' ' || lower.at(after) == '\t' || lower.at(after) == '\r'
                    || lower.at(after) == '\n'))
                ++after;
            if (after < lower.size() && lower.at(after) == '(' && (at == 0 || lower.at(at - 1) != '<')) {
                a.name.clear();
                break;
            }
        }
    }
    return a;
}

/** GMime's mailboxes in order, groups flattened. */
void flattenList(InternetAddressList* list, const QByteArray& rawHeader, QList<Address>& out)
{
    if (!list)
        return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n; ++i) {
        InternetAddress* a = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(a))
            flattenList(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), rawHeader, out);
        else
            out.append(toAddress(a, rawHeader));
    }
}

} // namespace

namespace detail {

void appendAddresses(InternetAddressList* list, const QByteArray& rawHeader, QList<Address>& out)
{
    QList<Address> mine;
    flattenList(list, rawHeader, mine);
    const QStringList names = displayNames(rawHeader);
    if (names.size() == mine.size()) {
        for (qsizetype i = 0; i < mine.size(); ++i)
            mine[i].name = names.at(i);
    }
    out += mine;
}

} // namespace detail

QList<Address> parseAddresses(const QByteArray& value)
{
    ensureGMime();
    QList<Address> out;
    InternetAddressList* list = internet_address_list_parse(nullptr, value.constData());
    if (!list)
        return out;
    appendAddresses(list, value, out);
    g_object_unref(list);
    return out;
}

} // namespace hookscope::email
