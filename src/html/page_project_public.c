/* page_project_public: collaboration projects for everyone — the plain public list and a
 * project's public page (published projects only: partners, form, zone, stage), their
 * downloads, and the JSON API of the list (a logged-in viewer gets what the visibility
 * rule lets them see; an anonymous one the published projects). Anonymous pages come from
 * the page cache, versioned by the scope "projects" that every write to a published
 * project moves (domain/project.c). */
#include "html/page_project.h"
#include "html/page_project_eval.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_cache.h"
#include "html/when.h"
#include "domain/project_io.h"
#include "domain/project_internal.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PUBLIC_PER_PAGE 50

static struct page_cache project_cache = PAGE_CACHE_INIT_REFRESH("projects", 256, 16u << 20, PAGE_CACHE_REFRESH_MS);

static const char *project_version(struct req *r, int *rc)
{
	char tag[VERSION_TAG_MAX];
	*rc = version_tag(r->st, PROJECT_PAGE_SCOPE, tag);
	return arena_strdup(r->a, tag);
}

struct public_params {
	int fy;
	long long page;
};

static int public_params(struct req *r, struct public_params *p)
{
	const char *y = req_query(r, "year");
	p->fy = 0;
	p->page = page_number(r);
	return y && *y && wareki_parse_fiscal_year(y, &p->fy) != 0 ? -1 : 0;
}

static int public_list_render(struct req *r, struct resp *o, void *arg)
{
	const struct public_params *pp = arg;
	struct project_query q = { .fy = pp->fy, .published_only = 1, .page = (int)(pp->page - 1), .per_page = PUBLIC_PER_PAGE };
	struct project *ps;
	int n, more;
	int rc = project_list(r->st, r->a, NULL, &q, &ps, &n, &more);
	long long total = rc == 0 ? project_count(r->st, NULL, &q) : rc;
	if (rc != 0 || total < 0)
		return page_domain_error(r, o, rc ? rc : (int)total), 0;
	layout_begin(r, o, T(r, "Collaboration projects"));
	struct buf *b = &o->body;
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The projects the city runs together with citizens, groups and businesses, as the city publishes them."));
	html_printf(b, "<form method=\"get\" action=\"/public/projects\" class=\"filter-form\"><div class=\"form-field\">"
		       "<label for=\"f-year\">%s</label><input id=\"f-year\" name=\"year\" type=\"text\" value=\"%S\">"
		       "</div><button type=\"submit\">%s</button></form>\n",
		    T(r, "Fiscal year"), pp->fy > 0 ? arena_printf(r->a, "%d", pp->fy) : "", T(r, "Show"));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No project to show."));
	else
		buf_puts(b, "<ul class=\"card-list\">\n");
	for (int i = 0; i < n; i++)
		html_printf(b, "<li class=\"card\"><a class=\"card__link\" href=\"/public/projects/%lld\"><span class=\"card__title\">%s</span>"
			       "<span class=\"card__desc\">%s・%s・%s・%s</span></a></li>\n",
			    ps[i].id, ps[i].title, page_project_years(r, &ps[i]), ps[i].form_label, ps[i].zone_label,
			    page_project_stage(r, ps[i].stage));
	if (n)
		buf_puts(b, "</ul>\n");
	const char *base = pp->fy > 0 ? arena_printf(r->a, "/public/projects?year=%d", pp->fy) : "/public/projects";
	page_pager(r, b, base, pp->page, total, PUBLIC_PER_PAGE);
	if (pp->fy > 0)
		html_printf(b, "<h2>%s</h2>\n<ul class=\"link-list link-list--inline\"><li><a href=\"/public/projects/export?year=%d&amp;format=csv\">CSV</a></li>"
			       "<li><a href=\"/public/projects/export?year=%d&amp;format=csv-cp932\">CSV（Shift_JIS）</a></li>"
			       "<li><a href=\"/public/projects/export?year=%d&amp;format=xlsx\">Excel</a></li>"
			       "<li><a href=\"/public/projects/export?year=%d&amp;format=json\">JSON</a></li></ul>\n",
			    T(r, "Download this year's list"), pp->fy, pp->fy, pp->fy, pp->fy);
	page_cache_note(r, b);
	struct layout_link links[] = { { "/api/projects", N_("This list as JSON (API)") }, { NULL, NULL } };
	layout_end_links(r, o, links);
	return 0;
}

