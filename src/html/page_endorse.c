/* page_endorse: the endorsements (後援名義) one reads — the public list of approved
 * endorsements and its JSON (through the page cache, version "endorse"), an endorsement's
 * page (what its viewer may see: endorse_visibility.h; with the decision form for its
 * department and the division, the group's actions), the department's and the
 * division's work list (decisions waiting, reports overdue), the group's own list, and
 * the printable decision notice (承諾書 / 不承諾通知書, in the style of the letters). */
#include "html/page_endorse.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/page_cache.h"
#include "html/when.h"
#include "domain/endorse_visibility.h"
#include "domain/org.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define ENDORSE_PAGE_ROWS 50

static struct page_cache endorse_cache = PAGE_CACHE_INIT_REFRESH("endorse", 256, 8u << 20, PAGE_CACHE_REFRESH_MS);

static const char *const state_words[ENDORSE__STATES] = { N_("Waiting for the decision"), N_("Endorsement approved"),
							 N_("Endorsement not approved"), N_("Withdrawn") };
static const char *const kind_words[ENDORSE__KINDS] = { N_("Application for endorsement"), N_("Request for a change"),
						       N_("Request for withdrawal") };

const char *page_endorse_state(struct req *r, enum endorse_state s)
{
	return (unsigned)s < ENDORSE__STATES ? T(r, state_words[s]) : "";
}

const char *page_endorse_kind(struct req *r, enum endorse_kind k)
{
	return (unsigned)k < ENDORSE__KINDS ? T(r, kind_words[k]) : "";
}

static const char *request_state(struct req *r, const char *s)
{
	if (strcmp(s, "applied") == 0)
		return T(r, "Waiting for the decision");
	if (strcmp(s, "approved") == 0)
		return T(r, "Endorsement approved");
	if (strcmp(s, "refused") == 0)
		return T(r, "Endorsement not approved");
	return T(r, "Taken back");
}

void page_endorse_period(struct req *r, struct buf *b, const struct endorsement *e)
{
	when_date_html(r, b, e->starts_on);
	if (strcmp(e->starts_on, e->ends_on) != 0) {
		buf_puts(b, "〜");
		when_date_html(r, b, e->ends_on);
	}
}

int page_endorse_error(struct req *r, struct resp *o, int rc)
{
	if (rc == ENDORSE_NOT_FOUND)
		return resp_error(r, o, 404, NULL), 0;
	return resp_store_error(r, o, rc);
}

/* text with key replaced by val (from the arena) */
static const char *endorse_sub(struct req *r, const char *text, const char *key, const char *val)
{
	const char *at = strstr(text, key);
	return at ? arena_printf(r->a, "%.*s%s%s", (int)(at - text), text, val, at + strlen(key)) : text;
}

static void yen(struct req *r, struct buf *b, long long v)
{
	if (v == 0)
		html_printf(b, "%s", T(r, "Free"));
	else
		html_printf(b, "%y%s", v, T(r, " yen"));
}

/* ---- lists ---- */

/* A table of endorsements; with_state adds the state column (viewers who see more than
 * the approved ones), due the report's due day. */
