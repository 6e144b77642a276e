/* page_plan: the plan screens (plan_routes) — the list of plans, a new plan, one plan
 * with its vocabulary, year picker and item tree, item create/edit, carry-over into the
 * next plan and the year's 一覧表 export — and the helpers the other plan pages share
 * (declared in html/pages.h). */
#include "html/pages.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/account.h"
#include "domain/plan.h"
#include "domain/plan_walk.h"
#include "domain/plan_round.h"
#include "domain/wareki.h"
#include "io/plan_export.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/spool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PLAN_ERR_LEN 256

/* ---- shared helpers ---- */

int page_domain_error(struct req *r, struct resp *o, int rc)
{
	if (rc == PLAN_NOT_FOUND)
		resp_error(r, o, 404, NULL);
	else if (rc == STORE_BUSY || rc == STORE_INTERRUPTED)
		resp_error(r, o, 503, NULL);
	else
		resp_error(r, o, 500, NULL);
	return -1;
}

int page_plan_or_respond(struct req *r, struct resp *o, int i, struct plan **p)
{
	long long id = req_param_id(r, i);
	if (id <= 0) {
		resp_error(r, o, 404, NULL);
		return -1;
	}
	int rc = plan_get(r->st, r->a, id, p);
	if (rc != 0)
		return page_domain_error(r, o, rc == -1 ? PLAN_NOT_FOUND : rc);
	return 0;
}

int page_fy_or_respond(struct req *r, struct resp *o, const struct plan *p, const char *s, int *fy)
{
	if (!s || wareki_parse_fiscal_year(s, fy) != 0 || (p && (*fy < p->first_fy || *fy > p->last_fy))) {
		resp_error(r, o, 404, "There is no such fiscal year in this plan.");
		return -1;
	}
	return 0;
}

void page_fy_label(int fy, char *out, size_t n)
{
	wareki_format_fiscal_year_full(fy, out, n);
}

int page_department_options(struct req *r, const char *current, struct form_ui_option **out)
{
	struct department *d;
	int n = 0, k = 0;
	*out = NULL;
	if (account_department_list(r->st, r->a, &d, &n) != 0)
		return 0;
	struct form_ui_option *o = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *o);
	for (int i = 0; o && i < n; i++) {
		int mine = current && strcmp(current, d[i].name) == 0;
		if (d[i].retired && !mine)
			continue;
		o[k++] = (struct form_ui_option){ d[i].name,
						  d[i].retired ? arena_printf(r->a, "%s（%s）", d[i].name, T(r, "retired"))
							       : d[i].name,
						  NULL };
	}
	*out = o;
	return o ? k : 0;
}

/* The tree table reflows on a phone into one block per item ("label: value" lines):
 * the cells carry their column's name (data-label) and the table its roles, which CSS
 * display changes would otherwise take from screen readers. */
static const char *const plan_tree_heads[] = { N_("Code"), N_("Title"), N_("Priority"), N_("Department"),
					       N_("Target year"), N_("Status"), N_("Result"), N_("Next class"),
					       N_("Reason") };

static void plan_cell(struct req *r, struct buf *b, int col, const char *s)
{
	html_printf(b, "<td role=\"cell\" data-label=\"%s\">%s</td>", T(r, plan_tree_heads[col]), s ? s : "");
}

static void plan_cell_open(struct req *r, struct buf *b, int col)
{
	html_printf(b, "<td role=\"cell\" data-label=\"%s\">", T(r, plan_tree_heads[col]));
}

/* The status cell: never blank for an item — 未回答 when it has no answer, 完了 (and the
 * year) when it ended earlier, 未提出 when the viewer may not see its answer yet. */
static void plan_year_status(struct req *r, struct buf *b, const struct plan_node *nd)
{
	const struct plan_year *y = &nd->y;
	int empty = !y->hidden && !(y->present && y->status);
	if (empty && nd->nchildren) {
		plan_cell(r, b, 5, NULL);
		return;
	}
	plan_cell_open(r, b, 5);
	if (empty && nd->ended_fy) {
		char fy[64];
		page_fy_label(nd->ended_fy, fy, sizeof fy);
		html_printf(b, "<span class=\"hint\">%s（%s）</span>", T(r, "Ended"), fy);
	} else if (empty) {
		html_printf(b, "<strong class=\"unanswered\">%s</strong>", T(r, "未回答"));
	} else if (y->hidden) {
		html_printf(b, "<span class=\"hint\">%s</span>", T(r, "Not submitted yet"));
	} else {
		html_printf(b, "%s", y->status);
		if (y->has_achievement) {
			char pct[32];
			snprintf(pct, sizeof pct, "%.0f", y->achievement);
			html_printf(b, " (%s%%%S%s)", pct, y->grade ? ", " : "", y->grade ? y->grade : "");
		}
	}
	buf_puts(b, "</td>");
}

