/* page_project_eval_ties: the registry's ties (利害関係) on an actor's record —
 * /center/orgs/{id}/ties lists the accounts tied to the actor (a member, officer or
 * employee of it, or another tie) and lets the center or the division record and remove
 * them; a committee member tied to a partner of a project cannot evaluate it, and a tie
 * recorded after an assignment ends it (domain/project_eval.h). And the city's evaluation
 * criteria, edited by the collaboration division: /admin/project-criteria. */
#include "html/pages.h"
#include "html/page_project_eval.h"
#include "html/form_ui.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/when.h"
#include "domain/org.h"
#include "domain/project_eval.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ties_page(struct req *r, struct resp *o, const struct problems *e, int ended)
{
	long long id = req_param_id(r, 0);
	struct org g;
	int rc = id > 0 ? org_get(r->st, r->a, id, &g) : -1;
	if (rc != 0)
		return rc == -1 || rc == ORG_NOT_FOUND ? (resp_error(r, o, 404, NULL), 0) : (page_domain_error(r, o, rc), 0);
	struct org_tie *ties;
	int n;
	if ((rc = org_ties_of_org(r->st, r->a, id, &ties, &n)) != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s — %s", T(r, "Ties with accounts"), g.v[ORG_F_NAME]));
	html_printf(b, "<p><a href=\"/center/orgs/%lld\">%s</a></p>\n", id, T(r, "Back to the record"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Record here the accounts of people who belong to this actor: its members, officers or employees. A committee member tied to a partner of a collaboration project cannot evaluate that project; recording a tie takes the member off such evaluations not yet published."));
	if (ended > 0)
		html_printf(b, "<p class=\"status\" role=\"status\">%s</p>\n",
			    T(r, "The tie is recorded. The member has been taken off the evaluations it conflicts with, and the division has been told."));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No tie is recorded."));
	else {
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n<table>\n"
			       "<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Recorded ties"), T(r, "Recorded ties"), T(r, "Account"), T(r, "Tie"), T(r, "Note"),
			    T(r, "Recorded"), T(r, "Remove"));
		for (int i = 0; i < n; i++) {
			const char *kind = ties[i].kind;
			for (int k = 0; k < TIE__MAX; k++)
				if (strcmp(kind, org_tie_kind_names[k]) == 0)
					kind = T(r, org_tie_kind_msgids[k]);
			html_printf(b, "<tr><td>%s（%s）</td><td>%s</td><td>%s</td><td>", ties[i].user_name, ties[i].login,
				    kind, ties[i].note);
			when_date_html(r, b, ties[i].created_at);
			buf_puts(b, "</td><td>");
			struct form_ui f;
			form_ui_init(&f, r, b, NULL);
			form_ui_button(&f, arena_printf(r->a, "/center/orgs/%lld/ties/%lld/remove", id, ties[i].id),
				       T(r, "Remove"), ties[i].login, FORM_UI_SECONDARY, NULL);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "Record a tie"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_open(&f, arena_printf(r->a, "/center/orgs/%lld/ties", id), NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "login", .label = T(r, "Account (login)"), .required = 1 });
	struct form_ui_choice ch[TIE__MAX];
	for (int k = 0; k < TIE__MAX; k++)
		ch[k] = (struct form_ui_choice){ .value = org_tie_kind_names[k], .label = T(r, org_tie_kind_msgids[k]) };
	form_ui_radios(&f, &(struct form_ui_field){ .name = "kind", .label = T(r, "Tie"), .value = "member", .required = 1 },
		       ch, TIE__MAX);
	form_ui_text(&f, &(struct form_ui_field){ .name = "note", .label = T(r, "Note"),
						  .hint = T(r, "For example the post held (理事, 事務局長).") });
	form_ui_submit(&f, T(r, "Record the tie"), NULL, NULL);
	form_ui_close(&f);
	layout_end(r, o);
	return 0;
}

static int ties_get(struct req *r, struct resp *o)
{
	const char *ended = req_query(r, "ended");
	return ties_page(r, o, NULL, ended ? atoi(ended) : 0);
}

static int ties_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int ended = 0;
	long long id = req_param_id(r, 0);
	struct org g;
	int rc = id > 0 ? org_get(r->st, r->a, id, &g) : -1;
	if (rc != 0)
		return resp_error(r, o, 404, NULL), 0;
	rc = org_tie_add(r->st, &r->who, id, req_form(r, "login"), req_form(r, "kind"), req_form(r, "note"), &ended, &e);
	if (rc == -1) {
		o->status = 422;
		return ties_page(r, o, &e, 0);
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "/center/orgs/%lld/ties?ended=%d", id, ended));
	return 0;
}

