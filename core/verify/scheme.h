#pragma once

#include "core/common/result.h"
#include "core/http/httpheader.h"
#include "verdict.h"

#include <QJsonObject>
#include <QList>

#include <utility>

#include <memory>
#include <optional>

namespace hookscope::verify {

/** Everything a scheme may look at to verify one request. */
struct Input {
    http::HttpHeaders headers;
    QByteArray body; ///< exact bytes received (decoded from chunked framing only)
    QByteArray method = "POST";
    QString url; ///< the public URL the provider signed against (Twilio, {url} templates)
    qint64 nowMs = 0;
    std::optional<qint64> toleranceMs; ///< overrides the scheme's own window
    QList<QByteArray> secrets; ///< tried in order (rotation); empty means "not checked"
    /// Secrets of other routes, by name: a failed signature that matches one of them is named in the diagnosis.
    QList<std::pair<QString, QByteArray>> otherSecrets;
    bool diagnose = true; ///< false when only the yes/no matters (the diagnosis re-runs schemes with variations)
};

/** What a scheme needs to sign a request as the provider would (replay re-signed, `send`). */
struct SignInput {
    QByteArray body;
    QByteArray method = "POST";
    QString url; ///< the target URL (Twilio signs it)
    qint64 nowMs = 0;
    QByteArray secret; ///< as configured for verification (e.g. `whsec_…`); for asymmetric schemes the private key
    QByteArray deliveryId; ///< reused when re-signing a captured delivery; made up when empty
    http::HttpHeaders headers; ///< the request's current headers (some schemes keep some of them)
};

/** The result of signing: headers to set (replacing same-named ones) and the body to send (Mailgun signs inside it). */
struct Signed {
    http::HttpHeaders headers;
    QByteArray body;
    /// Set when signing moved the request to another URL (Twilio adds `bodySHA256` to the query of non-form posts).
    QString url;
};

/** One provider's signature rules. Adding a provider is adding one class and one line in the registry. */
class Scheme {
public:
    virtual ~Scheme() = default;
    virtual QString name() const = 0;
    /** Headers carrying the provider's delivery id, tried in order (the idempotency key on this scheme's routes). */
    virtual QList<QByteArray> deliveryIdHeaders() const { return {}; }
    /** The first of deliveryIdHeaders() (for display); empty when the scheme has none. */
    QByteArray deliveryIdHeader() const
    {
        const auto headers = deliveryIdHeaders();
        return headers.isEmpty() ? QByteArray() : headers.first();
    }
    /** The scheme's own time window in ms; nullopt when it has none. */
    virtual std::optional<qint64> defaultToleranceMs() const { return std::nullopt; }
    /** Headers that carry the signature or its timestamp (checked for duplicates by the diagnosis). */
    virtual QList<QByteArray> signatureHeaders() const { return {}; }
    /**
     * Headers whose value is the secret itself rather than a signature made with it (Postmark's Basic
     * `Authorization`). The ingest path never stores them in clear: it keeps the verdict and a keyed hash of
     * credentialDigestInput() instead.
     */
    virtual QList<QByteArray> credentialHeaders() const { return {}; }
    /**
     * What verification compares of a credential header's value, tagged with its form, so that a keyed hash of it
     * can be compared later with configuredDigestInput() of a secret.
     */
    virtual QByteArray credentialDigestInput(QByteArrayView headerValue) const
    {
        return "raw:" + headerValue.trimmed().toByteArray();
    }
    /** The same for a configured secret: equal to credentialDigestInput() of a header the secret verifies. */
    virtual QByteArray configuredDigestInput(const QByteArray& secret) const { return "raw:" + secret; }
    /** Milliseconds per unit of the scheme's timestamp: 1000 for seconds, 1 for milliseconds, 0 when it has none. */
    virtual qint64 timestampUnitMs() const { return 0; }
    virtual Verdict verify(const Input& input) const = 0;
    /** Signs as the provider would; an error says why this scheme cannot (e.g. no private key). */
    virtual Result<Signed> sign(const SignInput& input) const;
    /**
     * A freshly generated secret of the same kind as `secret` that is certainly not it (`replay --negative
     * wrong-secret`): well-formed, so the request is signed and fails at the receiver on the key alone. For public-key
     * schemes it is a new private key, whatever `secret` holds.
     */
    virtual Result<QByteArray> wrongSecret(const QByteArray& secret) const;
};

/** Makes the scheme called `name` (see schemeNames()); `options` configures the generic `hmac` scheme. */
std::unique_ptr<Scheme> createScheme(const QString& name, const QJsonObject& options = {});
QStringList schemeNames();

} // namespace hookscope::verify
