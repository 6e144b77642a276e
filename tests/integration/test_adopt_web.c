/* test_adopt_web: the adoption programme over the real server on the demo city — the
 * public list, each place's page, the JSON API and the CSV show who adopts a place in force (its
 * public name only) and nothing of an application, an agreement not yet in force, the
 * city's notes, supplies or reports, for the anonymous public (cached copies included)
 * and the committee alike; the whole flow through the forms (the department adds a place,
 * the group applies, the department approves, the group reports) with CSRF, 422 pages
 * that keep what was typed, dates in 和暦 with 西暦; another group's agreement is 404; two
 * departments' staff recording overlapping agreements at the same moment: exactly one
 * succeeds. Runs on the backend KYODO_TEST_DB names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define DEMO_PW "kyodo-demo-2026"

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&srv, demo, NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static char *form_of(const char *const *kv)
{
	size_t cap = 8192, len = 0;
	char *out = calloc(1, cap);
	for (int i = 0; out && kv[i]; i += 2) {
		char *v = h_urlenc(kv[i + 1]);
		len += (size_t)snprintf(out + len, cap - len, "%s%s=%s", len ? "&" : "", kv[i], v);
		free(v);
	}
	return out;
}

/* POST with the CSRF token of the start page; the response in out. */
static long post_form(struct h_client *c, const char *path, const char *const *kv, struct h_resp *out)
{
	char tok[128] = "", *form = form_of(kv), body[12000];
	if (h_csrf_of(c, "/", tok, sizeof tok) != 0) {
		free(form);
		return -1;
	}
	snprintf(body, sizeof body, "csrf=%s%s%s", tok, *form ? "&" : "", form);
	free(form);
	if (h_post(c, path, body, out) != 0)
		return -1;
	return out->status;
}

static void login(struct h_client *c, const char *who)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	if (who)
		assert_int_equal(h_login(c, who, DEMO_PW), 303);
}

static char *get_body(struct h_client *c, const char *path, long want)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	if (r.status != want)
		print_error("GET %s: %ld, wanted %ld\n", path, r.status, want);
	assert_int_equal(r.status, want);
	char *b = strdup(r.body ? r.body : "");
	h_resp_free(&r);
	return b;
}

/* Texts of the demo that must never show outside the agreement's parties. */
static const char *const private_texts[] = {
	"北町自治会",	/* agreed for next year only */
	"子ども食堂に来る親子",	/* the text of an application */
	"花苗は市が年2回支給",	/* the city's note */
	"移植ごて",	/* supplies lent */
	"市民活動災害補償保険",	/* insurance */
	"園内清掃を年24回",	/* a report */
	"月2回（第1・第3日曜日）",	/* the activities agreed */
	NULL,
};

static void assert_public(const char *what, const char *body)
{
	for (int i = 0; private_texts[i]; i++)
		if (strstr(body, private_texts[i])) {
			print_error("%s shows %s\n", what, private_texts[i]);
			fail();
		}
}

