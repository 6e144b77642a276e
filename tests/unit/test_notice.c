/* test_notice: notices and the outbox on a real SQLite file — who receives a notice
 * (a department's staff, not disabled accounts; the staff of every department of a plan;
 * a group's accounts, or its address when it has none), the person's choice (in-app only
 * queues no email; their language; their own address or their group's), one email per
 * address per call, templates in the recipient's language with named parameters, nothing
 * queued for a write that rolls back (also a real round opened whose audit fails), the
 * inbox (paging, read, unread), the preferences' validation and audit — and the outbox:
 * claims with a lease (a second worker cannot take a claimed message until the lease runs
 * out, and the first then loses it), two connections claiming from two threads never
 * share a message, backoff doubling to an hour, giving up after the week, a permanent
 * refusal, and queueing failed messages again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include "../common/testdb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/account.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/notice.h"
#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/org_confirm.h"
#include "domain/problems.h"
#include "domain/plan.h"
#include "domain/plan_import.h"
#include "domain/plan_round.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"

#define PW "correct horse battery"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor admin;
	long long dept_a, dept_b;
};

static int fx_setup(void **state)
{
	setenv("KYODO_FAST_HASH", "1", 1);
	assert_int_equal(i18n_init(), 0);
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->admin = (struct actor){ .login = "test-admin", .role = ROLE_ADMIN };
	f->dept_a = account_department_ensure(f->st, &f->admin, "課A", "カエー");
	f->dept_b = account_department_ensure(f->st, &f->admin, "課B", "カビー");
	assert_true(f->dept_a > 0 && f->dept_b > 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	arena_free(f->a);
	char p[80];
	(void)p;
	testdb_drop(f->path);
	free(f);
	return 0;
}

/* A count from SQL, on a connection of its own (reads what was committed). */
static long long count(struct fx *f, const char *sql)
{
	return testdb_scalar(f->path, sql);
}

static void exec_sql(struct fx *f, const char *sql)
{
	assert_int_equal(store_exec_sql(f->st, sql), 0);
}

static long long staff(struct fx *f, const char *login, const char *dept, const char *email, const char *channel,
		       const char *lang)
{
	char err[256] = "";
	long long id = account_user_add(f->st, &f->admin, login, login, ROLE_STAFF, dept, PW, err, sizeof err);
	if (id <= 0)
		fail_msg("user add %s: %s", login, err);
	struct actor me = { .user_id = id, .login = login, .role = ROLE_STAFF };
	struct problems e = { 0 };
	assert_int_equal(notice_prefs_save(f->st, &me, email, channel, lang, &e), 0);
	return id;
}

static struct plan *mkplan(struct fx *f)
{
	long long id;
	char err[256] = "";
	if (plan_create(f->st, &f->admin, "p1", "協働推進計画", 2023, 2025, "済,未", NULL, NULL, &id, err, sizeof err) != 0)
		fail_msg("plan_create: %s", err);
	struct plan *p;
	assert_int_equal(plan_get(f->st, f->a, id, &p), 0);
	static const char csv[] = "code,parent,title,department\n"
				  "1,,柱,\n"
				  "A1,1,課Aの取組,課A\n"
				  "B1,1,課Bの取組,課B\n";
	struct plan_import_result res;
	struct buf errors = BUF_INIT, warnings = BUF_INIT;
	struct plan_import_opts io = { .enc = CSV_ENC_AUTO };
	int rc = plan_import(f->st, &f->admin, p, 2024, "t.csv", csv, strlen(csv), &io, &res, &errors, &warnings);
	if (rc != 0)
		fail_msg("import: %s", buf_cstr(&errors));
	buf_free(&errors);
	buf_free(&warnings);
	return p;
}

