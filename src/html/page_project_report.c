/* page_project_report: a collaboration project's reports — /projects/{id}/reports lists
 * the progress reports (経過報告) of every side and the joint final report (完了報告: each
 * side's part — results, numbers, what worked, what to change — and the lead department's
 * summary that completes it), with the viewer's forms: a progress report from the lead
 * department or a partner, the side's part of the final report, and its completion by the
 * lead department. The public reads the reports with the published evaluation
 * (page_preport_public_block). What each viewer sees: project_eval_visibility.h. */
#include "html/pages.h"
#include "html/page_project_eval.h"
#include "html/form_ui.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/when.h"
#include "domain/project_eval.h"
#include "domain/project_visibility.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static void report_list(struct req *r, struct buf *b, const struct project_report *rs, int n)
{
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No progress report yet."));
		return;
	}
	buf_puts(b, "<ul class=\"reports\">\n");
	for (int i = 0; i < n; i++) {
		char fy[64];
		page_fy_label(rs[i].fy, fy, sizeof fy);
		html_printf(b, "<li><p class=\"meta\"><strong>%s</strong>　%s　", page_peval_side(r, rs[i].side_name), fy);
		when_html(r, b, rs[i].created_at);
		buf_puts(b, "</p>\n<p>");
		html_text_br(b, rs[i].body);
		buf_puts(b, "</p></li>\n");
	}
	buf_puts(b, "</ul>\n");
}

static void final_parts(struct req *r, struct buf *b, const struct project_final *fin)
{
	if (fin->nparts == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No side has written its part yet."));
		return;
	}
	static const char *const heads[] = { N_("Results of the project"), N_("Numbers"), N_("What worked"), N_("What to change") };
	for (int i = 0; i < fin->nparts; i++) {
		const struct project_final_part *pt = &fin->parts[i];
		const char *vals[] = { pt->results, pt->numbers, pt->worked, pt->to_change };
		html_printf(b, "<article class=\"final-part\">\n<h3>%s</h3>\n<dl>\n", page_peval_side(r, pt->side_name));
		for (int k = 0; k < 4; k++) {
			html_printf(b, "<dt>%s</dt><dd>", T(r, heads[k]));
			html_text_br(b, *vals[k] ? vals[k] : "—");
			buf_puts(b, "</dd>\n");
		}
		buf_puts(b, "</dl>\n</article>\n");
	}
}

int page_preport_public_block(struct req *r, struct buf *b, long long project_id)
{
	struct actor anyone = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
	struct project_report *rs;
	int n;
	struct project_final fin;
	int rc = project_reports_of(r->st, r->a, &anyone, project_id, &rs, &n);
	if (rc == 0)
		rc = project_final_of(r->st, r->a, &anyone, project_id, &fin);
	if (rc == STORE_ERR)
		return 0;
	if (rc != 0)
		return rc;
	if (n == 0 && !fin.completed)
		return 0;
	html_printf(b, "<section aria-labelledby=\"pub-reports\">\n<h2 id=\"pub-reports\">%s</h2>\n", T(r, "Reports"));
	if (fin.completed) {
		html_printf(b, "<h3>%s</h3>\n<p>", T(r, "Final report"));
		html_text_br(b, fin.summary);
		buf_puts(b, "</p>\n");
		final_parts(r, b, &fin);
	}
	if (n) {
		html_printf(b, "<h3>%s</h3>\n", T(r, "Progress reports on the project"));
		report_list(r, b, rs, n);
	}
	buf_puts(b, "</section>\n");
	return 0;
}

enum preport_form { PR_NONE, PR_PROGRESS, PR_PART, PR_COMPLETE };

