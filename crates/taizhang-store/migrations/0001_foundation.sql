-- Version 1: the office, its units, settings, the clerk's holiday schedules,
-- the append-only audit log and the year locks every register checks.

CREATE TABLE office (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    name     TEXT NOT NULL DEFAULT '',
    superior TEXT NOT NULL DEFAULT '',
    contact  TEXT NOT NULL DEFAULT ''
);
INSERT INTO office (id) VALUES (1);

-- Small settings as JSON values (lists of categories, the local time limit …).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL CHECK (kind IN ('section', 'community', 'other')),
    position INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);

-- Years of the holiday schedule entered or imported by the clerk; they replace
-- the bundled schedule of the same year.
CREATE TABLE holiday_years (
    year       INTEGER PRIMARY KEY,
    source     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE holiday_days (
    year INTEGER NOT NULL REFERENCES holiday_years (year) ON DELETE CASCADE,
    date TEXT NOT NULL,
    off  INTEGER NOT NULL CHECK (off IN (0, 1)),
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, date)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    register  TEXT NOT NULL,
    record_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_record ON audit_log (register, record_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE year_locks (
    year      INTEGER PRIMARY KEY,
    locked_at TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT ''
);