static void templates_fill_named_parameters(void **state)
{
	struct fx *f = *state;
	struct notice_param ps[] = { { "plan", "協働推進計画" }, { "year", "令和6年度 (2024)" }, { NULL, NULL } };
	char *subject, *body;
	assert_int_equal(notice_render(f->a, "ja", NOTICE_ROUND_OPENED, ps, "田中", &subject, &body), 0);
	assert_string_equal(subject, "【照会】協働推進計画 令和6年度 (2024)の進捗状況の回答をお願いします");
	assert_non_null(strstr(body, "協働推進計画の令和6年度 (2024)の進捗状況の照会"));
	assert_int_equal(notice_render(f->a, "en", NOTICE_ROUND_OPENED, ps, "Tanaka", &subject, &body), 0);
	assert_string_equal(subject, "Progress round opened: 協働推進計画, 令和6年度 (2024)");
	/* {name}, unknown keys kept, a lone brace kept, a comment's line breaks kept in a body
	 * but never in a subject */
	char *t = notice_expand(f->a, "{name} {unknown} { {plan", ps, "田中");
	assert_string_equal(t, "田中 {unknown} { {plan");
	struct notice_param c[] = { { "item", "A1\nBcc: x" }, { "plan", "p" }, { "year", "y" }, { "comment", "1行目\n2行目" },
				    { NULL, NULL } };
	assert_int_equal(notice_render(f->a, "ja", NOTICE_ITEM_RETURNED, c, NULL, &subject, &body), 0);
	assert_null(strchr(subject, '\n'));
	assert_non_null(strstr(body, "1行目\n2行目"));
}

static void department_staff_and_their_choice(void **state)
{
	struct fx *f = *state;
	long long a1 = staff(f, "a1", "課A", "a1@example.jp", "email", "ja");
	long long a2 = staff(f, "a2", "課A", "a2@example.jp", "inapp", "ja");
	long long a3 = staff(f, "a3", "課A", "a3@example.jp", "email", "en");
	long long a4 = staff(f, "a4", "課A", "a4@example.jp", "email", "ja");
	long long b1 = staff(f, "b1", "課B", "b1@example.jp", "email", "ja");
	assert_int_equal(account_set_disabled(f->st, &f->admin, a4, 1), 0);
	struct notice_param ps[] = { { "plan", "協働推進計画" }, { "year", "令和6年度 (2024)" }, { "deadline", "6月30日" },
				     { "message", "よろしくお願いします。" }, { NULL, NULL } };
	struct notice n = { NOTICE_REMINDER, "/plans/1/years/2024", ps, 0 };
	assert_int_equal(notice_department(f->st, f->dept_a, &n), 0);
	/* in-app: a1, a2 (in-app only), a3; not the disabled a4, not department B */
	assert_int_equal(notice_unread(f->st, a1), 1);
	assert_int_equal(notice_unread(f->st, a2), 1);
	assert_int_equal(notice_unread(f->st, a3), 1);
	assert_int_equal(notice_unread(f->st, a4), 0);
	assert_int_equal(notice_unread(f->st, b1), 0);
	/* email: a1 and a3, not a2 who chose in-app only */
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE recipient = 'a2@example.jp'"), 0);
	/* each in their language; the email has the greeting, and no link without a base URL */
	struct mail_item *items;
	int k, total;
	assert_int_equal(mail_list(f->st, f->a, "queued", 1, 10, &items, &k, &total), 0);
	assert_int_equal(k, 2);
	for (int i = 0; i < k; i++) {
		if (strcmp(items[i].recipient, "a3@example.jp") == 0) {
			assert_string_equal(items[i].subject, "Reminder: answers for 協働推進計画, 令和6年度 (2024)");
			assert_non_null(strstr(items[i].body, "Dear a3,"));
		} else {
			assert_string_equal(items[i].recipient, "a1@example.jp");
			assert_string_equal(items[i].subject, "【督促】協働推進計画 令和6年度 (2024)の回答をお願いします");
			assert_non_null(strstr(items[i].body, "a1 様\n\n"));
			assert_non_null(strstr(items[i].body, "回答期限は6月30日です。"));
			assert_null(strstr(items[i].body, "/plans/1/years/2024"));
		}
	}
	/* with the city's base URL, the link is in the email as a full address */
	const char *vals[MAIL_SET__MAX] = { [MAIL_SET_BASE_URL] = "https://kyodo.example.jp/", [MAIL_SET_SECURITY] = "starttls" };
	struct problems me = { 0 };
	assert_int_equal(mail_settings_save(f->st, &f->admin, vals, &me), 0);
	assert_int_equal(notice_user(f->st, a1, &n), 0);
	assert_int_equal(mail_list(f->st, f->a, "queued", 1, 1, &items, &k, &total), 0);
	assert_non_null(strstr(items[0].body, "\nhttps://kyodo.example.jp/plans/1/years/2024\n"));
	assert_non_null(strstr(items[0].body, "https://kyodo.example.jp/account/notices"));
}

