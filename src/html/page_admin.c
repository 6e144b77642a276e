/* page_admin: the administrator's screens (admin_routes) — user accounts (list, add,
 * disable/enable, a new password), the city's departments kept as a list that every form
 * chooses from (add, rename, retire, restore; audited), and the login locks in force
 * (auth/throttle.h) with a button to lift each. The audit log is page_audit.c. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/account.h"
#include "auth/throttle.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADMIN_ERR_LEN 256

/* ---- users ---- */

/* The form of the users page that was refused: the add form (id 0) or a row's password. */
struct admin_failed {
	long long user_id;
	const struct problems *e;
};

struct admin_users_ctx {
	struct req *r;
	struct buf *b;
	const struct admin_failed *failed;
};

static void admin_user_row(const struct user *u, void *arg)
{
	struct admin_users_ctx *c = arg;
	struct req *r = c->r;
	struct buf *b = c->b;
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"actions\">\n", u->login,
		    u->display_name, T(r, role_names[u->role]), *u->department ? u->department : "—",
		    u->disabled ? T(r, "Disabled") : T(r, "Active"));
	struct form_ui f;
	int mine = c->failed && c->failed->user_id == u->id;
	form_ui_init(&f, r, b, mine ? c->failed->e : NULL);
	f.idp = arena_printf(r->a, "user-%lld-", u->id);
	form_ui_button(&f, arena_printf(r->a, "/admin/users/%lld/%s", u->id, u->disabled ? "enable" : "disable"),
		       u->disabled ? T(r, "Enable") : T(r, "Disable"), u->login, FORM_UI_SECONDARY, NULL);
	form_ui_open(&f, arena_printf(r->a, "/admin/users/%lld/password", u->id), "row-form");
	form_ui_text(&f, &(struct form_ui_field){ .name = "password", .label = T(r, "New password"), .context = u->login,
						  .type = FORM_UI_PASSWORD, .autocomplete = "new-password",
						  .flags = FORM_UI_INLINE });
	html_printf(b, "<button type=\"submit\" class=\"button button--secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n",
		    T(r, "Set the password"), u->login);
	form_ui_close(&f);
	buf_puts(b, "</td></tr>\n");
}

static void admin_users_page(struct req *r, struct resp *o, const struct admin_failed *failed)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Users"));
	o->status = status;
	if (failed) {
		struct form_ui top;
		form_ui_init(&top, r, b, failed->e);
		top.idp = failed->user_id ? arena_printf(r->a, "user-%lld-", failed->user_id) : "";
		form_ui_summary(&top);
	}
	const char *done = req_query(r, "done");
	if (done && *done)
		layout_notice(b, T(r, "The account has been updated."));
	html_printf(b, "<ul class=\"link-list\">\n<li><a href=\"#add-user\">%s</a></li>\n"
		       "<li><a href=\"/admin/departments\">%s</a></li>\n<li><a href=\"/admin/locks\">%s</a></li>\n</ul>\n",
		    T(r, "Add a user"), T(r, "Departments"), T(r, "Logins stopped after failed attempts, and lifting them"));
	html_printf(b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"users-caption\">\n<table>\n"
		    "<caption id=\"users-caption\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "User accounts"), T(r, "Login name"), T(r, "Name"), T(r, "Role"), T(r, "Department"),
		    T(r, "State"), T(r, "Actions"));
	struct admin_users_ctx c = { r, b, failed };
	int rc = account_user_each(r->st, admin_user_row, &c);
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	if (rc < 0)
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, "The list could not be read. Please try again."));

	struct form_ui f;
	form_ui_init(&f, r, b, failed && !failed->user_id ? failed->e : NULL);
	html_printf(b, "<h2 id=\"add-user\">%s</h2>\n", T(r, "Add a user"));
	form_ui_open(&f, "/admin/users", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "login", .label = T(r, "Login name"), .required = 1,
						  .maxlength = 64, .autocomplete = "off",
						  .hint = T(r, "1 to 64 characters: lower-case letters a-z, digits, '-', '_' or '.'.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name"), .required = 1, .maxlength = 200 });
	static const enum role roles[] = { ROLE_STAFF, ROLE_ADMIN, ROLE_COORDINATOR, ROLE_COMMITTEE, ROLE_GROUP };
	struct form_ui_option ro[5];
	for (int i = 0; i < 5; i++)
		ro[i] = (struct form_ui_option){ role_names[roles[i]], T(r, role_names[roles[i]]), NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "role", .label = T(r, "Role"), .required = 1, .value = "staff" },
		       ro, 5, NULL);
	struct form_ui_option *dopts;
	int nd = page_department_options(r, NULL, &dopts);
	form_ui_select(&f, &(struct form_ui_field){ .name = "department", .label = T(r, "Department"),
						    .hint = T(r, "Required for department staff.") },
		       dopts, nd, T(r, "(none)"));
	form_ui_text(&f, &(struct form_ui_field){ .name = "password", .label = T(r, "Initial password"), .required = 1,
						  .type = FORM_UI_PASSWORD, .autocomplete = "new-password",
						  .hint = T(r, "At least 10 characters.") });
	form_ui_submit(&f, T(r, "Add the user"), NULL, NULL);
	form_ui_close(&f);
	static const struct layout_link dev[] = { { "/api/v1/users", N_("This list as JSON") }, { NULL, NULL } };
	layout_end_links(r, o, dev);
}

