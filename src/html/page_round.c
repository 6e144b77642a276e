/* page_round: the yearly round (照会) screens (round_routes). The year page shows each
 * role its work: staff their department's items to answer (the deadline in 和暦, what was
 * sent back with the comment, the branches whose 成果/課題 they write) and, once they
 * have submitted, the same read-only; the administrator the round — its deadline, who has
 * answered, who is late with a link to remind them, the committee's opinions, the items —
 * and, at the end of the page, the way to the publishing confirmation (page_publish.c);
 * the committee the items and its own opinions; the center a read-only table. The item
 * page is the form of one item's record for the year with the previous year's answer
 * beside it; the branch page records outcomes and problems. Actions are a table
 * {path suffix, domain call, notice}. */
#include "html/pages.h"
#include "html/page_project_eval.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/plan.h"
#include "domain/plan_opinion.h"
#include "domain/plan_round.h"
#include "domain/plan_walk.h"
#include "store/store.h"
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
	char *my_submitted;	/* staff: when their department submitted this year, NULL when not */
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
	c->my_submitted = NULL;
	if (rc == 0 && r->who.role == ROLE_STAFF && r->who.department_id > 0)
		rc = plan_round_submitted(r->st, r->a, c->p, c->fy, r->who.department_id, &c->my_submitted);
	if (rc != 0)
		return page_domain_error(r, o, rc);
	return 0;
}

static const char *const round_state_labels[ROUND__MAX] = { N_("Not opened"), N_("Open"), N_("Published") };

struct round_item_state {
	const char *state, *label;
};
static const struct round_item_state round_item_states[] = {
	{ "draft", N_("Draft") },
	{ "submitted", N_("Submitted") },
	{ "returned", N_("Returned") },
	{ NULL, NULL },
};

static const char *round_item_state_label(struct req *r, const struct round_ctx *c, const struct plan_node *nd)
{
	const struct plan_year *y = &nd->y;
	if (nd->ended_fy)
		return T(r, "Ended (完了): not asked this year");
	if (y->hidden)
		return T(r, "Not submitted yet");
	if (!y->present || !y->state)
		return c->ri.state == ROUND_PUBLISHED ? T(r, "No answer (未回答)") : T(r, "Not answered");
	for (const struct round_item_state *s = round_item_states; s->state; s++)
		if (strcmp(s->state, y->state) == 0)
			return T(r, s->label);
	return y->state;
}

