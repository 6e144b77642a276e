/* page_project_docs: a project's documents on its pages — on the staff page, the documents
 * its form requires with those already attached (a file marked as the document by whoever
 * attached it: domain project_documents_state) and the attachments' list and upload form,
 * which asks which of the form's documents the file is (page_attach_section_as, kind
 * "project"); on the public
 * page, the files of a published project as plain download links. Whoever may remove a
 * file also says again which document it is (a small form per file; POST
 * /projects/{id}/documents/{attachment}: project_docs_routes). Who sees, adds and
 * removes: domain/project_attach.c. */
#include "html/page_project.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/form_ui.h"
#include "html/layout.h"
#include "domain/attach.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <string.h>

/* The names of the files marked as document doc_id, joined by "、" ("" when none). */
static const char *files_for(struct req *r, long long doc_id, const struct project_doc_mark *m, int nm,
			     const struct attachment *xs, int nx)
{
	struct buf t = BUF_INIT;
	for (int i = 0; i < nm; i++) {
		if (m[i].document_id != doc_id)
			continue;
		for (int k = 0; k < nx; k++)
			if (xs[k].id == m[i].attachment_id)
				buf_printf(&t, "%s%s", t.len ? "、" : "", xs[k].name);
	}
	const char *s = arena_strdup(r->a, buf_cstr(&t));
	buf_free(&t);
	return s;
}

