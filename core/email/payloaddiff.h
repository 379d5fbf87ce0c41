#pragma once

#include "payload.h"

#include <QList>
#include <QString>

namespace hookscope::email {

/** One way the provider's JSON and the raw MIME it came with disagree. */
struct PayloadDifference {
    enum class Kind {
        MessageId,
        Subject, ///< different subject text
        SubjectDecoding, ///< the provider left RFC 2047 encoded words (or mojibake) in the subject
        Address, ///< a recipient or sender missing on one side
        AddressName, ///< same address, different display name (decoding)
        TextBody,
        HtmlBody,
        MissingAttachment, ///< in the MIME, not in the provider's JSON
        ExtraAttachment, ///< in the provider's JSON, not in the MIME
        AttachmentSize,
        AttachmentContent, ///< same size, different bytes
        AttachmentType,
        AttachmentContentId,
    };
    Kind kind;
    QString field; ///< "subject", "to", "text", "attachments[invoice.pdf]", ...
    QString message; ///< one line for a person, with both values where they are short
};

/**
 * Compares the provider's reading of an email (its JSON or form fields) with the reading of the raw MIME
 * it carried. Line endings and trailing white space do not count as a body difference; everything else
 * that a receiver would see differently does.
 */
QList<PayloadDifference> diffPayload(const EmailMessage& provider, const EmailMessage& mime);

} // namespace hookscope::email