static int reports_page(struct req *r, struct resp *o, enum preport_form which, const struct problems *e)
{
	struct project p;
	if (page_peval_project(r, o, &p) != 0)
		return 0;
	struct project_report *rs;
	int n;
	struct project_final fin;
	int rc = project_reports_of(r->st, r->a, &r->who, p.id, &rs, &n);
	if (rc == 0)
		rc = project_final_of(r->st, r->a, &r->who, p.id, &fin);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	long long side = project_side_of(r->st, &r->who, &p);
	enum project_access acc = PACCESS_NONE;
	struct project_facts facts = { p.published, p.stage, p.department_id, side > 0 };
	acc = project_access(&r->who, &facts);
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s — %s", T(r, "Reports"), p.title));
	page_peval_nav(r, b, &p, "/reports");
	/* progress reports */
	html_printf(b, "<section aria-labelledby=\"progress\">\n<h2 id=\"progress\">%s</h2>\n", T(r, "Progress reports on the project"));
	report_list(r, b, rs, n);
	if (side >= 0 && (p.stage == PSTAGE_PLAN || p.stage == PSTAGE_RUN || p.stage == PSTAGE_EVALUATE)) {
		struct form_ui f;
		form_ui_init(&f, r, b, which == PR_PROGRESS ? e : NULL);
		f.idp = "r-";
		form_ui_summary(&f);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/reports", p.id), NULL);
		char fy[16];
		snprintf(fy, sizeof fy, "%d", when_fiscal_year_now());
		form_ui_text(&f, &(struct form_ui_field){ .name = "fy", .label = T(r, "Fiscal year"), .value = fy,
							  .required = 1, .hint = T(r, "For example 2025, R7 or 令和7年度.") });
		form_ui_textarea(&f, &(struct form_ui_field){
					     .name = "body", .label = T(r, "What your side did and how it is going"), .required = 1,
					     .rows = 6,
					     .hint = T(r, "What was done, for how many people, what is going well and what is difficult.") });
		form_ui_submit(&f, T(r, "Send the progress report"), NULL, NULL);
		form_ui_close(&f);
	}
	buf_puts(b, "</section>\n");
	/* the final report */
	html_printf(b, "<section aria-labelledby=\"final\">\n<h2 id=\"final\">%s</h2>\n", T(r, "Final report"));
	html_printf(b, "<p>%s</p>\n",
		    T(r, "Each side writes its part; the lead department then completes the report with a summary."));
	if (fin.completed) {
		html_printf(b, "<p class=\"status\">%s ", T(r, "Completed"));
		when_html(r, b, fin.completed_at);
		buf_puts(b, "</p>\n<p>");
		html_text_br(b, fin.summary);
		buf_puts(b, "</p>\n");
	}
	final_parts(r, b, &fin);
	if (!fin.completed && side >= 0 && (p.stage == PSTAGE_RUN || p.stage == PSTAGE_EVALUATE)) {
		const struct project_final_part *mine = NULL;
		for (int i = 0; i < fin.nparts; i++)
			if (fin.parts[i].side_org_id == side)
				mine = &fin.parts[i];
		struct form_ui f;
		form_ui_init(&f, r, b, which == PR_PART ? e : NULL);
		f.idp = "fp-";
		html_printf(b, "<h3>%s</h3>\n", T(r, "Your side's part"));
		form_ui_summary(&f);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/reports/final", p.id), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "results", .label = T(r, "Results of the project"),
							      .value = mine ? mine->results : "", .required = 1, .rows = 4 });
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "numbers", .label = T(r, "Numbers"),
							      .value = mine ? mine->numbers : "", .rows = 3,
							      .hint = T(r, "Participants, sessions, volunteers, money spent.") });
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "worked", .label = T(r, "What worked"),
							      .value = mine ? mine->worked : "", .rows = 3 });
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "to_change", .label = T(r, "What to change"),
							      .value = mine ? mine->to_change : "", .rows = 3 });
		form_ui_submit(&f, T(r, "Save your part"), NULL, NULL);
		form_ui_close(&f);
	}
	if (!fin.completed && (acc == PACCESS_LEAD || acc == PACCESS_DIVISION) &&
	    (p.stage == PSTAGE_RUN || p.stage == PSTAGE_EVALUATE)) {
		struct form_ui f;
		form_ui_init(&f, r, b, which == PR_COMPLETE ? e : NULL);
		f.idp = "fc-";
		html_printf(b, "<h3>%s</h3>\n", T(r, "Complete the final report"));
		form_ui_summary(&f);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/reports/final/complete", p.id), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "summary", .label = T(r, "Summary"), .required = 1,
							      .rows = 5 });
		form_ui_checkbox(&f, &(struct form_ui_field){
					     .name = "force", .label = T(r, "Complete it even though some partners have not written their part") },
				 0);
		form_ui_submit(&f, T(r, "Complete the final report"), NULL, NULL);
		form_ui_close(&f);
	}
	buf_puts(b, "</section>\n");
	layout_end(r, o);
	return 0;
}

static int reports_get(struct req *r, struct resp *o)
{
	return reports_page(r, o, PR_NONE, NULL);
}

static int reports_after(struct req *r, struct resp *o, int rc, enum preport_form which, const struct problems *e,
			 const char *anchor)
{
	if (rc == 0) {
		resp_redirect(o, arena_printf(r->a, "/projects/%lld/reports%s", req_param_id(r, 0), anchor));
		return 0;
	}
	if (rc == -1) {
		o->status = 422;
		return reports_page(r, o, which, e);
	}
	if (rc == STORE_ERR)
		return resp_error(r, o, 404, NULL), 0;
	return page_domain_error(r, o, rc), 0;
}

static int progress_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int rc = project_report_add(r->st, &r->who, req_param_id(r, 0), req_form(r, "fy"), req_form(r, "body"), &e);
	return reports_after(r, o, rc, PR_PROGRESS, &e, "#progress");
}

static int part_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	struct project_final_input in = { req_form(r, "results"), req_form(r, "numbers"), req_form(r, "worked"),
					  req_form(r, "to_change") };
	int rc = project_final_part_save(r->st, &r->who, req_param_id(r, 0), &in, &e);
	return reports_after(r, o, rc, PR_PART, &e, "#final");
}

static int complete_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	const char *force = req_form(r, "force");
	int rc = project_final_complete(r->st, &r->who, req_param_id(r, 0), req_form(r, "summary"),
					force && strcmp(force, "1") == 0, &e);
	return reports_after(r, o, rc, PR_COMPLETE, &e, "#final");
}

#define SIDES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_GROUP))
#define LEADS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))

const struct route project_report_routes[] = {
	{ HTTP_GET, "/projects/{id}/reports", reports_get, PROJECT_STAFF_ROLES, 0 },
	{ HTTP_POST, "/projects/{id}/reports", progress_post, SIDES, 0 },
	{ HTTP_POST, "/projects/{id}/reports/final", part_post, SIDES, 0 },
	{ HTTP_POST, "/projects/{id}/reports/final/complete", complete_post, LEADS, 0 },
	{ 0 },
};
