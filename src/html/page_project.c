/* page_project: the staff's screens of collaboration projects — the list, a project's page
 * (its facts, the form's rules, partners, budget, plan items, the checklist of its stage
 * with every side's answers, the stage log), the new/edit form, and the edits of partners,
 * budget lines, plan links and publication. Everything read goes through the visibility
 * rule (domain/project_visibility.h); every write through the domain (project.h). */
#include "html/page_project.h"
#include "html/page_project_eval.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/form_ui.h"
#include "html/layout.h"
#include "html/when.h"
#include "domain/project_io.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EDITORS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define PROJECT_PER_PAGE 50

/* ---- shared helpers ---- */

const char *page_project_stage(struct req *r, enum project_stage s)
{
	return s < PSTAGE__MAX ? T(r, project_stage_msgids[s]) : "";
}

const char *page_project_years(struct req *r, const struct project *p)
{
	char a[64], b[64];
	page_fy_label(p->fy_start, a, sizeof a);
	if (p->fy_end == p->fy_start)
		return arena_strdup(r->a, a);
	page_fy_label(p->fy_end, b, sizeof b);
	return arena_printf(r->a, "%s〜%s", a, b);
}

int page_project_or_respond(struct req *r, struct resp *o, struct project *p, enum project_access *acc)
{
	long long id = req_param_id(r, 0);
	if (id <= 0) {
		resp_error(r, o, 404, NULL);
		return -1;
	}
	int rc = project_load(r->st, r->a, &r->who, id, p);
	if (rc == STORE_ERR) {
		resp_error(r, o, 404, NULL);
		return -1;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc);
	struct project_facts f = { p->published, p->stage, p->department_id, 0 };
	if (r->who.role == ROLE_GROUP && project_side_of(r->st, &r->who, p) > 0)
		f.viewer_is_partner = 1;
	*acc = project_access(&r->who, &f);
	return 0;
}

int page_project_cautions(struct req *r, struct buf *b, const struct project *p, const char *party_kind)
{
	struct project_caution *c;
	int n;
	int rc = project_cautions_of(r->st, r->a, p->form, party_kind, &c, &n);
	if (rc != 0 || n == 0)
		return rc;
	struct project_party_kind *k;
	int nk;
	if ((rc = project_party_kinds_list(r->st, r->a, &k, &nk)) != 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"cautions\">\n<h2 id=\"cautions\">%s</h2>\n<p>%s</p>\n",
		    T(r, "What to watch in this form"),
		    T(r, "The city's rulebook asks each kind of party to keep these points in mind."));
	const char *cur = NULL;
	for (int i = 0; i < n; i++) {
		if (!cur || strcmp(cur, c[i].party_kind) != 0) {
			if (cur)
				buf_puts(b, "</ul>\n");
			cur = c[i].party_kind;
			const char *label = T(r, "Every party");
			for (int j = 0; *cur && j < nk; j++)
				if (strcmp(k[j].code, cur) == 0)
					label = k[j].label;
			html_printf(b, "<h3>%s</h3>\n<ul>\n", label);
		}
		html_printf(b, "<li>%s</li>\n", c[i].text);
	}
	buf_puts(b, "</ul>\n</section>\n");
	return 0;
}

int page_project_partner_names(struct req *r, struct buf *b, const struct project *p)
{
	/* the public's view: a partner not in the public directory (an application, a
	 * dissolved group) is counted, not named */
	struct project_partner *pp;
	int n;
	int rc = project_partners_of(r->st, r->a, p->id, &pp, &n);
	if (rc != 0)
		return rc;
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No partner yet."));
		return 0;
	}
	int hidden = 0;
	buf_puts(b, "<ul>\n");
	for (int i = 0; i < n; i++) {
		if (!pp[i].org_public) {
			hidden++;
			continue;
		}
		html_printf(b, "<li>%s（%s）%s%s</li>\n", pp[i].org_name, pp[i].party_label, *pp[i].role ? "：" : "",
			    pp[i].role);
	}
	if (hidden)
		html_printf(b, "<li>%s %d</li>\n", T(r, "Partners not in the public directory:"), hidden);
	buf_puts(b, "</ul>\n");
	return 0;
}

/* ---- the list ---- */

static int query_fy(struct req *r)
{
	const char *y = req_query(r, "year");
	int fy = 0;
	if (y && *y && wareki_parse_fiscal_year(y, &fy) != 0)
		fy = -1;
	return fy;
}

static void project_table(struct req *r, struct buf *b, const struct project *ps, int n, const char *base,
			  const char *caption)
{
	static const char *const heads[] = { N_("Project"), N_("Fiscal years"), N_("Lead department"),
					     N_("Form"), N_("Zone"), N_("Stage") };
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n<table class=\"projects\">\n"
		       "<caption>%s</caption>\n<thead><tr>",
		    caption, caption);
	for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
		html_printf(b, "<th scope=\"col\">%s</th>", T(r, heads[k]));
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		const struct project *p = &ps[i];
		html_printf(b, "<tr><th scope=\"row\"><a href=\"%S/%lld\">%s</a>%S</th><td>%s</td><td>%s</td><td>%s</td>"
			       "<td>%s</td><td>%s</td></tr>\n",
			    base, p->id, p->title,
			    p->published ? "" : arena_printf(r->a, " <span class=\"badge badge--muted\">%s</span>",
							     T(r, "Not published")),
			    page_project_years(r, p), p->department_name, p->form_label, p->zone_label,
			    page_project_stage(r, p->stage));
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

/* The staff list's filters as read from the query: a value that is none of its codes is
 * dropped (a link from elsewhere may carry anything). */
struct list_filter {
	int fy;
	const char *stage, *form, *department, *text;
	struct project_form *forms;
	int nforms;
	struct form_ui_option *depts;
	int ndepts;
};