static int admin_users_get(struct req *r, struct resp *o)
{
	admin_users_page(r, o, NULL);
	return 0;
}

/* A single problem from the domain: its input is the one the message is about. */
static const char *admin_user_field(const char *err)
{
	static const struct { const char *msgid, *field; } at[] = {
		{ "A login name is 1 to 64 characters: a-z, 0-9, '-', '_' or '.'.", "login" },
		{ "That login name is already taken.", "login" },
		{ "Staff accounts need a department.", "department" },
		{ "Unknown department.", "department" },
		{ "This department is retired: choose another.", "department" },
		{ "A display name is 1 to 200 bytes.", "name" },
		{ "Unknown role.", "role" },
	};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
		if (strcmp(err, at[i].msgid) == 0)
			return at[i].field;
	return "password";	/* the password rules, or the name's characters */
}

static int admin_user_add_post(struct req *r, struct resp *o)
{
	char err[ADMIN_ERR_LEN] = "";
	enum role role = ROLE_STAFF;
	struct problems e = { 0 };
	const char *rs = req_form(r, "role"), *dept = req_form(r, "department");
	const char *login = req_form(r, "login"), *name = req_form(r, "name"), *pw = req_form(r, "password");
	/* every problem at once */
	if (!rs || role_parse(rs, &role) != 0 || role == ROLE_PUBLIC)
		problems_add(&e, "role", N_("Choose a role."));
	account_user_check(r->st, login, name, role, dept && *dept ? dept : NULL, pw, &e);
	if (e.n == 0) {
		long long id = account_user_add(r->st, &r->who, login, name, role, dept && *dept ? dept : NULL, pw, err,
						sizeof err);
		if (id > 0) {
			resp_redirect(o, "/admin/users?done=added");
			return 0;
		}
		if (id != -1)
			return resp_store_error(r, o, (int)id);
		problems_add(&e, admin_user_field(err), arena_strdup(r->a, err));
	}
	struct admin_failed failed = { 0, &e };
	o->status = 422;
	admin_users_page(r, o, &failed);
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
		struct problems e = { 0 };
		problems_add(&e, NULL, N_("You cannot disable your own account."));
		struct admin_failed failed = { id, &e };
		o->status = 422;
		admin_users_page(r, o, &failed);
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
		struct problems e = { 0 };
		problems_add(&e, "password", arena_strdup(r->a, err));
		struct admin_failed failed = { id, &e };
		o->status = 422;
		admin_users_page(r, o, &failed);
		return 0;
	}
	if (rc < 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/admin/users?done=password");
	return 0;
}

/* ---- departments ---- */

