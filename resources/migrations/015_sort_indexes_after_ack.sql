-- The list's sort-only indexes (004, 007, 013) are written after the ack, by the post-processor in groups, instead
-- of by every insert on the ingest path: nine index entries per event, two of them at random places (event_id,
-- size), were 45 % of the writer's time per request. An event enters them when sort_indexed becomes 1: at its
-- insert when it has no email to read (the post-processor never sees it), or with its email fields. Until then it
-- is in events_unsorted, which new events append to, and a page sorted by one of these columns is the index's rows
-- merged with the unsorted ones sorted (EventStore::list). Rows written before are sorted (DEFAULT 1).
-- The list's other orders (arrival, status, route) and every count keep their indexes on the ingest path.
ALTER TABLE events ADD COLUMN sort_indexed INTEGER NOT NULL DEFAULT 1;
DROP INDEX IF EXISTS events_ui_event_id;
DROP INDEX IF EXISTS events_ui_from;
DROP INDEX IF EXISTS events_ui_subject;
DROP INDEX IF EXISTS events_ui_size;
DROP INDEX IF EXISTS events_ui_method;
DROP INDEX IF EXISTS events_ui_path;
DROP INDEX IF EXISTS events_ui_attachments;
DROP INDEX IF EXISTS events_ui_deliveries;
DROP INDEX IF EXISTS events_ui_last;
CREATE INDEX events_ui_event_id ON events (event_id) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_from ON events (from_address) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_subject ON events (subject) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_size ON events (size) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_method ON events (method) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_path ON events (path) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_attachments ON events (attachments) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_deliveries ON events (deliveries) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_ui_last ON events (last_us) WHERE discarded_us IS NULL AND sort_indexed = 1;
CREATE INDEX events_unsorted ON events (id) WHERE sort_indexed = 0;