#define LIST_TEXT_MAX 200	/* bytes of the words searched */

static const char *list_text(struct req *r)
{
	const char *t = req_query(r, "q");
	if (!t)
		return "";
	while (*t == ' ')
		t++;
	size_t n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		n--;
	if (n > LIST_TEXT_MAX) {
		n = LIST_TEXT_MAX;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;	/* on a character's first byte */
	}
	return arena_strndup(r->a, t, n);
}

static int list_filter_read(struct req *r, struct list_filter *lf)
{
	memset(lf, 0, sizeof *lf);
	lf->fy = query_fy(r);
	if (lf->fy < 0)
		return -1;
	enum project_stage st;
	if (project_stage_parse(req_query(r, "stage"), &st) == 0)
		lf->stage = project_stage_names[st];
	int rc = project_forms_list(r->st, r->a, &lf->forms, &lf->nforms);
	if (rc != 0)
		return rc;
	const char *form = req_query(r, "form");
	for (int i = 0; form && i < lf->nforms; i++)
		if (strcmp(form, lf->forms[i].code) == 0)
			lf->form = lf->forms[i].code;
	lf->ndepts = page_department_options(r, NULL, &lf->depts);
	const char *dept = req_query(r, "department");
	for (int i = 0; dept && i < lf->ndepts; i++)
		if (strcmp(dept, lf->depts[i].value) == 0)
			lf->department = lf->depts[i].value;
	lf->text = list_text(r);
	return lf->text ? 0 : STORE_ERR;
}

/* "/projects?year=…&amp;stage=…" with the filters set (HTML-ready: page_pager's base). */
static const char *list_base(struct req *r, const struct list_filter *lf)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/projects");
	char sep = '?';
	if (lf->fy > 0) {
		buf_printf(&b, "%cyear=%d", sep, lf->fy);
		sep = 0;
	}
	const char *const names[] = { "stage", "form", "department", "q" };
	const char *const values[] = { lf->stage, lf->form, lf->department, lf->text };
	for (int i = 0; i < 4; i++) {
		if (!values[i] || !*values[i])
			continue;
		if (sep)
			buf_printf(&b, "%c%s=", sep, names[i]);
		else
			buf_printf(&b, "&amp;%s=", names[i]);
		sep = 0;
		html_urlenc(&b, values[i]);
	}
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s ? s : "/projects";
}

static void list_filter_form(struct req *r, struct buf *b, const struct list_filter *lf)
{
	struct form_ui f;
	form_ui_init(&f, r, b, NULL);
	form_ui_open_get(&f, "/projects", "filter-form", NULL);
	char y[16] = "";
	if (lf->fy > 0)
		snprintf(y, sizeof y, "%d", lf->fy);
	form_ui_text(&f, &(struct form_ui_field){ .name = "year", .label = T(r, "Fiscal year"), .value = y,
						  .hint = T(r, "For example 2025, R7 or 令和7年度. Empty: every year."),
						  .flags = FORM_UI_INLINE });
	struct form_ui_option stages[PSTAGE__MAX];
	for (int i = 0; i < PSTAGE__MAX; i++)
		stages[i] = (struct form_ui_option){ project_stage_names[i], page_project_stage(r, (enum project_stage)i),
						     NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "stage", .label = T(r, "Stage"), .value = lf->stage,
						    .flags = FORM_UI_INLINE },
		       stages, PSTAGE__MAX, T(r, "Any"));
	struct form_ui_option *fo = arena_alloc(r->a, sizeof *fo * (size_t)(lf->nforms + 1));
	for (int i = 0; fo && i < lf->nforms; i++)
		fo[i] = (struct form_ui_option){ lf->forms[i].code, lf->forms[i].label, NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "form", .label = T(r, "Form of collaboration"),
						    .value = lf->form, .flags = FORM_UI_INLINE },
		       fo, fo ? lf->nforms : 0, T(r, "Any"));
	form_ui_select(&f, &(struct form_ui_field){ .name = "department", .label = T(r, "Lead department"),
						    .value = lf->department, .flags = FORM_UI_INLINE },
		       lf->depts, lf->ndepts, T(r, "Any"));
	form_ui_text(&f, &(struct form_ui_field){ .name = "q", .type = FORM_UI_SEARCH, .label = T(r, "Words"),
						  .value = lf->text, .maxlength = LIST_TEXT_MAX,
						  .hint = T(r, "Words in the project's title or purpose."),
						  .flags = FORM_UI_INLINE });
	form_ui_submit(&f, T(r, "Show"), NULL, NULL);
	form_ui_close(&f);
}

