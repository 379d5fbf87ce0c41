#include "asymmetric.h"

#include "core/common/openssl.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace hookscope::verify::asymmetric {

namespace {

using ossl::bytes;
using ossl::signWith;
using ossl::verifyWith;
using Pkey = ossl::PkeyPtr;
using MdCtx = ossl::MdCtxPtr;

Result<Pkey> edPrivate(QByteArrayView privateKey)
{
    if (privateKey.size() != 32 && privateKey.size() != 64)
        return fail(
            u"an Ed25519 private key is 32 bytes (or 64 with its public half), not %1"_s.arg(privateKey.size()));
    Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(privateKey), 32));
    if (!key)
        return fail(u"not a usable Ed25519 private key"_s);
    return key;
}

} // namespace

Result<bool> ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    if (publicKey.size() != 32)
        return fail(u"an Ed25519 public key is 32 bytes, not %1"_s.arg(publicKey.size()));
    Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(publicKey), 32));
    if (!key)
        return fail(u"not a usable Ed25519 public key"_s);
    if (signature.size() != 64)
        return false;
    return verifyWith(key.get(), nullptr, message, signature);
}

Result<QByteArray> ed25519Sign(QByteArrayView privateKey, QByteArrayView message)
{
    auto key = edPrivate(privateKey);
    if (!key)
        return fail(key.error());
    return signWith(key->get(), nullptr, message);
}

Result<QByteArray> ed25519PublicKey(QByteArrayView privateKey)
{
    auto key = edPrivate(privateKey);
    if (!key)
        return fail(key.error());
    QByteArray out(32, Qt::Uninitialized);
    size_t len = 32;
    if (EVP_PKEY_get_raw_public_key(key->get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1)
        return fail(u"cannot derive the Ed25519 public key"_s);
    return out;
}

Result<bool> ecdsaVerify(QByteArrayView spkiDer, QByteArrayView message, QByteArrayView derSignature)
{
    const unsigned char* p = bytes(spkiDer);
    Pkey key(d2i_PUBKEY(nullptr, &p, long(spkiDer.size())));
    if (!key)
        return fail(u"the verification key is not a DER SubjectPublicKeyInfo"_s);
    if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_EC)
        return fail(u"the verification key is not an elliptic-curve key"_s);
    return verifyWith(key.get(), EVP_sha256(), message, derSignature);
}

Result<QByteArray> ecdsaSign(QByteArrayView privateKeyPem, QByteArrayView message)
{
    ossl::BioPtr bio(BIO_new_mem_buf(privateKeyPem.data(), int(privateKeyPem.size())));
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return fail(u"not a PEM private key"_s);
    if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_EC)
        return fail(u"the private key is not an elliptic-curve key"_s);
    return signWith(key.get(), EVP_sha256(), message);
}

QByteArray randomBytes(qsizetype count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(count)) != 1)
        qFatal("OpenSSL's random generator failed");
    return out;
}

QByteArray ed25519Generate()
{
    return randomBytes(32);
}

Result<QByteArray> ecGenerateP256()
{
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1
        || EVP_PKEY_generate(ctx.get(), &raw) != 1)
        return fail(u"cannot generate an EC P-256 key"_s);
    Pkey key(raw);
    ossl::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(u"cannot write the EC key as PEM"_s);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

Result<QByteArray> ecPublicKeyBase64(QByteArrayView privateKeyPem)
{
    ossl::BioPtr bio(BIO_new_mem_buf(privateKeyPem.data(), int(privateKeyPem.size())));
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return fail(u"not a PEM private key"_s);
    if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_EC)
        return fail(u"the private key is not an elliptic-curve key"_s);
    unsigned char* der = nullptr;
    const int size = i2d_PUBKEY(key.get(), &der);
    if (size <= 0)
        return fail(u"cannot write the public key"_s);
    const QByteArray out = QByteArray(reinterpret_cast<const char*>(der), size).toBase64();
    OPENSSL_free(der);
    return out;
}

} // namespace hookscope::verify::asymmetric
