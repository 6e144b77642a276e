/* page_endorse_form: the forms of endorsements (後援名義), all through the form component:
 * a group's application (the event, the department asked, each exclusion rule confirmed),
 * its request for a change, its withdrawal and its report; the department's decision
 * (on the endorsement's page, page_endorse.c); the division's settings (days before the
 * event, days for the report, the exclusion rules). Each POST hands the form to the
 * domain (domain/endorse.c), which checks everything at once and writes with its audit. */
#include "html/page_endorse.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/account.h"
#include "domain/endorse_visibility.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *sub(struct req *r, const char *text, const char *key, const char *val)
{
	const char *at = strstr(text, key);
	if (!at)
		return text;
	return arena_printf(r->a, "%.*s%s%s", (int)(at - text), text, val, at + strlen(key));
}

/* The late application's message with the days and the last day in 和暦. */
static void localise_too_late(struct req *r, struct problems *e, const char *starts_typed)
{
	struct endorse_settings set;
	int y, m, d;
	char day[40], last[11];
	if (endorse_settings_get(r->st, r->a, &set) != 0 || !starts_typed || wareki_parse_date(starts_typed, &y, &m, &d) != 0)
		return;
	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
	if (endorse_last_day(day, set.days_before, last) != 0)
		return;
	for (int i = 0; i < e->n; i++)
		if (e->p[i].msgid == endorse_msg_too_late || e->p[i].msgid == endorse_msg_change_too_late) {
			const char *t = sub(r, T(r, e->p[i].msgid), "{days}", arena_printf(r->a, "%d", set.days_before));
			e->p[i].msgid = sub(r, t, "{last_day}", when_date_text(r, last));
		}
}

static struct endorse_input input_of(struct req *r)
{
	struct endorse_input in = {
		.title = req_form(r, "title"), .purpose = req_form(r, "purpose"), .starts_on = req_form(r, "starts_on"),
		.ends_on = req_form(r, "ends_on"), .place = req_form(r, "place"), .attendance = req_form(r, "attendance"),
		.fee = req_form(r, "fee"), .organiser = req_form(r, "organiser"), .contact_name = req_form(r, "contact_name"),
		.contact_phone = req_form(r, "contact_phone"), .department = req_form(r, "department"),
	};
	for (int i = 0; i < ENDORSE_RULES_MAX; i++) {
		const char *v = req_form(r, arena_printf(r->a, "rule_%d", i + 1));
		in.rules[i] = v && strcmp(v, "1") == 0;
	}
	return in;
}

/* The event's fields (stored values from e, or empty for a new application). */
static void event_fields(struct form_ui *f, const struct endorsement *e)
{
	struct req *r = f->r;
	char att[24] = "", fee[24] = "";
	if (e) {
		snprintf(att, sizeof att, "%lld", e->attendance);
		snprintf(fee, sizeof fee, "%lld", e->fee);
	}
	form_ui_text(f, &(struct form_ui_field){ .name = "title", .label = T(r, "Name of the event"), .required = 1,
						 .maxlength = 200, .value = e ? e->title : "" });
	form_ui_textarea(f, &(struct form_ui_field){ .name = "purpose", .label = T(r, "Purpose and content"), .required = 1,
						     .hint = T(r, "What the event is for, what happens, and for whom."),
						     .rows = 6, .maxlength = 4000, .value = e ? e->purpose : "" });
	form_ui_text(f, &(struct form_ui_field){ .name = "starts_on", .label = T(r, "First day"), .required = 1,
						 .hint = T(r, "e.g. 2026-11-03 or 令和8年11月3日"), .maxlength = 40,
						 .value = e ? e->starts_on : "" });
	form_ui_text(f, &(struct form_ui_field){ .name = "ends_on", .label = T(r, "Last day"),
						 .hint = T(r, "Leave it empty for a one-day event."), .maxlength = 40,
						 .value = e ? e->ends_on : "" });
	form_ui_text(f, &(struct form_ui_field){ .name = "place", .label = T(r, "Venue"), .required = 1, .maxlength = 200,
						 .value = e ? e->place : "" });
	form_ui_text(f, &(struct form_ui_field){ .name = "attendance", .label = T(r, "Expected participants"),
						 .type = FORM_UI_NUMBER, .required = 1, .maxlength = 12, .value = att });
	form_ui_text(f, &(struct form_ui_field){ .name = "fee", .label = T(r, "Fee per person (yen)"), .type = FORM_UI_NUMBER,
						 .hint = T(r, "0 or empty when free. With a fee, the report states income and expenses."),
						 .maxlength = 12, .value = fee });
	form_ui_text(f, &(struct form_ui_field){ .name = "organiser", .label = T(r, "Organiser"), .required = 1,
						 .hint = T(r, "As it will be printed on the flyer."), .maxlength = 200,
						 .value = e ? e->organiser : "" });
}

