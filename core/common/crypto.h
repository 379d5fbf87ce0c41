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

/**
 * Ends the calling thread's use of OpenSSL now: frees its cached HMAC contexts and OpenSSL's own state for
 * the thread (OPENSSL_thread_stop). A worker thread that may have used OpenSSL calls it last, after the
 * objects that use OpenSSL on it are gone. Qt starts its threads detached: QThread::wait() returns before
 * the thread's thread-local destructors have run, so without this they could still be running when `main`
 * returns and race with OpenSSL's exit-time cleanup (a double free, seen under AddressSanitizer). Later use
 * on the same thread still works and simply sets the state up again.
 */
void endThreadUse();

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
