/* test_cache_hard: no cached copy is ever sent after a write that takes something out of
 * the public's sight (the review finding of issue 7: a phone number made private was still
 * in the open data 0.3 s later). The real server on a loopback port, the demo database,
 * four reader threads fetching every cached public surface — the group's page and its
 * printable page, the lists (plain, filtered by area, in order of confirmation, a
 * search), the statistics, the API (one group, a list), the open data (CSV, Shift_JIS
 * CSV, JSON), the progress reports and their JSON — as fast as they can, while
 *   1. the group makes its phone number private,
 *   2. the group leaves one of its areas (the list of that area must drop it),
 *   3. the center dissolves the group (gone from every list, the API, the open data, the
 *      statistics; its pages 410),
 *   4. the division reopens a published year (its reports 404),
 *   5. the division renames a plan item while years are published (the old title gone
 *      from the reports).
 * Each write follows a change that may show a few seconds late (a soft change: the
 * purpose and the member count), so that every page has a fresh copy of a version the
 * cache may otherwise send while it rebuilds — the situation of the finding. Every
 * response to a request sent after the write's answer arrived must lack what the write
 * withdrew; the test also checks that each surface was fetched before (and showed it)
 * and after the write, so that it cannot pass by not looking. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

#define DEMO_PASSWORD "kyodo-demo-2026"
#define GROUP_NAME "みどり野子ども食堂ネット"
#define PHONE "099-201-1037"
#define READERS 4
#define WARM_MS 700	/* readers fetch this long before the write … */
#define AFTER_MS 2600	/* … and this long after it (beyond the 2 s refresh of a copy) */
#define NPATHS 16

static struct h_server srv;
static struct h_client grp, center, admin;
static long long group_id, area_id;
static char group_kind[48];
static int soft_round;
static char write_error[600];	/* why a write failed */

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static char *from_cp932(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	assert_true(cd != (iconv_t)-1);
	size_t cap = n * 3 + 1, left = cap, inleft = n;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	if (iconv(cd, &in, &inleft, &o, &left) == (size_t)-1)
		o = out;
	*o = 0;
	iconv_close(cd);
	return out;
}

/* ---- the readers ---- */

/* Does this response show what the scenario's write withdrew? */
typedef int (*leak_fn)(int path, long status, const char *body);

static struct {
	pthread_mutex_t lock;
	const char *paths[NPATHS];
	int npaths;
	leak_fn leak;
	long long done_ms;	/* when the write's answer arrived; 0 before */
	int stop;
	int before[NPATHS];	/* responses that showed it, sent before the write */
	int after[NPATHS];	/* responses checked, sent after the write */
	int leaks, leaked[NPATHS];
	char first[512];
} run = { .lock = PTHREAD_MUTEX_INITIALIZER };

struct reader {
	pthread_t t;
	struct h_client c;
	int k;
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	for (int i = rd->k;; i++) {
		pthread_mutex_lock(&run.lock);
		int stop = run.stop, n = run.npaths;
		long long done = run.done_ms;
		pthread_mutex_unlock(&run.lock);
		if (stop)
			break;
		int p = i % n;
		long long sent = now_ms();
		struct h_resp r;
		if (h_get(&rd->c, run.paths[p], &r) != 0)
			continue;
		char *body = strstr(run.paths[p], "cp932") ? from_cp932(r.body, r.len) : NULL;
		int leak = run.leak(p, r.status, body ? body : r.body);
		pthread_mutex_lock(&run.lock);
		if (done && sent > done) {
			run.after[p]++;
			if (leak && getenv("TEST_CACHE_HARD_DEBUG"))
				fprintf(stderr, "leak %s %ld +%lld ms\n", run.paths[p], r.status, sent - done);
			run.leaked[p] += leak;
			if (leak && run.leaks++ == 0)
				snprintf(run.first, sizeof run.first, "%s (%ld) sent %lld ms after the write was answered",
					 run.paths[p], r.status, sent - done);
		} else if (!done && leak) {
			run.before[p]++;
		}
		pthread_mutex_unlock(&run.lock);
		free(body);
		h_resp_free(&r);
	}
	return NULL;
}