static void one_email_per_address(void **state)
{
	struct fx *f = *state;
	staff(f, "s1", "課B", "shared@example.jp", "email", "ja");
	staff(f, "s2", "課B", "Shared@example.jp", "email", "ja");	/* another address: case matters in the local part */
	staff(f, "s3", "課B", "shared@example.jp", "email", "ja");
	struct notice n = { NOTICE_REMINDER, "/", NULL, 0 };
	assert_int_equal(notice_department(f->st, f->dept_b, &n), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM notices"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE recipient = 'shared@example.jp'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox"), 2);
}

static void a_rolled_back_write_queues_nothing(void **state)
{
	struct fx *f = *state;
	staff(f, "a1", "課A", "a1@example.jp", "email", "ja");
	staff(f, "b1", "課B", "b1@example.jp", "email", "ja");
	struct notice n = { NOTICE_REMINDER, "/", NULL, 0 };
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(notice_department(f->st, f->dept_a, &n), 0);
	store_rollback(f->st);
	assert_int_equal(count(f, "SELECT count(*) FROM notices"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox"), 0);
	/* a real transition: the round opens, the departments are told, then its audit row
	 * fails — the round, the notices and the emails all roll back */
	struct plan *p = mkplan(f);
	assert_int_equal(testdb_refuse_audit(f->path, "open"), 0);
	char err[256] = "";
	assert_true(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err) < 0);
	assert_int_equal(count(f, "SELECT count(*) FROM plan_rounds"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM notices"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox"), 0);
	assert_int_equal(testdb_refuse_audit_end(f->path), 0);
	/* and when it commits, both departments are told once */
	assert_int_equal(plan_round_open(f->st, &f->admin, p, 2024, err, sizeof err), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM notices WHERE event = 'round-opened'"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE event = 'round-opened'"), 2);
	/* an item sent back: only its department, with the comment */
	struct plan_tree t;
	assert_int_equal(plan_tree_load(f->st, f->a, p, 2024, NULL, &t), 0);
	long long a1_item = 0;
	for (int i = 0; i < t.n; i++)
		if (strcmp(t.nodes[i].code, "A1") == 0)
			a1_item = t.nodes[i].id;
	struct plan_year_input in = { .status = "済" };
	assert_int_equal(plan_year_save(f->st, &f->admin, p, a1_item, 2024, &in, err, sizeof err), 0);
	assert_int_equal(plan_round_return(f->st, &f->admin, p, 2024, a1_item, "数字を確認してください", err, sizeof err), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE event = 'item-returned' AND recipient = "
				  "'a1@example.jp' AND body LIKE '%数字を確認してください%'"),
			 1);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE event = 'item-returned'"), 1);
	/* A1 is sent back and the others unanswered: published by choice, with a reason */
	struct plan_publish_input pin = { 1, "委員会の日程のため" };
	assert_int_equal(plan_round_publish(f->st, &f->admin, p, 2024, &pin, err, sizeof err), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM notices WHERE event = 'year-published' AND link = '/reports/1/2024'"), 2);
}

static long long group_org(struct fx *f, const char *name, const char *email)
{
	struct org o;
	const char *err = NULL;
	org_init(&o);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, "ダンタイ", &err), 0);
	if (email)
		assert_int_equal(org_set_field(f->a, &o, ORG_F_EMAIL, email, &err), 0);
	struct actor center = { .login = "center", .role = ROLE_COORDINATOR };
	int bad;
	long long id = org_center_create(f->st, &center, &o, "", "", &err, &bad);
	if (id <= 0)
		fail_msg("org: %s", err ? err : "?");
	return id;
}

