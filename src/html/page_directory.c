/* page_directory: the public directory of groups (directory_routes) — the search page
 * (words, kind, activity field, area, recruiting; three sort orders; pages of 20), the
 * detail page of a group and its printable variant, the same lists as JSON under
 * /api/v1/groups, and the open-data downloads (CSV UTF-8/CP932, JSON; io/org_opendata.c).
 * The statistics page is page_group_stats.c.
 *
 * Only directory-visible groups appear (approved, not dissolved), and every record passes
 * through org_for_viewer() as the public sees it — for every viewer: this is the public
 * directory (a page printed by the center must not carry private contacts either); the
 * full record is the center's /center/orgs/{id} and a group's /my/group.
 *
 * Pages for anonymous viewers are cached (html/page_cache.c) per normalised query and
 * language, keyed by the version of what they show (domain/version.h: one cheap query per
 * request), with ETag and 304: a group's pages by its own version, a list by the version
 * of its first filter (domain/org_public.c moves only the versions a write changes), and
 * a copy may be sent for a few seconds after a change while one request rebuilds it. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "html/page_cache.h"
#include "html/page_opendata.h"
#include "domain/org.h"
#include "domain/org_public.h"
#include "domain/org_search.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "io/csv.h"
#include "io/org_opendata.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/log.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DIR_PER_PAGE 20
#define DIR_API_PER_PAGE_MAX ORG_SEARCH_PER_PAGE_MAX
#define DIR_Q_MAX_CHARS 100	/* the search box's words, cut here */
#define DIR_PAGE_MAX PAGE_NUMBER_MAX
#define DIR_PURPOSE_CHARS ORG_LIST_PURPOSE_CHARS	/* the purpose in a list entry */
#define DIR_IDS 20		/* ids per query of STMT_DIR_*_OF_IDS */

/* Rendered pages and API answers for anonymous viewers (~20 KB each). A list with a
 * filter costs 10–50 ms to build with 20,000 groups: under a stream of changes each page
 * is rebuilt at most every PAGE_CACHE_REFRESH_MS (2 s), so that ten saves a second do not
 * keep the cores building pages; a change still shows within the stale bound (5 s). */
static struct page_cache dir_cache = PAGE_CACHE_INIT_REFRESH("directory", 512, 32u << 20, PAGE_CACHE_REFRESH_MS);

/* The viewer every directory page is built for (see the head of this file). */
static const struct actor dir_public = { .login = "", .display_name = "", .department_name = "",
					 .role = ROLE_PUBLIC };

/* ---- small helpers ---- */

/* tmpl (a translated string) with each "%s" replaced by the next of vals, in order. */
static const char *dir_fmt(struct req *r, const char *tmpl, int n, const char *const *vals)
{
	struct buf b = BUF_INIT;
	int k = 0;
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && p[1] == 's' && k < n) {
			buf_puts(&b, vals[k++]);
			p++;
		} else {
			buf_putc(&b, *p);
		}
	}
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s ? s : "";
}

static const char *dir_fmt1(struct req *r, const char *tmpl, const char *v) { return dir_fmt(r, tmpl, 1, &v); }

static const char *dir_count(struct req *r, long long n)
{
	char s[32];
	html_fmt_int(s, sizeof s, n);
	return arena_strdup(r->a, s);
}

/* The first n characters of s, newlines as spaces, "…" when cut. */
static const char *dir_excerpt(struct req *r, const char *s, int n)
{
	struct buf b = BUF_INIT;
	int chars = 0;
	const char *p = s ? s : "";
	while (*p && chars < n) {
		const char *q = p + 1;
		while ((*q & 0xC0) == 0x80)
			q++;
		if (*p == '\n' || *p == '\r')
			buf_putc(&b, ' ');
		else
			buf_append(&b, p, (size_t)(q - p));
		chars++;
		p = q;
	}
	if (*p)
		buf_puts(&b, "…");
	const char *out = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return out ? out : "";
}

/* The day of a date or timestamp in Japan (html/when.h); NULL when there is none. */
static const char *dir_date(struct req *r, const char *iso)
{
	return iso && *iso ? when_date_text(r, iso) : NULL;
}

static const char *dir_kind_label(const char *code)
{
	const struct org_kind *k = org_kind_find(code);
	return k ? k->label : code;
}

static int dir_is_web_url(const char *s)
{
	return s && (strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0);
}

/* Directory-visible: approved and not dissolved. */
static int dir_visible(const struct org *o)
{
	return o->review == ORG_APPROVED && strcmp(o->v[ORG_F_STATUS], org_status_codes[ORG_DISSOLVED]) != 0;
}

