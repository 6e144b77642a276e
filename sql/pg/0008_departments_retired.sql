-- 0008 (PostgreSQL): as sql/0008_departments_retired.sql — a retired department is no
-- longer offered for new accounts and items; what it answered keeps it.
ALTER TABLE departments ADD COLUMN retired bigint NOT NULL DEFAULT 0 CHECK (retired IN (0, 1));
