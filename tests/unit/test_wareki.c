/* test_wareki: eras, 元年, fiscal years and date parsing/formatting (src/domain/wareki.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include "domain/wareki.h"

static int fy_of(const char *s)
{
	int fy = -12345;

	if (wareki_parse_fiscal_year(s, &fy))
		return -1;
	return fy;
}

static void test_fiscal_year_of(void **state)
{
	(void)state;
	assert_int_equal(wareki_fiscal_year_of(2024, 3, 31), 2023);
	assert_int_equal(wareki_fiscal_year_of(2024, 4, 1), 2024);
	assert_int_equal(wareki_fiscal_year_of(2024, 1, 1), 2023);
	assert_int_equal(wareki_fiscal_year_of(2023, 12, 31), 2023);
	assert_int_equal(wareki_fiscal_year_of(2019, 4, 30), 2019);
}

static void test_parse_fy_forms(void **state)
{
	(void)state;
	assert_int_equal(fy_of("2023"), 2023);
	assert_int_equal(fy_of("2023年度"), 2023);
	assert_int_equal(fy_of("2023年"), 2023);
	assert_int_equal(fy_of("R5"), 2023);
	assert_int_equal(fy_of("r5"), 2023);
	assert_int_equal(fy_of("令和5"), 2023);
	assert_int_equal(fy_of("令和5年度"), 2023);
	assert_int_equal(fy_of("令和5年"), 2023);
	assert_int_equal(fy_of("令和元年度"), 2019);
	assert_int_equal(fy_of("令和1年度"), 2019);
	assert_int_equal(fy_of("R1"), 2019);
	assert_int_equal(fy_of("H31"), 2019);
	assert_int_equal(fy_of("平成31年度"), 2019);
	assert_int_equal(fy_of("H26"), 2014);
	assert_int_equal(fy_of("S64"), 1989);
	assert_int_equal(fy_of("H1"), 1989);
	assert_int_equal(fy_of("平成元年度"), 1989);
	assert_int_equal(fy_of("T15"), 1926);
	assert_int_equal(fy_of("大正元年"), 1912);
	assert_int_equal(fy_of("M6"), 1873);
	assert_int_equal(fy_of("1873"), 1873);
	assert_int_equal(fy_of("9999"), 9999);
}

static void test_parse_fy_fullwidth(void **state)
{
	(void)state;
	assert_int_equal(fy_of("２０２３"), 2023);
	assert_int_equal(fy_of("２０２３年度"), 2023);
	assert_int_equal(fy_of("令和５年度"), 2023);
	assert_int_equal(fy_of("Ｒ５"), 2023);
	assert_int_equal(fy_of("ｈ２６"), 2014);
	assert_int_equal(fy_of("　令和５年度　"), 2023);
	assert_int_equal(fy_of(" R5 "), 2023);
	assert_int_equal(fy_of("令和 5 年度"), 2023);
}

static void test_parse_fy_rejects(void **state)
{
	(void)state;
	assert_int_equal(fy_of("H32"), -1);
	assert_int_equal(fy_of("平成32"), -1);
	assert_int_equal(fy_of("平成32年度"), -1);
	assert_int_equal(fy_of("S65"), -1);
	assert_int_equal(fy_of("令和0"), -1);
	assert_int_equal(fy_of("R0"), -1);
	assert_int_equal(fy_of("R"), -1);
	assert_int_equal(fy_of("abc"), -1);
	assert_int_equal(fy_of(""), -1);
	assert_int_equal(fy_of("   "), -1);
	assert_int_equal(fy_of("20x3"), -1);
	assert_int_equal(fy_of("0"), -1);
	assert_int_equal(fy_of("0000"), -1);
	assert_int_equal(fy_of("1872"), -1);
	assert_int_equal(fy_of("10000"), -1);
	assert_int_equal(fy_of("M5"), -1);	/* 1872: out of scope */
	assert_int_equal(fy_of("X5"), -1);
	assert_int_equal(fy_of("Reiwa5"), -1);
	assert_int_equal(fy_of("2023年度度"), -1);
	assert_int_equal(fy_of("元年"), -1);	/* 元 needs an era */
	assert_int_equal(fy_of("R5.4"), -1);
	assert_int_equal(fy_of("-2023"), -1);
	assert_int_equal(fy_of("99999999999999"), -1);
	assert_int_equal(wareki_parse_fiscal_year(NULL, &(int){0}), -1);
}

