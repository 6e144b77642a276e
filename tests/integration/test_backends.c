/* test_backends: the same Kyodo on SQLite and on PostgreSQL, answer for answer. The demo
 * city plus a generated registry (bench/gen_orgs.py) is loaded into SQLite and copied into
 * PostgreSQL with `kyodo copy-data` (so the data is the same to the byte), both are served,
 * and then, byte for byte:
 *   - every export and rollup of the command line (plan export in each layout and format
 *     and year, plan rollup by priority and branch, org export in each format, public too);
 *   - every download and JSON API the web gives (open data, the center's export, the plan
 *     exports and APIs, reports, users, groups), and the public pages of the directory;
 *   - the directory's search on a generated corpus: 1- and 2-character words, longer
 *     words and phrases across separators, hiragana/katakana and full-/half-width variants,
 *     several words, each activity field, area, kind and "recruiting", the three orders,
 *     pages, more than 1,000 matches (the cap);
 * and copy-data back (PostgreSQL → a new SQLite file) gives every table's rows and
 * checksum of the original. Runs in the PostgreSQL pass of `make test` (KYODO_TEST_DB=pg);
 * elsewhere it says so and passes only with KYODO_REQUIRE_PG unset. */
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
#include "store/store.h"

#define DEMO_PW "kyodo-demo-2026"
#define ORGS "1500"	/* generated groups: 福祉 in ~70 %, so more than 1,000 match */

static struct h_server lite, pg;
static int ready;
static long long audit_before;	/* the last audit row before the servers answered anything */

static int setup(void **state)
{
	(void)state;
	if (!testdb_is_pg())
		return 0;
	char csv[300];
	if (h_server_init_on(&lite, "sqlite") != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&lite, demo, NULL) != 0)
		return -1;
	snprintf(csv, sizeof csv, "%s/orgs.csv", lite.dir);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "python3 bench/gen_orgs.py --rows " ORGS " --seed 7 --out '%s' >/dev/null", csv);
	if (system(cmd) != 0)
		return -1;
	const char *imp[] = { "org", "import", csv, NULL };
	if (h_cli(&lite, imp, NULL) != 0)
		return -1;
	/* characters beyond the BMP (a hashed key on PostgreSQL) and one the BMP has */
	snprintf(csv, sizeof csv, "%s/rare.csv", lite.dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		return -1;
	fputs("団体名,種別,団体名カナ,目的,活動内容\n"
	      "𠮷野の会,任意団体,ヨシノノカイ,𠮷野の歴史を調べる。🌸を植える。,森鷗外を読む会と𠮷田町の清掃\n"
	      "桜🌸クラブ,任意団体,サクラクラブ,🌸🌸の写真,𩸽の料理教室\n"
	      "鷗の会,任意団体,カモメノカイ,鷗を見守る,𠮷\n", f);
	if (fclose(f) != 0)
		return -1;
	const char *imp2[] = { "org", "import", csv, NULL };
	if (h_cli(&lite, imp2, NULL) != 0)
		return -1;
	if (h_server_init_on(&pg, "pg") != 0)
		return -1;
	const char *copy[] = { "copy-data", "--from", lite.db, "--to", pg.db, NULL };
	if (h_cli(&lite, copy, NULL) != 0)
		return -1;
	if ((audit_before = testdb_scalar(lite.db, "SELECT coalesce(max(id), 0) FROM audit_log")) < 0)
		return -1;
	if (h_server_start(&lite) != 0 || h_server_start(&pg) != 0)
		return -1;
	ready = 1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (!testdb_is_pg())
		return 0;
	h_server_stop(&lite);
	h_server_stop(&pg);
	return 0;
}

static int skip_unless_pg(void)
{
	if (testdb_is_pg())
		return 0;
	fprintf(stderr, "test_backends: runs in the PostgreSQL pass (KYODO_TEST_DB=pg)\n");
	if (getenv("KYODO_REQUIRE_PG"))
		fail_msg("KYODO_REQUIRE_PG is set but the suite does not run on PostgreSQL");
	return 1;
}

