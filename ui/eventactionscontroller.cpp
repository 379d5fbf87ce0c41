#include "eventactionscontroller.h"

#include "quarantinedialog.h"
#include "selectedevents.h"
#include "wording.h"

#include "core/actions/eventusecases.h"
#include "core/export/importer.h"
#include "core/replay/replayer.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSet>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** The events Quarantine applies to: neither quarantined already nor in the bin. */
QList<store::EventRow> quarantinable(QList<store::EventRow> events)
{
    events.removeIf([](const store::EventRow& e) { return !e.quarantined.isEmpty() || e.discarded; });
    return events;
}

QStringList routesOf(const QList<store::EventRow>& events)
{
    QStringList routes;
    for (const store::EventRow& e : events) {
        const QString route = actions::routeName(e.route);
        if (!routes.contains(route))
            routes << route;
    }
    return routes;
}

/** What the status bar says of an action on events: while it runs, and once it is done (%1: "2 events"). */
struct ActionWords {
    QString action;
    QString running;
    QString done;
};

const ActionWords& wordsFor(const QString& action)
{
    static const ActionWords words[] = {
        { u"quarantine"_s, u"Quarantining %1…"_s, u"Quarantined %1"_s },
        { u"release"_s, u"Re-checking and releasing %1…"_s, u"Released %1"_s },
        { u"discard"_s, u"Moving %1 to the bin…"_s, u"Moved %1 to the bin"_s },
        { u"restore"_s, u"Restoring %1…"_s, u"Restored %1"_s },
        { u"purge"_s, u"Emptying the bin…"_s, u"Removed %1 for good"_s }, // the bin's size is known once emptied
        { u"import"_s, u"Importing…"_s, u"Imported %1"_s },
    };
    for (const ActionWords& w : words)
        if (w.action == action)
            return w;
    static const ActionWords other { QString(), u"%1…"_s, u"Done: %1"_s };
    return other;
}

QString runningText(const QString& action, int count)
{
    const QString& text = wordsFor(action).running;
    return text.contains(u"%1"_s) ? text.arg(countedEvents(count)) : text;
}

QString doneText(const QString& action, int changed)
{
    if (action == u"purge"_s && changed == 0)
        return u"The bin was empty"_s;
    return wordsFor(action).done.arg(countedEvents(changed));
}

QString failedText(const QString& action, const QString& error)
{
    QString verb = action;
    if (!verb.isEmpty())
        verb[0] = verb[0].toUpper();
    return u"%1 failed: %2"_s.arg(verb, error);
}

} // namespace

EventActionsController::EventActionsController(EventReader& reader, ListenerControl* listener, QWidget* window)
    : QObject(window)
    , m_reader(reader)
    , m_listener(listener)
    , m_window(window)
{
    // Replays need the store's path for the process's writer.
    m_reader.submit(this, [this](store::EventStore& store) -> std::function<void()> {
        return [this, path = store.path()] { m_databasePath = path; };
    });
}

EventActionsController::~EventActionsController()
{
    // Runs still in flight stay pending in the store; their attempts must not reach a half-gone window.
    if (m_replayer)
        disconnect(m_replayer, nullptr, this, nullptr);
    m_ownReplayer.reset();
    // The writer is the process's: what the replays queued is committed, and the listener may go on using it.
    if (m_replayWriter)
        m_replayWriter->waitForQueued();
    m_replayWriter.reset();
}

actions::SecretPolicy EventActionsController::secretPolicy(const QStringList& routes, const QByteArray& typed) const
{
    actions::SecretPolicy listener;
    if (m_listener) {
        const ListenerState state = m_listener->state();
        for (auto it = state.routeSecrets.cbegin(); it != state.routeSecrets.cend(); ++it)
            listener.setGivenForRoute(it.key(), it.value());
        listener.setConfigPath(state.configPath);
    }
    // Resolved here, on the GUI thread (the keyring answers through its event loop), for the reader's thread.
    actions::SecretPolicy resolved;
    if (!typed.isEmpty())
        resolved.setGiven({ typed });
    for (const QString& route : routes)
        resolved.setGivenForRoute(route, listener.secretsFor(route).value_or(QList<QByteArray>()));
    return resolved;
}

