/* test_plan_round: the yearly round's daily work on a real SQLite database (issue 8):
 * publishing safely (what is open per department, the refusal without the explicit
 * choice and a reason, withheld answers read 未回答 by everyone, the denominator is every
 * item, reopening gives the answers back), the answer deadline and who is late,
 * reminders, items that ended (完了) not asked again, the grade rollup with seed 002's
 * figures, branch notes written by their department, the committee's opinions through the
 * visibility rule, and the readers of what awaits each role. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/account.h"
#include "domain/audit.h"
#include "domain/plan.h"
#include "domain/plan_awaits.h"
#include "domain/plan_import.h"
#include "domain/plan_opinion.h"
#include "domain/plan_round.h"
#include "domain/problems.h"
#include "domain/plan_walk.h"
#include "io/csv.h"
#include "io/plan_export.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include <sqlite3.h>

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor admin;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->admin = (struct actor){ .user_id = 0, .login = "test-admin", .role = ROLE_ADMIN };
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

static struct plan *mkplan(struct fx *f, const char *name, int from, int to, const char *statuses, const char *grades)
{
	long long id;
	char err[256] = "";
	if (plan_create(f->st, &f->admin, name, name, from, to, statuses, "【Ⅰ】,【Ⅱ】", grades, &id, err, sizeof err) != 0)
		fail_msg("plan_create: %s", err);
	struct plan *p;
	assert_int_equal(plan_get(f->st, f->a, id, &p), 0);
	return p;
}

static void import_ok(struct fx *f, struct plan *p, int fy, const char *csv)
{
	struct plan_import_result res;
	struct buf errors = BUF_INIT, warnings = BUF_INIT;
	struct plan_import_opts io = { .enc = CSV_ENC_AUTO };
	if (plan_import(f->st, &f->admin, p, fy, "t.csv", csv, strlen(csv), &io, &res, &errors, &warnings) != 0)
		fail_msg("import: %s", buf_cstr(&errors));
	buf_free(&errors);
	buf_free(&warnings);
}

/* A real account (the opinions name their member by id). */
static struct actor mkuser(struct fx *f, const char *login, enum role role, const char *dept)
{
	char err[256] = "";
	long long id = account_user_add(f->st, &f->admin, login, login, role, dept, "a-long-enough-password", err,
					sizeof err);
	if (id <= 0)
		fail_msg("user %s: %s", login, err);
	return (struct actor){ .user_id = id, .login = login, .display_name = login, .role = role,
			       .department_id = dept ? account_department_find(f->st, dept) : 0, .department_name = dept };
}

static const struct plan_node *node(const struct plan_tree *t, const char *code)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->nodes[i].code, code) == 0)
			return &t->nodes[i];
	fail_msg("no item %s", code);
	return NULL;
}

static long long id_of(struct fx *f, struct plan *p, const char *code)
{
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 0, NULL, &t), 0);
	return node(&t, code)->id;
}

/* The newest audit row of an action and its after-JSON (heap), or NULL. */
static char *last_audit(struct fx *f, const char *action)
{
	struct audit_row *rows;
	struct audit_filter af = { .action = action, .limit = 5 };
	int n = audit_list(f->st, &af, &rows);
	char *after = n > 0 && rows[0].after_json ? strdup(rows[0].after_json) : NULL;
	audit_rows_free(rows, n);
	return after;
}

/* A round with every kind of open item: A1 submitted, A2 sent back, B1 a draft, C1
 * unanswered, N1 the division's own answer, N2 without an answer and without a department. */
static struct plan *open_round_fixture(struct fx *f)
{
	struct plan *p = mkplan(f, "pub", 2023, 2025, "済,未", NULL);
	import_ok(f, p, 2024,
		  "code,parent,title,department,status,result\n"
		  "P,,pillar,,,\n"
		  "A1,P,a-one,課A,済,R-A1\nA2,P,a-two,課A,済,R-A2\nB1,P,b-one,課B,済,R-B1\nC1,P,c-one,課C,,\n"
		  "N1,P,n-one,,済,R-N1\nN2,P,n-two,,,\n");
	char err[256];
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), 0);
	long long da = account_department_find(f->st, "課A");
	assert_int_equal(plan_round_submit(f->st, &f->admin, p, 2024, da, err, sizeof err), 0);
	/* sending A2 back reopens 課A; A1 keeps its submitted answer */
	assert_int_equal(plan_round_return(f->st, &f->admin, p, 2024, id_of(f, p, "A2"), "数字を入れてください", err,
					   sizeof err),
			 0);
	return p;
}

