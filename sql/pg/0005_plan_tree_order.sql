-- 0005 (PostgreSQL): each item's place in its plan's tree, stored (sql/0005): tree_key
-- sorts the items of a plan depth first (one 24-digit segment per level), depth is 1 at
-- the top.
ALTER TABLE plan_items ADD COLUMN tree_key text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE plan_items ADD COLUMN depth bigint NOT NULL DEFAULT 1;
WITH RECURSIVE t(id, key, depth) AS (
	SELECT id, lpad(CAST(pos AS text), 12, '0') || lpad(CAST(id AS text), 12, '0'), 1 FROM plan_items
	WHERE parent_id IS NULL
	UNION ALL
	SELECT c.id, t.key || lpad(CAST(c.pos AS text), 12, '0') || lpad(CAST(c.id AS text), 12, '0'), t.depth + 1
	FROM plan_items c JOIN t ON c.parent_id = t.id
)
UPDATE plan_items SET tree_key = t.key, depth = t.depth FROM t WHERE plan_items.id = t.id;
CREATE INDEX plan_items_tree ON plan_items(plan_id, tree_key);
