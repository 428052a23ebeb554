-- Version 9: a version per record of every register (issue 17 item 4). Two
-- editors of one record (two windows, or the app and the CLI) each hold the
-- version they opened; a save or delete from a stale form is refused instead
-- of silently overwriting the other's change. The register framework's one
-- write path adds 1 on every change. Rows written before this version start
-- at 1, which is what a form opened before the upgrade cannot hold anyway.

ALTER TABLE disclosures ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE normative_documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE proposals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE spot_checks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE applications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE appeals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
