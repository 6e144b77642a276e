/* page_admin: the administrator's screens (admin_routes) — the audit log with filters
 * and "older" pagination, user accounts: list, add, disable/enable, reset password, and
 * the login locks in force (auth/throttle.h) with a button to lift each. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "auth/throttle.h"
#include "html/page_org.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ADMIN_AUDIT_PAGE 50
#define ADMIN_ERR_LEN 256

/* ---- GET /admin/audit ---- */

struct admin_filter_field {
	const char *name, *label;
};
static const struct admin_filter_field admin_audit_filters[] = {
	{ "entity", "Entity" },
	{ "actor", "Actor (login)" },
	{ "action", "Action" },
	{ "address", "Client address (IP)" },
	{ NULL, NULL },
};

static void admin_json_cell(struct req *r, struct buf *b, const char *json)
{
	buf_puts(b, "<td>");
	if (json && *json)
		html_printf(b, "<details><summary>%s</summary><pre>%s</pre></details>", T(r, "Show"), json);
	buf_puts(b, "</td>");
}

static int admin_audit_get(struct req *r, struct resp *o)
{
	const char *before = req_query(r, "before");
	struct audit_filter f = {
		.entity = req_query(r, "entity"),
		.actor = req_query(r, "actor"),
		.action = req_query(r, "action"),
		.address = req_query(r, "address"),
		.before_id = before ? atoll(before) : 0,
		.limit = ADMIN_AUDIT_PAGE,
	};
	struct audit_row *rows = NULL;
	int n = audit_list(r->st, &f, &rows);
	if (n < 0)
		return resp_store_error(r, o, n);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Audit log"));
	buf_puts(b, "<form class=\"form filter-form\" method=\"get\" action=\"/admin/audit\">\n");
	for (const struct admin_filter_field *ff = admin_audit_filters; ff->name; ff++)
		page_input(b, ff->name, T(r, ff->label), req_query(r, ff->name), NULL, 0);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Filter"));
	html_printf(b,
		    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Audit log, newest first"), T(r, "Time"), T(r, "Actor"), T(r, "Client address (IP)"), T(r, "Action"),
		    T(r, "Entity"), T(r, "ID"), T(r, "Before"), T(r, "After"));
	for (int i = 0; i < n; i++) {
		const struct audit_row *a = &rows[i];
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
			       "<td class=\"num\">%lld</td>",
			    a->at, a->actor, a->address ? a->address : "—", a->action, a->entity, a->entity_id);
		admin_json_cell(r, b, a->before_json);
		admin_json_cell(r, b, a->after_json);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No entries."));
	if (n == ADMIN_AUDIT_PAGE) {
		struct buf q = BUF_INIT;
		for (const struct admin_filter_field *ff = admin_audit_filters; ff->name; ff++) {
			const char *v = req_query(r, ff->name);
			if (v && *v) {
				buf_printf(&q, "%s=", ff->name);
				html_urlenc(&q, v);
				buf_puts(&q, "&");
			}
		}
		html_printf(b, "<p><a href=\"/admin/audit?%sbefore=%lld\">%s</a></p>\n", buf_cstr(&q), rows[n - 1].id,
			    T(r, "Older entries"));
		buf_free(&q);
	}
	html_printf(b, "<p><a href=\"/api/v1/audit\">%s</a></p>\n", T(r, "The audit log as JSON"));
	audit_rows_free(rows, n);
	layout_end(r, o);
	return 0;
}

/* ---- users ---- */

struct admin_users_ctx {
	struct req *r;
	struct buf *b;
};

static void admin_user_button(struct req *r, struct buf *b, const struct user *u, const char *action,
			      const char *label)
{
	html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/admin/users/%lld/%S\">\n", u->id, action);
	layout_csrf(r, b);
	html_printf(b, "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n</form>\n",
		    label, u->login);
}

static void admin_user_row(const struct user *u, void *arg)
{
	struct admin_users_ctx *c = arg;
	struct req *r = c->r;
	struct buf *b = c->b;
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", u->login,
		    u->display_name, T(r, role_names[u->role]), u->department,
		    u->disabled ? T(r, "Disabled") : T(r, "Active"));
	admin_user_button(r, b, u, u->disabled ? "enable" : "disable", u->disabled ? T(r, "Enable") : T(r, "Disable"));
	html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/admin/users/%lld/password\">\n", u->id);
	layout_csrf(r, b);
	html_printf(b, "<label for=\"pw-%lld\">%s <span class=\"visually-hidden\">%s</span></label>\n"
		       "<input type=\"password\" id=\"pw-%lld\" name=\"password\" autocomplete=\"new-password\" minlength=\"10\" required>\n"
		       "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n</form>\n",
		    u->id, T(r, "New password"), u->login, u->id, T(r, "Reset"), u->login);
	buf_puts(b, "</td></tr>\n");
}

static const char *const admin_roles[] = { "admin", "staff", "coordinator", "group", "committee" };

