#include "token.h"

#include "core/common/crypto.h"
#include "core/config/config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace hookscope::api {

QString defaultTokenPath()
{
    return config::dataDirectory() + u"/api-token"_s;
}

Result<QByteArray> loadOrCreateToken(const QString& path)
{
    QFile file(path);
    if (!file.exists()) {
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            return fail(u"cannot make the folder of %1"_s.arg(path));
        QByteArray random(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(
            reinterpret_cast<quint32*>(random.data()), random.size() / qsizetype(sizeof(quint32)));
        const QByteArray token = random.toHex();
        // Made with its permissions in one step: there is no moment when others could open it.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return fail(u"cannot create the API token file %1: %2"_s.arg(path, file.errorString()));
        if (file.write(token + '\n') != token.size() + 1 || !file.flush())
            return fail(u"cannot write the API token file %1: %2"_s.arg(path, file.errorString()));
        file.close();
        return token;
    }
    const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther
        | QFileDevice::WriteOther | QFileDevice::ExeGroup | QFileDevice::ExeOther;
    if (file.permissions() & others)
        return fail(u"the API token file %1 may be read by others: allow its owner only (chmod 600 %1)"_s.arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read the API token file %1: %2"_s.arg(path, file.errorString()));
    const QByteArray token = file.read(4096).trimmed();
    if (token.isEmpty())
        return fail(u"the API token file %1 is empty"_s.arg(path));
    for (const char c : token) {
        // What a header value can carry without folding or quoting (RFC 6750 b64token, and hex).
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && !QByteArray("-._~+/=").contains(c))
            return fail(u"the API token in %1 has characters a bearer token cannot carry"_s.arg(path));
    }
    return token;
}

bool bearerMatches(QByteArrayView authorization, QByteArrayView token)
{
    const QByteArrayView value = authorization.trimmed();
    constexpr QByteArrayView scheme = "bearer ";
    if (token.isEmpty() || value.size() <= scheme.size()
        || value.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return false;
    return crypto::equalConstantTime(value.sliced(scheme.size()).trimmed(), token);
}

} // namespace hookscope::api
