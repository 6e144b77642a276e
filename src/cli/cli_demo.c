/* cli_demo: `kyodo demo` loads the demo city (みどり野市, fictional): departments, one
 * login per role, the collaboration plan with three fiscal years of progress — two
 * published, the current one open for departments to answer — and the registry of actors:
 * eight districts, some forty groups of every kind (demo/orgs.csv), two applications
 * waiting for the center, and a spread of confirmation dates so that stale profiles show.
 * The data travels in the binary (the CSV files in demo/) and goes through the same
 * imports as a city's own files. */
#include "cli/cli.h"
#include "domain/attach.h"
#include "domain/account.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "domain/org.h"
#include "domain/org_public.h"
#include "domain/plan.h"
#include "domain/plan_import.h"
#include "domain/plan_round.h"
#include "domain/plan_opinion.h"
#include "domain/project.h"
#include "domain/project_io.h"
#include "io/csv.h"
#include "io/org_csv.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/embed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "kyodo-demo-2026"
/* cli_demo_endorse.c: the demo group's endorsements in every state */
int demo_endorsements(struct store *st, const struct actor *admin, struct arena *a, long long group_user,
		      long long org_id);

int demo_adopt(struct store *st, const struct actor *who, struct arena *a);	/* cli_demo_adopt.c */
#define DEMO_PLAN "midorino-2"

static const struct { const char *name, *kana; } demo_departments[] = {
	{ "協働推進課", "キョウドウスイシンカ" }, { "企画政策課", "キカクセイサクカ" },
	{ "生涯学習課", "ショウガイガクシュウカ" }, { "人事課", "ジンジカ" },
	{ "福祉総務課", "フクシソウムカ" }, { "財政課", "ザイセイカ" },
};

static const struct {
	const char *login, *name, *role, *department;
} demo_users[] = {
	{ "admin", "協働推進課 管理者", "admin", NULL },
	{ "kyodo", "協働推進課 担当", "staff", "協働推進課" },
	{ "kikaku", "企画政策課 担当", "staff", "企画政策課" },
	{ "gakushu", "生涯学習課 担当", "staff", "生涯学習課" },
	{ "center", "市民活動センター 相談員", "coordinator", NULL },
	{ "group", "みどり野子ども食堂ネット", "group", NULL },
	{ "committee", "協働推進委員", "committee", NULL },
};

static const struct { int fy; const char *file; int publish; const char *deadline; } demo_years[] = {
	{ 2022, "demo/plan-2022.csv", 1, "2022-06-30" },
	{ 2023, "demo/plan-2023.csv", 1, "2023-06-30" },
	{ 2024, "demo/plan-2024.csv", 0, "2024-06-28" },
};

/* The districts (活動地区) of the demo city, in display order. */
static const char *const demo_areas[] = {
	"中央地区", "北地区", "南地区", "東地区", "西地区", "緑ヶ丘地区", "川辺地区", "山手地区",
};

/* The group the demo `group` login belongs to (in demo/orgs.csv). */
#define DEMO_GROUP_NAME "みどり野子ども食堂ネット"
#define DEMO_GROUP_KANA "ミドリノコドモショクドウネット"

/* Two applications sent online, waiting for the center's review. */
struct demo_value { enum org_field f; const char *v; };
static const struct {
	struct demo_value v[12];
	const char *fields, *areas, *pub;
} demo_applications[] = {
	{ { { ORG_F_KIND, "任意団体" }, { ORG_F_NAME, "みどり野ハーモニカ同好会" },
	    { ORG_F_KANA, "ミドリノハーモニカドウコウカイ" }, { ORG_F_FOUNDED_ON, "令和5年4月1日" },
	    { ORG_F_PURPOSE, "ハーモニカの演奏を楽しみ、地域の施設で音楽を届ける。" },
	    { ORG_F_ACTIVITIES, "月2回の練習会、高齢者施設や地区まつりでの演奏。" }, { ORG_F_MEMBERS, "9" },
	    { ORG_F_AGE_PROFILE, "60〜70代が中心" }, { ORG_F_REP_NAME, "河合 文子" }, { ORG_F_REP_KANA, "かわい ふみこ" },
	    { ORG_F_EMAIL, "harmonica@example.jp" }, { ORG_F_PHONE, "099-260-3311" } },
	  "6;1", "西地区", "メール" },
	{ { { ORG_F_KIND, "ボランティア団体" }, { ORG_F_NAME, "北地区フードパントリーの会" },
	    { ORG_F_KANA, "キタチクフードパントリーノカイ" }, { ORG_F_FOUNDED_ON, "2024-10-01" },
	    { ORG_F_PURPOSE, "食品の寄付を集め、支援が必要な家庭に届ける。" },
	    { ORG_F_ACTIVITIES, "毎月のフードパントリー、企業や商店からの食品の受け取り、子ども食堂との連携。" },
	    { ORG_F_MEMBERS, "14" }, { ORG_F_AGE_PROFILE, "40〜50代が中心" }, { ORG_F_REP_NAME, "宮本 涼子" },
	    { ORG_F_REP_KANA, "ミヤモト リョウコ" }, { ORG_F_EMAIL, "pantry-kita@example.jp" },
	    { ORG_F_RECRUITING, "食品の仕分けを手伝ってくださる方を募集します。" } },
	  "1;13", "北地区", "" },
};

