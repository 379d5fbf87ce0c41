#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope::ui {

struct SampleAttachment {
    QString filename;
    QString contentType;
    QString contentId; ///< set for inline parts the HTML refers to as cid:
    QByteArray data;
};

/** An email in the guide's event schema, for the "Send a sample event" button and the screenshots. */
struct SampleEmail {
    QString id;
    QString fromAddress = QStringLiteral("ada@customer.example");
    QString fromName = QStringLiteral("Ada Lovelace");
    QString toAddress = QStringLiteral("support@yourapp.example");
    QString subject = QStringLiteral("Invoice #1042 — billed twice this month");
    QString text;
    QString html;
    QList<SampleAttachment> attachments;

    QByteArray toJson() const;
};

/** The realistic sample: a support email with an inline logo, a screenshot and a PDF invoice. */
SampleEmail sampleEmail(const QString& id);
/** A small PNG of `size` with a coloured block and `label` (inline images and attachments). */
QByteArray samplePng(const QString& label, int width, int height, const QString& color);

} // namespace hookscope::ui
