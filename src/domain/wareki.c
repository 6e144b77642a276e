/* wareki: Japanese eras and fiscal years (see wareki.h). Owns the era table, the
 * parsing of era and Western dates / fiscal years as people type them, and their
 * display forms. */
#include "domain/wareki.h"
#include <stdio.h>
#include <string.h>

static const struct wareki_era wareki_eras[] = {
	{ "明治", 'M', 1873,  1,  1, 1867 },	/* really 1868-01-25; our scope starts 1873 */
	{ "大正", 'T', 1912,  7, 30, 1911 },
	{ "昭和", 'S', 1926, 12, 25, 1925 },
	{ "平成", 'H', 1989,  1,  8, 1988 },
	{ "令和", 'R', 2019,  5,  1, 2018 },
};
#define WAREKI_NERAS (sizeof wareki_eras / sizeof wareki_eras[0])

/* Fiscal 2019 began under 平成 but is officially named 令和元年度. */
#define WAREKI_FY_REIWA_GANNEN 2019

static long wareki_key(int y, int m, int d)
{
	return (long)y * 10000 + m * 100 + d;
}

static int wareki_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int wareki_mdays(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && wareki_leap(y))
		return 29;
	return days[m - 1];
}

int wareki_date_valid(int y, int m, int d)
{
	if (y < WAREKI_MIN_YEAR || y > WAREKI_MAX_YEAR || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= wareki_mdays(y, m);
}

/* Last Western year in which era i was in force. */
static int wareki_era_last_year(size_t i)
{
	const struct wareki_era *nx;

	if (i + 1 >= WAREKI_NERAS)
		return WAREKI_MAX_YEAR;
	nx = &wareki_eras[i + 1];
	return nx->m == 1 && nx->d == 1 ? nx->y - 1 : nx->y;
}

/* 1 when the valid date y-m-d lies inside era i. */
static int wareki_in_era(size_t i, int y, int m, int d)
{
	const struct wareki_era *e = &wareki_eras[i];
	long k = wareki_key(y, m, d);

	if (k < wareki_key(e->y, e->m, e->d))
		return 0;
	if (i + 1 < WAREKI_NERAS) {
		const struct wareki_era *nx = &wareki_eras[i + 1];

		if (k >= wareki_key(nx->y, nx->m, nx->d))
			return 0;
	}
	return 1;
}

const struct wareki_era *wareki_era_at(int y, int m, int d)
{
	if (!wareki_date_valid(y, m, d))
		return NULL;
	for (size_t i = WAREKI_NERAS; i-- > 0;)
		if (wareki_in_era(i, y, m, d))
			return &wareki_eras[i];
	return NULL;
}

int wareki_fiscal_year_of(int y, int m, int d)
{
	(void)d;
	return m >= 4 ? y : y - 1;
}

/* ---- input ---- */

/* Copy s into out with full-width digits, Latin letters and . / - folded to
 * ASCII and spaces (ASCII, U+3000) trimmed at both ends. -1 if it does not fit. */
static int wareki_fold(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0, end;

	while (*p) {
		unsigned char c = 0;
		size_t skip = 1;

		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
			c = (unsigned char)('0' + (p[2] - 0x90));	/* ０-９ */
		else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0xA1 && p[2] <= 0xBA)
			c = (unsigned char)('A' + (p[2] - 0xA1));	/* Ａ-Ｚ */
		else if (p[0] == 0xEF && p[1] == 0xBD && p[2] >= 0x81 && p[2] <= 0x9A)
			c = (unsigned char)('a' + (p[2] - 0x81));	/* ａ-ｚ */
		else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8E)
			c = '.';
		else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8F)
			c = '/';
		else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D)
			c = '-';
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			c = ' ';				/* 全角空白 */
		if (c)
			skip = 3;
		else
			c = p[0];
		if (len + 1 >= n)
			return -1;
		out[len++] = (char)c;
		p += skip;
	}
	end = len;
	while (end > 0 && (out[end - 1] == ' ' || out[end - 1] == '\t'))
		end--;
	out[end] = 0;
	len = 0;
	while (out[len] == ' ' || out[len] == '\t')
		len++;
	memmove(out, out + len, end - len + 1);
	return 0;
}

static int wareki_eat(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n))
		return 0;
	*p += n;
	return 1;
}

static void wareki_skip_sp(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* An era name or letter at *p: its index, or -1 (and *p untouched). A letter
 * must be followed by a digit or 元 so words like "Reiwa" are not taken. */
static int wareki_eat_era(const char **p)
{
	for (size_t i = 0; i < WAREKI_NERAS; i++) {
		if (wareki_eat(p, wareki_eras[i].name))
			return (int)i;
	}
	for (size_t i = 0; i < WAREKI_NERAS; i++) {
		const char *q = *p;
		char c = *q;

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != wareki_eras[i].letter)
			continue;
		q++;
		if (*q == '.')	/* "H.31" */
			q++;
		if ((*q >= '0' && *q <= '9') || !strncmp(q, "元", strlen("元"))) {
			*p = q;
			return (int)i;
		}
	}
	return -1;
}

