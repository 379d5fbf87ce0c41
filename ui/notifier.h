#pragma once

#include "eventreader.h"
#include "job.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace hookscope::ui {

class MainWindow;

/**
 * Desktop notifications: while the window is not the active one, a failing signature or a quarantine among the
 * events that arrived says so in the system tray (verified and unverified events say nothing). Arrivals are learnt
 * from the views' counts (read off the GUI thread and paced by the StoreWatcher, at most once a second), so a burst
 * is one message ("5 failing signatures"); what arrived is read on the reader's thread. Clicking the message raises
 * the window and selects the newest such event. Off where the desktop has no tray; the View menu's "Notify me of
 * failing signatures and quarantines" turns it off (QSettings `notify/failures`, on by default).
 */
class Notifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)
public:
    /** Where messages go: the tray's balloon, or (tests, platforms without a tray) anything else. */
    using Sink = std::function<void(const QString& title, const QString& message)>;

    Notifier(MainWindow* window, EventReader& reader, QMenu* viewMenu);
    ~Notifier() override;

    /** Messages go to `sink` instead of the tray (which is then not needed); messageClicked() stands for a click. */
    void setSink(Sink sink);
    /** Whether messages can be shown (a tray, or a sink) and the user wants them. */
    bool isActive() const;
    QAction* toggleAction() const { return m_toggle; }
    /** What clicking the message does: raises the window and selects the event it spoke of. */
    void messageClicked();
    /** The sender's text (a subject) as a notification may show it: no markup, no controls, at most 120 characters. */
    static QString notificationText(const QString& senderText);
    /** The event the last message spoke of (the newest failing or quarantined one), 0 before any. */
    qint64 messageEventId() const { return m_eventId; }
    /** Whether a look at the store is on its way (started, or asked for again). */
    bool isLooking() const { return m_looking || m_again; }

Q_SIGNALS:
    /** A message was shown (after the sink got it). */
    void notified(const QString& title, const QString& message);
    /** What arrived since the last look was read (whether or not it made a message). */
    void arrivalsRead();

private:
    struct Arrivals {
        bool ok = false;
        qint64 lastId = 0;
        qint64 failed = 0;
        qint64 quarantined = 0;
        qint64 newestId = 0; ///< the newest failing or quarantined event
        QString newestLabel; ///< its subject, else its provider id
    };
    void look();
    void show(const Arrivals& a);
    void select(qint64 eventId, bool again);

    MainWindow* m_window;
    EventReader& m_reader;
    QAction* m_toggle;
    QPointer<QSystemTrayIcon> m_tray;
    Sink m_sink;
    Job<Arrivals> m_job;
    qint64 m_lastId = -1; ///< the newest event looked at; -1 until the first look
    qint64 m_eventId = 0;
    bool m_looking = false;
    bool m_again = false;
    QMetaObject::Connection m_pendingSelect; ///< a click's selection waiting for the All view's first page
};

} // namespace hookscope::ui
