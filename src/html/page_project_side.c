/* page_project_side: a side's own page of a project — the lead department's or a
 * partner's (its group account) checklist of the current stage to tick and comment, with
 * what its kind of party must watch in the project's form; the stage-move confirmation
 * (what is not yet agreed, and by whom; moving on anyway needs a reason); the collaboration
 * division's editing of the guidance (cautions per form × kind of party, checklist points);
 * and the block of a plan item's page that lists its projects. */
#include "html/page_project.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/form_ui.h"
#include "html/layout.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIDES (ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_GROUP))
#define EDITORS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define DIVISION ROLE_BIT(ROLE_ADMIN)

/* ---- a side's checklist ---- */

static void side_page(struct req *r, struct resp *o, const struct project *p, long long side,
		      const struct problems *e)
{
	struct project_side *sides;
	struct project_point *pts;
	struct project_check *ch;
	int ns = 0, npt = 0, nc = 0;
	int rc = project_sides_of(r->st, r->a, p->id, &sides, &ns);
	if (rc == 0)
		rc = project_points_of(r->st, r->a, p->stage, &pts, &npt);
	if (rc == 0)
		rc = project_checks_of(r->st, r->a, p->id, p->stage, &ch, &nc);
	if (rc != 0) {
		page_domain_error(r, o, rc);
		return;
	}
	const struct project_side *me = NULL;
	for (int i = 0; i < ns; i++)
		if (sides[i].org_id == side)
			me = &sides[i];
	layout_begin(r, o, arena_printf(r->a, "%s：%s", p->title, me ? me->name : ""));
	struct buf *b = &o->body;
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Your side's answers to the checklist of the project's stage. Each side ticks what it agrees with; the project moves on when every side has agreed."));
	html_printf(b, "<dl class=\"facts\"><dt>%s</dt><dd><a href=\"/projects/%lld\">%s</a></dd><dt>%s</dt><dd>%s</dd>"
		       "<dt>%s</dt><dd>%s</dd></dl>\n",
		    T(r, "Project"), p->id, p->title, T(r, "Stage"), page_project_stage(r, p->stage), T(r, "Form"),
		    p->form_label);
	if (!project_stage_has_checklist(p->stage)) {
		html_printf(b, "<p>%s</p>\n", T(r, "This stage has no checklist."));
	} else {
		struct form_ui f;
		form_ui_init(&f, r, b, e);
		form_ui_summary(&f);
		form_ui_open(&f, arena_printf(r->a, "/projects/%lld/checks", p->id), NULL);
		for (int i = 0; i < npt; i++) {
			const struct project_check *c = NULL;
			for (int k = 0; k < nc; k++)
				if (ch[k].point_id == pts[i].id && ch[k].side_org_id == side)
					c = &ch[k];
			const char *legend = arena_printf(r->a, "%d. %s", pts[i].pos, pts[i].text);
			form_ui_group_open(&f, legend, NULL);
			form_ui_checkbox(&f, &(struct form_ui_field){ .name = arena_printf(r->a, "agree-%lld", pts[i].id),
								      .label = T(r, "Our side agrees"),
								      .context = legend },
					 c ? c->agreed : 0);
			form_ui_textarea(&f, &(struct form_ui_field){ .name = arena_printf(r->a, "comment-%lld", pts[i].id),
								      .label = T(r, "Comment"), .rows = 2,
								      .value = c ? c->comment : "", .context = legend });
			form_ui_group_close(&f);
		}
		form_ui_submit(&f, T(r, "Save our answers"), arena_printf(r->a, "/projects/%lld", p->id), T(r, "Cancel"));
		form_ui_close(&f);
	}
	if (page_project_cautions(r, b, p, me ? me->party_kind : NULL) != 0) {
		resp_clear_body(o);
		page_domain_error(r, o, STORE_ERR);
		return;
	}
	layout_end(r, o);
}

static int side_or_respond(struct req *r, struct resp *o, struct project *p, long long *side)
{
	enum project_access acc;
	if (page_project_or_respond(r, o, p, &acc) != 0)
		return -1;
	*side = project_side_of(r->st, &r->who, p);
	if (*side < 0) {
		resp_error(r, o, 403, "Only the lead department and the partners answer the checklist.");
		return -1;
	}
	return 0;
}

static int side_get(struct req *r, struct resp *o)
{
	struct project p;
	long long side;
	if (side_or_respond(r, o, &p, &side) != 0)
		return 0;
	side_page(r, o, &p, side, NULL);
	return 0;
}