/* 1 to 5 ASCII digits, or 元 when gannen_ok. Returns the digit count (元 counts
 * as 1), or -1. */
static int wareki_eat_num(const char **p, int *v, int gannen_ok)
{
	int n = 0, val = 0;

	if (gannen_ok && wareki_eat(p, "元")) {
		*v = 1;
		return 1;
	}
	while (**p >= '0' && **p <= '9') {
		if (++n > 5)
			return -1;
		val = val * 10 + (**p - '0');
		(*p)++;
	}
	if (!n)
		return -1;
	*v = val;
	return n;
}

/* Western year for era i, year ey; -1 if ey is not a year of that era. */
static int wareki_era_to_western(size_t i, int ey)
{
	int y;

	if (ey < 1)
		return -1;
	y = ey + wareki_eras[i].offset;
	if (y > wareki_era_last_year(i) || y < WAREKI_MIN_YEAR)
		return -1;
	return y;
}

int wareki_parse_fiscal_year(const char *s, int *fy)
{
	char tmp[128];
	const char *p = tmp;
	int era, v, nd, y;

	if (!s || wareki_fold(s, tmp, sizeof tmp))
		return -1;
	era = wareki_eat_era(&p);
	if (era >= 0)
		wareki_skip_sp(&p);
	nd = wareki_eat_num(&p, &v, era >= 0);
	if (nd < 0)
		return -1;
	wareki_skip_sp(&p);
	if (!wareki_eat(&p, "年度"))
		wareki_eat(&p, "年");
	if (*p)
		return -1;
	if (era >= 0) {
		y = wareki_era_to_western((size_t)era, v);
		if (y < 0)
			return -1;
	} else {
		if (nd != 4 || v < WAREKI_MIN_YEAR || v > WAREKI_MAX_YEAR)
			return -1;
		y = v;
	}
	*fy = y;
	return 0;
}

/* "M<sep>D" after the year, with sep one of . / - (the same twice), or "年M月D日"
 * when sep is 0 and the caller already ate 年. */
static int wareki_eat_md(const char **p, char sep, int *m, int *d)
{
	if (sep) {
		if (wareki_eat_num(p, m, 0) < 0 || **p != sep)
			return -1;
		(*p)++;
		if (wareki_eat_num(p, d, 0) < 0)
			return -1;
		return 0;
	}
	wareki_skip_sp(p);
	if (wareki_eat_num(p, m, 0) < 0)
		return -1;
	wareki_skip_sp(p);
	if (!wareki_eat(p, "月"))
		return -1;
	wareki_skip_sp(p);
	if (wareki_eat_num(p, d, 0) < 0)
		return -1;
	wareki_skip_sp(p);
	if (!wareki_eat(p, "日"))
		return -1;
	return 0;
}

