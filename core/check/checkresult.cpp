#include "checkresult.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::check {

QJsonObject CheckResult::toJson() const
{
    QJsonObject o { { u"id"_s, id }, { u"applies"_s, applies },
        { u"passed"_s, passed ? QJsonValue(*passed) : QJsonValue(QJsonValue::Null) }, { u"sent"_s, sent },
        { u"received"_s, received }, { u"why"_s, why } };
    if (!required)
        o.insert(u"required"_s, false);
    if (!warnings.isEmpty())
        o.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    if (ms >= 0)
        o.insert(u"ms"_s, double(ms));
    return o;
}

CheckResult CheckResult::fromJson(const QJsonObject& o)
{
    CheckResult r;
    r.id = o.value(u"id"_s).toString();
    r.applies = o.value(u"applies"_s).toBool(true);
    if (o.value(u"passed"_s).isBool())
        r.passed = o.value(u"passed"_s).toBool();
    r.required = o.value(u"required"_s).toBool(true);
    r.sent = o.value(u"sent"_s).toString();
    r.received = o.value(u"received"_s).toString();
    r.why = o.value(u"why"_s).toString();
    for (const auto& w : o.value(u"warnings"_s).toArray())
        r.warnings << w.toString();
    r.ms = qint64(o.value(u"ms"_s).toDouble(-1));
    return r;
}

QString CheckResult::verdictText() const
{
    if (!applies || !passed)
        return u"n/a"_s;
    return *passed ? u"PASS"_s : u"FAIL"_s;
}

bool Scorecard::passed() const
{
    for (const CheckResult& c : checks) {
        if (c.applies && c.required && c.passed != true)
            return false;
    }
    return true;
}

QJsonObject Scorecard::toJson() const
{
    QJsonArray list;
    for (const CheckResult& c : checks)
        list.append(c.toJson());
    return { { u"checks"_s, list }, { u"passed"_s, passed() } };
}

Scorecard Scorecard::fromJson(const QJsonObject& o)
{
    Scorecard s;
    for (const auto& v : o.value(u"checks"_s).toArray())
        s.checks.append(CheckResult::fromJson(v.toObject()));
    return s;
}

} // namespace hookscope::check
