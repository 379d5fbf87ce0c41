#pragma once

#include "listenercontrol.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace hookscope::ui {

/** What a first run shows instead of an empty list: where to point the provider, the secret, a sample. */
class EmptyState final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyState)
public:
    explicit EmptyState(QWidget* parent = nullptr);
    void setListener(const ListenerState& state);
    void setSendResult(const QString& message, bool ok);
    QPushButton* sendButton() const { return m_send; }
    QStringList shownUrls() const { return m_urls; }

Q_SIGNALS:
    void sendSampleRequested();

private:
    QLabel* m_title;
    QWidget* m_urlBox;
    QVBoxLayout* m_urlLayout;
    QLabel* m_secret;
    QPushButton* m_send;
    QLabel* m_result;
    QStringList m_urls;
};

} // namespace hookscope::ui
