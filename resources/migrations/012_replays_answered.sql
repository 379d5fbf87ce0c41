-- events.replays counts the replays that were answered 2xx (one per run), so that the Replayed view and
-- `list --status replayed` hold what was replayed, not what was tried: a replay that failed is in the event's
-- attempts, not in the count. Counted again from the attempts for stores written before.
UPDATE events SET replays = (
    SELECT count(DISTINCT run_id) FROM attempts
    WHERE attempts.event_id = events.id AND attempts.kind = 'replay' AND attempts.state = 'done')
WHERE replays > 0;
