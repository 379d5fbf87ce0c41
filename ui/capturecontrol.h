#pragma once

#include "listenercontrol.h"

#include "core/ingest/captureservice.h"
#include "core/ingest/capturesettings.h"

#include <optional>

namespace hookscope::api {
class LocalApi;
}

namespace hookscope::ui {

/** The local API the window serves beside its capture. */
struct WindowApi {
    bool enabled = true;
    quint16 port = 0; ///< 0: a free one
    QString tokenPath;
    /// A configured port already taken (another Hookscope serving) gives a free one instead of none.
    bool orFreePort = true;
};

/** The window's listener: the same CaptureService `serve` runs, restartable on other ports. */
class CaptureControl final : public ListenerControl {
public:
    /** `settings` as `serve` would use them; `fingerprint` of the TLS identity in them, if any. */
    CaptureControl(ingest::CaptureSettings settings, QString fingerprint, WindowApi api = { false, 0, {}, true });
    ~CaptureControl() override;

    Result<void> start();
    void stop();
    /** What the window was started with: reconfigure() resolves them again (without, it cannot). */
    void setOverrides(ingest::CaptureOverrides overrides) { m_overrides = std::move(overrides); }

    ListenerState state() const override;
    Result<void> restart(quint16 httpPort, quint16 httpsPort) override;
    qint64 changeCounter() const override;
    Result<QStringList> reconfigure() override;
    bool responseRulesEnabled() const override;
    Result<void> setResponseRulesEnabled(bool enabled) override;

private:
    void startApi();

    ingest::CaptureSettings m_settings;
    std::optional<ingest::CaptureOverrides> m_overrides;
    WindowApi m_apiOptions;
    std::unique_ptr<api::LocalApi> m_api;
    QString m_apiError;
    QString m_fingerprint;
    std::unique_ptr<ingest::CaptureService> m_service;
    QList<QUrl> m_urls;
    QString m_error;
    qint64 m_counterBase = 0; ///< keeps the counter rising across restarts
};

} // namespace hookscope::ui
