-- Version 5: 依申请公开 — disclosure applications with their statutory clock,
-- and the reconsiderations and lawsuits (复议 / 诉讼) about them.
-- Every register table has: id (stable text id), its field columns, year (the
-- record's year for lists), columns its hooks compute, created_at, updated_at.

CREATE TABLE applications (
    id                       TEXT PRIMARY KEY,
    serial                   TEXT NOT NULL,
    received_on              TEXT NOT NULL,
    applicant_kind           TEXT NOT NULL,
    applicant_name           TEXT,
    applicant_contact        TEXT,
    channel                  TEXT,
    request                  TEXT NOT NULL,
    correction_requested_on  TEXT,
    correction_received_on   TEXT,
    extended_on              TEXT,
    extension_working_days   INTEGER,
    consultation_started_on  TEXT,
    consultation_answered_on TEXT,
    replied_on               TEXT,
    result                   TEXT,
    fee_yuan                 INTEGER,
    note                     TEXT,
    year                     INTEGER,
    -- Computed by the register's hooks from the record and the calendar:
    -- the correction notice's deadline (7 working days) and the reply's
    -- (NULL while the clock is paused: awaiting a correction or a consultation).
    correction_due_on        TEXT,
    due_on                   TEXT,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
);
-- Lists by year; serial numbers are unique within a year.
CREATE UNIQUE INDEX applications_serial ON applications (year, serial);
-- Year counting (table 三): received up to a year's end, replied in a year.
CREATE INDEX applications_by_received ON applications (received_on, replied_on);
CREATE INDEX applications_by_replied ON applications (replied_on);
-- Open applications by due date: status filters and the home page.
CREATE INDEX applications_open_by_due ON applications (due_on) WHERE replied_on IS NULL;
-- The fee calculator counts an applicant's applications within a month.
CREATE INDEX applications_by_applicant ON applications (applicant_name, received_on);

CREATE TABLE appeals (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    application_id TEXT REFERENCES applications (id),
    filed_on       TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    decided_on     TEXT,
    note           TEXT,
    year           INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX appeals_by_year ON appeals (year, filed_on);
-- Year counting (table 四) and the foreign key's lookups.
CREATE INDEX appeals_by_filed ON appeals (filed_on, decided_on);
CREATE INDEX appeals_by_application ON appeals (application_id);
