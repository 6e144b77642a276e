/* page_project_figures: the public yearly figures of collaboration projects (seed 002:
 * projects 30 → 35, departments 15 → 14) — /public/projects/figures: for each fiscal year
 * the number of projects and of departments running at least one, the projects by form
 * (協働の形態) and by zone (協働領域) with zeros, and by lead department; each table is the
 * text alternative of an SVG chart drawn by the shared bar chart (html/svg.c: a bar per
 * year, a segment per form or zone). Downloads: .csv (UTF-8 with BOM), .csv?encoding=cp932,
 * .xlsx, .json, and the JSON API /api/projects/figures. Only published projects count
 * (project_figures_load public_only), for every viewer: it is the public page. Everything
 * goes through the page cache under the projects' version (PROJECT_PAGE_SCOPE), which a
 * publication, a withdrawal or a change of a published project moves. */
#include "html/pages.h"
#include "html/page_project_eval.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_cache.h"
#include "html/svg.h"
#include "domain/project_figures.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static struct page_cache fig_cache = PAGE_CACHE_INIT_REFRESH("project figures", 16, 8u << 20, PAGE_CACHE_REFRESH_MS);

static int fig_load(struct req *r, struct project_figures *f)
{
	return project_figures_load(r->st, r->a, 1, 0, 0, f);
}

/* The keys of part k over every year, in first-seen order (forms and zones are the same
 * every year; departments differ). */
static const char **fig_keys(struct req *r, const struct project_figures *f, int k, int *n)
{
	int cap = 0;
	for (int y = 0; y < f->nyears; y++)
		cap += k == 0 ? f->years[y].nforms : k == 1 ? f->years[y].nzones : f->years[y].ndepartments;
	const char **keys = arena_alloc(r->a, (size_t)(cap + 1) * sizeof *keys);
	*n = 0;
	for (int y = 0; keys && y < f->nyears; y++) {
		const struct project_stats *s = &f->years[y];
		const struct project_count *c = k == 0 ? s->forms : k == 1 ? s->zones : s->departments;
		int m = k == 0 ? s->nforms : k == 1 ? s->nzones : s->ndepartments;
		for (int i = 0; i < m; i++) {
			int seen = 0;
			for (int j = 0; j < *n && !seen; j++)
				seen = strcmp(keys[j], c[i].key) == 0;
			if (!seen)
				keys[(*n)++] = c[i].key;
		}
	}
	return keys;
}

static long long fig_count(const struct project_stats *s, int k, const char *key)
{
	const struct project_count *c = k == 0 ? s->forms : k == 1 ? s->zones : s->departments;
	int m = k == 0 ? s->nforms : k == 1 ? s->nzones : s->ndepartments;
	for (int i = 0; i < m; i++)
		if (strcmp(c[i].key, key) == 0)
			return c[i].n;
	return 0;
}

static const char *fig_year(struct req *r, int fy)
{
	char out[64];
	page_fy_label(fy, out, sizeof out);
	return arena_strdup(r->a, out);
}

/* A table: a row per key, a column per year (the text alternative of the chart after it). */
static void fig_table(struct req *r, struct buf *b, const struct project_figures *f, int k, const char *caption,
		      const char *rowhead)
{
	int n;
	const char **keys = fig_keys(r, f, k, &n);
	if (!keys)
		return;
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"figures\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>",
		    caption, caption, rowhead);
	for (int y = 0; y < f->nyears; y++)
		html_printf(b, "<th scope=\"col\">%s</th>", fig_year(r, f->years[y].fy));
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th>", keys[i]);
		for (int y = 0; y < f->nyears; y++)
			html_printf(b, "<td class=\"num\">%lld</td>", fig_count(&f->years[y], k, keys[i]));
		buf_puts(b, "</tr>\n");
	}
	if (n == 0)
		html_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", f->nyears + 1, T(r, "None"));
	html_printf(b, "</tbody>\n<tfoot><tr class=\"total\"><th scope=\"row\">%s</th>", T(r, "Projects"));
	for (int y = 0; y < f->nyears; y++)
		html_printf(b, "<td class=\"num\">%lld</td>", f->years[y].projects);
	buf_puts(b, "</tr></tfoot>\n</table>\n</div>\n");
}

