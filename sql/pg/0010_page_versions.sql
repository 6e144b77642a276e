-- 0010 (PostgreSQL): as sql/0010_page_versions.sql — the versions of what cached public
-- pages are built from, one row per scope (domain/version.c, html/page_cache.c), and the
-- directory's statistics kept by the writers (domain/org_public.c). The same tables,
-- columns and starting rows in PostgreSQL's words (sql/pg/0001_init.sql says how).

CREATE TABLE page_versions (
	scope text COLLATE "C" PRIMARY KEY,
	version bigint NOT NULL,
	floor bigint NOT NULL
);
INSERT INTO page_versions(scope, version, floor) SELECT 'dir', version + 1, version + 1 FROM org_version;
DROP TABLE org_version;

CREATE TABLE dir_stats (
	dim text COLLATE "C" NOT NULL,
	key text COLLATE "C" NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (dim, key)
);
INSERT INTO dir_stats(dim, key, n)
	SELECT 'total', '', count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved';
INSERT INTO dir_stats(dim, key, n)
	SELECT 'recruiting', '', count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved' AND recruiting <> '';
INSERT INTO dir_stats(dim, key, n)
	SELECT 'kind', kind, count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved' GROUP BY kind;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'field', CAST(f.field AS text), count(*) FROM org_fields f JOIN orgs o ON o.id = f.org_id
	WHERE o.review = 'approved' AND o.status <> 'dissolved' GROUP BY f.field;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'area', CAST(oa.area_id AS text), count(*) FROM org_areas oa JOIN orgs o ON o.id = oa.org_id
	WHERE o.review = 'approved' AND o.status <> 'dissolved' GROUP BY oa.area_id;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'members', CAST(band AS text), count(*) FROM (SELECT CASE WHEN members IS NULL THEN 5
	WHEN members < 10 THEN 0 WHEN members < 30 THEN 1 WHEN members < 50 THEN 2 WHEN members < 100 THEN 3
	ELSE 4 END AS band FROM orgs WHERE review = 'approved' AND status <> 'dissolved') b GROUP BY band;
INSERT INTO dir_stats(dim, key, n)
	SELECT 'age', coalesce(age_profile, ''), count(*) FROM orgs WHERE review = 'approved' AND status <> 'dissolved'
	GROUP BY coalesce(age_profile, '');

CREATE INDEX orgs_dir_confirmed_desc ON orgs(confirmed_at DESC, id) WHERE review = 'approved' AND status <> 'dissolved';
