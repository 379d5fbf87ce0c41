#pragma once

// tests/tools/guide_receiver.py (a receiver that follows the webhook guide, or a variant that breaks one rule) for
// the tests of `hookscope check` and of the window's Check an endpoint….

#include "testwait.h"

#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTest>

namespace hookscope::test {

/** guide_receiver.py on a loopback port it chose itself, once it said it listens; killed with this object. */
class GuideReceiver {
public:
    ~GuideReceiver()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    /** Starts it with `secret` and `extra` (--break RULE, --hostile); false when it did not say it listens. */
    bool start(const QString& secret, const QStringList& extra = {})
    {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            return false;
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(python,
            QStringList { QStringLiteral(HOOKSCOPE_TEST_DATA) + QStringLiteral("/../tools/guide_receiver.py"),
                QStringLiteral("--secret"), secret }
                + extra);
        if (!m_process.waitForStarted(kWaitMs))
            return false;
        QByteArray line;
        const bool ready = QTest::qWaitFor(
            [&] {
                line += m_process.readAllStandardOutput();
                return line.contains('\n') || m_process.state() == QProcess::NotRunning;
            },
            kWaitMs);
        if (!ready || !line.startsWith("listening "))
            return false;
        m_port = line.mid(10).trimmed().toInt();
        return m_port > 0;
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/webhooks/email").arg(m_port); }

private:
    QProcess m_process;
    int m_port = 0;
};

} // namespace hookscope::test
