/* page_project_docs: a project's documents on its pages — on the staff page, the documents
 * its form requires with those already attached (domain project_document_attached: a
 * required document counts as attached when a file's name carries its name) and the
 * attachments' list and upload form (page_attach_section, kind "project"); on the public
 * page, the files of a published project as plain download links. Who sees, adds and
 * removes: domain/project_attach.c. */
#include "html/page_project.h"
#include "html/pages.h"
#include "html/html.h"
#include "domain/attach.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <string.h>

/* The names of the files whose name carries doc, joined by "、" ("" when none). */
static const char *files_for(struct req *r, const char *doc, const struct attachment *xs, int n)
{
	struct buf t = BUF_INIT;
	for (int i = 0; i < n; i++) {
		const char *one[] = { xs[i].name };
		if (project_document_attached(doc, one, 1))
			buf_printf(&t, "%s%s", t.len ? "、" : "", xs[i].name);
	}
	const char *s = arena_strdup(r->a, buf_cstr(&t));
	buf_free(&t);
	return s;
}

static void required_list(struct req *r, struct buf *b, const struct project_document *d, int nd,
			  const struct attachment *xs, int nx)
{
	const char **names = arena_alloc(r->a, sizeof *names * (size_t)(nx > 0 ? nx : 1));
	for (int i = 0; i < nx; i++)
		names[i] = xs[i].name;
	html_printf(b, "<section aria-labelledby=\"required-docs\">\n<h2 id=\"required-docs\">%s</h2>\n<p class=\"form-hint\">%s</p>\n<ul class=\"required-docs\">\n",
		    T(r, "Documents this form requires"),
		    T(r, "A document counts as attached when a file's name carries its name, e.g. 協定書.pdf for the agreement (協定書)."));
	for (int i = 0; i < nd; i++) {
		int done = project_document_attached(d[i].name, names, nx);
		html_printf(b, "<li>%s：<strong class=\"badge%s\">%s</strong>", d[i].name, done ? "" : " badge--late",
			    done ? T(r, "Attached") : T(r, "Not attached yet"));
		if (done)
			html_printf(b, "（%s）", files_for(r, d[i].name, xs, nx));
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n</section>\n");
}

int page_project_documents(struct req *r, struct buf *b, const struct project *p)
{
	struct project_document *d;
	int nd;
	int rc = project_documents_of(r->st, r->a, p->form, &d, &nd);
	if (rc != 0)
		return rc;
	struct attachment *xs = NULL;
	int nx = 0, more = 0;
	rc = attach_list(r->st, r->a, &r->who, "project", p->id, &xs, &nx, &more);
	if (rc == ATTACH_FORBIDDEN || rc == ATTACH_NOT_FOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (nd)
		required_list(r, b, d, nd, xs, nx);
	return page_attach_section(r, b, "project", p->id);
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
