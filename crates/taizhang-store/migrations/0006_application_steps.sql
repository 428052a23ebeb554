-- Version 6: what the Regulation and 国办函〔2020〕109号 add to an application's
-- clock (issue 15). Additive only: every column is nullable (or has a default)
-- so rows written by version 5 keep their meaning — no extension notice, no
-- correction deadline, one item, no fee notice, not withdrawn.

-- The day the applicant was told of the extension (Art. 33 ¶1).
ALTER TABLE applications ADD COLUMN extension_notified_on TEXT;
-- 需补正 marked before the notice goes out, and the 补正期限 the notice gave.
ALTER TABLE applications ADD COLUMN correction_needed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN correction_deadline_on TEXT;
-- 一事一申请: the items an application holds (NULL reads as 1).
ALTER TABLE applications ADD COLUMN item_count INTEGER;
-- The fee as 109号 has it: basis (per_item | per_page), pages for per_page,
-- the notice, its service on the applicant, the payment.
ALTER TABLE applications ADD COLUMN fee_basis TEXT;
ALTER TABLE applications ADD COLUMN fee_pages INTEGER;
ALTER TABLE applications ADD COLUMN fee_notice_on TEXT;
ALTER TABLE applications ADD COLUMN fee_served_on TEXT;
ALTER TABLE applications ADD COLUMN fee_paid_on TEXT;
-- 撤回: the day the applicant withdrew, and why.
ALTER TABLE applications ADD COLUMN withdrawn_on TEXT;
ALTER TABLE applications ADD COLUMN withdrawal_reason TEXT;
-- Computed by the register's hooks: the last day to pay (20 working days
-- from the day after the notice reached the applicant).
ALTER TABLE applications ADD COLUMN payment_due_on TEXT;

-- The home page: open applications waiting on a payment or a correction.
CREATE INDEX applications_open_by_payment_due ON applications (payment_due_on)
    WHERE replied_on IS NULL;
CREATE INDEX applications_open_by_correction_deadline ON applications (correction_deadline_on)
    WHERE replied_on IS NULL;
