#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace hookscope::email {

struct SampleAttachment {
    QString filename;
    QString contentType;
    QString contentId; ///< set for inline parts the HTML refers to as cid:
    QByteArray data;
};

/** An email in the guide's event schema: the sample event, and events that tests and screenshots make up. */
struct SampleEmail {
    QString id;
    QString fromAddress = QStringLiteral("ada@customer.example");
    QString fromName = QStringLiteral("Ada Lovelace");
    QString toAddress = QStringLiteral("support@yourapp.example");
    QString subject = QStringLiteral("Invoice #1042 — billed twice this month");
    QString text;
    QString html;
    QList<SampleAttachment> attachments;
    QDateTime receivedAt; ///< null: now

    /** The event's JSON body, compact, as a provider posts it. */
    QByteArray toJson() const;
};

/**
 * The sample event, the one `hookscope send --sample` and the window's "Send a sample event" both send: a
 * support email with an inline logo, a screenshot, a PDF invoice and a text file.
 */
SampleEmail sampleEmail(const QString& id);
/** A fresh id for a sample event: `evt_sample_` and 12 hex digits. */
QString newSampleEventId();

} // namespace hookscope::email
