#pragma once

#include "listenercontrol.h"

#include <QObject>

namespace hookscope::ui {

class EmptyState;
class SampleSender;

/**
 * "Send a sample event": posts the sample event (the one `hookscope send --sample` sends), signed with the
 * default route's secret, to the embedded listener, and says in the empty state how it went.
 */
class SampleController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SampleController)
public:
    /** `listener` may be null (then nothing is sent). */
    SampleController(ListenerControl* listener, EmptyState* empty, QObject* parent = nullptr);

    /** Sends the sample to the listener's HTTP URL (else its first); finished follows. */
    void send();

Q_SIGNALS:
    /** The listener answered (or did not): `message` says how. */
    void finished(const QString& message);

private:
    ListenerControl* m_listener;
    EmptyState* m_empty;
    SampleSender* m_sender;
};

} // namespace hookscope::ui
