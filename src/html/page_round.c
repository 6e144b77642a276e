/* page_round: the yearly round (照会) screens (round_routes). The year page shows each
 * role its view: staff their department's items with their state and a submit button;
 * the administrator the round state, who has (not) answered, and the open / publish /
 * reopen actions; coordinators and committee members a read-only table. The item page
 * is the form of one item's record for the year; the branch page records outcomes and
 * problems. Actions are a table {path suffix, domain call, notice}. */
#include "html/pages.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/plan.h"
#include "domain/plan_walk.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUND_ERR_LEN 256

struct round_ctx {
	struct plan *p;
	int fy;
	char fyl[64];
	struct round_info ri;
};

/* Plan, fiscal year and round state from the path; on failure the page is queued. */
static int round_ctx_or_respond(struct req *r, struct resp *o, struct round_ctx *c)
{
	if (page_plan_or_respond(r, o, 0, &c->p) || page_fy_or_respond(r, o, c->p, r->params[1], &c->fy))
		return -1;
	page_fy_label(c->fy, c->fyl, sizeof c->fyl);
	/* the departments' figures are for the year page; an item page needs the state only */
	int year_page = r->nparams == 2;
	int rc = year_page ? plan_round_get(r->st, r->a, c->p, c->fy, &c->ri)
			   : plan_round_get_state(r->st, r->a, c->p, c->fy, &c->ri);
	if (rc != 0)
		return page_domain_error(r, o, rc);
	return 0;
}

static const char *const round_state_labels[ROUND__MAX] = { "Not opened", "Open", "Published" };

struct round_item_state {
	const char *state, *label;
};
static const struct round_item_state round_item_states[] = {
	{ "draft", "Draft" },
	{ "submitted", "Submitted" },
	{ "returned", "Returned" },
	{ NULL, NULL },
};

static const char *round_item_state_label(struct req *r, const struct plan_year *y)
{
	if (y->hidden)
		return T(r, "Not submitted yet");
	if (!y->present || !y->state)
		return T(r, "Not answered");
	for (const struct round_item_state *s = round_item_states; s->state; s++)
		if (strcmp(s->state, y->state) == 0)
			return T(r, s->label);
	return y->state;
}

struct round_notice {
	const char *done, *text;
};
static const struct round_notice round_notices[] = {
	{ "opened", "The round for this year is open. Departments can now answer." },
	{ "submitted", "The answers have been submitted." },
	{ "returned", "The item has been sent back to its department." },
	{ "published", "The year has been published. It is now read-only and visible to the public." },
	{ "reopened", "The year has been reopened." },
	{ "saved", "The item's record has been saved." },
	{ "branch", "Outcomes and problems have been saved." },
	{ NULL, NULL },
};

static void round_notice(struct req *r, struct buf *b)
{
	const char *done = req_query(r, "done");
	if (!done)
		return;
	for (const struct round_notice *n = round_notices; n->done; n++)
		if (strcmp(n->done, done) == 0)
			layout_notice(b, T(r, n->text));
}

static const char *round_base(struct req *r, const struct round_ctx *c)
{
	return arena_printf(r->a, "/plans/%lld/years/%d", c->p->id, c->fy);
}

static void round_button_form(struct req *r, struct buf *b, const struct round_ctx *c, const char *action,
			      const char *label)
{
	struct form_ui f;
	form_ui_init(&f, r, b, NULL);
	form_ui_button(&f, arena_printf(r->a, "%s/%s", round_base(r, c), action), label, NULL, 0, NULL);
}

/* ---- the year page, by role ---- */

/* One row of the staff's table of their own items (plan_walk callback). */
struct round_rows {
	struct req *r;
	struct buf *b;
	const struct round_ctx *c;
};

static int round_staff_row(void *arg, const struct plan_node *nd)
{
	struct round_rows *w = arg;
	struct req *r = w->r;
	struct buf *b = w->b;
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td>", nd->code,
		    nd->title, nd->y.present ? nd->y.status : NULL, round_item_state_label(r, &nd->y),
		    nd->y.present ? nd->y.return_comment : NULL);
	html_printf(b, "<td><a href=\"%S/items/%lld\">%s<span class=\"visually-hidden\"> %s</span></a></td></tr>\n",
		    round_base(r, w->c), nd->id, T(r, "Answer"), nd->code);
	return b->oom ? -1 : 0;
}

