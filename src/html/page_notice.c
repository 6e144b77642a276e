/* page_notice: each person's notices (notice_routes) — the inbox, newest first and paged,
 * one notice with the link to the page where the person acts (reading it marks it read),
 * marking all read or one unread, the person's own choice of how to be told
 * (/account/notices), and the inbox as JSON. Every logged-in role has them. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_org.h"
#include "domain/notice.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NOTICE_PAGE 20

/* Unix seconds as 和暦 with the time (JST), through the registry's date writer. */
static void notice_time(struct buf *b, long long t)
{
	char iso[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	org_time(b, iso);
}

/* A notice's link, when it is a path of this site. */
static const char *notice_link(const struct notice_item *it)
{
	return req_local_path(it->link);
}

/* ---- GET /notices ---- */

static void notice_row(struct req *r, struct buf *b, const struct notice_item *it)
{
	html_printf(b, "<li class=\"%S\">\n<p class=\"notice-state\">%s · ", it->read_at ? "notice--read" : "notice--unread",
		    it->read_at ? T(r, "Read") : T(r, "Unread"));
	notice_time(b, it->created_at);
	html_printf(b, "</p>\n<p><a href=\"/notices/%lld\">%s</a></p>\n</li>\n", it->id, it->subject);
}

static int notice_list_get(struct req *r, struct resp *o)
{
	long long page = page_number(r);
	struct notice_item *items;
	int n, total;
	if (page > 100000)
		page = 100000;
	int rc = notice_list(r->st, r->a, r->who.user_id, (int)page, NOTICE_PAGE, &items, &n, &total);
	int unread = rc == 0 ? notice_unread(r->st, r->who.user_id) : rc;
	if (rc != 0 || unread < 0)
		return resp_store_error(r, o, rc != 0 ? rc : unread);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Notices"));
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "read") == 0)
		layout_notice(b, T(r, "Every notice is marked as read."));
	else if (done && strcmp(done, "unread") == 0)
		layout_notice(b, T(r, "The notice is marked as unread."));
	buf_puts(b, "<p>");
	html_printf(b, T(r, "You have %d notices, %d of them unread. The newest come first."), total, unread);
	html_printf(b, " <a href=\"/account/notices\">%s</a></p>\n", T(r, "How you are told (email or in-app only)"));
	if (unread > 0) {
		buf_puts(b, "<form class=\"inline-form\" method=\"post\" action=\"/notices/read-all\">\n");
		layout_csrf(r, b);
		html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button>\n</form>\n",
			    T(r, "Mark every notice as read"));
	}
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No notices."));
	} else {
		html_printf(b, "<h2 class=\"visually-hidden\">%s</h2>\n<ul class=\"notice-list\">\n", T(r, "Your notices"));
		for (int i = 0; i < n; i++)
			notice_row(r, b, &items[i]);
		buf_puts(b, "</ul>\n");
	}
	page_pager(r, b, "/notices", page, total, NOTICE_PAGE);
	html_printf(b, "<p class=\"dev-links\"><a href=\"/api/v1/notices\">%s</a></p>\n", T(r, "This list as JSON"));
	layout_end(r, o);
	return 0;
}

/* ---- GET /notices/{id} ---- */

static int notice_item_or_respond(struct req *r, struct resp *o, struct notice_item *it)
{
	long long id = req_param_id(r, 0);
	int rc = id > 0 ? notice_get(r->st, r->a, r->who.user_id, id, it) : NOTICE_NOT_FOUND;
	if (rc == NOTICE_NOT_FOUND) {
		resp_error(r, o, 404, NULL);
		return -1;
	}
	if (rc != 0) {
		resp_store_error(r, o, rc);
		return -1;
	}
	return 0;
}

