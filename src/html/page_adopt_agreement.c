/* page_adopt_agreement: one adoption agreement (/adopt/agreements/{id}) for the group and
 * the department in charge — the application or agreement, its terms (each renewal a new
 * term, the history kept), supplies lent, insurance, the yearly reports — and the forms
 * of whoever must act: the department decides, renews, ends early (中途終了) or cancels
 * an agreement before it starts (取消し), lends and records the insurance; the group
 * reports, or takes back an application not yet decided. Also the group's side: applying
 * for a place and its own adoptions
 * (/my/adopt). Each POST re-renders the page with its own form's problems when refused. */
#include "html/page_adopt.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CITY ADOPT_CITY_ROLES
#define GROUP ROLE_BIT(ROLE_GROUP)

/* Which form of the page a refused POST came from. */
enum ag_form { AGF_NONE, AGF_DECIDE, AGF_RENEW, AGF_DETAILS, AGF_SUPPLY, AGF_RETURN, AGF_REPORT, AGF_END, AGF_WITHDRAW, AGF_CANCEL };

static void ag_done(struct req *r, struct buf *b)
{
	static const struct { const char *done, *msgid; } notes[] = {
		{ "agreed", N_("The agreement has been made. The group has been told.") },
		{ "refused", N_("The application has been refused. The group has been told.") },
		{ "renewed", N_("The agreement has been renewed with a new term. The group has been told.") },
		{ "details", N_("The agreement's details have been saved.") },
		{ "lent", N_("The supplies lent have been recorded.") },
		{ "returned", N_("The return has been recorded.") },
		{ "reported", N_("Thank you. Your report has been sent to the department in charge.") },
		{ "applied", N_("Your application has been sent to the department in charge. You will be told of its decision.") },
		{ "ended", N_("The agreement has been ended early. The group has been told; the place is free after its last day.") },
		{ "withdrawn", N_("Your application has been taken back. The department in charge has been told.") },
		{ "cancelled", N_("The agreement has been cancelled before it started. The group has been told; the place is free on those days.") },
	};
	const char *done = req_query(r, "done");
	for (size_t i = 0; done && i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(done, notes[i].done) == 0)
			layout_notice(b, T(r, notes[i].msgid));
}

static void fact_text(struct req *r, struct buf *b, const char *label, const char *v)
{
	if (!v || !*v)
		return;
	html_printf(b, "<dt>%s</dt><dd>", label);
	html_text_br(b, v);
	buf_puts(b, "</dd>\n");
}

static void fact_date(struct req *r, struct buf *b, const char *label, const char *v)
{
	if (!v || !*v)
		return;
	html_printf(b, "<dt>%s</dt><dd>", label);
	when_date_html(r, b, v);
	buf_puts(b, "</dd>\n");
}

static void ag_facts(struct req *r, struct buf *b, const struct adopt_agreement *g)
{
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd><a href=\"/adopt/places/%lld\">%s</a></dd>\n", T(r, "Place"),
		    g->place_id, g->place_name);
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Group"), g->org_name, T(r, "State"),
		    page_adopt_state(r, g));
	if (*g->starts_on) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Agreed from – to"));
		page_adopt_term_html(r, b, g->starts_on, g->ends_on);
		buf_puts(b, "</dd>\n");
	} else if (*g->wish_start) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Term wished"));
		page_adopt_term_html(r, b, g->wish_start, g->wish_end);
		buf_puts(b, "</dd>\n");
	}
	fact_text(r, b, T(r, "Activities"), g->activities);
	fact_date(r, b, T(r, "Applied on"), g->applied_at);
	fact_date(r, b, T(r, "Decided on"), g->decided_at);
	fact_text(r, b, T(r, "Decided by"), g->decided_by);
	fact_text(r, b, T(r, "The department's words"), g->comment);
	if (adopt_agreement_cancelled(g)) {	/* no term is left: ended_on is the day before the first */
		fact_text(r, b, T(r, "Why it was cancelled"), g->end_reason);
	} else {
		fact_date(r, b, T(r, "Ended early, last day"), g->ended_on);
		fact_text(r, b, T(r, "Why it ended early"), g->end_reason);
	}
	fact_date(r, b, T(r, "Taken back on"), g->withdrawn_at);
	fact_text(r, b, T(r, "Insured by"), g->insurer);
	fact_text(r, b, T(r, "Insurance (policy or scheme)"), g->insurance);
	if (*g->insured_from || *g->insured_to) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Insurance period"));
		page_adopt_term_html(r, b, g->insured_from, g->insured_to);
		buf_puts(b, "</dd>\n");
	}
	fact_text(r, b, T(r, "The city's note (not public)"), g->note);
	buf_puts(b, "</dl>\n");
}

