#pragma once

#include "core/common/crypto.h"
#include "verdict.h"

#include <QList>

#include <functional>
#include <optional>

// What verification found, before anything explains it: the verdict, the HMAC it computed, and whether the general
// diagnosis may look further.
namespace hookscope::verify {

namespace support {
enum class Encoding { Hex, Base64 };
/** Two-sided: too old or too far ahead fails. PastOnly: only too old (Stripe's libraries). */
enum class Window { TwoSided, PastOnly };
} // namespace support

/** Another signed content a sender may have used by mistake, and what it means when it matches. */
struct AlternativeContent {
    QString reason;
    QString hint;
    QByteArray content;
};

/** What an HMAC scheme computed, so the diagnosis can try what senders commonly get wrong. */
struct MacEvidence {
    enum class KeyForm {
        Utf8, ///< the secret's bytes are the key
        WhsecBase64, ///< the part after `whsec_` is base64-decoded (Standard Webhooks, Svix, Resend)
    };
    crypto::Digest digest = crypto::Digest::Sha256;
    support::Encoding encoding = support::Encoding::Hex;
    QByteArray prefix; ///< written before the encoded MAC ("sha256=", "v0=")
    QByteArray canonical;
    QList<QByteArray> secrets; ///< as configured
    QList<QByteArray> keys; ///< the key each secret gives
    KeyForm keyForm = KeyForm::Utf8;
    QList<QByteArray> received; ///< each signature value received, with its prefix
    QList<AlternativeContent> alternatives;

    QByteArray signatureFor(QByteArrayView key, QByteArrayView content) const;
};

/**
 * Compares every received value with the MAC of every key; fills canonical, expected (first key), received, and on a
 * match Valid with the secret's index. Returns whether one matched.
 */
bool matchMac(const MacEvidence& mac, Verdict& verdict);

/** A verdict with its evidence: what Scheme::check() concluded, before the diagnosis explains a failure. */
struct Check {
    Verdict verdict;
    /// The HMAC the scheme computed, when it has one: the diagnosis tries the usual mistakes against it.
    std::optional<MacEvidence> mac;
    /// False when the scheme's own reason is the whole story (a key that cannot be used, no public URL): the
    /// diagnosis then leaves the verdict as it is.
    bool explain = true;
    /// Set by a scheme's evidence step when it has already decided (nothing is left to compare).
    bool decided = false;
    /// How the received signature is compared, run after the time window; unset: the MAC evidence is matched.
    std::function<void(Check&)> compare;
};

} // namespace hookscope::verify
