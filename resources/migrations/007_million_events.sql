-- A million events: every column of the list sorts through an index, the views' counts are kept rather than
-- counted, and the bin and Message-IDs are found without reading every row.

-- The list sorts by any of its columns (ORDER BY column, id). 004 indexed the columns with many distinct
-- values; these are the rest, so that no sort of a million events reads and sorts the table. Their values
-- are few and new rows go to the end of each value's range, so they cost an insert little.
CREATE INDEX events_ui_method ON events (method) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_path ON events (path) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_verification ON events (status) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_attachments ON events (attachments) WHERE discarded_us IS NULL;
CREATE INDEX events_ui_deliveries ON events (deliveries) WHERE discarded_us IS NULL;
-- The bin: its view, and the events a search must leave out.
CREATE INDEX events_ui_bin ON events (received_us) WHERE discarded_us IS NOT NULL;
-- Search finds an event by its Message-ID.
CREATE INDEX events_ui_message_id ON events (message_id) WHERE discarded_us IS NULL;

-- How many events each view of the sidebar holds, kept by the triggers below: counting a view of a million
-- events walks an index of a million entries (seconds when the store is not in the page cache), and the
-- window shows every count at start and again each second while events arrive.
-- Views: 'all', 'verified', 'failed', 'unverified', 'duplicate', 'quarantined', 'replayed' (these over events
-- not discarded), 'discarded', and 'route:NAME'.
CREATE TABLE event_counts (
    view TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO event_counts (view, n)
SELECT 'all', count(*) FROM events WHERE discarded_us IS NULL
UNION ALL SELECT 'verified', count(*) FROM events WHERE discarded_us IS NULL AND status = 'verified'
UNION ALL SELECT 'failed', count(*) FROM events WHERE discarded_us IS NULL AND status = 'failed'
UNION ALL SELECT 'unverified', count(*) FROM events WHERE discarded_us IS NULL AND status = 'unverified'
UNION ALL SELECT 'duplicate', count(*) FROM events WHERE discarded_us IS NULL AND duplicates > 0
UNION ALL SELECT 'quarantined', count(*) FROM events WHERE discarded_us IS NULL AND quarantined IS NOT NULL
UNION ALL SELECT 'replayed', count(*) FROM events WHERE discarded_us IS NULL AND replays > 0
UNION ALL SELECT 'discarded', count(*) FROM events WHERE discarded_us IS NOT NULL;
INSERT INTO event_counts (view, n)
SELECT 'route:' || route, count(*) FROM events WHERE discarded_us IS NULL GROUP BY route;

-- An insert is on the ingest path: the usual one (a live event, not yet a duplicate, quarantined or replayed) is
-- one statement; the rest are rare.
CREATE TRIGGER events_count_insert AFTER INSERT ON events WHEN NEW.discarded_us IS NULL
BEGIN
    INSERT INTO event_counts (view, n) VALUES ('all', 1), (NEW.status, 1), ('route:' || NEW.route, 1)
    ON CONFLICT (view) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER events_count_insert_rare AFTER INSERT ON events
WHEN NEW.discarded_us IS NOT NULL OR NEW.duplicates > 0 OR NEW.quarantined IS NOT NULL OR NEW.replays > 0
BEGIN
    INSERT INTO event_counts (view, n)
    SELECT view, 1 FROM (
        SELECT 'duplicate' AS view WHERE NEW.discarded_us IS NULL AND NEW.duplicates > 0
        UNION ALL SELECT 'quarantined' WHERE NEW.discarded_us IS NULL AND NEW.quarantined IS NOT NULL
        UNION ALL SELECT 'replayed' WHERE NEW.discarded_us IS NULL AND NEW.replays > 0
        UNION ALL SELECT 'discarded' WHERE NEW.discarded_us IS NOT NULL)
    WHERE true
    ON CONFLICT (view) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER events_count_delete AFTER DELETE ON events
BEGIN
    INSERT INTO event_counts (view, n)
    SELECT view, -1 FROM (
        SELECT 'all' AS view WHERE OLD.discarded_us IS NULL
        UNION ALL SELECT OLD.status WHERE OLD.discarded_us IS NULL
        UNION ALL SELECT 'route:' || OLD.route WHERE OLD.discarded_us IS NULL
        UNION ALL SELECT 'duplicate' WHERE OLD.discarded_us IS NULL AND OLD.duplicates > 0
        UNION ALL SELECT 'quarantined' WHERE OLD.discarded_us IS NULL AND OLD.quarantined IS NOT NULL
        UNION ALL SELECT 'replayed' WHERE OLD.discarded_us IS NULL AND OLD.replays > 0
        UNION ALL SELECT 'discarded' WHERE OLD.discarded_us IS NOT NULL)
    WHERE true
    ON CONFLICT (view) DO UPDATE SET n = n + excluded.n;
END;

-- Only when a change moves the event into or out of a view (a new delivery of a verified event does not).
CREATE TRIGGER events_count_update AFTER UPDATE OF status, route, duplicates, quarantined, replays, discarded_us
ON events
WHEN OLD.status IS NOT NEW.status OR OLD.route IS NOT NEW.route
    OR (OLD.discarded_us IS NULL) <> (NEW.discarded_us IS NULL)
    OR (OLD.duplicates > 0) <> (NEW.duplicates > 0)
    OR (OLD.quarantined IS NULL) <> (NEW.quarantined IS NULL)
    OR (OLD.replays > 0) <> (NEW.replays > 0)
BEGIN
    INSERT INTO event_counts (view, n)
    SELECT view, sum(d) FROM (
        SELECT 'all' AS view, -1 AS d WHERE OLD.discarded_us IS NULL
        UNION ALL SELECT OLD.status, -1 WHERE OLD.discarded_us IS NULL
        UNION ALL SELECT 'route:' || OLD.route, -1 WHERE OLD.discarded_us IS NULL
        UNION ALL SELECT 'duplicate', -1 WHERE OLD.discarded_us IS NULL AND OLD.duplicates > 0
        UNION ALL SELECT 'quarantined', -1 WHERE OLD.discarded_us IS NULL AND OLD.quarantined IS NOT NULL
        UNION ALL SELECT 'replayed', -1 WHERE OLD.discarded_us IS NULL AND OLD.replays > 0
        UNION ALL SELECT 'discarded', -1 WHERE OLD.discarded_us IS NOT NULL
        UNION ALL SELECT 'all', 1 WHERE NEW.discarded_us IS NULL
        UNION ALL SELECT NEW.status, 1 WHERE NEW.discarded_us IS NULL
        UNION ALL SELECT 'route:' || NEW.route, 1 WHERE NEW.discarded_us IS NULL
        UNION ALL SELECT 'duplicate', 1 WHERE NEW.discarded_us IS NULL AND NEW.duplicates > 0
        UNION ALL SELECT 'quarantined', 1 WHERE NEW.discarded_us IS NULL AND NEW.quarantined IS NOT NULL
        UNION ALL SELECT 'replayed', 1 WHERE NEW.discarded_us IS NULL AND NEW.replays > 0
        UNION ALL SELECT 'discarded', 1 WHERE NEW.discarded_us IS NOT NULL)
    WHERE true
    GROUP BY view HAVING sum(d) <> 0
    ON CONFLICT (view) DO UPDATE SET n = n + excluded.n;
END;