static void ag_terms(struct req *r, struct buf *b, const struct adopt_agreement *g)
{
	if (!g->nterms)
		return;
	html_printf(b, "<h2 id=\"terms-h\">%s</h2>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		       "aria-labelledby=\"terms-h\">\n<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Terms"), T(r, "Term"), T(r, "From – to"), T(r, "Recorded on"));
	for (int i = 0; i < g->nterms; i++) {
		const struct adopt_term *t = &g->terms[i];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>",
			    t->seq == 1 ? T(r, "First term") : arena_printf(r->a, T(r, "Renewal %d"), t->seq - 1));
		page_adopt_term_html(r, b, t->starts_on, t->ends_on);
		buf_puts(b, "</td><td>");
		when_date_html(r, b, t->created_at);
		html_printf(b, " %s</td></tr>\n", t->created_by);
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static void ag_supplies(struct req *r, struct buf *b, const struct adopt_agreement *g, int may_decide, enum ag_form which,
			long long failed_supply, const struct problems *e)
{
	html_printf(b, "<h2 id=\"supplies-h\">%s</h2>\n", T(r, "Supplies lent"));
	if (!g->nsupplies)
		html_printf(b, "<p>%s</p>\n", T(r, "No supplies are lent."));
	else
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"supplies-h\">\n<table>\n"
			       "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Item"), T(r, "Count"), T(r, "Lent on"), T(r, "Returned"));
	for (int i = 0; i < g->nsupplies; i++) {
		const struct adopt_supply *u = &g->supplies[i];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%d</td><td>", u->item, u->count);
		when_date_html(r, b, u->lent_on);
		buf_puts(b, "</td><td>");
		if (*u->returned_on) {
			when_date_html(r, b, u->returned_on);
		} else if (may_decide) {
			struct form_ui f;
			form_ui_init(&f, r, b, which == AGF_RETURN && failed_supply == u->id ? e : NULL);
			f.idp = arena_printf(r->a, "ret-%lld-", u->id);
			form_ui_summary(&f);
			form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/supplies/%lld/return", g->id, u->id),
				     "row-form");
			form_ui_text(&f, &(struct form_ui_field){ .name = "returned_on", .label = T(r, "Returned on"),
								  .context = u->item, .flags = FORM_UI_INLINE });
			html_printf(b, "<button type=\"submit\" class=\"button button--secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n",
				    T(r, "Record the return"), u->item);
			form_ui_close(&f);
		} else {
			html_printf(b, "%s", T(r, "Not returned"));
		}
		buf_puts(b, "</td></tr>\n");
	}
	if (g->nsupplies)
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	if (!may_decide || strcmp(g->state, "agreed") != 0)
		return;
	struct form_ui f;
	form_ui_init(&f, r, b, which == AGF_SUPPLY ? e : NULL);
	f.idp = "sup-";
	html_printf(b, "<h3>%s</h3>\n", T(r, "Lend supplies"));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/supplies", g->id), "form");
	form_ui_text(&f, &(struct form_ui_field){ .name = "item", .label = T(r, "Item"), .required = 1, .maxlength = 200,
						  .hint = T(r, "For example 火ばさみ, ごみ袋, 軍手.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "count", .label = T(r, "Count"), .required = 1,
						  .type = FORM_UI_NUMBER, .inputmode = "numeric" });
	form_ui_text(&f, &(struct form_ui_field){ .name = "lent_on", .label = T(r, "Lent on"), .required = 1 });
	form_ui_submit(&f, T(r, "Record the supplies lent"), NULL, NULL);
	form_ui_close(&f);
}

