-- Jobs are records, not processes: the row outlives the app, the browser tab and the process.
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,          -- queued starting running succeeded failed stopped interrupted
    argv          TEXT NOT NULL,          -- JSON list, exactly what is launched
    env           TEXT NOT NULL DEFAULT '{}',
    gpu           INTEGER NOT NULL DEFAULT 1,
    run_dir       TEXT NOT NULL,
    pid           INTEGER,
    pid_start     INTEGER,                -- /proc start time: a reused pid does not match
    exit_code     INTEGER,
    reason        TEXT,                   -- JSON {"zh":..,"en":..} one-sentence failure reason + advice
    stop_requested INTEGER NOT NULL DEFAULT 0,
    meta          TEXT NOT NULL DEFAULT '{}',
    created_at    REAL NOT NULL,
    started_at    REAL,
    finished_at   REAL
);
CREATE INDEX jobs_status ON jobs(status);
CREATE INDEX jobs_created ON jobs(created_at);
