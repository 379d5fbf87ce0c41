#include "certificate.h"

#include "core/common/openssl.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QSslCertificate>
#include <QSslKey>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hookscope::http {

namespace {

using ossl::BioPtr;
using ossl::Deleter;
using ossl::PkeyPtr;
using ossl::X509Ptr;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

QByteArray bioBytes(BIO* bio)
{
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(len));
}

bool addExtension(X509* cert, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

Result<std::pair<QByteArray, QByteArray>> makeSelfSigned()
{
    PkeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return fail(u"could not generate an EC P-256 key"_s);
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Hookscope"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (!addExtension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1")
        || !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(cert.get(), NID_subject_key_identifier, "hash"))
        return fail(u"could not add certificate extensions"_s);
    if (!X509_sign(cert.get(), key.get(), EVP_sha256()))
        return fail(u"could not sign the certificate"_s);

    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(certBio.get(), cert.get());
    PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return std::make_pair(bioBytes(certBio.get()), bioBytes(keyBio.get()));
}

/** Writes `bytes` to a temporary file with `mode`, fsyncs, then renames it over `path`. */
Result<void> writeAtomically(const QString& path, const QByteArray& bytes, mode_t mode)
{
    const QByteArray tmp = QFile::encodeName(path + u".tmp-"_s + QString::number(::getpid()));
    const int fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return fail(u"cannot write %1: %2"_s.arg(path, QString::fromLocal8Bit(strerror(errno))));
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0) {
            ::close(fd);
            ::unlink(tmp.constData());
            return fail(u"cannot write %1"_s.arg(path));
        }
        done += n;
    }
    ::fchmod(fd, mode);
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.constData(), QFile::encodeName(path).constData()) != 0) {
        ::unlink(tmp.constData());
        return fail(u"cannot rename into %1"_s.arg(path));
    }
    return {};
}

} // namespace

Result<TlsIdentity> loadIdentity(const QString& certificatePath, const QString& keyPath)
{
    QFile certFile(certificatePath);
    if (!certFile.open(QIODevice::ReadOnly))
        return fail(u"cannot read certificate %1: %2"_s.arg(certificatePath, certFile.errorString()));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(u"cannot read key %1: %2"_s.arg(keyPath, keyFile.errorString()));
    const auto chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return fail(u"%1 holds no PEM certificate"_s.arg(certificatePath));
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        return fail(u"%1 holds no PEM private key (EC or RSA)"_s.arg(keyPath));

    TlsIdentity id;
    id.certificatePath = certificatePath;
    id.keyPath = keyPath;
    id.configuration = QSslConfiguration::defaultConfiguration();
    id.configuration.setLocalCertificateChain(chain);
    id.configuration.setPrivateKey(key);
    id.configuration.setProtocol(QSsl::TlsV1_2OrLater);
    id.configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    const QByteArray digest = chain.first().digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i < digest.size(); i += 2)
        pairs << QString::fromLatin1(digest.mid(i, 2));
    id.fingerprintSha256 = pairs.join(u':');
    return id;
}

Result<TlsIdentity> ensureSelfSignedIdentity(const QString& directory)
{
    if (!QDir().mkpath(directory))
        return fail(u"cannot create %1"_s.arg(directory));
    const QString certPath = directory + u"/cert.pem"_s;
    const QString keyPath = directory + u"/key.pem"_s;
    QLockFile lock(directory + u"/tls.lock"_s);
    lock.setStaleLockTime(30'000);
    if (!lock.tryLock(20'000))
        return fail(u"timed out waiting for %1/tls.lock"_s.arg(directory));
    if (!QFile::exists(certPath) || !QFile::exists(keyPath)) {
        auto pem = makeSelfSigned();
        if (!pem)
            return fail(pem.error());
        // The key lands first, so a certificate on disk always has its key beside it.
        if (auto r = writeAtomically(keyPath, pem->second, 0600); !r)
            return fail(r.error());
        if (auto r = writeAtomically(certPath, pem->first, 0644); !r)
            return fail(r.error());
    }
    return loadIdentity(certPath, keyPath);
}

} // namespace hookscope::http
