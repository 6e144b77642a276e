-- 0013: the plan module's daily work (issue 8).
-- A round's answer deadline (回答期限): the day in Japan by which departments answer; NULL
-- when none is set. Stored as the calendar date 'YYYY-MM-DD'.
ALTER TABLE plan_rounds ADD COLUMN deadline TEXT;
-- An answer that was still open (unanswered, in draft or sent back) when the division
-- published the year anyway: the published year reads it as 未回答 for everyone; reopening
-- the year gives it back to its department (domain/plan_visibility.c).
ALTER TABLE plan_item_years ADD COLUMN withheld INTEGER NOT NULL DEFAULT 0 CHECK (withheld IN (0, 1));
-- The key goal (重点目標) of a pillar: one text per top-level item, printed under its heading.
ALTER TABLE plan_items ADD COLUMN key_goal TEXT NOT NULL DEFAULT '';
-- Reminders (督促) the division sent to a department that had not answered.
CREATE TABLE plan_round_reminders (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL,
	fy INTEGER NOT NULL,
	department_id INTEGER NOT NULL REFERENCES departments(id),
	sent_at TEXT NOT NULL,
	sent_by TEXT NOT NULL,
	message TEXT NOT NULL DEFAULT '',
	FOREIGN KEY (plan_id, fy) REFERENCES plan_rounds(plan_id, fy) ON DELETE CASCADE
);
CREATE INDEX plan_round_reminders_dept ON plan_round_reminders(plan_id, fy, department_id, sent_at);
-- The committee's opinions (委員会の意見) on a plan year (item_id NULL) or on one item of
-- it: one per member and subject, edited by its author until the year is published.
CREATE TABLE plan_opinions (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
	fy INTEGER NOT NULL CHECK (fy BETWEEN 1873 AND 9999),
	item_id INTEGER REFERENCES plan_items(id) ON DELETE CASCADE,
	subject INTEGER NOT NULL,	-- item_id, or 0 for the year: one opinion per member and subject
	user_id INTEGER NOT NULL REFERENCES users(id),
	author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
	body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (plan_id, fy, subject, user_id),
	CHECK (subject = coalesce(item_id, 0))
);
CREATE INDEX plan_opinions_item ON plan_opinions(item_id);