/* The fiscal years a report may be written for: the years the terms touch, up to this one. */
static int report_years(const struct adopt_agreement *g, int *fys, int max)
{
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	int ty, tm, td, n = 0;
	int now_fy = sscanf(today, "%d-%d-%d", &ty, &tm, &td) == 3 ? wareki_fiscal_year_of(ty, tm, td) : 0;
	for (int i = 0; i < g->nterms; i++) {
		int f1, f2;
		adopt_term_years(g->terms[i].starts_on, g->terms[i].ends_on, &f1, &f2);
		for (int fy = f1; fy <= f2 && fy <= now_fy; fy++) {
			int seen = 0;
			for (int k = 0; k < n; k++)
				seen |= fys[k] == fy;
			if (!seen && n < max)
				fys[n++] = fy;
		}
	}
	return n;
}

static void ag_reports(struct req *r, struct buf *b, const struct adopt_agreement *g, int may_report,
		       const struct problems *e)
{
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	html_printf(b, "<h2 id=\"reports-h\">%s</h2>\n", T(r, "Yearly activity reports"));
	int missing[16];
	int nm = adopt_reports_missing(g, today, missing, 16);
	if (nm > 0) {
		html_printf(b, "<p class=\"unanswered\"><strong>%s</strong> ", T(r, "Reports missing:"));
		for (int i = 0; i < nm && i < 16; i++) {
			char fy[64];
			page_fy_label(missing[i], fy, sizeof fy);
			html_printf(b, "%s%s", i ? "、" : "", fy);
		}
		buf_puts(b, "</p>\n");
	}
	if (!g->nreports)
		html_printf(b, "<p>%s</p>\n", T(r, "No report has been sent yet."));
	for (int i = 0; i < g->nreports; i++) {
		const struct adopt_report *p = &g->reports[i];
		char fy[64];
		page_fy_label(p->fy, fy, sizeof fy);
		html_printf(b, "<h3>%s</h3>\n<dl class=\"facts\">\n", fy);
		fact_text(r, b, T(r, "What was done"), p->activities);
		html_printf(b, "<dt>%s</dt><dd>%d</dd>\n<dt>%s</dt><dd>%d</dd>\n", T(r, "Times"), p->times,
			    T(r, "People taking part (in all)"), p->people);
		fact_date(r, b, T(r, "Sent on"), p->updated_at);
		buf_puts(b, "</dl>\n");
	}
	if (!may_report || strcmp(g->state, "agreed") != 0)
		return;
	int fys[32];
	int n = report_years(g, fys, 32);
	if (!n)
		return;
	struct form_ui_option *opts = arena_alloc(r->a, (size_t)n * sizeof *opts);
	if (!opts)
		return;
	for (int i = 0; i < n; i++) {
		char fy[64];
		page_fy_label(fys[i], fy, sizeof fy);
		opts[i] = (struct form_ui_option){ arena_printf(r->a, "%d", fys[i]), arena_strdup(r->a, fy), NULL };
	}
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "rep-";
	html_printf(b, "<h3>%s</h3>\n", T(r, "Send a report"));
	form_ui_summary(&f);
	form_ui_required_note(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/report", g->id), "form");
	form_ui_select(&f, &(struct form_ui_field){ .name = "fy", .label = T(r, "Fiscal year"), .required = 1,
						   .value = nm ? arena_printf(r->a, "%d", missing[0]) : opts[n - 1].value },
		       opts, n, NULL);
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "activities", .label = T(r, "What your group did"),
						      .required = 1, .rows = 5,
						      .hint = T(r, "For example 清掃、草取り、花植え; anything you noticed about the place.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "times", .label = T(r, "How many times"), .required = 1,
						  .type = FORM_UI_NUMBER, .inputmode = "numeric" });
	form_ui_text(&f, &(struct form_ui_field){ .name = "people", .label = T(r, "People taking part (in all)"),
						  .required = 1, .type = FORM_UI_NUMBER, .inputmode = "numeric",
						  .hint = T(r, "The sum over every activity: 8 people 12 times is 96.") });
	form_ui_submit(&f, T(r, "Send the report"), NULL, NULL);
	form_ui_close(&f);
}

