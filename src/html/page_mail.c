/* page_mail: the admin's mail screens (mail_routes) — the relay settings (audited), a
 * test message, the outbox's counts, the log of every message (queued, sent, failed)
 * with each attempt, queueing failed messages again, and the counts as JSON. Forms are
 * form_ui forms; times go through html/when.h (Japan time, 和暦 with 西暦). */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/mail.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAIL_PAGE 50
#define ADMIN ROLE_BIT(ROLE_ADMIN)

/* An instant as Japan time, "—" for none (0). */
static void mail_time(struct req *r, struct buf *b, long long t)
{
	if (t <= 0)
		buf_puts(b, "—");
	else
		when_html_unix(r, b, t);
}

static const char *mail_state_label(struct req *r, const char *state)
{
	if (strcmp(state, "sent") == 0)
		return T(r, "Delivered");
	if (strcmp(state, "failed") == 0)
		return T(r, "Failed");
	return T(r, "Waiting");
}

/* The settings form's fields, in order (the security radios after the port). */
struct mail_field {
	enum mail_setting_field f;
	const char *label, *hint;
	enum form_ui_type type;
};
static const struct mail_field mail_fields[] = {
	{ MAIL_SET_HOST, N_("Relay host"),
	  N_("The city's mail server that accepts Kyodo's messages (such as smtp.city.example.jp). Empty: no mail is "
	     "sent; messages wait."), FORM_UI_TEXT },
	{ MAIL_SET_PORT, N_("Port"), N_("Usually 587 with STARTTLS, 465 with TLS, 25 without."), FORM_UI_NUMBER },
	{ MAIL_SET_USER, N_("Login name at the relay"),
	  N_("Empty when the relay needs no login. The password is not kept here: set it in the environment "
	     "variable KYODO_SMTP_PASSWORD of the server."), FORM_UI_TEXT },
	{ MAIL_SET_FROM, N_("Sender's address (From)"), N_("Such as noreply@city.example.jp."), FORM_UI_EMAIL },
	{ MAIL_SET_FROM_NAME, N_("Sender's name"), N_("Such as みどり野市 協働推進課."), FORM_UI_TEXT },
	{ MAIL_SET_BASE_URL, N_("Address of Kyodo"),
	  N_("The address people open Kyodo at, for the links in emails (such as https://kyodo.city.example.jp)."),
	  FORM_UI_URL },
};
#define MAIL_NFIELDS (sizeof mail_fields / sizeof mail_fields[0])

static const char *const mail_security_labels[MAIL_SEC__MAX] = {
	[MAIL_SEC_STARTTLS] = N_("STARTTLS (the connection is encrypted before anything is sent; usual on port 587)"),
	[MAIL_SEC_TLS] = N_("TLS from the start (usual on port 465)"),
	[MAIL_SEC_NONE] = N_("None (only for a relay on the city's own network)"),
};