static void public_boundary(void **state)
{
	(void)state;
	struct h_client anon, committee, center;
	login(&anon, NULL);
	login(&committee, "committee");
	login(&center, "center");
	struct h_client *viewers[] = { &anon, &committee, &center };
	for (int v = 0; v < 3; v++) {
		for (int pass = 0; pass < 2; pass++) {	/* the second pass is served from the cache */
			char *list = get_body(viewers[v], "/adopt", 200);
			assert_non_null(strstr(list, "中央公園"));
			assert_non_null(strstr(list, "みどり野環境美化ボランティア"));
			assert_non_null(strstr(list, "北町商店会"));	/* shared place: both groups */
			assert_non_null(strstr(list, "中央一丁目自治会"));
			assert_non_null(strstr(list, "北町ポケットパーク"));	/* listed, as free */
			assert_public("/adopt", list);
			free(list);
			char *api = get_body(viewers[v], "/api/v1/adopt/places", 200);
			assert_non_null(strstr(api, "\"adopted_by\":[\"みどり野環境美化ボランティア\"]"));
			assert_public("/api/v1/adopt/places", api);
			free(api);
			char *csv = get_body(viewers[v], "/adopt/places.csv", 200);
			assert_non_null(strstr(csv, "種類,場所,所在地,担当課,共同アダプト,状態,里親団体"));
			assert_non_null(strstr(csv, "公園,中央公園,"));
			assert_non_null(strstr(csv, "里親あり,みどり野環境美化ボランティア"));
			assert_public("/adopt/places.csv", csv);
			free(csv);
			for (int id = 1; id <= 8; id++) {
				char path[64];
				snprintf(path, sizeof path, "/adopt/places/%d", id);
				char *p = get_body(viewers[v], path, 200);
				assert_public(path, p);
				assert_null(strstr(p, "/adopt/agreements/"));	/* no way into an agreement */
				free(p);
			}
		}
	}
	/* the agreement pages are not theirs: the route refuses the public and the committee */
	struct h_resp r;
	assert_int_equal(h_get(&anon, "/adopt/agreements/1", &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(h_get(&committee, "/adopt/agreements/1", &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	/* staff of another department: the public's view; its agreements are not found */
	struct h_client gakushu;
	login(&gakushu, "gakushu");
	char *p = get_body(&gakushu, "/adopt/places/1", 200);
	assert_public("/adopt/places/1 for another department", p);
	free(p);
	assert_int_equal(h_get(&gakushu, "/adopt/agreements/1", &r), 0);
	assert_int_equal(r.status, 404);
	h_resp_free(&r);
	/* the demo group cannot open another group's agreement (1: 中央公園) */
	struct h_client group;
	login(&group, "group");
	assert_int_equal(h_get(&group, "/adopt/agreements/1", &r), 0);
	assert_int_equal(r.status, 404);
	h_resp_free(&r);
	/* but reads its own, insurance and supplies included, not the city's note */
	char *mine = get_body(&group, "/my/adopt", 200);
	assert_non_null(strstr(mine, "市民活動センター前花壇"));
	assert_non_null(strstr(mine, "南台児童公園"));	/* its application */
	free(mine);
	h_client_free(&gakushu);
	h_client_free(&group);
	h_client_free(&anon);
	h_client_free(&committee);
	h_client_free(&center);
}

/* The id in a Location header "/adopt/…/N?…" after prefix. */
static long long location_id(const struct h_resp *r, const char *prefix)
{
	char loc[256];
	if (!h_header(r, "Location", loc, sizeof loc) || strncmp(loc, prefix, strlen(prefix)) != 0)
		return -1;
	return atoll(loc + strlen(prefix));
}

static void flow_through_the_forms(void **state)
{
	(void)state;
	struct h_client staff, group, anon;
	login(&staff, "kyodo");
	login(&group, "group");
	login(&anon, NULL);
	struct h_resp r;
	/* an empty place form: every problem, 422 */
	const char *empty[] = { "name", "", NULL };
	assert_int_equal(post_form(&staff, "/adopt/places/new", empty, &r), 422);
	assert_non_null(strstr(r.body, "error-summary"));
	h_resp_free(&r);
	/* the department adds a place: its own department is the only one it may name */
	char *form = get_body(&staff, "/adopt/places/new", 200);
	char *body = h_form_body(form, "/adopt/places/new",
				 (const char *const[]){ "kind", "4", "name", "テスト広場の花壇", "location", "中央三丁目1番",
							"note", "水道の鍵は守衛室", NULL });
	free(form);
	assert_non_null(body);
	assert_int_equal(h_post(&staff, "/adopt/places/new", body, &r), 0);
	free(body);
	assert_int_equal(r.status, 303);
	long long place = location_id(&r, "/adopt/places/");
	h_resp_free(&r);
	assert_true(place > 0);
	char path[128], ppath[128];
	snprintf(ppath, sizeof ppath, "/adopt/places/%lld", place);
	char *pub = get_body(&anon, ppath, 200);
	assert_non_null(strstr(pub, "テスト広場の花壇"));
	assert_null(strstr(pub, "水道の鍵は守衛室"));
	free(pub);
	/* the group applies: a bad date keeps what was typed */
	snprintf(path, sizeof path, "/adopt/places/%lld/apply", place);
	const char *bad[] = { "activities", "月1回の花植え", "starts_on", "いつか", "ends_on", "2027-03-31", NULL };
	assert_int_equal(post_form(&group, path, bad, &r), 422);
	assert_non_null(strstr(r.body, "月1回の花植え"));
	h_resp_free(&r);
	const char *ok[] = { "activities", "月1回の花植えと水やり", "starts_on", "令和8年4月1日", "ends_on", "2027-03-31", NULL };
	assert_int_equal(post_form(&group, path, ok, &r), 303);
	long long ag = location_id(&r, "/adopt/agreements/");
	h_resp_free(&r);
	assert_true(ag > 0);
	/* not public while applied */
	pub = get_body(&anon, ppath, 200);
	assert_null(strstr(pub, "みどり野子ども食堂ネット"));
	free(pub);
	/* the department sees it waiting on its start page and approves */
	char *home = get_body(&staff, "/", 200);
	assert_non_null(strstr(home, "data-kind=\"adopt_applied\""));
	free(home);
	snprintf(path, sizeof path, "/adopt/agreements/%lld", ag);
	char *page = get_body(&staff, path, 200);
	assert_non_null(strstr(page, "令和8年（2026年）4月1日"));	/* 和暦 with 西暦 */
	free(page);
	snprintf(path, sizeof path, "/adopt/agreements/%lld/decide", ag);
	const char *approve[] = { "decision", "approve", "starts_on", "2026-04-01", "ends_on", "2027-03-31", "comment", "", NULL };
	assert_int_equal(post_form(&staff, path, approve, &r), 303);
	h_resp_free(&r);
	/* public at once (the write moved the version hard) with the group's name only */
	pub = get_body(&anon, ppath, 200);
	assert_non_null(strstr(pub, "みどり野子ども食堂ネット"));
	assert_null(strstr(pub, "月1回の花植えと水やり"));
	free(pub);
	/* the group reports on the year */
	snprintf(path, sizeof path, "/adopt/agreements/%lld/report", ag);
	const char *report[] = { "fy", "2026", "activities", "花植え2回と水やり", "times", "10", "people", "45", NULL };
	assert_int_equal(post_form(&group, path, report, &r), 303);
	h_resp_free(&r);
	snprintf(path, sizeof path, "/adopt/agreements/%lld", ag);
	page = get_body(&staff, path, 200);
	assert_non_null(strstr(page, "花植え2回と水やり"));
	free(page);
	/* a second department's staff cannot decide or report; the group cannot decide */
	snprintf(path, sizeof path, "/adopt/agreements/%lld/renew", ag);
	const char *renew[] = { "starts_on", "2027-04-01", "ends_on", "2028-03-31", NULL };
	struct h_client kikaku;
	login(&kikaku, "kikaku");
	assert_int_equal(post_form(&kikaku, path, renew, &r), 404);
	h_resp_free(&r);
	assert_int_equal(post_form(&group, path, renew, &r), 403);
	h_resp_free(&r);
	assert_int_equal(post_form(&staff, path, renew, &r), 303);
	h_resp_free(&r);
	h_client_free(&kikaku);
	h_client_free(&staff);
	h_client_free(&group);
	h_client_free(&anon);
}

struct racer {
	const char *path;
	const char *org;
	pthread_barrier_t *go;
	long status;
};

static void *race(void *arg)
{
	struct racer *rc = arg;
	struct h_client c;
	if (h_client_init(&c, &srv) != 0 || h_login(&c, "admin", DEMO_PW) != 303)
		return NULL;
	char tok[128] = "";
	h_csrf_of(&c, "/", tok, sizeof tok);
	char body[1024];
	char *acts = h_urlenc("清掃");
	snprintf(body, sizeof body, "csrf=%s&org=%s&activities=%s&starts_on=2030-04-01&ends_on=2031-03-31", tok, rc->org,
		 acts);
	free(acts);
	pthread_barrier_wait(rc->go);
	struct h_resp r;
	if (h_post(&c, rc->path, body, &r) == 0) {
		rc->status = r.status;
		h_resp_free(&r);
	}
	h_client_free(&c);
	return NULL;
}

/* Two requests at the same moment record overlapping agreements on a place that is not
 * shared (緑ヶ丘緑地, place 6): one 303, one 422, one agreement. */
static void concurrent_requests(void **state)
{
	(void)state;
	for (int round = 0; round < 3; round++) {
		char path[64];
		snprintf(path, sizeof path, "/adopt/places/%d/agree", round == 0 ? 6 : round == 1 ? 8 : 4);
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, 2);
		struct racer a = { path, "2", &go, 0 }, b = { path, "3", &go, 0 };
		pthread_t t1, t2;
		pthread_create(&t1, NULL, race, &a);
		pthread_create(&t2, NULL, race, &b);
		pthread_join(t1, NULL);
		pthread_join(t2, NULL);
		pthread_barrier_destroy(&go);
		print_message("%s: %ld and %ld\n", path, a.status, b.status);
		assert_true((a.status == 303 && b.status == 422) || (a.status == 422 && b.status == 303));
	}
}

/* POSTs the edit form of place with shared adoption ticked or not; the status, the page in out. */
static long place_shared(struct h_client *c, long long place, int shared, struct h_resp *out)
{
	char path[96];
	snprintf(path, sizeof path, "/adopt/places/%lld/edit", place);
	char *form = get_body(c, path, 200);
	char *body = h_form_body(form, path, (const char *const[]){ "shared", shared ? "1" : NULL, NULL });
	free(form);
	assert_non_null(body);
	int rc = h_post(c, path, body, out);
	free(body);
	return rc == 0 ? out->status : -1;
}

/* Turning shared adoption off while an agreement in force and one to come share days:
 * 422, the message and the list under its heading name both (the later one is not "in
 * force"); the later one cancelled before it starts (取消し: not by another department, not
 * without a reason), shared adoption goes off. A group's application taken back reads as
 * taken back on the audit log, not as refused. (Dates far ahead: the server's today is the
 * clock's.) */
static void cancel_and_shared_off(void **state)
{
	(void)state;
	struct h_client staff, admin, group, kikaku;
	login(&staff, "kyodo");
	login(&admin, "admin");
	login(&group, "group");
	login(&kikaku, "kikaku");
	struct h_resp r;
	char *form = get_body(&staff, "/adopt/places/new", 200);
	char *body = h_form_body(form, "/adopt/places/new",
				 (const char *const[]){ "kind", "4", "name", "取消しテストの遊歩道", "location", "川沿い1番",
							"shared", "1", NULL });
	free(form);
	assert_non_null(body);
	assert_int_equal(h_post(&staff, "/adopt/places/new", body, &r), 0);
	free(body);
	assert_int_equal(r.status, 303);
	long long place = location_id(&r, "/adopt/places/");
	h_resp_free(&r);
	char path[128];
	/* a group applies while the place is shared, and takes its application back */
	snprintf(path, sizeof path, "/adopt/places/%lld/apply", place);
	const char *apply[] = { "activities", "見守り", "starts_on", "2097-04-01", "ends_on", "2097-09-30", NULL };
	assert_int_equal(post_form(&group, path, apply, &r), 303);
	long long app = location_id(&r, "/adopt/agreements/");
	h_resp_free(&r);
	snprintf(path, sizeof path, "/adopt/agreements/%lld/withdraw", app);
	const char *nothing[] = { NULL };
	assert_int_equal(post_form(&group, path, nothing, &r), 303);
	h_resp_free(&r);
	snprintf(path, sizeof path, "/adopt/places/%lld/agree", place);
	const char *now[] = { "org", "2", "activities", "清掃", "starts_on", "2020-04-01", "ends_on", "2099-03-31", NULL };
	const char *later[] = { "org", "1", "activities", "花植え", "starts_on", "2098-04-01", "ends_on", "2099-03-31", NULL };
	assert_int_equal(post_form(&staff, path, now, &r), 303);
	h_resp_free(&r);
	assert_int_equal(post_form(&staff, path, later, &r), 303);
	long long ag = location_id(&r, "/adopt/agreements/");
	h_resp_free(&r);
	assert_true(ag > 0);
	/* shared off refused: the list says what it is, and holds the agreement to come */
	assert_int_equal(place_shared(&staff, place, 0, &r), 422);
	assert_non_null(strstr(r.body, "この場所の有効な協定・これから始まる協定"));
	assert_non_null(strstr(r.body, "いま有効な協定とこれから始まる協定を示します"));
	char link[64];
	snprintf(link, sizeof link, "href=\"/adopt/agreements/%lld\"", ag);
	assert_non_null(strstr(r.body, link));
	h_resp_free(&r);
	/* 取消し: the form on its page; not another department's, not the group's, a reason needed */
	snprintf(path, sizeof path, "/adopt/agreements/%lld", ag);
	char *page = get_body(&staff, path, 200);
	snprintf(link, sizeof link, "/adopt/agreements/%lld/cancel", ag);
	assert_non_null(strstr(page, link));
	free(page);
	const char *none[] = { "end_reason", "", NULL };
	const char *why[] = { "end_reason", "護岸工事のため", NULL };
	assert_int_equal(post_form(&kikaku, link, why, &r), 404);
	h_resp_free(&r);
	assert_int_equal(post_form(&group, link, why, &r), 403);
	h_resp_free(&r);
	assert_int_equal(post_form(&staff, link, none, &r), 422);
	assert_non_null(strstr(r.body, "error-summary"));
	h_resp_free(&r);
	assert_int_equal(post_form(&staff, link, why, &r), 303);
	h_resp_free(&r);
	/* the group (org 1, the demo group) is told */
	char *told = get_body(&group, "/api/v1/notices", 200);
	assert_non_null(strstr(told, "里親協定の取消し：取消しテストの遊歩道"));
	free(told);
	page = get_body(&staff, path, 200);
	assert_non_null(strstr(page, "開始前に取消し"));
	assert_non_null(strstr(page, "護岸工事のため"));
	assert_null(strstr(page, "/cancel\""));	/* not offered again */
	free(page);
	/* the place free on those days: shared adoption goes off */
	assert_int_equal(place_shared(&staff, place, 0, &r), 303);
	h_resp_free(&r);
	char *audit = get_body(&admin, "/admin/audit?entity=adopt_agreement&action=adopt-withdraw", 200);
	const char *entries = strstr(audit, "class=\"audit-entry\"");	/* after the filters' lists */
	assert_non_null(entries);
	assert_non_null(strstr(entries, "団体が取り下げ"));
	assert_non_null(strstr(entries, "里親の申請を団体が取り下げ"));	/* the action, in words */
	assert_null(strstr(entries, "不承認"));
	assert_null(strstr(entries, "adopt-withdraw"));
	free(audit);
	audit = get_body(&admin, "/admin/audit?entity=adopt_agreement&action=adopt-cancel", 200);
	assert_non_null(strstr(audit, "開始前に取消し"));
	assert_non_null(strstr(audit, "護岸工事のため"));
	free(audit);
	/* the group's list names it too */
	char *mine = get_body(&group, "/my/adopt", 200);
	assert_non_null(strstr(mine, "団体が取り下げ"));
	free(mine);
	h_client_free(&staff);
	h_client_free(&admin);
	h_client_free(&group);
	h_client_free(&kikaku);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(public_boundary),
		cmocka_unit_test(flow_through_the_forms),
		cmocka_unit_test(concurrent_requests),
		cmocka_unit_test(cancel_and_shared_off),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