struct round_notice {
	const char *done, *text;
};
static const struct round_notice round_notices[] = {
	{ "opened", N_("The round for this year is open. Departments can now answer.") },
	{ "submitted", N_("The answers have been submitted.") },
	{ "returned", N_("The item has been sent back to its department.") },
	{ "published", N_("The year has been published. It is now read-only and visible to the public.") },
	{ "reopened", N_("The year has been reopened.") },
	{ "saved", N_("The item's record has been saved.") },
	{ "branch", N_("Outcomes and problems have been saved.") },
	{ "deadline", N_("The answer deadline has been saved.") },
	{ "reminded", N_("The reminder has been sent to the department.") },
	{ "opinion", N_("Your opinion has been saved. The collaboration division can read it now; it is published with the year.") },
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

/* "回答期限: 令和7年（2025年）6月30日" and, for a department that is late, that it is. */
static void round_deadline_line(struct req *r, struct buf *b, const struct round_ctx *c, int late)
{
	html_printf(b, "<p class=\"deadline\">%s: <strong>", T(r, "Answer deadline"));
	if (c->ri.deadline)
		when_date_html(r, b, c->ri.deadline);
	else
		html_printf(b, "%s", T(r, "not set"));
	buf_puts(b, "</strong>");
	if (late)
		html_printf(b, " <span class=\"badge badge--late\">%s</span>", T(r, "Past the deadline"));
	buf_puts(b, "</p>\n");
}

/* ---- the year page, by role ---- */

struct round_rows {
	struct req *r;
	struct buf *b;
	const struct round_ctx *c;
};

/* The item's answer has been submitted (and not sent back since). */
static int round_item_submitted(const struct plan_node *nd)
{
	return nd->y.present && nd->y.state && strcmp(nd->y.state, "submitted") == 0;
}

/* May the staff viewer change this item's answer now? */
static int round_staff_may_edit(struct req *r, const struct round_ctx *c, const struct plan_node *nd)
{
	if (r->who.role != ROLE_STAFF || c->ri.state != ROUND_OPEN || nd->nchildren || nd->ended_fy ||
	    nd->department_id != r->who.department_id)
		return 0;
	if (round_item_submitted(nd))	/* another item sent back reopens only that one */
		return 0;
	return !c->my_submitted || (nd->y.present && nd->y.state && strcmp(nd->y.state, "returned") == 0);
}

/* One row of the staff's table of their own items (plan_walk callback). */
static int round_staff_row(void *arg, const struct plan_node *nd)
{
	struct round_rows *w = arg;
	struct req *r = w->r;
	struct buf *b = w->b;
	int edit = round_staff_may_edit(r, w->c, nd);
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td>", nd->code,
		    nd->title, nd->y.present ? nd->y.status : NULL, round_item_state_label(r, w->c, nd),
		    nd->y.present ? nd->y.return_comment : NULL);
	html_printf(b, "<td><a href=\"%S/items/%lld\">%s<span class=\"visually-hidden\"> %s</span></a></td></tr>\n",
		    round_base(r, w->c), nd->id, edit ? T(r, "Answer") : T(r, "Show"), nd->code);
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

/* The branches the department writes the outcomes and problems of (plan_walk callback). */
static int round_branch_link(void *arg, const struct plan_node *nd)
{
	struct round_rows *w = arg;
	html_printf(w->b, "<li><a href=\"%S/branches/%lld\">%s %s</a></li>\n", round_base(w->r, w->c), nd->id, nd->code,
		    nd->title);
	return w->b->oom ? -1 : 0;
}

static int round_staff_branches(struct req *r, struct buf *b, const struct round_ctx *c)
{
	struct round_rows w = { r, b, c };
	struct buf list = BUF_INIT;
	w.b = &list;
	struct plan_walk_opts o = { .fy = c->fy, .scope = WALK_DEPT_BRANCHES, .arg = r->who.department_id };
	int rc = plan_walk(r->st, c->p, &r->who, &o, round_branch_link, &w);
	if (rc == 0 && list.len) {
		html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n<ul class=\"link-list\">\n", T(r, "Outcomes and problems you write"),
			    T(r, "Your department is in charge of these pillars and measures: write what they achieved this year (成果) and what remains (課題)."));
		buf_append(b, list.data, list.len);
		buf_puts(b, "</ul>\n");
	}
	buf_free(&list);
	return rc;
}

static int round_staff_view(struct req *r, struct buf *b, const struct round_ctx *c)
{
	long long dept = r->who.department_id;
	const struct round_dept *d = round_my_dept(c, dept);
	int mine = d ? d->items : 0, answered = d ? d->answered : 0;
	long long page = page_number(r);
	const char *base = round_base(r, c);
	if (c->ri.state != ROUND_NONE)
		round_deadline_line(r, b, c, d && d->late);
	if (c->ri.state == ROUND_OPEN && c->my_submitted) {
		html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s ", T(r, "Your department submitted its answers on"));
		when_html(r, b, c->my_submitted);
		html_printf(b, ".</p><p>%s</p></div>\n",
			    T(r, "They are read-only now. If the collaboration division sends an item back, you can rewrite it and submit again."));
	}
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
		html_printf(b, "<p>%s</p>\n", T(r, "Your department has no items to answer in this plan this year."));
	if ((rc = round_staff_branches(r, b, c)) != 0)
		return rc;
	html_printf(b, "<p><a href=\"/plans/%lld?fy=%d\">%s</a></p>\n", c->p->id, c->fy,
		    T(r, "Every item of the plan, with the answers other departments have submitted"));
	if (c->ri.state != ROUND_OPEN) {
		html_printf(b, "<p>%s</p>\n", T(r, "The round for this year is not open, so answers cannot be changed."));
		return 0;
	}
	if (c->my_submitted || mine == 0)
		return 0;
	html_printf(b, "<h2>%s</h2>\n<p>%s: %d / %d</p>\n", T(r, "Submit to the collaboration division"), T(r, "Answered"),
		    answered, mine);
	if (answered == mine) {
		html_printf(b, "<p>%s</p>\n", T(r, "When every answer is ready, submit them to the collaboration division."));
		round_button_form(r, b, c, "submit", T(r, "Submit the answers"));
	} else {
		html_printf(b, "<p>%s</p>\n", T(r, "Every item needs a status before you can submit."));
	}
	return 0;
}

