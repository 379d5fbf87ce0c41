#pragma once

#include "core/common/result.h"
#include "core/http/httpheader.h"
#include "defaultscheme.h"
#include "evidence.h"
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

/**
 * What a scheme read from a request before deciding anything. The skeleton (Scheme::check()) takes it from there in
 * one order for every scheme: presence, the scheme's own refusal, the timestamp's form, evidence, window, comparison.
 */
struct Reading {
    struct Field {
        QByteArray name; ///< as named in hints: a header, or "signature.token (in the body)"
        QByteArray value; ///< as received
    };
    /// The values the scheme cannot verify without. One rule for all: a value that is empty or only blanks counts
    /// as missing (400 "missing headers"), exactly as an absent one.
    QList<Field> required;
    QStringList missingHints; ///< added to the verdict when any is missing
    QByteArray received; ///< the signature as shown in the verdict
    QByteArray id; ///< the value signed as `{id}` (a message id, Mailgun's token), when the scheme signs one
    QByteArray canonical; ///< what is signed, when it is known before the timestamp is read (SendGrid)
    /// The timestamp's text, when the scheme has one: it must be a plain non-negative integer (else 400
    /// "invalid timestamp"), in units of Scheme::timestampUnitMs().
    std::optional<QByteArray> timestamp;
    QByteArray timestampName; ///< how the timestamp is named in hints ("X-Slack-Request-Timestamp", "t=")
    /// A refusal decided while reading (Stripe's header without `t=`): reason, hint, and whether to diagnose.
    QString refusalReason;
    QStringList refusalHints;
    bool refusalExplained = true;
    QString deliveryId; ///< the delivery id, when the scheme finds it elsewhere than in deliveryIdHeaders() (Mailgun)
    /// The secrets to try when they are not just the input's (Postmark adds credentials the URL carries).
    QList<QByteArray> secrets;
};

/**
 * One provider's signature rules. Every scheme goes through the same skeleton (check()); a scheme supplies what it
 * reads (read()) and what it computes (collect()). HMAC providers are rows of the preset table (presets.cpp); every
 * scheme is named once in the registry table (schemeregistry.cpp).
 */
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
    /** The scheme's time window's shape. */
    virtual support::Window window() const { return support::Window::TwoSided; }
    /**
     * The verdict with its evidence, without the diagnosis: begin, presence of what the scheme reads (one rule for
     * blank values), the scheme's own refusal, the timestamp's form, evidence, the window, the comparison.
     */
    Check check(const Input& input) const;
    /** check(), then the diagnosis (diagnosis.cpp) explains a failure when `input.diagnose` is set. */
    Verdict verify(const Input& input) const;
    /** Signs as the provider would; an error says why this scheme cannot (e.g. no private key). */
    virtual Result<Signed> sign(const SignInput& input) const;
    /**
     * A freshly generated secret of the same kind as `secret` that is certainly not it (`replay --negative
     * wrong-secret`): well-formed, so the request is signed and fails at the receiver on the key alone. For public-key
     * schemes it is a new private key, whatever `secret` holds.
     */
    virtual Result<QByteArray> wrongSecret(const QByteArray& secret) const;

protected:
    /** Why the scheme cannot verify anything as configured (the generic hmac scheme's options); empty when it can. */
    virtual QString configurationError() const { return {}; }
    /** The skeleton's first step: what the request carries. */
    virtual Reading read(const Input& input) const = 0;
    /**
     * The evidence step, once everything required is present and the timestamp parsed (`timestamp`, in the scheme's
     * unit):
     * fills the verdict's canonical/expected/received and `check.mac`, sets `check.compare` when the comparison is
     * not the MAC's, or decides at once (`check.decided`).
     */
    virtual void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const = 0;
};

/**
 * Makes the scheme called `name` or one of its aliases (see schemeNames()); `options` configures the generic `hmac`
 * scheme. Null for an unknown name.
 */
std::unique_ptr<Scheme> createScheme(const QString& name, const QJsonObject& options = {});
/** Every scheme's name, in the registry's order. */
QStringList schemeNames();

/** One row of the registry: every scheme is named here once. */
struct SchemeEntry {
    QString name;
    QStringList aliases; ///< other names accepted for it
    QString description; ///< one line, for help texts
    std::unique_ptr<Scheme> (*make)(const QJsonObject& options);
};
/** The registry table. */
const QList<SchemeEntry>& schemeEntries();
/** The entry for `name` or one of its aliases; null when there is none. */
const SchemeEntry* findScheme(const QString& name);

} // namespace hookscope::verify