int wareki_parse_date(const char *s, int *y, int *m, int *d)
{
	char tmp[128];
	const char *p = tmp;
	int era, ey, nd, yy, mm, dd;
	char sep = 0;

	if (!s || wareki_fold(s, tmp, sizeof tmp))
		return -1;
	if (strlen(tmp) == 8 && strspn(tmp, "0123456789") == 8) {
		/* "20230401" */
		yy = (tmp[0] - '0') * 1000 + (tmp[1] - '0') * 100 +
		     (tmp[2] - '0') * 10 + (tmp[3] - '0');
		mm = (tmp[4] - '0') * 10 + (tmp[5] - '0');
		dd = (tmp[6] - '0') * 10 + (tmp[7] - '0');
		era = -1;
		goto check;
	}
	era = wareki_eat_era(&p);
	if (era >= 0)
		wareki_skip_sp(&p);
	nd = wareki_eat_num(&p, &ey, era >= 0);
	if (nd < 0)
		return -1;
	if (era < 0 && nd == 5)
		return -1;
	if (*p == '.' || *p == '/' || *p == '-') {
		sep = *p++;
	} else {
		wareki_skip_sp(&p);
		if (!wareki_eat(&p, "年"))
			return -1;
	}
	if (wareki_eat_md(&p, sep, &mm, &dd))
		return -1;
	wareki_skip_sp(&p);
	if (*p)
		return -1;
	if (era >= 0) {
		yy = wareki_era_to_western((size_t)era, ey);
		if (yy < 0)
			return -1;
	} else {
		if (nd != 4)
			return -1;
		yy = ey;
	}
check:
	if (!wareki_date_valid(yy, mm, dd))
		return -1;
	if (era >= 0 && !wareki_in_era((size_t)era, yy, mm, dd))
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

/* ---- output ---- */

static const struct wareki_era *wareki_fy_era(int fy)
{
	if (fy == WAREKI_FY_REIWA_GANNEN)
		return wareki_era_at(2019, 5, 1);
	return wareki_era_at(fy, 4, 1);
}

int wareki_format_date(int y, int m, int d, char *out, size_t n)
{
	const struct wareki_era *e = wareki_era_at(y, m, d);
	int ey, r;

	if (!n)
		return -1;
	out[0] = 0;
	if (!e)
		return -1;
	ey = y - e->offset;
	if (ey == 1)
		r = snprintf(out, n, "%s元年%d月%d日", e->name, m, d);
	else
		r = snprintf(out, n, "%s%d年%d月%d日", e->name, ey, m, d);
	if (r < 0 || (size_t)r >= n) {
		out[0] = 0;
		return -1;
	}
	return 0;
}

void wareki_format_fiscal_year(int fy, char *out, size_t n)
{
	const struct wareki_era *e = wareki_fy_era(fy);

	int r;

	if (!n)
		return;
	if (!e)
		r = snprintf(out, n, "%d年度", fy);
	else if (fy - e->offset == 1)
		r = snprintf(out, n, "%s元年度 (%d)", e->name, fy);
	else
		r = snprintf(out, n, "%s%d年度 (%d)", e->name, fy - e->offset, fy);
	if (r < 0 || (size_t)r >= n)
		out[0] = 0;	/* never hand back half a character */
}

void wareki_format_fiscal_year_short(int fy, char *out, size_t n)
{
	const struct wareki_era *e = wareki_fy_era(fy);

	if (!n)
		return;
	if (!e)
		snprintf(out, n, "%d", fy);
	else
		snprintf(out, n, "%c%d", e->letter, fy - e->offset);
}

void wareki_format_fiscal_year_full(int fy, char *out, size_t n)
{
	const struct wareki_era *e = wareki_fy_era(fy);
	int r;

	if (!n)
		return;
	if (!e)
		r = snprintf(out, n, "%d年度", fy);
	else if (fy - e->offset == 1)
		r = snprintf(out, n, "%s元年度（%d年度）", e->name, fy);
	else
		r = snprintf(out, n, "%s%d年度（%d年度）", e->name, fy - e->offset, fy);
	if (r < 0 || (size_t)r >= n)
		out[0] = 0;
}

/* ---- Japan time ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long wareki_days(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of a day count (civil_from_days). */
static void wareki_civil(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void wareki_jst_of_unix(long long t, struct wareki_time *out)
{
	long long s = t + WAREKI_JST_OFFSET;
	long long days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	long long sec = s - days * 86400;
	wareki_civil(days, &out->y, &out->m, &out->d);
	out->hh = (int)(sec / 3600);
	out->mm = (int)(sec / 60 % 60);
	out->has_time = 1;
}

/* n digits at *p into *v; 0 or -1. */
static int wareki_digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

int wareki_jst_of_iso(const char *iso, struct wareki_time *out)
{
	const char *p = iso;
	int y, m, d, hh = 0, mi = 0, ss = 0;
	memset(out, 0, sizeof *out);
	if (!p || wareki_digits(&p, 4, &y) || *p++ != '-' || wareki_digits(&p, 2, &m) || *p++ != '-' ||
	    wareki_digits(&p, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31 || (y >= WAREKI_MIN_YEAR && !wareki_date_valid(y, m, d)))
		return -1;
	if (!*p) {	/* a calendar date: no time, no time zone */
		out->y = y;
		out->m = m;
		out->d = d;
		return 0;
	}
	if ((*p != 'T' && *p != ' ') || (p++, wareki_digits(&p, 2, &hh)) || *p++ != ':' || wareki_digits(&p, 2, &mi))
		return -1;
	if (*p == ':' && (p++, wareki_digits(&p, 2, &ss)))
		return -1;
	if (*p == '.')	/* fractions of a second */
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	long long offset = 0;	/* stored times are UTC: "Z", "+00:00" or nothing */
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
		if (wareki_digits(&p, 2, &oh))
			return -1;
		if (*p == ':')
			p++;
		if (*p && wareki_digits(&p, 2, &om))
			return -1;
		offset = sign * (oh * 3600LL + om * 60LL);
	}
	if (*p || hh > 23 || mi > 59 || ss > 60)
		return -1;
	wareki_jst_of_unix(wareki_days(y, m, d) * 86400 + hh * 3600LL + mi * 60LL + ss - offset, out);
	return 0;
}

int wareki_format_time(const struct wareki_time *t, char *out, size_t n)
{
	const struct wareki_era *e = wareki_era_at(t->y, t->m, t->d);
	char era[32], clock[16] = "";
	int r;

	if (!n)
		return -1;
	out[0] = 0;
	if (!e)
		return -1;
	if (t->y - e->offset == 1)
		snprintf(era, sizeof era, "%s元年", e->name);
	else
		snprintf(era, sizeof era, "%s%d年", e->name, t->y - e->offset);
	if (t->has_time)
		snprintf(clock, sizeof clock, " %d:%02d", t->hh, t->mm);
	r = snprintf(out, n, "%s（%d年）%d月%d日%s", era, t->y, t->m, t->d, clock);
	if (r < 0 || (size_t)r >= n) {
		out[0] = 0;
		return -1;
	}
	return 0;
}