static void round_admin_dept_submitted(struct req *r, struct buf *b, const struct round_ctx *c,
				       const struct round_dept *d)
{
	if (d->submitted_at) {
		when_html(r, b, d->submitted_at);
		return;
	}
	html_printf(b, "<strong>%s</strong>", T(r, "Not submitted"));
	if (d->late)
		html_printf(b, " <span class=\"badge badge--late\">%s</span>", T(r, "Late"));
	if (c->ri.state == ROUND_OPEN && d->answered == d->items) {
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		const char *hidden[] = { "dept", arena_printf(r->a, "%lld", d->department_id), NULL };
		form_ui_button(&f, arena_printf(r->a, "%s/submit", round_base(r, c)), T(r, "Submit for the department"),
			       d->department, FORM_UI_SECONDARY, hidden);
	}
}

static void round_admin_depts(struct req *r, struct buf *b, const struct round_ctx *c)
{
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
		    T(r, "Answers by department"), T(r, "Department"), T(r, "Items"), T(r, "Answered"), T(r, "Returned"),
		    T(r, "Submitted"), T(r, "Reminder"));
	for (int i = 0; i < c->ri.ndepts; i++) {
		const struct round_dept *d = &c->ri.depts[i];
		html_printf(b, "<tr%S><th scope=\"row\">%s</th><td class=\"num\">%d</td><td class=\"num\">%d</td>"
			       "<td class=\"num\">%d</td><td>",
			    d->late ? " class=\"late\"" : "", d->department, d->items, d->answered, d->returned);
		round_admin_dept_submitted(r, b, c, d);
		buf_puts(b, "</td><td>");
		if (d->reminded_at) {
			html_printf(b, "%s ", T(r, "Last sent"));
			when_html(r, b, d->reminded_at);
		}
		if (!d->submitted_at && c->ri.state == ROUND_OPEN)
			html_printf(b, "%S<a href=\"%S/remind?dept=%lld\">%s<span class=\"visually-hidden\"> %s</span></a>",
				    d->reminded_at ? "<br>" : "", round_base(r, c), d->department_id, T(r, "Send a reminder"),
				    d->department);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

/* Who is late, in one line above the table. */
static void round_admin_late(struct req *r, struct buf *b, const struct round_ctx *c)
{
	int n = 0;
	for (int i = 0; i < c->ri.ndepts; i++)
		n += c->ri.depts[i].late;
	if (!n)
		return;
	html_printf(b, "<div class=\"notice provisional\" role=\"status\"><p><strong>%s</strong> ",
		    T(r, "Past the deadline and not submitted:"));
	for (int i = 0, k = 0; i < c->ri.ndepts; i++)
		if (c->ri.depts[i].late)
			html_printf(b, "%S%s", k++ ? "、" : "", c->ri.depts[i].department);
	html_printf(b, "</p><p>%s</p></div>\n", T(r, "Send each a reminder from the table below: its staff are told in the app and by email."));
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
		    nd->nchildren ? "" : round_item_state_label(r, w->c, nd));
	return w->b->oom ? -1 : 0;
}

