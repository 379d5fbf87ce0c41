#include "samplecontroller.h"

#include "emptystate.h"
#include "samplesender.h"

#include "core/email/sampleevent.h"

using namespace Qt::StringLiterals;

namespace hookscope::ui {

SampleController::SampleController(ListenerControl* listener, EmptyState* empty, QObject* parent)
    : QObject(parent)
    , m_listener(listener)
    , m_empty(empty)
    , m_sender(new SampleSender(this))
{
    connect(m_empty, &EmptyState::sendSampleRequested, this, &SampleController::send);
    connect(m_sender, &SampleSender::finished, this, [this](int status, const QString& message) {
        m_empty->setSendResult(message, status >= 200 && status < 300);
        Q_EMIT finished(message);
    });
}

void SampleController::send()
{
    if (!m_listener)
        return;
    const ListenerState s = m_listener->state();
    QUrl target;
    for (const QUrl& u : s.urls) {
        if (u.scheme() == u"http"_s) {
            target = u;
            break;
        }
    }
    if (target.isEmpty() && !s.urls.isEmpty())
        target = s.urls.first();
    if (target.isEmpty())
        return;
    target.setPath(s.samplePath);
    m_empty->setSendResult(u"Sending…"_s, true);
    m_sender->send(target, s.scheme, s.secret, email::sampleEmail(email::newSampleEventId()).toJson());
}

} // namespace hookscope::ui