/* The round's figures for the viewer's department (NULL when it owns no item). */
static const struct round_dept *round_my_dept(const struct round_ctx *c, long long dept)
{
	for (int i = 0; i < c->ri.ndepts; i++)
		if (c->ri.depts[i].department_id == dept)
			return &c->ri.depts[i];
	return NULL;
}

static int round_staff_view(struct req *r, struct buf *b, const struct round_ctx *c)
{
	long long dept = r->who.department_id;
	const struct round_dept *d = round_my_dept(c, dept);
	int mine = d ? d->items : 0, answered = d ? d->answered : 0;
	long long page = page_number(r);
	const char *base = round_base(r, c);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Your department's items"));
	page_pager(r, b, base, page, mine, PAGE_TREE_ROWS);
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s %s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
		    r->who.department_name, c->fyl, T(r, "Code"), T(r, "Title"), T(r, "Status"), T(r, "State"),
		    T(r, "Comment from the division"), T(r, "Answer"));
	struct round_rows w = { r, b, c };
	struct plan_walk_opts o = { .fy = c->fy, .scope = WALK_DEPT_ITEMS, .arg = dept > 0 ? dept : -1,
				    .offset = (page - 1) * PAGE_TREE_ROWS, .limit = PAGE_TREE_ROWS };
	int rc = plan_walk(r->st, c->p, &r->who, &o, round_staff_row, &w);
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	page_pager(r, b, base, page, mine, PAGE_TREE_ROWS);
	if (rc != 0)
		return rc;
	if (mine == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "Your department has no items in this plan."));
	html_printf(b, "<p><a href=\"/plans/%lld?fy=%d\">%s</a></p>\n", c->p->id, c->fy,
		    T(r, "Every item of the plan, with the answers other departments have submitted"));
	if (c->ri.state != ROUND_OPEN) {
		html_printf(b, "<p>%s</p>\n", T(r, "The round for this year is not open, so answers cannot be changed."));
		return 0;
	}
	html_printf(b, "<p>%s: %d / %d</p>\n", T(r, "Answered"), answered, mine);
	if (mine > 0 && answered == mine) {
		html_printf(b, "<p>%s</p>\n", T(r, "When every answer is ready, submit them to the collaboration division."));
		round_button_form(r, b, c, "submit", T(r, "Submit the answers"));
	} else if (mine > 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "Every item needs a status before you can submit."));
	}
	return 0;
}

static void round_admin_depts(struct req *r, struct buf *b, const struct round_ctx *c)
{
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead>\n<tbody>\n", b->len, b->len,
		    T(r, "Answers by department"), T(r, "Department"), T(r, "Items"), T(r, "Answered"), T(r, "Returned"),
		    T(r, "Submitted"));
	for (int i = 0; i < c->ri.ndepts; i++) {
		const struct round_dept *d = &c->ri.depts[i];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%d</td><td class=\"num\">%d</td>"
			       "<td class=\"num\">%d</td><td>",
			    d->department, d->items, d->answered, d->returned);
		if (d->submitted_at)
			when_html(r, b, d->submitted_at);
		else
			html_printf(b, "<strong>%s</strong>", T(r, "Not submitted"));
		if (!d->submitted_at && c->ri.state == ROUND_OPEN && d->answered == d->items) {
			struct form_ui f;
			form_ui_init(&f, r, b, NULL);
			const char *hidden[] = { "dept", arena_printf(r->a, "%lld", d->department_id), NULL };
			form_ui_button(&f, arena_printf(r->a, "%s/submit", round_base(r, c)), T(r, "Submit for the department"),
				       d->department, FORM_UI_SECONDARY, hidden);
		}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static int round_admin_row(void *arg, const struct plan_node *nd)
{
	struct round_rows *w = arg;
	struct req *r = w->r;
	const char *sub = nd->nchildren ? "branches" : "items";
	html_printf(w->b, "<tr><th scope=\"row\">%s</th><td class=\"depth-%d\"><a href=\"%S/%S/%lld\">%s</a></td>"
			  "<td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    nd->code, nd->depth > 6 ? 6 : nd->depth, round_base(r, w->c), sub, nd->id, nd->title,
		    nd->department, nd->y.present ? nd->y.status : NULL,
		    nd->nchildren ? "" : round_item_state_label(r, &nd->y));
	return w->b->oom ? -1 : 0;
}

