#pragma once

#include "core/http/delivery.h"

#include <QByteArray>
#include <QList>

namespace hookscope::verify {
class Scheme;
struct Verdict;
} // namespace hookscope::verify

namespace hookscope::ingest {

/** A credential as it is shown and stored: its auth-scheme token kept, the rest hidden ("Basic ***"; "***"). */
QByteArray redactedCredential(QByteArrayView value);

/**
 * A raw request head with the value of every field called one of `names` (case-insensitive, repeats and folded
 * continuation lines included) replaced by redactedCredential(); every other byte unchanged. A head cut short
 * (a refused request) is redacted as far as it goes.
 */
QByteArray redactHeadFields(const QByteArray& head, const QList<QByteArray>& names);

/**
 * Keeps the credentials the scheme checks (Scheme::credentialHeaders()) out of what is stored: the head and the
 * parsed headers get redactedCredential(), and the verdict the keyed hash (HMAC-SHA256 under `key`) of what
 * verification compared, so two credentials can be told apart and a release can re-verify. Call it after
 * verification, before the delivery is handed to the writer.
 */
void protectCredentials(
    http::Delivery& delivery, verify::Verdict& verdict, const verify::Scheme& scheme, QByteArrayView key);

/** The keyed hash protectCredentials() stores for `digestInput` (lower-case hex). */
QByteArray credentialHmac(QByteArrayView key, QByteArrayView digestInput);

} // namespace hookscope::ingest
