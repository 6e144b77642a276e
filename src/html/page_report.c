/* page_report: the public progress reports (report_routes) — the list of published plan
 * years and the printable report of one year: rollups by priority class and by pillar
 * with charts, then the tree with each item's status, result and next class and each
 * branch's outcomes (成果) and problems (課題). Nothing unpublished is ever shown.
 *
 * A published year does not change until it is reopened, so the bytes of the page as the
 * public sees it are cached (html/page_cache.c) per (plan, year, part, language), keyed by
 * the page version (when the year was published and the plan's version, which every edit
 * of its items moves): one cheap query per request decides whether the cached copy is
 * still the truth. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_cache.h"
#include "html/page_project_eval.h"
#include "html/when.h"
#include "domain/plan.h"
#include "domain/plan_walk.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Pages as the public sees them, per (plan, year, part, language): the summary of a large
 * plan is costly to build (0.3 s for 10,000 items), so one request builds it while the
 * others wait for that build. Every change of a published report is hard (see
 * report_serve): no previous copy stands in for it. */
static struct page_cache report_cache = PAGE_CACHE_INIT_REFRESH("reports", 64, 32u << 20, PAGE_CACHE_REFRESH_MS);

#define REPORT_STAMP_LEN 64

/* ---- GET /reports ---- */

struct report_year {
	struct plan *p;
	int fy;
	const char *published_at;
};

static int report_year_cmp(const void *a, const void *b)
{
	const struct report_year *x = a, *y = b;
	if (x->fy != y->fy)
		return y->fy - x->fy;
	return strcmp(x->p->name, y->p->name);
}

/* Every published (plan, year), newest first. Shared with nothing else; the API has its own. */
static int report_years(struct req *r, struct report_year **out, int *n)
{
	struct plan *plans;
	int np, rc = plan_list(r->st, r->a, &plans, &np);
	*n = 0;
	if (rc != 0)
		return rc;
	int cap = 16;
	struct report_year *ys = arena_alloc(r->a, (size_t)cap * sizeof *ys);
	for (int i = 0; ys && i < np; i++) {
		struct round_year *ry;
		int nry;
		if ((rc = plan_round_years(r->st, r->a, &plans[i], &ry, &nry)) != 0)
			return rc;
		for (int k = 0; k < nry; k++) {
			if (ry[k].state != ROUND_PUBLISHED)
				continue;
			if (*n == cap) {
				struct report_year *y2 = arena_alloc(r->a, (size_t)cap * 2 * sizeof *y2);
				if (!y2)
					return STORE_ERR;
				memcpy(y2, ys, (size_t)cap * sizeof *ys);
				ys = y2;
				cap *= 2;
			}
			ys[(*n)++] = (struct report_year){ &plans[i], ry[k].fy, ry[k].published_at };
		}
	}
	if (!ys)
		return STORE_ERR;
	qsort(ys, (size_t)*n, sizeof *ys, report_year_cmp);
	*out = ys;
	return 0;
}

static int report_list_get(struct req *r, struct resp *o)
{
	struct report_year *ys;
	int n, rc = report_years(r, &ys, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Progress reports"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The published progress of the city's plans, fiscal year by fiscal year."));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No progress report has been published yet."));
	else
		buf_puts(b, "<ul class=\"link-list\">\n");
	for (int i = 0; i < n; i++) {
		char fyl[64];
		page_fy_label(ys[i].fy, fyl, sizeof fyl);
		html_printf(b, "<li><a href=\"/reports/%lld/%d\">%s %s</a></li>\n", ys[i].p->id, ys[i].fy,
			    ys[i].p->title, fyl);
	}
	if (n)
		buf_puts(b, "</ul>\n");
	static const struct layout_link dev[] = { { "/api/v1/reports", N_("This list as JSON") }, { NULL, NULL } };
	layout_end_links(r, o, dev);
	return 0;
}

/* ---- GET /reports/{id}/{fy} ---- */

/* Up to this many items the whole tree is on the report page (one printable page, as
 * cities publish it). A larger plan gets a summary page and one page per pillar: a
 * 10,000-item plan on one page is 4 MB, which no citizen can read on a phone. */
#define REPORT_ONE_PAGE_MAX 500

