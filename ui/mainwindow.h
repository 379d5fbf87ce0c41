#pragma once

#include "eventdetails.h"
#include "eventreader.h"
#include "job.h"
#include "listenercontrol.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;
class QTreeView;
class QHBoxLayout;

namespace hookscope::ui {

class AttachmentsPane;
class BodyPane;
class DeliveriesPane;
class DetailPane;
class EmailPane;
class EmptyState;
class EventListModel;
class MimePane;
class OverviewPane;
class RequestPane;
class SampleSender;
class SignaturePane;
class ViewListModel;

/**
 * The inspector: views with counts on the left, the live event list, and the selected event's
 * details in tabs below it. The only place panes are wired to each other.
 */
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /** `listener` may be null (a window over a store, nothing listening). */
    MainWindow(EventReader& reader, ListenerControl* listener, QWidget* parent = nullptr);
    ~MainWindow() override;

    EventListModel* eventModel() const { return m_events; }
    ViewListModel* viewModel() const { return m_views; }
    QTableView* eventView() const { return m_eventView; }
    QTreeView* sidebar() const { return m_sidebar; }
    QLineEdit* searchField() const { return m_search; }
    QLabel* searchHint() const { return m_hint; }
    QTabWidget* detailTabs() const { return m_tabs; }
    EmptyState* emptyState() const { return m_empty; }
    OverviewPane* overviewPane() const { return m_overview; }
    RequestPane* requestPane() const { return m_request; }
    BodyPane* bodyPane() const { return m_body; }
    EmailPane* emailPane() const { return m_email; }
    AttachmentsPane* attachmentsPane() const { return m_attachments; }
    MimePane* mimePane() const { return m_mime; }
    SignaturePane* signaturePane() const { return m_signature; }
    DeliveriesPane* deliveriesPane() const { return m_deliveries; }
    QWidget* listenerBanner() const { return m_banner; }
    QLabel* countsLabel() const { return m_counts; }

    qint64 currentEventId() const { return m_currentId; }
    /** The details the panes show (valid after detailsShown). */
    const EventDetails& shownDetails() const { return m_details; }
    /** Selects the view showing events with `status` ("" for All) and route. */
    void selectView(const QString& status, const QString& route = {});
    /** Applies search text now (the field applies it after a short pause while typing). */
    void applySearch(const QString& text);
    /** Makes the listener state current (after a restart, or at start). */
    void updateListener();
    /** The text Ctrl+C puts on the clipboard for the selected rows. */
    QString selectionText() const;
    /** A curl command that re-sends delivery `d` to `baseUrl`. */
    static QString curlCommand(const store::DeliveryRow& d, const QUrl& baseUrl);

Q_SIGNALS:
    /** The selection vocabulary: the event the panes should show (0: none). */
    void eventSelected(qint64 eventId);
    /** The panes show event `eventId`. */
    void detailsShown(qint64 eventId);
    /** The list and counts reflect the store after a change. */
    void refreshed();

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildUi();
    void buildStatusBar();
    void onCurrentRowChanged(int row);
    void loadDetails(qint64 id);
    void reloadIfChanged();
    void showDetails(const EventDetails& details);
    void poll();
    void storeChanged();
    void refreshCounts();
    void applyFilter();
    void updateEmptyState();
    void sendSample();
    void showListMenu(const QPoint& pos);
    void copyCurl(qint64 eventId);
    void restoreSelection();
    void copyToClipboard(const QString& text, const QString& what);

    EventReader& m_reader;
    ListenerControl* m_listener;
    EventListModel* m_events;
    ViewListModel* m_views;
    QTreeView* m_sidebar = nullptr;
    QTableView* m_eventView = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_hint = nullptr;
    QStackedWidget* m_listStack = nullptr;
    EmptyState* m_empty = nullptr;
    QStackedWidget* m_detailStack = nullptr;
    QTabWidget* m_tabs = nullptr;
    OverviewPane* m_overview = nullptr;
    RequestPane* m_request = nullptr;
    BodyPane* m_body = nullptr;
    EmailPane* m_email = nullptr;
    AttachmentsPane* m_attachments = nullptr;
    MimePane* m_mime = nullptr;
    SignaturePane* m_signature = nullptr;
    DeliveriesPane* m_deliveries = nullptr;
    QList<DetailPane*> m_panes;
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_bannerButton = nullptr;
    QWidget* m_urlButtons = nullptr;
    QHBoxLayout* m_urlLayout = nullptr;
    QLabel* m_counts = nullptr;
    SampleSender* m_sender = nullptr;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_searchTimer = nullptr;
    QTimer* m_countsTimer = nullptr;

    qint64 m_currentId = 0;
    int m_waitingRow = -1;
    bool m_rowsMoving = false;
    EventDetails m_details;
    Job<EventDetails> m_detailsJob;
    Job<std::optional<EventDetails>> m_recheckJob;
    Job<qint64> m_versionJob;
    Job<std::optional<EventDetails>> m_curlJob;
    qint64 m_lastCounter = -1;
    qint64 m_lastDataVersion = -1;
    int m_pollTicks = 0;
    QElapsedTimer m_sinceCounts;
    QString m_viewStatus;
    QString m_viewRoute;
    QString m_searchText;
};

} // namespace hookscope::ui
