/* test_project: collaboration projects on a real database (SQLite, or PostgreSQL with
 * KYODO_TEST_DB=pg): the stage machine (every pair of stages, allowed or refused, and the
 * checklist gate: moving on with points not agreed needs force and a reason, logged and
 * audited), checklists answered per side (each partner and the lead department answer
 * only their own side, only in the current stage; what is open names who), the form's
 * rules (documents, cautions per kind of party, the registry's kinds mapped onto the
 * rulebook's five), the visibility matrix (project_access for every role × published ×
 * stage × relation, and every list agreeing with it), the import (all-or-nothing with
 * row and column, matching by title + first year) and the yearly counts. */
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
#include "domain/attach.h"
#include "domain/problems.h"
#include "domain/project.h"
#include "domain/project_io.h"
#include "domain/project_visibility.h"
#include "io/org_csv.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor admin, lead, other_staff, g1, g2, g3, center, committee;
	long long org1, org2, org3;
	char dir[64], files[80];
};

static const char *const orgs_csv =
	"種別,団体名,団体名カナ,審査状態\n"
	"NPO法人,ひかり子ども食堂,ヒカリコドモショクドウ,登録済\n"
	"自治会・町内会,東町自治会,ヒガシマチジチカイ,登録済\n"
	"企業,みどり印刷株式会社,ミドリインサツカブシキガイシャ,登録済\n"
	"任意団体,申請中の会,シンセイチュウノカイ,申請中\n";

static long long org_id(struct fx *f, const char *name)
{
	long long id = project_find_org(f->st, name);
	assert_true(id > 0);
	return id;
}

