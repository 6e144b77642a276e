-- 0003: a plan's version, bumped by every change to its items or vocabulary. Published
-- reports are cached per (published_at, version), so an edit to a title shows at once.
ALTER TABLE plans ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
