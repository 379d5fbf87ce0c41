#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1 (auth token) over the full public URL followed by the POST
 * parameters (keys sorted, values of a key sorted, URL-decoded, no separators). JSON bodies: the URL alone, carrying
 * `bodySHA256`. Like the SDKs, the URL is tried with and without its port.
 */
class TwilioScheme final : public Scheme {
public:
    QString name() const override;
    QList<QByteArray> deliveryIdHeaders() const override { return { "I-Twilio-Idempotency-Token" }; }
    QList<QByteArray> signatureHeaders() const override { return { "X-Twilio-Signature" }; }
    Result<Signed> sign(const SignInput& input) const override;

    /** The bytes Twilio signs for `url` and a body (form parameters or, with bodySHA256, none). */
    static QByteArray signedData(const QString& url, const QByteArray& body, bool form);
    /** `url` without its port, and with the scheme's default port added (the SDKs try both). */
    static QString withoutPort(const QString& url);
    static QString withDefaultPort(const QString& url);

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;
};

} // namespace hookscope::verify
