-- Every request Hookscope sent on its own: replays, auto-forwards and `send`, one row per attempt.
-- A retry that is scheduled but not yet made is a row in state 'pending' with its scheduled time,
-- so pending forwards survive a restart.
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    event_id INTEGER REFERENCES events (id) ON DELETE CASCADE, -- NULL for `send`
    run_id TEXT NOT NULL,              -- groups the attempts of one replay/forward/send
    kind TEXT NOT NULL,                -- replay | forward | send
    rule TEXT,                         -- the forward rule's name
    target TEXT NOT NULL,              -- the URL asked for
    mode TEXT NOT NULL,                -- as-captured | resigned | edited | negative:...
    spec_json TEXT,                    -- what is needed to rebuild the request for a later attempt (never a secret)
    attempt INTEGER NOT NULL,          -- 1-based
    max_attempts INTEGER NOT NULL DEFAULT 1,
    state TEXT NOT NULL,               -- pending | done | failed
    scheduled_us INTEGER NOT NULL,
    started_us INTEGER,
    finished_us INTEGER,
    request_method TEXT,
    request_url TEXT,
    request_head BLOB,                 -- request line and headers exactly as sent
    request_body BLOB,
    status INTEGER,                    -- HTTP status, NULL when none came back
    latency_ms INTEGER,
    response_head BLOB,                -- status line and headers as received
    response_body BLOB,                -- first 1 MiB
    response_size INTEGER,             -- full body size as received
    error TEXT,
    UNIQUE (run_id, attempt)
);
CREATE INDEX attempts_event ON attempts (event_id, id);
CREATE INDEX attempts_pending ON attempts (state, scheduled_us) WHERE state = 'pending';

-- What people (and automatic rules) did to events. Not tied to events by a foreign key: the log
-- outlives a purge.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    time_us INTEGER NOT NULL,
    action TEXT NOT NULL,              -- quarantine | release | discard | restore | purge | replay | export | import | forward
    event_id INTEGER,
    reason TEXT,
    note TEXT,
    details TEXT                       -- JSON
);
CREATE INDEX audit_time ON audit (time_us);
CREATE INDEX audit_event ON audit (event_id);
