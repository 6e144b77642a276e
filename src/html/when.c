/* when: the one formatter of dates and times on screens (see when.h). */
#include "html/when.h"
#include "html/html.h"
#include "domain/wareki.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static int when_english(const struct req *r)
{
	return r->lang && strcmp(r->lang, "en") == 0;
}

static void when_format(const struct req *r, const struct wareki_time *t, char *out, size_t n)
{
	static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
						"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	if (!when_english(r) && wareki_format_time(t, out, n) == 0)
		return;
	if (t->has_time)
		snprintf(out, n, "%d %s %d %d:%02d", t->d, months[t->m - 1], t->y, t->hh, t->mm);
	else
		snprintf(out, n, "%d %s %d", t->d, months[t->m - 1], t->y);
}

static const char *when_text_of(struct req *r, const char *iso, int date_only)
{
	struct wareki_time t;
	char out[96];
	if (!iso || !*iso)
		return "";
	if (wareki_jst_of_iso(iso, &t) != 0)
		return iso;
	if (date_only)
		t.has_time = 0;
	when_format(r, &t, out, sizeof out);
	const char *s = arena_strdup(r->a, out);
	return s ? s : "";
}

const char *when_text(struct req *r, const char *iso) { return when_text_of(r, iso, 0); }
const char *when_date_text(struct req *r, const char *iso) { return when_text_of(r, iso, 1); }

static void when_html_of(struct req *r, struct buf *b, const char *iso, int date_only)
{
	struct wareki_time t;
	char out[96];
	if (!iso || !*iso) {
		buf_puts(b, "—");
		return;
	}
	if (wareki_jst_of_iso(iso, &t) != 0) {
		html_esc(b, iso);
		return;
	}
	if (date_only)
		t.has_time = 0;
	when_format(r, &t, out, sizeof out);
	html_printf(b, "<time datetime=\"%s\">%s</time>", iso, out);
}

void when_html(struct req *r, struct buf *b, const char *iso) { when_html_of(r, b, iso, 0); }
void when_date_html(struct req *r, struct buf *b, const char *iso) { when_html_of(r, b, iso, 1); }

void when_html_unix(struct req *r, struct buf *b, long long t)
{
	char iso[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	when_html(r, b, iso);
}

int when_fiscal_year_now(void)
{
	struct wareki_time t;
	wareki_jst_of_unix((long long)time(NULL), &t);
	return wareki_fiscal_year_of(t.y, t.m, t.d);
}
