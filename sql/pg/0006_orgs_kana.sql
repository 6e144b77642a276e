-- 0006 (PostgreSQL): the registry's records by reading (sql/0006).
CREATE INDEX orgs_kana ON orgs(kana, id);