static void contact_fields(struct form_ui *f)
{
	struct req *r = f->r;
	form_ui_text(f, &(struct form_ui_field){ .name = "contact_name", .label = T(r, "Contact person"), .required = 1,
						 .hint = T(r, "Seen only by the department and the collaboration division; never published."),
						 .maxlength = 100, .autocomplete = "name" });
	form_ui_text(f, &(struct form_ui_field){ .name = "contact_phone", .label = T(r, "Contact phone"), .required = 1,
						 .type = FORM_UI_TEL, .maxlength = 30, .autocomplete = "tel" });
}

/* ---- applying ---- */

static void apply_page(struct req *r, struct resp *o, const struct problems *e)
{
	int status = o->status;
	struct endorse_settings set;
	struct department *d = NULL;
	int nd = 0;
	char today[11], first[11];
	endorse_today(today);
	if (endorse_settings_get(r->st, r->a, &set) != 0 || account_department_list(r->st, r->a, &d, &nd) != 0) {
		resp_error(r, o, 503, NULL);
		return;
	}
	endorse_day_add(today, set.days_before, first);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Apply for an endorsement"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	const char *lead = sub(r, T(r, "The application must arrive {days} days before the event: today, for events from {first} on."),
			       "{days}", arena_printf(r->a, "%d", set.days_before));
	html_printf(b, "<p class=\"lead\">%s</p>\n", sub(r, lead, "{first}", when_date_text(r, first)));
	form_ui_required_note(&f);
	form_ui_open(&f, "/my/endorsements/new", NULL);
	event_fields(&f, NULL);
	contact_fields(&f);
	struct form_ui_option *opts = arena_alloc(r->a, (size_t)(nd ? nd : 1) * sizeof *opts);
	int k = 0;
	for (int i = 0; opts && i < nd; i++)
		if (!d[i].retired)
			opts[k++] = (struct form_ui_option){ arena_printf(r->a, "%lld", d[i].id), d[i].name, NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "department", .label = T(r, "Department you ask"), .required = 1,
						    .hint = T(r, "The department whose work the event is closest to.") },
		       opts, k, T(r, "Choose"));
	form_ui_group_open(&f, T(r, "Events the city does not endorse"),
			   T(r, "The city does not lend its name to these events. Confirm each rule."));
	for (int i = 0; i < set.nrules; i++)
		form_ui_checkbox(&f, &(struct form_ui_field){ .name = arena_printf(r->a, "rule_%d", i + 1), .label = set.rules[i],
							      .required = 1 },
				 0);
	form_ui_group_close(&f);
	html_printf(b, "<p class=\"hint\">%s</p>\n",
		    T(r, "Flyers and other documents can be attached once attachments are available; until then, bring them to the department."));
	form_ui_submit(&f, T(r, "Apply"), "/my/endorsements", T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int apply_get(struct req *r, struct resp *o)
{
	apply_page(r, o, NULL);
	return 0;
}

static int apply_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	struct endorse_input in = input_of(r);
	char today[11];
	endorse_today(today);
	long long id = 0;
	int rc = endorse_apply(r->st, r->a, &r->who, &in, today, &id, &e);
	if (rc == -1) {
		localise_too_late(r, &e, in.starts_on);
		o->status = 422;
		apply_page(r, o, &e);
		return 0;
	}
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/endorsements/%lld", id));
	return 0;
}

/* ---- the group's requests on an endorsement ---- */

/* The endorsement of the path for the group that applied; else an error page, -1. */
static int own_or_respond(struct req *r, struct resp *o, struct endorsement *e)
{
	long long id = req_param_id(r, 0);
	int rc = id > 0 ? endorse_get(r->st, r->a, id, e) : ENDORSE_NOT_FOUND;
	if (rc == 0 && !endorse_may_act(&r->who, e))
		rc = ENDORSE_NOT_FOUND;
	if (rc != 0)
		return page_endorse_error(r, o, rc), -1;
	return 0;
}