void EventActionsController::run(const QString& action, int count,
    std::function<Result<int>(store::EventStore& store, store::StoreWriter& writer)> work)
{
    ++m_running;
    Q_EMIT busyChanged();
    Q_EMIT statusMessage(runningText(action, count), 0);
    m_reader.submit(this, [this, action, work](store::EventStore& store) -> std::function<void()> {
        Result<int> result = [&]() -> Result<int> {
            auto writer = store::StoreWriter::shared(store.path());
            if (!writer)
                return fail(writer.error());
            return work(store, **writer);
        }();
        const QString error = result ? QString() : result.error();
        const int changed = result ? *result : 0;
        return [this, action, changed, error] {
            --m_running;
            Q_EMIT statusMessage(error.isEmpty() ? doneText(action, changed) : failedText(action, error), 8000);
            Q_EMIT busyChanged();
            Q_EMIT actionFinished(action, changed, error);
        };
    });
}

void EventActionsController::quarantine(
    const QList<store::EventRow>& selected, const QString& reason, const QString& note)
{
    const QList<store::EventRow> events = quarantinable(selected);
    if (events.isEmpty())
        return;
    run(u"quarantine"_s, int(events.size()),
        [ids = idsOf(events), reason, note](store::EventStore&, store::StoreWriter& writer) -> Result<int> {
            if (auto r = actions::quarantine(writer, ids, reason, note); !r)
                return fail(r.error());
            return int(ids.size());
        });
}

void EventActionsController::askQuarantine(const QList<store::EventRow>& selected)
{
    const QList<store::EventRow> events = quarantinable(selected);
    if (events.isEmpty()) {
        if (!selected.isEmpty())
            Q_EMIT statusMessage(u"Nothing to quarantine: the selected events are quarantined or in the bin"_s, 8000);
        return;
    }
    QuarantineDialog dialog(int(events.size()), m_window);
    if (dialog.exec() == QDialog::Accepted)
        quarantine(events, dialog.reason(), dialog.note());
}

void EventActionsController::release(const QList<store::EventRow>& selected, const QString& note)
{
    QList<store::EventRow> events = selected;
    events.removeIf([](const store::EventRow& e) { return e.quarantined.isEmpty(); });
    if (events.isEmpty())
        return;
    // Re-check first (reads only); an event that still fails is released only when the user says so.
    ++m_running;
    Q_EMIT busyChanged();
    Q_EMIT statusMessage(runningText(u"release"_s, int(events.size())), 0);
    m_reader.submit(this,
        [this, events, note, secrets = secretPolicy(routesOf(events))](
            store::EventStore& store) -> std::function<void()> {
            auto rechecked = actions::recheckForRelease(store, events, secrets);
            return [this, rechecked, note] {
                --m_running;
                Q_EMIT busyChanged();
                if (!rechecked) {
                    Q_EMIT statusMessage(failedText(u"release"_s, rechecked.error()), 8000);
                    Q_EMIT actionFinished(u"release"_s, 0, rechecked.error());
                    return;
                }
                confirmRelease(*rechecked, note);
            };
        });
}

void EventActionsController::confirmRelease(const QList<actions::Released>& rechecked, const QString& note)
{
    QStringList failing;
    for (const actions::Released& r : rechecked) {
        if (!r.recheck.parsed)
            failing << u"event %1: the payload still does not parse (%2)"_s.arg(r.event).arg(r.recheck.parseError);
        else if (r.recheck.verified && !r.recheck.verdict.valid())
            failing << u"event %1: the signature still fails (%2)"_s.arg(r.event).arg(r.recheck.verdict.reason.isEmpty()
                    ? verify::Verdict::outcomeCode(r.recheck.verdict.outcome)
                    : r.recheck.verdict.reason);
    }
    const auto apply = [this, rechecked, note] {
        run(u"release"_s, int(rechecked.size()),
            [rechecked, note](store::EventStore&, store::StoreWriter& writer) -> Result<int> {
                if (auto r = actions::applyRelease(writer, rechecked, note); !r)
                    return fail(r.error());
                return int(rechecked.size());
            });
    };
    if (failing.isEmpty()) {
        apply();
        return;
    }
    constexpr int kListed = 5;
    QString text = rechecked.size() == 1
        ? u"The re-check still finds a problem with this event."_s
        : u"The re-check still finds a problem with %1 of these %2."_s.arg(failing.size())
              .arg(countedEvents(rechecked.size()));
    QString details = failing.mid(0, kListed).join(u'\n');
    if (failing.size() > kListed)
        details += u"\n… and %1 more"_s.arg(failing.size() - kListed);
    auto* box = new QMessageBox(QMessageBox::Warning, u"Release"_s, text, QMessageBox::Cancel, m_window);
    box->setObjectName(u"releaseStillFailing"_s);
    box->setTextFormat(Qt::PlainText); // a parse error can quote the payload: shown as text, never as markup
    box->setInformativeText(details
        + u"\n\nRelease anyway? Your receiver would process what the sender may not "
          u"have sent."_s);
    QPushButton* anyway = box->addButton(u"Release anyway"_s, QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, anyway, apply] {
        if (box->clickedButton() == anyway) {
            apply();
            return;
        }
        Q_EMIT statusMessage(u"Release cancelled: nothing changed"_s, 8000);
        Q_EMIT actionFinished(u"release"_s, 0, QString());
    });
    box->open();
}

