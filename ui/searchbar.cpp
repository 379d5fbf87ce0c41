#include "searchbar.h"

#include "badges.h"
#include "quickfilters.h"
#include "searchquery.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

SearchBar::SearchBar(QWidget* parent)
    : QWidget(parent)
{
    m_field = new QLineEdit(this);
    m_field->setPlaceholderText(u"Search events   (e.g.  invoice from:ada status:failed has:attachment)"_s);
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_hint = new QLabel(searchSyntaxHint(), this);
    m_hint->setToolTip(searchSyntaxDetails());
    m_field->setToolTip(searchSyntaxDetails());
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_hint->setFont(small);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(200);
    connect(m_field, &QLineEdit::textChanged, m_timer, qOverload<>(&QTimer::start));
    connect(m_timer, &QTimer::timeout, this, [this] { apply(m_field->text()); });
    auto* find = new QAction(u"&Find…"_s, this);
    find->setObjectName(u"findAction"_s);
    find->setShortcuts({ QKeySequence::Find, QKeySequence(u"Ctrl+K"_s) });
    find->setShortcutContext(Qt::WindowShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_field->setFocus(Qt::ShortcutFocusReason);
        m_field->selectAll();
    });
    addAction(find);

    // Quick filters edit the text: the search field stays the one place that says what is shown.
    m_quick = new QuickFilters(this);
    connect(m_quick, &QuickFilters::chosen, this,
        [this](const QString& field, const QString& value) { apply(withFilter(m_field->text(), field, value)); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->setSpacing(2);
    auto* line = new QHBoxLayout;
    line->setSpacing(6);
    line->addWidget(m_field, 1);
    line->addWidget(m_quick);
    layout->addLayout(line);
    layout->addWidget(m_hint);
}

void SearchBar::apply(const QString& text)
{
    m_timer->stop();
    if (m_field->text() != text) {
        QSignalBlocker block(m_field);
        m_field->setText(text);
    }
    m_text = text;
    m_quick->showSearch(text);
    Q_EMIT applied(text);
}

void SearchBar::showProblems(const QStringList& problems)
{
    if (problems.isEmpty()) {
        m_hint->setText(searchSyntaxHint());
        m_hint->setForegroundRole(QPalette::PlaceholderText);
        m_hint->setPalette(QPalette());
    } else {
        m_hint->setText(problems.join(u"; "_s));
        QPalette p = m_hint->palette();
        p.setColor(QPalette::WindowText, toneColor(Tone::Bad, p));
        m_hint->setForegroundRole(QPalette::WindowText);
        m_hint->setPalette(p);
    }
}

bool SearchBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape) {
            m_field->clear();
            apply(QString());
            Q_EMIT handOver(false);
            return true;
        }
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            apply(m_field->text());
            Q_EMIT handOver(true);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hookscope::ui
