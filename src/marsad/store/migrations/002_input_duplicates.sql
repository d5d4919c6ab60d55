-- Inputs skipped because their content hash was already stored: where each copy came from
-- and which stored article it repeats (a duplicate is not an error, so not a rejection).

CREATE TABLE IF NOT EXISTS input_duplicates (
    source      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    run_id      INTEGER REFERENCES runs(id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (source, sha256)
);
CREATE INDEX IF NOT EXISTS input_duplicates_article ON input_duplicates(article_id);
