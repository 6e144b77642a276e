/* page_adopt: the public face of the adoption programme (アダプト・プログラム) — the list of
 * places, adopted (by which group: its public name only) or free, a place's page, and the
 * same list as JSON (/api/v1/adopt/places). What each viewer sees is decided by
 * domain/adopt_visibility.c through the domain's readers; an anonymous viewer's pages come
 * from the page cache under the version "adopt" and today's date. A logged-in viewer gets
 * the same pages with what their relation adds (applications, the city's note, actions). */
#include "html/page_adopt.h"
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/page_cache.h"
#include "html/when.h"
#include "domain/version.h"
#include "io/csv.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADOPT_PER_PAGE 30

static struct page_cache adopt_cache = PAGE_CACHE_INIT_REFRESH("adoptions", 128, 8u << 20, PAGE_CACHE_REFRESH_MS);

const char *page_adopt_state(struct req *r, const struct adopt_agreement *g)
{
	char today[ADOPT_DATE_MAX];
	int cancelled = adopt_agreement_cancelled(g);
	const char *name = adopt_state_name(g->state, g->withdrawn_at && *g->withdrawn_at, cancelled);
	if (strcmp(g->state, "agreed") != 0 || cancelled)	/* named from the stored fields, in one place */
		return name ? T(r, name) : g->state;
	if (g->in_force)
		return T(r, "In force");
	if (g->ended_on && *g->ended_on)
		return T(r, "Ended early");
	adopt_today(today);
	if (g->starts_on && *g->starts_on && strcmp(g->starts_on, today) > 0)
		return T(r, "Agreed, starts later");
	return T(r, "Ended");
}

void page_adopt_term_html(struct req *r, struct buf *b, const char *from, const char *to)
{
	when_date_html(r, b, from);
	buf_puts(b, " 〜 ");
	when_date_html(r, b, to);
}

int page_adopt_error(struct req *r, struct resp *o, int rc)
{
	if (rc == ADOPT_NOT_FOUND)
		return resp_error(r, o, 404, NULL);
	return resp_store_error(r, o, rc < 0 ? rc : STORE_ERR);
}

int page_adopt_version(struct req *r, char *out, size_t n)
{
	char v[VERSION_TAG_MAX], today[ADOPT_DATE_MAX];
	int rc = version_tag(r->st, "adopt", v);
	adopt_today(today);
	/* the day goes before '|': a new day is a hard change (no copy of yesterday is served) */
	const char *bar = strchr(v, '|');
	snprintf(out, n, "%.*s.%s%s", bar ? (int)(bar - v) : (int)strlen(v), v, today, bar ? bar : "");
	return rc;
}

/* ---- the list ---- */

struct adopt_list_params {
	long long kind;
	long long page;
};

static void adopt_params(struct req *r, struct adopt_list_params *p)
{
	const char *k = req_query(r, "kind");
	p->kind = k && *k ? atoll(k) : 0;
	if (p->kind < 0)
		p->kind = 0;
	p->page = page_number(r);
}

static void adopt_adopters_html(struct req *r, struct buf *b, const struct adopt_place_row *row)
{
	int shown = 0;
	for (int k = 0; k < row->nagreements; k++) {
		const struct adopt_agreement *g = &row->agreements[k];
		if (!g->in_force || strcmp(g->state, "agreed") != 0)
			continue;
		html_printf(b, "%s%s", shown ? "、" : "", *g->public_name ? g->public_name : T(r, "a registered group"));
		shown++;
	}
}

static void adopt_card(struct req *r, struct buf *b, const struct adopt_place_row *row)
{
	const struct adopt_place *p = &row->place;
	html_printf(b, "<li class=\"group-card\" data-place=\"%lld\">\n<h3><a href=\"/adopt/places/%lld\">%s</a></h3>\n",
		    p->id, p->id, p->name);
	html_printf(b, "<p class=\"group-card__meta\"><span class=\"badge%s\">%s</span> %s</p>\n",
		    row->adopted ? "" : " badge--muted", row->adopted ? T(r, "Adopted") : T(r, "Looking for an adopter"),
		    p->kind);
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", T(r, "Location"));
	html_text_br(b, p->location);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Department in charge"), p->department);
	if (row->adopted) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Adopted by"));
		adopt_adopters_html(r, b, row);
		buf_puts(b, "</dd>\n");
	}
	if (p->shared)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", T(r, "Shared adoption"),
			    T(r, "Several groups may adopt this place together."));
	buf_puts(b, "</dl>\n</li>\n");
}

