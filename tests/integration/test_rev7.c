/* test_rev7: defects found by the review of issue 7 (branch rev7), each a test that fails on
 * the code as reviewed and passes once fixed:
 *   - per-address limits count an IPv6 client by its whole address, so one machine with a
 *     /64 (every IPv6 home line) is as many clients as it likes: /register's 3 an hour
 *     from one address (and the login throttle, the name probes, the connection caps);
 *   - ?page= has no upper bound: (page - 1) * rows overflows a long long (undefined
 *     behaviour; under the ASan+UBSan build, `make asan-integration`, the server dies —
 *     this one fails there only; the plain build wraps silently);
 *   - the locks page shows a login name a stranger typed with its bidi controls as they
 *     are (U+202E before "nimda" shows it as "admin" on the admin's screen);
 *   - the visibility rule hides how far a department has got (the round's figures are
 *     null for the committee) while the items API tells each hidden draft from an item
 *     without an answer (year_hidden), which gives the same figures back.
 * The server trusts 127.0.0.2 as its reverse proxy. */
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

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int setup(void **state)
{
	(void)state;
	char p24[256];
	if (h_server_init(&srv) != 0)
		return -1;
	snprintf(p24, sizeof p24, "%s/p24.csv", srv.dir);
	/* 2024 open: 課A's A1 holds a draft answer, A2 none; B1 (課B) a draft */
	if (write_file(p24, "code,parent,title,department,status,result\n"
			    "P,,pillar,,,\n"
			    "A1,P,title-a1,課A,済,draft-a1\n"
			    "A2,P,title-a2,課A,,\n"
			    "B1,P,title-b1,課B,済,draft-b1\n"))
		return -1;
	const char *create[] = { "plan", "create", "r7", "--from", "2024", "--to", "2025", "--statuses", "済,未", NULL };
	const char *imp[] = { "plan", "import", "r7", p24, "--year", "2024", NULL };
	const char *open24[] = { "plan", "round", "r7", "--year", "2024", "open", NULL };
	if (h_cli(&srv, create, NULL) || h_cli(&srv, imp, NULL) || h_cli(&srv, open24, NULL))
		return -1;
	if (h_user_add(&srv, "ad", "admin", PW, NULL) || h_user_add(&srv, "sa", "staff", PW, "課A") ||
	    h_user_add(&srv, "cm", "committee", PW, NULL))
		return -1;
	const char *args[] = { "--trusted-proxy", PROXY, NULL };
	return h_server_start_args(&srv, args);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void client_at(struct h_client *c, const char *addr)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	assert_int_equal(h_client_bind(c, addr), 0);
}

/* ---- IPv6: one /64 is one client ---- */

static long apply_via(const char *xff, const char *login)
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
	h_resp_free(&r);
	h_client_free(&c);
	return st;
}

static void test_ipv6_one_prefix_is_one_address(void **state)
{
	(void)state;
	/* one machine, one /64: the addresses its system picks for each connection */
	assert_int_equal(apply_via("2001:db8:7:7::1", "vsix1"), 303);
	assert_int_equal(apply_via("2001:db8:7:7::2", "vsix2"), 303);
	assert_int_equal(apply_via("2001:db8:7:7:aaaa::3", "vsix3"), 303);
	/* the 4th in the hour from the same /64 is refused, as from one IPv4 address */
	assert_int_equal(apply_via("2001:db8:7:7:bbbb:cccc:dddd:4", "vsix4"), 422);
}

/* ---- ?page= far beyond the last page ---- */

