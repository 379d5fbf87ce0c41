#include "statsview.h"

#include "badges.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QButtonGroup>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLocale>
#include <QStackedBarSeries>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <chrono>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

constexpr qint64 kMinuteUs = 60'000'000;
constexpr qint64 kDayUs = 24 * 60 * kMinuteUs;
constexpr int kSlideMs = 60'000; ///< the last hour and day move on even when nothing arrives

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QString rangeName(store::StatsRange range)
{
    switch (range) {
    case store::StatsRange::LastHour:
        return u"the last hour"_s;
    case store::StatsRange::LastDay:
        return u"the last day"_s;
    case store::StatsRange::All:
        break;
    }
    return u"all time"_s;
}

QString number(qint64 n)
{
    return QLocale().toString(n);
}

QString milliseconds(qint64 ms)
{
    return ms >= 1000 ? QLocale().toString(double(ms) / 1000.0, 'f', ms >= 10'000 ? 0 : 1) + u" s"_s
                      : number(ms) + u" ms"_s;
}

QString elided(const QString& name)
{
    return name.size() > 30 ? name.left(14) + u'…' + name.right(15) : name;
}

/** A value axis from 0 to a round number at or above `max`, in at most five round steps (1, 2, 5, 10, …). */
QValueAxis* countAxis(qint64 max, bool labelled = false)
{
    auto* axis = new QValueAxis;
    if (labelled)
        max += max / 6 + 1; // room for the value written past the longest bar
    qint64 step = 1, intervals = 1;
    for (qint64 magnitude = 1;; magnitude *= 10) {
        bool found = false;
        for (const qint64 m : { 1, 2, 5 }) {
            step = m * magnitude;
            intervals = std::max<qint64>(1, (max + step - 1) / step);
            if (intervals <= 5) {
                found = true;
                break;
            }
        }
        if (found)
            break;
    }
    axis->setRange(0, double(step * intervals));
    axis->setTickCount(int(intervals) + 1);
    axis->setLabelFormat(u"%d"_s);
    return axis;
}

/** The bucket index every label is put at, and its text: round times of local time, about eight of them. */
QList<std::pair<int, QString>> timeLabels(const store::StoreStats& s)
{
    QList<std::pair<int, QString>> labels;
    const int n = int(s.timeline.size());
    if (n == 0)
        return labels;
    qint64 stepUs = 0;
    QString format;
    if (s.bucketUs < kDayUs) {
        // Every 10 minutes over an hour, every 3 hours over a day.
        stepUs = s.bucketUs <= kMinuteUs ? 10 * kMinuteUs : 180 * kMinuteUs;
        format = u"HH:mm"_s;
    } else {
        const qint64 days = std::max<qint64>(1, (qint64(n) * s.bucketUs / kDayUs + 7) / 8);
        stepUs = (days <= 1 ? 1 : days <= 2 ? 2 : days <= 7 ? 7 : days <= 14 ? 14 : ((days + 29) / 30) * 30) * kDayUs;
        stepUs = std::max(stepUs, s.bucketUs);
        format = u"MMM d"_s;
    }
    const int every = int(std::max<qint64>(1, stepUs / s.bucketUs));
    for (int i = 0; i < n; ++i) {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(s.timeline[i].startUs / 1000);
        bool round;
        if (s.bucketUs < kDayUs)
            round = (t.time().hour() * 60 + t.time().minute()) % int(stepUs / kMinuteUs) == 0;
        else
            round = i % every == 0;
        if (round)
            labels.append({ i, QLocale().toString(t, format) });
    }
    return labels;
}

void setFontScale(QAbstractAxis* axis, const QFont& base)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() > 0 ? base.pointSizeF() * 0.9 : 8);
    axis->setLabelsFont(f);
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace

