#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hookscope::store {

/** One event as the list shows it. */
struct EventRow {
    qint64 id = 0;
    QString route;
    QString idempotencyKey;
    QString keySource;
    QString eventId; ///< the provider's id
    QString messageId;
    QString scheme;
    qint64 receivedUs = 0;
    qint64 lastUs = 0;
    QString status; ///< verified | failed | unverified
    QString quarantined; ///< reason code; empty when not quarantined
    QString quarantineNote;
    bool discarded = false;
    int deliveries = 0;
    int duplicates = 0;
    int replays = 0;
    QString method;
    QString path;
    qint64 size = 0;
    QStringList flags;
    bool processed = false;
    QString subject;
    QString fromAddress;
    QString fromName;
    int attachments = 0;
    QStringList warnings;
    /// The first bytes of the first delivery's body, as received (only where EventQuery::withBodyStart asked).
    QByteArray bodyStart;

    /** The `list --json` entry (PRODUCT.md, "What the words mean"). */
    QJsonObject toJson() const;
};

/** One delivery: a request exactly as received. */
struct DeliveryRow {
    qint64 id = 0;
    qint64 eventRowId = 0;
    int seq = 0;
    qint64 receivedUs = 0;
    QString peer;
    int peerPort = 0;
    int localPort = 0;
    bool tls = false;
    QString tlsProtocol;
    QString tlsCipher;
    QString method;
    QString target;
    QString httpVersion;
    QByteArray rawHead;
    QByteArray rawBody;
    QByteArray body;
    qint64 bodySize = 0;
    int statusCode = 0;
    QByteArray responseBody;
    QString verifyOutcome;
    QString verifyReason;
    QJsonObject verdict;
    bool duplicate = false;
    int refused = 0;
    bool truncated = false;
    QString answerAction; ///< "closed" or "reset" (a response rule answered nothing); empty: answered statusCode
    int answerDelayMs = 0; ///< the delay the answer went out after (response rules)
    QString answerRule; ///< the response rule that decided the answer; empty: none

    /** What Hookscope answered: the status code, or "closed" / "reset". */
    QString answerText() const { return answerAction.isEmpty() ? QString::number(statusCode) : answerAction; }
    QByteArray raw() const { return rawHead + (rawBody.isEmpty() ? body : rawBody); }
    QJsonObject toJson() const;
};

/**
 * The delivery that stands for its event (what replay, export, routing and the window show first): the first one
 * answered 2xx, else the first. -1 when there is none.
 */
qsizetype primaryDeliveryIndex(const QList<DeliveryRow>& deliveries);
/** Delivery number `seq` (1-based), or the primary one when `seq` is 0; null when there is no such delivery. */
const DeliveryRow* chosenDelivery(const QList<DeliveryRow>& deliveries, qsizetype seq);

/** One attachment of an event's email as stored (bytes in `blobs`, by SHA-256). */
struct AttachmentRow {
    qint64 eventRowId = 0;
    int part = 0; ///< 0-based position among the email's attachments
    QString partPath; ///< MIME section, when read from raw MIME
    QString filename;
    QString contentType;
    qint64 size = 0;
    QString contentId;
    QString sha256;
    bool isInline = false;

    QJsonObject toJson() const;
};

QString isoTime(qint64 us);

} // namespace hookscope::store