/* The first differing byte, for the message. */
static void same(const char *what, const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (i == na && na == nb)
		return;
	size_t from = i > 60 ? i - 60 : 0;
	fail_msg("%s: SQLite and PostgreSQL differ at byte %zu (%zu vs %zu bytes)\n  sqlite: %.160s\n  pg:     %.160s", what,
		 i, na, nb, a + from, b + from);
}

static char *cli_out(struct h_server *s, const char *const *args)
{
	const char *argv[24] = { "--db", s->db };
	int n = 2;
	for (int i = 0; args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	char *out = h_cli_output(argv);
	assert_non_null(out);
	return out;
}

static void same_cli(const char *const *args)
{
	char what[256];
	size_t o = 0;
	for (int i = 0; args[i] && o < sizeof what; i++)
		o += (size_t)snprintf(what + o, sizeof what - o, "%s ", args[i]);
	char *a = cli_out(&lite, args), *b = cli_out(&pg, args);
	assert_true(strlen(a) > 0);
	same(what, a, strlen(a), b, strlen(b));
	free(a);
	free(b);
}

/* Every export and rollup of the command line. */
static void cli_exports_are_identical(void **state)
{
	(void)state;
	if (skip_unless_pg())
		return;
	assert_true(ready);
	static const char *const years[] = { "2022", "2023", "2024" };
	static const char *const formats[] = { "csv", "csv-cp932", "json" };
	static const char *const layouts[] = { "list", "full" };
	for (size_t y = 0; y < 3; y++) {
		for (size_t f = 0; f < 3; f++)
			for (size_t l = 0; l < 2; l++) {
				const char *args[] = { "plan", "export", "midorino-2", "--year", years[y], "--format",
						       formats[f], "--layout", layouts[l], NULL };
				same_cli(args);
			}
		static const char *const by[] = { "priority", "branch" };
		static const char *const rfmt[] = { "text", "csv", "json" };
		for (size_t b = 0; b < 2; b++)
			for (size_t f = 0; f < 3; f++) {
				const char *args[] = { "plan", "rollup", "midorino-2", "--year", years[y], "--by", by[b], "--format",
						       rfmt[f], NULL };
				same_cli(args);
			}
	}
	const char *const org[][8] = {
		{ "org", "export", "--format", "csv", NULL },
		{ "org", "export", "--format", "csv", "--encoding", "cp932", NULL },
		{ "org", "export", "--format", "json", NULL },
		{ "org", "export", "--format", "csv", "--public", NULL },
		{ "org", "export", "--format", "json", "--public", NULL },
		{ "plan", "list", NULL },
		{ "user", "list", NULL },
	};
	for (size_t i = 0; i < sizeof org / sizeof org[0]; i++)
		same_cli(org[i]);
}

/* The page cache's note says when the copy was made ("… 11:42:26時点の情報です"): the two
 * servers make theirs a second apart, so its time (the digits and colons after the date) is
 * blanked in both before they are compared. Everything else is compared byte for byte. */
static void blank_cache_note(char *body, size_t len)
{
	static const char mark[] = "class=\"hint cache-note\">";
	char *p = body;
	while ((p = memmem(p, len - (size_t)(p - body), mark, sizeof mark - 1)) != NULL) {
		char *end = memmem(p, len - (size_t)(p - body), "</p>", 4);
		if (!end)
			return;
		for (char *q = p; q < end; q++)
			if ((*q >= '0' && *q <= '9') || *q == ':')
				*q = '#';
		p = end;
	}
}

static void get_both(struct h_client *a, struct h_client *b, const char *path)
{
	struct h_resp ra, rb;
	assert_int_equal(h_get(a, path, &ra), 0);
	assert_int_equal(h_get(b, path, &rb), 0);
	if (ra.status != 200)
		fail_msg("%s: %ld on SQLite", path, ra.status);
	assert_int_equal(rb.status, ra.status);
	blank_cache_note(ra.body, ra.len);
	blank_cache_note(rb.body, rb.len);
	same(path, ra.body, ra.len, rb.body, rb.len);
	h_resp_free(&ra);
	h_resp_free(&rb);
}

/* Every download and API answer of the web, as the public and as the admin. */
static void web_answers_are_identical(void **state)
{
	(void)state;
	if (skip_unless_pg())
		return;
	struct h_client pa, pb, aa, ab;
	assert_int_equal(h_client_init(&pa, &lite), 0);
	assert_int_equal(h_client_init(&pb, &pg), 0);
	assert_int_equal(h_client_init(&aa, &lite), 0);
	assert_int_equal(h_client_init(&ab, &pg), 0);
	static const char *const public_paths[] = {
		"/groups/opendata.csv", "/groups/opendata.csv?encoding=cp932", "/groups/opendata.json", "/groups/stats",
		"/groups", "/groups?sort=new&page=3", "/groups?sort=confirmed&page=2", "/api/v1/groups",
		"/api/v1/groups?page=40", "/api/v1/groups/1", "/api/v1/groups/20", "/api/v1/groups/300", "/groups/5",
		"/groups/5/print", "/reports", "/api/v1/reports", "/reports/1/2022", "/reports/1/2023",
		"/api/v1/reports/1/2022", "/api/v1/reports/1/2023", "/groups/opendata",
	};
	for (size_t i = 0; i < sizeof public_paths / sizeof *public_paths; i++)
		get_both(&pa, &pb, public_paths[i]);
	assert_int_equal(h_login(&aa, "admin", DEMO_PW), 303);
	assert_int_equal(h_login(&ab, "admin", DEMO_PW), 303);
	static const char *const admin_paths[] = {
		"/api/v1/plans", "/api/v1/plans/1", "/api/v1/users",
		"/center/orgs/export?format=csv", "/center/orgs/export?format=csv&encoding=cp932",
		"/center/orgs/export?format=json",
	};
	for (size_t i = 0; i < sizeof admin_paths / sizeof *admin_paths; i++)
		get_both(&aa, &ab, admin_paths[i]);
	static const char *const years[] = { "2022", "2023", "2024" };
	for (size_t y = 0; y < 3; y++) {
		char p[200];
		static const char *const fmt[] = { "csv", "csv-cp932", "json" };
		static const char *const lay[] = { "list", "full" };
		for (size_t f = 0; f < 3; f++)
			for (size_t l = 0; l < 2; l++) {
				snprintf(p, sizeof p, "/plans/1/years/%s/export?format=%s&layout=%s", years[y], fmt[f], lay[l]);
				get_both(&aa, &ab, p);
			}
		static const char *const api[] = { "items", "rollup?by=priority", "rollup?by=branch&depth=2", "round" };
		for (size_t k = 0; k < 4; k++) {
			snprintf(p, sizeof p, "/api/v1/plans/1/years/%s/%s", years[y], api[k]);
			get_both(&aa, &ab, p);
		}
	}
	h_client_free(&pa);
	h_client_free(&pb);
	h_client_free(&aa);
	h_client_free(&ab);
}

/* The directory's search: the same hits, counts and order on both. */
static void search_answers_are_identical(void **state)
{
	(void)state;
	if (skip_unless_pg())
		return;
	static const char *const words[] = {
		/* one character, two, longer; words across a separator; not found */
		"福", "子", "会", "ア", "a", "1", "福祉", "子育", "防災", "陶芸", "まち", "交流", "子ども食堂",
		"ボランティア", "まちづくり", "国際交流", "地域福祉の相談会", "福祉・子育て", "福祉まつり", "ぬぬぬ",
		/* kana and width variants */
		"ふくし", "フクシ", "ﾌｸｼ", "ぼらんてぃあ", "ﾎﾞﾗﾝﾃｨｱ", "ＡＢＣ", "abc", "ＮＰＯ", "npo", "１",
		/* several words, ideographic space, FTS5 syntax taken literally */
		"福祉 子育て", "まちづくり　防災", "福 祉", "環境 清掃 子ども", "\"福祉\"", "福祉 OR 防災", "NEAR(福祉",
		"*", "祉*", "-福祉",
		/* beyond the BMP */
		"𠮷", "𠮷野", "𠮷田", "野の", "🌸", "🌸🌸", "桜🌸", "𩸽", "𩸽の料理", "鷗", "森鷗外", "鷗外 𠮷",
		/* found through the index's extra text (orgs.search_extra): spelling variants, the
		 * names of kinds and activity fields */
		"子供", "こども", "障害", "まち作り", "友達", "社会福祉法人", "自治会", "NPO法人", "子どもの健全育成",
	};
	static const char *const filters[] = {
		"", "&field=1", "&field=13", "&area=2", "&area=7", "&kind=npo", "&kind=neighborhood", "&recruiting=1",
		"&field=1&area=3&recruiting=1", "&kind=volunteer&field=6",
	};
	static const char *const sorts[] = { "kana", "new", "confirmed" };
	struct h_client a, b;
	assert_int_equal(h_client_init(&a, &lite), 0);
	assert_int_equal(h_client_init(&b, &pg), 0);
	int n = 0, capped = 0;
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		char *q = h_urlenc(words[w]);
		for (size_t f = 0; f < sizeof filters / sizeof *filters; f++)
			for (size_t s = 0; s < 3; s++) {
				if (f > 1 && s > 0 && (w + f + s) % 3)
					continue;	/* every word with every filter, the orders on a third */
				char p[512];
				snprintf(p, sizeof p, "/api/v1/groups?q=%s%s&sort=%s&page=%d", q, filters[f], sorts[s],
					 1 + (int)((w + f) % 3));
				struct h_resp ra, rb;
				assert_int_equal(h_get(&a, p, &ra), 0);
				assert_int_equal(h_get(&b, p, &rb), 0);
				if (ra.status != 200 && ra.status != 404)	/* 404: a page past the last */
					fail_msg("%s: %ld", p, ra.status);
				assert_int_equal(rb.status, ra.status);
				same(p, ra.body, ra.len, rb.body, rb.len);
				capped += strstr(ra.body, "\"capped\":true") != NULL;
				n++;
				h_resp_free(&ra);
				h_resp_free(&rb);
			}
		free(q);
	}
	fprintf(stderr, "test_backends: %d searches compared, %d of them over the 1,000 cap\n", n, capped);
	assert_true(capped > 0);
	h_client_free(&a);
	h_client_free(&b);
}

