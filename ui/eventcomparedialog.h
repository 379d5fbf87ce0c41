#pragma once

#include "eventdetails.h"

#include <QDialog>

class QAbstractItemView;
class QAction;
class QLabel;
class QMenu;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace hookscope::ui {

class EventReader;

/**
 * Two events side by side as differences: what changed in their JSON bodies, path by path ("data.subject"), and a
 * line diff of each request as received (request line, headers sorted by name, the body; JSON bodies
 * pretty-printed with their keys in order, so that a re-serialized body differs only where its values do).
 */
class EventCompareDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventCompareDialog)
public:
    EventCompareDialog(const EventDetails& a, const EventDetails& b, QWidget* parent = nullptr);

    /** A primary delivery as compared: request line, headers sorted by name (values as received), blank, body. */
    static QStringList requestLines(const store::DeliveryRow& delivery);
    /** One change per JSON path ("~ data.subject: \"a\" → \"b\"", "- path: value", "+ path: value"); empty when
     * the bodies are equal; nullopt when either is not JSON. */
    static std::optional<QStringList> jsonChanges(const QByteArray& a, const QByteArray& b);

    QTreeWidget* changes() const { return m_changes; }
    QTextBrowser* requestDiff() const { return m_view; }
    QLabel* summary() const { return m_summary; }
    QTabWidget* tabs() const { return m_tabs; }
    /** The request diff as plain text, "-", "+" or " " before each line. */
    QString diffText() const { return m_text; }

private:
    QLabel* m_summary;
    QTabWidget* m_tabs;
    QTreeWidget* m_changes;
    QTextBrowser* m_view;
    QString m_text;
};

/**
 * Event ▸ Compare two events (Ctrl+Shift+D): on while exactly two events are selected; reads both away from the
 * GUI thread, then opens the comparison.
 */
class EventCompare final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventCompare)
public:
    EventCompare(EventReader& reader, std::function<QList<store::EventRow>()> selected, QMenu* eventMenu,
        QAbstractItemView* list, QWidget* window);

    QAction* action() const { return m_action; }

Q_SIGNALS:
    /** The comparison is open (tests find it here). */
    void opened(hookscope::ui::EventCompareDialog* dialog);

private:
    void update();
    void compare();

    EventReader& m_reader;
    std::function<QList<store::EventRow>()> m_selected;
    QWidget* m_window;
    QAction* m_action;
};

} // namespace hookscope::ui
