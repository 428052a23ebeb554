-- Version 12: the counts of the 窗口业务 grid travel between PCs with a
-- version, as register records do since version 11 (issue 17 item 5): the
-- front desk's PC and the clerk's PC each send their packages, and a count
-- one of them changed is never put back to the other's older value. A cell
-- cleared leaves a tombstone (register `service_tallies`, record id the
-- cell's names: ["事项","窗口","期间"]). NULL: not changed since this version.

ALTER TABLE service_tallies ADD COLUMN clock TEXT;
ALTER TABLE service_tallies ADD COLUMN changed_on TEXT;
ALTER TABLE service_tallies ADD COLUMN changed_at TEXT;
