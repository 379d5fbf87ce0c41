#pragma once

#include "standardwebhooksscheme.h"

namespace hookscope::verify {

/** Svix: Standard Webhooks signing under `svix-*` headers, falling back to `webhook-*` (white-labelled accounts). */
class SvixScheme final : public StandardWebhooksScheme {
public:
    QString name() const override;

protected:
    QList<Family> families() const override;
};

} // namespace hookscope::verify
