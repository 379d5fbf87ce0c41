#pragma once

#include "core/common/result.h"

#include <QSslConfiguration>
#include <QString>

namespace hookscope::http {

struct TlsIdentity {
    QString certificatePath;
    QString keyPath;
    QSslConfiguration configuration; ///< server configuration: TLS 1.2 or newer, no client certificates
    QString fingerprintSha256; ///< "AB:CD:…"
};

/**
 * Returns the self-signed identity in `directory` (cert.pem, key.pem), making it on first use:
 * EC P-256, SAN localhost/127.0.0.1/::1, one year, key mode 0600. Creation is atomic and
 * serialized with a lock file, so processes started together never see half a file.
 */
Result<TlsIdentity> ensureSelfSignedIdentity(const QString& directory);
/** Loads the user's own PEM certificate and key (e.g. made by mkcert). */
Result<TlsIdentity> loadIdentity(const QString& certificatePath, const QString& keyPath);

} // namespace hookscope::http