StatsView::StatsView(EventReader& reader, QWidget* parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch() * 1000; })
{
    setObjectName(u"statsView"_s);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"statsSummary"_s);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);

    auto* buttons = new QButtonGroup(this);
    auto* top = new QHBoxLayout;
    top->setSpacing(2);
    const QList<std::pair<store::StatsRange, QString>> ranges { { store::StatsRange::LastHour, u"Last &hour"_s },
        { store::StatsRange::LastDay, u"Last &day"_s }, { store::StatsRange::All, u"&All"_s } };
    for (const auto& [range, text] : ranges) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setCheckable(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setObjectName(u"statsRange%1"_s.arg(int(range)));
        b->setToolTip(u"Figures of the events received in %1"_s.arg(rangeName(range)));
        buttons->addButton(b, int(range));
        m_rangeButtons.insert(int(range), b);
        top->addWidget(b);
        connect(b, &QToolButton::clicked, this, [this, range = range] { setRange(range); });
    }
    // The chosen range stands out in both themes (Fusion's checked tool button differs little in the dark one).
    connect(buttons, &QButtonGroup::buttonToggled, this, [](QAbstractButton* b, bool on) {
        QFont f = b->font();
        f.setBold(on);
        b->setFont(f);
    });
    m_rangeButtons.value(int(m_range))->setChecked(true);
    top->addSpacing(12);
    top->addWidget(m_summary, 1);

    // Two rows: time and retries; then latency, routes and senders (the senders' addresses get the most room).
    auto* rows = new QVBoxLayout;
    rows->setSpacing(8);
    auto* first = new QHBoxLayout;
    auto* second = new QHBoxLayout;
    first->setSpacing(8);
    second->setSpacing(8);
    const auto card = [&](QChart*& chart, const QString& title, QLabel*& caption, QHBoxLayout* row, int stretch) {
        auto* box = new QVBoxLayout;
        box->setSpacing(2);
        QChartView* view = makeChart(chart, title, caption);
        box->addWidget(caption);
        box->addWidget(view, 1);
        row->addLayout(box, stretch);
    };
    card(m_timeline, u"statsTimeline"_s, m_timelineCaption, first, 5);
    card(m_deliveries, u"statsDeliveries"_s, m_deliveriesCaption, first, 2);
    card(m_latency, u"statsLatency"_s, m_latencyCaption, second, 3);
    card(m_routes, u"statsRoutes"_s, m_routesCaption, second, 3);
    card(m_senders, u"statsSenders"_s, m_sendersCaption, second, 4);
    // The latency chart's ten rows need the height at 1024×700 (Qt Charts elides a label taller than its row).
    rows->addLayout(first, 4);
    rows->addLayout(second, 5);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(top);
    layout->addLayout(rows, 1);

    m_paceTimer = new QTimer(this);
    m_paceTimer->setSingleShot(true);
    connect(m_paceTimer, &QTimer::timeout, this, &StatsView::schedule);
    m_slideTimer = new QTimer(this);
    m_slideTimer->setInterval(kSlideMs);
    connect(m_slideTimer, &QTimer::timeout, this, [this] {
        if (m_range == store::StatsRange::All)
            return;
        m_cache[int(m_range)].changes = -1;
        schedule();
    });
    display(m_shown); // empty charts, laid out, until the first figures come
}

QChartView* StatsView::makeChart(QChart*& chart, const QString& name, QLabel*& caption)
{
    chart = new QChart;
    chart->setObjectName(name);
    chart->legend()->setVisible(false);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    auto* view = new QChartView(chart, this);
    view->setObjectName(name + u"View"_s);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(200, 150);
    caption = new QLabel(this);
    caption->setObjectName(name + u"Caption"_s);
    caption->setTextFormat(Qt::RichText);
    caption->setWordWrap(true);
    return view;
}

QAbstractButton* StatsView::rangeButton(store::StatsRange range) const
{
    return m_rangeButtons.value(int(range));
}

QBarSet* StatsView::outcomeSet(const QString& status) const
{
    if (status == u"verified"_s)
        return m_verifiedSet;
    if (status == u"failed"_s)
        return m_failedSet;
    if (status == u"unverified"_s)
        return m_unverifiedSet;
    return nullptr;
}

void StatsView::setRange(store::StatsRange range)
{
    m_range = range;
    if (QAbstractButton* b = rangeButton(range))
        b->setChecked(true);
    const auto cached = m_cache.constFind(int(range));
    if (cached != m_cache.cend())
        display(cached->stats); // fresh, or what it was until the read comes back
    if (!isFresh(range))
        refresh();
}

bool StatsView::isFresh(store::StatsRange range) const
{
    const auto cached = m_cache.constFind(int(range));
    return cached != m_cache.cend() && cached->changes == m_changes;
}

void StatsView::storeChanged()
{
    ++m_changes;
    schedule();
}

void StatsView::schedule()
{
    if (!isVisible() || m_reading)
        return; // shown: read then; reading: the read's end schedules again
    if (isFresh(m_range))
        return;
    const qint64 since = m_lastReadMs < 0 ? kMinIntervalMs : steadyMs() - m_lastReadMs;
    if (since >= kMinIntervalMs)
        refresh();
    else
        m_paceTimer->start(int(kMinIntervalMs - since));
}

