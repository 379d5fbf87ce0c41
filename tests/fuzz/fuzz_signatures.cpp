// Signature header parsing: every scheme's verify() over arbitrary headers and body.
//
// Input: header lines "Name: value" up to a blank line, then the body. Each scheme is run with a
// few secrets (plain, whsec_/base64, user:password), at a fixed and at a fuzzed clock.

#include "core/verify/scheme.h"

#include <cstdint>

using namespace hookscope;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const QStringList names = verify::schemeNames();
    static std::vector<std::unique_ptr<verify::Scheme>> schemes = [] {
        std::vector<std::unique_ptr<verify::Scheme>> list;
        for (const QString& name : verify::schemeNames()) {
            if (auto s = verify::createScheme(name))
                list.push_back(std::move(s));
        }
        return list;
    }();

    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const qsizetype split = input.indexOf("\n\n");
    const QByteArray head = split < 0 ? input : input.left(split);
    verify::Input in;
    in.body = split < 0 ? QByteArray() : input.mid(split + 2);
    for (const QByteArray& line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            in.headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    }
    in.url = u"https://example.com/webhooks/email?x=1"_s;
    in.nowMs = 1'700'000'000'000;
    in.secrets = { "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "user:password" };
    for (const auto& scheme : schemes) {
        const verify::Verdict v = scheme->verify(in);
        (void)v.httpStatus();
        (void)v.responseText();
        (void)v.toJson();
    }
    return 0;
}
