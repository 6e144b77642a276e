/* test_admin_web: the administrator's screens of issue 8 §4 over HTTP on the demo city —
 * the department list (add, refused input with every problem at once, rename, retire:
 * a retired department is no longer offered nor accepted, each change audited), a user
 * form that lists every problem at once, the audit log in words (no stored codes, Japan
 * time), and forms that choose departments from a select. */
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

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	const char *demo[] = { "demo", NULL };
	if (h_server_init(&srv) != 0 || h_cli(&srv, demo, NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
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

/* POST form (already encoded) with the CSRF token of page. */
static long post(struct h_client *c, const char *page, const char *path, const char *form, struct h_resp *out)
{
	char tok[128], body[4096];
	assert_int_equal(h_csrf_of(c, page, tok, sizeof tok), 0);
	snprintf(body, sizeof body, "csrf=%s%s%s", tok, *form ? "&" : "", form);
	struct h_resp r;
	assert_int_equal(h_post(c, path, body, &r), 0);
	long st = r.status;
	if (out)
		*out = r;
	else
		h_resp_free(&r);
	return st;
}

static long get(struct h_client *c, const char *path, struct h_resp *r)
{
	assert_int_equal(h_get(c, path, r), 0);
	return r->status;
}

/* The id of the department row named name on /admin/departments. */
static long long dept_id(const char *body, const char *name)
{
	const char *p = strstr(body, name);
	for (; p; p = strstr(p + 1, name)) {
		const char *a = strstr(p, "action=\"/admin/departments/");
		if (a)
			return atoll(a + strlen("action=\"/admin/departments/"));
	}
	return 0;
}

static void departments_are_a_list(void **state)
{
	(void)state;
	struct h_client ad;
	struct h_resp r;
	char path[128];
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "admin", DEMO_PW), 303);

	/* a refused department: the empty name and the reading in kanji, both at once */
	assert_int_equal(post(&ad, "/admin/departments", "/admin/departments", "name=&kana=%E6%BC%A2%E5%AD%97", &r), 422);
	has(&r, "<a href=\"#f-dept-new-name\">");
	has(&r, "<a href=\"#f-dept-new-kana\">");
	has(&r, "（2件）");
	h_resp_free(&r);
	/* added, then the same name again is refused */
	const char *add = "name=%E9%98%B2%E7%81%BD%E5%8D%B1%E6%A9%9F%E7%AE%A1%E7%90%86%E8%AA%B2&kana=%E3%81%BC%E3%81%86%E3%81%95%E3%81%84";	/* 防災危機管理課, ぼうさい */
	assert_int_equal(post(&ad, "/admin/departments", "/admin/departments", add, NULL), 303);
	assert_int_equal(post(&ad, "/admin/departments", "/admin/departments", add, &r), 422);
	has(&r, "同じ名前の担当課がすでにあります");
	h_resp_free(&r);
	assert_int_equal(get(&ad, "/admin/departments", &r), 200);
	has(&r, "value=\"ボウサイ\"");	/* the reading in katakana */
	long long id = dept_id(r.body, "防災危機管理課");
	assert_true(id > 0);
	h_resp_free(&r);
	/* offered by the forms that choose a department */
	assert_int_equal(get(&ad, "/admin/users", &r), 200);
	has(&r, "<option value=\"防災危機管理課\">防災危機管理課</option>");
	lacks(&r, "<option value=\"staff\">staff</option>");	/* roles in words */
	has(&r, "<option value=\"staff\" selected>担当課職員</option>");
	h_resp_free(&r);
	assert_int_equal(get(&ad, "/plans/1/items/new", &r), 200);
	has(&r, "<select class=\"form-select\" id=\"f-department\" name=\"department\"");
	has(&r, "<option value=\"防災危機管理課\">防災危機管理課</option>");
	h_resp_free(&r);
	/* renamed */
	snprintf(path, sizeof path, "/admin/departments/%lld", id);
	assert_int_equal(post(&ad, "/admin/departments", path,
			      "name=%E5%8D%B1%E6%A9%9F%E7%AE%A1%E7%90%86%E8%AA%B2&kana=%E3%82%AD%E3%82%AD", NULL), 303);	/* 危機管理課 */
	/* retired: no longer offered, and refused when sent anyway */
	snprintf(path, sizeof path, "/admin/departments/%lld/retire", id);
	assert_int_equal(post(&ad, "/admin/departments", path, "", NULL), 303);
	assert_int_equal(get(&ad, "/admin/users", &r), 200);
	lacks(&r, "危機管理課</option>");
	h_resp_free(&r);
	assert_int_equal(post(&ad, "/admin/users", "/admin/users",
			      "login=kiki&name=%E5%8D%B1%E6%A9%9F&role=staff&department=%E5%8D%B1%E6%A9%9F%E7%AE%A1%E7%90%86%E8%AA%B2"
			      "&password=long-enough-password",
			      &r),
			 422);
	has(&r, "この担当課は廃止されています");
	has(&r, "<a href=\"#f-department\">");
	h_resp_free(&r);
	/* an empty user form: every problem at once (login, name, department of a staff
	 * account, password) */
	assert_int_equal(post(&ad, "/admin/users", "/admin/users", "login=&name=&role=staff&department=&password=", &r), 422);
	has(&r, "<a href=\"#f-login\">");
	has(&r, "<a href=\"#f-name\">");
	has(&r, "<a href=\"#f-department\">");
	has(&r, "<a href=\"#f-password\">");
	has(&r, "（4件）");
	h_resp_free(&r);
	/* a plan item may not name a department that is not in the list */
	assert_int_equal(post(&ad, "/plans/1/items/new", "/plans/1/items",
			      "code=Z-9&title=%E6%96%B0%E3%81%97%E3%81%84%E9%A0%85%E7%9B%AE&department=%E6%9E%B6%E7%A9%BA%E8%AA%B2", &r),
			 422);	/* 架空課 */
	has(&r, "一覧から担当課を選んでください");
	h_resp_free(&r);

	/* every change audited, and the audit log says it in words */
	assert_int_equal(get(&ad, "/admin/audit?entity=department", &r), 200);
	has(&r, "<strong>廃止</strong> · 担当課");
	has(&r, "<strong>名称を変更</strong> · 担当課");
	has(&r, "<strong>作成</strong> · 担当課");
	has(&r, "<th scope=\"row\">名称</th><td>防災危機管理課</td><td>危機管理課</td>");
	lacks(&r, ">department<");
	lacks(&r, "retire</");
	h_resp_free(&r);
	h_client_free(&ad);
}