static int round_admin_view(struct req *r, struct buf *b, const struct round_ctx *c, const struct problems *e)
{
	html_printf(b, "<h2>%s</h2>\n", T(r, "Round"));
	if (c->ri.state == ROUND_NONE) {
		round_button_form(r, b, c, "open", T(r, "Open the round"));
	} else {
		round_admin_depts(r, b, c);
		if (c->ri.state == ROUND_OPEN) {
			round_button_form(r, b, c, "publish", T(r, "Publish the year"));
		} else {
			struct form_ui f;
			form_ui_init(&f, r, b, e);
			form_ui_open(&f, arena_printf(r->a, "%s/reopen", round_base(r, c)), NULL);
			form_ui_textarea(&f, &(struct form_ui_field){ .name = "reason", .label = T(r, "Reason for reopening"),
								      .required = 1, .rows = 3,
								      .hint = T(r, "Recorded in the audit log.") });
			form_ui_submit(&f, T(r, "Reopen the year"), NULL, NULL);
			form_ui_close(&f);
		}
	}
	long long page = page_number(r), total = plan_walk_count(r->st, c->p, WALK_ALL, 0);
	if (total < 0)
		return (int)total;
	const char *base = round_base(r, c);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Items"));
	page_pager(r, b, base, page, total, PAGE_TREE_ROWS);
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s %s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead>\n<tbody>\n", b->len, b->len,
		    T(r, "All items in"), c->fyl, T(r, "Code"), T(r, "Title"), T(r, "Department"), T(r, "Status"),
		    T(r, "State"));
	struct round_rows w = { r, b, c };
	struct plan_walk_opts o = { .fy = c->fy, .scope = WALK_ALL, .offset = (page - 1) * PAGE_TREE_ROWS,
				    .limit = PAGE_TREE_ROWS };
	int rc = plan_walk(r->st, c->p, &r->who, &o, round_admin_row, &w);
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	page_pager(r, b, base, page, total, PAGE_TREE_ROWS);
	return rc;
}

static void round_year_page(struct req *r, struct resp *o, struct round_ctx *c, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s", c->fyl, T(r, "progress survey")));
	o->status = status;
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	form_ui_summary(&top);
	round_notice(r, b);
	html_printf(b, "<p><a href=\"/plans/%lld?fy=%d\">%s</a></p>\n", c->p->id, c->fy, c->p->title);
	html_printf(b, "<p>%s: <strong>%s</strong></p>\n", T(r, "State of the round"),
		    T(r, round_state_labels[c->ri.state]));
	int rc;
	if (r->who.role == ROLE_STAFF)
		rc = round_staff_view(r, b, c);
	else if (r->who.role == ROLE_ADMIN)
		rc = round_admin_view(r, b, c, e);
	else
		rc = page_tree_paged(r, b, c->p, c->fy, arena_printf(r->a, "%s %s", T(r, "Items and progress in"), c->fyl),
				     0, round_base(r, c));
	if (rc != 0) {
		resp_clear_body(o);
		page_domain_error(r, o, rc);
		return;
	}
	layout_end(r, o);
}

static int round_year_get(struct req *r, struct resp *o)
{
	struct round_ctx c;
	if (round_ctx_or_respond(r, o, &c) == 0)
		round_year_page(r, o, &c, NULL);
	return 0;
}

/* ---- one item's record ---- */

static int round_may_edit(struct req *r, const struct round_ctx *c, const struct plan_node *nd)
{
	if (c->ri.state == ROUND_PUBLISHED || nd->nchildren)
		return 0;
	if (r->who.role == ROLE_ADMIN)
		return 1;
	return r->who.role == ROLE_STAFF && c->ri.state == ROUND_OPEN && nd->department_id == r->who.department_id;
}