static void fmt_fy(int fy, const char *want, const char *want_short)
{
	char out[64];

	wareki_format_fiscal_year(fy, out, sizeof out);
	assert_string_equal(out, want);
	wareki_format_fiscal_year_short(fy, out, sizeof out);
	assert_string_equal(out, want_short);
}

static void test_format_fy(void **state)
{
	(void)state;
	fmt_fy(2023, "令和5年度 (2023)", "R5");
	fmt_fy(2020, "令和2年度 (2020)", "R2");
	fmt_fy(2019, "令和元年度 (2019)", "R1");
	fmt_fy(2018, "平成30年度 (2018)", "H30");
	fmt_fy(2014, "平成26年度 (2014)", "H26");
	fmt_fy(1989, "平成元年度 (1989)", "H1");
	fmt_fy(1988, "昭和63年度 (1988)", "S63");
	fmt_fy(1926, "大正15年度 (1926)", "T15");
	fmt_fy(1927, "昭和2年度 (1927)", "S2");
	fmt_fy(1912, "明治45年度 (1912)", "M45");
	fmt_fy(1913, "大正2年度 (1913)", "T2");
	fmt_fy(1850, "1850年度", "1850");
}

static void test_format_fy_small_buffer(void **state)
{
	char out[8];

	(void)state;
	memset(out, 'x', sizeof out);
	wareki_format_fiscal_year(2023, out, sizeof out);
	assert_string_equal(out, "");	/* no half characters */
	wareki_format_fiscal_year(2023, out, 0);	/* must not write */
}

/* format then parse back every fiscal year in scope */
static void test_fy_round_trip(void **state)
{
	char out[64];

	(void)state;
	for (int fy = 1873; fy <= 2100; fy++) {
		wareki_format_fiscal_year_short(fy, out, sizeof out);
		assert_int_equal(fy_of(out), fy);
		wareki_format_fiscal_year(fy, out, sizeof out);
		*strchr(out, ' ') = 0;	/* drop " (2023)" */
		assert_int_equal(fy_of(out), fy);
	}
}

static void check_date(const char *s, int y, int m, int d)
{
	int yy = 0, mm = 0, dd = 0;

	if (wareki_parse_date(s, &yy, &mm, &dd))
		fail_msg("rejected %s", s);
	if (yy != y || mm != m || dd != d)
		fail_msg("%s -> %d-%d-%d, want %d-%d-%d", s, yy, mm, dd, y, m, d);
}

static void reject_date(const char *s)
{
	int y, m, d;

	if (!wareki_parse_date(s, &y, &m, &d))
		fail_msg("accepted %s as %d-%d-%d", s, y, m, d);
}

static void test_parse_date(void **state)
{
	(void)state;
	check_date("2023-04-01", 2023, 4, 1);
	check_date("2023/4/1", 2023, 4, 1);
	check_date("2023.4.1", 2023, 4, 1);
	check_date("20230401", 2023, 4, 1);
	check_date("2023年4月1日", 2023, 4, 1);
	check_date("２０２３／４／１", 2023, 4, 1);
	check_date("令和5年4月1日", 2023, 4, 1);
	check_date("令和５年４月１日", 2023, 4, 1);
	check_date("R5.4.1", 2023, 4, 1);
	check_date("r5/4/1", 2023, 4, 1);
	check_date("H31.4.30", 2019, 4, 30);
	check_date("令和元年5月1日", 2019, 5, 1);
	check_date("令和1年5月1日", 2019, 5, 1);
	check_date("R1.5.1", 2019, 5, 1);
	check_date("平成31年4月30日", 2019, 4, 30);
	check_date("昭和64年1月7日", 1989, 1, 7);
	check_date("S64.1.7", 1989, 1, 7);
	check_date("平成元年1月8日", 1989, 1, 8);
	check_date("H1.1.8", 1989, 1, 8);
	check_date("昭和元年12月25日", 1926, 12, 25);
	check_date("大正15年12月24日", 1926, 12, 24);
	check_date("大正元年7月30日", 1912, 7, 30);
	check_date("明治45年7月29日", 1912, 7, 29);
	check_date("明治6年1月1日", 1873, 1, 1);
	check_date("2024-02-29", 2024, 2, 29);
	check_date("2000-02-29", 2000, 2, 29);
	check_date(" 2023-04-01 ", 2023, 4, 1);
}

