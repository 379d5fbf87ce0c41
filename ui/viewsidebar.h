#pragma once

#include <QTreeView>

namespace hookscope::ui {

class ViewListModel;

/** The views on the left (All, Verified, … one per route) with their counts; choosing one filters the list. */
class ViewSidebar final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewSidebar)
public:
    explicit ViewSidebar(ViewListModel* model, QWidget* parent = nullptr);

Q_SIGNALS:
    /** The view showing events with `status` ("" for all) on `route` ("" for every route) was chosen. */
    void viewChosen(const QString& status, const QString& route);
};

} // namespace hookscope::ui
