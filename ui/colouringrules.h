#pragma once

#include <QColor>
#include <QDialog>
#include <QList>
#include <QObject>

class QAction;
class QMenu;
class QTableWidget;

namespace hookscope::ui {

class EventListModel;

/** One colouring rule: rows its search (the search field's syntax) matches get its colour's background. */
struct ColouringRule {
    QString search;
    QString colour; ///< a preset's key (colouringPresets())
    bool operator==(const ColouringRule&) const = default;
};

/** A colour offered for rules: a soft background for light themes and one for dark ones, text readable on both. */
struct ColourPreset {
    QString key;
    QString name;
    QColor light;
    QColor dark;
};
const QList<ColourPreset>& colouringPresets();

/**
 * View ▸ Colouring rules…: rows of the event list that match a rule's search get its background, first match wins
 * (like Wireshark's). The rules are matched where the list reads its pages, on the reader's thread: each rule's
 * search becomes the store's own query (parseSearch), restricted to the page's ids, so every term (free text, id:,
 * has:, scan:, status:, route:…) means exactly what it means in the search field. Kept in QSettings
 * `view/colouringRules`.
 */
class ColouringRules final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColouringRules)
public:
    ColouringRules(EventListModel* events, QMenu* viewMenu, QWidget* window);

    QAction* dialogAction() const { return m_action; }
    QList<ColouringRule> rules() const { return m_rules; }
    /** Keeps `rules` and colours the list by them. */
    void setRules(const QList<ColouringRule>& rules);
    /** Opens the dialog (modal) and applies what it says on OK. */
    void edit();

private:
    void apply();

    EventListModel* m_events;
    QWidget* m_window;
    QAction* m_action;
    QList<ColouringRule> m_rules;
};

/** The rules' editor: a search and a colour per row, in order (first match wins). */
class ColouringRulesDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColouringRulesDialog)
public:
    explicit ColouringRulesDialog(const QList<ColouringRule>& rules, QWidget* parent = nullptr);
    QList<ColouringRule> rules() const;
    QTableWidget* table() const { return m_table; }
    void addRule(const ColouringRule& rule);

private:
    void move(int by);
    QTableWidget* m_table;
};

} // namespace hookscope::ui
