#pragma once

#include "detailpane.h"

class QTextBrowser;

namespace hookscope::ui {

/** The verdict, idempotency key and its source, timings, the answer sent and warnings, at a glance. */
class OverviewPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPane)
public:
    explicit OverviewPane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;
    QString text() const;

private:
    QTextBrowser* m_view;
};

} // namespace hookscope::ui
