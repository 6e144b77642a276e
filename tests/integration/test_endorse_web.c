/* test_endorse_web: endorsements (後援名義) against the real server — a group applies (a
 * late application is refused naming the last day in 和暦), the department asked decides
 * (another department, another group, the center and the committee see nothing of a
 * waiting application: 404, and the routes' roles answer 403), the decision notice prints
 * for the group and its department only, the public list, an endorsement's public page
 * and the JSON API show approved endorsements only and never the contact person, the
 * conditions or the rules, a withdrawal takes it out of every public surface at once, the
 * start pages show what waits, every POST needs its CSRF token, and the division's
 * settings are checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"

#define PW "correct horse battery"
#define APP_PW "group password 2026"
#define TITLE "EWこども食堂まつり"
#define PRIVATE "EW-PRIVATE-連絡担当"
#define COND "EW-CONDITION-チラシに記載"

static struct h_server srv;
static struct h_client ad, sa, sb, co, cm, g1, g2, pub;

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

/* POST with the CSRF token of csrf_page (NULL: none); the response kept in *out when given. */
static long post_form(struct h_client *c, const char *csrf_page, const char *path, const char *const *kv,
		      struct h_resp *out)
{
	char tok[128] = "", *form = form_of(kv), body[12000];
	if (csrf_page && h_csrf_of(c, csrf_page, tok, sizeof tok) != 0) {
		free(form);
		return -1;
	}
	snprintf(body, sizeof body, "%s%s%s%s", csrf_page ? "csrf=" : "", tok, csrf_page && *form ? "&" : "", form);
	free(form);
	struct h_resp r;
	if (h_post(c, path, body, &r) != 0)
		return -1;
	long st = r.status;
	if (out)
		*out = r;
	else
		h_resp_free(&r);
	return st;
}

static long get_status(struct h_client *c, const char *path, const char *must, const char *must_not)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	if (must && !strstr(r.body, must))
		fail_msg("%s: no %s", path, must);
	if (must_not && strstr(r.body, must_not))
		fail_msg("%s: shows %s", path, must_not);
	long s = r.status;
	h_resp_free(&r);
	return s;
}