/* Readers on paths for WARM_MS, write(), readers for AFTER_MS more; then the checks. */
static void scenario(const char *what, const char *const *paths, leak_fn leak, int (*write)(void))
{
	struct reader rd[READERS];
	memset(&run.before, 0, sizeof run.before);
	memset(&run.after, 0, sizeof run.after);
	memset(&run.leaked, 0, sizeof run.leaked);
	run.npaths = 0;
	for (int i = 0; paths[i]; i++)
		run.paths[run.npaths++] = paths[i];
	run.leak = leak;
	run.done_ms = 0;
	run.stop = 0;
	run.leaks = 0;
	run.first[0] = 0;
	for (int i = 0; i < READERS; i++) {
		rd[i].k = i;
		assert_int_equal(h_client_init(&rd[i].c, &srv), 0);
	}
	for (int i = 0; i < READERS; i++)
		assert_int_equal(pthread_create(&rd[i].t, NULL, reader_main, &rd[i]), 0);
	usleep(WARM_MS * 1000);
	int wrote = write();
	long long done = now_ms();
	pthread_mutex_lock(&run.lock);
	run.done_ms = done;
	pthread_mutex_unlock(&run.lock);
	usleep(AFTER_MS * 1000);
	pthread_mutex_lock(&run.lock);
	run.stop = 1;
	pthread_mutex_unlock(&run.lock);
	for (int i = 0; i < READERS; i++) {
		pthread_join(rd[i].t, NULL);
		h_client_free(&rd[i].c);
	}
	if (wrote != 0)
		fail_msg("%s: the write failed: %s", what, write_error);
	for (int p = 0; p < run.npaths; p++) {
		if (!run.before[p])
			fail_msg("%s: %s never showed it before the write (the test would not see a leak)", what,
				 run.paths[p]);
		if (!run.after[p])
			fail_msg("%s: %s not fetched after the write", what, run.paths[p]);
	}
	for (int p = 0; p < run.npaths && run.leaks; p++)
		print_message("  %s: %d of %d responses after the write showed it\n", run.paths[p], run.leaked[p],
			      run.after[p]);
	if (run.leaks)
		fail_msg("%s: %d responses after the write still showed it; the first: %s", what, run.leaks, run.first);
}

/* ---- writes ---- */

/* Sends the form of page whose action is action, with set changed (h_form_body). 0 when
 * answered 303; -1 with write_error set (no assertion: readers may be running). */
static int post_form(struct h_client *c, const char *page, const char *action, const char *const *set)
{
	struct h_resp r;
	if (h_get(c, page, &r) != 0 || r.status != 200) {
		snprintf(write_error, sizeof write_error, "GET %s failed", page);
		return -1;
	}
	char *body = h_form_body(r.body, action, set);
	h_resp_free(&r);
	if (!body) {
		snprintf(write_error, sizeof write_error, "%s has no form for %s", page, action);
		return -1;
	}
	int rc = h_post(c, action, body, &r);
	free(body);
	if (rc != 0) {
		snprintf(write_error, sizeof write_error, "POST %s failed", action);
		return -1;
	}
	if (r.status != 303) {
		const char *e = strstr(r.body, "error-summary");
		snprintf(write_error, sizeof write_error, "POST %s: %ld %.400s", action, r.status, e ? e : "");
		h_resp_free(&r);
		return -1;
	}
	h_resp_free(&r);
	return 0;
}

/* A change the public may see a few seconds late: every list, the group's pages, the API,
 * the open data and the statistics (the member band) move softly. */
static void soft_change(void)
{
	int rc;
	char purpose[128];
	soft_round++;
	snprintf(purpose, sizeof purpose, "子どもたちに温かい食事を届ける（第%d版）", soft_round);
	const char *set[] = { "purpose", purpose, "members", soft_round % 2 ? "150" : "5",
			      "members_in_city", "3", NULL };
	if ((rc = post_form(&grp, "/my/group/edit", "/my/group/edit", set)) != 0)
		fail_msg("%s", write_error);
}

static int phone_private(void)
{
	const char *set[] = { "pub_16", NULL, NULL };
	return post_form(&grp, "/my/group/edit", "/my/group/edit", set);
}

static int area_left(void)
{
	char name[32];
	snprintf(name, sizeof name, "area_%lld", area_id);
	const char *set[] = { name, NULL, NULL };
	return post_form(&grp, "/my/group/edit", "/my/group/edit", set);
}

static int dissolve(void)
{
	char page[64];
	snprintf(page, sizeof page, "/center/orgs/%lld/edit", group_id);
	const char *set[] = { "status", "dissolved", NULL };
	return post_form(&center, page, page, set);
}

