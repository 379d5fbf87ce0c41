-- Indexes the inspector window needs so that counting a view and reading one page of a sorted view
-- never scan or sort the whole table, even with a million events. They are partial on
-- "discarded_us IS NULL", the condition every view but the bin carries, so SQLite can both walk
-- them in order and count them without touching the table.
CREATE INDEX events_ui_live ON events (received_us) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_status ON events (status, received_us) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_route ON events (route, received_us) WHERE discarded_us IS NULL;
-- Views over rare conditions.
CREATE INDEX events_ui_duplicates ON events (received_us) WHERE discarded_us IS NULL AND duplicates > 0;
CREATE INDEX events_ui_quarantined ON events (received_us) WHERE discarded_us IS NULL AND quarantined IS NOT NULL;
CREATE INDEX events_ui_replayed ON events (received_us) WHERE discarded_us IS NULL AND replays > 0;
-- Sorting the list by the columns people sort by.
CREATE INDEX events_ui_event_id ON events (event_id) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_from ON events (from_address) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_subject ON events (subject) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_size ON events (size) WHERE discarded_us IS NULL;
