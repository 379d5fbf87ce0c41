#pragma once

#include "core/store/attachmentscans.h"

#include <QString>

namespace hookscope::ui {

/**
 * What the window says of an attachment's scan (store::AttachmentScanRow): the badge in the Attachments tab, its
 * tooltip, and the question asked before opening or saving one that scanning found something in.
 */
class ScanBadge final {
public:
    /** "infected: NAME", "flagged: type-mismatch, macro", "clean", "not scanned", "scan error"; "…" before any scan. */
    static QString text(const store::AttachmentScanRow* scan);
    /** Every flag's reason, the database, the detected type; for "not scanned", how to enable scanning. */
    static QString tooltip(const store::AttachmentScanRow* scan);
    /** Whether opening or saving asks first: infected, or any flag. */
    static bool needsConfirmation(const store::AttachmentScanRow* scan);
    /** The question, naming the signature and each flag with its reason. */
    static QString question(const store::AttachmentScanRow& scan, const QString& filename, const QString& verb);
};

} // namespace hookscope::ui
