#pragma once

#include "eventreader.h"
#include "job.h"

#include <QList>
#include <QObject>

#include <functional>
#include <optional>

class QAction;
class QPoint;
class QStatusBar;
class QTableView;

namespace hookscope::ui {

class EventListModel;

/**
 * The event list's context menu and what it copies: a row's ids, the selected rows as tab-separated text
 * (also Ctrl+C), and an event as a curl command rendered as `export --format curl` renders it.
 */
class EventListMenu final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventListMenu)
public:
    /** What the menu ends with: the Event menu's actions, made current first. */
    using Actions = std::function<QList<QAction*>()>;

    EventListMenu(EventReader& reader, QTableView* view, EventListModel* events, QStatusBar* bar, Actions actions,
        QObject* parent = nullptr);

    /** The text Ctrl+C puts on the clipboard for the selected rows (a header line above several). */
    QString selectionText() const;
    /** Puts event `eventId` on the clipboard as a curl command (read off the GUI thread). */
    void copyCurl(qint64 eventId);

private:
    void showMenu(const QPoint& pos);
    void copy(const QString& text, const QString& what);

    EventReader& m_reader;
    QTableView* m_view;
    EventListModel* m_events;
    QStatusBar* m_bar;
    Actions m_actions;
    Job<std::optional<QByteArray>> m_curlJob;
};

} // namespace hookscope::ui
