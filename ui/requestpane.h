#pragma once

#include "detailpane.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QTabWidget;

namespace hookscope::ui {

class HexView;

/** One delivery's request exactly as received: headers table, raw bytes as text and as hex. */
class RequestPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestPane)
public:
    explicit RequestPane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;

    QTableWidget* headersTable() const { return m_headers; }
    QPlainTextEdit* rawText() const { return m_raw; }
    HexView* hexView() const { return m_hex; }

    /** Bytes beyond this are left out of the text view (the hex view shows everything). */
    static constexpr qsizetype TextLimit = 2 * 1024 * 1024;

private:
    void showDelivery(int index);

    QList<store::DeliveryRow> m_deliveries;
    QComboBox* m_chooser;
    QLabel* m_requestLine;
    QTableWidget* m_headers;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_raw;
    HexView* m_hex;
};

/** A combo-box label for a delivery: "#2 · 12:00:01.123 · 200 · duplicate". */
QString deliveryLabel(const store::DeliveryRow& delivery);

} // namespace hookscope::ui
