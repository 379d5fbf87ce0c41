#include "exportcontroller.h"

#include "wording.h"

#include "eventreader.h"
#include "exportdialog.h"

#include "core/export/exportevents.h"

#include <QPointer>
#include <QProgressDialog>
#include <QTimer>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

ExportController::ExportController(EventReader& reader, QWidget* window)
    : QObject(window)
    , m_reader(reader)
    , m_window(window)
{
}

void ExportController::ask(const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return;
    ExportDialog dialog(int(ids.size()), m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    exportEvents(ids, dialog.format(), dialog.path(), dialog.redactAuthorization(), dialog.attachmentsFolder());
}

void ExportController::exportEvents(const QList<qint64>& ids, const QString& format, const QString& path,
    bool redactAuthorization, const QString& attachmentsFolder)
{
    if (ids.isEmpty() || path.isEmpty())
        return;
    Q_EMIT started();
    Q_EMIT status(u"Exporting %1 as %2…"_s.arg(countedEvents(ids.size()), format), 0);
    // The reader thread counts events done; a timer here shows the count, Cancel sets the flag it checks.
    auto done = std::make_shared<std::atomic<int>>(0);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    QPointer<QProgressDialog> progress;
    if (ids.size() > 1) {
        progress = new QProgressDialog(
            u"Exporting %1 as %2…"_s.arg(countedEvents(ids.size()), format), u"Cancel"_s, 0, int(ids.size()), m_window);
        progress->setObjectName(u"exportProgress"_s);
        progress->setWindowTitle(u"Export"_s);
        progress->setAutoClose(false);
        progress->setAutoReset(false);
        progress->setMinimumDuration(300);
        connect(progress, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });
        auto* ticker = new QTimer(progress);
        connect(ticker, &QTimer::timeout, progress, [progress, done] { progress->setValue(done->load()); });
        ticker->start(100);
    }
    exporting::ExportRequest request;
    request.eventIds = ids;
    request.format = format;
    request.destination = path;
    request.options.redactAuthorization = redactAuthorization;
    request.attachmentsFolder = attachmentsFolder;
    request.progress = [done](int n) { *done = n; };
    request.cancel = cancelled.get();
    m_reader.submit(this, [this, request, cancelled, progress](store::EventStore& store) -> std::function<void()> {
        // `cancelled` rides along so that the flag outlives the request's pointer to it.
        auto exported = exporting::exportEvents(store, request);
        const QStringList files = exported ? exported->files : QStringList();
        const QString error = exported ? QString() : exported.error().message;
        return [this, files, error, format = request.format, progress] {
            if (progress)
                progress->deleteLater();
            Q_EMIT status(error.isEmpty() ? u"Exported %1 as %2%3"_s.arg(counted(files.size(), u"file"_s, u"files"_s))
                                                .arg(format)
                                                .arg(files.size() == 1 ? u": "_s + files.first() : QString())
                                          : u"Export failed: %1"_s.arg(error),
                10000);
            Q_EMIT finished(files, error);
        };
    });
}

} // namespace hookscope::ui