static void mail_settings_form(struct req *r, struct buf *b, const struct mail_settings *ms, const struct problems *e)
{
	char port[16];
	snprintf(port, sizeof port, "%d", ms->port);
	const char *now[MAIL_SET__MAX] = {
		[MAIL_SET_HOST] = ms->host, [MAIL_SET_PORT] = port, [MAIL_SET_SECURITY] = mail_security_names[ms->security],
		[MAIL_SET_USER] = ms->user, [MAIL_SET_FROM] = ms->from, [MAIL_SET_FROM_NAME] = ms->from_name,
		[MAIL_SET_BASE_URL] = ms->base_url,
	};
	html_printf(b, "<h2>%s</h2>\n", T(r, "Mail settings"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_open(&f, "/admin/mail", NULL);
	for (size_t i = 0; i < MAIL_NFIELDS; i++) {
		const struct mail_field *m = &mail_fields[i];
		form_ui_text(&f, &(struct form_ui_field){ .name = mail_setting_names[m->f], .label = T(r, m->label),
							  .hint = T(r, m->hint), .value = now[m->f], .type = m->type,
							  .maxlength = 254, .autocomplete = "off" });
		if (m->f != MAIL_SET_PORT)
			continue;
		struct form_ui_choice sec[MAIL_SEC__MAX];
		for (int k = 0; k < MAIL_SEC__MAX; k++)
			sec[k] = (struct form_ui_choice){ .value = mail_security_names[k], .label = T(r, mail_security_labels[k]) };
		form_ui_radios(&f, &(struct form_ui_field){ .name = mail_setting_names[MAIL_SET_SECURITY],
							    .label = T(r, "Protection of the connection"),
							    .value = now[MAIL_SET_SECURITY], .required = 1 },
			       sec, MAIL_SEC__MAX);
	}
	html_printf(b, "<p>%s %s</p>\n", T(r, "Password (KYODO_SMTP_PASSWORD) in this server's environment:"),
		    getenv(MAIL_PASSWORD_ENV) ? T(r, "set") : T(r, "not set"));
	form_ui_submit(&f, T(r, "Save the mail settings"), NULL, NULL);
	form_ui_close(&f);
}

static void mail_counts_block(struct req *r, struct buf *b, const struct mail_counts *mc)
{
	html_printf(b, "<h2>%s</h2>\n<dl class=\"facts\">\n", T(r, "The outbox now"));
	html_printf(b, "<dt>%s</dt><dd>%lld</dd>\n", T(r, "Waiting to be sent"), mc->queued);
	html_printf(b, "<dt>%s</dt><dd>%lld</dd>\n", T(r, "Delivered"), mc->sent);
	html_printf(b, "<dt>%s</dt><dd>%lld</dd>\n", T(r, "Failed"), mc->failed);
	html_printf(b, "<dt>%s</dt><dd>", T(r, "Oldest waiting since"));
	mail_time(r, b, mc->oldest_queued);
	buf_puts(b, "</dd>\n</dl>\n");
	html_printf(b, "<p>%s</p>\n",
		    T(r, "While the relay cannot be reached, messages wait and are tried again after 1, 2, 4, 8 … minutes "
			 "(at most an hour apart) for 7 days. A message the relay refuses for good is marked failed; "
			 "after correcting the cause you can send the failed messages again."));
	if (mc->failed > 0) {
		static const char *const all[] = { "id", "0", NULL };
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		form_ui_button(&f, "/admin/mail/retry", T(r, "Send the failed messages again"), NULL, FORM_UI_SECONDARY, all);
	}
}

static void mail_log_table(struct req *r, struct buf *b, const char *state, long long page)
{
	struct mail_item *items;
	int n, total;
	if (mail_list(r->st, r->a, state, (int)page, MAIL_PAGE, &items, &n, &total) != 0) {
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, "The list could not be read. Please try again."));
		return;
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "Messages, newest first"));
	static const char *const states[] = { "", "queued", "sent", "failed" };
	static const char *const state_labels[] = { N_("Every message"), N_("Waiting"), N_("Delivered"), N_("Failed") };
	html_printf(b, "<nav aria-label=\"%s\"><ul class=\"link-list link-list--inline\">", T(r, "Show the messages"));
	for (size_t i = 0; i < sizeof states / sizeof *states; i++) {
		if (strcmp(state, states[i]) == 0)
			html_printf(b, "<li><strong aria-current=\"page\">%s</strong></li>", T(r, state_labels[i]));
		else
			html_printf(b, "<li><a href=\"/admin/mail%S%S\">%s</a></li>", *states[i] ? "?state=" : "", states[i],
				    T(r, state_labels[i]));
	}
	buf_puts(b, "</ul></nav>\n");
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No messages."));
		return;
	}
	html_printf(b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"mail-caption\">\n<table>\n"
		    "<caption id=\"mail-caption\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Messages"), T(r, "Subject"), T(r, "To"), T(r, "State"), T(r, "Queued at"),
		    T(r, "Sent or failed at"), T(r, "Attempts"));
	for (int i = 0; i < n; i++) {
		const struct mail_item *it = &items[i];
		html_printf(b, "<tr><td class=\"mail-log__subject\"><a href=\"/admin/mail/%lld\">%s</a></td><td>%s</td>"
			       "<td class=\"mail-log__nowrap\">%s</td><td class=\"mail-log__nowrap\">", it->id, it->subject,
			    it->recipient, mail_state_label(r, it->state));
		mail_time(r, b, it->created_at);
		buf_puts(b, "</td><td class=\"mail-log__nowrap\">");
		mail_time(r, b, it->done_at);
		html_printf(b, "</td><td class=\"num\">%d</td></tr>\n", it->attempts);
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	char *base = arena_printf(r->a, "/admin/mail%s%s", *state ? "?state=" : "", state);
	if (base)
		page_pager(r, b, base, page, total, MAIL_PAGE);
}