static int notice_show_get(struct req *r, struct resp *o)
{
	struct notice_item it;
	if (notice_item_or_respond(r, o, &it) != 0)
		return 0;
	int rc = it.read_at ? 0 : notice_mark(r->st, r->who.user_id, it.id, 1);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, it.subject);
	buf_puts(b, "<p class=\"notice-state\">");
	notice_time(b, it.created_at);
	buf_puts(b, "</p>\n<div class=\"notice-body\"><p>");
	html_text_br(b, it.body);
	buf_puts(b, "</p></div>\n");
	const char *link = notice_link(&it);
	if (link)
		html_printf(b, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", link, T(r, "Open the page"));
	html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/notices/%lld/unread\">\n", it.id);
	layout_csrf(r, b);
	html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button>\n</form>\n", T(r, "Mark as unread"));
	html_printf(b, "<p><a href=\"/notices\">%s</a></p>\n", T(r, "Back to your notices"));
	layout_end(r, o);
	return 0;
}

static int notice_unread_post(struct req *r, struct resp *o)
{
	struct notice_item it;
	if (notice_item_or_respond(r, o, &it) != 0)
		return 0;
	int rc = notice_mark(r->st, r->who.user_id, it.id, 0);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/notices?done=unread");
	return 0;
}

static int notice_read_all_post(struct req *r, struct resp *o)
{
	int rc = notice_mark_all_read(r->st, r->who.user_id);
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/notices?done=read");
	return 0;
}

/* ---- /account/notices: how a person is told ---- */

static const char *const notice_field_ids[NOTICE_PREF__MAX] = {
	[NOTICE_PREF_EMAIL] = "f-email",
	[NOTICE_PREF_CHANNEL] = "f-channel-email",
	[NOTICE_PREF_LANG] = "f-lang-ja",
};

static const char *notice_err_for(const struct notice_pref_errors *e, enum notice_pref_field f)
{
	for (int i = 0; e && i < e->n; i++)
		if (e->at[i] == f)
			return e->msg[i];
	return NULL;
}

static void notice_radio(struct buf *b, const char *name, const char *value, const char *label, const char *checked)
{
	html_printf(b, "<div class=\"checkbox\"><input type=\"radio\" id=\"f-%s-%s\" name=\"%s\" value=\"%s\"%S> "
		       "<label for=\"f-%s-%s\">%s</label></div>\n",
		    name, value, name, value, checked && strcmp(checked, value) == 0 ? " checked" : "", name, value, label);
}

static void notice_prefs_page(struct req *r, struct resp *o, const struct notice_pref_errors *e)
{
	int status = o->status;
	struct notice_prefs p;
	int rc = notice_prefs_get(r->st, r->who.user_id, &p);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "How you are told"));
	o->status = status;
	if (rc != 0)
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, "The settings could not be read. Please try again."));
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "1") == 0)
		layout_notice(b, T(r, "Your choice has been saved."));
	if (e && e->n) {
		html_printf(b, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\">\n"
			       "<h2 id=\"error-summary-title\">%s</h2>\n<ul>\n",
			    T(r, "Please correct the following."));
		for (int i = 0; i < e->n; i++)
			html_printf(b, "<li><a href=\"#%S\">%s</a></li>\n", notice_field_ids[e->at[i]], T(r, e->msg[i]));
		buf_puts(b, "</ul>\n</div>\n");
	}
	int post = r->method == HTTP_POST;
	const char *email = post ? req_form(r, "email") : p.email;
	const char *channel = post ? req_form(r, "channel") : notice_channel_names[p.channel];
	const char *lang = post ? req_form(r, "lang") : p.lang;
	html_printf(b, "<p>%s</p>\n",
		    T(r, "Every notice arrives in your notices in Kyodo. You can also receive it by email."));
	buf_puts(b, "<form class=\"form\" method=\"post\" action=\"/account/notices\" novalidate>\n");
	layout_csrf(r, b);
	const char *err = notice_err_for(e, NOTICE_PREF_EMAIL);
	html_printf(b, "<div class=\"field\">\n<label for=\"f-email\">%s</label>\n<p class=\"hint\" id=\"f-email-hint\">",
		    T(r, "Your email address"));
	if (*p.group_email)
		html_printf(b, T(r, "Leave it empty to use your group's address (%s)."), p.group_email);
	else
		html_printf(b, "%s", T(r, "Leave it empty to receive notices in Kyodo only."));
	buf_puts(b, "</p>\n");
	if (err)
		html_printf(b, "<p class=\"error-message\" id=\"f-email-error\">%s</p>\n", T(r, err));
	html_printf(b, "<input type=\"email\" id=\"f-email\" name=\"email\" autocomplete=\"email\" maxlength=\"254\" "
		       "value=\"%s\" aria-describedby=\"f-email-hint%S\"%S>\n</div>\n",
		    email ? email : "", err ? " f-email-error" : "", err ? " aria-invalid=\"true\"" : "");
	html_printf(b, "<fieldset class=\"field\">\n<legend>%s</legend>\n", T(r, "How you are told"));
	if ((err = notice_err_for(e, NOTICE_PREF_CHANNEL)))
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, err));
	notice_radio(b, "channel", "email", T(r, "By email and in Kyodo's notices"), channel);
	notice_radio(b, "channel", "inapp", T(r, "In Kyodo's notices only (no email)"), channel);
	buf_puts(b, "</fieldset>\n");
	html_printf(b, "<fieldset class=\"field\">\n<legend>%s</legend>\n", T(r, "Language of your notices"));
	if ((err = notice_err_for(e, NOTICE_PREF_LANG)))
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, err));
	notice_radio(b, "lang", "ja", "日本語", lang);
	notice_radio(b, "lang", "en", "English", lang);
	buf_puts(b, "</fieldset>\n");
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Save"));
	html_printf(b, "<p><a href=\"/notices\">%s</a></p>\n", T(r, "Back to your notices"));
	layout_end(r, o);
}

