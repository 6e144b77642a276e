/* test_org_confirm: the yearly confirmation (domain/org_confirm.c) — the cutoff is SQLite's
 * '-N months' (so "due" is the center's flag), the due groups are counted and asked apart
 * from every registered group, the groups without email are listed in postal-code order
 * for letters and labels, and a group's history logs each event once with the previous
 * confirmation date (a confirmation, a saved profile, a profile saved unchanged, an
 * application sent again, a group entered by the center, a change published). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/org_confirm.h"
#include "domain/org_work.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"

#define PW "correct horse battery"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor center, public_;
};

static int fx_setup(void **state)
{
	setenv("KYODO_FAST_HASH", "1", 1);
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->center = (struct actor){ .login = "center", .role = ROLE_COORDINATOR };
	f->public_ = (struct actor){ .login = "", .role = ROLE_PUBLIC };
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	arena_free(f->a);
	store_close(f->st);
	testdb_drop(f->path);
	free(f);
	return 0;
}

/* A group entered by the center, approved at once; email and postal as given. */
static long long entered(struct fx *f, const char *name, const char *kana, const char *email, const char *postal)
{
	struct org o;
	const char *err = NULL;
	int bad;
	org_init(&o);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, kana, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_EMAIL, email, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_POSTAL, postal, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_ADDRESS, *postal ? "みどり野市中央1-1" : "", &err), 0);
	long long id = org_center_create(f->st, &f->center, &o, "", "", &err, &bad);
	assert_true(id > 0);
	return id;
}

/* Confirmed N months ago by the product's own month arithmetic (org_confirm_cutoff, which
 * is SQLite's '-N months'), written as a value: the same instant on both backends. Backend
 * SQL here (PostgreSQL's interval) clamped month ends differently (Mar 31 - 1 month is Feb 28
 * there, Mar 3 in SQLite) and made the fixture depend on the day the test ran. */
static void confirmed_ago(struct fx *f, long long id, const char *months)
{
	char sql[200], at[24];
	if (months) {
		org_confirm_cutoff(time(NULL), atoi(months), at);
		snprintf(sql, sizeof sql, "UPDATE orgs SET confirmed_at = '%s' WHERE id = %lld", at, id);
	} else
		snprintf(sql, sizeof sql, "UPDATE orgs SET confirmed_at = NULL WHERE id = %lld", id);
	assert_int_equal(store_exec_sql(f->st, sql), 0);
}

/* The cutoff in C is SQLite's '-N months', end of month included. */
static void test_cutoff_is_sqlite_months(void **state)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	const char *instants[] = { "2026-03-31T10:00:00Z", "2024-02-29T23:59:59Z", "2025-12-31T00:00:00Z",
				   "2026-01-31T15:30:00Z", "2026-07-15T09:05:00Z" };
	int months[] = { 1, 6, 12, 13, 24, 60 };
	for (size_t i = 0; i < sizeof instants / sizeof *instants; i++)
		for (size_t k = 0; k < sizeof months / sizeof *months; k++) {
			struct tm tm = { 0 };
			assert_non_null(strptime(instants[i], "%Y-%m-%dT%H:%M:%SZ", &tm));
			char c[24], sql[160];
			org_confirm_cutoff(timegm(&tm), months[k], c);
			snprintf(sql, sizeof sql, "SELECT strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '%s', '-%d months')", instants[i],
				 months[k]);
			sqlite3_stmt *s;
			assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
			assert_int_equal(sqlite3_step(s), SQLITE_ROW);
			if (strcmp((const char *)sqlite3_column_text(s, 0), c) != 0)
				fail_msg("%s - %d months: SQLite %s, C %s", instants[i], months[k], sqlite3_column_text(s, 0), c);
			sqlite3_finalize(s);
		}
	sqlite3_close(db);
}

/* Due = the center's flag; a request to the due groups asks only them (before issue 8:
 * every registered group), letters and labels go to those without email. */