static int checks_post(struct req *r, struct resp *o)
{
	struct project p;
	long long side;
	if (side_or_respond(r, o, &p, &side) != 0)
		return 0;
	struct project_point *pts;
	struct project_check *ch;
	int npt = 0, nc = 0;
	int rc = project_points_of(r->st, r->a, p.stage, &pts, &npt);
	if (rc == 0)
		rc = project_checks_of(r->st, r->a, p.id, p.stage, &ch, &nc);
	struct problems e = { 0 };
	for (int i = 0; rc == 0 && i < npt; i++) {
		const char *agree = req_form(r, arena_printf(r->a, "agree-%lld", pts[i].id));
		const char *comment = req_form(r, arena_printf(r->a, "comment-%lld", pts[i].id));
		int on = agree && strcmp(agree, "1") == 0;
		const struct project_check *c = NULL;
		for (int k = 0; k < nc; k++)
			if (ch[k].point_id == pts[i].id && ch[k].side_org_id == side)
				c = &ch[k];
		if (!comment)
			comment = "";
		if ((c ? c->agreed : 0) == on && strcmp(c ? c->comment : "", comment) == 0)
			continue;	/* unchanged: nothing written, nothing audited */
		struct problems one = { 0 };
		rc = project_check_set(r->st, &r->who, p.id, pts[i].id, on, comment, &one);
		if (rc == -1) {
			for (int k = 0; k < one.n; k++)
				problems_add(&e, one.p[k].field ? arena_printf(r->a, "comment-%lld", pts[i].id) : NULL,
					     one.p[k].msgid);
			rc = 0;
		}
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	if (problems_any(&e)) {
		o->status = 422;
		side_page(r, o, &p, side, &e);
		return 0;
	}
	resp_redirect(o, arena_printf(r->a, "/projects/%lld#checklist", p.id));
	return 0;
}

/* ---- moving the stage ---- */

static void move_page(struct req *r, struct resp *o, const struct project *p, enum project_stage to,
		      const struct problems *e)
{
	const struct project_move *m = project_move_find(p->stage, to);
	struct project_open_point *open = NULL;
	int nopen = 0;
	struct project_missing *miss = NULL;
	int nmiss = 0;
	if ((m && m->checks_list && project_open_points(r->st, r->a, p->id, p->stage, &open, &nopen) != 0) ||
	    project_move_missing(r->st, r->a, p, to, &miss, &nmiss) != 0) {
		page_domain_error(r, o, STORE_ERR);
		return;
	}
	layout_begin(r, o, arena_printf(r->a, "%s：%s → %s", p->title, page_project_stage(r, p->stage),
					page_project_stage(r, to)));
	struct buf *b = &o->body;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	if (!m) {
		html_printf(b, "<p>%s</p>\n", T(r, "The project cannot move from its stage to that one."));
		layout_end(r, o);
		return;
	}
	if (nopen > 0) {
		html_printf(b, "<div class=\"notice provisional\" role=\"status\"><p>%s</p></div>\n",
			    T(r, "Some checklist points are not yet agreed by every side."));
		html_printf(b, "<h2>%s</h2>\n", T(r, "Not yet agreed"));
		/* by side, in the sides' order: the lead department, then the partners */
		struct project_side *sides;
		int ns = 0;
		project_sides_of(r->st, r->a, p->id, &sides, &ns);
		for (int s = 0; s < ns; s++) {
			int any = 0;
			for (int i = 0; i < nopen; i++) {
				if (open[i].side_org_id != sides[s].org_id)
					continue;
				if (!any++)
					html_printf(b, "<h3>%s</h3>\n<ul>\n", sides[s].name);
				html_printf(b, "<li>%s</li>\n", open[i].text);
			}
			if (any)
				buf_puts(b, "</ul>\n");
		}
	} else if (m->checks_list) {
		html_printf(b, "<p>%s</p>\n", T(r, "Every side has agreed to every point of this stage's checklist."));
	}
	if (nmiss > 0) {
		html_printf(b, "<div class=\"notice provisional\" role=\"status\"><p>%s</p></div>\n",
			    T(r, "Something the form's rules need for this move is missing."));
		html_printf(b, "<h2>%s</h2>\n<ul class=\"move-missing\">\n", T(r, "Missing for this move"));
		for (int i = 0; i < nmiss; i++) {
			if (miss[i].name)
				html_printf(b, "<li>%s：%s</li>\n", T(r, miss[i].msgid), miss[i].name);
			else
				html_printf(b, "<li>%s</li>\n", T(r, miss[i].msgid));
		}
		buf_puts(b, "</ul>\n");
	}
	form_ui_open(&f, arena_printf(r->a, "/projects/%lld/move", p->id), NULL);
	form_ui_hidden(&f, "to", project_stage_names[to]);
	if (nopen > 0 || nmiss > 0)
		form_ui_checkbox(&f, &(struct form_ui_field){ .name = "force",
							      .label = nopen > 0 ? T(r, "Move on anyway, before every side has agreed")
										  : T(r, "Move on anyway, with what is missing"),
							      .hint = T(r, "The reason is kept in the stage history and the audit log.") },
				 0);
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "reason", .label = T(r, "Reason"), .rows = 3,
						      .required = m->needs_reason || nopen > 0 || nmiss > 0,
						      .hint = to == PSTAGE_STOPPED ? T(r, "Why the project is stopped.") : NULL });
	form_ui_submit(&f, arena_printf(r->a, "%s：%s", T(r, "Move to"), page_project_stage(r, to)),
		       arena_printf(r->a, "/projects/%lld", p->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int editable(struct req *r, struct resp *o, struct project *p)
{
	enum project_access acc;
	if (page_project_or_respond(r, o, p, &acc) != 0)
		return -1;
	if (acc != PACCESS_LEAD && acc != PACCESS_DIVISION) {
		resp_error(r, o, 403, NULL);
		return -1;
	}
	return 0;
}

static int move_get(struct req *r, struct resp *o)
{
	struct project p;
	if (editable(r, o, &p) != 0)
		return 0;
	enum project_stage to;
	if (project_stage_parse(req_query(r, "to"), &to) != 0)
		return resp_error(r, o, 404, NULL);
	move_page(r, o, &p, to, NULL);
	return 0;
}

static int move_post(struct req *r, struct resp *o)
{
	struct project p;
	if (editable(r, o, &p) != 0)
		return 0;
	enum project_stage to;
	if (project_stage_parse(req_form(r, "to"), &to) != 0)
		return resp_error(r, o, 400, NULL);
	const char *force = req_form(r, "force");
	struct problems e = { 0 };
	int rc = project_move_stage(r->st, &r->who, p.id, to, req_form(r, "reason"), force && strcmp(force, "1") == 0, &e);
	if (rc == -1 && problems_any(&e)) {
		o->status = 422;
		move_page(r, o, &p, to, &e);
		return 0;
	}
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, arena_printf(r->a, "/projects/%lld", p.id));
	return 0;
}

/* ---- the division's guidance ---- */

static void guidance_page(struct req *r, struct resp *o, const struct problems *e)
{
	layout_begin(r, o, T(r, "The rulebook's guidance and checklists"));
	struct buf *b = &o->body;
	struct project_form *forms;
	struct project_party_kind *kinds;
	int nf = 0, nk = 0;
	if (project_forms_list(r->st, r->a, &forms, &nf) != 0 || project_party_kinds_list(r->st, r->a, &kinds, &nk) != 0) {
		resp_clear_body(o);
		page_domain_error(r, o, STORE_ERR);
		return;
	}
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Checklists"));
	for (enum project_stage s = PSTAGE_CONSIDER; s <= PSTAGE_RUN; s++) {
		struct project_point *pts;
		int n = 0;
		project_points_of(r->st, r->a, s, &pts, &n);
		html_printf(b, "<h3>%s</h3>\n<ol>\n", page_project_stage(r, s));
		for (int i = 0; i < n; i++) {
			html_printf(b, "<li>%s ", pts[i].text);
			form_ui_button(&f, arena_printf(r->a, "/projects/guidance/points/%lld/retire", pts[i].id),
				       T(r, "Stop asking"), pts[i].text, FORM_UI_SECONDARY, NULL);
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ol>\n");
	}
	struct form_ui_option stages[3];
	for (int s = 0; s < 3; s++)
		stages[s] = (struct form_ui_option){ project_stage_names[s], page_project_stage(r, (enum project_stage)s), NULL };
	f.idp = "point-";
	form_ui_open(&f, "/projects/guidance/points", NULL);
	form_ui_select(&f, &(struct form_ui_field){ .name = "stage", .label = T(r, "Stage"), .required = 1 }, stages, 3,
		       NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "text", .label = T(r, "New checklist point"), .required = 1 });
	form_ui_submit(&f, T(r, "Add the point"), NULL, NULL);
	form_ui_close(&f);

	html_printf(b, "<h2>%s</h2>\n", T(r, "What each kind of party must watch"));
	for (int i = 0; i < nf; i++) {
		struct project_caution *c;
		int n = 0;
		project_cautions_of(r->st, r->a, forms[i].code, NULL, &c, &n);
		html_printf(b, "<h3>%s</h3>\n<ul>\n", forms[i].label);
		for (int k = 0; k < n; k++) {
			const char *who = T(r, "Every party");
			for (int j = 0; j < nk; j++)
				if (strcmp(kinds[j].code, c[k].party_kind) == 0)
					who = kinds[j].label;
			html_printf(b, "<li>【%s】%s ", who, c[k].text);
			form_ui_button(&f, arena_printf(r->a, "/projects/guidance/cautions/%lld/delete", c[k].id),
				       T(r, "Delete"), c[k].text, FORM_UI_SECONDARY, NULL);
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ul>\n");
	}
	struct form_ui_option *fo = arena_alloc(r->a, sizeof *fo * (size_t)(nf + 1));
	struct form_ui_option *ko = arena_alloc(r->a, sizeof *ko * (size_t)(nk + 1));
	if (fo && ko) {
		for (int i = 0; i < nf; i++)
			fo[i] = (struct form_ui_option){ forms[i].code, forms[i].label, NULL };
		ko[0] = (struct form_ui_option){ "", T(r, "Every party"), NULL };
		for (int i = 0; i < nk; i++)
			ko[i + 1] = (struct form_ui_option){ kinds[i].code, kinds[i].label, NULL };
		f.idp = "caution-";
		form_ui_open(&f, "/projects/guidance/cautions", NULL);
		form_ui_select(&f, &(struct form_ui_field){ .name = "form", .label = T(r, "Form"), .required = 1 }, fo, nf, NULL);
		form_ui_select(&f, &(struct form_ui_field){ .name = "party_kind", .label = T(r, "Kind of party") }, ko, nk + 1,
			       NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "text", .label = T(r, "Point to watch"), .required = 1,
							      .rows = 2 });
		form_ui_submit(&f, T(r, "Add the point"), NULL, NULL);
		form_ui_close(&f);
	}
	layout_end(r, o);
}

static int guidance_get(struct req *r, struct resp *o)
{
	guidance_page(r, o, NULL);
	return 0;
}

static int guidance_answer(struct req *r, struct resp *o, int rc, const struct problems *e)
{
	if (rc == -1 && problems_any(e)) {
		o->status = 422;
		guidance_page(r, o, e);
		return 0;
	}
	if (rc == STORE_ERR)
		return resp_error(r, o, 404, NULL);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, "/projects/guidance");
	return 0;
}

