/* page_report_print: the print version of a published year's report (report_print_routes)
 * — the 一覧 that goes into committee papers, as seed 003 prints it: the 達成状況 of each
 * priority class ("5/6：済　1/6：未", computed from the rows, never typed), then pillar by
 * pillar its key goal (重点目標), its items with 担当課, 目標年次, 施策の実施, 実績, 次期案 and
 * 理由 (an item without an answer reads 未回答), its outcomes (成果) and problems (課題), and
 * last the committee's opinions. Printed A4 landscape (the print stylesheet); on a phone
 * the table reflows like the report's. A plan of more than REPORT_PRINT_MAX items is
 * printed a pillar at a time. Also the report's downloads (CSV, Shift_JIS CSV, Excel). */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_project_eval.h"
#include "html/when.h"
#include "domain/plan.h"
#include "domain/plan_walk.h"
#include "io/plan_export.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdlib.h>
#include <string.h>

#define REPORT_PRINT_MAX 2000	/* items printed on one page; more: a pillar at a time */

/* The published (plan, year) of the path, or the 404 page queued. */
static int print_year_or_respond(struct req *r, struct resp *o, struct plan **p, int *fy, char *published,
				 size_t n)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL), -1;
	if (page_fy_or_respond(r, o, NULL, r->params[1], fy))
		return -1;
	int rc = plan_round_published_at(r->st, id, *fy, published, n);
	if (rc != 0)
		return page_domain_error(r, o, rc);
	return page_plan_or_respond(r, o, 0, p);
}

/* ---- downloads ---- */

static int report_download_get(struct req *r, struct resp *o)
{
	struct plan *p;
	int fy;
	char published[64];
	if (print_year_or_respond(r, o, &p, &fy, published, sizeof published))
		return 0;
	enum export_format f = EXPORT_CSV;
	const char *fs = req_query(r, "format");
	if (fs && *fs && (export_format_parse(fs, &f) != 0 || (f != EXPORT_CSV && f != EXPORT_CSV_CP932 && f != EXPORT_XLSX)))
		return resp_error(r, o, 404, "Unknown export format."), 0;
	return page_export_send(r, o, p, fy, f, LAYOUT_REPORT);
}

/* ---- the print version ---- */

static const char *const print_heads[] = { N_("No. (item number)"), N_("Title"), N_("Priority"), N_("Department"), N_("Target year"),
					   N_("Status"), N_("Result"), N_("Next class"), N_("Reason") };
#define PRINT_COLS (sizeof print_heads / sizeof *print_heads)

struct print_walk {
	struct req *r;
	struct buf *b;
	const struct plan *p;
	int open;		/* a pillar's table is open */
	char *outcomes, *problems;	/* the open pillar's notes, printed after its table */
};

static void print_cell(struct req *r, struct buf *b, int col, const char *text, int multiline)
{
	html_printf(b, "<td role=\"cell\" data-label=\"%s\">", T(r, print_heads[col]));
	if (multiline)
		html_text_br(b, text);
	else
		html_printf(b, "%s", text);
	buf_puts(b, "</td>");
}

static void print_notes(struct req *r, struct buf *b, const char *outcomes, const char *problems)
{
	if (outcomes && *outcomes) {
		html_printf(b, "<h3>%s</h3>\n<p>", T(r, "Outcomes"));
		html_text_br(b, outcomes);
		buf_puts(b, "</p>\n");
	}
	if (problems && *problems) {
		html_printf(b, "<h3>%s</h3>\n<p>", T(r, "Problems"));
		html_text_br(b, problems);
		buf_puts(b, "</p>\n");
	}
}

static void print_close(struct print_walk *w)
{
	if (!w->open)
		return;
	buf_puts(w->b, "</tbody>\n</table>\n</div>\n");
	print_notes(w->r, w->b, w->outcomes, w->problems);
	buf_puts(w->b, "</section>\n");
	w->open = 0;
}

