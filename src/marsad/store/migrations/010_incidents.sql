-- Fusion (marsad.fuse): incidents fused from events of many articles, the reports behind each,
-- every reported value (history), near-duplicate article links and MinHash signatures.
-- No foreign keys to events/articles: fusion rebuilds its own tables, and ids are kept as reported.

CREATE TABLE IF NOT EXISTS incidents (
    id                   TEXT PRIMARY KEY,          -- inc-<12 hex of the earliest report's event id>
    kind                 TEXT NOT NULL,
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
    rules                TEXT NOT NULL DEFAULT '[]',   -- JSON list of [field, rule]
    first_reported       TEXT,
    last_reported        TEXT,
    n_reports            INTEGER NOT NULL DEFAULT 0,
    n_articles           INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_country ON incidents(country);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents(date);
CREATE INDEX IF NOT EXISTS incidents_kind ON incidents(kind);

-- One row per fused event (an event belongs to exactly one incident).
CREATE TABLE IF NOT EXISTS incident_reports (
    event_id     TEXT PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    article_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL                      -- order of the report (oldest first)
);
CREATE INDEX IF NOT EXISTS incident_reports_incident ON incident_reports(incident_id);
CREATE INDEX IF NOT EXISTS incident_reports_article ON incident_reports(article_id);

-- Every value of every field as each report gave it.
CREATE TABLE IF NOT EXISTS incident_history (
    incident_id  TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT,                                 -- JSON
    event_id     TEXT NOT NULL,
    article_id   TEXT NOT NULL,
    outlet       TEXT,
    published    TEXT,
    PRIMARY KEY (incident_id, seq)
);

-- A stored article that is a near-copy of an earlier one (the same wire story elsewhere).
CREATE TABLE IF NOT EXISTS article_duplicates (
    article_id   TEXT PRIMARY KEY,
    original_id  TEXT NOT NULL,
    similarity   REAL NOT NULL,
    detected_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_duplicates_original ON article_duplicates(original_id);

-- MinHash signature of each fused article (so later articles are compared without re-hashing).
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id   TEXT PRIMARY KEY,
    scheme       TEXT NOT NULL,
    num_perm     INTEGER NOT NULL,
    hashvalues   BLOB NOT NULL
);