static int public_list_get(struct req *r, struct resp *o)
{
	struct public_params p;
	if (public_params(r, &p) != 0)
		return resp_error(r, o, 404, "There is no such fiscal year.");
	int rc;
	const char *version = project_version(r, &rc);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	const char *key = arena_printf(r->a, "L%d.%lld", p.fy, p.page);
	return page_cache_respond(&project_cache, r, o, key, version, public_list_render, &p);
}

static int public_page_render(struct req *r, struct resp *o, void *arg)
{
	long long id = *(const long long *)arg;
	struct project p;
	/* the public page is the public's view whoever asks: unpublished is 404 */
	int rc = project_load(r->st, r->a, NULL, id, &p);
	if (rc == STORE_ERR || (rc == 0 && !p.published))
		return resp_error(r, o, 404, NULL);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	layout_begin(r, o, p.title);
	struct buf *b = &o->body;
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		       "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n",
		    T(r, "Fiscal years"), page_project_years(r, &p), T(r, "Lead department"), p.department_name,
		    T(r, "Form"), p.form_label, T(r, "Zone"), p.zone_label, T(r, "Stage"), page_project_stage(r, p.stage));
	if (*p.purpose) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Purpose"));
		html_text_br(b, p.purpose);
		buf_puts(b, "</dd>\n");
	}
	if (*p.goals) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Goals"));
		html_text_br(b, p.goals);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n");
	html_printf(b, "<h2>%s</h2>\n", T(r, "Partners"));
	if ((rc = page_project_partner_names(r, b, &p)) != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc), 0;
	}
	if ((rc = page_project_public_documents(r, b, &p)) != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc), 0;
	}
	/* the published evaluation, and the way to its page with the reports */
	size_t before = b->len;
	if ((rc = page_peval_public_block(r, b, p.id)) != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc), 0;
	}
	if (b->len > before)
		html_printf(b, "<p><a href=\"/public/projects/%lld/evaluation\">%s</a></p>\n", p.id,
			    T(r, "The evaluation and the reports in full"));
	html_printf(b, "<p><a href=\"/public/projects\">%s</a></p>\n", T(r, "Back to the projects"));
	page_cache_note(r, b);
	layout_end(r, o);
	return 0;
}

static int public_page_get(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	int rc;
	const char *version = project_version(r, &rc);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	return page_cache_respond(&project_cache, r, o, arena_printf(r->a, "P%lld", id), version, public_page_render, &id);
}

static int public_export_get(struct req *r, struct resp *o)
{
	struct public_params pp;
	const char *format = req_query(r, "format");
	enum project_export_format f;
	enum csv_encoding enc = CSV_ENC_UTF8;
	if (public_params(r, &pp) != 0)
		return resp_error(r, o, 404, "There is no such fiscal year.");
	if (pp.fy <= 0)	/* without a year: this fiscal year's list, as CSV by default */
		pp.fy = when_fiscal_year_now();
	if (!format || !*format)
		format = "csv";
	if (strcmp(format, "csv-cp932") == 0) {
		f = PEXPORT_CSV;
		enc = CSV_ENC_CP932;
	} else if (!format || project_export_format_parse(format, &f) != 0)
		return resp_error(r, o, 404, NULL);
	char err[256];
	int rc = project_export(r->st, NULL, 1, pp.fy, f, enc, &o->body, NULL, err, sizeof err);
	if (rc != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc == -1 ? STORE_ERR : rc), 0;
	}
	static const char *const types[] = { "text/csv; charset=utf-8",
					     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
					     "application/json" };
	o->content_type = enc == CSV_ENC_CP932 ? "text/csv; charset=Shift_JIS" : types[f];
	const char *ext = f == PEXPORT_XLSX ? "xlsx" : f == PEXPORT_JSON ? "json" : "csv";
	o->disposition = page_disposition(r, arena_printf(r->a, "projects-%d%s.%s", pp.fy, enc == CSV_ENC_CP932 ? "-sjis" : "", ext),
					  arena_printf(r->a, "協働事業-%d%s.%s", pp.fy, enc == CSV_ENC_CP932 ? "-sjis" : "", ext));
	return 0;
}

