/* test_processes: two `kyodo serve` processes on one database behave as one.
 *   - a session made through one works through the other, and so does its CSRF token;
 *     a logout through one ends it in both;
 *   - a write through one is seen through the other on the next request: at once on a
 *     logged-in page; on a cached anonymous page within the stale bound (5 s), and at once
 *     when the write took something out of the public's sight (a phone number made
 *     private) — even though the other process had the page cached;
 *   - a login lock set through one is honoured by the other, and lifted through it;
 *   - the yearly round: published through one, it cannot be published again through the
 *     other, and the other's cached report follows publication and reopening at once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

#define DEMO_PASSWORD "kyodo-demo-2026"
#define STALE_BOUND_MS 5000

static struct h_server srv, one, two;	/* srv owns the database; one and two serve it */
static long long group_id;

static int setup(void **state)
{
	(void)state;
	const char *demo[] = { "demo", NULL };
	if (h_server_init(&srv) != 0 || h_cli(&srv, demo, NULL) != 0)
		return -1;
	h_server_share(&one, &srv);
	h_server_share(&two, &srv);
	return h_server_start(&one) == 0 && h_server_start(&two) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	int a = h_server_stop(&one), b = h_server_stop(&two);
	h_server_stop(&srv);
	return a == 0 && b == 0 ? 0 : -1;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* GET path through s with c's cookies; the status, the body in r. */
static long get_via(struct h_client *c, struct h_server *s, const char *path, struct h_resp *r)
{
	c->srv = s;
	assert_int_equal(h_get(c, path, r), 0);
	return r->status;
}

static int has_via(struct h_client *c, struct h_server *s, const char *path, const char *text)
{
	struct h_resp r;
	assert_int_equal(get_via(c, s, path, &r), 200);
	int has = strstr(r.body, text) != NULL;
	h_resp_free(&r);
	return has;
}

/* The demo group's profile saved through s, with the fields of set changed (h_form_body). */
static void save_profile(struct h_client *grp, struct h_server *s, const char *const *set)
{
	struct h_resp r;
	assert_int_equal(get_via(grp, s, "/my/group/edit", &r), 200);
	char *body = h_form_body(r.body, "/my/group/edit", set);
	h_resp_free(&r);
	assert_non_null(body);
	assert_int_equal(h_post(grp, "/my/group/edit", body, &r), 0);
	free(body);
	if (r.status != 303)
		fail_msg("saving the profile: %ld %s", r.status, strstr(r.body, "error-summary") ? strstr(r.body, "error-summary") : "");
	h_resp_free(&r);
}

/* The count in the row of the statistics page labelled label, as c gets it through s. */
static int stat_count(struct h_client *c, struct h_server *s, const char *label)
{
	struct h_resp r;
	char want[160];
	assert_int_equal(get_via(c, s, "/groups/stats", &r), 200);
	snprintf(want, sizeof want, "<th scope=\"row\">%s</th><td class=\"num\">", label);
	const char *p = strstr(r.body, want);
	int n = p ? atoi(p + strlen(want)) : -1;
	h_resp_free(&r);
	assert_true(n >= 0);
	return n;
}

static void find_group(void)
{
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &one), 0);
	char *q = h_urlenc("みどり野子ども食堂ネット"), path[256];
	snprintf(path, sizeof path, "/api/v1/groups?q=%s", q);
	free(q);
	assert_int_equal(get_via(&c, &one, path, &r), 200);
	json_t *j = json_loads(r.body, 0, NULL);
	group_id = json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	h_resp_free(&r);
	h_client_free(&c);
	assert_true(group_id > 0);
}

