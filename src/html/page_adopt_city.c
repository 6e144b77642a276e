/* page_adopt_city: the department's screens of the adoption programme — what awaits it
 * (applications to decide, agreements ending soon, reports missing) and its places
 * (/adopt/manage), the place form (add, edit), an agreement recorded directly with a group
 * (/adopt/places/{id}/agree), the division's list of kinds (/adopt/kinds) and its reminders
 * of agreements ending soon. Every write goes through domain/adopt.c, which checks the rule. */
#include "html/page_adopt.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/account.h"
#include "domain/problems.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CITY ADOPT_CITY_ROLES
#define ADMIN ROLE_BIT(ROLE_ADMIN)

static void city_done(struct req *r, struct buf *b)
{
	static const struct { const char *done, *msgid; } notes[] = {
		{ "added", N_("The place has been added.") },
		{ "saved", N_("The place has been saved.") },
		{ "kind", N_("The list of kinds has been saved.") },
		{ "reminded", N_("The department and the group of each agreement ending soon have been told.") },
	};
	const char *done = req_query(r, "done");
	for (size_t i = 0; done && i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(done, notes[i].done) == 0)
			layout_notice(b, T(r, notes[i].msgid));
}

/* ---- what awaits the department, and its places ---- */

static void work_table(struct req *r, struct buf *b, const char *id, const char *caption, const char *when_head,
		       const struct adopt_work_row *rows, int n, int with_year)
{
	html_printf(b, "<h2 id=\"%s-h\">%s</h2>\n", id, caption);
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "Nothing."));
		return;
	}
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s-h\">\n<table>\n"
		       "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
		       "<tbody>\n",
		    id, T(r, "Place"), T(r, "Group"), when_head);
	for (int i = 0; i < n; i++) {
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/adopt/agreements/%lld\">%s</a></th><td>%s</td><td>",
			    rows[i].agreement_id, rows[i].place_name, rows[i].org_name);
		if (with_year) {
			char fy[64];
			page_fy_label(rows[i].fy, fy, sizeof fy);
			html_printf(b, "%s", fy);
		} else {
			when_date_html(r, b, rows[i].at);
		}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static int manage_get(struct req *r, struct resp *o)
{
	struct adopt_work w;
	int rc = adopt_work_load(r->st, r->a, &r->who, NULL, &w);
	struct adopt_place_row *rows = NULL;
	int n = 0, total = 0;
	long long page = page_number(r);
	struct adopt_filter f = { .department_id = r->who.role == ROLE_STAFF ? r->who.department_id : 0,
				  .page = (int)page, .per_page = 50 };
	if (rc == 0)
		rc = adopt_place_list(r->st, r->a, &r->who, &f, &rows, &n, &total);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Adoption programme: places and agreements"));
	city_done(r, b);
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    r->who.role == ROLE_ADMIN
			    ? T(r, "Every place of the programme, what waits for a decision, agreements ending soon and the reports missing.")
			    : T(r, "Your department's places, what waits for your decision, agreements ending soon and the reports missing."));
	char days[16];
	snprintf(days, sizeof days, "%d", adopt_ending_days(r->st));
	work_table(r, b, "applied", T(r, "Applications to decide"), T(r, "Applied on"), w.applied, w.napplied, 0);
	work_table(r, b, "ending", T(r, "Agreements ending soon"), T(r, "Ends on"), w.ending, w.nending, 0);
	if (w.nending)
		html_printf(b, "<p class=\"hint\">%s</p>\n",
			    T(r, "Agreements whose term ends within the number of days the city set (60 unless changed). Renew them on their page if the group goes on."));
	work_table(r, b, "missing", T(r, "Activity reports missing"), T(r, "Fiscal year"), w.missing, w.nmissing, 1);
	if (r->who.role == ROLE_ADMIN) {
		struct form_ui fb;
		form_ui_init(&fb, r, b, NULL);
		form_ui_button(&fb, "/adopt/remind", T(r, "Tell the departments and groups of agreements ending soon"), NULL,
			       FORM_UI_SECONDARY, NULL);
	}
	html_printf(b, "<h2 id=\"places-h\">%s</h2>\n<p><a href=\"/adopt/places/new\">%s</a>", T(r, "Places"),
		    T(r, "Add a place"));
	if (r->who.role == ROLE_ADMIN)
		html_printf(b, " ・ <a href=\"/adopt/kinds\">%s</a>", T(r, "Kinds of place"));
	buf_puts(b, "</p>\n");
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No place is listed yet."));
	} else {
		/* a department's staff see their own places only: no department column */
		int all = r->who.role != ROLE_STAFF;
		html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"places-h\">\n<table>\n"
			       "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
			    T(r, "Place"), T(r, "Kind"));
		if (all)
			html_printf(b, "<th scope=\"col\">%s</th>", T(r, "Department in charge"));
		html_printf(b, "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", T(r, "State"));
		for (int i = 0; i < n; i++) {
			int applied = 0;
			for (int k = 0; k < rows[i].nagreements; k++)
				applied += strcmp(rows[i].agreements[k].state, "applied") == 0;
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/adopt/places/%lld\">%s</a></th><td>%s</td>",
				    rows[i].place.id, rows[i].place.name, rows[i].place.kind);
			if (all)
				html_printf(b, "<td>%s</td>", rows[i].place.department);
			html_printf(b, "<td>%s", rows[i].adopted ? T(r, "Adopted") : T(r, "Looking for an adopter"));
			if (applied) {
				buf_puts(b, "、");
				html_printf(b, T(r, "%d applications"), applied);
			}
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	page_pager(r, b, "/adopt/manage", page, total, 50);
	layout_end(r, o);
	return 0;
}

