#include "colouringrules.h"

#include "eventlistmodel.h"
#include "searchquery.h"

#include "core/store/eventstore.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

const QString kKey = u"view/colouringRules"_s;

const ColourPreset* preset(const QString& key)
{
    for (const ColourPreset& p : colouringPresets())
        if (p.key == key)
            return &p;
    return nullptr;
}

} // namespace

const QList<ColourPreset>& colouringPresets()
{
    // Light: pale tints under dark text; dark: deep tints under light text (both keep the text's contrast).
    static const QList<ColourPreset> presets {
        { u"red"_s, u"Red"_s, QColor(0xfb, 0xe0, 0xe0), QColor(0x5a, 0x24, 0x26) },
        { u"orange"_s, u"Orange"_s, QColor(0xfd, 0xe8, 0xd0), QColor(0x5c, 0x3b, 0x1a) },
        { u"yellow"_s, u"Yellow"_s, QColor(0xfb, 0xf3, 0xc8), QColor(0x4f, 0x47, 0x16) },
        { u"green"_s, u"Green"_s, QColor(0xdf, 0xf3, 0xe0), QColor(0x1f, 0x47, 0x2a) },
        { u"blue"_s, u"Blue"_s, QColor(0xdd, 0xea, 0xfb), QColor(0x1e, 0x38, 0x5c) },
        { u"purple"_s, u"Purple"_s, QColor(0xec, 0xe2, 0xf7), QColor(0x3d, 0x2a, 0x58) },
        { u"grey"_s, u"Grey"_s, QColor(0xe8, 0xe9, 0xeb), QColor(0x3a, 0x3c, 0x40) },
    };
    return presets;
}

ColouringRules::ColouringRules(EventListModel* events, QMenu* viewMenu, QWidget* window)
    : QObject(window)
    , m_events(events)
    , m_window(window)
    , m_action(new QAction(u"&Colouring rules…"_s, window))
{
    m_action->setObjectName(u"colouringRulesAction"_s);
    m_action->setToolTip(u"Colour the rows that match a search"_s);
    connect(m_action, &QAction::triggered, this, &ColouringRules::edit);
    if (viewMenu)
        viewMenu->addAction(m_action);
    for (const QVariant& v : QSettings().value(kKey).toList()) {
        const QVariantMap m = v.toMap();
        const ColouringRule rule { m.value(u"search"_s).toString(), m.value(u"colour"_s).toString() };
        if (!rule.search.trimmed().isEmpty() && preset(rule.colour))
            m_rules << rule;
    }
    apply();
}

void ColouringRules::setRules(const QList<ColouringRule>& rules)
{
    m_rules.clear();
    for (const ColouringRule& r : rules)
        if (!r.search.trimmed().isEmpty() && preset(r.colour))
            m_rules << r;
    QVariantList list;
    for (const ColouringRule& r : std::as_const(m_rules))
        list << QVariantMap { { u"search"_s, r.search }, { u"colour"_s, r.colour } };
    QSettings().setValue(kKey, list);
    apply();
}

void ColouringRules::apply()
{
    QList<EventListModel::RowRule> rules;
    for (const ColouringRule& r : std::as_const(m_rules)) {
        const ColourPreset* p = preset(r.colour);
        rules.append({ parseSearch(r.search).query, p->light, p->dark });
    }
    m_events->setRowRules(rules);
}

void ColouringRules::edit()
{
    ColouringRulesDialog dialog(m_rules, m_window);
    if (dialog.exec() == QDialog::Accepted)
        setRules(dialog.rules());
}

ColouringRulesDialog::ColouringRulesDialog(const QList<ColouringRule>& rules, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 2, this))
{
    setObjectName(u"colouringRulesDialog"_s);
    setWindowTitle(u"Colouring rules"_s);
    m_table->setHorizontalHeaderLabels({ u"Search"_s, u"Colour"_s });
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    for (const ColouringRule& r : rules)
        addRule(r);

    auto* add = new QPushButton(u"&Add"_s, this);
    auto* remove = new QPushButton(u"&Remove"_s, this);
    auto* up = new QPushButton(u"Move &up"_s, this);
    auto* down = new QPushButton(u"Move &down"_s, this);
    connect(add, &QPushButton::clicked, this, [this] {
        addRule({ u"status:failed"_s, colouringPresets().first().key });
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(down, &QPushButton::clicked, this, [this] { move(1); });
    auto* buttons = new QVBoxLayout;
    for (QPushButton* b : { add, remove, up, down })
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addWidget(m_table, 1);
    row->addLayout(buttons);

    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    auto* hint = new QLabel(u"Rows matching a search get its colour; the first matching rule wins."_s, this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addLayout(row, 1);
    layout->addWidget(box);
    resize(560, 340);
}

void ColouringRulesDialog::addRule(const ColouringRule& rule)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* search = new QTableWidgetItem(rule.search);
    search->setToolTip(searchSyntaxDetails());
    m_table->setItem(row, 0, search);
    auto* colour = new QComboBox(m_table);
    for (const ColourPreset& p : colouringPresets()) {
        QPixmap swatch(14, 14);
        const bool dark = palette().color(QPalette::Base).lightness() < 128;
        swatch.fill(dark ? p.dark : p.light);
        colour->addItem(QIcon(swatch), p.name, p.key);
    }
    colour->setCurrentIndex(std::max(0, colour->findData(rule.colour)));
    m_table->setCellWidget(row, 1, colour);
}

QList<ColouringRule> ColouringRulesDialog::rules() const
{
    QList<ColouringRule> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto* colour = qobject_cast<QComboBox*>(m_table->cellWidget(row, 1));
        const QString search = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        if (!search.isEmpty() && colour)
            out.append({ search, colour->currentData().toString() });
    }
    return out;
}

void ColouringRulesDialog::move(int by)
{
    const int from = m_table->currentRow();
    const int to = from + by;
    if (from < 0 || to < 0 || to >= m_table->rowCount())
        return;
    QList<ColouringRule> all = rules();
    if (all.size() != m_table->rowCount())
        return;
    all.swapItemsAt(from, to);
    m_table->setRowCount(0);
    for (const ColouringRule& r : all)
        addRule(r);
    m_table->setCurrentCell(to, 0);
}

QList<store::EventQuery> ruleQueries(const QList<EventListModel::RowRule>& rules)
{
    QList<store::EventQuery> queries;
    for (const auto& r : rules)
        queries << r.query;
    return queries;
}

void matchRowRules(store::EventStore& store, QList<EventListModel::Row>& rows, const QList<store::EventQuery>& rules)
{
    if (rules.isEmpty() || rows.isEmpty())
        return;
    QList<qint64> ids;
    ids.reserve(rows.size());
    for (const auto& r : rows)
        ids << r.event.id;
    QList<QSet<qint64>> matches;
    for (store::EventQuery q : rules) {
        q.ids = ids;
        q.afterId = 0;
        q.limit = 0;
        q.offset = 0;
        QSet<qint64> hit;
        if (auto found = store.list(q))
            for (const auto& e : *found)
                hit.insert(e.id);
        matches << hit;
    }
    for (auto& r : rows) {
        r.rule = -1;
        for (int i = 0; i < matches.size() && r.rule < 0; ++i)
            if (matches[i].contains(r.event.id))
                r.rule = i;
    }
}

} // namespace hookscope::ui
