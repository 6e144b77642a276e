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
#include "domain/account.h"
#include "domain/audit.h"
#include "io/plan_export.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

struct fx {
	struct store *st;
	struct arena *a;
	char path[64];
	struct actor admin;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/kyodo-test-plan-XXXXXX");
	int fd = mkstemp(f->path);
	close(fd);
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
	unlink(f->path);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", f->path);
	unlink(wal);
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
	assert_int_equal(plan_export_rollup(&t, ru, EXPORT_CSV, &out, err, sizeof err), 0);
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
		"(none),済,0,0,0.00\r\n(none),一部済,0,0,0.00\r\n(none),着手中,0,0,0.00\r\n(none),未,0,0,0.00\r\n"
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
	assert_int_equal(tc.hidden, 1);
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
	/* publish: read-only for everyone, admin included, until reopened */
	assert_int_equal(plan_round_publish(f->st, &sa, p, 2024, err, sizeof err), -1);
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, err, sizeof err), 0);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