static void admin_users_page(struct req *r, struct resp *o, const char *error)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Users"));
	o->status = status;
	const char *done = req_query(r, "done");
	if (done && *done)
		layout_notice(b, T(r, "The account has been updated."));
	if (error)
		layout_errors(b, &error, 1);
	html_printf(b,
		    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "User accounts"), T(r, "Login name"), T(r, "Name"), T(r, "Role"), T(r, "Department"),
		    T(r, "State"), T(r, "Actions"));
	struct admin_users_ctx c = { r, b };
	int rc = account_user_each(r->st, admin_user_row, &c);
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	if (rc < 0)
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, "The list could not be read. Please try again."));
	int post = r->method == HTTP_POST;
	html_printf(b, "<h2>%s</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/users\">\n", T(r, "Add a user"));
	layout_csrf(r, b);
	page_input(b, "login", T(r, "Login name"), post ? req_form(r, "login") : NULL, NULL, 1);
	page_input(b, "name", T(r, "Name"), post ? req_form(r, "name") : NULL, NULL, 1);
	page_select(b, "role", T(r, "Role"), admin_roles, (int)(sizeof admin_roles / sizeof admin_roles[0]), NULL,
		    post ? req_form(r, "role") : "staff");
	page_input(b, "department", T(r, "Department"), post ? req_form(r, "department") : NULL,
		   T(r, "Required for department staff."), 0);
	html_printf(b, "<div class=\"field\">\n<label for=\"f-password\">%s</label>\n<p class=\"hint\" id=\"f-password-hint\">%s</p>\n"
		       "<input type=\"password\" id=\"f-password\" name=\"password\" autocomplete=\"new-password\" minlength=\"10\" required aria-describedby=\"f-password-hint\">\n</div>\n",
		    T(r, "Initial password"), T(r, "At least 10 characters."));
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Add the user"));
	html_printf(b, "<p><a href=\"/api/v1/users\">%s</a></p>\n", T(r, "This list as JSON"));
	html_printf(b, "<p><a href=\"/admin/locks\">%s</a></p>\n",
		    T(r, "Logins stopped after failed attempts, and lifting them"));
	layout_end(r, o);
}

static int admin_users_get(struct req *r, struct resp *o)
{
	admin_users_page(r, o, NULL);
	return 0;
}

static int admin_user_add_post(struct req *r, struct resp *o)
{
	char err[ADMIN_ERR_LEN] = "";
	enum role role;
	const char *rs = req_form(r, "role"), *dept = req_form(r, "department");
	if (!rs || role_parse(rs, &role) != 0 || role == ROLE_PUBLIC) {
		o->status = 422;
		admin_users_page(r, o, T(r, "Choose a role."));
		return 0;
	}
	const char *login = req_form(r, "login"), *name = req_form(r, "name"), *pw = req_form(r, "password");
	long long id = account_user_add(r->st, &r->who, login ? login : "", name ? name : "", role,
					dept && *dept ? dept : NULL, pw ? pw : "", err, sizeof err);
	if (id == -1) {
		o->status = 422;
		admin_users_page(r, o, T(r, err));
		return 0;
	}
	if (id < 0)
		return resp_store_error(r, o, (int)id);
	resp_redirect(o, "/admin/users?done=added");
	return 0;
}

static long long admin_user_id_or_respond(struct req *r, struct resp *o, struct user *u)
{
	long long id = req_param_id(r, 0);
	if (id <= 0 || account_user_get_id(r->st, id, u) != 0) {
		resp_error(r, o, 404, NULL);
		return -1;
	}
	return id;
}

static int admin_user_state_post(struct req *r, struct resp *o)
{
	struct user u;
	long long id = admin_user_id_or_respond(r, o, &u);
	if (id < 0)
		return 0;
	int disable = strstr(r->path, "/disable") != NULL;
	if (disable && id == r->who.user_id) {
		o->status = 422;
		admin_users_page(r, o, T(r, "You cannot disable your own account."));
		return 0;
	}
	int rc = account_set_disabled(r->st, &r->who, id, disable);
	if (rc < 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, disable ? "/admin/users?done=disabled" : "/admin/users?done=enabled");
	return 0;
}

static int admin_user_password_post(struct req *r, struct resp *o)
{
	struct user u;
	long long id = admin_user_id_or_respond(r, o, &u);
	if (id < 0)
		return 0;
	char err[ADMIN_ERR_LEN] = "";
	const char *pw = req_form(r, "password");
	int rc = account_set_password(r->st, &r->who, id, pw ? pw : "", err, sizeof err);
	if (rc == -1) {
		o->status = 422;
		admin_users_page(r, o, T(r, err));
		return 0;
	}
	if (rc < 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/admin/users?done=password");
	return 0;
}

/* ---- login locks ---- */

static const char *const admin_lock_kinds[THROTTLE__MAX] = {
	[THROTTLE_PAIR] = N_("Login name from one address"),
	[THROTTLE_ADDRESS] = N_("Address (every login name)"),
	[THROTTLE_ACCOUNT] = N_("Login name (every address)"),
};

static void admin_lock_time(struct buf *b, long long t)
{
	char iso[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	org_time(b, iso);
}

static void admin_lock_row(struct req *r, struct buf *b, const struct throttle_lock *l)
{
	/* the login name is what a stranger typed: shown with its hidden characters visible,
	 * posted back exactly */
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%v</td><td>%v</td><td class=\"num\">%d</td><td>",
		    T(r, admin_lock_kinds[l->kind]), *l->login ? l->login : "—", *l->address ? l->address : "—",
		    l->failures);
	admin_lock_time(b, l->last_at);
	buf_puts(b, "</td><td>");
	admin_lock_time(b, l->until);
	buf_puts(b, "</td><td>");
	html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/admin/locks/lift\">\n");
	layout_csrf(r, b);
	html_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\">\n"
		       "<input type=\"hidden\" name=\"login\" value=\"%a\">\n"
		       "<input type=\"hidden\" name=\"address\" value=\"%a\">\n"
		       "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %v %v</span></button>\n"
		       "</form></td></tr>\n",
		    throttle_kind_names[l->kind], l->login, l->address, T(r, "Lift"), l->login, l->address);
}

