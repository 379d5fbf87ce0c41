#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope::ui {

/** One MIME part located in the raw message, so the source view can mark exactly its bytes. */
struct MimeNode {
    QString contentType; ///< lower-case type/subtype ("text/plain" when absent)
    QString filename;
    QString contentId;
    qint64 start = 0; ///< first byte of the part's headers
    qint64 bodyStart = 0;
    qint64 end = 0; ///< one past the part's last byte
    QList<MimeNode> children;
};

/** Locates the parts of a raw MIME message (multipart boundaries and message/rfc822 nesting). */
MimeNode scanMime(const QByteArray& raw);

} // namespace hookscope::ui