static void endorse_table(struct req *r, struct buf *b, const char *caption, const char *idp,
			  const struct endorsement *rows, int n, int with_state, int due)
{
	html_printf(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"cap-%s\">\n"
		       "<table class=\"endorse-list\">\n<caption id=\"cap-%s\">%s</caption>\n<thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		    idp, idp, caption, T(r, "Event"), T(r, "Dates"), T(r, "Organiser"), T(r, "Department"));
	if (with_state)
		html_printf(b, "<th scope=\"col\">%s</th>", T(r, "State"));
	if (due)
		html_printf(b, "<th scope=\"col\">%s</th>", T(r, "Report due"));
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		const struct endorsement *e = &rows[i];
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/endorsements/%lld\">%s</a></th><td>", e->id, e->title);
		page_endorse_period(r, b, e);
		html_printf(b, "</td><td>%s</td><td>%s</td>", e->organiser, e->department_name);
		if (with_state) {
			html_printf(b, "<td>%s", page_endorse_state(r, e->state));
			if (e->pending_kind > 0)
				html_printf(b, "（%s）", page_endorse_kind(r, (enum endorse_kind)e->pending_kind));
			buf_puts(b, "</td>");
		}
		if (due) {
			buf_puts(b, "<td>");
			when_date_html(r, b, e->report_due_on);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

struct public_list {
	long long page;
};

static int public_list_render(struct req *r, struct resp *o, void *arg)
{
	struct public_list *pl = arg;
	struct endorsement *rows;
	int n, total;
	static const struct actor public_actor = { .role = ROLE_PUBLIC, .login = "" };
	struct endorse_filter f = { .state = "approved", .page = (int)pl->page, .per_page = ENDORSE_PAGE_ROWS };
	int rc = endorse_list(r->st, r->a, &public_actor, &f, &rows, &n, &total);
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Events the city endorses"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Events of citizen groups for which the city has lent its name (後援名義). The city endorses an event that serves the public good; it does not run it."));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No endorsed events yet."));
	else
		endorse_table(r, b, T(r, "Endorsed events"), "pub", rows, n, 0, 0);
	page_pager(r, b, "/endorsements", pl->page, total, ENDORSE_PAGE_ROWS);
	page_cache_note(r, b);
	layout_end_links(r, o, (const struct layout_link[]){ { "/api/v1/endorsements", N_("This list as JSON") }, { NULL, NULL } });
	return 0;
}

static int public_list_get(struct req *r, struct resp *o)
{
	struct public_list pl = { page_number(r) };
	char version[VERSION_TAG_MAX];
	int rc = version_tag(r->st, "endorse", version);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	return page_cache_respond(&endorse_cache, r, o, arena_printf(r->a, "L%lld", pl.page), version, public_list_render, &pl);
}

static int api_list_render(struct req *r, struct resp *o, void *arg)
{
	struct public_list *pl = arg;
	struct endorsement *rows;
	int n, total;
	static const struct actor public_actor = { .role = ROLE_PUBLIC, .login = "" };
	struct endorse_filter f = { .state = "approved", .page = (int)pl->page, .per_page = ENDORSE_PAGE_ROWS };
	int rc = endorse_list(r->st, r->a, &public_actor, &f, &rows, &n, &total);
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		const struct endorsement *e = &rows[i];
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)e->id,
						       "title", e->title, "purpose", e->purpose, "starts_on", e->starts_on,
						       "ends_on", e->ends_on, "place", e->place, "organiser", e->organiser,
						       "department", e->department_name, "expected_attendance",
						       (json_int_t)e->attendance, "fee_yen", (json_int_t)e->fee));
	}
	return resp_json(o, 200, json_pack("{s:o,s:i,s:I,s:i}", "items", items, "total", total, "page",
					   (json_int_t)pl->page, "per_page", ENDORSE_PAGE_ROWS));
}

static int api_list_get(struct req *r, struct resp *o)
{
	struct public_list pl = { page_number(r) };
	char version[VERSION_TAG_MAX];
	int rc = version_tag(r->st, "endorse", version);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	return page_cache_respond(&endorse_cache, r, o, arena_printf(r->a, "A%lld", pl.page), version, api_list_render, &pl);
}

/* ---- the department's and the division's list ---- */