static void page_note(struct req *r, struct buf *b, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	html_printf(b, "<p><strong>%s</strong> ", T(r, label));
	html_text_br(b, text);
	buf_puts(b, "</p>");
}

void page_branch_notes(struct req *r, struct buf *b, const struct plan_node *nd)
{
	page_note(r, b, "Outcomes", nd->outcomes);
	page_note(r, b, "Problems", nd->problems);
}

void page_tree_begin(struct req *r, struct buf *b, const char *caption, unsigned cols)
{
	html_printf(b, "<div class=\"table-wrap table-wrap--reflow\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n"
		       "<table class=\"plan-tree\" role=\"table\">\n<caption id=\"tbl%zu\">%s</caption>\n"
		       "<thead role=\"rowgroup\"><tr role=\"row\">",
		    b->len, b->len, caption);
	for (size_t i = 0; i < sizeof plan_tree_heads / sizeof plan_tree_heads[0]; i++)
		html_printf(b, "<th scope=\"col\" role=\"columnheader\">%s</th>", T(r, plan_tree_heads[i]));
	if (cols & PAGE_TREE_EDIT)
		html_printf(b, "<th scope=\"col\" role=\"columnheader\">%s</th>", T(r, "Edit"));
	buf_puts(b, "</tr></thead>\n<tbody role=\"rowgroup\">\n");
}

/* A text cell with its line breaks; empty when there is no text. */
static void plan_text_cell(struct req *r, struct buf *b, int col, const char *text)
{
	if (!text || !*text) {
		plan_cell(r, b, col, NULL);
		return;
	}
	plan_cell_open(r, b, col);
	html_text_br(b, text);
	buf_puts(b, "</td>");
}

