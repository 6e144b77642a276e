-- 0017: adoptions (アダプト・プログラム, issue 10). The city keeps a list of places (a park, a
-- road, a riverbank …) of a kind from an editable list, each in the care of a department; a
-- group adopts a place under an agreement that runs in terms (the first term, then each
-- renewal as a new term of the same agreement, so the history stays); supplies lent,
-- insurance and the group's yearly activity reports belong to the agreement. At most one
-- agreement in force on a place at a time unless the place allows shared adoption: the
-- domain (domain/adopt.c) checks it inside the write's transaction. Dates are calendar
-- dates 'YYYY-MM-DD' (Japan); instants are UTC text.
CREATE TABLE adopt_kinds (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
	position INTEGER NOT NULL DEFAULT 0,
	retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);
INSERT INTO adopt_kinds(name, position) VALUES ('公園', 1), ('道路', 2), ('河川敷', 3), ('緑地・花壇', 4),
	('駅前・広場', 5);
CREATE TABLE adopt_places (
	id INTEGER PRIMARY KEY,
	kind_id INTEGER NOT NULL REFERENCES adopt_kinds(id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	location TEXT NOT NULL DEFAULT '' CHECK (length(location) <= 1000),
	department_id INTEGER NOT NULL REFERENCES departments(id),
	shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 5000),	-- the city's own note, never public
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX adopt_places_dept ON adopt_places(department_id, id);
CREATE TABLE adopt_agreements (
	id INTEGER PRIMARY KEY,
	place_id INTEGER NOT NULL REFERENCES adopt_places(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	state TEXT NOT NULL CHECK (state IN ('applied', 'rejected', 'agreed')),
	activities TEXT NOT NULL DEFAULT '' CHECK (length(activities) <= 5000),
	wish_start TEXT,	-- the term an application asks for
	wish_end TEXT,
	insurer TEXT NOT NULL DEFAULT '' CHECK (length(insurer) <= 200),
	insurance TEXT NOT NULL DEFAULT '' CHECK (length(insurance) <= 500),
	insured_from TEXT,
	insured_to TEXT,
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 5000),	-- the city's own note, never public
	comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),	-- the decision's words to the group
	applied_at TEXT,
	decided_at TEXT,
	decided_by TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX adopt_agreements_place ON adopt_agreements(place_id, state);
CREATE INDEX adopt_agreements_org ON adopt_agreements(org_id, id);
CREATE TABLE adopt_terms (
	id INTEGER PRIMARY KEY,
	agreement_id INTEGER NOT NULL REFERENCES adopt_agreements(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL CHECK (seq >= 1),	-- 1 the first term, 2 the first renewal …
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	reminded_at TEXT,	-- when the department and the group were told that it ends soon
	UNIQUE (agreement_id, seq),
	CHECK (ends_on >= starts_on)
);
CREATE INDEX adopt_terms_dates ON adopt_terms(ends_on, starts_on);
CREATE TABLE adopt_supplies (
	id INTEGER PRIMARY KEY,
	agreement_id INTEGER NOT NULL REFERENCES adopt_agreements(id) ON DELETE CASCADE,
	item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
	count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100000),
	lent_on TEXT NOT NULL,
	returned_on TEXT
);
CREATE INDEX adopt_supplies_agreement ON adopt_supplies(agreement_id, id);
CREATE TABLE adopt_reports (
	id INTEGER PRIMARY KEY,
	agreement_id INTEGER NOT NULL REFERENCES adopt_agreements(id) ON DELETE CASCADE,
	fy INTEGER NOT NULL CHECK (fy BETWEEN 1873 AND 9999),
	activities TEXT NOT NULL CHECK (length(activities) BETWEEN 1 AND 5000),
	times INTEGER NOT NULL CHECK (times BETWEEN 0 AND 100000),
	people INTEGER NOT NULL CHECK (people BETWEEN 0 AND 1000000),
	submitted_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (agreement_id, fy)
);