static const char *mail_state_param(struct req *r)
{
	const char *s = req_query(r, "state");
	if (s && (strcmp(s, "queued") == 0 || strcmp(s, "sent") == 0 || strcmp(s, "failed") == 0))
		return s;
	return "";
}

/* The whole page; e: the problems of the settings form (test 0) or of the test form
 * (test 1) after a rejected POST, else NULL. */
static void mail_page(struct req *r, struct resp *o, const struct problems *e, int test)
{
	int status = o->status;
	struct mail_settings ms;
	struct mail_counts mc;
	int rc = mail_settings_get(r->st, r->a, &ms);
	if (rc == 0)
		rc = mail_counts(r->st, (long long)time(NULL), &mc);
	if (rc != 0) {
		resp_store_error(r, o, rc);
		return;
	}
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Mail"));
	o->status = status;
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	top.idp = test ? "test-" : "";	/* the summary links to the inputs of the form at fault */
	form_ui_summary(&top);
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "saved") == 0)
		layout_notice(b, T(r, "The mail settings have been saved."));
	else if (done && strcmp(done, "test") == 0)
		layout_notice(b, T(r, "A test message is queued. It appears in the list below once it is sent."));
	else if (done && strcmp(done, "retry") == 0)
		layout_notice(b, T(r, "The failed messages are queued again."));
	if (!*ms.host || !*ms.from)
		html_printf(b, "<div class=\"notice provisional\"><p>%s</p></div>\n",
			    T(r, "No relay or sender address is set: notices reach people's inboxes in Kyodo, and their "
				 "emails wait in the outbox until the relay is set."));
	else if (!*ms.base_url)
		html_printf(b, "<div class=\"notice provisional\"><p>%s</p></div>\n",
			    T(r, "The address of Kyodo is not set: emails are sent without the link to the page."));
	mail_counts_block(r, b, &mc);
	mail_settings_form(r, b, &ms, test ? NULL : e);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Send a test message"));
	struct form_ui f;
	form_ui_init(&f, r, b, test ? e : NULL);
	f.idp = "test-";
	form_ui_open(&f, "/admin/mail/test", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "to", .label = T(r, "To"), .type = FORM_UI_EMAIL,
						  .hint = T(r, "The message is queued like every notice and sent by the worker."),
						  .required = 1, .maxlength = 254, .autocomplete = "off" });
	form_ui_submit(&f, T(r, "Queue a test message"), NULL, NULL);
	form_ui_close(&f);
	mail_log_table(r, b, mail_state_param(r), page_number(r));
	static const struct layout_link dev[] = { { "/api/v1/mail", N_("The outbox's counts as JSON") }, { NULL, NULL } };
	layout_end_links(r, o, dev);
}

static int mail_get_page(struct req *r, struct resp *o)
{
	mail_page(r, o, NULL, 0);
	return 0;
}

static int mail_settings_post(struct req *r, struct resp *o)
{
	const char *values[MAIL_SET__MAX] = { 0 };
	for (int i = 0; i < MAIL_SET__MAX; i++)
		values[i] = req_form(r, mail_setting_names[i]);
	struct problems e = { 0 };
	int rc = mail_settings_save(r->st, &r->who, values, &e);
	if (rc == -1) {
		o->status = 422;
		mail_page(r, o, &e, 0);
		return 0;
	}
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/admin/mail?done=saved");
	return 0;
}

