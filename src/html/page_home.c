/* page_home: the start page (home_routes). It names the city (its settings: the name
 * the center sets, org_city.c) and leads each viewer to what they came for: the public
 * to the progress reports, the directory of groups and the application to register a
 * group (団体登録の申請); a logged-in person to the screens of their role. */
#include "http/http.h"
#include "domain/org.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <string.h>

struct home_link {
	const char *href, *label, *desc;
	unsigned roles;
	int public_route;	/* a public page (ROUTE_PUBLIC): offered by an instance of --public-only too */
};

static const struct home_link home_links[] = {
	{ "/reports", N_("Progress reports"), N_("How far the city's collaboration plan has come, year by year."), ROLES_ANY,
	  1 },
	{ "/groups", N_("Find groups"),
	  N_("Citizen groups, community organisations and businesses that work for the city: search by field and area."),
	  ROLES_ANY, 1 },
	{ "/register", N_("Apply to register a group"),
	  N_("Register your group with the civic activity center to appear in the directory."), ROLE_BIT(ROLE_PUBLIC) },
	{ "/plans", N_("Plans"), N_("Plan items and their yearly progress (PDCA)."), PLAN_READER_ROLES },
	{ "/my/group", N_("Our group"), N_("Your group's profile, its confirmation and the center's messages."),
	  ROLE_BIT(ROLE_GROUP) },
	{ "/center/orgs", N_("Group registry"), N_("Applications, changes to review and the yearly confirmation."),
	  ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) },
	{ "/admin/users", N_("Users"), N_("Accounts and roles."), ROLE_BIT(ROLE_ADMIN) },
	{ "/admin/departments", N_("Departments"), N_("The list of the city's departments the forms choose from."),
	  ROLE_BIT(ROLE_ADMIN) },
	{ "/admin/audit", N_("Audit log"), N_("Who changed what, and when."), ROLE_BIT(ROLE_ADMIN) },
	{ NULL, NULL, NULL, 0 },
};

static int home_get(struct req *r, struct resp *o)
{
	struct buf *b = &o->body;
	const char *city = org_setting(r->st, r->a, "city.name", "");
	const char *title = T(r, "Kyodo: community collaboration");
	if (city && *city) {	/* "{city}" in the message stands for the city's name */
		const char *t = T(r, "Community collaboration in {city}"), *at = strstr(t, "{city}");
		if (at)
			title = arena_printf(r->a, "%.*s%s%s", (int)(at - t), t, city, at + 6);
	}
	layout_begin(r, o, title ? title : T(r, "Kyodo: community collaboration"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Kyodo connects the city, citizen groups, businesses and residents who work together for the community."));
	html_printf(b, "<h2 class=\"visually-hidden\">%s</h2>\n<ul class=\"card-list\">\n", T(r, "What you can do here"));
	for (const struct home_link *l = home_links; l->href; l++) {
		if (!(l->roles & ROLE_BIT(r->who.role)) || (r->public_only && !l->public_route))
			continue;
		html_printf(b, "<li class=\"card\"><a class=\"card__link\" href=\"%s\"><span class=\"card__title\">%s</span>"
			       "<span class=\"card__desc\">%s</span></a></li>\n",
			    l->href, T(r, l->label), T(r, l->desc));
	}
	buf_puts(b, "</ul>\n");
	if (r->who.role == ROLE_PUBLIC && !r->public_only)	/* an instance of public pages alone has no login */
		html_printf(b, "<p class=\"home-login\">%s <a href=\"/login\">%s</a></p>\n",
			    T(r, "City staff, the civic activity center, registered groups and committee members:"),
			    T(r, "Log in"));
	layout_end(r, o);
	return 0;
}

const struct route home_routes[] = {
	{ HTTP_GET, "/", home_get, ROLES_ANY, ROUTE_PUBLIC },
	{ 0 },
};
