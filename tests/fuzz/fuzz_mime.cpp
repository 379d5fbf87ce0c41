// The MIME parser and part tree (GMime), the transfer and charset decoders, the event JSON writer.
//
// Input: raw MIME. Never crashes; every attachment it reports can be fetched back by its part path.

#include "core/email/decoding.h"
#include "core/email/eventjson.h"
#include "core/email/headerdecode.h"
#include "core/email/mimeparser.h"

#include <cstdint>
#include <cstdlib>

using namespace hookscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto message = email::parseMime(raw);
    if (message) {
        (void)email::toEventJson(*message, true);
        for (const auto& a : message->attachments) {
            if (!a.partPath.isEmpty() && !email::mimePartData(raw, a.partPath))
                std::abort();
        }
    }
    // The decoders on their own, with the first line as the encoding or charset name.
    const qsizetype eol = raw.indexOf('\n');
    const QByteArrayView name = eol < 0 ? QByteArrayView() : QByteArrayView(raw).first(eol);
    const QByteArrayView rest = eol < 0 ? QByteArrayView(raw) : QByteArrayView(raw).sliced(eol + 1);
    (void)email::decodeTransfer(rest, name);
    (void)email::decodeBase64Lenient(rest);
    (void)email::decodeQuotedPrintable(rest);
    (void)email::decodeCharset(rest, name);
    (void)email::decodeUnstructured(rest);
    return 0;
}
