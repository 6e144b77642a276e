/* test_plan: the plan domain on a real SQLite database (a temporary file): the two
 * seed tables (004's review by pillar, 003's classes), import rules and errors, the
 * yearly round's permissions, rollup arithmetic and carry-over. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/plan.h"
#include "domain/plan_import.h"
#include "domain/plan_round.h"
#include "domain/plan_walk.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "io/plan_export.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/jtext.h"
#include "io/csv.h"

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

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return buf_detach(&b);
}

static struct plan *mkplan(struct fx *f, const char *name, int from, int to, const char *statuses,
			   const char *prios)
{
	long long id;
	char err[256] = "";
	int rc = plan_create(f->st, &f->admin, name, name, from, to, statuses, prios, "A=90,B=60,C=0", &id, err,
			     sizeof err);
	if (rc != 0)
		fail_msg("plan_create: %s", err);
	struct plan *p;
	assert_int_equal(plan_get(f->st, f->a, id, &p), 0);
	return p;
}

static int import_text(struct fx *f, struct plan *p, int fy, const char *csv, struct buf *errors)
{
	struct plan_import_result res;
	struct buf warnings = BUF_INIT;
	struct plan_import_opts io = { .enc = CSV_ENC_AUTO };
	int rc = plan_import(f->st, &f->admin, p, fy, "test.csv", csv, strlen(csv), &io, &res, errors,
			     &warnings);
	buf_free(&warnings);
	return rc;
}

static int import_file(struct fx *f, struct plan *p, int fy, const char *path)
{
	size_t len;
	char *data = read_file(path, &len);
	struct buf errors = BUF_INIT, warnings = BUF_INIT;
	struct plan_import_result res;
	struct plan_import_opts io = { .enc = CSV_ENC_AUTO };
	int rc = plan_import(f->st, &f->admin, p, fy, path, data, len, &io, &res, &errors, &warnings);
	if (rc != 0)
		fail_msg("import %s: %s", path, buf_cstr(&errors));
	free(data);
	buf_free(&errors);
	buf_free(&warnings);
	return rc;
}

static char *rollup_csv(struct fx *f, struct plan *p, int fy, enum rollup_by by, int depth, struct rollup *ru)
{
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, fy, NULL, &t), 0);
	assert_int_equal(plan_rollup(&t, f->a, by, depth, ru), 0);
	struct buf out = BUF_INIT;
	char err[128];
	assert_int_equal(plan_export_rollup(p, ru, EXPORT_CSV, &out, err, sizeof err), 0);
	return buf_detach(&out);
}

/* Seed 004: the review table of the first action plan comes out of its own rows. */
static void seed004_review_by_pillar(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "kofu-1", 2017, 2019, "実施済,未実施", NULL);
	import_file(f, p, 2019, "tests/data/seed004.csv");
	struct rollup ru;
	char *csv = rollup_csv(f, p, 2019, ROLLUP_BRANCH, 1, &ru);
	static const char *const want =
		"row,status,count,total,percent\r\n"
		"Ⅰ,実施済,7,10,70.00\r\nⅠ,未実施,3,10,30.00\r\n"
		"Ⅱ,実施済,3,4,75.00\r\nⅡ,未実施,1,4,25.00\r\n"
		"Ⅲ,実施済,5,9,55.56\r\nⅢ,未実施,4,9,44.44\r\n"
		"Ⅳ,実施済,0,4,0.00\r\nⅣ,未実施,4,4,100.00\r\n"
		"total,実施済,15,27,55.56\r\ntotal,未実施,12,27,44.44\r\n";
	assert_string_equal(csv, want);
	/* basic measures and actions per pillar, as in the published table: 2/10, 1/4, 3/9, 1/4 */
	static const int branches[] = { 2, 1, 3, 1 }, items[] = { 10, 4, 9, 4 };
	assert_int_equal(ru.nrows, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(ru.rows[i].branches, branches[i]);
		assert_int_equal(ru.rows[i].items, items[i]);
	}
	assert_int_equal(ru.total.branches, 7);
	assert_int_equal(ru.total.items, 27);
	free(csv);
}

/* Seed 003: per-class counts are computed from the rows; the published summary lines
 * (e.g. 【Ⅰ】 "5/6：済 1/6：未") disagree with the table's own rows. */
