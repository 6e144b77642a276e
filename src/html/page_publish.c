/* page_publish: publishing a year safely and reminding a department (publish_routes).
 * The publish confirmation shows, department by department, what is still unanswered,
 * in draft or sent back (plan_round_open_items); while anything is open, publishing
 * needs the explicit choice to publish those items as 未回答 and a reason (audited).
 * The reminder page (督促) sends a department that has not submitted a reminder, with
 * optional words of the division's. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/plan_round.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PUBLISH_ERR_LEN 256

struct publish_ctx {
	struct plan *p;
	int fy;
	char fyl[64];
	struct round_info ri;
};

static int publish_ctx_or_respond(struct req *r, struct resp *o, struct publish_ctx *c)
{
	if (page_plan_or_respond(r, o, 0, &c->p) || page_fy_or_respond(r, o, c->p, r->params[1], &c->fy))
		return -1;
	page_fy_label(c->fy, c->fyl, sizeof c->fyl);
	int rc = plan_round_get(r->st, r->a, c->p, c->fy, &c->ri);
	return rc ? page_domain_error(r, o, rc) : 0;
}

static const char *publish_base(struct req *r, const struct publish_ctx *c)
{
	return arena_printf(r->a, "/plans/%lld/years/%d", c->p->id, c->fy);
}

static const char *const open_kind_labels[OPEN__MAX] = { N_("Unanswered"), N_("In draft"), N_("Sent back") };

/* The table of departments: items, unanswered, in draft, sent back, submitted. */
static void publish_depts(struct req *r, struct buf *b, const struct publish_ctx *c, const struct plan_open *op)
{
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s %s</caption>\n"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		    b->len, b->len, c->fyl, T(r, "what each department has answered"), T(r, "Department"), T(r, "Items"));
	for (int k = 0; k < OPEN__MAX; k++)
		html_printf(b, "<th scope=\"col\">%s</th>", T(r, open_kind_labels[k]));
	html_printf(b, "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", T(r, "Submitted"));
	for (int i = 0; i < op->ndepts; i++) {
		const struct plan_open_dept *d = &op->depts[i];
		html_printf(b, "<tr%S><th scope=\"row\">%s</th><td class=\"num\">%d</td>", d->open ? " class=\"open\"" : "",
			    d->department ? d->department : T(r, "(no department: answered by the division)"), d->items);
		for (int k = 0; k < OPEN__MAX; k++)
			html_printf(b, "<td class=\"num\">%S%d%S</td>", d->counts[k] ? "<strong>" : "", d->counts[k],
				    d->counts[k] ? "</strong>" : "");
		buf_puts(b, "<td>");
		if (d->submitted_at)
			when_html(r, b, d->submitted_at);
		else if (d->department_id)
			html_printf(b, "<strong>%s</strong>", T(r, "Not submitted"));
		else
			buf_puts(b, "—");
		buf_puts(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody>\n<tfoot><tr class=\"total\"><th scope=\"row\">%s</th><td class=\"num\">%d</td>",
		    T(r, "Total"), op->items);
	for (int k = 0; k < OPEN__MAX; k++)
		html_printf(b, "<td class=\"num\">%d</td>", op->counts[k]);
	buf_puts(b, "<td></td></tr></tfoot>\n</table>\n</div>\n");
}

/* The open items of each department, by name, with a link to each. */
static void publish_open_lists(struct req *r, struct buf *b, const struct publish_ctx *c, const struct plan_open *op)
{
	for (int i = 0; i < op->ndepts; i++) {
		const struct plan_open_dept *d = &op->depts[i];
		if (!d->open)
			continue;
		html_printf(b, "<h3>%s</h3>\n<ul class=\"open-items\">\n",
			    d->department ? d->department : T(r, "(no department: answered by the division)"));
		for (int k = 0; k < d->nlisted; k++)
			html_printf(b, "<li><span class=\"badge\">%s</span> <a href=\"%S/items/%lld\">%s %s</a></li>\n",
				    T(r, open_kind_labels[d->listed[k].kind]), publish_base(r, c), d->listed[k].id,
				    d->listed[k].code, d->listed[k].title);
		if (d->open > d->nlisted)
			html_printf(b, "<li>%s %d</li>\n", T(r, "…and more items:"), d->open - d->nlisted);
		buf_puts(b, "</ul>\n");
	}
}

static void publish_form(struct req *r, struct buf *b, const struct publish_ctx *c, const struct plan_open *op,
			 const struct problems *e)
{
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_open(&f, arena_printf(r->a, "%s/publish", publish_base(r, c)), NULL);
	if (op->open > 0) {
		form_ui_checkbox(&f, &(struct form_ui_field){
					     .name = "with_open",
					     .label = arena_printf(r->a, T(r, "Publish now: the %d items still open are published as 未回答 (no answer)"), op->open),
					     .hint = T(r, "They count in the report's totals as 未回答. Drafts and answers sent back are not published; reopening the year gives them back to their departments.") },
				 0);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "reason", .label = T(r, "Reason for publishing now"),
							      .required = 1, .rows = 3,
							      .hint = T(r, "Recorded in the audit log, e.g. the committee meets on 20 June.") });
	}
	form_ui_submit(&f, T(r, "Publish the year"), publish_base(r, c), T(r, "Back to the year"));
	form_ui_close(&f);
}

