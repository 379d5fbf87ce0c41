#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace hookscope::crypto {

enum class Digest { Sha1, Sha256, Sha384, Sha512 };

/** HMAC through OpenSSL. */
QByteArray hmac(Digest digest, QByteArrayView key, QByteArrayView data);
QByteArray sha256(QByteArrayView data);
/** Constant-time comparison (CRYPTO_memcmp); false when the sizes differ. */
bool equalConstantTime(QByteArrayView a, QByteArrayView b);
/** Lower-case hex of SHA-256. */
QByteArray sha256Hex(QByteArrayView data);

} // namespace hookscope::crypto
