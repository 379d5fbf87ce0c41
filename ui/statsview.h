#pragma once

#include "eventreader.h"
#include "job.h"

#include "core/common/result.h"
#include "core/store/stats.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QAbstractButton;
class QBarSet;
class QChart;
class QChartView;
class QLabel;
class QTimer;

namespace hookscope::ui {

/**
 * The Stats view: events over time by signature outcome, deliveries per event, the answer latency of replays and
 * forwards, the top routes and senders, for the last hour, the last day or all. The figures are read on the
 * reader's thread (store::readStats), kept per range, and read again only once the store changed and at most
 * every kMinIntervalMs: painting never reads the store.
 */
class StatsView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsView)
public:
    static constexpr qint64 kMinIntervalMs = 3000;
    using Clock = std::function<qint64()>; ///< microseconds since the epoch

    explicit StatsView(EventReader& reader, QWidget* parent = nullptr);

    store::StatsRange range() const { return m_range; }
    /** Shows `range`: at once when its figures are fresh, else read first (what the range buttons do). */
    void setRange(store::StatsRange range);
    /** The store changed (the window's watcher says so): the figures are read again, paced. */
    void storeChanged();
    /** Reads the current range's figures now. */
    void refresh();
    /** Where "now" comes from (the system clock; tests give a fixed one). */
    void setClock(Clock clock) { m_clock = std::move(clock); }

    /** The figures the charts show (valid after figuresShown). */
    const store::StoreStats& figures() const { return m_shown; }
    bool isReading() const { return m_reading; }
    /** Reads started since the view was made (each one a readStats on the reader's thread). */
    int readsStarted() const { return m_reads; }

    // The charts' data, for tests and screenshots.
    QBarSet* outcomeSet(const QString& status) const; ///< "verified", "failed", "unverified": events per bucket
    QBarSet* deliveriesSet() const { return m_deliveriesSet; }
    QBarSet* latencySet() const { return m_latencySet; }
    QBarSet* routesSet() const { return m_routesSet; }
    QBarSet* sendersSet() const { return m_sendersSet; }
    /** The names along the routes' or senders' bars, most events first. */
    QStringList routeNames() const { return m_routeNames; }
    QStringList senderNames() const { return m_senderNames; }
    QLabel* summary() const { return m_summary; }
    QAbstractButton* rangeButton(store::StatsRange range) const;

Q_SIGNALS:
    /** The charts show the figures of `range` just read (or kept). */
    void figuresShown(hookscope::store::StatsRange range);
    /** A read failed: `error` says why; the charts keep what they showed. */
    void readFailed(const QString& error);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Cached {
        store::StoreStats stats;
        qint64 changes = -1; ///< m_changes when the read began; -1: out of date whatever happens
    };
    bool isFresh(store::StatsRange range) const;
    void schedule();
    void display(const store::StoreStats& stats);
    void applyColours();
    QChartView* makeChart(QChart*& chart, const QString& title, QLabel*& caption);

    EventReader& m_reader;
    Clock m_clock;
    store::StatsRange m_range = store::StatsRange::LastHour;
    QHash<int, Cached> m_cache;
    store::StoreStats m_shown;
    Job<Result<store::StoreStats>> m_job;
    qint64 m_changes = 0; ///< how many times the store was said to have changed
    bool m_reading = false;
    int m_reads = 0;
    qint64 m_lastReadMs = -1; ///< steady clock, when the last read started
    QTimer* m_paceTimer = nullptr;
    QTimer* m_slideTimer = nullptr;

    QLabel* m_summary = nullptr;
    QHash<int, QAbstractButton*> m_rangeButtons;
    QChart* m_timeline = nullptr;
    QChart* m_deliveries = nullptr;
    QChart* m_latency = nullptr;
    QChart* m_routes = nullptr;
    QChart* m_senders = nullptr;
    QLabel* m_timelineCaption = nullptr;
    QLabel* m_deliveriesCaption = nullptr;
    QLabel* m_latencyCaption = nullptr;
    QLabel* m_routesCaption = nullptr;
    QLabel* m_sendersCaption = nullptr;
    QBarSet* m_verifiedSet = nullptr;
    QBarSet* m_failedSet = nullptr;
    QBarSet* m_unverifiedSet = nullptr;
    QBarSet* m_deliveriesSet = nullptr;
    QBarSet* m_latencySet = nullptr;
    QBarSet* m_routesSet = nullptr;
    QBarSet* m_sendersSet = nullptr;
    QStringList m_routeNames;
    QStringList m_senderNames;
};

} // namespace hookscope::ui