static void round_deadline_form(struct req *r, struct buf *b, const struct round_ctx *c, const struct problems *e,
				const char *action, const char *button)
{
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_open(&f, arena_printf(r->a, "%s/%s", round_base(r, c), action), NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "deadline", .label = T(r, "Answer deadline"),
						  .value = c->ri.deadline, .maxlength = 40,
						  .hint = T(r, "The day by which departments answer, e.g. 2025-06-30 or 令和7年6月30日. Leave empty for none.") });
	form_ui_submit(&f, button, NULL, NULL);
	form_ui_close(&f);
}

static int round_admin_items(struct req *r, struct buf *b, const struct round_ctx *c)
{
	long long page = page_number(r), total = plan_walk_count(r->st, c->p, c->fy, WALK_ALL, 0);
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

static int round_admin_view(struct req *r, struct buf *b, const struct round_ctx *c, const struct problems *e)
{
	html_printf(b, "<h2>%s</h2>\n", T(r, "Round"));
	if (c->ri.state == ROUND_NONE) {
		html_printf(b, "<p>%s</p>\n", T(r, "Opening the round asks every department for its answers for this year; they are told at once."));
		round_deadline_form(r, b, c, e, "open", T(r, "Open the round"));
	} else if (c->ri.state == ROUND_OPEN) {
		round_deadline_line(r, b, c, 0);
		round_admin_late(r, b, c);
		round_admin_depts(r, b, c);
		html_printf(b, "<details class=\"no-print\"%S><summary>%s</summary>\n", problems_of(e, "deadline") ? " open" : "",
			    T(r, "Change the answer deadline"));
		round_deadline_form(r, b, c, e, "deadline", T(r, "Save the deadline"));
		buf_puts(b, "</details>\n");
	} else {
		html_printf(b, "<p>%s: ", T(r, "Published"));
		when_html(r, b, c->ri.published_at);
		buf_puts(b, "</p>\n");
		round_admin_depts(r, b, c);
		struct form_ui f;
		form_ui_init(&f, r, b, e);
		form_ui_open(&f, arena_printf(r->a, "%s/reopen", round_base(r, c)), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "reason", .label = T(r, "Reason for reopening"),
							      .required = 1, .rows = 3,
							      .hint = T(r, "Recorded in the audit log.") });
		form_ui_submit(&f, T(r, "Reopen the year"), NULL, NULL);
		form_ui_close(&f);
	}
	int rc = page_opinions(r, b, c->p, c->fy, 0, c->ri.state == ROUND_PUBLISHED, NULL);
	if (rc == 0)
		rc = round_admin_items(r, b, c);
	if (rc == 0 && c->ri.state == ROUND_OPEN) {
		/* Publishing is the last step, at the end of the page and behind a confirmation
		 * that shows what is still open: never a button under a round just opened. */
		html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n<p><a class=\"button button--secondary\" href=\"%S/publish\">%s</a></p>\n",
			    T(r, "Publishing"),
			    T(r, "When the departments have submitted, publish the year: the confirmation shows what is still unanswered, in draft or sent back."),
			    round_base(r, c), T(r, "Review and publish…"));
	}
	return rc;
}

static int round_committee_view(struct req *r, struct buf *b, const struct round_ctx *c, const struct problems *e)
{
	if (c->ri.state != ROUND_NONE)
		round_deadline_line(r, b, c, 0);
	int rc = page_opinions(r, b, c->p, c->fy, 0, c->ri.state == ROUND_PUBLISHED, e);
	if (rc == 0)
		rc = page_tree_paged(r, b, c->p, c->fy, arena_printf(r->a, "%s %s", T(r, "Items and progress in"), c->fyl),
				     0, round_base(r, c));
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
	else if (r->who.role == ROLE_COMMITTEE)
		rc = round_committee_view(r, b, c, e);
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
	return round_staff_may_edit(r, c, nd);
}