/* Last confirmation (確認) of the registered data, so that the center's yearly flag shows:
 * most groups within the year, a few long ago, two never. Set directly: a confirmation is
 * the group's own act (org_review.c), and the demo has no history to replay. */
/* Confirmation dates: spread over the past months, two records overdue by far, three a
 * little, two never confirmed (sql_demo.def). */
static const struct {
	const char *name, *ago;	/* ago NULL: never confirmed */
} demo_confirmed[] = {
	{ "みどり野陶芸サークル", "-26 months" }, { "北町自治会", "-26 months" },
	{ "音訳ボランティアこだま", "-15 months" }, { "みどり長寿会", "-15 months" },
	{ "緑ヶ丘子ども会育成会", "-15 months" },
	{ "みどり野男女共同参画を考える会", NULL }, { "ことぶき青果店", NULL },
};

static int demo_confirmations(struct store *st)
{
	struct stmt *s = store_prepare(st, STMT_DEMO_CONFIRM_SPREAD);
	int rc = s ? stmt_exec(s) : STORE_ERR;
	for (size_t i = 0; rc == 0 && i < sizeof demo_confirmed / sizeof *demo_confirmed; i++) {
		if (!(s = store_prepare(st, STMT_DEMO_CONFIRM_NAMED)))
			return STORE_ERR;
		stmt_bind_text(s, 1, demo_confirmed[i].name);
		stmt_bind_text(s, 2, demo_confirmed[i].ago);
		rc = stmt_exec(s);
	}
	return rc;
}