static void test_due_groups(void **state)
{
	struct fx *f = *state;
	long long recent = entered(f, "最近の会", "サイキンノカイ", "a@example.jp", "990-0003");
	long long old_mail = entered(f, "古いメールの会", "フルイメールノカイ", "b@example.jp", "990-0002");
	long long old_post = entered(f, "古い郵便の会", "フルイユウビンノカイ", "", "990-0009");
	long long never_post = entered(f, "未確認の会", "ミカクニンノカイ", "", "990-0001");
	long long recent_post = entered(f, "最近の郵便の会", "サイキンノユウビンノカイ", "", "990-0005");
	long long nowhere = entered(f, "連絡先なしの会", "レンラクサキナシノカイ", "", "");
	long long gone = entered(f, "解散の会", "カイサンノカイ", "", "990-0004");
	confirmed_ago(f, recent, "2");
	confirmed_ago(f, old_mail, "13");
	confirmed_ago(f, old_post, "25");
	confirmed_ago(f, never_post, NULL);
	confirmed_ago(f, recent_post, "11");
	confirmed_ago(f, nowhere, NULL);
	confirmed_ago(f, gone, NULL);
	assert_int_equal(store_exec_sql(f->st, "UPDATE orgs SET status = 'dissolved' WHERE name = '解散の会'"), 0);

	struct org_confirm_counts c;
	assert_int_equal(org_confirm_count(f->st, &c), 0);
	assert_int_equal(c.all, 6);
	assert_int_equal(c.due, 4);	/* old_mail, old_post, never_post, nowhere */
	assert_int_equal(c.all_postal, 4);
	assert_int_equal(c.due_postal, 3);
	struct org_center_counts cc;
	assert_int_equal(org_center_counts(f->st, &cc), 0);
	assert_int_equal(cc.stale, c.due);	/* the same rule as the center's flag */

	/* letters and labels: without email, in postal-code order (the one without an address
	 * is listed too: the page names it instead of printing it) */
	long long *ids;
	int n;
	assert_int_equal(org_confirm_postal_ids(f->st, f->a, ORG_CONFIRM_DUE, &ids, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], nowhere);	/* "" sorts first */
	assert_int_equal(ids[1], never_post);
	assert_int_equal(ids[2], old_post);
	assert_int_equal(org_confirm_postal_ids(f->st, f->a, ORG_CONFIRM_ALL, &ids, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ids[2], recent_post);

	/* asking the due groups only */
	const char *err = NULL;
	int count = 0;
	assert_int_equal(org_confirm_request(f->st, &f->public_, ORG_CONFIRM_DUE, "", &count, &err), -1);
	assert_int_equal(org_confirm_request(f->st, &f->center, ORG_CONFIRM_DUE, "ご確認ください", &count, &err), 0);
	assert_int_equal(count, 4);
	struct org o;
	assert_int_equal(org_get(f->st, f->a, recent, &o), 0);
	assert_string_equal(o.confirm_requested_at, "");
	assert_int_equal(org_get(f->st, f->a, old_post, &o), 0);
	assert_true(*o.confirm_requested_at);
	assert_int_equal(org_get(f->st, f->a, gone, &o), 0);
	assert_string_equal(o.confirm_requested_at, "");
	struct org_confirm_req *reqs;
	int nreq;
	assert_int_equal(org_confirm_requests(f->st, f->a, &reqs, &nreq), 0);
	assert_int_equal(nreq, 1);
	assert_string_equal(reqs[0].target, "due");
	assert_int_equal(reqs[0].orgs, 4);
	struct audit_filter af = { .action = "request", .limit = 1 };
	struct audit_row *rows;
	assert_int_equal(audit_list(f->st, &af, &rows), 1);
	assert_non_null(strstr(rows[0].after_json, "\"target\":\"due\""));
	audit_rows_free(rows, 1);
	/* and every registered group */
	assert_int_equal(org_confirm_request(f->st, &f->center, ORG_CONFIRM_ALL, "", &count, &err), 0);
	assert_int_equal(count, 6);
	assert_int_equal(org_get(f->st, f->a, recent, &o), 0);
	assert_true(*o.confirm_requested_at);
}

/* History entries of record id newer than the audit row id after (actions, in order). */
static const char *events_since(struct fx *f, long long id, long long after, struct org_history_entry **out, int *n)
{
	struct org_history_entry *h;
	int k;
	assert_int_equal(org_history(f->st, f->a, id, 0, 100, &h, &k), 0);
	char *s = arena_strdup(f->a, "");
	int m = 0;
	for (int i = 0; i < k && h[i].id > after; i++, m++)
		s = arena_printf(f->a, "%s%s%s", s, i ? "," : "", h[i].action);
	*out = h;
	*n = m;
	return s;
}

static long long last_audit_id(struct fx *f)
{
	struct audit_filter af = { .limit = 1 };
	struct audit_row *rows;
	assert_int_equal(audit_list(f->st, &af, &rows), 1);
	long long id = rows[0].id;
	audit_rows_free(rows, 1);
	return id;
}

static const struct org_history_diff *diff_of(const struct org_history_entry *e, const char *key)
{
	for (int k = 0; k < e->ndiffs; k++)
		if (strcmp(e->diffs[k].key, key) == 0)
			return &e->diffs[k];
	return NULL;
}

/* Each event once, with the previous confirmation date (fails before issue 8: a saved
 * profile was "update" and "confirm", a confirmation's date before was empty, a group
 * entered by the center was "create" and "register", a resubmission "update" and
 * "resubmit", a published change "update" and "approve-change"). */
static void test_history_once(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad;
	long long mark = 0;
	struct org_history_entry *h;
	int n;
	/* a group entered by the center: one row, with its registration number */
	long long id = entered(f, "履歴の会", "リレキノカイ", "r@example.jp", "990-0001");
	assert_string_equal(events_since(f, id, mark, &h, &n), "create");
	assert_non_null(diff_of(&h[0], "reg_number"));
	assert_int_equal(org_account_add(f->st, &f->center, id, "rireki", PW, &err, &bad), 0);
	struct user u;
	assert_int_equal(account_user_get(f->st, "rireki", &u), 0);
	struct actor g = { .user_id = u.id, .login = "rireki", .role = ROLE_GROUP, .org_id = id };
	confirmed_ago(f, id, "13");
	struct org o;
	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	const char *was = arena_strdup(f->a, o.confirmed_at);

	/* the confirmation button: one row, from the previous date */
	mark = last_audit_id(f);
	assert_int_equal(org_confirm(f->st, &g, &err), 0);
	assert_string_equal(events_since(f, id, mark, &h, &n), "confirm");
	const struct org_history_diff *d = diff_of(&h[0], "confirmed_at");
	assert_non_null(d);
	assert_string_equal(d->before, was);
	assert_true(strcmp(d->after, was) > 0);

	/* saved unchanged: a confirmation, once */
	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	int pending;
	mark = last_audit_id(f);
	assert_int_equal(org_profile_save(f->st, &g, &o, &pending, &err, &bad), 0);
	assert_string_equal(events_since(f, id, mark, &h, &n), "confirm");
	/* saved with a change: one row with the change and the confirmation */
	o.v[ORG_F_PURPOSE] = "新しい目的";
	confirmed_ago(f, id, "3");
	mark = last_audit_id(f);
	assert_int_equal(org_profile_save(f->st, &g, &o, &pending, &err, &bad), 0);
	assert_string_equal(events_since(f, id, mark, &h, &n), "update");
	assert_non_null(diff_of(&h[0], "purpose"));
	assert_non_null(diff_of(&h[0], "confirmed_at"));
	assert_null(diff_of(&h[0], "fields"));

	/* a change published by the center: one row with the values */
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "review", &err), 0);
	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	o.v[ORG_F_NAME] = "履歴の会（新）";
	assert_int_equal(org_profile_save(f->st, &g, &o, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);
	struct org_change c;
	assert_int_equal(org_change_pending(f->st, f->a, id, &c), 0);
	mark = last_audit_id(f);
	assert_int_equal(org_change_decide(f->st, &f->center, c.id, 1, "", &err), 0);
	assert_string_equal(events_since(f, id, mark, &h, &n), "approve-change");
	d = diff_of(&h[0], "name");
	assert_non_null(d);
	assert_string_equal(d->after, "履歴の会（新）");
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "immediate", &err), 0);

	/* an application sent back and sent again: one row */
	struct org ap;
	org_init(&ap);
	assert_int_equal(org_set_field(f->a, &ap, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &ap, ORG_F_NAME, "申請の会", &err), 0);
	assert_int_equal(org_set_field(f->a, &ap, ORG_F_KANA, "シンセイノカイ", &err), 0);
	long long aid = org_apply(f->st, &f->public_, &ap, "shinsei", PW, &err, &bad);
	assert_true(aid > 0);
	struct org_decision back = { .approve = 0, .comment = "目的を書いてください" };
	assert_int_equal(org_review_decide(f->st, &f->center, aid, &back, &err, &bad), 0);
	assert_int_equal(account_user_get(f->st, "shinsei", &u), 0);
	struct actor app = { .user_id = u.id, .login = "shinsei", .role = ROLE_GROUP, .org_id = aid };
	assert_int_equal(org_get(f->st, f->a, aid, &ap), 0);
	ap.v[ORG_F_PURPOSE] = "地域の清掃";
	mark = last_audit_id(f);
	assert_int_equal(org_resubmit(f->st, &app, &ap, &err, &bad), 0);
	assert_string_equal(events_since(f, aid, mark, &h, &n), "resubmit");
	assert_non_null(diff_of(&h[0], "purpose"));
	assert_non_null(diff_of(&h[0], "review"));
}

