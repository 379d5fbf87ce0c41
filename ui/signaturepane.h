#pragma once

#include "detailpane.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;

namespace hookscope::ui {

/** How a delivery's signature was checked: scheme, canonical string, expected vs received, skew, the diagnosis. */
class SignaturePane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignaturePane)
public:
    explicit SignaturePane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;

    QTextBrowser* summary() const { return m_summary; }
    QPlainTextEdit* canonical() const { return m_canonical; }

    /** The diagnosis in plain words for a verdict (its reason code and hints). */
    static QString explain(const QJsonObject& verdict);

private:
    void showDelivery(int index);

    QList<store::DeliveryRow> m_deliveries;
    QComboBox* m_chooser;
    QTextBrowser* m_summary;
    QLabel* m_canonicalLabel;
    QPlainTextEdit* m_canonical;
};

} // namespace hookscope::ui
