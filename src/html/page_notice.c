/* page_notice: each person's notices (notice_routes) — the inbox, newest first and paged,
 * one notice with the link to the page where the person acts (reading it marks it read),
 * marking all read or one unread, the person's own choice of how to be told
 * (/account/notices, a form_ui form), and the inbox as JSON. Every logged-in role has
 * them. Times are shown through html/when.h (Japan time). */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NOTICE_PAGE 20

/* A notice's link, when it is a path of this site. */
static const char *notice_link(const struct notice_item *it)
{
	return req_local_path(it->link);
}

/* ---- GET /notices ---- */

static void notice_row(struct req *r, struct buf *b, const struct notice_item *it)
{
	const char *mod = it->read_at ? "read" : "unread";
	html_printf(b, "<li class=\"notice-list__item notice-list__item--%S\">\n"
		       "<p class=\"notice-list__subject\"><a href=\"/notices/%lld\">%s</a></p>\n"
		       "<p class=\"notice-list__meta\"><span class=\"notice-list__state\">%s</span> · ",
		    mod, it->id, it->subject, it->read_at ? T(r, "Read") : T(r, "Unread"));
	when_html_unix(r, b, it->created_at);
	buf_puts(b, "</p>\n</li>\n");
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
	buf_puts(b, "<p class=\"lead\">");
	html_printf(b, T(r, "You have %d notices, %d of them unread. The newest come first."), total, unread);
	buf_puts(b, "</p>\n");
	html_printf(b, "<ul class=\"link-list\">\n<li><a href=\"/account/notices\">%s</a></li>\n</ul>\n",
		    T(r, "How you are told (email or in-app only)"));
	if (unread > 0) {
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		form_ui_button(&f, "/notices/read-all", T(r, "Mark every notice as read"), NULL, FORM_UI_SECONDARY, NULL);
	}
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No notices."));
	} else {
		html_printf(b, "<h2 class=\"visually-hidden\" id=\"notice-list-title\">%s</h2>\n"
			       "<ul class=\"notice-list\" aria-labelledby=\"notice-list-title\">\n",
			    T(r, "Your notices"));
		for (int i = 0; i < n; i++)
			notice_row(r, b, &items[i]);
		buf_puts(b, "</ul>\n");
	}
	page_pager(r, b, "/notices", page, total, NOTICE_PAGE);
	static const struct layout_link dev[] = { { "/api/v1/notices", N_("This list as JSON") }, { NULL, NULL } };
	layout_end_links(r, o, dev);
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
	buf_puts(b, "<p class=\"notice-list__meta\">");
	when_html_unix(r, b, it.created_at);
	buf_puts(b, "</p>\n<div class=\"notice-body\"><p>");
	html_text_br(b, it.body);
	buf_puts(b, "</p></div>\n");
	const char *link = notice_link(&it);
	/* one row of actions: where to act, mark unread, back to the list */
	buf_puts(b, "<div class=\"form-actions\">\n");
	if (link)
		html_printf(b, "<a class=\"button\" href=\"%s\">%s</a>\n", link, T(r, "Open the page"));
	struct form_ui f;
	form_ui_init(&f, r, b, NULL);
	form_ui_button(&f, arena_printf(r->a, "/notices/%lld/unread", it.id), T(r, "Mark as unread"), NULL,
		       FORM_UI_SECONDARY, NULL);
	html_printf(b, "<a class=\"form-actions__cancel\" href=\"/notices\">%s</a>\n</div>\n", T(r, "Back to your notices"));
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

static void notice_prefs_page(struct req *r, struct resp *o, const struct problems *e)
{
	int status = o->status;
	struct notice_prefs p;
	int rc = notice_prefs_get(r->st, r->who.user_id, &p);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "How you are told"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	if (rc != 0)
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, "The settings could not be read. Please try again."));
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "1") == 0)
		layout_notice(b, T(r, "Your choice has been saved."));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Every notice arrives in your notices in Kyodo. You can also receive it by email."));
	form_ui_open(&f, "/account/notices", NULL);
	const char *hint = *p.group_email ? arena_printf(r->a, T(r, "Leave it empty to use your group's address (%s)."),
							 p.group_email)
					  : T(r, "Leave it empty to receive notices in Kyodo only.");
	form_ui_text(&f, &(struct form_ui_field){ .name = "email", .label = T(r, "Your email address"), .hint = hint,
						  .value = p.email, .type = FORM_UI_EMAIL, .maxlength = 254,
						  .autocomplete = "email" });
	const struct form_ui_choice channels[] = {
		{ .value = "email", .label = T(r, "By email and in Kyodo's notices") },
		{ .value = "inapp", .label = T(r, "In Kyodo's notices only (no email)") },
	};
	form_ui_radios(&f, &(struct form_ui_field){ .name = "channel", .label = T(r, "How you are told"),
						    .value = notice_channel_names[p.channel], .required = 1 },
		       channels, 2);
	/* each language named in its own language */
	const struct form_ui_choice langs[] = {
		{ .value = "ja", .label = "日本語" },
		{ .value = "en", .label = "English" },
	};
	form_ui_radios(&f, &(struct form_ui_field){ .name = "lang", .label = T(r, "Language of your notices"),
						    .value = p.lang, .required = 1 },
		       langs, 2);
	form_ui_submit(&f, T(r, "Save"), "/notices", T(r, "Back to your notices"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int notice_prefs_get_page(struct req *r, struct resp *o)
{
	notice_prefs_page(r, o, NULL);
	return 0;
}

static int notice_prefs_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
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
