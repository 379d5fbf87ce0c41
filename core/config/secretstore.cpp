#include "secretstore.h"

#include "config.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hookscope::config {

namespace {

const QString kService = u"hookscope"_s;

/** Runs a QtKeychain job to completion (it needs an event loop); gives up after 5 s. */
template<typename Job> bool runJob(Job& job, bool& unavailable)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(5'000, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    // A bus without a Secret Service (or one that never answers) is no keyring: the file takes over.
    unavailable = !finished || job.error() == QKeychain::NoBackendAvailable;
    return finished && job.error() == QKeychain::NoError;
}

/** Writes `bytes` to `path` through a 0600 temporary file renamed over it. */
Result<void> writePrivate(const QString& path, const QByteArray& bytes)
{
    const QByteArray tmp = QFile::encodeName(path + u".tmp"_s);
    const int fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(u"%1: cannot write (%2)"_s.arg(path, QString::fromLocal8Bit(strerror(errno))));
    ::fchmod(fd, 0600); // whatever the umask, or a leftover temporary, said
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0) {
            ::close(fd);
            ::unlink(tmp.constData());
            return fail(u"%1: write failed"_s.arg(path));
        }
        done += n;
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.constData(), QFile::encodeName(path).constData()) != 0) {
        ::unlink(tmp.constData());
        return fail(u"%1: cannot replace the file"_s.arg(path));
    }
    return {};
}

} // namespace

SecretStore::SecretStore(const QString& directory)
    : m_directory(directory.isEmpty() ? configDirectory() : directory)
    , m_backend(chooseBackend())
{
    QDir().mkpath(m_directory);
}

SecretStore::Backend SecretStore::chooseBackend()
{
    const QByteArray forced = qgetenv("HOOKSCOPE_SECRETS_BACKEND").trimmed().toLower();
    if (forced == "file")
        return Backend::File;
    if (forced == "keyring")
        return Backend::Keyring;
    // No session bus means no Secret Service: decide at once instead of waiting for a D-Bus timeout.
    return qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") ? Backend::File : Backend::Keyring;
}

QString SecretStore::backendName() const
{
    return m_backend == Backend::Keyring ? u"keyring"_s : u"file (%1)"_s.arg(filePath());
}

QString SecretStore::filePath() const
{
    return m_directory + u"/secrets.json"_s;
}

QString SecretStore::key(const QString& route, const QString& name)
{
    return name.isEmpty() ? route : route + u'/' + name;
}

Result<QJsonObject> SecretStore::readFile() const
{
    QFile f(filePath());
    if (!f.exists())
        return QJsonObject();
    if (!f.open(QIODevice::ReadOnly))
        return fail(u"%1: %2"_s.arg(filePath(), f.errorString()));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject())
        return fail(u"%1 is damaged: %2"_s.arg(filePath(), err.errorString()));
    return doc.object().value(u"secrets"_s).toObject();
}

Result<void> SecretStore::writeFile(const QJsonObject& entries) const
{
    QJsonObject root { { u"secrets"_s, entries } };
    return writePrivate(filePath(), QJsonDocument(root).toJson(QJsonDocument::Indented));
}

// The keyring cannot list its entries, so their names (never values) are kept beside the configuration.
Result<QStringList> SecretStore::readIndex() const
{
    QFile f(m_directory + u"/secret-names.json"_s);
    if (!f.exists())
        return QStringList();
    if (!f.open(QIODevice::ReadOnly))
        return fail(f.errorString());
    QStringList out;
    for (const QJsonValue& v : QJsonDocument::fromJson(f.readAll()).array())
        out << v.toString();
    return out;
}

Result<void> SecretStore::writeIndex(const QStringList& keys) const
{
    return writePrivate(
        m_directory + u"/secret-names.json"_s, QJsonDocument(QJsonArray::fromStringList(keys)).toJson());
}

Result<void> SecretStore::set(const QString& key, const QByteArray& value)
{
    if (key.isEmpty())
        return fail(u"a secret needs a route name"_s);
    if (m_backend == Backend::File) {
        auto entries = readFile();
        if (!entries)
            return fail(entries.error());
        entries->insert(key, QString::fromLatin1(value.toBase64()));
        return writeFile(*entries);
    }
    QKeychain::WritePasswordJob job(kService);
    job.setKey(key);
    job.setBinaryData(value);
    bool unavailable = false;
    if (!runJob(job, unavailable) && unavailable) {
        m_backend = Backend::File;
        return set(key, value);
    }
    if (job.error() != QKeychain::NoError)
        return fail(
            u"keyring: %1 (set HOOKSCOPE_SECRETS_BACKEND=file to use the secrets file)"_s.arg(job.errorString()));
    auto index = readIndex();
    if (!index)
        return fail(index.error());
    if (!index->contains(key)) {
        index->append(key);
        index->sort();
        return writeIndex(*index);
    }
    return {};
}

Result<QByteArray> SecretStore::get(const QString& key) const
{
    if (m_backend == Backend::File) {
        auto entries = readFile();
        if (!entries)
            return fail(entries.error());
        if (!entries->contains(key))
            return fail(u"no secret named \"%1\""_s.arg(key));
        return QByteArray::fromBase64(entries->value(key).toString().toLatin1());
    }
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(key);
    bool unavailable = false;
    if (!runJob(job, unavailable)) {
        if (unavailable) {
            m_backend = Backend::File;
            return get(key);
        }
        if (job.error() == QKeychain::EntryNotFound)
            return fail(u"no secret named \"%1\""_s.arg(key));
        return fail(u"keyring: %1"_s.arg(job.errorString()));
    }
    return job.binaryData();
}

Result<void> SecretStore::remove(const QString& key)
{
    if (m_backend == Backend::File) {
        auto entries = readFile();
        if (!entries)
            return fail(entries.error());
        if (!entries->contains(key))
            return fail(u"no secret named \"%1\""_s.arg(key));
        entries->remove(key);
        return writeFile(*entries);
    }
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(key);
    bool unavailable = false;
    if (!runJob(job, unavailable) && unavailable) {
        m_backend = Backend::File;
        return remove(key);
    }
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return fail(u"keyring: %1"_s.arg(job.errorString()));
    auto index = readIndex();
    if (!index)
        return fail(index.error());
    index->removeAll(key);
    return writeIndex(*index);
}

Result<QStringList> SecretStore::keys() const
{
    if (m_backend == Backend::File) {
        auto entries = readFile();
        if (!entries)
            return fail(entries.error());
        return entries->keys();
    }
    return readIndex();
}

Result<QList<QByteArray>> SecretStore::routeSecrets(const QString& route, const QStringList& names) const
{
    QStringList wanted = names;
    if (wanted.isEmpty()) {
        auto all = keys();
        if (!all)
            return fail(all.error());
        if (all->contains(route))
            wanted << route;
        for (const QString& k : *all) {
            if (k.startsWith(route + u'/'))
                wanted << k;
        }
    }
    QList<QByteArray> out;
    for (const QString& k : wanted) {
        auto value = get(k);
        if (!value && !k.contains(u'/') && k != route)
            value = get(key(route, k)); // a name relative to the route
        if (!value)
            return fail(u"route \"%1\": %2"_s.arg(route, value.error()));
        out << *value;
    }
    return out;
}

} // namespace hookscope::config
