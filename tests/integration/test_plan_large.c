/* test_plan_large: a plan of 20,020 items is served with memory bounded by a small constant
 * (issue 7 §5): while the items API, the exports (xlsx, JSON, CSV) and the year page are
 * downloaded, the server's anonymous memory (RssAnon, sampled from /proc every 2 ms; the
 * database that SQLite maps is file-backed and not counted) stays under 32 MiB; before the
 * row-by-row walk, the same downloads took 100–260 MiB and a 100,000-item plan answered 413.
 * The year page is paged, and the pages together hold every item once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

#define PW "correct horse battery"
#define ITEMS 20020	/* 20 pillars, 200 measures, 19,800 actions */
/* Under AddressSanitizer freed memory sits in a quarantine (256 MiB by default), so the
 * bound is measured in the plain build only; the sanitizer run still checks the answers. */
#ifdef __SANITIZE_ADDRESS__
#define ANON_LIMIT_KIB (1L << 40)
#else
#define ANON_LIMIT_KIB (32L * 1024)
#endif

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	char csv[256];
	if (h_server_init(&srv) != 0 || h_user_add(&srv, "ad", "admin", PW, NULL) != 0)
		return -1;
	snprintf(csv, sizeof csv, "%s/big.csv", srv.dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		return -1;
	fputs("code,parent,title,department,status,result,achievement\n", f);
	for (int p = 1; p <= 20; p++) {
		fprintf(f, "P%d,,柱%d,,,,\n", p, p);
		for (int m = 1; m <= 10; m++) {
			fprintf(f, "P%d-%d,P%d,施策%d-%d,,,,\n", p, m, p, p, m);
			for (int i = 1; i <= 99; i++)
				fprintf(f, "P%d-%d-%d,P%d-%d,取組%d-%d-%d の内容を説明する長めの題名,課%d,%s,"
					   "実績の記述%d-%d-%d。地域の団体と協力して実施した。,%d\n",
					p, m, i, p, m, p, m, i, i % 7, i % 3 ? "済" : "未", p, m, i, i % 101);
		}
	}
	if (fclose(f) != 0)
		return -1;
	const char *create[] = { "plan", "create", "big", "--from", "2024", "--to", "2024", "--statuses", "済,未", NULL };
	const char *import[] = { "plan", "import", "big", csv, "--year", "2024", NULL };
	if (h_cli(&srv, create, NULL) || h_cli(&srv, import, NULL))
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

struct sampler {
	pid_t pid;
	volatile int stop;
	long peak_kib;
};

static long rss_anon_kib(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long v = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "RssAnon: %ld", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

static void *sample(void *arg)
{
	struct sampler *s = arg;
	while (!s->stop) {
		long v = rss_anon_kib(s->pid);
		if (v > s->peak_kib)
			s->peak_kib = v;
		usleep(2000);
	}
	return NULL;
}

/* GET path; returns the body size, and the server's peak RssAnon during the request. */
static size_t get_peak(struct h_client *c, const char *path, long *peak_kib, struct h_resp *keep)
{
	struct sampler s = { srv.pid, 0, 0 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, sample, &s), 0);
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	s.stop = 1;
	pthread_join(th, NULL);
	if (r.status != 200)
		fail_msg("%s: %ld", path, r.status);
	*peak_kib = s.peak_kib;
	size_t len = r.len;
	if (keep)
		*keep = r;
	else
		h_resp_free(&r);
	return len;
}

static void downloads_stay_bounded(void **state)
{
	(void)state;
	struct h_client ad;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	/* a bound on memory, not a speed test: under ASan on a busy 2-core machine a 100,000-item
	 * download took longer than the harness's usual 30 s (a hang still fails, after 5 min) */
	curl_easy_setopt(ad.curl, CURLOPT_TIMEOUT, 300L);
	static const struct { const char *path; size_t min_len; } downloads[] = {
		{ "/api/v1/plans/1/years/2024/items", 5u << 20 },
		{ "/plans/1/years/2024/export?format=xlsx", 300u << 10 },
		{ "/plans/1/years/2024/export?format=xlsx&layout=full", 300u << 10 },
		{ "/plans/1/years/2024/export?format=json", 5u << 20 },
		{ "/plans/1/years/2024/export?format=csv-cp932&layout=full", 2u << 20 },
		{ "/api/v1/plans/1/years/2024/rollup?by=branch&depth=2", 1000 },
		{ "/plans/1/years/2024", 10000 },
		{ "/plans/1?fy=2024&page=40", 10000 },
	};
	long base = rss_anon_kib(srv.pid);
	print_message("server RssAnon before: %ld KiB\n", base);
	for (size_t i = 0; i < sizeof downloads / sizeof *downloads; i++) {
		long peak;
		size_t len = get_peak(&ad, downloads[i].path, &peak, NULL);
		print_message("%-58s %9zu bytes, peak RssAnon %6ld KiB\n", downloads[i].path, len, peak);
		assert_true(len >= downloads[i].min_len);
		if (peak > ANON_LIMIT_KIB)
			fail_msg("%s: the server's anonymous memory reached %ld KiB (limit %ld)", downloads[i].path, peak,
				 (long)ANON_LIMIT_KIB);
	}
	h_client_free(&ad);
}

/* The year page is paged: each page holds at most 500 rows and the pages together hold every
 * item exactly once, in tree order. */
static void year_page_is_paged(void **state)
{
	(void)state;
	struct h_client ad;
	assert_int_equal(h_client_init(&ad, &srv), 0);
	assert_int_equal(h_login(&ad, "ad", PW), 303);
	int rows = 0, pages = 0;
	for (int page = 1; page < 100; page++) {
		char path[64];
		struct h_resp r;
		long peak;
		snprintf(path, sizeof path, "/plans/1/years/2024?page=%d", page);
		get_peak(&ad, path, &peak, &r);
		int here = 0;
		for (const char *p = r.body; (p = strstr(p, "/plans/1/years/2024/items/")); p++)
			here++;
		for (const char *p = r.body; (p = strstr(p, "/plans/1/years/2024/branches/")); p++)
			here++;
		assert_true(here <= 500);
		if (page == 1)	/* the first page starts at the first pillar */
			assert_non_null(strstr(r.body, ">P1<"));
		int last = strstr(r.body, "rel=\"next\"") == NULL;
		h_resp_free(&r);
		rows += here;
		pages++;
		if (last)
			break;
	}
	assert_int_equal(rows, ITEMS);
	assert_int_equal(pages, (ITEMS + 499) / 500);
	h_client_free(&ad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(downloads_stay_bounded),
		cmocka_unit_test(year_page_is_paged),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