static int work_get(struct req *r, struct resp *o)
{
	char today[11];
	endorse_today(today);
	long long dept = r->who.role == ROLE_STAFF ? r->who.department_id : 0;
	struct endorsement *wait, *late, *all;
	int nwait, twait, nlate, tlate, nall, tall;
	long long page = page_number(r);
	struct endorse_filter fw = { .department_id = dept, .pending = 1, .per_page = 200 };
	struct endorse_filter fa = { .department_id = dept, .page = (int)page, .per_page = ENDORSE_PAGE_ROWS };
	int rc = endorse_list(r->st, r->a, &r->who, &fw, &wait, &nwait, &twait);
	if (rc == 0)
		rc = endorse_unreported(r->st, r->a, &r->who, today, 1, dept, 0, 200, &late, &nlate, &tlate);
	if (rc == 0)
		rc = endorse_list(r->st, r->a, &r->who, &fa, &all, &nall, &tall);
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Endorsements: the department's work"));
	if (r->who.role == ROLE_ADMIN)
		html_printf(b, "<p class=\"lead\">%s <a href=\"/admin/endorsements\">%s</a></p>\n",
			    T(r, "Every department's endorsements."), T(r, "Settings: days and exclusion rules"));
	else
		html_printf(b, "<p class=\"lead\">%s</p>\n", T(r, "The endorsements your department was asked for."));
	html_printf(b, "<h2>%s</h2>\n", T(r, "Waiting for your decision"));
	if (nwait)
		endorse_table(r, b, T(r, "Waiting for your decision"), "wait", wait, nwait, 1, 0);
	else
		html_printf(b, "<p>%s</p>\n", T(r, "Nothing is waiting for a decision."));
	html_printf(b, "<h2>%s</h2>\n", T(r, "Reports overdue"));
	if (nlate)
		endorse_table(r, b, T(r, "Reports overdue"), "late", late, nlate, 0, 1);
	else
		html_printf(b, "<p>%s</p>\n", T(r, "No report is overdue."));
	html_printf(b, "<h2>%s</h2>\n", T(r, "All endorsements"));
	if (nall)
		endorse_table(r, b, T(r, "All endorsements"), "all", all, nall, 1, 0);
	else
		html_printf(b, "<p>%s</p>\n", T(r, "No endorsements yet."));
	page_pager(r, b, "/city/endorsements", page, tall, ENDORSE_PAGE_ROWS);
	layout_end(r, o);
	return 0;
}

/* ---- the group's own list ---- */

static int mine_get(struct req *r, struct resp *o)
{
	char today[11];
	endorse_today(today);
	struct endorsement *due, *all;
	int ndue, tdue, nall, tall;
	long long page = page_number(r);
	struct endorse_filter fa = { .org_id = r->who.org_id, .page = (int)page, .per_page = ENDORSE_PAGE_ROWS };
	int rc = r->who.org_id > 0 ? 0 : ENDORSE_NOT_FOUND;
	if (rc == 0)
		rc = endorse_unreported(r->st, r->a, &r->who, today, 0, 0, r->who.org_id, 200, &due, &ndue, &tdue);
	if (rc == 0)
		rc = endorse_list(r->st, r->a, &r->who, &fa, &all, &nall, &tall);
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Our endorsements"));
	html_printf(b, "<p class=\"lead\">%s</p>\n<p><a class=\"button\" href=\"/my/endorsements/new\">%s</a></p>\n",
		    T(r, "Ask the city to endorse your event, follow the decision, and send the report after the event."),
		    T(r, "Apply for an endorsement"));
	html_printf(b, "<h2>%s</h2>\n", T(r, "Reports to send"));
	if (ndue)
		endorse_table(r, b, T(r, "Reports to send"), "due", due, ndue, 0, 1);
	else
		html_printf(b, "<p>%s</p>\n", T(r, "No report is due."));
	html_printf(b, "<h2>%s</h2>\n", T(r, "Our applications"));
	if (nall)
		endorse_table(r, b, T(r, "Our applications"), "all", all, nall, 1, 0);
	else
		html_printf(b, "<p>%s</p>\n", T(r, "No applications yet."));
	page_pager(r, b, "/my/endorsements", page, tall, ENDORSE_PAGE_ROWS);
	layout_end(r, o);
	return 0;
}

/* ---- an endorsement's page ---- */

static void fact(struct buf *b, const char *term, const char *value)
{
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", term, value);
}