static void round_item_form(struct req *r, struct buf *b, const struct round_ctx *c, const struct plan_node *nd,
			    const struct problems *e)
{
	const struct plan *p = c->p;
	struct form_ui_option *st = arena_alloc(r->a, (size_t)(p->nstatuses + 1) * sizeof *st);
	struct form_ui_option *nx = arena_alloc(r->a, (size_t)(p->npriorities + 1) * sizeof *nx);
	if (!st || !nx)
		return;
	for (int i = 0; i < p->nstatuses; i++)
		st[i] = (struct form_ui_option){ p->statuses[i].label, p->statuses[i].label, NULL };
	for (int i = 0; i < p->npriorities; i++)
		nx[i] = (struct form_ui_option){ p->priorities[i].label, p->priorities[i].label, NULL };
	nx[p->npriorities] = (struct form_ui_option){ PLAN_COMPLETE_LABEL, T(r, "完了 (the item ends)"), NULL };
	char ach[32] = "";
	if (nd->y.present && nd->y.has_achievement)
		snprintf(ach, sizeof ach, "%g", nd->y.achievement);
	int y = nd->y.present;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_open(&f, arena_printf(r->a, "%s/items/%lld", round_base(r, c), nd->id), NULL);
	form_ui_select(&f, &(struct form_ui_field){ .name = "status", .label = T(r, "Status"), .value = y ? nd->y.status : NULL,
						    .hint = T(r, "How far the item went this year (施策の実施).") },
		       st, p->nstatuses, T(r, "(no status)"));
	form_ui_text(&f, &(struct form_ui_field){ .name = "achievement", .label = T(r, "Achievement (%)"), .value = ach,
						  .type = FORM_UI_NUMBER, .maxlength = 10,
						  .hint = T(r, "Optional: a number from 0 to 100, when the item has a measurable target.") });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "result", .label = T(r, "Result"), .value = y ? nd->y.result : NULL,
						      .rows = 6, .hint = T(r, "What was done this year (実績), as the report will print it.") });
	form_ui_select(&f, &(struct form_ui_field){ .name = "next_priority", .label = T(r, "Next class"),
						    .value = y ? nd->y.next_priority : NULL,
						    .hint = T(r, "The class the item takes in the next plan (次期案), or 完了 when it ends.") },
		       nx, p->npriorities + 1, T(r, "(none)"));
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "next_reason", .label = T(r, "Reason"),
						      .value = y ? nd->y.next_reason : NULL, .rows = 3,
						      .hint = T(r, "Why that class (理由).") });
	form_ui_submit(&f, T(r, "Save"), round_base(r, c), T(r, "Back to the year"));
	form_ui_close(&f);
}

static void round_item_facts(struct req *r, struct buf *b, const struct plan_node *nd)
{
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Code"), nd->code,
		    T(r, "Title"), nd->title);
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Priority"),
		    nd->priority, T(r, "Department"), nd->department, T(r, "Target year"), nd->target_year);
	if (nd->planned_actions && *nd->planned_actions) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Planned actions"));
		html_text_br(b, nd->planned_actions);
		buf_puts(b, "</dd>\n");
	}
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", T(r, "State"), round_item_state_label(r, &nd->y));
	if (nd->y.present && nd->y.return_comment && *nd->y.return_comment)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", T(r, "Comment from the division"), nd->y.return_comment);
	buf_puts(b, "</dl>\n");
}

static void round_item_readonly(struct req *r, struct buf *b, const struct plan_node *nd)
{
	if (nd->y.hidden) {	/* a draft or an answer sent back, which this viewer does not see */
		html_printf(b, "<p>%s</p>\n", T(r, "The department has not submitted its answer for this year yet."));
		return;
	}
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Status"),
		    nd->y.present ? nd->y.status : NULL);
	html_printf(b, "<dt>%s</dt><dd>", T(r, "Result"));
	if (nd->y.present && nd->y.result)
		html_text_br(b, nd->y.result);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n", T(r, "Next class"),
		    nd->y.present ? nd->y.next_priority : NULL, T(r, "Reason"), nd->y.present ? nd->y.next_reason : NULL);
}

/* Loads the item of path param 2 with its record as the viewer may see it
 * (plan_visibility.h). Writing is the domain's decision: a department answers only for its
 * own items, so another department's item is read-only (and a POST to it is 403). */
static const struct plan_node *round_item_or_respond(struct req *r, struct resp *o, const struct round_ctx *c,
						     struct plan_node *nd)
{
	long long id = req_param_id(r, 2);
	int rc = id > 0 ? plan_item_load(r->st, r->a, c->p, c->fy, &r->who, id, nd) : PLAN_NOT_FOUND;
	if (rc != 0) {
		page_domain_error(r, o, rc);
		return NULL;
	}
	if (r->method == HTTP_POST && r->who.role == ROLE_STAFF && nd->department_id != r->who.department_id) {
		resp_error(r, o, 403, "Only the department in charge may answer for this item.");
		return NULL;
	}
	return nd;
}