/* The version tag of scope (domain/version.h), from the arena. */
static const char *dir_version(struct req *r, const char *scope, int *rc)
{
	char tag[VERSION_TAG_MAX];
	*rc = version_tag(r->st, scope, tag);
	return arena_strdup(r->a, tag);
}

/* ---- the query ---- */

static const char *const dir_sort_labels[ORG_SORT__MAX] = {
	[ORG_SORT_KANA] = N_("By reading (a–z in kana order)"),
	[ORG_SORT_NEWEST] = N_("Newest first"),
	[ORG_SORT_CONFIRMED] = N_("Most recently confirmed first"),
};

struct dir_params {
	const char *q;		/* trimmed, cut to DIR_Q_MAX_CHARS; "" for none */
	const char *kind;	/* a kind code, or NULL */
	int field;		/* 1..20, 0 = any */
	long long area_id;	/* 0 = any */
	int recruiting;
	int sort;		/* enum org_sort */
	int page;		/* 1-based */
	int per_page;
};

static int dir_space_at(const char *p)
{
	if (*p == ' ' || *p == '\t')
		return 1;
	return (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80 ? 3 : 0;
}

static const char *dir_trim(struct req *r, const char *s)
{
	if (!s)
		return "";
	int n;
	while ((n = dir_space_at(s)))
		s += n;
	size_t len = strlen(s), keep = 0, chars = 0;
	for (size_t i = 0; i < len && chars < DIR_Q_MAX_CHARS;) {
		size_t k = 1;
		while (i + k < len && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k++;
		i += k;
		chars++;
		if (!dir_space_at(s + i - k))
			keep = i;
	}
	const char *t = arena_strndup(r->a, s, keep);
	return t ? t : "";
}

static long long dir_posint(const char *s, long long max)
{
	if (!s || !*s || strlen(s) > 12)
		return 0;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v <= max ? v : 0;
}

/* Reads the query; values that cannot be used are dropped (a link from elsewhere may
 * carry anything), so equal searches share one cache entry. */
static void dir_params_parse(struct req *r, struct dir_params *p, int api)
{
	memset(p, 0, sizeof *p);
	p->q = dir_trim(r, req_query(r, "q"));
	const struct org_kind *k = org_kind_find(req_query(r, "kind") ? req_query(r, "kind") : "");
	p->kind = k ? k->code : NULL;
	const char *f = req_query(r, "field");
	p->field = f && *f ? org_npo_field_parse(f) : 0;
	p->area_id = dir_posint(req_query(r, "area"), 1000000000LL);
	const char *rec = req_query(r, "recruiting");
	p->recruiting = rec && (strcmp(rec, "1") == 0 || strcmp(rec, "on") == 0);
	p->sort = org_sort_parse(req_query(r, "sort") ? req_query(r, "sort") : "");
	if (p->sort < 0)
		p->sort = ORG_SORT_KANA;
	p->page = (int)dir_posint(req_query(r, "page"), DIR_PAGE_MAX);
	if (p->page < 1)
		p->page = 1;
	p->per_page = DIR_PER_PAGE;
	if (api) {
		int pp = (int)dir_posint(req_query(r, "per_page"), DIR_API_PER_PAGE_MAX);
		if (pp > 0)
			p->per_page = pp;
	}
}

/* The query string of p at page (defaults left out), sep between pairs: "&" for cache
 * keys, "&amp;" inside HTML attributes. Values are percent-encoded. */
static void dir_params_query(struct buf *b, const struct dir_params *p, int page, const char *sep)
{
	size_t start = b->len;
#define DIR_SEP() (b->len > start ? sep : "")
	if (*p->q) {
		buf_printf(b, "%sq=", DIR_SEP());
		html_urlenc(b, p->q);
	}
	if (p->kind)
		buf_printf(b, "%skind=%s", DIR_SEP(), p->kind);
	if (p->field)
		buf_printf(b, "%sfield=%d", DIR_SEP(), p->field);
	if (p->area_id)
		buf_printf(b, "%sarea=%lld", DIR_SEP(), p->area_id);
	if (p->recruiting)
		buf_printf(b, "%srecruiting=1", DIR_SEP());
	if (p->sort != ORG_SORT_KANA)
		buf_printf(b, "%ssort=%s", DIR_SEP(), org_sort_names[p->sort]);
	if (page > 1)
		buf_printf(b, "%spage=%d", DIR_SEP(), page);
	if (p->per_page != DIR_PER_PAGE)
		buf_printf(b, "%sper_page=%d", DIR_SEP(), p->per_page);
#undef DIR_SEP
}

/* "/groups?q=…&page=2" with sep between the pairs, from the arena. */
static const char *dir_url(struct req *r, const char *path, const struct dir_params *p, int page, const char *sep)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, path);
	size_t n = b.len;
	buf_putc(&b, '?');
	dir_params_query(&b, p, page, sep);
	if (b.len == n + 1)
		b.len = n;	/* nothing after the '?' */
	const char *s = arena_strndup(r->a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s ? s : path;
}

/* "/groups?q=…&amp;page=2" (HTML-ready). */
static const char *dir_href(struct req *r, const char *path, const struct dir_params *p, int page)
{
	return dir_url(r, path, p, page, "&amp;");
}

static const char *dir_key(struct req *r, const char *prefix, const struct dir_params *p)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, prefix);
	buf_putc(&b, '?');
	dir_params_query(&b, p, p->page, "&");
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static int dir_search(struct req *r, const struct dir_params *p, struct org_result *res)
{
	struct org_query q = {
		.q = p->q,
		.kind = p->kind,
		.field = p->field,
		.area_id = p->area_id,
		.recruiting = p->recruiting,
		.sort = (enum org_sort)p->sort,
		.page = p->page,
		.per_page = p->per_page,
	};
	return org_search(r->st, r->a, &q, res);
}