static void ag_decide_form(struct req *r, struct buf *b, const struct adopt_agreement *g, const struct problems *e)
{
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "dec-";
	html_printf(b, "<h2>%s</h2>\n", T(r, "Decide on the application"));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/decide", g->id), "form");
	form_ui_text(&f, &(struct form_ui_field){ .name = "starts_on", .label = T(r, "First day of the term"),
						  .value = g->wish_start, .hint = T(r, "Needed to approve. The group's wish is filled in.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "ends_on", .label = T(r, "Last day of the term"),
						  .value = g->wish_end });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "comment", .label = T(r, "Words to the group"), .rows = 3,
						      .hint = T(r, "Needed to refuse: the reason. With an approval, anything the group should know.") });
	const struct form_ui_action acts[] = {
		{ "decision", "approve", T(r, "Approve and make the agreement"), 0 },
		{ "decision", "refuse", T(r, "Refuse"), FORM_UI_SECONDARY },
	};
	form_ui_actions(&f, acts, 2);
	form_ui_close(&f);
}

static void ag_renew_form(struct req *r, struct buf *b, const struct adopt_agreement *g, const struct problems *e)
{
	char next[ADOPT_DATE_MAX] = "";
	if (*g->ends_on)
		adopt_date_add(g->ends_on, 1, next);
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "ren-";
	html_printf(b, "<h2>%s</h2>\n", T(r, "Renew the agreement"));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/renew", g->id), "form");
	form_ui_text(&f, &(struct form_ui_field){ .name = "starts_on", .label = T(r, "First day of the new term"),
						  .required = 1, .value = next,
						  .hint = T(r, "After the current term ends; the day after is filled in.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "ends_on", .label = T(r, "Last day of the new term"), .required = 1 });
	form_ui_submit(&f, T(r, "Renew"), NULL, NULL);
	form_ui_close(&f);
}

static void ag_details_form(struct req *r, struct buf *b, const struct adopt_agreement *g, const struct problems *e)
{
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "det-";
	html_printf(b, "<h2>%s</h2>\n", T(r, "Activities, insurance and note"));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/details", g->id), "form");
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "activities", .label = T(r, "Activities agreed"),
						      .required = 1, .rows = 4, .value = g->activities });
	form_ui_text(&f, &(struct form_ui_field){ .name = "insurer", .label = T(r, "Insured by"), .value = g->insurer,
						  .maxlength = 200,
						  .hint = T(r, "Who takes out the insurance: the city, or the group itself.") });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "insurance", .label = T(r, "Insurance (policy or scheme)"),
						      .rows = 2, .value = g->insurance,
						      .hint = T(r, "For example 市民活動災害補償保険, or the group's policy number.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "insured_from", .label = T(r, "Insured from"),
						  .value = g->insured_from });
	form_ui_text(&f, &(struct form_ui_field){ .name = "insured_to", .label = T(r, "Insured until"),
						  .value = g->insured_to });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "note", .label = T(r, "The city's note"), .rows = 3,
						      .value = g->note,
						      .hint = T(r, "For the department and the division only; never shown to the group or in public.") });
	form_ui_submit(&f, T(r, "Save"), NULL, NULL);
	form_ui_close(&f);
}

/* 中途終了: the department ends the agreement before its term runs out. */
static void ag_end_form(struct req *r, struct buf *b, const struct adopt_agreement *g, const struct problems *e)
{
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "end-";
	html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n", T(r, "End the agreement early"),
		    T(r, "For example when the group stops its activities or asks to end. The terms end on the last day; "
			 "the place is free after it, and the group is told."));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/end", g->id), "form");
	form_ui_text(&f, &(struct form_ui_field){ .name = "ended_on", .label = T(r, "Last day of the agreement"),
						  .required = 1,
						  .hint = T(r, "Before the last day of its term, e.g. 2026-12-31 or 令和8年12月31日.") });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "end_reason", .label = T(r, "Why it ends early"),
						      .required = 1, .rows = 3, .maxlength = 2000 });
	form_ui_submit(&f, T(r, "End the agreement"), NULL, NULL);
	form_ui_close(&f);
}

/* 取消し: an agreement that has not started, cancelled by the department. */
static void ag_cancel_form(struct req *r, struct buf *b, const struct adopt_agreement *g, const struct problems *e)
{
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "cancel-";
	html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n", T(r, "Cancel the agreement before it starts"),
		    T(r, "The agreement has not started yet. Cancelled, it never comes into force: the place is free on "
			 "all its days, and the group is told."));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/agreements/%lld/cancel", g->id), "form");
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "end_reason", .label = T(r, "Why it is cancelled"),
						      .required = 1, .rows = 3, .maxlength = 2000 });
	form_ui_submit(&f, T(r, "Cancel the agreement"), NULL, NULL);
	form_ui_close(&f);
}

