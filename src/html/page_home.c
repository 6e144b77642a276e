/* page_home: the start page (home_routes): a short introduction and links by role. */
#include "http/http.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "util/i18n.h"
#include <string.h>

struct home_link {
	const char *href, *label, *desc;
	unsigned roles;
};

static const struct home_link home_links[] = {
	{ "/reports", "Progress reports", "The published progress of the collaboration plan, year by year.", ROLES_ANY },
	{ "/groups", "Find groups", "Citizen groups, community organisations and businesses registered with the city.",
	  ROLES_ANY },
	{ "/plans", "Plans", "Plan items and their yearly progress (PDCA).", PLAN_READER_ROLES },
	{ "/admin/users", "Users", "Accounts and roles.", ROLE_BIT(ROLE_ADMIN) },
	{ "/admin/audit", "Audit log", "Who changed what, and when.", ROLE_BIT(ROLE_ADMIN) },
	{ "/login", "Log in", "For city staff, the civic activity center, groups and committee members.",
	  ROLE_BIT(ROLE_PUBLIC) },
	{ NULL, NULL, NULL, 0 },
};

static int home_get(struct req *r, struct resp *o)
{
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Kyodo: community collaboration"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Kyodo connects the city, citizen groups, businesses and residents who work together for the community."));
	html_printf(b, "<h2>%s</h2>\n<ul class=\"link-list\">\n", T(r, "What you can do here"));
	for (const struct home_link *l = home_links; l->href; l++) {
		if (!(l->roles & ROLE_BIT(r->who.role)) || (r->public_only && strcmp(l->href, "/login") == 0))
			continue;
		html_printf(b, "<li><a href=\"%s\">%s</a><br><span class=\"hint\">%s</span></li>\n", l->href,
			    T(r, l->label), T(r, l->desc));
	}
	buf_puts(b, "</ul>\n");
	layout_end(r, o);
	return 0;
}

const struct route home_routes[] = {
	{ HTTP_GET, "/", home_get, ROLES_ANY, ROUTE_PUBLIC },
	{ 0 },
};