/* 1 when year 2024 of p is published. */
static int published_2024(struct fx *f, const struct plan *p)
{
	char at[64];
	return plan_round_published_at(f->st, p->id, 2024, at, sizeof at) == 0;
}

/* The confirmation's figures, per department; the refusal without choice and reason. */
static void publish_shows_what_is_open_and_needs_a_reason(void **state)
{
	struct fx *f = *state;
	struct plan *p = open_round_fixture(f);
	struct plan_open op;
	assert_int_equal(plan_round_open_items(f->st, f->a, p, 2024, NULL, &op), 0);
	assert_int_equal(op.items, 6);
	/* A2 sent back, B1 a draft, C1 and N2 unanswered; A1 submitted and N1 the division's
	 * own answer stand */
	assert_int_equal(op.open, 4);
	assert_int_equal(op.counts[OPEN_UNANSWERED], 2);
	assert_int_equal(op.counts[OPEN_DRAFT], 1);
	assert_int_equal(op.counts[OPEN_RETURNED], 1);
	assert_int_equal(op.ndepts, 4);	/* 課A, 課B, 課C, then the items without a department */
	assert_string_equal(op.depts[0].department, "課A");
	assert_int_equal(op.depts[0].items, 2);
	assert_int_equal(op.depts[0].counts[OPEN_RETURNED], 1);
	assert_int_equal(op.depts[0].nlisted, 1);
	assert_string_equal(op.depts[0].listed[0].code, "A2");
	assert_string_equal(op.depts[1].listed[0].code, "B1");
	assert_int_equal(op.depts[1].listed[0].kind, OPEN_DRAFT);
	assert_int_equal(op.depts[2].listed[0].kind, OPEN_UNANSWERED);
	assert_null(op.depts[3].department);
	assert_int_equal(op.depts[3].items, 2);
	assert_int_equal(op.depts[3].counts[OPEN_UNANSWERED], 1);
	assert_string_equal(op.depts[3].listed[0].code, "N2");
	/* a staff account sees the open items of its own department only */
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A");
	assert_int_equal(plan_round_open_items(f->st, f->a, p, 2024, &sa, &op), 0);
	assert_int_equal(op.ndepts, 1);
	/* refused: without the choice, without a reason, by anyone but the division */
	char err[256];
	struct plan_publish_input no_reason = { 1, "" }, no_choice = { 0, "委員会の日程" },
				  ok = { 1, "委員会の日程に合わせるため" };
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "未回答"));
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, &no_reason, err, sizeof err), -1);
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, &no_choice, err, sizeof err), -1);
	assert_int_equal(plan_round_publish(f->st, &sa, p, 2024, &ok, err, sizeof err), -1);
	struct problems ps = { 0 };
	assert_int_equal(plan_publish_check(4, &(struct plan_publish_input){ 0, "" }, &ps), 2);	/* both at once */
	assert_non_null(problems_of(&ps, "with_open"));
	assert_non_null(problems_of(&ps, "reason"));
	assert_false(published_2024(f, p));
	/* with both it publishes, and the audit row keeps the reason and what was open */
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, &ok, err, sizeof err), 0);
	char *after = last_audit(f, "publish");
	assert_non_null(after);
	assert_non_null(strstr(after, "委員会の日程に合わせるため"));
	assert_non_null(strstr(after, "\"open\":4"));
	assert_non_null(strstr(after, "\"with_open\":true"));
	free(after);
}

/* Published with open items: they read 未回答 for everyone, the division too, and count in
 * the denominator; reopening gives them back to their departments. */
