-- Annotation: projects of items (a prompt and two candidate replies), annotators with personal
-- tokens, and an append-only log of what each annotator did. The current label is derived from
-- the log (view annotate_current); nothing is ever updated or deleted in annotate_events.
CREATE TABLE annotate_projects (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL DEFAULT '',
    created_at  REAL NOT NULL
);

CREATE TABLE annotate_items (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES annotate_projects(id),
    position    INTEGER NOT NULL,          -- the stable order annotators go through
    prompt      TEXT NOT NULL,             -- JSON list of {"role","content"}: turns before the reply
    reply_a     TEXT,                      -- NULL until a partner writes it (add_written_reply)
    reply_b     TEXT,
    source_a    TEXT NOT NULL DEFAULT '',  -- who wrote reply_a (model name, "chosen", ...); never shown
    source_b    TEXT NOT NULL DEFAULT '',
    meta        TEXT NOT NULL DEFAULT '{}',
    created_at  REAL NOT NULL,
    UNIQUE (project_id, position)
);

CREATE TABLE annotate_annotators (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES annotate_projects(id),
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT 'partner' CHECK (role IN ('partner', 'resolution')),
    token_hash  TEXT UNIQUE,               -- sha256 hex of the current token; NULL = revoked / none
    created_at  REAL NOT NULL,
    revoked_at  REAL,
    UNIQUE (project_id, name)
);

CREATE TABLE annotate_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the order of the log
    project_id    INTEGER NOT NULL REFERENCES annotate_projects(id),
    item_id       INTEGER NOT NULL REFERENCES annotate_items(id),
    annotator_id  INTEGER NOT NULL REFERENCES annotate_annotators(id),
    kind          TEXT NOT NULL CHECK (kind IN ('label', 'skip', 'undo')),
    choice        TEXT CHECK (choice IN ('a', 'b', 'tie', 'both_bad')),  -- in reply terms, not screen side
    better_reply  TEXT,
    note          TEXT,
    left_reply    TEXT CHECK (left_reply IN ('a', 'b')),  -- which reply was on the left (audit only)
    undoes        INTEGER REFERENCES annotate_events(id),
    created_at    REAL NOT NULL,
    CHECK ((kind = 'label') = (choice IS NOT NULL)),
    CHECK ((kind = 'undo') = (undoes IS NOT NULL))
);
CREATE INDEX annotate_events_who ON annotate_events(annotator_id, item_id, id);
CREATE INDEX annotate_events_item ON annotate_events(project_id, item_id);
CREATE UNIQUE INDEX annotate_events_undoes ON annotate_events(undoes) WHERE undoes IS NOT NULL;

CREATE TRIGGER annotate_events_no_update BEFORE UPDATE ON annotate_events
BEGIN
    SELECT RAISE(ABORT, 'annotate_events is append-only');
END;

CREATE TRIGGER annotate_events_no_delete BEFORE DELETE ON annotate_events
BEGIN
    SELECT RAISE(ABORT, 'annotate_events is append-only');
END;

-- One row per (item, annotator): the latest label or skip that has not been undone.
CREATE VIEW annotate_current AS
SELECT e.*
FROM annotate_events AS e
WHERE e.kind IN ('label', 'skip')
  AND e.id = (
      SELECT MAX(x.id) FROM annotate_events AS x
      WHERE x.annotator_id = e.annotator_id AND x.item_id = e.item_id
        AND x.kind IN ('label', 'skip')
        AND NOT EXISTS (SELECT 1 FROM annotate_events AS u WHERE u.undoes = x.id)
  );
