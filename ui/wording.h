#pragma once

#include <QLocale>
#include <QString>

namespace hookscope::ui {

/** "1 event", "1,204 events": a count with its noun, in the user's locale. */
inline QString counted(qint64 n, const QString& one, const QString& many)
{
    return QLocale().toString(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

/** counted() for events, the noun the window counts most. */
inline QString countedEvents(qint64 n)
{
    return counted(n, QStringLiteral("event"), QStringLiteral("events"));
}

} // namespace hookscope::ui