static void test_huge_page_number(void **state)
{
	(void)state;
	struct h_client ad, sa;
	struct h_resp r;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_client_init(&sa, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	assert_int_equal(h_login(&sa, "sa", PW), 303);
	const char *paths[] = { "/plans/1/years/2024?page=9223372036854775807", "/plans/1?fy=2024&page=9223372036854775807",
				NULL };
	for (int i = 0; paths[i]; i++) {
		assert_int_equal(h_get(&ad, paths[i], &r), 0);
		assert_true(r.status == 200 || r.status == 404);
		h_resp_free(&r);
	}
	assert_int_equal(h_get(&sa, paths[0], &r), 0);	/* the department's own list */
	assert_true(r.status == 200 || r.status == 404);
	h_resp_free(&r);
	assert_int_equal(h_get(&ad, "/healthz", &r), 0);	/* still serving */
	assert_int_equal(r.status, 200);
	h_resp_free(&r);
	h_client_free(&ad);
	h_client_free(&sa);
}

/* ---- the locks page: what strangers typed ---- */

static void test_locks_page_neutralises_bidi(void **state)
{
	(void)state;
	struct h_client st, ad;
	struct h_resp r;
	client_at(&st, PROXY);
	/* U+202E RIGHT-TO-LEFT OVERRIDE, then "nimda": shown as "admin" */
	const char *form = "login=%E2%80%AEnimda&password=wrong+password+1";
	const char *headers[] = { "X-Forwarded-For: 192.0.2.77", NULL };
	for (int i = 0; i < 5; i++) {
		assert_int_equal(h_post_hdr(&st, "/login", form, strlen(form), headers, &r), 0);
		assert_int_equal(r.status, 422);
		h_resp_free(&r);
	}
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	assert_int_equal(h_get(&ad, "/admin/locks", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "nimda"));	/* the lock is listed */
	if (strstr(r.body, "\xE2\x80\xAE"))
		fail_msg("the locks page holds a raw U+202E from a stranger's login name");
	/* fix7: shown by its code point, kept exact in the form that lifts it */
	assert_non_null(strstr(r.body, "<td>\u27E8U+202E\u27E9nimda</td>"));
	assert_non_null(strstr(r.body, "name=\"login\" value=\"&#x202E;nimda\""));
	h_resp_free(&r);
	/* the JSON keeps the exact string */
	assert_int_equal(h_get(&ad, "/api/v1/login-locks", &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL), *l;
	h_resp_free(&r);
	assert_non_null(j);
	size_t i;
	int exact = 0;
	json_array_foreach(json_object_get(j, "locks"), i, l)
		exact |= json_is_string(json_object_get(l, "login")) &&
			 strcmp(json_string_value(json_object_get(l, "login")), "\xE2\x80\xAEnimda") == 0;
	json_decref(j);
	assert_true(exact);
	/* what the form posts back (the browser decodes &#x202E;) lifts that lock */
	char tok[128], lift[512];
	assert_int_equal(h_csrf_of(&ad, "/admin/locks", tok, sizeof tok), 0);
	snprintf(lift, sizeof lift, "csrf=%s&kind=login-address&login=%%E2%%80%%AEnimda&address=192.0.2.77", tok);
	assert_int_equal(h_post(&ad, "/admin/locks/lift", lift, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(h_get(&ad, "/api/v1/login-locks", &r), 0);
	assert_null(strstr(r.body, "192.0.2.77\""));	/* no lock of that address is left */
	h_resp_free(&r);
	h_client_free(&st);
	h_client_free(&ad);
}

/* ---- what the committee can count of another department's drafts ---- */

static void test_hidden_progress_stays_hidden(void **state)
{
	(void)state;
	struct h_client cm;
	struct h_resp r;
	assert_int_equal(h_client_init(&cm, &srv), 0);
	assert_int_equal(h_login(&cm, "cm", PW), 303);
	/* the round's figures: 課A's "answered" is hidden from the committee */
	assert_int_equal(h_get(&cm, "/api/v1/plans/1/years/2024/round", &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL), *d;
	h_resp_free(&r);
	assert_non_null(j);
	size_t i;
	int hidden = 0;
	json_array_foreach(json_object_get(j, "departments"), i, d)
		if (strcmp(json_string_value(json_object_get(d, "department")), "課A") == 0)
			hidden = json_is_null(json_object_get(d, "answered"));
	json_decref(j);
	/* then the items must not give it back: A1 (a draft) and A2 (no answer) look alike */
	assert_int_equal(h_get(&cm, "/api/v1/plans/1/years/2024/items", &r), 0);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	assert_non_null(j);
	int a1 = -1, a2 = -1;
	json_t *it, *y1 = NULL, *y2 = NULL;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *code = json_string_value(json_object_get(it, "code"));
		int h = json_is_true(json_object_get(it, "year_hidden"));
		if (strcmp(code, "A1") == 0)
			a1 = h, y1 = json_object_get(it, "year");
		else if (strcmp(code, "A2") == 0)
			a2 = h, y2 = json_object_get(it, "year");
	}
	assert_true(a1 >= 0 && a2 >= 0);
	if (hidden && a1 != a2)
		fail_msg("the round hides how far 課A has got, but year_hidden tells its draft (A1) from no answer (A2)");
	/* fix7: the round does hide it, and both items say the same: no answer to see yet */
	assert_true(hidden);
	assert_true(a1 == 1 && json_is_null(y1) && json_is_null(y2));
	json_decref(j);
	/* the page shows both alike (未提出), and the rollup counts what is not visible without
	 * telling drafts (A1, B1) from nothing (A2): 3 items not submitted */
	assert_int_equal(h_get(&cm, "/plans/1?fy=2024", &r), 0);
	assert_int_equal(r.status, 200);
	const char *p = r.body, *hit;
	int labels = 0;
	while ((hit = strstr(p, "未提出")) != NULL) {
		labels++;
		p = hit + 1;
	}
	assert_int_equal(labels, 3);
	h_resp_free(&r);
	assert_int_equal(h_get(&cm, "/api/v1/plans/1/years/2024/rollup?by=priority", &r), 0);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "hidden")), 3);
	json_decref(j);
	h_client_free(&cm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv6_one_prefix_is_one_address),
		cmocka_unit_test(test_locks_page_neutralises_bidi),
		cmocka_unit_test(test_hidden_progress_stays_hidden),
		cmocka_unit_test(test_huge_page_number),	/* last: under UBSan it stops the server */
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