/* A group account of org (a user bound to it). */
static long long group_account(struct fx *f, const char *login, long long org)
{
	char err[200];
	long long uid = account_user_add(f->st, &f->admin, login, login, ROLE_GROUP, NULL, "correct horse battery",
					 err, sizeof err);
	if (uid <= 0)
		fail_msg("account %s: %s", login, err);
	assert_int_equal(account_set_org(f->st, &f->admin, uid, org), 0);
	return uid;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->admin = (struct actor){ .login = "test-admin", .display_name = "admin", .role = ROLE_ADMIN };
	long long d1 = account_department_ensure(f->st, &f->admin, "協働推進課", "キョウドウスイシンカ");
	long long d2 = account_department_ensure(f->st, &f->admin, "福祉課", "フクシカ");
	assert_true(d1 > 0 && d2 > 0);
	struct org_import_opts io = { .enc = CSV_ENC_UTF8 };
	struct org_import_report rep;
	org_import_report_init(&rep);
	if (org_csv_import(f->st, &f->admin, "orgs.csv", orgs_csv, strlen(orgs_csv), &io, &rep) != 0)
		fail_msg("orgs: %s", buf_cstr(&rep.errors));
	org_import_report_free(&rep);
	f->org1 = org_id(f, "ひかり子ども食堂");
	f->org2 = org_id(f, "東町自治会");
	f->org3 = org_id(f, "みどり印刷株式会社");
	f->lead = (struct actor){ .login = "lead", .display_name = "lead", .role = ROLE_STAFF, .department_id = d1,
				  .department_name = "協働推進課" };
	f->other_staff = (struct actor){ .login = "other", .display_name = "other", .role = ROLE_STAFF, .department_id = d2,
					 .department_name = "福祉課" };
	/* the groups' accounts are real users bound to their groups: removing a file reads the
	 * uploader's side from the account (attach_may_remove) */
	f->g1 = (struct actor){ .user_id = group_account(f, "g1", f->org1), .login = "g1", .display_name = "g1",
				.role = ROLE_GROUP, .org_id = f->org1 };
	f->g2 = (struct actor){ .user_id = group_account(f, "g2", f->org2), .login = "g2", .display_name = "g2",
				.role = ROLE_GROUP, .org_id = f->org2 };
	f->g3 = (struct actor){ .user_id = group_account(f, "g3", f->org3), .login = "g3", .display_name = "g3",
				.role = ROLE_GROUP, .org_id = f->org3 };
	f->center = (struct actor){ .login = "center", .display_name = "center", .role = ROLE_COORDINATOR };
	f->committee = (struct actor){ .login = "committee", .display_name = "committee", .role = ROLE_COMMITTEE };
	snprintf(f->dir, sizeof f->dir, "/tmp/kyodo-proj-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->files, sizeof f->files, "%s/files", f->dir);
	assert_int_equal(attach_configure(f->files, 1 << 20), 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	attach_configure(NULL, 0);
	store_close(f->st);
	arena_free(f->a);
	testdb_drop(f->path);
	free(f);
	return 0;
}

/* A project led by 協働推進課 with org1 and org2 as partners. */
static long long mkproject(struct fx *f, const char *title, const char *form, int published)
{
	struct project_input in = { .title = title, .purpose = "目的", .goals = "", .fy_start = "R7", .fy_end = "R8",
				    .department = "協働推進課", .division = "", .form = form, .zone = "市民・行政",
				    .budget = "", .published = published };
	struct problems pr = { 0 };
	long long id = 0;
	int rc = project_save(f->st, &f->lead, 0, &in, &id, &pr);
	if (rc != 0)
		fail_msg("save: %d %s", rc, pr.n ? pr.p[0].msgid : "");
	struct project_partner_input pin = { "役割", "", 1, 0, 0, 1 };
	assert_int_equal(project_partner_add(f->st, &f->lead, id, f->org1, &pin, &pr), 0);
	assert_int_equal(project_partner_add(f->st, &f->lead, id, f->org2, &pin, &pr), 0);
	return id;
}

static enum project_stage stage_of(struct fx *f, long long id)
{
	struct project p;
	assert_int_equal(project_load(f->st, f->a, NULL, id, &p), 0);
	return p.stage;
}

static long long count_sql(struct fx *f, const char *sql)
{
	return testdb_scalar(f->path, sql);
}

/* Every side agrees to every point of the project's current stage. */
static void all_agree(struct fx *f, long long id)
{
	enum project_stage s = stage_of(f, id);
	struct project_point *pts;
	int n;
	assert_int_equal(project_points_of(f->st, f->a, s, &pts, &n), 0);
	const struct actor *sides[] = { &f->lead, &f->g1, &f->g2 };
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < n; i++) {
			struct problems pr = { 0 };
			assert_int_equal(project_check_set(f->st, sides[k], id, pts[i].id, 1, "", &pr), 0);
		}
}

/* ---- the form's documents and the closing of a project ---- */

static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/* The id of the project's form's document whose name starts with prefix. */
static long long doc_id(struct fx *f, long long id, const char *prefix)
{
	struct project p;
	assert_int_equal(project_load(f->st, f->a, NULL, id, &p), 0);
	struct project_document *d;
	int n;
	assert_int_equal(project_documents_state(f->st, f->a, id, p.form, &d, &n), 0);
	for (int i = 0; i < n; i++)
		if (strncmp(d[i].name, prefix, strlen(prefix)) == 0)
			return d[i].id;
	fail_msg("no document %s", prefix);
	return 0;
}

/* Attaches a file named name as who, said to be what ("" nothing, "other", a document id). */
static int attach_as(struct fx *f, const struct actor *who, long long id, const char *name, const char *what,
		     long long *att, const char **err)
{
	*err = NULL;
	return attach_add_mem_as(f->st, f->a, who, "project", id, pdf, sizeof pdf - 1, name, what, att, err);
}

static long long attach_doc(struct fx *f, const struct actor *who, long long id, const char *prefix)
{
	char what[32];
	snprintf(what, sizeof what, "%lld", doc_id(f, id, prefix));
	long long att = 0;
	const char *err;
	if (attach_as(f, who, id, "スキャン.pdf", what, &att, &err) != 0)
		fail_msg("attach: %s", err ? err : "?");
	return att;
}

/* How many files are marked as the document of the project's form starting with prefix. */
static int attached(struct fx *f, long long id, const char *prefix)
{
	struct project p;
	assert_int_equal(project_load(f->st, f->a, NULL, id, &p), 0);
	struct project_document *d;
	int n;
	assert_int_equal(project_documents_state(f->st, f->a, id, p.form, &d, &n), 0);
	for (int i = 0; i < n; i++)
		if (strncmp(d[i].name, prefix, strlen(prefix)) == 0)
			return d[i].attached;
	return -1;
}

/* The joint final report completed and the evaluation published, as rows: the steps that
 * lead there are test_project_eval's; here only the stage machine's gate is tested. */
static void close_report_and_evaluation(struct fx *f, long long id, int report, int published)
{
	char sql[300];
	if (report) {
		snprintf(sql, sizeof sql, "INSERT INTO project_final(project_id, summary, completed_at, completed_by) "
					  "VALUES (%lld, 'まとめ', '2026-03-31 10:00:00', 'lead')", id);
		assert_int_equal(testdb_exec(f->path, sql), 0);
	}
	if (published) {
		snprintf(sql, sizeof sql, "INSERT INTO project_eval_state(project_id, joint_closed, published, published_at) "
					  "VALUES (%lld, 1, 1, '2026-03-31 11:00:00')", id);
		assert_int_equal(testdb_exec(f->path, sql), 0);
	}
}

/* ---- the stage machine ---- */

static void move_table_is_exact(void **state)
{
	(void)state;
	/* the allowed moves, and nothing else */
	static const int allowed[PSTAGE__MAX][PSTAGE__MAX] = {
		[PSTAGE_CONSIDER] = { [PSTAGE_PLAN] = 1, [PSTAGE_STOPPED] = 1 },
		[PSTAGE_PLAN] = { [PSTAGE_RUN] = 1, [PSTAGE_STOPPED] = 1 },
		[PSTAGE_RUN] = { [PSTAGE_EVALUATE] = 1, [PSTAGE_STOPPED] = 1 },
		[PSTAGE_EVALUATE] = { [PSTAGE_DONE] = 1, [PSTAGE_STOPPED] = 1 },
		[PSTAGE_DONE] = { 0 },
		[PSTAGE_STOPPED] = { [PSTAGE_CONSIDER] = 1 },
	};
	for (int a = 0; a < PSTAGE__MAX; a++)
		for (int b = 0; b < PSTAGE__MAX; b++) {
			const struct project_move *m = project_move_find((enum project_stage)a, (enum project_stage)b);
			if (!!m != allowed[a][b])
				fail_msg("%s → %s: %s", project_stage_names[a], project_stage_names[b],
					 m ? "allowed" : "refused");
			if (m && b == PSTAGE_STOPPED)
				assert_true(m->needs_reason);
			if (m)
				assert_int_equal(m->checks_list, project_stage_has_checklist((enum project_stage)a) &&
									 b != PSTAGE_STOPPED);
		}
	enum project_stage s;
	assert_int_equal(project_stage_parse("実施", &s), 0);
	assert_int_equal(s, PSTAGE_RUN);
	assert_int_equal(project_stage_parse("中止", &s), 0);
	assert_int_equal(s, PSTAGE_STOPPED);
	assert_int_equal(project_stage_parse("進行中", &s), -1);
}

/* ---- races: two people move one project at once ----
 * The second mover writes on its own connection inside a transaction the test holds open
 * (the database's write lock) while the first (a thread on the fixture's connection) has
 * already read the project and waits for the lock; the first must then see the move. */
struct mover {
	struct fx *f;
	long long id;
	enum project_stage to;
	int rc;
	struct problems e;
};

static void *mover_main(void *arg)
{
	struct mover *m = arg;
	m->rc = project_move_stage(m->f->st, &m->f->lead, m->id, m->to, "", 0, &m->e);
	return NULL;
}

static void moves_race(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "競合する事業", "事業協力", 1);
	struct problems pr = { 0 };
	attach_doc(f, &f->g1, id, "協定書");
	for (int k = 0; k < 2; k++) {
		all_agree(f, id);
		memset(&pr, 0, sizeof pr);
		assert_int_equal(project_move_stage(f->st, &f->lead, id, k ? PSTAGE_RUN : PSTAGE_PLAN, "", 0, &pr), 0);
	}
	all_agree(f, id);
	struct store *st2;
	assert_int_equal(store_open(f->path, &st2), 0);
	/* the lead department moves 実施 → 評価 while the division stops the project */
	struct mover m = { .f = f, .id = id, .to = PSTAGE_EVALUATE };
	pthread_t t;
	assert_int_equal(store_begin(st2), 0);
	assert_int_equal(pthread_create(&t, NULL, mover_main, &m), 0);
	struct timespec pause = { 0, 600 * 1000000L };
	nanosleep(&pause, NULL);	/* the mover has read 実施; it waits for the lock */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(st2, &f->admin, id, PSTAGE_STOPPED, "予算が削減された", 0, &pr), 0);
	assert_int_equal(store_commit(st2), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	store_close(st2);
	/* 中止 → 評価 is no move of the machine: the late mover writes nothing and says why */
	assert_int_equal(m.rc, -1);
	assert_true(problems_any(&m.e));
	assert_int_equal(stage_of(f, id), PSTAGE_STOPPED);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_stage_log WHERE project_id = %lld AND to_stage = 'evaluate'", id);
	assert_int_equal(count_sql(f, sql), 0);
}