static void seed003_counts_follow_the_rows(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "npo-1", 2019, 2023, "済,済・継=済,一部済,着手中,未", "【Ⅰ】,【Ⅱ-ア】,【Ⅱ-イ】,【Ⅲ】");
	import_file(f, p, 2023, "tests/data/seed003.csv");
	struct rollup ru;
	char *csv = rollup_csv(f, p, 2023, ROLLUP_PRIORITY, 1, &ru);
	static const char *const want =
		"row,status,count,total,percent\r\n"
		"【Ⅰ】,済,4,6,66.67\r\n【Ⅰ】,一部済,0,6,0.00\r\n【Ⅰ】,着手中,1,6,16.67\r\n【Ⅰ】,未,1,6,16.67\r\n"
		"【Ⅱ-ア】,済,1,6,16.67\r\n【Ⅱ-ア】,一部済,2,6,33.33\r\n【Ⅱ-ア】,着手中,1,6,16.67\r\n【Ⅱ-ア】,未,2,6,33.33\r\n"
		"【Ⅱ-イ】,済,6,9,66.67\r\n【Ⅱ-イ】,一部済,1,9,11.11\r\n【Ⅱ-イ】,着手中,0,9,0.00\r\n【Ⅱ-イ】,未,2,9,22.22\r\n"
		"【Ⅲ】,済,0,2,0.00\r\n【Ⅲ】,一部済,0,2,0.00\r\n【Ⅲ】,着手中,0,2,0.00\r\n【Ⅲ】,未,2,2,100.00\r\n"
		/* every item has a class: no all-zero "(none)" row (issue 8 §4) */
		"total,済,11,23,47.83\r\ntotal,一部済,3,23,13.04\r\ntotal,着手中,2,23,8.70\r\ntotal,未,7,23,30.43\r\n";
	assert_string_equal(csv, want);
	free(csv);
	/* next-period classes as officials wrote them: "○" ends an item, "○→I" and "I" mean 【Ⅰ】 */
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
	int seen = 0;
	for (int i = 0; i < t.n; i++) {
		const struct plan_node *nd = &t.nodes[i];
		if (strcmp(nd->code, "3") == 0) {
			assert_true(nd->y.next_complete);
			assert_string_equal(nd->y.next_priority, PLAN_COMPLETE_LABEL);
			seen++;
		} else if (strcmp(nd->code, "18") == 0 || strcmp(nd->code, "6") == 0) {
			assert_string_equal(nd->y.next_priority, "【Ⅰ】");
			seen++;
		} else if (strcmp(nd->code, "1") == 0) {
			assert_string_equal(nd->priority, "【Ⅰ】");	/* "【Ⅰ】<重点施策>" matched the class */
			assert_string_equal(nd->y.status, "済・継");
			assert_string_equal(nd->y.group, "済");
			seen++;
		}
	}
	assert_int_equal(seen, 4);
	/* the tree: children come right after their parent though the file (reversed on
	 * purpose) lists parents after children; siblings keep the file's order */
	assert_string_equal(t.nodes[0].code, "(7)");
	assert_int_equal(t.nodes[0].depth, 1);
	assert_string_equal(t.nodes[1].code, "(7)エ");
	assert_int_equal(t.nodes[1].depth, 2);
	assert_string_equal(t.nodes[2].code, "23");
	assert_int_equal(t.nodes[2].depth, 3);
	assert_int_equal(t.nodes[2].parent, 1);
}

static long long count_items(struct fx *f, struct plan *p)
{
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 0, NULL, &t), 0);
	return t.n;
}

/* Every bad row fails the whole import with row and column, and nothing is written. */
static void import_errors_write_nothing(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "errs", 2023, 2025, "済,未", "【Ⅰ】");
	struct buf e = BUF_INIT;
	assert_int_equal(import_text(f, p, 2023, "code,parent,title,status\n1,,root,\n", &e), 0);
	assert_int_equal(count_items(f, p), 1);
	static const struct {
		const char *csv, *want;
	} cases[] = {
		{ "code,parent,title,status\n1,,a,\n2,9,b,済\n", "row 3, column 2 (parent): unknown parent code" },
		{ "code,parent,title,status\n2,1,b,done\n", "row 2, column 4 (status): unknown status" },
		{ "code,parent,title,priority\n2,1,b,【Ⅴ】\n", "row 2, column 4 (priority): unknown priority class" },
		{ "code,parent,title,status\n2,1,b,済\n3,1,c,未\n2,1,d,未\n", "row 4, column 1 (code): duplicate code (also on row 2)" },
		{ "code,parent,title\n2,3,b\n3,2,c\n", "the parents form a cycle" },
		{ "code,parent,title\n1,2,root moved\n2,1,child\n", "the parents form a cycle" },
		{ "code,parent,title\n2,1,\n", "row 2, column 3 (title): the title is empty" },
		{ "code,parent,status\n2,1,済\n", "a required column is missing \"title\"" },
		{ "code,title,next_priority,status\n2,b,Ⅸ,済\n", "row 2, column 3 (next_priority): unknown next-period class" },
		{ "code,title\n\"2,b\n", "unterminated" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&e);
		int rc = import_text(f, p, 2023, cases[i].csv, &e);
		if (rc != -1 || !strstr(buf_cstr(&e), cases[i].want))
			fail_msg("case %zu: rc %d, errors:\n%s\nwanted: %s", i, rc, buf_cstr(&e), cases[i].want);
		assert_int_equal(count_items(f, p), 1);	/* nothing written */
	}
	/* a file with several problems names each of them */
	buf_reset(&e);
	assert_int_equal(import_text(f, p, 2023, "code,parent,title,status\n2,9,b,x\n", &e), -1);
	assert_non_null(strstr(buf_cstr(&e), "unknown parent code"));
	assert_non_null(strstr(buf_cstr(&e), "unknown status"));
	/* a year outside the period */
	buf_reset(&e);
	assert_int_equal(import_text(f, p, 2030, "code,title\n2,b\n", &e), -1);
	buf_free(&e);
}

