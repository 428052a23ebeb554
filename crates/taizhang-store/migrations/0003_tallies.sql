-- Version 3: 窗口业务 (service-window tallies) and 其他数据 (other yearly figures).
--
-- Sized for ten years of daily entries (about a million cells): tallies refer
-- to their item and window by integer id (a rename keeps the history), and the
-- primary key is the order every screen reads in, so a month grid is one short
-- range of the key and a year's totals one longer range.

CREATE TABLE service_items (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    unit       TEXT NOT NULL DEFAULT '件',   -- the measure word: 本 / 人 / 件 / 次 / 户 …
    group_name TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);

-- One count of one service at one window in one period. The period is a day
-- (month > 0, day > 0), a month (day = 0) or a whole year (month = 0, day = 0),
-- the last for years kept only as totals. A cell that is empty has no row:
-- counts are always positive.
CREATE TABLE service_tallies (
    year    INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    month   INTEGER NOT NULL CHECK (month BETWEEN 0 AND 12),
    day     INTEGER NOT NULL CHECK (day BETWEEN 0 AND 31 AND (month > 0 OR day = 0)),
    item_id INTEGER NOT NULL REFERENCES service_items (id),
    count   INTEGER NOT NULL CHECK (count > 0),
    kind    TEXT GENERATED ALWAYS AS
                (CASE WHEN month = 0 THEN 'year' WHEN day = 0 THEN 'month' ELSE 'day' END) VIRTUAL,
    PRIMARY KEY (year, unit_id, month, day, item_id)
) WITHOUT ROWID;
-- No secondary index: items and units are archived, never deleted, so no
-- foreign-key check has to look tallies up by item or window.

CREATE TABLE metrics (
    id    INTEGER PRIMARY KEY,
    year  INTEGER NOT NULL,
    name  TEXT NOT NULL,
    unit  TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL CHECK (value >= 0),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (year, name)
);