static int mail_test_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	int rc = notice_mail_test(r->st, &r->who, req_form(r, "to"), &err);
	if (rc == -1) {
		struct problems e = { 0 };
		problems_add(&e, "to", err);
		o->status = 422;
		mail_page(r, o, &e, 1);
		return 0;
	}
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/admin/mail?done=test");
	return 0;
}

static int mail_retry_post(struct req *r, struct resp *o)
{
	const char *ids = req_form(r, "id");
	long long id = ids ? atoll(ids) : 0;
	int count = 0;
	int rc = mail_requeue(r->st, &r->who, id > 0 ? id : 0, &count);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/admin/mail?done=retry");
	return 0;
}

static int mail_show_get(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	struct mail_item it;
	int rc = id > 0 ? mail_get(r->st, r->a, id, &it) : MAIL_NOT_FOUND;
	if (rc == MAIL_NOT_FOUND)
		return resp_error(r, o, 404, NULL);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	struct mail_attempt *at;
	int n;
	if ((rc = mail_attempts(r->st, r->a, id, &at, &n)) != 0)
		return resp_store_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, it.subject);
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", T(r, "To"),
		    it.recipient, T(r, "State"), mail_state_label(r, it.state), T(r, "Queued at"));
	mail_time(r, b, it.created_at);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", T(r, "Next attempt"));
	mail_time(r, b, strcmp(it.state, "queued") == 0 ? it.next_at : 0);
	buf_puts(b, "</dd>\n</dl>\n");
	html_printf(b, "<h2>%s</h2>\n<pre class=\"mail-body\">%s</pre>\n", T(r, "The message"), it.body);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Attempts"));
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "Not tried yet."));
	} else {
		/* the relay's own words stay as it wrote them (for the city's IT staff), marked as English */
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"attempts-caption\">\n"
			       "<table>\n<caption id=\"attempts-caption\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Attempts"), T(r, "Time"), T(r, "Result"), T(r, "The relay's answer (for IT staff)"));
		for (int i = 0; i < n; i++) {
			buf_puts(b, "<tr><td>");
			mail_time(r, b, at[i].at);
			html_printf(b, "</td><td>%s</td><td><code lang=\"en\" class=\"mail-detail\">%s</code></td></tr>\n",
				    at[i].ok ? T(r, "Delivered") : T(r, "Not sent"), at[i].detail);
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	if (strcmp(it.state, "failed") == 0) {
		const char *const one[] = { "id", arena_printf(r->a, "%lld", it.id), NULL };
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		form_ui_button(&f, "/admin/mail/retry", T(r, "Send this message again"), NULL, FORM_UI_SECONDARY, one);
	}
	html_printf(b, "<p><a href=\"/admin/mail\">%s</a></p>\n", T(r, "Back to mail"));
	layout_end(r, o);
	return 0;
}

static int mail_api_get(struct req *r, struct resp *o)
{
	struct mail_counts mc;
	int rc = mail_counts(r->st, (long long)time(NULL), &mc);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	return resp_json(o, 200, json_pack("{s:I, s:I, s:I, s:I, s:I}", "queued", (json_int_t)mc.queued, "due",
					   (json_int_t)mc.due, "sending", (json_int_t)mc.leased, "sent", (json_int_t)mc.sent,
					   "failed", (json_int_t)mc.failed));
}

const struct route mail_routes[] = {
	{ HTTP_GET, "/admin/mail", mail_get_page, ADMIN, 0 },
	{ HTTP_POST, "/admin/mail", mail_settings_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/mail/test", mail_test_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/mail/retry", mail_retry_post, ADMIN, 0 },
	{ HTTP_GET, "/admin/mail/{id}", mail_show_get, ADMIN, 0 },
	{ HTTP_GET, "/api/v1/mail", mail_api_get, ADMIN, ROUTE_API },
	{ 0 },
};
