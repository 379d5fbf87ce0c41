#pragma once

#include "scheme.h"

#include "core/common/crypto.h"
#include "schemesupport.h"

namespace hookscope::verify {

/**
 * A configurable HMAC scheme for providers without a class of their own. Options (all optional):
 * `header` (default "X-Signature"), `prefix`, `encoding` hex|base64, `algorithm` sha1|sha256|sha512,
 * `template` with {timestamp} {body} {id} {url} (default "{body}"), `timestampHeader`, `timestampUnit` s|ms,
 * `tolerance` in seconds, `idHeader`.
 */
class HmacScheme final : public Scheme {
public:
    explicit HmacScheme(const QJsonObject& options = {});
    /** Why the options cannot be used; empty when they can. */
    QString optionsError() const { return m_error; }

    QString name() const override;
    QList<QByteArray> deliveryIdHeaders() const override
    {
        return m_idHeader.isEmpty() ? QList<QByteArray>() : QList<QByteArray> { m_idHeader };
    }
    std::optional<qint64> defaultToleranceMs() const override { return m_toleranceMs; }
    QList<QByteArray> signatureHeaders() const override;
    qint64 timestampUnitMs() const override { return m_timestampHeader.isEmpty() ? 0 : m_unitMs; }
    Verdict verify(const Input& input) const override;
    Result<Signed> sign(const SignInput& input) const override;

private:
    QByteArray canonical(const QByteArray& ts, const QByteArray& id, const QString& url, const QByteArray& body) const;

    QByteArray m_header = "X-Signature";
    QByteArray m_prefix;
    support::Encoding m_encoding = support::Encoding::Hex;
    crypto::Digest m_digest = crypto::Digest::Sha256;
    QByteArray m_template = "{body}";
    QByteArray m_timestampHeader;
    qint64 m_unitMs = 1000;
    std::optional<qint64> m_toleranceMs;
    QByteArray m_idHeader;
    QString m_error;
};

} // namespace hookscope::verify
