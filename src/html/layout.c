/* layout: the page frame every screen shares (see layout.h). */
#include "html/layout.h"
#include "domain/notice.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/form_ui.h"
#include "util/i18n.h"
#include "domain/project_visibility.h"
#include <string.h>

struct layout_nav {
	const char *href, *label;
	unsigned roles;	/* who sees the link */
};

static const struct layout_nav layout_navs[] = {
	{ "/", "Home", ROLES_ANY },
	{ "/groups", "Find groups", ROLES_ANY },
	{ "/reports", "Progress reports", ROLES_ANY },
	{ "/plans", "Plans", PLAN_READER_ROLES },
	{ "/projects", "Projects", PROJECT_STAFF_ROLES },
	{ "/public/projects", "Collaboration projects", ROLE_BIT(ROLE_PUBLIC) },
	{ "/my/group", "Our group", ROLE_BIT(ROLE_GROUP) },
	{ "/center/orgs", "Group registry", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) },
	{ "/admin/audit", "Audit log", ROLE_BIT(ROLE_ADMIN) },
	{ "/admin/users", "Users", ROLE_BIT(ROLE_ADMIN) },
	{ "/admin/mail", "Mail", ROLE_BIT(ROLE_ADMIN) },
	{ NULL, NULL, 0 },
};

static int layout_current(const char *path, const char *href)
{
	if (!path)
		return 0;
	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	size_t n = strlen(href);
	return strncmp(path, href, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The inbox, with its unread count (domain/notice.h) when there is any: counted up to 100
 * ("100件以上"), so that the header costs the same however many wait. */
#define LAYOUT_UNREAD_MAX 100
static void layout_notices_link(struct req *r, struct buf *b)
{
	int unread = r->st && r->who.user_id > 0 ? notice_unread_upto(r->st, r->who.user_id, LAYOUT_UNREAD_MAX) : 0;
	/* the underline under the word only, not under the space before the count */
	html_printf(b, "<a class=\"site-tools__link site-notices\" href=\"/notices\"%S><span class=\"site-notices__label\">%s</span>",
		    layout_current(r->path, "/notices") ? " aria-current=\"page\"" : "", T(r, "Notices"));
	if (unread > 0) {
		buf_puts(b, " <span class=\"notice-count\">");
		html_printf(b, unread >= LAYOUT_UNREAD_MAX ? T(r, "%d or more unread") : T(r, "%d unread"), unread);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</a>\n");
}

/* The frame's start; cls: the body's class (NULL: none). */
static void layout_begin_body(struct req *r, struct resp *o, const char *title, const char *cls)
{
	struct buf *b = &o->body;
	const char *lang = r->lang && strcmp(r->lang, "en") == 0 ? "en" : "ja";
	const char *other = strcmp(lang, "en") == 0 ? "ja" : "en";
	const char *site = T(r, "Kyodo: community collaboration");
	if (!title)
		title = site;
	html_printf(b,
		    "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s%S%s</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/tokens.css\">\n"
		    "<link rel=\"stylesheet\" href=\"/static/kyodo.css\">\n"
		    "</head>\n<body%S%s%S>\n"
		    "<a class=\"skip-link\" href=\"#main\">%s</a>\n"
		    "<header class=\"site-header\">\n<div class=\"site-header__inner\">\n"
		    "<p class=\"site-name\"><a href=\"/\">%s</a></p>\n<div class=\"site-tools\">\n",
		    lang, title, strcmp(title, site) == 0 ? "" : " | ", strcmp(title, site) == 0 ? "" : site,
		    cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "", T(r, "Skip to main content"), site);
	if (r->who.role != ROLE_PUBLIC) {
		html_printf(b, "<p class=\"site-user\">%s <span class=\"site-user__role\">%s</span></p>\n",
			    r->who.display_name && *r->who.display_name ? r->who.display_name : r->who.login,
			    T(r, role_names[r->who.role]));
		layout_notices_link(r, b);
		html_printf(b, "<a class=\"site-tools__link\" href=\"/account/password\">%s</a>\n", T(r, "Change password"));
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		form_ui_button(&f, "/logout", T(r, "Log out"), NULL, FORM_UI_SECONDARY, NULL);
	} else if (!r->public_only) {	/* an instance of public pages alone has no login */
		html_printf(b, "<a class=\"site-tools__link\" href=\"/login\">%s</a>\n", T(r, "Log in"));
	}
	/* A query-only link stays on this page; building it from the request path let a path
	 * such as //evil.example turn it into a link to another site (review finding). */
	html_printf(b, "<a class=\"site-tools__link\" href=\"?lang=%s\" lang=\"%s\" hreflang=\"%s\">%s</a>\n", other, other,
		    other, strcmp(other, "en") == 0 ? "English" : "日本語");
	html_printf(b, "</div>\n</div>\n<nav class=\"site-nav\" aria-label=\"%s\">\n<ul class=\"site-nav__list\">\n",
		    T(r, "Main menu"));
	for (const struct layout_nav *n = layout_navs; n->href; n++) {
		if (!(n->roles & ROLE_BIT(r->who.role)))
			continue;
		html_printf(b, "<li><a href=\"%s\"%S>%s</a></li>\n", n->href,
			    layout_current(r->path, n->href) ? " aria-current=\"page\"" : "", T(r, n->label));
	}
	html_printf(b, "</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>%s</h1>\n", title);
}

void layout_begin(struct req *r, struct resp *o, const char *title) { layout_begin_body(r, o, title, NULL); }

void layout_begin_sheet(struct req *r, struct resp *o, const char *title)
{
	layout_begin_body(r, o, title, "print-sheet");
}

void layout_end_links(struct req *r, struct resp *o, const struct layout_link *links)
{
	struct buf *b = &o->body;
	html_printf(b, "</main>\n<footer class=\"site-footer\">\n<div class=\"site-footer__inner\">\n"
		       "<p class=\"site-footer__name\">%s</p>\n",
		    T(r, "Kyodo: community collaboration"));
	if (links && links[0].href) {
		html_printf(b, "<p class=\"site-footer__dev\">%s ", T(r, "For developers:"));
		for (const struct layout_link *l = links; l->href; l++)
			html_printf(b, "%S<a href=\"%s\">%s</a>", l == links ? "" : " · ", l->href, T(r, l->label));
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "</div>\n</footer>\n</body>\n</html>\n");
}

void layout_end(struct req *r, struct resp *o)
{
	layout_end_links(r, o, NULL);
}

void layout_notice(struct buf *b, const char *text)
{
	html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n", text);
}