/* Re-importing updates by code; encodings: UTF-8 with BOM and CP932 bytes. */
static void import_updates_and_encodings(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "enc", 2023, 2025, "済,未", NULL);
	struct buf e = BUF_INIT;
	assert_int_equal(import_text(f, p, 2023, "\xEF\xBB\xBF" "code,title,status\nA,最初の名前,済\n", &e), 0);
	/* CP932: "コード,内容,施策の実施\r\nA,新しい名前,未\r\n" */
	const char cp932[] = "\x83\x52\x81\x5b\x83\x68,\x93\xe0\x97\x65,\x8e\x7b\x8d\xf4\x82\xcc\x8e\xc0\x8e\x7b\r\n"
			     "A,\x90\x56\x82\xb5\x82\xa2\x96\xbc\x91\x4f,\x96\xa2\r\n";
	assert_int_equal(import_text(f, p, 2023, cp932, &e), 0);
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.nodes[0].title, "新しい名前");
	assert_string_equal(t.nodes[0].y.status, "未");
	/* an empty status removes that year's record on re-import */
	assert_int_equal(import_text(f, p, 2023, "code,title,status\nA,新しい名前,\n", &e), 0);
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
	assert_false(t.nodes[0].y.present);
	buf_free(&e);
}

/* A file without some columns updates only what it carries; every change is audited;
 * a branch cannot hold a status. (Review finding: a code,title file used to clear the
 * parent, class, department and the year's answer.) */
static void import_partial_keeps_the_rest(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "partial", 2023, 2025, "済,未", "【Ⅰ】");
	struct buf e = BUF_INIT;
	assert_int_equal(import_text(f, p, 2023,
				     "code,parent,title,priority,department,status,result,achievement\n"
				     "P,,pillar,,,,,\nA,P,item,【Ⅰ】,課A,済,did it,80\n", &e),
			 0);
	assert_int_equal(import_text(f, p, 2023, "code,title\nA,item renamed\n", &e), 0);
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
	assert_int_equal(t.n, 2);
	const struct plan_node *a = &t.nodes[1];
	assert_string_equal(a->title, "item renamed");
	assert_int_equal(a->parent, 0);
	assert_string_equal(a->priority, "【Ⅰ】");
	assert_string_equal(a->department, "課A");
	assert_string_equal(a->y.status, "済");
	assert_string_equal(a->y.result, "did it");
	assert_true(a->y.achievement == 80.0);
	/* a status column without result keeps the result; an empty status removes the record */
	assert_int_equal(import_text(f, p, 2023, "code,title,status\nA,item renamed,未\n", &e), 0);
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
	assert_string_equal(t.nodes[1].y.status, "未");
	assert_string_equal(t.nodes[1].y.result, "did it");
	/* a branch cannot carry a status, whether its children are in the file or stored */
	buf_reset(&e);
	assert_int_equal(import_text(f, p, 2023, "code,title,status\nP,pillar,済\n", &e), -1);
	assert_non_null(strstr(buf_cstr(&e), "row 2, column 3 (status): a branch"));
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
	assert_false(t.nodes[0].y.present);
	/* every created item and written record has its own audit row */
	struct audit_row *rows;
	struct audit_filter af = { .entity = "plan_item", .limit = 100 };
	int n = audit_list(f->st, &af, &rows);
	assert_int_equal(n, 3);	/* P and A created, A renamed */
	audit_rows_free(rows, n);
	struct audit_filter ay = { .entity = "plan_item_year:2023", .limit = 100 };
	n = audit_list(f->st, &ay, &rows);
	assert_int_equal(n, 2);	/* A's record written twice */
	assert_non_null(rows[0].before_json);
	audit_rows_free(rows, n);
	buf_free(&e);
}

static void rollup_percent_rounds_half_up(void **state)
{
	(void)state;
	char b[16];
	rollup_percent(2, 3, b, sizeof b);
	assert_string_equal(b, "66.67");
	rollup_percent(1, 3, b, sizeof b);
	assert_string_equal(b, "33.33");
	rollup_percent(0, 0, b, sizeof b);
	assert_string_equal(b, "0.00");
	rollup_percent(1, 8, b, sizeof b);
	assert_string_equal(b, "12.50");
	rollup_percent(1, 16, b, sizeof b);	/* 6.25 exactly */
	assert_string_equal(b, "6.25");
	rollup_percent(1, 7, b, sizeof b);	/* 14.2857 */
	assert_string_equal(b, "14.29");
	rollup_percent(5, 5, b, sizeof b);
	assert_string_equal(b, "100.00");
}

