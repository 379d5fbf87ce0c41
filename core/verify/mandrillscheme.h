#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Mandrill (Mailchimp Transactional): `X-Mandrill-Signature` = base64 HMAC-SHA1 (the webhook's key) over the webhook
 * URL exactly as configured at Mandrill, followed by each POST field's key and value, keys sorted, no separators. The
 * URL is the route's public URL.
 */
class MandrillScheme final : public Scheme {
public:
    QString name() const override;
    QList<QByteArray> signatureHeaders() const override { return { "X-Mandrill-Signature" }; }
    /** Signs over the target URL; a body that is not a form is sent as Mandrill sends events: `mandrill_events=…`. */
    Result<Signed> sign(const SignInput& input) const override;

    /** The bytes Mandrill signs for `url` and a form body (the URL alone for any other body). */
    static QByteArray signedData(const QString& url, const QByteArray& body, bool form);

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;
};

} // namespace hookscope::verify