static void groups_accounts_or_address(void **state)
{
	struct fx *f = *state;
	struct actor center = { .login = "center", .role = ROLE_COORDINATOR };
	const char *err = NULL;
	int bad;
	/* a group without an account: its address */
	long long lone = group_org(f, "ひとりの会", "hitori@example.jp");
	struct notice_param ps[] = { { "message", "ご確認ください。" }, { NULL, NULL } };
	struct notice n = { NOTICE_CONFIRM_REQUESTED, "/my/group", ps, 0 };
	assert_int_equal(notice_org(f->st, lone, &n), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE recipient = 'hitori@example.jp' AND subject = "
				  "'【確認のお願い】ひとりの会の登録内容'"),
			 1);
	/* a group with two accounts: both inboxes, one email to the group's address; an
	 * account with an address of its own gets it there */
	long long two = group_org(f, "ふたりの会", "futari@example.jp");
	assert_int_equal(org_account_add(f->st, &center, two, "futari1", PW, &err, &bad), 0);
	assert_int_equal(org_account_add(f->st, &center, two, "futari2", PW, &err, &bad), 0);
	assert_int_equal(org_account_add(f->st, &center, two, "futari3", PW, &err, &bad), 0);
	struct user u3;
	assert_int_equal(account_user_get(f->st, "futari3", &u3), 0);
	struct actor me = { .user_id = u3.id, .login = "futari3", .role = ROLE_GROUP, .org_id = two };
	struct problems e = { 0 };
	assert_int_equal(notice_prefs_save(f->st, &me, "own@example.jp", "email", "ja", &e), 0);
	struct notice_prefs pr;
	assert_int_equal(notice_prefs_get(f->st, u3.id, &pr), 0);
	assert_string_equal(pr.group_email, "futari@example.jp");
	assert_int_equal(notice_org(f->st, two, &n), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM notices WHERE event = 'confirm-requested'"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE recipient = 'futari@example.jp'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE recipient = 'own@example.jp'"), 1);
	/* the center's yearly request tells every group asked */
	int asked = 0;
	assert_int_equal(org_confirm_request(f->st, &center, ORG_CONFIRM_ALL, "年に一度の確認です。", &asked, &err), 0);
	assert_int_equal(asked, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE event = 'confirm-requested' AND body LIKE "
				  "'%年に一度の確認です。%'"),
			 3);
}

static void applicants_by_email(void **state)
{
	struct fx *f = *state;
	struct actor public_ = { .login = "", .role = ROLE_PUBLIC };
	struct actor center = { .login = "center", .role = ROLE_COORDINATOR };
	struct org o;
	const char *err = NULL;
	int bad;
	org_init(&o);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, "あおぞらの会", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, "アオゾラノカイ", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_EMAIL, "aozora@example.jp", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_CONTACT_NAME, "青空 花子", &err), 0);
	long long id = org_apply(f->st, &public_, &o, "aozora", PW, &err, &bad);
	assert_true(id > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE event = 'application-received' AND recipient = "
				  "'aozora@example.jp' AND body LIKE '青空 花子 様%'"),
			 1);
	assert_int_equal(count(f, "SELECT count(*) FROM notices"), 0);	/* the account is disabled: no inbox yet */
	struct org_decision ret = { .approve = 0, .comment = "代表者の連絡先を書いてください。" };
	assert_int_equal(org_review_decide(f->st, &center, id, &ret, &err, &bad), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE event = 'application-returned' AND body LIKE "
				  "'%代表者の連絡先を書いてください。%'"),
			 1);
	struct org_rule *rules;
	int nr;
	assert_int_equal(org_rule_list(f->st, f->a, 1, &rules, &nr), 0);
	long long ids[64];
	for (int i = 0; i < nr; i++)
		ids[i] = rules[i].id;
	/* back to applied, then approved: an email, and the now enabled account's inbox */
	exec_sql(f, "UPDATE orgs SET review = 'applied'");
	struct org_decision ok = { .approve = 1, .ticked = ids, .nticked = nr, .comment = "" };
	assert_int_equal(org_review_decide(f->st, &center, id, &ok, &err, &bad), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE event = 'application-approved'"), 1);
	struct user u;
	assert_int_equal(account_user_get(f->st, "aozora", &u), 0);
	assert_int_equal(notice_unread(f->st, u.id), 1);
}

