/* response: redirects, cookies, JSON bodies and the error pages (HTML through the layout
 * in the request's language, or {"error":{"status":N,"message":"…"}} for API routes). */
#include "http/http.h"
#include "http/form.h"
#include "html/html.h"
#include "html/layout.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/spool.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void resp_redirect(struct resp *o, const char *location)
{
	o->status = 303;
	o->location = location;
}

void resp_add_cookie(struct resp *o, const char *cookie)
{
	if (o->ncookies < (int)(sizeof o->set_cookie / sizeof o->set_cookie[0]))
		o->set_cookie[o->ncookies++] = cookie;
	else
		log_error("too many Set-Cookie headers; dropped one");
}

void resp_clear_body(struct resp *o)
{
	buf_reset(&o->body);
	o->static_body = NULL;
	o->static_len = 0;
	if (o->shared_body && o->shared_release)
		o->shared_release(o->shared_arg);
	o->shared_body = NULL;
	o->shared_len = 0;
	o->shared_release = NULL;
	o->shared_arg = NULL;
	filebody_unref(o->file);
	o->file = NULL;
}

void resp_file(struct resp *o, struct filebody *fb)
{
	resp_clear_body(o);
	o->file = fb;
}

int resp_json(struct resp *o, int status, void *json_t_value)
{
	json_t *v = json_t_value;
	int rc = -1;
	if (!v)
		goto out;
	char *text = json_dumps(v, JSON_COMPACT);
	if (!text)
		goto out;
	resp_clear_body(o);
	buf_puts(&o->body, text);
	free(text);
	o->status = status;
	o->content_type = "application/json";
	rc = o->body.oom ? -1 : 0;
out:
	json_decref(v);
	return rc;
}

struct resp_status {
	int status;
	const char *title, *message;
};

static const struct resp_status resp_statuses[] = {
	{ 400, "Bad request", "The request could not be understood." },
	{ 401, "Login required", "Please log in to continue." },
	{ 403, "Forbidden", "You do not have permission for this page or action." },
	{ 404, "Page not found", "The page you asked for does not exist. It may have been moved or deleted." },
	{ 405, "Method not allowed", "This address does not accept this kind of request." },
	{ 409, "Conflict", "Someone else changed this data at the same time. Please reload the page and try again." },
	{ 413, "Request too large", "The data you sent is too large." },
	{ 422, "Please check your input", "Some of the input could not be accepted." },
	{ 429, "Too many attempts", "Too many attempts. Please wait a while and try again." },
	{ 500, "Internal error", "Something went wrong on our side. Please try again later." },
	{ 503, "Busy", "The system is busy. Please try again in a moment." },
	{ 0, NULL, NULL },
};

static const struct resp_status *resp_status_find(int status)
{
	for (const struct resp_status *s = resp_statuses; s->status; s++)
		if (s->status == status)
			return s;
	return &resp_statuses[9];	/* 500 */
}

static int resp_is_api(struct req *r)
{
	struct req_inputs *in = r->impl;
	if (in && (in->route_flags & ROUTE_API))
		return 1;
	return r->path && strncmp(r->path, "/api/", 5) == 0;
}

int resp_error(struct req *r, struct resp *o, int status, const char *message)
{
	const struct resp_status *s = resp_status_find(status);
	const char *msg = T(r, message ? message : s->message);
	resp_clear_body(o);
	o->status = status;
	o->location = NULL;
	o->disposition = NULL;
	o->csp = NULL;
	o->content_type = NULL;
	o->etag = NULL;	/* an error page is never revalidated */
	o->cache_control = NULL;
	if (resp_is_api(r)) {
		json_t *j = json_pack("{s:{s:i,s:s}}", "error", "status", status, "message", msg);
		return resp_json(o, status, j);
	}
	layout_begin(r, o, T(r, s->title));
	html_printf(&o->body, "<p class=\"error-message\">%s</p>\n", msg);
	if (status == 401 || status == 403) {
		if (r->who.role == ROLE_PUBLIC)
			html_printf(&o->body, "<p><a href=\"/login\">%s</a></p>\n", T(r, "Log in"));
	}
	html_printf(&o->body, "<p><a href=\"/\">%s</a></p>\n", T(r, "Back to the home page"));
	layout_end(r, o);
	return o->body.oom ? -1 : 0;
}

int resp_store_error(struct req *r, struct resp *o, int store_rc)
{
	if (store_rc == STORE_BUSY || store_rc == STORE_INTERRUPTED)
		return resp_error(r, o, 503, NULL);
	return resp_error(r, o, 500, NULL);
}
