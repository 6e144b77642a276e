/* page_report: the public progress reports (report_routes) — the list of published plan
 * years and the printable report of one year: rollups by priority class and by pillar
 * with charts, then the tree with each item's status, result and next class and each
 * branch's outcomes (成果) and problems (課題). Nothing unpublished is ever shown.
 *
 * A published year does not change until it is reopened, so the bytes of the page as the
 * public sees it are cached per (plan, year, language), keyed by the page version (when
 * the year was published and the plan's version, which every edit of its items moves):
 * one cheap query per request decides whether the cached copy is still the truth. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "domain/plan.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- the cache ---- */

#define REPORT_CACHE_N 64
#define REPORT_STAMP_LEN 48

struct report_entry {
	long long plan_id;
	int fy;
	char lang[8];
	char published_at[REPORT_STAMP_LEN];
	char *data;		/* heap; NULL = free slot */
	size_t len;
	unsigned long long used;	/* LRU clock */
};

static struct report_entry report_cache[REPORT_CACHE_N];
static unsigned long long report_clock;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

static int report_key_eq(const struct report_entry *e, long long plan_id, int fy, const char *lang)
{
	return e->data && e->plan_id == plan_id && e->fy == fy && strcmp(e->lang, lang) == 0;
}

/* Copies the cached page into out when it is still current; 1 on a hit. */
static int report_cache_get(long long plan_id, int fy, const char *lang, const char *published_at, struct buf *out)
{
	int hit = 0;
	pthread_mutex_lock(&report_lock);
	for (int i = 0; i < REPORT_CACHE_N; i++) {
		struct report_entry *e = &report_cache[i];
		if (!report_key_eq(e, plan_id, fy, lang))
			continue;
		if (strcmp(e->published_at, published_at) == 0) {
			buf_append(out, e->data, e->len);
			e->used = ++report_clock;
			hit = !out->oom;
		} else {	/* reopened and published again: stale */
			free(e->data);
			e->data = NULL;
		}
		break;
	}
	pthread_mutex_unlock(&report_lock);
	return hit;
}

static void report_cache_put(long long plan_id, int fy, const char *lang, const char *published_at,
			     const struct buf *page)
{
	if (page->oom || page->len == 0 || strlen(lang) >= sizeof report_cache[0].lang ||
	    strlen(published_at) >= REPORT_STAMP_LEN)
		return;
	char *copy = malloc(page->len);
	if (!copy)
		return;
	memcpy(copy, page->data, page->len);
	pthread_mutex_lock(&report_lock);
	struct report_entry *slot = NULL;
	for (int i = 0; i < REPORT_CACHE_N && !slot; i++)
		if (report_key_eq(&report_cache[i], plan_id, fy, lang))
			slot = &report_cache[i];
	for (int i = 0; i < REPORT_CACHE_N && !slot; i++)
		if (!report_cache[i].data)
			slot = &report_cache[i];
	if (!slot) {
		slot = &report_cache[0];
		for (int i = 1; i < REPORT_CACHE_N; i++)
			if (report_cache[i].used < slot->used)
				slot = &report_cache[i];
	}
	free(slot->data);
	slot->plan_id = plan_id;
	slot->fy = fy;
	memcpy(slot->lang, lang, strlen(lang) + 1);
	memcpy(slot->published_at, published_at, strlen(published_at) + 1);
	slot->data = copy;
	slot->len = page->len;
	slot->used = ++report_clock;
	pthread_mutex_unlock(&report_lock);
}

/* ---- GET /reports ---- */

struct report_year {
	struct plan *p;
	int fy;
	const char *published_at;
};

static int report_year_cmp(const void *a, const void *b)
{
	const struct report_year *x = a, *y = b;
	if (x->fy != y->fy)
		return y->fy - x->fy;
	return strcmp(x->p->name, y->p->name);
}

/* Every published (plan, year), newest first. Shared with nothing else; the API has its own. */
static int report_years(struct req *r, struct report_year **out, int *n)
{
	struct plan *plans;
	int np, rc = plan_list(r->st, r->a, &plans, &np);
	*n = 0;
	if (rc != 0)
		return rc;
	int cap = 16;
	struct report_year *ys = arena_alloc(r->a, (size_t)cap * sizeof *ys);
	for (int i = 0; ys && i < np; i++) {
		struct round_year *ry;
		int nry;
		if ((rc = plan_round_years(r->st, r->a, &plans[i], &ry, &nry)) != 0)
			return rc;
		for (int k = 0; k < nry; k++) {
			if (ry[k].state != ROUND_PUBLISHED)
				continue;
			if (*n == cap) {
				struct report_year *y2 = arena_alloc(r->a, (size_t)cap * 2 * sizeof *y2);
				if (!y2)
					return STORE_ERR;
				memcpy(y2, ys, (size_t)cap * sizeof *ys);
				ys = y2;
				cap *= 2;
			}
			ys[(*n)++] = (struct report_year){ &plans[i], ry[k].fy, ry[k].published_at };
		}
	}
	if (!ys)
		return STORE_ERR;
	qsort(ys, (size_t)*n, sizeof *ys, report_year_cmp);
	*out = ys;
	return 0;
}