/* The yearly round: who may write what, when. */
static void round_permissions(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "round", 2023, 2025, "済,未", "【Ⅰ】");
	struct buf e = BUF_INIT;
	assert_int_equal(import_text(f, p, 2024,
				     "code,parent,title,department\nP,,pillar,\nA,P,item a,課A\nB,P,item b,課B\n", &e),
			 0);
	long long da = account_department_find(f->st, "課A"), db = account_department_find(f->st, "課B");
	assert_true(da > 0 && db > 0);
	struct actor sa = { .user_id = 0, .login = "staff-a", .role = ROLE_STAFF, .department_id = da };
	struct actor coord = { .login = "center", .role = ROLE_COORDINATOR };
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, NULL, &t), 0);
	long long ia = t.nodes[1].id, ib = t.nodes[2].id;
	char err[256];
	struct plan_year_input in = { .status = "済", .result = "done" };
	/* before the round opens, staff cannot answer */
	assert_int_equal(plan_year_save(f->st, &sa, p, ia, 2024, &in, err, sizeof err), -1);
	assert_int_equal(plan_round_open(f->st, &sa, p, 2024, err, sizeof err), -1);	/* only admin opens */
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), 0);
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), -1);	/* once */
	/* a department answers only for its own items */
	assert_int_equal(plan_year_save(f->st, &sa, p, ib, 2024, &in, err, sizeof err), -1);
	assert_int_equal(plan_year_save(f->st, &coord, p, ia, 2024, &in, err, sizeof err), -1);
	struct plan_year_input bad = { .status = "nope" };
	assert_int_equal(plan_year_save(f->st, &sa, p, ia, 2024, &bad, err, sizeof err), -1);
	struct plan_year_input badpct = { .status = "済", .achievement = "120" };
	assert_int_equal(plan_year_save(f->st, &sa, p, ia, 2024, &badpct, err, sizeof err), -1);
	struct plan_year_input wide = { .status = "済", .achievement = "９５", .next_priority = "Ⅰ" };
	assert_int_equal(plan_year_save(f->st, &sa, p, ia, 2024, &wide, err, sizeof err), 0);
	/* the department sees its own draft; the committee sees the item but not the draft */
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &sa, &t), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.nodes[1].code, "A");
	struct actor com = { .login = "committee", .role = ROLE_COMMITTEE };
	struct plan_tree tc;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, &com, &tc), 0);
	assert_int_equal(tc.n, 3);
	assert_false(tc.nodes[1].y.present);
	assert_true(tc.nodes[1].y.hidden);
	/* B has no answer at all: to the committee it looks the same as A's draft (not yet
	 * submitted), so that nothing tells which items hold drafts */
	assert_false(tc.nodes[2].y.present);
	assert_true(tc.nodes[2].y.hidden);
	assert_false(tc.nodes[0].y.hidden);	/* a branch holds no answers */
	assert_int_equal(tc.hidden, 2);
	/* 課A's staff see their own draft, and 課B's item as the committee does */
	assert_false(t.nodes[1].y.hidden);
	assert_true(t.nodes[2].y.hidden);
	assert_int_equal(t.hidden, 1);
	assert_true(t.nodes[1].y.achievement == 95.0);
	assert_string_equal(t.nodes[1].y.grade, "A");
	assert_string_equal(t.nodes[1].y.next_priority, "【Ⅰ】");
	/* submit needs every item answered; then the department is locked */
	assert_int_equal(plan_round_submit(f->st, &sa, p, 2024, 0, err, sizeof err), 0);
	assert_int_equal(plan_year_save(f->st, &sa, p, ia, 2024, &in, err, sizeof err), -1);
	assert_int_equal(plan_round_submit(f->st, &f->admin, p, 2024, db, err, sizeof err), -1);	/* B unanswered */
	/* sent back with a comment, the item opens again for its department */
	assert_int_equal(plan_round_return(f->st, &f->admin, p, 2024, ia, "", err, sizeof err), -1);
	assert_int_equal(plan_round_return(f->st, &f->admin, p, 2024, ia, "数字を確認してください", err, sizeof err), 0);
	assert_int_equal(plan_year_save(f->st, &sa, p, ia, 2024, &in, err, sizeof err), 0);
	struct round_info ri;
	assert_int_equal(plan_round_get(f->st, f->a, p, 2024, &ri), 0);
	assert_int_equal(ri.ndepts, 2);
	assert_null(ri.depts[0].submitted_at);
	assert_int_equal(ri.depts[0].returned, 1);
	assert_int_equal(plan_round_submit(f->st, &sa, p, 2024, 0, err, sizeof err), 0);
	/* an administrator's correction keeps the submitted state; a branch takes no status */
	assert_int_equal(plan_year_save(f->st, &f->admin, p, ia, 2024, &in, err, sizeof err), 0);
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, NULL, &t), 0);
	assert_string_equal(t.nodes[1].y.state, "submitted");
	assert_int_equal(plan_year_save(f->st, &f->admin, p, t.nodes[0].id, 2024, &in, err, sizeof err), -1);
	/* publish: read-only for everyone, admin included, until reopened; item B is still
	 * unanswered, so publishing needs the explicit choice and a reason */
	struct plan_publish_input anyway = { 1, "委員会に報告するため" };
	assert_int_equal(plan_round_publish(f->st, &sa, p, 2024, &anyway, err, sizeof err), -1);
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, NULL, err, sizeof err), -1);
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, &anyway, err, sizeof err), 0);
	char at[64];
	assert_int_equal(plan_round_published_at(f->st, p->id, 2024, at, sizeof at), 0);
	assert_int_equal(plan_year_save(f->st, &f->admin, p, ib, 2024, &in, err, sizeof err), -1);
	assert_int_equal(import_text(f, p, 2024, "code,title,status\nB,item b,済\n", &e), -1);
	assert_int_equal(plan_round_reopen(f->st, &f->admin, p, 2024, "訂正", err, sizeof err), 0);
	assert_int_equal(plan_round_published_at(f->st, p->id, 2024, at, sizeof at), PLAN_NOT_FOUND);
	assert_int_equal(plan_year_save(f->st, &f->admin, p, ib, 2024, &in, err, sizeof err), 0);
	buf_free(&e);
}

