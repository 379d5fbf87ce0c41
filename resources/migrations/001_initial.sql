-- Events group the deliveries that carry the same idempotency key on the same route.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    route TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    key_source TEXT NOT NULL,          -- header name, 'id', 'messageId' or 'sha256'
    event_id TEXT,                     -- the provider's id
    message_id TEXT,
    scheme TEXT,
    received_us INTEGER NOT NULL,      -- first delivery
    last_us INTEGER NOT NULL,
    status TEXT NOT NULL,              -- verified | failed | unverified
    accepted INTEGER NOT NULL DEFAULT 0,
    deliveries INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    replays INTEGER NOT NULL DEFAULT 0,
    method TEXT,
    path TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '',     -- space-separated: malformed-payload, refused, ...
    quarantined TEXT,                  -- reason code, NULL when not quarantined
    quarantine_note TEXT,
    quarantine_auto INTEGER NOT NULL DEFAULT 0,
    discarded_us INTEGER,
    processed INTEGER NOT NULL DEFAULT 0,  -- email fields filled in after the ack
    subject TEXT,
    from_address TEXT,
    from_name TEXT,
    to_json TEXT,
    attachments INTEGER NOT NULL DEFAULT 0,
    warnings TEXT,
    UNIQUE (route, idem_key)
);
CREATE INDEX events_received ON events (received_us);
CREATE INDEX events_status ON events (status, received_us);

-- Every request as received, exact bytes.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    received_us INTEGER NOT NULL,
    peer TEXT,
    peer_port INTEGER,
    local_port INTEGER,
    tls INTEGER NOT NULL DEFAULT 0,
    tls_protocol TEXT,
    tls_cipher TEXT,
    method TEXT,
    target TEXT,
    http_version TEXT,
    raw_head BLOB NOT NULL,
    raw_body BLOB,                     -- wire bytes when they differ from body (chunked)
    body BLOB,
    body_size INTEGER NOT NULL DEFAULT 0,
    status_code INTEGER NOT NULL,
    response_body BLOB,
    verify_outcome TEXT,
    verify_reason TEXT,
    verdict_json TEXT,
    duplicate INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0, -- status the listener refused with (413, 431, 408, 400), 0 otherwise
    truncated INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, seq)
);
CREATE INDEX deliveries_event ON deliveries (event_id, seq);