/* The chart: a bar per year, a segment per key of part k (stacked), through svg.c. */
static void fig_chart(struct req *r, struct buf *b, const struct project_figures *f, int k, const char *title)
{
	int n;
	const char **keys = fig_keys(r, f, k, &n);
	if (!keys || n == 0 || f->nyears == 0)
		return;
	struct rollup ru = { .ngroups = n, .nrows = f->nyears };
	ru.groups = arena_alloc(r->a, (size_t)n * sizeof *ru.groups);
	ru.rows = arena_alloc(r->a, (size_t)f->nyears * sizeof *ru.rows);
	int *counts = arena_alloc(r->a, (size_t)(n * f->nyears) * sizeof *counts);
	if (!ru.groups || !ru.rows || !counts)
		return;
	for (int i = 0; i < n; i++)
		ru.groups[i] = (char *)keys[i];
	for (int y = 0; y < f->nyears; y++) {
		char label[32];
		wareki_format_fiscal_year_short(f->years[y].fy, label, sizeof label);
		for (int i = 0; i < n; i++)
			counts[y * n + i] = (int)fig_count(&f->years[y], k, keys[i]);
		ru.rows[y] = (struct rollup_row){ .label = arena_printf(r->a, "%s（%d）", label, f->years[y].fy),
						  .total = (int)f->years[y].projects,
						  .counts = &counts[y * n] };
	}
	svg_rollup_chart(b, &ru, title,
			 T(r, "Stacked horizontal bars, one per fiscal year: the number of projects in each part. The table above gives the same numbers."));
}

/* The totals: projects and departments with at least one, and the change from the year before. */
static void fig_totals(struct req *r, struct buf *b, const struct project_figures *f)
{
	const char *caption = T(r, "Projects and departments running them, year by year");
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n"
		       "<table class=\"figures\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    caption, caption, T(r, "Fiscal year"), T(r, "Projects"), T(r, "Change"),
		    T(r, "Departments with at least one project"), T(r, "Change"));
	for (int y = 0; y < f->nyears; y++) {
		const struct project_stats *s = &f->years[y];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td>", fig_year(r, s->fy), s->projects);
		if (y == 0)
			html_printf(b, "<td class=\"num\">—</td><td class=\"num\">%d</td><td class=\"num\">—</td></tr>\n",
				    s->ndepartments);
		else
			html_printf(b, "<td class=\"num\">%S%lld</td><td class=\"num\">%d</td><td class=\"num\">%S%d</td></tr>\n",
				    s->projects >= f->years[y - 1].projects ? "+" : "",
				    s->projects - f->years[y - 1].projects, s->ndepartments,
				    s->ndepartments >= f->years[y - 1].ndepartments ? "+" : "",
				    s->ndepartments - f->years[y - 1].ndepartments);
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	/* the departments' count as a one-segment bar chart */
	struct rollup ru = { .ngroups = 1, .nrows = f->nyears };
	char *groups[1] = { (char *)T(r, "Departments with at least one project") };
	ru.groups = groups;
	ru.rows = arena_alloc(r->a, (size_t)(f->nyears ? f->nyears : 1) * sizeof *ru.rows);
	int *counts = arena_alloc(r->a, (size_t)(f->nyears ? f->nyears : 1) * sizeof *counts);
	if (!ru.rows || !counts || f->nyears == 0)
		return;
	for (int y = 0; y < f->nyears; y++) {
		char label[32];
		wareki_format_fiscal_year_short(f->years[y].fy, label, sizeof label);
		counts[y] = f->years[y].ndepartments;
		ru.rows[y] = (struct rollup_row){ .label = arena_printf(r->a, "%s（%d）", label, f->years[y].fy),
						  .total = counts[y], .counts = &counts[y] };
	}
	svg_rollup_chart(b, &ru, T(r, "Departments with at least one project"),
			 T(r, "Horizontal bars, one per fiscal year: the number of departments leading at least one project. The table above gives the same numbers."));
}