void StatsView::refresh()
{
    m_paceTimer->stop();
    store::StatsRequest request;
    request.range = m_range;
    request.nowUs = m_clock();
    request.utcOffsetSecs = QDateTime::fromMSecsSinceEpoch(request.nowUs / 1000).offsetFromUtc();
    m_reading = true;
    ++m_reads;
    m_lastReadMs = steadyMs();
    // A change said from now on makes this read stale: its result is shown, and read again (paced).
    const store::StatsRange range = m_range;
    const qint64 changes = m_changes;
    m_job.start(
        m_reader, this,
        [request](
            store::EventStore& s) -> Result<store::StoreStats> { return store::readStats(s.database(), request); },
        [this, range, changes](Result<store::StoreStats> stats) {
            m_reading = false;
            if (!stats) {
                Q_EMIT readFailed(stats.error());
                return;
            }
            Cached& cached = m_cache[int(range)];
            cached.stats = *stats;
            cached.changes = changes;
            if (range == m_range)
                display(cached.stats);
            schedule(); // the store changed meanwhile, or another range was chosen
        },
        true);
}

void StatsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_slideTimer->start();
    schedule();
}

void StatsView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        display(m_shown);
}

void StatsView::display(const store::StoreStats& s)
{
    m_shown = s;
    const QFont base = font();
    const bool none = s.events == 0;
    const QString per = s.bucketUs > 0 ? store::bucketName(s.bucketUs) : u"day"_s;

    // Events over time, stacked by outcome.
    clearChart(m_timeline);
    {
        auto* series = new QStackedBarSeries;
        m_verifiedSet = new QBarSet(u"Verified"_s);
        m_failedSet = new QBarSet(u"Failed"_s);
        m_unverifiedSet = new QBarSet(u"Unverified"_s);
        qint64 max = 0;
        for (const store::StatsBucket& b : s.timeline) {
            *m_verifiedSet << double(b.verified);
            *m_failedSet << double(b.failed);
            *m_unverifiedSet << double(b.unverified);
            max = std::max(max, b.total());
        }
        series->append({ m_verifiedSet, m_failedSet, m_unverifiedSet });
        series->setBarWidth(s.timeline.size() > 40 ? 1.0 : 0.8);
        m_timeline->addSeries(series);
        // Labels at round local times instead of one per bar.
        auto* x = new QCategoryAxis;
        x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        x->setStartValue(-0.5);
        for (const auto& [index, text] : timeLabels(s))
            x->append(text, index - 0.5);
        x->setRange(-0.5, std::max<double>(0.5, double(s.timeline.size()) - 0.5));
        x->setGridLineVisible(false);
        m_timeline->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        QValueAxis* y = countAxis(max);
        m_timeline->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
        m_timeline->legend()->setVisible(true);
        m_timeline->legend()->setAlignment(Qt::AlignTop);
        m_timelineCaption->setText(u"<b>Events per %1</b><br>by signature outcome%2"_s.arg(
            per, none ? u" — none in %1"_s.arg(rangeName(s.range)) : QString()));
    }

    // Deliveries per event.
    clearChart(m_deliveries);
    {
        auto* series = new QBarSeries;
        m_deliveriesSet = new QBarSet(u"Events"_s);
        qint64 max = 0;
        for (const qint64 n : s.deliveriesPerEvent) {
            *m_deliveriesSet << double(n);
            max = std::max(max, n);
        }
        series->append(m_deliveriesSet);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        m_deliveries->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append({ u"1"_s, u"2"_s, u"3"_s, u"4+"_s });
        x->setTitleText(u"deliveries of one event"_s);
        m_deliveries->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        QValueAxis* y = countAxis(max, true);
        m_deliveries->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
        const qint64 retried = s.deliveriesPerEvent[1] + s.deliveriesPerEvent[2] + s.deliveriesPerEvent[3];
        m_deliveriesCaption->setText(u"<b>Deliveries per event</b><br>%1"_s.arg(
            none ? u"none"_s : u"%1 of %2 more than once"_s.arg(number(retried), number(s.events))));
        m_deliveriesCaption->setToolTip(u"How many times each event arrived: the sender's retries (after a failed "
                                        u"signature or a lost answer) and duplicates"_s);
    }

    // Latency of replays and forwards: the quickest at the top.
    clearChart(m_latency);
    {
        const store::LatencyFigures& l = s.latency;
        auto* series = new QHorizontalBarSeries;
        m_latencySet = new QBarSet(u"Attempts"_s);
        QStringList categories;
        qint64 max = 0;
        for (int i = store::LatencyFigures::kBuckets - 1; i >= 0; --i) {
            *m_latencySet << double(l.histogram[size_t(i)]);
            // Axis labels are rich text; a plain space would let Qt Charts wrap (and so elide) the label.
            categories << store::LatencyFigures::bucketLabel(i).toHtmlEscaped().replace(u' ', QChar(0x00a0));
            max = std::max(max, l.histogram[size_t(i)]);
        }
        series->append(m_latencySet);
        series->setBarWidth(0.7);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        m_latency->addSeries(series);
        auto* y = new QBarCategoryAxis;
        y->append(categories);
        m_latency->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
        QValueAxis* x = countAxis(max, true);
        m_latency->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        QString figures;
        if (l.answered > 0)
            figures = u"p50 %1 · p95 %2 · p99 %3"_s.arg(
                milliseconds(l.p50Ms), milliseconds(l.p95Ms), milliseconds(l.p99Ms));
        else
            figures = u"no replay or forward answered"_s;
        m_latencyCaption->setText(u"<b>Replay and forward latency</b>%1<br>%2"_s.arg(
            l.unanswered > 0 ? u" · %1 unanswered"_s.arg(number(l.unanswered)) : QString(), figures));
        m_latencyCaption->setToolTip(u"How fast the targets of replays, forwards and hookscope send answered. The "
                                     u"listener's own answer time to providers is not stored: the local API's "
                                     u"/metrics shows it while the listener runs."_s);
    }

    // Top routes and senders: the most at the top.
    const auto ranking = [&](QChart* chart, QBarSet*& set, QStringList& names, const QList<store::StatsCount>& top,
                             QLabel* caption, const QString& title, const QString& empty) {
        clearChart(chart);
        auto* series = new QHorizontalBarSeries;
        set = new QBarSet(u"Events"_s);
        names.clear();
        QStringList categories;
        qint64 max = 0;
        for (qsizetype i = top.size() - 1; i >= 0; --i) {
            *set << double(top[i].events);
            categories << elided(top[i].name).toHtmlEscaped().replace(u' ', QChar(0x00a0)); // rich text, one line
            max = std::max(max, top[i].events);
        }
        for (const store::StatsCount& c : top)
            names << c.name;
        series->append(set);
        series->setBarWidth(0.7);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        chart->addSeries(series);
        auto* y = new QBarCategoryAxis;
        y->append(categories.isEmpty() ? QStringList { u" "_s } : categories);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
        QValueAxis* x = countAxis(max, true);
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        caption->setText(u"<b>%1</b><br>%2"_s.arg(title, top.isEmpty() ? empty : u"by events in the range"_s));
    };
    ranking(m_routes, m_routesSet, m_routeNames, s.topRoutes, m_routesCaption, u"Top routes"_s, u"none"_s);
    ranking(
        m_senders, m_sendersSet, m_senderNames, s.topSenders, m_sendersCaption, u"Top senders"_s, u"no email read"_s);

    if (s.untilUs == 0)
        m_summary->setText(u"Reading the figures…"_s);
    else
        m_summary->setText(u"%1 events in %2 · %3 verified · %4 failed · %5 unverified · as of %6"_s.arg(
            number(s.events), rangeName(s.range), number(s.verified), number(s.failed), number(s.unverified),
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(s.untilUs / 1000).time(), QLocale::ShortFormat)));
    applyColours();
    for (QChart* chart : { m_timeline, m_deliveries, m_latency, m_routes, m_senders })
        for (QAbstractAxis* axis : chart->axes())
            setFontScale(axis, base);
    if (s.untilUs != 0)
        Q_EMIT figuresShown(s.range);
}

