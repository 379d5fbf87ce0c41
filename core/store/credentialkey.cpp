#include "credentialkey.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

constexpr qsizetype kKeyBytes = 32;

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

QString credentialKeyPath(const QString& storePath)
{
    return storePath + u".credential-key"_s;
}

Result<QByteArray> existingCredentialKey(const QString& storePath)
{
    const QString path = credentialKeyPath(storePath);
    QFile f(path);
    if (!f.exists())
        return fail(u"the store's credential key %1 is missing"_s.arg(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(u"cannot read %1: %2"_s.arg(path, f.errorString()));
    const QByteArray key = f.read(kKeyBytes + 1);
    if (key.size() != kKeyBytes)
        return fail(u"%1 is not a credential key (%2 bytes, not %3)"_s.arg(path).arg(key.size()).arg(kKeyBytes));
    return key;
}

Result<QByteArray> credentialKey(const QString& storePath)
{
    const QString path = credentialKeyPath(storePath);
    if (!QFileInfo::exists(path)) {
        // Written whole under a temporary name (0600 from the start), then linked into place: another process
        // making the key at the same moment either wins or reads the winner's, never half a key.
        QByteArray key(kKeyBytes, Qt::Uninitialized);
        QRandomGenerator::system()->generate(key.begin(), key.end());
        QByteArray temporary = QFile::encodeName(path) + ".XXXXXX";
        const int fd = ::mkstemp(temporary.data());
        if (fd < 0)
            return fail(u"cannot create the store's credential key beside %1: %2"_s.arg(storePath, systemError()));
        const bool written = ::write(fd, key.constData(), size_t(key.size())) == key.size() && ::fsync(fd) == 0;
        const int writeErrno = errno;
        ::close(fd);
        const bool linked
            = written && (::link(temporary.constData(), QFile::encodeName(path).constData()) == 0 || errno == EEXIST);
        const int linkErrno = errno;
        ::unlink(temporary.constData());
        if (!linked) {
            errno = written ? linkErrno : writeErrno;
            return fail(u"cannot create the store's credential key %1: %2"_s.arg(path, systemError()));
        }
    }
    return existingCredentialKey(storePath);
}

} // namespace hookscope::store