void page_tree_row(struct req *r, struct buf *b, const struct plan *p, const struct plan_node *nd, unsigned cols)
{
	int d = nd->depth > 6 ? 6 : nd->depth < 1 ? 1 : nd->depth;
	html_printf(b, "<tr role=\"row\" class=\"depth-%d%S\">", d, nd->nchildren ? " branch" : "");
	html_printf(b, "<th scope=\"row\" role=\"rowheader\" class=\"tree-code depth-%d\">%s</th>", d, nd->code);
	html_printf(b, "<td role=\"cell\" class=\"tree-title depth-%d\" data-label=\"%s\">%S%s%S", d,
		    T(r, plan_tree_heads[1]), nd->nchildren ? "<strong>" : "", nd->title, nd->nchildren ? "</strong>" : "");
	if (nd->key_goal && *nd->key_goal) {	/* a pillar's 重点目標 */
		html_printf(b, "<span class=\"key-goal\"><strong>%s</strong> ", T(r, "Key goal"));
		html_text_br(b, nd->key_goal);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</td>");
	plan_cell(r, b, 2, nd->priority);
	plan_cell(r, b, 3, nd->department);
	plan_cell(r, b, 4, nd->target_year);
	plan_year_status(r, b, nd);
	plan_text_cell(r, b, 6, nd->y.present ? nd->y.result : NULL);
	plan_cell(r, b, 7, nd->y.present ? nd->y.next_priority : NULL);
	plan_text_cell(r, b, 8, nd->y.present ? nd->y.next_reason : NULL);
	if (cols & PAGE_TREE_EDIT)
		html_printf(b,
			    "<td role=\"cell\" class=\"tree-edit\"><a href=\"/plans/%lld/items/%lld/edit\">%s<span class=\"visually-hidden\"> %s</span></a></td>",
			    p->id, nd->id, T(r, "Edit"), nd->code);
	buf_puts(b, "</tr>\n");
	if ((cols & PAGE_TREE_BRANCH_NOTES) && nd->nchildren &&
	    ((nd->outcomes && *nd->outcomes) || (nd->problems && *nd->problems))) {
		int span = 9 + ((cols & PAGE_TREE_EDIT) ? 1 : 0);
		html_printf(b, "<tr role=\"row\" class=\"branch-notes\"><td role=\"cell\" colspan=\"%d\">", span);
		page_branch_notes(r, b, nd);
		buf_puts(b, "</td></tr>\n");
	}
}

void page_tree_end(struct buf *b)
{
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

void page_tree_table(struct req *r, struct buf *b, const struct plan_tree *t, const char *caption, unsigned cols)
{
	page_tree_begin(r, b, caption, cols);
	for (int i = 0; i < t->n; i++)
		page_tree_row(r, b, t->plan, &t->nodes[i], cols);
	page_tree_end(b);
}

/* ---- paging ---- */

long long page_number(struct req *r)
{
	const char *q = req_query(r, "page");
	long long n = 0;
	for (const char *p = q ? q : ""; *p && n <= PAGE_NUMBER_MAX; p++) {
		if (*p < '0' || *p > '9')
			return 1;
		n = n * 10 + (*p - '0');
	}
	return n < 1 ? 1 : n > PAGE_NUMBER_MAX ? PAGE_NUMBER_MAX : n;
}

void page_pager(struct req *r, struct buf *b, const char *base, long long page, long long total, long long per_page)
{
	long long pages = total > 0 ? (total + per_page - 1) / per_page : 1;
	if (pages <= 1)
		return;
	const char *sep = strchr(base, '?') ? "&amp;" : "?";
	html_printf(b, "<nav class=\"pager\" aria-label=\"%s\"><p>", T(r, "Pages"));
	html_printf(b, "%s %lld / %lld (%lld %s)", T(r, "Page"), page, pages, total, T(r, "rows"));
	buf_puts(b, "</p><ul class=\"link-list\">");
	if (page > 1)	/* from beyond the end, back to the last page */
		html_printf(b, "<li><a href=\"%S%Spage=%lld\" rel=\"prev\">%s</a></li>", base, sep,
			    page > pages ? pages : page - 1, T(r, "Previous page"));
	if (page < pages)
		html_printf(b, "<li><a href=\"%S%Spage=%lld\" rel=\"next\">%s</a></li>", base, sep, page + 1,
			    T(r, "Next page"));
	buf_puts(b, "</ul></nav>\n");
}

/* Rows of a walk as tree-table rows (plan_walk callback). */
struct page_tree_walk {
	struct req *r;
	struct buf *b;
	const struct plan *p;
	unsigned cols;
};

static int page_tree_walk_row(void *ctx, const struct plan_node *nd)
{
	struct page_tree_walk *w = ctx;
	page_tree_row(w->r, w->b, w->p, nd, w->cols);
	return w->b->oom ? -1 : 0;
}

int page_tree_paged(struct req *r, struct buf *b, const struct plan *p, int fy, const char *caption, unsigned cols,
		    const char *base)
{
	long long page = page_number(r), total = plan_walk_count(r->st, p, fy, WALK_ALL, 0);
	if (total < 0)
		return (int)total;
	page_pager(r, b, base, page, total, PAGE_TREE_ROWS);
	page_tree_begin(r, b, caption, cols);
	struct page_tree_walk w = { r, b, p, cols };
	struct plan_walk_opts o = { .fy = fy, .scope = WALK_ALL, .offset = (page - 1) * PAGE_TREE_ROWS,
				    .limit = PAGE_TREE_ROWS };
	int rc = plan_walk(r->st, p, &r->who, &o, page_tree_walk_row, &w);
	page_tree_end(b);
	page_pager(r, b, base, page, total, PAGE_TREE_ROWS);
	return rc;
}

static int plan_is_admin(struct req *r)
{
	return r->who.role == ROLE_ADMIN;
}

/* The year a plan page opens on: the year being asked for (the latest open round), else
 * this fiscal year in Japan when inside the period, else the nearest end of the period. */
int page_default_fy(struct req *r, const struct plan *p)
{
	int asked = plan_round_asked_year(r->st, p);
	if (asked > 0)
		return asked;
	int fy = when_fiscal_year_now();
	if (fy < p->first_fy)
		return p->first_fy;
	if (fy > p->last_fy)
		return p->last_fy;
	return fy;
}

static void plan_period(struct buf *b, const struct plan *p)
{
	char a[64], z[64];
	page_fy_label(p->first_fy, a, sizeof a);
	page_fy_label(p->last_fy, z, sizeof z);
	html_printf(b, "%s 〜 %s", a, z);
}

/* ---- GET /plans ---- */

static int plan_list_get(struct req *r, struct resp *o)
{
	struct plan *plans;
	int n, rc = plan_list(r->st, r->a, &plans, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Plans"));
	if (plan_is_admin(r))
		html_printf(b, "<p><a class=\"button\" href=\"/plans/new\">%s</a></p>\n", T(r, "New plan"));
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "There are no plans yet."));
	} else {
		html_printf(b,
			    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
			    T(r, "Plans"), T(r, "Title"), T(r, "Name"), T(r, "Period"));
		for (int i = 0; i < n; i++) {
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/plans/%lld\">%s</a></th><td>%s</td><td>",
				    plans[i].id, plans[i].title && *plans[i].title ? plans[i].title : plans[i].name,
				    plans[i].name);
			plan_period(b, &plans[i]);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	static const struct layout_link dev[] = { { "/api/v1/plans", N_("This list as JSON") }, { NULL, NULL } };
	layout_end_links(r, o, dev);
	return 0;
}

/* ---- GET /plans/new, POST /plans ---- */

struct plan_form_field {
	const char *name, *label, *hint;
	int required;
};

static const struct plan_form_field plan_new_fields[] = {
	{ "name", N_("Short name"), N_("Used on the command line and in links, e.g. plan3."), 1 },
	{ "title", N_("Title"), N_("As the plan is called, e.g. 第3次協働のまちづくり推進計画."), 1 },
	{ "first_fy", N_("First fiscal year"), N_("2023, R5 or 令和5."), 1 },
	{ "last_fy", N_("Last fiscal year"), N_("2027, R9 or 令和9."), 1 },
	{ "statuses", N_("Statuses"),
	  N_("The words for how far an item went, in display order, separated by commas. Write 済・継=済 to count "
	     "済・継 as 済 in the rollups. For example: 済,済・継=済,一部済,着手中,未"), 1 },
	{ "priorities", N_("Priority classes"),
	  N_("Optional. The plan's classes, separated by commas, for example: 【Ⅰ】,【Ⅱ-ア】,【Ⅱ-イ】,【Ⅲ】"), 0 },
	{ "grades", N_("Grade bands"),
	  N_("Optional. A grade and the achievement (%) it starts from, separated by commas, for example: A=90,B=60,C=0"), 0 },
	{ NULL, NULL, NULL, 0 },
};

static void plan_new_form(struct req *r, struct resp *o, const struct problems *e)
{
	struct buf *b = &o->body;
	int status = o->status;
	layout_begin(r, o, T(r, "New plan"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_required_note(&f);
	form_ui_open(&f, "/plans", NULL);
	for (const struct plan_form_field *pf = plan_new_fields; pf->name; pf++)
		form_ui_text(&f, &(struct form_ui_field){ .name = pf->name, .label = T(r, pf->label),
							  .hint = T(r, pf->hint), .required = pf->required,
							  .value = strcmp(pf->name, "statuses") == 0 ? "済,済・継=済,一部済,着手中,未" : "" });
	form_ui_submit(&f, T(r, "Create the plan"), "/plans", T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int plan_new_get(struct req *r, struct resp *o)
{
	plan_new_form(r, o, NULL);
	return 0;
}

static const char *plan_opt(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v && *v ? v : NULL;
}

static int plan_create_post(struct req *r, struct resp *o)
{
	char err[PLAN_ERR_LEN] = "";
	int ffy = 0, lfy = 0;
	struct plan_new_input in = { req_form(r, "name"), req_form(r, "title"), req_form(r, "first_fy"),
				     req_form(r, "last_fy"), req_form(r, "statuses"), req_form(r, "priorities"),
				     req_form(r, "grades") };
	struct problems e = { 0 };
	if (plan_create_check(&in, &e)) {
		o->status = 422;
		plan_new_form(r, o, &e);
		return 0;
	}
	wareki_parse_fiscal_year(in.first_fy, &ffy);
	wareki_parse_fiscal_year(in.last_fy, &lfy);
	long long id = 0;
	int rc = plan_create(r->st, &r->who, in.name, in.title ? in.title : "", ffy, lfy, in.statuses,
			     plan_opt(r, "priorities"), plan_opt(r, "grades"), &id, err, sizeof err);
	if (rc == -1) {
		problems_add(&e, strcmp(err, "A plan with that name exists already.") == 0 ? "name" : NULL,
			     arena_strdup(r->a, err));
		o->status = 422;
		plan_new_form(r, o, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "/plans/%lld?done=created", id));
	return 0;
}

/* ---- GET /plans/{id} ---- */

static void plan_vocabulary(struct req *r, struct buf *b, const struct plan *p)
{
	html_printf(b, "<h2>%s</h2>\n", T(r, "Vocabulary"));
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
		    T(r, "Statuses"), T(r, "Status"), T(r, "Counts as"));
	for (int i = 0; i < p->nstatuses; i++)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", p->statuses[i].label,
			    p->statuses[i].grp);
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	if (p->npriorities) {
		html_printf(b,
			    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
			    T(r, "Priority classes"), T(r, "Class"), T(r, "Description"), T(r, "Horizon"));
		for (int i = 0; i < p->npriorities; i++)
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n",
				    p->priorities[i].label, p->priorities[i].description, p->priorities[i].horizon);
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	if (p->ngrades) {
		html_printf(b,
			    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
			    T(r, "Grade bands"), T(r, "Grade"), T(r, "From achievement (%)"));
		for (int i = 0; i < p->ngrades; i++) {
			char m[32];
			snprintf(m, sizeof m, "%.0f", p->grades[i].min_percent);
			html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td></tr>\n", p->grades[i].label, m);
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
}

static void plan_year_picker(struct req *r, struct buf *b, const struct plan *p, int fy)
{
	struct form_ui f;
	form_ui_init(&f, r, b, NULL);
	int n = p->last_fy - p->first_fy + 1;
	struct form_ui_option *opts = arena_alloc(r->a, (size_t)(n > 0 ? n : 1) * sizeof *opts);
	if (!opts)
		return;
	for (int y = p->first_fy; y <= p->last_fy; y++) {
		char l[64];
		page_fy_label(y, l, sizeof l);
		opts[y - p->first_fy] = (struct form_ui_option){ arena_printf(r->a, "%d", y), arena_strdup(r->a, l), NULL };
	}
	form_ui_open_get(&f, arena_printf(r->a, "/plans/%lld", p->id), "year-picker", NULL);
	form_ui_select(&f, &(struct form_ui_field){ .name = "fy", .label = T(r, "Fiscal year"),
						    .value = arena_printf(r->a, "%d", fy), .flags = FORM_UI_INLINE },
		       opts, n, NULL);
	form_ui_submit(&f, T(r, "Show"), NULL, NULL);
	form_ui_close(&f);
}

struct plan_link {
	const char *fmt;	/* printf format with plan id then fy */
	const char *label;
	int admin_only;
};

static const struct plan_link plan_links[] = {
	{ "/plans/%lld/years/%d", "Yearly round (progress survey)", 0 },
	{ "/plans/%lld/rollup?fy=%d&amp;by=priority", "Rollup by priority class", 0 },
	{ "/plans/%lld/rollup?fy=%d&amp;by=branch&amp;depth=1", "Rollup by pillar", 0 },
	{ "/plans/%lld/compare?by=branch&amp;depth=1&amp;fy=%d", "Year-over-year comparison", 0 },
	{ "/plans/%lld/years/%d/export?format=csv", "Download the table as CSV (UTF-8)", 0 },
	{ "/plans/%lld/years/%d/export?format=csv-cp932", "Download the table as CSV (Shift_JIS)", 0 },
	{ "/plans/%lld/years/%d/export?format=xlsx", "Download the table as Excel (.xlsx)", 0 },
	{ "/plans/%lld/years/%d/export?format=json", "Download the table as JSON", 0 },
	{ "/plans/%lld/years/%d/export?format=csv&amp;layout=full", "Download the full table (every column, to import again) as CSV (UTF-8)", 0 },
	{ "/plans/%lld/years/%d/export?format=csv-cp932&amp;layout=full", "Download the full table as CSV (Shift_JIS)", 0 },
	{ "/plans/%lld/years/%d/export?format=xlsx&amp;layout=full", "Download the full table as Excel (.xlsx)", 0 },
	{ "/plans/%lld/items/new?fy=%d", "Add an item", 1 },
	{ "/plans/%lld/carry-over?fy=%d", "Carry over into the next plan", 1 },
	{ NULL, NULL, 0 },
};

static int plan_show_get(struct req *r, struct resp *o)
{
	struct plan *p;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	int fy = page_default_fy(r, p);
	const char *q = req_query(r, "fy");
	if (q && *q && page_fy_or_respond(r, o, p, q, &fy))
		return 0;
	struct buf *b = &o->body;
	char fyl[64];
	page_fy_label(fy, fyl, sizeof fyl);
	layout_begin(r, o, p->title && *p->title ? p->title : p->name);
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "created") == 0)
		layout_notice(b, T(r, "The plan has been created."));
	else if (done && strcmp(done, "saved") == 0)
		layout_notice(b, T(r, "The item has been saved."));
	else if (done && strcmp(done, "carried") == 0)
		layout_notice(b, T(r, "The new plan has been created from the previous one."));
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", T(r, "Name"), p->name,
		    T(r, "Period"));
	plan_period(b, p);
	buf_puts(b, "</dd>\n");
	if (p->predecessor_id)
		html_printf(b, "<dt>%s</dt><dd><a href=\"/plans/%lld\">%s</a></dd>\n", T(r, "Previous plan"),
			    p->predecessor_id, T(r, "Show the previous plan"));
	buf_puts(b, "</dl>\n");
	plan_year_picker(r, b, p, fy);
	html_printf(b, "<h2>%s</h2>\n<ul class=\"link-list\">\n", T(r, "For this year"));
	for (const struct plan_link *l = plan_links; l->fmt; l++) {
		if (l->admin_only && !plan_is_admin(r))
			continue;
		html_printf(b, "<li><a href=\"%S\">%s</a></li>\n", arena_printf(r->a, l->fmt, p->id, fy), T(r, l->label));
	}
	buf_puts(b, "</ul>\n");
	html_printf(b, "<h2>%s</h2>\n", T(r, "Items"));
	int rc = page_tree_paged(r, b, p, fy, arena_printf(r->a, "%s %s", T(r, "Items and progress in"), fyl),
				 plan_is_admin(r) ? PAGE_TREE_EDIT : 0, arena_printf(r->a, "/plans/%lld?fy=%d", p->id, fy));
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	plan_vocabulary(r, b, p);
	layout_end(r, o);
	return 0;
}

/* ---- items: new / edit ---- */

struct plan_item_field {
	const char *name, *label, *hint;
	int textarea, required, maxlength;
};

static const struct plan_item_field plan_item_fields[] = {
	{ "code", N_("Code"), N_("For example Ⅰ-1-(1); unique in the plan."), 0, 1, 50 },
	{ "parent", N_("Parent code"), N_("The code of the item above this one. Empty for a pillar (施策の柱)."), 0, 0, 50 },
	{ "title", N_("Title"), NULL, 0, 1, 1000 },
	{ "description", N_("Description"), NULL, 1, 0, 0 },
	{ "department", N_("Department in charge"),
	  N_("For an item, the department that answers for it; for a pillar or a measure, the one that writes its outcomes and problems (成果・課題). The list is kept on the departments page."),
	  0, 0, 0 },
	{ "target_year", N_("Target year"), N_("As written in the plan, e.g. 令和2年度 検討・実施(継続)."), 0, 0, 200 },
	{ "planned_actions", N_("Planned actions"), NULL, 1, 0, 0 },
	{ "key_goal", N_("Key goal"),
	  N_("A pillar's key goal (重点目標), printed under its heading in the report. Only for an item without a parent."),
	  1, 0, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 },
};

static const char *plan_item_value(const struct plan_node *nd, const char *name)
{
	if (!nd)
		return NULL;
	if (strcmp(name, "code") == 0)
		return nd->code;
	if (strcmp(name, "parent") == 0)
		return nd->parent_code ? nd->parent_code : "";
	if (strcmp(name, "title") == 0)
		return nd->title;
	if (strcmp(name, "description") == 0)
		return nd->description;
	if (strcmp(name, "department") == 0)
		return nd->department;
	if (strcmp(name, "target_year") == 0)
		return nd->target_year;
	if (strcmp(name, "planned_actions") == 0)
		return nd->planned_actions;
	if (strcmp(name, "priority") == 0)
		return nd->priority;
	if (strcmp(name, "key_goal") == 0)
		return nd->key_goal;
	return NULL;
}

static void plan_item_form(struct req *r, struct resp *o, const struct plan *p, const struct plan_node *nd,
			   const struct problems *e)
{
	struct buf *b = &o->body;
	int status = o->status;
	layout_begin(r, o, nd ? T(r, "Edit item") : T(r, "New item"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p><a href=\"/plans/%lld\">%s</a></p>\n", p->id, p->title);
	form_ui_required_note(&f);
	if (nd)
		form_ui_open(&f, arena_printf(r->a, "/plans/%lld/items/%lld", p->id, nd->id), NULL);
	else
		form_ui_open(&f, arena_printf(r->a, "/plans/%lld/items", p->id), NULL);
	for (const struct plan_item_field *pf = plan_item_fields; pf->name; pf++) {
		struct form_ui_field fd = { .name = pf->name, .label = T(r, pf->label), .hint = pf->hint ? T(r, pf->hint) : NULL,
					    .value = plan_item_value(nd, pf->name), .required = pf->required,
					    .maxlength = pf->maxlength };
		if (pf->textarea) {
			form_ui_textarea(&f, &fd);
		} else if (strcmp(pf->name, "department") == 0) {
			struct form_ui_option *opts;
			int n = page_department_options(r, form_ui_value(&f, "department", fd.value), &opts);
			form_ui_select(&f, &fd, opts, n, T(r, "(none)"));
		} else {
			form_ui_text(&f, &fd);
		}
		if (strcmp(pf->name, "title") == 0 && p->npriorities) {
			struct form_ui_option *opts = arena_alloc(r->a, (size_t)p->npriorities * sizeof *opts);
			for (int i = 0; opts && i < p->npriorities; i++)
				opts[i] = (struct form_ui_option){ p->priorities[i].label, p->priorities[i].label, NULL };
			form_ui_select(&f, &(struct form_ui_field){ .name = "priority", .label = T(r, "Priority class"),
								    .value = plan_item_value(nd, "priority") },
				       opts, opts ? p->npriorities : 0, T(r, "(none)"));
		}
	}
	form_ui_submit(&f, T(r, "Save"), arena_printf(r->a, "/plans/%lld", p->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

/* The item of path param 1 (without a year) into nd; on failure the page is queued. */
static int plan_item_or_respond(struct req *r, struct resp *o, const struct plan *p, struct plan_node *nd)
{
	long long item = req_param_id(r, 1);
	int rc = item > 0 ? plan_item_load(r->st, r->a, p, 0, &r->who, item, nd) : PLAN_NOT_FOUND;
	return rc ? page_domain_error(r, o, rc) : 0;
}

static int plan_item_new_get(struct req *r, struct resp *o)
{
	struct plan *p;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	plan_item_form(r, o, p, NULL, NULL);
	return 0;
}

static int plan_item_edit_get(struct req *r, struct resp *o)
{
	struct plan *p;
	struct plan_node item;
	if (page_plan_or_respond(r, o, 0, &p) || plan_item_or_respond(r, o, p, &item))
		return 0;
	plan_item_form(r, o, p, &item, NULL);
	return 0;
}

static int plan_item_save_post(struct req *r, struct resp *o)
{
	struct plan *p;
	struct plan_node item;
	const struct plan_node *nd = NULL;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	if (r->nparams > 1) {
		if (plan_item_or_respond(r, o, p, &item))
			return 0;
		nd = &item;
	}
	struct plan_item_input in = {
		.code = req_form(r, "code"),
		.parent_code = req_form(r, "parent"),
		.title = req_form(r, "title"),
		.description = req_form(r, "description"),
		.priority = req_form(r, "priority"),
		.department = req_form(r, "department"),
		.target_year = req_form(r, "target_year"),
		.planned_actions = req_form(r, "planned_actions"),
		.key_goal = req_form(r, "key_goal"),
	};
	char err[PLAN_ERR_LEN] = "";
	long long id = 0;
	struct problems e = { 0 };
	if (plan_item_check(r->st, p, nd ? nd->id : 0, &in, &e)) {
		o->status = 422;
		plan_item_form(r, o, p, nd, &e);
		return 0;
	}
	int rc = plan_item_save(r->st, &r->who, p, nd ? nd->id : 0, &in, &id, err, sizeof err);
	if (rc == -1) {
		problems_add(&e, strcmp(err, "Another item of this plan has that code.") == 0 ? "code" : NULL,
			     arena_strdup(r->a, err));
		o->status = 422;
		plan_item_form(r, o, p, nd, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "/plans/%lld?done=saved", p->id));
	return 0;
}

/* ---- carry-over ---- */

static void plan_carry_form(struct req *r, struct resp *o, const struct plan *p, const struct problems *e)
{
	struct buf *b = &o->body;
	int status = o->status;
	layout_begin(r, o, T(r, "Carry over into the next plan"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p>%s</p>\n",
		    T(r, "Items whose next class is 完了 stay in this plan; the others move to the new plan with their next class and keep a link to this one."));
	html_printf(b, "<p><a href=\"/plans/%lld\">%s</a></p>\n", p->id, p->title);
	form_ui_required_note(&f);
	form_ui_open(&f, arena_printf(r->a, "/plans/%lld/carry-over", p->id), NULL);
	const char *q = req_query(r, "fy");
	const char *deffy = arena_printf(r->a, "%d", p->last_fy);
	const char *from = arena_printf(r->a, "%d", p->last_fy + 1);
	const char *to = arena_printf(r->a, "%d", p->last_fy + 1 + (p->last_fy - p->first_fy));
	form_ui_text(&f, &(struct form_ui_field){ .name = "fy", .label = T(r, "Fiscal year whose next classes are used"),
						  .value = q && *q ? q : deffy, .hint = T(r, "2023, R5 or 令和5."),
						  .required = 1, .maxlength = 20 });
	form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Short name of the new plan"),
						  .required = 1, .maxlength = 100,
						  .hint = T(r, "Used on the command line and in links, e.g. plan3.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "title", .label = T(r, "Title of the new plan"), .required = 1 });
	form_ui_text(&f, &(struct form_ui_field){ .name = "first_fy", .label = T(r, "First fiscal year"), .value = from,
						  .required = 1, .maxlength = 20, .hint = T(r, "2023, R5 or 令和5.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "last_fy", .label = T(r, "Last fiscal year"), .value = to,
						  .required = 1, .maxlength = 20, .hint = T(r, "2023, R5 or 令和5.") });
	form_ui_submit(&f, T(r, "Create the next plan"), arena_printf(r->a, "/plans/%lld", p->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int plan_carry_get(struct req *r, struct resp *o)
{
	struct plan *p;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	plan_carry_form(r, o, p, NULL);
	return 0;
}

static int plan_carry_post(struct req *r, struct resp *o)
{
	struct plan *p;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	struct plan_carry_input in = { req_form(r, "fy"), req_form(r, "name"), req_form(r, "title"),
				       req_form(r, "first_fy"), req_form(r, "last_fy") };
	struct problems e = { 0 };
	if (plan_carry_check(p, &in, &e)) {
		o->status = 422;
		plan_carry_form(r, o, p, &e);
		return 0;
	}
	int fy = 0, ffy = 0, lfy = 0;
	wareki_parse_fiscal_year(in.fy, &fy);
	wareki_parse_fiscal_year(in.first_fy, &ffy);
	wareki_parse_fiscal_year(in.last_fy, &lfy);
	char err[PLAN_ERR_LEN] = "";
	long long id = 0;
	int rc = plan_carry_over(r->st, &r->who, p, fy, in.name, in.title ? in.title : "", ffy, lfy, &id, err,
				 sizeof err);
	if (rc == -1) {
		problems_add(&e, NULL, arena_strdup(r->a, err));
		o->status = 422;
		plan_carry_form(r, o, p, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "/plans/%lld?done=carried", id));
	return 0;
}

/* ---- export ---- */

const char *page_disposition(struct req *r, const char *ascii, const char *words)
{
	struct buf enc = BUF_INIT;
	for (const unsigned char *c = (const unsigned char *)words; *c; c++) {	/* RFC 5987 */
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-._~", *c))
			buf_putc(&enc, (char)*c);
		else
			buf_printf(&enc, "%%%02X", *c);
	}
	const char *d = arena_printf(r->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, buf_cstr(&enc));
	buf_free(&enc);
	return d;
}

int page_export_send(struct req *r, struct resp *o, const struct plan *p, int fy, enum export_format f,
		     enum export_layout l)
{
	/* Written row by row into a temporary file and sent from there: memory stays bounded
	 * whatever the plan's size. */
	struct spool sp;
	struct filebody *fb = NULL;
	if (spool_open(&sp) != 0)
		return resp_error(r, o, 500, NULL), 0;
	char err[PLAN_ERR_LEN] = "", ascii[128], words[512];
	int rc = plan_export_year(r->st, p, fy, &r->who, f, l, &sp.out, NULL, err, sizeof err);
	if (rc != 0) {
		spool_abort(&sp);
		return rc == -1 ? resp_error(r, o, 500, err) : page_domain_error(r, o, rc), 0;
	}
	if (spool_finish(&sp, &fb) != 0)
		return resp_error(r, o, 500, NULL), 0;
	resp_file(o, fb);
	o->content_type = export_content_type(f);
	plan_export_filename(p, fy, f, l, ascii, sizeof ascii);
	plan_export_filename_ja(p, fy, f, l, words, sizeof words);
	o->disposition = page_disposition(r, ascii, words);
	return 0;
}

static int plan_export_get(struct req *r, struct resp *o)
{
	struct plan *p;
	int fy;
	if (page_plan_or_respond(r, o, 0, &p) || page_fy_or_respond(r, o, p, r->params[1], &fy))
		return 0;
	enum export_format f = EXPORT_CSV;
	enum export_layout l = LAYOUT_LIST;
	const char *fs = req_query(r, "format"), *ls = req_query(r, "layout");
	if (fs && *fs && (export_format_parse(fs, &f) != 0 || f == EXPORT_TEXT)) {
		resp_error(r, o, 404, "Unknown export format.");
		return 0;
	}
	if (ls && *ls && export_layout_parse(ls, &l) != 0) {
		resp_error(r, o, 404, "Unknown export layout.");
		return 0;
	}
	return page_export_send(r, o, p, fy, f, l);
}

#define ADMIN ROLE_BIT(ROLE_ADMIN)

const struct route plan_routes[] = {
	{ HTTP_GET, "/plans", plan_list_get, PLAN_READER_ROLES, 0 },
	{ HTTP_GET, "/plans/new", plan_new_get, ADMIN, 0 },
	{ HTTP_POST, "/plans", plan_create_post, ADMIN, 0 },
	{ HTTP_GET, "/plans/{id}", plan_show_get, PLAN_READER_ROLES, 0 },
	{ HTTP_GET, "/plans/{id}/items/new", plan_item_new_get, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/items", plan_item_save_post, ADMIN, 0 },
	{ HTTP_GET, "/plans/{id}/items/{item}/edit", plan_item_edit_get, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/items/{item}", plan_item_save_post, ADMIN, 0 },
	{ HTTP_GET, "/plans/{id}/carry-over", plan_carry_get, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/carry-over", plan_carry_post, ADMIN, 0 },
	{ HTTP_GET, "/plans/{id}/years/{fy}/export", plan_export_get, PLAN_READER_ROLES, 0 },
	{ 0 },
};
