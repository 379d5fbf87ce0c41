#include "sampleevent.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>

namespace hookscope::ui {

QByteArray samplePng(const QString& label, int width, int height, const QString& color)
{
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(QColor(color));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::white);
    QFont f = p.font();
    f.setPixelSize(std::max(10, std::min(height / 4, int(width / (label.size() * 0.75 + 1)))));
    f.setBold(true);
    p.setFont(f);
    p.drawText(image.rect(), Qt::AlignCenter, label);
    p.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace hookscope::ui
