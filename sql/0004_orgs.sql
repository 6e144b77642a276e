-- 0004: the registry of actors (主体). One row per actor of every kind (citizen groups,
-- community organisations, businesses, schools, intermediaries, the city's departments),
-- their activity fields (the 20 of the NPO law) and areas, the city's registration rules
-- and the center's review decisions, public-field changes waiting for review, yearly
-- confirmation requests, city settings, and the bigram search index of the directory.
-- Text codes (kind, age profile, income sources) are validated against tables in
-- domain/org.c; the database keeps what can be a constraint.

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO settings(key, value) VALUES
	('city.name', 'みどり野市'),
	('city.code', '990019'),
	('org.public_changes', 'immediate'),
	('org.confirm_months', '12');

-- The city's districts or school districts (活動地区), in display order.
CREATE TABLE areas (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
	kind TEXT NOT NULL DEFAULT '地区' CHECK (length(kind) BETWEEN 1 AND 50),
	pos INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE orgs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kana TEXT NOT NULL CHECK (length(kana) BETWEEN 1 AND 200),
	corp_number TEXT CHECK (corp_number IS NULL OR (length(corp_number) = 13 AND corp_number NOT GLOB '*[^0-9]*')),
	founded_on TEXT CHECK (founded_on IS NULL OR founded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	purpose TEXT NOT NULL DEFAULT '',
	activities TEXT NOT NULL DEFAULT '',
	members INTEGER CHECK (members IS NULL OR members >= 0),
	members_in_city INTEGER CHECK (members_in_city IS NULL OR members_in_city >= 0),
	age_profile TEXT NOT NULL DEFAULT '',
	income TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	sns TEXT NOT NULL DEFAULT '',
	rep_name TEXT NOT NULL DEFAULT '',
	rep_kana TEXT NOT NULL DEFAULT '',
	contact_name TEXT NOT NULL DEFAULT '',
	contact_kana TEXT NOT NULL DEFAULT '',
	postal TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	fax TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	public_mask INTEGER NOT NULL DEFAULT 0 CHECK (public_mask >= 0),
	reg_number TEXT NOT NULL DEFAULT '',
	reg_date TEXT CHECK (reg_date IS NULL OR reg_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant', 'dissolved')),
	recruiting TEXT NOT NULL DEFAULT '',
	department_id INTEGER REFERENCES departments(id),
	-- registration at the center: applied → (returned → applied …) → approved
	review TEXT NOT NULL DEFAULT 'approved' CHECK (review IN ('applied', 'returned', 'approved')),
	review_comment TEXT NOT NULL DEFAULT '',
	-- the directory's filters as words of the search index (see org_fts below)
	tags TEXT NOT NULL DEFAULT '',
	confirmed_at TEXT,
	confirm_requested_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX orgs_corp_number ON orgs(corp_number) WHERE corp_number IS NOT NULL;
CREATE INDEX orgs_name_kana ON orgs(name, kana);
-- The directory lists approved, not dissolved actors; these serve its three sort orders.
CREATE INDEX orgs_dir_kana ON orgs(kana, id) WHERE review = 'approved' AND status <> 'dissolved';
CREATE INDEX orgs_dir_confirmed ON orgs(confirmed_at, id) WHERE review = 'approved' AND status <> 'dissolved';
-- The center's queue: applications waiting or sent back (few rows). An index on review for
-- every row made the planner pick it over orgs_dir_kana for the directory (65 ms, not 0.1).
CREATE INDEX orgs_pending ON orgs(review, id) WHERE review IN ('applied', 'returned');
CREATE INDEX orgs_reg_number ON orgs(reg_number);

CREATE TABLE org_fields (
	org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	field INTEGER NOT NULL CHECK (field BETWEEN 1 AND 20),
	pos INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, field)
) WITHOUT ROWID;
CREATE INDEX org_fields_field ON org_fields(field, org_id);

CREATE TABLE org_areas (
	org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	area_id INTEGER NOT NULL REFERENCES areas(id),
	PRIMARY KEY (org_id, area_id)
) WITHOUT ROWID;
CREATE INDEX org_areas_area ON org_areas(area_id, org_id);

-- A group account belongs to one actor.
ALTER TABLE users ADD COLUMN org_id INTEGER REFERENCES orgs(id);
CREATE INDEX users_org ON users(org_id);

-- The city's registration rules, a checklist the center reviews each application against.
CREATE TABLE org_rules (
	id INTEGER PRIMARY KEY,
	pos INTEGER NOT NULL,
	text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO org_rules(pos, text) VALUES
	(1, '営利を目的としない活動である'),
	(2, '不特定多数の人の利益（公益）につながる活動である'),
	(3, '宗教の教義を広め、儀式を行い、信者を教化育成することを主な目的としていない'),
	(4, '政治上の主義を推進し、支持し、又はこれに反対することを主な目的としていない'),
	(5, '特定の公職の候補者・公職者・政党を推薦、支持、又は反対することを目的としていない'),
	(6, '市内で活動している、又は市内で活動する予定がある');

-- Each decision of the center on an application: the checklist as answered, the comment.
CREATE TABLE org_reviews (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	at TEXT NOT NULL,
	user_id INTEGER,
	actor TEXT NOT NULL,
	decision TEXT NOT NULL CHECK (decision IN ('approve', 'return')),
	comment TEXT NOT NULL DEFAULT '',
	checklist TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX org_reviews_org ON org_reviews(org_id, id);

-- A group's change to its public fields, waiting for the center when the city says so
-- (settings 'org.public_changes' = 'review'). data is the proposed record as JSON.
CREATE TABLE org_changes (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	data TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
	submitted_at TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	decided_at TEXT,
	decided_by TEXT,
	comment TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX org_changes_pending ON org_changes(org_id) WHERE state = 'pending';

-- The center's yearly requests to confirm registered data.
CREATE TABLE org_confirm_requests (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	message TEXT NOT NULL DEFAULT '',
	orgs INTEGER NOT NULL DEFAULT 0
);

-- Every change of the directory moves this counter: cached directory pages are keyed by it.
CREATE TABLE org_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO org_version(id, version) VALUES (1, 0);

-- The search index over the public text of each actor: overlapping character bigrams of
-- width- and kana-folded text (store/fts_bigram.c), so that two-character words such as
-- 福祉 match. External content: the orgs table holds the text; domain/org.c keeps the
-- index in step on each write (the entry is removed with the row's values before the row
-- changes and added from the row after), and bulk imports rebuild it once.
-- The tags column indexes the directory's filters as words (xhidx: not in the directory,
-- xrecx: recruiting, xk<kind>x, xf<field>x, xa<area id>x; see sql_org.def), so that a
-- search for a common word within one field or area is intersected inside the index
-- instead of checking tens of thousands of matching rows one by one.
CREATE VIRTUAL TABLE org_fts USING fts5(name, kana, purpose, activities, tags, content='orgs', content_rowid='id',
	tokenize='kyodo_bigram');
-- A 16 MB in-memory term buffer (FTS5's default is 1 MB) before segments are flushed:
-- rebuilding the index of 100,000 groups took 2.3 s with the default and 1.5 s with this.
INSERT INTO org_fts(org_fts, rank) VALUES ('hashsize', 16777216);
