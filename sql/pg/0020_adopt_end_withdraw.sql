-- 0020 (PostgreSQL): as sql/0020_adopt_end_withdraw.sql, in PostgreSQL's words. Adoption
-- agreements ended early (中途終了: ended_on, end_reason; the terms cut to that day) and
-- applications taken back by their group before the decision (withdrawn_at; state
-- 'rejected').
ALTER TABLE adopt_agreements ADD COLUMN ended_on text COLLATE "C";
ALTER TABLE adopt_agreements ADD COLUMN end_reason text COLLATE "C" NOT NULL DEFAULT '' CHECK (length(end_reason) <= 2000);
ALTER TABLE adopt_agreements ADD COLUMN withdrawn_at text COLLATE "C";
