#pragma once

#include "core/store/records.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace hookscope::ui {

enum class Tone { Good, Bad, Neutral, Warning };

/** Whether the palette is a dark one (Qt 6.4 has no colorScheme(); the window colour says it). */
bool isDark(const QPalette& palette);
/** A status colour readable on the palette's base colour, dark or light. */
QColor toneColor(Tone tone, const QPalette& palette);
Tone statusTone(const QString& status);

/** The verification badge of a list row: "verified", "signature failed", "unverified", plus quarantine. */
QString badgeText(const store::EventRow& event);
QString badgeToolTip(const store::EventRow& event);
QColor badgeColor(const store::EventRow& event);
QIcon badgeIcon(const store::EventRow& event);
/** A small filled circle in the tone's colour. */
QIcon toneIcon(Tone tone);

} // namespace hookscope::ui
