/* page_auth: the login, logout and password-change screens (auth_routes). */
#include "http/http.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "domain/account.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/log.h"
#include <string.h>

#define AUTH_LOGIN_MAX 64
#define AUTH_PASSWORD_MAX 1024

static void auth_login_form(struct req *r, struct resp *o, const char *next, const struct problems *e)
{
	struct buf *b = &o->body;
	int status = o->status;
	layout_begin(r, o, T(r, "Log in"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.csrf = NULL;	/* no session yet: the Origin header guards this form */
	form_ui_summary(&f);
	form_ui_open(&f, "/login", "form--narrow");
	if (next)
		form_ui_hidden(&f, "next", next);
	form_ui_text(&f, &(struct form_ui_field){ .name = "login", .label = T(r, "Login name"), .required = 1,
						  .maxlength = AUTH_LOGIN_MAX, .autocomplete = "username" });
	form_ui_text(&f, &(struct form_ui_field){ .name = "password", .label = T(r, "Password"), .required = 1,
						  .type = FORM_UI_PASSWORD, .autocomplete = "current-password" });
	form_ui_submit(&f, T(r, "Log in"), NULL, NULL);
	form_ui_close(&f);
	html_printf(b, "<p>%s <a href=\"/register/status\">%s</a></p>\n", T(r, "Applied to register a group?"),
		    T(r, "See your application"));
	layout_end(r, o);
}

static int auth_login_get(struct req *r, struct resp *o)
{
	const char *next = req_local_path(req_query(r, "next"));
	if (r->who.role != ROLE_PUBLIC) {
		resp_redirect(o, next ? next : "/");
		return 0;
	}
	auth_login_form(r, o, next, NULL);
	return 0;
}

/* A browser sends Origin with every cross-site POST; when present it must name this host.
 * (Clients that send no Origin, such as scripts and old browsers, are allowed.) */
static int auth_same_origin(struct req *r)
{
	const char *origin = req_header(r, "Origin"), *host = req_header(r, "Host");
	if (!origin || strcmp(origin, "null") == 0)
		return !origin;
	const char *rest = strstr(origin, "://");
	return host && rest && strcmp(rest + 3, host) == 0;
}

static int auth_login_post(struct req *r, struct resp *o)
{
	const char *login = req_form(r, "login");
	const char *password = req_form(r, "password");
	const char *next = req_local_path(req_form(r, "next"));
	struct user u;
	int rc;
	if (!login)
		login = "";
	if (!password)
		password = "";
	/* Login CSRF: the form has no session token yet, so a cross-site POST (which could log a
	 * victim into someone else's account) is recognised by its Origin header instead. */
	if (!auth_same_origin(r))
		return resp_error(r, o, 403, "This form must be sent from this site.");
	/* Empty inputs are told at once, both together, and count as no attempt. */
	struct problems empty = { 0 };
	if (!*login)
		problems_add(&empty, "login", N_("Enter your login name."));
	if (!*password)
		problems_add(&empty, "password", N_("Enter your password."));
	if (empty.n) {
		o->status = 422;
		auth_login_form(r, o, next, &empty);
		return 0;
	}
	/* The attempt is counted before the password is checked, so parallel attempts cannot
	 * get past the limit; it stays counted as a failure unless the password is right. */
	long long attempt = 0;
	int too_long = strlen(login) > AUTH_LOGIN_MAX || strlen(password) > AUTH_PASSWORD_MAX;
	rc = too_long ? 0 : throttle_reserve(r->st, r->login_limits, login, r->client_key, &attempt);
	if (rc < 0)
		return resp_store_error(r, o, rc);
	if (rc > 0) {
		resp_error(r, o, 429, "Too many failed logins. Please wait 15 minutes and try again.");
		return 0;
	}
	if (too_long || account_verify(r->st, login, password, &u) < 0) {
		struct problems e = { 0 };
		problems_add(&e, NULL, N_("The login name or the password is not correct."));
		o->status = 422;
		auth_login_form(r, o, next, &e);
		return 0;
	}
	if ((rc = throttle_success(r->st, login, r->client_key, attempt)) < 0)
		return resp_store_error(r, o, rc);
	/* Rotation: a session cookie the browser still holds dies here. */
	const char *old = req_cookie(r, SESSION_COOKIE);
	if (old && (rc = session_destroy(r->st, old)) < 0)
		return resp_store_error(r, o, rc);
	const char *cookie, *csrf;
	if ((rc = session_create(r->st, r->a, u.id, &cookie, &csrf)) < 0)
		return resp_store_error(r, o, rc);
	resp_add_cookie(o, cookie);
	resp_redirect(o, next ? next : "/");
	log_msg(LOG_DEBUG, "login: %s", u.login);
	return 0;
}

static int auth_logout(struct req *r, struct resp *o)
{
	const char *tok = req_cookie(r, SESSION_COOKIE);
	int rc = session_destroy(r->st, tok);
	if (rc < 0)
		return resp_store_error(r, o, rc);
	resp_add_cookie(o, session_clear_cookie(r->a));
	resp_redirect(o, "/");
	return 0;
}

static void auth_password_form(struct req *r, struct resp *o, const struct problems *e, int done)
{
	struct buf *b = &o->body;
	int status = o->status;
	layout_begin(r, o, T(r, "Change password"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	if (done)
		layout_notice(b, T(r, "Your password has been changed. Other sessions were logged out."));
	form_ui_open(&f, "/account/password", "form--narrow");
	form_ui_text(&f, &(struct form_ui_field){ .name = "current", .label = T(r, "Current password"), .required = 1,
						  .type = FORM_UI_PASSWORD, .autocomplete = "current-password" });
	form_ui_text(&f, &(struct form_ui_field){ .name = "new", .label = T(r, "New password"), .required = 1,
						  .type = FORM_UI_PASSWORD, .autocomplete = "new-password",
						  .hint = T(r, "At least 10 characters.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "confirm", .label = T(r, "New password (again)"), .required = 1,
						  .type = FORM_UI_PASSWORD, .autocomplete = "new-password" });
	form_ui_submit(&f, T(r, "Change password"), NULL, NULL);
	form_ui_close(&f);
	layout_end(r, o);
}

static int auth_password_get(struct req *r, struct resp *o)
{
	const char *done = req_query(r, "done");
	auth_password_form(r, o, NULL, done && strcmp(done, "1") == 0);
	return 0;
}

static int auth_password_post(struct req *r, struct resp *o)
{
	const char *cur = req_form(r, "current");
	const char *nw = req_form(r, "new");
	const char *confirm = req_form(r, "confirm");
	struct problems e = { 0 };
	int rc;
	struct user u;
	char err[256] = "";
	/* Guessing the current password from a stolen session is throttled like a login:
	 * counted before the check, cleared when it is right. */
	long long attempt = 0;
	rc = throttle_reserve(r->st, r->login_limits, r->who.login, r->client_key, &attempt);
	if (rc < 0)
		return resp_store_error(r, o, rc);
	if (rc > 0)
		return resp_error(r, o, 429, "Too many failed logins. Please wait 15 minutes and try again.");
	if (!cur || strlen(cur) > AUTH_PASSWORD_MAX || account_verify(r->st, r->who.login, cur, &u) < 0 ||
	    u.id != r->who.user_id)
		problems_add(&e, "current", N_("The current password is not correct."));
	else if ((rc = throttle_success(r->st, r->who.login, r->client_key, attempt)) < 0)
		return resp_store_error(r, o, rc);
	const char *problem = nw ? account_password_problem(nw) : "Enter a new password.";
	if (problem)
		problems_add(&e, "new", problem);
	else if (!confirm || strcmp(nw, confirm) != 0)
		problems_add(&e, "confirm", N_("The two new passwords do not match."));
	if (e.n) {
		o->status = 422;
		auth_password_form(r, o, &e, 0);
		return 0;
	}
	rc = account_set_password(r->st, &r->who, r->who.user_id, nw, err, sizeof err);
	if (rc == -1 && err[0]) {
		problems_add(&e, "new", arena_strdup(r->a, err));
		o->status = 422;
		auth_password_form(r, o, &e, 0);
		return 0;
	}
	if (rc < 0)
		return resp_store_error(r, o, rc);
	/* Every other session of this user ends; this browser gets a fresh one. */
	const char *cookie, *csrf;
	if ((rc = session_destroy_user(r->st, r->who.user_id)) < 0 ||
	    (rc = session_create(r->st, r->a, r->who.user_id, &cookie, &csrf)) < 0)
		return resp_store_error(r, o, rc);
	resp_add_cookie(o, cookie);
	resp_redirect(o, "/account/password?done=1");
	return 0;
}

const struct route auth_routes[] = {
	{ HTTP_GET, "/login", auth_login_get, ROLES_ANY, 0 },
	{ HTTP_POST, "/login", auth_login_post, ROLES_ANY, ROUTE_NO_CSRF },
	{ HTTP_POST, "/logout", auth_logout, ROLES_LOGGED_IN, 0 },
	{ HTTP_GET, "/account/password", auth_password_get, ROLES_LOGGED_IN, 0 },
	{ HTTP_POST, "/account/password", auth_password_post, ROLES_LOGGED_IN, 0 },
	{ 0 },
};