static void withheld_answers_read_unanswered(void **state)
{
	struct fx *f = *state;
	struct plan *p = open_round_fixture(f);
	char err[256];
	struct plan_publish_input ok = { 1, "委員会の日程" };
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, &ok, err, sizeof err), 0);
	struct actor pub = { .login = "", .role = ROLE_PUBLIC };
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A");
	const struct actor *viewers[] = { &pub, &f->admin, &sa, NULL };
	for (int v = 0; v < 4; v++) {
		struct plan_tree t;
		assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, v < 3 ? viewers[v] : NULL, &t), 0);
		for (const char *const *c = (const char *const[]){ "A2", "B1", "C1", "N2", NULL }; *c; c++) {
			assert_false(node(&t, *c)->y.present);
			assert_false(node(&t, *c)->y.hidden);	/* no answer: 未回答, not 未提出 */
		}
		assert_string_equal(node(&t, "A1")->y.result, "R-A1");	/* submitted: published */
		assert_string_equal(node(&t, "N1")->y.result, "R-N1");	/* the division's own */
		assert_int_equal(t.hidden, 0);
		struct rollup ru;
		assert_int_equal(plan_rollup(&t, f->a, ROLLUP_BRANCH, 1, &ru), 0);
		assert_int_equal(ru.total.items, 6);
		assert_int_equal(ru.total.total, 6);	/* the denominator is every item */
		assert_int_equal(ru.total.unanswered, 4);
		assert_int_equal(ru.total.counts[0], 2);	/* 済: A1, N1 */
		assert_true(rollup_has_unanswered(&ru));
	}
	/* the rollup CSV lists 未回答 after the groups, with every item in the total */
	struct rollup ru;
	assert_int_equal(plan_rollup_walk(f->st, f->a, p, 2024, &pub, ROLLUP_BRANCH, 1, &ru), 0);
	struct buf csv = BUF_INIT;
	assert_int_equal(plan_export_rollup(p, &ru, EXPORT_CSV, &csv, err, sizeof err), 0);
	assert_non_null(strstr(buf_cstr(&csv), "P,未回答,4,6,66.67"));
	assert_non_null(strstr(buf_cstr(&csv), "total,済,2,6,33.33"));
	buf_free(&csv);
	/* the public report's table writes 未回答, never a blank */
	struct buf out = BUF_INIT;
	assert_int_equal(plan_export_year(f->st, p, 2024, &pub, EXPORT_CSV, LAYOUT_REPORT, &out, NULL, err, sizeof err), 0);
	assert_non_null(strstr(buf_cstr(&out), "No,内容,重点,担当課,目標年次,施策の実施,実績,次期案,理由"));
	assert_non_null(strstr(buf_cstr(&out), "C1,c-one,,課C,,未回答,,,"));
	assert_non_null(strstr(buf_cstr(&out), "B1,b-one,,課B,,未回答,,,"));	/* the draft's R-B1 is not published */
	assert_null(strstr(buf_cstr(&out), "R-B1"));
	buf_free(&out);
	/* reopened: the answers are back where they were */
	assert_int_equal(plan_round_reopen(f->st, &f->admin, p, 2024, "訂正", err, sizeof err), 0);
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &f->admin, &t), 0);
	assert_string_equal(node(&t, "B1")->y.result, "R-B1");
	assert_string_equal(node(&t, "A2")->y.state, "returned");
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &sa, &t), 0);
	assert_true(node(&t, "A2")->y.present);
	assert_true(node(&t, "B1")->y.hidden);	/* another department's draft: 未提出 again */
}

/* Nothing open: publishing needs no choice; the reason is optional. */
static void publish_with_everything_answered(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "done", 2023, 2025, "済,未", NULL);
	import_ok(f, p, 2024, "code,parent,title,department,status\nP,,pillar,,\nA1,P,a,課A,済\nN1,P,n,,未\n");
	char err[256];
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), 0);
	assert_int_equal(plan_round_submit(f->st, &f->admin, p, 2024, account_department_find(f->st, "課A"), err,
					   sizeof err),
			 0);
	struct plan_open op;
	assert_int_equal(plan_round_open_items(f->st, f->a, p, 2024, NULL, &op), 0);
	assert_int_equal(op.open, 0);
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, NULL, err, sizeof err), 0);
}

