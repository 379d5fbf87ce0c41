#include "viewsidebar.h"

#include "viewlistmodel.h"

#include <QAction>
#include <QHeaderView>
#include <QSettings>
#include <QSplitter>

#include <numeric>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

const QString kVisibleKey = u"window/sidebarVisible"_s;

} // namespace

ViewSidebar::ViewSidebar(ViewListModel* model, QWidget* parent)
    : QTreeView(parent)
    , m_toggle(new QAction(u"&Sidebar"_s, this))
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
        if (!current.isValid())
            return;
        Q_EMIT viewChosen(
            current.data(ViewListModel::StatusRole).toString(), current.data(ViewListModel::RouteRole).toString());
        if (const QVariant text = current.data(ViewListModel::SavedSearchRole); !text.isNull())
            Q_EMIT searchChosen(text.toString());
    });
    // A saved search clicked again applies it again (its text may have been edited since).
    connect(this, &QAbstractItemView::clicked, this, [this](const QModelIndex& index) {
        if (const QVariant text = index.data(ViewListModel::SavedSearchRole); !text.isNull())
            Q_EMIT searchChosen(text.toString());
    });

    m_toggle->setObjectName(u"toggleSidebarAction"_s);
    m_toggle->setCheckable(true);
    m_toggle->setChecked(true);
    m_toggle->setShortcut(QKeySequence(u"Ctrl+B"_s));
    m_toggle->setToolTip(u"Show or hide the views on the left"_s);
    connect(m_toggle, &QAction::toggled, this, &ViewSidebar::setShown);
}

void ViewSidebar::attach(QSplitter* splitter)
{
    m_splitter = splitter;
    splitter->setCollapsible(splitter->indexOf(this), true);
    connect(splitter, &QSplitter::splitterMoved, this, [this] {
        const int width = m_splitter->sizes().value(m_splitter->indexOf(this));
        if (width > 0)
            m_width = width;
        else if (!isHidden())
            m_toggle->setChecked(false); // dragged to the edge: folded away, as the View menu does
    });
    const bool shown = QSettings().value(kVisibleKey, true).toBool();
    if (m_toggle->isChecked() != shown)
        m_toggle->setChecked(shown); // hides it
}

void ViewSidebar::setShown(bool shown)
{
    QSettings().setValue(kVisibleKey, shown);
    if (!shown) {
        if (width() > 0 && isVisible())
            m_width = width();
        hide();
        return;
    }
    show();
    if (!m_splitter)
        return;
    // Back at its last width, not at the nothing it was collapsed to; the list beside it gives the room.
    const int index = m_splitter->indexOf(this);
    QList<int> sizes = m_splitter->sizes();
    if (index < 0 || index + 1 >= sizes.size() || sizes[index] >= minimumWidth())
        return;
    const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
    const int width = std::min(std::max(m_width, minimumWidth()), total / 2);
    sizes[index + 1] = std::max(0, sizes[index + 1] + sizes[index] - width);
    sizes[index] = width;
    m_splitter->setSizes(sizes);
}

} // namespace hookscope::ui