static int remind_post(struct req *r, struct resp *o)
{
	int n = 0;
	int rc = adopt_remind(r->st, &r->who, NULL, &n);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, "/adopt/manage?done=reminded");
	return 0;
}

/* ---- the place form ---- */

/* The agreements in force on a place today or agreed for later days, each linked: why
 * shared adoption cannot be turned off yet (adopt_msg_shared_in_force). */
static void place_in_force_list(struct req *r, struct buf *b, long long place_id)
{
	struct adopt_agreement *g;
	int n = 0;
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	if (adopt_place_agreements(r->st, r->a, &r->who, place_id, &g, &n) != 0)
		return;
	html_printf(b, "<h2 id=\"in-force-h\">%s</h2>\n<ul aria-labelledby=\"in-force-h\">\n",
		    T(r, "Agreements in force or to come on this place"));
	for (int i = 0; i < n; i++) {
		if (strcmp(g[i].state, "agreed") != 0 || !*g[i].ends_on || strcmp(g[i].ends_on, today) < 0)
			continue;
		html_printf(b, "<li><a href=\"/adopt/agreements/%lld\">%s</a>（", g[i].id, g[i].org_name);
		page_adopt_term_html(r, b, g[i].starts_on, g[i].ends_on);
		buf_puts(b, "）</li>\n");
	}
	buf_puts(b, "</ul>\n");
}