/* A partner ticks a point of 検討 while the lead department moves on to 計画: the answer
 * belongs to a checklist that is no longer the project's, and is refused. */
struct ticker {
	struct fx *f;
	long long id, point;
	int rc;
	struct problems e;
};

static void *ticker_main(void *arg)
{
	struct ticker *t = arg;
	t->rc = project_check_set(t->f->st, &t->f->g1, t->id, t->point, 1, "", &t->e);
	return NULL;
}

static void tick_races_a_move(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "競合する回答", "事業協力", 0);
	struct project_point *pts;
	int n;
	assert_int_equal(project_points_of(f->st, f->a, PSTAGE_CONSIDER, &pts, &n), 0);
	struct store *st2;
	assert_int_equal(store_open(f->path, &st2), 0);
	struct ticker tk = { .f = f, .id = id, .point = pts[0].id };
	pthread_t t;
	assert_int_equal(store_begin(st2), 0);
	assert_int_equal(pthread_create(&t, NULL, ticker_main, &tk), 0);
	struct timespec pause = { 0, 600 * 1000000L };
	nanosleep(&pause, NULL);
	struct problems pr = { 0 };
	assert_int_equal(project_move_stage(st2, &f->lead, id, PSTAGE_PLAN, "先に進める", 1, &pr), 0);
	assert_int_equal(store_commit(st2), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	store_close(st2);
	assert_int_equal(tk.rc, -1);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_checks WHERE project_id = %lld", id);
	assert_int_equal(count_sql(f, sql), 0);
}

/* The same group added twice at once (a double click): the second is told it is already a
 * partner, not a store error. */
struct adder {
	struct fx *f;
	long long id;
	int rc;
	struct problems e;
};

static void *adder_main(void *arg)
{
	struct adder *ad = arg;
	struct project_partner_input pin = { "協賛", "", 0, 1, 0, 0 };
	ad->rc = project_partner_add(ad->f->st, &ad->f->lead, ad->id, ad->f->org3, &pin, &ad->e);
	return NULL;
}

static void partner_added_twice_at_once(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "二重に追加される事業", "事業協力", 0);
	struct store *st2;
	assert_int_equal(store_open(f->path, &st2), 0);
	struct adder ad = { .f = f, .id = id };
	pthread_t t;
	assert_int_equal(store_begin(st2), 0);
	assert_int_equal(pthread_create(&t, NULL, adder_main, &ad), 0);
	struct timespec pause = { 0, 600 * 1000000L };
	nanosleep(&pause, NULL);
	struct problems pr = { 0 };
	struct project_partner_input pin = { "協賛", "", 0, 1, 0, 0 };
	assert_int_equal(project_partner_add(st2, &f->lead, id, f->org3, &pin, &pr), 0);
	assert_int_equal(store_commit(st2), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	store_close(st2);
	assert_int_equal(ad.rc, -1);
	assert_true(problems_any(&ad.e));
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM project_partners WHERE project_id = %lld", id);
	assert_int_equal(count_sql(f, sql), 3);
}

/* Through the domain: from every stage, every target is tried; the refused ones change
 * nothing, the allowed one moves (every side having agreed, so no force is needed). */
static void every_move_through_the_domain(void **state)
{
	struct fx *f = *state;
	for (int from = 0; from < PSTAGE__MAX; from++) {
		for (int to = 0; to < PSTAGE__MAX; to++) {
			char title[64];
			snprintf(title, sizeof title, "事業 %d→%d", from, to);
			long long id = mkproject(f, title, "事業協力", 0);
			/* walk to `from` along allowed moves */
			static const enum project_stage path[] = { PSTAGE_PLAN, PSTAGE_RUN, PSTAGE_EVALUATE, PSTAGE_DONE };
			struct problems pr = { 0 };
			if (from == PSTAGE_STOPPED) {
				assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_STOPPED, "予算がつかない", 0, &pr), 0);
			} else {
				for (int k = 0; k < from; k++) {
					all_agree(f, id);
					if (path[k] == PSTAGE_RUN)
						attach_doc(f, &f->g1, id, "協定書");
					if (path[k] == PSTAGE_DONE)
						close_report_and_evaluation(f, id, 1, 1);
					memset(&pr, 0, sizeof pr);
					assert_int_equal(project_move_stage(f->st, &f->lead, id, path[k], "", 0, &pr), 0);
				}
			}
			assert_int_equal(stage_of(f, id), from);
			if (project_stage_has_checklist((enum project_stage)from))
				all_agree(f, id);
			if (to == PSTAGE_RUN && from == PSTAGE_PLAN)
				attach_doc(f, &f->g1, id, "協定書");
			if (to == PSTAGE_DONE && from == PSTAGE_EVALUATE)
				close_report_and_evaluation(f, id, 1, 1);
			memset(&pr, 0, sizeof pr);
			int rc = project_move_stage(f->st, &f->lead, id, (enum project_stage)to, "理由", 0, &pr);
			const struct project_move *m = project_move_find((enum project_stage)from, (enum project_stage)to);
			if (m) {
				if (rc != 0)
					fail_msg("%d → %d refused: %s", from, to, pr.n ? pr.p[0].msgid : "?");
				assert_int_equal(stage_of(f, id), to);
			} else {
				assert_int_equal(rc, -1);
				assert_string_equal(problems_of(&pr, "to") ? "to" : "", "to");
				assert_int_equal(stage_of(f, id), from);
			}
		}
	}
}

static void stop_needs_a_reason(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "中止の事業", "後援", 0);
	struct problems pr = { 0 };
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_STOPPED, "", 0, &pr), -1);
	assert_non_null(problems_of(&pr, "reason"));
	assert_int_equal(stage_of(f, id), PSTAGE_CONSIDER);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_STOPPED, "相手の団体が解散した", 0, &pr), 0);
	struct project p;
	assert_int_equal(project_load(f->st, f->a, NULL, id, &p), 0);
	assert_string_equal(p.stop_reason, "相手の団体が解散した");
	/* taken up again: back to 検討, with a reason */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_CONSIDER, "", 0, &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_CONSIDER, "新しい団体と再開", 0, &pr), 0);
}

/* Leaving a stage whose checklist is not agreed by every side: refused without force;
 * with force, a reason is required; the move is logged forced, with the count, audited. */
