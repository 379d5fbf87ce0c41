-- View ▸ Duplicates to top: the list sorts by each event's latest delivery (last_us), through an index like every
-- other order of the list (007). A duplicate moves its event's entry to the end of the index: one index update
-- per duplicate, and new events append. IF NOT EXISTS: a store taken back to an earlier version by hand still
-- migrates.
CREATE INDEX IF NOT EXISTS events_ui_last ON events (last_us) WHERE discarded_us IS NULL;
