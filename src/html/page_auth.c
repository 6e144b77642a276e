/* page_auth: the login, logout and password-change screens (auth_routes). */
#include "http/http.h"
#include "html/html.h"
#include "html/layout.h"
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

static void auth_login_form(struct req *r, struct resp *o, const char *login, const char *next, const char *error)
{
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Log in"));
	if (error)
		layout_errors(b, &error, 1);
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/login\">\n");
	if (next)
		html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	html_printf(b,
		    "<div class=\"field\">\n<label for=\"login\">%s</label>\n"
		    "<input id=\"login\" name=\"login\" type=\"text\" autocomplete=\"username\" required maxlength=\"%d\" value=\"%s\">\n"
		    "</div>\n",
		    T(r, "Login name"), AUTH_LOGIN_MAX, login ? login : "");
	html_printf(b,
		    "<div class=\"field\">\n<label for=\"password\">%s</label>\n"
		    "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n"
		    "</div>\n",
		    T(r, "Password"));
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Log in"));
	layout_end(r, o);
}

static int auth_login_get(struct req *r, struct resp *o)
{
	const char *next = req_local_path(req_query(r, "next"));
	if (r->who.role != ROLE_PUBLIC) {
		resp_redirect(o, next ? next : "/");
		return 0;
	}
	auth_login_form(r, o, NULL, next, NULL);
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
		o->status = 422;
		auth_login_form(r, o, login, next,
				T(r, "The login name or the password is not correct."));
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

static void auth_password_form(struct req *r, struct resp *o, const char *const *errs, int nerr, int done)
{
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Change password"));
	if (done)
		layout_notice(b, T(r, "Your password has been changed. Other sessions were logged out."));
	layout_errors(b, errs, nerr);
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/account/password\">\n");
	layout_csrf(r, b);
	html_printf(b,
		    "<div class=\"field\">\n<label for=\"current\">%s</label>\n"
		    "<input id=\"current\" name=\"current\" type=\"password\" autocomplete=\"current-password\" required>\n"
		    "</div>\n",
		    T(r, "Current password"));
	html_printf(b,
		    "<div class=\"field\">\n<label for=\"new\">%s</label>\n"
		    "<p class=\"hint\" id=\"new-hint\">%s</p>\n"
		    "<input id=\"new\" name=\"new\" type=\"password\" autocomplete=\"new-password\" required minlength=\"10\" aria-describedby=\"new-hint\">\n"
		    "</div>\n",
		    T(r, "New password"), T(r, "At least 10 characters."));
	html_printf(b,
		    "<div class=\"field\">\n<label for=\"confirm\">%s</label>\n"
		    "<input id=\"confirm\" name=\"confirm\" type=\"password\" autocomplete=\"new-password\" required>\n"
		    "</div>\n",
		    T(r, "New password (again)"));
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n",
		    T(r, "Change password"));
	layout_end(r, o);
}

static int auth_password_get(struct req *r, struct resp *o)
{
	const char *done = req_query(r, "done");
	auth_password_form(r, o, NULL, 0, done && strcmp(done, "1") == 0);
	return 0;
}

static int auth_password_post(struct req *r, struct resp *o)
{
	const char *cur = req_form(r, "current");
	const char *nw = req_form(r, "new");
	const char *confirm = req_form(r, "confirm");
	const char *errs[3];
	int nerr = 0, rc;
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
		errs[nerr++] = T(r, "The current password is not correct.");
	else if ((rc = throttle_success(r->st, r->who.login, r->client_key, attempt)) < 0)
		return resp_store_error(r, o, rc);
	const char *problem = nw ? account_password_problem(nw) : "Enter a new password.";
	if (problem)
		errs[nerr++] = T(r, problem);
	else if (!confirm || strcmp(nw, confirm) != 0)
		errs[nerr++] = T(r, "The two new passwords do not match.");
	if (nerr) {
		o->status = 422;
		auth_password_form(r, o, errs, nerr, 0);
		return 0;
	}
	rc = account_set_password(r->st, &r->who, r->who.user_id, nw, err, sizeof err);
	if (rc == -1 && err[0]) {
		errs[0] = arena_strdup(r->a, T(r, err));
		o->status = 422;
		auth_password_form(r, o, errs, errs[0] ? 1 : 0, 0);
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