/* The pillars of a large plan: links to their pages, with outcomes and problems. */
static int report_pillar_list(struct req *r, struct buf *b, const struct plan *p, int fy, const struct plan_top *tops,
			      int ntops)
{
	html_printf(b, "<p>%s</p>\n<ul class=\"link-list\">\n",
		    T(r, "This plan has many items: each pillar has a page of its own."));
	for (int i = 0; i < ntops; i++) {
		struct plan_node nd;
		int rc = plan_item_load(r->st, r->a, p, fy, &r->who, tops[i].id, &nd);
		if (rc != 0)
			return rc;
		html_printf(b, "<li><a href=\"/reports/%lld/%d/%lld\">%s %s</a> (%lld %s)", p->id, fy, nd.id, nd.code,
			    nd.title, tops[i].leaves, T(r, "items"));
		page_branch_notes(r, b, &nd);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n");
	return 0;
}

/* Tree-table rows of a walk (with branch notes). */
struct report_rows {
	struct req *r;
	struct buf *b;
	const struct plan *p;
};

static int report_row(void *ctx, const struct plan_node *nd)
{
	struct report_rows *w = ctx;
	page_tree_row(w->r, w->b, w->p, nd, PAGE_TREE_BRANCH_NOTES);
	return w->b->oom ? -1 : 0;
}

static int report_table(struct req *r, struct buf *b, const struct plan *p, int fy, const char *caption,
			enum plan_walk_scope scope, long long arg)
{
	struct report_rows w = { r, b, p };
	struct plan_walk_opts o = { .fy = fy, .scope = scope, .arg = arg };
	page_tree_begin(r, b, caption, PAGE_TREE_BRANCH_NOTES);
	int rc = plan_walk(r->st, p, &r->who, &o, report_row, &w);
	page_tree_end(b);
	return rc;
}

/* What the report offers to take away: the 一覧 as files and its print version. */
static const struct {
	const char *path, *label;
} report_downloads[] = {
	{ "/print", N_("Print version (一覧 for committee papers)") },
	{ "/download?format=xlsx", N_("Excel (.xlsx): the 一覧 and the rollups, ready to print") },
	{ "/download?format=csv", N_("CSV (UTF-8)") },
	{ "/download?format=csv-cp932", N_("CSV (Shift_JIS, for older Excel)") },
};

static int report_render_summary(struct req *r, struct resp *o, const struct plan *p, int fy,
				 const char *published_at)
{
	struct rollup by_prio, by_branch, by_grade;
	int rc = p->npriorities ? plan_rollup_walk(r->st, r->a, p, fy, &r->who, ROLLUP_PRIORITY, 0, &by_prio) : 0;
	if (rc == 0)
		rc = plan_rollup_walk(r->st, r->a, p, fy, &r->who, ROLLUP_BRANCH, 1, &by_branch);
	if (rc == 0 && p->ngrades)
		rc = plan_rollup_walk(r->st, r->a, p, fy, &r->who, ROLLUP_GRADE, 1, &by_grade);
	long long n = rc == 0 ? plan_walk_count(r->st, p, fy, WALK_ALL, 0) : rc;
	struct plan_top *tops = NULL;
	int ntops = 0;
	if (n > REPORT_ONE_PAGE_MAX)
		rc = plan_top_items(r->st, r->a, p, &tops, &ntops);
	if (rc != 0 || n < 0)
		return page_domain_error(r, o, rc ? rc : (int)n);
	char fyl[64];
	page_fy_label(fy, fyl, sizeof fyl);
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s %s", p->title, fyl, T(r, "progress report")));
	html_printf(b, "<p class=\"report-meta\">%s: ", T(r, "Published"));
	when_date_html(r, b, arena_strndup(r->a, published_at, strcspn(published_at, "#")));	/* the stamp is "at#version" */
	buf_puts(b, "</p>\n");
	html_printf(b, "<nav class=\"report-downloads no-print\" aria-label=\"%s\">\n<h2>%s</h2>\n<ul class=\"link-list\">\n",
		    T(r, "Downloads and print version"), T(r, "Downloads and print version"));
	for (size_t i = 0; i < sizeof report_downloads / sizeof *report_downloads; i++)
		html_printf(b, "<li><a href=\"/reports/%lld/%d%S\">%s</a></li>\n", p->id, fy, report_downloads[i].path,
			    T(r, report_downloads[i].label));
	buf_puts(b, "</ul>\n</nav>\n");
	if (p->npriorities) {
		const char *cap = arena_printf(r->a, "%s: %s", fyl, T(r, "items by priority class"));
		html_printf(b, "<h2>%s</h2>\n", T(r, "By priority class"));
		page_rollup_block(r, b, &by_prio, cap);
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "By pillar"));
	page_rollup_block(r, b, &by_branch, arena_printf(r->a, "%s: %s", fyl, T(r, "items by pillar")));
	if (p->ngrades && by_grade.total.total > 0) {	/* only when the year has achievement percentages */
		html_printf(b, "<h2>%s</h2>\n", T(r, "By grade"));
		page_rollup_block(r, b, &by_grade, arena_printf(r->a, "%s: %s", fyl, T(r, "items by grade, per pillar")));
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "Items and progress"));
	if (n <= REPORT_ONE_PAGE_MAX)
		rc = report_table(r, b, p, fy, arena_printf(r->a, "%s %s", T(r, "Items and progress in"), fyl), WALK_ALL, 0);
	else
		rc = report_pillar_list(r, b, p, fy, tops, ntops);
	if (rc == 0)
		rc = page_peval_report_block(r, b, p->id, fy);
	if (rc == 0)
		rc = page_opinions_report(r, b, p, fy);
	if (rc != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc);
	}
	const struct layout_link dev[] = { { arena_printf(r->a, "/api/v1/reports/%lld/%d", p->id, fy),
					     N_("This report as JSON (open data)") },
					   { NULL, NULL } };
	layout_end_links(r, o, dev);
	return 0;
}