static void test_parse_date_rejects(void **state)
{
	(void)state;
	reject_date("令和元年4月30日");	/* before 令和 */
	reject_date("R1.4.30");
	reject_date("平成31年5月1日");	/* after 平成 */
	reject_date("H31.5.1");
	reject_date("H32.1.1");
	reject_date("昭和64年1月8日");
	reject_date("平成元年1月7日");
	reject_date("明治5年12月31日");	/* 1872: out of scope */
	reject_date("1872-12-31");
	reject_date("2023-02-29");
	reject_date("1900-02-29");
	reject_date("2023-04-31");
	reject_date("2023-13-01");
	reject_date("2023-00-10");
	reject_date("2023-04-00");
	reject_date("2023-04");
	reject_date("2023/04-01");	/* mixed separators */
	reject_date("2023-04-01x");
	reject_date("23-04-01");
	reject_date("令和0年5月1日");
	reject_date("R5.4");
	reject_date("令和5年4月");
	reject_date("abc");
	reject_date("");
	reject_date("20230230");
	reject_date("元年5月1日");
}

static void check_fmt(int y, int m, int d, const char *want)
{
	char out[64];

	assert_int_equal(wareki_format_date(y, m, d, out, sizeof out), 0);
	assert_string_equal(out, want);
}

static void test_format_date(void **state)
{
	char out[64];

	(void)state;
	check_fmt(2023, 4, 1, "令和5年4月1日");
	check_fmt(2019, 5, 1, "令和元年5月1日");
	check_fmt(2019, 4, 30, "平成31年4月30日");
	check_fmt(1989, 1, 7, "昭和64年1月7日");
	check_fmt(1989, 1, 8, "平成元年1月8日");
	check_fmt(1926, 12, 25, "昭和元年12月25日");
	check_fmt(1926, 12, 24, "大正15年12月24日");
	check_fmt(1912, 7, 30, "大正元年7月30日");
	check_fmt(1912, 7, 29, "明治45年7月29日");
	check_fmt(1873, 1, 1, "明治6年1月1日");
	assert_int_equal(wareki_format_date(1872, 12, 31, out, sizeof out), -1);
	assert_string_equal(out, "");
	assert_int_equal(wareki_format_date(2023, 2, 29, out, sizeof out), -1);
	assert_int_equal(wareki_format_date(2023, 4, 1, out, 10), -1);
	assert_string_equal(out, "");
}

/* every day from 1873 to 2030 formats and parses back to itself */
static void test_date_round_trip(void **state)
{
	char out[64];
	int y, m, d;

	(void)state;
	for (int yy = 1873; yy <= 2030; yy++)
		for (int mm = 1; mm <= 12; mm++)
			for (int dd = 1; dd <= 31; dd++) {
				if (!wareki_date_valid(yy, mm, dd))
					continue;
				assert_int_equal(wareki_format_date(yy, mm, dd, out, sizeof out), 0);
				assert_int_equal(wareki_parse_date(out, &y, &m, &d), 0);
				assert_int_equal(y * 10000 + m * 100 + d, yy * 10000 + mm * 100 + dd);
			}
}

static void test_era_at(void **state)
{
	(void)state;
	assert_string_equal(wareki_era_at(2019, 4, 30)->name, "平成");
	assert_string_equal(wareki_era_at(2019, 5, 1)->name, "令和");
	assert_int_equal(wareki_era_at(2019, 5, 1)->letter, 'R');
	assert_null(wareki_era_at(1872, 12, 31));
	assert_null(wareki_era_at(2023, 2, 30));
}

/* The one display form of a date and time on screens (issue 8 §4). */
static void fmt_iso(const char *iso, const char *want)
{
	struct wareki_time t;
	char out[96];
	assert_int_equal(wareki_jst_of_iso(iso, &t), 0);
	assert_int_equal(wareki_format_time(&t, out, sizeof out), 0);
	assert_string_equal(out, want);
}

