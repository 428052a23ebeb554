-- Version 7: a disclosure's 形成日期 may be unknown. Clerks' own 台账 often
-- record only 公开日期; such records import with their timeliness "未判断"
-- (no due dates) until the clerk fills the date in. SQLite cannot drop a
-- NOT NULL constraint, so the table is rebuilt with the same columns, data
-- and indexes (nothing refers to it, so the foreign keys are unaffected).

CREATE TABLE disclosures_v7 (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    category     TEXT NOT NULL,
    unit         TEXT REFERENCES units (name) ON UPDATE CASCADE,
    channels     TEXT NOT NULL DEFAULT '[]',
    doc_number   TEXT,
    formed_on    TEXT,
    published_on TEXT,
    url          TEXT,
    reviewed     INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
    reviewer     TEXT,
    key_areas    TEXT NOT NULL DEFAULT '[]',
    note         TEXT,
    year         INTEGER,
    due_on       TEXT,
    due_local_on TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    -- A record is dated by one of its two dates at least.
    CHECK (formed_on IS NOT NULL OR published_on IS NOT NULL)
);
INSERT INTO disclosures_v7 (id, title, category, unit, channels, doc_number, formed_on,
    published_on, url, reviewed, reviewer, key_areas, note, year, due_on, due_local_on,
    created_at, updated_at)
SELECT id, title, category, unit, channels, doc_number, formed_on,
    published_on, url, reviewed, reviewer, key_areas, note, year, due_on, due_local_on,
    created_at, updated_at
FROM disclosures;
DROP TABLE disclosures;
ALTER TABLE disclosures_v7 RENAME TO disclosures;

-- The indexes of version 2, unchanged.
CREATE INDEX disclosures_by_year ON disclosures (year, formed_on, id, published_on, due_local_on, due_on);
CREATE INDEX disclosures_by_formed ON disclosures (formed_on, id);
CREATE INDEX disclosures_by_category ON disclosures (category, year);
CREATE INDEX disclosures_by_unit ON disclosures (unit, year);
CREATE INDEX disclosures_open ON disclosures (due_local_on) WHERE published_on IS NULL;
-- The records whose timeliness is not judged yet (the year's check counts them).
CREATE INDEX disclosures_undated ON disclosures (year) WHERE formed_on IS NULL;
