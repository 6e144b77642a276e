-- 0014: collaboration projects (協働事業) under the city's rulebook (domain/project.h).
-- A project has a lead department, partners from the registry (orgs), a form of
-- collaboration (協働の形態), a zone of the map (協働領域, 市民主体 … 行政主体), a stage
-- (検討 → 計画 → 実施 → 評価 → 完了, or 中止 with a reason), budget lines with who pays,
-- and the plan items it serves. The first three stages have a checklist that the lead
-- department and every partner answer from their own side; every stage move is logged.
-- The reference tables (forms, their documents, zones, the five kinds of party and the
-- cautions per form × party kind, the checklist points) are seeded here in the city's
-- own words and edited by the collaboration division. Stage and code vocabularies are
-- checked here and named for people in domain/project.c.

-- 協働の形態, in the rulebook's order (pos). money_flow says in words how money moves.
CREATE TABLE project_forms (
	code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
	pos INTEGER NOT NULL UNIQUE,
	label TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 100),
	summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
	money_flow TEXT NOT NULL DEFAULT '' CHECK (length(money_flow) <= 500)
);
INSERT INTO project_forms(code, pos, label, summary, money_flow) VALUES
	('support', 1, '後援', '団体が自ら行う公益性の高い事業に、市が名義の使用を認めて応援する形です。お金や人手の支援は伴いません。', '市からの資金の支出はありません。'),
	('cooperation', 2, '事業協力', '同じ目的のもとで役割を分け合い、協力して取り組む形です。アダプトプログラムや災害時の協定もこれにあたります。', '原則として資金は動きません。市から物品などを提供することがあります。'),
	('cohost', 3, '事業共催', '複数の主体が共に主催者となり、責任の分担を決めて一つの事業を行う形です。', '各主体が取り決めた割合で経費を負担します。'),
	('grant', 4, '補助・助成', '団体が自ら行う公益性の高い事業に、市が経費の一部を補助して成長と自立を後押しする形です。', '市が事業費の一部を団体に交付し、団体が実績を報告します。'),
	('commission', 5, '事業委託', '市が責任を持つ分野の事業を、団体の専門性や機動力を活かすために任せる形です。', '市が契約に基づいて委託料を支払います。'),
	('committee', 6, '実行委員会', '関係する主体が集まって実行委員会をつくり、共に企画し運営する形です（共催の一種）。', '各主体の負担金などを実行委員会の予算にまとめて執行します。');

-- The documents each form requires. kind: 'agreement' (協定書・契約書), 'budget' (予算書:
-- the project must carry budget lines before it runs), 'plan', 'application', 'report',
-- 'other'.
CREATE TABLE project_form_documents (
	id INTEGER PRIMARY KEY,
	form TEXT NOT NULL REFERENCES project_forms(code) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('agreement', 'budget', 'plan', 'application', 'report', 'other')),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	UNIQUE (form, pos)
);
INSERT INTO project_form_documents(form, pos, kind, name) VALUES
	('support', 1, 'application', '後援名義使用申請書'),
	('support', 2, 'report', '事業の実施報告書'),
	('cooperation', 1, 'agreement', '協定書（目的・役割分担・責任分担を定めたもの）'),
	('cooperation', 2, 'plan', '役割分担表'),
	('cohost', 1, 'plan', '事業計画書'),
	('cohost', 2, 'budget', '収支予算書（経費の分担を含む）'),
	('cohost', 3, 'report', '収支決算書・実施報告書'),
	('grant', 1, 'application', '補助金交付申請書'),
	('grant', 2, 'budget', '収支予算書'),
	('grant', 3, 'report', '実績報告書'),
	('commission', 1, 'agreement', '委託契約書または協定書'),
	('commission', 2, 'plan', '仕様書'),
	('commission', 3, 'report', '完了報告書'),
	('committee', 1, 'other', '実行委員会規約'),
	('committee', 2, 'budget', '実行委員会の収支予算書'),
	('committee', 3, 'report', '収支決算書・実施報告書');

