-- 0002: children of an item are looked up by parent_id alone (is this item a branch?
-- which items are leaves?); without this index each lookup scanned the plan.
CREATE INDEX plan_items_parent_only ON plan_items(parent_id);
