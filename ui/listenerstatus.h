#pragma once

#include "listenercontrol.h"

#include <QObject>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QStatusBar;
class QWidget;

namespace hookscope::ui {

/**
 * What the window says about the embedded listener: its URLs and certificate fingerprint in the status bar
 * (click to copy), and a banner when it is not receiving, offering free ports to listen on instead.
 */
class ListenerStatus final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerStatus)
public:
    /** `listener` may be null (nothing listening); the URL buttons go into `bar`, the banner is for the caller to
     * place. */
    ListenerStatus(ListenerControl* listener, QStatusBar* bar, QWidget* window);

    /** The banner saying why webhooks are not received (hidden while all is well). */
    QWidget* banner() const { return m_banner; }
    /** Makes the URLs and the banner current (after a restart, or at start); `updated` follows. */
    void update();

Q_SIGNALS:
    /** The listener's state as just shown. */
    void updated(const hookscope::ui::ListenerState& state);

private:
    void listenElsewhere();

    ListenerControl* m_listener;
    QStatusBar* m_bar;
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_bannerButton = nullptr;
    QWidget* m_urlButtons = nullptr;
    QHBoxLayout* m_urlLayout = nullptr;
};

} // namespace hookscope::ui