static void moving_on_with_open_points(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "ゲートの事業", "事業協力", 0);
	struct project_open_point *open;
	int n;
	assert_int_equal(project_open_points(f->st, f->a, id, PSTAGE_CONSIDER, &open, &n), 0);
	assert_int_equal(n, 6 * 3);	/* six points × (lead + two partners) */
	struct problems pr = { 0 };
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_PLAN, "", 0, &pr), -1);
	assert_non_null(problems_of(&pr, "force"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_PLAN, "", 1, &pr), -1);
	assert_non_null(problems_of(&pr, "reason"));
	assert_int_equal(stage_of(f, id), PSTAGE_CONSIDER);
	/* a partner cannot move the stage at all */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->g1, id, PSTAGE_PLAN, "急ぐため", 1, &pr), -1);
	assert_int_equal(stage_of(f, id), PSTAGE_CONSIDER);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_PLAN, "年度内に契約するため", 1, &pr), 0);
	assert_int_equal(stage_of(f, id), PSTAGE_PLAN);
	struct project_stage_entry *log;
	assert_int_equal(project_stage_log_of(f->st, f->a, id, &log, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(log[0].forced, 1);
	assert_int_equal(log[0].open_points, 18);
	assert_string_equal(log[0].reason, "年度内に契約するため");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE entity = 'project' AND entity_id = %lld "
				  "AND action = 'stage-forced'", id);
	assert_int_equal(count_sql(f, sql), 1);
	/* the partners and the lead department were told */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM notices WHERE event = 'project-stage'");
	(void)sql;
}

/* ---- checklists per side ---- */

static void checklists_per_side(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "チェックの事業", "事業共催", 0);
	struct project_point *pts;
	int npt;
	assert_int_equal(project_points_of(f->st, f->a, PSTAGE_CONSIDER, &pts, &npt), 0);
	assert_int_equal(npt, 6);
	struct project p;
	assert_int_equal(project_load(f->st, f->a, NULL, id, &p), 0);
	/* who answers for which side */
	assert_int_equal(project_side_of(f->st, &f->lead, &p), 0);
	assert_int_equal(project_side_of(f->st, &f->g1, &p), f->org1);
	assert_int_equal(project_side_of(f->st, &f->g3, &p), -1);	/* not a partner */
	assert_int_equal(project_side_of(f->st, &f->other_staff, &p), -1);
	assert_int_equal(project_side_of(f->st, &f->admin, &p), -1);
	assert_int_equal(project_side_of(f->st, &f->center, &p), -1);
	struct problems pr = { 0 };
	assert_int_equal(project_check_set(f->st, &f->g3, id, pts[0].id, 1, "", &pr), -1);	/* unseen: not loaded */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_check_set(f->st, &f->admin, id, pts[0].id, 1, "", &pr), -1);
	assert_true(problems_any(&pr));
	/* a point of another stage is refused */
	struct project_point *plan_pts;
	int nplan;
	assert_int_equal(project_points_of(f->st, f->a, PSTAGE_PLAN, &plan_pts, &nplan), 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_check_set(f->st, &f->g1, id, plan_pts[0].id, 1, "", &pr), -1);
	assert_true(problems_any(&pr));
	/* partner 1 agrees to everything, with a comment on point 2; partner 2 to point 1 only */
	for (int i = 0; i < npt; i++) {
		memset(&pr, 0, sizeof pr);
		assert_int_equal(project_check_set(f->st, &f->g1, id, pts[i].id, 1, i == 1 ? "会員で確認した" : "", &pr), 0);
	}
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_check_set(f->st, &f->g2, id, pts[0].id, 1, "", &pr), 0);
	/* a comment with a bidi control is refused */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_check_set(f->st, &f->g2, id, pts[1].id, 1, "abc\xE2\x80\xAE", &pr), -1);
	assert_non_null(problems_of(&pr, "comment"));
	struct project_check *ch;
	int nc;
	assert_int_equal(project_checks_of(f->st, f->a, id, PSTAGE_CONSIDER, &ch, &nc), 0);
	assert_int_equal(nc, 7);
	int comment_seen = 0;
	for (int i = 0; i < nc; i++)
		if (ch[i].side_org_id == f->org1 && ch[i].point_id == pts[1].id)
			comment_seen = strcmp(ch[i].comment, "会員で確認した") == 0;
	assert_true(comment_seen);
	/* what is open, by whom: the lead department 6, partner 2 five, partner 1 none */
	struct project_open_point *open;
	int n;
	assert_int_equal(project_open_points(f->st, f->a, id, PSTAGE_CONSIDER, &open, &n), 0);
	int by_lead = 0, by_1 = 0, by_2 = 0;
	for (int i = 0; i < n; i++) {
		by_lead += open[i].side_org_id == 0;
		by_1 += open[i].side_org_id == f->org1;
		by_2 += open[i].side_org_id == f->org2;
	}
	assert_int_equal(by_lead, 6);
	assert_int_equal(by_1, 0);
	assert_int_equal(by_2, 5);
	/* unticking: partner 1 takes back point 3 */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_check_set(f->st, &f->g1, id, pts[2].id, 0, "再確認が必要", &pr), 0);
	assert_int_equal(project_open_points(f->st, f->a, id, PSTAGE_CONSIDER, &open, &n), 0);
	by_1 = 0;
	for (int i = 0; i < n; i++)
		by_1 += open[i].side_org_id == f->org1;
	assert_int_equal(by_1, 1);
	/* what awaits each side on its start page */
	struct project_await *w;
	int total;
	assert_int_equal(project_awaits(f->st, f->a, &f->g2, &w, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 5);
	assert_int_equal(project_awaits(f->st, f->a, &f->lead, &w, &n, &total), 0);
	assert_int_equal(total, 6);
	assert_int_equal(project_awaits(f->st, f->a, &f->g3, &w, &n, &total), 0);
	assert_int_equal(n, 0);
	/* a removed partner's answers go with it */
	assert_int_equal(project_partner_remove(f->st, &f->lead, id, f->org2), 0);
	assert_int_equal(project_checks_of(f->st, f->a, id, PSTAGE_CONSIDER, &ch, &nc), 0);
	for (int i = 0; i < nc; i++)
		assert_true(ch[i].side_org_id != f->org2);
	/* every answer was audited */
	assert_true(count_sql(f, "SELECT count(*) FROM audit_log WHERE entity = 'project' AND action = 'check'") >= 8);
}

/* ---- the form's rules ---- */

static int has_doc(struct fx *f, const char *form, const char *kind)
{
	struct project_document *d;
	int n;
	assert_int_equal(project_documents_of(f->st, f->a, form, &d, &n), 0);
	for (int i = 0; i < n; i++)
		if (strcmp(d[i].kind, kind) == 0)
			return 1;
	return 0;
}