static int projects_list_get(struct req *r, struct resp *o)
{
	struct list_filter lf;
	int rc = list_filter_read(r, &lf);
	if (rc == -1)
		return resp_error(r, o, 404, "There is no such fiscal year.");
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	long long page = page_number(r);
	struct project_query q = { .fy = lf.fy, .page = (int)(page - 1), .per_page = PROJECT_PER_PAGE,
				   .stage = lf.stage, .form = lf.form, .department = lf.department, .text = lf.text };
	struct project *ps;
	int n, more;
	rc = project_list(r->st, r->a, &r->who, &q, &ps, &n, &more);
	long long total = rc == 0 ? project_count(r->st, &r->who, &q) : rc;
	if (rc != 0 || total < 0)
		return page_domain_error(r, o, rc ? rc : (int)total), 0;
	int fy = lf.fy;
	layout_begin(r, o, T(r, "Collaboration projects"));
	struct buf *b = &o->body;
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Projects the city runs with citizens, groups and businesses under its collaboration rulebook."));
	if (r->who.role == ROLE_ADMIN || r->who.role == ROLE_STAFF)
		html_printf(b, "<p><a class=\"button\" href=\"/projects/new\">%s</a></p>\n", T(r, "New project"));
	list_filter_form(r, b, &lf);
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No project to show."));
	} else {
		html_printf(b, "<p role=\"status\">%s %lld</p>\n", T(r, "Projects found:"), total);
		project_table(r, b, ps, n, "/projects", T(r, "Collaboration projects"));
		page_pager(r, b, list_base(r, &lf), page, total, PROJECT_PER_PAGE);
	}
	if (fy > 0)
		html_printf(b, "<h2>%s</h2>\n<ul class=\"link-list link-list--inline\"><li><a href=\"/projects/export?year=%d&amp;format=csv\">CSV</a></li>"
			       "<li><a href=\"/projects/export?year=%d&amp;format=csv-cp932\">CSV（Shift_JIS）</a></li>"
			       "<li><a href=\"/projects/export?year=%d&amp;format=xlsx\">Excel</a></li>"
			       "<li><a href=\"/projects/export?year=%d&amp;format=json\">JSON</a></li></ul>\n",
			    T(r, "Download this year's list"), fy, fy, fy, fy);
	if (r->who.role == ROLE_ADMIN)
		html_printf(b, "<p><a href=\"/projects/guidance\">%s</a></p>\n", T(r, "Edit the rulebook's guidance and checklists"));
	layout_end(r, o);
	return 0;
}

/* ---- the new/edit form ---- */

static void project_form_page(struct req *r, struct resp *o, const struct project *p, const struct problems *e)
{
	layout_begin(r, o, p ? T(r, "Edit the project") : T(r, "New project"));
	struct buf *b = &o->body;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_required_note(&f);
	form_ui_open(&f, p ? arena_printf(r->a, "/projects/%lld", p->id) : "/projects", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "title", .label = T(r, "Project title"),
						  .value = p ? p->title : "", .required = 1, .maxlength = 200 });
	form_ui_textarea(&f, &(struct form_ui_field){
				     .name = "purpose", .label = T(r, "Purpose"), .value = p ? p->purpose : "", .rows = 4,
				     .hint = T(r, "Why the city and its partners work together: the purpose they share.") });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "goals", .label = T(r, "Goals"),
						      .value = p ? p->goals : "", .rows = 4,
						      .hint = T(r, "What should be reached, if possible with numbers.") });
	char ys[16] = "", ye[16] = "";
	if (p) {
		snprintf(ys, sizeof ys, "%d", p->fy_start);
		snprintf(ye, sizeof ye, "%d", p->fy_end);
	}
	form_ui_text(&f, &(struct form_ui_field){ .name = "fy_start", .label = T(r, "First fiscal year"), .value = ys,
						  .required = 1, .hint = T(r, "For example 2025, R7 or 令和7年度.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "fy_end", .label = T(r, "Last fiscal year"), .value = ye,
						  .hint = T(r, "Empty: the project runs one year.") });
	struct form_ui_option *dopts;
	int nd = page_department_options(r, p ? p->department_name : NULL, &dopts);
	if (r->who.role == ROLE_STAFF) {	/* staff lead their own department's projects */
		int k = 0;
		for (int i = 0; i < nd; i++)
			if (r->who.department_name && strcmp(dopts[i].value, r->who.department_name) == 0)
				dopts[k++] = dopts[i];
		nd = k;
	}
	form_ui_select(&f, &(struct form_ui_field){ .name = "department", .label = T(r, "Lead department"),
						    .value = p ? p->department_name : r->who.department_name,
						    .required = 1 },
		       dopts, nd, NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "division", .label = T(r, "Section in charge"),
						  .value = p ? p->division : "", .maxlength = 200,
						  .hint = T(r, "The section (係) of the lead department, if any.") });
	struct project_form *forms;
	struct project_zone *zones;
	int nf = 0, nz = 0;
	project_forms_list(r->st, r->a, &forms, &nf);
	project_zones_list(r->st, r->a, &zones, &nz);
	struct form_ui_choice *fc = arena_alloc(r->a, sizeof *fc * (size_t)(nf + 1));
	struct form_ui_choice *zc = arena_alloc(r->a, sizeof *zc * (size_t)(nz + 1));
	for (int i = 0; fc && i < nf; i++)
		fc[i] = (struct form_ui_choice){ .value = forms[i].code, .label = forms[i].label, .hint = forms[i].summary };
	for (int i = 0; zc && i < nz; i++)
		zc[i] = (struct form_ui_choice){ .value = zones[i].code, .label = zones[i].label, .hint = zones[i].summary };
	if (fc)
		form_ui_radios(&f, &(struct form_ui_field){ .name = "form", .label = T(r, "Form of collaboration"),
							    .value = p ? p->form : "", .required = 1 },
			       fc, nf);
	if (zc)
		form_ui_radios(&f, &(struct form_ui_field){ .name = "zone", .label = T(r, "Zone of collaboration"),
							    .value = p ? p->zone : "", .required = 1,
							    .hint = T(r, "From work citizens do alone to work the city does alone.") },
			       zc, nz);
	char bud[32] = "";
	if (p && p->budget >= 0)
		snprintf(bud, sizeof bud, "%lld", p->budget);
	form_ui_text(&f, &(struct form_ui_field){ .name = "budget", .label = T(r, "Total budget (yen)"), .value = bud,
						  .type = FORM_UI_NUMBER, .hint = T(r, "Empty when not known yet.") });
	form_ui_checkbox(&f, &(struct form_ui_field){ .name = "published", .label = T(r, "Publish the project"),
						      .hint = T(r, "Published projects are shown to everyone on the public pages.") },
			 p ? p->published : 0);
	form_ui_submit(&f, T(r, "Save"), p ? arena_printf(r->a, "/projects/%lld", p->id) : "/projects", T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int project_new_get(struct req *r, struct resp *o)
{
	project_form_page(r, o, NULL, NULL);
	return 0;
}

static void input_from_form(struct req *r, struct project_input *in)
{
	in->title = req_form(r, "title");
	in->purpose = req_form(r, "purpose");
	in->goals = req_form(r, "goals");
	in->fy_start = req_form(r, "fy_start");
	in->fy_end = req_form(r, "fy_end");
	in->department = req_form(r, "department");
	in->division = req_form(r, "division");
	in->form = req_form(r, "form");
	in->zone = req_form(r, "zone");
	in->budget = req_form(r, "budget");
	const char *pub = req_form(r, "published");
	in->published = pub && strcmp(pub, "1") == 0;
}

static int project_save_post(struct req *r, struct resp *o)
{
	long long id = r->nparams > 0 ? req_param_id(r, 0) : 0;
	struct project cur, *pp = NULL;
	enum project_access acc;
	if (id) {
		if (page_project_or_respond(r, o, &cur, &acc) != 0)
			return 0;
		pp = &cur;
	}
	struct project_input in;
	input_from_form(r, &in);
	struct problems e = { 0 };
	long long out = 0;
	int rc = project_save(r->st, &r->who, id, &in, &out, &e);
	if (rc == -1 && problems_any(&e) && !e.p[0].field && e.n == 1)
		return resp_error(r, o, 403, e.p[0].msgid);
	if (rc == -1) {
		o->status = 422;
		project_form_page(r, o, pp, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "/projects/%lld", out));
	return 0;
}

static int project_edit_get(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (page_project_or_respond(r, o, &p, &acc) != 0)
		return 0;
	if (acc != PACCESS_LEAD && acc != PACCESS_DIVISION)
		return resp_error(r, o, 403, NULL);
	project_form_page(r, o, &p, NULL);
	return 0;
}

/* ---- a project's page ---- */

static void facts(struct req *r, struct buf *b, const struct project *p)
{
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Stage"), page_project_stage(r, p->stage));
	if (p->stage == PSTAGE_STOPPED)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", T(r, "Why it was stopped"), p->stop_reason);
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", T(r, "Fiscal years"), page_project_years(r, p));
	html_printf(b, "<dt>%s</dt><dd>%s%s%s</dd>\n", T(r, "Lead department"), p->department_name,
		    *p->division ? "　" : "", p->division);
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Form"), p->form_label, T(r, "Zone"),
		    p->zone_label);
	if (p->budget >= 0)
		html_printf(b, "<dt>%s</dt><dd>%y円</dd>\n", T(r, "Total budget"), p->budget);
	if (*p->purpose) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Purpose"));
		html_text_br(b, p->purpose);
		buf_puts(b, "</dd>\n");
	}
	if (*p->goals) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Goals"));
		html_text_br(b, p->goals);
		buf_puts(b, "</dd>\n");
	}
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n</dl>\n", T(r, "Public"),
		    p->published ? T(r, "Published") : T(r, "Not published"));
}