/* Carry-over: 完了 items stay behind, the rest move with their next class. */
static void carry_over_moves_unfinished(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "first", 2020, 2022, "済,未", "【Ⅰ】,【Ⅱ】");
	struct buf e = BUF_INIT;
	assert_int_equal(import_text(f, p, 2022,
				     "code,parent,title,priority,status,next_priority\n"
				     "P,,pillar,,,\nA,P,ends,【Ⅰ】,済,完了\nB,P,moves up,【Ⅱ】,未,【Ⅰ】\n"
				     "Q,,pillar two,,,\nC,Q,ends too,【Ⅱ】,済,○\n", &e),
			 0);
	long long nid;
	char err[256];
	struct actor staff = { .login = "s", .role = ROLE_STAFF, .department_id = 1 };
	assert_int_equal(plan_carry_over(f->st, &staff, p, 2022, "second", "second", 2023, 2025, &nid, err, sizeof err),
			 -1);
	assert_int_equal(plan_carry_over(f->st, &f->admin, p, 2022, "second", "second", 2023, 2025, &nid, err, sizeof err),
			 0);
	struct plan *np;
	assert_int_equal(plan_get(f->st, f->a, nid, &np), 0);
	assert_int_equal(np->predecessor_id, p->id);
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, np, 0, NULL, &t), 0);
	assert_int_equal(t.n, 2);	/* pillar P and item B; Q had nothing left */
	assert_string_equal(t.nodes[1].code, "B");
	assert_string_equal(t.nodes[1].priority, "【Ⅰ】");
	assert_true(t.nodes[1].carried_from_id > 0);
	buf_free(&e);
}

/* ---- round trips, spreadsheet damage, dry runs, text fields, the stored tree order ---- */

static int import_res(struct fx *f, struct plan *p, int fy, const char *data, size_t len, int dry, struct buf *changes,
		      struct plan_import_result *res, struct buf *errors)
{
	struct buf warnings = BUF_INIT;
	struct plan_import_opts io = { .enc = CSV_ENC_AUTO, .dry_run = dry, .changes = changes };
	int rc = plan_import(f->st, &f->admin, p, fy, "t.csv", data, len, &io, res, errors, &warnings);
	buf_free(&warnings);
	return rc;
}

static void export_to(struct fx *f, struct plan *p, int fy, enum export_format fmt, enum export_layout l, struct buf *out)
{
	char err[256] = "";
	buf_reset(out);
	if (plan_export_year(f->st, p, fy, NULL, fmt, l, out, NULL, err, sizeof err) != 0)
		fail_msg("export: %s", err);
}

static void csv_cell_out(struct buf *b, const char *s, int last)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_puts(b, last ? "\"\n" : "\",");
}

static void assert_nothing_changed(const struct plan_import_result *r)
{
	if (r->created || r->updated || r->records || r->records_removed || r->notes)
		fail_msg("changed: %d created, %d updated, %d records, %d removed, %d notes", r->created, r->updated,
			 r->records, r->records_removed, r->notes);
}

/* Every character CP932 can hold, the seven with two Unicode forms (〜‖−¢£¬— in codes, titles,
 * a department), and characters it cannot hold (鷗, 𠮷): exporting in CP932 and importing that
 * file changes nothing and creates nothing; the full layout rebuilds the plan byte for byte. */
