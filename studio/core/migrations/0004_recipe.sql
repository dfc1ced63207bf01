-- One-click recipes: an ordered chain of steps (build/download the base -> SFT -> alignment -> merge ->
-- deploy), each run as a normal job. The rows outlive the app, so a stopped or interrupted chain resumes
-- at its first unfinished step.
CREATE TABLE recipes (
    id              INTEGER PRIMARY KEY,
    settings        TEXT NOT NULL,              -- JSON RecipeSettings, fixed when the recipe is made
    status          TEXT NOT NULL,              -- running stopped failed succeeded
    stop_requested  INTEGER NOT NULL DEFAULT 0,
    driver_pid      INTEGER,                    -- the process walking the chain (pid + start time)
    driver_start    INTEGER,
    reason          TEXT,                       -- JSON {"zh":..,"en":..}: why it failed
    created_at      REAL NOT NULL,
    updated_at      REAL NOT NULL,
    finished_at     REAL
);

CREATE TABLE recipe_steps (
    recipe_id    INTEGER NOT NULL REFERENCES recipes(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('pocket', 'download', 'sft', 'align', 'merge', 'deploy')),
    status       TEXT NOT NULL DEFAULT 'pending',   -- pending running succeeded failed stopped
    job_id       TEXT,                              -- the step's current job (a resumed step gets a new one)
    output       TEXT NOT NULL DEFAULT '{}',        -- JSON: what the next step takes (run id, model id, ...)
    reason       TEXT,
    started_at   REAL,
    finished_at  REAL,
    PRIMARY KEY (recipe_id, position)
);
