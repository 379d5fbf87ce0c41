// Request framing fed in arbitrary splits: never crashes, never loses or invents a byte.
//
// Input: the first two bytes seed the split sizes, the rest is the byte stream of one connection.

#include "core/http/requestframer.h"

#include <cstdint>
#include <cstdlib>

using namespace hookscope;
using namespace hookscope::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    quint32 state = quint32(data[0]) << 8 | data[1];
    const QByteArray stream(reinterpret_cast<const char*>(data + 2), qsizetype(size - 2));

    Limits limits;
    limits.maxHeaderBytes = 2048;
    limits.maxBodyBytes = 4096;
    RequestFramer framer(limits);
    QByteArray pending;
    qsizetype at = 0;
    qsizetype consumed = 0; // stream bytes the finished requests account for
    while (at < stream.size()) {
        state = state * 1103515245u + 12345u;
        const qsizetype piece = 1 + qsizetype((state >> 16) % 64);
        pending += stream.mid(at, piece);
        at += piece;
        for (;;) {
            const qsizetype used = framer.feed(pending.constData(), pending.size());
            if (used < 0 || used > pending.size())
                std::abort();
            pending.remove(0, used);
            if (framer.state() == RequestFramer::State::Error) {
                // What was kept of a refused head is a prefix of what arrived.
                const QByteArray head = framer.rawHead();
                if (stream.mid(consumed, head.size()) != head)
                    std::abort();
                return 0;
            }
            if (framer.state() != RequestFramer::State::Complete)
                break;
            Delivery d;
            framer.fill(d);
            // The exact bytes: the request as stored is the stream slice it came from.
            const QByteArray raw = d.raw();
            if (stream.mid(consumed, raw.size()) != raw || d.rawHead.size() > limits.maxHeaderBytes
                || d.body.size() > limits.maxBodyBytes)
                std::abort();
            consumed += raw.size();
            (void)d.path();
            (void)d.header("content-type");
            framer.reset();
        }
    }
    if (framer.headerParsed()) {
        Delivery d;
        framer.fill(d);
        (void)framer.rawSoFar(1024);
    }
    return 0;
}
