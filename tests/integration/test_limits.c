/* test_limits: the settable login limits and the IPv6 /64 over the real server. The
 * server trusts 127.0.0.2 as its reverse proxy and runs with --login-limit-per-addr 3 and
 * --login-limit-per-name-addr 2 (low, so that the test is short):
 *   - the limits set are the limits applied (a name from an address, an address) and the
 *     ones the JSON of the locks shows;
 *   - an IPv6 client is one client per /64 for the login throttle: a new address in the
 *     same /64 is still stopped, the next /64 is not; the locks page names the /64;
 *   - the audit log keeps the full IPv6 address;
 *   - bad values of the options are usage errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define PW "correct horse battery"
#define PROXY "127.0.0.2"

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0 || h_user_add(&srv, "ad", "admin", PW, NULL) != 0 ||
	    h_user_add(&srv, "vera", "committee", PW, NULL) != 0)
		return -1;
	const char *args[] = { "--trusted-proxy", PROXY, "--login-limit-per-addr", "3", "--login-limit-per-name-addr",
			       "2", NULL };
	return h_server_start_args(&srv, args);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* A login through the proxy for the client xff: the status. */
static long login_as(const char *login, const char *pw, const char *xff)
{
	struct h_client c;
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_client_bind(&c, PROXY), 0);
	char form[256], hdr[128];
	snprintf(form, sizeof form, "login=%s&password=%s", login, pw);
	snprintf(hdr, sizeof hdr, "X-Forwarded-For: %s", xff);
	const char *headers[] = { hdr, NULL };
	struct h_resp r;
	assert_int_equal(h_post_hdr(&c, "/login", form, strlen(form), headers, &r), 0);
	long st = r.status;
	h_resp_free(&r);
	h_client_free(&c);
	return st;
}

static void test_limits_as_set(void **state)
{
	(void)state;
	/* 2 failures of one name from one address stop that name there (the default is 5) */
	assert_int_equal(login_as("vera", "wrong+one+1", "192.0.2.10"), 422);
	assert_int_equal(login_as("vera", "wrong+one+2", "192.0.2.10"), 422);
	assert_int_equal(login_as("vera", PW, "192.0.2.10"), 429);
	assert_int_equal(login_as("vera", PW, "192.0.2.11"), 303);	/* from elsewhere she is in */
	/* 3 failures from one address, whatever the names, stop it (the default is 20) */
	assert_int_equal(login_as("nobody1", "wrong+one+1", "192.0.2.20"), 422);
	assert_int_equal(login_as("nobody2", "wrong+one+1", "192.0.2.20"), 422);
	assert_int_equal(login_as("nobody3", "wrong+one+1", "192.0.2.20"), 422);
	assert_int_equal(login_as("ad", PW, "192.0.2.20"), 429);
	/* the JSON says which limits are in force */
	struct h_client ad;
	struct h_resp r;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	assert_int_equal(h_get(&ad, "/api/v1/login-locks", &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	assert_non_null(j);
	json_t *lim = json_object_get(j, "limits");
	assert_int_equal(json_integer_value(json_object_get(lim, "per_address")), 3);
	assert_int_equal(json_integer_value(json_object_get(lim, "per_login_address")), 2);
	assert_int_equal(json_integer_value(json_object_get(lim, "per_login")), 50);
	json_decref(j);
	h_client_free(&ad);
}

static void test_ipv6_login_throttle_by_prefix(void **state)
{
	(void)state;
	/* three failures from three addresses of one /64 stop the fourth address of it */
	assert_int_equal(login_as("x6a", "wrong+one+1", "2001:db8:6:6::1"), 422);
	assert_int_equal(login_as("x6b", "wrong+one+1", "2001:db8:6:6::2"), 422);
	assert_int_equal(login_as("x6c", "wrong+one+1", "2001:db8:6:6:aaaa::3"), 422);
	assert_int_equal(login_as("ad", PW, "2001:db8:6:6:ffff:1:2:3"), 429);
	/* the next /64 is another client; the audit log keeps its full address */
	assert_int_equal(login_as("ad", PW, "2001:db8:6:7::42"), 303);
	struct h_client ad;
	struct h_resp r;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	assert_int_equal(h_get(&ad, "/admin/locks", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "2001:db8:6:6::/64"));
	assert_null(strstr(r.body, "2001:db8:6:6::1<"));
	h_resp_free(&r);
	/* a write through the proxy from an IPv6 client: audited with the whole address */
	char tok[128], form[512], hdr[128];
	struct h_client w;
	assert_int_equal(h_client_init(&w, &srv), 0);
	assert_int_equal(h_client_bind(&w, PROXY), 0);
	const char *headers[] = { "X-Forwarded-For: 2001:db8:6:7::42", NULL };
	snprintf(form, sizeof form, "login=ad&password=%s", "correct+horse+battery");
	assert_int_equal(h_post_hdr(&w, "/login", form, strlen(form), headers, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(h_csrf_of(&w, "/admin/users", tok, sizeof tok), 0);
	snprintf(form, sizeof form, "csrf=%s&login=wes&name=wes&role=committee&password=%s", tok,
		 "correct+horse+battery");
	snprintf(hdr, sizeof hdr, "%s", headers[0]);
	const char *h2[] = { hdr, NULL };
	assert_int_equal(h_post_hdr(&w, "/admin/users", form, strlen(form), h2, &r), 0);
	assert_true(r.status == 303 || r.status == 200);
	h_resp_free(&r);
	assert_int_equal(h_get(&ad, "/api/v1/audit?entity=user&action=create", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"2001:db8:6:7::42\""));
	h_resp_free(&r);
	h_client_free(&w);
	h_client_free(&ad);
}

static void test_bad_limits_are_usage_errors(void **state)
{
	(void)state;
	const char *bad[][3] = { { "--login-limit-per-addr", "0", NULL },
				 { "--login-limit-per-name-addr", "many", NULL },
				 { "--login-limit-per-addr", "100001", NULL } };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *args[] = { "serve", bad[i][0], bad[i][1], NULL };
		assert_int_equal(h_cli(&srv, args, NULL), 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits_as_set),
		cmocka_unit_test(test_ipv6_login_throttle_by_prefix),
		cmocka_unit_test(test_bad_limits_are_usage_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
