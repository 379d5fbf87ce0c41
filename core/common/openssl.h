#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

/** OpenSSL objects owned by unique_ptr, and one-shot signing and verifying with an EVP key. */
namespace hookscope::ossl {

template<class T, void (*F)(T*)> struct Deleter {
    void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

/** The bytes of `v` as OpenSSL takes them (never null, even when empty). */
inline const unsigned char* bytes(QByteArrayView v)
{
    static const unsigned char empty = 0;
    return v.isEmpty() ? &empty : reinterpret_cast<const unsigned char*>(v.data());
}

/** Whether `signature` is `key`'s over `message` with `md` (null for Ed25519); an error when OpenSSL cannot try. */
Result<bool> verifyWith(EVP_PKEY* key, const EVP_MD* md, QByteArrayView message, QByteArrayView signature);
/** `key`'s signature over `message` with `md` (null for Ed25519). */
Result<QByteArray> signWith(EVP_PKEY* key, const EVP_MD* md, QByteArrayView message);

} // namespace hookscope::ossl
