/* test_net: addresses behind a reverse proxy and the limits kept per address, over the
 * real server. Clients play several machines by binding 127.0.0.x (all of 127/8 is this
 * machine); the server trusts 127.0.0.2 as its reverse proxy (--trusted-proxy).
 *   - X-Forwarded-For is believed from the trusted proxy only: the audit row and the login
 *     throttle see the client's address through it, and the peer's otherwise;
 *   - a stranger's wrong passwords do not lock the owner out of their own address;
 *   - parallel wrong logins: no more passwords are checked than the limit allows;
 *   - the admin's page of login locks: lifting one works and is audited;
 *   - /register: applications and "login name taken" answers limited per address. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define PW "correct horse battery"
#define PROXY "127.0.0.2"	/* trusted */
#define STRANGER "127.0.0.3"	/* not trusted */

static struct h_server srv;

static int group_setup(void **state)
{
	if (h_server_init(&srv) != 0)
		return -1;
	const char *users[] = { "olive", "piper", "rosa", "sam", NULL };
	if (h_user_add(&srv, "root", "admin", PW, NULL) != 0)
		return -1;
	for (int i = 0; users[i]; i++)
		if (h_user_add(&srv, users[i], "committee", PW, NULL) != 0)
			return -1;
	/* quinn's password is hashed at the real cost (argon2id, 64 MiB): a check takes as
	 * long as in production, so parallel attempts overlap as they would there */
	unsetenv("KYODO_FAST_HASH");
	int rc = h_user_add(&srv, "quinn", "committee", PW, NULL);
	setenv("KYODO_FAST_HASH", "1", 1);
	if (rc != 0)
		return -1;
	/* many worker threads, so that parallel logins really run in parallel */
	const char *args[] = { "--trusted-proxy", PROXY ",10.0.0.0/8", "--threads", "16", NULL };
	return h_server_start_args(&srv, args);
}

static int group_teardown(void **state)
{
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void client_at(struct h_client *c, const char *addr)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	assert_int_equal(h_client_bind(c, addr), 0);
}

/* POST /login, with X-Forwarded-For when xff is not NULL; the status. */
static long login_via(struct h_client *c, const char *login, const char *pw, const char *xff)
{
	char form[512], hdr[128];
	char *l = h_urlenc(login), *p = h_urlenc(pw);
	snprintf(form, sizeof form, "login=%s&password=%s", l, p);
	free(l);
	free(p);
	snprintf(hdr, sizeof hdr, "X-Forwarded-For: %s", xff ? xff : "");
	const char *headers[] = { hdr, NULL };
	struct h_resp r;
	assert_int_equal(h_post_hdr(c, "/login", form, strlen(form), xff ? headers : NULL, &r), 0);
	long st = r.status;
	h_resp_free(&r);
	return st;
}

/* The address of the newest audit row of (entity, action) whose "after" has key = value. */
static char *audit_address(struct h_client *admin, const char *query, const char *key, const char *value)
{
	struct h_resp r;
	char path[256];
	snprintf(path, sizeof path, "/api/v1/audit?%s", query);
	assert_int_equal(h_get(admin, path, &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	h_resp_free(&r);
	char *out = NULL;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "entries"), i, e) {
		json_t *side = json_object_get(e, "after");
		if (json_is_null(side))
			side = json_object_get(e, "before");
		const char *v = json_string_value(json_object_get(side, key));
		if (v && strcmp(v, value) == 0) {
			json_t *a = json_object_get(e, "address");
			out = strdup(json_is_string(a) ? json_string_value(a) : "(null)");
			break;
		}
	}
	json_decref(j);
	assert_non_null(out);
	return out;
}

