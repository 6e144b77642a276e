-- 0011 (PostgreSQL): as sql/0011_org_search_extra.sql — orgs.search_extra, the text the
-- search index holds for a record besides its own (domain/org_index.c), the one-row
-- org_index_version, and the city's list of spelling variants. On SQLite the FTS5 table
-- gains the column; on PostgreSQL the index (org_search, sql/pg/0004) is made in C from
-- the rows the statements of sql_org.def return, which now include search_extra, so its
-- table stays as it is. Its entries are made again, as on SQLite, by org_index_upgrade
-- when kyodo opens a database whose index_version is older than its own.
ALTER TABLE orgs ADD COLUMN search_extra text COLLATE "C" NOT NULL DEFAULT '';
CREATE TABLE org_index_version (
	id bigint PRIMARY KEY CHECK (id = 1),
	index_version bigint NOT NULL DEFAULT 0
);
INSERT INTO org_index_version(id, index_version) VALUES (1, 0);
INSERT INTO settings(key, value) VALUES ('search.variants',
'こども 子ども 子供
障がい 障害 障碍
まちづくり 街づくり 町づくり まち作り 街作り 町作り
ひとり親 一人親
ともだち 友だち 友達
つながり 繋がり
きずな 絆
ふるさと 故郷');
