// A message/rfc822 body (adapter "raw-mime"): the email as it was sent.

#include "common.h"

#include "core/email/mimeparser.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

class RawMimeAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"raw-mime"_s; }
    bool detect(PayloadContext& c) const override
    {
        const QByteArray& type = c.mediaType();
        if (type == "message/rfc822")
            return true;
        // Raw MIME posted without the right content type still reads as raw MIME.
        return (type.isEmpty() || type == "text/plain" || type == "application/octet-stream")
            && looksLikeMime(c.request().body);
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        auto m = parseMime(c.request().body, options);
        if (m)
            m->adapter = name();
        return m;
    }
};

} // namespace

const PayloadAdapter& rawMimeAdapter()
{
    static const RawMimeAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