static void audit_log_in_words(void **state)
{
	(void)state;
	struct h_client ad;
	struct h_resp r;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "admin", DEMO_PW), 303);
	/* the demo's rows come from the command line and carry fiscal years */
	assert_int_equal(get(&ad, "/admin/audit?entity=plan_round", &r), 200);
	has(&r, "<strong>照会を開始</strong> · 令和6年度（2024年度）の照会");
	has(&r, "コマンドライン（");
	has(&r, "<time datetime=\"");
	has(&r, "<th scope=\"row\">状態</th><td>—</td><td>照会中</td>");
	lacks(&r, "plan_round:");
	lacks(&r, "cli:unknown");	/* (the filter's hint names the cli: prefix) */
	lacks(&r, "{\"");	/* no raw JSON */
	h_resp_free(&r);
	/* answers of a year: one kind in the filter, every year's rows */
	assert_int_equal(get(&ad, "/admin/audit?entity=plan_item_year", &r), 200);
	has(&r, "年度（20");
	has(&r, "の回答");
	lacks(&r, "plan_item_year:");
	h_resp_free(&r);
	/* a group's record in words: kind, status and review state named, not coded */
	assert_int_equal(get(&ad, "/admin/audit?entity=org", &r), 200);
	lacks(&r, ">approved<");
	lacks(&r, ">active<");
	h_resp_free(&r);
	h_client_free(&ad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(departments_are_a_list),
		cmocka_unit_test(audit_log_in_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