/* ---- activity fields and areas of a page of hits (two queries) ---- */

struct dir_lists {
	int nfields, fields[ORG_FIELDS_MAX];
	int nareas;
	const char *areas[ORG_AREAS_MAX];
};

static int dir_lists_load(struct req *r, const struct org_result *res, struct dir_lists **out)
{
	struct dir_lists *l = arena_alloc(r->a, (size_t)(res->n ? res->n : 1) * sizeof *l);
	if (!l)
		return STORE_ERR;
	*out = l;
	for (int from = 0; from < res->n; from += DIR_IDS) {
		int to = from + DIR_IDS < res->n ? from + DIR_IDS : res->n;
		for (int which = 0; which < 2; which++) {
			struct stmt *s = store_prepare(r->st, which ? STMT_DIR_AREAS_OF_IDS : STMT_DIR_FIELDS_OF_IDS);
			int rc;
			if (!s)
				return STORE_ERR;
			for (int i = 0; i < DIR_IDS; i++)
				stmt_bind_int(s, i + 1, from + i < to ? res->hits[from + i].id : 0);
			while ((rc = stmt_step(s)) == 1) {
				long long id = stmt_int(s, 0);
				for (int i = from; i < to; i++) {
					if (res->hits[i].id != id)
						continue;
					if (!which && l[i].nfields < ORG_FIELDS_MAX) {
						int f = (int)stmt_int(s, 1);
						if (f >= 1 && f <= ORG_NPO_FIELDS)
							l[i].fields[l[i].nfields++] = f;
					} else if (which && l[i].nareas < ORG_AREAS_MAX) {
						const char *t = stmt_text(s, 1);
						l[i].areas[l[i].nareas++] = arena_strdup(r->a, t ? t : "");
					}
				}
			}
			stmt_reset(s);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* ---- GET /groups ---- */

static void dir_search_form(struct req *r, struct buf *b, const struct dir_params *p, const struct org_area *areas,
			    int nareas)
{
	struct form_ui f;
	form_ui_init(&f, r, b, NULL);
	form_ui_open_get(&f, "/groups", "search-form", T(r, "Search the groups"));
	form_ui_text(&f, &(struct form_ui_field){
				 .name = "q", .type = FORM_UI_SEARCH, .value = p->q, .maxlength = 200, .label = T(r, "Words"),
				 .hint = T(r, "Searches names, readings, purposes and activities. One character is enough; hiragana, katakana and full-width or half-width letters find the same groups.") });
	struct form_ui_option *kinds = arena_alloc(r->a, (size_t)(org_nkinds ? org_nkinds : 1) * sizeof *kinds);
	int nk = 0;
	for (int c = 0; kinds && c < ORG_CAT__MAX; c++)
		for (int i = 0; i < org_nkinds; i++)
			if ((int)org_kinds[i].cat == c)
				kinds[nk++] = (struct form_ui_option){ org_kinds[i].code, org_kinds[i].label, org_category_labels[c] };
	form_ui_select(&f, &(struct form_ui_field){ .name = "kind", .label = T(r, "Kind"), .value = p->kind }, kinds, nk,
		       T(r, "Any kind"));
	struct form_ui_option fields[ORG_NPO_FIELDS];
	for (int i = 1; i <= ORG_NPO_FIELDS; i++)
		fields[i - 1] = (struct form_ui_option){ arena_printf(r->a, "%d", i), org_npo_fields_short[i], NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "field", .label = T(r, "Activity field"),
						    .value = p->field ? arena_printf(r->a, "%d", p->field) : "" },
		       fields, ORG_NPO_FIELDS, T(r, "Any field"));
	struct form_ui_option *ao = arena_alloc(r->a, (size_t)(nareas ? nareas : 1) * sizeof *ao);
	for (int i = 0; ao && i < nareas; i++)
		ao[i] = (struct form_ui_option){ arena_printf(r->a, "%lld", areas[i].id), areas[i].name, NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "area", .label = T(r, "Activity area"),
						    .value = p->area_id ? arena_printf(r->a, "%lld", p->area_id) : "" },
		       ao, ao ? nareas : 0, T(r, "Any area"));
	struct form_ui_option sorts[ORG_SORT__MAX];
	for (int i = 0; i < ORG_SORT__MAX; i++)
		sorts[i] = (struct form_ui_option){ org_sort_names[i], T(r, dir_sort_labels[i]), NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "sort", .label = T(r, "Order"), .value = org_sort_names[p->sort] },
		       sorts, ORG_SORT__MAX, NULL);
	form_ui_checkbox(&f, &(struct form_ui_field){ .name = "recruiting",
						      .label = T(r, "Only groups recruiting members or volunteers") },
			 p->recruiting);
	form_ui_submit(&f, T(r, "Search"), "/groups", T(r, "Clear the conditions"));
	form_ui_close(&f);
}

