#pragma once

#include "detailpane.h"

class QTreeWidget;
class QLabel;

namespace hookscope::ui {

/** Every request that carried the event: time, peer, TLS, answer, verification, duplicate. */
class DeliveriesPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveriesPane)
public:
    explicit DeliveriesPane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;
    QTreeWidget* list() const { return m_list; }

private:
    QLabel* m_note;
    QTreeWidget* m_list;
};

} // namespace hookscope::ui
