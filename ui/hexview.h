#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>

namespace hookscope::ui {

/**
 * Bytes as offset | hex | ASCII, sixteen to a line, painting only the lines in view (a 50 MB body
 * costs nothing until scrolled). Drag selects, Ctrl+C copies the selection as hex.
 */
class HexView final : public QAbstractScrollArea {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HexView)
public:
    explicit HexView(QWidget* parent = nullptr);

    void setData(const QByteArray& data);
    QByteArray data() const { return m_data; }
    /** Marks bytes [start, start+length) and scrolls them into view. */
    void setHighlight(qint64 start, qint64 length);
    /** The text of line `line` as painted (offset, hex, ASCII). */
    QString lineText(qint64 line) const;
    qint64 lineCount() const { return (m_data.size() + BytesPerLine - 1) / BytesPerLine; }
    QByteArray selectedBytes() const;

    static constexpr int BytesPerLine = 16;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateScrollBars();
    qint64 byteAt(const QPoint& pos) const;
    int hexX(int column) const;
    int asciiX(int column) const;

    QByteArray m_data;
    qint64 m_highlightStart = -1;
    qint64 m_highlightLength = 0;
    qint64 m_selectionAnchor = -1;
    qint64 m_selectionEnd = -1;
    int m_charWidth = 8;
    int m_lineHeight = 16;
};

} // namespace hookscope::ui