/* The group takes its application back before the decision. */
static void ag_withdraw_form(struct req *r, struct buf *b, const struct adopt_agreement *g, const struct problems *e)
{
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "wd-";
	html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n", T(r, "Take the application back"),
		    T(r, "While the department has not decided, your group may take its application back."));
	form_ui_summary(&f);
	form_ui_button(&f, arena_printf(r->a, "/adopt/agreements/%lld/withdraw", g->id), T(r, "Take back"), g->place_name,
		       FORM_UI_SECONDARY, NULL);
}

static int ag_page(struct req *r, struct resp *o, long long id, enum ag_form which, long long failed_supply,
		   const struct problems *e)
{
	int status = o->status;
	struct adopt_agreement g;
	int rc = adopt_agreement_get(r->st, r->a, &r->who, id, &g);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s・%s", g.place_name, g.org_name));
	o->status = status;
	ag_done(r, b);
	int may_decide = adopt_may(&r->who, g.place_department, g.org_id, ADOPT_DECIDE);
	int may_report = adopt_may(&r->who, g.place_department, g.org_id, ADOPT_REPORT);
	ag_facts(r, b, &g);
	if (may_decide && strcmp(g.state, "applied") == 0)
		ag_decide_form(r, b, &g, which == AGF_DECIDE ? e : NULL);
	if (may_report && strcmp(g.state, "applied") == 0)
		ag_withdraw_form(r, b, &g, which == AGF_WITHDRAW ? e : NULL);
	ag_terms(r, b, &g);
	if (strcmp(g.state, "agreed") == 0) {
		if (!adopt_agreement_cancelled(&g))	/* never in force: nothing to report */
			ag_reports(r, b, &g, may_report, which == AGF_REPORT ? e : NULL);
		ag_supplies(r, b, &g, may_decide, which, failed_supply, e);
		if (may_decide && !*g.ended_on) {
			char today[ADOPT_DATE_MAX];
			adopt_today(today);
			ag_renew_form(r, b, &g, which == AGF_RENEW ? e : NULL);
			if (!adopt_agreement_finished(&g))
				ag_end_form(r, b, &g, which == AGF_END ? e : NULL);
			if (*g.starts_on && strcmp(g.starts_on, today) > 0)
				ag_cancel_form(r, b, &g, which == AGF_CANCEL ? e : NULL);
		}
		if (may_decide)
			ag_details_form(r, b, &g, which == AGF_DETAILS ? e : NULL);
	}
	/* the agreement's documents (the agreement, insurance papers): domain/adopt_attach.c */
	if ((rc = page_attach_section(r, b, "adoption", g.id)) != 0) {
		resp_clear_body(o);
		return page_adopt_error(r, o, rc);
	}
	html_printf(b, "<p><a href=\"%s\">%s</a></p>\n", r->who.role == ROLE_GROUP ? "/my/adopt" : "/adopt/manage",
		    r->who.role == ROLE_GROUP ? T(r, "Our group's adoptions") : T(r, "Places and agreements"));
	layout_end(r, o);
	return 0;
}

static int ag_get(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	return ag_page(r, o, id, AGF_NONE, 0, NULL);
}

/* The answer to a POST of form which: back to the page (done) or the page again with e. */
static int ag_answer(struct req *r, struct resp *o, long long id, int rc, enum ag_form which, long long supply,
		     const struct problems *e, const char *done)
{
	if (rc == ADOPT_INVALID) {
		o->status = 422;
		return ag_page(r, o, id, which, supply, e);
	}
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/adopt/agreements/%lld?done=%s", id, done));
	return 0;
}

