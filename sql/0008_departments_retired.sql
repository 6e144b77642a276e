-- 0008: the city's departments are a list kept on their own page (/admin/departments):
-- added, renamed and retired there, chosen from a list in every form. A retired
-- department is no longer offered for new accounts and items; what it answered and the
-- items it still holds keep it (nothing is deleted).
ALTER TABLE departments ADD COLUMN retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1));
