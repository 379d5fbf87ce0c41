#include "evidence.h"

#include "schemesupport.h"

namespace hookscope::verify {

QByteArray MacEvidence::signatureFor(QByteArrayView key, QByteArrayView content) const
{
    return prefix + support::encode(crypto::hmac(digest, key, content), encoding);
}

bool matchMac(const MacEvidence& mac, Verdict& verdict)
{
    // The scheme has usually computed the first key's signature already (the verdict shows it): not again.
    const bool haveFirst = !verdict.expected.isEmpty() && verdict.canonical == mac.canonical;
    verdict.canonical = mac.canonical;
    if (!mac.keys.isEmpty() && !haveFirst)
        verdict.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    verdict.received = mac.received.join(' ');
    for (int i = 0; i < mac.keys.size(); ++i) {
        const QByteArray expected = i == 0 ? verdict.expected : mac.signatureFor(mac.keys.at(i), mac.canonical);
        for (const auto& r : mac.received) {
            if (crypto::equalConstantTime(expected, r)) {
                support::setValid(verdict, i);
                verdict.expected = expected;
                return true;
            }
        }
    }
    return false;
}

} // namespace hookscope::verify
