-- 0018: reports and the evaluation of collaboration projects (domain/project_eval.h), and
-- the registry's ties between a person's account and an actor (利害関係: a committee
-- member who is a member, officer or employee of a partner may not evaluate its project).
--
-- Reports: progress reports (経過報告) during the year from any side — the lead
-- department (side_org_id 0) or a partner (its actor id); the joint final report
-- (完了報告): each side writes its part (results, numbers, what worked, what to change),
-- the lead department completes it (project_final).
-- Evaluation in three steps: criteria set by the city; each side evaluates itself
-- (project_eval_scores kind 'self', keyed by side_org_id); the joint review records what
-- the sides agree per criterion (project_eval_joint) and is closed by the lead department;
-- committee members assigned to the project (project_eval_members) score and comment
-- (kind 'committee', keyed by user_id); the division publishes the result
-- (project_eval_state.published).

-- 利害関係: a tie between a user account and an actor of the registry.
CREATE TABLE org_ties (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('member', 'officer', 'employee', 'other')),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	UNIQUE (user_id, org_id)
);
CREATE INDEX org_ties_org ON org_ties(org_id, user_id);

CREATE TABLE project_reports (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	fy INTEGER NOT NULL CHECK (fy BETWEEN 1873 AND 9999),
	side_org_id INTEGER NOT NULL DEFAULT 0,
	side_name TEXT NOT NULL CHECK (length(side_name) BETWEEN 1 AND 200),
	body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);
CREATE INDEX project_reports_project ON project_reports(project_id, id);

CREATE TABLE project_final_parts (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	side_org_id INTEGER NOT NULL DEFAULT 0,
	side_name TEXT NOT NULL CHECK (length(side_name) BETWEEN 1 AND 200),
	results TEXT NOT NULL DEFAULT '' CHECK (length(results) <= 8000),
	numbers TEXT NOT NULL DEFAULT '' CHECK (length(numbers) <= 4000),
	worked TEXT NOT NULL DEFAULT '' CHECK (length(worked) <= 8000),
	to_change TEXT NOT NULL DEFAULT '' CHECK (length(to_change) <= 8000),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (project_id, side_org_id)
);

CREATE TABLE project_final (
	project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
	summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 8000),
	completed_at TEXT NOT NULL,
	completed_by TEXT NOT NULL
);

-- 評価の観点, set by the city (edited by the collaboration division); scale_max: scores
-- from 1 to it. A retired criterion (active 0) keeps its scores but is no longer asked.
CREATE TABLE project_eval_criteria (
	id INTEGER PRIMARY KEY,
	pos INTEGER NOT NULL,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	guide TEXT NOT NULL DEFAULT '' CHECK (length(guide) <= 2000),
	scale_max INTEGER NOT NULL DEFAULT 5 CHECK (scale_max BETWEEN 2 AND 10),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO project_eval_criteria(pos, name, guide, scale_max) VALUES
	(1, '目的・目標の達成', '事業を始めるときに共有した目的と成果目標に、どこまで届いたか。数字と市民の声の両方から振り返ります。', 5),
	(2, '対等な関係', '立場や資金の有無にかかわらず、互いに意見を出し合い、納得して決めることができたか。', 5),
	(3, '役割分担と持ち味の発揮', 'それぞれが得意なことを活かし、決めた役割と責任を果たしたか。相手任せになっていなかったか。', 5),
	(4, '公費に見合う効果', '使ったお金と手間に見合う成果が市民に届いたか。協働にしたことで、単独で行うより効果が上がったか。', 5),
	(5, '公開と説明', '事業の進み具合や結果を、市民に分かる形で知らせたか。', 5),
	(6, '今後の方向（継続の是非）', 'このまま続けるか、形を変えて続けるか、役目を終えたか。理由とあわせて考えます。', 5);

-- One score (1 … the criterion's scale_max) and comment: kind 'self' by a side
-- (side_org_id, user_id 0), kind 'committee' by a member (user_id, side_org_id 0).
CREATE TABLE project_eval_scores (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	criterion_id INTEGER NOT NULL REFERENCES project_eval_criteria(id),
	kind TEXT NOT NULL CHECK (kind IN ('self', 'committee')),
	side_org_id INTEGER NOT NULL DEFAULT 0,
	user_id INTEGER NOT NULL DEFAULT 0,
	score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
	comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (project_id, kind, side_org_id, user_id, criterion_id)
);

-- A side's or a member's evaluation handed in (提出), with an overall comment.
CREATE TABLE project_eval_submissions (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('self', 'committee')),
	side_org_id INTEGER NOT NULL DEFAULT 0,
	user_id INTEGER NOT NULL DEFAULT 0,
	overall TEXT NOT NULL DEFAULT '' CHECK (length(overall) <= 4000),
	submitted_at TEXT NOT NULL,
	submitted_by TEXT NOT NULL,
	UNIQUE (project_id, kind, side_org_id, user_id)
);

-- The joint review (合同の振り返り): what the sides agree on each criterion.
CREATE TABLE project_eval_joint (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	criterion_id INTEGER NOT NULL REFERENCES project_eval_criteria(id),
	score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 10),
	agreed TEXT NOT NULL DEFAULT '' CHECK (length(agreed) <= 4000),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (project_id, criterion_id)
);

-- The committee members assigned to evaluate a project.
CREATE TABLE project_eval_members (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	assigned_at TEXT NOT NULL,
	assigned_by TEXT NOT NULL,
	UNIQUE (project_id, user_id)
);
CREATE INDEX project_eval_members_user ON project_eval_members(user_id);

-- Where a project's evaluation stands: the joint review closed, the result published.
CREATE TABLE project_eval_state (
	project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
	joint_closed INTEGER NOT NULL DEFAULT 0 CHECK (joint_closed IN (0, 1)),
	joint_closed_at TEXT NOT NULL DEFAULT '',
	published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	published_at TEXT NOT NULL DEFAULT '',
	result TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 8000)
);
CREATE INDEX project_eval_state_published ON project_eval_state(published, project_id);
