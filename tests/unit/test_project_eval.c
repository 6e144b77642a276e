/* test_project_eval: reports and the evaluation of collaboration projects on a real
 * database (SQLite, or PostgreSQL with KYODO_TEST_DB=pg): who may write progress reports
 * and the parts of the final report and who completes it; the three steps of the
 * evaluation (self-evaluations, the joint review, the committee) with every refusal; the
 * conflict of interest (a member tied to a partner is refused; a tie recorded after the
 * assignment ends it and withdraws the scores; a partner added later blocks scoring and
 * publication); the visibility rule per part × viewer × state, including that nothing
 * unpublished reaches the public; the evaluation on the plan item's record; the yearly
 * figures (public only, zeros, a project in every year it runs). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/problems.h"
#include "domain/project.h"
#include "domain/project_eval.h"
#include "domain/project_eval_visibility.h"
#include "domain/project_figures.h"
#include "domain/project_io.h"
#include "io/org_csv.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor admin, lead, other_staff, g1, g2, g3, center, cm1, cm2, cm3, public;
	long long org1, org2, org3;
};

static const char *const orgs_csv = "種別,団体名,団体名カナ,審査状態\n"
				    "NPO法人,ひかり子ども食堂,ヒカリコドモショクドウ,登録済\n"
				    "自治会・町内会,東町自治会,ヒガシマチジチカイ,登録済\n"
				    "企業,みどり印刷株式会社,ミドリインサツカブシキガイシャ,登録済\n"
				    "任意団体,申請中の会,シンセイチュウノカイ,申請中\n";

static void committee(struct fx *f, struct actor *a, const char *login)
{
	char err[200];
	long long id = account_user_add(f->st, &f->admin, login, login, ROLE_COMMITTEE, NULL, "long-password-1", err,
					sizeof err);
	if (id <= 0)
		fail_msg("user %s: %s", login, err);
	*a = (struct actor){ .user_id = id, .login = login, .display_name = login, .role = ROLE_COMMITTEE };
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->admin = (struct actor){ .user_id = 0, .login = "test-admin", .display_name = "admin", .role = ROLE_ADMIN };
	long long d1 = account_department_ensure(f->st, &f->admin, "協働推進課", "キョウドウスイシンカ");
	long long d2 = account_department_ensure(f->st, &f->admin, "福祉課", "フクシカ");
	assert_true(d1 > 0 && d2 > 0);
	struct org_import_opts io = { .enc = CSV_ENC_UTF8 };
	struct org_import_report rep;
	org_import_report_init(&rep);
	if (org_csv_import(f->st, &f->admin, "orgs.csv", orgs_csv, strlen(orgs_csv), &io, &rep) != 0)
		fail_msg("orgs: %s", buf_cstr(&rep.errors));
	org_import_report_free(&rep);
	f->org1 = project_find_org(f->st, "ひかり子ども食堂");
	f->org2 = project_find_org(f->st, "東町自治会");
	f->org3 = project_find_org(f->st, "みどり印刷株式会社");
	assert_true(f->org1 > 0 && f->org2 > 0 && f->org3 > 0);
	f->lead = (struct actor){ .user_id = 900, .login = "lead", .display_name = "lead", .role = ROLE_STAFF,
				  .department_id = d1, .department_name = "協働推進課" };
	f->other_staff = (struct actor){ .user_id = 901, .login = "other", .display_name = "other", .role = ROLE_STAFF,
					 .department_id = d2, .department_name = "福祉課" };
	f->g1 = (struct actor){ .user_id = 902, .login = "g1", .display_name = "g1", .role = ROLE_GROUP, .org_id = f->org1 };
	f->g2 = (struct actor){ .user_id = 903, .login = "g2", .display_name = "g2", .role = ROLE_GROUP, .org_id = f->org2 };
	f->g3 = (struct actor){ .user_id = 904, .login = "g3", .display_name = "g3", .role = ROLE_GROUP, .org_id = f->org3 };
	f->center = (struct actor){ .user_id = 905, .login = "center", .display_name = "center", .role = ROLE_COORDINATOR };
	f->public = (struct actor){ .login = "", .display_name = "", .role = ROLE_PUBLIC };
	char err[200];
	/* real accounts where notices go: the division and the lead department */
	f->admin.user_id = account_user_add(f->st, &f->admin, "division", "division", ROLE_ADMIN, NULL,
					    "long-password-1", err, sizeof err);
	f->lead.user_id = account_user_add(f->st, &f->admin, "lead", "lead", ROLE_STAFF, "協働推進課",
					   "long-password-1", err, sizeof err);
	assert_true(f->admin.user_id > 0 && f->lead.user_id > 0);
	committee(f, &f->cm1, "member-one");
	committee(f, &f->cm2, "member-two");
	committee(f, &f->cm3, "member-three");
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	arena_free(f->a);
	testdb_drop(f->path);
	free(f);
	return 0;
}

/* A project led by 協働推進課 (R7–R8) with org1 and org2 as partners, moved to stage. */
static long long mkproject(struct fx *f, const char *title, int published, enum project_stage stage)
{
	struct project_input in = { .title = title, .purpose = "目的", .goals = "", .fy_start = "R7", .fy_end = "R8",
				    .department = "協働推進課", .division = "", .form = "事業協力", .zone = "市民・行政",
				    .budget = "", .published = published };
	struct problems pr = { 0 };
	long long id = 0;
	assert_int_equal(project_save(f->st, &f->lead, 0, &in, &id, &pr), 0);
	struct project_partner_input pin = { "役割", "", 1, 0, 0, 1 };
	assert_int_equal(project_partner_add(f->st, &f->lead, id, f->org1, &pin, &pr), 0);
	assert_int_equal(project_partner_add(f->st, &f->lead, id, f->org2, &pin, &pr), 0);
	for (int s = PSTAGE_PLAN; s <= (int)stage && stage != PSTAGE_CONSIDER; s++) {
		memset(&pr, 0, sizeof pr);
		if (project_move_stage(f->st, &f->lead, id, (enum project_stage)s, "テストのため先へ進める", 1, &pr) != 0)
			fail_msg("move to %d: %s", s, pr.n ? pr.p[0].msgid : "");
	}
	return id;
}

