-- Version 2: the registers of proactive disclosure and the smaller registers.
-- Every register table has: id (stable text id), its field columns, year (the
-- record's year for lists), columns its hooks compute, created_at, updated_at.

-- 主动公开. `due_on` is formed_on + 20 working days (Art. 26), `due_local_on`
-- formed_on + the office's own limit; both are recomputed when the calendar or
-- the limit changes. `channels` and `key_areas` are JSON arrays of strings.
CREATE TABLE disclosures (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    category     TEXT NOT NULL,
    unit         TEXT REFERENCES units (name) ON UPDATE CASCADE,
    channels     TEXT NOT NULL DEFAULT '[]',
    doc_number   TEXT,
    formed_on    TEXT NOT NULL,
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
    updated_at   TEXT NOT NULL
);
-- A year's page in the default order (formed_on, id descending) is read from
-- this index, which also covers the status filters and their counts.
CREATE INDEX disclosures_by_year ON disclosures (year, formed_on, id, published_on, due_local_on, due_on);
-- All years in the default order.
CREATE INDEX disclosures_by_formed ON disclosures (formed_on, id);
CREATE INDEX disclosures_by_category ON disclosures (category, year);
-- Also serves the units foreign key (renaming a unit cascades here).
CREATE INDEX disclosures_by_unit ON disclosures (unit, year);
-- What is still to be published, by its local due date (首页 counts, 即将到期).
CREATE INDEX disclosures_open ON disclosures (due_local_on) WHERE published_on IS NULL;

-- 规章 / 行政规范性文件: they feed table 二 (issued, repealed, in force).
CREATE TABLE normative_documents (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('rule', 'normative_document')),
    title       TEXT NOT NULL,
    number      TEXT,
    issued_on   TEXT NOT NULL,
    repealed_on TEXT,
    year        INTEGER,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX normative_documents_by_year ON normative_documents (year, issued_on, id);
CREATE INDEX normative_documents_repealed ON normative_documents (repealed_on) WHERE repealed_on IS NOT NULL;

-- 网友留言.
CREATE TABLE messages (
    id          TEXT PRIMARY KEY,
    received_on TEXT NOT NULL,
    channel     TEXT,
    topic       TEXT NOT NULL,
    replied_on  TEXT,
    note        TEXT,
    year        INTEGER,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX messages_by_year ON messages (year, received_on);

-- 建议提案: NPC deputies' suggestions and CPPCC members' proposals.
CREATE TABLE proposals (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('npc_suggestion', 'cppcc_proposal')),
    number            TEXT,
    title             TEXT NOT NULL,
    received_on       TEXT NOT NULL,
    replied_on        TEXT,
    published_in_full INTEGER NOT NULL DEFAULT 0 CHECK (published_in_full IN (0, 1)),
    url               TEXT,
    year              INTEGER,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX proposals_by_year ON proposals (year, received_on, id);

-- 网站抽查: checks of the office's web column. `quarter` (1–4) is derived
-- from checked_on.
CREATE TABLE spot_checks (
    id         TEXT PRIMARY KEY,
    checked_on TEXT NOT NULL,
    checker    TEXT,
    findings   TEXT,
    fixed_on   TEXT,
    year       INTEGER,
    quarter    INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX spot_checks_by_year ON spot_checks (year, checked_on, id);

-- Table 二's yearly figures that come from elsewhere: decisions on licensing,
-- penalties and enforcement, and fees in 万元. One row per year.
CREATE TABLE annual_figures (
    year                  INTEGER PRIMARY KEY,
    licensing_decisions   INTEGER NOT NULL DEFAULT 0 CHECK (licensing_decisions >= 0),
    penalty_decisions     INTEGER NOT NULL DEFAULT 0 CHECK (penalty_decisions >= 0),
    enforcement_decisions INTEGER NOT NULL DEFAULT 0 CHECK (enforcement_decisions >= 0),
    fees_wan_yuan         REAL NOT NULL DEFAULT 0 CHECK (fees_wan_yuan >= 0),
    updated_at            TEXT NOT NULL
);