static void required_list(struct req *r, struct buf *b, const struct project_document *d, int nd,
			  const struct project_doc_mark *m, int nm, const struct attachment *xs, int nx)
{
	html_printf(b, "<section aria-labelledby=\"required-docs\">\n<h2 id=\"required-docs\">%s</h2>\n<p class=\"form-hint\">%s</p>\n<ul class=\"required-docs\">\n",
		    T(r, "Documents this form requires"),
		    T(r, "A document counts as attached when the person who attached a file said it is that document. Those marked 実施前 must be attached before the project moves into 実施."));
	for (int i = 0; i < nd; i++) {
		int done = d[i].attached > 0;
		html_printf(b, "<li>%s", d[i].name);
		if (d[i].before_run)
			html_printf(b, "（%s）", T(r, "before 実施"));
		html_printf(b, "：<strong class=\"badge%s\">%s</strong>", done ? "" : " badge--late",
			    done ? T(r, "Attached") : T(r, "Not attached yet"));
		if (done)
			html_printf(b, "（%s）", files_for(r, d[i].id, m, nm, xs, nx));
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n</section>\n");
}

/* What a file may be said to be: the form's documents, then その他. */
static struct attach_what *what_choices(struct req *r, const struct project_document *d, int nd)
{
	struct form_ui_option *o = arena_alloc(r->a, sizeof *o * (size_t)(nd + 1));
	struct attach_what *w = arena_alloc(r->a, sizeof *w);
	if (!o || !w)
		return NULL;
	for (int i = 0; i < nd; i++)
		o[i] = (struct form_ui_option){ arena_printf(r->a, "%lld", d[i].id), d[i].name, NULL };
	o[nd] = (struct form_ui_option){ PROJECT_DOC_OTHER, T(r, "Other (none of the form's documents)"), NULL };
	*w = (struct attach_what){ T(r, "Which document it is"),
				   T(r, "One of the documents the project's form requires, or その他 for anything else (photos, minutes …)."),
				   o, nd + 1 };
	return w;
}

/* What file id is marked as: the document's id as the choices' value, or その他. */
static const char *marked_as(struct req *r, long long id, const struct project_doc_mark *m, int nm)
{
	for (int i = 0; i < nm; i++)
		if (m[i].attachment_id == id)
			return arena_printf(r->a, "%lld", m[i].document_id);
	return PROJECT_DOC_OTHER;
}

/* A small form per file the viewer may remove (the same people may say what it is): a file
 * attached before the marks existed, or marked wrongly, becomes the document it is. */
static void mark_forms(struct req *r, struct buf *b, const struct project *p, const struct attach_what *w,
		       const struct project_doc_mark *m, int nm, const struct attachment *xs, int nx)
{
	int shown = 0;
	for (int i = 0; i < nx; i++) {
		if (attach_may_remove(r->st, &r->who, &xs[i]) != 1)
			continue;
		if (!shown++) {
			html_printf(b, "<section aria-labelledby=\"doc-marks\">\n<h2 id=\"doc-marks\">%s</h2>\n<p class=\"form-hint\">%s</p>\n",
				    T(r, "Which document each file is"),
				    T(r, "If a file is not shown as the document it is (attached earlier, or with the wrong choice), choose it here."));
			const char *done = req_query(r, "doc");
			if (done && strcmp(done, "marked") == 0)
				layout_notice(b, T(r, "What the file is was saved."));
		}
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		f.idp = arena_printf(r->a, "doc-%lld-", xs[i].id);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/documents/%lld", p->id, xs[i].id), "row-form");
		form_ui_select(&f, &(struct form_ui_field){ .name = "what", .label = xs[i].name,
							   .value = marked_as(r, xs[i].id, m, nm), .flags = FORM_UI_INLINE },
			       w->opts, w->n, NULL);
		html_printf(b, "<button type=\"submit\" class=\"button button--secondary\">%s<span class=\"visually-hidden\"> %v</span></button>\n",
			    T(r, "Save what it is"), xs[i].name);
		form_ui_close(&f);
	}
	if (shown)
		buf_puts(b, "</section>\n");
}

int page_project_documents(struct req *r, struct buf *b, const struct project *p)
{
	struct attachment *xs = NULL;
	int nx = 0, more = 0;
	int rc = attach_list(r->st, r->a, &r->who, "project", p->id, &xs, &nx, &more);
	if (rc == ATTACH_FORBIDDEN || rc == ATTACH_NOT_FOUND)
		return 0;
	if (rc < 0)
		return rc;
	struct project_document *d;
	struct project_doc_mark *m;
	int nd, nm;
	if ((rc = project_documents_state(r->st, r->a, p->id, p->form, &d, &nd)) != 0 ||
	    (rc = project_doc_marks_of(r->st, r->a, p->id, &m, &nm)) != 0)
		return rc;
	struct attach_what *w = what_choices(r, d, nd);
	if (!w)
		return STORE_ERR;
	if (nd) {
		required_list(r, b, d, nd, m, nm, xs, nx);
		mark_forms(r, b, p, w, m, nm, xs, nx);
	}
	return page_attach_section_as(r, b, "project", p->id, w);
}

/* ---- POST /projects/{id}/documents/{attachment}: what the file is ---- */

static int document_mark_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0), att = req_param_id(r, 1);
	const char *err = NULL;
	int rc = id > 0 && att > 0 ? project_attach_remark(r->st, &r->who, id, att, req_form(r, "what"), &err)
				   : ATTACH_NOT_FOUND;
	const char *back = arena_printf(r->a, "/projects/%lld", id);
	if (rc == ATTACH_REFUSED || rc == ATTACH_FORBIDDEN) {
		resp_clear_body(o);
		o->status = rc == ATTACH_FORBIDDEN ? 403 : 422;
		layout_begin(r, o, T(r, "What the file is was not saved"));
		html_printf(&o->body, "<p class=\"error-message\" role=\"alert\">%s</p>\n<p><a href=\"%s#doc-marks\">%s</a></p>\n",
			    T(r, rc == ATTACH_FORBIDDEN ? N_("You may not change this file.") : err), back,
			    T(r, "Back to the documents"));
		layout_end(r, o);
		return 0;
	}
	if (rc == ATTACH_NOT_FOUND)
		return resp_error(r, o, 404, NULL);	/* what one may not see does not exist */
	if (rc != 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "%s?doc=marked#doc-marks", back));
	return 0;
}

const struct route project_docs_routes[] = {
	{ HTTP_POST, "/projects/{id}/documents/{attachment}", document_mark_post, PROJECT_STAFF_ROLES, 0 },
	{ 0 },
};

int page_project_public_documents(struct req *r, struct buf *b, const struct project *p)
{
	struct actor anyone = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
	struct attachment *xs = NULL;
	int n = 0, more = 0;
	if (!p->published)
		return 0;
	int rc = attach_list(r->st, r->a, &anyone, "project", p->id, &xs, &n, &more);
	if (rc == ATTACH_FORBIDDEN || rc == ATTACH_NOT_FOUND || (rc == 0 && n == 0))
		return 0;
	if (rc < 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"public-docs\">\n<h2 id=\"public-docs\">%s</h2>\n<ul>\n",
		    T(r, "Documents of the project"));
	for (int i = 0; i < n; i++) {
		const struct attach_type *t = attach_type_by_code(xs[i].type);
		html_printf(b, "<li><a href=\"/attachments/%lld\">%s</a>（%s）</li>\n", xs[i].id, xs[i].name,
			    t ? T(r, t->label) : xs[i].type);
	}
	buf_puts(b, "</ul>\n</section>\n");
	return 0;
}
