#pragma once

#include "payload.h"

#include "core/common/result.h"

#include <functional>

namespace hookscope::email {

struct MimeReadOptions {
    /** Keep each attachment's decoded bytes in Attachment::data (false: only size and SHA-256). */
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
 * Fails only when the input has no header block at all.
 */
Result<EmailMessage> parseMime(const QByteArray& raw, const MimeReadOptions& options = {});

/** An address list header value ("Ana <ana@example.org>, bob@example.com", RFC 2047 names) as addresses. */
QList<Address> parseAddresses(const QByteArray& value);

/** The decoded bytes of the attachment at `partPath` (see Attachment::partPath). */
Result<QByteArray> mimePartData(const QByteArray& raw, const QString& partPath);

} // namespace hookscope::email
