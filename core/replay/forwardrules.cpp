#include "forwardrules.h"

#include "core/config/config.h"
#include "core/email/adapter.h"

#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

QJsonObject ForwardRule::toJson() const
{
    QJsonObject m;
    if (!match.route.isEmpty())
        m.insert(u"route"_s, match.route);
    if (!match.path.isEmpty())
        m.insert(u"path"_s, match.path);
    if (!match.recipient.isEmpty())
        m.insert(u"recipient"_s, match.recipient);
    if (!match.subjectPrefix.isEmpty())
        m.insert(u"subjectPrefix"_s, match.subjectPrefix);
    if (!match.headerName.isEmpty())
        m.insert(u"header"_s,
            QJsonObject { { u"name"_s, QString::fromLatin1(match.headerName) }, { u"value"_s, match.headerValue } });
    QJsonObject o { { u"name"_s, name }, { u"to"_s, to.toString() }, { u"match"_s, m }, { u"resign"_s, resign },
        { u"retry"_s, retry.toJson() }, { u"timeoutMs"_s, timeoutMs } };
    if (!enabled)
        o.insert(u"enabled"_s, false);
    if (!scheme.isEmpty())
        o.insert(u"scheme"_s, scheme);
    if (!secretEnv.isEmpty())
        o.insert(u"secretEnv"_s, secretEnv);
    return o;
}

Result<QList<ForwardRule>> ForwardRules::fromJson(const QJsonArray& array)
{
    QList<ForwardRule> rules;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        ForwardRule r;
        r.name = o.value(u"name"_s).toString(u"rule-%1"_s.arg(i + 1));
        r.to = QUrl(o.value(u"to"_s).toString());
        if (!r.to.isValid() || (r.to.scheme() != u"http"_s && r.to.scheme() != u"https"_s) || r.to.host().isEmpty())
            return fail(u"forward rule '%1': 'to' must be an http:// or https:// URL"_s.arg(r.name));
        const QJsonObject m = o.value(u"match"_s).toObject();
        r.match.route = m.value(u"route"_s).toString();
        r.match.path = m.value(u"path"_s).toString();
        r.match.recipient = m.value(u"recipient"_s).toString().trimmed();
        r.match.subjectPrefix = m.value(u"subjectPrefix"_s).toString();
        const QJsonValue header = m.value(u"header"_s);
        if (header.isObject()) {
            r.match.headerName = header.toObject().value(u"name"_s).toString().toLatin1();
            r.match.headerValue = header.toObject().value(u"value"_s).toString();
        }
        r.enabled = o.value(u"enabled"_s).toBool(true);
        r.resign = o.value(u"resign"_s).toBool(false);
        r.scheme = o.value(u"scheme"_s).toString();
        r.secretEnv = o.value(u"secretEnv"_s).toString();
        r.retry = RetryPolicy::fromJson(o.value(u"retry"_s).toObject());
        r.timeoutMs = o.value(u"timeoutMs"_s).toInt(r.timeoutMs);
        r.ignoreTlsErrors = o.value(u"insecure"_s).toBool(false);
        rules.append(r);
    }
    return rules;
}

Result<QList<ForwardRule>> ForwardRules::load(const QString& configPath)
{
    QFile file(configPath);
    if (!file.exists())
        return QList<ForwardRule> {};
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read %1: %2"_s.arg(configPath, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return fail(u"%1 is not valid JSON: %2 (at byte %3)"_s.arg(configPath, error.errorString()).arg(error.offset));
    return fromJson(doc.object().value(u"forward"_s).toArray());
}

QString ForwardRules::defaultConfigPath()
{
    return config::defaultConfigPath();
}

RoutingContext RoutingContext::fromCaptured(const QString& route, const CapturedRequest& captured)
{
    RoutingContext c;
    c.route = route;
    const qsizetype q = captured.target.indexOf('?');
    c.path = q < 0 ? captured.target : captured.target.left(q);
    c.headers = captured.headers;
    email::PayloadRequest request
        = email::PayloadRequest::of(headerValue(captured.headers, "Content-Type"), captured.body);
    request.headers = captured.headers;
    request.route = route;
    auto parsed = email::parsePayload(request);
    if (parsed) {
        for (const auto& a : parsed->to)
            c.recipients << a.address;
        for (const auto& a : parsed->cc)
            c.recipients << a.address;
        c.subject = parsed->subject;
    }
    return c;
}

