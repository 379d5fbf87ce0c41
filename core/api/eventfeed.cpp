#include "eventfeed.h"

#include "core/store/changefeed.h"
#include "core/store/eventstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace hookscope::api {

namespace {
/// How many events' last objects are remembered (to tell a change from a repeat).
constexpr size_t kRemembered = 4096;
/// How long an arrival is watched for its email to be read (the post-processor defers at most 2 s at a time).
constexpr qint64 kSettleWatchMs = 60'000;

} // namespace

EventFeed::EventFeed(store::EventStore& store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setInterval(kCheckIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventFeed::check);
}

EventFeed::~EventFeed() = default;

void EventFeed::setActive(bool active)
{
    if (active == m_timer.isActive())
        return;
    if (!active) {
        m_timer.stop();
        return;
    }
    if (fixCursors())
        m_timer.start();
}

bool EventFeed::fixCursors()
{
    m_version = m_store.dataVersion();
    auto cursors = store::ChangeFeed::currentCursors(m_store.database());
    if (!cursors) {
        Q_EMIT failed(cursors.error());
        return false;
    }
    m_cursors = *cursors;
    m_sent.clear();
    m_unsettled.clear();
    return true;
}

void EventFeed::check()
{
    const qint64 version = m_store.dataVersion();
    if (version == m_version && version >= 0)
        return;
    m_version = version;
    auto changes = store::ChangeFeed::changesSince(m_store.database(), m_cursors);
    if (!changes) {
        Q_EMIT failed(changes.error());
        return;
    }
    const QList<qint64>& arrived = changes->arrived;
    QSet<qint64>& changed = changes->touched;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_unsettled.begin(); it != m_unsettled.end();) {
        if (it.value() < now) {
            it = m_unsettled.erase(it);
        } else {
            changed.insert(it.key());
            ++it;
        }
    }
    for (const qint64 id : arrived) {
        changed.remove(id);
        report(id, true);
    }
    QList<qint64> ordered(changed.begin(), changed.end());
    std::sort(ordered.begin(), ordered.end());
    for (const qint64 id : std::as_const(ordered))
        report(id, false);
}

void EventFeed::report(qint64 id, bool arrived)
{
    auto row = m_store.event(id);
    if (!row || !*row) {
        m_unsettled.remove(id);
        return;
    }
    const QJsonObject object = (*row)->toJson();
    const QByteArray fingerprint = QJsonDocument(object).toJson(QJsonDocument::Compact);
    if ((*row)->processed)
        m_unsettled.remove(id);
    else if (arrived)
        m_unsettled.insert(id, QDateTime::currentMSecsSinceEpoch() + kSettleWatchMs);
    const auto known = m_sent.find(id);
    if (!arrived && known != m_sent.end() && known->second == fingerprint)
        return;
    m_sent[id] = fingerprint;
    while (m_sent.size() > kRemembered)
        m_sent.erase(m_sent.begin());
    Q_EMIT eventChanged(arrived ? QByteArrayLiteral("arrived") : QByteArrayLiteral("changed"), object);
}

} // namespace hookscope::api