static void cp932_round_trip_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "rt", 2023, 2024, "済,未", "【Ⅰ】,【Ⅱ】");
	struct buf csv = BUF_INIT, chunk = BUF_INIT;
	buf_puts(&csv, "code,parent,title,department,status,result,next_reason,achievement,description\n");
	buf_puts(&csv, "P〜,,柱〜−‖—¢£¬,,,,,,\n");
	static const char *const pairs[] = { "〜", "−", "‖", "—", "¢", "£", "¬", "鷗", "𠮷" };
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		char code[32], title[64];
		snprintf(code, sizeof code, "K%s%zu", pairs[i], i);
		snprintf(title, sizeof title, "題%s名", pairs[i]);
		buf_printf(&csv, "%s,P〜,%s,企画〜課,済,結果%s,理由%s,66.67,\n", code, title, pairs[i], pairs[i]);
	}
	size_t held = 0, refused = 0, n = 0;
	for (uint32_t cp = 0x20; cp < 0x10000; cp++) {
		char t[8];
		if (cp == 0x7F || (cp >= 0xD800 && cp <= 0xDFFF) || !csv_cp932_holds(cp))
			continue;
		int k = jtext_utf8_encode(cp, t);
		t[k] = 0;
		if (jtext_text_problem(t, 1) && !jtext_is_blank(t)) {	/* a field may not hold it at all */
			refused++;
			continue;
		}
		held++;
		buf_append(&chunk, t, (size_t)k);
		if (chunk.len > 600 || cp == 0xFFFF) {
			char code[16];
			snprintf(code, sizeof code, "Z%03zu", n++);
			buf_printf(&csv, "%s,P〜,", code);
			struct buf cell = BUF_INIT;
			buf_printf(&cell, "T%sT", buf_cstr(&chunk));
			csv_cell_out(&csv, buf_cstr(&cell), 0);
			buf_puts(&csv, "企画〜課,未,");
			csv_cell_out(&csv, buf_cstr(&cell), 0);
			csv_cell_out(&csv, buf_cstr(&cell), 0);
			buf_puts(&csv, ",");
			csv_cell_out(&csv, buf_cstr(&cell), 1);
			buf_free(&cell);
			buf_reset(&chunk);
		}
	}
	if (chunk.len) {
		buf_printf(&csv, "Z%03zu,P〜,", n++);
		struct buf cell = BUF_INIT;
		buf_printf(&cell, "T%sT", buf_cstr(&chunk));
		csv_cell_out(&csv, buf_cstr(&cell), 0);
		buf_puts(&csv, "企画〜課,未,");
		csv_cell_out(&csv, buf_cstr(&cell), 0);
		csv_cell_out(&csv, buf_cstr(&cell), 0);
		buf_puts(&csv, ",");
		csv_cell_out(&csv, buf_cstr(&cell), 1);
		buf_free(&cell);
	}
	assert_true(held > 7000);
	assert_true(refused < 20);
	struct buf e = BUF_INIT;
	struct plan_import_result res;
	if (import_res(f, p, 2023, csv.data, csv.len, 0, NULL, &res, &e) != 0)
		fail_msg("%s", buf_cstr(&e));
	assert_int_equal(res.created, (int)(1 + sizeof pairs / sizeof *pairs + n));

	struct buf utf = BUF_INIT, cp_full = BUF_INIT, cp_list = BUF_INIT, again = BUF_INIT;
	export_to(f, p, 2023, EXPORT_CSV, LAYOUT_FULL, &utf);
	export_to(f, p, 2023, EXPORT_CSV_CP932, LAYOUT_FULL, &cp_full);
	export_to(f, p, 2023, EXPORT_CSV_CP932, LAYOUT_LIST, &cp_list);
	/* both CP932 files back into the same plan: nothing is created or written */
	assert_int_equal(import_res(f, p, 2023, cp_full.data, cp_full.len, 0, NULL, &res, &e), 0);
	assert_nothing_changed(&res);
	assert_int_equal(res.unchanged, (int)(1 + sizeof pairs / sizeof *pairs + n));
	assert_int_equal(import_res(f, p, 2023, cp_list.data, cp_list.len, 0, NULL, &res, &e), 0);
	assert_nothing_changed(&res);
	export_to(f, p, 2023, EXPORT_CSV, LAYOUT_FULL, &again);
	assert_int_equal(again.len, utf.len);
	assert_memory_equal(again.data, utf.data, utf.len);	/* the UTF-8 text is exactly as it was */
	/* the full layout into an empty plan, then out again: the same file, byte for byte */
	static const enum export_format fmts[] = { EXPORT_CSV, EXPORT_CSV_CP932 };
	for (int k = 0; k < 2; k++) {
		struct plan *q = mkplan(f, k ? "rt-cp932" : "rt-utf8", 2023, 2024, "済,未", "【Ⅰ】,【Ⅱ】");
		const struct buf *src = k ? &cp_full : &utf;
		if (import_res(f, q, 2023, src->data, src->len, 0, NULL, &res, &e) != 0)
			fail_msg("%s", buf_cstr(&e));
		export_to(f, q, 2023, fmts[k], LAYOUT_FULL, &again);
		assert_int_equal(again.len, src->len);
		assert_memory_equal(again.data, src->data, src->len);
	}
	buf_free(&csv);
	buf_free(&chunk);
	buf_free(&e);
	buf_free(&utf);
	buf_free(&cp_full);
	buf_free(&cp_list);
	buf_free(&again);
}

/* Only a file read as CP932 is compared as CP932 gives text back: in UTF-8, K～1 is not
 * K〜1, 𩸽-1 is not 鷗-1, and 企画～課 is another department than 企画〜課. From a CP932
 * file, a code or department that fits several once through CP932 (〓) is refused. */
static void import_folds_only_cp932_files(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "fold", 2023, 2024, "済,未", NULL);
	struct buf e = BUF_INIT;
	struct plan_import_result res;
	const char *base = "code,title,department\nK〜1,波〜,企画〜課\n鷗-1,鷗,鷗課\n𠮷-1,𠮷,𠮷課\n";
	assert_int_equal(import_text(f, p, 2023, base, &e), 0);
	const char *utf = "code,title,department\nK～1,波～,企画～課\n𩸽-1,𩸽,企画〜課\n";
	assert_int_equal(import_res(f, p, 2023, utf, strlen(utf), 0, NULL, &res, &e), 0);
	assert_int_equal(res.created, 2);
	assert_int_equal(res.updated, 0);
	assert_true(account_department_find(f->st, "企画～課") > 0);	/* a new department */
	assert_true(account_department_find(f->st, "企画～課") != account_department_find(f->st, "企画〜課"));
	/* CP932: N1 in the department 〓課 — 鷗課 or 𠮷課? */
	const char sj[] = "code,title,department\r\nN1,t,\x81\xac\x89\xdb\r\n";
	buf_reset(&e);
	assert_int_equal(import_res(f, p, 2023, sj, strlen(sj), 0, NULL, &res, &e), -1);
	assert_non_null(strstr(buf_cstr(&e), "t.csv: row 2, column 3 (department): the name is that of several "
					     "departments once written in Shift_JIS"));
	/* CP932: 〓-1 is 鷗-1 or 𠮷-1 (or 𩸽-1) */
	const char sj2[] = "code,title\r\n\x81\xac-1,t\r\n";
	buf_reset(&e);
	assert_int_equal(import_res(f, p, 2023, sj2, strlen(sj2), 0, NULL, &res, &e), -1);
	assert_non_null(strstr(buf_cstr(&e), "t.csv: row 2, column 1 (code): the code is that of several items"));
	/* CP932: K～1 is K〜1 (one item fits), and its title 波～ is 波〜: unchanged */
	const char sj3[] = "code,title,department\r\nK\x81\x60\x31,\x94\x67\x81\x60,\x8a\xe9\x89\xe6\x81\x60\x89\xdb\r\n";
	buf_reset(&e);
	if (import_res(f, p, 2023, sj3, strlen(sj3), 0, NULL, &res, &e) != 0)
		fail_msg("%s", buf_cstr(&e));
	assert_int_equal(res.created, 0);
	assert_int_equal(res.updated, 0);
	assert_int_equal(res.unchanged, 1);
	buf_free(&e);
}

