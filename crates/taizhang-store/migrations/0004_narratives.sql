-- Version 4: the prose of each report section for a year (年报文字), with
-- placeholders for computed figures. A section without a row starts from a
-- draft generated from the data; a row with empty text prints "无".

CREATE TABLE narratives (
    year       INTEGER NOT NULL,
    template   TEXT NOT NULL CHECK (template IN ('standard', 'summary')),
    section    TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (year, template, section)
) WITHOUT ROWID;
