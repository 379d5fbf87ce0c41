#include "blobfiles.h"

#include "core/common/crypto.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace hookscope::email {

QString blobFilePath(const QString& databasePath, const QString& sha256)
{
    return databasePath + u".blobs/"_s + sha256.left(2) + u'/' + sha256;
}

Result<void> writeBlobFile(const QString& databasePath, const QString& sha256, const QByteArray& data)
{
    const QString path = blobFilePath(databasePath, sha256);
    const QFileInfo info(path);
    if (info.exists() && info.size() == data.size())
        return {};
    if (!QDir().mkpath(info.absolutePath()))
        return fail(u"cannot create %1"_s.arg(info.absolutePath()));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fail(u"cannot write %1: %2"_s.arg(path, f.errorString()));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (f.write(data) != data.size() || !f.commit())
        return fail(u"cannot write %1: %2"_s.arg(path, f.errorString()));
    return {};
}

Result<QByteArray> readBlobFile(const QString& databasePath, const QString& sha256)
{
    QFile f(blobFilePath(databasePath, sha256));
    if (!f.open(QIODevice::ReadOnly))
        return fail(u"attachment %1 is not in the store"_s.arg(sha256));
    QByteArray data = f.readAll();
    if (QString::fromLatin1(crypto::sha256Hex(data)) != sha256)
        return fail(u"attachment file %1 is damaged"_s.arg(f.fileName()));
    return data;
}

} // namespace hookscope::email