/* Codes a spreadsheet damaged (1-1 → 2001-01-01 or Jan 01, 0042 → 42, 1.23E+12) are refused
 * with a hint, never imported as new items. */
static void import_refuses_spreadsheet_damage(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "dmg", 2023, 2024, "済,未", NULL);
	struct buf e = BUF_INIT;
	assert_int_equal(import_text(f, p, 2023,
				     "code,parent,title,status\n1,,one,\n1-1,1,one-one,\n1-1-1,1-1,leaf,済\n0042,1,zeros,済\n",
				     &e),
			 0);
	static const struct { const char *csv, *want; } cases[] = {
		{ "code,parent,title,status\n2001-01-01,1,leaf,済\n", "row 2, column 1 (code): The value looks like a date" },
		{ "code,parent,title,status\nJan 01,1,leaf,済\n", "row 2, column 1 (code): The value looks like a date" },
		{ "code,parent,title,status\n1-1-2,2001-01-01,leaf,済\n", "row 2, column 2 (parent): The value looks like a date" },
		{ "code,parent,title,status\n1-1-2,Jan 01,leaf,済\n", "row 2, column 2 (parent): The value looks like a date" },
		{ "code,parent,title,status\n42,1,zeros,未\n", "row 2, column 1 (code): The value has lost its leading zeros" },
		{ "code,parent,title,status\n1.23E+12,1,big,未\n", "exponent notation" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&e);
		int rc = import_text(f, p, 2023, cases[i].csv, &e);
		if (rc != -1 || !strstr(buf_cstr(&e), cases[i].want) || !strstr(buf_cstr(&e), "Format the column as text"))
			fail_msg("case %zu: rc %d, errors:\n%s\nwanted: %s", i, rc, buf_cstr(&e), cases[i].want);
		assert_int_equal(count_items(f, p), 4);
	}
	/* the stored codes themselves import back as they are */
	buf_reset(&e);
	assert_int_equal(import_text(f, p, 2023, "code,parent,title\n1-1,1,one-one\n0042,1,zeros\n", &e), 0);
	buf_free(&e);
}

/* A dry run lists what would be created, updated and removed, and writes nothing. */
static void import_dry_run_writes_nothing(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "dry", 2023, 2024, "済,未", NULL);
	struct buf e = BUF_INIT, changes = BUF_INIT;
	assert_int_equal(import_text(f, p, 2023, "code,parent,title,status,result\nP,,pillar,,\nA,P,a,済,ok\nB,P,b,未,later\n", &e),
			 0);
	struct audit_row *rows;
	struct audit_filter af = { .limit = 500 };
	int audits = audit_list(f->st, &af, &rows);
	audit_rows_free(rows, audits);
	const char *csv = "code,parent,title,status,result\nP,,pillar,,\nA,P,a renamed,済,ok\nB,P,b,,\nC,P,new one,未,x\n";
	struct plan_import_result res;
	assert_int_equal(import_res(f, p, 2023, csv, strlen(csv), 1, &changes, &res, &e), 0);
	assert_int_equal(res.created, 1);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.records_removed, 1);
	const char *list = buf_cstr(&changes);
	assert_non_null(strstr(list, "create C: new one"));
	assert_non_null(strstr(list, "update A: title"));
	assert_non_null(strstr(list, "remove the 2023 record of B"));
	assert_non_null(strstr(list, "create the 2023 record of C"));
	/* nothing was written: the same items, records and audit rows */
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.nodes[1].title, "a");
	assert_true(t.nodes[2].y.present);
	assert_int_equal(audit_list(f->st, &af, &rows), audits);
	audit_rows_free(rows, audits);
	buf_free(&e);
	buf_free(&changes);
}

/* Bidi controls, control characters and text made only of invisible characters are refused
 * in every text field of plans, items, records, branch notes, the import, departments and
 * account names. */
