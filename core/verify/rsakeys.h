#pragma once

#include "core/common/crypto.h"
#include "core/common/result.h"

#include <QByteArray>
#include <QByteArrayView>

// RSA PKCS#1 v1.5 signatures through OpenSSL EVP (Postal, Amazon SNS), and the key forms those providers publish.
namespace hookscope::verify::rsa {

/**
 * Whether `signature` is the RSA PKCS#1 v1.5 signature of `message` (with `digest`) under `publicKey`: a PEM
 * certificate, a PEM public key (SubjectPublicKeyInfo or PKCS#1), base64 DER SubjectPublicKeyInfo, or a DKIM-style
 * record carrying it as `p=…`. An error says why the key cannot be used.
 */
Result<bool> verify(QByteArrayView publicKey, crypto::Digest digest, QByteArrayView message, QByteArrayView signature);
/** Signs with a PEM RSA private key. */
Result<QByteArray> sign(QByteArrayView privateKeyPem, crypto::Digest digest, QByteArrayView message);
/** A new RSA private key (PEM, PKCS#8). */
Result<QByteArray> generate(int bits = 2048);
/** The public half of a PEM RSA private key, as PEM SubjectPublicKeyInfo. */
Result<QByteArray> publicKeyPem(QByteArrayView privateKeyPem);
/** A self-signed certificate (PEM) for the key, valid for a year: what tests stand in for a provider's with. */
Result<QByteArray> selfSignedCertificate(QByteArrayView privateKeyPem, const QByteArray& commonName);
/** Whether `text` looks like a PEM private key (for the schemes that sign only with one of your own). */
bool isPrivateKeyPem(QByteArrayView text);

} // namespace hookscope::verify::rsa