static int ag_decide_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	const char *d = req_form(r, "decision");
	int approve = d && strcmp(d, "approve") == 0;
	struct problems e = { 0 };
	int rc;
	if (!d || (!approve && strcmp(d, "refuse") != 0)) {
		problems_add(&e, NULL, N_("Choose to approve or to refuse."));
		rc = ADOPT_INVALID;
		struct adopt_agreement g;	/* a viewer who may not decide gets 404, not the form */
		int vr = adopt_agreement_get(r->st, r->a, &r->who, id, &g);
		if (vr != 0 || !adopt_may(&r->who, g.place_department, g.org_id, ADOPT_DECIDE))
			rc = vr ? vr : ADOPT_NOT_FOUND;
	} else {
		struct adopt_terms_in t = { req_form(r, "starts_on"), req_form(r, "ends_on") };
		rc = adopt_decide(r->st, &r->who, id, approve, &t, req_form(r, "comment"), &e);
	}
	return ag_answer(r, o, id, rc, AGF_DECIDE, 0, &e, approve ? "agreed" : "refused");
}

static int ag_renew_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct adopt_terms_in t = { req_form(r, "starts_on"), req_form(r, "ends_on") };
	struct problems e = { 0 };
	int rc = adopt_renew(r->st, &r->who, id, &t, &e);
	return ag_answer(r, o, id, rc, AGF_RENEW, 0, &e, "renewed");
}

static int ag_details_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct adopt_details_in in = { req_form(r, "activities"), req_form(r, "insurer"), req_form(r, "insurance"),
				       req_form(r, "insured_from"), req_form(r, "insured_to"), req_form(r, "note") };
	struct problems e = { 0 };
	int rc = adopt_details_save(r->st, &r->who, id, &in, &e);
	return ag_answer(r, o, id, rc, AGF_DETAILS, 0, &e, "details");
}

static int ag_supply_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	int rc = adopt_supply_add(r->st, &r->who, id, req_form(r, "item"), req_form(r, "count"), req_form(r, "lent_on"), &e);
	return ag_answer(r, o, id, rc, AGF_SUPPLY, 0, &e, "lent");
}

static int ag_return_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0), sid = req_param_id(r, 1);
	if (id <= 0 || sid <= 0)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	int rc = adopt_supply_return(r->st, &r->who, id, sid, req_form(r, "returned_on"), &e);
	return ag_answer(r, o, id, rc, AGF_RETURN, sid, &e, "returned");
}

static int ag_report_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct adopt_report_in in = { req_form(r, "fy"), req_form(r, "activities"), req_form(r, "times"),
				      req_form(r, "people") };
	struct problems e = { 0 };
	int rc = adopt_report_save(r->st, &r->who, id, &in, &e);
	return ag_answer(r, o, id, rc, AGF_REPORT, 0, &e, "reported");
}

static int ag_end_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	int rc = adopt_end_early(r->st, &r->who, id, req_form(r, "ended_on"), req_form(r, "end_reason"), &e);
	return ag_answer(r, o, id, rc, AGF_END, 0, &e, "ended");
}

static int ag_cancel_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	int rc = adopt_cancel(r->st, &r->who, id, req_form(r, "end_reason"), &e);
	return ag_answer(r, o, id, rc, AGF_CANCEL, 0, &e, "cancelled");
}

static int ag_withdraw_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	int rc = adopt_withdraw(r->st, &r->who, id, &e);
	return ag_answer(r, o, id, rc, AGF_WITHDRAW, 0, &e, "withdrawn");
}

/* ---- the group's side ---- */

