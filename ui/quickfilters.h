#pragma once

#include <QWidget>

class QToolButton;

namespace hookscope::ui {

/**
 * The quick filters beside the search field: what the deliveries were answered (2xx, 4xx, 401…) and the
 * signature scheme. Each choice edits the search text (`code:4xx`, `scheme:stripe`), so what filters the list is
 * always written where it can be read and changed; the buttons show what the text says.
 */
class QuickFilters final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuickFilters)
public:
    explicit QuickFilters(QWidget* parent = nullptr);

    QToolButton* codeButton() const { return m_code; }
    QToolButton* schemeButton() const { return m_scheme; }
    /** The buttons say what `text` filters on. */
    void showSearch(const QString& text);

Q_SIGNALS:
    /** A filter was chosen: `field` (code, scheme) is to be `value` (empty: any). */
    void chosen(const QString& field, const QString& value);

private:
    QToolButton* addButton(const QString& field, const QString& label, const QStringList& values);

    QToolButton* m_code;
    QToolButton* m_scheme;
};

} // namespace hookscope::ui
