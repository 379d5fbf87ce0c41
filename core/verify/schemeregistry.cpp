#include "mailparsescheme.h"
#include "scheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

std::unique_ptr<Scheme> createScheme(const QString& name, const QJsonObject& options)
{
    Q_UNUSED(options);
    if (name == u"mailparse"_s)
        return std::make_unique<MailparseScheme>();
    return nullptr;
}

QStringList schemeNames()
{
    return { u"mailparse"_s };
}

} // namespace hookscope::verify
