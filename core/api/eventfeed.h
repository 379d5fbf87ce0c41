#pragma once

#include "core/store/changefeed.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <map>
#include <optional>

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
    /// A client resuming further back than this many events is told it missed them (`event: gap`) instead.
    static constexpr int kMaxCatchUp = 10'000;

    /** One message of the stream. */
    struct Message {
        QByteArray kind; ///< "arrived", "changed" or "gap"
        QJsonObject data; ///< the event's `list --json` object (for a gap: what was missed)
        QByteArray id; ///< the stream position to resume from (Last-Event-ID) without missing what follows
    };

    /**
     * A stream position as its `id:` field: the store's change cursors, "event.delivery.audit.attempt". Every
     * message of one look carries the position before that look, the look's last message the one after it: a
     * client that resumes from any message's id misses nothing (it may see the rest of that look again).
     */
    static QByteArray positionId(const store::ChangeCursors& cursors);
    static std::optional<store::ChangeCursors> parsePosition(const QByteArray& id);

    /** Reads what changed at once, instead of at the next tick (a resuming client's catch-up comes after it). */
    void checkNow();
    /**
     * What changed past `from` (a resuming client's Last-Event-ID) up to now, for that client only: arrivals,
     * then changes, each as its present list object. More than kMaxCatchUp events, or a position the store has
     * not reached (a replaced store), give one `gap` message instead, whose id is the present position.
     */
    Result<QList<Message>> catchUp(store::ChangeCursors from);

Q_SIGNALS:
    /** `kind` is "arrived" or "changed"; `event` is the `list --json` object; `id` its stream position. */
    void eventChanged(const QByteArray& kind, const QJsonObject& event, const QByteArray& id);
    void failed(const QString& message);

private:
    void check();
    bool fixCursors();
    /** The message for event `id` when it is new or differs from what was sent. */
    std::optional<Message> report(qint64 id, bool arrived);
    /** The messages for one look's changes, ids set as positionId() says. */
    QList<Message> messages(const store::Changes& changes, const store::ChangeCursors& before,
        const store::ChangeCursors& after, bool remember);

    store::EventStore& m_store;
    QTimer m_timer;
    qint64 m_version = -1;
    store::ChangeCursors m_cursors;
    std::map<qint64, QByteArray> m_sent; ///< the last object sent per event (the newest few thousand)
    QHash<qint64, qint64> m_unsettled; ///< events whose email may still be read: until when to look (ms)
};

} // namespace hookscope::api
