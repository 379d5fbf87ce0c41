#include "badges.h"

#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor toneColor(Tone tone, const QPalette& palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Good:
        return dark ? QColor(0x5c, 0xc9, 0x7a) : QColor(0x1e, 0x7e, 0x34);
    case Tone::Bad:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
    case Tone::Warning:
        return dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00);
    case Tone::Neutral:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

Tone statusTone(const QString& status)
{
    if (status == u"verified"_s)
        return Tone::Good;
    if (status == u"failed"_s)
        return Tone::Bad;
    return Tone::Neutral;
}

QString badgeText(const store::EventRow& e)
{
    QString text = e.status == u"verified"_s ? u"verified"_s : e.status == u"failed"_s ? u"failed"_s : u"unverified"_s;
    if (e.status == u"unverified"_s && e.flags.contains(u"health-check"_s))
        text = u"health check"_s;
    if (!e.quarantined.isEmpty())
        text += u" · quarantined"_s;
    return text;
}

QString badgeToolTip(const store::EventRow& e)
{
    QString tip = e.status == u"verified"_s ? u"A delivery of this event carried a valid signature."_s
        : e.status == u"failed"_s ? u"No delivery of this event carried a valid signature (see the Signature tab)."_s
        : e.flags.contains(u"health-check"_s)
        ? u"A GET or HEAD without a body or signature: a reachability check, answered 200 (nothing to verify)."_s
        : u"No secret was configured, so the signature was not checked."_s;
    if (!e.quarantined.isEmpty())
        tip += u"\nQuarantined: "_s + e.quarantined;
    if (e.duplicates > 0)
        tip += u"\n%1 duplicate deliveries"_s.arg(e.duplicates);
    return tip;
}

QColor badgeColor(const store::EventRow& e)
{
    const QPalette palette = QGuiApplication::palette();
    if (!e.quarantined.isEmpty() && e.status != u"failed"_s)
        return toneColor(Tone::Warning, palette);
    return toneColor(statusTone(e.status), palette);
}

QIcon toneIcon(Tone tone)
{
    static QHash<int, QIcon> cache;
    const bool dark = isDark(QGuiApplication::palette());
    const int key = int(tone) * 2 + (dark ? 1 : 0);
    auto it = cache.find(key);
    if (it != cache.end())
        return *it;
    QPixmap pm(24, 24);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(toneColor(tone, QGuiApplication::palette()));
    p.drawEllipse(QRectF(6, 6, 12, 12));
    p.end();
    return *cache.insert(key, QIcon(pm));
}

QIcon badgeIcon(const store::EventRow& e)
{
    if (!e.quarantined.isEmpty() && e.status != u"failed"_s)
        return toneIcon(Tone::Warning);
    return toneIcon(statusTone(e.status));
}

} // namespace hookscope::ui