static void admin_depts_page(struct req *r, struct resp *o, long long failed_id, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	struct department *d;
	int n = 0;
	int rc = account_department_list(r->st, r->a, &d, &n);
	layout_begin(r, o, T(r, "Departments"));
	o->status = status;
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	top.idp = failed_id ? arena_printf(r->a, "dept-%lld-", failed_id) : "dept-new-";
	form_ui_summary(&top);
	static const struct { const char *done, *msgid; } notes[] = {
		{ "added", N_("The department has been added.") },
		{ "saved", N_("The department has been saved.") },
		{ "retired", N_("The department has been retired. It is no longer offered in the forms.") },
		{ "restored", N_("The department is offered in the forms again.") },
	};
	const char *done = req_query(r, "done");
	for (size_t i = 0; done && i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(done, notes[i].done) == 0)
			layout_notice(b, T(r, notes[i].msgid));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The city's departments (担当課). Plan items and staff accounts choose their department from this "
			 "list. A department that no longer exists is retired: what it answered keeps its name, and it is "
			 "no longer offered for new items and accounts."));
	if (rc != 0) {
		html_printf(b, "<p class=\"error-message\">%s</p>\n", T(r, "The list could not be read. Please try again."));
		n = 0;
	}
	if (n > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"depts-caption\">\n"
			    "<table class=\"table--forms\">\n<caption id=\"depts-caption\">%s</caption>\n<thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "The city's departments"), T(r, "Department"), T(r, "Used by"), T(r, "State"),
			    T(r, "Name and reading"), T(r, "Actions"));
		for (int i = 0; i < n; i++) {
			struct form_ui f;
			form_ui_init(&f, r, b, failed_id == d[i].id ? e : NULL);
			f.idp = arena_printf(r->a, "dept-%lld-", d[i].id);
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>", d[i].name);
			html_printf(b, T(r, "%d accounts, %d items"), d[i].users, d[i].items);
			html_printf(b, "</td><td>%s</td><td>\n", d[i].retired ? T(r, "Retired") : T(r, "In use"));
			form_ui_open(&f, arena_printf(r->a, "/admin/departments/%lld", d[i].id), "row-form");
			form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name"), .context = d[i].name,
								  .value = d[i].name, .maxlength = 100, .flags = FORM_UI_INLINE });
			form_ui_text(&f, &(struct form_ui_field){ .name = "kana", .label = T(r, "Reading"), .context = d[i].name,
								  .value = d[i].kana, .maxlength = 100, .flags = FORM_UI_INLINE });
			html_printf(b, "<button type=\"submit\" class=\"button button--secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n",
				    T(r, "Save"), d[i].name);
			form_ui_close(&f);
			buf_puts(b, "</td><td>\n");
			form_ui_button(&f, arena_printf(r->a, "/admin/departments/%lld/%s", d[i].id, d[i].retired ? "restore" : "retire"),
				       d[i].retired ? T(r, "Offer again") : T(r, "Retire"), d[i].name, FORM_UI_SECONDARY, NULL);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	struct form_ui f;
	form_ui_init(&f, r, b, failed_id == 0 ? e : NULL);
	f.idp = "dept-new-";
	html_printf(b, "<h2>%s</h2>\n", T(r, "Add a department"));
	form_ui_open(&f, "/admin/departments", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name"), .required = 1, .maxlength = 100,
						  .hint = T(r, "As the city writes it, for example 協働推進課.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "kana", .label = T(r, "Reading"), .maxlength = 100,
						  .hint = T(r, "In katakana, for the order of the list. Optional.") });
	form_ui_submit(&f, T(r, "Add the department"), NULL, NULL);
	form_ui_close(&f);
	layout_end(r, o);
}

static int admin_depts_get(struct req *r, struct resp *o)
{
	admin_depts_page(r, o, 0, NULL);
	return 0;
}

static int admin_dept_add_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	long long rc = account_department_add(r->st, &r->who, req_form(r, "name"), req_form(r, "kana"), &e);
	if (rc > 0) {
		resp_redirect(o, "/admin/departments?done=added");
		return 0;
	}
	if (rc != -1)
		return resp_store_error(r, o, (int)rc);
	o->status = 422;
	admin_depts_page(r, o, 0, &e);
	return 0;
}

static int admin_dept_edit_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	int rc = account_department_update(r->st, &r->who, id, req_form(r, "name"), req_form(r, "kana"), &e);
	if (rc == 1)
		return resp_error(r, o, 404, NULL);
	if (rc == 0) {
		resp_redirect(o, "/admin/departments?done=saved");
		return 0;
	}
	if (rc != -1)
		return resp_store_error(r, o, rc);
	o->status = 422;
	admin_depts_page(r, o, id, &e);
	return 0;
}

