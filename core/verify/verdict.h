#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope::verify {

/** The broad result, which fixes the HTTP answer (PRODUCT.md, "Verification order and answers"). */
enum class Outcome {
    Valid,
    NotChecked, ///< no secret configured: stored as unverified, answered 200
    MissingHeaders, ///< 400 "missing headers"
    InvalidTimestamp, ///< 400 "invalid timestamp"
    TimestampSkew, ///< 400 "timestamp skew"
    InvalidSignature, ///< 401 "invalid signature"
};

/** What a scheme concluded about one request, with the evidence a person needs to fix it. */
struct Verdict {
    Outcome outcome = Outcome::NotChecked;
    QString scheme;
    /// Machine-readable reason code: "valid", "no-secret", "missing-headers", "invalid-timestamp",
    /// "timestamp-skew", "invalid-signature", or a more specific diagnosis code.
    QString reason;
    QStringList hints; ///< plain-language explanations, most likely cause first
    QByteArray canonical; ///< the exact bytes that were (or would have been) signed
    QByteArray expected; ///< the signature computed here (with the first secret), as it would appear in the header
    QByteArray received; ///< the signature value received
    std::optional<qint64> timestampMs; ///< the request's timestamp, normalized to ms
    std::optional<qint64> skewMs; ///< now - timestamp
    int secretIndex = -1; ///< which configured secret matched
    QString deliveryId; ///< the scheme's delivery id, when it has one
    /// Hex HMAC-SHA256, under the store's credential key, of credentials that arrived in clear (Postmark's Basic
    /// `Authorization`), which are not stored: it tells two of them apart and lets a release re-verify them.
    QByteArray credentialHmac;

    bool valid() const { return outcome == Outcome::Valid; }
    /** Whether the listener accepts the request (answers 2xx). */
    bool accepted() const { return outcome == Outcome::Valid || outcome == Outcome::NotChecked; }
    int httpStatus() const;
    /** The plain-text answer body for a refused request ("missing headers", ...). */
    QByteArray responseText() const;
    /** "verified", "failed" or "unverified". */
    QString statusWord() const;
    QJsonObject toJson() const;
    /**
     * The same object as toJson(), as CBOR: what the store keeps with each delivery, written once per
     * request, and about six times cheaper to write than building a QJsonObject. When the canonical
     * text ends with `omittedSuffix` (the body), only what precedes it is written, as "canonicalPrefix".
     */
    QByteArray toCbor(QByteArrayView omittedSuffix = {}) const;
    /**
     * Keeps the start and the end of a canonical string longer than `limit` bytes, with a marker saying how much
     * was left out between them: what is stored with every delivery must not repeat a 25 MB body.
     */
    void abbreviateCanonical(qsizetype limit);
    qint64 canonicalSize = -1; ///< the full size when the canonical string was abbreviated
    static QString outcomeCode(Outcome outcome);
};

} // namespace hookscope::verify