static void deadline_and_who_is_late(void **state)
{
	struct fx *f = *state;
	char day[11], err[256];
	assert_int_equal(plan_deadline_parse("令和7年6月30日", day), 0);
	assert_string_equal(day, "2025-06-30");
	assert_int_equal(plan_deadline_parse("2025/6/3", day), 0);
	assert_string_equal(day, "2025-06-03");
	assert_int_equal(plan_deadline_parse("", day), 0);
	assert_string_equal(day, "");
	assert_int_equal(plan_deadline_parse("6月末", day), -1);
	struct problems ps = { 0 };
	assert_int_equal(plan_deadline_check(2025, "2025-03-31", &ps), 1);	/* before the year */
	assert_non_null(problems_of(&ps, "deadline"));
	assert_false(plan_deadline_passed("2025-06-30", "2025-06-30"));	/* the day itself is in time */
	assert_true(plan_deadline_passed("2025-06-30", "2025-07-01"));
	assert_false(plan_deadline_passed(NULL, "2025-07-01"));
	struct plan *p = mkplan(f, "late", 2020, 2030, "済,未", NULL);
	import_ok(f, p, 2021, "code,parent,title,department,status\nP,,pillar,,\nA1,P,a,課A,済\nB1,P,b,課B,\n");
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A");
	assert_int_equal(plan_round_open_with(f->st, &f->admin, p, 2021, "2020-06-30", err, sizeof err), -1);
	assert_int_equal(plan_round_open_with(f->st, &sa, p, 2021, "令和3年6月30日", err, sizeof err), -1);
	assert_int_equal(plan_round_open_with(f->st, &f->admin, p, 2021, "令和3年6月30日", err, sizeof err), 0);
	assert_int_equal(plan_round_submit(f->st, &sa, p, 2021, 0, err, sizeof err), 0);
	struct round_info ri;
	assert_int_equal(plan_round_get(f->st, f->a, p, 2021, &ri), 0);
	assert_string_equal(ri.deadline, "2021-06-30");
	assert_int_equal(ri.ndepts, 2);
	assert_false(ri.depts[0].late);	/* 課A submitted */
	assert_true(ri.depts[1].late);	/* 課B did not, and 2021-06-30 is past */
	/* the deadline is changed (audited) and cleared */
	assert_int_equal(plan_round_set_deadline(f->st, &f->admin, p, 2021, "2099-12-31", err, sizeof err), 0);
	char *after = last_audit(f, "deadline");
	assert_non_null(after);
	assert_non_null(strstr(after, "2099-12-31"));
	free(after);
	assert_int_equal(plan_round_get(f->st, f->a, p, 2021, &ri), 0);
	assert_false(ri.depts[1].late);
	assert_int_equal(plan_round_set_deadline(f->st, &f->admin, p, 2021, "", err, sizeof err), 0);
	assert_int_equal(plan_round_get(f->st, f->a, p, 2021, &ri), 0);
	assert_null(ri.deadline);
	assert_int_equal(plan_round_set_deadline(f->st, &f->admin, p, 2021, "someday", err, sizeof err), -1);
}

static void reminders(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "rem", 2020, 2030, "済,未", NULL);
	import_ok(f, p, 2021, "code,parent,title,department,status\nP,,pillar,,\nA1,P,a,課A,済\nB1,P,b,課B,\n");
	char err[256];
	long long da = account_department_find(f->st, "課A"), db = account_department_find(f->st, "課B");
	struct actor sb = mkuser(f, "sb", ROLE_STAFF, "課B");
	/* no round yet */
	assert_int_equal(plan_round_remind(f->st, &f->admin, p, 2021, db, "", err, sizeof err), -1);
	assert_int_equal(plan_round_open_with(f->st, &f->admin, p, 2021, "2021-06-30", err, sizeof err), 0);
	assert_int_equal(plan_round_submit(f->st, &f->admin, p, 2021, da, err, sizeof err), 0);
	assert_int_equal(plan_round_remind(f->st, &sb, p, 2021, db, "", err, sizeof err), -1);	/* the division only */
	assert_int_equal(plan_round_remind(f->st, &f->admin, p, 2021, da, "", err, sizeof err), -1);	/* submitted */
	assert_int_equal(plan_round_remind(f->st, &f->admin, p, 2021, 9999, "", err, sizeof err), -1);	/* no items */
	assert_int_equal(plan_round_remind(f->st, &f->admin, p, 2021, db, "\xe2\x80\xae", err, sizeof err), -1);
	assert_int_equal(plan_round_remind(f->st, &f->admin, p, 2021, db, "内線1234へ", err, sizeof err), 0);
	struct round_info ri;
	assert_int_equal(plan_round_get(f->st, f->a, p, 2021, &ri), 0);
	assert_null(ri.depts[0].reminded_at);
	assert_non_null(ri.depts[1].reminded_at);
	char *after = last_audit(f, "remind");
	assert_non_null(after);
	assert_non_null(strstr(after, "課B"));
	assert_non_null(strstr(after, "内線1234へ"));
	assert_non_null(strstr(after, "\"late\":true"));
	free(after);
}

