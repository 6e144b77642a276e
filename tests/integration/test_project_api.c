/* test_project_api: the logged-in list of projects as JSON (GET /api/projects) per viewer —
 * a partner that is not in the public directory is named only to those who read the
 * project's staff page (the city's staff, the division, the center, the partners), never
 * to the public, the committee before 評価 or a group that is no partner; every viewer gets its own answer (the list reads the partners
 * of its page's projects at once: html/page_project_public.c).
 * With KYODO_API_DUMP=dir set, each answer is also written there (dir/<viewer>-<n>.json),
 * to compare the answers of two builds byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "../common/testdb.h"

#define PW "kyodo-demo-2026"
#define G2PW "other-group-pass-2026"
/* demo/projects.csv: 1 (協働推進課, 検討, published) has three partners, the demo group
 * and 東地区子育てサロン among them; that one is taken out of the public directory here */
#define HIDDEN "東地区子育てサロン"
#define SHOWN "みどり野子ども食堂ネット"

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&srv, demo, NULL) != 0)
		return -1;
	if (testdb_exec(srv.db, "UPDATE orgs SET review = 'applied' WHERE name = '" HIDDEN "'") != 0)
		return -1;
	if (h_server_start(&srv) != 0)
		return -1;
	/* a second group, partner of nothing */
	struct h_client c;
	if (h_client_init(&c, &srv) != 0 || h_login(&c, "center", PW) != 303)
		return -1;
	char tok[128];
	if (h_csrf_of(&c, "/center/orgs/new", tok, sizeof tok) != 0)
		return -1;
	char body[1024];
	char *name = h_urlenc("一覧テスト別団体"), *kana = h_urlenc("イチランテストベツダンタイ");
	snprintf(body, sizeof body,
		 "csrf=%s&kind=voluntary&name=%s&kana=%s&status=active&login=g2&password=%s&password2=%s", tok, name,
		 kana, G2PW, G2PW);
	free(name);
	free(kana);
	struct h_resp r;
	int rc = h_post(&c, "/center/orgs/new", body, &r);
	long st = r.status;
	if (rc == 0)
		h_resp_free(&r);
	h_client_free(&c);
	return rc == 0 && st == 303 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* The answer of path for login (NULL: the public), written to the dump directory when set. */
static char *answer(const char *login, const char *path, int n)
{
	struct h_client c;
	assert_int_equal(h_client_init(&c, &srv), 0);
	if (login)
		assert_int_equal(h_login(&c, login, strcmp(login, "g2") == 0 ? G2PW : PW), 303);
	struct h_resp r;
	assert_int_equal(h_get(&c, path, &r), 0);
	assert_int_equal(r.status, 200);
	char *body = strdup(r.body ? r.body : "");
	h_resp_free(&r);
	h_client_free(&c);
	const char *dir = getenv("KYODO_API_DUMP");
	if (dir && *dir) {
		char file[512];
		snprintf(file, sizeof file, "%s/%s-%d.json", dir, login ? login : "public", n);
		FILE *f = fopen(file, "w");
		assert_non_null(f);
		fputs(body, f);
		fclose(f);
	}
	return body;
}

/* The partners array of project 1's item in a list answer ("" when it is not listed). */
static char *partners_of_1(const char *body, char *out, size_t len)
{
	const char *it = strstr(body, "{\"id\":1,\"title\"");
	out[0] = '\0';
	if (!it)
		return out;
	const char *p = strstr(it, "\"partners\":[");
	assert_non_null(p);
	const char *end = strchr(p, ']');
	assert_non_null(end);
	snprintf(out, len, "%.*s", (int)(end - p + 1), p);
	return out;
}

static void partners_per_viewer(void **state)
{
	(void)state;
	static const struct {
		const char *login;
		int sees_hidden;	/* 1: reads the staff page of project 1, so sees the hidden name */
	} viewers[] = {
		{ NULL, 0 },	  { "g2", 0 },	  { "committee", 0 }, { "group", 1 }, { "kyodo", 1 },
		{ "kikaku", 1 },  { "gakushu", 1 }, { "admin", 1 },	    { "center", 1 },
	};
	static const char *const paths[] = { "/api/projects", "/api/projects?year=2025", "/api/projects?year=2026" };
	for (size_t v = 0; v < sizeof viewers / sizeof viewers[0]; v++)
		for (int k = 0; k < 3; k++) {
			char *body = answer(viewers[v].login, paths[k], k);
			char ps[4096];
			partners_of_1(body, ps, sizeof ps);
			if (k < 2) {	/* project 1 runs R7–R8 (2025–2026): listed */
				if (!strstr(ps, SHOWN))
					fail_msg("%s: %s not named in %s", viewers[v].login, SHOWN, ps);
				if (viewers[v].sees_hidden != (strstr(ps, HIDDEN) != NULL))
					fail_msg("%s: %s %s", viewers[v].login ? viewers[v].login : "public", HIDDEN,
						 viewers[v].sees_hidden ? "missing" : "shown");
			}
			free(body);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(partners_per_viewer),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