static void detail_requests(struct req *r, struct buf *b, const struct endorsement *e)
{
	struct endorse_request *q;
	int n;
	if (endorse_requests(r->st, r->a, e->id, &q, &n) != 0 || n == 0)
		return;
	html_printf(b, "<h2>%s</h2>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"cap-hist\">\n"
		       "<table class=\"endorse-history\">\n<caption id=\"cap-hist\">%s</caption>\n<thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "History"), T(r, "Requests and decisions"), T(r, "Request"), T(r, "Sent on"), T(r, "Decision"),
		    T(r, "Reason, conditions"), T(r, "Decision notice"));
	for (int i = 0; i < n; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", page_endorse_kind(r, q[i].kind));
		when_html(r, b, q[i].applied_at);
		html_printf(b, "</td><td>%s", request_state(r, q[i].state));
		if (*q[i].decided_on) {
			buf_puts(b, "（");
			when_date_html(r, b, q[i].decided_on);
			buf_puts(b, "）");
		}
		buf_puts(b, "</td><td>");
		if (*q[i].reason) {
			html_printf(b, "<p>%s: ", T(r, "The group's reason"));
			html_text_br(b, q[i].reason);
			buf_puts(b, "</p>");
		}
		if (*q[i].comment) {
			buf_puts(b, "<p>");
			html_text_br(b, q[i].comment);
			buf_puts(b, "</p>");
		}
		buf_puts(b, "</td><td>");
		if (q[i].decision_seq)
			html_printf(b, "<a href=\"/endorsements/%lld/decisions/%lld\">%s</a>", e->id, q[i].id, T(r, "Print"));
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static void detail_decide_form(struct req *r, struct buf *b, const struct endorsement *e, const struct problems *pe)
{
	struct form_ui f;
	form_ui_init(&f, r, b, pe);
	f.idp = "d-";
	html_printf(b, "<section class=\"endorse-decide\" aria-labelledby=\"h-decide\">\n<h2 id=\"h-decide\">%s: %s</h2>\n",
		    T(r, "Decide"), page_endorse_kind(r, (enum endorse_kind)e->pending_kind));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/endorsements/%lld/decide", e->id), NULL);
	const struct form_ui_choice choices[] = {
		{ .value = "approve", .label = T(r, "Approve (承諾), with the conditions below") },
		{ .value = "refuse", .label = T(r, "Do not approve (不承諾), for the reasons below") },
	};
	form_ui_radios(&f, &(struct form_ui_field){ .name = "decision", .label = T(r, "Decision"), .required = 1 }, choices, 2);
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "comment", .label = T(r, "Conditions or reasons"),
						     .hint = T(r, "Printed on the decision notice. Required when the city does not approve."),
						     .rows = 5, .maxlength = 4000 });
	form_ui_submit(&f, T(r, "Record the decision"), NULL, NULL);
	form_ui_close(&f);
	buf_puts(b, "</section>\n");
}

static void detail_group_actions(struct req *r, struct buf *b, const struct endorsement *e, const struct problems *pe,
				 const char *today)
{
	html_printf(b, "<h2>%s</h2>\n<ul class=\"endorse-actions\">\n", T(r, "What you can do"));
	if (!e->pending_id && (endorse_report_awaited(e, today) || (e->state == ENDORSE_APPROVED && !*e->reported_at &&
								    strcmp(today, e->ends_on) >= 0)))
		html_printf(b, "<li><a href=\"/endorsements/%lld/report\">%s</a></li>\n", e->id, T(r, "Send the report"));
	/* before the event begins only (endorse_ask_change, endorse_withdraw); then the report */
	int before = strcmp(today, e->starts_on) < 0;
	if (e->state == ENDORSE_APPROVED && !e->pending_id && !*e->reported_at && before)
		html_printf(b, "<li><a href=\"/endorsements/%lld/change\">%s</a></li>\n", e->id, T(r, "Ask for a change"));
	buf_puts(b, "</ul>\n");
	if (!(e->state == ENDORSE_APPLIED || (e->state == ENDORSE_APPROVED && !e->pending_id && !*e->reported_at && before)))
		return;
	struct form_ui f;
	form_ui_init(&f, r, b, pe);
	f.idp = "w-";
	html_printf(b, "<section aria-labelledby=\"h-withdraw\">\n<h3 id=\"h-withdraw\">%s</h3>\n",
		    e->state == ENDORSE_APPLIED ? T(r, "Take the application back") : T(r, "Ask to withdraw the endorsement"));
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/endorsements/%lld/withdraw", e->id), NULL);
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "reason", .label = T(r, "Reason"), .required = 1, .rows = 3,
						     .maxlength = 2000 });
	form_ui_submit(&f, e->state == ENDORSE_APPLIED ? T(r, "Take back") : T(r, "Ask to withdraw"), NULL, NULL);
	form_ui_close(&f);
	buf_puts(b, "</section>\n");
}