/* The form's summary and money; its required documents are in the documents' section
 * (page_project_docs.c), with what is attached. */
static int rules_section(struct req *r, struct buf *b, const struct project *p)
{
	struct project_form *forms;
	int nf;
	int rc = project_forms_list(r->st, r->a, &forms, &nf);
	if (rc != 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"rules\">\n<h2 id=\"rules\">%s</h2>\n", T(r, "The form's rules"));
	for (int i = 0; i < nf; i++)
		if (strcmp(forms[i].code, p->form) == 0)
			html_printf(b, "<p>%s</p>\n<p><strong>%s</strong>：%s</p>\n", forms[i].summary, T(r, "Money"),
				    forms[i].money_flow);
	buf_puts(b, "</section>\n");
	return 0;
}

static const char *brings_text(struct req *r, const struct project_partner *pp)
{
	struct buf t = BUF_INIT;
	const struct { int on; const char *msgid; } what[] = { { pp->brings_people, N_("people") },
							      { pp->brings_money, N_("money") },
							      { pp->brings_venue, N_("venue") },
							      { pp->brings_knowhow, N_("know-how") } };
	for (size_t k = 0; k < sizeof what / sizeof what[0]; k++)
		if (what[k].on)
			buf_printf(&t, "%s%s", t.len ? "、" : "", T(r, what[k].msgid));
	const char *s = arena_strdup(r->a, buf_cstr(&t));
	buf_free(&t);
	return s;
}

