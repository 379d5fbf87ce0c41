#pragma once

#include "detailpane.h"

#include <QJsonValue>

class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QLabel;

namespace hookscope::ui {

/** The body as a JSON tree (copy value, copy path) and as raw text. */
class BodyPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BodyPane)
public:
    explicit BodyPane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;

    QTreeWidget* tree() const { return m_tree; }
    QPlainTextEdit* rawText() const { return m_raw; }
    /** The JSONPath of an item ("$.attachments[0].filename"). */
    static QString pathOf(const QTreeWidgetItem* item);
    /** The item's full value: strings as they are, objects and arrays as compact JSON. */
    static QString valueOf(const QTreeWidgetItem* item);

private:
    void fill(QTreeWidgetItem* parent, const QString& key, const QJsonValue& value, const QString& path);
    void showMenu(const QPoint& pos);

    QTabWidget* m_tabs;
    QTreeWidget* m_tree;
    QLabel* m_notJson;
    QPlainTextEdit* m_raw;
};

} // namespace hookscope::ui
