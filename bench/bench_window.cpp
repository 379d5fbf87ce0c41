// The window over a big store, timed as a person sees it: starts the real MainWindow on a store (made by
// make-store), and measures when rows are painted: the first rows after start, rows after the scrollbar is
// set or dragged, after a column header is clicked, after a search is typed; and the process's peak memory.
//
//   QT_QPA_PLATFORM=offscreen bench_window --db STORE [--cold]
//
// --cold evicts the store's file from the page cache first (posix_fadvise, no root needed), so the first rows
// are a cold open. One line per figure, with its target; the exit status is 1 when a figure misses its target.

#include "corpus.h"

#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/safehtmlview.h"
#include "ui/storereader.h"
#include "ui/viewlistmodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSet>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

/** Milliseconds since this process was started (exec), from /proc: what a person launching it waits. */
double msSinceExec()
{
    QFile stat(u"/proc/self/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22 of the whole line
    timespec now {};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (double(now.tv_sec) + double(now.tv_nsec) / 1e9 - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

qint64 statusKb(const char* field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

/** The peak resident memory (VmHWM, kB) of this process's descendants (Qt WebEngine's processes), and their number. */
std::pair<qint64, int> descendantsPeakKb()
{
    QHash<QByteArray, QByteArray> parentOf;
    for (const QString& pid : QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(u"/proc/"_s + pid + u"/stat"_s);
        if (!pid.front().isDigit() || !stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        parentOf.insert(pid.toLatin1(), line.mid(line.lastIndexOf(')') + 2).split(' ').value(1));
    }
    QSet<QByteArray> family { QByteArray::number(getpid()) };
    for (bool grew = true; grew;) {
        grew = false;
        for (auto it = parentOf.begin(); it != parentOf.end(); ++it) {
            if (family.contains(it.value()) && !family.contains(it.key())) {
                family.insert(it.key());
                grew = true;
            }
        }
    }
    family.remove(QByteArray::number(getpid()));
    qint64 kb = 0;
    for (const QByteArray& pid : std::as_const(family)) {
        QFile status(u"/proc/"_s + QString::fromLatin1(pid) + u"/status"_s);
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM:"))
                kb += line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return { kb, int(family.size()) };
}

/** Drops the store's pages from the page cache (only this file's, and only clean ones: synced first). */
void evict(const QString& path)
{
    for (const QString& suffix : { u""_s, u"-wal"_s }) {
        const int fd = ::open(QFile::encodeName(path + suffix).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        fdatasync(fd);
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

/** Watches the list's paints: a figure ends at the first paint that shows what was asked for. */
class PaintProbe final : public QObject {
public:
    explicit PaintProbe(QTableView* view)
        : m_view(view)
    {
        view->viewport()->installEventFilter(this);
    }

    /** Whether every row in view is loaded (`top` >= 0: and that row is among them, at the top but at the end). */
    bool rowsShown(int top = -1) const
    {
        const QAbstractItemModel* model = m_view->model();
        const int first = m_view->rowAt(0);
        if (model->rowCount() == 0 || first < 0)
            return model->rowCount() == 0;
        int last = m_view->rowAt(m_view->viewport()->height() - 1);
        if (last < 0)
            last = model->rowCount() - 1;
        // At the end of the scrollbar the last row is whole at the bottom and the top one only partly shown.
        if (top >= 0 && first != top && !(top > first && top <= last && last == model->rowCount() - 1))
            return false;
        for (int r = first; r <= last; ++r) {
            if (!model->index(r, 0).data(EventListModel::LoadedRole).toBool())
                return false;
        }
        return true;
    }

    /** Runs the event loop until a paint happens while `ready()` holds; ms from `since`, or -1 on timeout. */
    double waitForPaint(const QElapsedTimer& since, const std::function<bool()>& ready, int timeoutMs = 60'000)
    {
        m_ready = ready;
        m_done = false;
        m_view->viewport()->update();
        QEventLoop loop;
        m_loop = &loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        m_loop = nullptr;
        m_ready = nullptr;
        // The loop quits once the paint that showed the rows has finished.
        return m_done ? double(since.nsecsElapsed()) / 1e6 : -1;
    }

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && m_ready && !m_done && m_ready()) {
            m_done = true;
            if (m_loop)
                QMetaObject::invokeMethod(m_loop, &QEventLoop::quit, Qt::QueuedConnection);
        }
        return false;
    }

private:
    QTableView* m_view;
    std::function<bool()> m_ready;
    bool m_done = false;
    QEventLoop* m_loop = nullptr;
};

struct Report {
    QTextStream out { stdout };
    int missed = 0;
    void line(const QString& what, double value, double target, const QString& unit = u"ms"_s, const QString& note = {})
    {
        const bool ok = value >= 0 && value <= target;
        missed += ok ? 0 : 1;
        out << u"%1  %2 %3   (target ≤ %4 %3)  %5%6"_s.arg(what, -44)
                   .arg(value < 0 ? u"timeout"_s : QString::number(value, 'f', 0), 7)
                   .arg(unit)
                   .arg(target, 0, 'f', 0)
                   .arg(ok ? u"ok"_s : u"MISSED"_s)
                   .arg(note.isEmpty() ? QString() : u"  "_s + note)
            << Qt::endl;
    }
    void info(const QString& text) { out << text << Qt::endl; }
};

QString thousands(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    const double execToMain = msSinceExec();
    // As the app does: WebEngine's URL schemes before the application object.
    registerMailUrlSchemes();
    QApplication app(argc, argv);
    // Not the user's settings (saved window geometry, splitters): a fresh window of the default size.
    QApplication::setOrganizationName(u"hookscope-bench"_s);
    QApplication::setApplicationName(u"bench_window"_s);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        { u"db"_s, u"The store (made by make-store)."_s, u"PATH"_s },
        { u"cold"_s, u"Evict the store from the page cache first (a cold open)."_s },
        { u"steps"_s,
            u"Which parts to run: scroll,sort,search,details (default all; the first rows and memory always)."_s,
            u"LIST"_s, u"scroll,sort,search,details"_s },
        { u"grab"_s, u"Also save pictures of the window to FOLDER (after the first rows, a jump, a search)."_s,
            u"FOLDER"_s },
    });
    parser.process(app);
    const QString path = parser.value(u"db"_s);
    if (path.isEmpty() || !QFile::exists(path)) {
        std::fprintf(stderr, "bench_window: --db STORE is required (make one with make-store)\n");
        return 2;
    }
    if (parser.isSet(u"cold"_s))
        evict(path);
    const QStringList steps = parser.value(u"steps"_s).split(u',');
    const QString grabs = parser.value(u"grab"_s);

    Report report;
    const double beforeWindow = msSinceExec();
    QElapsedTimer start;
    start.start();
    StoreReader reader(path);
    MainWindow window(reader, nullptr);
    QTableView* view = window.eventView();
    EventListModel* model = window.eventModel();
    PaintProbe probe(view);
    int resets = 0;
    QObject::connect(model, &EventListModel::reloaded, [&resets] { ++resets; });
    double countsMs = -1;
    QObject::connect(window.viewModel(), &ViewListModel::countsChanged, [&] {
        if (countsMs < 0 && window.viewModel()->countOf(QString()) >= 0)
            countsMs = double(start.nsecsElapsed()) / 1e6;
    });
    window.show();

    // 1. First rows, from the moment the process was started.
    const double firstRows = probe.waitForPaint(start, [&] { return resets > 0 && probe.rowsShown(0); });
    report.line(u"first rows painted, from process start"_s, firstRows + beforeWindow, 1500, u"ms"_s,
        u"(%1 ms to main(), %2 ms to the window, %3 ms to rows)"_s.arg(execToMain, 0, 'f', 0)
            .arg(beforeWindow, 0, 'f', 0)
            .arg(firstRows, 0, 'f', 0));
    const qint64 rows = model->rowCount();
    QScrollBar* bar = view->verticalScrollBar();
    // Pictures are taken after a figure is read, so they cost it nothing.
    const auto grab = [&](const QString& name) {
        if (!grabs.isEmpty() && QDir().mkpath(grabs))
            window.grab().save(grabs + u'/' + name + u".png"_s);
    };
    grab(u"first-rows"_s);
    report.info(u"rows in the list: %1; scrollbar 0..%2 with %3 rows a page"_s.arg(thousands(rows))
                    .arg(thousands(bar->maximum()))
                    .arg(bar->pageStep()));

    // 2. The scrollbar dragged to a point: the rows there, painted.
    for (const double at :
        steps.contains(u"scroll"_s) ? QList<double> { 0.1, 0.5, 0.9, 1.0, 0.25 } : QList<double> {}) {
        const int value = int(std::llround(bar->maximum() * at));
        QElapsedTimer t;
        t.start();
        bar->setSliderDown(true);
        bar->setValue(value);
        bar->setSliderDown(false);
        const double ms = probe.waitForPaint(t, [&] { return probe.rowsShown(value); });
        report.line(u"scrollbar set to %1 %, rows painted"_s.arg(at * 100, 0, 'f', 0), ms, 100);
        if (at == 0.5)
            grab(u"middle"_s);
    }
    // A drag: the slider held and moved through the list for half a second (every position on the way asks for
    // its rows), then let go; the figure is from letting go until the rows there are painted.
    for (const double to : steps.contains(u"scroll"_s) ? QList<double> { 0.75, 0.3 } : QList<double> {}) {
        const int from = bar->value();
        const int target = int(std::llround(bar->maximum() * to));
        bar->setSliderDown(true);
        for (int step = 1; step <= 30; ++step) {
            bar->setValue(from + int(qint64(target - from) * step / 30));
            QTest::qWait(16);
        }
        QElapsedTimer t;
        t.start();
        bar->setSliderDown(false);
        report.line(u"scrollbar dragged for 0.5 s to %1 %, rows painted"_s.arg(to * 100, 0, 'f', 0),
            probe.waitForPaint(t, [&] { return probe.rowsShown(target); }), 100, u"ms"_s, u"after letting go"_s);
    }
    if (steps.contains(u"scroll"_s)) {
        QElapsedTimer t;
        t.start();
        bar->setValue(bar->maximum());
        probe.waitForPaint(t, [&] { return probe.rowsShown(bar->maximum()); });
        const int last = view->rowAt(view->viewport()->height() - 1);
        const qint64 lastShown = last < 0 ? rows : last + 1;
        report.info(u"at the end of the scrollbar the last row painted is row %1 of %2%3"_s.arg(thousands(lastShown))
                        .arg(thousands(rows))
                        .arg(lastShown == rows ? QString() : u" (NOT the last)"_s));
        if (lastShown != rows)
            ++report.missed;
    }
    bar->setValue(0);
    QCoreApplication::processEvents();

    // 3. Sorting: a click on each column header, ascending then descending, until the first sorted rows are
    // painted; then the middle of that order.
    double worstSort = 0;
    QString worstSortName;
    for (int c = 0; c < (steps.contains(u"sort"_s) ? int(EventListModel::ColumnCount) : 0); ++c) {
        for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            const int before = resets;
            QElapsedTimer t;
            t.start();
            view->sortByColumn(c, order);
            const double ms = probe.waitForPaint(t, [&] { return resets > before && probe.rowsShown(0); });
            const QString name = u"%1 %2"_s.arg(model->headerData(c, Qt::Horizontal).toString(),
                order == Qt::AscendingOrder ? u"ascending"_s : u"descending"_s);
            report.line(u"sort by %1"_s.arg(name), ms, 1000);
            if (ms < 0 || ms > worstSort) {
                worstSort = ms < 0 ? 1e9 : ms;
                worstSortName = name;
            }
        }
        const int middle = bar->maximum() / 2;
        QElapsedTimer t;
        t.start();
        bar->setValue(middle);
        report.line(
            u"  … its middle row, painted"_s, probe.waitForPaint(t, [&] { return probe.rowsShown(middle); }), 100);
        bar->setValue(0);
    }
    if (steps.contains(u"sort"_s)) { // back to the window's own order
        const int before = resets;
        view->sortByColumn(EventListModel::Received, Qt::DescendingOrder);
        probe.waitForPaint(start, [&] { return resets > before && probe.rowsShown(0); });
    }

    // 4. Searches typed into the search field: until the results are painted. The field waits 200 ms for
    // typing to pause before it searches; the figure is what follows that pause.
    QString sender;
    {
        // A real sender of the store: the newest verified event's (its row is loaded).
        for (int r = 0; r < std::min<int>(int(rows), EventListModel::PageSize) && sender.isEmpty(); ++r) {
            const store::EventRow* e = model->eventAt(r);
            if (e && e->status == u"verified"_s && !e->fromAddress.isEmpty())
                sender = e->fromAddress;
        }
    }
    const QStringList searches { u"account"_s, bench::tailWord(bench::kTailWords - 1), sender,
        u"\"%1\""_s.arg(bench::planted()), u"refund charge"_s };
    const QStringList labels { u"common word"_s, u"rare word"_s, u"sender address"_s, u"phrase"_s, u"two words"_s };
    constexpr int kTypingPause = 200;
    for (int i = 0; i < (steps.contains(u"search"_s) ? searches.size() : 0); ++i) {
        const QString& text = searches[i];
        window.searchField()->clear();
        QCoreApplication::processEvents();
        {
            // Back to every event first (not timed).
            window.applySearch(QString());
            const int before = resets;
            probe.waitForPaint(start, [&] { return resets > before && probe.rowsShown(0); });
        }
        const int before = resets;
        QTest::keyClicks(window.searchField(), text);
        QElapsedTimer t;
        t.start();
        const double ms = probe.waitForPaint(t, [&] { return resets > before && probe.rowsShown(0); });
        report.line(u"search %1 %2"_s.arg(labels[i], text.size() > 24 ? text.left(22) + u"…"_s : text),
            ms < 0 ? -1 : ms - kTypingPause, 300, u"ms"_s, u"%1 results"_s.arg(thousands(model->rowCount())));
        if (i == 0 || i == 3)
            grab(i == 0 ? u"search-word"_s : u"search-phrase"_s);
        if (i == 0) {
            // Paging through a large result: its middle, and sorting it.
            const int middle = bar->maximum() / 2;
            QElapsedTimer m;
            m.start();
            bar->setValue(middle);
            report.line(
                u"  … its middle row, painted"_s, probe.waitForPaint(m, [&] { return probe.rowsShown(middle); }), 100);
            const int b = resets;
            bar->setValue(0);
            QElapsedTimer s;
            s.start();
            view->sortByColumn(EventListModel::Subject, Qt::AscendingOrder);
            report.line(u"  … sorted by subject"_s,
                probe.waitForPaint(s, [&] { return resets > b && probe.rowsShown(0); }), 1000);
            const int b2 = resets;
            view->sortByColumn(EventListModel::Received, Qt::DescendingOrder);
            probe.waitForPaint(s, [&] { return resets > b2 && probe.rowsShown(0); });
        }
    }
    report.info(u"sidebar counts of every view arrived %1 ms after the window was made"_s.arg(countsMs, 0, 'f', 0));

    // 5. A person reads events: the first rows selected one after the other, each shown in the detail tabs
    // (the email's HTML in Qt WebEngine); not a target, but it belongs in the memory figure.
    if (steps.contains(u"details"_s)) {
        window.applySearch(QString());
        window.searchField()->clear();
        const int before = resets;
        probe.waitForPaint(start, [&] { return resets > before && probe.rowsShown(0); });
        double worst = 0;
        for (int r = 0; r < 10; ++r) {
            const qint64 id = model->index(r, 0).data(EventListModel::EventRowIdRole).toLongLong();
            QElapsedTimer t;
            t.start();
            bool shown = false;
            const auto c = QObject::connect(&window, &MainWindow::detailsShown, [&](qint64 e) { shown = e == id; });
            view->setCurrentIndex(model->index(r, 0));
            shown = shown || QTest::qWaitFor([&] { return shown; }, 10'000);
            QObject::disconnect(c);
            worst = std::max(worst, shown ? double(t.nsecsElapsed()) / 1e6 : 1e9);
        }
        report.info(u"the details of 10 events shown one after the other: the slowest %1 ms"_s.arg(worst, 0, 'f', 0));
        QTest::qWait(500); // the last email's HTML laid out
    }

    // 6. Memory: the peak resident set of the whole run.
    const qint64 hwm = statusKb("VmHWM:");
    report.line(u"peak memory (VmHWM) over the whole run"_s, double(hwm) / 1024.0, 400, u"MB"_s,
        u"(now %1 MB)"_s.arg(statusKb("VmRSS:") / 1024));
    const auto [childrenKb, children] = descendantsPeakKb();
    report.info(u"Qt WebEngine's own processes (the email's HTML): %1, their peaks together %2 MB"_s.arg(children).arg(
        childrenKb / 1024));

    // What the store holds, for the record (read after the timed part, so it warms nothing above).
    {
        auto db = store::openDatabase(path, u"bench-facts"_s, store::Durability::Normal, true);
        if (db) {
            QSqlQuery q(*db);
            if (q.exec(u"SELECT count(*), sum(discarded_us IS NULL) FROM events"_s) && q.next()) {
                const qint64 live = q.value(1).toLongLong();
                report.info(u"store: %1 events (%2 live, %3 in the bin), %4 MB; the list had %5 rows: %6"_s
                                .arg(thousands(q.value(0).toLongLong()))
                                .arg(thousands(live))
                                .arg(thousands(q.value(0).toLongLong() - live))
                                .arg(QFileInfo(path).size() / 1'000'000)
                                .arg(thousands(rows))
                                .arg(rows == live ? u"every live event"_s : u"NOT every live event"_s));
                if (rows != live)
                    ++report.missed;
            }
            db->close();
        }
    }
    QSqlDatabase::removeDatabase(u"bench-facts"_s);
    report.info(
        u"total %1 s; %2 figure(s) missed"_s.arg(double(sinceMain.elapsed()) / 1000.0, 0, 'f', 1).arg(report.missed));
    return report.missed == 0 ? 0 : 1;
}
