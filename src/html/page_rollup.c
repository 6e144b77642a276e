/* page_rollup: rollup screens (rollup_routes) — one year's rollup of a plan by priority
 * class, by branch at a depth or by grade band, as a table with percentages and an SVG
 * chart, and the year-over-year comparison: one table with the years as columns and a
 * trend chart, without the years that hold nothing yet — and the rollup block the report
 * page reuses. Items without an answer are a 未回答 column, counted in the totals; a
 * year not yet published is labelled 速報. */
#include "html/pages.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/svg.h"
#include "domain/plan.h"
#include "domain/plan_walk.h"
#include "domain/wareki.h"
#include <stdio.h>
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdlib.h>
#include <string.h>

#define ROLLUP_MAX_DEPTH 10

int page_rollup_by_parse(const char *s, enum rollup_by *by)
{
	*by = ROLLUP_PRIORITY;
	if (!s || !*s)
		return 0;
	for (int i = 0; i < ROLLUP__MAX; i++)
		if (strcmp(s, rollup_by_names[i]) == 0) {
			*by = (enum rollup_by)i;
			return 0;
		}
	return -1;
}

/* One row: label, title, [sub-branches], items, then one cell per status group holding
 * the count with its percentage beneath, then the items with a status. One cell per group
 * keeps the table narrow enough for the page and for A4 paper. */
static void rollup_row_html(struct req *r, struct buf *b, const struct rollup *ru, const struct rollup_row *row,
			    int is_total, int with_branches)
{
	const char *label = is_total ? T(r, "Total") : row->label;
	html_printf(b, "<tr%S><th scope=\"row\">%s</th><td>%s</td>", is_total ? " class=\"total\"" : "", label,
		    is_total || !row->title ? "" : row->title);
	if (with_branches)
		html_printf(b, "<td class=\"num\">%d</td>", row->branches);
	html_printf(b, "<td class=\"num\">%d</td>", row->items);
	for (int g = 0; g < ru->ngroups; g++) {
		char pct[16];
		int c = row->counts ? row->counts[g] : 0;
		rollup_percent(c, row->total, pct, sizeof pct);
		html_printf(b, "<td class=\"num\">%d<span class=\"pct\">%s%%</span></td>", c, pct);
	}
	html_printf(b, "<td class=\"num\">%d</td></tr>\n", row->total);
}

void page_rollup_note(struct req *r, struct buf *b, const struct rollup *ru)
{
	if (!ru->provisional)
		return;
	html_printf(b, "<p class=\"notice provisional\"><strong>%s</strong> %s", T(r, "Preliminary (速報):"),
		    T(r, "this year is not published yet; the figures may still change."));
	if (ru->hidden)
		html_printf(b, " %s %d", T(r, "Answers not yet submitted are not counted:"), ru->hidden);
	buf_puts(b, "</p>\n");
}

/* The heading of a rollup's last column: what its denominator counts. */
static const char *rollup_total_head(struct req *r, const struct rollup *ru)
{
	if (ru->by == ROLLUP_GRADE)
		return T(r, "Items with a percentage");
	return rollup_has_unanswered(ru) ? T(r, "Items") : T(r, "Items with a status");
}

void page_rollup_block(struct req *r, struct buf *b, const struct rollup *ru_in, const char *caption)
{
	/* the page's copy: 未回答 as a group when some item has no answer, and the translated
	 * labels, so that the chart shows what the table shows */
	struct rollup ru;
	if (rollup_fold_unanswered(ru_in, r->a, &ru) != 0)
		return;
	struct rollup_row *rows = arena_alloc(r->a, (size_t)(ru.nrows ? ru.nrows : 1) * sizeof *rows);
	if (!rows)
		return;
	int with_branches = 0;
	for (int i = 0; i < ru.nrows; i++) {
		rows[i] = ru.rows[i];
		if (strcmp(rows[i].label, "(none)") == 0)
			rows[i].label = T(r, "(none)");
		with_branches |= rows[i].branches > 0;
	}
	ru.rows = rows;
	page_rollup_note(r, b, ru_in);
	if (ru.by == ROLLUP_GRADE && ru.ngroups == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "This plan has no grade bands."));
		return;
	}
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"rollup\">\n<caption>%s</caption>\n<thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		    caption, caption, T(r, "Row"), T(r, "Title"));
	if (with_branches)
		html_printf(b, "<th scope=\"col\">%s</th>", T(r, "Sub-branches"));
	html_printf(b, "<th scope=\"col\">%s</th>", T(r, "Items"));
	for (int g = 0; g < ru.ngroups; g++)
		html_printf(b, "<th scope=\"col\">%s<span class=\"pct\">%s</span></th>", ru.groups[g], T(r, "(%)"));
	html_printf(b, "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", rollup_total_head(r, &ru));
	for (int i = 0; i < ru.nrows; i++)
		rollup_row_html(r, b, &ru, &ru.rows[i], 0, with_branches);
	buf_puts(b, "</tbody>\n<tfoot>\n");
	rollup_row_html(r, b, &ru, &ru.total, 1, with_branches);
	buf_puts(b, "</tfoot>\n</table>\n</div>\n");
	svg_rollup_chart(b, &ru, caption,
			 ru.by == ROLLUP_GRADE
				 ? T(r, "Stacked bars: for each row, the number of items in each grade band. The table above gives the same numbers.")
				 : T(r, "Stacked bars: for each row, the number of items in each status group. The table above gives the same numbers."));
}