void EventActionsController::discard(const QList<store::EventRow>& selected, const QString& note)
{
    QList<store::EventRow> events = selected;
    events.removeIf([](const store::EventRow& e) { return e.discarded; });
    if (events.isEmpty())
        return;
    run(u"discard"_s, int(events.size()),
        [ids = idsOf(events), note](store::EventStore&, store::StoreWriter& writer) -> Result<int> {
            if (auto r = actions::discard(writer, ids, note); !r)
                return fail(r.error());
            return int(ids.size());
        });
}

void EventActionsController::restore(const QList<store::EventRow>& selected, const QString& note)
{
    QList<store::EventRow> events = selected;
    events.removeIf([](const store::EventRow& e) { return !e.discarded; });
    if (events.isEmpty())
        return;
    run(u"restore"_s, int(events.size()),
        [ids = idsOf(events), note](store::EventStore&, store::StoreWriter& writer) -> Result<int> {
            if (auto r = actions::restore(writer, ids, note); !r)
                return fail(r.error());
            return int(ids.size());
        });
}

void EventActionsController::askImport()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        m_window, u"Import"_s, QString(), u"HAR and email files (*.har *.eml);;All files (*)"_s);
    if (!files.isEmpty())
        importFiles(files);
}

void EventActionsController::importFiles(const QStringList& files)
{
    run(u"import"_s, 0, [files](store::EventStore& store, store::StoreWriter& writer) -> Result<int> {
        exporting::Importer importer(store.path(), writer);
        auto results = importer.importFiles(files);
        if (!results)
            return fail(results.error() + u"; nothing was imported"_s);
        QSet<qint64> events;
        for (const exporting::ImportResult& r : std::as_const(*results))
            for (qint64 id : r.eventRowIds)
                events.insert(id);
        return int(events.size());
    });
}

void EventActionsController::askEmptyBin(qint64 inBin)
{
    if (QMessageBox::question(m_window, u"Empty bin"_s,
            u"Remove %1 from the bin for good? This cannot be undone (the audit log keeps a record)."_s.arg(
                countedEvents(inBin)))
        == QMessageBox::Yes)
        emptyBin();
}

void EventActionsController::emptyBin()
{
    // The bin only: retention stays the command line's (`hookscope purge --older-than`, the configuration).
    run(u"purge"_s, 0, [](store::EventStore&, store::StoreWriter& writer) -> Result<int> {
        auto removed = actions::purge(writer, {});
        if (!removed)
            return fail(removed.error());
        return int(removed->size());
    });
}

void EventActionsController::setReplayService(replay::ReplayService* service)
{
    if (m_replayer)
        disconnect(m_replayer, nullptr, this, nullptr);
    m_replayer = service;
    connect(m_replayer, &replay::ReplayService::progress, this, [this](int finished, int total) {
        if (m_replayProgress) {
            m_replayProgress->setMaximum(total);
            m_replayProgress->setValue(finished);
        }
        Q_EMIT statusMessage(u"Replaying: %1 of %2"_s.arg(finished).arg(total), 0);
    });
    connect(m_replayer, &replay::ReplayService::runFinished, this,
        [this](const replay::RunSummary& summary) { m_runs << summary; });
    connect(m_replayer, &replay::ReplayService::idle, this, [this] {
        if (!m_replaysRunning)
            return;
        m_replaysRunning = false;
        if (m_replayProgress) {
            m_replayProgress->reset();
            m_replayProgress->deleteLater();
        }
        int ok = 0, cancelled = 0;
        for (const replay::RunSummary& r : std::as_const(m_runs)) {
            ok += r.ok;
            cancelled += r.cancelled;
        }
        const int failed = int(m_runs.size()) - ok - cancelled;
        QString text = u"Replayed %1 of %2"_s.arg(ok).arg(m_runs.size());
        if (failed)
            text += u" · %1 failed"_s.arg(failed);
        if (cancelled)
            text += u" · %1 cancelled"_s.arg(cancelled);
        if (m_runs.size() == 1 && !m_runs.first().ok && !m_runs.first().cancelled)
            text += u": "_s + (m_runs.first().status ? u"HTTP %1"_s.arg(m_runs.first().status) : m_runs.first().error);
        Q_EMIT statusMessage(text, 10000);
        Q_EMIT busyChanged();
        const QList<replay::RunSummary> runs = std::exchange(m_runs, {});
        Q_EMIT replayFinished(runs);
    });
}

