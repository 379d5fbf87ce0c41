#pragma once

#include "detailpane.h"

#include "core/replay/attemptrow.h"
#include "core/store/records.h"

#include <optional>

class QTreeWidget;
class QLabel;
class QDialog;
class QPushButton;

namespace hookscope::store {
struct DeliveryRow;
}

namespace hookscope::ui {

/** An interval between two deliveries as the Deliveries pane shows it: "+250 ms", "+1.0 s", "+2 min 5 s". */
QString formatInterval(qint64 us);
/** What Hookscope answered a delivery, as the pane shows it: "500 body…", "closed (no answer)", "reset (RST)". */
QString answerText(const store::DeliveryRow& delivery);

/**
 * Every request that carried the event (time, the interval since the one before, peer, TLS, answer, verification),
 * then every replay attempt.
 */
class DeliveriesPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveriesPane)
public:
    explicit DeliveriesPane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;
    QTreeWidget* list() const { return m_list; }
    QTreeWidget* attempts() const { return m_attempts; }
    QPushButton* compareButton() const { return m_compare; }
    /** The attempts selected in the list, in list order. */
    QList<replay::AttemptRow> selectedAttempts() const;
    /** Opens the diff of the two selected attempts' responses (enabled with exactly two selected). */
    void compareSelected();
    /** Opens what attempt `index` (in list order) sent and received, side by side (also on double-click). */
    void showAttempt(int index);

Q_SIGNALS:
    /** The compare dialog is up (for tests: it is modeless). */
    void compareOpened(QDialog* dialog);
    /** An attempt's dialog is up (modeless). */
    void attemptOpened(QDialog* dialog);

private:
    QLabel* m_note;
    QTreeWidget* m_list;
    QLabel* m_attemptsLabel;
    QTreeWidget* m_attempts;
    QPushButton* m_compare;
    QList<replay::AttemptRow> m_attemptRows;
    std::optional<store::DeliveryRow> m_original; ///< the request as captured that replays start from
};

} // namespace hookscope::ui