/* by, depth and (unless fy_fixed) fy from the query; on a bad value a 404 page is queued. */
static int rollup_args(struct req *r, struct resp *o, const struct plan *p, enum rollup_by *by, int *depth)
{
	const char *d = req_query(r, "depth");
	*depth = 1;
	if (page_rollup_by_parse(req_query(r, "by"), by) != 0) {
		resp_error(r, o, 404, "Unknown rollup.");
		return -1;
	}
	if (d && *d) {
		char *end;
		long v = strtol(d, &end, 10);
		if (*end || v < 1 || v > ROLLUP_MAX_DEPTH) {
			resp_error(r, o, 404, "Unknown rollup.");
			return -1;
		}
		*depth = (int)v;
	}
	return 0;
}

static const char *rollup_caption(struct req *r, enum rollup_by by, int depth, int fy)
{
	char fyl[64];
	page_fy_label(fy, fyl, sizeof fyl);
	if (by == ROLLUP_PRIORITY)
		return arena_printf(r->a, "%s: %s", fyl, T(r, "items by priority class"));
	if (by == ROLLUP_GRADE)
		return arena_printf(r->a, "%s: %s (%s %d)", fyl, T(r, "items by grade"), T(r, "depth"), depth);
	return arena_printf(r->a, "%s: %s (%s %d)", fyl, T(r, "items by branch"), T(r, "depth"), depth);
}

static int rollup_compute(struct req *r, const struct plan *p, int fy, enum rollup_by by, int depth,
			  struct rollup *ru)
{
	return plan_rollup_walk(r->st, r->a, p, fy, &r->who, by, depth, ru);
}

static void rollup_switcher(struct req *r, struct buf *b, const struct plan *p, const char *path, int fy)
{
	html_printf(b, "<ul class=\"link-list\">\n");
	const char *fyq = fy ? arena_printf(r->a, "fy=%d&amp;", fy) : "";
	html_printf(b, "<li><a href=\"/plans/%lld/%s?%Sby=priority\">%s</a></li>\n", p->id, path, fyq,
		    T(r, "By priority class"));
	for (int d = 1; d <= 3; d++)
		html_printf(b, "<li><a href=\"/plans/%lld/%s?%Sby=branch&amp;depth=%d\">%s %d</a></li>\n", p->id, path,
			    fyq, d, T(r, "By branch, depth"), d);
	if (p->ngrades)
		html_printf(b, "<li><a href=\"/plans/%lld/%s?%Sby=grade&amp;depth=1\">%s</a></li>\n", p->id, path, fyq,
			    T(r, "By grade (A, B, C)"));
	html_printf(b, "<li><a href=\"/plans/%lld\">%s</a></li>\n</ul>\n", p->id, T(r, "Back to the plan"));
}

static int rollup_get(struct req *r, struct resp *o)
{
	struct plan *p;
	enum rollup_by by;
	int depth, fy;
	if (page_plan_or_respond(r, o, 0, &p) || rollup_args(r, o, p, &by, &depth))
		return 0;
	const char *q = req_query(r, "fy");
	fy = page_default_fy(r, p);
	if (q && *q && page_fy_or_respond(r, o, p, q, &fy))
		return 0;
	struct rollup ru;
	int rc = rollup_compute(r, p, fy, by, depth, &ru);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s: %s", T(r, "Rollup"), p->title));
	rollup_switcher(r, b, p, "rollup", fy);
	html_printf(b, "<h2>%s</h2>\n", rollup_caption(r, by, depth, fy));
	page_rollup_block(r, b, &ru, rollup_caption(r, by, depth, fy));
	const struct layout_link dev[] = {
		{ arena_printf(r->a, "/api/v1/plans/%lld/years/%d/rollup?by=%s&depth=%d", p->id, fy, rollup_by_names[by], depth),
		  N_("This rollup as JSON") },
		{ NULL, NULL },
	};
	layout_end_links(r, o, dev);
	return 0;
}

/* ---- the year-over-year comparison ---- */