static int fig_render(struct req *r, struct resp *o, void *arg)
{
	(void)arg;
	struct project_figures f;
	int rc = fig_load(r, &f);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Collaboration projects in figures"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The published collaboration projects counted for each fiscal year they run: by form of collaboration, by zone of the map and by lead department, and how many departments lead at least one."));
	if (f.nyears == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No project has been published yet."));
	} else {
		html_printf(b, "<h2>%s</h2>\n", T(r, "Projects and departments"));
		fig_totals(r, b, &f);
		html_printf(b, "<h2>%s</h2>\n", T(r, "By form of collaboration"));
		fig_table(r, b, &f, 0, T(r, "Projects by form of collaboration"), T(r, "Form"));
		fig_chart(r, b, &f, 0, T(r, "Projects by form of collaboration"));
		html_printf(b, "<h2>%s</h2>\n", T(r, "By zone of the map"));
		fig_table(r, b, &f, 1, T(r, "Projects by zone (from citizen-led to city-led)"), T(r, "Zone"));
		fig_chart(r, b, &f, 1, T(r, "Projects by zone (from citizen-led to city-led)"));
		html_printf(b, "<h2>%s</h2>\n", T(r, "By lead department"));
		fig_table(r, b, &f, 2, T(r, "Projects by lead department"), T(r, "Department"));
	}
	html_printf(b, "<h2>%s</h2>\n<ul class=\"downloads\">\n"
		       "<li><a href=\"/public/projects/figures.csv\" download>%s</a></li>\n"
		       "<li><a href=\"/public/projects/figures.csv?encoding=cp932\" download>%s</a></li>\n"
		       "<li><a href=\"/public/projects/figures.xlsx\" download>%s</a></li>\n"
		       "<li><a href=\"/public/projects/figures.json\">%s</a></li>\n</ul>\n",
		    T(r, "Downloads"), T(r, "CSV (UTF-8)"), T(r, "CSV (Shift_JIS, for older Excel)"), T(r, "Excel (.xlsx)"),
		    T(r, "JSON"));
	page_cache_note(r, b);
	html_printf(b, "<p class=\"no-print\"><a href=\"/public/projects\">%s</a></p>\n", T(r, "Published projects"));
	layout_end(r, o);
	return 0;
}

static int fig_version(struct req *r, struct resp *o, char version[VERSION_TAG_MAX])
{
	int rc = version_tag(r->st, PEVAL_PAGE_SCOPE, version);
	if (rc != 0)
		page_domain_error(r, o, rc);
	return rc;
}

static int fig_get(struct req *r, struct resp *o)
{
	char version[VERSION_TAG_MAX];
	if (fig_version(r, o, version) != 0)
		return 0;
	return page_cache_respond(&fig_cache, r, o, "F", version, fig_render, NULL);
}

/* ---- files ---- */

static const char *const fig_types[PFIG__MAX] = { "text/csv; charset=utf-8", "text/csv; charset=Shift_JIS",
						  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
						  "application/json" };
static const char *const fig_names[PFIG__MAX] = { "project-figures.csv", "project-figures-sjis.csv",
						  "project-figures.xlsx", "project-figures.json" };
static const char *const fig_keys_of[PFIG__MAX] = { "Fcsv", "Fsjis", "Fxlsx", "Fjson" };

static int fig_file_render(struct req *r, struct resp *o, void *arg)
{
	enum pfig_format fmt = *(enum pfig_format *)arg;
	struct project_figures f;
	int rc = fig_load(r, &f);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	if (project_figures_write(&f, fmt, &o->body, NULL) != 0)
		return resp_error(r, o, 500, NULL), 0;
	o->content_type = fig_types[fmt];
	return 0;
}

static int fig_file(struct req *r, struct resp *o, enum pfig_format fmt, int download)
{
	char version[VERSION_TAG_MAX];
	if (fig_version(r, o, version) != 0)
		return 0;
	int rc = page_cache_respond(&fig_cache, r, o, fig_keys_of[fmt], version, fig_file_render, &fmt);
	if (o->status == 200 && download)
		o->disposition = page_disposition(r, fig_names[fmt], "協働事業の件数");
	return rc;
}

static int fig_csv_get(struct req *r, struct resp *o)
{
	const char *enc = req_query(r, "encoding");
	return fig_file(r, o, enc && strcmp(enc, "cp932") == 0 ? PFIG_CSV_CP932 : PFIG_CSV, 1);
}
static int fig_xlsx_get(struct req *r, struct resp *o) { return fig_file(r, o, PFIG_XLSX, 1); }
static int fig_json_get(struct req *r, struct resp *o) { return fig_file(r, o, PFIG_JSON, 0); }

/* Listed before the projects' public routes (routes.c): "/public/projects/{id}" would take
 * "figures". */
const struct route project_figures_routes[] = {
	{ HTTP_GET, "/public/projects/figures", fig_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/public/projects/figures.csv", fig_csv_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/public/projects/figures.xlsx", fig_xlsx_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/public/projects/figures.json", fig_json_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/projects/figures", fig_json_get, ROLES_ANY, ROUTE_API | ROUTE_PUBLIC },
	{ 0 },
};