/* Why the viewer reads this answer without a form (NULL: nothing to say). */
static const char *round_readonly_reason(struct req *r, const struct round_ctx *c, const struct plan_node *nd)
{
	if (nd->nchildren)
		return NULL;
	if (c->ri.state == ROUND_PUBLISHED)
		return T(r, "This year is published and read-only until an administrator reopens it.");
	if (r->who.role != ROLE_STAFF || nd->department_id != r->who.department_id)
		return NULL;
	if (nd->ended_fy)
		return T(r, "This item ended (完了) in an earlier year of the plan: it is not asked again.");
	if (c->ri.state != ROUND_OPEN)
		return T(r, "The round for this year is not open, so answers cannot be changed.");
	if (c->my_submitted || round_item_submitted(nd))
		return T(r, "Your department has submitted this answer: it is read-only now. If the collaboration division sends it back, you can rewrite it.");
	return NULL;
}

/* The values the form starts from: the stored answer, or the previous year's. */
struct round_form_values {
	const char *status, *achievement, *result, *next_priority, *next_reason;
};

static void round_values_of(struct req *r, const struct plan_year *y, struct round_form_values *v)
{
	memset(v, 0, sizeof *v);
	if (!y->present)
		return;
	v->status = y->status;
	v->achievement = y->has_achievement ? arena_printf(r->a, "%g", y->achievement) : "";
	v->result = y->result;
	v->next_priority = y->next_priority;
	v->next_reason = y->next_reason;
}

static void round_item_form(struct req *r, struct buf *b, const struct round_ctx *c, const struct plan_node *nd,
			    const struct round_form_values *v, const struct problems *e)
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
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_open(&f, arena_printf(r->a, "%s/items/%lld", round_base(r, c), nd->id), NULL);
	form_ui_select(&f, &(struct form_ui_field){ .name = "status", .label = T(r, "Status"), .value = v->status,
						    .hint = T(r, "How far the item went this year (施策の実施).") },
		       st, p->nstatuses, T(r, "(no status)"));
	form_ui_text(&f, &(struct form_ui_field){ .name = "achievement", .label = T(r, "Achievement (%)"), .value = v->achievement,
						  .type = FORM_UI_NUMBER, .maxlength = 10,
						  .hint = T(r, "Optional: a number from 0 to 100, when the item has a measurable target.") });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "result", .label = T(r, "Result"), .value = v->result,
						      .rows = 6, .hint = T(r, "What was done this year (実績), as the report will print it.") });
	form_ui_select(&f, &(struct form_ui_field){ .name = "next_priority", .label = T(r, "Next class"),
						    .value = v->next_priority,
						    .hint = T(r, "The class the item takes in the next plan (次期案), or 完了 when it ends.") },
		       nx, p->npriorities + 1, T(r, "(none)"));
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "next_reason", .label = T(r, "Reason"),
						      .value = v->next_reason, .rows = 3,
						      .hint = T(r, "Why that class (理由).") });
	form_ui_submit(&f, T(r, "Save"), round_base(r, c), T(r, "Back to the year"));
	form_ui_close(&f);
}

static void round_item_facts(struct req *r, struct buf *b, const struct round_ctx *c, const struct plan_node *nd)
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
	if (!nd->nchildren)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", T(r, "State"), round_item_state_label(r, c, nd));
	if (nd->y.present && nd->y.return_comment && *nd->y.return_comment)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", T(r, "Comment from the division"), nd->y.return_comment);
	buf_puts(b, "</dl>\n");
}

