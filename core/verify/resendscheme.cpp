#include "resendscheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString ResendScheme::name() const
{
    return u"resend"_s;
}

QList<StandardWebhooksScheme::Family> ResendScheme::families() const
{
    // The Svix libraries Resend builds on also read the unbranded names.
    return { { "svix-id", "svix-timestamp", "svix-signature" },
        { "webhook-id", "webhook-timestamp", "webhook-signature" } };
}

} // namespace hookscope::verify