static void forms_and_their_rules(void **state)
{
	struct fx *f = *state;
	struct project_form *forms;
	int n;
	assert_int_equal(project_forms_list(f->st, f->a, &forms, &n), 0);
	static const char *const order[] = { "後援", "事業協力", "事業共催", "補助・助成", "事業委託", "実行委員会" };
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++)
		assert_string_equal(forms[i].label, order[i]);
	struct project_zone *z;
	assert_int_equal(project_zones_list(f->st, f->a, &z, &n), 0);
	static const char *const zones[] = { "市民主体", "市民主導", "市民・行政", "行政主導", "行政主体" };
	assert_int_equal(n, 5);
	for (int i = 0; i < n; i++)
		assert_string_equal(z[i].label, zones[i]);
	/* the agreement (協定書) for 事業協力 and 委託; a budget for 共催 and 補助 */
	assert_true(has_doc(f, "cooperation", "agreement"));
	assert_true(has_doc(f, "commission", "agreement"));
	assert_false(has_doc(f, "support", "agreement"));
	assert_true(has_doc(f, "cohost", "budget"));
	assert_true(has_doc(f, "grant", "budget"));
	assert_false(has_doc(f, "support", "budget"));
	/* every form says how money flows */
	assert_int_equal(project_forms_list(f->st, f->a, &forms, &n), 0);
	for (int i = 0; i < n; i++)
		assert_true(strlen(forms[i].money_flow) > 0);
	/* the registry's kinds onto the rulebook's five */
	char *k;
	assert_int_equal(project_party_kind_of(f->st, f->a, "npo", &k), 0);
	assert_string_equal(k, "civic");
	assert_int_equal(project_party_kind_of(f->st, f->a, "neighborhood", &k), 0);
	assert_string_equal(k, "community");
	assert_int_equal(project_party_kind_of(f->st, f->a, "company", &k), 0);
	assert_string_equal(k, "business");
	assert_int_equal(project_party_kind_of(f->st, f->a, "school", &k), 0);
	assert_string_equal(k, "city");
	assert_int_equal(project_party_kind_of(f->st, f->a, "unknown-kind", &k), 0);
	assert_string_equal(k, "civic");
	/* cautions for a kind: its own first, then the common ones; never another kind's */
	struct project_caution *c;
	assert_int_equal(project_cautions_of(f->st, f->a, "commission", "civic", &c, &n), 0);
	assert_true(n >= 3);
	int common_started = 0;
	for (int i = 0; i < n; i++) {
		assert_true(strcmp(c[i].party_kind, "civic") == 0 || c[i].party_kind[0] == 0);
		if (c[i].party_kind[0] == 0)
			common_started = 1;
		else
			assert_false(common_started);
	}
	/* the division edits them; nobody else */
	struct problems pr = { 0 };
	assert_int_equal(project_caution_save(f->st, &f->lead, 0, "commission", "business", "テスト", &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_caution_save(f->st, &f->admin, 0, "commission", "business", "見積もりの根拠を示す", &pr), 0);
	assert_int_equal(project_cautions_of(f->st, f->a, "commission", "business", &c, &n), 0);
	int found = 0;
	for (int i = 0; i < n; i++)
		found |= strcmp(c[i].text, "見積もりの根拠を示す") == 0;
	assert_true(found);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_caution_save(f->st, &f->admin, 0, "nosuchform", NULL, "x", &pr), -1);
	/* a checklist point added and retired */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_point_save(f->st, &f->admin, 0, PSTAGE_RUN, "成果を記録している", &pr), 0);
	struct project_point *pts;
	assert_int_equal(project_points_of(f->st, f->a, PSTAGE_RUN, &pts, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(project_point_retire(f->st, &f->admin, pts[6].id), 0);
	assert_int_equal(project_points_of(f->st, f->a, PSTAGE_RUN, &pts, &n), 0);
	assert_int_equal(n, 6);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_point_save(f->st, &f->admin, 0, PSTAGE_DONE, "x", &pr), -1);
	/* a budget line's payer is the city or a partner */
	long long id = mkproject(f, "予算の事業", "補助・助成", 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_budget_add(f->st, &f->lead, id, "R7", "講師謝礼", "30,000", f->org3, "", &pr), -1);
	assert_non_null(problems_of(&pr, "payer"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_budget_add(f->st, &f->lead, id, "R9", "講師謝礼", "30000", 0, "", &pr), -1);
	assert_non_null(problems_of(&pr, "fy"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_budget_add(f->st, &f->lead, id, "R7", "講師謝礼", "30,000", f->org1, "", &pr), 0);
	struct project_budget_line *bl;
	assert_int_equal(project_budget_of(f->st, f->a, id, &bl, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(bl[0].amount, 30000);
	assert_int_equal(bl[0].payer_org_id, f->org1);
}

/* ---- visibility ---- */

static void visibility_matrix(void **state)
{
	struct fx *f = *state;
	/* the rule for one project: role × published × stage × relation */
	for (int pub = 0; pub < 2; pub++)
		for (int s = 0; s < PSTAGE__MAX; s++) {
			struct project_facts fa = { pub, (enum project_stage)s, f->lead.department_id, 0 };
			struct actor anon = { .role = ROLE_PUBLIC, .login = "" };
			assert_int_equal(project_access(&anon, &fa), pub ? PACCESS_PUBLIC : PACCESS_NONE);
			assert_int_equal(project_access(&f->admin, &fa), PACCESS_DIVISION);
			assert_int_equal(project_access(NULL, &fa), PACCESS_DIVISION);
			assert_int_equal(project_access(&f->center, &fa), PACCESS_READ);
			assert_int_equal(project_access(&f->lead, &fa), PACCESS_LEAD);
			assert_int_equal(project_access(&f->other_staff, &fa),
					 pub || s != PSTAGE_CONSIDER ? PACCESS_READ : PACCESS_NONE);
			assert_int_equal(project_access(&f->g3, &fa), pub ? PACCESS_PUBLIC : PACCESS_NONE);
			fa.viewer_is_partner = 1;
			assert_int_equal(project_access(&f->g1, &fa), PACCESS_PARTNER);
			fa.viewer_is_partner = 0;
			int late = s == PSTAGE_EVALUATE || s == PSTAGE_DONE;
			assert_int_equal(project_access(&f->committee, &fa),
					 late ? PACCESS_READ : pub ? PACCESS_PUBLIC : PACCESS_NONE);
		}
	/* the lists agree with the rule for every viewer: projects in every stage, published or not */
	long long ids[2 * PSTAGE__MAX + 1];
	int nids = 0;
	for (int pub = 0; pub < 2; pub++)
		for (int s = 0; s < PSTAGE__MAX; s++) {
			char title[64];
			snprintf(title, sizeof title, "可視性 %d %d", pub, s);
			long long id = mkproject(f, title, "事業協力", pub);
			struct problems pr = { 0 };
			if (s == PSTAGE_STOPPED)
				assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_STOPPED, "理由", 0, &pr), 0);
			static const enum project_stage path[] = { PSTAGE_PLAN, PSTAGE_RUN, PSTAGE_EVALUATE, PSTAGE_DONE };
			for (int k = 0; s != PSTAGE_STOPPED && k < s; k++) {
				memset(&pr, 0, sizeof pr);
				assert_int_equal(project_move_stage(f->st, &f->lead, id, path[k], "テスト", 1, &pr), 0);
			}
			ids[nids++] = id;
		}
	/* one project where only g3 is partner, unpublished */
	struct project_input in = { .title = "g3の事業", .fy_start = "2025", .department = "福祉課", .form = "事業委託",
				    .zone = "行政主導", .published = 0 };
	struct problems pr = { 0 };
	long long g3p;
	assert_int_equal(project_save(f->st, &f->admin, 0, &in, &g3p, &pr), 0);
	struct project_partner_input pin = { "", "", 0, 0, 0, 0 };
	assert_int_equal(project_partner_add(f->st, &f->admin, g3p, f->org3, &pin, &pr), 0);
	ids[nids++] = g3p;
	struct actor anon = { .role = ROLE_PUBLIC, .login = "" };
	const struct actor *viewers[] = { &anon, &f->admin, &f->lead, &f->other_staff, &f->center, &f->g1, &f->g3,
					  &f->committee };
	for (size_t v = 0; v < sizeof viewers / sizeof viewers[0]; v++) {
		struct project *ps;
		int n, more;
		struct project_query q = { .per_page = 200 };
		assert_int_equal(project_list(f->st, f->a, viewers[v], &q, &ps, &n, &more), 0);
		assert_int_equal(project_count(f->st, viewers[v], &q), n);
		for (int i = 0; i < nids; i++) {
			struct project p;
			int loaded = project_load(f->st, f->a, viewers[v], ids[i], &p) == 0;
			int listed = 0;
			for (int k = 0; k < n; k++)
				listed |= ps[k].id == ids[i];
			if (loaded != listed)
				fail_msg("viewer %s, project %lld: loaded %d, listed %d", viewers[v]->login, ids[i], loaded, listed);
		}
		/* the public list is the published projects whoever asks */
		struct project_query pq = { .per_page = 200, .published_only = 1 };
		assert_int_equal(project_list(f->st, f->a, viewers[v], &pq, &ps, &n, &more), 0);
		for (int k = 0; k < n; k++)
			assert_int_equal(ps[k].published, 1);
		assert_int_equal(n, PSTAGE__MAX);
	}
	/* a partner that is only an application is not named in the public file */
	long long applicant = org_id(f, "申請中の会");
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_partner_add(f->st, &f->lead, ids[PSTAGE__MAX], applicant, &pin, &pr), 0);
	/* the public export holds nothing unpublished */
	struct buf out = BUF_INIT;
	char err[256];
	assert_int_equal(project_export(f->st, NULL, 1, 2025, PEXPORT_CSV, CSV_ENC_UTF8, &out, NULL, err, sizeof err), 0);
	assert_null(strstr(buf_cstr(&out), "可視性 0"));
	assert_null(strstr(buf_cstr(&out), "g3の事業"));
	assert_non_null(strstr(buf_cstr(&out), "可視性 1 0"));
	assert_null(strstr(buf_cstr(&out), "申請中の会"));
	buf_free(&out);
	assert_int_equal(project_export(f->st, NULL, 0, 2025, PEXPORT_CSV, CSV_ENC_UTF8, &out, NULL, err, sizeof err), 0);
	assert_non_null(strstr(buf_cstr(&out), "申請中の会"));	/* the division's file names it */
	buf_free(&out);
	/* the public counts too */
	struct project_stats s;
	assert_int_equal(project_stats_year(f->st, f->a, 2025, 1, &s), 0);
	assert_int_equal(s.projects, PSTAGE__MAX);
	assert_int_equal(project_stats_year(f->st, f->a, 2025, 0, &s), 0);
	assert_int_equal(s.projects, 2 * PSTAGE__MAX + 1);
}

/* ---- import and counts ---- */

static void import_all_or_nothing(void **state)
{
	struct fx *f = *state;
	const char *good = "事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階,目的,予算\n"
			   "見守り事業,R6,令和7年度,福祉課,事業委託,行政主導,ひかり子ども食堂、東町自治会,実施,見守る,\"1,000,000\"\n"
			   "清掃事業,2025,2025,協働推進課,後援,市民主体,東町自治会,検討,,\n";
	struct project_import_opts io = { .enc = CSV_ENC_AUTO };
	struct project_import_result res;
	struct buf errors = BUF_INIT;
	assert_int_equal(project_import(f->st, &f->admin, "p.csv", good, strlen(good), &io, &res, &errors), 0);
	assert_int_equal(res.created, 2);
	/* again: updates, creates nothing */
	assert_int_equal(project_import(f->st, &f->admin, "p.csv", good, strlen(good), &io, &res, &errors), 0);
	assert_int_equal(res.created, 0);
	assert_int_equal(res.updated, 2);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM projects"), 2);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM project_partners"), 3);
	assert_int_equal(count_sql(f, "SELECT budget FROM projects WHERE title = '見守り事業'"), 1000000);
	/* a bad row among good ones: nothing written, each problem with row and column */
	const char *bad = "事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階\n"
			  "新しい事業,2025,2025,協働推進課,後援,市民主体,東町自治会,検討\n"
			  "見守り事業,R6,R5,福祉課,謎の形態,市民,知らない会,進行中\n"
			  "別の事業,2025,2025,存在しない課,後援,市民主体,東町自治会,計画\n";
	buf_reset(&errors);
	assert_int_equal(project_import(f->st, &f->admin, "bad.csv", bad, strlen(bad), &io, &res, &errors), -1);
	const char *e = buf_cstr(&errors);
	assert_non_null(strstr(e, "bad.csv: row 3, column 3 (終了年度)"));
	assert_non_null(strstr(e, "bad.csv: row 3, column 5 (形態): unknown form"));
	assert_non_null(strstr(e, "bad.csv: row 3, column 6 (領域): unknown zone"));
	assert_non_null(strstr(e, "bad.csv: row 3, column 7 (パートナー): unknown partner 知らない会"));
	assert_non_null(strstr(e, "bad.csv: row 3, column 8 (段階): unknown stage"));
	assert_non_null(strstr(e, "bad.csv: row 4, column 4 (担当課): unknown department"));
	assert_int_equal(count_sql(f, "SELECT count(*) FROM projects"), 2);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM projects WHERE title = '新しい事業'"), 0);
	/* a missing column */
	const char *nocol = "事業名,開始年度\nx,2025\n";
	buf_reset(&errors);
	assert_int_equal(project_import(f->st, &f->admin, "n.csv", nocol, strlen(nocol), &io, &res, &errors), -1);
	assert_non_null(strstr(buf_cstr(&errors), "the column 担当課 is missing"));
	/* a dry run works everything out and writes nothing */
	const char *more = "事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階\n"
			   "試しの事業,2026,2026,協働推進課,事業共催,市民・行政,みどり印刷株式会社,計画\n";
	struct buf changes = BUF_INIT;
	struct project_import_opts dry = { .enc = CSV_ENC_AUTO, .dry_run = 1, .changes = &changes };
	assert_int_equal(project_import(f->st, &f->admin, "m.csv", more, strlen(more), &dry, &res, &errors), 0);
	assert_int_equal(res.created, 1);
	assert_non_null(strstr(buf_cstr(&changes), "create 試しの事業 (2026)"));
	assert_int_equal(count_sql(f, "SELECT count(*) FROM projects"), 2);
	buf_free(&changes);
	buf_free(&errors);
	/* a project counts in every year it runs: 見守り R6–R7, 清掃 2025 */
	struct project_stats s;
	assert_int_equal(project_stats_year(f->st, f->a, 2024, 0, &s), 0);
	assert_int_equal(s.projects, 1);
	assert_int_equal(s.ndepartments, 1);
	assert_int_equal(project_stats_year(f->st, f->a, 2025, 0, &s), 0);
	assert_int_equal(s.projects, 2);
	assert_int_equal(s.ndepartments, 2);
	assert_int_equal(project_stats_year(f->st, f->a, 2026, 0, &s), 0);
	assert_int_equal(s.projects, 0);
	struct buf csv = BUF_INIT;
	assert_int_equal(project_stats_year(f->st, f->a, 2025, 0, &s), 0);
	assert_int_equal(project_stats_write(&s, PSTATS_CSV, &csv), 0);
	assert_string_equal(buf_cstr(&csv), "by,key,count\r\n"
					    "form,後援,1\r\nform,事業協力,0\r\nform,事業共催,0\r\nform,補助・助成,0\r\n"
					    "form,事業委託,1\r\nform,実行委員会,0\r\n"
					    "zone,市民主体,1\r\nzone,市民主導,0\r\nzone,市民・行政,0\r\nzone,行政主導,1\r\n"
					    "zone,行政主体,0\r\n"
					    "department,協働推進課,1\r\ndepartment,福祉課,1\r\n"
					    "total,projects,2\r\ntotal,departments,2\r\n");
	buf_free(&csv);
}

