#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hookscope::config {

/**
 * Where configured secrets live: the system keyring through QtKeychain when a session bus runs, else a 0600 JSON
 * file in the config directory (never QtKeychain's plain-QSettings fallback). HOOKSCOPE_SECRETS_BACKEND=file|keyring
 * forces the choice. Entries are named "ROUTE" or "ROUTE/NAME" (several per route, for rotation).
 */
class SecretStore final {
public:
    enum class Backend { Keyring, File };

    /** `directory` holds the secrets file and the names index; empty: the per-user config directory. */
    explicit SecretStore(const QString& directory = {});

    Backend backend() const { return m_backend; }
    QString backendName() const;
    QString filePath() const;

    Result<void> set(const QString& key, const QByteArray& value);
    Result<QByteArray> get(const QString& key) const;
    Result<void> remove(const QString& key);
    /** Every stored entry's key (never values). */
    Result<QStringList> keys() const;
    /** The values for a route: the entries named in `names`, or when that is empty, "ROUTE" then "ROUTE/…". */
    Result<QList<QByteArray>> routeSecrets(const QString& route, const QStringList& names) const;

    static QString key(const QString& route, const QString& name = {});
    static Backend chooseBackend();

private:
    Result<QJsonObject> readFile() const;
    Result<void> writeFile(const QJsonObject& entries) const;
    Result<QStringList> readIndex() const;
    Result<void> writeIndex(const QStringList& keys) const;

    QString m_directory;
    mutable Backend m_backend; ///< falls back to the file when the keyring turns out to be absent
};

} // namespace hookscope::config
