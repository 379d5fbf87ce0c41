#pragma once

#include "scheme.h"
#include "schemesupport.h"

// Explains a failed verification as specifically as the evidence allows. Reason codes are listed in
// docs/SIGNATURES.md; they are stable.
namespace hookscope::verify {

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

/** Refines a failed verdict's reason and hints. Does nothing for valid or unchecked verdicts. */
void diagnose(Verdict& verdict, const Scheme& scheme, const Input& input, const MacEvidence* mac = nullptr);

/** The body variants the diagnosis recomputes over: (reason, hint, body). Exposed for tests. */
QList<AlternativeContent> bodyVariants(const QByteArray& body);

} // namespace hookscope::verify
