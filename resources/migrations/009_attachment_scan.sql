-- Attachment safety: what scanning each attachment found, written after the ack by the post-processor (and again by
-- `hookscope rescan`). One row per attachment row (event, part); an attachment without a row was not looked at yet.
-- IF NOT EXISTS: a store taken back to an earlier version by hand (dropping what a later migration added) still
-- migrates forward.
CREATE TABLE IF NOT EXISTS attachment_scans (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    part INTEGER NOT NULL,             -- attachments.part
    status TEXT NOT NULL,              -- clean | infected | error | not-scanned (clamd's verdict)
    signature TEXT,                    -- infected: the signature's name ("Eicar-Signature")
    message TEXT,                      -- error / not-scanned: why
    detected_type TEXT,                -- libmagic's MIME type of the content
    flags TEXT NOT NULL DEFAULT '[]',  -- JSON: [{"id": "type-mismatch", "reason": "…"}]
    database TEXT,                     -- clamd's VERSION (engine/database number/date) when it scanned
    scanned_us INTEGER NOT NULL,       -- when, microseconds since the epoch
    PRIMARY KEY (event_id, part)
) WITHOUT ROWID;

-- `scan:STATUS` and `has:flagged` in the search, and `rescan --unscanned`.
CREATE INDEX IF NOT EXISTS attachment_scans_status ON attachment_scans (status, event_id);
CREATE INDEX IF NOT EXISTS attachment_scans_flagged ON attachment_scans (event_id) WHERE flags <> '[]';