static int point_add_post(struct req *r, struct resp *o)
{
	enum project_stage s;
	struct problems e = { 0 };
	int rc = -1;
	if (project_stage_parse(req_form(r, "stage"), &s) != 0)
		problems_add(&e, "stage", N_("Only the first three stages have a checklist."));
	else
		rc = project_point_save(r->st, &r->who, 0, s, req_form(r, "text"), &e);
	return guidance_answer(r, o, rc, &e);
}

static int point_retire_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	long long id = req_param_id(r, 0);
	return guidance_answer(r, o, id > 0 ? project_point_retire(r->st, &r->who, id) : STORE_ERR, &e);
}

static int caution_add_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int rc = project_caution_save(r->st, &r->who, 0, req_form(r, "form"), req_form(r, "party_kind"),
				      req_form(r, "text"), &e);
	return guidance_answer(r, o, rc, &e);
}

static int caution_delete_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	long long id = req_param_id(r, 0);
	return guidance_answer(r, o, id > 0 ? project_caution_delete(r->st, &r->who, id) : STORE_ERR, &e);
}

/* ---- a plan item's projects ---- */

int page_project_item_block(struct req *r, struct buf *b, long long item_id)
{
	struct project *ps;
	int n;
	int rc = project_list_for_item(r->st, r->a, &r->who, item_id, &ps, &n);
	if (rc != 0 || n == 0)
		return rc;
	html_printf(b, "<section aria-labelledby=\"item-projects\">\n<h2 id=\"item-projects\">%s</h2>\n<ul>\n",
		    T(r, "Collaboration projects serving this item"));
	for (int i = 0; i < n; i++)
		html_printf(b, "<li><a href=\"/projects/%lld\">%s</a>（%s、%s、%s）</li>\n", ps[i].id, ps[i].title,
			    ps[i].form_label, page_project_stage(r, ps[i].stage), page_project_years(r, &ps[i]));
	buf_puts(b, "</ul>\n</section>\n");
	return 0;
}

const struct route project_side_routes[] = {
	{ HTTP_GET, "/projects/guidance", guidance_get, DIVISION, 0 },
	{ HTTP_POST, "/projects/guidance/points", point_add_post, DIVISION, 0 },
	{ HTTP_POST, "/projects/guidance/points/{id}/retire", point_retire_post, DIVISION, 0 },
	{ HTTP_POST, "/projects/guidance/cautions", caution_add_post, DIVISION, 0 },
	{ HTTP_POST, "/projects/guidance/cautions/{id}/delete", caution_delete_post, DIVISION, 0 },
	{ HTTP_GET, "/projects/{id}/side", side_get, SIDES, 0 },
	{ HTTP_POST, "/projects/{id}/checks", checks_post, SIDES, 0 },
	{ HTTP_GET, "/projects/{id}/move", move_get, EDITORS, 0 },
	{ HTTP_POST, "/projects/{id}/move", move_post, EDITORS, 0 },
	{ 0 },
};