static int adopt_list_render(struct req *r, struct resp *o, void *arg)
{
	const struct adopt_list_params *q = arg;
	struct adopt_kind *kinds;
	int nkinds = 0, n = 0, total = 0;
	struct adopt_place_row *rows;
	struct adopt_filter f = { .kind_id = q->kind, .page = (int)q->page, .per_page = ADOPT_PER_PAGE };
	int rc = adopt_kind_list(r->st, r->a, 0, &kinds, &nkinds);
	if (rc == 0)
		rc = adopt_place_list(r->st, r->a, &r->who, &f, &rows, &n, &total);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Adopt a place"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Groups of residents and businesses look after a park, a road or a riverbank of the city as its "
			 "\"foster parent\": cleaning, weeding, flowers, watching over it. The city lends the tools and "
			 "insures the activity. Here are the places, adopted or still looking for a group."));
	if (ROLE_BIT(r->who.role) & ADOPT_CITY_ROLES)
		html_printf(b, "<p><a href=\"/adopt/manage\">%s</a></p>\n", T(r, "Manage places and agreements"));
	else if (r->who.role == ROLE_GROUP)
		html_printf(b, "<p><a href=\"/my/adopt\">%s</a></p>\n", T(r, "Our group's adoptions"));
	struct form_ui_option *opts = arena_alloc(r->a, (size_t)(nkinds ? nkinds : 1) * sizeof *opts);
	for (int i = 0; opts && i < nkinds; i++)
		opts[i] = (struct form_ui_option){ arena_printf(r->a, "%lld", kinds[i].id), kinds[i].name, NULL };
	struct form_ui ff;
	form_ui_init(&ff, r, b, NULL);
	form_ui_open_get(&ff, "/adopt", "filter-form", T(r, "Filter the places"));
	form_ui_select(&ff, &(struct form_ui_field){ .name = "kind", .label = T(r, "Kind of place"),
						    .value = q->kind ? arena_printf(r->a, "%lld", q->kind) : "" },
		       opts, opts ? nkinds : 0, T(r, "All kinds"));
	form_ui_submit(&ff, T(r, "Show"), NULL, NULL);
	form_ui_close(&ff);
	html_printf(b, "<p class=\"result-count\">");
	html_printf(b, T(r, "%d places"), total);
	buf_puts(b, "</p>\n");
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No place is listed yet."));
	else
		buf_puts(b, "<ul class=\"group-list\">\n");
	for (int i = 0; i < n; i++)
		adopt_card(r, b, &rows[i]);
	if (n)
		buf_puts(b, "</ul>\n");
	page_pager(r, b, q->kind ? arena_printf(r->a, "/adopt?kind=%lld", q->kind) : "/adopt", q->page, total,
		   ADOPT_PER_PAGE);
	page_cache_note(r, b);
	static const struct layout_link links[] = { { "/api/v1/adopt/places", N_("These places as JSON") },
						    { "/adopt/places.csv", N_("These places as CSV") },
						    { NULL, NULL } };
	layout_end_links(r, o, links);
	return 0;
}

static int adopt_list_get(struct req *r, struct resp *o)
{
	struct adopt_list_params q;
	adopt_params(r, &q);
	char version[PAGE_CACHE_TAG_MAX];
	int rc = page_adopt_version(r, version, sizeof version);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	const char *key = arena_printf(r->a, "L?kind=%lld&page=%lld", q.kind, q.page);
	return page_cache_respond(&adopt_cache, r, o, key, version, adopt_list_render, &q);
}

/* ---- a place ---- */

