-- 0005: each item's place in its plan's tree, stored: tree_key sorts the items of a plan in
-- depth-first order (parent before children, siblings by pos then id: one 24-digit
-- segment per level) and depth is 1 at the top. With the index, any plan, however large,
-- is read in tree order one row at a time (a page of it, a department's items, one
-- pillar), instead of being loaded whole to be sorted. The plan writers keep both
-- columns up to date (STMT_PLAN_TREE_REINDEX*); this fills them for existing plans.
ALTER TABLE plan_items ADD COLUMN tree_key TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_items ADD COLUMN depth INTEGER NOT NULL DEFAULT 1;
WITH RECURSIVE t(id, key, depth) AS (
	SELECT id, printf('%012d%012d', pos, id), 1 FROM plan_items WHERE parent_id IS NULL
	UNION ALL
	SELECT c.id, t.key || printf('%012d%012d', c.pos, c.id), t.depth + 1
	FROM plan_items c JOIN t ON c.parent_id = t.id
)
UPDATE plan_items SET tree_key = t.key, depth = t.depth FROM t WHERE plan_items.id = t.id;
CREATE INDEX plan_items_tree ON plan_items(plan_id, tree_key);
