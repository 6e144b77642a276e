-- 0012 (PostgreSQL): as sql/0012_confirm_target.sql — which groups a confirmation request
-- asked ('all' or those 'due'), and the center's name and contact for the letters.
ALTER TABLE org_confirm_requests ADD COLUMN target text COLLATE "C" NOT NULL DEFAULT 'all'
	CHECK (target IN ('all', 'due'));
INSERT INTO settings(key, value) VALUES ('center.name', ''), ('center.contact', '');