static int partners_section(struct req *r, struct buf *b, const struct project *p, int edit,
			    const struct problems *e)
{
	struct project_partner *pp;
	int n;
	int rc = project_partners_of(r->st, r->a, p->id, &pp, &n);
	if (rc != 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"partners\">\n<h2 id=\"partners\">%s</h2>\n", T(r, "Partners"));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No partner yet."));
	else {
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n<table>\n"
			       "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>%S</tr></thead>\n<tbody>\n",
			    T(r, "Partners"), T(r, "Partner"), T(r, "Kind of party"), T(r, "Role"), T(r, "Brings"),
			    T(r, "Responsibilities agreed"),
			    edit ? arena_printf(r->a, "<th scope=\"col\">%s</th>", T(r, "Actions")) : "");
		for (int i = 0; i < n; i++) {
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>", pp[i].org_name,
				    pp[i].party_label, pp[i].role, brings_text(r, &pp[i]));
			html_text_br(b, pp[i].responsibilities);
			buf_puts(b, "</td>");
			if (edit) {
				struct form_ui f;
				form_ui_init(&f, r, b, NULL);
				buf_puts(b, "<td class=\"actions\">");
				html_printf(b, "<a href=\"/projects/%lld/partners/%lld/edit\" aria-label=\"%s %s\">%s</a> ", p->id,
					    pp[i].org_id, T(r, "Edit the role"), pp[i].org_name, T(r, "Edit the role"));
				form_ui_button(&f, arena_printf(r->a, "/projects/%lld/partners/%lld/remove", p->id, pp[i].org_id),
					       T(r, "Remove"), pp[i].org_name, FORM_UI_SECONDARY, NULL);
				buf_puts(b, "</td>");
			}
			buf_puts(b, "</tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	if (edit) {
		struct form_ui f;
		form_ui_init(&f, r, b, e);
		f.idp = "partner-";
		html_printf(b, "<h3>%s</h3>\n", T(r, "Add a partner from the registry"));
		form_ui_summary(&f);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/partners", p->id), NULL);
		form_ui_text(&f, &(struct form_ui_field){ .name = "org", .label = T(r, "Group name"), .required = 1,
							  .hint = T(r, "The name exactly as in the registry of groups.") });
		form_ui_text(&f, &(struct form_ui_field){ .name = "role", .label = T(r, "Role"), .maxlength = 500 });
		struct form_ui_choice ch[] = { { .name = "people", .label = T(r, "people") },
					       { .name = "money", .label = T(r, "money") },
					       { .name = "venue", .label = T(r, "venue") },
					       { .name = "knowhow", .label = T(r, "know-how") } };
		form_ui_checkboxes(&f, &(struct form_ui_field){ .name = "people", .label = T(r, "What it brings") }, ch, 4);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "responsibilities",
							      .label = T(r, "Responsibilities agreed"), .rows = 3 });
		form_ui_submit(&f, T(r, "Add the partner"), NULL, NULL);
		form_ui_close(&f);
	}
	buf_puts(b, "</section>\n");
	return 0;
}

static int budget_section(struct req *r, struct buf *b, const struct project *p, int edit, const struct problems *e)
{
	struct project_budget_line *bl;
	int n;
	int rc = project_budget_of(r->st, r->a, p->id, &bl, &n);
	if (rc != 0)
		return rc;
	if (n == 0 && !edit)
		return 0;
	html_printf(b, "<section aria-labelledby=\"budget\">\n<h2 id=\"budget\">%s</h2>\n", T(r, "Budget and who pays"));
	if (n) {
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n<table>\n"
			       "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>%S</tr></thead>\n<tbody>\n",
			    T(r, "Budget and who pays"), T(r, "Item"), T(r, "Fiscal year"), T(r, "Amount"), T(r, "Paid by"),
			    T(r, "Note"), edit ? arena_printf(r->a, "<th scope=\"col\">%s</th>", T(r, "Actions")) : "");
		for (int i = 0; i < n; i++) {
			char fy[64];
			page_fy_label(bl[i].fy, fy, sizeof fy);
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%y円</td><td>%s</td><td>%s</td>", bl[i].item, fy,
				    bl[i].amount, bl[i].payer_org_id ? bl[i].payer_name : T(r, "The city"), bl[i].note);
			if (edit) {
				struct form_ui f;
				form_ui_init(&f, r, b, NULL);
				buf_puts(b, "<td class=\"actions\">");
				form_ui_button(&f, arena_printf(r->a, "/projects/%lld/budget/%lld/remove", p->id, bl[i].id),
					       T(r, "Remove"), bl[i].item, FORM_UI_SECONDARY, NULL);
				buf_puts(b, "</td>");
			}
			buf_puts(b, "</tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	if (edit) {
		struct project_partner *pp;
		int np = 0;
		project_partners_of(r->st, r->a, p->id, &pp, &np);
		struct form_ui_option *opts = arena_alloc(r->a, sizeof *opts * (size_t)(np + 1));
		if (!opts)
			return STORE_ERR;
		opts[0] = (struct form_ui_option){ "0", T(r, "The city"), NULL };
		for (int i = 0; i < np; i++)
			opts[i + 1] = (struct form_ui_option){ arena_printf(r->a, "%lld", pp[i].org_id), pp[i].org_name, NULL };
		struct form_ui f;
		form_ui_init(&f, r, b, e);
		f.idp = "budget-";
		html_printf(b, "<h3>%s</h3>\n", T(r, "Add a budget line"));
		form_ui_summary(&f);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/budget", p->id), NULL);
		form_ui_text(&f, &(struct form_ui_field){ .name = "item", .label = T(r, "Item"), .required = 1 });
		form_ui_text(&f, &(struct form_ui_field){ .name = "fy", .label = T(r, "Fiscal year"),
							  .hint = T(r, "Empty: the first year of the project.") });
		form_ui_text(&f, &(struct form_ui_field){ .name = "amount", .label = T(r, "Amount (yen)"), .required = 1,
							  .type = FORM_UI_NUMBER });
		form_ui_select(&f, &(struct form_ui_field){ .name = "payer", .label = T(r, "Paid by"), .value = "0" }, opts,
			       np + 1, NULL);
		form_ui_text(&f, &(struct form_ui_field){ .name = "note", .label = T(r, "Note") });
		form_ui_submit(&f, T(r, "Add the line"), NULL, NULL);
		form_ui_close(&f);
	}
	buf_puts(b, "</section>\n");
	return 0;
}