static void round_item_page(struct req *r, struct resp *o, const struct round_ctx *c, const struct plan_node *nd,
			    const struct problems *e, int return_failed)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s", nd->code, nd->title));
	o->status = status;
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	form_ui_summary(&top);
	html_printf(b, "<p><a href=\"%S\">%s %s</a></p>\n", round_base(r, c), c->fyl, T(r, "progress survey"));
	round_item_facts(r, b, nd);
	html_printf(b, "<h2>%s %s</h2>\n", c->fyl, T(r, "record"));
	if (round_may_edit(r, c, nd))
		round_item_form(r, b, c, nd, return_failed ? NULL : e);
	else
		round_item_readonly(r, b, nd);
	if (r->who.role == ROLE_ADMIN && c->ri.state == ROUND_OPEN && nd->y.present && !nd->nchildren) {
		struct form_ui f;
		form_ui_init(&f, r, b, return_failed ? e : NULL);
		html_printf(b, "<h2>%s</h2>\n", T(r, "Send back to the department"));
		form_ui_open(&f, arena_printf(r->a, "%s/items/%lld/return", round_base(r, c), nd->id), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "comment", .label = T(r, "Comment"), .required = 1,
							      .rows = 3, .hint = T(r, "Say what the department should check or add.") });
		form_ui_submit(&f, T(r, "Send back"), NULL, NULL);
		form_ui_close(&f);
	}
	layout_end(r, o);
}

static int round_item_get(struct req *r, struct resp *o)
{
	struct round_ctx c;
	struct plan_node t;
	const struct plan_node *nd;
	if (round_ctx_or_respond(r, o, &c) == 0 && (nd = round_item_or_respond(r, o, &c, &t)))
		round_item_page(r, o, &c, nd, NULL, 0);
	return 0;
}

static int round_item_post(struct req *r, struct resp *o)
{
	struct round_ctx c;
	struct plan_node t;
	const struct plan_node *nd;
	if (round_ctx_or_respond(r, o, &c) || !(nd = round_item_or_respond(r, o, &c, &t)))
		return 0;
	struct plan_year_input in = {
		.status = req_form(r, "status"),
		.achievement = req_form(r, "achievement"),
		.result = req_form(r, "result"),
		.next_priority = req_form(r, "next_priority"),
		.next_reason = req_form(r, "next_reason"),
	};
	char err[ROUND_ERR_LEN] = "";
	struct problems e = { 0 };
	if (plan_year_check(c.p, &in, &e)) {
		o->status = 422;
		round_item_page(r, o, &c, nd, &e, 0);
		return 0;
	}
	int rc = plan_year_save(r->st, &r->who, c.p, nd->id, c.fy, &in, err, sizeof err);
	if (rc == -1) {
		problems_add(&e, NULL, arena_strdup(r->a, err));
		o->status = 422;
		round_item_page(r, o, &c, nd, &e, 0);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "%s?done=saved", round_base(r, &c)));
	return 0;
}

/* ---- round actions ---- */

typedef int (*round_fn)(struct req *r, const struct round_ctx *c, char *err, size_t n);

static int round_do_open(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	return plan_round_open(r->st, &r->who, c->p, c->fy, err, n);
}

static int round_do_submit(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	long long dept = r->who.department_id;
	const char *d = req_form(r, "dept");
	if (r->who.role == ROLE_ADMIN)
		dept = d ? strtoll(d, NULL, 10) : 0;
	return plan_round_submit(r->st, &r->who, c->p, c->fy, dept, err, n);
}

static int round_do_publish(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	return plan_round_publish(r->st, &r->who, c->p, c->fy, err, n);
}

static int round_do_reopen(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	const char *reason = req_form(r, "reason");
	if (!reason || !*reason) {
		snprintf(err, n, "%s", "Say why the year is reopened: a reason is required.");
		return -1;
	}
	return plan_round_reopen(r->st, &r->who, c->p, c->fy, reason, err, n);
}

static int round_do_return(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	long long item = req_param_id(r, 2);
	if (item <= 0)
		return PLAN_NOT_FOUND;
	return plan_round_return(r->st, &r->who, c->p, c->fy, item, req_form(r, "comment"), err, n);
}

struct round_action {
	const char *suffix;	/* last path segment */
	round_fn fn;
	const char *done;	/* ?done= notice after success */
	const char *field;	/* the input a refusal is about (NULL: the action itself) */
};

static const struct round_action round_actions[] = {
	{ "open", round_do_open, "opened", NULL },
	{ "submit", round_do_submit, "submitted", NULL },
	{ "publish", round_do_publish, "published", NULL },
	{ "reopen", round_do_reopen, "reopened", "reason" },
	{ "return", round_do_return, "returned", "comment" },
	{ NULL, NULL, NULL, NULL },
};

