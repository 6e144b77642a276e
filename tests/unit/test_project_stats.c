/* test_project_stats: the yearly counts of collaboration projects (project_stats_year,
 * project_stats_range, project_figures_load) on a real database (SQLite, or PostgreSQL with
 * KYODO_TEST_DB=pg), against counts the test works out itself from the projects it makes:
 * 240 projects imported over 2017–2028 (one to five years each, every form, zone and lead
 * department, a third published), then for every year from 2015 to 2030 and both the
 * public and the whole count: each form and zone with zeros in the rulebook's and the map's
 * order, the departments with at least one project in 五十音 order of their reading (then
 * name, then id), the totals; and the figures of a range, year by year the same as the
 * year's own counts. The counts were one statement per year and kind before (bench/README.md,
 * project_bench.sh); this pins that what they count stayed the same. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/project_figures.h"
#include "domain/project_io.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#define NPROJ 240
#define FIRST 2017
#define LAST 2028

static const char *const forms[] = { "後援", "事業協力", "事業共催", "補助・助成", "事業委託", "実行委員会" };
static const char *const zones[] = { "市民主体", "市民主導", "市民・行政", "行政主導", "行政主体" };
/* departments in the order of their creation (ids), with their readings: the counts list
 * them by reading, then name — not in this order */
static const struct {
	const char *name, *kana;
} depts[] = {
	{ "福祉課", "フクシカ" }, { "協働推進課", "キョウドウスイシンカ" }, { "河川課", "カセンカ" },
	{ "読みのない課", "" }, { "公園課", "コウエンカ" }, { "広報課", "コウホウカ" }, { "使われない課", "アアア" },
};
#define NDEPT_USED 6	/* the last one leads no project */

struct proj {
	int from, to, form, zone, dept, published;
};

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct proj p[NPROJ];
};

static unsigned next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	struct actor admin = { .login = "test-admin", .display_name = "admin", .role = ROLE_ADMIN };
	for (size_t i = 0; i < sizeof depts / sizeof *depts; i++)
		assert_true(account_department_ensure(f->st, &admin, depts[i].name, depts[i].kana) > 0);
	struct buf csv = BUF_INIT;
	buf_puts(&csv, "事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階\n");
	unsigned seed = 20260401;
	static const int spans[] = { 1, 1, 1, 2, 2, 3, 5 };
	for (int i = 0; i < NPROJ; i++) {
		struct proj *p = &f->p[i];
		p->from = FIRST + (int)(next(&seed) % (LAST - FIRST + 1));
		p->to = p->from + spans[next(&seed) % 7] - 1;
		p->form = (int)(next(&seed) % 6);
		p->zone = (int)(next(&seed) % 5);
		p->dept = i < NDEPT_USED ? i : (int)(next(&seed) % NDEPT_USED);	/* each used at least once */
		p->published = next(&seed) % 3 == 0;
		buf_printf(&csv, "事業%03d%s,%d,%d,%s,%s,%s,,実施\n", i, p->published ? "公開" : "", p->from, p->to,
			   depts[p->dept].name, forms[p->form], zones[p->zone]);
	}
	struct project_import_opts io = { .enc = CSV_ENC_UTF8 };
	struct project_import_result res;
	struct buf errors = BUF_INIT;
	if (project_import(f->st, &admin, "p.csv", buf_cstr(&csv), csv.len, &io, &res, &errors) != 0)
		fail_msg("import: %s", buf_cstr(&errors));
	assert_int_equal(res.created, NPROJ);
	buf_free(&errors);
	buf_free(&csv);
	assert_int_equal(testdb_exec(f->path, "UPDATE projects SET published = 1 WHERE title LIKE '%公開'"), 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	arena_free(f->a);
	testdb_drop(f->path);
	free(f);
	return 0;
}

/* The department indexes (into depts) in the order the counts show them: by reading, then
 * name ("" first; the bytes of UTF-8, as both backends compare these columns). */