static int items_section(struct req *r, struct buf *b, const struct project *p, int edit, const struct problems *e)
{
	struct project_plan_link *l;
	int n;
	int rc = project_links_of(r->st, r->a, p->id, &l, &n);
	if (rc != 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"items\">\n<h2 id=\"items\">%s</h2>\n", T(r, "Plan items it serves"));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No plan item linked."));
	else
		buf_puts(b, "<ul>\n");
	for (int i = 0; i < n; i++) {
		html_printf(b, "<li>%s %s（%s）", l[i].code, l[i].title, l[i].plan_title);
		if (edit) {
			struct form_ui f;
			form_ui_init(&f, r, b, NULL);
			buf_puts(b, " ");
			form_ui_button(&f, arena_printf(r->a, "/projects/%lld/items/%lld/remove", p->id, l[i].item_id),
				       T(r, "Remove"), l[i].code, FORM_UI_SECONDARY, NULL);
		}
		buf_puts(b, "</li>\n");
	}
	if (n)
		buf_puts(b, "</ul>\n");
	if (edit) {
		struct form_ui f;
		form_ui_init(&f, r, b, e);
		f.idp = "item-";
		form_ui_summary(&f);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/items", p->id), NULL);
		form_ui_text(&f, &(struct form_ui_field){ .name = "code", .label = T(r, "Plan item code"), .required = 1,
							  .hint = T(r, "The code of the plan item, such as Ⅰ-1-(1).") });
		form_ui_submit(&f, T(r, "Link the item"), NULL, NULL);
		form_ui_close(&f);
	}
	buf_puts(b, "</section>\n");
	return 0;
}

