-- Playground conversations. A save writes the whole conversation in one transaction (its messages
-- are replaced), so a reader never sees half of one.
CREATE TABLE chat_conversations (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    model       TEXT NOT NULL DEFAULT '',      -- the model name on the chat server
    persona     TEXT NOT NULL DEFAULT '',      -- the persona's name, if one was used
    system      TEXT NOT NULL DEFAULT '',      -- the system prompt the model saw
    settings    TEXT NOT NULL DEFAULT '{}',    -- JSON: temperature, top_p, max_tokens
    started_at  REAL NOT NULL,
    updated_at  REAL NOT NULL
);

CREATE TABLE chat_messages (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'notice')),
    content          TEXT NOT NULL,
    original         TEXT,                     -- the model's words before the person edited them
    model            TEXT,
    guard            TEXT,                     -- JSON: what the safety guard did, when it acted
    alternatives     TEXT NOT NULL DEFAULT '[]',   -- JSON: replies regenerated away
    created_at       REAL NOT NULL,
    UNIQUE (conversation_id, position)
);
CREATE INDEX chat_conversations_updated ON chat_conversations(updated_at);
