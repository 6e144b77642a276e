-- 0001: accounts, sessions, audit, departments, and plans with yearly progress (PDCA).
-- Every rule that can be a constraint is one; the domain layer still validates first
-- so that people get a clear message, and the constraints catch what slips through.

CREATE TABLE departments (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
	kana TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),
	display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
	role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'coordinator', 'group', 'committee')),
	department_id INTEGER REFERENCES departments(id),
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL,
	CHECK (role <> 'staff' OR department_id IS NOT NULL)
);

-- Only the SHA-256 of the 256-bit session token is stored.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins, per account ("u:LOGIN") and per address ("a:ADDR"), for throttling.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	user_id INTEGER,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id INTEGER,
	before_json TEXT,
	after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_user ON audit_log(user_id, id);

CREATE TABLE plans (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
	first_fy INTEGER NOT NULL CHECK (first_fy BETWEEN 1873 AND 9999),
	last_fy INTEGER NOT NULL CHECK (last_fy BETWEEN 1873 AND 9999),
	predecessor_id INTEGER REFERENCES plans(id),
	created_at TEXT NOT NULL,
	CHECK (first_fy <= last_fy)
);

-- Status vocabulary: labels in display order; grp is the rollup group (済・継 counts as 済).
CREATE TABLE plan_statuses (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 50),
	grp TEXT NOT NULL CHECK (length(grp) BETWEEN 1 AND 50),
	UNIQUE (plan_id, label),
	UNIQUE (plan_id, pos)
);

-- Priority classes (【Ⅰ】重点 … 【Ⅲ】), each with a description and a horizon.
CREATE TABLE plan_priorities (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 50),
	description TEXT NOT NULL DEFAULT '',
	horizon TEXT NOT NULL DEFAULT '',
	UNIQUE (plan_id, label),
	UNIQUE (plan_id, pos)
);

-- Grade bands: the highest band whose min_percent the achievement reaches.
CREATE TABLE plan_grades (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
	label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 20),
	min_percent REAL NOT NULL CHECK (min_percent BETWEEN 0 AND 100),
	UNIQUE (plan_id, label),
	UNIQUE (plan_id, min_percent)
);

-- The plan tree: branches (施策の柱, 基本施策) and items (具体的な取組), any depth.
CREATE TABLE plan_items (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
	parent_id INTEGER REFERENCES plan_items(id),
	pos INTEGER NOT NULL DEFAULT 0,
	code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 50),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
	description TEXT NOT NULL DEFAULT '',
	priority_id INTEGER REFERENCES plan_priorities(id),
	department_id INTEGER REFERENCES departments(id),
	target_year TEXT NOT NULL DEFAULT '',
	planned_actions TEXT NOT NULL DEFAULT '',
	carried_from_id INTEGER REFERENCES plan_items(id),
	UNIQUE (plan_id, code),
	CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX plan_items_parent ON plan_items(plan_id, parent_id, pos);
CREATE INDEX plan_items_dept ON plan_items(department_id);
CREATE INDEX plan_items_carried ON plan_items(carried_from_id);

-- One record per item and fiscal year. state follows the yearly round (照会):
-- draft (being filled in) → submitted (department answered) → returned (sent back).
CREATE TABLE plan_item_years (
	item_id INTEGER NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
	fy INTEGER NOT NULL CHECK (fy BETWEEN 1873 AND 9999),
	status_id INTEGER REFERENCES plan_statuses(id),
	achievement REAL CHECK (achievement IS NULL OR achievement BETWEEN 0 AND 100),
	result TEXT NOT NULL DEFAULT '',
	next_priority_id INTEGER REFERENCES plan_priorities(id),
	next_complete INTEGER NOT NULL DEFAULT 0 CHECK (next_complete IN (0, 1)),
	next_reason TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned')),
	return_comment TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (item_id, fy),
	CHECK (NOT (next_complete = 1 AND next_priority_id IS NOT NULL))
);
CREATE INDEX plan_item_years_fy ON plan_item_years(fy, item_id);

-- Outcomes (成果) and open problems (課題) per branch and fiscal year.
CREATE TABLE plan_branch_years (
	item_id INTEGER NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
	fy INTEGER NOT NULL,
	outcomes TEXT NOT NULL DEFAULT '',
	problems TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	PRIMARY KEY (item_id, fy)
);

-- The yearly round: opened by an admin, answered by departments, published.
CREATE TABLE plan_rounds (
	plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
	fy INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('open', 'published')),
	opened_at TEXT NOT NULL,
	published_at TEXT,
	PRIMARY KEY (plan_id, fy)
);

CREATE TABLE round_submissions (
	plan_id INTEGER NOT NULL,
	fy INTEGER NOT NULL,
	department_id INTEGER NOT NULL REFERENCES departments(id),
	submitted_at TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	PRIMARY KEY (plan_id, fy, department_id),
	FOREIGN KEY (plan_id, fy) REFERENCES plan_rounds(plan_id, fy) ON DELETE CASCADE
);
