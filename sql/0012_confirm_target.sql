-- 0011: the yearly confirmation asks every registered group, or only those that are due
-- (not confirmed within the city's 'org.confirm_months', or never): each request keeps
-- which (domain/org_confirm.c). Groups without email get a letter, sent in the city's name
-- by the center, with its contact: the settings 'center.name' and 'center.contact'.
ALTER TABLE org_confirm_requests ADD COLUMN target TEXT NOT NULL DEFAULT 'all' CHECK (target IN ('all', 'due'));
INSERT INTO settings(key, value) VALUES ('center.name', ''), ('center.contact', '');
