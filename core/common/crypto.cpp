#include "crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace hookscope::crypto {

static const EVP_MD* evpDigest(Digest digest)
{
    switch (digest) {
    case Digest::Sha1:
        return EVP_sha1();
    case Digest::Sha256:
        return EVP_sha256();
    case Digest::Sha384:
        return EVP_sha384();
    case Digest::Sha512:
        return EVP_sha512();
    }
    return EVP_sha256();
}

QByteArray hmac(Digest digest, QByteArrayView key, QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    static const unsigned char empty = 0;
    const auto* keyData = key.isEmpty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
    const auto* msgData = data.isEmpty() ? &empty : reinterpret_cast<const unsigned char*>(data.data());
    if (!HMAC(evpDigest(digest), keyData, int(key.size()), msgData, size_t(data.size()), out, &len))
        return {};
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}

QByteArray sha256(QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), size_t(data.size()), out, &len, EVP_sha256(), nullptr);
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}

QByteArray sha256Hex(QByteArrayView data)
{
    return sha256(data).toHex();
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