static int place_form(struct req *r, struct resp *o, const struct adopt_place *p, const struct problems *e)
{
	int status = o->status;
	struct adopt_kind *kinds;
	struct department *ds;
	int nk = 0, nd = 0;
	int rc = adopt_kind_list(r->st, r->a, 0, &kinds, &nk);
	if (rc == 0)
		rc = account_department_list(r->st, r->a, &ds, &nd);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, p ? T(r, "Edit the place") : T(r, "Add a place"));
	o->status = status;
	struct form_ui_option *ko = arena_alloc(r->a, (size_t)(nk + 1) * sizeof *ko);
	struct form_ui_option *dop = arena_alloc(r->a, (size_t)(nd + 1) * sizeof *dop);
	if (!ko || !dop)
		return resp_error(r, o, 500, NULL);
	int k = 0;
	for (int i = 0; i < nk; i++)
		ko[i] = (struct form_ui_option){ arena_printf(r->a, "%lld", kinds[i].id), kinds[i].name, NULL };
	for (int i = 0; i < nd; i++) {
		int current = p && p->department_id == ds[i].id;
		if ((ds[i].retired && !current) || (r->who.role == ROLE_STAFF && ds[i].id != r->who.department_id))
			continue;
		dop[k++] = (struct form_ui_option){ arena_printf(r->a, "%lld", ds[i].id), ds[i].name, NULL };
	}
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_required_note(&f);
	form_ui_open(&f, p ? arena_printf(r->a, "/adopt/places/%lld/edit", p->id) : "/adopt/places/new", "form");
	form_ui_select(&f, &(struct form_ui_field){ .name = "kind", .label = T(r, "Kind of place"), .required = 1,
						   .value = p ? arena_printf(r->a, "%lld", p->kind_id) : "" },
		       ko, nk, T(r, "Choose"));
	form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name of the place"), .required = 1,
						  .maxlength = 200, .value = p ? p->name : "",
						  .hint = T(r, "As residents know it, for example 中央公園 or 市道3号線（駅前通り）.") });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "location", .label = T(r, "Location"), .required = 1,
						      .rows = 3, .value = p ? p->location : "",
						      .hint = T(r, "The address or the stretch, so that a group can find it.") });
	form_ui_select(&f, &(struct form_ui_field){ .name = "department", .label = T(r, "Department in charge"),
						   .required = 1,
						   .value = p ? arena_printf(r->a, "%lld", p->department_id)
							      : r->who.role == ROLE_STAFF
								      ? arena_printf(r->a, "%lld", r->who.department_id)
								      : "" },
		       dop, k, r->who.role == ROLE_STAFF ? NULL : T(r, "Choose"));
	form_ui_checkbox(&f, &(struct form_ui_field){ .name = "shared", .label = T(r, "Allow shared adoption"),
						      .hint = T(r, "Several groups may then adopt the place for the same days.") },
			 p ? p->shared : 0);
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "note", .label = T(r, "The city's note"), .rows = 3,
						      .value = p ? p->note : "",
						      .hint = T(r, "For the department and the division only; never shown in public.") });
	form_ui_submit(&f, p ? T(r, "Save the place") : T(r, "Add the place"),
		       p ? arena_printf(r->a, "/adopt/places/%lld", p->id) : "/adopt/manage", T(r, "Cancel"));
	form_ui_close(&f);
	if (p && e && problems_of(e, "shared") == adopt_msg_shared_in_force)
		place_in_force_list(r, b, p->id);
	layout_end(r, o);
	return 0;
}

static void place_in(struct req *r, struct adopt_place_in *in)
{
	in->kind = req_form(r, "kind");
	in->name = req_form(r, "name");
	in->location = req_form(r, "location");
	in->department = req_form(r, "department");
	in->shared = req_form(r, "shared");
	in->note = req_form(r, "note");
}

static int place_new_get(struct req *r, struct resp *o) { return place_form(r, o, NULL, NULL); }

static int place_new_post(struct req *r, struct resp *o)
{
	struct adopt_place_in in;
	place_in(r, &in);
	struct problems e = { 0 };
	long long id = 0;
	int rc = adopt_place_save(r->st, &r->who, 0, &in, &id, &e);
	if (rc == ADOPT_INVALID) {
		o->status = 422;
		return place_form(r, o, NULL, &e);
	}
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/adopt/places/%lld?done=added", id));
	return 0;
}

/* The place of path param 0 that the viewer may edit, or the 404 queued (-1). */
static int place_editable(struct req *r, struct resp *o, struct adopt_place *p)
{
	long long id = req_param_id(r, 0);
	int rc = id > 0 ? adopt_place_get(r->st, r->a, &r->who, id, p) : ADOPT_NOT_FOUND;
	if (rc == 0 && !adopt_may(&r->who, p->department_id, 0, ADOPT_EDIT_PLACE))
		rc = ADOPT_NOT_FOUND;
	if (rc != 0) {
		page_adopt_error(r, o, rc);
		return -1;
	}
	return 0;
}

static int place_edit_get(struct req *r, struct resp *o)
{
	struct adopt_place p;
	if (place_editable(r, o, &p) != 0)
		return 0;
	return place_form(r, o, &p, NULL);
}

static int place_edit_post(struct req *r, struct resp *o)
{
	struct adopt_place p;
	if (place_editable(r, o, &p) != 0)
		return 0;
	struct adopt_place_in in;
	place_in(r, &in);
	struct problems e = { 0 };
	long long id = 0;
	int rc = adopt_place_save(r->st, &r->who, p.id, &in, &id, &e);
	if (rc == ADOPT_INVALID) {
		o->status = 422;
		return place_form(r, o, &p, &e);
	}
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/adopt/places/%lld", p.id));
	return 0;
}

