#include "portprobe.h"

#include <QTcpServer>

namespace hookscope::http {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

quint16 freePortNear(quint16 wanted)
{
    for (quint16 p = wanted; p != 0 && p < wanted + 50; ++p) {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, p))
            return p;
    }
    return freePort();
}

} // namespace hookscope::http
