#include "savedsearches.h"

#include "mainwindow.h"
#include "viewsidebar.h"

#include <QAction>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

const QString kKey = u"searches/saved"_s;

QList<ViewListModel::SavedSearch> load()
{
    QList<ViewListModel::SavedSearch> out;
    const QVariantList list = QSettings().value(kKey).toList();
    for (const QVariant& v : list) {
        const QVariantMap m = v.toMap();
        const QString name = m.value(u"name"_s).toString();
        if (!name.isEmpty())
            out.append({ name, m.value(u"text"_s).toString() });
    }
    return out;
}

} // namespace

SavedSearches::SavedSearches(MainWindow* window, QMenu* viewMenu)
    : QObject(window)
    , m_window(window)
    , m_save(new QAction(u"Save &search…"_s, window))
{
    m_save->setObjectName(u"saveSearchAction"_s);
    m_save->setShortcut(QKeySequence(u"Ctrl+Shift+Return"_s));
    m_save->setShortcutContext(Qt::WindowShortcut);
    m_save->setToolTip(u"Keep the current search under a name, listed in the sidebar with its count"_s);
    connect(m_save, &QAction::triggered, this, &SavedSearches::askSave);
    window->addAction(m_save);
    if (viewMenu) {
        viewMenu->addSeparator();
        viewMenu->addAction(m_save);
    }
    if (auto* sidebar = qobject_cast<ViewSidebar*>(window->sidebar())) {
        connect(sidebar, &ViewSidebar::searchChosen, window, &MainWindow::applySearch);
        sidebar->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(sidebar, &QWidget::customContextMenuRequested, this, &SavedSearches::showMenu);
    }
    window->viewModel()->setSavedSearches(load());
}

QList<ViewListModel::SavedSearch> SavedSearches::searches() const
{
    return m_window->viewModel()->savedSearches();
}

void SavedSearches::store(const QList<ViewListModel::SavedSearch>& searches)
{
    QVariantList list;
    for (const auto& s : searches)
        list << QVariantMap { { u"name"_s, s.name }, { u"text"_s, s.text } };
    QSettings().setValue(kKey, list);
    m_window->viewModel()->setSavedSearches(searches);
}

void SavedSearches::save(const QString& name, const QString& text)
{
    QList<ViewListModel::SavedSearch> all = searches();
    bool replaced = false;
    for (auto& s : all) {
        if (s.name == name) {
            s.text = text;
            replaced = true;
        }
    }
    if (!replaced)
        all.append({ name, text });
    store(all);
}

bool SavedSearches::rename(const QString& name, const QString& newName)
{
    QList<ViewListModel::SavedSearch> all = searches();
    if (newName.isEmpty() || name == newName)
        return false;
    for (const auto& s : std::as_const(all))
        if (s.name == newName)
            return false;
    for (auto& s : all) {
        if (s.name == name) {
            s.name = newName;
            store(all);
            return true;
        }
    }
    return false;
}

bool SavedSearches::remove(const QString& name)
{
    QList<ViewListModel::SavedSearch> all = searches();
    const auto removed = all.removeIf([&](const auto& s) { return s.name == name; });
    if (removed == 0)
        return false;
    // The sidebar's current row may be the one leaving: All takes over, with the search as it is.
    if (m_window->sidebar()->currentIndex().row() == m_window->viewModel()->rowOfSaved(name))
        m_window->selectView(QString());
    store(all);
    return true;
}

void SavedSearches::askSave()
{
    const QString text = m_window->searchField()->text().trimmed();
    if (text.isEmpty()) {
        m_window->statusBar()->showMessage(u"Type a search first, then save it"_s, 5000);
        return;
    }
    QInputDialog dialog(m_window);
    dialog.setObjectName(u"saveSearchDialog"_s);
    dialog.setWindowTitle(u"Save search"_s);
    dialog.setLabelText(u"Name for “%1”:"_s.arg(text));
    dialog.setTextValue(text);
    if (dialog.exec() != QDialog::Accepted || dialog.textValue().trimmed().isEmpty())
        return;
    save(dialog.textValue().trimmed(), text);
    m_window->statusBar()->showMessage(u"Saved search “%1”"_s.arg(dialog.textValue().trimmed()), 5000);
}

void SavedSearches::showMenu(const QPoint& at)
{
    QTreeView* sidebar = m_window->sidebar();
    const QModelIndex index = sidebar->indexAt(at);
    if (index.data(ViewListModel::SavedSearchRole).isNull())
        return;
    const QString name = index.siblingAtColumn(ViewListModel::Name).data(ViewListModel::RawValueRole).toString();
    QMenu menu(sidebar);
    QAction* renameAction = menu.addAction(u"&Rename…"_s);
    QAction* deleteAction = menu.addAction(u"&Delete"_s);
    QAction* chosen = menu.exec(sidebar->viewport()->mapToGlobal(at));
    if (chosen == deleteAction) {
        remove(name);
    } else if (chosen == renameAction) {
        bool ok = false;
        const QString newName
            = QInputDialog::getText(m_window, u"Rename saved search"_s, u"New name:"_s, QLineEdit::Normal, name, &ok)
                  .trimmed();
        if (ok && !rename(name, newName) && newName != name)
            m_window->statusBar()->showMessage(u"A saved search is already called “%1”"_s.arg(newName), 5000);
    }
}

} // namespace hookscope::ui
