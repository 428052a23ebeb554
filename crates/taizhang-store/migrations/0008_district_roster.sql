-- Version 8: the district's roster, the offices that should send their data
-- packages for 区县汇总 (name and, where known, the office's code such as its
-- 统一社会信用代码). A new table only: older data is untouched. Names and
-- codes are unique so that a package can match one entry at most; the code
-- is NULL when not known (NULLs do not collide under UNIQUE).

CREATE TABLE district_roster (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    code     TEXT UNIQUE CHECK (code IS NULL OR length(trim(code)) > 0),
    position INTEGER NOT NULL DEFAULT 0
);
