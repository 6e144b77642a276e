-- 0009: what the public pages are built from, kept finely enough that a write moves only
-- the versions of the pages it changes, and the directory's statistics kept by the writers
-- instead of recounted for every page (domain/version.c, domain/org_public.c).

-- One row per scope of cached pages: 'dir' (everything in the directory: areas, the city's
-- settings, an import), 'org:ID' (a group's own pages), 'list', 'list:field:3' … (lists
-- without words), 'search', 'confirmed', 'api', 'stats', 'opendata'. A write moves the
-- version of every scope whose pages it changes; a copy built from an older version may
-- still be served for a few seconds while one request rebuilds it (html/page_cache.c),
-- unless the write took something out of the public's sight: then floor moves to the new
-- version and older copies are never sent again. A scope without a row is at version 0.
CREATE TABLE page_versions (
	scope TEXT PRIMARY KEY,
	version INTEGER NOT NULL,
	floor INTEGER NOT NULL
);
INSERT INTO page_versions(scope, version, floor) SELECT 'dir', version + 1, version + 1 FROM org_version;
DROP TABLE org_version;

-- The directory's statistics (/groups/stats): how many directory-visible groups (approved,
-- not dissolved) have each value. dim: 'total' and 'recruiting' (key ''), 'kind' (the kind
-- code), 'field' (1–20), 'area' (the area's id), 'members' (the band: 0 = up to 9, 1 =
-- 10–29, 2 = 30–49, 3 = 50–99, 4 = 100 or more, 5 = not known), 'age' (the label, '' when
-- not given). Every writer of a record adjusts the counts of what it changed in the same
-- transaction; a whole-directory change (an import, areas) recounts.
CREATE TABLE dir_stats (
	dim TEXT NOT NULL,
	key TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (dim, key)
);
INSERT INTO dir_stats(dim, key, n)
	SELECT 'total', '', count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved';
INSERT INTO dir_stats(dim, key, n)
	SELECT 'recruiting', '', count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved' AND recruiting <> '';
INSERT INTO dir_stats(dim, key, n)
	SELECT 'kind', kind, count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved' GROUP BY kind;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'field', CAST(f.field AS TEXT), count(*) FROM org_fields f JOIN orgs o ON o.id = f.org_id
	WHERE o.review = 'approved' AND o.status <> 'dissolved' GROUP BY f.field;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'area', CAST(oa.area_id AS TEXT), count(*) FROM org_areas oa JOIN orgs o ON o.id = oa.org_id
	WHERE o.review = 'approved' AND o.status <> 'dissolved' GROUP BY oa.area_id;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'members', CAST(band AS TEXT), count(*) FROM (SELECT CASE WHEN members IS NULL THEN 5
	WHEN members < 10 THEN 0 WHEN members < 30 THEN 1 WHEN members < 50 THEN 2 WHEN members < 100 THEN 3
	ELSE 4 END AS band FROM orgs WHERE review = 'approved' AND status <> 'dissolved') b GROUP BY band;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'age', coalesce(age_profile, ''), count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved'
	GROUP BY coalesce(age_profile, '');

-- The directory in order of confirmation (newest first, then by id) straight from an
-- index: orgs_dir_confirmed serves only the first key, and a bulk import gives thousands
-- of groups the same time, which were sorted again for every page (5 ms with 20,000
-- groups, 0.1 ms with this index).
CREATE INDEX orgs_dir_confirmed_desc ON orgs(confirmed_at DESC, id) WHERE review = 'approved' AND status <> 'dissolved';
