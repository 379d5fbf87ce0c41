#include "openssl.h"

using namespace Qt::StringLiterals;

namespace hookscope::ossl {

Result<bool> verifyWith(EVP_PKEY* key, const EVP_MD* md, QByteArrayView message, QByteArrayView signature)
{
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1)
        return fail(u"cannot set up signature verification"_s);
    const int rc = EVP_DigestVerify(
        ctx.get(), bytes(signature), size_t(signature.size()), bytes(message), size_t(message.size()));
    return rc == 1;
}

Result<QByteArray> signWith(EVP_PKEY* key, const EVP_MD* md, QByteArrayView message)
{
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key) != 1)
        return fail(u"cannot set up signing"_s);
    size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, bytes(message), size_t(message.size())) != 1)
        return fail(u"signing failed"_s);
    QByteArray out(qsizetype(len), Qt::Uninitialized);
    if (EVP_DigestSign(
            ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, bytes(message), size_t(message.size()))
        != 1)
        return fail(u"signing failed"_s);
    out.truncate(qsizetype(len));
    return out;
}

} // namespace hookscope::ossl