static void change_page(struct req *r, struct resp *o, const struct endorsement *en, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Ask for a change"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p class=\"lead\">%s</p>\n<p><a href=\"/endorsements/%lld\">%s</a></p>\n",
		    T(r, "The department decides on the change; until then the endorsement stays as approved."), en->id, en->title);
	form_ui_required_note(&f);
	form_ui_open(&f, arena_printf(r->a, "/endorsements/%lld/change", en->id), NULL);
	event_fields(&f, en);
	form_ui_text(&f, &(struct form_ui_field){ .name = "contact_name", .label = T(r, "Contact person"), .required = 1,
						  .maxlength = 100, .value = en->contact_name });
	form_ui_text(&f, &(struct form_ui_field){ .name = "contact_phone", .label = T(r, "Contact phone"), .required = 1,
						  .type = FORM_UI_TEL, .maxlength = 30, .value = en->contact_phone });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "reason", .label = T(r, "What changes and why"), .required = 1,
						      .rows = 3, .maxlength = 2000 });
	form_ui_submit(&f, T(r, "Send the request"), arena_printf(r->a, "/endorsements/%lld", en->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int change_get(struct req *r, struct resp *o)
{
	struct endorsement en;
	if (own_or_respond(r, o, &en))
		return 0;
	change_page(r, o, &en, NULL);
	return 0;
}

static int change_post(struct req *r, struct resp *o)
{
	struct endorsement en;
	if (own_or_respond(r, o, &en))
		return 0;
	struct problems e = { 0 };
	struct endorse_input in = input_of(r);
	char today[11];
	endorse_today(today);
	int rc = endorse_ask_change(r->st, r->a, &r->who, en.id, &in, req_form(r, "reason"), today, &e);
	if (rc == -1) {
		localise_too_late(r, &e, in.starts_on);
		o->status = 422;
		change_page(r, o, &en, &e);
		return 0;
	}
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/endorsements/%lld", en.id));
	return 0;
}

static int withdraw_post(struct req *r, struct resp *o)
{
	struct endorsement en;
	if (own_or_respond(r, o, &en))
		return 0;
	struct problems e = { 0 };
	char today[11];
	endorse_today(today);
	int rc = endorse_withdraw(r->st, r->a, &r->who, en.id, req_form(r, "reason"), today, &e);
	if (rc == -1) {
		o->status = 422;
		return page_endorse_detail(r, o, en.id, &e, "withdraw");
	}
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/endorsements/%lld", en.id));
	return 0;
}

static void report_page(struct req *r, struct resp *o, const struct endorsement *en, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Report of the event"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p class=\"lead\"><a href=\"/endorsements/%lld\">%s</a></p>\n", en->id, en->title);
	if (*en->report_due_on) {
		html_printf(b, "<p>%s ", T(r, "Due by"));
		when_date_html(r, b, en->report_due_on);
		buf_puts(b, "</p>\n");
	}
	form_ui_required_note(&f);
	form_ui_open(&f, arena_printf(r->a, "/endorsements/%lld/report", en->id), NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "attendance", .label = T(r, "Participants"), .required = 1,
						  .type = FORM_UI_NUMBER, .maxlength = 12 });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "summary", .label = T(r, "How it went"), .required = 1,
						      .rows = 6, .maxlength = 4000 });
	const char *hint = en->fee > 0 ? T(r, "Required: a fee was charged.") : T(r, "Only when money was received or spent.");
	form_ui_text(&f, &(struct form_ui_field){ .name = "income", .label = T(r, "Income (yen)"), .hint = hint,
						  .required = en->fee > 0, .type = FORM_UI_NUMBER, .maxlength = 14 });
	form_ui_text(&f, &(struct form_ui_field){ .name = "expenses", .label = T(r, "Expenses (yen)"), .hint = hint,
						  .required = en->fee > 0, .type = FORM_UI_NUMBER, .maxlength = 14 });
	html_printf(b, "<p class=\"hint\">%s</p>\n",
		    T(r, "A statement of income and expenses can be attached once attachments are available."));
	form_ui_submit(&f, T(r, "Send the report"), arena_printf(r->a, "/endorsements/%lld", en->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int report_get(struct req *r, struct resp *o)
{
	struct endorsement en;
	if (own_or_respond(r, o, &en))
		return 0;
	report_page(r, o, &en, NULL);
	return 0;
}

static int report_post(struct req *r, struct resp *o)
{
	struct endorsement en;
	if (own_or_respond(r, o, &en))
		return 0;
	struct problems e = { 0 };
	struct endorse_report_input in = { req_form(r, "attendance"), req_form(r, "summary"), req_form(r, "income"),
					   req_form(r, "expenses") };
	char today[11];
	endorse_today(today);
	int rc = endorse_report(r->st, r->a, &r->who, en.id, &in, today, &e);
	if (rc == -1) {
		o->status = 422;
		report_page(r, o, &en, &e);
		return 0;
	}
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/endorsements/%lld", en.id));
	return 0;
}

/* ---- the department's decision ---- */

static int decide_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL), 0;
	struct problems e = { 0 };
	const char *d = req_form(r, "decision");
	int approve = d && strcmp(d, "approve") == 0;
	if (!d || (!approve && strcmp(d, "refuse") != 0))
		problems_add(&e, "decision", N_("Choose approve or do not approve."));
	char today[11];
	endorse_today(today);
	int rc = problems_any(&e) ? -1 : endorse_decide(r->st, r->a, &r->who, id, approve, req_form(r, "comment"), today, &e);
	if (rc == -1) {
		o->status = 422;
		return page_endorse_detail(r, o, id, &e, "decide");
	}
	if (rc != 0)
		return page_endorse_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/endorsements/%lld", id));
	return 0;
}