/* What awaits the center and a group (org_work.h, for the home pages): the same numbers as
 * the center's screens, and a group's state as it changes. */
static void test_work(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad;
	struct org_center_work w;
	assert_int_equal(org_center_work(f->st, &w), 0);
	assert_int_equal(w.applications + w.returned + w.changes + w.due + w.registered, 0);

	long long ok = entered(f, "元気な会", "ゲンキナカイ", "g@example.jp", "990-0001");
	long long old = entered(f, "古い会", "フルイカイ", "", "990-0002");
	confirmed_ago(f, old, "14");
	struct org ap;
	org_init(&ap);
	assert_int_equal(org_set_field(f->a, &ap, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &ap, ORG_F_NAME, "申請中の会", &err), 0);
	assert_int_equal(org_set_field(f->a, &ap, ORG_F_KANA, "シンセイチュウノカイ", &err), 0);
	long long aid = org_apply(f->st, &f->public_, &ap, "shinsei2", PW, &err, &bad);
	assert_true(aid > 0);
	assert_int_equal(org_center_work(f->st, &w), 0);
	assert_int_equal(w.applications, 1);
	assert_int_equal(w.returned, 0);
	assert_int_equal(w.due, 1);
	assert_int_equal(w.due_postal, 1);
	assert_int_equal(w.registered, 2);
	struct org_center_counts cc;
	assert_int_equal(org_center_counts(f->st, &cc), 0);
	assert_int_equal(w.due, cc.stale);

	/* the group: due, then asked, then confirmed */
	struct org_group_work gw;
	assert_int_equal(org_group_work(f->st, f->a, old, &gw), 0);
	assert_int_equal(gw.review, ORG_APPROVED);
	assert_true(gw.confirm_due);
	assert_string_equal(gw.confirm_requested_at, "");
	assert_true(*gw.confirmed_at);
	int count;
	assert_int_equal(org_confirm_request(f->st, &f->center, ORG_CONFIRM_DUE, "", &count, &err), 0);
	assert_int_equal(org_group_work(f->st, f->a, old, &gw), 0);
	assert_true(*gw.confirm_requested_at);
	assert_int_equal(org_group_work(f->st, f->a, ok, &gw), 0);
	assert_false(gw.confirm_due);
	assert_string_equal(gw.confirm_requested_at, "");
	assert_int_equal(org_account_add(f->st, &f->center, old, "furui", PW, &err, &bad), 0);
	struct user u;
	assert_int_equal(account_user_get(f->st, "furui", &u), 0);
	struct actor g = { .user_id = u.id, .login = "furui", .role = ROLE_GROUP, .org_id = old };
	assert_int_equal(org_confirm(f->st, &g, &err), 0);
	assert_int_equal(org_group_work(f->st, f->a, old, &gw), 0);
	assert_false(gw.confirm_due);
	assert_string_equal(gw.confirm_requested_at, "");
	assert_int_equal(org_center_work(f->st, &w), 0);
	assert_int_equal(w.due, 0);

	/* a change waiting, then rejected with a comment */
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "review", &err), 0);
	struct org o;
	assert_int_equal(org_get(f->st, f->a, old, &o), 0);
	o.v[ORG_F_NAME] = "古い会（改称）";
	int pending;
	assert_int_equal(org_profile_save(f->st, &g, &o, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);
	assert_int_equal(org_group_work(f->st, f->a, old, &gw), 0);
	assert_true(gw.change_pending);
	assert_null(gw.change_rejected);
	assert_int_equal(org_center_work(f->st, &w), 0);
	assert_int_equal(w.changes, 1);
	struct org_change c;
	assert_int_equal(org_change_pending(f->st, f->a, old, &c), 0);
	assert_int_equal(org_change_decide(f->st, &f->center, c.id, 0, "名称の根拠を教えてください", &err), 0);
	assert_int_equal(org_group_work(f->st, f->a, old, &gw), 0);
	assert_false(gw.change_pending);
	assert_string_equal(gw.change_rejected, "名称の根拠を教えてください");

	/* an application sent back: the group reads the comment */
	struct org_decision back = { .approve = 0, .comment = "目的を書いてください" };
	assert_int_equal(org_review_decide(f->st, &f->center, aid, &back, &err, &bad), 0);
	assert_int_equal(org_group_work(f->st, f->a, aid, &gw), 0);
	assert_int_equal(gw.review, ORG_RETURNED);
	assert_string_equal(gw.review_comment, "目的を書いてください");
	assert_false(gw.confirm_due);
	assert_int_equal(org_center_work(f->st, &w), 0);
	assert_int_equal(w.applications, 0);
	assert_int_equal(w.returned, 1);
	assert_int_equal(org_group_work(f->st, f->a, 99999, &gw), ORG_NOT_FOUND);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cutoff_is_sqlite_months),
		T(test_due_groups),
		T(test_history_once),
		T(test_work),
	};
#undef T
	store_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
