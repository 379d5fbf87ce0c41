#pragma once

#include <QPalette>
#include <QString>

class QMenu;
class QWidget;

namespace hookscope::ui {

/** How the window is coloured: as the desktop is, or light or dark whatever the desktop is. */
enum class Theme { System, Light, Dark };

QString themeKey(Theme theme); ///< "system", "light", "dark": the value kept in the settings
Theme themeFromKey(const QString& key); ///< System for anything unknown

QPalette lightPalette();
QPalette darkPalette();

/**
 * Applies the theme to the whole application. Light and Dark set the Fusion style and a complete palette of
 * their own (so they look the same with or without a desktop theme installed); System brings back the style
 * and palette the platform gave the application when it started.
 */
void applyTheme(Theme theme);
Theme currentTheme();

/** The theme kept in the settings ("view/theme"), applied at start; saveTheme keeps and applies a new one. */
Theme savedTheme();
void saveTheme(Theme theme);

/** A "Theme" submenu (System, Light, Dark; one checked) that applies and keeps the choice. */
QMenu* makeThemeMenu(QWidget* parent);

} // namespace hookscope::ui