static void shown_order(int order[], int *n)
{
	*n = 0;
	for (int i = 0; i < (int)(sizeof depts / sizeof *depts); i++)
		order[(*n)++] = i;
	for (int i = 1; i < *n; i++)
		for (int j = i; j > 0; j--) {
			int a = order[j - 1], b = order[j];
			int c = strcmp(depts[a].kana, depts[b].kana);
			if (c == 0)
				c = strcmp(depts[a].name, depts[b].name);
			if (c <= 0)
				break;
			order[j - 1] = b;
			order[j] = a;
		}
}

/* What the year's counts must be, worked out from the projects made. */
static void check_year(const struct fx *f, const struct project_stats *s, int fy, int public_only)
{
	long long nf[6] = { 0 }, nz[5] = { 0 }, nd[16] = { 0 }, total = 0;
	for (int i = 0; i < NPROJ; i++) {
		const struct proj *p = &f->p[i];
		if (p->from > fy || p->to < fy || (public_only && !p->published))
			continue;
		nf[p->form]++;
		nz[p->zone]++;
		nd[p->dept]++;
		total++;
	}
	assert_int_equal(s->fy, fy);
	assert_int_equal(s->nforms, 6);
	for (int i = 0; i < 6; i++) {
		assert_string_equal(s->forms[i].key, forms[i]);
		assert_int_equal(s->forms[i].n, nf[i]);
	}
	assert_int_equal(s->nzones, 5);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(s->zones[i].key, zones[i]);
		assert_int_equal(s->zones[i].n, nz[i]);
	}
	int order[16], n, k = 0;
	shown_order(order, &n);
	for (int i = 0; i < n; i++) {
		if (nd[order[i]] == 0)
			continue;
		assert_true(k < s->ndepartments);
		assert_string_equal(s->departments[k].key, depts[order[i]].name);
		assert_int_equal(s->departments[k].n, nd[order[i]]);
		k++;
	}
	assert_int_equal(s->ndepartments, k);
	assert_int_equal(s->projects, total);
}

static void every_year_both_ways(void **state)
{
	struct fx *f = *state;
	int busy = 0;
	for (int pub = 0; pub <= 1; pub++)
		for (int fy = FIRST - 2; fy <= LAST + 6; fy++) {
			struct project_stats s;
			assert_int_equal(project_stats_year(f->st, f->a, fy, pub, &s), 0);
			check_year(f, &s, fy, pub);
			busy += s.ndepartments == NDEPT_USED;
		}
	assert_true(busy > 0);	/* the data reaches every department in some year */
}

static void figures_are_the_years(void **state)
{
	struct fx *f = *state;
	for (int pub = 0; pub <= 1; pub++) {
		struct project_figures fg;
		/* the default range: the years the counted projects run, the latest 15 */
		assert_int_equal(project_figures_load(f->st, f->a, pub, 0, 0, &fg), 0);
		int lo = 9999, hi = 0;
		for (int i = 0; i < NPROJ; i++)
			if (!pub || f->p[i].published) {
				lo = f->p[i].from < lo ? f->p[i].from : lo;
				hi = f->p[i].to > hi ? f->p[i].to : hi;
			}
		if (hi - lo + 1 > PFIG_MAX_YEARS)
			lo = hi - PFIG_MAX_YEARS + 1;
		assert_int_equal(fg.nyears, hi - lo + 1);
		for (int y = 0; y < fg.nyears; y++)
			check_year(f, &fg.years[y], lo + y, pub);
		/* a range given, wider than the data on both sides */
		assert_int_equal(project_figures_load(f->st, f->a, pub, FIRST - 3, FIRST + 5, &fg), 0);
		assert_int_equal(fg.nyears, 9);
		for (int y = 0; y < fg.nyears; y++)
			check_year(f, &fg.years[y], FIRST - 3 + y, pub);
	}
	struct project_stats s[2];
	assert_int_equal(project_stats_range(f->st, f->a, 2020, 2019, 0, s), -1);	/* not a range */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_year_both_ways, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(figures_are_the_years, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
