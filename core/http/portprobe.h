#pragma once

#include <QtGlobal>

namespace hookscope::http {

/** A loopback port nothing listens on right now (the system's pick). */
quint16 freePort();
/** The first port from `wanted` on (within 50) that loopback can listen on now, else freePort(). */
quint16 freePortNear(quint16 wanted);

} // namespace hookscope::http
