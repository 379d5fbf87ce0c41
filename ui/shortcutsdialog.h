#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

class QTreeWidget;

namespace hookscope::ui {

/** One key and what it does, as the shortcuts sheet lists it. */
struct ShortcutEntry {
    QString group; ///< "Event menu", "Window", "Keys in the event list", …
    QKeySequence keys;
    QString what;
};

/**
 * Every key the window answers to, read from the window itself: the shortcuts of its actions (with the menu
 * they sit in) and of its QShortcut objects, plus the keys that widgets handle themselves (j/k in the list,
 * Return in the search field). Read at the time it is asked, so it cannot drift from what the keys do.
 */
QList<ShortcutEntry> windowShortcuts(QWidget* window); ///< grouped, the menus first in menu bar order

/** Keys bound twice in the same window (each entry names the key and both bindings); empty when none is. */
QStringList shortcutConflicts(QWidget* window);

/** The shortcuts sheet (Help ▸ Keyboard shortcuts, F1): windowShortcuts() in a filterable list. */
class ShortcutsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)
public:
    explicit ShortcutsDialog(QWidget* window);

    QTreeWidget* list() const { return m_list; }

private:
    QTreeWidget* m_list;
};

} // namespace hookscope::ui