/* A pillar: its heading and key goal, and the head of its table. */
static void print_pillar(struct print_walk *w, const struct plan_node *nd)
{
	struct req *r = w->r;
	struct buf *b = w->b;
	print_close(w);
	html_printf(b, "<section class=\"print-pillar\" aria-labelledby=\"pillar-%lld\">\n<h2 id=\"pillar-%lld\">%s %s</h2>\n",
		    nd->id, nd->id, nd->code, nd->title);
	if (nd->key_goal && *nd->key_goal) {
		html_printf(b, "<p class=\"key-goal\"><strong>%s</strong> ", T(r, "Key goal"));
		html_text_br(b, nd->key_goal);
		buf_puts(b, "</p>\n");
	}
	html_printf(b, "<div class=\"table-wrap table-wrap--reflow\" tabindex=\"0\" role=\"group\" aria-labelledby=\"cap-%lld\">\n"
		       "<table class=\"plan-tree print-list\" role=\"table\">\n<caption id=\"cap-%lld\">%s %s</caption>\n"
		       "<thead role=\"rowgroup\"><tr role=\"row\">",
		    nd->id, nd->id, nd->code, T(r, "items"));
	for (size_t k = 0; k < PRINT_COLS; k++)
		html_printf(b, "<th scope=\"col\" role=\"columnheader\">%s</th>", T(r, print_heads[k]));
	buf_puts(b, "</tr></thead>\n<tbody role=\"rowgroup\">\n");
	w->open = 1;
	w->outcomes = arena_strdup(r->a, nd->outcomes ? nd->outcomes : "");
	w->problems = arena_strdup(r->a, nd->problems ? nd->problems : "");
}

/* The status cell of the 一覧: never a blank for an item. */
static const char *print_status(struct req *r, const struct plan_node *nd)
{
	if (nd->y.present && nd->y.status)
		return nd->y.status;
	if (nd->ended_fy) {
		char fy[64];
		page_fy_label(nd->ended_fy, fy, sizeof fy);
		return arena_printf(r->a, "%s（%s）", T(r, "Ended"), fy);
	}
	return nd->y.hidden ? T(r, "Not submitted yet") : T(r, "未回答");
}

static int print_row(void *ctx, const struct plan_node *nd)
{
	struct print_walk *w = ctx;
	struct req *r = w->r;
	struct buf *b = w->b;
	if (nd->depth == 1 && nd->nchildren) {
		print_pillar(w, nd);
		return b->oom ? -1 : 0;
	}
	if (!w->open) {	/* an item at the top, or the first row of a pillar's page */
		struct plan_node head = *nd;
		head.key_goal = NULL;
		head.outcomes = head.problems = NULL;
		print_pillar(w, &head);
		if (nd->nchildren)
			return 0;
	}
	if (nd->nchildren) {	/* a measure under the pillar: a line across, then its notes */
		html_printf(b, "<tr role=\"row\" class=\"branch\"><th scope=\"row\" role=\"rowheader\" class=\"tree-code\">%s</th>"
			       "<td role=\"cell\" colspan=\"%d\" class=\"tree-title\"><strong>%s</strong>",
			    nd->code, (int)PRINT_COLS - 1, nd->title);
		if ((nd->outcomes && *nd->outcomes) || (nd->problems && *nd->problems))
			page_branch_notes(r, b, nd);
		buf_puts(b, "</td></tr>\n");
		return b->oom ? -1 : 0;
	}
	const struct plan_year *y = &nd->y;
	html_printf(b, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\" class=\"tree-code\">%s</th>", nd->code);
	html_printf(b, "<td role=\"cell\" class=\"tree-title\" data-label=\"%s\">%s</td>", T(r, print_heads[1]), nd->title);
	print_cell(r, b, 2, nd->priority ? nd->priority : "", 0);
	print_cell(r, b, 3, nd->department ? nd->department : "", 0);
	print_cell(r, b, 4, nd->target_year ? nd->target_year : "", 1);
	html_printf(b, "<td role=\"cell\" data-label=\"%s\"%S>%s</td>", T(r, print_heads[5]),
		    y->present && y->status ? "" : " class=\"unanswered\"", print_status(r, nd));
	print_cell(r, b, 6, y->present && y->result ? y->result : "", 1);
	print_cell(r, b, 7, y->present && y->next_priority ? y->next_priority : "", 0);
	print_cell(r, b, 8, y->present && y->next_reason ? y->next_reason : "", 1);
	buf_puts(b, "</tr>\n");
	return b->oom ? -1 : 0;
}