static void dir_hit_html(struct req *r, struct buf *b, const struct org_hit *h, const struct dir_lists *l)
{
	html_printf(b, "<li class=\"group-card\">\n<h3><a href=\"/groups/%lld\">%s</a></h3>\n", h->id, h->name);
	html_printf(b, "<p class=\"group-card__meta\"><span class=\"group-card__kana\">%s</span> · %s", h->kana,
		    dir_kind_label(h->kind));
	if (h->status && strcmp(h->status, org_status_codes[ORG_DORMANT]) == 0)
		html_printf(b, " <span class=\"badge badge--muted\">%s</span>", T(r, "Dormant"));
	if (h->recruiting && *h->recruiting)
		html_printf(b, " <span class=\"badge\">%s</span>", T(r, "Recruiting"));
	buf_puts(b, "</p>\n");
	if (h->purpose && *h->purpose)
		html_printf(b, "<p>%s</p>\n", dir_excerpt(r, h->purpose, DIR_PURPOSE_CHARS));
	buf_puts(b, "<dl class=\"facts\">\n");
	if (l->nfields) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Activity fields"));
		for (int i = 0; i < l->nfields; i++)
			html_printf(b, "%S%s", i ? "、" : "", org_npo_fields_short[l->fields[i]]);
		buf_puts(b, "</dd>\n");
	}
	if (l->nareas) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Activity areas"));
		for (int i = 0; i < l->nareas; i++)
			html_printf(b, "%S%s", i ? "、" : "", l->areas[i]);
		buf_puts(b, "</dd>\n");
	}
	const char *conf = dir_date(r, h->confirmed_at);
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n</dl>\n</li>\n", T(r, "Last confirmed"),
		    conf ? conf : T(r, "Not confirmed yet"));
}

/* Page links: the first, the last, and two either side of the current one. */
static void dir_pagination(struct req *r, struct buf *b, const struct dir_params *p, int pages)
{
	if (pages <= 1)
		return;
	html_printf(b, "<nav class=\"pagination\" aria-label=\"%s\">\n<ul>\n", T(r, "Result pages"));
	if (p->page > 1)
		html_printf(b, "<li><a href=\"%S\" rel=\"prev\">%s</a></li>\n", dir_href(r, "/groups", p, p->page - 1),
			    T(r, "Previous page"));
	int gap = 0;
	for (int i = 1; i <= pages; i++) {
		if (i != 1 && i != pages && (i < p->page - 2 || i > p->page + 2)) {
			if (!gap)
				buf_puts(b, "<li aria-hidden=\"true\">…</li>\n");
			gap = 1;
			continue;
		}
		gap = 0;
		const char *label = dir_fmt1(r, T(r, "Page %s"), dir_count(r, i));
		html_printf(b, "<li><a href=\"%S\" aria-label=\"%s\"%S>%d</a></li>\n", dir_href(r, "/groups", p, i), label,
			    i == p->page ? " aria-current=\"page\"" : "", i);
	}
	if (p->page < pages)
		html_printf(b, "<li><a href=\"%S\" rel=\"next\">%s</a></li>\n", dir_href(r, "/groups", p, p->page + 1),
			    T(r, "Next page"));
	buf_puts(b, "</ul>\n</nav>\n");
}

