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

void EventFeed::checkNow()
{
    if (m_timer.isActive())
        check();
}

void EventFeed::check()
{
    const qint64 version = m_store.dataVersion();
    if (version == m_version && version >= 0)
        return;
    m_version = version;
    const store::ChangeCursors before = m_cursors;
    auto changes = store::ChangeFeed::changesSince(m_store.database(), m_cursors);
    if (!changes) {
        Q_EMIT failed(changes.error());
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_unsettled.begin(); it != m_unsettled.end();) {
        if (it.value() < now) {
            it = m_unsettled.erase(it);
        } else {
            changes->touched.insert(it.key());
            ++it;
        }
    }
    for (const Message& m : messages(*changes, before, m_cursors, true))
        Q_EMIT eventChanged(m.kind, m.data, m.id);
}

QList<EventFeed::Message> EventFeed::messages(
    const store::Changes& changes, const store::ChangeCursors& before, const store::ChangeCursors& after, bool remember)
{
    // A resuming client's catch-up sends each event as it is now; the shared look sends only what differs.
    auto message = [&](qint64 id, bool arrived) -> std::optional<Message> {
        if (remember)
            return report(id, arrived);
        auto row = m_store.event(id);
        if (!row || !*row)
            return std::nullopt;
        return Message { arrived ? QByteArrayLiteral("arrived") : QByteArrayLiteral("changed"), (*row)->toJson(), {} };
    };
    QList<Message> out;
    QSet<qint64> changed = changes.touched;
    for (const qint64 id : changes.arrived) {
        changed.remove(id);
        if (auto m = message(id, true))
            out << *m;
    }
    QList<qint64> ordered(changed.begin(), changed.end());
    std::sort(ordered.begin(), ordered.end());
    for (const qint64 id : std::as_const(ordered))
        if (auto m = message(id, false))
            out << *m;
    for (Message& m : out)
        m.id = positionId(before);
    if (!out.isEmpty())
        out.last().id = positionId(after);
    return out;
}

std::optional<EventFeed::Message> EventFeed::report(qint64 id, bool arrived)
{
    auto row = m_store.event(id);
    if (!row || !*row) {
        m_unsettled.remove(id);
        return std::nullopt;
    }
    const QJsonObject object = (*row)->toJson();
    const QByteArray fingerprint = QJsonDocument(object).toJson(QJsonDocument::Compact);
    if ((*row)->processed)
        m_unsettled.remove(id);
    else if (arrived)
        m_unsettled.insert(id, QDateTime::currentMSecsSinceEpoch() + kSettleWatchMs);
    const auto known = m_sent.find(id);
    if (!arrived && known != m_sent.end() && known->second == fingerprint)
        return std::nullopt;
    m_sent[id] = fingerprint;
    while (m_sent.size() > kRemembered)
        m_sent.erase(m_sent.begin());
    return Message { arrived ? QByteArrayLiteral("arrived") : QByteArrayLiteral("changed"), object, {} };
}

QByteArray EventFeed::positionId(const store::ChangeCursors& c)
{
    return QByteArray::number(c.event) + '.' + QByteArray::number(c.delivery) + '.' + QByteArray::number(c.audit) + '.'
        + QByteArray::number(c.attempt);
}

std::optional<store::ChangeCursors> EventFeed::parsePosition(const QByteArray& id)
{
    const QList<QByteArray> parts = id.trimmed().split('.');
    if (parts.size() != 4)
        return std::nullopt;
    qint64 values[4];
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        values[i] = parts.at(i).toLongLong(&ok);
        // Digits only: no sign, no spaces, no leading "+".
        if (!ok || values[i] < 0 || parts.at(i).isEmpty() || parts.at(i).front() < '0' || parts.at(i).front() > '9')
            return std::nullopt;
    }
    return store::ChangeCursors { values[0], values[1], values[2], values[3] };
}

Result<QList<EventFeed::Message>> EventFeed::catchUp(store::ChangeCursors from)
{
    auto present = store::ChangeFeed::currentCursors(m_store.database());
    if (!present)
        return fail(present.error());
    const store::ChangeCursors start = from;
    auto gap = [&](const QString& reason, qint64 missed) {
        QJsonObject data { { u"reason"_s, reason }, { u"from"_s, QString::fromLatin1(positionId(start)) } };
        if (missed >= 0)
            data.insert(u"missed"_s, double(missed));
        return QList<Message> { Message { QByteArrayLiteral("gap"), data, positionId(*present) } };
    };
    if (from.event > present->event || from.delivery > present->delivery || from.audit > present->audit
        || from.attempt > present->attempt)
        return gap(u"the store has not reached this position (was it replaced?); list the events again"_s, -1);
    auto changes = store::ChangeFeed::changesSince(m_store.database(), from);
    if (!changes)
        return fail(changes.error());
    QSet<qint64> all = changes->touched;
    for (const qint64 id : std::as_const(changes->arrived))
        all.insert(id);
    if (all.size() > kMaxCatchUp)
        return gap(u"more events changed than a stream resumes (%1); list the events again"_s.arg(kMaxCatchUp),
            qint64(all.size()));
    return messages(*changes, start, from, false);
}

} // namespace hookscope::api