static void inbox_pages_and_read_state(void **state)
{
	struct fx *f = *state;
	long long a1 = staff(f, "a1", "課A", "", "email", "ja");
	struct notice n = { NOTICE_REMINDER, "/plans", NULL, 0 };
	for (int i = 0; i < 25; i++)
		assert_int_equal(notice_user(f->st, a1, &n), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox"), 0);	/* no address: in-app only */
	struct notice_item *items;
	int k, total;
	assert_int_equal(notice_list(f->st, f->a, a1, 1, 20, &items, &k, &total), 0);
	assert_int_equal(k, 20);
	assert_int_equal(total, 25);
	assert_true(items[0].id > items[19].id);	/* newest first */
	long long newest = items[0].id;
	assert_int_equal(notice_list(f->st, f->a, a1, 2, 20, &items, &k, &total), 0);
	assert_int_equal(k, 5);
	struct notice_item it;
	assert_int_equal(notice_get(f->st, f->a, a1, newest, &it), 0);
	assert_int_equal(notice_get(f->st, f->a, a1 + 1000, newest, &it), NOTICE_NOT_FOUND);	/* not theirs */
	assert_int_equal(notice_mark(f->st, a1, newest, 1), 0);
	assert_int_equal(notice_unread(f->st, a1), 24);
	assert_int_equal(notice_mark(f->st, a1, newest, 0), 0);
	assert_int_equal(notice_unread(f->st, a1), 25);
	assert_int_equal(notice_unread_upto(f->st, a1, 10), 10);	/* the header's count stops at its cap */
	assert_int_equal(notice_unread_upto(f->st, a1, 100), 25);
	assert_int_equal(notice_mark_all_read(f->st, a1), 0);
	assert_int_equal(notice_unread(f->st, a1), 0);
}

static void preferences_are_checked_and_audited(void **state)
{
	struct fx *f = *state;
	char err[256];
	long long id = account_user_add(f->st, &f->admin, "c1", "委員", ROLE_COMMITTEE, NULL, PW, err, sizeof err);
	struct actor me = { .user_id = id, .login = "c1", .role = ROLE_COMMITTEE };
	struct problems e = { 0 };
	assert_int_equal(notice_prefs_save(f->st, &me, "not an address", "post", "fr", &e), -1);
	assert_int_equal(e.n, 3);	/* every problem at once */
	assert_string_equal(e.p[0].field, "email");	/* named as the form's inputs */
	assert_string_equal(e.p[1].field, "channel");
	assert_string_equal(e.p[2].field, "lang");
	e.n = 0;
	assert_int_equal(notice_prefs_save(f->st, &me, "ｉｎｉｎ＠ｅｘａｍｐｌｅ．ｊｐ", "inapp", "en", &e), 0);
	struct notice_prefs p;
	assert_int_equal(notice_prefs_get(f->st, id, &p), 0);
	assert_string_equal(p.email, "inin@example.jp");	/* full-width typed, stored as ASCII */
	assert_int_equal(p.channel, NOTICE_CHANNEL_INAPP);
	assert_string_equal(p.lang, "en");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'notice-prefs' AND after_json LIKE "
				  "'%inapp%'"),
			 1);
	/* the committee, by role */
	struct notice n = { NOTICE_COMMITTEE_REVIEW, "/plans/1/years/2024", NULL, 0 };
	assert_int_equal(notice_role(f->st, ROLE_COMMITTEE, &n), 0);
	assert_int_equal(notice_unread(f->st, id), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox"), 0);	/* in-app only */
}

/* ---- the outbox ---- */

static void queue(struct fx *f, int n)
{
	for (int i = 0; i < n; i++) {
		char to[64];
		snprintf(to, sizeof to, "r%d@example.jp", i);
		assert_int_equal(mail_enqueue(f->st, 0, to, "mail-test", "s", "b"), 0);
	}
}

static void claims_hold_a_lease(void **state)
{
	struct fx *f = *state;
	queue(f, 2);
	long long now = (long long)time(NULL);
	struct mail_item x, y, z;
	assert_int_equal(mail_claim(f->st, f->a, "A", now, now, MAIL_LEASE_S, &x), 1);
	assert_int_equal(mail_claim(f->st, f->a, "B", now, now, MAIL_LEASE_S, &y), 1);
	assert_true(x.id != y.id);
	assert_int_equal(x.attempts, 1);
	assert_int_equal(mail_claim(f->st, f->a, "C", now, now, MAIL_LEASE_S, &z), 0);	/* both held */
	/* A's lease runs out: C takes the message, and A's late result is refused */
	assert_int_equal(mail_claim(f->st, f->a, "C", now + MAIL_LEASE_S, now + MAIL_LEASE_S, MAIL_LEASE_S, &z), 1);
	assert_int_equal(z.id, x.id);
	assert_int_equal(z.attempts, 2);
	const char *st;
	assert_int_equal(mail_attempt_end(f->st, &x, "A", now, MAIL_SENT, "ok", 60, &st), 1);
	assert_string_equal(st, "lost");
	assert_int_equal(mail_attempt_end(f->st, &z, "C", now, MAIL_SENT, "ok", 60, &st), 0);
	assert_string_equal(st, "sent");
	assert_int_equal(count(f, "SELECT count(*) FROM mail_attempts"), 2);	/* both attempts logged */
	struct mail_counts mc;
	assert_int_equal(mail_counts(f->st, now, &mc), 0);
	assert_int_equal(mc.sent, 1);
	assert_int_equal(mc.queued, 1);
	assert_int_equal(mc.leased, 1);
}