static long long count_sql(struct fx *f, const char *sql)
{
	return testdb_scalar(f->path, sql);
}

/* Scores every active criterion with v for the viewer's side or member; 0/-1/rc. */
static int give(struct fx *f, const struct actor *who, long long id, int committee_step, const char *v, int submit,
		struct problems *pr)
{
	struct project_criterion *cr;
	int n;
	assert_int_equal(project_criteria_list(f->st, f->a, &cr, &n), 0);
	assert_int_equal(n, 6);
	long long ids[16];
	const char *sc[16], *cm[16];
	for (int i = 0; i < n; i++) {
		ids[i] = cr[i].id;
		sc[i] = v;
		cm[i] = "コメント";
	}
	struct project_eval_input in = { n, ids, sc, cm, "全体として", submit };
	memset(pr, 0, sizeof *pr);
	return committee_step ? project_committee_eval_save(f->st, who, id, &in, pr)
			      : project_self_eval_save(f->st, who, id, &in, pr);
}

/* How many scores of kind the viewer sees. */
static int seen_scores(struct fx *f, const struct actor *who, long long id, enum peval_kind kind)
{
	struct project_evaluation ev;
	if (project_evaluation_of(f->st, f->a, who, id, &ev) != 0)
		return -1;
	int n = 0;
	for (int i = 0; i < ev.nscores; i++)
		n += ev.scores[i].kind == kind;
	return n;
}

/* ---- reports ---- */