/* ---- an agreement recorded by the department ---- */

static int agree_form(struct req *r, struct resp *o, const struct adopt_place *p, const struct problems *e)
{
	int status = o->status;
	struct adopt_org_option *orgs;
	int n = 0;
	int rc = adopt_org_options(r->st, r->a, &orgs, &n);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct form_ui_option *opts = arena_alloc(r->a, (size_t)(n + 1) * sizeof *opts);
	if (!opts)
		return resp_error(r, o, 500, NULL);
	for (int i = 0; i < n; i++)
		opts[i] = (struct form_ui_option){ arena_printf(r->a, "%lld", orgs[i].id), orgs[i].name, NULL };
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Record an agreement with a group"));
	o->status = status;
	html_printf(b, "<p class=\"lead\">%s: <strong>%s</strong></p>\n", T(r, "Place"), p->name);
	html_printf(b, "<p>%s</p>\n",
		    T(r, "For a group that came to the department: the agreement is made at once. A group may also apply on its own on the place's page."));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	form_ui_required_note(&f);
	form_ui_open(&f, arena_printf(r->a, "/adopt/places/%lld/agree", p->id), "form");
	form_ui_select(&f, &(struct form_ui_field){ .name = "org", .label = T(r, "Group"), .required = 1, .value = "",
						   .hint = T(r, "A group registered in the directory.") },
		       opts, n, T(r, "Choose"));
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "activities", .label = T(r, "Activities agreed"),
						      .required = 1, .rows = 4,
						      .hint = T(r, "What the group will do and how often, for example 月2回の清掃と花壇の手入れ.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "starts_on", .label = T(r, "First day of the term"), .required = 1,
						  .hint = T(r, "For example 2026-04-01 or 令和8年4月1日.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "ends_on", .label = T(r, "Last day of the term"), .required = 1,
						  .hint = T(r, "For example 2027-03-31 or 令和9年3月31日.") });
	form_ui_submit(&f, T(r, "Record the agreement"), arena_printf(r->a, "/adopt/places/%lld", p->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
	return 0;
}

static int place_decidable(struct req *r, struct resp *o, struct adopt_place *p)
{
	long long id = req_param_id(r, 0);
	int rc = id > 0 ? adopt_place_get(r->st, r->a, &r->who, id, p) : ADOPT_NOT_FOUND;
	if (rc == 0 && !adopt_may(&r->who, p->department_id, 0, ADOPT_DECIDE))
		rc = ADOPT_NOT_FOUND;
	if (rc != 0) {
		page_adopt_error(r, o, rc);
		return -1;
	}
	return 0;
}

static int agree_get(struct req *r, struct resp *o)
{
	struct adopt_place p;
	if (place_decidable(r, o, &p) != 0)
		return 0;
	return agree_form(r, o, &p, NULL);
}

static int agree_post(struct req *r, struct resp *o)
{
	struct adopt_place p;
	if (place_decidable(r, o, &p) != 0)
		return 0;
	const char *org = req_form(r, "org");
	long long org_id = org ? atoll(org) : 0;
	struct adopt_terms_in t = { req_form(r, "starts_on"), req_form(r, "ends_on") };
	struct problems e = { 0 };
	long long id = 0;
	int rc = adopt_record(r->st, &r->who, p.id, org_id, req_form(r, "activities"), &t, &id, &e);
	if (rc == ADOPT_INVALID) {
		o->status = 422;
		return agree_form(r, o, &p, &e);
	}
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, arena_printf(r->a, "/adopt/agreements/%lld?done=agreed", id));
	return 0;
}

/* ---- kinds (the division) ---- */

static int kinds_page(struct req *r, struct resp *o, long long failed, const struct problems *e)
{
	int status = o->status;
	struct adopt_kind *k;
	int n = 0;
	int rc = adopt_kind_list(r->st, r->a, 1, &k, &n);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Kinds of place"));
	o->status = status;
	city_done(r, b);
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	top.idp = failed ? arena_printf(r->a, "kind-%lld-", failed) : "kind-new-";
	form_ui_summary(&top);
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The kinds the place form offers. A kind no longer used is retired: its places keep it."));
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"kinds-h\">\n"
		       "<table class=\"table--forms\">\n<caption id=\"kinds-h\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Kinds of place"), T(r, "Kind"), T(r, "Name and state"));
	for (int i = 0; i < n; i++) {
		struct form_ui f;
		form_ui_init(&f, r, b, failed == k[i].id ? e : NULL);
		f.idp = arena_printf(r->a, "kind-%lld-", k[i].id);
		html_printf(b, "<tr><th scope=\"row\">%s%s</th><td>\n", k[i].name,
			    k[i].retired ? arena_printf(r->a, "（%s）", T(r, "retired")) : "");
		form_ui_open(&f, arena_printf(r->a, "/adopt/kinds/%lld", k[i].id), "row-form");
		form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name"), .context = k[i].name,
							  .value = k[i].name, .maxlength = 100, .flags = FORM_UI_INLINE });
		form_ui_checkbox(&f, &(struct form_ui_field){ .name = "retired", .label = T(r, "Retired"),
							      .context = k[i].name, .flags = FORM_UI_INLINE },
				 k[i].retired);
		html_printf(b, "<button type=\"submit\" class=\"button button--secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n",
			    T(r, "Save"), k[i].name);
		form_ui_close(&f);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	struct form_ui f;
	form_ui_init(&f, r, b, failed == 0 ? e : NULL);
	f.idp = "kind-new-";
	html_printf(b, "<h2>%s</h2>\n", T(r, "Add a kind"));
	form_ui_open(&f, "/adopt/kinds", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "Name"), .required = 1, .maxlength = 100,
						  .hint = T(r, "For example 歩道橋 or 公共施設の花壇.") });
	form_ui_submit(&f, T(r, "Add the kind"), "/adopt/manage", T(r, "Back"));
	form_ui_close(&f);
	layout_end(r, o);
	return 0;
}