/* ---- the API ---- */

static json_t *project_json_item(const struct project *p, const struct project_partners_of *pp)
{
	json_t *partners = json_array();
	/* a partner not in the public directory is named only to those who read the staff page */
	for (int i = 0; i < pp->n; i++)
		if (pp->partners[i].org_public || pp->access > PACCESS_PUBLIC)
			json_array_append_new(partners, json_pack("{s:s,s:s,s:s}", "name", pp->partners[i].org_name,
								  "party_kind", pp->partners[i].party_kind, "role",
								  pp->partners[i].role));
	return json_pack("{s:I,s:s,s:s,s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:o}", "id", (json_int_t)p->id, "title",
			 p->title, "purpose", p->purpose, "fy_start", p->fy_start, "fy_end", p->fy_end, "department",
			 p->department_name, "form", p->form, "form_label", p->form_label, "zone", p->zone, "zone_label",
			 p->zone_label, "stage", project_stage_names[p->stage], "stage_label",
			 project_stage_labels_ja[p->stage], "published", p->published, "partners", partners);
}

static int api_list_render(struct req *r, struct resp *o, void *arg)
{
	const struct public_params *pp = arg;
	struct project_query q = { .fy = pp->fy, .page = (int)(pp->page - 1), .per_page = PUBLIC_PER_PAGE,
				   .published_only = r->who.role == ROLE_PUBLIC };
	struct project *ps;
	int n, more;
	int rc = project_list(r->st, r->a, &r->who, &q, &ps, &n, &more);
	long long total = rc == 0 ? project_count(r->st, &r->who, &q) : rc;
	/* the page's partners in one statement, each project's access decided from them */
	struct project_partners_of *partners = NULL;
	if (rc == 0 && total >= 0)
		rc = project_partners_and_access(r->st, r->a, &r->who, ps, n, &partners);
	if (rc != 0 || total < 0)
		return page_domain_error(r, o, rc ? rc : (int)total), 0;
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++)
		json_array_append_new(items, project_json_item(&ps[i], &partners[i]));
	json_t *out = json_pack("{s:I,s:I,s:i,s:i,s:b,s:o}", "total", (json_int_t)total, "page", (json_int_t)pp->page,
				"per_page", PUBLIC_PER_PAGE, "year", pp->fy, "more", more, "items", items);
	if (!out)
		return resp_error(r, o, 500, NULL);
	return resp_json(o, 200, out);
}

static int api_list_get(struct req *r, struct resp *o)
{
	struct public_params p;
	if (public_params(r, &p) != 0)
		return resp_error(r, o, 404, "There is no such fiscal year.");
	int rc;
	const char *version = project_version(r, &rc);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	const char *key = arena_printf(r->a, "A%d.%lld", p.fy, p.page);
	return page_cache_respond(&project_cache, r, o, key, version, api_list_render, &p);
}

const struct route project_public_routes[] = {
	{ HTTP_GET, "/public/projects", public_list_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/public/projects/export", public_export_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/public/projects/{id}", public_page_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/projects", api_list_get, ROLES_ANY, ROUTE_API | ROUTE_PUBLIC },
	{ 0 },
};