static int notice_prefs_get_page(struct req *r, struct resp *o)
{
	notice_prefs_page(r, o, NULL);
	return 0;
}

static int notice_prefs_post(struct req *r, struct resp *o)
{
	struct notice_pref_errors e;
	int rc = notice_prefs_save(r->st, &r->who, req_form(r, "email"), req_form(r, "channel"), req_form(r, "lang"), &e);
	if (rc == -1) {
		o->status = 422;
		notice_prefs_page(r, o, &e);
		return 0;
	}
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/account/notices?done=1");
	return 0;
}

/* ---- GET /api/v1/notices ---- */

static json_t *notice_json_time(long long t)
{
	char iso[32];
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0)
		return json_null();
	gmtime_r(&tt, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(iso);
}

static int notice_api_get(struct req *r, struct resp *o)
{
	long long page = page_number(r);
	if (page > 100000)
		page = 100000;
	struct notice_item *items;
	int n, total;
	int rc = notice_list(r->st, r->a, r->who.user_id, (int)page, NOTICE_PAGE, &items, &n, &total);
	int unread = rc == 0 ? notice_unread(r->st, r->who.user_id) : rc;
	if (rc != 0 || unread < 0)
		return resp_store_error(r, o, rc != 0 ? rc : unread);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:o, s:o}", "id", (json_int_t)items[i].id,
						     "event", items[i].event, "subject", items[i].subject, "body",
						     items[i].body, "link", notice_link(&items[i]), "created_at",
						     notice_json_time(items[i].created_at), "read_at",
						     notice_json_time(items[i].read_at)));
	return resp_json(o, 200, json_pack("{s:i, s:i, s:I, s:i, s:o}", "unread", unread, "total", total, "page",
					   (json_int_t)page, "per_page", NOTICE_PAGE, "items", arr));
}

const struct route notice_routes[] = {
	{ HTTP_GET, "/notices", notice_list_get, ROLES_LOGGED_IN, 0 },
	{ HTTP_POST, "/notices/read-all", notice_read_all_post, ROLES_LOGGED_IN, 0 },
	{ HTTP_GET, "/notices/{id}", notice_show_get, ROLES_LOGGED_IN, 0 },
	{ HTTP_POST, "/notices/{id}/unread", notice_unread_post, ROLES_LOGGED_IN, 0 },
	{ HTTP_GET, "/account/notices", notice_prefs_get_page, ROLES_LOGGED_IN, 0 },
	{ HTTP_POST, "/account/notices", notice_prefs_post, ROLES_LOGGED_IN, 0 },
	{ HTTP_GET, "/api/v1/notices", notice_api_get, ROLES_LOGGED_IN, ROUTE_API },
	{ 0 },
};
