#pragma once

#include <QObject>
#include <QStringList>

class QWidget;

namespace hookscope::ui {

class EventReader;

/**
 * The window's Export…: asks with the export dialog, runs the export use case (exporting::exportEvents, the one
 * `hookscope export` runs) on the reader's thread, shows a progress dialog with Cancel for several events and
 * says the outcome in the status bar.
 */
class ExportController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportController)
public:
    /** `window` parents the dialogs (not owned). */
    ExportController(EventReader& reader, QWidget* window);

    /** Shows the export dialog for `ids`, then exports what it was given (nothing when cancelled). */
    void ask(const QList<qint64>& ids);
    /** Writes `ids` in `format` to `path` (see exporting::ExportRequest for the naming rule), and their attachments
     *  into `attachmentsFolder` when it is not empty; finished follows. */
    void exportEvents(const QList<qint64>& ids, const QString& format, const QString& path, bool redactAuthorization,
        const QString& attachmentsFolder = {});

Q_SIGNALS:
    /** An export began (the window disables its actions until finished). */
    void started();
    /** What to say in the status bar, for `timeoutMs` (0: until replaced). */
    void status(const QString& message, int timeoutMs);
    /** An export ended: the files written, or why it failed. */
    void finished(const QStringList& files, const QString& error);

private:
    EventReader& m_reader;
    QWidget* m_window;
};

} // namespace hookscope::ui
