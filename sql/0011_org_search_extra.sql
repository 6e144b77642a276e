-- 0011: the directory's search finds a group by the names of its activity fields and its
-- kind, and common spelling variants find each other (こども, 子ども, 子供).
--
-- orgs.search_extra is what the index holds for a record besides its own text (computed
-- in domain/org_index.c, written with the row): the short and full names of its
-- activity fields, its kind's name and other names, and every word of its
-- text (name, purpose, activities) and of those names that holds a spelling of the
-- city's variant list, written with the list's first spelling of its line. The query is
-- rewritten the same way, so 子供 finds 子ども and こども. The list is the setting
-- 'search.variants' (one line per set of spellings), edited on the center's settings page.
--
-- The index gains the column, so it is made again; org_index_version.index_version says which
-- version of the extra text the rows hold: 0 here, and kyodo computes every row's text
-- and rebuilds the index when it opens a database whose version is older than its own
-- (domain/org_index.c, org_index_upgrade), before it serves anything.
ALTER TABLE orgs ADD COLUMN search_extra TEXT NOT NULL DEFAULT '';
-- (its own one-row table: the directory's page version moved to page_versions in 0010)
CREATE TABLE org_index_version (id INTEGER PRIMARY KEY CHECK (id = 1), index_version INTEGER NOT NULL DEFAULT 0);
INSERT INTO org_index_version(id, index_version) VALUES (1, 0);
DROP TABLE org_fts;
CREATE VIRTUAL TABLE org_fts USING fts5(name, kana, purpose, activities, search_extra, tags, content='orgs',
	content_rowid='id', tokenize='kyodo_bigram');
INSERT INTO org_fts(org_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO settings(key, value) VALUES ('search.variants',
'こども 子ども 子供
障がい 障害 障碍
まちづくり 街づくり 町づくり まち作り 街作り 町作り
ひとり親 一人親
ともだち 友だち 友達
つながり 繋がり
きずな 絆
ふるさと 故郷');