static void publish_page(struct req *r, struct resp *o, const struct publish_ctx *c, const struct problems *e)
{
	struct plan_open op;
	int rc = plan_round_open_items(r->st, r->a, c->p, c->fy, &r->who, &op);
	if (rc != 0) {
		page_domain_error(r, o, rc);
		return;
	}
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s: %s", c->p->title, c->fyl, T(r, "publish")));
	o->status = status;
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	form_ui_summary(&top);
	html_printf(b, "<p><a href=\"%S\">%s %s</a></p>\n", publish_base(r, c), c->fyl, T(r, "progress survey"));
	if (c->ri.state != ROUND_OPEN) {
		html_printf(b, "<p>%s</p>\n", T(r, "Only an open round can be published."));
		layout_end(r, o);
		return;
	}
	if (op.open == 0)
		html_printf(b, "<p class=\"lead\">%s</p>\n",
			    T(r, "Every item has its department's answer: nothing is left open. Publishing makes the year's report public."));
	else
		html_printf(b, "<div class=\"notice provisional\" role=\"status\"><p><strong>%s</strong> %S</p></div>\n",
			    T(r, "Not everything is answered yet."),
			    arena_printf(r->a, T(r, "%d of the %d items are still open: %d unanswered, %d in draft, %d sent back."),
					 op.open, op.items, op.counts[OPEN_UNANSWERED], op.counts[OPEN_DRAFT],
					 op.counts[OPEN_RETURNED]));
	publish_depts(r, b, c, &op);
	publish_open_lists(r, b, c, &op);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Publish"));
	publish_form(r, b, c, &op, e);
	layout_end(r, o);
}

static int publish_get(struct req *r, struct resp *o)
{
	struct publish_ctx c;
	if (publish_ctx_or_respond(r, o, &c) == 0)
		publish_page(r, o, &c, NULL);
	return 0;
}

static int publish_post(struct req *r, struct resp *o)
{
	struct publish_ctx c;
	if (publish_ctx_or_respond(r, o, &c))
		return 0;
	const char *w = req_form(r, "with_open");
	struct plan_publish_input in = { w && strcmp(w, "1") == 0, req_form(r, "reason") };
	struct plan_open op;
	int rc = plan_round_open_items(r->st, r->a, c.p, c.fy, &r->who, &op);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct problems e = { 0 };
	char err[PUBLISH_ERR_LEN] = "";
	if (plan_publish_check(op.open, &in, &e) == 0) {
		rc = plan_round_publish(r->st, &r->who, c.p, c.fy, &in, err, sizeof err);
		if (rc == -1)	/* refused inside the transaction (something opened meanwhile) */
			problems_add(&e, NULL, arena_strdup(r->a, err));
		else if (rc != 0)
			return page_domain_error(r, o, rc), 0;
	}
	if (problems_any(&e)) {
		o->status = 422;
		publish_page(r, o, &c, &e);
		return 0;
	}
	resp_redirect(o, arena_printf(r->a, "%s?done=published", publish_base(r, &c)));
	return 0;
}

