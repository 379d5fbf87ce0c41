#pragma once

#include "eventdetails.h"

#include <QWidget>

namespace hookscope::ui {

/** One tab of the detail area: shows the selected event, or nothing. */
class DetailPane : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    /** Shows `details` (found); called again whenever the event changes. */
    virtual void setDetails(const EventDetails& details) = 0;
    virtual void clearDetails() = 0;
};

} // namespace hookscope::ui