/* An item whose next class was 完了 is not asked again in the later years of the plan. */
static void ended_items_are_not_asked_again(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "end", 2023, 2025, "済,未", NULL);
	import_ok(f, p, 2023,
		  "code,parent,title,department,status,next_priority\nP,,pillar,,,\nA1,P,ends,課A,済,完了\nA2,P,goes on,課A,済,【Ⅰ】\n");
	char err[256];
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A");
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2023, err, sizeof err), 0);
	/* not submitted yet: the draft's 完了 does not count */
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, NULL, &t), 0);
	assert_int_equal(node(&t, "A1")->ended_fy, 0);
	assert_int_equal(plan_round_submit(f->st, &sa, p, 2023, 0, err, sizeof err), 0);
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2023, NULL, err, sizeof err), 0);
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), 0);
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, NULL, &t), 0);
	assert_int_equal(node(&t, "A1")->ended_fy, 2023);
	assert_int_equal(node(&t, "A2")->ended_fy, 0);
	assert_int_equal(plan_walk_count(f->st, p, 2024, WALK_DEPT_ITEMS, sa.department_id), 1);
	struct round_info ri;
	assert_int_equal(plan_round_get(f->st, f->a, p, 2024, &ri), 0);
	assert_int_equal(ri.depts[0].items, 1);
	struct plan_year_input in = { .status = "済" };
	assert_int_equal(plan_year_save(f->st, &sa, p, node(&t, "A1")->id, 2024, &in, err, sizeof err), -1);
	assert_non_null(strstr(err, "完了"));
	assert_int_equal(plan_year_save(f->st, &sa, p, node(&t, "A2")->id, 2024, &in, err, sizeof err), 0);
	/* the department submits with A2 alone; the rollup of 2024 does not count A1 */
	assert_int_equal(plan_round_submit(f->st, &sa, p, 2024, 0, err, sizeof err), 0);
	struct rollup ru;
	assert_int_equal(plan_rollup_walk(f->st, f->a, p, 2024, NULL, ROLLUP_BRANCH, 1, &ru), 0);
	assert_int_equal(ru.total.items, 1);
	assert_int_equal(ru.total.total, 1);
	assert_false(rollup_has_unanswered(&ru));
	/* and carrying over leaves it behind */
	long long nid;
	assert_int_equal(plan_carry_over(f->st, &f->admin, p, 2024, "end2", "end2", 2026, 2028, &nid, err, sizeof err), 0);
	struct plan *np;
	assert_int_equal(plan_get(f->st, f->a, nid, &np), 0);
	assert_int_equal(plan_tree_load(f->st, f->a, np, 0, NULL, &t), 0);
	assert_int_equal(t.n, 2);	/* P and A2 */
}

/* The grade rollup with seed 002's table: 4 A, 16 B, 7 C of 27 (14.81 %, 59.26 %, 25.93 %). */
static void grade_rollup_seed002(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "kamagaya", 2015, 2019, "実施,一部実施,未実施", "A=90,B=30,C=0");
	FILE *fp = fopen("tests/data/seed002.csv", "rb");
	assert_non_null(fp);
	char data[16384];
	size_t n = fread(data, 1, sizeof data - 1, fp);
	fclose(fp);
	data[n] = 0;
	import_ok(f, p, 2015, data);
	struct plan_tree t;
	struct rollup ru;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2015, NULL, &t), 0);
	assert_int_equal(plan_rollup(&t, f->a, ROLLUP_GRADE, 1, &ru), 0);
	assert_int_equal(ru.ngroups, 3);
	assert_string_equal(ru.groups[0], "A");
	assert_string_equal(ru.groups[2], "C");
	assert_int_equal(ru.nrows, 3);
	assert_int_equal(ru.total.total, 27);
	assert_int_equal(ru.total.counts[0], 4);
	assert_int_equal(ru.total.counts[1], 16);
	assert_int_equal(ru.total.counts[2], 7);
	char pct[16];
	rollup_percent(ru.total.counts[0], ru.total.total, pct, sizeof pct);
	assert_string_equal(pct, "14.81");
	rollup_percent(ru.total.counts[1], ru.total.total, pct, sizeof pct);
	assert_string_equal(pct, "59.26");
	rollup_percent(ru.total.counts[2], ru.total.total, pct, sizeof pct);
	assert_string_equal(pct, "25.93");
	assert_int_equal(ru.rows[1].total, 11);	/* 施策2: 3 A, 5 B, 3 C */
	assert_int_equal(ru.rows[1].counts[0], 3);
	/* by 推進項目 (depth 2) the seed's own rows: 活動資源の支援 5 = 3 A, 1 B, 1 C */
	assert_int_equal(plan_rollup(&t, f->a, ROLLUP_GRADE, 2, &ru), 0);
	assert_int_equal(ru.nrows, 7);
	assert_string_equal(ru.rows[2].label, "施策2-1");
	assert_int_equal(ru.rows[2].counts[0], 3);
	assert_int_equal(ru.rows[2].counts[1], 1);
	assert_int_equal(ru.rows[2].counts[2], 1);
	/* the CSV's exact form */
	struct buf csv = BUF_INIT;
	char err[128];
	assert_int_equal(plan_rollup(&t, f->a, ROLLUP_GRADE, 1, &ru), 0);
	assert_int_equal(plan_export_rollup(p, &ru, EXPORT_CSV, &csv, err, sizeof err), 0);
	assert_string_equal(buf_cstr(&csv),
			    "row,grade,count,total,percent\r\n施策1,A,0,9,0.00\r\n施策1,B,7,9,77.78\r\n施策1,C,2,9,22.22\r\n"
			    "施策2,A,3,11,27.27\r\n施策2,B,5,11,45.45\r\n施策2,C,3,11,27.27\r\n施策3,A,1,7,14.29\r\n"
			    "施策3,B,4,7,57.14\r\n施策3,C,2,7,28.57\r\ntotal,A,4,27,14.81\r\ntotal,B,16,27,59.26\r\n"
			    "total,C,7,27,25.93\r\n");
	buf_free(&csv);
}