static void reports_who_and_when(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	long long early = mkproject(f, "検討中の事業", 0, PSTAGE_CONSIDER);
	assert_int_equal(project_report_add(f->st, &f->g1, early, "R7", "まだ話し合い中", &pr), -1);
	long long id = mkproject(f, "子ども食堂の協働", 1, PSTAGE_RUN);
	/* the partners and the lead department write; nobody else */
	const struct actor *refused[] = { &f->g3, &f->other_staff, &f->center, &f->cm1, &f->admin };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		memset(&pr, 0, sizeof pr);
		int rc = project_report_add(f->st, refused[i], id, "R7", "報告", &pr);
		assert_true(rc != 0);
	}
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_report_add(f->st, &f->g1, id, "R9", "年度が事業の期間外", &pr), -1);
	assert_non_null(problems_of(&pr, "fy"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_report_add(f->st, &f->g1, id, "R7", "", &pr), -1);
	assert_non_null(problems_of(&pr, "body"));
	/* reports due: both sides before, g1 not after its report */
	struct project_due *due;
	int ndue;
	assert_int_equal(project_reports_due(f->st, f->a, &f->g1, 2025, &due, &ndue), 0);
	assert_int_equal(ndue, 1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_report_add(f->st, &f->g1, id, "令和7年度", "4月から毎週開催し、延べ320人が利用", &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_report_add(f->st, &f->lead, id, "2025", "会場の調整を行った", &pr), 0);
	assert_int_equal(project_reports_due(f->st, f->a, &f->g1, 2025, &due, &ndue), 0);
	assert_int_equal(ndue, 0);
	assert_int_equal(project_reports_due(f->st, f->a, &f->g2, 2025, &due, &ndue), 0);
	assert_int_equal(ndue, 1);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM notices WHERE event = 'project-report'") > 0, 1);
	assert_true(count_sql(f, "SELECT count(*) FROM audit_log WHERE action = 'progress-report'") == 2);
	/* readers: staff and partners see them; the public not before the evaluation is published */
	struct project_report *rs;
	int n;
	assert_int_equal(project_reports_of(f->st, f->a, &f->g2, id, &rs, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(project_reports_of(f->st, f->a, &f->other_staff, id, &rs, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(project_reports_of(f->st, f->a, &f->public, id, &rs, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(project_reports_of(f->st, f->a, &f->g3, id, &rs, &n), 0);
	assert_int_equal(n, 0);

	/* the final report: each side its part, the lead department completes it */
	struct project_final_input part = { "成果", "延べ320人", "地域の人の参加", "会場の確保" };
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_part_save(f->st, &f->g1, id, &part, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_complete(f->st, &f->g1, id, "まとめ", 0, &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_complete(f->st, &f->lead, id, "まとめ", 0, &pr), -1);	/* own part missing */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_part_save(f->st, &f->lead, id, &part, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_complete(f->st, &f->lead, id, "まとめ", 0, &pr), -1);	/* g2 missing */
	assert_non_null(problems_of(&pr, "force"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_complete(f->st, &f->lead, id, "まとめ", 1, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_part_save(f->st, &f->g2, id, &part, &pr), -1);	/* completed */
	struct project_final fin;
	assert_int_equal(project_final_of(f->st, f->a, &f->g2, id, &fin), 0);
	assert_int_equal(fin.completed, 1);
	assert_int_equal(fin.nparts, 2);
	assert_string_equal(fin.parts[0].side_name, "協働推進課");
	/* completed is final: completing again does not rewrite its summary */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_complete(f->st, &f->lead, id, "書き換えたまとめ", 1, &pr), -1);
	assert_true(problems_any(&pr));
	assert_int_equal(project_final_of(f->st, f->a, &f->g2, id, &fin), 0);
	assert_string_equal(fin.summary, "まとめ");
	assert_int_equal(project_final_of(f->st, f->a, &f->public, id, &fin), 0);
	assert_int_equal(fin.completed, 0);
	assert_int_equal(fin.nparts, 0);
}

/* ---- the three steps ---- */

static void three_steps(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	long long run = mkproject(f, "実施中の事業", 1, PSTAGE_RUN);
	assert_int_equal(give(f, &f->lead, run, 0, "4", 1, &pr), -1);	/* not yet in evaluation */
	long long id = mkproject(f, "公園の花壇づくり", 1, PSTAGE_EVALUATE);
	/* step 1: each side for itself; not others */
	assert_int_equal(give(f, &f->g3, id, 0, "4", 1, &pr), -1);
	assert_int_equal(give(f, &f->other_staff, id, 0, "4", 1, &pr), -1);
	assert_int_equal(give(f, &f->admin, id, 0, "4", 1, &pr), -1);
	assert_int_equal(give(f, &f->lead, id, 0, "6", 1, &pr), -1);	/* off the scale */
	/* the problem names its input after the call returned (the names were built in the
	 * call's own arena, freed before the form showed them: a use after free in the server) */
	{
		struct project_criterion *cr;
		int ncr;
		assert_int_equal(project_criteria_list(f->st, f->a, &cr, &ncr), 0);
		char want[40];
		snprintf(want, sizeof want, "score_%lld", cr[0].id);
		assert_non_null(problems_of(&pr, want));
		assert_string_equal(pr.p[0].field, want);
	}
	assert_int_equal(give(f, &f->lead, id, 0, "", 1, &pr), -1);	/* hand in needs every score */
	assert_int_equal(give(f, &f->lead, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g1, id, 0, "2", 1, &pr), 0);
	assert_int_equal(give(f, &f->g2, id, 0, "3", 0, &pr), 0);	/* saved, not handed in */
	/* who sees the self-evaluations before the joint review closes: the handed-in ones;
	 * g2's draft is g2's alone (not the lead department's, not the division's) */
	assert_int_equal(seen_scores(f, &f->lead, id, PEVAL_SELF), 12);
	assert_int_equal(seen_scores(f, &f->admin, id, PEVAL_SELF), 12);
	assert_int_equal(seen_scores(f, &f->g1, id, PEVAL_SELF), 6);	/* its own only */
	assert_int_equal(seen_scores(f, &f->g2, id, PEVAL_SELF), 6);	/* its own draft */
	{
		/* the joint review names who has not handed in */
		struct project_evaluation ev;
		assert_int_equal(project_evaluation_of(f->st, f->a, &f->lead, id, &ev), 0);
		assert_int_equal(ev.npending, 1);
		assert_string_equal(ev.pending[0], "東町自治会");
		/* saved again without handing in: g1's is a draft again, out of the others' sight */
		assert_int_equal(give(f, &f->g1, id, 0, "2", 0, &pr), 0);
		assert_int_equal(seen_scores(f, &f->lead, id, PEVAL_SELF), 6);
		assert_int_equal(project_evaluation_of(f->st, f->a, &f->admin, id, &ev), 0);
		assert_int_equal(ev.npending, 2);
		assert_int_equal(give(f, &f->g1, id, 0, "2", 1, &pr), 0);
		assert_int_equal(seen_scores(f, &f->lead, id, PEVAL_SELF), 12);
	}
	assert_int_equal(seen_scores(f, &f->other_staff, id, PEVAL_SELF), 0);
	assert_int_equal(seen_scores(f, &f->center, id, PEVAL_SELF), 0);
	assert_int_equal(seen_scores(f, &f->public, id, PEVAL_SELF), 0);
	struct project_due *due;
	int ndue;
	assert_int_equal(project_self_evals_due(f->st, f->a, &f->g2, &due, &ndue), 0);
	assert_int_equal(ndue, 1);
	assert_int_equal(project_self_evals_due(f->st, f->a, &f->g1, &due, &ndue), 0);
	assert_int_equal(ndue, 0);

	/* step 2: the joint review */
	struct project_criterion *cr;
	int ncr;
	assert_int_equal(project_criteria_list(f->st, f->a, &cr, &ncr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_joint_save(f->st, &f->g1, id, cr[0].id, "3", "合意した点", &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_joint_save(f->st, &f->lead, id, cr[0].id, "3", "目標の半分に届いた", &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_joint_close(f->st, &f->lead, id, &pr), -1);	/* g2 has not handed in */
	/* the committee cannot score before the review closes, even assigned */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->lead, id, "member-one", &pr), -1);	/* division only */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "lead", &pr), -1);	/* not a member */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-one", &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-one", &pr), -1);	/* already */
	assert_int_equal(give(f, &f->cm1, id, 1, "5", 1, &pr), -1);
	assert_int_equal(give(f, &f->g2, id, 0, "3", 1, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 1, "結果", &pr), -1);	/* review open */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_joint_close(f->st, &f->g1, id, &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_joint_close(f->st, &f->lead, id, &pr), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM notices WHERE event = 'project-evaluate'"), 1);
	assert_int_equal(give(f, &f->g1, id, 0, "5", 1, &pr), -1);	/* closed: no change */
	assert_int_equal(seen_scores(f, &f->g1, id, PEVAL_SELF), 18);	/* now side by side */
	assert_int_equal(seen_scores(f, &f->other_staff, id, PEVAL_SELF), 18);
	assert_int_equal(seen_scores(f, &f->public, id, PEVAL_SELF), 0);

	/* step 3: the committee */
	assert_int_equal(project_committee_due(f->st, f->a, &f->cm1, &due, &ndue), 0);
	assert_int_equal(ndue, 1);
	assert_int_equal(give(f, &f->cm2, id, 1, "5", 1, &pr), -1);	/* not assigned */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 1, "結果", &pr), -1);	/* no member handed in */
	assert_int_equal(give(f, &f->cm1, id, 1, "5", 1, &pr), 0);
	assert_int_equal(seen_scores(f, &f->cm1, id, PEVAL_COMMITTEE), 6);	/* their own */
	assert_int_equal(seen_scores(f, &f->admin, id, PEVAL_COMMITTEE), 6);
	assert_int_equal(seen_scores(f, &f->lead, id, PEVAL_COMMITTEE), 0);	/* not before publication */
	assert_int_equal(seen_scores(f, &f->g1, id, PEVAL_COMMITTEE), 0);
	assert_int_equal(seen_scores(f, &f->public, id, PEVAL_COMMITTEE), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->lead, id, 1, "結果", &pr), -1);	/* division only */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 1, "", &pr), -1);	/* result text */
	struct project_evaluation ev;
	assert_int_equal(project_evaluation_of(f->st, f->a, &f->public, id, &ev), 0);
	assert_string_equal(ev.state.result, "");
	assert_int_equal(ev.njoint, 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 1, "目的はおおむね達成。継続する。", &pr), 0);
	assert_int_equal(give(f, &f->cm1, id, 1, "4", 1, &pr), -1);	/* published: no change */
	assert_int_equal(seen_scores(f, &f->public, id, PEVAL_COMMITTEE), 6);
	assert_int_equal(seen_scores(f, &f->public, id, PEVAL_SELF), 18);
	assert_int_equal(seen_scores(f, &f->lead, id, PEVAL_COMMITTEE), 6);
	assert_int_equal(project_evaluation_of(f->st, f->a, &f->public, id, &ev), 0);
	assert_string_equal(ev.state.result, "目的はおおむね達成。継続する。");
	assert_int_equal(ev.njoint, 1);
	assert_int_equal(ev.nmembers, 0);	/* who evaluated is not listed for the public */
	assert_true(count_sql(f, "SELECT count(*) FROM audit_log WHERE action = 'evaluation-published'") == 1);
	/* withdrawn: out of the public's sight again */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 0, "", &pr), 0);
	assert_int_equal(seen_scores(f, &f->public, id, PEVAL_COMMITTEE), 0);
	assert_int_equal(project_evaluation_of(f->st, f->a, &f->public, id, &ev), 0);
	assert_string_equal(ev.state.result, "");
}