/* One pillar of a large plan: its items, with links back and to its neighbours. */
static int report_render_pillar(struct req *r, struct resp *o, const struct plan *p, int fy, long long part)
{
	struct plan_top *tops;
	int ntops, i = -1;
	int rc = plan_top_items(r->st, r->a, p, &tops, &ntops);
	if (rc != 0)
		return page_domain_error(r, o, rc);
	for (int k = 0; k < ntops; k++)
		if (tops[k].id == part)
			i = k;
	if (i < 0)
		return resp_error(r, o, 404, NULL);
	const struct plan_top *nd = &tops[i], *prev = i > 0 ? &tops[i - 1] : NULL,
			      *next = i + 1 < ntops ? &tops[i + 1] : NULL;
	char fyl[64];
	page_fy_label(fy, fyl, sizeof fyl);
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s: %s %s", p->title, fyl, nd->code, nd->title));
	html_printf(b, "<nav class=\"no-print\" aria-label=\"%s\"><ul class=\"link-list\">\n", T(r, "Pillars"));
	html_printf(b, "<li><a href=\"/reports/%lld/%d\">%s</a></li>\n", p->id, fy, T(r, "Back to the report"));
	if (prev)
		html_printf(b, "<li><a href=\"/reports/%lld/%d/%lld\" rel=\"prev\">%s: %s %s</a></li>\n", p->id, fy,
			    prev->id, T(r, "Previous pillar"), prev->code, prev->title);
	if (next)
		html_printf(b, "<li><a href=\"/reports/%lld/%d/%lld\" rel=\"next\">%s: %s %s</a></li>\n", p->id, fy,
			    next->id, T(r, "Next pillar"), next->code, next->title);
	buf_puts(b, "</ul></nav>\n");
	rc = report_table(r, b, p, fy, arena_printf(r->a, "%s %s %s", T(r, "Items and progress in"), fyl, nd->code),
			  WALK_SUBTREE, part);
	if (rc != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc);
	}
	layout_end(r, o);
	return 0;
}

struct report_page {
	long long id, part;
	int fy;
	const char *published_at;
};

static int report_render(struct req *r, struct resp *o, void *arg)
{
	const struct report_page *rp = arg;
	struct plan *p;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	if (rp->part)
		report_render_pillar(r, o, p, rp->fy, rp->part);
	else
		report_render_summary(r, o, p, rp->fy, rp->published_at);
	return 0;	/* an error page is in o, and is not kept */
}

static int report_serve(struct req *r, struct resp *o, long long part)
{
	long long id = req_param_id(r, 0);
	int fy;
	char stamp[REPORT_STAMP_LEN] = "";
	if (id <= 0 || page_fy_or_respond(r, o, NULL, r->params[1], &fy))
		return id <= 0 ? resp_error(r, o, 404, NULL) : 0;
	int rc = plan_round_page_version(r->st, id, fy, stamp, sizeof stamp);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	/* A part that does not exist is 404 before any tag is made: a tag (and so a 304) only
	 * ever stands for a page that exists. */
	if (part && (rc = plan_item_is_top(r->st, id, part)) != 1)
		return rc < 0 ? page_domain_error(r, o, rc) : resp_error(r, o, 404, NULL), 0;
	/* "PUBLISHED_AT#PLAN_VERSION", without '|': every change is hard (page_cache.h) — a
	 * year reopened or published again, and any edit of the plan's items (rare, by the
	 * division: a title replaced, a description emptied take text out of the public's
	 * sight), so no copy built before it is sent again; the one rebuild is waited for */
	struct report_page rp = { id, part, fy, stamp };
	return page_cache_respond(&report_cache, r, o, arena_printf(r->a, "R%lld/%d/%lld", id, fy, part), stamp,
				  report_render, &rp);
}

static int report_get(struct req *r, struct resp *o) { return report_serve(r, o, 0); }

static int report_pillar_get(struct req *r, struct resp *o)
{
	long long part = req_param_id(r, 2);
	return part > 0 ? report_serve(r, o, part) : resp_error(r, o, 404, NULL);
}

const struct route report_routes[] = {
	{ HTTP_GET, "/reports", report_list_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/reports/{id}/{fy}", report_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/reports/{id}/{fy}/{part}", report_pillar_get, ROLES_ANY, ROUTE_PUBLIC },
	{ 0 },
};
