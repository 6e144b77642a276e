-- 0002 (PostgreSQL): children of an item are looked up by parent_id alone (sql/0002).
CREATE INDEX plan_items_parent_only ON plan_items(parent_id);
