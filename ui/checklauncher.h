#pragma once

#include "eventreader.h"

#include <QObject>
#include <QPointer>

class QAction;
class QMainWindow;

namespace hookscope::ui {

class CheckDialog;

/**
 * File ▸ Check an endpoint…: opens the Check dialog (not modal) over the window's store, kept while the window lives
 * so that a run in progress and the scorecard stay when it is closed and opened again.
 */
class CheckLauncher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckLauncher)
public:
    /** Adds the action to the window's File menu (objectName "fileMenu"), after Export. */
    CheckLauncher(EventReader& reader, QMainWindow* window);

    QAction* action() const { return m_action; }
    /** Opens (or raises) the dialog. */
    CheckDialog* open();
    /** The dialog, once opened (null before). */
    CheckDialog* dialog() const;

private:
    EventReader& m_reader;
    QMainWindow* m_window;
    QAction* m_action = nullptr;
    QPointer<CheckDialog> m_dialog;
};

} // namespace hookscope::ui