/* A branch's outcomes and problems: written by the department the branch names. */
static void branch_notes_by_their_department(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "notes", 2023, 2025, "済,未", NULL);
	import_ok(f, p, 2024, "code,parent,title,department,status\nP,,pillar,課A,\nA1,P,a,課A,済\nQ,,other,,\nB1,Q,b,課B,済\n");
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A"), sb = mkuser(f, "sb", ROLE_STAFF, "課B");
	struct actor com = mkuser(f, "cm", ROLE_COMMITTEE, NULL);
	char err[256];
	long long pid = id_of(f, p, "P"), qid = id_of(f, p, "Q");
	assert_int_equal(plan_branch_year_save(f->st, &sa, p, pid, 2024, "成果-A", "課題-A", err, sizeof err), -1);	/* not open */
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), 0);
	assert_int_equal(plan_branch_year_save(f->st, &sa, p, pid, 2024, "成果-A", "課題-A", err, sizeof err), 0);
	assert_int_equal(plan_branch_year_save(f->st, &sb, p, pid, 2024, "x", "y", err, sizeof err), -1);
	assert_int_equal(plan_branch_year_save(f->st, &sb, p, qid, 2024, "x", "y", err, sizeof err), -1);	/* the division's */
	assert_int_equal(plan_branch_year_save(f->st, &sa, p, id_of(f, p, "A1"), 2024, "x", "y", err, sizeof err), -1);
	assert_non_null(strstr(err, "branch"));
	assert_int_equal(plan_branch_year_save(f->st, &f->admin, p, qid, 2024, "成果-Q", "", err, sizeof err), 0);
	/* who reads them before publishing: the division and the branch's department */
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &sa, &t), 0);
	assert_string_equal(node(&t, "P")->outcomes, "成果-A");
	assert_null(node(&t, "Q")->outcomes);
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &sb, &t), 0);
	assert_null(node(&t, "P")->outcomes);
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &com, &t), 0);
	assert_null(node(&t, "P")->outcomes);
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &f->admin, &t), 0);
	assert_string_equal(node(&t, "P")->outcomes, "成果-A");
	/* once the department has submitted, they are read-only for it */
	assert_int_equal(plan_round_submit(f->st, &sa, p, 2024, 0, err, sizeof err), 0);
	assert_int_equal(plan_branch_year_save(f->st, &sa, p, pid, 2024, "later", "", err, sizeof err), -1);
}