static int reopen_2023(void)
{
	char csrf[128], form[256];
	struct h_resp r;
	if (h_csrf_of(&admin, "/plans/1/years/2023", csrf, sizeof csrf) != 0) {
		snprintf(write_error, sizeof write_error, "no CSRF token on /plans/1/years/2023");
		return -1;
	}
	snprintf(form, sizeof form, "csrf=%s&reason=cache-test", csrf);
	if (h_post(&admin, "/plans/1/years/2023/reopen", form, &r) != 0)
		return snprintf(write_error, sizeof write_error, "POST reopen failed"), -1;
	long st = r.status;
	h_resp_free(&r);
	if (st != 303)
		return snprintf(write_error, sizeof write_error, "POST reopen: %ld", st), -1;
	return 0;
}

/* ---- what each write withdraws ---- */

static int leak_phone(int p, long status, const char *body)
{
	(void)p;
	(void)status;
	return strstr(body, PHONE) != NULL;
}

static int leak_area(int p, long status, const char *body)
{
	(void)p;
	(void)status;
	return strstr(body, GROUP_NAME) != NULL;
}

static int stats_before;	/* the "100人以上" count with the group in it */

static int stat_count(const char *body, const char *label)
{
	char want[160];
	snprintf(want, sizeof want, "<th scope=\"row\">%s</th><td class=\"num\">", label);
	const char *at = strstr(body, want);
	return at ? atoi(at + strlen(want)) : -1;
}

static const char *dissolve_paths[NPATHS];
static int leak_dissolved(int p, long status, const char *body)
{
	const char *path = dissolve_paths[p];
	if (strcmp(path, "/groups/stats") == 0)
		return stat_count(body, "100人以上") == stats_before;
	if (strncmp(path, "/groups/", 8) == 0 && path[8] >= '1' && path[8] <= '9')
		return status == 200;	/* the group's own pages: 410 once dissolved */
	if (strncmp(path, "/api/v1/groups/", 15) == 0)
		return status == 200;
	return strstr(body, GROUP_NAME) != NULL;
}

static int leak_report(int p, long status, const char *body)
{
	(void)p;
	(void)body;
	return status == 200;
}

static char old_title[256];
static int leak_title(int p, long status, const char *body)
{
	(void)p;
	(void)status;
	return strstr(body, old_title) != NULL;
}

/* ---- setup ---- */

static long long find_group(void)
{
	struct h_resp r;
	char *q = h_urlenc(GROUP_NAME), path[256];
	snprintf(path, sizeof path, "/api/v1/groups?q=%s", q);
	free(q);
	assert_int_equal(h_get(&admin, path, &r), 0);
	json_t *j = json_loads(r.body, 0, NULL);
	json_t *g = json_array_get(json_object_get(j, "items"), 0);
	long long id = json_integer_value(json_object_get(g, "id"));
	const char *kind = json_string_value(json_object_get(g, "kind"));
	snprintf(group_kind, sizeof group_kind, "%s", kind ? kind : "");
	json_decref(j);
	h_resp_free(&r);
	return id;
}

/* The first area ticked in the group's form. */
static long long first_area(void)
{
	struct h_resp r;
	assert_int_equal(h_get(&grp, "/my/group/edit", &r), 0);
	long long id = 0;
	for (const char *p = r.body; !id && (p = strstr(p, "name=\"area_")) != NULL; p++) {
		const char *end = strchr(p, '>');
		const char *checked = strstr(p, " checked");
		if (end && checked && checked < end)
			id = atoll(p + strlen("name=\"area_"));
	}
	h_resp_free(&r);
	return id;
}

