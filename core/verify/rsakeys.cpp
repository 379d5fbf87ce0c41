#include "rsakeys.h"

#include "core/common/openssl.h"

#include <QList>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace hookscope::verify::rsa {

namespace {

using ossl::bytes;
using Pkey = ossl::PkeyPtr;
using Bio = ossl::BioPtr;

const EVP_MD* md(crypto::Digest digest)
{
    switch (digest) {
    case crypto::Digest::Sha1:
        return EVP_sha1();
    case crypto::Digest::Sha512:
        return EVP_sha512();
    default:
        return EVP_sha256();
    }
}

Bio memory(QByteArrayView data)
{
    return Bio(BIO_new_mem_buf(data.data(), int(data.size())));
}

QByteArray pemOut(const Bio& bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

Result<Pkey> publicKey(QByteArrayView text)
{
    const QByteArray key = text.trimmed().toByteArray();
    if (key.startsWith("-----BEGIN CERTIFICATE")) {
        auto bio = memory(key);
        ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!cert)
            return fail(u"not a readable PEM certificate"_s);
        Pkey pkey(X509_get_pubkey(cert.get()));
        if (!pkey)
            return fail(u"the certificate carries no usable public key"_s);
        return pkey;
    }
    if (key.startsWith("-----BEGIN RSA PUBLIC KEY")) {
        // PKCS#1: the armour's base64 is an RSAPublicKey structure.
        QByteArray inner;
        for (const QByteArray& line : key.split('\n')) {
            if (!line.trimmed().startsWith("-----"))
                inner += line.trimmed();
        }
        const QByteArray der = QByteArray::fromBase64(inner);
        const unsigned char* p = bytes(der);
        Pkey pkey(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, long(der.size())));
        if (!pkey)
            return fail(u"not a readable PKCS#1 RSA public key"_s);
        return pkey;
    }
    if (key.startsWith("-----BEGIN PUBLIC KEY")) {
        auto bio = memory(key);
        Pkey pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
        if (!pkey)
            return fail(u"not a readable PEM public key"_s);
        return pkey;
    }
    if (key.startsWith("-----BEGIN"))
        return fail(u"a PEM private key or other object where a public key or certificate is expected"_s);
    // Base64 DER, bare or as the `p=` of a DNS record (v=DKIM1; t=s; h=sha256; p=…).
    QByteArray b64 = key;
    const qsizetype p = key.indexOf("p=");
    if (p >= 0 && (p == 0 || key.at(p - 1) == ';' || key.at(p - 1) == ' '))
        b64 = key.mid(p + 2).split(';').first().trimmed();
    b64.replace(' ', "").replace('\n', "").replace('\r', "");
    const auto decoded = QByteArray::fromBase64Encoding(b64, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return fail(u"neither PEM nor base64"_s);
    const unsigned char* q = bytes(decoded.decoded);
    Pkey pkey(d2i_PUBKEY(nullptr, &q, long(decoded.decoded.size())));
    if (!pkey)
        return fail(u"the base64 is not a DER SubjectPublicKeyInfo"_s);
    return pkey;
}

Result<Pkey> privateKey(QByteArrayView pem)
{
    auto bio = memory(pem);
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return fail(u"not a PEM private key"_s);
    if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA)
        return fail(u"the private key is not an RSA key"_s);
    return key;
}

} // namespace

Result<bool> verify(
    QByteArrayView publicKeyText, crypto::Digest digest, QByteArrayView message, QByteArrayView signature)
{
    // The right private key verifies too: its public half is derived.
    const auto derived
        = isPrivateKeyPem(publicKeyText) ? publicKeyPem(publicKeyText) : Result<QByteArray>(QByteArray());
    if (!derived)
        return fail(derived.error());
    auto key = publicKey(derived->isEmpty() ? publicKeyText : QByteArrayView(*derived));
    if (!key)
        return fail(key.error());
    if (EVP_PKEY_base_id(key->get()) != EVP_PKEY_RSA)
        return fail(u"the key is not an RSA key"_s);
    return ossl::verifyWith(key->get(), md(digest), message, signature);
}

Result<QByteArray> sign(QByteArrayView privateKeyPem, crypto::Digest digest, QByteArrayView message)
{
    auto key = privateKey(privateKeyPem);
    if (!key)
        return fail(key.error());
    return ossl::signWith(key->get(), md(digest), message);
}

Result<QByteArray> generate(int bits)
{
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1
        || EVP_PKEY_generate(ctx.get(), &raw) != 1)
        return fail(u"cannot generate an RSA key"_s);
    Pkey key(raw);
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(u"cannot write the RSA key as PEM"_s);
    return pemOut(bio);
}

Result<QByteArray> publicKeyPem(QByteArrayView privateKeyPem)
{
    auto key = privateKey(privateKeyPem);
    if (!key)
        return fail(key.error());
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key->get()) != 1)
        return fail(u"cannot write the public key"_s);
    return pemOut(bio);
}

Result<QByteArray> selfSignedCertificate(QByteArrayView privateKeyPem, const QByteArray& commonName)
{
    auto key = privateKey(privateKeyPem);
    if (!key)
        return fail(key.error());
    ossl::X509Ptr cert(X509_new());
    if (!cert)
        return fail(u"cannot make a certificate"_s);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
    X509_set_pubkey(cert.get(), key->get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, bytes(commonName), int(commonName.size()), -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key->get(), EVP_sha256()) == 0)
        return fail(u"cannot sign the certificate"_s);
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1)
        return fail(u"cannot write the certificate"_s);
    return pemOut(bio);
}

bool isPrivateKeyPem(QByteArrayView text)
{
    const QByteArray t = text.trimmed().toByteArray();
    return t.startsWith("-----BEGIN") && t.contains("PRIVATE KEY-----");
}

} // namespace hookscope::verify::rsa
