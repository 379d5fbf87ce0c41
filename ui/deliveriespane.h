#pragma once

#include "detailpane.h"

class QTreeWidget;
class QLabel;

namespace hookscope::ui {

/** Every request that carried the event (time, peer, TLS, answer, verification), then every replay attempt. */
class DeliveriesPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveriesPane)
public:
    explicit DeliveriesPane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;
    QTreeWidget* list() const { return m_list; }
    QTreeWidget* attempts() const { return m_attempts; }

private:
    QLabel* m_note;
    QTreeWidget* m_list;
    QLabel* m_attemptsLabel;
    QTreeWidget* m_attempts;
};

} // namespace hookscope::ui