/* The checklist of the current stage: every point with every side's answer. */
static int checklist_section(struct req *r, struct buf *b, const struct project *p, long long side)
{
	if (!project_stage_has_checklist(p->stage))
		return 0;
	struct project_point *pts;
	struct project_side *sides;
	struct project_check *ch;
	int npt, ns, nc;
	int rc = project_points_of(r->st, r->a, p->stage, &pts, &npt);
	if (rc == 0)
		rc = project_sides_of(r->st, r->a, p->id, &sides, &ns);
	if (rc == 0)
		rc = project_checks_of(r->st, r->a, p->id, p->stage, &ch, &nc);
	if (rc != 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"checklist\">\n<h2 id=\"checklist\">%s：%s</h2>\n",
		    T(r, "Checklist of this stage"), page_project_stage(r, p->stage));
	if (side >= 0)
		html_printf(b, "<p><a class=\"button\" href=\"/projects/%lld/side\">%s</a></p>\n", p->id,
			    T(r, "Answer the checklist for our side"));
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n<table class=\"checklist\">\n"
		       "<thead><tr><th scope=\"col\">%s</th>",
		    T(r, "Checklist of this stage"), T(r, "Point"));
	for (int s = 0; s < ns; s++)
		html_printf(b, "<th scope=\"col\">%s</th>", sides[s].name);
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < npt; i++) {
		html_printf(b, "<tr><th scope=\"row\">%d. %s</th>", pts[i].pos, pts[i].text);
		for (int s = 0; s < ns; s++) {
			const struct project_check *c = NULL;
			for (int k = 0; k < nc; k++)
				if (ch[k].point_id == pts[i].id && ch[k].side_org_id == sides[s].org_id)
					c = &ch[k];
			html_printf(b, "<td>%s", c && c->agreed ? T(r, "✓ Agreed") : T(r, "Not yet"));
			if (c && *c->comment) {
				buf_puts(b, "<br><small>");
				html_text_br(b, c->comment);
				buf_puts(b, "</small>");
			}
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
	return 0;
}

static int stage_section(struct req *r, struct buf *b, const struct project *p, int edit)
{
	if (edit) {
		html_printf(b, "<section aria-labelledby=\"stage\">\n<h2 id=\"stage\">%s</h2>\n",
			    T(r, "Move to another stage"));
		int any = 0;
		for (int i = 0; i < project_nmoves; i++)
			if (project_moves[i].from == p->stage)
				html_printf(b, "%S<li><a href=\"/projects/%lld/move?to=%s\">%s：%s</a></li>\n",
					    any++ ? "" : "<ul class=\"link-list\">\n", p->id,
					    project_stage_names[project_moves[i].to], T(r, "Move to"),
					    page_project_stage(r, project_moves[i].to));
		if (any)
			buf_puts(b, "</ul>\n");
		else
			html_printf(b, "<p>%s</p>\n", T(r, "The project is completed: it moves to no other stage."));
		buf_puts(b, "</section>\n");
	}
	struct project_stage_entry *e;
	int n;
	int rc = project_stage_log_of(r->st, r->a, p->id, &e, &n);
	if (rc != 0 || n == 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"history\">\n<h2 id=\"history\">%s</h2>\n<ul>\n", T(r, "Stage history"));
	for (int i = 0; i < n; i++) {
		buf_puts(b, "<li>");
		when_html(r, b, e[i].at);
		html_printf(b, " %s → %s（%s）", page_project_stage(r, e[i].from), page_project_stage(r, e[i].to),
			    page_actor_text(r, e[i].actor));
		if (e[i].forced)
			html_printf(b, " <span class=\"badge badge--late\">%s %d</span>",
				    T(r, "Moved on with points not agreed or something missing:"), e[i].open_points);
		if (*e[i].reason) {
			buf_puts(b, "<br>");
			html_text_br(b, e[i].reason);
		}
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n</section>\n");
	return 0;
}

enum project_form_which { PF_NONE, PF_PARTNER, PF_BUDGET, PF_ITEM };

static void project_page(struct req *r, struct resp *o, const struct project *p, enum project_access acc,
			 enum project_form_which which, const struct problems *e)
{
	int edit = acc == PACCESS_LEAD || acc == PACCESS_DIVISION;
	long long side = project_side_of(r->st, &r->who, p);
	layout_begin(r, o, p->title);
	struct buf *b = &o->body;
	page_peval_nav(r, b, p, "");
	if (edit) {
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		html_printf(b, "<p><a class=\"button\" href=\"/projects/%lld/edit\">%s</a></p>\n", p->id,
			    T(r, "Edit the project"));
		const char *hidden[] = { "published", p->published ? "0" : "1", NULL };
		form_ui_button(&f, arena_printf(r->a, "/projects/%lld/publish", p->id),
			       p->published ? T(r, "Withdraw from the public pages") : T(r, "Publish"), NULL,
			       FORM_UI_SECONDARY, hidden);
	}
	facts(r, b, p);
	const char *kind = NULL;	/* the viewer's kind of party: its own cautions */
	if (acc == PACCESS_LEAD)
		kind = "city";
	int rc = rules_section(r, b, p);
	if (rc == 0 && acc == PACCESS_PARTNER) {
		struct project_side *sides;
		int ns;
		if ((rc = project_sides_of(r->st, r->a, p->id, &sides, &ns)) == 0)
			for (int i = 0; i < ns; i++)
				if (sides[i].org_id == side)
					kind = sides[i].party_kind;
	}
	if (rc == 0)
		rc = page_project_cautions(r, b, p, kind);
	if (rc == 0)
		rc = checklist_section(r, b, p, side);
	if (rc == 0)
		rc = stage_section(r, b, p, edit);
	if (rc == 0)
		rc = partners_section(r, b, p, edit, which == PF_PARTNER ? e : NULL);
	if (rc == 0)
		rc = budget_section(r, b, p, edit, which == PF_BUDGET ? e : NULL);
	if (rc == 0)
		rc = items_section(r, b, p, edit, which == PF_ITEM ? e : NULL);
	if (rc == 0)
		rc = page_project_documents(r, b, p);
	if (rc != 0) {
		resp_clear_body(o);
		page_domain_error(r, o, rc);
		return;
	}
	html_printf(b, "<p><a href=\"/projects\">%s</a></p>\n", T(r, "Back to the projects"));
	layout_end(r, o);
}

static int project_get(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (page_project_or_respond(r, o, &p, &acc) != 0)
		return 0;
	/* a viewer the project is only public to (a group that is no partner, a committee
	 * member before the evaluation) reads the public page: the staff page holds partners
	 * still under review, every side's answers and the budget lines */
	if (acc == PACCESS_PUBLIC) {
		resp_redirect(o, arena_printf(r->a, "/public/projects/%lld", p.id));
		return 0;
	}
	project_page(r, o, &p, acc, PF_NONE, NULL);
	return 0;
}

/* The project for an edit: loaded, the viewer may edit it; else the error is queued. */
static int editable_or_respond(struct req *r, struct resp *o, struct project *p, enum project_access *acc)
{
	if (page_project_or_respond(r, o, p, acc) != 0)
		return -1;
	if (*acc != PACCESS_LEAD && *acc != PACCESS_DIVISION) {
		resp_error(r, o, 403, NULL);
		return -1;
	}
	return 0;
}

/* After an edit: back to the page, or the page again with the problems (422). */
static int edit_answer(struct req *r, struct resp *o, struct project *p, enum project_access acc, int rc,
		       enum project_form_which which, const struct problems *e, const char *anchor)
{
	if (rc == -1 && problems_any(e)) {
		o->status = 422;
		project_page(r, o, p, acc, which, e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc == -1 ? STORE_ERR : rc), 0;
	resp_redirect(o, arena_printf(r->a, "/projects/%lld#%s", p->id, anchor));
	return 0;
}

static int is_on(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v && strcmp(v, "1") == 0;
}

static int partner_add_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	struct problems e = { 0 };
	const char *name = req_form(r, "org");
	long long org = name && *name ? project_find_org(r->st, name) : 0;
	int rc = -1;
	if (org == -2)
		problems_add(&e, "org", N_("Several groups of the registry have this name: ask the center to tell them apart."));
	else if (org <= 0)
		problems_add(&e, "org", N_("No group of the registry has this name."));
	else {
		struct project_partner_input in = { req_form(r, "role"), req_form(r, "responsibilities"),
						    is_on(r, "people"), is_on(r, "money"), is_on(r, "venue"),
						    is_on(r, "knowhow") };
		rc = project_partner_add(r->st, &r->who, p.id, org, &in, &e);
	}
	return edit_answer(r, o, &p, acc, rc, PF_PARTNER, &e, "partners");
}

/* The form of one partner's role, what it brings and the responsibilities agreed. */
static void partner_edit_page(struct req *r, struct resp *o, const struct project *p, const struct project_partner *pp,
			      const struct problems *e)
{
	layout_begin(r, o, arena_printf(r->a, "%s：%s", p->title, pp->org_name));
	struct buf *b = &o->body;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/projects/%lld/partners/%lld", p->id, pp->org_id), NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "role", .label = T(r, "Role"), .value = pp->role, .maxlength = 500 });
	struct form_ui_choice ch[] = { { .name = "people", .label = T(r, "people"), .checked = pp->brings_people },
				       { .name = "money", .label = T(r, "money"), .checked = pp->brings_money },
				       { .name = "venue", .label = T(r, "venue"), .checked = pp->brings_venue },
				       { .name = "knowhow", .label = T(r, "know-how"), .checked = pp->brings_knowhow } };
	form_ui_checkboxes(&f, &(struct form_ui_field){ .name = "people", .label = T(r, "What it brings") }, ch, 4);
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "responsibilities", .label = T(r, "Responsibilities agreed"),
						      .value = pp->responsibilities, .rows = 4 });
	form_ui_submit(&f, T(r, "Save"), arena_printf(r->a, "/projects/%lld#partners", p->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

/* The partner of path param 1 in p, or NULL with a 404 queued. */
static const struct project_partner *partner_or_respond(struct req *r, struct resp *o, const struct project *p)
{
	struct project_partner *pp;
	int n = 0;
	long long org = req_param_id(r, 1);
	if (project_partners_of(r->st, r->a, p->id, &pp, &n) == 0)
		for (int i = 0; i < n; i++)
			if (pp[i].org_id == org)
				return &pp[i];
	resp_error(r, o, 404, NULL);
	return NULL;
}

static int partner_edit_get(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	const struct project_partner *pp = partner_or_respond(r, o, &p);
	if (pp)
		partner_edit_page(r, o, &p, pp, NULL);
	return 0;
}

static int partner_update_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	const struct project_partner *pp = partner_or_respond(r, o, &p);
	if (!pp)
		return 0;
	struct problems e = { 0 };
	struct project_partner_input in = { req_form(r, "role"), req_form(r, "responsibilities"), is_on(r, "people"),
					    is_on(r, "money"), is_on(r, "venue"), is_on(r, "knowhow") };
	int rc = project_partner_update(r->st, &r->who, p.id, pp->org_id, &in, &e);
	if (rc == -1 && problems_any(&e)) {
		o->status = 422;
		partner_edit_page(r, o, &p, pp, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc == -1 ? STORE_ERR : rc), 0;
	resp_redirect(o, arena_printf(r->a, "/projects/%lld#partners", p.id));
	return 0;
}

static int partner_remove_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	long long org = req_param_id(r, 1);
	if (org <= 0)
		return resp_error(r, o, 404, NULL);
	int rc = project_partner_remove(r->st, &r->who, p.id, org);
	if (rc == STORE_ERR)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	return edit_answer(r, o, &p, acc, rc, PF_NONE, &e, "partners");
}

static int budget_add_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	struct problems e = { 0 };
	const char *payer = req_form(r, "payer");
	int rc = project_budget_add(r->st, &r->who, p.id, req_form(r, "fy"), req_form(r, "item"), req_form(r, "amount"),
				    payer ? atoll(payer) : 0, req_form(r, "note"), &e);
	return edit_answer(r, o, &p, acc, rc, PF_BUDGET, &e, "budget");
}

static int budget_remove_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	long long line = req_param_id(r, 1);
	int rc = line > 0 ? project_budget_remove(r->st, &r->who, p.id, line) : STORE_ERR;
	if (rc == STORE_ERR)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	return edit_answer(r, o, &p, acc, rc, PF_NONE, &e, "budget");
}