static void detail_report(struct req *r, struct buf *b, const struct endorsement *e)
{
	html_printf(b, "<h2>%s</h2>\n<dl class=\"facts\">\n", T(r, "Event report"));
	buf_puts(b, "<dt>");
	html_printf(b, "%s</dt><dd>", T(r, "Sent on"));
	when_html(r, b, e->reported_at);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%y</dd>\n<dt>%s</dt><dd>", T(r, "Participants"), e->report_attendance,
		    T(r, "How it went"));
	html_text_br(b, e->report_summary);
	buf_puts(b, "</dd>\n");
	if (e->report_income >= 0)
		html_printf(b, "<dt>%s</dt><dd>%y%s</dd>\n", T(r, "Income"), e->report_income, T(r, " yen"));
	if (e->report_expenses >= 0)
		html_printf(b, "<dt>%s</dt><dd>%y%s</dd>\n", T(r, "Expenses"), e->report_expenses, T(r, " yen"));
	buf_puts(b, "</dl>\n");
}

static int detail_render(struct req *r, struct resp *o, struct endorsement *e, enum endorse_view v,
			 const struct problems *pe, const char *form)
{
	char today[11];
	endorse_today(today);
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, e->title);
	o->status = status;
	html_printf(b, "<dl class=\"facts endorse-facts\">\n");
	if (v == ENDORSE_VIEW_FULL) {
		fact(b, T(r, "State"), page_endorse_state(r, e->state));
		if (e->pending_kind > 0)
			fact(b, T(r, "Waiting for the decision"), page_endorse_kind(r, (enum endorse_kind)e->pending_kind));
		fact(b, T(r, "Applicant"), e->org_name);
	}
	html_printf(b, "<dt>%s</dt><dd>", T(r, "Dates"));
	page_endorse_period(r, b, e);
	buf_puts(b, "</dd>\n");
	fact(b, T(r, "Place"), e->place);
	fact(b, T(r, "Organiser"), e->organiser);
	fact(b, T(r, "Department"), e->department_name);
	html_printf(b, "<dt>%s</dt><dd>%y</dd>\n<dt>%s</dt><dd>", T(r, "Expected participants"), e->attendance, T(r, "Fee"));
	yen(r, b, e->fee);
	buf_puts(b, "</dd>\n");
	if (v == ENDORSE_VIEW_FULL) {
		fact(b, T(r, "Contact person"), e->contact_name);
		fact(b, T(r, "Phone"), e->contact_phone);
		if (*e->report_due_on) {
			html_printf(b, "<dt>%s</dt><dd>", T(r, "Report due"));
			when_date_html(r, b, e->report_due_on);
			if (endorse_report_overdue(e, today))
				html_printf(b, " <strong class=\"badge badge--late\">%s</strong>", T(r, "Overdue"));
			buf_puts(b, "</dd>\n");
		}
	}
	buf_puts(b, "</dl>\n");
	html_printf(b, "<h2>%s</h2>\n<p>", T(r, "Purpose and content"));
	html_text_br(b, e->purpose);
	buf_puts(b, "</p>\n");
	if (v == ENDORSE_VIEW_FULL) {
		if (*e->exclusions) {
			html_printf(b, "<h2>%s</h2>\n<ul>\n", T(r, "Rules the group confirmed"));
			char *rules = arena_strdup(r->a, e->exclusions);
			for (char *line = rules, *next; line && *line; line = next) {
				next = strchr(line, '\n');
				if (next)
					*next++ = 0;
				html_printf(b, "<li>%s</li>\n", line);
			}
			buf_puts(b, "</ul>\n");
		}
		/* the papers (flyer, statement of income and expenses): domain/endorse_attach.c */
		int arc = page_attach_section(r, b, "endorsement", e->id);
		if (arc != 0) {
			resp_clear_body(o);
			return resp_store_error(r, o, arc);
		}
		if (*e->reported_at)
			detail_report(r, b, e);
		detail_requests(r, b, e);
		if (e->pending_id && endorse_may_decide(&r->who, e))
			detail_decide_form(r, b, e, form && strcmp(form, "decide") == 0 ? pe : NULL);
		if (endorse_may_act(&r->who, e))
			detail_group_actions(r, b, e, form && strcmp(form, "withdraw") == 0 ? pe : NULL, today);
	} else {
		page_cache_note(r, b);
		html_printf(b, "<p class=\"no-print\"><a href=\"/endorsements\">%s</a></p>\n", T(r, "All endorsed events"));
	}
	layout_end(r, o);
	return 0;
}

