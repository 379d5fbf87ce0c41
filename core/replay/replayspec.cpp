#include "replayspec.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

QString ReplaySpec::negativeName(Negative n)
{
    switch (n) {
    case Negative::WrongSecret:
        return u"wrong-secret"_s;
    case Negative::StaleTimestamp:
        return u"stale-timestamp"_s;
    case Negative::MissingSignature:
        return u"missing-signature"_s;
    case Negative::None:
        break;
    }
    return {};
}

std::optional<Negative> ReplaySpec::negativeFromName(const QString& name)
{
    for (Negative n : { Negative::None, Negative::WrongSecret, Negative::StaleTimestamp, Negative::MissingSignature }) {
        if (negativeName(n) == name)
            return n;
    }
    return std::nullopt;
}

QString ReplaySpec::modeName() const
{
    if (negative != Negative::None)
        return u"negative:"_s + negativeName(negative);
    if (edited())
        return resign ? u"edited+resigned"_s : u"edited"_s;
    return resign ? u"resigned"_s : u"as-captured"_s;
}

static QJsonArray headersToJson(const http::HttpHeaders& headers)
{
    QJsonArray list;
    for (const auto& h : headers)
        list.append(QJsonArray { QString::fromLatin1(h.name), QString::fromLatin1(h.value) });
    return list;
}

QJsonObject ReplaySpec::toJson() const
{
    QJsonObject o { { u"resign"_s, resign }, { u"scheme"_s, scheme } };
    if (!schemeOptions.isEmpty())
        o.insert(u"schemeOptions"_s, schemeOptions);
    if (negative != Negative::None)
        o.insert(u"negative"_s, negativeName(negative));
    if (headers)
        o.insert(u"headers"_s, headersToJson(*headers));
    if (body)
        o.insert(u"bodyBase64"_s, QString::fromLatin1(body->toBase64()));
    if (method)
        o.insert(u"method"_s, QString::fromLatin1(*method));
    if (keepCapturedPath)
        o.insert(u"keepCapturedPath"_s, true);
    return o;
}

ReplaySpec ReplaySpec::fromJson(const QJsonObject& o)
{
    ReplaySpec s;
    s.resign = o.value(u"resign"_s).toBool();
    s.scheme = o.value(u"scheme"_s).toString(s.scheme);
    s.schemeOptions = o.value(u"schemeOptions"_s).toObject();
    s.negative = negativeFromName(o.value(u"negative"_s).toString()).value_or(Negative::None);
    if (o.contains(u"headers"_s)) {
        http::HttpHeaders h;
        for (const auto& v : o.value(u"headers"_s).toArray()) {
            const QJsonArray pair = v.toArray();
            h.append({ pair.at(0).toString().toLatin1(), pair.at(1).toString().toLatin1() });
        }
        s.headers = h;
    }
    if (o.contains(u"bodyBase64"_s))
        s.body = QByteArray::fromBase64(o.value(u"bodyBase64"_s).toString().toLatin1());
    if (o.contains(u"method"_s))
        s.method = o.value(u"method"_s).toString().toLatin1();
    s.keepCapturedPath = o.value(u"keepCapturedPath"_s).toBool();
    return s;
}

} // namespace hookscope::replay