struct compare {
	const struct plan *p;
	int ny;			/* years shown */
	int *fys;		/* [ny] */
	struct rollup *rus;	/* [ny], each with 未回答 folded in as the last group when it has any */
	int ncols;		/* groups over all years: the plan's groups, then 未回答 when some year has it */
	int has_unanswered;	/* the last column is 未回答 */
	const char **groups;
	int base;		/* the year whose rows are the table's (the most rows) */
};

/* A year is shown when it holds something: a round (open or published) or an answer. The
 * plan's later years, which nobody has been asked about yet, are left out. */
static int compare_year_has_data(const struct rollup *ru, const struct round_year *ys, int nys, int fy)
{
	for (int i = 0; i < nys; i++)
		if (ys[i].fy == fy)
			return 1;
	return ru->total.total - ru->total.unanswered > 0 || ru->hidden > 0;
}

static int compare_load(struct req *r, const struct plan *p, enum rollup_by by, int depth, struct compare *c)
{
	memset(c, 0, sizeof *c);
	c->p = p;
	int ny = p->last_fy - p->first_fy + 1, nys, rc;
	struct round_year *ys;
	if ((rc = plan_round_years(r->st, r->a, p, &ys, &nys)) != 0)
		return rc;
	c->fys = arena_alloc(r->a, (size_t)ny * sizeof *c->fys);
	c->rus = arena_alloc(r->a, (size_t)ny * sizeof *c->rus);
	if (!c->fys || !c->rus)
		return STORE_ERR;
	int unanswered = 0;
	for (int y = 0; y < ny; y++) {
		struct rollup ru;
		if ((rc = plan_rollup_walk(r->st, r->a, p, p->first_fy + y, &r->who, by, depth, &ru)) != 0)
			return rc;
		if (!compare_year_has_data(&ru, ys, nys, p->first_fy + y))
			continue;
		unanswered |= rollup_has_unanswered(&ru);
		c->fys[c->ny] = p->first_fy + y;
		c->rus[c->ny++] = ru;
	}
	for (int y = 1; y < c->ny; y++)
		if (c->rus[y].nrows > c->rus[c->base].nrows)
			c->base = y;
	c->has_unanswered = unanswered;
	c->ncols = (by == ROLLUP_GRADE ? p->ngrades : p->ngroups) + unanswered;
	c->groups = arena_alloc(r->a, (size_t)(c->ncols ? c->ncols : 1) * sizeof *c->groups);
	if (!c->groups)
		return STORE_ERR;
	for (int g = 0; g < c->ncols; g++)
		c->groups[g] = by == ROLLUP_GRADE ? (g < p->ngrades ? p->grades[g].label : ROLLUP_UNANSWERED_LABEL)
						  : (g < p->ngroups ? p->groups[g] : ROLLUP_UNANSWERED_LABEL);
	return 0;
}

/* The count of column g in a row: a plan group, or 未回答 (the last column). */
static int compare_count(const struct compare *c, const struct rollup_row *row, int g)
{
	if (!row)
		return 0;
	if (g < c->ncols - c->has_unanswered)
		return row->counts ? row->counts[g] : 0;
	return row->unanswered;
}

/* Row i of the table (of the base year; nrows = the total) in year y, matched by its label:
 * NULL when that year has no such row. */
static const struct rollup_row *compare_row(const struct compare *c, int y, int i)
{
	const struct rollup *base = &c->rus[c->base], *ru = &c->rus[y];
	if (i >= base->nrows)
		return &ru->total;
	for (int k = 0; k < ru->nrows; k++)
		if (strcmp(ru->rows[k].label, base->rows[i].label) == 0)
			return &ru->rows[k];
	return NULL;
}

static void compare_cells(struct buf *b, const struct compare *c, int i, int g)
{
	for (int y = 0; y < c->ny; y++) {
		const struct rollup_row *row = compare_row(c, y, i);
		char pct[16];
		int n = compare_count(c, row, g);
		rollup_percent(n, row ? row->total : 0, pct, sizeof pct);
		html_printf(b, "<td class=\"num\">%d<span class=\"pct\">%s%%</span></td>", n, pct);
	}
}

/* One table: a block of lines per row of the rollup (one line per group, then the number
 * counted), the total last; a column per year, 速報 on the years not yet published. */
