-- Plain names people give their runs and models ("伴侣 v2 · 偏好学习 · 12月5日" by default, computed; a row
-- here only when someone renamed one). `ref` is the model registry id: a run's job id or a model folder's id.
CREATE TABLE IF NOT EXISTS names (
    ref TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    updated_at REAL NOT NULL
);