static void test_jst_times(void **state)
{
	(void)state;
	/* UTC instants are shown in Japan time, without seconds */
	fmt_iso("2026-12-01T05:05:59Z", "令和8年（2026年）12月1日 14:05");
	fmt_iso("2025-06-01T01:05:00Z", "令和7年（2025年）6月1日 10:05");
	/* the day changes at 15:00 UTC; months, years and leap days carry */
	fmt_iso("2024-12-31T15:00:00Z", "令和7年（2025年）1月1日 0:00");
	fmt_iso("2024-02-28T15:30:00Z", "令和6年（2024年）2月29日 0:30");
	fmt_iso("2023-02-28T15:30:00Z", "令和5年（2023年）3月1日 0:30");
	fmt_iso("2025-03-31T14:59:00Z", "令和7年（2025年）3月31日 23:59");
	/* the era changes with the date in Japan: 2019-04-30T15:00Z is 令和元年5月1日 */
	fmt_iso("2019-04-30T14:59:00Z", "平成31年（2019年）4月30日 23:59");
	fmt_iso("2019-04-30T15:00:00Z", "令和元年（2019年）5月1日 0:00");
	/* SQLite's forms: a space for the T, fractions, no zone (UTC) */
	fmt_iso("2025-06-01 01:05:00", "令和7年（2025年）6月1日 10:05");
	fmt_iso("2025-06-01T01:05:00.123Z", "令和7年（2025年）6月1日 10:05");
	/* an offset is honoured */
	fmt_iso("2025-06-01T10:05:00+09:00", "令和7年（2025年）6月1日 10:05");
	/* a calendar date stays that date, without a time */
	fmt_iso("2023-04-01", "令和5年（2023年）4月1日");
	fmt_iso("2019-05-01", "令和元年（2019年）5月1日");
	struct wareki_time t;
	assert_int_equal(wareki_jst_of_iso("2023-02-30", &t), -1);
	assert_int_equal(wareki_jst_of_iso("2023-04-01T25:00:00Z", &t), -1);
	assert_int_equal(wareki_jst_of_iso("yesterday", &t), -1);
	assert_int_equal(wareki_jst_of_iso("2023-04-01Tx", &t), -1);
	assert_int_equal(wareki_jst_of_iso(NULL, &t), -1);
}

/* Japan time comes from arithmetic, not from the TZ of the server. */
static void test_jst_ignores_tz(void **state)
{
	(void)state;
	struct wareki_time a, b;
	setenv("TZ", "America/Los_Angeles", 1);
	tzset();
	wareki_jst_of_unix(1764565500LL, &a);	/* 2025-12-01T05:05:00Z */
	setenv("TZ", "UTC", 1);
	tzset();
	wareki_jst_of_unix(1764565500LL, &b);
	assert_int_equal(a.y, 2025);
	assert_int_equal(a.m, 12);
	assert_int_equal(a.d, 1);
	assert_int_equal(a.hh, 14);
	assert_int_equal(a.mm, 5);
	assert_memory_equal(&a, &b, sizeof a);
	wareki_jst_of_unix(0, &a);
	assert_int_equal(a.y * 10000 + a.m * 100 + a.d, 19700101);
	assert_int_equal(a.hh, 9);
	char out[64];
	wareki_format_fiscal_year_full(2019, out, sizeof out);
	assert_string_equal(out, "令和元年度（2019年度）");
	wareki_format_fiscal_year_full(2023, out, sizeof out);
	assert_string_equal(out, "令和5年度（2023年度）");
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fiscal_year_of),
		cmocka_unit_test(test_parse_fy_forms),
		cmocka_unit_test(test_parse_fy_fullwidth),
		cmocka_unit_test(test_parse_fy_rejects),
		cmocka_unit_test(test_format_fy),
		cmocka_unit_test(test_format_fy_small_buffer),
		cmocka_unit_test(test_fy_round_trip),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_parse_date_rejects),
		cmocka_unit_test(test_format_date),
		cmocka_unit_test(test_date_round_trip),
		cmocka_unit_test(test_era_at),
		cmocka_unit_test(test_jst_times),
		cmocka_unit_test(test_jst_ignores_tz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
