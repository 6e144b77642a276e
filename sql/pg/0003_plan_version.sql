-- 0003 (PostgreSQL): a plan's version, bumped by every change to its items or vocabulary
-- (sql/0003).
ALTER TABLE plans ADD COLUMN version bigint NOT NULL DEFAULT 0;
