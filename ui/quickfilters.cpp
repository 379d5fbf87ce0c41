#include "quickfilters.h"

#include "searchquery.h"

#include "core/verify/scheme.h"

#include <QActionGroup>
#include <QHBoxLayout>
#include <QMenu>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** The button's text for `field`'s value (the label alone for any). */
QString buttonText(const QString& label, const QString& value)
{
    return value.isEmpty() ? label : u"%1: %2"_s.arg(label, value);
}

} // namespace

QuickFilters::QuickFilters(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_code = addButton(u"code"_s, u"&Answer"_s,
        { u"2xx"_s, u"4xx"_s, u"5xx"_s, {}, u"200"_s, u"400"_s, u"401"_s, u"403"_s, u"408"_s, u"413"_s, u"429"_s,
            u"500"_s, u"503"_s });
    m_code->setToolTip(u"Show the events whose deliveries were answered with a status or a class (code:4xx)"_s);
    m_scheme = addButton(u"scheme"_s, u"Sche&me"_s, verify::schemeNames());
    m_scheme->setToolTip(u"Show the events of one signature scheme (scheme:stripe)"_s);
    layout->addWidget(m_code);
    layout->addWidget(m_scheme);
}

QToolButton* QuickFilters::addButton(const QString& field, const QString& label, const QStringList& values)
{
    auto* button = new QToolButton(this);
    button->setObjectName(field + u"Filter"_s);
    button->setProperty("label", label);
    button->setText(label);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setFocusPolicy(Qt::StrongFocus);
    auto* menu = new QMenu(button);
    menu->setObjectName(field + u"FilterMenu"_s);
    auto* group = new QActionGroup(menu);
    group->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional); // a typed value may match none
    const auto add = [&](const QString& text, const QString& value) {
        QAction* a = menu->addAction(text);
        a->setObjectName(u"%1Filter_%2"_s.arg(field, value.isEmpty() ? u"any"_s : value));
        a->setData(value);
        a->setCheckable(true);
        a->setChecked(value.isEmpty());
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, field, value] { Q_EMIT chosen(field, value); });
    };
    add(u"Any"_s, {});
    menu->addSeparator();
    for (const QString& v : values) {
        if (v.isEmpty())
            menu->addSeparator();
        else
            add(v, v);
    }
    button->setMenu(menu);
    return button;
}

void QuickFilters::showSearch(const QString& text)
{
    for (QToolButton* button : { m_code, m_scheme }) {
        const QString field = button->objectName().chopped(int(qstrlen("Filter")));
        const QString value = filterValue(text, field);
        button->setText(buttonText(button->property("label").toString(), value));
        bool listed = false;
        for (QAction* a : button->menu()->actions()) {
            if (!a->isCheckable())
                continue;
            const bool mine = a->data().toString().compare(value, Qt::CaseInsensitive) == 0;
            a->setChecked(mine);
            listed |= mine;
        }
        if (!listed) { // a value typed that the menu does not list: no item is checked
            for (QAction* a : button->menu()->actions())
                a->setChecked(false);
        }
    }
}

} // namespace hookscope::ui