static void dir_summary(struct req *r, struct buf *b, const struct dir_params *p, const struct org_result *res)
{
	const char *total = dir_fmt1(r, res->capped ? T(r, "%s or more groups") : T(r, "%s groups"),
				     dir_count(r, res->total));
	const char *vals[2] = { dir_count(r, (long long)(p->page - 1) * p->per_page + 1),
				dir_count(r, (long long)(p->page - 1) * p->per_page + res->n) };
	html_printf(b, "<p class=\"result-count\" role=\"status\"><strong>%s</strong>", total);
	if (res->n)
		html_printf(b, " %s", dir_fmt(r, T(r, "(showing %s to %s)"), 2, vals));
	buf_puts(b, "</p>\n");
	if (res->candidates_capped)
		html_printf(b, "<p class=\"hint\">%s</p>\n",
			    T(r, "Very many groups match these words: the order covers the newest 1,000 matches. Add words or conditions to narrow the search."));
}

static void dir_empty(struct req *r, struct buf *b)
{
	html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n</div>\n",
		    T(r, "No group matches these conditions."),
		    T(r, "Try fewer or shorter words (one or two characters find more)."),
		    T(r, "Remove the kind, field, area or recruiting condition."),
		    T(r, "Check the spelling; the reading in kana also works."));
}

static void dir_links(struct req *r, struct buf *b, const struct dir_params *p)
{
	html_printf(b, "<div class=\"no-print\">\n<h2>%s</h2>\n<ul class=\"link-list\">\n", T(r, "More"));
	html_printf(b, "<li><a href=\"/groups/stats\">%s</a></li>\n", T(r, "Statistics of the registered groups"));
	html_printf(b, "<li><a href=\"/groups/opendata.csv\">%s</a></li>\n",
		    T(r, "Open data: every group as CSV (UTF-8, for Excel)"));
	html_printf(b, "<li><a href=\"/groups/opendata.csv?encoding=cp932\">%s</a></li>\n",
		    T(r, "Open data as CSV (Shift_JIS)"));
	html_printf(b, "<li><a href=\"/groups/opendata.json\">%s</a></li>\n", T(r, "Open data as JSON"));
	html_printf(b, "<li><a href=\"/groups/opendata\">%s</a></li>\n</ul>\n</div>\n",
		    T(r, "Open data: what each column holds (in the Shift_JIS file, 〓 stands for a character Shift_JIS "
			 "cannot hold)"));
}

static int dir_list_render(struct req *r, struct resp *o, void *arg)
{
	const struct dir_params *p = arg;
	struct org_result res;
	struct org_area *areas;
	struct dir_lists *lists = NULL;
	int nareas = 0;
	int rc = org_area_list(r->st, r->a, &areas, &nareas);
	if (rc == 0)
		rc = dir_search(r, p, &res);
	if (rc == 0)
		rc = dir_lists_load(r, &res, &lists);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	if (p->page > 1 && p->page > res.pages)
		return resp_error(r, o, 404, N_("There is no such page of results."));
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Find groups"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Citizen groups, community organisations, businesses and schools registered with the city. Search by words, or narrow by kind, field and area."));
	dir_search_form(r, b, p, areas, nareas);
	html_printf(b, "<h2 id=\"results\">%s</h2>\n", T(r, "Results"));
	dir_summary(r, b, p, &res);
	if (res.n == 0) {
		dir_empty(r, b);
	} else {
		html_printf(b, "<ol class=\"group-list\" aria-labelledby=\"results\" start=\"%lld\">\n",
			    (long long)(p->page - 1) * p->per_page + 1);
		for (int i = 0; i < res.n; i++)
			dir_hit_html(r, b, &res.hits[i], &lists[i]);
		buf_puts(b, "</ol>\n");
	}
	dir_pagination(r, b, p, res.pages);
	page_cache_note(r, b);
	dir_links(r, b, p);
	const struct layout_link dev[] = { { dir_url(r, "/api/v1/groups", p, p->page, "&"), N_("These results as JSON") },
					   { NULL, NULL } };
	layout_end_links(r, o, dev);
	return 0;
}

static int dir_list_get(struct req *r, struct resp *o)
{
	struct dir_params p;
	int rc;
	char scope[VERSION_SCOPE_MAX];
	dir_params_parse(r, &p, 0);
	org_public_list_scope(scope, p.q, p.kind, p.field, p.area_id, p.recruiting, p.sort == ORG_SORT_CONFIRMED);
	const char *version = dir_version(r, scope, &rc);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	return page_cache_respond(&dir_cache, r, o, dir_key(r, "L", &p), version, dir_list_render, &p);
}