/* An answer as a list of facts (the read-only form, the previous year's answer). */
static void round_answer_facts(struct req *r, struct buf *b, const struct plan_year *y)
{
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Status"), y->present ? y->status : NULL);
	if (y->present && y->has_achievement)
		html_printf(b, "<dt>%s</dt><dd>%S%%</dd>\n", T(r, "Achievement (%)"), arena_printf(r->a, "%g", y->achievement));
	html_printf(b, "<dt>%s</dt><dd>", T(r, "Result"));
	if (y->present && y->result)
		html_text_br(b, y->result);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", T(r, "Next class"),
		    y->present ? y->next_priority : NULL, T(r, "Reason"));
	if (y->present && y->next_reason)
		html_text_br(b, y->next_reason);
	buf_puts(b, "</dd>\n</dl>\n");
}

static void round_item_readonly(struct req *r, struct buf *b, const struct round_ctx *c, const struct plan_node *nd)
{
	if (nd->y.hidden) {	/* a draft or an answer sent back, which this viewer does not see */
		html_printf(b, "<p>%s</p>\n", T(r, "The department has not submitted its answer for this year yet."));
		return;
	}
	if (!nd->y.present && c->ri.state == ROUND_PUBLISHED) {
		html_printf(b, "<p>%s</p>\n", T(r, "No answer (未回答): the year was published without an answer for this item."));
		return;
	}
	round_answer_facts(r, b, &nd->y);
}

/* The previous year's answer beside the form, with a way to start from it. */
static void round_previous(struct req *r, struct buf *b, const struct round_ctx *c, const struct plan_node *prev,
			   int editable)
{
	char pfy[64];
	page_fy_label(c->fy - 1, pfy, sizeof pfy);
	html_printf(b, "<aside class=\"previous-answer\" aria-labelledby=\"prev-title\">\n<h2 id=\"prev-title\">%s %s</h2>\n",
		    pfy, T(r, "answer"));
	if (!prev || (!prev->y.present && !prev->y.hidden)) {
		html_printf(b, "<p>%s</p>\n</aside>\n", T(r, "There is no answer for the previous year."));
		return;
	}
	if (prev->y.hidden) {
		html_printf(b, "<p>%s</p>\n</aside>\n", T(r, "The department has not submitted its answer for this year yet."));
		return;
	}
	round_answer_facts(r, b, &prev->y);
	if (editable)
		html_printf(b, "<p><a class=\"button button--secondary\" href=\"%S/items/%lld?start=previous\">%s</a></p>\n",
			    round_base(r, c), prev->id, T(r, "Start from the previous year's answer"));
	buf_puts(b, "</aside>\n");
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

/* Which form on the item page a rejected POST belongs to. */
enum round_item_form_kind { ITEM_FORM_ANSWER, ITEM_FORM_RETURN, ITEM_FORM_OPINION };

static void round_item_page(struct req *r, struct resp *o, const struct round_ctx *c, const struct plan_node *nd,
			    const struct problems *e, enum round_item_form_kind which)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s", nd->code, nd->title));
	o->status = status;
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	form_ui_summary(&top);
	html_printf(b, "<p><a href=\"%S\">%s %s</a></p>\n", round_base(r, c), c->fyl, T(r, "progress survey"));
	round_item_facts(r, b, c, nd);
	int editable = round_may_edit(r, c, nd);
	struct plan_node prev;
	int has_prev = !nd->nchildren && c->fy > c->p->first_fy &&
		       plan_item_load(r->st, r->a, c->p, c->fy - 1, &r->who, nd->id, &prev) == 0;
	int start_prev = editable && has_prev && prev.y.present && !e && req_query(r, "start") &&
			 strcmp(req_query(r, "start"), "previous") == 0;
	if (start_prev)
		layout_notice(b, T(r, "The previous year's answer is in the form below. Change what differs this year; nothing is saved until you save."));
	html_printf(b, "<div class=\"answer-layout\">\n<section class=\"answer-layout__main\" aria-labelledby=\"rec-title\">\n"
		       "<h2 id=\"rec-title\">%s %s</h2>\n", c->fyl, T(r, "record"));
	const char *why = round_readonly_reason(r, c, nd);
	if (editable) {
		struct round_form_values v;
		round_values_of(r, start_prev ? &prev.y : &nd->y, &v);
		round_item_form(r, b, c, nd, &v, which == ITEM_FORM_ANSWER ? e : NULL);
	} else {
		if (why)
			html_printf(b, "<p class=\"notice\" role=\"status\">%s</p>\n", why);
		round_item_readonly(r, b, c, nd);
	}
	buf_puts(b, "</section>\n");
	if (!nd->nchildren && c->fy > c->p->first_fy)
		round_previous(r, b, c, has_prev ? &prev : NULL, editable);
	buf_puts(b, "</div>\n");
	if (r->who.role == ROLE_ADMIN && c->ri.state == ROUND_OPEN && nd->y.present && !nd->nchildren &&
	    nd->department_id > 0) {	/* an item without a department is the division's own answer */
		struct form_ui f;
		form_ui_init(&f, r, b, which == ITEM_FORM_RETURN ? e : NULL);
		html_printf(b, "<h2>%s</h2>\n", T(r, "Send back to the department"));
		form_ui_open(&f, arena_printf(r->a, "%s/items/%lld/return", round_base(r, c), nd->id), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "comment", .label = T(r, "Comment"), .required = 1,
							      .rows = 3, .hint = T(r, "Say what the department should check or add.") });
		form_ui_submit(&f, T(r, "Send back"), NULL, NULL);
		form_ui_close(&f);
	}
	if (page_project_item_block(r, b, nd->id) != 0 || page_peval_item_block(r, b, nd->id, c->fy) != 0 ||
	    page_opinions(r, b, c->p, c->fy, nd->id, c->ri.state == ROUND_PUBLISHED,
			  which == ITEM_FORM_OPINION ? e : NULL) != 0) {
		resp_clear_body(o);
		page_domain_error(r, o, STORE_ERR);
		return;
	}
	layout_end(r, o);
}