static void session_and_csrf_shared(void **state)
{
	(void)state;
	struct h_client grp;
	struct h_resp r;
	char csrf[128], form[256];
	assert_int_equal(h_client_init(&grp, &one), 0);
	assert_int_equal(h_login(&grp, "group", DEMO_PASSWORD), 303);
	/* made through one, the session works through two (cookies do not depend on the port) */
	assert_true(has_via(&grp, &two, "/my/group", "みどり野子ども食堂ネット"));
	/* a form of one, sent to two: its CSRF token is the session's, not the process's */
	assert_int_equal(get_via(&grp, &one, "/my/group", &r), 200);
	assert_non_null(h_csrf(&r, csrf, sizeof csrf));
	h_resp_free(&r);
	grp.srv = &two;
	assert_int_equal(h_post(&grp, "/my/group/confirm", "csrf=wrong", &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=%s", csrf);
	assert_int_equal(h_post(&grp, "/my/group/confirm", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	/* logged out through two: gone through one as well */
	assert_int_equal(h_post(&grp, "/logout", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(get_via(&grp, &one, "/my/group", &r), 303);
	h_resp_free(&r);
	h_client_free(&grp);
}

static void writes_seen_through_the_other(void **state)
{
	(void)state;
	struct h_client grp, center, anon;
	char page[64];
	find_group();
	snprintf(page, sizeof page, "/groups/%lld", group_id);
	char center_page[64];
	snprintf(center_page, sizeof center_page, "/center/orgs/%lld", group_id);
	assert_int_equal(h_client_init(&grp, &one), 0);
	assert_int_equal(h_login(&grp, "group", DEMO_PASSWORD), 303);
	assert_int_equal(h_client_init(&center, &two), 0);
	assert_int_equal(h_login(&center, "center", DEMO_PASSWORD), 303);
	assert_int_equal(h_client_init(&anon, &two), 0);
	/* two has the public pages cached */
	assert_true(has_via(&anon, &two, page, "099-201-1037"));
	assert_true(has_via(&anon, &two, page, "099-201-1037"));
	char search[128];
	char *q = h_urlenc("食堂");
	snprintf(search, sizeof search, "/groups?q=%s", q);
	free(q);
	assert_false(has_via(&anon, &two, search, "二つの窓口で試す目的"));
	assert_false(has_via(&anon, &two, "/groups?sort=confirmed", "二つの窓口で試す目的"));
	int big = stat_count(&anon, &two, "100人以上");

	/* the purpose changes through one */
	const char *purpose[] = { "purpose", "二つの窓口で試す目的", "members", "150", NULL };
	save_profile(&grp, &one, purpose);
	long long wrote = now_ms();
	/* logged in: at once */
	assert_true(has_via(&center, &two, center_page, "二つの窓口で試す目的"));
	/* anonymous, cached: within the bound, then never the old page again */
	const char *const cached[] = { page, search, "/groups?sort=confirmed", NULL };
	for (int i = 0; cached[i]; i++) {
		long long waited;
		while (!has_via(&anon, &two, cached[i], "二つの窓口で試す目的")) {
			waited = now_ms() - wrote;
			if (waited > STALE_BOUND_MS + 500)
				fail_msg("%s through two lacks a change made through one %lld ms ago", cached[i], waited);
			usleep(50 * 1000);
		}
		for (int k = 0; k < 5; k++)
			assert_true(has_via(&anon, &two, cached[i], "二つの窓口で試す目的"));
	}
	/* the statistics (kept by the writer, not recounted) */
	while (stat_count(&anon, &two, "100人以上") != big + 1) {
		if (now_ms() - wrote > STALE_BOUND_MS + 500)
			fail_msg("the statistics through two lack a change made through one");
		usleep(50 * 1000);
	}

	/* the phone number made private through one: gone through two on the next request */
	const char *private_phone[] = { "pub_16", NULL, NULL };
	save_profile(&grp, &one, private_phone);
	assert_false(has_via(&anon, &two, page, "099-201-1037"));
	assert_true(has_via(&center, &two, center_page, "099-201-1037"));	/* the center still sees it */
	h_client_free(&grp);
	h_client_free(&center);
	h_client_free(&anon);
}

static void login_lock_shared(void **state)
{
	(void)state;
	struct h_client guess, owner, admin;
	struct h_resp r;
	assert_int_equal(h_client_init(&guess, &one), 0);
	assert_int_equal(h_client_bind(&guess, "127.0.0.7"), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(h_login(&guess, "committee", "wrong-password-123"), 422);
	/* locked through one: refused through two, even with the right password */
	guess.srv = &two;
	assert_int_equal(h_login(&guess, "committee", DEMO_PASSWORD), 429);
	/* only that name from that address: its owner elsewhere logs in */
	assert_int_equal(h_client_init(&owner, &two), 0);
	assert_int_equal(h_login(&owner, "committee", DEMO_PASSWORD), 303);
	/* the admin lifts it through two; through one the name may log in again */
	assert_int_equal(h_client_init(&admin, &two), 0);
	assert_int_equal(h_login(&admin, "admin", DEMO_PASSWORD), 303);
	char csrf[128], form[512];
	assert_int_equal(get_via(&admin, &two, "/admin/locks", &r), 200);
	assert_non_null(strstr(r.body, "127.0.0.7"));
	assert_non_null(h_csrf(&r, csrf, sizeof csrf));
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=%s&kind=login-address&login=committee&address=127.0.0.7", csrf);
	assert_int_equal(h_post(&admin, "/admin/locks/lift", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	guess.srv = &one;
	assert_int_equal(h_login(&guess, "committee", DEMO_PASSWORD), 303);
	h_client_free(&guess);
	h_client_free(&owner);
	h_client_free(&admin);
}

static void yearly_round_consistent(void **state)
{
	(void)state;
	struct h_client adm, anon;
	struct h_resp r;
	char csrf[128], form[512];
	assert_int_equal(h_client_init(&adm, &one), 0);
	assert_int_equal(h_login(&adm, "admin", DEMO_PASSWORD), 303);
	assert_int_equal(h_client_init(&anon, &two), 0);
	assert_int_equal(get_via(&anon, &two, "/reports/1/2024", &r), 404);	/* 2024 is open */
	h_resp_free(&r);
	assert_int_equal(get_via(&adm, &one, "/plans/1/years/2024", &r), 200);
	assert_non_null(h_csrf(&r, csrf, sizeof csrf));
	h_resp_free(&r);
	/* the demo's 2024 has open items: publishing them needs the choice and a reason */
	snprintf(form, sizeof form, "csrf=%s&with_open=1&reason=%s", csrf, "two-process-test");
	/* published through one */
	assert_int_equal(h_post(&adm, "/plans/1/years/2024/publish", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	/* at once through two, to the public; and it cannot be published again there */
	assert_int_equal(get_via(&anon, &two, "/reports/1/2024", &r), 200);
	h_resp_free(&r);
	adm.srv = &two;
	assert_int_equal(h_post(&adm, "/plans/1/years/2024/publish", form, &r), 0);
	assert_int_not_equal(r.status, 303);
	h_resp_free(&r);
	/* two has the report cached; reopened through one, it is gone through two at once */
	assert_int_equal(get_via(&anon, &two, "/reports/1/2024", &r), 200);
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=%s&reason=%s", csrf, "two-process-test");
	adm.srv = &one;
	assert_int_equal(h_post(&adm, "/plans/1/years/2024/reopen", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(get_via(&anon, &two, "/reports/1/2024", &r), 404);
	h_resp_free(&r);
	h_client_free(&adm);
	h_client_free(&anon);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(session_and_csrf_shared),
		cmocka_unit_test(writes_seen_through_the_other),
		cmocka_unit_test(login_lock_shared),
		cmocka_unit_test(yearly_round_consistent),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