/* ---- GET /groups/{id} and /groups/{id}/print ---- */

/* The overview and the contacts, in the order shown; which fields are private on a
 * record is the record's own business (org_field_public), checked again here after
 * org_for_viewer has blanked them. */
static const enum org_field dir_overview[] = {
	ORG_F_KIND, ORG_F_KANA, ORG_F_CORP_NUMBER, ORG_F_FOUNDED_ON, ORG_F_MEMBERS, ORG_F_MEMBERS_IN_CITY,
	ORG_F_AGE_PROFILE, ORG_F_INCOME, ORG_F_REG_NUMBER, ORG_F_REG_DATE, ORG_F_STATUS,
};
static const enum org_field dir_contacts[] = {
	ORG_F_REP_NAME, ORG_F_REP_KANA, ORG_F_CONTACT_NAME, ORG_F_CONTACT_KANA, ORG_F_POSTAL, ORG_F_ADDRESS,
	ORG_F_PHONE, ORG_F_FAX, ORG_F_EMAIL, ORG_F_WEBSITE, ORG_F_SNS,
};

static void dir_value_html(struct req *r, struct buf *b, const struct org *o, enum org_field f)
{
	const char *v = o->v[f];
	switch (org_field_specs[f].type) {
	case ORG_T_KIND:
		html_printf(b, "%s", dir_kind_label(v));
		break;
	case ORG_T_STATUS:
		for (int i = 0; i < ORG_STATUS__MAX; i++)
			if (strcmp(v, org_status_codes[i]) == 0)
				v = org_status_labels[i];
		html_printf(b, "%s", v);
		break;
	case ORG_T_DATE: {
		const char *d = dir_date(r, v);
		html_printf(b, "%s", d ? d : v);
		break;
	}
	case ORG_T_COUNT:
		html_printf(b, "%s", dir_fmt1(r, T(r, "%s people"), dir_count(r, atoll(v))));
		break;
	case ORG_T_URL:
		if (dir_is_web_url(v))
			html_printf(b, "<a href=\"%s\" rel=\"noopener noreferrer\">%s</a>", v, v);
		else
			html_printf(b, "%s", v);
		break;
	case ORG_T_EMAIL:
		html_printf(b, "<a href=\"mailto:%s\">%s</a>", v, v);
		break;
	case ORG_T_LONG:
		html_text_br(b, v);
		break;
	case ORG_T_INCOME:	/* stored ';'-separated */
		for (const char *q = v; *q;) {
			size_t n = strcspn(q, ";");
			html_escn(b, q, n);
			q += n;
			if (*q) {
				buf_puts(b, "、");
				q++;
			}
		}
		break;
	default:
		html_printf(b, "%s", v);
	}
}

/* A definition list of the fields that have a public value; 0 when none had one. */
static int dir_facts(struct req *r, struct buf *b, const struct org *o, const enum org_field *fs, int n)
{
	int shown = 0;
	for (int i = 0; i < n; i++) {
		enum org_field f = fs[i];
		if (!*o->v[f] || !org_field_public(o, f))
			continue;
		if (!shown++)
			buf_puts(b, "<dl class=\"facts\">\n");
		html_printf(b, "<dt>%s</dt><dd>", T(r, org_field_specs[f].label));
		dir_value_html(r, b, o, f);
		buf_puts(b, "</dd>\n");
	}
	if (shown)
		buf_puts(b, "</dl>\n");
	return shown;
}

/* A heading and a text with its line breaks, when the text is not empty. */
static void dir_section(struct buf *b, const char *title, const char *text)
{
	if (!text || !*text)
		return;
	html_printf(b, "<h2>%s</h2>\n<p>", title);
	html_text_br(b, text);
	buf_puts(b, "</p>\n");
}

