#pragma once

#include "listenercontrol.h"

#include "core/ingest/captureservice.h"

namespace hookscope::ui {

/** The window's listener: the same CaptureService `serve` runs, restartable on other ports. */
class CaptureControl final : public ListenerControl {
public:
    /** `settings` as `serve` would use them; `fingerprint` of the TLS identity in them, if any. */
    CaptureControl(ingest::CaptureSettings settings, QString fingerprint);
    ~CaptureControl() override;

    Result<void> start();
    void stop();

    ListenerState state() const override;
    Result<void> restart(quint16 httpPort, quint16 httpsPort) override;
    qint64 changeCounter() const override;

private:
    ingest::CaptureSettings m_settings;
    QString m_fingerprint;
    std::unique_ptr<ingest::CaptureService> m_service;
    QList<QUrl> m_urls;
    QString m_error;
    qint64 m_counterBase = 0; ///< keeps the counter rising across restarts
};

} // namespace hookscope::ui
