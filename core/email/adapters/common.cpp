#include "common.h"

#include "core/email/addresses.h"
#include "core/email/mimeparser.h"

#include "core/common/crypto.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

QByteArray baseType(QByteArrayView contentType)
{
    const qsizetype semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.first(semi)).trimmed().toByteArray().toLower();
}

bool looksLikeMime(QByteArrayView body)
{
    qsizetype pos = 0;
    if (body.startsWith("From "))
        pos = body.indexOf('\n') + 1;
    int headers = 0;
    while (pos > 0 || headers == 0) {
        if (pos >= body.size())
            return headers > 0;
        qsizetype eol = body.indexOf('\n', pos);
        if (eol < 0)
            eol = body.size();
        QByteArrayView line = body.sliced(pos, eol - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            return headers > 0;
        if (line[0] != ' ' && line[0] != '\t') {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return false;
            for (char c : line.first(colon)) {
                if (c <= ' ' || c >= 127)
                    return false;
            }
            ++headers;
        } else if (headers == 0) {
            return false;
        }
        if (headers > 500)
            return true;
        pos = eol + 1;
    }
    return headers > 0;
}

QByteArray mimeFromField(const QByteArray& field)
{
    if (looksLikeMime(field))
        return field;
    auto decoded = QByteArray::fromBase64Encoding(
        QByteArray(field).replace("\n", "").replace("\r", ""), QByteArray::AbortOnBase64DecodingErrors);
    if (decoded && looksLikeMime(*decoded))
        return *decoded;
    return field;
}

bool validAddress(const QString& address)
{
    static const QRegularExpression re(
        u"^[^\\s@<>()\\[\\],;:\"]+@[^\\s@<>()\\[\\],;:\"]+\\.?[^\\s@<>()\\[\\],;:\"]*$"_s);
    return re.match(address).hasMatch() && !address.endsWith(u'.') && !address.contains(u".."_s);
}

bool validContentType(const QString& type)
{
    static const QRegularExpression re(u"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$"_s);
    return re.match(type).hasMatch();
}

void setAttachmentData(Attachment& a, QByteArray data)
{
    a.size = data.size();
    a.sha256 = QString::fromLatin1(crypto::sha256Hex(data));
    a.hasData = true;
    a.data = std::move(data);
}

QString bareId(QString id)
{
    id = id.trimmed();
    if (id.startsWith(u'<') && id.endsWith(u'>'))
        id = id.mid(1, id.size() - 2);
    return id;
}

Address readAddress(const QJsonValue& v, const QString& field, QStringList& warnings)
{
    Address a;
    if (v.isString()) {
        // "Name <addr>" or a bare address
        const QList<Address> parsed = parseAddresses(v.toString().toUtf8());
        if (!parsed.isEmpty())
            a = parsed.first();
        else
            a.address = v.toString();
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        a.address = o.value(u"address"_s).toString();
        a.name = o.value(u"name"_s).toString();
    } else if (!v.isUndefined() && !v.isNull()) {
        warnings << u"%1: expected an address object, found %2"_s.arg(field,
            v.isArray()      ? u"an array"_s
                : v.isBool() ? u"a boolean"_s
                             : u"a number"_s);
        return a;
    }
    if (!a.address.isEmpty() && !validAddress(a.address))
        warnings << u"%1: \"%2\" is not a valid email address"_s.arg(field, a.address);
    return a;
}

QList<Address> readAddressList(const QJsonValue& v, const QString& field, QStringList& warnings)
{
    QList<Address> out;
    if (v.isUndefined() || v.isNull())
        return out;
    if (v.isString()) {
        for (const Address& a : parseAddresses(v.toString().toUtf8())) {
            if (!validAddress(a.address))
                warnings << u"%1: \"%2\" is not a valid email address"_s.arg(field, a.address);
            out.append(a);
        }
        return out;
    }
    if (!v.isArray()) {
        warnings << u"%1: expected an array of addresses"_s.arg(field);
        return out;
    }
    const QJsonArray list = v.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Address a = readAddress(list.at(i), u"%1[%2]"_s.arg(field).arg(i), warnings);
        if (a.address.isEmpty())
            warnings << u"%1[%2]: no address"_s.arg(field).arg(i);
        out.append(a);
    }
    return out;
}

QByteArray readBase64(const QString& text, const QString& field, QStringList& warnings)
{
    QByteArray bytes = text.toLatin1();
    bytes.replace("\r", "").replace("\n", "");
    auto strict = QByteArray::fromBase64Encoding(bytes, QByteArray::AbortOnBase64DecodingErrors);
    if (strict)
        return *strict;
    warnings << u"%1: invalid base64 (decoded leniently)"_s.arg(field);
    return QByteArray::fromBase64(bytes);
}

QJsonObject headerBlock(const QByteArray& block)
{
    QJsonObject out;
    QByteArray current;
    auto flush = [&] {
        const qsizetype colon = current.indexOf(':');
        if (colon > 0) {
            const QString name = QString::fromUtf8(current.left(colon).trimmed()).toLower();
            if (!out.contains(name))
                out.insert(name, QString::fromUtf8(current.mid(colon + 1).trimmed()));
        }
        current.clear();
    };
    for (QByteArray line : block.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.isEmpty() && (line.at(0) == ' ' || line.at(0) == '\t')) {
            current += ' ' + line.trimmed();
            continue;
        }
        flush();
        if (line.isEmpty())
            break;
        current = line;
    }
    flush();
    return out;
}

QString rawMimeField(const QJsonObject& o, QString* fieldName)
{
    for (const std::string_view field : kRawMimeFields) {
        const QLatin1StringView key(field.data(), qsizetype(field.size()));
        if (o.value(key).isString()) {
            if (fieldName)
                *fieldName = key;
            return o.value(key).toString();
        }
    }
    return {};
}

bool isPostmark(const QJsonObject& o)
{
    return std::any_of(std::begin(kPostmarkFields), std::end(kPostmarkFields),
        [&o](std::string_view field) { return o.contains(QLatin1StringView(field.data(), qsizetype(field.size()))); });
}

QJsonObject unknownFields(const QJsonObject& o, const QStringList& known)
{
    QJsonObject extra;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            extra.insert(it.key(), it.value());
    }
    return extra;
}

Result<EmailMessage> withRawMime(EmailMessage provider, const QByteArray& raw, const MimeReadOptions& options,
    bool providerHasFields, const QSet<PayloadDifference::Kind>& notCompared)
{
    auto mime = parseMime(raw, options);
    if (!mime) {
        provider.warnings << u"raw MIME could not be read: %1"_s.arg(mime.error());
        provider.rawMime = raw;
        return provider;
    }
    EmailMessage m = std::move(*mime);
    m.adapter = provider.adapter;
    m.id = provider.id;
    m.receivedAt = provider.receivedAt;
    m.extra = provider.extra;
    QStringList warnings = provider.warnings;
    warnings += m.warnings;
    if (providerHasFields) {
        for (const auto& d : diffPayload(provider, m)) {
            if (!notCompared.contains(d.kind))
                warnings << u"provider JSON vs MIME: "_s + d.message;
        }
    }
    m.warnings = warnings;
    m.providerView = std::make_shared<const EmailMessage>(std::move(provider));
    return m;
}

} // namespace hookscope::email::adapters
