// Payload adapters: event JSON, raw MIME (message/rfc822), multipart/form-data, urlencoded.
//
// Input: a Content-Type line, then the body. Never crashes, whatever the bytes.

#include "core/email/payload.h"

#include <cstdint>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const qsizetype eol = input.indexOf('\n');
    const QByteArray contentType = eol < 0 ? QByteArray() : input.left(eol).trimmed();
    const QByteArray body = eol < 0 ? input : input.mid(eol + 1);
    (void)email::detectPayload(contentType, body);
    const auto parsed = email::parsePayload(contentType, body);
    if (parsed) {
        for (const auto& a : parsed->attachments)
            (void)a.data.size();
    }
    return 0;
}