static void text_fields_refuse_hidden_text(void **state)
{
	struct fx *f = *state;
	char err[256];
	long long id;
	assert_int_equal(plan_create(f->st, &f->admin, "evil\u202Egnp", "t", 2023, 2024, "済,未", NULL, NULL, &id, err,
				     sizeof err),
			 -1);
	struct plan *p = mkplan(f, "txt", 2023, 2024, "済,未", NULL);
	struct plan_item_input bad[] = {
		{ .code = "A", .title = "abc\u202Edef" },
		{ .code = "A", .title = "\u200B\u200B" },
		{ .code = "A", .title = "ok", .description = "x\x01y" },
		{ .code = "A\u2066", .title = "ok" },
		{ .code = "A", .title = "ok", .department = "課\u202E" },
		{ .code = "A", .title = "ok", .department = "\u200B" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (plan_item_save(f->st, &f->admin, p, 0, &bad[i], &id, err, sizeof err) != -1)
			fail_msg("item case %zu was accepted", i);
	struct plan_item_input good = { .code = "A", .title = "ok\nline two" };
	assert_int_equal(plan_item_save(f->st, &f->admin, p, 0, &good, &id, err, sizeof err), 0);
	struct plan_year_input y = { .status = "済", .result = "done\u202E" };
	assert_int_equal(plan_year_save(f->st, &f->admin, p, id, 2023, &y, err, sizeof err), -1);
	assert_non_null(strstr(err, "direction"));
	assert_int_equal(plan_branch_year_save(f->st, &f->admin, p, id, 2023, "\u2067x", "", err, sizeof err), -1);
	struct buf e = BUF_INIT;
	assert_int_equal(import_text(f, p, 2023, "code,title\nB,b\u202Ec\n", &e), -1);
	assert_non_null(strstr(buf_cstr(&e), "row 2, column 2 (title)"));
	buf_reset(&e);
	assert_int_equal(import_text(f, p, 2023, "code,title,department\nB,b,\u200B\n", &e), -1);
	assert_int_equal(count_items(f, p), 1);
	assert_true(account_user_add(f->st, &f->admin, "zw", "\u200B\u200B", ROLE_COMMITTEE, NULL, "long enough password",
				     err, sizeof err) == -1);
	assert_true(account_user_add(f->st, &f->admin, "bidi", "名前\u202E", ROLE_COMMITTEE, NULL, "long enough password",
				     err, sizeof err) == -1);
	assert_true(account_user_add(f->st, &f->admin, "fine", "委員 一郎", ROLE_COMMITTEE, NULL, "long enough password",
				     err, sizeof err) > 0);
	assert_int_equal(account_department_ensure(f->st, &f->admin, "課\u202E", ""), STORE_CONSTRAINT);
	buf_free(&e);
}

struct codes { char list[4096]; size_t len; };
static int walk_code(void *ctx, const struct plan_node *nd)
{
	struct codes *c = ctx;
	c->len += (size_t)snprintf(c->list + c->len, sizeof c->list - c->len, "%s/%d,", nd->code, nd->depth);
	return 0;
}

/* The stored tree order (walked row by row) is the order the in-memory tree has, also after
 * an item moves, and a page of the walk is a slice of it. */
static void walk_follows_the_tree(void **state)
{
	struct fx *f = *state;
	struct plan *p = mkplan(f, "npo-walk", 2019, 2023, "済,済・継=済,一部済,着手中,未", "【Ⅰ】,【Ⅱ-ア】,【Ⅱ-イ】,【Ⅲ】");
	import_file(f, p, 2023, "tests/data/seed003.csv");	/* parents after children on purpose */
	for (int round = 0; round < 2; round++) {
		struct plan_tree t;
		assert_int_equal(plan_tree_load(f->st, f->a, p, 2023, NULL, &t), 0);
		struct codes want = { "", 0 }, got = { "", 0 };
		for (int i = 0; i < t.n; i++)
			walk_code(&want, &t.nodes[i]);
		struct plan_walk_opts o = { .fy = 2023, .scope = WALK_ALL };
		assert_int_equal(plan_walk(f->st, p, NULL, &o, walk_code, &got), 0);
		assert_string_equal(got.list, want.list);
		/* page 2 of 5 rows */
		struct codes page = { "", 0 }, slice = { "", 0 };
		struct plan_walk_opts po = { .fy = 2023, .scope = WALK_ALL, .offset = 5, .limit = 5 };
		assert_int_equal(plan_walk(f->st, p, NULL, &po, walk_code, &page), 0);
		for (int i = 5; i < 10; i++)
			walk_code(&slice, &t.nodes[i]);
		assert_string_equal(page.list, slice.list);
		/* move the first item under the last top-level branch, and check again */
		if (round == 0) {
			const struct plan_node *last_top = NULL;
			for (int i = 0; i < t.n; i++)
				if (t.nodes[i].depth == 1)
					last_top = &t.nodes[i];
			const struct plan_node *leaf = NULL;
			for (int i = 0; i < t.n && !leaf; i++)
				if (!t.nodes[i].nchildren)
					leaf = &t.nodes[i];
			struct plan_item_input in = { .code = leaf->code, .parent_code = last_top->code, .title = leaf->title };
			long long id;
			char err[256];
			assert_int_equal(plan_item_save(f->st, &f->admin, p, leaf->id, &in, &id, err, sizeof err), 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(seed004_review_by_pillar, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(seed003_counts_follow_the_rows, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_errors_write_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_updates_and_encodings, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_partial_keeps_the_rest, fx_setup, fx_teardown),
		cmocka_unit_test(rollup_percent_rounds_half_up),
		cmocka_unit_test_setup_teardown(round_permissions, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(carry_over_moves_unfinished, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(cp932_round_trip_changes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_folds_only_cp932_files, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_refuses_spreadsheet_damage, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_dry_run_writes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(text_fields_refuse_hidden_text, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(walk_follows_the_tree, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