static int admin_dept_retire_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	int retire = strstr(r->path, "/retire") != NULL;
	int rc = account_department_set_retired(r->st, &r->who, id, retire);
	if (rc == 1)
		return resp_error(r, o, 404, NULL);
	if (rc != 0)
		return resp_store_error(r, o, rc < 0 && rc != -1 ? rc : STORE_ERR);
	resp_redirect(o, retire ? "/admin/departments?done=retired" : "/admin/departments?done=restored");
	return 0;
}

/* ---- login locks ---- */

static const char *const admin_lock_kinds[THROTTLE__MAX] = {
	[THROTTLE_PAIR] = N_("Login name from one address"),
	[THROTTLE_ADDRESS] = N_("Address (every login name)"),
	[THROTTLE_ACCOUNT] = N_("Login name (every address)"),
};

static void admin_lock_row(struct req *r, struct buf *b, const struct throttle_lock *l)
{
	/* the login name is what a stranger typed: shown with its hidden characters visible,
	 * posted back exactly */
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%v</td><td>%v</td><td class=\"num\">%d</td><td>",
		    T(r, admin_lock_kinds[l->kind]), *l->login ? l->login : "—", *l->address ? l->address : "—",
		    l->failures);
	when_html_unix(r, b, l->last_at);
	buf_puts(b, "</td><td>");
	when_html_unix(r, b, l->until);
	buf_puts(b, "</td><td class=\"actions\">\n");
	struct form_ui f;
	form_ui_init(&f, r, b, NULL);
	const char *hidden[] = { "kind", throttle_kind_names[l->kind], "login", l->login, "address", l->address, NULL };
	char vis[160];	/* read out as shown; the hidden inputs post it back exactly */
	jtext_visible(l->login, vis, sizeof vis);
	form_ui_button(&f, "/admin/locks/lift", T(r, "Lift"), arena_printf(r->a, "%s %s", vis, l->address),
		       FORM_UI_SECONDARY, hidden);
	buf_puts(b, "</td></tr>\n");
}

static void admin_locks_page(struct req *r, struct resp *o, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	struct throttle_lock *v = NULL;
	int n = 0, cut = 0;
	int rc = throttle_locks(r->st, r->login_limits, r->a, &v, &n, &cut);
	layout_begin(r, o, T(r, "Login locks"));
	o->status = status;
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	form_ui_summary(&top);
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "1") == 0)
		layout_notice(b, T(r, "The lock has been lifted. The owner can log in again."));
	else if (done && strcmp(done, "0") == 0)
		layout_notice(b, T(r, "There was nothing to lift: the lock had already ended."));
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
			    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"locks-caption\">\n<table>\n"
			    "<caption id=\"locks-caption\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
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
	static const struct layout_link dev[] = { { "/api/v1/login-locks", N_("This list as JSON") }, { NULL, NULL } };
	layout_end_links(r, o, dev);
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
		struct problems e = { 0 };
		problems_add(&e, NULL, N_("Choose a lock to lift."));
		o->status = 422;
		admin_locks_page(r, o, &e);
		return 0;
	}
	if (rc < 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, lifted ? "/admin/locks?done=1" : "/admin/locks?done=0");
	return 0;
}

#define ADMIN ROLE_BIT(ROLE_ADMIN)

const struct route admin_routes[] = {
	{ HTTP_GET, "/admin/users", admin_users_get, ADMIN, 0 },
	{ HTTP_POST, "/admin/users", admin_user_add_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/users/{user}/disable", admin_user_state_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/users/{user}/enable", admin_user_state_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/users/{user}/password", admin_user_password_post, ADMIN, 0 },
	{ HTTP_GET, "/admin/departments", admin_depts_get, ADMIN, 0 },
	{ HTTP_POST, "/admin/departments", admin_dept_add_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/departments/{id}", admin_dept_edit_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/departments/{id}/retire", admin_dept_retire_post, ADMIN, 0 },
	{ HTTP_POST, "/admin/departments/{id}/restore", admin_dept_retire_post, ADMIN, 0 },
	{ HTTP_GET, "/admin/locks", admin_locks_get, ADMIN, 0 },
	{ HTTP_POST, "/admin/locks/lift", admin_lock_lift_post, ADMIN, 0 },
	{ 0 },
};
