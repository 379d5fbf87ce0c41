#include "crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <vector>

namespace hookscope::crypto {

namespace {

const char* digestName(Digest digest)
{
    switch (digest) {
    case Digest::Sha1:
        return "SHA1";
    case Digest::Sha256:
        return "SHA256";
    case Digest::Sha384:
        return "SHA384";
    case Digest::Sha512:
        return "SHA512";
    }
    return "SHA256";
}

/**
 * OpenSSL 3 looks an algorithm up by name (under a lock) on every one-shot call such as HMAC() or
 * EVP_Digest(EVP_sha256()); for a 2 KB webhook that lookup costs more than the hashing. The fetched
 * algorithm is kept instead, and for HMAC a context per key: re-initialising it without a key starts
 * again from the key's already hashed pads.
 */
struct MacCache {
    struct Entry {
        Digest digest;
        QByteArray key;
        EVP_MAC_CTX* ctx;
    };
    EVP_MAC* mac = nullptr;
    std::vector<Entry> entries;

    ~MacCache() { release(); }
    void release()
    {
        clear();
        EVP_MAC_free(mac);
        mac = nullptr;
    }
    void clear()
    {
        for (auto& e : entries) {
            EVP_MAC_CTX_free(e.ctx);
            OPENSSL_cleanse(e.key.data(), size_t(e.key.size()));
        }
        entries.clear();
    }
    EVP_MAC_CTX* context(Digest digest, QByteArrayView key)
    {
        for (auto& e : entries) {
            if (e.digest == digest && e.key == key)
                return EVP_MAC_init(e.ctx, nullptr, 0, nullptr) ? e.ctx : nullptr;
        }
        // Routes hold a handful of secrets; a thread that sees many more (the diagnosis trying variants)
        // starts the cache over instead of growing it.
        constexpr size_t kMaxEntries = 32;
        if (entries.size() >= kMaxEntries)
            clear();
        if (!mac)
            mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        EVP_MAC_CTX* ctx = mac ? EVP_MAC_CTX_new(mac) : nullptr;
        if (!ctx)
            return nullptr;
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string("digest", const_cast<char*>(digestName(digest)), 0),
            OSSL_PARAM_construct_end(),
        };
        static const unsigned char empty = 0;
        const auto* keyData = key.isEmpty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
        if (!EVP_MAC_init(ctx, keyData, size_t(key.size()), params)) {
            EVP_MAC_CTX_free(ctx);
            return nullptr;
        }
        entries.push_back({ digest, key.toByteArray(), ctx });
        return ctx;
    }
};

const EVP_MD* sha256Digest()
{
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

MacCache& threadMacCache()
{
    thread_local MacCache cache;
    return cache;
}

} // namespace

QByteArray hmac(Digest digest, QByteArrayView key, QByteArrayView data)
{
    EVP_MAC_CTX* ctx = threadMacCache().context(digest, key);
    if (!ctx)
        return {};
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (!data.isEmpty()
        && !EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size())))
        return {};
    if (!EVP_MAC_final(ctx, out, &len, sizeof out))
        return {};
    return QByteArray(reinterpret_cast<const char*>(out), qsizetype(len));
}

QByteArray sha256(QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), size_t(data.size()), out, &len, sha256Digest(), nullptr);
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}

QByteArray sha256Hex(QByteArrayView data)
{
    return sha256(data).toHex();
}

void endThreadUse()
{
    threadMacCache().release();
    OPENSSL_thread_stop();
}

Sha256Stream::Sha256Stream()
    : m_ctx(EVP_MD_CTX_new())
{
    reset();
}

Sha256Stream::~Sha256Stream()
{
    EVP_MD_CTX_free(m_ctx);
}

void Sha256Stream::update(QByteArrayView data)
{
    if (!data.isEmpty())
        EVP_DigestUpdate(m_ctx, data.data(), size_t(data.size()));
}

void Sha256Stream::reset()
{
    EVP_DigestInit_ex(m_ctx, sha256Digest(), nullptr);
}

QByteArray Sha256Stream::hexDigest()
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_ctx, out, &len);
    return QByteArray(reinterpret_cast<const char*>(out), int(len)).toHex();
}

bool equalConstantTime(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

} // namespace hookscope::crypto
