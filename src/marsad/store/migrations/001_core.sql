-- marsad core schema: runs, articles, rejections, events, per-field evidence.
-- Portable SQL (SQLite default; the same types work on PostgreSQL).

CREATE TABLE IF NOT EXISTS runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    status           TEXT NOT NULL DEFAULT 'running',   -- running | done | failed
    pid              INTEGER,
    inputs           TEXT NOT NULL DEFAULT '[]',        -- JSON list of the paths given
    articles_seen    INTEGER NOT NULL DEFAULT 0,
    articles_stored  INTEGER NOT NULL DEFAULT 0,
    duplicates       INTEGER NOT NULL DEFAULT 0,
    events_stored    INTEGER NOT NULL DEFAULT 0,
    rejections       INTEGER NOT NULL DEFAULT 0,
    last_source      TEXT                               -- progress: the last input committed
);

CREATE TABLE IF NOT EXISTS articles (
    id         TEXT PRIMARY KEY,
    sha256     TEXT NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    published  TEXT,
    title      TEXT,
    outlet     TEXT,
    url        TEXT,
    source     TEXT,
    run_id     INTEGER REFERENCES runs(id),
    stored_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);

CREATE TABLE IF NOT EXISTS rejections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    source      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    run_id      INTEGER REFERENCES runs(id),
    recorded_at TEXT NOT NULL,
    UNIQUE (source, reason, detail)
);
CREATE INDEX IF NOT EXISTS rejections_reason ON rejections(reason);

CREATE TABLE IF NOT EXISTS events (
    id                   TEXT PRIMARY KEY,
    article_id           TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq                  INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    status               TEXT NOT NULL,
    date                 TEXT,
    country              TEXT,
    admin1               TEXT,
    city                 TEXT,
    place                TEXT,
    lat                  REAL,
    lon                  REAL,
    perpetrators         TEXT NOT NULL DEFAULT '[]',   -- JSON list
    attack_types         TEXT NOT NULL DEFAULT '[]',
    target_types         TEXT NOT NULL DEFAULT '[]',
    weapon_types         TEXT NOT NULL DEFAULT '[]',
    killed               TEXT,                         -- JSON: int or [min, max]
    perpetrators_killed  INTEGER,
    wounded              TEXT,                         -- JSON: int or [min, max]
    perpetrator_count    INTEGER,
    claimed              INTEGER,                      -- 1 / 0 / NULL
    suicide              INTEGER,
    evidence             TEXT,
    evidence_start       INTEGER NOT NULL DEFAULT -1,
    evidence_end         INTEGER NOT NULL DEFAULT -1,
    confidence           REAL NOT NULL DEFAULT 0,
    explanation          TEXT NOT NULL DEFAULT '[]',   -- JSON list of lines
    run_id               INTEGER REFERENCES runs(id),
    UNIQUE (article_id, seq)
);
CREATE INDEX IF NOT EXISTS events_country ON events(country);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_kind ON events(kind);

CREATE TABLE IF NOT EXISTS evidence (
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    field       TEXT NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX IF NOT EXISTS evidence_field ON evidence(field);
