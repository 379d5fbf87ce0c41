#pragma once

#include "detailpane.h"

class QLabel;
class QPlainTextEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace hookscope::ui {

/** The message's part tree; selecting a part marks its bytes in the source. */
class MimePane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MimePane)
public:
    explicit MimePane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;

    QTreeWidget* tree() const { return m_tree; }
    QPlainTextEdit* source() const { return m_source; }
    /** The source range [start, end) marked for the current part. */
    QPair<qint64, qint64> highlighted() const { return m_highlight; }

Q_SIGNALS:
    void partSelected(qint64 start, qint64 end);

private:
    void select(QTreeWidgetItem* item);

    QLabel* m_note;
    QTreeWidget* m_tree;
    QPlainTextEdit* m_source;
    QString m_sourceText;
    QPair<qint64, qint64> m_highlight { -1, -1 };
};

} // namespace hookscope::ui