static int demo_registry(struct store *st, const struct actor *who, struct arena *a, long long group_user)
{
	const char *err = NULL;
	struct problems cps = { 0 };	/* the center as its letters name it */
	if (org_center_contact_save(st, who, "みどり野市市民活動センター",
				    "〒990-0001 みどり野市中央一丁目1-1 みどり野市役所別館2階\n"
				    "電話 099-200-1000　FAX 099-200-1001\n"
				    "開館 9時〜21時（月曜休館）",
				    &cps) != 0) {
		fprintf(stderr, "kyodo demo: the center's contact: %s\n", cps.n ? cps.p[0].msgid : store_errmsg(st));
		return -1;
	}
	/* the fictional city's prefecture, for the open data's 地方公共団体名 (its code 990019
	 * is outside the real prefectures' 01–47) */
	if (org_setting_set(st, who, "city.prefecture", "千葉県", &err) != 0) {
		fprintf(stderr, "kyodo demo: city.prefecture: %s\n", err ? err : store_errmsg(st));
		return -1;
	}
	for (size_t i = 0; i < sizeof demo_areas / sizeof *demo_areas; i++)
		if (org_area_add(st, who, demo_areas[i], "地区", &err) <= 0) {
			fprintf(stderr, "kyodo demo: area %s: %s\n", demo_areas[i], err ? err : store_errmsg(st));
			return -1;
		}
	const struct embed_file *f = embed_find("demo/orgs.csv");
	struct org_import_opts io = { .enc = CSV_ENC_UTF8 };
	struct org_import_report rep;
	org_import_report_init(&rep);
	int rc = f ? org_csv_import(st, who, "demo/orgs.csv", (const char *)f->data, f->len, &io, &rep) : -1;
	if (rc != 0)
		fprintf(stderr, "kyodo demo: %s", buf_cstr(&rep.errors));
	org_import_report_free(&rep);
	if (rc != 0)
		return -1;
	long long org_id = 0;
	if (org_find_match(st, NULL, DEMO_GROUP_NAME, DEMO_GROUP_KANA, &org_id) != 0 || !org_id ||
	    account_set_org(st, who, group_user, org_id) != 0) {
		fprintf(stderr, "kyodo demo: cannot link the group login to %s\n", DEMO_GROUP_NAME);
		return -1;
	}
	for (size_t i = 0; i < sizeof demo_applications / sizeof *demo_applications; i++) {
		struct org o;
		org_init(&o);
		for (int k = 0; k < 12 && demo_applications[i].v[k].v && rc == 0; k++)
			rc = org_set_field(a, &o, demo_applications[i].v[k].f, demo_applications[i].v[k].v, &err);
		if (rc == 0)
			rc = org_set_npo_fields(&o, demo_applications[i].fields, &err);
		if (rc == 0)
			rc = org_set_areas(st, a, &o, demo_applications[i].areas, &err);
		if (rc == 0)
			rc = org_set_public(&o, demo_applications[i].pub, &err);
		if (rc == 0 && org_create(st, who, &o, ORG_SAVE_APPLICATION, &err) <= 0)
			rc = -1;
		if (rc != 0) {
			fprintf(stderr, "kyodo demo: application %zu: %s\n", i + 1, err ? err : store_errmsg(st));
			return -1;
		}
	}
	if (demo_confirmations(st) != 0 || org_public_all_changed(st) != 0) {
		fprintf(stderr, "kyodo demo: confirmation dates: %s\n", store_errmsg(st));
		return -1;
	}
	return 0;
}

/* The demo group's documents (domain/attach_demo.c), beside a SQLite database (DB.files, as
 * kyodo serve finds them); a PostgreSQL database has no directory here and goes without. */
static int demo_documents(struct cli *c, struct store *st, struct arena *a, long long group_user)
{
	char dir[4096];
	long long org_id = 0;
	if (store_files_dir(c->db_path, dir, sizeof dir) != 0) {
		printf("kyodo: no attachment directory for %s: the demo group's documents are left out\n", c->db_shown);
		return 0;
	}
	if (attach_configure(dir, 0) != 0 || org_find_match(st, NULL, DEMO_GROUP_NAME, DEMO_GROUP_KANA, &org_id) != 0)
		return -1;
	struct actor group = { .user_id = group_user, .login = "group", .display_name = DEMO_GROUP_NAME,
			       .role = ROLE_GROUP, .org_id = org_id };
	return attach_demo_load(st, a, &group, org_id);
}

static int demo_outcomes(struct store *st, const struct actor *who, struct arena *a, const struct plan *p)
{
	const struct embed_file *f = embed_find("demo/outcomes.csv");
	struct csv_table t = { 0 };
	char err[256];
	if (!f || csv_read((const char *)f->data, f->len, CSV_ENC_UTF8, &t, err, sizeof err) != 0)
		return -1;
	int rc = 0;
	for (size_t r = 1; r < t.nrows && rc == 0; r++) {
		int fy = atoi(csv_cell(&t, r, 0));
		struct plan_tree tree;
		if ((rc = plan_tree_load(st, a, p, 0, NULL, &tree)) != 0)
			break;
		for (int i = 0; i < tree.n; i++)
			if (strcmp(tree.nodes[i].code, csv_cell(&t, r, 1)) == 0)
				rc = plan_branch_year_save(st, who, p, tree.nodes[i].id, fy, csv_cell(&t, r, 2),
							   csv_cell(&t, r, 3), err, sizeof err);
	}
	csv_table_free(&t);
	return rc;
}

/* A year's round as the city ran it: opened with its deadline; for a published year every
 * department submitted its answers before the division published. */
/* The committee's opinions on a year it reviewed: on the year and on one item. */
static const struct { int fy; const char *code, *text; } demo_opinions[] = {
	{ 2023, NULL,
	  "各課の取組は全体として着実に進んでいる。特に高校生が参加したフォーラムは、若い世代を協働に引き込む"
	  "よい例であり、ほかの取組にも広げてほしい。一方で、協働事業の評価の仕組みは検討が遅れており、"
	  "次年度は具体的な工程を示されたい。" },
	{ 2023, "Ⅱ-2-(1)", "公開した行政課題シートに団体からの反応がどれだけあったかも、次回の報告で示してほしい。" },
};