static int round_action_post(struct req *r, struct resp *o)
{
	struct round_ctx c;
	const char *slash = strrchr(r->path, '/');
	const struct round_action *a = round_actions;
	while (a->suffix && (!slash || strcmp(slash + 1, a->suffix) != 0))
		a++;
	if (!a->suffix) {
		resp_error(r, o, 404, NULL);
		return 0;
	}
	if (round_ctx_or_respond(r, o, &c))
		return 0;
	char err[ROUND_ERR_LEN] = "";
	int rc = a->fn(r, &c, err, sizeof err);
	if (rc == -1) {
		struct problems e = { 0 };
		problems_add(&e, a->field, arena_strdup(r->a, err));
		o->status = 422;
		if (a->fn == round_do_return) {
			struct plan_node t;
			const struct plan_node *nd = round_item_or_respond(r, o, &c, &t);
			if (nd)
				round_item_page(r, o, &c, nd, &e, 1);
			return 0;
		}
		round_year_page(r, o, &c, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "%s?done=%s", round_base(r, &c), a->done));
	return 0;
}

/* ---- branch outcomes and problems ---- */

static void round_branch_page(struct req *r, struct resp *o, const struct round_ctx *c, const struct plan_node *nd,
			      const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s: %s", nd->code, nd->title, T(r, "outcomes and problems")));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p><a href=\"%S\">%s %s</a></p>\n", round_base(r, c), c->fyl, T(r, "progress survey"));
	if (c->ri.state == ROUND_PUBLISHED) {
		html_printf(b, "<p>%s</p>\n", T(r, "This year is published and read-only until an administrator reopens it."));
		html_printf(b, "<h2>%s</h2>\n<p>", T(r, "Outcomes"));
		html_text_br(b, nd->outcomes);
		html_printf(b, "</p>\n<h2>%s</h2>\n<p>", T(r, "Problems"));
		html_text_br(b, nd->problems);
		buf_puts(b, "</p>\n");
	} else {
		form_ui_open(&f, arena_printf(r->a, "%s/branches/%lld", round_base(r, c), nd->id), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "outcomes", .label = T(r, "Outcomes"), .value = nd->outcomes,
							      .rows = 6, .hint = T(r, "What the branch achieved this year (成果).") });
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "problems", .label = T(r, "Problems"), .value = nd->problems,
							      .rows = 6, .hint = T(r, "What remains to be solved (課題).") });
		form_ui_submit(&f, T(r, "Save"), round_base(r, c), T(r, "Back to the year"));
		form_ui_close(&f);
	}
	layout_end(r, o);
}

static int round_branch_get(struct req *r, struct resp *o)
{
	struct round_ctx c;
	struct plan_node t;
	const struct plan_node *nd;
	if (round_ctx_or_respond(r, o, &c) == 0 && (nd = round_item_or_respond(r, o, &c, &t)))
		round_branch_page(r, o, &c, nd, NULL);
	return 0;
}

static int round_branch_post(struct req *r, struct resp *o)
{
	struct round_ctx c;
	struct plan_node t;
	const struct plan_node *nd;
	if (round_ctx_or_respond(r, o, &c) || !(nd = round_item_or_respond(r, o, &c, &t)))
		return 0;
	char err[ROUND_ERR_LEN] = "";
	int rc = plan_branch_year_save(r->st, &r->who, c.p, nd->id, c.fy, req_form(r, "outcomes"),
				       req_form(r, "problems"), err, sizeof err);
	if (rc == -1) {
		struct problems e = { 0 };
		problems_add(&e, NULL, arena_strdup(r->a, err));
		o->status = 422;
		round_branch_page(r, o, &c, nd, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "%s?done=branch", round_base(r, &c)));
	return 0;
}

#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define ANSWERERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))

const struct route round_routes[] = {
	{ HTTP_GET, "/plans/{id}/years/{fy}", round_year_get, PLAN_READER_ROLES, 0 },
	{ HTTP_GET, "/plans/{id}/years/{fy}/items/{item}", round_item_get, PLAN_READER_ROLES, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/items/{item}", round_item_post, ANSWERERS, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/open", round_action_post, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/submit", round_action_post, ANSWERERS, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/items/{item}/return", round_action_post, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/publish", round_action_post, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/reopen", round_action_post, ADMIN, 0 },
	{ HTTP_GET, "/plans/{id}/years/{fy}/branches/{item}", round_branch_get, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/branches/{item}", round_branch_post, ADMIN, 0 },
	{ 0 },
};
