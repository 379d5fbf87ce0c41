#include "eventfeed.h"

#include "core/store/eventstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace hookscope::api {

namespace {
/// How many events' last objects are remembered (to tell a change from a repeat).
constexpr size_t kRemembered = 4096;
/// How long an arrival is watched for its email to be read (the post-processor defers at most 2 s at a time).
constexpr qint64 kSettleWatchMs = 60'000;

/** Rows of `table` above `after`: their ids' maximum into `after`, their event ids into `events`. */
bool touched(QSqlDatabase& db, const QString& table, qint64& after, QSet<qint64>& events)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT id, event_id FROM %1 WHERE id > ? ORDER BY id"_s.arg(table));
    q.addBindValue(after);
    if (!q.exec())
        return false;
    while (q.next()) {
        after = q.value(0).toLongLong();
        if (!q.value(1).isNull())
            events.insert(q.value(1).toLongLong());
    }
    return true;
}

qint64 maxId(QSqlDatabase& db, const QString& table)
{
    QSqlQuery q(db);
    return q.exec(u"SELECT coalesce(max(id), 0) FROM %1"_s.arg(table)) && q.next() ? q.value(0).toLongLong() : 0;
}
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
    QSqlDatabase& db = m_store.database();
    m_version = m_store.dataVersion();
    m_lastEvent = maxId(db, u"events"_s);
    m_lastDelivery = maxId(db, u"deliveries"_s);
    m_lastAudit = maxId(db, u"audit"_s);
    m_lastAttempt = maxId(db, u"attempts"_s);
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
    QSqlDatabase& db = m_store.database();
    QList<qint64> arrived;
    {
        QSqlQuery q(db);
        q.prepare(u"SELECT id FROM events WHERE id > ? ORDER BY id"_s);
        q.addBindValue(m_lastEvent);
        if (!q.exec()) {
            Q_EMIT failed(q.lastError().text());
            return;
        }
        while (q.next())
            arrived << q.value(0).toLongLong();
    }
    QSet<qint64> changed;
    if (!touched(db, u"deliveries"_s, m_lastDelivery, changed) || !touched(db, u"audit"_s, m_lastAudit, changed)
        || !touched(db, u"attempts"_s, m_lastAttempt, changed)) {
        Q_EMIT failed(u"cannot read the store's changes"_s);
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_unsettled.begin(); it != m_unsettled.end();) {
        if (it.value() < now) {
            it = m_unsettled.erase(it);
        } else {
            changed.insert(it.key());
            ++it;
        }
    }
    for (const qint64 id : std::as_const(arrived)) {
        m_lastEvent = std::max(m_lastEvent, id);
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