static void staff_lead_only_their_department(void **state)
{
	struct fx *f = *state;
	struct project_input in = { .title = "他課の事業", .fy_start = "2025", .department = "福祉課", .form = "後援",
				    .zone = "市民主体" };
	struct problems pr = { 0 };
	long long id;
	assert_int_equal(project_save(f->st, &f->lead, 0, &in, &id, &pr), -1);
	assert_non_null(problems_of(&pr, "department"));
	/* a group or the center cannot create one */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_save(f->st, &f->g1, 0, &in, &id, &pr), -1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_save(f->st, &f->center, 0, &in, &id, &pr), -1);
	/* the division can; the other department's staff then cannot edit it */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_save(f->st, &f->admin, 0, &in, &id, &pr), 0);
	memset(&pr, 0, sizeof pr);
	in.title = "他課の事業（改）";
	assert_int_equal(project_save(f->st, &f->lead, id, &in, &id, &pr), -1);
	/* the same title and first year twice is refused */
	memset(&pr, 0, sizeof pr);
	in.title = "他課の事業";
	long long id2;
	assert_int_equal(project_save(f->st, &f->admin, 0, &in, &id2, &pr), -1);
	assert_non_null(problems_of(&pr, "title"));
	/* an end before the start */
	memset(&pr, 0, sizeof pr);
	struct project_input bad = { .title = "逆の年度", .fy_start = "R8", .fy_end = "R7", .department = "福祉課",
				     .form = "後援", .zone = "市民主体" };
	assert_int_equal(project_save(f->st, &f->admin, 0, &bad, &id2, &pr), -1);
	assert_non_null(problems_of(&pr, "fy_end"));
}