static int demo_opinions_of(struct store *st, struct arena *a, const struct actor *committee, const struct plan *p,
			    int fy, char *err, size_t errlen)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof demo_opinions / sizeof *demo_opinions; i++) {
		if (demo_opinions[i].fy != fy)
			continue;
		long long item = 0;
		if (demo_opinions[i].code) {
			struct plan_tree t;
			if ((rc = plan_tree_load(st, a, p, 0, NULL, &t)) != 0)
				return rc;
			for (int k = 0; k < t.n; k++)
				if (strcmp(t.nodes[k].code, demo_opinions[i].code) == 0)
					item = t.nodes[k].id;
		}
		rc = plan_opinion_save(st, committee, p, fy, item, demo_opinions[i].text, err, errlen);
	}
	return rc;
}

static int demo_round(struct store *st, const struct actor *who, const struct actor *committee, struct arena *a,
		      const struct plan *p, int fy, const char *deadline, int publish)
{
	char err[256] = "";
	struct round_info ri;
	int rc = plan_round_open_with(st, who, p, fy, deadline, err, sizeof err);
	if (rc == 0 && committee->user_id)
		rc = demo_opinions_of(st, a, committee, p, fy, err, sizeof err);
	if (rc == 0 && publish)
		rc = plan_round_get(st, a, p, fy, &ri);
	for (int k = 0; rc == 0 && publish && k < ri.ndepts; k++)
		rc = plan_round_submit(st, who, p, fy, ri.depts[k].department_id, err, sizeof err);
	if (rc == 0 && publish)
		rc = plan_round_publish(st, who, p, fy, NULL, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "kyodo demo: round %d: %s\n", fy, *err ? err : store_errmsg(st));
	return rc;
}

/* Collaboration projects in several forms, zones and stages (demo/projects.csv), some
 * published, with partners' roles, a budget and checklist answers from both sides. */
static long long demo_project_id(struct project *ps, int n, const char *title)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ps[i].title, title) == 0)
			return ps[i].id;
	return 0;
}

