-- Version 2: the registers of proactive disclosure and the smaller registers.
-- Every register table has: id (stable text id), its field columns, year (the
-- record's year for lists), columns its hooks compute, created_at, updated_at.

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
