#pragma once

// Starts tests/tools/guide_receiver.py (the webhook guide's receiver, or a variant that breaks one rule) for the
// screenshots of File ▸ Check an endpoint….

#include "seeder.h"

#include <QProcess>
#include <QString>
#include <QStringList>

namespace hookscope::ui::seed {

/** tests/tools/guide_receiver.py on a free loopback port (`extra`: --break RULE); its URL, or empty. */
inline QString startGuideReceiver(QProcess& process, const QString& secret, const QStringList& extra)
{
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(u"python3"_s,
        QStringList {
            QStringLiteral(HOOKSCOPE_SOURCE_DIR) + u"/tests/tools/guide_receiver.py"_s, u"--secret"_s, secret }
            + extra);
    QByteArray line;
    seed::waitUntil(
        [&] {
            line += process.readAllStandardOutput();
            return line.contains('\n') || process.state() == QProcess::NotRunning;
        },
        20'000);
    if (!line.startsWith("listening "))
        return {};
    return u"http://127.0.0.1:%1/webhooks/email"_s.arg(line.mid(10).trimmed().toInt());
}

} // namespace hookscope::ui::seed