/* 【達成状況】: per class, each group's items over the class's items (seed 003's lines). */
static int print_achievement(struct req *r, struct buf *b, const struct plan *p, int fy)
{
	if (!p->npriorities)
		return 0;
	struct rollup ru;
	int rc = plan_rollup_walk(r->st, r->a, p, fy, &r->who, ROLLUP_PRIORITY, 0, &ru);
	if (rc != 0)
		return rc;
	html_printf(b, "<section class=\"print-achievement\" aria-labelledby=\"ach-title\">\n<h2 id=\"ach-title\">%s</h2>\n"
		       "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"ach-cap\">\n<table class=\"achievement\">\n"
		       "<caption id=\"ach-cap\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Achievement (達成状況)"), T(r, "Each class: items per status group, over the class's items"),
		    T(r, "Priority class"), T(r, "Description"), T(r, "Achievement (達成状況)"));
	for (int i = 0; i < ru.nrows; i++) {
		struct buf line = BUF_INIT;
		plan_export_achievement_line(&ru, &ru.rows[i], &line);
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n",
			    strcmp(ru.rows[i].label, "(none)") == 0 ? T(r, "(none)") : ru.rows[i].label, ru.rows[i].title,
			    buf_cstr(&line));
		buf_free(&line);
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
	return 0;
}

/* A large plan: the pillars, each a link to its printed page. */
static int print_pillar_links(struct req *r, struct buf *b, const struct plan *p, int fy)
{
	struct plan_top *tops;
	int n, rc = plan_top_items(r->st, r->a, p, &tops, &n);
	if (rc != 0)
		return rc;
	html_printf(b, "<p>%s</p>\n<ul class=\"link-list\">\n", T(r, "This plan has many items: each pillar prints on its own."));
	for (int i = 0; i < n; i++)
		html_printf(b, "<li><a href=\"/reports/%lld/%d/print?pillar=%lld\">%s %s</a> (%lld %s)</li>\n", p->id, fy,
			    tops[i].id, tops[i].code, tops[i].title, tops[i].leaves, T(r, "items"));
	buf_puts(b, "</ul>\n");
	return 0;
}

static int report_print_get(struct req *r, struct resp *o)
{
	struct plan *p;
	int fy;
	char published[64];
	if (print_year_or_respond(r, o, &p, &fy, published, sizeof published))
		return 0;
	const char *pq = req_query(r, "pillar");
	long long pillar = pq ? strtoll(pq, NULL, 10) : 0;
	if (pq && (pillar <= 0 || plan_item_is_top(r->st, p->id, pillar) != 1))
		return resp_error(r, o, 404, NULL), 0;
	long long n = plan_walk_count(r->st, p, fy, WALK_ALL, 0);
	if (n < 0)
		return page_domain_error(r, o, (int)n), 0;
	char fyl[64];
	page_fy_label(fy, fyl, sizeof fyl);
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s %s", p->title, fyl, T(r, "progress list (一覧)")));
	buf_puts(b, "<div class=\"print-list-page\">\n");
	html_printf(b, "<p class=\"report-meta\">%s: ", T(r, "Published"));
	when_date_html(r, b, published);
	html_printf(b, "</p>\n<p class=\"no-print\"><a href=\"/reports/%lld/%d\">%s</a> · %s</p>\n", p->id, fy,
		    T(r, "Back to the report"), T(r, "Print this page with the browser: it is laid out for A4 landscape."));
	int rc = pillar ? 0 : print_achievement(r, b, p, fy);
	if (rc == 0 && !pillar && n > REPORT_PRINT_MAX) {
		rc = print_pillar_links(r, b, p, fy);
	} else if (rc == 0) {
		struct print_walk w = { r, b, p, 0, NULL, NULL };
		struct plan_walk_opts wo = { .fy = fy, .scope = pillar ? WALK_SUBTREE : WALK_ALL, .arg = pillar };
		rc = plan_walk(r->st, p, &r->who, &wo, print_row, &w);
		print_close(&w);
	}
	if (rc == 0 && !pillar)
		rc = page_peval_report_block(r, b, p->id, fy);
	if (rc == 0 && !pillar)
		rc = page_opinions_report(r, b, p, fy);
	buf_puts(b, "</div>\n");
	if (rc != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc), 0;
	}
	layout_end(r, o);
	return 0;
}

const struct route report_print_routes[] = {
	{ HTTP_GET, "/reports/{id}/{fy}/print", report_print_get, ROLES_ANY, 0 },
	{ HTTP_GET, "/reports/{id}/{fy}/download", report_download_get, ROLES_ANY, 0 },
	{ 0 },
};