-- 協働領域: the five zones of the map, from 市民主体 to 行政主体 (pos = map order).
CREATE TABLE project_zones (
	code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
	pos INTEGER NOT NULL UNIQUE,
	label TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 100),
	summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 1000)
);
INSERT INTO project_zones(code, pos, label, summary) VALUES
	('citizen', 1, '市民主体', '市民が自分たちだけで自主的に行う活動'),
	('citizen_led', 2, '市民主導', '市民が中心となり、市が支える活動'),
	('equal', 3, '市民・行政', '市民と市が対等な立場で共に行う活動'),
	('city_led', 4, '行政主導', '市が中心となり、市民の協力を得て行う活動'),
	('city', 5, '行政主体', '市が単独で責任を持って行う活動');

-- The five kinds of party (主体) of the rulebook, and the registry's kinds (orgs.kind,
-- domain/org.c) mapped onto them; a kind not mapped counts as 'civic'.
CREATE TABLE project_party_kinds (
	code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
	pos INTEGER NOT NULL UNIQUE,
	label TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 100)
);
INSERT INTO project_party_kinds(code, pos, label) VALUES
	('citizen', 1, '市民'),
	('community', 2, '地域組織'),
	('civic', 3, '市民活動団体等'),
	('business', 4, '事業者'),
	('city', 5, '行政');
CREATE TABLE project_party_kind_map (
	org_kind TEXT PRIMARY KEY CHECK (length(org_kind) BETWEEN 1 AND 40),
	party_kind TEXT NOT NULL REFERENCES project_party_kinds(code)
);
INSERT INTO project_party_kind_map(org_kind, party_kind) VALUES
	('npo', 'civic'), ('npo_certified', 'civic'), ('voluntary', 'civic'), ('volunteer', 'civic'),
	('general_corp', 'civic'), ('public_corp', 'civic'), ('welfare_corp', 'civic'), ('other', 'civic'),
	('volunteer_center', 'civic'),
	('neighborhood', 'community'), ('children', 'community'), ('seniors', 'community'), ('community', 'community'),
	('company', 'business'), ('shop', 'business'), ('chamber', 'business'), ('cooperative', 'business'),
	('school', 'city'), ('university', 'civic'), ('civic_center', 'city'), ('city', 'city');

