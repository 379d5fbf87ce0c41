#include "checkoptions.h"

#include "core/verify/scheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::check {

const QStringList& checkIds()
{
    static const QStringList ids { u"valid-accepted"_s, u"missing-headers-rejected"_s, u"bad-signature-rejected"_s,
        u"tampered-body-rejected"_s, u"stale-timestamp-rejected"_s, u"future-timestamp-rejected"_s,
        u"window-edge-accepted"_s, u"seconds-timestamp-rejected"_s, u"duplicate-acknowledged"_s, u"ack-latency"_s,
        u"concurrent-deliveries"_s, u"large-body"_s, u"retry-after-5xx"_s, u"https"_s };
    return ids;
}

QString CheckOptions::problem() const
{
    if (!target.isValid() || (target.scheme() != u"http"_s && target.scheme() != u"https"_s) || target.host().isEmpty())
        return u"the target must be an http:// or https:// URL, not '%1'"_s.arg(target.toString());
    if (!verify::findScheme(scheme))
        return u"unknown scheme '%1' (known: %2)"_s.arg(scheme, verify::schemeNames().join(u", "_s));
    if (secret.isEmpty())
        return u"the checks sign their deliveries: a secret is required"_s;
    for (const QString& id : only + skip) {
        if (!checkIds().contains(id))
            return u"unknown check '%1' (known: %2)"_s.arg(id, checkIds().join(u", "_s));
    }
    if (budgetMs <= 0)
        return u"the budget must be a positive number of milliseconds"_s;
    if (count <= 0)
        return u"the count must be a positive number of deliveries"_s;
    return {};
}

bool CheckOptions::selected(const QString& id) const
{
    return (only.isEmpty() || only.contains(id)) && !skip.contains(id);
}

} // namespace hookscope::check
