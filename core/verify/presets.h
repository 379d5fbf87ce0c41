#pragma once

#include "scheme.h"

#include "core/common/crypto.h"
#include "schemesupport.h"

// HMAC providers as rows of one table: which headers, which prefix and encoding, what is signed, and the timestamp's
// rules. PresetScheme runs a row through the skeleton; the generic `hmac` scheme is a row built from its options.
namespace hookscope::verify {

/** A content a sender may sign by mistake (a template, as HmacPreset::signedContent), and what it means. */
struct PresetMistake {
    QString reason;
    QString hint;
    QByteArray content;
};

/** A hint added when the signature is missing; only when `whenPresent` is non-blank, if it names a header. */
struct PresetMissingHint {
    QByteArray whenPresent;
    QString hint;
};

/** One HMAC provider's rules. */
struct HmacPreset {
    QString name;
    QString description;
    /// The signature: the first header of these with a non-blank value. The first is named when none has one.
    QList<QByteArray> signatureHeaders;
    QByteArray prefix; ///< written before the encoded MAC ("sha256=", "v0=")
    support::Encoding encoding = support::Encoding::Hex;
    crypto::Digest digest = crypto::Digest::Sha256;
    /// What is signed: `{timestamp}`, `{body}`, `{id}` and `{url}` are replaced (in one pass) by the timestamp
    /// header's value, the raw body, the id header's value, the public URL; anything else is literal.
    QByteArray signedContent = "{body}";
    QByteArray timestampHeader; ///< none: no timestamp, no window
    qint64 timestampUnitMs = 1000;
    std::optional<qint64> toleranceMs;
    support::Window window = support::Window::TwoSided;
    QByteArray idHeader; ///< the header signed as `{id}` (required when signedContent names it)
    QList<QByteArray> deliveryIdHeaders;
    QString secretName = QStringLiteral("a secret"); ///< as in "mailparse needs a secret to sign"
    QList<PresetMistake> mistakes;
    QList<PresetMissingHint> missingHints;
    QString validHint; ///< added to a valid verdict (Mailgun: the body is not covered)
    QString singleSecretHint; ///< added when the only configured secret does not match (Shopify's rotation)
    bool refuseEmptyBody = false; ///< as Shopify's library (reason `empty-body`)

    // Where a provider departs from "headers in, headers out".
    Reading (*read)(const HmacPreset& preset, const Input& input) = nullptr; ///< Mailgun: fields in the body
    Result<Signed> (*sign)(const HmacPreset& preset, const SignInput& input) = nullptr;

    /** signedContent with its placeholders replaced. */
    QByteArray fill(const QByteArray& content, const QByteArray& timestamp, const QByteArray& id, const QString& url,
        const QByteArray& body) const;
};

/** The HMAC presets, by name: mailparse, github, github-sha1, slack, shopify, mailersend, mailgun. */
const QList<HmacPreset>& hmacPresets();
/** The generic `hmac` scheme's row from its options (docs/SIGNATURES.md); `error` says why they cannot be used. */
HmacPreset presetFromOptions(const QJsonObject& options, QString* error);

/** A row of the preset table, verified through the skeleton. */
class PresetScheme final : public Scheme {
public:
    explicit PresetScheme(HmacPreset preset, QString optionsError = {});
    const HmacPreset& preset() const { return m_preset; }

    QString name() const override { return m_preset.name; }
    QList<QByteArray> deliveryIdHeaders() const override { return m_preset.deliveryIdHeaders; }
    std::optional<qint64> defaultToleranceMs() const override { return m_preset.toleranceMs; }
    QList<QByteArray> signatureHeaders() const override;
    qint64 timestampUnitMs() const override
    {
        return m_preset.timestampHeader.isEmpty() && !m_preset.read ? 0 : m_preset.timestampUnitMs;
    }
    support::Window window() const override { return m_preset.window; }
    Result<Signed> sign(const SignInput& input) const override;

protected:
    QString configurationError() const override { return m_error; }
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;

private:
    HmacPreset m_preset;
    QString m_error;
};

namespace mailgun {
/** Mailgun's signature fields, read from a JSON, form or multipart body, and `event-data.id` as the delivery id. */
Reading read(const HmacPreset& preset, const Input& input);
/** Signs inside the body: a `signature` object in JSON, or form fields. */
Result<Signed> sign(const HmacPreset& preset, const SignInput& input);
} // namespace mailgun

} // namespace hookscope::verify