/* copy-data PostgreSQL → a new SQLite file gives back every table as it was. */
static void copy_back_is_the_same(void **state)
{
	(void)state;
	if (skip_unless_pg())
		return;
	char back[300];
	snprintf(back, sizeof back, "%s/back.db", lite.dir);
	const char *copy[] = { "copy-data", "--from", pg.db, "--to", back, NULL };
	assert_int_equal(h_cli(&pg, copy, NULL), 0);
	/* a second copy into a target that holds data is refused, and changes nothing */
	assert_int_equal(h_cli(&pg, copy, NULL), 2);
	/* The personal-data downloads the web test made are audited, each at the second its
	 * server answered (the two servers answer a moment apart): those rows' times are set
	 * aside; every other value of them, and all of every other row, must be the same. */
	char untime[120];
	snprintf(untime, sizeof untime, "UPDATE audit_log SET at = '' WHERE id > %lld", audit_before);
	assert_int_equal(testdb_exec(lite.db, untime), 0);
	assert_int_equal(testdb_exec(back, untime), 0);
	struct store *a, *b;
	assert_int_equal(store_open(lite.db, &a), 0);
	assert_int_equal(store_open(back, &b), 0);
	static const char *const tables[] = { "users", "audit_log", "plans", "plan_items", "plan_item_years",
					      "plan_rounds", "settings", "areas", "orgs", "org_fields", "org_areas",
					      "org_rules", "page_versions", "dir_stats", "org_index_version" };
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		long long ra, rb;
		char ha[65], hb[65];
		assert_int_equal(store_table_checksum(a, tables[i], &ra, ha), 0);
		assert_int_equal(store_table_checksum(b, tables[i], &rb, hb), 0);
		if (ra <= 0 || ra != rb || strcmp(ha, hb) != 0)
			fail_msg("%s: %lld rows %s on SQLite, %lld rows %s after PostgreSQL", tables[i], ra, ha, rb, hb);
	}
	store_close(a);
	store_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cli_exports_are_identical),
		cmocka_unit_test(web_answers_are_identical),
		cmocka_unit_test(search_answers_are_identical),
		cmocka_unit_test(copy_back_is_the_same),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