struct detail_arg {
	struct endorsement e;
};

static int detail_public_render(struct req *r, struct resp *o, void *arg)
{
	struct detail_arg *d = arg;
	return detail_render(r, o, &d->e, ENDORSE_VIEW_PUBLIC, NULL, NULL);
}

int page_endorse_detail(struct req *r, struct resp *o, long long id, const struct problems *e, const char *form)
{
	struct detail_arg d;
	int rc = endorse_get(r->st, r->a, id, &d.e);
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	enum endorse_view v = endorse_view_of(&r->who, &d.e);
	if (v == ENDORSE_VIEW_NONE)
		return resp_error(r, o, 404, NULL), 0;
	endorse_for_view(&d.e, v);
	if (r->who.role == ROLE_PUBLIC) {
		char version[VERSION_TAG_MAX];
		if ((rc = version_tag(r->st, "endorse", version)) != 0)
			return resp_store_error(r, o, rc);
		return page_cache_respond(&endorse_cache, r, o, arena_printf(r->a, "E%lld", id), version,
					  detail_public_render, &d);
	}
	return detail_render(r, o, &d.e, v, e, form);
}

static int detail_get(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL), 0;
	return page_endorse_detail(r, o, id, NULL, NULL);
}

/* A notice prints the event as it was decided: the values its request asked for (an
 * application's, a change's), not those of today, which a later change may have moved. A
 * withdrawal asked for no values: the endorsement's own. The report's due day printed is
 * the one in force, only while the decided last day still is the event's. */
static void notice_event_as_decided(struct req *r, struct endorsement *e, const struct endorse_request *q)
{
	json_t *j = q->kind == ENDORSE_REQ_WITHDRAW ? NULL : json_loads(q->asked, 0, NULL);
	const char *title, *starts, *ends, *place, *organiser;
	if (j && json_unpack(j, "{s:s,s:s,s:s,s:s,s:s}", "title", &title, "starts_on", &starts, "ends_on", &ends, "place",
			     &place, "organiser", &organiser) == 0) {
		if (strcmp(ends, e->ends_on) != 0)
			e->report_due_on = "";
		e->title = arena_strdup(r->a, title);
		e->starts_on = arena_strdup(r->a, starts);
		e->ends_on = arena_strdup(r->a, ends);
		e->place = arena_strdup(r->a, place);
		e->organiser = arena_strdup(r->a, organiser);
	}
	json_decref(j);
}

/* ---- the decision notice, printed ---- */

