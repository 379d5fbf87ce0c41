#include "outgoingrequest.h"

namespace hookscope::replay {

QByteArray OutgoingRequest::head() const
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\n";
    for (const auto& h : headers)
        out += h.name + ": " + h.value + "\r\n";
    out += "\r\n";
    return out;
}

} // namespace hookscope::replay