static void dir_detail_body(struct req *r, struct buf *b, const struct org *o, int print)
{
	html_printf(b, "<p class=\"lead\"><span lang=\"ja\">%s</span> · %s", o->v[ORG_F_KANA],
		    dir_kind_label(o->v[ORG_F_KIND]));
	if (strcmp(o->v[ORG_F_STATUS], org_status_codes[ORG_DORMANT]) == 0)
		html_printf(b, " <span class=\"badge badge--muted\">%s</span>", T(r, "Dormant"));
	if (*o->v[ORG_F_RECRUITING])
		html_printf(b, " <span class=\"badge\">%s</span>", T(r, "Recruiting"));
	buf_puts(b, "</p>\n");
	if (!print)
		html_printf(b,
			    "<ul class=\"link-list no-print\">\n<li><a href=\"/groups/%lld/print\">%s</a></li>\n"
			    "<li><a href=\"/groups\">%s</a></li>\n</ul>\n",
			    o->id, T(r, "Printable page"), T(r, "Back to the search"));
	dir_section(b, T(r, "Purpose"), o->v[ORG_F_PURPOSE]);
	dir_section(b, T(r, "Activities"), o->v[ORG_F_ACTIVITIES]);
	dir_section(b, T(r, "Recruiting members or volunteers"), o->v[ORG_F_RECRUITING]);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Activity fields"));
	if (o->nfields) {
		buf_puts(b, "<ul>\n");
		for (int i = 0; i < o->nfields; i++)
			html_printf(b, "<li>%s</li>\n", org_npo_fields_short[o->fields[i]]);
		buf_puts(b, "</ul>\n");
	} else {
		html_printf(b, "<p>%s</p>\n", T(r, "Not given."));
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "Activity areas"));
	if (o->nareas) {
		buf_puts(b, "<ul>\n");
		for (int i = 0; i < o->nareas; i++)
			html_printf(b, "<li>%s</li>\n", o->area_names[i]);
		buf_puts(b, "</ul>\n");
	} else {
		html_printf(b, "<p>%s</p>\n", T(r, "Not given."));
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "About the group"));
	dir_facts(r, b, o, dir_overview, (int)(sizeof dir_overview / sizeof dir_overview[0]));
	html_printf(b, "<h2>%s</h2>\n", T(r, "Contact"));
	if (!dir_facts(r, b, o, dir_contacts, (int)(sizeof dir_contacts / sizeof dir_contacts[0])))
		html_printf(b, "<p>%s</p>\n",
			    T(r, "This group has not made its contact details public. The civic activity center can put you in touch."));
	const char *conf = dir_date(r, o->confirmed_at);
	html_printf(b, "<p class=\"hint\">%s: %s</p>\n", T(r, "Last confirmed"), conf ? conf : T(r, "Not confirmed yet"));
}

/* Links for those who may see more than the public page. */
static void dir_detail_staff_links(struct req *r, struct buf *b, const struct org *o)
{
	if (r->who.role == ROLE_ADMIN || r->who.role == ROLE_COORDINATOR)
		html_printf(b, "<p class=\"no-print\"><a href=\"/center/orgs/%lld\">%s</a></p>\n", o->id,
			    T(r, "The full record, private items included (center)"));
	else if (r->who.role == ROLE_GROUP && r->who.org_id == o->id)
		html_printf(b, "<p class=\"no-print\"><a href=\"/my/group\">%s</a></p>\n",
			    T(r, "Your group's full profile and how to change it"));
}

/* The record of path param 0 as the public sees it; a dissolved one gets 410 and its
 * name only. 0 when o holds a visible record, -1 when the answer is queued. */
static int dir_org_or_respond(struct req *r, struct resp *o, struct org *g, int api)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL), -1;
	int rc = org_get(r->st, r->a, id, g);
	if (rc != 0)
		return page_domain_error(r, o, rc), -1;
	if (g->review != ORG_APPROVED)
		return resp_error(r, o, 404, NULL), -1;
	org_for_viewer(g, &dir_public);
	if (dir_visible(g))
		return 0;
	const char *msg = T(r, "This group has been dissolved and is no longer in the directory.");
	if (api) {
		resp_json(o, 410, json_pack("{s:{s:i,s:s}}", "error", "status", 410, "message", msg));
		return -1;
	}
	o->status = 410;
	layout_begin(r, o, g->v[ORG_F_NAME]);
	html_printf(&o->body, "<p class=\"error-message\">%s</p>\n<p><a href=\"/groups\">%s</a></p>\n", msg,
		    T(r, "Back to the search"));
	layout_end(r, o);
	return -1;
}

static int dir_detail_render(struct req *r, struct resp *o, void *arg)
{
	struct org g;
	if (dir_org_or_respond(r, o, &g, 0))
		return 0;
	struct buf *b = &o->body;
	layout_begin(r, o, g.v[ORG_F_NAME]);
	dir_detail_staff_links(r, b, &g);
	dir_detail_body(r, b, &g, 0);
	page_cache_note(r, b);
	const struct layout_link dev[] = { { arena_printf(r->a, "/api/v1/groups/%lld", g.id), N_("This group as JSON") },
					   { NULL, NULL } };
	layout_end_links(r, o, dev);
	return 0;
}

