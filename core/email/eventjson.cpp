#include "eventjson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::email {

static QJsonValue orNull(const QString& s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

static QJsonObject addressJson(const Address& a)
{
    return { { u"address"_s, a.address }, { u"name"_s, a.name } };
}

static QJsonArray addressList(const QList<Address>& list)
{
    QJsonArray out;
    for (const auto& a : list)
        out.append(addressJson(a));
    return out;
}

QJsonObject toEventJson(const EmailMessage& m, bool withData)
{
    QJsonObject o;
    if (!m.id.isEmpty())
        o.insert(u"id"_s, m.id);
    o.insert(u"messageId"_s, orNull(m.messageId));
    if (!m.receivedAt.isEmpty())
        o.insert(u"receivedAt"_s, m.receivedAt);
    o.insert(u"subject"_s, orNull(m.subject));
    o.insert(u"from"_s,
        m.from.address.isNull() && m.from.name.isNull() ? QJsonValue(QJsonValue::Null)
                                                        : QJsonValue(addressJson(m.from)));
    o.insert(u"to"_s, addressList(m.to));
    o.insert(u"cc"_s, addressList(m.cc));
    o.insert(u"text"_s, m.text ? QJsonValue(*m.text) : QJsonValue(QJsonValue::Null));
    o.insert(u"html"_s, m.html ? QJsonValue(*m.html) : QJsonValue(QJsonValue::Null));
    QJsonArray attachments;
    for (const auto& a : m.attachments) {
        QJsonObject j {
            { u"filename"_s, orNull(a.filename) },
            { u"contentType"_s, a.contentType },
            { u"size"_s, double(a.size) },
            { u"contentId"_s, orNull(a.contentId) },
        };
        if (!a.sha256.isEmpty())
            j.insert(u"sha256"_s, a.sha256);
        if (withData && a.hasData)
            j.insert(u"dataBase64"_s, QString::fromLatin1(a.data.toBase64()));
        attachments.append(j);
    }
    o.insert(u"attachments"_s, attachments);
    o.insert(u"headers"_s, m.headers);
    if (!m.warnings.isEmpty())
        o.insert(u"warnings"_s, QJsonArray::fromStringList(m.warnings));
    return o;
}

} // namespace hookscope::email