static void adopt_agreement_rows(struct req *r, struct buf *b, const struct adopt_agreement *g, int n)
{
	html_printf(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"ag-caption\">\n"
		       "<table>\n<caption id=\"ag-caption\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Applications and agreements"), T(r, "Group"), T(r, "State"), T(r, "Term"));
	for (int i = 0; i < n; i++) {
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/adopt/agreements/%lld\">%s</a></th><td>%s</td><td>",
			    g[i].id, g[i].org_name, page_adopt_state(r, &g[i]));
		if (*g[i].starts_on)
			page_adopt_term_html(r, b, g[i].starts_on, g[i].ends_on);
		else if (g[i].wish_start && *g[i].wish_start) {
			html_printf(b, "%s ", T(r, "Wished:"));
			page_adopt_term_html(r, b, g[i].wish_start, g[i].wish_end);
		}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static int adopt_place_render(struct req *r, struct resp *o, void *arg)
{
	long long id = *(long long *)arg;
	struct adopt_place p;
	struct adopt_agreement *ags;
	int n = 0;
	int rc = adopt_place_get(r->st, r->a, &r->who, id, &p);
	if (rc == 0)
		rc = adopt_place_agreements(r->st, r->a, &r->who, id, &ags, &n);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	struct buf *b = &o->body;
	layout_begin(r, o, p.name);
	int adopted = 0, full = 0;
	for (int i = 0; i < n; i++) {
		adopted |= ags[i].in_force && strcmp(ags[i].state, "agreed") == 0;
		full |= ags[i].full;
	}
	html_printf(b, "<p><span class=\"badge%s\">%s</span> %s</p>\n", adopted ? "" : " badge--muted",
		    adopted ? T(r, "Adopted") : T(r, "Looking for an adopter"), p.kind);
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", T(r, "Location"));
	html_text_br(b, p.location);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Department in charge"),
		    p.department, T(r, "Shared adoption"),
		    p.shared ? T(r, "Several groups may adopt this place together.") : T(r, "One group at a time."));
	if (adopted) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Adopted by"));
		struct adopt_place_row row = { .place = p, .agreements = ags, .nagreements = n, .adopted = 1 };
		adopt_adopters_html(r, b, &row);
		buf_puts(b, "</dd>\n");
	}
	if (*p.note) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "The city's note (not public)"));
		html_text_br(b, p.note);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n");
	if (full) {
		html_printf(b, "<h2>%s</h2>\n", T(r, "Applications and agreements"));
		int k = 0;
		for (int i = 0; i < n; i++)
			if (ags[i].full)
				ags[k++] = ags[i];
		adopt_agreement_rows(r, b, ags, k);
	}
	buf_puts(b, "<ul class=\"link-list\">\n");
	if (adopt_may(&r->who, p.department_id, 0, ADOPT_EDIT_PLACE))
		html_printf(b, "<li><a href=\"/adopt/places/%lld/edit\">%s</a></li>\n", p.id, T(r, "Edit the place"));
	if (adopt_may(&r->who, p.department_id, 0, ADOPT_DECIDE))
		html_printf(b, "<li><a href=\"/adopt/places/%lld/agree\">%s</a></li>\n", p.id,
			    T(r, "Record an agreement with a group"));
	if (adopt_may(&r->who, p.department_id, 0, ADOPT_APPLY) && (!adopted || p.shared))
		html_printf(b, "<li><a href=\"/adopt/places/%lld/apply\">%s</a></li>\n", p.id,
			    T(r, "Apply to adopt this place"));
	html_printf(b, "<li><a href=\"/adopt\">%s</a></li>\n</ul>\n", T(r, "All places"));
	page_cache_note(r, b);
	layout_end(r, o);
	return 0;
}

static int adopt_place_get_page(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	char version[PAGE_CACHE_TAG_MAX];
	int rc = page_adopt_version(r, version, sizeof version);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	long long *arg = arena_alloc(r->a, sizeof *arg);
	if (!arg)
		return resp_error(r, o, 500, NULL);
	*arg = id;
	return page_cache_respond(&adopt_cache, r, o, arena_printf(r->a, "P%lld", id), version, adopt_place_render, arg);
}

/* ---- the JSON API: the places and who adopts them, as the public sees them ---- */

/* The API and the CSV answer every viewer as the public: they are the public list. */
static const struct actor adopt_public_viewer = { .role = ROLE_PUBLIC, .login = "" };

static json_t *adopt_place_json(const struct adopt_place_row *row)
{
	const struct adopt_place *p = &row->place;
	json_t *by = json_array();
	for (int k = 0; by && k < row->nagreements; k++) {
		const struct adopt_agreement *g = &row->agreements[k];
		if (g->in_force && strcmp(g->state, "agreed") == 0 && *g->public_name)
			json_array_append_new(by, json_string(g->public_name));
	}
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:b,s:o}", "id", (json_int_t)p->id, "kind", p->kind, "name", p->name,
			 "location", p->location, "department", p->department, "shared", p->shared, "adopted",
			 row->adopted, "adopted_by", by ? by : json_array());
}