static int round_item_get(struct req *r, struct resp *o)
{
	struct round_ctx c;
	struct plan_node t;
	const struct plan_node *nd;
	if (round_ctx_or_respond(r, o, &c) == 0 && (nd = round_item_or_respond(r, o, &c, &t)))
		round_item_page(r, o, &c, nd, NULL, ITEM_FORM_ANSWER);
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
		round_item_page(r, o, &c, nd, &e, ITEM_FORM_ANSWER);
		return 0;
	}
	int rc = plan_year_save(r->st, &r->who, c.p, nd->id, c.fy, &in, err, sizeof err);
	if (rc == -1) {
		problems_add(&e, NULL, arena_strdup(r->a, err));
		o->status = 422;
		round_item_page(r, o, &c, nd, &e, ITEM_FORM_ANSWER);
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
	return plan_round_open_with(r->st, &r->who, c->p, c->fy, req_form(r, "deadline"), err, n);
}

static int round_do_deadline(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	const char *d = req_form(r, "deadline");
	return plan_round_set_deadline(r->st, &r->who, c->p, c->fy, d ? d : "", err, n);
}

static int round_do_submit(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	long long dept = r->who.department_id;
	const char *d = req_form(r, "dept");
	if (r->who.role == ROLE_ADMIN)
		dept = d ? strtoll(d, NULL, 10) : 0;
	return plan_round_submit(r->st, &r->who, c->p, c->fy, dept, err, n);
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

static int round_do_opinion(struct req *r, const struct round_ctx *c, char *err, size_t n)
{
	long long item = r->nparams > 2 ? req_param_id(r, 2) : 0;
	if (r->nparams > 2 && item <= 0)
		return PLAN_NOT_FOUND;
	return plan_opinion_save(r->st, &r->who, c->p, c->fy, item, req_form(r, "opinion"), err, n);
}

struct round_action {
	const char *suffix;	/* last path segment */
	round_fn fn;
	const char *done;	/* ?done= notice after success */
	const char *field;	/* the input a refusal is about (NULL: the action itself) */
	int on_item;		/* a refusal re-renders the item page (which form) */
	enum round_item_form_kind form;
};

static const struct round_action round_actions[] = {
	{ "open", round_do_open, "opened", "deadline", 0, 0 },
	{ "deadline", round_do_deadline, "deadline", "deadline", 0, 0 },
	{ "submit", round_do_submit, "submitted", NULL, 0, 0 },
	{ "reopen", round_do_reopen, "reopened", "reason", 0, 0 },
	{ "return", round_do_return, "returned", "comment", 1, ITEM_FORM_RETURN },
	{ "opinion", round_do_opinion, "opinion", "opinion", 1, ITEM_FORM_OPINION },
	{ NULL, NULL, NULL, NULL, 0, 0 },
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
	int on_item = a->on_item && r->nparams > 2;
	if (rc == -1) {
		struct problems e = { 0 };
		problems_add(&e, a->field, arena_strdup(r->a, err));
		o->status = 422;
		if (on_item) {
			struct plan_node t;
			const struct plan_node *nd = round_item_or_respond(r, o, &c, &t);
			if (nd)
				round_item_page(r, o, &c, nd, &e, a->form);
			return 0;
		}
		round_year_page(r, o, &c, &e);	/* the year page holds every form of the year */
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	if (on_item && a->fn == round_do_opinion)
		resp_redirect(o, arena_printf(r->a, "%s/items/%lld?done=opinion", round_base(r, &c), req_param_id(r, 2)));
	else
		resp_redirect(o, arena_printf(r->a, "%s?done=%s", round_base(r, &c), a->done));
	return 0;
}

/* ---- branch outcomes and problems ---- */

/* The division, or the department the branch names while it may still write. */
static int round_branch_may_edit(struct req *r, const struct round_ctx *c, const struct plan_node *nd)
{
	if (c->ri.state == ROUND_PUBLISHED || !nd->nchildren)
		return 0;
	if (r->who.role == ROLE_ADMIN)
		return 1;
	return r->who.role == ROLE_STAFF && c->ri.state == ROUND_OPEN && !c->my_submitted &&
	       nd->department_id > 0 && nd->department_id == r->who.department_id;
}

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
	round_notice(r, b);
	html_printf(b, "<p><a href=\"%S\">%s %s</a></p>\n", round_base(r, c), c->fyl, T(r, "progress survey"));
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Department in charge"), nd->department);
	if (nd->key_goal && *nd->key_goal) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Key goal"));
		html_text_br(b, nd->key_goal);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n");
	if (!round_branch_may_edit(r, c, nd)) {
		if (c->ri.state == ROUND_PUBLISHED)
			html_printf(b, "<p class=\"notice\" role=\"status\">%s</p>\n",
				    T(r, "This year is published and read-only until an administrator reopens it."));
		else if (r->who.role == ROLE_STAFF && c->my_submitted && nd->department_id == r->who.department_id)
			html_printf(b, "<p class=\"notice\" role=\"status\">%s</p>\n",
				    T(r, "Your department has submitted this year: its outcomes and problems are read-only now."));
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
#define COMMITTEE ROLE_BIT(ROLE_COMMITTEE)

const struct route round_routes[] = {
	{ HTTP_GET, "/plans/{id}/years/{fy}", round_year_get, PLAN_READER_ROLES, 0 },
	{ HTTP_GET, "/plans/{id}/years/{fy}/items/{item}", round_item_get, PLAN_READER_ROLES, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/items/{item}", round_item_post, ANSWERERS, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/open", round_action_post, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/deadline", round_action_post, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/submit", round_action_post, ANSWERERS, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/items/{item}/return", round_action_post, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/reopen", round_action_post, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/opinion", round_action_post, COMMITTEE, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/items/{item}/opinion", round_action_post, COMMITTEE, 0 },
	{ HTTP_GET, "/plans/{id}/years/{fy}/branches/{item}", round_branch_get, PLAN_READER_ROLES, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/branches/{item}", round_branch_post, ANSWERERS, 0 },
	{ 0 },
};