static bool pathUnder(const QString& prefix, const QByteArray& path)
{
    const QByteArray p = prefix.toUtf8();
    if (!path.startsWith(p))
        return false;
    return p.endsWith('/') || path.size() == p.size() || path.at(p.size()) == '/';
}

static bool recipientMatches(const QString& pattern, const QString& address)
{
    const QString a = address.trimmed();
    if (pattern.endsWith(u'@'))
        return a.startsWith(pattern, Qt::CaseInsensitive);
    if (pattern.startsWith(u'@'))
        return a.endsWith(pattern, Qt::CaseInsensitive);
    return a.compare(pattern, Qt::CaseInsensitive) == 0;
}

RuleDecision ForwardRules::evaluate(const ForwardRule& rule, const RoutingContext& c, int index)
{
    RuleDecision d;
    d.index = index;
    d.rule = rule.name;
    bool ok = true;
    if (!rule.enabled) {
        d.reasons << u"disabled"_s;
        ok = false;
    }
    const ForwardMatch& m = rule.match;
    if (!m.route.isEmpty()) {
        const bool hit = m.route == c.route;
        d.reasons << u"route %1 %2 %3"_s.arg(c.route, hit ? u"is"_s : u"is not"_s, m.route);
        ok = ok && hit;
    }
    if (!m.path.isEmpty()) {
        const bool hit = pathUnder(m.path, c.path);
        d.reasons << u"path %1 %2 under %3"_s.arg(QString::fromUtf8(c.path), hit ? u"is"_s : u"is not"_s, m.path);
        ok = ok && hit;
    }
    if (!m.recipient.isEmpty()) {
        QString hit;
        for (const QString& r : c.recipients) {
            if (recipientMatches(m.recipient, r)) {
                hit = r;
                break;
            }
        }
        if (!hit.isEmpty())
            d.reasons << u"recipient %1 matches %2"_s.arg(hit, m.recipient);
        else
            d.reasons << u"no recipient matches %1 (recipients: %2)"_s.arg(
                m.recipient, c.recipients.isEmpty() ? u"none"_s : c.recipients.join(u", "_s));
        ok = ok && !hit.isEmpty();
    }
    if (!m.subjectPrefix.isEmpty()) {
        const bool hit = c.subject.trimmed().startsWith(m.subjectPrefix, Qt::CaseInsensitive);
        d.reasons << u"subject \"%1\" %2 with \"%3\""_s.arg(
            c.subject, hit ? u"starts"_s : u"does not start"_s, m.subjectPrefix);
        ok = ok && hit;
    }
    if (!m.headerName.isEmpty()) {
        const QByteArray value = headerValue(c.headers, m.headerName);
        bool hit = !value.isNull();
        if (hit && !m.headerValue.isEmpty())
            hit = QString::fromUtf8(value).trimmed() == m.headerValue;
        if (value.isNull())
            d.reasons << u"header %1 is absent"_s.arg(QString::fromLatin1(m.headerName));
        else
            d.reasons << u"header %1 is \"%2\"%3"_s.arg(QString::fromLatin1(m.headerName), QString::fromUtf8(value),
                m.headerValue.isEmpty() ? QString()
                                        : (hit ? u", as required"_s : u", not \"%1\""_s.arg(m.headerValue)));
        ok = ok && hit;
    }
    if (d.reasons.isEmpty())
        d.reasons << u"no conditions: matches every event"_s;
    d.matched = ok;
    return d;
}

std::optional<int> ForwardRules::firstMatch(
    const QList<ForwardRule>& rules, const RoutingContext& context, QList<RuleDecision>* explain)
{
    for (int i = 0; i < rules.size(); ++i) {
        const RuleDecision d = evaluate(rules.at(i), context, i);
        if (explain)
            explain->append(d);
        if (d.matched)
            return i;
    }
    return std::nullopt;
}

} // namespace hookscope::replay