-- 留意点: what each kind of party must watch in each form. party_kind NULL: every party
-- (共通). Edited by the collaboration division.
CREATE TABLE project_cautions (
	id INTEGER PRIMARY KEY,
	form TEXT NOT NULL REFERENCES project_forms(code) ON DELETE CASCADE,
	party_kind TEXT REFERENCES project_party_kinds(code),
	pos INTEGER NOT NULL,
	text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX project_cautions_form ON project_cautions(form, party_kind, pos);
INSERT INTO project_cautions(form, party_kind, pos, text, updated_at, updated_by) VALUES
	('support', 'civic', 1, '事業のねらいと公益性を、市が判断できるよう具体的に説明しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('support', 'civic', 2, '市の名前を掲げる責任を意識して、事業を最後までやり遂げましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('support', 'community', 1, '地域の行事として後援を受けるときも、誰もが参加できる公益性があることを示しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('support', 'business', 1, '後援は宣伝のためではありません。営利が目的と見られないよう内容を整えましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('support', 'city', 1, '手続きをできるだけ簡単にし、早く返事をしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('support', 'city', 2, '事業の趣旨をよく聞いたうえで、公益性を公平に判断しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cooperation', 'civic', 1, '市が協力を求めている取組に、できる範囲で前向きに関わりましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cooperation', 'civic', 2, '協力の中で知った個人情報などは、外に漏らさないようにしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cooperation', 'city', 1, 'アダプトプログラムなど、協力してほしい取組の仕組みを広く知らせましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cooperation', NULL, 1, 'お金をかけなくても、力を合わせれば効果が上がることがあります。日頃から意見を交わして可能性を探りましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cooperation', NULL, 2, '持っている知識や情報を分かち合い、進み具合と課題をこまめに確かめ合いましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cohost', 'civic', 1, '事務局を市に任せきりにせず、得意なことを活かして事務の一部も引き受けましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cohost', 'city', 1, '企画と運営の相談や手続きが滞らないよう、早めに動きましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cohost', NULL, 1, '互いの違いを尊重し、それぞれの得意分野を受け持って効果を高めましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cohost', NULL, 2, 'お金や人手の負担が一方に偏らないよう、分担を話し合って決めましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cohost', NULL, 3, '公のお金が入るときは、使い道を正しく記録し、進み具合を管理しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('cohost', NULL, 4, '毎年同じことの繰り返しにならないよう、工夫を重ねましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('grant', 'civic', 1, '公のお金を使う責任を意識し、効果的で適正な支出に努めましょう。終わったら報告書を遅れずに出しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('grant', 'civic', 2, '補助を受けることを目的にせず、自分たちで続けられる活動に育てましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('grant', 'community', 1, '地域の多くの人に関わってもらい、補助で得た成果を地域で共有しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('grant', 'city', 1, '多くの団体に機会が届くよう、募集を広く知らせましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('grant', 'city', 2, '交付先は、公益性と目的のはっきりさを基準に公平に選び、説明できるようにしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('grant', 'city', 3, '団体の自主性を大切にし、相談には乗りつつ口を出しすぎないようにしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('grant', NULL, 1, '補助の財源は市民から預かった公のお金であることを忘れないようにしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', 'civic', 1, '公のお金を使う責任を意識し、内容と支出を分かりやすく示しましょう。契約や報告、完了の検査などの手続きも遅れずに行いましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', 'civic', 2, '委託の中で知った個人情報などは、外に漏らさないようにしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', 'business', 1, '事業者として受託するときも、協働の相手として市民の目線を大切にしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', 'city', 1, '委託先を下請けではなく、対等なパートナーとして扱いましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', 'city', 2, '必要な経費を見積もり、適正な委託料を確保しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', 'city', 3, '最終的な責任は市にあることを自覚しつつ、委託先の自主性を尊重しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', 'city', 4, '任せきりにせず進み具合を見守り、相談しながら合意のうえで進めましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', NULL, 1, '始める前にも途中でも十分に話し合い、委託の目的と内容を共有しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('commission', NULL, 2, '委託料は公のお金で、受益者は市民です。効果的に使い、適正に管理しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('committee', 'civic', 1, '委員として専門性を発揮し、事務局の仕事も分担しましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('committee', 'community', 1, '地域の声を委員会に届け、地域の人の参加を呼びかけましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('committee', 'business', 1, '協賛や人手の提供など、事業者ならではの力を活かしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('committee', 'city', 1, '事務局を担うときも、決めるのは委員会であることを忘れないようにしましょう。', '2026-01-01T00:00:00Z', 'seed'),
	('committee', NULL, 1, '負担金の使い道と収支を委員会で確かめ、公開しましょう。', '2026-01-01T00:00:00Z', 'seed');

-- The checklists of the first three stages (consider = 協働を考えている, plan = 計画段階,
-- run = 実施段階), six points each in the seed; edited by the collaboration division.
-- A point retired (active = 0) keeps its answers but is no longer asked.
CREATE TABLE project_checklist_points (
	id INTEGER PRIMARY KEY,
	stage TEXT NOT NULL CHECK (stage IN ('consider', 'plan', 'run')),
	pos INTEGER NOT NULL,
	text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX project_checklist_points_stage ON project_checklist_points(stage, pos);
INSERT INTO project_checklist_points(stage, pos, text) VALUES
	('consider', 1, '事業の目的を相手と共有できている'),
	('consider', 2, 'お互いの持ち味や得意なことを活かせる'),
	('consider', 3, 'どのように実現するかを共有できている'),
	('consider', 4, '信頼し合える関係をつくれる'),
	('consider', 5, '立場やお金の有無にかかわらず、対等に話し合える'),
	('consider', 6, '手間がかかっても協働で取り組む意味と効果がある'),
	('plan', 1, '課題・目的・成果目標を十分に話し合った'),
	('plan', 2, 'お互いの持ち味や得意なことを理解した'),
	('plan', 3, 'それぞれができることを出し合い、役割と責任の分担を決めた'),
	('plan', 4, '経費の負担と、お金の使い方・管理の方法を決めた'),
	('plan', 5, '大切な取り決めを文書にして、お互いに確かめた'),
	('plan', 6, '事業を計画していることをホームページなどで知らせた'),
	('run', 1, '課題・目的・成果目標と進め方をふりかえり、必要に応じて直している'),
	('run', 2, 'お互いの強みを活かし、助け合って取り組んでいる'),
	('run', 3, '相手任せにせず、それぞれが自分の役割を果たしている'),
	('run', 4, '経費とお金の管理が計画どおりで、変わるときはその都度話し合っている'),
	('run', 5, '言いたいことを言い合える対等な関係で進めている'),
	('run', 6, '事業の進み具合をホームページなどで知らせている');

-- A project. stage: consider (検討), plan (計画), run (実施), evaluate (評価), done (完了),
-- stopped (中止, with stop_reason). Matched by title + fy_start on import.
CREATE TABLE projects (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	purpose TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 4000),
	goals TEXT NOT NULL DEFAULT '' CHECK (length(goals) <= 4000),
	fy_start INTEGER NOT NULL CHECK (fy_start BETWEEN 1873 AND 9999),
	fy_end INTEGER NOT NULL CHECK (fy_end BETWEEN 1873 AND 9999),
	department_id INTEGER NOT NULL REFERENCES departments(id),
	division TEXT NOT NULL DEFAULT '' CHECK (length(division) <= 200),
	form TEXT NOT NULL REFERENCES project_forms(code),
	zone TEXT NOT NULL REFERENCES project_zones(code),
	stage TEXT NOT NULL DEFAULT 'consider' CHECK (stage IN ('consider', 'plan', 'run', 'evaluate', 'done', 'stopped')),
	stop_reason TEXT NOT NULL DEFAULT '' CHECK (length(stop_reason) <= 2000),
	budget INTEGER CHECK (budget IS NULL OR budget >= 0),	-- the total budget in yen, when known
	published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (fy_end >= fy_start),
	CHECK (stage <> 'stopped' OR length(stop_reason) > 0),
	UNIQUE (title, fy_start)
);
CREATE INDEX projects_years ON projects(fy_start, fy_end);
CREATE INDEX projects_department ON projects(department_id);
CREATE INDEX projects_published ON projects(published, fy_start);

-- The partners: an actor of the registry, its role, what it brings and the
-- responsibilities agreed.
CREATE TABLE project_partners (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	pos INTEGER NOT NULL DEFAULT 0,
	role TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 500),
	brings_people INTEGER NOT NULL DEFAULT 0 CHECK (brings_people IN (0, 1)),
	brings_money INTEGER NOT NULL DEFAULT 0 CHECK (brings_money IN (0, 1)),
	brings_venue INTEGER NOT NULL DEFAULT 0 CHECK (brings_venue IN (0, 1)),
	brings_knowhow INTEGER NOT NULL DEFAULT 0 CHECK (brings_knowhow IN (0, 1)),
	responsibilities TEXT NOT NULL DEFAULT '' CHECK (length(responsibilities) <= 4000),
	added_at TEXT NOT NULL,
	UNIQUE (project_id, org_id)
);
CREATE INDEX project_partners_org ON project_partners(org_id, project_id);

-- Budget lines: what, how much (yen), which year, who pays (payer_org_id: a partner's
-- actor; NULL = the city).
CREATE TABLE project_budget_lines (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL DEFAULT 0,
	fy INTEGER NOT NULL CHECK (fy BETWEEN 1873 AND 9999),
	item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
	amount INTEGER NOT NULL CHECK (amount >= 0),
	payer_org_id INTEGER REFERENCES orgs(id),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000)
);
CREATE INDEX project_budget_lines_project ON project_budget_lines(project_id, fy, pos);

-- The plan items a project serves (the item's page lists its projects).
CREATE TABLE project_plan_items (
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	item_id INTEGER NOT NULL REFERENCES plan_items(id) ON DELETE CASCADE,
	PRIMARY KEY (project_id, item_id)
);
CREATE INDEX project_plan_items_item ON project_plan_items(item_id, project_id);

-- Each side's answer to a checklist point: side_org_id is the partner's actor, or 0 for
-- the lead department. agreed: 1 ticked (合意), 0 not yet.
CREATE TABLE project_checks (
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	point_id INTEGER NOT NULL REFERENCES project_checklist_points(id),
	side_org_id INTEGER NOT NULL CHECK (side_org_id >= 0),
	agreed INTEGER NOT NULL DEFAULT 0 CHECK (agreed IN (0, 1)),
	comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (project_id, point_id, side_org_id)
);

-- Every stage move: from, to, who, why; forced = 1 when the lead department moved on with
-- checklist points not yet agreed (open_points: how many).
CREATE TABLE project_stage_log (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	at TEXT NOT NULL,
	from_stage TEXT NOT NULL,
	to_stage TEXT NOT NULL,
	user_id INTEGER,
	actor TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
	forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
	open_points INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX project_stage_log_project ON project_stage_log(project_id, id);