static int notice_print_get(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0), rid = req_param_id(r, 1);
	struct endorsement e;
	struct endorse_request q;
	int rc = id > 0 && rid > 0 ? endorse_get(r->st, r->a, id, &e) : ENDORSE_NOT_FOUND;
	if (rc == 0 && endorse_view_of(&r->who, &e) != ENDORSE_VIEW_FULL)
		rc = ENDORSE_NOT_FOUND;
	if (rc == 0)
		rc = endorse_request_get(r->st, r->a, rid, &q);
	if (rc == 0 && (q.endorsement_id != id || !q.decision_seq))
		rc = ENDORSE_NOT_FOUND;
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	notice_event_as_decided(r, &e, &q);
	int approved = strcmp(q.state, "approved") == 0;
	const char *city = org_setting(r->st, r->a, "city.name", "");
	char fyl[64];
	page_fy_label(q.decision_fy, fyl, sizeof fyl);
	const char *number = T(r, "{city} endorsement notice No. {n} ({fy})");
	number = endorse_sub(r, endorse_sub(r, endorse_sub(r, number, "{city}", city ? city : ""), "{n}",
					    arena_printf(r->a, "%d", q.decision_seq)), "{fy}", fyl);
	static const char *const titles[ENDORSE__KINDS][2] = {
		[ENDORSE_REQ_NEW] = { N_("Notice of non-approval of endorsement"), N_("Notice of approval of endorsement") },
		[ENDORSE_REQ_CHANGE] = { N_("Notice of non-approval of a change of endorsement"),
					 N_("Notice of approval of a change of endorsement") },
		[ENDORSE_REQ_WITHDRAW] = { N_("Notice of non-approval of withdrawal of endorsement"),
					   N_("Notice of withdrawal of endorsement") },
	};
	const char *title = T(r, titles[q.kind][approved]);
	struct buf *b = &o->body;
	layout_begin_sheet(r, o, title);
	html_printf(b, "<div class=\"sheet-intro\">\n<p><a href=\"/endorsements/%lld\">%s</a></p>\n<p>%s</p>\n</div>\n", id,
		    T(r, "Back to the endorsement"), T(r, "Print this page from the browser (A4)."));
	html_printf(b, "<article class=\"letter endorse-notice\" aria-labelledby=\"notice-title\">\n<div class=\"letter__head\">\n"
		       "<p class=\"letter__date\">%s<br>",
		    number);
	when_date_html(r, b, q.decided_on);
	html_printf(b, "</p>\n<p class=\"letter__to\"><span class=\"letter__to__name\">%s</span> %s</p>\n"
		       "<p class=\"letter__from\">%s %s<br>%s</p>\n</div>\n",
		    e.org_name, T(r, "(honorific for the addressee)"), city ? city : "", T(r, "Mayor"), e.department_name);
	html_printf(b, "<h2 class=\"letter__title\" id=\"notice-title\">%s</h2>\n", title);
	html_printf(b, "<p>%s</p>\n", approved ? T(r, "The city has decided to approve your request as follows.")
						: T(r, "The city has decided not to approve your request as follows."));
	html_printf(b, "<table class=\"letter__data\">\n<caption>%s</caption>\n<tbody>\n"
		       "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n"
		       "<tr><th scope=\"row\">%s</th><td>",
		    T(r, "The event"), T(r, "Request"), page_endorse_kind(r, q.kind), T(r, "Event"), e.title, T(r, "Dates"));
	page_endorse_period(r, b, &e);
	html_printf(b, "</td></tr>\n<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n"
		       "<tr><th scope=\"row\">%s</th><td>",
		    T(r, "Place"), e.place, T(r, "Organiser"), e.organiser, T(r, "Applied on"));
	when_date_html(r, b, q.applied_at);
	buf_puts(b, "</td></tr>\n</tbody>\n</table>\n");
	html_printf(b, "<h3>%s</h3>\n<p>", approved ? T(r, "Conditions") : T(r, "Reasons"));
	if (*q.comment)
		html_text_br(b, q.comment);
	else
		html_printf(b, "%s", T(r, "None."));
	buf_puts(b, "</p>\n");
	if (approved && q.kind != ENDORSE_REQ_WITHDRAW && *e.report_due_on) {
		html_printf(b, "<p>%s ", T(r, "After the event, please send the report (with income and expenses when a fee was charged) by"));
		when_date_html(r, b, e.report_due_on);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "</article>\n");
	layout_end(r, o);
	return 0;
}

#define STAFF_DIV (ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_ADMIN))
#define FULL_ROLES (ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_GROUP))

const struct route endorse_routes[] = {
	{ HTTP_GET, "/endorsements", public_list_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/endorsements", api_list_get, ROLES_ANY, ROUTE_PUBLIC | ROUTE_API },
	{ HTTP_GET, "/endorsements/{id}", detail_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/endorsements/{id}/decisions/{rid}", notice_print_get, FULL_ROLES, 0 },
	{ HTTP_GET, "/city/endorsements", work_get, STAFF_DIV, 0 },
	{ HTTP_GET, "/my/endorsements", mine_get, ROLE_BIT(ROLE_GROUP), 0 },
	{ 0 },
};