static int kinds_get(struct req *r, struct resp *o) { return kinds_page(r, o, 0, NULL); }

static int kind_add_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	long long id = 0;
	int rc = adopt_kind_add(r->st, &r->who, req_form(r, "name"), &id, &e);
	if (rc == ADOPT_INVALID) {
		o->status = 422;
		return kinds_page(r, o, 0, &e);
	}
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, "/adopt/kinds?done=kind");
	return 0;
}

static int kind_edit_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	struct problems e = { 0 };
	const char *ret = req_form(r, "retired");
	int rc = adopt_kind_update(r->st, &r->who, id, req_form(r, "name"), ret && strcmp(ret, "1") == 0, &e);
	if (rc == ADOPT_INVALID) {
		o->status = 422;
		return kinds_page(r, o, id, &e);
	}
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	resp_redirect(o, "/adopt/kinds?done=kind");
	return 0;
}

/* "/adopt/places/new" comes before the public "/adopt/places/{id}" (routes.c lists this
 * table first). */
const struct route adopt_city_routes[] = {
	{ HTTP_GET, "/adopt/manage", manage_get, CITY, 0 },
	{ HTTP_POST, "/adopt/remind", remind_post, ADMIN, 0 },
	{ HTTP_GET, "/adopt/places/new", place_new_get, CITY, 0 },
	{ HTTP_POST, "/adopt/places/new", place_new_post, CITY, 0 },
	{ HTTP_GET, "/adopt/places/{id}/edit", place_edit_get, CITY, 0 },
	{ HTTP_POST, "/adopt/places/{id}/edit", place_edit_post, CITY, 0 },
	{ HTTP_GET, "/adopt/places/{id}/agree", agree_get, CITY, 0 },
	{ HTTP_POST, "/adopt/places/{id}/agree", agree_post, CITY, 0 },
	{ HTTP_GET, "/adopt/kinds", kinds_get, ADMIN, 0 },
	{ HTTP_POST, "/adopt/kinds", kind_add_post, ADMIN, 0 },
	{ HTTP_POST, "/adopt/kinds/{id}", kind_edit_post, ADMIN, 0 },
	{ 0 },
};
