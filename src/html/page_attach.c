/* page_attach: the screens of attachments (attach_routes) for every kind of owner —
 * uploading (POST /attachments/{kind}/{owner}, multipart, CSRF), downloading
 * (GET /attachments/{id}) with safe headers, removing (POST /attachments/{id}/remove) —
 * and page_attach_section(), the list with its upload form that an owner's page calls
 * where its documents belong. Who may do what is the owner kind's rule (domain/attach.h);
 * a viewer who may not see an owner's attachments gets 404, as if none existed. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "http/multipart_upload.h"
#include "domain/attach.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/spool.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "1.2 MB", "350 KB", "12 bytes" */
static void attach_size_text(struct req *r, long long n, char *out, size_t len)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(out, len, "%lld MB", n / (1024 * 1024));
	else if (n >= 1024 * 1024)
		snprintf(out, len, "%.1f MB", (double)n / (1024.0 * 1024.0));
	else if (n >= 1024)
		snprintf(out, len, "%lld KB", (n + 1023) / 1024);
	else
		snprintf(out, len, T(r, "%lld bytes"), n);
}

static const char *attach_type_label(struct req *r, const char *code)
{
	const struct attach_type *t = attach_type_by_code(code);
	return t ? T(r, t->label) : code;
}

/* The accept attribute of the file input: every extension the types allow. */
static void attach_accept(struct buf *b)
{
	int first = 1;
	for (int i = 0; i < attach_ntypes; i++) {
		const char *e = attach_types[i].exts + 1;
		while (*e) {
			const char *end = strchr(e, ';');
			buf_puts(b, first ? "." : ",.");
			buf_append(b, e, (size_t)(end - e));
			first = 0;
			e = end + 1;
		}
	}
}

static void attach_row_html(struct req *r, struct buf *b, const struct attachment *x, int may_remove_owner)
{
	/* the owner's rule allows removals here; each file by its side (attach_may_remove) */
	int may_remove = may_remove_owner && attach_may_remove(r->st, &r->who, x) == 1;
	char size[32];
	attach_size_text(r, x->size, size, sizeof size);
	html_printf(b, "<tr>\n<th scope=\"row\"><a href=\"/attachments/%lld\">%v</a></th>\n<td>%s</td>\n<td>%s</td>\n"
		       "<td>%s</td>\n<td>",
		    x->id, x->name, attach_type_label(r, x->type), size, x->added_by);
	when_html(r, b, x->created_at);
	buf_puts(b, "</td>\n<td class=\"actions\">");
	if (may_remove) {
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		char action[64];
		snprintf(action, sizeof action, "/attachments/%lld/remove", x->id);
		form_ui_button(&f, action, T(r, "Delete"), x->name, FORM_UI_SECONDARY, NULL);
	}
	buf_puts(b, "</td>\n</tr>\n");
}

/* The select "what" of the kind's choices (what the file is), before the file: required. */
static void attach_what_select(struct req *r, struct buf *b, const char *kind, long long owner_id,
			       const struct attach_what *w)
{
	html_printf(b, "<div class=\"form-field\">\n<label class=\"form-label\" for=\"attach-what-%s-%lld\">%s "
		       "<span class=\"form-required\">%s</span></label>\n",
		    kind, owner_id, w->label, T(r, "Required"));
	if (w->hint)
		html_printf(b, "<p class=\"form-hint\" id=\"attach-what-hint-%s-%lld\">%s</p>\n", kind, owner_id, w->hint);
	html_printf(b, "<select class=\"form-select\" name=\"what\" id=\"attach-what-%s-%lld\" required", kind, owner_id);
	if (w->hint)
		html_printf(b, " aria-describedby=\"attach-what-hint-%s-%lld\"", kind, owner_id);
	html_printf(b, ">\n<option value=\"\">%s</option>\n", T(r, "Choose"));
	for (int i = 0; i < w->n; i++)
		html_printf(b, "<option value=\"%s\">%s</option>\n", w->opts[i].value, w->opts[i].label);
	buf_puts(b, "</select>\n</div>\n");
}

