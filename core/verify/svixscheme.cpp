#include "svixscheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString SvixScheme::name() const
{
    return u"svix"_s;
}

QList<StandardWebhooksScheme::Family> SvixScheme::families() const
{
    return { { "svix-id", "svix-timestamp", "svix-signature" },
        { "webhook-id", "webhook-timestamp", "webhook-signature" } };
}

} // namespace hookscope::verify
