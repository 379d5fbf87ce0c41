#include "mailparsescheme.h"
#include "scheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

Result<Signed> Scheme::sign(const SignInput&) const
{
    return fail(u"the %1 scheme cannot sign requests"_s.arg(name()));
}

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