/* ---- the division's settings ---- */

static void settings_page(struct req *r, struct resp *o, const struct problems *e)
{
	int status = o->status;
	struct endorse_settings set;
	if (endorse_settings_get(r->st, r->a, &set) != 0) {
		resp_error(r, o, 503, NULL);
		return;
	}
	struct buf rules;
	buf_init(&rules);
	for (int i = 0; i < set.nrules; i++)
		buf_printf(&rules, "%s%s", set.rules[i], i + 1 < set.nrules ? "\n" : "");
	char before[16], after[16];
	snprintf(before, sizeof before, "%d", set.days_before);
	snprintf(after, sizeof after, "%d", set.days_after);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Endorsements: settings"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "1") == 0)
		layout_notice(b, T(r, "The settings have been saved."));
	form_ui_open(&f, "/admin/endorsements", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "days_before", .label = T(r, "Days before the event an application must arrive"),
						  .type = FORM_UI_NUMBER, .required = 1, .maxlength = 3, .value = before });
	form_ui_text(&f, &(struct form_ui_field){ .name = "days_after", .label = T(r, "Days after the event the report is due"),
						  .type = FORM_UI_NUMBER, .required = 1, .maxlength = 3, .value = after });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "rules", .label = T(r, "Exclusion rules"), .required = 1,
						      .hint = T(r, "One rule a line; the group confirms each one when it applies."),
						      .rows = 6, .maxlength = 4000, .value = rules.data ? rules.data : "" });
	form_ui_submit(&f, T(r, "Save"), "/city/endorsements", T(r, "Back"));
	form_ui_close(&f);
	layout_end(r, o);
	buf_free(&rules);
}

static int settings_get(struct req *r, struct resp *o)
{
	settings_page(r, o, NULL);
	return 0;
}

static int settings_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int rc = endorse_settings_save(r->st, r->a, &r->who, req_form(r, "days_before"), req_form(r, "days_after"),
				       req_form(r, "rules"), &e);
	if (rc == -1) {
		o->status = 422;
		settings_page(r, o, &e);
		return 0;
	}
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/admin/endorsements?done=1");
	return 0;
}

#define GROUP ROLE_BIT(ROLE_GROUP)
const struct route endorse_form_routes[] = {
	{ HTTP_GET, "/my/endorsements/new", apply_get, GROUP, 0 },
	{ HTTP_POST, "/my/endorsements/new", apply_post, GROUP, 0 },
	{ HTTP_GET, "/endorsements/{id}/change", change_get, GROUP, 0 },
	{ HTTP_POST, "/endorsements/{id}/change", change_post, GROUP, 0 },
	{ HTTP_POST, "/endorsements/{id}/withdraw", withdraw_post, GROUP, 0 },
	{ HTTP_GET, "/endorsements/{id}/report", report_get, GROUP, 0 },
	{ HTTP_POST, "/endorsements/{id}/report", report_post, GROUP, 0 },
	{ HTTP_POST, "/endorsements/{id}/decide", decide_post, ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_ADMIN), 0 },
	{ HTTP_GET, "/admin/endorsements", settings_get, ROLE_BIT(ROLE_ADMIN), 0 },
	{ HTTP_POST, "/admin/endorsements", settings_post, ROLE_BIT(ROLE_ADMIN), 0 },
	{ 0 },
};
