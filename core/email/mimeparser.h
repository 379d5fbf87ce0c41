#pragma once

#include "payload.h"

#include "core/common/result.h"

#include <functional>

namespace hookscope::email {

struct MimeReadOptions {
    /**
     * Keep each attachment's decoded bytes in Attachment::data (false: only size and SHA-256, which are then
     * computed a piece at a time unless onAttachment wants the bytes whole).
     */
    bool keepData = true;
    /**
     * Called with each attachment as soon as it is decoded, before the next one is: a consumer that
     * stores the bytes (and keepData false) never holds more than one decoded attachment at a time.
     */
    std::function<void(const Attachment& attachment, const QByteArray& data)> onAttachment;
};

/**
 * Reads raw MIME (RFC 5322 + MIME, CRLF or bare LF) with GMime into the email model, choosing bodies and
 * attachments as Python's `email` package does with policy=default: `text`/`html` are what
 * get_body(('plain',)) / get_body(('html',)) pick; every other leaf part is an attachment; a
 * message/rfc822 part is one attachment holding the embedded message's bytes. Damage (missing closing
 * boundary, bad base64, unknown charset) is read as far as it goes and reported in `warnings`.
 * Input without a header block, or whose header block is cut short by a line that is not a header, is read
 * as Python reads it (a body without headers, or the body starting at that line), with a warning. Fails only
 * on empty (or blank) input.
 */
Result<EmailMessage> parseMime(const QByteArray& raw, const MimeReadOptions& options = {});

/** Hands the decoded bytes of attachment `index` (of EmailMessage::attachments) to `sink`, in order, a piece at a time.
 */
using AttachmentData = std::function<void(qsizetype index, const std::function<void(QByteArrayView piece)>& sink)>;

/**
 * parseMime for a consumer that writes the message out, its attachments' bytes included, and never needs them
 * whole (`hookscope parse`): the attachments are decoded and hashed a piece at a time (`size` and `sha256` set,
 * `data` left empty), then `write` gets the message and a way to decode any attachment again, a piece at a time.
 * Besides `raw`, no attachment is held decoded, except one in damaged base64, which is read whole.
 */
Result<void> parseMimeStreamed(
    const QByteArray& raw, const std::function<void(const EmailMessage&, const AttachmentData&)>& write);

/** The decoded bytes of the attachment at `partPath` (see Attachment::partPath). */
Result<QByteArray> mimePartData(const QByteArray& raw, const QString& partPath);

} // namespace hookscope::email