/* Whoever attaches a file says which of the form's documents it is (or その他), in the
 * upload's transaction; the name of the file counts for nothing; removing the file
 * un-marks the document. */
static void documents_marked_by_who_attaches(void **state)
{
	struct fx *f = *state;
	long long id = mkproject(f, "書類の事業", "事業協力", 0);
	long long other_form = mkproject(f, "補助の事業", "補助・助成", 0);
	long long att = 0;
	const char *err;
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM attachments WHERE owner_kind = 'project' AND owner_id = %lld", id);
	/* nothing said: refused, nothing stored */
	assert_int_equal(attach_as(f, &f->g1, id, "協定書.pdf", "", &att, &err), ATTACH_REFUSED);
	assert_non_null(err);
	assert_int_equal(attach_as(f, &f->g1, id, "協定書.pdf", NULL, &att, &err), ATTACH_REFUSED);
	/* a document of another form, or no number: refused */
	char what[32];
	snprintf(what, sizeof what, "%lld", doc_id(f, other_form, "収支予算書"));
	assert_int_equal(attach_as(f, &f->g1, id, "予算.pdf", what, &att, &err), ATTACH_REFUSED);
	assert_int_equal(attach_as(f, &f->g1, id, "予算.pdf", "1 OR 1=1", &att, &err), ATTACH_REFUSED);
	assert_int_equal(count_sql(f, sql), 0);
	/* a file named 協定書 but said to be その他 attaches no document */
	assert_int_equal(attach_as(f, &f->g1, id, "協定書.pdf", PROJECT_DOC_OTHER, &att, &err), 0);
	assert_int_equal(count_sql(f, sql), 1);
	assert_int_equal(attached(f, id, "協定書"), 0);
	/* a file of any name said to be the agreement attaches it */
	snprintf(what, sizeof what, "%lld", doc_id(f, id, "協定書"));
	long long marked = 0;
	assert_int_equal(attach_as(f, &f->g2, id, "scan0001.pdf", what, &marked, &err), 0);
	assert_int_equal(attached(f, id, "協定書"), 1);
	assert_int_equal(attached(f, id, "役割分担表"), 0);
	struct project_doc_mark *m;
	int nm;
	assert_int_equal(project_doc_marks_of(f->st, f->a, id, &m, &nm), 0);
	assert_int_equal(nm, 1);
	assert_int_equal(m[0].attachment_id, marked);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE entity = 'project' AND entity_id = %lld "
				  "AND action = 'document'", id);
	assert_int_equal(count_sql(f, sql), 1);
	/* which documents are needed before 実施: the agreement and the budget */
	struct project_document *d;
	int nd;
	assert_int_equal(project_documents_state(f->st, f->a, id, "cooperation", &d, &nd), 0);
	assert_int_equal(nd, 2);
	assert_int_equal(d[0].before_run, 1);	/* 協定書 */
	assert_int_equal(d[1].before_run, 0);	/* 役割分担表 */
	/* the file removed (by the lead department: this fixture's group actors have no account
	 * behind them, so no upload is their group's own for attach_may_remove): the document
	 * is no longer attached */
	assert_int_equal(attach_remove(f->st, f->a, &f->lead, marked), 0);
	assert_int_equal(attached(f, id, "協定書"), 0);
	assert_int_equal(project_doc_marks_of(f->st, f->a, id, &m, &nm), 0);
	assert_int_equal(nm, 0);
}

