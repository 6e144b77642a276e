/* test_plan_roundtrip: the plan year's web downloads go back in unchanged — the 一覧 and
 * full layouts in UTF-8 and CP932 (/plans/{id}/years/{fy}/export), holding the characters
 * with two Unicode forms and one CP932 code (〜‖−—¢£¬) and ones CP932 cannot hold (鷗, 𠮷),
 * formula-like codes and quotes: `kyodo plan import` of the downloaded file reports nothing
 * created or written and the next download is the same bytes; the full layout imported
 * into an empty plan downloads as the same file. Also: the web forms refuse hidden text
 * (bidi controls, text made only of invisible characters) with a 422. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define PW "correct horse battery"

static struct h_server srv;

static const char plan_csv[] =
	"code,parent,title,priority,department,status,achievement,result,next_priority,next_reason\n"
	"+SUM(1+1),,=柱〜−‖—¢£¬,,,,,,,\n"
	"A〜1,+SUM(1+1),波〜の会−‖—¢£¬,【Ⅰ】,企画〜課,済,80,結果〜森鷗外と𠮷,【Ⅱ】,理由−\n"
	"B−2,+SUM(1+1),\"題,\"\"引用\"\"\",【Ⅱ】,企画〜課,未,12.5,\"改行\nあり\",完了,\n";

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}

static int create_plan(const char *name)
{
	const char *create[] = { "plan", "create", name, "--from", "2023", "--to", "2024", "--statuses", "済,未",
				 "--priorities", "【Ⅰ】,【Ⅱ】", NULL };
	return h_cli(&srv, create, NULL);
}

static int setup(void **state)
{
	(void)state;
	char csv[256];
	if (h_server_init(&srv) != 0 || h_user_add(&srv, "ad", "admin", PW, NULL) != 0)
		return -1;
	snprintf(csv, sizeof csv, "%s/p.csv", srv.dir);
	if (write_file(csv, plan_csv, sizeof plan_csv - 1) != 0 || create_plan("rt") != 0)
		return -1;
	const char *import[] = { "plan", "import", "rt", csv, "--year", "2023", NULL };
	if (h_cli(&srv, import, NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* GET path as c; the body in *out (malloc'd), its length in *len. */
static void download(struct h_client *c, const char *path, char **out, size_t *len)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	if (r.status != 200)
		fail_msg("%s: %ld", path, r.status);
	*out = malloc(r.len + 1);
	memcpy(*out, r.body, r.len + 1);
	*len = r.len;
	h_resp_free(&r);
}

/* kyodo plan import PLAN FILE --year 2023; its standard output. */
static char *cli_import(const char *plan, const char *file)
{
	const char *args[] = { "--db", srv.db, "plan", "import", plan, file, "--year", "2023", NULL };
	return h_cli_output(args);
}

static void downloads_import_back_unchanged(void **state)
{
	(void)state;
	struct h_client ad;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	static const char *const queries[] = { "format=csv", "format=csv-cp932", "format=csv&layout=full",
					       "format=csv-cp932&layout=full" };
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		char path[128], file[256];
		char *first, *again;
		size_t n1, n2;
		snprintf(path, sizeof path, "/plans/1/years/2023/export?%s", queries[i]);
		download(&ad, path, &first, &n1);
		snprintf(file, sizeof file, "%s/dl-%zu.csv", srv.dir, i);
		assert_int_equal(write_file(file, first, n1), 0);
		char *out = cli_import("rt", file);
		assert_non_null(out);
		if (!strstr(out, "0 created, 0 updated, 3 unchanged, 0 yearly records written, 2 unchanged, 0 removed"))
			fail_msg("%s imported back: %s", queries[i], out);
		free(out);
		download(&ad, path, &again, &n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(first, again, n1);
		free(first);
		free(again);
	}
	/* the full layout rebuilds the plan: into an empty plan, then downloaded again */
	static const char *const full[] = { "format=csv&layout=full", "format=csv-cp932&layout=full" };
	for (int k = 0; k < 2; k++) {
		char name[32], path[128], file[256];
		char *first, *again;
		size_t n1, n2;
		snprintf(name, sizeof name, "empty%d", k);
		assert_int_equal(create_plan(name), 0);
		snprintf(path, sizeof path, "/plans/1/years/2023/export?%s", full[k]);
		download(&ad, path, &first, &n1);
		snprintf(file, sizeof file, "%s/full-%d.csv", srv.dir, k);
		assert_int_equal(write_file(file, first, n1), 0);
		char *out = cli_import(name, file);
		assert_non_null(out);
		assert_non_null(strstr(out, "3 created"));
		free(out);
		snprintf(path, sizeof path, "/plans/%d/years/2023/export?%s", k + 2, full[k]);
		download(&ad, path, &again, &n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(first, again, n1);
		free(first);
		free(again);
	}
	h_client_free(&ad);
}

/* A 422 with the message shown, for a form holding hidden text. */
static void post_expect_422(struct h_client *c, const char *page, const char *path, const char *form)
{
	char tok[128], body[1024];
	struct h_resp r;
	assert_int_equal(h_csrf_of(c, page, tok, sizeof tok), 0);
	snprintf(body, sizeof body, "csrf=%s&%s", tok, form);
	assert_int_equal(h_post(c, path, body, &r), 0);
	if (r.status != 422)
		fail_msg("POST %s %s: %ld, wanted 422", path, form, r.status);
	assert_non_null(strstr(r.body, "role=\"alert\""));
	h_resp_free(&r);
}

static void forms_refuse_hidden_text(void **state)
{
	(void)state;
	struct h_client ad;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	/* U+202E (right-to-left override) in a title; a title of U+200B only; in a result */
	post_expect_422(&ad, "/plans/1/items/new", "/plans/1/items", "code=X1&title=ab%E2%80%AEcd");
	post_expect_422(&ad, "/plans/1/items/new", "/plans/1/items", "code=X1&title=%E2%80%8B%E2%80%8B");
	post_expect_422(&ad, "/plans/1/items/new", "/plans/1/items", "code=X1&title=ok&department=%E2%80%8B");
	post_expect_422(&ad, "/plans/1/years/2023", "/plans/1/years/2023/items/2",
			"status=%E6%B8%88&result=x%E2%81%A6y");
	/* the user form: a display name made of zero-width spaces, or with a bidi override */
	post_expect_422(&ad, "/admin/users", "/admin/users",
			"login=zw&name=%E2%80%8B&role=committee&password=long+enough+password");
	post_expect_422(&ad, "/admin/users", "/admin/users",
			"login=bd&name=a%E2%80%AEb&role=committee&password=long+enough+password");
	h_client_free(&ad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(downloads_import_back_unchanged),
		cmocka_unit_test(forms_refuse_hidden_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
