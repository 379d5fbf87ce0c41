#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;

namespace hookscope::ui {

class QuickFilters;

/**
 * The search field above the event list and the line under it (the syntax, or what is wrong with the search).
 * Typing applies the text after a short pause; Enter or Down applies it at once and hands over to the list,
 * Escape clears it; Find (Ctrl+F) focuses it.
 */
class SearchBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchBar)
public:
    explicit SearchBar(QWidget* parent = nullptr);

    QLineEdit* field() const { return m_field; }
    QLabel* hint() const { return m_hint; }
    /** The Answer and Scheme quick filters beside the field (they edit its text). */
    QuickFilters* quickFilters() const { return m_quick; }
    /** The text searched for (what was last applied). */
    QString text() const { return m_text; }
    /** Applies `text` now (and shows it in the field); applied follows. */
    void apply(const QString& text);
    /** Says what is wrong with the search applied, or (none) shows the syntax. */
    void showProblems(const QStringList& problems);

Q_SIGNALS:
    /** The text to search for changed. */
    void applied(const QString& text);
    /** Enter, Down or Escape: the list takes over (`pickFirst`: and selects its first row if none is). */
    void handOver(bool pickFirst);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QLineEdit* m_field;
    QLabel* m_hint;
    QuickFilters* m_quick;
    QTimer* m_timer;
    QString m_text;
};

} // namespace hookscope::ui