static void compare_table(struct req *r, struct buf *b, const struct compare *c, const char *caption)
{
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"rollup compare\">\n<caption>%s</caption>\n<thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		    caption, caption, T(r, "Row"), T(r, "Group"));
	for (int y = 0; y < c->ny; y++) {
		char fyl[64];
		page_fy_label(c->fys[y], fyl, sizeof fyl);
		html_printf(b, "<th scope=\"col\">%s", fyl);
		if (c->rus[y].provisional)
			html_printf(b, " <span class=\"badge\">%s</span>", T(r, "速報"));
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n");
	int nrows = c->rus[c->base].nrows;
	for (int i = 0; i <= nrows; i++) {
		const struct rollup_row *row = compare_row(c, c->base, i);
		int total = i == nrows;
		const char *label = total ? T(r, "Total") : strcmp(row->label, "(none)") == 0 ? T(r, "(none)") : row->label;
		html_printf(b, "<tbody%S>\n", total ? " class=\"total\"" : "");
		for (int g = 0; g <= c->ncols; g++) {
			buf_puts(b, "<tr>");
			if (g == 0)
				html_printf(b, "<th scope=\"rowgroup\" rowspan=\"%d\">%s%S%s</th>", c->ncols + 1, label,
					    !total && row->title && *row->title ? "<br>" : "", total ? NULL : row->title);
			if (g < c->ncols) {
				html_printf(b, "<th scope=\"row\">%s</th>", c->groups[g]);
				compare_cells(b, c, i, g);
			} else {
				html_printf(b, "<th scope=\"row\">%s</th>",
					    c->rus[0].by == ROLLUP_GRADE ? T(r, "Items with a percentage") : T(r, "Items counted"));
				for (int y = 0; y < c->ny; y++) {
					const struct rollup_row *yr = compare_row(c, y, i);
					html_printf(b, "<td class=\"num\">%d</td>", yr ? yr->total : 0);
				}
			}
			buf_puts(b, "</tr>\n");
		}
		buf_puts(b, "</tbody>\n");
	}
	buf_puts(b, "</table>\n</div>\n");
}

/* The trend of the total's shares, year by year. */
static void compare_chart(struct req *r, struct buf *b, const struct compare *c, const char *title)
{
	const char **top = arena_alloc(r->a, (size_t)c->ny * sizeof *top);
	const char **bottom = arena_alloc(r->a, (size_t)c->ny * sizeof *bottom);
	int *values = arena_alloc(r->a, (size_t)c->ny * (size_t)c->ncols * sizeof *values);
	if (!top || !bottom || !values)
		return;
	for (int y = 0; y < c->ny; y++) {
		char s[32];
		wareki_format_fiscal_year_short(c->fys[y], s, sizeof s);
		top[y] = c->rus[y].provisional ? arena_printf(r->a, "%s %s", s, T(r, "速報")) : arena_strdup(r->a, s);
		bottom[y] = arena_printf(r->a, "%d", c->fys[y]);
		const struct rollup_row *tot = &c->rus[y].total;
		for (int g = 0; g < c->ncols; g++) {
			char pct[16];
			rollup_percent(compare_count(c, tot, g), tot->total, pct, sizeof pct);
			values[y * c->ncols + g] = tot->total > 0 ? (int)(strtod(pct, NULL) * 100 + 0.5) : -1;
		}
	}
	struct svg_trend t = { c->ny, c->ncols, top, bottom, c->groups, values };
	svg_trend_chart(b, &t, title,
			T(r, "Lines: for each group, its share of all items counted, year by year. The table above gives the same numbers."));
}

static int rollup_compare_get(struct req *r, struct resp *o)
{
	struct plan *p;
	enum rollup_by by;
	int depth;
	if (page_plan_or_respond(r, o, 0, &p) || rollup_args(r, o, p, &by, &depth))
		return 0;
	int ny = p->last_fy - p->first_fy + 1;
	if (ny < 1 || ny > 50) {
		resp_error(r, o, 404, NULL);
		return 0;
	}
	struct compare c;
	int rc = compare_load(r, p, by, depth, &c);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s: %s", T(r, "Year-over-year comparison"), p->title));
	rollup_switcher(r, b, p, "compare", 0);
	if (c.ny == 0 || c.ncols == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No year of this plan holds answers yet."));
		layout_end(r, o);
		return 0;
	}
	const char *what = by == ROLLUP_PRIORITY ? T(r, "items by priority class")
			   : by == ROLLUP_GRADE	   ? T(r, "items by grade")
						   : T(r, "items by branch");
	const char *caption = arena_printf(r->a, "%s: %s", T(r, "Year over year"), what);
	for (int y = 0; y < c.ny; y++)
		if (c.rus[y].provisional) {
			html_printf(b, "<p class=\"notice provisional\"><strong>%s</strong> %s</p>\n", T(r, "Preliminary (速報):"),
				    T(r, "the years marked 速報 are not published yet; their figures may still change."));
			break;
		}
	compare_table(r, b, &c, caption);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Trend of all items"));
	compare_chart(r, b, &c, arena_printf(r->a, "%s: %s", T(r, "Trend of all items"), what));
	layout_end(r, o);
	return 0;
}

const struct route rollup_routes[] = {
	{ HTTP_GET, "/plans/{id}/rollup", rollup_get, PLAN_READER_ROLES, 0 },
	{ HTTP_GET, "/plans/{id}/compare", rollup_compare_get, PLAN_READER_ROLES, 0 },
	{ 0 },
};
