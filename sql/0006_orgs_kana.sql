-- 0005: the registry's records by reading. The import finds the record a row names when
-- the name differs only as a Shift_JIS file spells it (波～の会 for 波〜の会): by reading,
-- then comparing names (STMT_ORG_FIND_KANA); the full export lists records in 五十音 order
-- of the reading. Both read this index instead of the whole table.
CREATE INDEX orgs_kana ON orgs(kana, id);
