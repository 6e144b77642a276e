/* test_two_processes: two `kyodo serve` processes on one database behave as one (issue 9,
 * "several app processes"). On the demo city, with a client that sends the same cookies to
 * either process:
 *   - a session opened through one is a session through the other, and the CSRF token a
 *     page of one gave is accepted by the other; logging out through one ends the session
 *     through both;
 *   - a write through one is seen through the other on the very next request (logged-in
 *     pages, which no cache holds): a department added through B is listed by A, renamed
 *     through A is renamed on B;
 *   - a login lock set by failures through one is honoured by the other, for the right
 *     password too.
 * Runs on the suite's backend: SQLite (two processes on one file) and PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define DEMO_PW "kyodo-demo-2026"

static struct h_server a, b;

static int setup(void **state)
{
	(void)state;
	const char *demo[] = { "demo", NULL };
	if (h_server_init(&a) != 0 || h_cli(&a, demo, NULL) != 0 || h_server_start(&a) != 0)
		return -1;
	/* B: the same database, no directory of its own (A's stop removes both) */
	memset(&b, 0, sizeof b);
	b.pid = -1;
	b.out_fd = -1;
	snprintf(b.db, sizeof b.db, "%s", a.db);
	return h_server_start(&b);
}

static int teardown(void **state)
{
	(void)state;
	int rb = h_server_stop(&b), ra = h_server_stop(&a);
	return ra == 0 && rb == 0 ? 0 : -1;
}

static void has(const struct h_resp *r, const char *s)
{
	if (!strstr(r->body, s)) {
		print_error("missing in the page: %s\n", s);
		fail();
	}
}

static void lacks(const struct h_resp *r, const char *s)
{
	if (strstr(r->body, s)) {
		print_error("unexpected in the page: %s\n", s);
		fail();
	}
}

/* The client's next requests go to process s (the cookie jar stays: one browser). */
static void via(struct h_client *c, struct h_server *s) { c->srv = s; }

static long get(struct h_client *c, const char *path, struct h_resp *r)
{
	assert_int_equal(h_get(c, path, r), 0);
	return r->status;
}

/* POST form with csrf (a token from either process). */
static long post(struct h_client *c, const char *path, const char *csrf, const char *form)
{
	char body[2048];
	snprintf(body, sizeof body, "csrf=%s%s%s", csrf, *form ? "&" : "", form);
	struct h_resp r;
	assert_int_equal(h_post(c, path, body, &r), 0);
	long st = r.status;
	h_resp_free(&r);
	return st;
}

/* The id of the department row named name on /admin/departments. */
static long long dept_id(const char *body, const char *name)
{
	for (const char *p = strstr(body, name); p; p = strstr(p + 1, name)) {
		const char *f = strstr(p, "action=\"/admin/departments/");
		if (f)
			return atoll(f + strlen("action=\"/admin/departments/"));
	}
	return 0;
}

static void sessions_and_writes_are_shared(void **state)
{
	(void)state;
	struct h_client c;
	struct h_resp r;
	char tok[128], path[96];
	assert_int_equal(h_client_init(&c, &a), 0);
	assert_int_equal(h_login(&c, "admin", DEMO_PW), 303);
	/* the session opened through A is one through B; a token of A's page works on B */
	assert_int_equal(h_csrf_of(&c, "/admin/departments", tok, sizeof tok), 0);
	via(&c, &b);
	assert_int_equal(get(&c, "/admin/departments", &r), 200);
	lacks(&r, "防災危機管理課");
	h_resp_free(&r);
	const char *add = "name=%E9%98%B2%E7%81%BD%E5%8D%B1%E6%A9%9F%E7%AE%A1%E7%90%86%E8%AA%B2&kana=%E3%81%BC%E3%81%86%E3%81%95%E3%81%84";	/* 防災危機管理課, ぼうさい */
	assert_int_equal(post(&c, "/admin/departments", tok, add), 303);
	/* written through B, seen through A at once */
	via(&c, &a);
	assert_int_equal(get(&c, "/admin/departments", &r), 200);
	has(&r, "防災危機管理課");
	long long id = dept_id(r.body, "防災危機管理課");
	assert_true(id > 0);
	h_resp_free(&r);
	/* and the other way: renamed through A, seen through B */
	snprintf(path, sizeof path, "/admin/departments/%lld", id);
	assert_int_equal(post(&c, path, tok, "name=%E5%8D%B1%E6%A9%9F%E7%AE%A1%E7%90%86%E8%AA%B2&kana=%E3%82%AD%E3%82%AD"),
			 303);	/* 危機管理課 */
	via(&c, &b);
	assert_int_equal(get(&c, "/admin/departments", &r), 200);
	lacks(&r, "防災危機管理課");
	has(&r, "危機管理課");
	h_resp_free(&r);
	/* the audit log is one: both changes are there, whichever process is asked */
	assert_int_equal(get(&c, "/admin/audit", &r), 200);
	has(&r, "防災危機管理課");
	has(&r, "危機管理課");
	h_resp_free(&r);
	/* logging out through B ends the session through A too */
	assert_int_equal(post(&c, "/logout", tok, ""), 303);
	via(&c, &a);
	assert_int_equal(get(&c, "/admin/departments", &r), 303);
	h_resp_free(&r);
	h_client_free(&c);
}

static void a_login_lock_holds_on_both(void **state)
{
	(void)state;
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &a), 0);
	assert_int_equal(h_client_bind(&c, "127.0.0.9"), 0);
	/* five failures, through A and B in turn, lock the pair (login, address) … */
	for (int i = 0; i < 5; i++) {
		via(&c, i % 2 ? &b : &a);	/* spread over both: they count together */
		assert_int_equal(h_login(&c, "kikaku", "wrong password!"), 422);
	}
	/* … and both processes refuse it, the right password too */
	via(&c, &b);
	assert_int_equal(h_login(&c, "kikaku", DEMO_PW), 429);
	via(&c, &a);
	assert_int_equal(h_login(&c, "kikaku", DEMO_PW), 429);
	/* another account from the same address is not locked, on either */
	via(&c, &b);
	assert_int_equal(h_login(&c, "gakushu", DEMO_PW), 303);
	assert_int_equal(get(&c, "/", &r), 200);
	has(&r, "action=\"/logout\"");	/* logged in */
	h_resp_free(&r);
	h_client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sessions_and_writes_are_shared),
		cmocka_unit_test(a_login_lock_holds_on_both),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