void StatsView::applyColours()
{
    const QPalette p = palette();
    const QColor text = p.color(QPalette::Text);
    QColor grid = p.color(QPalette::Text);
    grid.setAlphaF(0.12);
    QColor axisLine = p.color(QPalette::Text);
    axisLine.setAlphaF(0.35);
    for (QChart* chart : { m_timeline, m_deliveries, m_latency, m_routes, m_senders }) {
        chart->setBackgroundBrush(p.base());
        chart->setBackgroundPen(QPen(p.color(QPalette::Mid)));
        chart->setPlotAreaBackgroundVisible(false);
        chart->legend()->setLabelColor(text);
        for (QAbstractAxis* axis : chart->axes()) {
            axis->setLabelsColor(text);
            axis->setTitleBrush(text);
            axis->setGridLineColor(grid);
            axis->setLinePenColor(axisLine);
            axis->setShadesVisible(false);
        }
    }
    const auto paint = [&](QBarSet* set, const QColor& colour) {
        if (!set)
            return;
        set->setColor(colour);
        set->setBorderColor(colour);
        set->setLabelColor(text); // written past the bar's end, on the chart's background
    };
    paint(m_verifiedSet, toneColor(Tone::Good, p));
    paint(m_failedSet, toneColor(Tone::Bad, p));
    paint(m_unverifiedSet, toneColor(Tone::Neutral, p));
    const QColor accent = p.color(QPalette::Highlight);
    for (QBarSet* set : { m_deliveriesSet, m_latencySet, m_routesSet, m_sendersSet })
        paint(set, accent);
}

} // namespace hookscope::ui
