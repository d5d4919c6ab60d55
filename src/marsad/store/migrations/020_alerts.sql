-- Analysis alerts (marsad.analysis.alerts) and the incidents that fired each one.
-- An alert's key is stable across runs (kind + subject + period), so re-detecting stores once.
CREATE TABLE IF NOT EXISTS alerts (
    key          TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,          -- new_theatre | surge_week | surge_month | targeting_shift | mass_casualty | new_claimant
    date         TEXT NOT NULL,          -- ISO day the alert refers to
    group_name   TEXT,
    country      TEXT,
    admin1       TEXT,
    region       TEXT,                   -- UN M49 region code
    target_type  TEXT,
    score        REAL NOT NULL DEFAULT 0,
    params       TEXT NOT NULL DEFAULT '{}',   -- JSON: the numbers behind the alert
    detected_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_date ON alerts(date);
CREATE INDEX IF NOT EXISTS alerts_kind ON alerts(kind);

-- No foreign key to incidents: fusion may rebuild its tables; the ids are kept as reported.
CREATE TABLE IF NOT EXISTS alert_incidents (
    alert_key    TEXT NOT NULL REFERENCES alerts(key) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    incident_id  TEXT NOT NULL,
    PRIMARY KEY (alert_key, seq)
);
CREATE INDEX IF NOT EXISTS alert_incidents_incident ON alert_incidents(incident_id);