static int apply_page(struct req *r, struct resp *o, const struct problems *e)
{
	int status = o->status;
	long long id = req_param_id(r, 0);
	struct adopt_place p;
	int rc = id > 0 ? adopt_place_get(r->st, r->a, &r->who, id, &p) : ADOPT_NOT_FOUND;
	if (rc == 0 && !adopt_may(&r->who, p.department_id, 0, ADOPT_APPLY))
		rc = ADOPT_NOT_FOUND;
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Apply to adopt a place"));
	o->status = status;
	html_printf(b, "<p class=\"lead\">%s: <strong>%s</strong>（%s）</p>\n", T(r, "Place"), p.name, p.kind);
	html_printf(b, "<p>%s</p>\n",
		    T(r, "Tell the department in charge what your group would like to do and from when. The department reads your application and makes the agreement with you, or explains why not."));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_required_note(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/places/%lld/apply", p.id), "form");
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "activities", .label = T(r, "What your group will do"),
						      .required = 1, .rows = 5,
						      .hint = T(r, "What, how often and with how many people, for example 毎月第2土曜日に10人ほどで清掃.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "starts_on", .label = T(r, "From"), .required = 1,
						  .hint = T(r, "For example 2026-04-01 or 令和8年4月1日.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "ends_on", .label = T(r, "Until"), .required = 1,
						  .hint = T(r, "Agreements usually run until the end of a fiscal year (3月31日).") });
	form_ui_submit(&f, T(r, "Send the application"), arena_printf(r->a, "/adopt/places/%lld", p.id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
	return 0;
}

static int apply_get(struct req *r, struct resp *o) { return apply_page(r, o, NULL); }

static int apply_post(struct req *r, struct resp *o)
{
	long long pid = req_param_id(r, 0);
	if (pid <= 0)
		return resp_error(r, o, 404, NULL);
	struct adopt_terms_in t = { req_form(r, "starts_on"), req_form(r, "ends_on") };
	struct problems e = { 0 };
	long long id = 0;
	int rc = adopt_apply(r->st, &r->who, pid, req_form(r, "activities"), &t, &id, &e);
	if (rc == ADOPT_INVALID) {
		o->status = 422;
		return apply_page(r, o, &e);
	}
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/adopt/agreements/%lld?done=applied", id));
	return 0;
}

static int my_adopt_get(struct req *r, struct resp *o)
{
	struct adopt_agreement *g;
	struct adopt_work w;
	int n = 0;
	int rc = adopt_agreements_of_org(r->st, r->a, &r->who, &g, &n);
	if (rc == 0)
		rc = adopt_work_load(r->st, r->a, &r->who, NULL, &w);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Our group's adoptions"));
	html_printf(b, "<p class=\"lead\">%s <a href=\"/adopt\">%s</a></p>\n",
		    T(r, "The places your group cares for, its applications and the reports due."),
		    T(r, "Find a place to adopt"));
	if (w.nmissing || w.nending) {
		html_printf(b, "<div class=\"notice\" role=\"status\"><h2>%s</h2>\n<ul>\n", T(r, "To do"));
		for (int i = 0; i < w.nmissing; i++) {
			char fy[64];
			page_fy_label(w.missing[i].fy, fy, sizeof fy);
			html_printf(b, "<li><a href=\"/adopt/agreements/%lld\">%s</a>: %s %s</li>\n", w.missing[i].agreement_id,
				    w.missing[i].place_name, fy, T(r, "activity report due"));
		}
		for (int i = 0; i < w.nending; i++) {
			html_printf(b, "<li><a href=\"/adopt/agreements/%lld\">%s</a>: %s ", w.ending[i].agreement_id,
				    w.ending[i].place_name, T(r, "the agreement ends on"));
			when_date_html(r, b, w.ending[i].at);
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ul>\n</div>\n");
	}
	if (!n) {
		html_printf(b, "<p>%s</p>\n", T(r, "Your group has no adoption yet."));
	} else {
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"mine-h\">\n<table>\n"
			       "<caption id=\"mine-h\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Our group's adoptions"), T(r, "Place"), T(r, "State"), T(r, "Term"));
		for (int i = 0; i < n; i++) {
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/adopt/agreements/%lld\">%s</a></th><td>%s</td><td>",
				    g[i].id, g[i].place_name, page_adopt_state(r, &g[i]));
			if (*g[i].starts_on)
				page_adopt_term_html(r, b, g[i].starts_on, g[i].ends_on);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	layout_end(r, o);
	return 0;
}

const struct route adopt_agreement_routes[] = {
	{ HTTP_GET, "/adopt/agreements/{id}", ag_get, CITY | GROUP, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/decide", ag_decide_post, CITY, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/renew", ag_renew_post, CITY, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/details", ag_details_post, CITY, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/supplies", ag_supply_post, CITY, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/supplies/{supply}/return", ag_return_post, CITY, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/report", ag_report_post, GROUP, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/end", ag_end_post, CITY, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/cancel", ag_cancel_post, CITY, 0 },
	{ HTTP_POST, "/adopt/agreements/{id}/withdraw", ag_withdraw_post, GROUP, 0 },
	{ HTTP_GET, "/adopt/places/{id}/apply", apply_get, GROUP, 0 },
	{ HTTP_POST, "/adopt/places/{id}/apply", apply_post, GROUP, 0 },
	{ HTTP_GET, "/my/adopt", my_adopt_get, GROUP, 0 },
	{ 0 },
};
