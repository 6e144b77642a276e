-- 0016: endorsements (後援名義) — a group asks the city to lend its name to an event; the
-- department it asks decides (承諾 with conditions, 不承諾 with reasons); changes (変更申請)
-- and withdrawal (取消し) go the same way; a report (実績報告) is due some days after the
-- event, with reminders. domain/endorse.c owns these tables; who sees what is
-- domain/endorse_visibility.c. Dates are calendar days in Japan ('YYYY-MM-DD'), instants
-- UTC ('YYYY-MM-DDTHH:MM:SSZ').
CREATE TABLE endorsements (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	department_id INTEGER NOT NULL REFERENCES departments(id),
	state TEXT NOT NULL CHECK (state IN ('applied', 'approved', 'refused', 'withdrawn')),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	purpose TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 4000),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
	attendance INTEGER NOT NULL CHECK (attendance >= 0),
	fee INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),	-- yen per person; 0: free
	organiser TEXT NOT NULL CHECK (length(organiser) BETWEEN 1 AND 200),
	contact_name TEXT NOT NULL DEFAULT '',	-- private: the group, its department and the division
	contact_phone TEXT NOT NULL DEFAULT '',	-- private
	exclusions TEXT NOT NULL DEFAULT '',	-- the exclusion rules the group confirmed, one a line
	report_due_on TEXT,	-- set when approved: ends_on + the setting's days
	reported_at TEXT,
	report_attendance INTEGER,
	report_summary TEXT NOT NULL DEFAULT '',
	report_income INTEGER,
	report_expenses INTEGER,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (ends_on >= starts_on)
);
CREATE INDEX endorsements_org ON endorsements(org_id, starts_on);
CREATE INDEX endorsements_dept ON endorsements(department_id, state);
CREATE INDEX endorsements_public ON endorsements(state, starts_on);
-- Every request on an endorsement, kept: the application (new), a change and a withdrawal,
-- each applied → approved or refused (or cancelled: an application the group took back
-- before the decision). The values asked for are a JSON object.
CREATE TABLE endorse_requests (
	id INTEGER PRIMARY KEY,
	endorsement_id INTEGER NOT NULL REFERENCES endorsements(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('new', 'change', 'withdraw')),
	state TEXT NOT NULL CHECK (state IN ('applied', 'approved', 'refused', 'cancelled')),
	asked TEXT NOT NULL DEFAULT '{}',
	reason TEXT NOT NULL DEFAULT '',
	applied_at TEXT NOT NULL,
	applied_by TEXT NOT NULL,
	decided_at TEXT,
	decided_by TEXT,
	decided_on TEXT,	-- the day of the decision in Japan, printed on the notice
	comment TEXT NOT NULL DEFAULT '',	-- conditions (承諾) or reasons (不承諾)
	decision_fy INTEGER,
	decision_seq INTEGER,	-- the notice's number within its fiscal year
	UNIQUE (decision_fy, decision_seq)
);
CREATE INDEX endorse_requests_endorsement ON endorse_requests(endorsement_id, id);
CREATE INDEX endorse_requests_open ON endorse_requests(state);
-- At most one request waits for a decision on an endorsement.
CREATE UNIQUE INDEX endorse_requests_one_open ON endorse_requests(endorsement_id) WHERE state = 'applied';
-- Reminders about a report: one per endorsement, kind and due date, whoever runs the pass.
CREATE TABLE endorse_reminders (
	id INTEGER PRIMARY KEY,
	endorsement_id INTEGER NOT NULL REFERENCES endorsements(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('due', 'overdue')),
	due_on TEXT NOT NULL,
	sent_at TEXT NOT NULL,
	UNIQUE (endorsement_id, kind, due_on)
);
INSERT INTO settings(key, value) VALUES
	('endorse.days_before', '30'),
	('endorse.days_after', '10'),
	('endorse.exclusions', '営利を主な目的とする行事ではありません
特定の政党・政治団体の活動や選挙運動を目的とする行事ではありません
特定の宗教の布教や宗教活動を目的とする行事ではありません
主催者・関係者に暴力団または暴力団員と関わりのある者はいません')
ON CONFLICT(key) DO NOTHING;
