#pragma once

#include "standardwebhooksscheme.h"

namespace hookscope::verify {

/** Resend: delivered through Svix, so Standard Webhooks signing under `svix-*` headers. */
class ResendScheme final : public StandardWebhooksScheme {
public:
    QString name() const override;

protected:
    QList<Family> families() const override;
};

} // namespace hookscope::verify