/* The printable page: the same record in a frame without navigation. */
static int dir_print_render(struct req *r, struct resp *o, void *arg)
{
	struct org g;
	if (dir_org_or_respond(r, o, &g, 0))
		return 0;
	struct buf *b = &o->body;
	const char *lang = r->lang && strcmp(r->lang, "en") == 0 ? "en" : "ja";
	html_printf(b,
		    "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s | %s</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/tokens.css\">\n<link rel=\"stylesheet\" href=\"/static/kyodo.css\">\n"
		    "</head>\n<body class=\"print-page\">\n<main id=\"main\">\n<h1>%s</h1>\n",
		    lang, g.v[ORG_F_NAME], T(r, "Group directory"), g.v[ORG_F_NAME]);
	dir_detail_body(r, b, &g, 1);
	html_printf(b, "<p class=\"no-print\"><a href=\"/groups/%lld\">%s</a></p>\n</main>\n</body>\n</html>\n", g.id,
		    T(r, "Back to the group's page"));
	return 0;
}

static int dir_detail_serve(struct req *r, struct resp *o, const char *what, page_cache_render fn)
{
	int rc;
	char scope[VERSION_SCOPE_MAX];
	if (req_param_id(r, 0) <= 0)
		return resp_error(r, o, 404, NULL);
	org_public_org_scope(scope, req_param_id(r, 0));
	const char *version = dir_version(r, scope, &rc);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	const char *key = arena_printf(r->a, "%s%lld", what, req_param_id(r, 0));
	return page_cache_respond(&dir_cache, r, o, key, version, fn, NULL);
}

static int dir_detail_get(struct req *r, struct resp *o) { return dir_detail_serve(r, o, "D", dir_detail_render); }
static int dir_print_get(struct req *r, struct resp *o) { return dir_detail_serve(r, o, "P", dir_print_render); }

/* ---- JSON: /api/v1/groups, /api/v1/groups/{id} ---- */

static json_t *dir_org_json(const struct org *g)
{
	json_t *j = org_to_json(g, 1);
	if (j) {
		char url[48];
		snprintf(url, sizeof url, "/groups/%lld", g->id);
		json_object_set_new(j, "url", json_string(url));
	}
	return j;
}

static int dir_api_list_render(struct req *r, struct resp *o, void *arg)
{
	const struct dir_params *p = arg;
	struct org_result res;
	int rc = dir_search(r, p, &res);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	if (p->page > 1 && p->page > res.pages)
		return resp_error(r, o, 404, N_("There is no such page of results."));
	json_t *items = json_array();
	for (int i = 0; items && i < res.n; i++) {
		struct org g;
		if ((rc = org_get(r->st, r->a, res.hits[i].id, &g)) != 0) {
			json_decref(items);
			return page_domain_error(r, o, rc), 0;
		}
		org_for_viewer(&g, &dir_public);
		json_array_append_new(items, dir_org_json(&g));
	}
	json_t *out = json_pack("{s:I,s:b,s:b,s:i,s:i,s:i,s:o}", "total", (json_int_t)res.total, "capped", res.capped,
				"candidates_capped", res.candidates_capped, "page", p->page, "per_page", p->per_page,
				"pages", res.pages, "items", items);
	if (!out)
		return resp_error(r, o, 500, NULL);
	return resp_json(o, 200, out);
}

static int dir_api_list(struct req *r, struct resp *o)
{
	struct dir_params p;
	int rc;
	dir_params_parse(r, &p, 1);
	const char *version = dir_version(r, "api", &rc);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	return page_cache_respond(&dir_cache, r, o, dir_key(r, "AL", &p), version, dir_api_list_render, &p);
}

static int dir_api_one_render(struct req *r, struct resp *o, void *arg)
{
	struct org g;
	if (dir_org_or_respond(r, o, &g, 1))
		return 0;
	json_t *j = dir_org_json(&g);
	return j ? resp_json(o, 200, j) : resp_error(r, o, 500, NULL);
}

static int dir_api_one(struct req *r, struct resp *o) { return dir_detail_serve(r, o, "A", dir_api_one_render); }

/* /groups/stats (page_group_stats.c) and the open-data files come before /groups/{id}
 * in the route tables: a {id} segment matches any word. */
const struct route directory_routes[] = {
	{ HTTP_GET, "/groups", dir_list_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/groups/opendata", opendata_page_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/groups/opendata.csv", opendata_csv_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/groups/opendata.json", opendata_json_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/groups/{id}", dir_detail_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/groups/{id}/print", dir_print_get, ROLES_ANY, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/groups", dir_api_list, ROLES_ANY, ROUTE_API | ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/groups/{id}", dir_api_one, ROLES_ANY, ROUTE_API | ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/directory/cache", opendata_cache_status_get,
	  ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR), ROUTE_API },
	{ 0 },
};
