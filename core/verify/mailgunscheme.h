#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Mailgun: the signature travels inside the body, as JSON `signature{timestamp,token,signature}` or as legacy
 * top-level form fields; lower-case hex HMAC-SHA256 over "{timestamp}{token}" (not the body). No window unless one
 * is configured.
 */
class MailgunScheme final : public Scheme {
public:
    QString name() const override;
    qint64 timestampUnitMs() const override { return 1000; }
    Verdict verify(const Input& input) const override;
    Result<Signed> sign(const SignInput& input) const override;

    struct Fields {
        QByteArray timestamp;
        QByteArray token;
        QByteArray signature;
        QByteArray eventId;
        bool found = false; ///< a signature object or form fields were present at all
    };
    static Fields readFields(const Input& input);
};

} // namespace hookscope::verify
