#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QByteArrayView>

// Public-key signatures through OpenSSL EVP: Ed25519 (Standard Webhooks v1a) and ECDSA P-256 (SendGrid).
namespace hookscope::verify::asymmetric {

/** Whether `signature` (64 bytes) is `publicKey`'s (32 raw bytes) Ed25519 signature of `message`. */
Result<bool> ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);
/** Signs with a raw Ed25519 private key: the 32-byte seed, or the 64-byte seed+public form. */
Result<QByteArray> ed25519Sign(QByteArrayView privateKey, QByteArrayView message);
Result<QByteArray> ed25519PublicKey(QByteArrayView privateKey);

/** Whether `derSignature` verifies `message` (SHA-256) under an EC key given as DER SubjectPublicKeyInfo. */
Result<bool> ecdsaVerify(QByteArrayView spkiDer, QByteArrayView message, QByteArrayView derSignature);
/** DER ECDSA signature (SHA-256) with a PEM private key. */
Result<QByteArray> ecdsaSign(QByteArrayView privateKeyPem, QByteArrayView message);

/** `count` bytes from OpenSSL's CSPRNG. */
QByteArray randomBytes(qsizetype count);
/** A new Ed25519 private key: its 32-byte seed. */
QByteArray ed25519Generate();
/** A new ECDSA P-256 private key, PEM (PKCS#8). */
Result<QByteArray> ecGenerateP256();
/** The public half of a PEM EC private key, as base64 DER SubjectPublicKeyInfo (SendGrid's "verification key"). */
Result<QByteArray> ecPublicKeyBase64(QByteArrayView privateKeyPem);

} // namespace hookscope::verify::asymmetric
