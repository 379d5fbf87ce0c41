#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope::email {

/** One node of a message's MIME structure, as the MIME pane shows it. */
struct MimePartInfo {
    enum class Role {
        Container, ///< multipart/*: holds other parts
        TextBody, ///< the part `text` comes from
        HtmlBody, ///< the part `html` comes from
        Attachment, ///< every other leaf (EmailMessage::attachments[attachmentIndex])
        Message, ///< an attached message/rfc822 (an attachment too; its own parts are its children)
    };
    QString path; ///< IMAP-style section: "" for the message itself, "1", "1.2", ...
    int parent = -1; ///< index in the list; -1 for the root
    QList<int> children;
    int depth = 0;
    Role role = Role::Container;
    int attachmentIndex = -1;
    QString contentType; ///< lower-case type/subtype
    QString charset;
    QString transferEncoding; ///< lower-case, as declared ("7bit" when absent)
    QString disposition; ///< lower-case; empty when absent
    QString filename; ///< decoded
    QString contentId; ///< without angle brackets
    qint64 headerBegin = -1; ///< byte offset of the part's header block in the source
    qint64 bodyBegin = -1; ///< first byte after the empty line
    qint64 end = -1; ///< end of the body (exclusive; the line break before a boundary belongs to it)
    qint64 decodedSize = -1; ///< leaves: bytes after transfer decoding
};

/** The message's part tree, depth first (parents before children), with byte ranges in `raw`. */
Result<QList<MimePartInfo>> mimePartTree(const QByteArray& raw);

} // namespace hookscope::email