replay::ReplayService* EventActionsController::replayService()
{
    if (m_replayer)
        return m_replayer;
    if (m_databasePath.isEmpty())
        return nullptr;
    auto writer = store::StoreWriter::shared(m_databasePath);
    if (!writer) {
        Q_EMIT statusMessage(u"Cannot replay: %1"_s.arg(writer.error()), 10000);
        return nullptr;
    }
    m_replayWriter = *writer;
    m_ownReplayer = std::make_unique<replay::Replayer>(m_databasePath, m_replayWriter.get());
    setReplayService(m_ownReplayer.get());
    return m_replayer;
}

void EventActionsController::replayEvents(const QList<store::EventRow>& events, const actions::ReplayRequest& request,
    int concurrency, const QByteArray& typedSecret)
{
    if (events.isEmpty() || m_replaysRunning)
        return;
    // The way, for R: one event's edits are not another's.
    LastReplay last { request, concurrency, typedSecret };
    last.request.removeHeaders.clear();
    last.request.setHeaders.clear();
    last.request.headers.reset();
    last.request.body.reset();
    m_lastReplay = last;
    const actions::SecretPolicy secrets = secretPolicy(routesOf(events), typedSecret);
    m_reader.submit(this,
        [this, ids = idsOf(events), request, secrets, concurrency](store::EventStore& store) -> std::function<void()> {
            // The rows as stored now (the list's may be older), with their deliveries.
            QList<actions::StoredEvent> stored;
            QString problem;
            for (qint64 id : ids) {
                auto event = store.event(id);
                auto deliveries = store.deliveries(id);
                if (!event || !*event || !deliveries) {
                    problem = !event ? event.error() : !deliveries ? deliveries.error() : u"no event %1"_s.arg(id);
                    break;
                }
                stored.append({ **event, *deliveries });
            }
            Result<QList<replay::ReplayJob>> jobs
                = problem.isEmpty() ? actions::replayJobs(stored, request, secrets) : fail(problem);
            return [this, jobs, concurrency] {
                if (!jobs) {
                    Q_EMIT statusMessage(u"Cannot replay: %1"_s.arg(jobs.error()), 10000);
                    Q_EMIT replayFinished({});
                    return;
                }
                replay(*jobs, concurrency);
            };
        });
}

bool EventActionsController::replayAgain(const QList<store::EventRow>& events)
{
    if (!m_lastReplay)
        return false;
    const LastReplay last = *m_lastReplay;
    replayEvents(events, last.request, last.concurrency, last.typedSecret);
    return true;
}

void EventActionsController::replay(const QList<replay::ReplayJob>& jobs, int concurrency)
{
    if (jobs.isEmpty() || m_replaysRunning)
        return;
    replay::ReplayService* service = replayService();
    if (!service)
        return;
    m_replaysRunning = true;
    m_runs.clear();
    Q_EMIT busyChanged();
    service->setConcurrency(concurrency);
    if (jobs.size() > 1) {
        m_replayProgress = new QProgressDialog(
            u"Replaying %1 to %2…"_s.arg(countedEvents(jobs.size()), jobs.first().target.toString()), u"Cancel"_s, 0,
            int(jobs.size()), m_window);
        m_replayProgress->setObjectName(u"replayProgress"_s);
        m_replayProgress->setWindowTitle(u"Replay"_s);
        m_replayProgress->setAutoClose(false);
        m_replayProgress->setAutoReset(false);
        m_replayProgress->setMinimumDuration(0);
        m_replayProgress->setValue(0);
        connect(m_replayProgress, &QProgressDialog::canceled, this, &EventActionsController::cancelReplay);
        m_replayProgress->show();
    }
    Q_EMIT statusMessage(u"Replaying %1 to %2…"_s.arg(countedEvents(jobs.size()), jobs.first().target.toString()), 0);
    service->submit(jobs);
}

void EventActionsController::cancelReplay()
{
    if (m_replayer && m_replaysRunning)
        m_replayer->cancel();
}

} // namespace hookscope::ui
