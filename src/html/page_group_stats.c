/* page_group_stats: the statistics of the registered groups (group_stats_routes), like
 * the group survey cities publish (seed 002): directory-visible groups counted by
 * category, by kind (legal form), by activity field (a group counts once per field), by
 * activity area, by member-count band and by age profile — each a table (caption, th
 * scope, numbers and percentages of all groups) followed by an SVG bar chart whose text
 * alternative is the table. The counts are kept by the writers (table dir_stats,
 * domain/org_public.c), so the page reads a few dozen rows instead of counting every
 * group; cached for anonymous viewers per language under the version "stats", which only
 * a change of what is counted moves. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_cache.h"
#include "html/svg.h"
#include "domain/org.h"
#include "domain/org_public.h"
#include "domain/version.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct page_cache stats_cache = PAGE_CACHE_INIT_REFRESH("group statistics", 4, 4u << 20, PAGE_CACHE_REFRESH_MS);

/* One table: a label and a count per row. */
struct stats_table {
	const char *caption;
	const char *note;	/* a line under the table, or NULL */
	int n;
	const char **labels;
	int *counts;
};

static int stats_table_new(struct req *r, struct stats_table *t, const char *caption, int n)
{
	memset(t, 0, sizeof *t);
	t->caption = caption;
	t->n = n;
	t->labels = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *t->labels);
	t->counts = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *t->counts);
	return t->labels && t->counts ? 0 : STORE_ERR;
}

/* "12.5" (one decimal, as surveys print them) of count in total. */
static void stats_percent(int count, int total, char *out, size_t n)
{
	long long tenths = total > 0 ? ((long long)count * 1000 + total / 2) / total : 0;
	snprintf(out, n, "%lld.%lld", tenths / 10, tenths % 10);
}

/* The kept counts of one dimension: fn files each row into t. */
static void stats_file(const struct org_stat *rows, int n, const char *dim, struct stats_table *t,
		       void (*fn)(struct stats_table *t, const char *key, long long ikey, int count))
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].dim, dim) == 0)
			fn(t, rows[i].key, atoll(rows[i].key), (int)rows[i].n);
}

static int stats_count(const struct org_stat *rows, int n, const char *dim, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].dim, dim) == 0 && strcmp(rows[i].key, key) == 0)
			return (int)rows[i].n;
	return 0;
}

/* ---- filing rows ---- */

static void stats_by_kind(struct stats_table *t, const char *key, long long ikey, int count)
{
	for (int i = 0; i < org_nkinds; i++)
		if (strcmp(org_kinds[i].code, key) == 0) {
			t->counts[i] += count;
			return;
		}
	t->counts[t->n - 1] += count;	/* a code no longer in the table: "other" */
}

static void stats_by_field(struct stats_table *t, const char *key, long long ikey, int count)
{
	if (ikey >= 1 && ikey <= t->n)
		t->counts[ikey - 1] += count;
}

static void stats_by_band(struct stats_table *t, const char *key, long long ikey, int count)
{
	if (ikey >= 0 && ikey < t->n)
		t->counts[ikey] += count;
}

static void stats_by_age(struct stats_table *t, const char *key, long long ikey, int count)
{
	for (int i = 0; i < t->n - 1; i++)
		if (strcmp(t->labels[i], key) == 0) {
			t->counts[i] += count;
			return;
		}
	t->counts[t->n - 1] += count;	/* not given, or a label no longer offered */
}

/* ---- the tables ---- */

enum stats_kind { ST_CATEGORY, ST_KIND, ST_FIELD, ST_AREA, ST_MEMBERS, ST_AGE, ST__MAX };

struct stats {
	int total, recruiting;
	struct stats_table t[ST__MAX];
};

static const char *const stats_bands[] = {
	N_("1–9 members"), N_("10–29 members"), N_("30–49 members"), N_("50–99 members"), N_("100 members or more"),
	N_("Not known"),
};
#define STATS_NBANDS ((int)(sizeof stats_bands / sizeof stats_bands[0]))