static void admin_locks_page(struct req *r, struct resp *o, const char *error)
{
	int status = o->status;
	struct buf *b = &o->body;
	struct throttle_lock *v = NULL;
	int n = 0, cut = 0;
	int rc = throttle_locks(r->st, r->login_limits, r->a, &v, &n, &cut);
	layout_begin(r, o, T(r, "Login locks"));
	o->status = status;
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "1") == 0)
		layout_notice(b, T(r, "The lock has been lifted. The owner can log in again."));
	else if (done && strcmp(done, "0") == 0)
		layout_notice(b, T(r, "There was nothing to lift: the lock had already ended."));
	if (error)
		layout_errors(b, &error, 1);
	buf_puts(b, "<p>");
	html_printf(b, T(r, "Failed logins stop further attempts for a while. They are counted over the last %d minutes:"),
		    THROTTLE_WINDOW_S / 60);
	buf_puts(b, "</p>\n<ul>\n<li>");
	html_printf(b, T(r, "%d failures of one login name from one address stop that name from that address (its "
			    "owner can still log in from elsewhere);"),
		    throttle_limit_of(r->login_limits, THROTTLE_PAIR));
	buf_puts(b, "</li>\n<li>");
	html_printf(b, T(r, "%d failures from one address, whatever the login names, stop that address;"),
		    throttle_limit_of(r->login_limits, THROTTLE_ADDRESS));
	buf_puts(b, "</li>\n<li>");
	html_printf(b, T(r, "%d failures of one login name from all addresses together stop that name everywhere."),
		    throttle_limit_of(r->login_limits, THROTTLE_ACCOUNT));
	html_printf(b, "</li>\n</ul>\n<p>%s</p>\n",
		    T(r, "A lock ends by itself once its failures are older than that. Lifting a lock here deletes the "
			 "failures it counts and is recorded in the audit log (on the command line: kyodo user unlock "
			 "LOGIN)."));
	if (rc < 0) {
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, "The list could not be read. Please try again."));
	} else if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No login is stopped now."));
	} else {
		html_printf(b,
			    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Locks in force"), T(r, "Kind"), T(r, "Login name"), T(r, "Client address (IP)"), T(r, "Failures"),
			    T(r, "Last failure"), T(r, "Ends by itself"), T(r, "Actions"));
		for (int i = 0; i < n; i++)
			admin_lock_row(r, b, &v[i]);
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
		if (cut)
			html_printf(b, "<p>%s</p>\n", T(r, "Only the 200 newest locks of each kind are shown."));
	}
	html_printf(b, "<p><a href=\"/api/v1/login-locks\">%s</a></p>\n", T(r, "This list as JSON"));
	layout_end(r, o);
}

static int admin_locks_get(struct req *r, struct resp *o)
{
	admin_locks_page(r, o, NULL);
	return 0;
}

static int admin_lock_lift_post(struct req *r, struct resp *o)
{
	enum throttle_kind kind;
	int lifted = 0, rc = 1;
	if (throttle_kind_parse(req_form(r, "kind"), &kind) == 0)
		rc = throttle_lift(r->st, &r->who, kind, req_form(r, "login"), req_form(r, "address"), &lifted);
	if (rc == 1) {
		o->status = 422;
		admin_locks_page(r, o, T(r, "Choose a lock to lift."));
		return 0;
	}
	if (rc < 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, lifted ? "/admin/locks?done=1" : "/admin/locks?done=0");
	return 0;
}

#define ADMIN ROLE_BIT(ROLE_ADMIN)

const struct route admin_routes[] = {
	{ HTTP_GET, "/admin/audit", admin_audit_get, ADMIN, 0 },
	{ HTTP_GET, "/admin/users", admin_users_get, ADMIN, 0 },
	{ HTTP_POST, "/admin/users", admin_user_add_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/users/{user}/disable", admin_user_state_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/users/{user}/enable", admin_user_state_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/users/{user}/password", admin_user_password_post, ADMIN, 0 },
	{ HTTP_GET, "/admin/locks", admin_locks_get, ADMIN, 0 },
	{ HTTP_POST, "/admin/locks/lift", admin_lock_lift_post, ADMIN, 0 },
	{ 0 },
};
