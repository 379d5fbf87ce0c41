#pragma once

#include <QByteArray>
#include <QByteArrayView>

struct evp_md_ctx_st;

namespace hookscope::crypto {

enum class Digest { Sha1, Sha256, Sha384, Sha512 };

/** HMAC through OpenSSL. */
QByteArray hmac(Digest digest, QByteArrayView key, QByteArrayView data);
QByteArray sha256(QByteArrayView data);
/** Constant-time comparison (CRYPTO_memcmp); false when the sizes differ. */
bool equalConstantTime(QByteArrayView a, QByteArrayView b);
/** Lower-case hex of SHA-256. */
QByteArray sha256Hex(QByteArrayView data);

/** SHA-256 of bytes that come a piece at a time, so they need not be held whole. */
class Sha256Stream final {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;

    void update(QByteArrayView data);
    /** Starts over, forgetting what was hashed. */
    void reset();
    /** Lower-case hex of the digest of everything since the start (or the last reset). */
    QByteArray hexDigest();

private:
    evp_md_ctx_st* m_ctx;
};

} // namespace hookscope::crypto
