-- The index on evidence(field) served no query: per-field evidence is always read by event id
-- (the primary key), and the fusion read filters with "+field" to keep SQLite off this index.
-- Each stored article adds ~35 evidence rows spread over ~20 field values, so keeping the index
-- cost a third of the store's write time (issue 7).
DROP INDEX IF EXISTS evidence_field;
