/* wareki: Japanese eras (和暦) and fiscal years (年度).
 * Everything is stored in the Western calendar; this file converts only for
 * display and input. Eras in scope: 明治 (from 1873-01-01), 大正, 昭和, 平成, 令和.
 * Year 1 of an era prints as 元; "1" is accepted on input. */
#ifndef KYODO_WAREKI_H
#define KYODO_WAREKI_H
#include <stddef.h>

#define WAREKI_MIN_YEAR 1873	/* first Western year in scope */
#define WAREKI_MAX_YEAR 9999

struct wareki_era {
	const char *name;	/* "令和" */
	char letter;		/* 'R' */
	int y, m, d;		/* first day of the era (in our scope) */
	int offset;		/* Western year = era year + offset */
};

/* The era in force on a date, or NULL (invalid date, or before 1873). */
const struct wareki_era *wareki_era_at(int y, int m, int d);

/* 1 when y-m-d is a real Gregorian date within 1873..9999. */
int wareki_date_valid(int y, int m, int d);

/* Fiscal year (年度) runs 1 April – 31 March; stored as the Western year it starts in. */
int wareki_fiscal_year_of(int y, int m, int d);

/* Parse a fiscal year as users type it: "2023", "R5", "r5", "令和5", "令和5年度",
 * "令和元年度", "R1", "H31", "平成31年度" (= 2019), "H26", "S64", full-width digits
 * and letters ("２０２３", "令和５年度", "Ｒ５"), optional trailing "年度" or "年",
 * surrounding spaces (ASCII or 全角). Returns 0 and sets *fy, or -1 for anything
 * else: year 0, an era year past the era's end ("H32", "令和0"), a Western year
 * outside 1873..9999, trailing junk. */
int wareki_parse_fiscal_year(const char *s, int *fy);

/* "令和5年度 (2023)". The era is the one in force on 1 April of that year, except
 * that fiscal 2019 prints as 令和元年度 (the name officials use). Out-of-range
 * years print as "1850年度". */
void wareki_format_fiscal_year(int fy, char *out, size_t n);
/* "R5"; 2019 -> "R1"; out of range -> "1850". */
void wareki_format_fiscal_year_short(int fy, char *out, size_t n);

/* Parse a date: "2023-04-01", "2023/4/1", "2023.4.1", "20230401", "2023年4月1日",
 * "令和5年4月1日", "令和元年5月1日", "R5.4.1", "R5/4/1", "H31.4.30" (full-width
 * digits too). An era date must lie inside the era (令和 from 2019-05-01, 平成 up
 * to 2019-04-30, ...); the day must exist (leap years). Returns 0 and y/m/d, or -1. */
int wareki_parse_date(const char *s, int *y, int *m, int *d);

/* "令和5年4月1日"; 2019-05-01 -> "令和元年5月1日"; 2019-04-30 -> "平成31年4月30日".
 * Returns -1 (and out "") for an invalid or out-of-scope date or a too-small buffer. */
int wareki_format_date(int y, int m, int d, char *out, size_t n);

/* "令和5年度（2023年度）": the form screens use; 2019 is 令和元年度（2019年度）. */
void wareki_format_fiscal_year_full(int fy, char *out, size_t n);

/* ---- Japan time: every date and time a person reads ----
 * Kyodo stores instants in UTC ("2025-06-01T01:05:00Z") and calendar dates as they are
 * ("2025-06-01"). People read both in Japan time (JST = UTC+9, no summer time), computed
 * here by arithmetic: nothing depends on the TZ environment of the server. */
#define WAREKI_JST_OFFSET (9 * 3600)

struct wareki_time {
	int y, m, d;	/* the date in Japan */
	int hh, mm;	/* the time in Japan (when has_time) */
	int has_time;
};
/* Seconds since the epoch → Japan time. */
void wareki_jst_of_unix(long long t, struct wareki_time *out);
/* "2025-06-01T01:05:00Z" (also "+09:00" offsets, a space for the T, fractions, no zone =
 * UTC) → Japan time; a date "2025-06-01" stays that date without a time. 0, or -1 when
 * iso is not one of these. */
int wareki_jst_of_iso(const char *iso, struct wareki_time *out);
/* The one display form: "令和7年（2025年）6月1日 10:05" — 和暦 with the Western year in
 * brackets, the time without seconds; a date alone without the time. -1 (out "") when
 * the date is outside the eras (before 1873) or out is too small. */
int wareki_format_time(const struct wareki_time *t, char *out, size_t n);

#endif