/* Into 実施 only with the form's documents needed before it (協定書 for 事業協力, the budget
 * for 補助); into 完了 only with the joint final report completed and the evaluation
 * published. What is missing is named; the lead may move on with force and a reason
 * (logged forced, audited with what was missing). */
static void the_forms_rules_at_the_moves(void **state)
{
	struct fx *f = *state;
	struct problems pr = { 0 };
	struct project_missing *miss;
	int n;
	/* 事業協力: 協定書 */
	long long id = mkproject(f, "協定の事業", "事業協力", 0);
	all_agree(f, id);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_PLAN, "", 0, &pr), 0);
	all_agree(f, id);
	struct project p;
	assert_int_equal(project_load(f->st, f->a, NULL, id, &p), 0);
	assert_int_equal(project_move_missing(f->st, f->a, &p, PSTAGE_RUN, &miss, &n), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(miss[0].name, "協定書"));
	assert_int_equal(project_move_missing(f->st, f->a, &p, PSTAGE_STOPPED, &miss, &n), 0);
	assert_int_equal(n, 0);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_RUN, "", 0, &pr), -1);
	assert_non_null(problems_of(&pr, "force"));
	assert_int_equal(stage_of(f, id), PSTAGE_PLAN);
	/* the role-sharing sheet (not needed before 実施) does not help */
	attach_doc(f, &f->g1, id, "役割分担表");
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_RUN, "", 0, &pr), -1);
	/* the agreement attached by a partner: the move goes, not forced */
	attach_doc(f, &f->g2, id, "協定書");
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_RUN, "", 0, &pr), 0);
	struct project_stage_entry *log;
	assert_int_equal(project_stage_log_of(f->st, f->a, id, &log, &n), 0);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++)
		assert_int_equal(log[i].forced, 0);
	/* 評価 → 完了: the final report and the published evaluation */
	all_agree(f, id);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_EVALUATE, "", 0, &pr), 0);
	assert_int_equal(project_load(f->st, f->a, NULL, id, &p), 0);
	assert_int_equal(project_move_missing(f->st, f->a, &p, PSTAGE_DONE, &miss, &n), 0);
	assert_int_equal(n, 2);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_DONE, "", 0, &pr), -1);
	assert_non_null(problems_of(&pr, "force"));
	close_report_and_evaluation(f, id, 1, 0);
	assert_int_equal(project_move_missing(f->st, f->a, &p, PSTAGE_DONE, &miss, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(miss[0].msgid, "The evaluation is not published.");
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_DONE, "", 0, &pr), -1);
	assert_int_equal(stage_of(f, id), PSTAGE_EVALUATE);
	close_report_and_evaluation(f, id, 0, 1);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, id, PSTAGE_DONE, "", 0, &pr), 0);
	assert_int_equal(stage_of(f, id), PSTAGE_DONE);

	/* 補助・助成: the budget; forced without it, with a reason only; a partner never */
	long long g = mkproject(f, "補助の事業", "補助・助成", 0);
	all_agree(f, g);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, g, PSTAGE_PLAN, "", 0, &pr), 0);
	all_agree(f, g);
	attach_doc(f, &f->g1, g, "補助金交付申請書");	/* an application: not what 実施 needs */
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, g, PSTAGE_RUN, "", 0, &pr), -1);
	assert_non_null(problems_of(&pr, "force"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, g, PSTAGE_RUN, "", 1, &pr), -1);
	assert_non_null(problems_of(&pr, "reason"));
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->g1, g, PSTAGE_RUN, "予算書は後日", 1, &pr), -1);
	assert_int_equal(stage_of(f, g), PSTAGE_PLAN);
	memset(&pr, 0, sizeof pr);
	assert_int_equal(project_move_stage(f->st, &f->lead, g, PSTAGE_RUN, "予算書は議決後に添付する", 1, &pr), 0);
	assert_int_equal(stage_of(f, g), PSTAGE_RUN);
	assert_int_equal(project_stage_log_of(f->st, f->a, g, &log, &n), 0);
	assert_int_equal(n, 2);
	int forced = 0;
	for (int i = 0; i < n; i++)
		if (log[i].forced) {
			forced++;
			assert_int_equal(log[i].open_points, 1);
			assert_string_equal(log[i].reason, "予算書は議決後に添付する");
		}
	assert_int_equal(forced, 1);
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE entity = 'project' AND entity_id = %lld "
				  "AND action = 'stage-forced' AND after_json LIKE '%%収支予算書%%'", g);
	assert_int_equal(count_sql(f, sql), 1);
	/* 後援 needs no document before 実施 */
	long long s = mkproject(f, "後援の事業", "後援", 0);
	for (int k = PSTAGE_PLAN; k <= PSTAGE_RUN; k++) {
		all_agree(f, s);
		memset(&pr, 0, sizeof pr);
		assert_int_equal(project_move_stage(f->st, &f->lead, s, (enum project_stage)k, "", 0, &pr), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(move_table_is_exact),
		cmocka_unit_test_setup_teardown(documents_marked_by_who_attaches, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_forms_rules_at_the_moves, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(every_move_through_the_domain, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(stop_needs_a_reason, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(moves_race, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(tick_races_a_move, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(partner_added_twice_at_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(moving_on_with_open_points, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(checklists_per_side, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(forms_and_their_rules, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(visibility_matrix, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_all_or_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(staff_lead_only_their_department, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
