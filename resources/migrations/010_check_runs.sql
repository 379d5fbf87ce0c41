-- `hookscope check` runs: one row per run of the receiver conformance suite, so that two runs against the same
-- endpoint can be compared. result_json is the run's scorecard as `check --json` prints it (never a secret; the
-- target URL is stored without user info).
CREATE TABLE IF NOT EXISTS check_runs (
    id INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,       -- microseconds since the epoch
    target_url TEXT NOT NULL,
    scheme TEXT NOT NULL,
    passed INTEGER NOT NULL,           -- 1 when every applying required check passed
    result_json TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS check_runs_target ON check_runs (target_url, started_at);
