#include "viewsidebar.h"

#include "viewlistmodel.h"

#include <QHeaderView>

namespace hookscope::ui {

ViewSidebar::ViewSidebar(ViewListModel* model, QWidget* parent)
    : QTreeView(parent)
{
    setModel(model);
    setHeaderHidden(true);
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setFrameShape(QFrame::NoFrame);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(ViewListModel::Name, QHeaderView::Stretch);
    header()->setSectionResizeMode(ViewListModel::Count, QHeaderView::ResizeToContents);
    setMinimumWidth(180);
    setFocusPolicy(Qt::StrongFocus);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (current.isValid())
            Q_EMIT viewChosen(
                current.data(ViewListModel::StatusRole).toString(), current.data(ViewListModel::RouteRole).toString());
    });
}

} // namespace hookscope::ui