static int stats_load(struct req *r, struct stats *st)
{
	struct org_stat *rows;
	int nrows = 0;
	int rc = org_stats_read(r->st, r->a, &rows, &nrows);
	if (rc != 0)
		return rc;
	st->total = stats_count(rows, nrows, "total", "");
	st->recruiting = stats_count(rows, nrows, "recruiting", "");
	/* kinds, then categories summed from them */
	struct stats_table *k = &st->t[ST_KIND], *c = &st->t[ST_CATEGORY];
	if ((rc = stats_table_new(r, k, T(r, "Groups by kind (legal form)"), org_nkinds + 1)) == 0) {
		for (int i = 0; i < org_nkinds; i++)
			k->labels[i] = org_kinds[i].label;
		k->labels[org_nkinds] = T(r, "Other or unknown");
		stats_file(rows, nrows, "kind", k, stats_by_kind);
		if (k->counts[org_nkinds] == 0)
			k->n = org_nkinds;	/* the extra row only when needed */
	}
	if (rc == 0 && (rc = stats_table_new(r, c, T(r, "Groups by category"), ORG_CAT__MAX)) == 0) {
		for (int i = 0; i < ORG_CAT__MAX; i++)
			c->labels[i] = org_category_labels[i];
		for (int i = 0; i < org_nkinds; i++)
			c->counts[org_kinds[i].cat] += k->counts[i];
		c->counts[ORG_CAT_CITIZEN] += k->counts[org_nkinds];	/* as org_kind "other" counts */
	}
	struct stats_table *f = &st->t[ST_FIELD];
	if (rc == 0 && (rc = stats_table_new(r, f, T(r, "Groups by activity field"), ORG_NPO_FIELDS)) == 0) {
		for (int i = 0; i < ORG_NPO_FIELDS; i++)
			f->labels[i] = arena_printf(r->a, "%d %s", i + 1, org_npo_fields_short[i + 1]);
		f->note = T(r, "A group may have up to three activity fields and counts once in each, so the rows add up to more than the number of groups.");
		stats_file(rows, nrows, "field", f, stats_by_field);
	}
	struct stats_table *a = &st->t[ST_AREA];
	struct org_area *areas;
	int nareas = 0;
	if (rc == 0)
		rc = org_area_list(r->st, r->a, &areas, &nareas);
	if (rc == 0 && (rc = stats_table_new(r, a, T(r, "Groups by activity area"), nareas)) == 0) {
		a->note = T(r, "A group active in several areas counts once in each.");
		for (int i = 0; i < nareas; i++) {
			a->labels[i] = areas[i].name;
			a->counts[i] = stats_count(rows, nrows, "area", arena_printf(r->a, "%lld", areas[i].id));
		}
	}
	struct stats_table *m = &st->t[ST_MEMBERS];
	if (rc == 0 && (rc = stats_table_new(r, m, T(r, "Groups by number of members"), STATS_NBANDS)) == 0) {
		for (int i = 0; i < STATS_NBANDS; i++)
			m->labels[i] = T(r, stats_bands[i]);
		stats_file(rows, nrows, "members", m, stats_by_band);
	}
	struct stats_table *g = &st->t[ST_AGE];
	int nages = 0;
	while (org_age_profiles[nages])
		nages++;
	if (rc == 0 && (rc = stats_table_new(r, g, T(r, "Groups by main age group of members"), nages + 1)) == 0) {
		for (int i = 0; i < nages; i++)
			g->labels[i] = org_age_profiles[i];
		g->labels[nages] = T(r, "Not known");
		stats_file(rows, nrows, "age", g, stats_by_age);
	}
	return rc;
}

/* ---- rendering ---- */

static void stats_table_html(struct req *r, struct buf *b, const struct stats_table *t, int total)
{
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"rollup\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    t->caption, t->caption, T(r, "Breakdown"), T(r, "Groups"), T(r, "Share of all groups (%)"));
	for (int i = 0; i < t->n; i++) {
		char pct[24];
		stats_percent(t->counts[i], total, pct, sizeof pct);
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%d</td><td class=\"num\">%s%%</td></tr>\n",
			    t->labels[i], t->counts[i], pct);
	}
	html_printf(b, "</tbody>\n<tfoot>\n<tr class=\"total\"><th scope=\"row\">%s</th><td class=\"num\">%d</td>"
		       "<td class=\"num\">100.0%%</td></tr>\n</tfoot>\n</table>\n</div>\n",
		    T(r, "All groups"), total);
	if (t->note)
		html_printf(b, "<p class=\"hint\">%s</p>\n", t->note);
}

/* The table as a one-group rollup, so the shared bar chart draws it. */
static void stats_chart(struct req *r, struct buf *b, const struct stats_table *t)
{
	struct rollup ru = { .ngroups = 1, .nrows = t->n };
	char *groups[1] = { (char *)T(r, "Groups") };
	ru.groups = groups;
	ru.rows = arena_alloc(r->a, (size_t)(t->n ? t->n : 1) * sizeof *ru.rows);
	if (!ru.rows || t->n == 0)
		return;
	for (int i = 0; i < t->n; i++)
		ru.rows[i] = (struct rollup_row){ .label = t->labels[i], .total = t->counts[i], .counts = &t->counts[i] };
	svg_rollup_chart(b, &ru, t->caption,
			 T(r, "Horizontal bars: the number of groups in each row. The table above gives the same numbers."));
}

static int stats_render(struct req *r, struct resp *o, void *arg)
{
	struct stats st;
	memset(&st, 0, sizeof st);
	int rc = stats_load(r, &st);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Statistics of the registered groups"));
	char total[32], rec[32];
	html_fmt_int(total, sizeof total, st.total);
	html_fmt_int(rec, sizeof rec, st.recruiting);
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The groups in the public directory (registered and not dissolved), counted from their registered data."));
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		    T(r, "Groups in the directory"), total, T(r, "Groups recruiting members or volunteers"), rec);
	if (st.total == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No group is registered yet."));
	for (int i = 0; st.total && i < ST__MAX; i++) {
		html_printf(b, "<h2>%s</h2>\n", st.t[i].caption);
		stats_table_html(r, b, &st.t[i], st.total);
		stats_chart(r, b, &st.t[i]);
	}
	page_cache_note(r, b);
	html_printf(b, "<p class=\"no-print\"><a href=\"/groups\">%s</a></p>\n", T(r, "Find groups"));
	layout_end(r, o);
	return 0;
}

static int stats_get(struct req *r, struct resp *o)
{
	char version[VERSION_TAG_MAX];
	int rc = version_tag(r->st, "stats", version);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	return page_cache_respond(&stats_cache, r, o, "S", version, stats_render, NULL);
}

/* Listed before directory_routes (routes.c): "/groups/{id}" would take "stats". */
const struct route group_stats_routes[] = {
	{ HTTP_GET, "/groups/stats", stats_get, ROLES_ANY, ROUTE_PUBLIC },
	{ 0 },
};
