/* page_project_docs: a project's documents on its pages — on the staff page, the documents
 * its form requires with those already attached (a file marked as the document by whoever
 * attached it: domain project_documents_state) and the attachments' list and upload form,
 * which asks which of the form's documents the file is (page_attach_section_as, kind
 * "project"); on the public
 * page, the files of a published project as plain download links. Who sees, adds and
 * removes: domain/project_attach.c. */
#include "html/page_project.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/form_ui.h"
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
	if (nd)
		required_list(r, b, d, nd, m, nm, xs, nx);
	return page_attach_section_as(r, b, "project", p->id, what_choices(r, d, nd));
}

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