static int tie_remove_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	int rc = org_tie_remove(r->st, &r->who, id, req_param_id(r, 1));
	if (rc == -1)
		return resp_error(r, o, 404, NULL), 0;
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "/center/orgs/%lld/ties", id));
	return 0;
}

/* ---- the criteria ---- */

static int criteria_page(struct req *r, struct resp *o, const struct problems *e)
{
	struct project_criterion *cr;
	int n;
	int rc = project_criteria_list(r->st, r->a, &cr, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Evaluation criteria of collaboration projects"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The criteria every side, the joint review and the committee score a project against. A criterion taken out keeps the scores already given."));
	for (int i = 0; i < n; i++) {
		html_printf(b, "<section class=\"criterion\">\n<h2>%s</h2>\n", cr[i].name);
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		f.idp = arena_printf(r->a, "c%lld-", cr[i].id);
		form_ui_open(&f, arena_printf(r->a, "/admin/project-criteria/%lld", cr[i].id), NULL);
		form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name"), .value = cr[i].name,
							  .required = 1 });
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "guide", .label = T(r, "What to look at"),
							      .value = cr[i].guide, .rows = 3 });
		form_ui_text(&f, &(struct form_ui_field){ .name = "scale_max", .label = T(r, "Highest score (2 to 10)"),
							  .value = arena_printf(r->a, "%d", cr[i].scale_max),
							  .type = FORM_UI_NUMBER });
		form_ui_submit(&f, T(r, "Save"), NULL, NULL);
		form_ui_close(&f);
		form_ui_button(&f, arena_printf(r->a, "/admin/project-criteria/%lld/retire", cr[i].id),
			       T(r, "Take this criterion out"), cr[i].name, FORM_UI_SECONDARY, NULL);
		buf_puts(b, "</section>\n");
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "Add a criterion"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.idp = "new-";
	form_ui_summary(&f);
	form_ui_open(&f, "/admin/project-criteria", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name"), .required = 1 });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "guide", .label = T(r, "What to look at"), .rows = 3 });
	form_ui_text(&f, &(struct form_ui_field){ .name = "scale_max", .label = T(r, "Highest score (2 to 10)"),
						  .value = "5", .type = FORM_UI_NUMBER });
	form_ui_submit(&f, T(r, "Add"), NULL, NULL);
	form_ui_close(&f);
	layout_end(r, o);
	return 0;
}

static int criteria_get(struct req *r, struct resp *o)
{
	return criteria_page(r, o, NULL);
}

static int criteria_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	long long id = r->nparams > 0 ? req_param_id(r, 0) : 0;
	int rc = project_criterion_save(r->st, &r->who, id, req_form(r, "name"), req_form(r, "guide"),
					req_form(r, "scale_max"), &e);
	if (rc == -1) {
		o->status = 422;
		return criteria_page(r, o, &e);
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, "/admin/project-criteria");
	return 0;
}

static int criteria_retire_post(struct req *r, struct resp *o)
{
	int rc = project_criterion_retire(r->st, &r->who, req_param_id(r, 0));
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, "/admin/project-criteria");
	return 0;
}

#define CENTER (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))
#define DIVISION ROLE_BIT(ROLE_ADMIN)

const struct route project_ties_routes[] = {
	{ HTTP_GET, "/center/orgs/{id}/ties", ties_get, CENTER, 0 },
	{ HTTP_POST, "/center/orgs/{id}/ties", ties_post, CENTER, 0 },
	{ HTTP_POST, "/center/orgs/{id}/ties/{tie}/remove", tie_remove_post, CENTER, 0 },
	{ HTTP_GET, "/admin/project-criteria", criteria_get, DIVISION, 0 },
	{ HTTP_POST, "/admin/project-criteria", criteria_post, DIVISION, 0 },
	{ HTTP_POST, "/admin/project-criteria/{id}", criteria_post, DIVISION, 0 },
	{ HTTP_POST, "/admin/project-criteria/{id}/retire", criteria_retire_post, DIVISION, 0 },
	{ 0 },
};