struct claimer {
	const char *path, *owner;
	pthread_barrier_t *start;
	long long ids[400];
	int n;
};

static void *claimer_main(void *arg)
{
	struct claimer *c = arg;
	struct store *st;
	if (store_open(c->path, &st) != 0)
		return NULL;
	struct arena *a = arena_new(0);
	struct mail_item it;
	pthread_barrier_wait(c->start);
	for (;;) {
		long long now = (long long)time(NULL);
		int rc = mail_claim(st, a, c->owner, now, now, MAIL_LEASE_S, &it);
		if (rc == STORE_BUSY)
			continue;
		if (rc != 1)
			break;
		c->ids[c->n++] = it.id;
		usleep(500);	/* "sending": the other worker claims meanwhile */
		if (mail_attempt_end(st, &it, c->owner, now, MAIL_SENT, "ok", 60, NULL) != 0)
			break;
	}
	arena_free(a);
	store_close(st);
	return NULL;
}

static void two_connections_never_share_a_message(void **state)
{
	struct fx *f = *state;
	queue(f, 300);
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, 2);
	struct claimer c1 = { .path = f->path, .owner = "one", .start = &start },
		       c2 = { .path = f->path, .owner = "two", .start = &start };
	pthread_t t1, t2;
	assert_int_equal(pthread_create(&t1, NULL, claimer_main, &c1), 0);
	assert_int_equal(pthread_create(&t2, NULL, claimer_main, &c2), 0);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_barrier_destroy(&start);
	print_message("claimed %d and %d\n", c1.n, c2.n);
	assert_true(c1.n > 0 && c2.n > 0);	/* they did work side by side */
	assert_int_equal(c1.n + c2.n, 300);
	for (int i = 0; i < c1.n; i++)
		for (int j = 0; j < c2.n; j++)
			assert_true(c1.ids[i] != c2.ids[j]);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE state = 'sent'"), 300);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_attempts"), 300);
}

static void backoff_give_up_and_requeue(void **state)
{
	struct fx *f = *state;
	assert_int_equal(mail_retry_delay(1, 60), 60);
	assert_int_equal(mail_retry_delay(2, 60), 120);
	assert_int_equal(mail_retry_delay(3, 60), 240);
	assert_int_equal(mail_retry_delay(6, 60), 1920);
	assert_int_equal(mail_retry_delay(7, 60), 3600);
	assert_int_equal(mail_retry_delay(100, 60), 3600);
	assert_int_equal(mail_retry_delay(3, 1), 4);
	queue(f, 2);
	long long now = (long long)time(NULL);
	struct mail_item it;
	const char *st;
	/* a temporary failure: queued, due after the pause, not before */
	assert_int_equal(mail_claim(f->st, f->a, "A", now, now, MAIL_LEASE_S, &it), 1);
	long long first = it.id;
	assert_int_equal(mail_attempt_end(f->st, &it, "A", now, MAIL_TEMPORARY, "connection refused", 60, &st), 0);
	assert_string_equal(st, "queued");
	assert_int_equal(mail_claim(f->st, f->a, "A", now, now, MAIL_LEASE_S, &it), 1);	/* the other one */
	assert_true(it.id != first);
	/* the second: refused for good */
	assert_int_equal(mail_attempt_end(f->st, &it, "A", now, MAIL_PERMANENT, "550 no such user", 60, &st), 0);
	assert_string_equal(st, "failed");
	assert_int_equal(mail_claim(f->st, f->a, "A", now + 59, now + 59, MAIL_LEASE_S, &it), 0);
	assert_int_equal(mail_claim(f->st, f->a, "A", now + 60, now + 60, MAIL_LEASE_S, &it), 1);
	assert_int_equal(it.id, first);
	assert_int_equal(it.attempts, 2);
	assert_int_equal(mail_attempt_end(f->st, &it, "A", now + 60, MAIL_TEMPORARY, "timeout", 60, &st), 0);
	/* the second pause, counted from this attempt (not from queued_at: the message may have
	 * been queued in the second before `now` was read, which made this test fail now and then) */
	assert_int_equal(count(f, "SELECT next_at FROM mail_outbox WHERE state = 'queued'"), now + 60 + 120);
	/* a week after it was queued, a temporary failure gives up */
	long long late = it.queued_at + MAIL_GIVE_UP_S;
	assert_int_equal(mail_claim(f->st, f->a, "A", late, late, MAIL_LEASE_S, &it), 1);
	assert_int_equal(mail_attempt_end(f->st, &it, "A", late, MAIL_TEMPORARY, "timeout", 60, &st), 0);
	assert_string_equal(st, "failed");
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE state = 'failed' AND last_error LIKE '%given up%'"), 1);
	/* queued again by the admin: due now, attempts from zero, audited */
	int n = 0;
	struct actor staff_ = { .login = "s", .role = ROLE_STAFF };
	assert_int_equal(mail_requeue(f->st, &staff_, 0, &n), -1);
	assert_int_equal(mail_requeue(f->st, &f->admin, 0, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_outbox WHERE state = 'queued' AND attempts = 0"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'requeue' AND entity = 'mail'"), 1);
	/* an operator's send: every queued message due now */
	exec_sql(f, "UPDATE mail_outbox SET next_at = next_at + 10000");
	assert_int_equal(mail_claim(f->st, f->a, "A", now, now, MAIL_LEASE_S, &it), 0);
	assert_int_equal(mail_all_due(f->st, now), 0);
	assert_int_equal(mail_claim(f->st, f->a, "A", now, now, MAIL_LEASE_S, &it), 1);
}