/* The committee's opinions: who writes, who reads, until when. */
static void committee_opinions(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "op", 2023, 2025, "済,未", NULL);
	import_ok(f, p, 2024, "code,parent,title,department,status\nP,,pillar,,\nA1,P,a,課A,済\n");
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A"), com = mkuser(f, "cm", ROLE_COMMITTEE, NULL);
	struct actor com2 = mkuser(f, "cm2", ROLE_COMMITTEE, NULL), co = mkuser(f, "co", ROLE_COORDINATOR, NULL);
	struct actor pub = { .login = "", .role = ROLE_PUBLIC };
	char err[256];
	long long a1 = id_of(f, p, "A1");
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), 0);
	assert_int_equal(plan_opinion_save(f->st, &sa, p, 2024, 0, "staff", err, sizeof err), -1);
	assert_int_equal(plan_opinion_save(f->st, &f->admin, p, 2024, 0, "admin", err, sizeof err), -1);
	assert_int_equal(plan_opinion_save(f->st, &com, p, 2024, 0, "", err, sizeof err), -1);
	assert_int_equal(plan_opinion_save(f->st, &com, p, 2024, 0, "年度への意見", err, sizeof err), 0);
	assert_int_equal(plan_opinion_save(f->st, &com, p, 2024, 0, "年度への意見（改）", err, sizeof err), 0);	/* edited */
	assert_int_equal(plan_opinion_save(f->st, &com, p, 2024, a1, "項目への意見", err, sizeof err), 0);
	assert_int_equal(plan_opinion_save(f->st, &com2, p, 2024, 0, "もう一人の意見", err, sizeof err), 0);
	assert_int_equal(plan_opinion_save(f->st, &com, p, 2024, 999999, "x", err, sizeof err), PLAN_NOT_FOUND);
	assert_int_equal(plan_opinion_count(f->st, p, 2024), 3);
	struct plan_opinion *ops;
	int n;
	assert_int_equal(plan_opinion_list(f->st, f->a, p, 2024, &f->admin, PLAN_OPINIONS_ALL, &ops, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ops[0].item_id, 0);	/* the year's first */
	assert_string_equal(ops[0].body, "年度への意見（改）");
	assert_string_equal(ops[0].author, "cm");
	assert_int_equal(ops[2].item_id, a1);
	assert_string_equal(ops[2].item_code, "A1");
	assert_int_equal(plan_opinion_list(f->st, f->a, p, 2024, &com2, PLAN_OPINIONS_YEAR, &ops, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(plan_opinion_list(f->st, f->a, p, 2024, &com, a1, &ops, &n), 0);
	assert_int_equal(n, 1);
	/* not published: the departments, the center and the public do not read them */
	assert_int_equal(plan_opinion_list(f->st, f->a, p, 2024, &sa, PLAN_OPINIONS_ALL, &ops, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(plan_opinion_list(f->st, f->a, p, 2024, &co, PLAN_OPINIONS_ALL, &ops, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(plan_opinion_list(f->st, f->a, p, 2024, &pub, PLAN_OPINIONS_ALL, &ops, &n), 0);
	assert_int_equal(n, 0);
	char *after = last_audit(f, "update");
	assert_non_null(after);
	assert_non_null(strstr(after, "年度への意見（改）"));
	free(after);
	/* published: everyone reads them, nobody changes them */
	assert_int_equal(plan_round_submit(f->st, &sa, p, 2024, 0, err, sizeof err), 0);
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, NULL, err, sizeof err), 0);
	assert_int_equal(plan_opinion_list(f->st, f->a, p, 2024, &pub, PLAN_OPINIONS_ALL, &ops, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(plan_opinion_save(f->st, &com, p, 2024, 0, "後から", err, sizeof err), -1);
}

/* What awaits each person: the readers the home page's dashboards use. */
static void what_awaits_each_role(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "aw", 2023, 2025, "済,未", NULL);
	import_ok(f, p, 2024,
		  "code,parent,title,department,status\nP,,pillar,課A,\nA1,P,a-one,課A,済\nA2,P,a-two,課A,\nB1,P,b-one,課B,済\n");
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A"), sb = mkuser(f, "sb", ROLE_STAFF, "課B");
	struct actor com = mkuser(f, "cm", ROLE_COMMITTEE, NULL);
	char err[256];
	assert_int_equal(plan_round_open_with(f->st, &f->admin, p, 2024, "2024-06-30", err, sizeof err), 0);
	assert_int_equal(plan_round_submit(f->st, &sb, p, 2024, 0, err, sizeof err), 0);
	assert_int_equal(plan_round_return(f->st, &f->admin, p, 2024, id_of(f, p, "B1"), "根拠を添えてください", err,
					   sizeof err),
			 0);
	struct plan_staff_work *w;
	int n;
	assert_int_equal(plan_awaits_staff(f->st, f->a, &sa, &w, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].fy, 2024);
	assert_string_equal(w[0].deadline, "2024-06-30");
	assert_true(w[0].late);
	assert_int_equal(w[0].items, 2);
	assert_int_equal(w[0].to_answer, 1);
	assert_int_equal(w[0].branches, 1);	/* P */
	assert_null(w[0].submitted_at);
	assert_int_equal(plan_awaits_staff(f->st, f->a, &sb, &w, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].returned, 1);
	assert_int_equal(w[0].nreturned, 1);
	assert_string_equal(w[0].returned_items[0].code, "B1");
	assert_string_equal(w[0].returned_items[0].comment, "根拠を添えてください");
	assert_int_equal(plan_opinion_save(f->st, &com, p, 2024, 0, "意見", err, sizeof err), 0);
	struct plan_committee_work *cw;
	assert_int_equal(plan_awaits_committee(f->st, f->a, &com, &cw, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cw[0].depts, 2);
	assert_int_equal(cw[0].depts_submitted, 0);	/* B1 went back: 課B is no longer submitted */
	assert_int_equal(cw[0].my_opinions, 1);
	struct plan_round_progress *pr;
	assert_int_equal(plan_awaits_admin(f->st, f->a, &f->admin, &pr, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pr[0].depts, 2);
	assert_int_equal(pr[0].depts_late, 2);
	assert_int_equal(pr[0].items, 3);
	assert_int_equal(pr[0].answered, 2);
	assert_int_equal(pr[0].returned, 1);
	assert_int_equal(pr[0].opinions, 1);
	/* nobody else is handed these */
	assert_int_equal(plan_awaits_admin(f->st, f->a, &sa, &pr, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(plan_awaits_staff(f->st, f->a, &com, &w, &n), 0);
	assert_int_equal(n, 0);
}

/* An item without a department is the division's own answer: it cannot be sent back (nobody
 * would answer it again), and an answer left sent back is withheld at publishing like every
 * open one, never published as if it stood (the review of issue 8 found it published). */
static void a_return_without_department(void **state)
{
	struct fx *f = *state;
	struct plan *p = open_round_fixture(f);
	char err[256] = "";
	long long n1 = id_of(f, p, "N1");
	assert_int_equal(plan_round_return(f->st, &f->admin, p, 2024, n1, "直してください", err, sizeof err), -1);
	assert_non_null(strstr(err, "no department"));
	/* data from before this rule: N1 sent back */
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE plan_item_years SET state = 'returned' WHERE item_id = %lld AND fy = 2024", n1);
	assert_int_equal(store_exec_sql(f->st, sql), 0);
	struct plan_publish_input in = { 1, "期限のため" };
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, &in, err, sizeof err), 0);
	/* read as any reader would, through a second connection */
	snprintf(sql, sizeof sql, "SELECT withheld FROM plan_item_years WHERE item_id = %lld AND fy = 2024", n1);
	assert_int_equal(testdb_scalar(f->path, sql), 1);
}

/* Sending one item back reopens that item, not the department's other submitted answers. */
static void a_return_reopens_only_its_item(void **state)
{
	struct fx *f = *state;
	struct plan *p = open_round_fixture(f);	/* 課A submitted, A2 sent back */
	struct actor sa = mkuser(f, "sa", ROLE_STAFF, "課A");
	struct plan_year_input in = { .status = "済", .result = "rewritten" };
	char err[256] = "";
	assert_int_equal(plan_year_save(f->st, &sa, p, id_of(f, p, "A2"), 2024, &in, err, sizeof err), 0);
	assert_int_equal(plan_year_save(f->st, &sa, p, id_of(f, p, "A1"), 2024, &in, err, sizeof err), -1);
	assert_non_null(strstr(err, "send it back"));
	/* the division still may */
	assert_int_equal(plan_year_save(f->st, &f->admin, p, id_of(f, p, "A1"), 2024, &in, err, sizeof err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(publish_shows_what_is_open_and_needs_a_reason, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(withheld_answers_read_unanswered, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(publish_with_everything_answered, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(deadline_and_who_is_late, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(reminders, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(ended_items_are_not_asked_again, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(grade_rollup_seed002, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(branch_notes_by_their_department, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(committee_opinions, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(what_awaits_each_role, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_return_reopens_only_its_item, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_return_without_department, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
