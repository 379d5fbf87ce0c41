#pragma once

#include "eventdetails.h"
#include "eventreader.h"
#include "job.h"

#include <QStackedWidget>

class QAction;
class QTabWidget;

namespace hookscope::ui {

class AttachmentsPane;
class BodyPane;
class DeliveriesPane;
class DetailPane;
class EmailPane;
class MimePane;
class OverviewPane;
class RequestPane;
class SignaturePane;

/**
 * The selected event's details: a tab per pane (overview, request, body, email, attachments, MIME, signature,
 * deliveries), or a line saying to select one. Reads the details off the GUI thread and reads them again when
 * the event changes in the store.
 */
class DetailArea final : public QStackedWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailArea)
public:
    explicit DetailArea(EventReader& reader, QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }
    /** One action per tab (Alt+1 … Alt+8), checked for the tab shown: the View menu's Detail tab submenu. */
    QList<QAction*> tabActions() const { return m_tabActions; }
    OverviewPane* overviewPane() const { return m_overview; }
    RequestPane* requestPane() const { return m_request; }
    BodyPane* bodyPane() const { return m_body; }
    EmailPane* emailPane() const { return m_email; }
    AttachmentsPane* attachmentsPane() const { return m_attachments; }
    MimePane* mimePane() const { return m_mime; }
    SignaturePane* signaturePane() const { return m_signature; }
    DeliveriesPane* deliveriesPane() const { return m_deliveries; }

    /** The details the panes show (valid after detailsShown). */
    const EventDetails& details() const { return m_details; }
    /** Reads and shows event `id` (0: none); detailsShown follows when it is found. */
    void load(qint64 id);
    /** Reads the shown event again if its row or its attempts changed since it was shown. */
    void reloadIfChanged();
    /**
     * Return (or a double-click) on the list: the keyboard focus goes into the tab shown, to its first part that
     * takes the focus (the tab bar when none does); Esc anywhere in the details asks to go back (leaveRequested).
     */
    void focusShownTab();

Q_SIGNALS:
    /** The panes show event `eventId`. */
    void detailsShown(qint64 eventId);
    /** Esc in the details: the focus should go back to the list. */
    void leaveRequested();

private:
    void showDetails(const EventDetails& details);

    EventReader& m_reader;
    QTabWidget* m_tabs = nullptr;
    QList<QAction*> m_tabActions;
    OverviewPane* m_overview = nullptr;
    RequestPane* m_request = nullptr;
    BodyPane* m_body = nullptr;
    EmailPane* m_email = nullptr;
    AttachmentsPane* m_attachments = nullptr;
    MimePane* m_mime = nullptr;
    SignaturePane* m_signature = nullptr;
    DeliveriesPane* m_deliveries = nullptr;
    QList<DetailPane*> m_panes;
    qint64 m_wantedId = 0;
    EventDetails m_details;
    Job<EventDetails> m_detailsJob;
    Job<std::optional<EventDetails>> m_recheckJob;
};

} // namespace hookscope::ui