static void attach_upload_form(struct req *r, struct buf *b, const char *kind, long long owner_id,
			       const struct attach_what *w)
{
	char max[32];
	attach_size_text(r, (long long)attach_max_bytes(), max, sizeof max);
	/* the CSRF token first: an upload refused as too large is cut before what follows; what
	 * the file is before the file too */
	html_printf(b, "<form class=\"attach-form\" method=\"post\" enctype=\"multipart/form-data\" "
		       "action=\"/attachments/%s/%lld\">\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
		    kind, owner_id, r->csrf ? r->csrf : "");
	if (w)
		attach_what_select(r, b, kind, owner_id, w);
	html_printf(b, "<div class=\"form-field\">\n<label class=\"form-label\" for=\"attach-file-%s-%lld\">%s "
		       "<span class=\"form-required\">%s</span></label>\n<p class=\"form-hint\" id=\"attach-hint-%s-%lld\">",
		    kind, owner_id, T(r, "File to attach"), T(r, "Required"), kind, owner_id);
	html_printf(b, T(r, "PDF, images (PNG, JPEG, GIF, WebP) or office files (Word, Excel, PowerPoint, "
			    "OpenDocument), at most %s. The kind is checked from the content."),
		    max);
	html_printf(b, "</p>\n<input type=\"file\" name=\"file\" id=\"attach-file-%s-%lld\" "
		       "aria-describedby=\"attach-hint-%s-%lld\" required accept=\"",
		    kind, owner_id, kind, owner_id);
	attach_accept(b);
	html_printf(b, "\">\n</div>\n<div class=\"form-actions\">\n<button type=\"submit\" class=\"button\">%s</button>\n"
		       "</div>\n</form>\n",
		    T(r, "Attach the file"));
}

int page_attach_section(struct req *r, struct buf *b, const char *kind, long long owner_id)
{
	return page_attach_section_as(r, b, kind, owner_id, NULL);
}

int page_attach_section_as(struct req *r, struct buf *b, const char *kind, long long owner_id,
			   const struct attach_what *what)
{
	const struct attach_kind *k = attach_kind_find(kind);
	if (!k)
		return 0;
	struct attachment *xs;
	int n, more;
	int rc = attach_list(r->st, r->a, &r->who, kind, owner_id, &xs, &n, &more);
	if (rc == ATTACH_FORBIDDEN || rc == ATTACH_NOT_FOUND)
		return 0;	/* this viewer sees no documents here */
	if (rc < 0)
		return rc;
	int may_add = attach_may(r->st, &r->who, k, owner_id, ATTACH_ADD);
	int closed = may_add == ATTACH_CLOSED;
	if (closed)
		may_add = 0;
	int may_remove = attach_may(r->st, &r->who, k, owner_id, ATTACH_REMOVE);
	if (may_remove == ATTACH_CLOSED)
		may_remove = 0;
	if (may_add < 0 || may_remove < 0)
		return may_add < 0 ? may_add : may_remove;
	html_printf(b, "<section class=\"attachments\" id=\"attachments\" aria-labelledby=\"attachments-title\">\n"
		       "<h2 id=\"attachments-title\">%s</h2>\n",
		    T(r, k->label));
	const char *done = req_query(r, "attach");
	if (done && strcmp(done, "added") == 0)
		layout_notice(b, T(r, "The file is attached."));
	else if (done && strcmp(done, "removed") == 0)
		layout_notice(b, T(r, "The file is removed."));
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No files are attached yet."));
	} else {
		html_printf(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"attachments-caption\">\n"
			       "<table>\n<caption id=\"attachments-caption\" class=\"visually-hidden\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
			       "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
			       "scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead>\n<tbody>\n",
			    T(r, k->label), T(r, "File"), T(r, "Kind"), T(r, "Size"), T(r, "Added by"), T(r, "Added on"),
			    T(r, "Actions"));
		for (int i = 0; i < n; i++)
			attach_row_html(r, b, &xs[i], may_remove);
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
		if (more)
			html_printf(b, "<p>%s</p>\n", T(r, "Only the first 200 files are listed."));
	}
	if (may_add && attach_dir())
		attach_upload_form(r, b, kind, owner_id, what);
	else if (closed && k->closed)
		html_printf(b, "<p class=\"attach-closed\">%s</p>\n", T(r, k->closed));
	buf_puts(b, "</section>\n");
	return 0;
}

/* ---- refusals ---- */

/* A refused upload or removal: the reason in words and the way back. */
static int attach_refused(struct req *r, struct resp *o, int status, const char *title, const char *msgid,
			  const char *back)
{
	resp_clear_body(o);
	o->status = status;
	layout_begin(r, o, T(r, title));
	html_printf(&o->body, "<p class=\"error-message\" role=\"alert\">%s</p>\n", T(r, msgid));
	if (back)
		html_printf(&o->body, "<p><a href=\"%s#attachments\">%s</a></p>\n", back, T(r, "Back to the documents"));
	layout_end(r, o);
	return 0;
}

