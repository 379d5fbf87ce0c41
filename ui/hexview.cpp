#include "hexview.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

// Layout in characters: "00000000  00 11 22 33 44 55 66 77  88 99 aa bb cc dd ee ff  |0123456789abcdef|"
static constexpr int OffsetChars = 8;
static constexpr int HexStart = OffsetChars + 2;
static constexpr int AsciiStart = HexStart + HexView::BytesPerLine * 3 + 2;

static QString hex(qint64 value, int width)
{
    return QString::number(value, 16).rightJustified(width, u'0');
}

HexView::HexView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    changeEvent(nullptr);
}

void HexView::changeEvent(QEvent* event)
{
    if (event)
        QAbstractScrollArea::changeEvent(event);
    if (!event || event->type() == QEvent::FontChange) {
        const QFontMetrics fm(font());
        m_charWidth = fm.horizontalAdvance(u'0');
        m_lineHeight = fm.height() + 2;
        updateScrollBars();
    }
}

void HexView::setData(const QByteArray& data)
{
    m_data = data;
    m_highlightStart = -1;
    m_highlightLength = 0;
    m_selectionAnchor = m_selectionEnd = -1;
    verticalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

void HexView::setHighlight(qint64 start, qint64 length)
{
    m_highlightStart = start;
    m_highlightLength = length;
    if (start >= 0) {
        const int line = int(start / BytesPerLine);
        const int visible = std::max(1, viewport()->height() / m_lineHeight);
        QScrollBar* bar = verticalScrollBar();
        if (line < bar->value() || line >= bar->value() + visible)
            bar->setValue(std::max(0, line - 2));
    }
    viewport()->update();
}

void HexView::updateScrollBars()
{
    const int visible = std::max(1, viewport()->height() / m_lineHeight);
    verticalScrollBar()->setRange(0, int(std::max<qint64>(0, lineCount() - visible)));
    verticalScrollBar()->setPageStep(visible);
    const int width = (AsciiStart + BytesPerLine + 3) * m_charWidth;
    horizontalScrollBar()->setRange(0, std::max(0, width - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void HexView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

int HexView::hexX(int column) const
{
    return (HexStart + column * 3 + (column >= 8 ? 1 : 0)) * m_charWidth;
}

int HexView::asciiX(int column) const
{
    return (AsciiStart + 1 + column) * m_charWidth;
}

QString HexView::lineText(qint64 line) const
{
    const qint64 start = line * BytesPerLine;
    if (start >= m_data.size())
        return {};
    QString text = hex(start, OffsetChars) + u"  "_s;
    QString ascii;
    for (int i = 0; i < BytesPerLine; ++i) {
        if (i == 8)
            text += u' ';
        if (start + i < m_data.size()) {
            const uchar b = uchar(m_data[start + i]);
            text += hex(b, 2) + u' ';
            ascii += (b >= 0x20 && b < 0x7f) ? QChar(char16_t(b)) : u'.';
        } else {
            text += u"   "_s;
        }
    }
    return text + u" |"_s + ascii + u'|';
}

void HexView::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    const QPalette pal = palette();
    p.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    p.translate(-horizontalScrollBar()->value(), 0);
    const QFontMetrics fm(font());
    const qint64 first = verticalScrollBar()->value();
    const int lines = viewport()->height() / m_lineHeight + 2;
    const QColor muted = pal.color(QPalette::PlaceholderText);
    const QColor text = pal.color(QPalette::Text);
    QColor highlight = pal.color(QPalette::Highlight);
    highlight.setAlpha(90);
    const QColor selection = pal.color(QPalette::Highlight);
    const qint64 selStart = std::min(m_selectionAnchor, m_selectionEnd);
    const qint64 selEnd = std::max(m_selectionAnchor, m_selectionEnd);
    if (m_data.isEmpty()) {
        p.setPen(muted);
        p.drawText(QRect(0, 0, viewport()->width(), m_lineHeight * 2), Qt::AlignCenter, u"(no bytes)"_s);
        return;
    }
    for (int l = 0; l < lines; ++l) {
        const qint64 line = first + l;
        const qint64 start = line * BytesPerLine;
        if (start >= m_data.size())
            break;
        const int y = l * m_lineHeight;
        const int baseline = y + fm.ascent() + 1;
        p.setPen(muted);
        p.drawText(0, baseline, hex(start, OffsetChars));
        for (int i = 0; i < BytesPerLine && start + i < m_data.size(); ++i) {
            const qint64 at = start + i;
            const uchar b = uchar(m_data[at]);
            const bool selected = m_selectionAnchor >= 0 && at >= selStart && at <= selEnd;
            const bool marked
                = m_highlightStart >= 0 && at >= m_highlightStart && at < m_highlightStart + m_highlightLength;
            const QRect hexRect(hexX(i), y, m_charWidth * 2, m_lineHeight);
            const QRect asciiRect(asciiX(i), y, m_charWidth, m_lineHeight);
            if (selected || marked) {
                p.fillRect(hexRect.adjusted(0, 0, i == BytesPerLine - 1 || i == 7 ? 0 : m_charWidth, 0),
                    selected ? selection : highlight);
                p.fillRect(asciiRect, selected ? selection : highlight);
            }
            p.setPen(selected ? pal.color(QPalette::HighlightedText) : text);
            p.drawText(hexX(i), baseline, hex(b, 2));
            const bool printable = b >= 0x20 && b < 0x7f;
            if (!selected)
                p.setPen(printable ? text : muted);
            p.drawText(asciiX(i), baseline, printable ? QString(QChar(char16_t(b))) : u"."_s);
        }
        p.setPen(muted);
        p.drawText(asciiX(-1), baseline, u"|"_s);
        p.drawText(asciiX(int(std::min<qint64>(BytesPerLine, m_data.size() - start))), baseline, u"|"_s);
    }
}

qint64 HexView::byteAt(const QPoint& pos) const
{
    const int x = pos.x() + horizontalScrollBar()->value();
    const qint64 line = verticalScrollBar()->value() + pos.y() / m_lineHeight;
    int column = -1;
    if (x >= asciiX(0)) {
        column = std::min(BytesPerLine - 1, (x - asciiX(0)) / m_charWidth);
    } else {
        for (int i = BytesPerLine - 1; i >= 0; --i) {
            if (x >= hexX(i)) {
                column = i;
                break;
            }
        }
        column = std::max(column, 0);
    }
    return std::clamp<qint64>(line * BytesPerLine + column, 0, std::max<qint64>(0, m_data.size() - 1));
}

void HexView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_data.isEmpty())
        return QAbstractScrollArea::mousePressEvent(event);
    m_selectionAnchor = m_selectionEnd = byteAt(event->position().toPoint());
    viewport()->update();
}

void HexView::mouseMoveEvent(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton) || m_selectionAnchor < 0)
        return;
    m_selectionEnd = byteAt(event->position().toPoint());
    viewport()->update();
}

QByteArray HexView::selectedBytes() const
{
    if (m_selectionAnchor < 0)
        return {};
    const qint64 s = std::min(m_selectionAnchor, m_selectionEnd);
    const qint64 e = std::max(m_selectionAnchor, m_selectionEnd);
    return m_data.mid(s, e - s + 1);
}

void HexView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        const QByteArray bytes = m_selectionAnchor >= 0 ? selectedBytes() : m_data;
        QApplication::clipboard()->setText(QString::fromLatin1(bytes.toHex(' ')));
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        m_selectionAnchor = 0;
        m_selectionEnd = m_data.size() - 1;
        viewport()->update();
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

} // namespace hookscope::ui
