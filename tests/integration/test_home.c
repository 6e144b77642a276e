/* test_home: the home page's dashboard (domain/home_awaits.c, html/page_home.c) over the
 * real server. A small city built for the test, where every count is known: two
 * departments answer a round (課A submitted, one of its items sent back with a comment;
 * 課B still writing, one draft and one item unanswered), the center has two applications,
 * one public change waiting, one rejected with a comment, two groups overdue and a yearly
 * request to confirm. Each role's home must show its panels with the right counts and
 * rows, and never what the viewer may not see (plan_visibility.c: another department's
 * items, drafts and comments; another group's messages; the registry to the plan's
 * people and the plan to the center). Then the demo city: each demo login's panels, their
 * counts checked against the screens and API that list the same work. */
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
#define APP_PW "group password 2026"
#define DEMO_PW "kyodo-demo-2026"

static struct h_server srv;
static long long item_a2;

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* A form body from NULL-terminated name, value pairs (values percent-encoded). */
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

/* POST with the CSRF token of csrf_page (none when NULL); the status. */
static long post_form(struct h_client *c, const char *csrf_page, const char *path, const char *const *kv)
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
	h_resp_free(&r);
	return st;
}

static char *home_of(struct h_client *c)
{
	struct h_resp r;
	assert_int_equal(h_get(c, "/", &r), 0);
	assert_int_equal(r.status, 200);
	char *body = strdup(r.body);
	h_resp_free(&r);
	return body;
}

static void login_as(struct h_client *c, const char *login, const char *pw)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	assert_int_equal(h_login(c, login, pw), 303);
}

/* The panel of kind (its <section> … </section>), malloc'd; NULL when absent. */
static char *panel(const char *body, const char *kind)
{
	char key[96];
	snprintf(key, sizeof key, "data-kind=\"%s\"", kind);
	const char *at = strstr(body, key);
	if (!at)
		return NULL;
	const char *end = strstr(at, "</section>");
	return end ? strndup(at, (size_t)(end - at)) : NULL;
}

/* The count a panel states (data-count), -1 when the panel is absent. */
static int panel_count(const char *body, const char *kind)
{
	char *p = panel(body, kind);
	if (!p)
		return -1;
	const char *c = strstr(p, "data-count=\"");
	int n = c ? atoi(c + 12) : -1;
	free(p);
	return n;
}

static void assert_in(const char *hay, const char *needle, const char *where)
{
	if (!hay || !strstr(hay, needle)) {
		print_error("%s: missing \"%s\"\n", where, needle);
		fail();
	}
}

static void assert_not_in(const char *hay, const char *needle, const char *where)
{
	if (hay && strstr(hay, needle)) {
		print_error("%s: must not show \"%s\"\n", where, needle);
		fail();
	}
}

/* The panel's count and, in it, each of the texts. */
static void assert_panel(const char *body, const char *kind, int count, const char *const *has)
{
	char *p = panel(body, kind);
	if (!p) {
		print_error("no panel %s\n", kind);
		fail();
	}
	if (panel_count(body, kind) != count) {
		print_error("panel %s: count %d, expected %d\n", kind, panel_count(body, kind), count);
		fail();
	}
	for (int i = 0; has && has[i]; i++)
		assert_in(p, has[i], kind);
	free(p);
}

/* ---- the city built for the test ---- */

static int find_a2(struct h_client *ad)
{
	struct h_resp r;
	if (h_get(ad, "/api/v1/plans/1/years/2023/items", &r) != 0 || r.status != 200)
		return -1;
	json_t *j = json_loads(r.body, 0, NULL), *it;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "code")), "A2") == 0)
			item_a2 = json_integer_value(json_object_get(it, "id"));
	json_decref(j);
	h_resp_free(&r);
	return item_a2 ? 0 : -1;
}

/* The plan: 課A has A1–A4, all answered, submitted, A2 then sent back with a comment;
 * 課B has B1 (a draft with a result) and B2 (unanswered). The registry: two groups
 * entered by the center with accounts (g1, g2), two imported groups overdue for
 * confirmation, two applications. */