static int attach_domain_error(struct req *r, struct resp *o, int rc)
{
	if (rc == ATTACH_NOT_FOUND || rc == ATTACH_FORBIDDEN)
		return resp_error(r, o, 404, NULL);	/* what one may not see does not exist */
	return resp_store_error(r, o, rc);
}

/* ---- POST /attachments/{kind}/{owner} ---- */

static int attach_upload_post(struct req *r, struct resp *o)
{
	const char *kind = r->nparams > 0 ? r->params[0] : NULL;
	long long owner = req_param_id(r, 1);
	const struct attach_kind *k = attach_kind_find(kind);
	if (!k || owner <= 0)
		return resp_error(r, o, 404, NULL);
	int may = attach_may(r->st, &r->who, k, owner, ATTACH_VIEW);
	if (may <= 0)
		return attach_domain_error(r, o, may < 0 ? may : ATTACH_NOT_FOUND);
	const char *back = k->page(r->a, &r->who, owner);
	const struct req_upload *u = req_upload(r);
	struct attach_upload up = { 0 };
	if (u) {
		up.tmp_path = u->tmp_path;
		up.size = u->size;
		memcpy(up.sha256, u->sha256, sizeof up.sha256);
		up.filename = u->filename;
	}
	up.what = req_form(r, "what");
	const char *err = NULL;
	long long id = 0;
	int rc = attach_add(r->st, r->a, &r->who, kind, owner, u ? &up : NULL, &id, &err);
	if (rc == ATTACH_REFUSED && err)
		return attach_refused(r, o, 422, N_("The file was not attached"), err, back);
	if (rc == ATTACH_FORBIDDEN)
		return resp_error(r, o, 403, NULL);
	if (rc != 0)
		return attach_domain_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "%s?attach=added#attachments", back));
	return 0;
}

/* ---- GET /attachments/{id} ---- */

static int attach_download_get(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	struct attachment x;
	int rc = id > 0 ? attach_get(r->st, r->a, &r->who, id, &x) : ATTACH_NOT_FOUND;
	if (rc != 0)
		return attach_domain_error(r, o, rc);
	const struct attach_type *t = attach_type_by_code(x.type);
	int fd = t ? attach_open(&x) : -1;
	struct filebody *fb = fd >= 0 ? filebody_from_fd(fd) : NULL;
	if (!fb)
		return resp_error(r, o, 404, "The file of this attachment is missing. Ask the collaboration division.");
	resp_file(o, fb);
	o->content_type = t->mime;	/* what Kyodo found, never what was declared */
	o->disposition = attach_disposition(r->a, x.name, t->image);
	/* this policy replaces the site's (frame-ancestors with it); the server adds nosniff; a
	 * file opened in a tab runs nothing */
	o->csp = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";
	o->etag = arena_printf(r->a, "\"%s\"", x.sha256);
	o->cache_control = "private, no-store";
	return 0;
}

/* ---- POST /attachments/{id}/remove ---- */

static int attach_remove_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	struct attachment x;
	int rc = id > 0 ? attach_get(r->st, r->a, &r->who, id, &x) : ATTACH_NOT_FOUND;
	if (rc != 0)
		return attach_domain_error(r, o, rc);
	const struct attach_kind *k = attach_kind_find(x.owner_kind);
	const char *back = k->page(r->a, &r->who, x.owner_id);
	rc = attach_remove(r->st, r->a, &r->who, id);
	if (rc == ATTACH_FORBIDDEN)
		return attach_refused(r, o, 403, N_("The file was not removed"), N_("You may not remove this file."), back);
	if (rc != 0)
		return attach_domain_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "%s?attach=removed#attachments", back));
	return 0;
}

const struct route attach_routes[] = {
	/* before the upload's pattern, which "/attachments/5/remove" would match too */
	{ HTTP_POST, "/attachments/{id}/remove", attach_remove_post, ROLES_LOGGED_IN, 0 },
	{ HTTP_POST, "/attachments/{kind}/{owner}", attach_upload_post, ROLES_LOGGED_IN, ROUTE_UPLOAD },
	/* anyone: an attachment of a public owner (a published project's) is public, and
	 * served by --public-only too (ROUTE_PUBLIC); any other answers 404 there */
	{ HTTP_GET, "/attachments/{id}", attach_download_get, ROLES_ANY, ROUTE_PUBLIC },
	{ 0 },
};