/* today in Japan + days, as YYYY-MM-DD */
static void day_from_today(int days, char out[11])
{
	time_t t = time(NULL) + 9 * 3600 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *const *event(const char *start)
{
	static const char *kv[40];
	const char *v[] = { "title", TITLE, "purpose", "地域の子どもと大人が集う", "starts_on", start, "ends_on", "",
			    "place", "市民会館", "attendance", "80", "fee", "0", "organiser", "EW一の会", "contact_name",
			    PRIVATE, "contact_phone", "099-123-4567", "department", "1", "rule_1", "1", "rule_2", "1",
			    "rule_3", "1", "rule_4", "1", NULL };
	memcpy(kv, v, sizeof v);
	return kv;
}

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	static const struct { const char *login, *role, *dept; } users[] = {
		{ "ad", "admin", NULL }, { "sa", "staff", "課A" }, { "sb", "staff", "課B" },
		{ "co", "coordinator", NULL }, { "cm", "committee", NULL },
	};
	for (size_t i = 0; i < sizeof users / sizeof *users; i++)
		if (h_user_add(&srv, users[i].login, users[i].role, PW, users[i].dept) != 0)
			return -1;
	if (h_server_start(&srv) != 0)
		return -1;
	struct h_client *all[] = { &ad, &sa, &sb, &co, &cm, &g1, &g2, &pub };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (h_client_init(all[i], &srv))
			return -1;
	if (h_login(&ad, "ad", PW) != 303 || h_login(&sa, "sa", PW) != 303 || h_login(&sb, "sb", PW) != 303 ||
	    h_login(&co, "co", PW) != 303 || h_login(&cm, "cm", PW) != 303)
		return -1;
	int rc = 0;
	rc |= post_form(&co, "/center/orgs/new", "/center/orgs/new",
			(const char *[]){ "kind", "voluntary", "name", "EW一の会", "kana", "イチノカイ", "status", "active",
					  "login", "g1", "password", APP_PW, "password2", APP_PW, NULL }, NULL) != 303;
	rc |= post_form(&co, "/center/orgs/new", "/center/orgs/new",
			(const char *[]){ "kind", "voluntary", "name", "EW二の会", "kana", "ニノカイ", "status", "active",
					  "login", "g2", "password", APP_PW, "password2", APP_PW, NULL }, NULL) != 303;
	if (rc || h_login(&g1, "g1", APP_PW) != 303 || h_login(&g2, "g2", APP_PW) != 303)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	struct h_client *all[] = { &ad, &sa, &sb, &co, &cm, &g1, &g2, &pub };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		h_client_free(all[i]);
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void late_application_names_the_last_day(void **state)
{
	(void)state;
	char start[11];
	day_from_today(29, start);	/* 30 days are needed: the last day was yesterday */
	struct h_resp r;
	assert_int_equal(post_form(&g1, "/my/endorsements/new", "/my/endorsements/new", event(start), &r), 422);
	assert_non_null(strstr(r.body, "申請は行事の30日前までに必要です"));
	assert_non_null(strstr(r.body, "申請期限は令和"));	/* the day in 和暦 (with the 西暦) */
	assert_non_null(strstr(r.body, "f-starts_on"));
	assert_non_null(strstr(r.body, PRIVATE));	/* what was typed is kept */
	h_resp_free(&r);
	/* without the CSRF token: refused before anything */
	assert_int_equal(post_form(&g1, NULL, "/my/endorsements/new", event(start), NULL), 403);
	/* other roles cannot apply */
	assert_int_equal(get_status(&sa, "/my/endorsements/new", NULL, NULL), 403);
	assert_int_equal(get_status(&pub, "/my/endorsements/new", NULL, NULL), 303);
}

static void apply_decide_publish_withdraw(void **state)
{
	(void)state;
	char start[11];
	day_from_today(30, start);	/* exactly on the last day */
	assert_int_equal(post_form(&g1, "/my/endorsements/new", "/my/endorsements/new", event(start), NULL), 303);
	/* waiting: only the group, its department and the division see it */
	assert_int_equal(get_status(&g1, "/endorsements/1", PRIVATE, NULL), 200);
	assert_int_equal(get_status(&sa, "/endorsements/1", PRIVATE, NULL), 200);
	assert_int_equal(get_status(&ad, "/endorsements/1", PRIVATE, NULL), 200);
	struct h_client *outsiders[] = { &sb, &co, &cm, &g2, &pub };
	for (size_t i = 0; i < sizeof outsiders / sizeof *outsiders; i++)
		assert_int_equal(get_status(outsiders[i], "/endorsements/1", NULL, TITLE), 404);
	assert_int_equal(get_status(&pub, "/endorsements", NULL, TITLE), 200);
	assert_int_equal(get_status(&pub, "/api/v1/endorsements", "\"total\":0", TITLE), 200);
	assert_int_equal(get_status(&sa, "/", "data-kind=\"endorse_decide\" data-count=\"1\"", NULL), 200);
	assert_int_equal(get_status(&sb, "/", "data-kind=\"endorse_decide\" data-count=\"0\"", TITLE), 200);
	assert_int_equal(get_status(&g1, "/", "data-kind=\"group_endorsements\" data-count=\"1\"", NULL), 200);
	assert_int_equal(get_status(&sb, "/city/endorsements", NULL, TITLE), 200);
	/* who may decide: another department sees nothing, a group has no such route */
	const char *approve[] = { "decision", "approve", "comment", COND, NULL };
	assert_int_equal(post_form(&sb, "/", "/endorsements/1/decide", approve, NULL), 404);
	assert_int_equal(post_form(&g1, "/", "/endorsements/1/decide", approve, NULL), 403);
	assert_int_equal(post_form(&co, "/", "/endorsements/1/decide", approve, NULL), 403);
	assert_int_equal(post_form(&sa, NULL, "/endorsements/1/decide", approve, NULL), 403);	/* no token */
	struct h_resp r;	/* refusing needs reasons: the problem on the page, next to its field */
	assert_int_equal(post_form(&sa, "/", "/endorsements/1/decide", (const char *[]){ "decision", "refuse", NULL }, &r),
			 422);
	assert_non_null(strstr(r.body, "f-d-comment"));
	h_resp_free(&r);
	assert_int_equal(post_form(&sa, "/", "/endorsements/1/decide", approve, NULL), 303);
	/* approved: public, without the private values */
	assert_int_equal(get_status(&pub, "/endorsements", TITLE, PRIVATE), 200);
	assert_int_equal(get_status(&pub, "/endorsements/1", TITLE, PRIVATE), 200);
	assert_int_equal(get_status(&pub, "/endorsements/1", NULL, COND), 200);
	assert_int_equal(get_status(&pub, "/endorsements/1", NULL, "暴力団"), 200);
	assert_int_equal(get_status(&pub, "/api/v1/endorsements", TITLE, PRIVATE), 200);
	assert_int_equal(get_status(&pub, "/api/v1/endorsements", NULL, COND), 200);
	assert_int_equal(get_status(&sb, "/endorsements/1", TITLE, PRIVATE), 200);
	/* the decision notice: the group and the department; nobody else */
	assert_int_equal(get_status(&g1, "/endorsements/1/decisions/1", "後援名義使用承諾書", NULL), 200);
	assert_int_equal(get_status(&g1, "/endorsements/1/decisions/1", COND, NULL), 200);
	assert_int_equal(get_status(&sa, "/endorsements/1/decisions/1", "後援第1号", NULL), 200);
	assert_int_equal(get_status(&g2, "/endorsements/1/decisions/1", NULL, COND), 404);
	assert_int_equal(get_status(&sb, "/endorsements/1/decisions/1", NULL, COND), 404);
	assert_int_equal(get_status(&co, "/endorsements/1/decisions/1", NULL, COND), 403);
	assert_int_equal(get_status(&pub, "/endorsements/1/decisions/1", NULL, COND), 303);
	/* the group's actions are the group's */
	assert_int_equal(get_status(&g2, "/endorsements/1/change", NULL, TITLE), 404);
	assert_int_equal(post_form(&g2, "/", "/endorsements/1/withdraw", (const char *[]){ "reason", "x", NULL }, NULL),
			 404);
	assert_int_equal(get_status(&g1, "/endorsements/1/change", TITLE, NULL), 200);
	/* withdrawal: asked, approved; gone from every public surface at once */
	assert_int_equal(post_form(&g1, "/endorsements/1", "/endorsements/1/withdraw",
				   (const char *[]){ "reason", "中止になりました", NULL }, NULL),
			 303);
	assert_int_equal(get_status(&pub, "/endorsements/1", TITLE, NULL), 200);	/* until decided */
	assert_int_equal(post_form(&sa, "/", "/endorsements/1/decide", (const char *[]){ "decision", "approve", NULL }, NULL),
			 303);
	assert_int_equal(get_status(&pub, "/endorsements/1", NULL, TITLE), 404);
	assert_int_equal(get_status(&pub, "/endorsements", NULL, TITLE), 200);
	assert_int_equal(get_status(&pub, "/api/v1/endorsements", NULL, TITLE), 200);
	assert_int_equal(get_status(&g1, "/endorsements/1", "取消し", NULL), 200);
	assert_int_equal(get_status(&g1, "/endorsements/1/decisions/2", "後援名義使用取消通知書", NULL), 200);
	assert_int_equal(get_status(&g1, "/endorsements/1/decisions/2", "後援第2号", NULL), 200);
}

/* A decision notice prints the event as it was decided, whatever came after: the approval
 * of the application keeps its place after a change moved the event, and a refused change
 * names the place it refused (not the place the endorsement kept). */
static void a_notice_prints_what_was_decided(void **state)
{
	(void)state;
	char start[11];
	day_from_today(40, start);
	assert_int_equal(post_form(&g1, "/my/endorsements/new", "/my/endorsements/new", event(start), NULL), 303);
	const char *approve[] = { "decision", "approve", NULL };
	assert_int_equal(post_form(&sa, "/", "/endorsements/2/decide", approve, NULL), 303);	/* request 3 */
	const char *change[] = { "title", TITLE, "purpose", "地域の子どもと大人が集う", "starts_on", start, "ends_on", "",
				 "place", "EW-新会場", "attendance", "80", "fee", "0", "organiser", "EW一の会",
				 "contact_name", PRIVATE, "contact_phone", "099-123-4567", "reason", "会場の改修", NULL };
	assert_int_equal(post_form(&g1, "/endorsements/2/change", "/endorsements/2/change", change, NULL), 303);
	assert_int_equal(post_form(&sa, "/", "/endorsements/2/decide", approve, NULL), 303);	/* request 4 */
	const char *change2[] = { "title", TITLE, "purpose", "地域の子どもと大人が集う", "starts_on", start, "ends_on", "",
				  "place", "EW-却下会場", "attendance", "80", "fee", "0", "organiser", "EW一の会",
				  "contact_name", PRIVATE, "contact_phone", "099-123-4567", "reason", "再変更", NULL };
	assert_int_equal(post_form(&g1, "/endorsements/2/change", "/endorsements/2/change", change2, NULL), 303);
	assert_int_equal(post_form(&sa, "/", "/endorsements/2/decide",
				   (const char *[]){ "decision", "refuse", "comment", "安全が確認できない", NULL }, NULL),
			 303);	/* request 5 */
	assert_int_equal(get_status(&g1, "/endorsements/2", "EW-新会場", NULL), 200);
	assert_int_equal(get_status(&g1, "/endorsements/2/decisions/3", "市民会館", "EW-新会場"), 200);
	assert_int_equal(get_status(&g1, "/endorsements/2/decisions/4", "EW-新会場", NULL), 200);
	assert_int_equal(get_status(&g1, "/endorsements/2/decisions/5", "EW-却下会場", NULL), 200);
}

static void settings_for_the_division(void **state)
{
	(void)state;
	assert_int_equal(get_status(&ad, "/admin/endorsements", "暴力団", NULL), 200);
	assert_int_equal(get_status(&sa, "/admin/endorsements", NULL, NULL), 403);
	struct h_resp r;
	assert_int_equal(post_form(&ad, "/admin/endorsements", "/admin/endorsements",
				   (const char *[]){ "days_before", "abc", "days_after", "0", "rules", "", NULL }, &r),
			 422);
	assert_non_null(strstr(r.body, "f-days_before"));
	assert_non_null(strstr(r.body, "f-days_after"));
	assert_non_null(strstr(r.body, "f-rules"));
	h_resp_free(&r);
	assert_int_equal(post_form(&ad, "/admin/endorsements", "/admin/endorsements",
				   (const char *[]){ "days_before", "20", "days_after", "5", "rules", "営利目的ではない", NULL },
				   NULL),
			 303);
	assert_int_equal(get_status(&g1, "/my/endorsements/new", "20日前", "暴力団"), 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(late_application_names_the_last_day),
		cmocka_unit_test(apply_decide_publish_withdraw),
		cmocka_unit_test(a_notice_prints_what_was_decided),
		cmocka_unit_test(settings_for_the_division),
	};
	return cmocka_run_group_tests_name("endorsements on the web", tests, setup, teardown);
}