static void settings_are_checked_and_audited(void **state)
{
	struct fx *f = *state;
	const char *bad[MAIL_SET__MAX] = { [MAIL_SET_HOST] = "smtp example", [MAIL_SET_PORT] = "70000",
					   [MAIL_SET_SECURITY] = "ssl", [MAIL_SET_USER] = "a b", [MAIL_SET_FROM] = "nobody",
					   [MAIL_SET_FROM_NAME] = "a\nb", [MAIL_SET_BASE_URL] = "javascript:alert(1)" };
	struct problems e = { 0 };
	assert_int_equal(mail_settings_save(f->st, &f->admin, bad, &e), -1);
	assert_int_equal(e.n, 7);	/* every field at once */
	for (int i = 0; i < MAIL_SET__MAX; i++)	/* each named as the form's input */
		assert_non_null(problems_of(&e, mail_setting_names[i]));
	e.n = 0;
	const char *ok[MAIL_SET__MAX] = { [MAIL_SET_HOST] = "smtp.city.example.jp", [MAIL_SET_PORT] = "",
					  [MAIL_SET_SECURITY] = "tls", [MAIL_SET_USER] = "kyodo",
					  [MAIL_SET_FROM] = "noreply@city.example.jp", [MAIL_SET_FROM_NAME] = "みどり野市",
					  [MAIL_SET_BASE_URL] = "https://kyodo.city.example.jp/" };
	struct actor staff_ = { .login = "s", .role = ROLE_STAFF };
	assert_int_equal(mail_settings_save(f->st, &staff_, ok, &e), -1);
	e.n = 0;
	assert_int_equal(mail_settings_save(f->st, &f->admin, ok, &e), 0);
	struct mail_settings ms;
	assert_int_equal(mail_settings_get(f->st, f->a, &ms), 0);
	assert_string_equal(ms.host, "smtp.city.example.jp");
	assert_int_equal(ms.port, 465);	/* the usual port of the chosen security */
	assert_int_equal(ms.security, MAIL_SEC_TLS);
	assert_string_equal(ms.base_url, "https://kyodo.city.example.jp");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'mail-settings' AND after_json LIKE "
				  "'%smtp.city.example.jp%'"),
			 1);
	/* a host needs a sender */
	ok[MAIL_SET_FROM] = "";
	assert_int_equal(mail_settings_save(f->st, &f->admin, ok, &e), -1);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.p[0].field, "from");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(templates_fill_named_parameters, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(department_staff_and_their_choice, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(one_email_per_address, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_rolled_back_write_queues_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(groups_accounts_or_address, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(applicants_by_email, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(inbox_pages_and_read_state, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(preferences_are_checked_and_audited, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(claims_hold_a_lease, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(two_connections_never_share_a_message, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(backoff_give_up_and_requeue, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(settings_are_checked_and_audited, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
