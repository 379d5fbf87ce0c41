-- Any part of an event's identifiers is found by the search, not only their beginning: the provider's id, the
-- Message-ID and a delivery id the sender put in a header (webhook-id, X-GitHub-Delivery, …) when it is another
-- id. Trigrams: every three characters of each, so that a part of three or more characters is an index lookup
-- (a phrase of its trigrams, in order). rowid = events.id.
--
-- Written after the ack, with the email's search index (the post-processor), never on the ingest path. Measured
-- (SQLite 3.40, a loaded 2-core machine): on bench/make-store's 100,000 events, 30.6 MB of the 718 MB store; a part
-- of an id 6-14 ms (a rare one) to 62 ms (one all of them share), where reading every row takes 50-100 ms; on a
-- million ids of that shape, ~300 MB and 50-80 us an event written in groups of 100. detail=none would take 130 MB
-- but cannot match a phrase: every candidate would be read again to check it (2.1 s instead of 0.44 s for a part
-- a million ids share).
CREATE VIRTUAL TABLE event_ids USING fts5(
    event_id, message_id, delivery_id,
    tokenize = 'trigram'
);

-- The events already stored: 1.1 s for make-store's 100,000 events, ~20 s for a million (once).
-- A key is a delivery id of its own unless it is the payload's id or Message-ID again, a hash or a refused
-- request's (store::storeEventIds writes the same).
INSERT INTO event_ids (rowid, event_id, message_id, delivery_id)
SELECT id, event_id, message_id, delivery_id
FROM (SELECT id, event_id, message_id,
          CASE WHEN key_source IN ('id', 'messageId', 'sha256', 'request', 'refused') OR idem_key IS event_id
              OR idem_key IS message_id THEN NULL ELSE idem_key END AS delivery_id
      FROM events)
WHERE coalesce(event_id, message_id, delivery_id) IS NOT NULL;

CREATE TRIGGER events_forget_ids AFTER DELETE ON events
BEGIN
    DELETE FROM event_ids WHERE rowid = OLD.id;
END;
