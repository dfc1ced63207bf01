-- The companion's memory: short notes about the partner, per persona (the persona's name; '' = no persona).
-- A note comes from a rule or the (optional) model summary reading the person's own message, or is typed by
-- hand or imported. `status` pending = waiting for the person's OK; only active notes reach a prompt.
-- The text is never indexed: an index would keep another copy of it.
CREATE TABLE memory_notes (
    id          INTEGER PRIMARY KEY,
    persona     TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('preference', 'date', 'event', 'person', 'health', 'other')),
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active')),
    date        TEXT,                      -- YYYY-MM-DD for a one-off day, --MM-DD for a yearly one (birthday)
    source      TEXT NOT NULL DEFAULT '',  -- the message it was read from (desensitized)
    source_at   REAL,                      -- when that message was sent
    origin      TEXT NOT NULL DEFAULT 'rule' CHECK (origin IN ('rule', 'model', 'manual', 'import')),
    confidence  REAL NOT NULL DEFAULT 1.0,
    pinned      INTEGER NOT NULL DEFAULT 0,
    created_at  REAL NOT NULL,
    updated_at  REAL NOT NULL,
    last_used   REAL                       -- last time it went into a prompt
);
CREATE INDEX memory_notes_persona ON memory_notes(persona, status);

CREATE TABLE memory_settings (
    persona      TEXT PRIMARY KEY,
    enabled      INTEGER NOT NULL DEFAULT 1,
    auto_accept  INTEGER NOT NULL DEFAULT 0,
    budget       INTEGER NOT NULL DEFAULT 160,   -- tokens of the system prompt memory may take
    summarize    INTEGER NOT NULL DEFAULT 0      -- also ask the served model for a summary (off by default)
);
