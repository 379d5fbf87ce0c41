-- A million events: every column of the list sorts through an index, and the bin is found without reading
-- every row.

-- The list sorts by any of its columns (ORDER BY column, id; Verification uses events_ui_status). 004 indexed
-- the columns with many distinct values; these are the rest, so that no sort of a million events reads and
-- sorts the table. Their values are few and new rows go to the end of each value's range, so an insert pays
-- little for them. (A Message-ID index, with random keys, would cost an insert more than these four together.)
CREATE INDEX events_ui_method ON events (method) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_path ON events (path) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_attachments ON events (attachments) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_deliveries ON events (deliveries) WHERE discarded_us IS NULL;
-- The bin: its view, its count, and the events a search must leave out. Empty for most stores, so free.
CREATE INDEX events_ui_bin ON events (received_us) WHERE discarded_us IS NOT NULL;