static int adopt_api_render(struct req *r, struct resp *o, void *arg)
{
	const struct adopt_list_params *q = arg;
	struct adopt_place_row *rows;
	int n = 0, total = 0;
	struct adopt_filter f = { .kind_id = q->kind, .page = (int)q->page, .per_page = 100 };
	/* every viewer gets the public answer: the API is the public list */
	int rc = adopt_place_list(r->st, r->a, &adopt_public_viewer, &f, &rows, &n, &total);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++)
		json_array_append_new(items, adopt_place_json(&rows[i]));
	json_t *out = json_pack("{s:i,s:I,s:i,s:o}", "total", total, "page", (json_int_t)q->page, "per_page", 100,
				"items", items ? items : json_array());
	return out ? resp_json(o, 200, out) : resp_error(r, o, 500, NULL);
}

static int adopt_api_get(struct req *r, struct resp *o)
{
	struct adopt_list_params q;
	adopt_params(r, &q);
	char version[PAGE_CACHE_TAG_MAX];
	int rc = page_adopt_version(r, version, sizeof version);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	const char *key = arena_printf(r->a, "A?kind=%lld&page=%lld", q.kind, q.page);
	return page_cache_respond(&adopt_cache, r, o, key, version, adopt_api_render, &q);
}

/* ---- the same list as CSV (UTF-8 with a BOM, or ?encoding=cp932 for older spreadsheets) ---- */

static int adopt_csv_render(struct req *r, struct resp *o, void *arg)
{
	int cp932 = *(int *)arg;
	struct csv_writer w;
	csv_writer_init(&w, &o->body, cp932 ? CSV_ENC_CP932 : CSV_ENC_UTF8);
	static const char *const head[] = { "種類", "場所", "所在地", "担当課", "共同アダプト", "状態", "里親団体" };
	int rc = csv_write_row(&w, head, 7) == 0 ? 0 : STORE_ERR;
	for (int page = 1, total = 1, done = 0; rc == 0 && done < total; page++) {
		struct adopt_place_row *rows;
		int n = 0;
		struct adopt_filter f = { .page = page, .per_page = 200 };
		if ((rc = adopt_place_list(r->st, r->a, &adopt_public_viewer, &f, &rows, &n, &total)) != 0 || n == 0)
			break;
		for (int i = 0; i < n && rc == 0; i++) {
			struct buf by = BUF_INIT;
			for (int k = 0; k < rows[i].nagreements; k++)
				if (rows[i].agreements[k].in_force && *rows[i].agreements[k].public_name) {
					if (by.len)
						buf_puts(&by, "、");
					buf_puts(&by, rows[i].agreements[k].public_name);
				}
			const struct adopt_place *p = &rows[i].place;
			const char *cells[] = { p->kind, p->name, p->location, p->department, p->shared ? "可" : "不可",
						rows[i].adopted ? "里親あり" : "里親募集中", buf_cstr(&by) };
			rc = csv_write_row(&w, cells, 7) == 0 ? 0 : STORE_ERR;
			buf_free(&by);
		}
		done += n;
	}
	csv_writer_end(&w);
	if (rc != 0) {
		resp_clear_body(o);
		return page_adopt_error(r, o, rc);
	}
	o->content_type = cp932 ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
	o->disposition = page_disposition(r, cp932 ? "adopt-places-cp932.csv" : "adopt-places.csv",
					  cp932 ? "アダプト・プログラムの場所（Shift_JIS）.csv" : "アダプト・プログラムの場所.csv");
	return 0;
}

static int adopt_csv_get(struct req *r, struct resp *o)
{
	const char *e = req_query(r, "encoding");
	int *cp932 = arena_alloc(r->a, sizeof *cp932);
	if (!cp932)
		return resp_error(r, o, 500, NULL);
	*cp932 = e && strcmp(e, "cp932") == 0;
	char version[PAGE_CACHE_TAG_MAX];
	int rc = page_adopt_version(r, version, sizeof version);
	if (rc != 0)
		return page_adopt_error(r, o, rc);
	return page_cache_respond(&adopt_cache, r, o, *cp932 ? "C932" : "C", version, adopt_csv_render, cp932);
}

const struct route adopt_routes[] = {
	{ HTTP_GET, "/adopt", adopt_list_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/adopt/places/{id}", adopt_place_get_page, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/adopt/places", adopt_api_get, ROLES_ANY, ROUTE_API | ROUTE_PUBLIC },
	{ HTTP_GET, "/adopt/places.csv", adopt_csv_get, ROLES_ANY, ROUTE_PUBLIC },
	{ 0 },
};
