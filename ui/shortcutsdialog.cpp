#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

QString plain(QString text)
{
    // "&Replay…" → "Replay…" ("&&" stays a literal ampersand)
    text.replace(u"&&"_s, QString(QChar(0x1)));
    text.remove(u'&');
    text.replace(QChar(0x1), u'&');
    return text;
}

/** Each action with a shortcut in the menu bar's menus, in the order they are shown, with its menu's title. */
QList<std::pair<QString, QAction*>> menuActions(QWidget* window)
{
    QList<std::pair<QString, QAction*>> found;
    auto* main = qobject_cast<QMainWindow*>(window);
    if (!main)
        return found;
    const std::function<void(QMenu*, const QString&)> walk = [&](QMenu* menu, const QString& title) {
        for (QAction* item : menu->actions()) {
            if (item->menu())
                walk(item->menu(), title);
            else if (!item->shortcuts().isEmpty())
                found.append({ title, item });
        }
    };
    for (QAction* top : main->menuBar()->actions())
        if (top->menu())
            walk(top->menu(), plain(top->menu()->title()) + u" menu"_s);
    return found;
}

} // namespace

QList<ShortcutEntry> windowShortcuts(QWidget* window)
{
    // In the order a person meets them: the menus as the menu bar shows them, then what is bound outside them.
    QList<ShortcutEntry> entries;
    QList<QAction*> seen;
    const auto add = [&](const QString& group, QAction* action) {
        if (seen.contains(action) || action->text().isEmpty())
            return;
        seen.append(action);
        for (const QKeySequence& keys : action->shortcuts())
            entries.append({ group, keys, plain(action->text()).remove(u'…') });
    };
    for (const auto& [menu, action] : menuActions(window))
        add(menu, action);
    for (QAction* action : window->findChildren<QAction*>())
        if (!action->shortcuts().isEmpty())
            add(u"Window"_s, action);
    for (QShortcut* shortcut : window->findChildren<QShortcut*>()) {
        if (shortcut->key().isEmpty())
            continue;
        entries.append({ u"Window"_s, shortcut->key(),
            shortcut->whatsThis().isEmpty() ? shortcut->objectName() : shortcut->whatsThis() });
    }
    // Keys the list and the search field handle themselves (EventTable::keyPressEvent, SearchBar).
    const QString list = u"Keys in the event list"_s;
    entries.append({ list, QKeySequence(Qt::Key_J), u"Next event"_s });
    entries.append({ list, QKeySequence(Qt::Key_K), u"Previous event"_s });
    entries.append({ list, QKeySequence(Qt::Key_Down), u"Next event"_s });
    entries.append({ list, QKeySequence(Qt::Key_Up), u"Previous event"_s });
    entries.append({ list, QKeySequence(Qt::Key_Home), u"First event (newest)"_s });
    entries.append({ list, QKeySequence(Qt::Key_End), u"Last event"_s });
    entries.append({ list, QKeySequence(Qt::SHIFT | Qt::Key_Down), u"Extend the selection"_s });
    entries.append({ list, QKeySequence(Qt::Key_Return), u"Into the details of the event (Esc comes back)"_s });
    const QString search = u"Keys in the search field"_s;
    entries.append({ search, QKeySequence(Qt::Key_Return), u"Search now and select the first match"_s });
    entries.append({ search, QKeySequence(Qt::Key_Down), u"Search now and select the first match"_s });
    entries.append({ search, QKeySequence(Qt::Key_Escape), u"Clear the search and go back to the list"_s });
    return entries;
}

QStringList shortcutConflicts(QWidget* window)
{
    // Only what is bound window-wide can collide: a widget-scoped key (Delete in the list) acts only there.
    struct Binding {
        QString what;
        QObject* owner;
    };
    QHash<QString, QList<Binding>> byKey;
    for (QAction* action : window->findChildren<QAction*>()) {
        if (action->shortcutContext() == Qt::WidgetShortcut)
            continue;
        for (const QKeySequence& keys : action->shortcuts())
            byKey[keys.toString(QKeySequence::PortableText)].append({ plain(action->text()), action });
    }
    for (QShortcut* shortcut : window->findChildren<QShortcut*>())
        if (shortcut->context() != Qt::WidgetShortcut && !shortcut->key().isEmpty())
            byKey[shortcut->key().toString(QKeySequence::PortableText)].append({ shortcut->whatsThis(), shortcut });
    QStringList conflicts;
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
        QList<QObject*> owners;
        QStringList names;
        for (const Binding& b : it.value()) {
            if (!owners.contains(b.owner)) {
                owners.append(b.owner);
                names.append(b.what);
            }
        }
        if (owners.size() > 1)
            conflicts.append(u"%1: %2"_s.arg(it.key(), names.join(u" / "_s)));
    }
    conflicts.sort();
    return conflicts;
}

ShortcutsDialog::ShortcutsDialog(QWidget* window)
    : QDialog(window)
    , m_list(new QTreeWidget(this))
{
    setObjectName(u"shortcutsDialog"_s);
    setWindowTitle(u"Keyboard shortcuts"_s);
    auto* filter = new QLineEdit(this);
    filter->setObjectName(u"shortcutsFilter"_s);
    filter->setPlaceholderText(u"Filter (a word or a key)"_s);
    filter->setClearButtonEnabled(true);

    m_list->setColumnCount(2);
    m_list->setHeaderLabels({ u"Key"_s, u"What it does"_s });
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);

    QString group;
    QTreeWidgetItem* heading = nullptr;
    const QList<ShortcutEntry> entries = windowShortcuts(window); // grouped, in order
    for (const ShortcutEntry& e : entries) {
        if (e.group != group || !heading) {
            group = e.group;
            heading = new QTreeWidgetItem(m_list, { group });
            heading->setFirstColumnSpanned(true);
            QFont bold = heading->font(0);
            bold.setBold(true);
            heading->setFont(0, bold);
            heading->setFlags(Qt::ItemIsEnabled);
        }
        auto* item = new QTreeWidgetItem(m_list, { e.keys.toString(QKeySequence::NativeText), e.what });
        item->setData(0, Qt::UserRole, group);
    }
    connect(filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        // A heading stays while one of its keys does.
        QTreeWidgetItem* heading = nullptr;
        bool headingHasMatch = false;
        for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = m_list->topLevelItem(i);
            if (item->isFirstColumnSpanned()) {
                if (heading)
                    heading->setHidden(!headingHasMatch);
                heading = item;
                headingHasMatch = false;
                continue;
            }
            const bool match = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive)
                || item->text(1).contains(text, Qt::CaseInsensitive);
            item->setHidden(!match);
            headingHasMatch = headingHasMatch || match;
        }
        if (heading)
            heading->setHidden(!headingHasMatch);
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(filter);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(520, 560);
}

} // namespace hookscope::ui
