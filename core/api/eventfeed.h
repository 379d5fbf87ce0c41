#pragma once

#include "core/store/changefeed.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <map>

namespace hookscope::store {
class EventStore;
}

namespace hookscope::api {

/**
 * Watches a store for new and changed events, as `hookscope wait` does: PRAGMA data_version is read every 20 ms
 * (a counter in the WAL index: no disk read, no lock), and only when another connection committed are the rows
 * since the last look read. An event is "arrived" when its row is new, "changed" when a delivery, an audited
 * action or a replay attempt touched it, or its email was read, and its list object differs from what was sent.
 */
class EventFeed final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventFeed)
public:
    explicit EventFeed(store::EventStore& store, QObject* parent = nullptr);
    ~EventFeed() override;

    /** Starts watching from the store's present (what is there already is not reported), or stops. */
    void setActive(bool active);
    bool isActive() const { return m_timer.isActive(); }

    static constexpr int kCheckIntervalMs = 20;

Q_SIGNALS:
    /** `kind` is "arrived" or "changed"; `event` is the `list --json` object. */
    void eventChanged(const QByteArray& kind, const QJsonObject& event);
    void failed(const QString& message);

private:
    void check();
    bool fixCursors();
    void report(qint64 id, bool arrived);

    store::EventStore& m_store;
    QTimer m_timer;
    qint64 m_version = -1;
    store::ChangeCursors m_cursors;
    std::map<qint64, QByteArray> m_sent; ///< the last object sent per event (the newest few thousand)
    QHash<qint64, qint64> m_unsettled; ///< events whose email may still be read: until when to look (ms)
};

} // namespace hookscope::api