static int demo_projects(struct store *st, const struct actor *who, struct arena *a)
{
	const struct embed_file *f = embed_find("demo/projects.csv");
	struct buf errors = BUF_INIT;
	struct project_import_opts io = { .enc = CSV_ENC_UTF8 };
	struct project_import_result res;
	int rc = f ? project_import(st, who, "demo/projects.csv", (const char *)f->data, f->len, &io, &res, &errors) : -1;
	if (rc != 0)
		fprintf(stderr, "kyodo demo: %s", buf_cstr(&errors));
	buf_free(&errors);
	struct project *ps;
	int n = 0;
	struct project_query q = { .per_page = 100 };
	if (rc == 0)
		rc = project_list(st, a, who, &q, &ps, &n, NULL);
	/* published while still under consideration: the rulebook asks partners to say early what they plan */
	static const char *const published[] = { "子ども食堂ネットワーク支援事業", "川辺クリーン作戦",
						 "高齢者見守りネットワーク運営", "読み聞かせフェスティバル" };
	for (size_t i = 0; rc == 0 && i < sizeof published / sizeof *published; i++)
		rc = project_set_published(st, who, demo_project_id(ps, n, published[i]), 1);
	struct problems pe = { 0 };
	long long kodomo = demo_project_id(ps, n, "子ども食堂ネットワーク支援事業");
	long long kawabe = demo_project_id(ps, n, "川辺クリーン作戦");
	long long fes = demo_project_id(ps, n, "多文化共生フェスタ");
	struct project kp;
	struct project_partner *pp;
	int np = 0;
	if (rc == 0)
		rc = project_load(st, a, who, kodomo, &kp);
	if (rc == 0)
		rc = project_partners_of(st, a, kodomo, &pp, &np);
	static const struct project_partner_input roles[] = {
		{ "子ども食堂の運営と、利用する家庭の声を集める役", "毎月の連絡会に出席し、各食堂の食材の過不足を共有する。", 1, 0, 1, 1 },
		{ "子育て中の家庭への案内と会場の提供", "サロンの利用者に子ども食堂を案内し、月1回の会場を貸す。", 1, 0, 1, 0 },
		{ "衛生管理の助言と研修", "食品衛生の研修を年1回行う。", 0, 0, 0, 1 },
	};
	for (int i = 0; rc == 0 && i < np && i < 3; i++)
		rc = project_partner_update(st, who, kodomo, pp[i].org_id, &roles[i], &pe);
	/* the sides answer: the lead department (協働推進課's staff) and the first partner */
	struct actor lead = { .login = "kyodo", .display_name = "協働推進課 担当", .role = ROLE_STAFF,
			      .department_id = kp.department_id };
	struct actor partner = { .login = "group", .display_name = "みどり野子ども食堂ネット", .role = ROLE_GROUP,
				 .org_id = np ? pp[0].org_id : 0 };
	struct project_point *pts;
	int npt = 0;
	if (rc == 0)
		rc = project_points_of(st, a, PSTAGE_CONSIDER, &pts, &npt);
	for (int i = 0; rc == 0 && i < npt && i < 4; i++)
		rc = project_check_set(st, &lead, kodomo, pts[i].id, 1, i == 0 ? "目的は連絡会で確認済み。" : "", &pe);
	for (int i = 0; rc == 0 && i < npt && i < 3; i++)
		rc = project_check_set(st, &partner, kodomo, pts[i].id, 1, i == 2 ? "進め方は次回の連絡会で詰めたい。" : "", &pe);
	if (rc == 0 && (rc = project_load(st, a, who, fes, &kp)) == 0) {
		lead.department_id = kp.department_id;
		lead.login = "kikaku";
		if ((rc = project_points_of(st, a, PSTAGE_PLAN, &pts, &npt)) == 0)
			for (int i = 0; rc == 0 && i < npt; i++)
				rc = project_check_set(st, &lead, fes, pts[i].id, 1, "", &pe);
	}
	if (rc == 0 && (rc = project_partners_of(st, a, kawabe, &pp, &np)) == 0 && np) {
		rc = project_budget_add(st, who, kawabe, "R7", "清掃用具と軍手", "150000", 0, "", &pe);
		if (rc == 0)
			rc = project_budget_add(st, who, kawabe, "R7", "生きもの観察会の講師謝礼", "50000", pp[0].org_id,
						"団体の会費から", &pe);
	}
	if (rc != 0)
		fprintf(stderr, "kyodo demo: projects: %s\n", pe.n ? pe.p[0].msgid : store_errmsg(st));
	return rc;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage("demo");
	struct store *st;
	int rc = cli_open(c, &st);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	struct plan *p;
	char err[256] = "";
	if (plan_get_by_name(st, a, DEMO_PLAN, &p) == 0) {
		fprintf(stderr, "kyodo demo: %s already holds the demo data\n", c->db_shown);
		rc = EXIT_DATA;
		goto out;
	}
	rc = EXIT_DATA;
	for (size_t i = 0; i < sizeof demo_departments / sizeof *demo_departments; i++)
		if (account_department_ensure(st, &c->who, demo_departments[i].name, demo_departments[i].kana) < 0) {
			fprintf(stderr, "kyodo demo: cannot create department %s: %s\n", demo_departments[i].name,
				store_errmsg(st));
			goto out;
		}
	long long group_user = 0;
	struct actor committee = { 0 };
	for (size_t i = 0; i < sizeof demo_users / sizeof *demo_users; i++) {
		enum role r;
		role_parse(demo_users[i].role, &r);
		long long uid = account_user_add(st, &c->who, demo_users[i].login, demo_users[i].name, r,
						 demo_users[i].department, DEMO_PASSWORD, err, sizeof err);
		if (uid <= 0) {
			fprintf(stderr, "kyodo demo: user %s: %s\n", demo_users[i].login, err);
			goto out;
		}
		if (r == ROLE_GROUP)
			group_user = uid;
		if (r == ROLE_COMMITTEE)
			committee = (struct actor){ .user_id = uid, .login = demo_users[i].login,
						    .display_name = demo_users[i].name, .role = ROLE_COMMITTEE };
		/* the city's addresses for notices (example.jp: never delivered anywhere); the
		 * group account uses its group's address */
		char *addr = r != ROLE_GROUP ? arena_printf(a, "%s@city.example.jp", demo_users[i].login) : NULL;
		struct problems pe = { 0 };
		if (addr && notice_prefs_set_email(st, &c->who, uid, addr, &pe) != 0) {
			fprintf(stderr, "kyodo demo: the address of %s\n", demo_users[i].login);
			goto out;
		}
	}
	if (demo_registry(st, &c->who, a, group_user) != 0 || demo_documents(c, st, a, group_user) != 0)
		goto out;
	long long group_org = 0;	/* the group login's group, linked by demo_registry */
	if (org_find_match(st, NULL, DEMO_GROUP_NAME, DEMO_GROUP_KANA, &group_org) != 0 ||
	    demo_endorsements(st, &c->who, a, group_user, group_org) != 0)
		goto out;
	if (demo_adopt(st, &c->who, a) != 0)	/* cli_demo_adopt.c: places, agreements, reports */
		goto out;
	long long id;
	if (plan_create(st, &c->who, DEMO_PLAN, "第2次みどり野市協働のまちづくり推進計画", 2022, 2026,
			"済,済・継=済,一部済,着手中,未", "【Ⅰ】,【Ⅱ-ア】,【Ⅱ-イ】,【Ⅲ】", "A=90,B=60,C=0", &id, err,
			sizeof err) != 0 ||
	    plan_get(st, a, id, &p) != 0) {
		fprintf(stderr, "kyodo demo: plan: %s\n", err);
		goto out;
	}
	static const struct { const char *label, *description, *horizon; } classes[] = {
		{ "【Ⅰ】", "優先度が高く、早期に実施するもの", "1〜2年" },
		{ "【Ⅱ-ア】", "優先度がやや高く、計画期間中に実施するもの", "3〜5年" },
		{ "【Ⅱ-イ】", "今の取組を続けながら充実させるもの", "継続" },
		{ "【Ⅲ】", "検討を重ね、段階的に実施するもの", "5年以上" },
	};
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		int k = plan_priority_match(p, classes[i].label);
		if (k < 0 || plan_priority_describe(st, &c->who, p->priorities[k].id, classes[i].description,
						    classes[i].horizon, err, sizeof err) != 0) {
			fprintf(stderr, "kyodo demo: priority class %s: %s\n", classes[i].label, err);
			goto out;
		}
	}
	if (plan_get(st, a, id, &p) != 0)
		goto out;
	for (size_t i = 0; i < sizeof demo_years / sizeof *demo_years; i++) {
		const struct embed_file *f = embed_find(demo_years[i].file);
		struct buf errors = BUF_INIT, warnings = BUF_INIT;
		struct plan_import_result res;
		struct plan_import_opts io = { .enc = CSV_ENC_UTF8 };
		int irc = f ? plan_import(st, &c->who, p, demo_years[i].fy, demo_years[i].file, (const char *)f->data,
					  f->len, &io, &res, &errors, &warnings) : -1;
		if (irc != 0)
			fprintf(stderr, "kyodo demo: %s", buf_cstr(&errors));
		buf_free(&errors);
		buf_free(&warnings);
		if (irc != 0)
			goto out;
		if (i + 1 == sizeof demo_years / sizeof *demo_years && demo_outcomes(st, &c->who, a, p) != 0) {
			fprintf(stderr, "kyodo demo: cannot record outcomes and problems\n");
			goto out;
		}
	}
	for (size_t i = 0; i < sizeof demo_years / sizeof *demo_years; i++)
		if (demo_round(st, &c->who, &committee, a, p, demo_years[i].fy, demo_years[i].deadline,
			       demo_years[i].publish) != 0)
			goto out;
	if (demo_projects(st, &c->who, a) != 0)
		goto out;
	if (demo_project_evaluation(st, &c->who, &committee, a) != 0)
		goto out;
	printf("kyodo: demo data loaded into %s\n", c->db_shown);
	printf("kyodo: demo logins (password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof demo_users / sizeof *demo_users; i++)
		printf("  %-10s %-12s %s\n", demo_users[i].login, demo_users[i].role, demo_users[i].name);
	rc = EXIT_OK;
out:
	arena_free(a);
	store_close(st);
	return rc;
}