static int item_add_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	struct problems e = { 0 };
	const char *code = req_form(r, "code");
	long long item = 0;
	int rc = -1;
	if (code && *code)
		item = project_find_item(r->st, code);
	if (item == -2)
		problems_add(&e, "code", N_("Several plans have an item with this code."));
	else if (item <= 0)
		problems_add(&e, "code", N_("No plan item has this code."));
	else
		rc = project_link_item(r->st, &r->who, p.id, item);
	return edit_answer(r, o, &p, acc, rc, PF_ITEM, &e, "items");
}

static int item_remove_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	long long item = req_param_id(r, 1);
	int rc = item > 0 ? project_unlink_item(r->st, &r->who, p.id, item) : STORE_ERR;
	if (rc == STORE_ERR)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	return edit_answer(r, o, &p, acc, rc, PF_NONE, &e, "items");
}

static int publish_post(struct req *r, struct resp *o)
{
	struct project p;
	enum project_access acc;
	if (editable_or_respond(r, o, &p, &acc) != 0)
		return 0;
	int rc = project_set_published(r->st, &r->who, p.id, is_on(r, "published"));
	struct problems e = { 0 };
	return edit_answer(r, o, &p, acc, rc, PF_NONE, &e, "main");
}

/* The staff's download of a year's list, as the viewer may see it. */
static int export_get(struct req *r, struct resp *o)
{
	int fy = query_fy(r);
	const char *format = req_query(r, "format");
	enum project_export_format f;
	enum csv_encoding enc = CSV_ENC_UTF8;
	if (format && strcmp(format, "csv-cp932") == 0) {
		f = PEXPORT_CSV;
		enc = CSV_ENC_CP932;
	} else if (!format || project_export_format_parse(format, &f) != 0)
		return resp_error(r, o, 404, NULL);
	if (fy <= 0)
		return resp_error(r, o, 404, "There is no such fiscal year.");
	char err[256];
	int rc = project_export(r->st, &r->who, 0, fy, f, enc, &o->body, NULL, err, sizeof err);
	if (rc != 0) {
		resp_clear_body(o);
		return page_domain_error(r, o, rc == -1 ? STORE_ERR : rc), 0;
	}
	static const char *const types[] = { "text/csv; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
					     "application/json" };
	o->content_type = enc == CSV_ENC_CP932 ? "text/csv; charset=Shift_JIS" : types[f];
	const char *ext = f == PEXPORT_XLSX ? "xlsx" : f == PEXPORT_JSON ? "json" : "csv";
	o->disposition = page_disposition(r, arena_printf(r->a, "projects-%d%s.%s", fy, enc == CSV_ENC_CP932 ? "-sjis" : "", ext),
					  arena_printf(r->a, "協働事業-%d%s.%s", fy, enc == CSV_ENC_CP932 ? "-sjis" : "", ext));
	return 0;
}

const struct route project_routes[] = {
	{ HTTP_GET, "/projects", projects_list_get, PROJECT_STAFF_ROLES, 0 },
	{ HTTP_GET, "/projects/new", project_new_get, EDITORS, 0 },
	{ HTTP_GET, "/projects/export", export_get, PROJECT_STAFF_ROLES, 0 },
	{ HTTP_POST, "/projects", project_save_post, EDITORS, 0 },
	{ HTTP_GET, "/projects/{id}", project_get, PROJECT_STAFF_ROLES, 0 },
	{ HTTP_GET, "/projects/{id}/edit", project_edit_get, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}", project_save_post, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/publish", publish_post, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/partners", partner_add_post, EDITORS, 0 },
	{ HTTP_GET, "/projects/{id}/partners/{org}/edit", partner_edit_get, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/partners/{org}", partner_update_post, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/partners/{org}/remove", partner_remove_post, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/budget", budget_add_post, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/budget/{line}/remove", budget_remove_post, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/items", item_add_post, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/items/{item}/remove", item_remove_post, EDITORS, 0 },
	{ 0 },
};