static int setup(void **state)
{
	(void)state;
	char plan_csv[256], orgs_csv[256];
	if (h_server_init(&srv) != 0)
		return -1;
	snprintf(plan_csv, sizeof plan_csv, "%s/plan.csv", srv.dir);
	snprintf(orgs_csv, sizeof orgs_csv, "%s/orgs.csv", srv.dir);
	if (write_file(plan_csv, "code,parent,title,department,status,result\n"
				 "P,,pillar,,,\n"
				 "A1,P,title-a1,課A,済,result-a1\n"
				 "A2,P,title-a2,課A,済,result-a2\n"
				 "A3,P,title-a3,課A,済,result-a3\n"
				 "A4,P,title-a4,課A,済,result-a4\n"
				 "B1,P,title-b1,課B,済,MK-DRAFT-B1\n"
				 "B2,P,title-b2,課B,,\n"
				 "C1,P,title-c1,課C,済,result-c1\n") ||
	    write_file(orgs_csv, "種別,団体名,団体名カナ,審査状態,最終確認日\n"
				 "任意団体,MK未確認の会,ミカクニンノカイ,登録済,\n"
				 "任意団体,MK昔確認の会,ムカシカクニンノカイ,登録済,2020-04-01\n"))
		return -1;
	const char *create[] = { "plan", "create", "home", "--from", "2023", "--to", "2024", "--statuses", "済,未", NULL };
	const char *imp[] = { "plan", "import", "home", plan_csv, "--year", "2023", NULL };
	const char *open[] = { "plan", "round", "home", "--year", "2023", "open", NULL };
	const char *orgs[] = { "org", "import", orgs_csv, NULL };
	if (h_cli(&srv, create, NULL) || h_cli(&srv, imp, NULL) || h_cli(&srv, open, NULL) || h_cli(&srv, orgs, NULL))
		return -1;
	static const struct { const char *login, *role, *dept; } users[] = {
		{ "ad", "admin", NULL }, { "sa", "staff", "課A" }, { "sb", "staff", "課B" },
		{ "sc", "staff", "課C" }, { "co", "coordinator", NULL }, { "cm", "committee", NULL },
	};
	for (size_t i = 0; i < sizeof users / sizeof *users; i++)
		if (h_user_add(&srv, users[i].login, users[i].role, PW, users[i].dept) != 0)
			return -1;
	if (h_server_start(&srv) != 0)
		return -1;
	struct h_client ad, sa, sc, co, g1, g2, pub;
	int rc = 0;
	if (h_client_init(&ad, &srv) || h_client_init(&sa, &srv) || h_client_init(&sc, &srv) ||
	    h_client_init(&co, &srv) || h_client_init(&pub, &srv) || h_login(&ad, "ad", PW) != 303 ||
	    h_login(&sa, "sa", PW) != 303 || h_login(&sc, "sc", PW) != 303 ||
	    h_login(&co, "co", PW) != 303 || find_a2(&ad) != 0)
		return -1;
	/* the round: 課A and 課C submit, the division sends A2 back (課A is answering again) */
	char path[128];
	rc |= post_form(&sa, "/", "/plans/1/years/2023/submit", (const char *[]){ NULL }) != 303;
	rc |= post_form(&sc, "/", "/plans/1/years/2023/submit", (const char *[]){ NULL }) != 303;
	snprintf(path, sizeof path, "/plans/1/years/2023/items/%lld/return", item_a2);
	rc |= post_form(&ad, "/", path, (const char *[]){ "comment", "MK-COMMENT-A2", NULL }) != 303;
	/* the registry: an area, two groups with accounts, two applications */
	rc |= post_form(&co, "/center/settings", "/center/settings/areas",
			(const char *[]){ "name", "中央地区", "kind", "地区", NULL }) != 303;
	rc |= post_form(&co, "/center/orgs/new", "/center/orgs/new",
			(const char *[]){ "kind", "voluntary", "name", "MK一の会", "kana", "イチノカイ", "status", "active",
					  "login", "g1", "password", APP_PW, "password2", APP_PW, NULL }) != 303;
	rc |= post_form(&co, "/center/orgs/new", "/center/orgs/new",
			(const char *[]){ "kind", "voluntary", "name", "MK二の会", "kana", "ニノカイ", "status", "active",
					  "login", "g2", "password", APP_PW, "password2", APP_PW, NULL }) != 303;
	static const char *const apps[2][2] = { { "MK申請ア", "shinsei-a" }, { "MK申請イ", "shinsei-i" } };
	for (int i = 0; i < 2; i++)
		rc |= post_form(&pub, NULL, "/register",
				(const char *[]){ "kind", "voluntary", "name", apps[i][0], "kana", "シンセイ", "purpose",
						  "目的", "activities", "活動", "npo_1", "1", "area_1", "1", "login",
						  apps[i][1], "password", APP_PW, "password2", APP_PW, NULL }) != 303;
	/* review mode: each group proposes a new name; the center rejects g2's with a comment */
	rc |= post_form(&co, "/center/settings", "/center/settings",
			(const char *[]){ "public_changes", "review", "confirm_months", "12", NULL }) != 303;
	if (rc || h_client_init(&g1, &srv) || h_client_init(&g2, &srv) || h_login(&g1, "g1", APP_PW) != 303 ||
	    h_login(&g2, "g2", APP_PW) != 303)
		return -1;
	rc |= post_form(&g1, "/my/group/edit", "/my/group/edit",
			(const char *[]){ "kind", "voluntary", "name", "MK一の会（新）", "kana", "イチノカイ", "status",
					  "active", NULL }) != 303;
	rc |= post_form(&g2, "/my/group/edit", "/my/group/edit",
			(const char *[]){ "kind", "voluntary", "name", "MK二の会（新）", "kana", "ニノカイ", "status",
					  "active", NULL }) != 303;
	struct h_resp r;
	if (rc || h_get(&co, "/center/changes", &r) != 0)
		return -1;
	/* the changes are listed oldest first: g1's, then g2's */
	const char *act = strstr(r.body, "action=\"/center/changes/");
	act = act ? strstr(act + 1, "action=\"/center/changes/") : NULL;
	act = act ? strstr(act + 1, "action=\"/center/changes/") : NULL;	/* g2's approve form */
	long long change_g2 = act ? atoll(act + strlen("action=\"/center/changes/")) : 0;
	h_resp_free(&r);
	if (change_g2 <= 0)
		return -1;
	snprintf(path, sizeof path, "/center/changes/%lld/reject", change_g2);
	rc |= post_form(&co, "/center/changes", path, (const char *[]){ "comment", "MK-REJECT-G2", NULL }) != 303;
	/* the yearly request, after which g1 confirms (g2 is still asked) */
	rc |= post_form(&co, "/center/confirm", "/center/confirm",
			(const char *[]){ "target", "all", "message", "MK-CONFIRM-MSG", NULL }) != 303;
	rc |= post_form(&g1, "/my/group", "/my/group/confirm", (const char *[]){ NULL }) != 303;
	/* then a request to the due groups only: g2 (confirmed when entered) is not asked by it */
	rc |= post_form(&co, "/center/confirm", "/center/confirm",
			(const char *[]){ "target", "due", "message", "MK-DUE-ONLY", NULL }) != 303;
	h_client_free(&ad);
	h_client_free(&sa);
	h_client_free(&sc);
	h_client_free(&co);
	h_client_free(&g1);
	h_client_free(&g2);
	h_client_free(&pub);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* What no plan person's home shows: the registry's names and messages. */
static const char *const registry_private[] = { "MK申請ア", "MK申請イ", "MK一の会", "MK二の会", "MK未確認の会",
						 "MK-REJECT-G2", "MK-CONFIRM-MSG", NULL };
/* What no one's home shows: drafts' results (the home shows no answers at all). */
static const char *const answers[] = { "MK-DRAFT-B1", "result-a", NULL };

static void assert_none(const char *body, const char *const *list, const char *who)
{
	for (int i = 0; list[i]; i++)
		assert_not_in(body, list[i], who);
}

static void test_staff_a(void **state)
{
	(void)state;
	struct h_client c;
	login_as(&c, "sa", PW);
	char *b = home_of(&c);
	/* everything answered; A2 sent back, with the division's comment, which takes the
	 * department's submission back */
	assert_panel(b, "staff_to_answer", 0, (const char *[]){ "回答待ちの項目はありません", "4 / 4", "未提出", NULL });
	char link[96];
	snprintf(link, sizeof link, "href=\"/plans/1/years/2023/items/%lld\"", item_a2);
	assert_panel(b, "staff_returned", 1, (const char *[]){ "title-a2", "MK-COMMENT-A2", link, NULL });
	char *p = panel(b, "staff_returned");
	assert_not_in(p, "title-a1", "staff A's sent back");	/* only the item sent back */
	free(p);
	/* another department's items never */
	assert_not_in(b, "title-b", "staff A");
	assert_not_in(b, "title-c", "staff A");
	assert_none(b, registry_private, "staff A");
	assert_none(b, answers, "staff A");
	assert_null(panel(b, "admin_round"));
	assert_null(panel(b, "center_applications"));
	free(b);
	h_client_free(&c);
}

static void test_staff_b(void **state)
{
	(void)state;
	struct h_client c;
	login_as(&c, "sb", PW);
	char *b = home_of(&c);
	assert_panel(b, "staff_to_answer", 1, (const char *[]){ "title-b2", "1 / 2", "未提出", NULL });
	char *p = panel(b, "staff_to_answer");
	assert_not_in(p, "title-b1", "staff B's to answer");	/* B1 has an answer */
	free(p);
	assert_panel(b, "staff_returned", 0, (const char *[]){ "差し戻された項目はありません", NULL });
	/* 課A's item sent back and its comment are 課A's business */
	assert_not_in(b, "title-a", "staff B");
	assert_not_in(b, "MK-COMMENT-A2", "staff B");
	assert_none(b, registry_private, "staff B");
	assert_none(b, answers, "staff B");
	free(b);
	h_client_free(&c);
}

static void test_admin(void **state)
{
	(void)state;
	struct h_client c;
	login_as(&c, "ad", PW);
	char *b = home_of(&c);
	/* two departments of three still answering, the one furthest behind first: 課B (1 of
	 * its 2 items answered), then 課A (its 4 answered, one sent back); 6 of 7 answered */
	assert_panel(b, "admin_round", 2,
		     (const char *[]){ "<dd>1 / 3</dd>", "<dd>6 / 7</dd>", "<dd>1</dd>", "2件中1件回答済み",
				       "4件中4件回答済み", "href=\"/plans/1/years/2023\"", NULL });
	char *p = panel(b, "admin_round");
	assert_true(strstr(p, "課B") < strstr(p, "課A"));
	assert_not_in(p, "課C", "admin's departments still answering");	/* 課C has submitted */
	free(p);
	assert_none(b, answers, "admin");
	assert_null(panel(b, "center_applications"));	/* the division's home is the round */
	free(b);
	h_client_free(&c);
}

static void test_committee(void **state)
{
	(void)state;
	struct h_client c;
	login_as(&c, "cm", PW);
	char *b = home_of(&c);
	/* submitted for review: A1, A3, A4 and C1 (A2 was sent back, B's are drafts: the
	 * committee sees neither); of the departments, 課C has submitted */
	assert_panel(b, "committee_submitted", 4, (const char *[]){ "<dd>1 / 3</dd>", "課C", NULL });
	char *p = panel(b, "committee_submitted");
	assert_not_in(p, "課B", "committee's submitted departments");
	assert_not_in(p, "課A", "committee's submitted departments");
	free(p);
	assert_not_in(b, "MK-COMMENT-A2", "committee");
	assert_not_in(b, "title-", "committee");
	assert_none(b, registry_private, "committee");
	assert_none(b, answers, "committee");
	free(b);
	h_client_free(&c);
}

static void test_coordinator(void **state)
{
	(void)state;
	struct h_client c;
	login_as(&c, "co", PW);
	char *b = home_of(&c);
	assert_panel(b, "center_applications", 2,
		     (const char *[]){ "MK申請ア", "MK申請イ", "href=\"/center/orgs?review=applied\"", NULL });
	assert_panel(b, "center_changes", 1, (const char *[]){ "MK一の会", "href=\"/center/changes#change-", NULL });
	char *p = panel(b, "center_changes");
	assert_not_in(p, "MK二の会", "changes waiting");	/* g2's was decided */
	free(p);
	/* overdue: never confirmed first, then the longest overdue; the groups entered by the
	 * center were confirmed when entered */
	assert_panel(b, "center_overdue", 2, (const char *[]){ "MK未確認の会", "MK昔確認の会", "確認の記録なし", NULL });
	p = panel(b, "center_overdue");
	assert_true(strstr(p, "MK未確認の会") < strstr(p, "MK昔確認の会"));
	assert_not_in(p, "MK一の会", "overdue");
	free(p);
	/* the plan is not the center's work here */
	assert_null(panel(b, "admin_round"));
	assert_not_in(b, "title-", "coordinator");
	assert_not_in(b, "MK-COMMENT-A2", "coordinator");
	free(b);
	h_client_free(&c);
}

static void test_groups(void **state)
{
	(void)state;
	struct h_client c1, c2;
	login_as(&c1, "g1", APP_PW);
	login_as(&c2, "g2", APP_PW);
	char *b1 = home_of(&c1), *b2 = home_of(&c2);
	/* g1: its change waits; it has confirmed since the center asked: nothing else awaits */
	assert_panel(b1, "group_profile", 1, (const char *[]){ "MK一の会", "登録済", "変更がセンターの承認を待っています", NULL });
	assert_panel(b1, "group_confirm", 0, (const char *[]){ "次の確認期限", "登録内容は確認済みです", NULL });
	assert_panel(b1, "group_messages", 0, (const char *[]){ "センターからのお知らせはありません", NULL });
	/* g2: no change waits (its last was rejected); asked to confirm; the center's messages,
	 * newest first: the request with its text, then the rejection with its comment */
	assert_panel(b2, "group_profile", 0, (const char *[]){ "MK二の会", "センターの承認待ちの変更はありません", NULL });
	assert_panel(b2, "group_confirm", 1, (const char *[]){ "センターから", NULL });
	assert_panel(b2, "group_messages", 2,
		     (const char *[]){ "MK-REJECT-G2", "変更は公開されませんでした。", "MK-CONFIRM-MSG",
				       "登録内容の確認のお願い", NULL });
	assert_not_in(b2, "MK-DUE-ONLY", "g2, not asked by the request to the due groups");
	char *m = panel(b2, "group_messages");
	assert_true(strstr(m, "MK-CONFIRM-MSG") < strstr(m, "MK-REJECT-G2"));
	free(m);
	/* neither sees the other's messages, the center's queues or the plan */
	assert_not_in(b1, "MK-REJECT-G2", "g1");
	assert_not_in(b1, "MK二の会", "g1");
	assert_not_in(b2, "MK一の会", "g2");
	for (int i = 0; i < 2; i++) {
		const char *b = i ? b2 : b1;
		assert_not_in(b, "MK申請", "a group");
		assert_not_in(b, "MK未確認の会", "a group");
		assert_not_in(b, "title-", "a group");
		assert_null(panel(b, "center_applications"));
		assert_null(panel(b, "staff_to_answer"));
	}
	free(b1);
	free(b2);
	h_client_free(&c1);
	h_client_free(&c2);
}

static void test_public(void **state)
{
	(void)state;
	struct h_client c;
	assert_int_equal(h_client_init(&c, &srv), 0);
	char *b = home_of(&c);
	assert_not_in(b, "data-kind=", "the public");
	assert_in(b, "href=\"/register\"", "the public");
	assert_in(b, "href=\"/reports\"", "the public");
	assert_in(b, "href=\"/groups\"", "the public");
	assert_none(b, registry_private, "the public");
	free(b);
	h_client_free(&c);
}

/* ---- the demo city ---- */

static int demo_setup(void **state)
{
	(void)state;
	const char *demo[] = { "demo", NULL };
	if (h_server_init(&srv) != 0 || h_cli(&srv, demo, NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

/* The distinct /center/orgs/N links of a center list page. */
static int org_links(struct h_client *c, const char *path)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	assert_int_equal(r.status, 200);
	long long seen[256];
	int n = 0;
	for (const char *p = strstr(r.body, "href=\"/center/orgs/"); p; p = strstr(p + 1, "href=\"/center/orgs/")) {
		const char *d = p + strlen("href=\"/center/orgs/");
		if (*d < '0' || *d > '9')
			continue;
		long long id = atoll(d);
		int dup = 0;
		for (int i = 0; i < n; i++)
			dup |= seen[i] == id;
		if (!dup && n < 256)
			seen[n++] = id;
	}
	h_resp_free(&r);
	return n;
}

/* Items still to answer by the round API, for the viewer's department (dept NULL: all). */
static int api_to_answer(struct h_client *c, const char *dept, int *depts_open)
{
	struct h_resp r;
	assert_int_equal(h_get(c, "/api/v1/plans/1/years/2024/round", &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL), *d;
	assert_non_null(j);
	size_t i;
	int n = 0;
	*depts_open = 0;
	json_array_foreach(json_object_get(j, "departments"), i, d) {
		if (dept && strcmp(json_string_value(json_object_get(d, "department")), dept) != 0)
			continue;
		n += (int)(json_integer_value(json_object_get(d, "items")) - json_integer_value(json_object_get(d, "answered")));
		*depts_open += json_is_null(json_object_get(d, "submitted_at"));
	}
	json_decref(j);
	h_resp_free(&r);
	return n;
}

static void test_demo_roles(void **state)
{
	(void)state;
	struct h_client c;
	int open;
	/* staff: items to answer, as the round API counts their department's */
	static const struct { const char *login, *dept; } staff[] = {
		{ "kyodo", "協働推進課" }, { "kikaku", "企画政策課" }, { "gakushu", "生涯学習課" },
	};
	for (size_t i = 0; i < sizeof staff / sizeof *staff; i++) {
		login_as(&c, staff[i].login, DEMO_PW);
		char *b = home_of(&c);
		assert_int_equal(panel_count(b, "staff_to_answer"), api_to_answer(&c, staff[i].dept, &open));
		assert_true(panel_count(b, "staff_returned") >= 0);
		assert_null(panel(b, "admin_round"));
		free(b);
		h_client_free(&c);
	}
	/* the admin: departments still answering, as the round API lists them */
	login_as(&c, "admin", DEMO_PW);
	char *b = home_of(&c);
	api_to_answer(&c, NULL, &open);
	assert_int_equal(panel_count(b, "admin_round"), open);
	free(b);
	h_client_free(&c);
	/* the center: its queues, as its own list pages show them */
	login_as(&c, "center", DEMO_PW);
	b = home_of(&c);
	assert_int_equal(panel_count(b, "center_applications"), org_links(&c, "/center/orgs?review=applied"));
	assert_int_equal(panel_count(b, "center_overdue"), org_links(&c, "/center/orgs?stale=1"));
	assert_true(panel_count(b, "center_overdue") > 0);
	assert_true(panel_count(b, "center_changes") >= 0);
	free(b);
	h_client_free(&c);
	/* the group and the committee: their panels */
	login_as(&c, "group", DEMO_PW);
	b = home_of(&c);
	assert_true(panel_count(b, "group_profile") >= 0);
	assert_true(panel_count(b, "group_confirm") >= 0);
	assert_true(panel_count(b, "group_messages") >= 0);
	assert_in(b, "みどり野子ども食堂ネット", "the demo group");
	free(b);
	h_client_free(&c);
	login_as(&c, "committee", DEMO_PW);
	b = home_of(&c);
	assert_true(panel_count(b, "committee_submitted") >= 0);
	free(b);
	h_client_free(&c);
}

int main(void)
{
	const struct CMUnitTest built[] = {
		cmocka_unit_test(test_staff_a),	   cmocka_unit_test(test_staff_b), cmocka_unit_test(test_admin),
		cmocka_unit_test(test_committee),  cmocka_unit_test(test_coordinator), cmocka_unit_test(test_groups),
		cmocka_unit_test(test_public),
	};
	const struct CMUnitTest demo[] = { cmocka_unit_test(test_demo_roles) };
	int failed = cmocka_run_group_tests_name("home: a city built for the test", built, setup, teardown);
	failed += cmocka_run_group_tests_name("home: the demo city", demo, demo_setup, teardown);
	return failed;
}
