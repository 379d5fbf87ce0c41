#include "theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

struct Platform {
    QString styleName;
    QPalette palette;
};

// What the platform gave the application, read once, before any theme changes it.
const Platform& platform()
{
    static const Platform p { QApplication::style() ? QApplication::style()->name() : QString(),
        QApplication::palette() };
    return p;
}

Theme g_current = Theme::System;

void setStyleNamed(const QString& name)
{
    if (name.isEmpty()
        || (QApplication::style() && QApplication::style()->name().compare(name, Qt::CaseInsensitive) == 0))
        return;
    if (QStyle* style = QStyleFactory::create(name))
        QApplication::setStyle(style);
}

} // namespace

QString themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return u"light"_s;
    case Theme::Dark:
        return u"dark"_s;
    case Theme::System:
        break;
    }
    return u"system"_s;
}

Theme themeFromKey(const QString& key)
{
    if (key == u"light"_s)
        return Theme::Light;
    if (key == u"dark"_s)
        return Theme::Dark;
    return Theme::System;
}

QPalette lightPalette()
{
    QPalette p;
    const QColor window(0xef, 0xf0, 0xf1), base(Qt::white), text(0x1f, 0x23, 0x28);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf7, 0xf8));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x6a, 0x6f, 0x76));
    p.setColor(QPalette::Link, QColor(0x1a, 0x5f, 0xb4));
    p.setColor(QPalette::LinkVisited, QColor(0x6a, 0x3d, 0x9a));
    p.setColor(QPalette::Light, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0xe3, 0xe5, 0xe8));
    p.setColor(QPalette::Mid, QColor(0xb8, 0xbc, 0xc2));
    p.setColor(QPalette::Dark, QColor(0x9a, 0x9e, 0xa4));
    p.setColor(QPalette::Shadow, QColor(0x76, 0x76, 0x76));
    for (const auto role : { QPalette::Text, QPalette::WindowText, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, QColor(0x9a, 0x9e, 0xa4));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x33, 0x35, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xc6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x92, 0xf0));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4e));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x41));
    p.setColor(QPalette::Mid, QColor(0x24, 0x25, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    for (const auto role : { QPalette::Text, QPalette::WindowText, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return p;
}

void applyTheme(Theme theme)
{
    const Platform& start = platform();
    switch (theme) {
    case Theme::System:
        setStyleNamed(start.styleName);
        QApplication::setPalette(start.palette);
        break;
    case Theme::Light:
        setStyleNamed(u"Fusion"_s);
        QApplication::setPalette(lightPalette());
        break;
    case Theme::Dark:
        setStyleNamed(u"Fusion"_s);
        QApplication::setPalette(darkPalette());
        break;
    }
    g_current = theme;
}

Theme currentTheme()
{
    return g_current;
}

Theme savedTheme()
{
    return themeFromKey(QSettings().value(u"view/theme"_s).toString());
}

void saveTheme(Theme theme)
{
    QSettings().setValue(u"view/theme"_s, themeKey(theme));
    applyTheme(theme);
}

QMenu* makeThemeMenu(QWidget* parent)
{
    auto* menu = new QMenu(u"&Theme"_s, parent);
    menu->setObjectName(u"themeMenu"_s);
    auto* group = new QActionGroup(menu);
    const struct {
        Theme theme;
        QString text;
    } choices[] = { { Theme::System, u"&System"_s }, { Theme::Light, u"&Light"_s }, { Theme::Dark, u"&Dark"_s } };
    for (const auto& c : choices) {
        QAction* a = menu->addAction(c.text);
        a->setObjectName(u"theme-"_s + themeKey(c.theme));
        a->setCheckable(true);
        a->setActionGroup(group);
        const Theme theme = c.theme;
        QObject::connect(a, &QAction::triggered, menu, [theme] { saveTheme(theme); });
    }
    QObject::connect(menu, &QMenu::aboutToShow, menu, [menu] {
        if (QAction* a = menu->findChild<QAction*>(u"theme-"_s + themeKey(currentTheme())))
            a->setChecked(true);
    });
    if (QAction* a = menu->findChild<QAction*>(u"theme-"_s + themeKey(currentTheme())))
        a->setChecked(true);
    return menu;
}

} // namespace hookscope::ui
