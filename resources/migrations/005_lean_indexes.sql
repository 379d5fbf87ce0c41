-- Every index is paid for on every insert. These three repeat others: the UNIQUE (event_id, seq)
-- constraint already indexes deliveries by event, and the window's partial indexes (004) cover the
-- live events by time and by status, which is every list query but the bin's.
DROP INDEX IF EXISTS deliveries_event;
DROP INDEX IF EXISTS events_received;
DROP INDEX IF EXISTS events_status;
