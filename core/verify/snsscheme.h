#pragma once

#include "scheme.h"

#include <QJsonObject>

#include <optional>

namespace hookscope::verify {

/**
 * Amazon SNS HTTP(S) message signatures: `Signature` (base64) in the JSON body, RSA PKCS#1 v1.5 over the canonical
 * string of the message's fields ("Name\nvalue\n" each, in the documented order for the message's Type) with SHA-1
 * (`SignatureVersion` 1) or SHA-256 (2). The secret is the signing certificate (or its public key) as PEM, for
 * offline use, or the word `fetch`: the certificate at `SigningCertURL`, fetched once and cached. Either way a
 * SigningCertURL that is not https://sns.<region>.amazonaws.com/….pem is refused before anything else.
 */
class SnsScheme final : public Scheme {
public:
    QString name() const override;
    QList<QByteArray> deliveryIdHeaders() const override { return { "x-amz-sns-message-id" }; }
    /** Signs only with a PEM RSA private key of your own (Amazon's is not available), inside the JSON body. */
    Result<Signed> sign(const SignInput& input) const override;
    /** A new RSA private key (PEM). */
    Result<QByteArray> wrongSecret(const QByteArray& secret) const override;

    /** The canonical string of an SNS message; nullopt when its Type is none SNS signs. */
    static std::optional<QByteArray> canonical(const QJsonObject& message);
    /** The fields signed for a message type, in order (empty for an unknown type). */
    static QStringList signedFields(const QString& type);

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;
};

} // namespace hookscope::verify
