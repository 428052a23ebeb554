-- Version 11: several PCs, one office (issue 17 item 5). Every register row
-- carries the version the data package compares when records travel between
-- PCs: `clock`, a counter per PC that changed the record ({"p3fa9c2e1": 3,
-- "pa81b44c0": 1}; the wall clock can be years off, a counter cannot), and
-- `changed_on`, the PC that made the latest change, and `changed_at`, when
-- (that PC's time: only a package without versions, from an older program,
-- is compared by time). NULL means "not changed since this version": older
-- than any versioned change. Deletions leave a
-- tombstone with the clock of the deletion, so that they travel too.
-- (`version`, version 9, is the local counter a form checks; it is not this.)

ALTER TABLE disclosures ADD COLUMN clock TEXT;
ALTER TABLE disclosures ADD COLUMN changed_on TEXT;
ALTER TABLE disclosures ADD COLUMN changed_at TEXT;
ALTER TABLE normative_documents ADD COLUMN clock TEXT;
ALTER TABLE normative_documents ADD COLUMN changed_on TEXT;
ALTER TABLE normative_documents ADD COLUMN changed_at TEXT;
ALTER TABLE messages ADD COLUMN clock TEXT;
ALTER TABLE messages ADD COLUMN changed_on TEXT;
ALTER TABLE messages ADD COLUMN changed_at TEXT;
ALTER TABLE proposals ADD COLUMN clock TEXT;
ALTER TABLE proposals ADD COLUMN changed_on TEXT;
ALTER TABLE proposals ADD COLUMN changed_at TEXT;
ALTER TABLE spot_checks ADD COLUMN clock TEXT;
ALTER TABLE spot_checks ADD COLUMN changed_on TEXT;
ALTER TABLE spot_checks ADD COLUMN changed_at TEXT;
ALTER TABLE applications ADD COLUMN clock TEXT;
ALTER TABLE applications ADD COLUMN changed_on TEXT;
ALTER TABLE applications ADD COLUMN changed_at TEXT;
ALTER TABLE appeals ADD COLUMN clock TEXT;
ALTER TABLE appeals ADD COLUMN changed_on TEXT;
ALTER TABLE appeals ADD COLUMN changed_at TEXT;

CREATE TABLE tombstones (
    register   TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    clock      TEXT NOT NULL,
    changed_on TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (register, record_id)
) WITHOUT ROWID;