/* ---- races: a score written while the step it belongs to closes ----
 * The closing write runs on its own connection inside a transaction the test holds open
 * (the database's write lock) while the scorer (a thread on the fixture's connection) has
 * already read the evaluation's state and waits for the lock; the scorer must then see
 * the step closed and write nothing. */
struct scorer {
	struct fx *f;
	const struct actor *who;
	long long id;
	int committee_step;
	int rc;
	struct problems e;
};

static void *scorer_main(void *arg)
{
	struct scorer *s = arg;
	s->rc = give(s->f, s->who, s->id, s->committee_step, "1", 1, &s->e);
	return NULL;
}

static void race_scorer(struct fx *f, struct scorer *sc, void (*close)(struct fx *, struct store *, long long))
{
	struct store *st2;
	assert_int_equal(store_open(f->path, &st2), 0);
	pthread_t t;
	assert_int_equal(store_begin(st2), 0);
	assert_int_equal(pthread_create(&t, NULL, scorer_main, sc), 0);
	struct timespec pause = { 0, 600 * 1000000L };
	nanosleep(&pause, NULL);	/* the scorer has read the state; it waits for the lock */
	close(f, st2, sc->id);
	assert_int_equal(store_commit(st2), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	store_close(st2);
}

static void close_joint(struct fx *f, struct store *st2, long long id)
{
	struct problems pr = { 0 };
	assert_int_equal(project_joint_close(st2, &f->lead, id, &pr), 0);
}

static void publish_it(struct fx *f, struct store *st2, long long id)
{
	struct problems pr = { 0 };
	assert_int_equal(project_eval_publish(st2, &f->admin, id, 1, "公表した結果", &pr), 0);
}

static void steps_close_under_the_lock(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	long long id = mkproject(f, "競合する評価", 1, PSTAGE_EVALUATE);
	assert_int_equal(give(f, &f->lead, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g1, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g2, id, 0, "4", 1, &pr), 0);
	char sql[200];
	/* a partner changes its self-evaluation while the lead department closes the review */
	struct scorer s1 = { .f = f, .who = &f->g1, .id = id, .committee_step = 0 };
	race_scorer(f, &s1, close_joint);
	assert_int_equal(s1.rc, -1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_eval_scores WHERE project_id = %lld AND score = 1", id);
	assert_int_equal(count_sql(f, sql), 0);
	/* a member changes their scores while the division publishes the evaluation */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-one", &pr), 0);
	assert_int_equal(give(f, &f->cm1, id, 1, "5", 1, &pr), 0);
	struct scorer s2 = { .f = f, .who = &f->cm1, .id = id, .committee_step = 1 };
	race_scorer(f, &s2, publish_it);
	assert_int_equal(s2.rc, -1);
	assert_int_equal(count_sql(f, sql), 0);	/* the published scores are the ones published */
}

/* A partner writes its part of the final report while the lead department completes it. */
struct part_writer {
	struct fx *f;
	long long id;
	int rc;
	struct problems e;
};

static void *part_writer_main(void *arg)
{
	struct part_writer *w = arg;
	struct project_final_input part = { "遅れて書いた成果", "", "", "" };
	w->rc = project_final_part_save(w->f->st, &w->f->g2, w->id, &part, &w->e);
	return NULL;
}

static void final_report_closes_under_the_lock(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	long long id = mkproject(f, "競合する最終報告", 1, PSTAGE_EVALUATE);
	struct project_final_input part = { "成果", "", "", "" };
	assert_int_equal(project_final_part_save(f->st, &f->lead, id, &part, &pr), 0);
	struct store *st2;
	assert_int_equal(store_open(f->path, &st2), 0);
	struct part_writer w = { .f = f, .id = id };
	pthread_t t;
	assert_int_equal(store_begin(st2), 0);
	assert_int_equal(pthread_create(&t, NULL, part_writer_main, &w), 0);
	struct timespec pause = { 0, 600 * 1000000L };
	nanosleep(&pause, NULL);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_complete(st2, &f->lead, id, "まとめ", 1, &pr), 0);
	assert_int_equal(store_commit(st2), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	store_close(st2);
	assert_int_equal(w.rc, -1);	/* completed: the late part is refused */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_final_parts WHERE project_id = %lld", id);
	assert_int_equal(count_sql(f, sql), 1);
}

/* A partner still under the registry's review is counted, not named, on the project's
 * public page; its published self-evaluation and reports do not name it either. */
static void unlisted_partner_unnamed_in_public(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	long long id = mkproject(f, "申請中の団体と組む事業", 1, PSTAGE_EVALUATE);
	long long applicant = project_find_org(f->st, "申請中の会");
	assert_true(applicant > 0);
	struct project_partner_input pin = { "協力", "", 1, 0, 0, 0 };
	assert_int_equal(project_partner_add(f->st, &f->lead, id, applicant, &pin, &pr), 0);
	struct actor ga = { .user_id = 906, .login = "ga", .display_name = "ga", .role = ROLE_GROUP, .org_id = applicant };
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_report_add(f->st, &ga, id, "R7", "申請中の会からの報告", &pr), 0);
	struct project_final_input part = { "成果", "", "", "" };
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_final_part_save(f->st, &ga, id, &part, &pr), 0);
	const struct actor *sides[] = { &f->lead, &f->g1, &f->g2, &ga };
	for (int i = 0; i < 4; i++)
		assert_int_equal(give(f, sides[i], id, 0, "4", 1, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_joint_close(f->st, &f->lead, id, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-one", &pr), 0);
	assert_int_equal(give(f, &f->cm1, id, 1, "5", 1, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 1, "結果", &pr), 0);
	/* the public, and a group that is no partner: not named */
	const struct actor *outsiders[] = { &f->public, &f->g3 };
	for (int v = 0; v < 2; v++) {
		struct project_evaluation ev;
		assert_int_equal(project_evaluation_of(f->st, f->a, outsiders[v], id, &ev), 0);
		assert_int_equal(ev.nscores, 30);	/* 4 sides + 1 member, 6 criteria */
		for (int i = 0; i < ev.nscores; i++)
			if (strstr(ev.scores[i].by_name, "申請中の会"))
				fail_msg("viewer %d reads the unlisted partner's name on its scores", v);
		for (int i = 0; i < ev.nsubs; i++)
			if (strstr(ev.subs[i].by_name, "申請中の会"))
				fail_msg("viewer %d reads the unlisted partner's name on its hand-in", v);
		struct project_report *rs;
		int n;
		assert_int_equal(project_reports_of(f->st, f->a, outsiders[v], id, &rs, &n), 0);
		assert_int_equal(n, 1);
		assert_null(strstr(rs[0].side_name, "申請中の会"));
		assert_non_null(strstr(rs[0].body, "報告"));
		struct project_final fin;
		assert_int_equal(project_final_of(f->st, f->a, outsiders[v], id, &fin), 0);
		for (int i = 0; i < fin.nparts; i++)
			assert_null(strstr(fin.parts[i].side_name, "申請中の会"));
	}
	/* the lead department and the partner itself still read it */
	struct project_report *rs;
	int n;
	assert_int_equal(project_reports_of(f->st, f->a, &f->g1, id, &rs, &n), 0);
	assert_string_equal(rs[0].side_name, "申請中の会");
}

/* An unpublished project's published evaluation stays out of the public's sight. */
static void unpublished_project_stays_private(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	long long id = mkproject(f, "非公開の事業", 0, PSTAGE_EVALUATE);
	assert_int_equal(give(f, &f->lead, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g1, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g2, id, 0, "4", 1, &pr), 0);
	assert_int_equal(project_joint_close(f->st, &f->lead, id, &pr), 0);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-two", &pr), 0);
	assert_int_equal(give(f, &f->cm2, id, 1, "3", 1, &pr), 0);
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 1, "結果", &pr), 0);
	struct project_evaluation ev;
	assert_int_not_equal(project_evaluation_of(f->st, f->a, &f->public, id, &ev), 0);	/* not seen at all */
	assert_int_not_equal(project_evaluation_of(f->st, f->a, &f->g3, id, &ev), 0);
	struct project_report *rs;
	int n;
	assert_int_not_equal(project_reports_of(f->st, f->a, &f->public, id, &rs, &n), 0);
	struct project_item_eval *ie;
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_state WHERE published = 1"), 1);
	(void)ie;
}

/* ---- conflict of interest ---- */

static void conflict_of_interest(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	int ended = 0;
	/* only the center and the division record ties */
	assert_int_equal(org_tie_add(f->st, &f->lead, f->org1, "member-one", "officer", "", &ended, &pr), -1);
	assert_int_equal(org_tie_add(f->st, &f->g1, f->org1, "member-one", "officer", "", &ended, &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(org_tie_add(f->st, &f->center, f->org1, "member-one", "boss", "", &ended, &pr), -1);
	assert_non_null(problems_of(&pr, "kind"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(org_tie_add(f->st, &f->center, f->org1, "nobody", "member", "", &ended, &pr), -1);
	assert_non_null(problems_of(&pr, "login"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(org_tie_add(f->st, &f->center, f->org1, "member-one", "officer", "理事", &ended, &pr), 0);
	assert_int_equal(ended, 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(org_tie_add(f->st, &f->center, f->org1, "member-one", "member", "", &ended, &pr), -1);

	long long id = mkproject(f, "見守り活動", 1, PSTAGE_EVALUATE);
	/* a member tied to a partner cannot be assigned */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-one", &pr), -1);
	assert_non_null(problems_of(&pr, "login"));
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_members"), 0);

	/* a tie recorded after the assignment ends it and withdraws the member's scores */
	assert_int_equal(give(f, &f->lead, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g1, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g2, id, 0, "4", 1, &pr), 0);
	assert_int_equal(project_joint_close(f->st, &f->lead, id, &pr), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-two", &pr), 0);
	assert_int_equal(give(f, &f->cm2, id, 1, "5", 1, &pr), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_scores WHERE kind = 'committee'"), 6);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(org_tie_add(f->st, &f->admin, f->org2, "member-two", "employee", "", &ended, &pr), 0);
	assert_int_equal(ended, 1);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_members"), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_scores WHERE kind = 'committee'"), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_submissions WHERE kind = 'committee'"), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM notices WHERE event = 'project-tie'") >= 1, 1);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_log WHERE action = 'tie-add'"), 2);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_log WHERE action = 'committee-unassign'"), 1);
	assert_int_equal(give(f, &f->cm2, id, 1, "5", 1, &pr), -1);

	/* a partner added after the assignment works as a tie recorded later: in the partner's
	 * transaction the tied member's assignment ends and their scores are withdrawn
	 * (audited), and the division is told; the untied member stays */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(org_tie_add(f->st, &f->admin, f->org3, "member-three", "employee", "", &ended, &pr), 0);
	assert_int_equal(ended, 0);	/* org3 is no partner yet */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-three", &pr), 0);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-one", &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-two", &pr), -1);	/* tied to org2 */
	assert_int_equal(give(f, &f->cm3, id, 1, "5", 1, &pr), 0);	/* not tied to a partner yet */
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_scores WHERE kind = 'committee'"), 6);
	long long unassigned = count_sql(f, "SELECT count(*) FROM audit_log WHERE action = 'committee-unassign'");
	struct project_partner_input pin = { "協賛", "", 0, 1, 0, 0 };
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_partner_add(f->st, &f->lead, id, f->org3, &pin, &pr), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_members"), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_scores WHERE kind = 'committee'"), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_submissions WHERE kind = 'committee'"), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_log WHERE action = 'committee-unassign' "
				      "AND after_json LIKE '%partner-added%'"),
			 1);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_log WHERE action = 'committee-unassign'"),
			 unassigned + 1);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM notices WHERE event = 'project-tie-partner'") >= 1, 1);
	assert_int_equal(give(f, &f->cm3, id, 1, "5", 1, &pr), -1);	/* no longer assigned */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-three", &pr), -1);	/* tied */

	/* a tie removed: the member may be assigned again */
	struct org_tie *ties;
	int nt;
	assert_int_equal(org_ties_of_org(f->st, f->a, f->org1, &ties, &nt), 0);
	assert_int_equal(nt, 1);
	assert_string_equal(ties[0].login, "member-one");
	assert_string_equal(ties[0].kind, "officer");
	assert_int_equal(org_tie_remove(f->st, &f->lead, f->org1, ties[0].id), -1);
	assert_int_equal(org_tie_remove(f->st, &f->center, f->org1, ties[0].id), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-one", &pr), 0);
}

/* A partner added by the import ends a tied member's assignment the same way; a published
 * evaluation stays as published, its committee as it was. */
static void partner_added_by_import_or_after_publication(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	int ended = 0;
	assert_int_equal(org_tie_add(f->st, &f->center, f->org3, "member-three", "officer", "", &ended, &pr), 0);
	long long ids[2];
	const char *titles[2] = { "印刷の協働", "公表済みの協働" };
	for (int k = 0; k < 2; k++) {
		ids[k] = mkproject(f, titles[k], 1, PSTAGE_EVALUATE);
		assert_int_equal(give(f, &f->lead, ids[k], 0, "4", 1, &pr), 0);
		assert_int_equal(give(f, &f->g1, ids[k], 0, "4", 1, &pr), 0);
		assert_int_equal(give(f, &f->g2, ids[k], 0, "4", 1, &pr), 0);
		assert_int_equal(project_joint_close(f->st, &f->lead, ids[k], &pr), 0);
		memset(&pr, 0, sizeof pr);
		assert_int_equal(project_eval_assign(f->st, &f->admin, ids[k], "member-three", &pr), 0);
		assert_int_equal(give(f, &f->cm3, ids[k], 1, "4", 1, &pr), 0);
	}
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_eval_publish(f->st, &f->admin, ids[1], 1, "公表した結果", &pr), 0);
	const char *csv = "事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階\n"
			  "印刷の協働,R7,R8,協働推進課,事業協力,市民・行政,ひかり子ども食堂、東町自治会、みどり印刷株式会社,評価\n";
	struct project_import_opts io = { .enc = CSV_ENC_UTF8 };
	struct project_import_result res;
	struct buf err = BUF_INIT;
	if (project_import(f->st, NULL, "p.csv", csv, strlen(csv), &io, &res, &err) != 0)
		fail_msg("import: %s", buf_cstr(&err));
	buf_free(&err);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_eval_members WHERE project_id = %lld", ids[0]);
	assert_int_equal(count_sql(f, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_eval_scores WHERE project_id = %lld AND kind = 'committee'",
		 ids[0]);
	assert_int_equal(count_sql(f, sql), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM notices WHERE event = 'project-tie-partner'") >= 1, 1);
	/* published: as published */
	struct project_partner_input pin = { "協賛", "", 0, 1, 0, 0 };
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_partner_add(f->st, &f->lead, ids[1], f->org3, &pin, &pr), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_eval_scores WHERE project_id = %lld AND kind = 'committee'",
		 ids[1]);
	assert_int_equal(count_sql(f, sql), 6);
	assert_int_equal(seen_scores(f, &f->public, ids[1], PEVAL_COMMITTEE), 6);
}

/* Saved without handing in, a hand-in is a draft again — and its overall comment stays:
 * it was deleted with the hand-in (and a draft's own was never kept), lost silently. The
 * draft's comment is still its side's alone: not in the others' list of hand-ins. */
static int give_overall(struct fx *f, const struct actor *who, long long id, const char *overall, int submit)
{
	struct project_criterion *cr;
	int n;
	assert_int_equal(project_criteria_list(f->st, f->a, &cr, &n), 0);
	long long ids[16];
	const char *sc[16], *cm[16];
	for (int i = 0; i < n && i < 16; i++) {
		ids[i] = cr[i].id;
		sc[i] = "3";
		cm[i] = "";
	}
	struct project_eval_input in = { n, ids, sc, cm, overall, submit };
	struct problems pr = { 0 };
	return project_self_eval_save(f->st, who, id, &in, &pr);
}

static void draft_keeps_overall(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "下書きの総評", 1, PSTAGE_EVALUATE);
	assert_int_equal(give_overall(f, &f->g1, id, "提出した総評", 1), 0);
	assert_int_equal(give_overall(f, &f->g1, id, "書きかけの総評", 0), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_eval_submissions WHERE overall = '書きかけの総評'"), 1);
	struct project_evaluation ev;
	/* the side reads its draft's comment; the others see no hand-in of it */
	assert_int_equal(project_evaluation_of(f->st, f->a, &f->g1, id, &ev), 0);
	assert_string_equal(ev.draft_overall, "書きかけの総評");
	assert_int_equal(ev.nsubs, 0);
	assert_int_equal(project_evaluation_of(f->st, f->a, &f->admin, id, &ev), 0);
	assert_int_equal(ev.nsubs, 0);
	assert_string_equal(ev.draft_overall, "");
	assert_int_equal(project_evaluation_of(f->st, f->a, &f->lead, id, &ev), 0);
	assert_int_equal(ev.nsubs, 0);
	assert_string_equal(ev.draft_overall, "");
	assert_int_equal(ev.npending, 3);	/* the lead department, g1 (a draft), g2 */
	/* handed in again: the others read it */
	assert_int_equal(give_overall(f, &f->g1, id, "提出した総評", 1), 0);
	assert_int_equal(project_evaluation_of(f->st, f->a, &f->admin, id, &ev), 0);
	assert_int_equal(ev.nsubs, 1);
	assert_string_equal(ev.subs[0].overall, "提出した総評");
}

/* ---- the rule itself, part × access × state ---- */

static void visibility_rule(void **state)
{
	(void)state;
	enum project_access accs[] = { PACCESS_NONE, PACCESS_PUBLIC, PACCESS_READ, PACCESS_PARTNER, PACCESS_LEAD,
				       PACCESS_DIVISION };
	for (size_t a = 0; a < sizeof accs / sizeof accs[0]; a++)
		for (int part = PEVAL_PART_REPORT; part <= PEVAL_PART_RESULT; part++)
			for (int pp = 0; pp < 2; pp++)
				for (int ep = 0; ep < 2; ep++)
					for (int jc = 0; jc < 2; jc++) {
						struct peval_facts f = { accs[a], pp, ep, jc, 5, 7, 0, 3, 1 };
						int seen = peval_may_see((enum peval_part)part, &f);
						if (accs[a] == PACCESS_NONE)
							assert_int_equal(seen, 0);
						if (accs[a] == PACCESS_DIVISION)
							assert_int_equal(seen, 1);
						if (accs[a] == PACCESS_PUBLIC)
							assert_int_equal(seen, pp && ep);
						/* nothing of the committee before publication but one's own */
						if (part == PEVAL_PART_COMMITTEE && accs[a] != PACCESS_DIVISION)
							assert_int_equal(seen, accs[a] != PACCESS_NONE && ep &&
										       (accs[a] != PACCESS_PUBLIC || pp));
						if (part == PEVAL_PART_RESULT && accs[a] != PACCESS_DIVISION)
							assert_int_equal(seen, accs[a] != PACCESS_NONE && ep &&
										       (accs[a] != PACCESS_PUBLIC || pp));
						/* another side's self-evaluation for a partner: after the review */
						if (part == PEVAL_PART_SELF && accs[a] == PACCESS_PARTNER)
							assert_int_equal(seen, jc || ep);
					}
	/* a self-evaluation not handed in: its own side alone, whatever else holds */
	for (size_t a = 0; a < sizeof accs / sizeof accs[0]; a++)
		for (int st = 0; st < 4; st++) {
			struct peval_facts draft = { accs[a], 1, st & 1, (st >> 1) & 1, 5, 7, 0, 3, 0 };
			assert_int_equal(peval_may_see(PEVAL_PART_SELF, &draft), 0);
			draft.viewer_side = 7;
			assert_int_equal(peval_may_see(PEVAL_PART_SELF, &draft), accs[a] != PACCESS_NONE);
		}
	/* the committee members' names: city staff, the center and members; the member's own */
	for (size_t a = 0; a < sizeof accs / sizeof accs[0]; a++) {
		struct peval_facts nm = { accs[a], 1, 1, 1, -1, -1, 8, 3, 1 };
		assert_int_equal(peval_may_see(PEVAL_PART_MEMBER_NAME, &nm),
				 accs[a] == PACCESS_DIVISION || accs[a] == PACCESS_LEAD || accs[a] == PACCESS_READ);
	}
	struct peval_facts own = { PACCESS_PARTNER, 0, 0, 0, 7, 7, 0, 3, 0 };
	assert_int_equal(peval_may_see(PEVAL_PART_SELF, &own), 1);
	struct peval_facts mine = { PACCESS_READ, 0, 0, 1, -1, -1, 3, 3, 1 };
	assert_int_equal(peval_may_see(PEVAL_PART_COMMITTEE, &mine), 1);
}

/* ---- the plan item's record ---- */

static void item_record(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	long long id = mkproject(f, "商店街のにぎわい", 1, PSTAGE_EVALUATE);
	/* a plan with one item, linked */
	assert_int_equal(testdb_exec(f->path, "INSERT INTO plans(id, name, title, first_fy, last_fy, created_at) "
					      "VALUES (77, 'p', '総合計画', 2020, 2030, '2026-01-01T00:00:00Z')"),
			 0);
	assert_int_equal(testdb_exec(f->path, "INSERT INTO plan_items(id, plan_id, parent_id, pos, code, title) "
					      "VALUES (501, 77, NULL, 1, '1-1', '地域の活性化')"),
			 0);
	assert_int_equal(project_link_item(f->st, &f->lead, id, 501), 0);
	struct project_item_eval *ie;
	int n;
	assert_int_equal(project_evals_for_item(f->st, f->a, 501, 2025, &ie, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(project_evals_for_plan(f->st, f->a, 77, 2025, &ie, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(give(f, &f->lead, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g1, id, 0, "4", 1, &pr), 0);
	assert_int_equal(give(f, &f->g2, id, 0, "4", 1, &pr), 0);
	assert_int_equal(project_joint_close(f->st, &f->lead, id, &pr), 0);
	assert_int_equal(project_eval_assign(f->st, &f->admin, id, "member-two", &pr), 0);
	assert_int_equal(give(f, &f->cm2, id, 1, "4", 1, &pr), 0);
	long long v0 = count_sql(f, "SELECT version FROM plans WHERE id = 77");
	assert_int_equal(project_eval_publish(f->st, &f->admin, id, 1, "にぎわいが戻りつつある", &pr), 0);
	assert_true(count_sql(f, "SELECT version FROM plans WHERE id = 77") > v0);
	assert_int_equal(project_evals_for_item(f->st, f->a, 501, 2025, &ie, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ie[0].result, "にぎわいが戻りつつある");
	assert_int_equal(project_evals_for_item(f->st, f->a, 501, 2030, &ie, &n), 0);
	assert_int_equal(n, 0);	/* not a year it runs */
	/* the plan's report: the same, each project once */
	assert_int_equal(project_evals_for_plan(f->st, f->a, 77, 2025, &ie, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ie[0].title, "商店街のにぎわい");
	assert_int_equal(project_evals_for_plan(f->st, f->a, 77, 2030, &ie, &n), 0);
	assert_int_equal(n, 0);
	/* the project taken out of the public's sight: on neither */
	assert_int_equal(project_set_published(f->st, &f->lead, id, 0), 0);
	assert_int_equal(project_evals_for_plan(f->st, f->a, 77, 2025, &ie, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(project_evals_for_item(f->st, f->a, 501, 2025, &ie, &n), 0);
	assert_int_equal(n, 0);
}

/* ---- the yearly figures ---- */

static void figures(void **state)
{
	struct fx *f = *state;
	mkproject(f, "公開の事業", 1, PSTAGE_RUN);	/* R7–R8 */
	mkproject(f, "非公開の事業", 0, PSTAGE_RUN);
	struct project_figures fg;
	assert_int_equal(project_figures_load(f->st, f->a, 1, 2024, 2026, &fg), 0);
	assert_int_equal(fg.nyears, 3);
	assert_int_equal(fg.years[0].fy, 2024);
	assert_int_equal(fg.years[0].projects, 0);	/* a year without a project: zeros */
	assert_int_equal(fg.years[0].ndepartments, 0);
	assert_int_equal(fg.years[0].nforms, 6);
	assert_int_equal(fg.years[1].projects, 1);	/* the public count leaves the unpublished out */
	assert_int_equal(fg.years[2].projects, 1);	/* counted in every year it runs */
	assert_int_equal(fg.years[1].ndepartments, 1);
	assert_int_equal(project_figures_load(f->st, f->a, 0, 2024, 2026, &fg), 0);
	assert_int_equal(fg.years[1].projects, 2);
	/* the default range: the years the projects run */
	assert_int_equal(project_figures_load(f->st, f->a, 1, 0, 0, &fg), 0);
	assert_int_equal(fg.nyears, 2);
	assert_int_equal(fg.years[0].fy, 2025);
	struct buf b = BUF_INIT;
	assert_int_equal(project_figures_write(&fg, PFIG_CSV, &b, NULL), 0);
	assert_non_null(strstr(buf_cstr(&b), "年度,区分,項目,件数\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "2025,形態,事業協力,1\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "2025,形態,後援,0\r\n"));
	assert_non_null(strstr(buf_cstr(&b), "2026,合計,担当課数,1\r\n"));
	assert_null(strstr(buf_cstr(&b), "非公開"));
	buf_free(&b);
	assert_int_equal(project_figures_write(&fg, PFIG_JSON, &b, NULL), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"departments_with_projects\":1"));
	buf_free(&b);
	assert_int_equal(project_figures_write(&fg, PFIG_XLSX, &b, NULL), 0);
	assert_true(b.len > 1000 && memcmp(b.data, "PK", 2) == 0);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reports_who_and_when, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(three_steps, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(unpublished_project_stays_private, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(conflict_of_interest, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(steps_close_under_the_lock, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(final_report_closes_under_the_lock, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(unlisted_partner_unnamed_in_public, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(partner_added_by_import_or_after_publication, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(draft_keeps_overall, fx_setup, fx_teardown),
		cmocka_unit_test(visibility_rule),
		cmocka_unit_test_setup_teardown(item_record, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(figures, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