static int report_list_get(struct req *r, struct resp *o)
{
	struct report_year *ys;
	int n, rc = report_years(r, &ys, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Progress reports"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "The published progress of the city's plans, fiscal year by fiscal year."));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No progress report has been published yet."));
	else
		buf_puts(b, "<ul class=\"link-list\">\n");
	for (int i = 0; i < n; i++) {
		char fyl[64];
		page_fy_label(ys[i].fy, fyl, sizeof fyl);
		html_printf(b, "<li><a href=\"/reports/%lld/%d\">%s %s</a></li>\n", ys[i].p->id, ys[i].fy,
			    ys[i].p->title, fyl);
	}
	if (n)
		buf_puts(b, "</ul>\n");
	html_printf(b, "<p><a href=\"/api/v1/reports\">%s</a></p>\n", T(r, "This list as JSON"));
	layout_end(r, o);
	return 0;
}

/* ---- GET /reports/{id}/{fy} ---- */

static int report_render(struct req *r, struct resp *o, const struct plan *p, int fy, const char *published_at)
{
	struct plan_tree t;
	struct rollup by_prio, by_branch;
	int rc = plan_tree_load(r->st, r->a, p, fy, 0, &t);
	if (rc == 0 && p->npriorities)
		rc = plan_rollup(&t, r->a, ROLLUP_PRIORITY, 0, &by_prio);
	if (rc == 0)
		rc = plan_rollup(&t, r->a, ROLLUP_BRANCH, 1, &by_branch);
	if (rc != 0)
		return page_domain_error(r, o, rc);
	char fyl[64];
	page_fy_label(fy, fyl, sizeof fyl);
	struct buf *b = &o->body;
	layout_begin(r, o, arena_printf(r->a, "%s %s %s", p->title, fyl, T(r, "progress report")));
	html_printf(b, "<p>%s: %s</p>\n", T(r, "Published"), arena_strndup(r->a, published_at, 10));
	if (p->npriorities) {
		const char *cap = arena_printf(r->a, "%s: %s", fyl, T(r, "items by priority class"));
		html_printf(b, "<h2>%s</h2>\n", T(r, "By priority class"));
		page_rollup_block(r, b, &by_prio, cap);
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "By pillar"));
	page_rollup_block(r, b, &by_branch, arena_printf(r->a, "%s: %s", fyl, T(r, "items by pillar")));
	html_printf(b, "<h2>%s</h2>\n", T(r, "Items and progress"));
	page_tree_table(r, b, &t, arena_printf(r->a, "%s %s", T(r, "Items and progress in"), fyl),
			PAGE_TREE_BRANCH_NOTES);
	html_printf(b, "<p class=\"no-print\"><a href=\"/api/v1/reports/%lld/%d\">%s</a></p>\n", p->id, fy,
		    T(r, "This report as JSON (open data)"));
	layout_end(r, o);
	return 0;
}

static int report_get(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	int fy;
	char published_at[REPORT_STAMP_LEN] = "";
	if (id <= 0 || page_fy_or_respond(r, o, NULL, r->params[1], &fy))
		return id <= 0 ? resp_error(r, o, 404, NULL) : 0;
	int rc = plan_round_page_version(r->st, id, fy, published_at, sizeof published_at);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	const char *lang = r->lang ? r->lang : "ja";
	int cacheable = r->who.role == ROLE_PUBLIC;	/* the header of a logged-in page is personal */
	if (cacheable) {
		/* The published year is the page's version: a browser that has it revalidates
		 * with If-None-Match and gets 304 until the year is reopened and published again. */
		o->etag = arena_printf(r->a, "\"r%lld-%d-%s-%s\"", id, fy, lang, published_at);
		const char *inm = req_header(r, "If-None-Match");
		if (o->etag && inm && strcmp(inm, o->etag) == 0) {
			o->status = 304;
			return 0;
		}
	}
	if (cacheable && report_cache_get(id, fy, lang, published_at, &o->body))
		return 0;
	struct plan *p;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	if (report_render(r, o, p, fy, published_at) != 0)
		return 0;
	if (cacheable && o->status == 200)
		report_cache_put(id, fy, lang, published_at, &o->body);
	return 0;
}

const struct route report_routes[] = {
	{ HTTP_GET, "/reports", report_list_get, ROLES_ANY, 0 },
	{ HTTP_GET, "/reports/{id}/{fy}", report_get, ROLES_ANY, 0 },
	{ 0 },
};