/* Adds a user through the admin's session; the request carries xff when not NULL. */
static void add_user_via(struct h_client *admin, const char *login, const char *xff)
{
	char tok[128], form[512], hdr[128];
	assert_int_equal(h_csrf_of(admin, "/admin/users", tok, sizeof tok), 0);
	snprintf(form, sizeof form, "csrf=%s&login=%s&name=%s&role=committee&password=another+password+1", tok, login,
		 login);
	snprintf(hdr, sizeof hdr, "X-Forwarded-For: %s", xff ? xff : "");
	const char *headers[] = { hdr, NULL };
	struct h_resp r;
	assert_int_equal(h_post_hdr(admin, "/admin/users", form, strlen(form), xff ? headers : NULL, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
}

static void test_forwarded_for_only_from_trusted_proxy(void **state)
{
	struct h_client viaproxy, direct;
	client_at(&viaproxy, PROXY);
	client_at(&direct, STRANGER);
	assert_int_equal(login_via(&viaproxy, "root", PW, "198.51.100.7"), 303);
	assert_int_equal(login_via(&direct, "root", PW, "198.51.100.8"), 303);
	/* the audit row records the client the trusted proxy names ... */
	add_user_via(&viaproxy, "tina", "192.0.2.200, 198.51.100.7");
	/* ... and the peer when the peer is not trusted, whatever it claims */
	add_user_via(&direct, "uma", "198.51.100.8");
	char *a1 = audit_address(&direct, "entity=user&action=create", "login", "tina");
	char *a2 = audit_address(&direct, "entity=user&action=create", "login", "uma");
	assert_string_equal(a1, "198.51.100.7");
	assert_string_equal(a2, STRANGER);
	free(a1);
	free(a2);
	/* the audit page shows the address, and filters by it */
	struct h_resp r;
	assert_int_equal(h_get(&direct, "/admin/audit?address=198.51.100.7", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, " 198.51.100.7</p>"));	/* "… · 接続元 ADDRESS" */
	assert_null(strstr(r.body, " " STRANGER "</p>"));
	h_resp_free(&r);

	/* the throttle sees the client through the proxy: 5 failures of olive from one client
	 * lock olive from that client only ... */
	for (int i = 0; i < 5; i++)
		assert_int_equal(login_via(&viaproxy, "olive", "wrong password!", "203.0.113.1"), 422);
	assert_int_equal(login_via(&viaproxy, "olive", PW, "203.0.113.1"), 429);
	/* ... not the proxy's other clients (the old code counted the proxy as one client) */
	assert_int_equal(login_via(&viaproxy, "olive", PW, "203.0.113.2"), 303);
	/* a peer that is not trusted cannot escape its lock by inventing X-Forwarded-For */
	for (int i = 0; i < 5; i++) {
		char fake[32];
		snprintf(fake, sizeof fake, "203.0.113.%d", 50 + i);
		assert_int_equal(login_via(&direct, "piper", "wrong password!", fake), 422);
	}
	assert_int_equal(login_via(&direct, "piper", PW, "203.0.113.99"), 429);
	/* the command line lifts every lock on a name */
	const char *unlock[] = { "user", "unlock", "piper", NULL };
	assert_int_equal(h_cli(&srv, unlock, NULL), 0);
	assert_int_equal(login_via(&direct, "piper", PW, NULL), 303);
	h_client_free(&viaproxy);
	h_client_free(&direct);
}

static void test_owner_not_locked_out_by_stranger(void **state)
{
	struct h_client stranger, owner;
	client_at(&stranger, "127.0.0.4");
	client_at(&owner, "127.0.0.5");
	for (int i = 0; i < 5; i++)
		assert_int_equal(login_via(&stranger, "rosa", "guess number one", NULL), 422);
	/* the stranger is stopped, even with the right password ... */
	assert_int_equal(login_via(&stranger, "rosa", "guess number two", NULL), 429);
	assert_int_equal(login_via(&stranger, "rosa", PW, NULL), 429);
	/* ... and the owner, from their own address, is not */
	assert_int_equal(login_via(&owner, "rosa", PW, NULL), 303);
	/* the stranger may still try other names, up to the address's limit (20 in all) */
	int ok = 0, stopped = 0;
	for (int i = 0; i < 20; i++) {
		char login[32];
		snprintf(login, sizeof login, "nobody%d", i);
		long st = login_via(&stranger, login, "guess", NULL);
		ok += st == 422;
		stopped += st == 429;
	}
	assert_int_equal(ok, 15);
	assert_int_equal(stopped, 5);
	/* a success clears the owner's failures from that address only */
	assert_int_equal(login_via(&owner, "rosa", PW, NULL), 303);
	h_client_free(&stranger);
	h_client_free(&owner);
}

static size_t sink(char *p, size_t s, size_t n, void *u)
{
	return s * n;
}

/* n parallel POST /login of login with a wrong password from local address addr; the
 * number of answers of each status into counts[status] (counts has 600 entries). */
static void parallel_logins(int n, const char *login, const char *addr, int *counts)
{
	CURLM *m = curl_multi_init();
	CURL **e = calloc((size_t)n, sizeof *e);
	char url[128], form[256];
	snprintf(url, sizeof url, "%s/login", srv.base);
	snprintf(form, sizeof form, "login=%s&password=wrong+password+again", login);
	for (int i = 0; i < n; i++) {
		e[i] = curl_easy_init();
		curl_easy_setopt(e[i], CURLOPT_URL, url);
		curl_easy_setopt(e[i], CURLOPT_POSTFIELDS, form);
		curl_easy_setopt(e[i], CURLOPT_INTERFACE, addr);
		curl_easy_setopt(e[i], CURLOPT_WRITEFUNCTION, sink);
		curl_easy_setopt(e[i], CURLOPT_TIMEOUT, 30L);
		curl_easy_setopt(e[i], CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(e[i], CURLOPT_FORBID_REUSE, 1L);
		curl_multi_add_handle(m, e[i]);
	}
	int running = 1;
	while (running) {
		curl_multi_perform(m, &running);
		if (running)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	for (int i = 0; i < n; i++) {
		long st = 0;
		curl_easy_getinfo(e[i], CURLINFO_RESPONSE_CODE, &st);
		counts[st >= 0 && st < 600 ? st : 0]++;
		curl_multi_remove_handle(m, e[i]);
		curl_easy_cleanup(e[i]);
	}
	free(e);
	curl_multi_cleanup(m);
}

/* The failures the admin's lock list counts for (kind, login, address); -1 when absent. */
static int lock_failures(struct h_client *admin, const char *kind, const char *login, const char *address)
{
	struct h_resp r;
	assert_int_equal(h_get(admin, "/api/v1/login-locks", &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	assert_non_null(j);
	int n = -1;
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(j, "locks"), i, l)
		if (strcmp(json_string_value(json_object_get(l, "kind")), kind) == 0 &&
		    strcmp(json_string_value(json_object_get(l, "login")), login) == 0 &&
		    strcmp(json_string_value(json_object_get(l, "address")), address) == 0)
			n = (int)json_integer_value(json_object_get(l, "failures"));
	json_decref(j);
	return n;
}

static void test_parallel_attempts_check_at_most_the_limit(void **state)
{
	int counts[600] = { 0 };
	/* 60 at once (under the 64 connections an address may hold) */
	parallel_logins(60, "quinn", "127.0.0.6", counts);
	/* a 422 is a password checked and found wrong; a 429 was refused before the check */
	assert_int_equal(counts[422], 5);
	assert_int_equal(counts[429], 55);
	/* and exactly the limit was recorded */
	struct h_client admin;
	client_at(&admin, "127.0.0.9");
	assert_int_equal(login_via(&admin, "root", PW, NULL), 303);
	assert_int_equal(lock_failures(&admin, "login-address", "quinn", "127.0.0.6"), 5);
	h_client_free(&admin);
}

static void test_admin_lifts_a_lock(void **state)
{
	struct h_client admin, pub, victim;
	struct h_resp r;
	client_at(&admin, "127.0.0.10");
	client_at(&victim, PROXY);
	for (int i = 0; i < 5; i++)
		assert_int_equal(login_via(&victim, "sam", "not it", "198.51.100.50"), 422);
	assert_int_equal(login_via(&victim, "sam", PW, "198.51.100.50"), 429);
	assert_int_equal(login_via(&admin, "root", PW, NULL), 303);
	assert_int_equal(lock_failures(&admin, "login-address", "sam", "198.51.100.50"), 5);
	/* the page lists it, in Japanese, with a form to lift it */
	assert_int_equal(h_get(&admin, "/admin/locks", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ログインの一時停止"));
	assert_non_null(strstr(r.body, "198.51.100.50"));
	assert_non_null(strstr(r.body, "action=\"/admin/locks/lift\""));
	h_resp_free(&r);
	/* the anonymous public and other roles may not see it (the role matrix covers the rest) */
	assert_int_equal(h_client_init(&pub, &srv), 0);
	assert_int_equal(h_get(&pub, "/admin/locks", &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	h_client_free(&pub);
	/* lifting needs the CSRF token */
	const char *lift = "kind=login-address&login=sam&address=198.51.100.50";
	assert_int_equal(h_post(&admin, "/admin/locks/lift", lift, &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	char tok[128], form[512];
	assert_int_equal(h_csrf_of(&admin, "/admin/locks", tok, sizeof tok), 0);
	snprintf(form, sizeof form, "csrf=%s&kind=bogus", tok);
	assert_int_equal(h_post(&admin, "/admin/locks/lift", form, &r), 0);
	assert_int_equal(r.status, 422);
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=%s&%s", tok, lift);
	assert_int_equal(h_post(&admin, "/admin/locks/lift", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(lock_failures(&admin, "login-address", "sam", "198.51.100.50"), -1);
	/* audited, with the admin's address */
	char *a = audit_address(&admin, "entity=login_lock&action=login-lock.lift", "login", "sam");
	assert_string_equal(a, "127.0.0.10");
	free(a);
	assert_int_equal(login_via(&victim, "sam", PW, "198.51.100.50"), 303);
	h_client_free(&admin);
	h_client_free(&victim);
}

/* ---- /register ---- */

static long apply_via(const char *xff, const char *login, struct h_resp *out)
{
	struct h_client c;
	client_at(&c, PROXY);
	char form[1024], hdr[128];
	snprintf(form, sizeof form,
		 "kind=npo&name=%%E4%%BC%%9A%s&kana=%%E3%%82%%AB%%E3%%82%%A4&login=%s&password=%s&password2=%s", login,
		 login, "application+pw+1", "application+pw+1");
	snprintf(hdr, sizeof hdr, "X-Forwarded-For: %s", xff);
	const char *headers[] = { hdr, NULL };
	struct h_resp r;
	assert_int_equal(h_post_hdr(&c, "/register", form, strlen(form), headers, &r), 0);
	long st = r.status;
	if (out)
		*out = r;
	else
		h_resp_free(&r);
	h_client_free(&c);
	return st;
}

/* An hour passes for the applications (their sources' times move back). */
static void an_hour_passes(void)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(srv.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, "UPDATE org_application_sources SET at = at - 3700", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_registration_limits_per_address(void **state)
{
	struct h_resp r;
	/* 3 an hour from one address ... */
	assert_int_equal(apply_via("192.0.2.10", "appa", NULL), 303);
	assert_int_equal(apply_via("192.0.2.10", "appb", NULL), 303);
	assert_int_equal(apply_via("192.0.2.10", "appc", NULL), 303);
	assert_int_equal(apply_via("192.0.2.10", "appd", &r), 422);
	assert_non_null(strstr(r.body, "お使いの接続元から複数の申請"));
	h_resp_free(&r);
	/* ... while another address applies as usual (the city-wide limit is not reached) */
	assert_int_equal(apply_via("192.0.2.11", "appe", NULL), 303);
	/* later, 5 may wait for review from one address, not more */
	an_hour_passes();
	assert_int_equal(apply_via("192.0.2.10", "appf", NULL), 303);
	assert_int_equal(apply_via("192.0.2.10", "appg", NULL), 303);
	assert_int_equal(apply_via("192.0.2.10", "apph", &r), 422);
	assert_non_null(strstr(r.body, "まだセンターの審査を待っています"));
	h_resp_free(&r);
	assert_int_equal(apply_via("192.0.2.11", "appi", NULL), 303);
}

static void test_login_name_answers_throttled(void **state)
{
	struct h_resp r;
	/* "this login name is taken" tells that the name exists: 10 such answers an hour */
	for (int i = 0; i < 10; i++) {
		assert_int_equal(apply_via("192.0.2.20", "root", &r), 422);
		assert_non_null(strstr(r.body, "このログイン名は使われています"));
		h_resp_free(&r);
	}
	assert_int_equal(apply_via("192.0.2.20", "olive", &r), 429);
	assert_null(strstr(r.body, "このログイン名は使われています"));
	h_resp_free(&r);
	/* a free name does not count: another address still gets its answers */
	assert_int_equal(apply_via("192.0.2.21", "olive", &r), 422);
	assert_non_null(strstr(r.body, "このログイン名は使われています"));
	h_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forwarded_for_only_from_trusted_proxy),
		cmocka_unit_test(test_owner_not_locked_out_by_stranger),
		cmocka_unit_test(test_parallel_attempts_check_at_most_the_limit),
		cmocka_unit_test(test_admin_lifts_a_lock),
		cmocka_unit_test(test_registration_limits_per_address),
		cmocka_unit_test(test_login_name_answers_throttled),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
