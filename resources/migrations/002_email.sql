-- The email inside each event: attachments (bytes stored once per SHA-256) and a full-text index.

-- One row per attachment of an event's email, in the order `parse` lists them.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    part INTEGER NOT NULL,             -- 0-based position among the email's attachments
    part_path TEXT,                    -- MIME section ("1.2") when read from raw MIME
    filename TEXT,                     -- decoded, not sanitized
    content_type TEXT NOT NULL,        -- lower-case type/subtype
    size INTEGER NOT NULL,
    content_id TEXT,                   -- without angle brackets
    sha256 TEXT NOT NULL,              -- lower-case hex of the decoded bytes
    inline INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, part)
);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Attachment bytes, once per content. Measured on this store (WAL, synchronous=NORMAL): up to ~100 KB a
-- blob in the database writes and reads as fast as a file; above it the database is 2-4x slower to write
-- and 10-50x slower to read (overflow-page chains). So small blobs live here (`data`), larger ones in
-- files named by their hash beside the database (`data` NULL). Blobs are derived data: the delivery body
-- still holds every byte, so a lost file is decoded again.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB                          -- NULL: in <database>.blobs/<aa>/<sha256>
);

-- A blob goes when its last attachment row does.
CREATE TRIGGER attachments_release_blob AFTER DELETE ON attachments
WHEN NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = OLD.sha256)
BEGIN
    DELETE FROM blobs WHERE sha256 = OLD.sha256;
END;

-- Full-text search over the email fields; rowid = events.id.
CREATE VIRTUAL TABLE email_fts USING fts5(
    subject, sender, recipients, cc, body, attachments,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER events_forget_fts AFTER DELETE ON events
BEGIN
    DELETE FROM email_fts WHERE rowid = OLD.id;
END;
