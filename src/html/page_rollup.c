/* page_rollup: rollup screens (rollup_routes) — one year's rollup of a plan by priority
 * class or by branch at a depth, as a table with percentages and an SVG chart, and the
 * year-over-year comparison — and the rollup block the report page reuses. */
#include "html/pages.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/svg.h"
#include "domain/plan.h"
#include "domain/plan_walk.h"
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

void page_rollup_block(struct req *r, struct buf *b, const struct rollup *ru_in, const char *caption)
{
	/* the page's copy, so that the chart shows the same translated labels as the table */
	struct rollup ru = *ru_in;
	ru.rows = arena_alloc(r->a, (size_t)(ru.nrows ? ru.nrows : 1) * sizeof *ru.rows);
	if (!ru.rows)
		return;
	int with_branches = 0;
	for (int i = 0; i < ru.nrows; i++) {
		ru.rows[i] = ru_in->rows[i];
		if (strcmp(ru.rows[i].label, "(none)") == 0)
			ru.rows[i].label = T(r, "(none)");
		with_branches |= ru.rows[i].branches > 0;
	}
	page_rollup_note(r, b, ru_in);
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"rollup\">\n<caption>%s</caption>\n<thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		    caption, caption, T(r, "Row"), T(r, "Title"));
	if (with_branches)
		html_printf(b, "<th scope=\"col\">%s</th>", T(r, "Sub-branches"));
	html_printf(b, "<th scope=\"col\">%s</th>", T(r, "Items"));
	for (int g = 0; g < ru.ngroups; g++)
		html_printf(b, "<th scope=\"col\">%s<span class=\"pct\">%s</span></th>", ru.groups[g], T(r, "(%)"));
	html_printf(b, "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", T(r, "Items with a status"));
	for (int i = 0; i < ru.nrows; i++)
		rollup_row_html(r, b, &ru, &ru.rows[i], 0, with_branches);
	buf_puts(b, "</tbody>\n<tfoot>\n");
	rollup_row_html(r, b, &ru, &ru.total, 1, with_branches);
	buf_puts(b, "</tfoot>\n</table>\n</div>\n");
	svg_rollup_chart(b, &ru, caption,
			 T(r, "Stacked bars: for each row, the number of items in each status group. The table above gives the same numbers."));
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
	fy = p->last_fy;
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

/* The year-over-year table: one row per fiscal year, the total row's counts per group. */
static void rollup_compare_table(struct req *r, struct buf *b, const struct plan *p, struct rollup *rus)
{
	int ng = rus[0].ngroups;
	const char *caption = T(r, "Year over year: all items");
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"rollup\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>",
		    caption, caption, T(r, "Fiscal year"));
	for (int g = 0; g < ng; g++)
		html_printf(b, "<th scope=\"col\">%s<span class=\"pct\">%s</span></th>", rus[0].groups[g], T(r, "(%)"));
	html_printf(b, "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", T(r, "Items with a status"));
	for (int y = p->first_fy; y <= p->last_fy; y++) {
		const struct rollup_row *tot = &rus[y - p->first_fy].total;
		char fyl[64];
		page_fy_label(y, fyl, sizeof fyl);
		html_printf(b, "<tr><th scope=\"row\">%s%s</th>", fyl,
			    rus[y - p->first_fy].provisional ? T(r, " (preliminary)") : "");
		for (int g = 0; g < ng; g++) {
			char pct[16];
			int c = tot->counts ? tot->counts[g] : 0;
			rollup_percent(c, tot->total, pct, sizeof pct);
			html_printf(b, "<td class=\"num\">%d<span class=\"pct\">%s%%</span></td>", c, pct);
		}
		html_printf(b, "<td class=\"num\">%d</td></tr>\n", tot->total);
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
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
	struct rollup *rus = arena_alloc(r->a, (size_t)ny * sizeof *rus);
	if (!rus)
		return -1;
	for (int y = 0; y < ny; y++) {
		int rc = rollup_compute(r, p, p->first_fy + y, by, depth, &rus[y]);
		if (rc != 0)
			return page_domain_error(r, o, rc), 0;
	}
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s: %s", T(r, "Year-over-year comparison"), p->title));
	rollup_switcher(r, b, p, "compare", 0);
	rollup_compare_table(r, b, p, rus);
	for (int y = 0; y < ny; y++) {
		const char *cap = rollup_caption(r, by, depth, p->first_fy + y);
		html_printf(b, "<h2>%s</h2>\n", cap);
		page_rollup_block(r, b, &rus[y], cap);
	}
	layout_end(r, o);
	return 0;
}

const struct route rollup_routes[] = {
	{ HTTP_GET, "/plans/{id}/rollup", rollup_get, PLAN_READER_ROLES, 0 },
	{ HTTP_GET, "/plans/{id}/compare", rollup_compare_get, PLAN_READER_ROLES, 0 },
	{ 0 },
};