/* ---- a reminder (督促) to one department ---- */

static const struct round_dept *remind_dept(struct req *r, const struct publish_ctx *c)
{
	const char *d = req_form(r, "dept");
	if (!d)
		d = req_query(r, "dept");
	long long id = d ? strtoll(d, NULL, 10) : 0;
	for (int i = 0; id > 0 && i < c->ri.ndepts; i++)
		if (c->ri.depts[i].department_id == id)
			return &c->ri.depts[i];
	return NULL;
}

static void remind_page(struct req *r, struct resp *o, const struct publish_ctx *c, const struct round_dept *d,
			const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s: %s", T(r, "Send a reminder"), d->department));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p><a href=\"%S\">%s %s</a></p>\n", publish_base(r, c), c->fyl, T(r, "progress survey"));
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%d / %d</dd>\n", T(r, "Department"),
		    d->department, T(r, "Answered"), d->answered, d->items);
	html_printf(b, "<dt>%s</dt><dd>", T(r, "Answer deadline"));
	if (c->ri.deadline)
		when_date_html(r, b, c->ri.deadline);
	else
		html_printf(b, "%s", T(r, "not set"));
	if (d->late)
		html_printf(b, " <span class=\"badge badge--late\">%s</span>", T(r, "Past the deadline"));
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", T(r, "Last reminder"));
	when_html(r, b, d->reminded_at);
	buf_puts(b, "</dd>\n</dl>\n");
	if (d->submitted_at) {
		html_printf(b, "<p>%s</p>\n", T(r, "That department has already submitted its answers."));
		layout_end(r, o);
		return;
	}
	html_printf(b, "<p>%s</p>\n",
		    T(r, "The department's staff are told in the app and, unless they chose otherwise, by email, with the plan, the year and the deadline."));
	form_ui_open(&f, arena_printf(r->a, "%s/remind", publish_base(r, c)), NULL);
	form_ui_hidden(&f, "dept", arena_printf(r->a, "%lld", d->department_id));
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "message", .label = T(r, "Message"), .rows = 4,
						      .hint = T(r, "Optional: words added to the reminder, e.g. whom to call.") });
	form_ui_submit(&f, T(r, "Send the reminder"), publish_base(r, c), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int remind_get(struct req *r, struct resp *o)
{
	struct publish_ctx c;
	if (publish_ctx_or_respond(r, o, &c))
		return 0;
	const struct round_dept *d = remind_dept(r, &c);
	if (!d)
		return resp_error(r, o, 404, "That department has no items in this round."), 0;
	remind_page(r, o, &c, d, NULL);
	return 0;
}

static int remind_post(struct req *r, struct resp *o)
{
	struct publish_ctx c;
	if (publish_ctx_or_respond(r, o, &c))
		return 0;
	const struct round_dept *d = remind_dept(r, &c);
	struct problems e = { 0 };
	char err[PUBLISH_ERR_LEN] = "";
	const char *msg = req_form(r, "message");
	if (!d) {
		o->status = 422;
		resp_error(r, o, 422, "That department has no items in this round.");
		return 0;
	}
	if (plan_remind_check(msg, &e) == 0) {
		int rc = plan_round_remind(r->st, &r->who, c.p, c.fy, d->department_id, msg, err, sizeof err);
		if (rc == -1)
			problems_add(&e, NULL, arena_strdup(r->a, err));
		else if (rc != 0)
			return page_domain_error(r, o, rc), 0;
	}
	if (problems_any(&e)) {
		o->status = 422;
		remind_page(r, o, &c, d, &e);
		return 0;
	}
	resp_redirect(o, arena_printf(r->a, "%s?done=reminded", publish_base(r, &c)));
	return 0;
}

#define ADMIN ROLE_BIT(ROLE_ADMIN)

const struct route publish_routes[] = {
	{ HTTP_GET, "/plans/{id}/years/{fy}/publish", publish_get, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/publish", publish_post, ADMIN, 0 },
	{ HTTP_GET, "/plans/{id}/years/{fy}/remind", remind_get, ADMIN, 0 },
	{ HTTP_POST, "/plans/{id}/years/{fy}/remind", remind_post, ADMIN, 0 },
	{ 0 },
};
