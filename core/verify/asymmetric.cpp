#include "asymmetric.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace hookscope::verify::asymmetric {

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioFree {
    void operator()(BIO* p) const { BIO_free(p); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const unsigned char* bytes(QByteArrayView v)
{
    static const unsigned char empty = 0;
    return v.isEmpty() ? &empty : reinterpret_cast<const unsigned char*>(v.data());
}

Result<bool> verifyWith(EVP_PKEY* key, const EVP_MD* md, QByteArrayView message, QByteArrayView signature)
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1)
        return fail(u"cannot set up signature verification"_s);
    const int rc = EVP_DigestVerify(
        ctx.get(), bytes(signature), size_t(signature.size()), bytes(message), size_t(message.size()));
    return rc == 1;
}

Result<QByteArray> signWith(EVP_PKEY* key, const EVP_MD* md, QByteArrayView message)
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key) != 1)
        return fail(u"cannot set up signing"_s);
    size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, bytes(message), size_t(message.size())) != 1)
        return fail(u"signing failed"_s);
    QByteArray out(qsizetype(len), Qt::Uninitialized);
    if (EVP_DigestSign(
            ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, bytes(message), size_t(message.size()))
        != 1)
        return fail(u"signing failed"_s);
    out.truncate(qsizetype(len));
    return out;
}

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
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(privateKeyPem.data(), int(privateKeyPem.size())));
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
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1
        || EVP_PKEY_generate(ctx.get(), &raw) != 1)
        return fail(u"cannot generate an EC P-256 key"_s);
    Pkey key(raw);
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(u"cannot write the EC key as PEM"_s);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

Result<QByteArray> ecPublicKeyBase64(QByteArrayView privateKeyPem)
{
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(privateKeyPem.data(), int(privateKeyPem.size())));
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