static int setup(void **state)
{
	(void)state;
	const char *demo[] = { "demo", NULL };
	if (h_server_init(&srv) != 0 || h_cli(&srv, demo, NULL) != 0 || h_server_start(&srv) != 0)
		return -1;
	if (h_client_init(&grp, &srv) || h_client_init(&center, &srv) || h_client_init(&admin, &srv))
		return -1;
	if (h_login(&grp, "group", DEMO_PASSWORD) != 303 || h_login(&center, "center", DEMO_PASSWORD) != 303 ||
	    h_login(&admin, "admin", DEMO_PASSWORD) != 303)
		return -1;
	group_id = find_group();
	area_id = first_area();
	return group_id > 0 && area_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	h_client_free(&grp);
	h_client_free(&center);
	h_client_free(&admin);
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- the scenarios ---- */

static void contact_made_private(void **state)
{
	(void)state;
	char page[64], print[64], api[64], list[160];
	snprintf(page, sizeof page, "/groups/%lld", group_id);
	snprintf(print, sizeof print, "/groups/%lld/print", group_id);
	snprintf(api, sizeof api, "/api/v1/groups/%lld", group_id);
	char *q = h_urlenc(GROUP_NAME);
	snprintf(list, sizeof list, "/api/v1/groups?q=%s", q);
	free(q);
	const char *paths[] = { page, print, api, list, "/groups/opendata.csv", "/groups/opendata.csv?encoding=cp932",
				"/groups/opendata.json", NULL };
	soft_change();
	scenario("a phone number made private", paths, leak_phone, phone_private);
}

static void area_left_by_the_group(void **state)
{
	(void)state;
	char list[64], api[64];
	snprintf(list, sizeof list, "/groups?area=%lld&per_page=100", area_id);
	snprintf(api, sizeof api, "/api/v1/groups?area=%lld&per_page=100", area_id);
	const char *paths[] = { list, api, NULL };
	soft_change();
	scenario("an area the group left", paths, leak_area, area_left);
}

static void group_dissolved(void **state)
{
	(void)state;
	char page[64], print[64], api[64], search[160], apilist[160], kind_list[96];
	snprintf(kind_list, sizeof kind_list, "/groups?kind=%s", group_kind);
	snprintf(page, sizeof page, "/groups/%lld", group_id);
	snprintf(print, sizeof print, "/groups/%lld/print", group_id);
	snprintf(api, sizeof api, "/api/v1/groups/%lld", group_id);
	char *q = h_urlenc("食堂");
	snprintf(search, sizeof search, "/groups?q=%s", q);
	snprintf(apilist, sizeof apilist, "/api/v1/groups?q=%s", q);
	free(q);
	const char *paths[] = { page, print, api, search, apilist, kind_list, "/groups?sort=confirmed",
				"/groups/stats", "/groups/opendata.csv", "/groups/opendata.csv?encoding=cp932",
				"/groups/opendata.json", NULL };
	for (int i = 0; paths[i]; i++)
		dissolve_paths[i] = paths[i];
	/* the group among those of 100 members or more: its count as a logged-in viewer (never
	 * from the cache) sees it */
	soft_change();
	if (soft_round % 2 == 0)
		soft_change();
	struct h_resp r;
	assert_int_equal(h_get(&center, "/groups/stats", &r), 0);
	stats_before = stat_count(r.body, "100人以上");
	h_resp_free(&r);
	assert_true(stats_before > 0);
	scenario("a dissolved group", paths, leak_dissolved, dissolve);
}

static void year_reopened(void **state)
{
	(void)state;
	const char *paths[] = { "/reports/1/2023", "/api/v1/reports/1/2023", NULL };
	scenario("a published year reopened", paths, leak_report, reopen_2023);
}

/* Item 1 of the demo plan (on the 2022 report) gets a new title. */
static int rename_item(void)
{
	const char *set[] = { "title", "改めた施策の名前", NULL };
	return post_form(&admin, "/plans/1/items/1/edit", "/plans/1/items/1", set);
}

static void item_renamed(void **state)
{
	(void)state;
	struct h_resp r;
	assert_int_equal(h_get(&admin, "/plans/1/items/1/edit", &r), 0);
	assert_int_equal(r.status, 200);
	/* the value of the input named title, whatever the order of its attributes */
	const char *n = strstr(r.body, "name=\"title\"");
	assert_non_null(n);
	const char *tag = n;
	while (tag > r.body && *tag != '<')
		tag--;
	const char *end = strchr(n, '>'), *v = strstr(tag, " value=\"");
	assert_true(end && v && v < end);
	v += strlen(" value=\"");
	snprintf(old_title, sizeof old_title, "%.*s", (int)(strchr(v, '"') - v), v);
	h_resp_free(&r);
	assert_true(strlen(old_title) > 3);
	const char *paths[] = { "/reports/1/2022", "/api/v1/reports/1/2022", NULL };
	scenario("a plan item renamed", paths, leak_title, rename_item);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(contact_made_private),
		cmocka_unit_test(area_left_by_the_group),
		cmocka_unit_test(group_dissolved),
		cmocka_unit_test(year_reopened),
		cmocka_unit_test(item_renamed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
