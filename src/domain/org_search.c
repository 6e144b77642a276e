/* org_search: the public directory's query (see org_search.h). The words are first spelt
 * as the index spells them (the city's variant list, org_index.h). Without words it pages
 * straight through the directory in the chosen order (an index serves each order) after
 * counting up to ORG_BROWSE_CAP + 1. With words, the filters become tags in the MATCH
 * expression (org.h), so the bigram index alone counts the matches (up to
 * ORG_SEARCH_CAP + 1) and yields the newest ORG_SEARCH_CAP of them as candidates — never
 * ranked — which are joined to their rows, ordered by the chosen key and paged. */
#include "domain/org_search.h"
#include "domain/org.h"
#include "domain/org_index.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/jtext.h"
#include <stdio.h>
#include <string.h>

#define ORG_SEARCH_DEADLINE_MS 2000

const char *const org_sort_names[ORG_SORT__MAX] = {
	[ORG_SORT_KANA] = "kana",
	[ORG_SORT_NEWEST] = "new",
	[ORG_SORT_CONFIRMED] = "confirmed",
};

/* The page statement of each order: [0] without words, [1] with words. */
static const enum stmt_id org_search_pages[ORG_SORT__MAX][2] = {
	[ORG_SORT_KANA] = { STMT_ORG_SEARCH_KANA, STMT_ORG_SEARCH_WORDS_KANA },
	[ORG_SORT_NEWEST] = { STMT_ORG_SEARCH_NEWEST, STMT_ORG_SEARCH_WORDS_NEWEST },
	[ORG_SORT_CONFIRMED] = { STMT_ORG_SEARCH_CONFIRMED, STMT_ORG_SEARCH_WORDS_CONFIRMED },
};

int org_sort_parse(const char *s)
{
	for (int i = 0; s && i < ORG_SORT__MAX; i++)
		if (strcmp(s, org_sort_names[i]) == 0)
			return i;
	return -1;
}

/* ?2–?5 the filters; see sql_org_search.def. */
static struct stmt *org_search_prepare(struct store *st, enum stmt_id id, const struct org_query *q)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return NULL;
	stmt_bind_text(s, 2, q->kind && *q->kind ? q->kind : NULL);
	if (q->field)
		stmt_bind_int(s, 3, q->field);
	else
		stmt_bind_null(s, 3);
	if (q->area_id)
		stmt_bind_int(s, 4, q->area_id);
	else
		stmt_bind_null(s, 4);
	stmt_bind_int(s, 5, q->recruiting != 0);
	return s;
}

/* Matching rows, up to limit. */
static int org_search_count(struct store *st, enum stmt_id id, const struct org_query *q, long long limit,
			    long long *count)
{
	struct stmt *s = org_search_prepare(st, id, q);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 8, limit);
	int rc = stmt_step(s);
	*count = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* total, capped and pages from a count (capped above cap); the page clamped to 1..pages. */
static void org_search_totals(struct org_result *out, long long count, long long cap)
{
	out->capped = count > cap;
	out->total = out->capped ? (int)cap : (int)count;
	out->pages = (out->total + out->per_page - 1) / out->per_page;
	if (out->page > out->pages)
		out->page = out->pages > 0 ? out->pages : 1;
}

/* The newest matches of the index, up to ORG_SEARCH_CAP + 1: ids (from a) and count. */
static int org_search_ids(struct store *st, struct arena *a, const struct store_match *match, long long **ids,
			  long long *count)
{
	struct stmt *s = store_prepare(st, STMT_ORG_SEARCH_WORDS_IDS);
	*count = 0;
	if (!s || !(*ids = arena_alloc(a, sizeof **ids * (ORG_SEARCH_CAP + 1))))
		return STORE_ERR;
	stmt_bind_match(s, 1, match);
	stmt_bind_int(s, 8, ORG_SEARCH_CAP + 1);
	int rc;
	while ((rc = stmt_step(s)) == 1 && *count < ORG_SEARCH_CAP + 1)
		(*ids)[(*count)++] = stmt_int(s, 0);
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* "[3,2,1]" from a. */
static char *org_search_json_ids(struct arena *a, const long long *ids, long long n)
{
	struct buf b;
	buf_init(&b);
	buf_putc(&b, '[');
	for (long long i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", ids[i]);
	buf_putc(&b, ']');
	char *out = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* One page of hits into out. */
/* With words, ids is the candidates' JSON array (already the page's slice when
 * sliced); without, NULL. */
static int org_search_page(struct store *st, struct arena *a, enum stmt_id id, const char *ids,
			   const struct org_query *q, struct org_result *out, int sliced)
{
	struct stmt *s = org_search_prepare(st, id, q);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 6, out->per_page);
	stmt_bind_int(s, 7, sliced ? 0 : (long long)(out->page - 1) * out->per_page);
	if (ids)
		stmt_bind_text(s, 10, ids);
	out->n = 0;
	int rc;
	while ((rc = stmt_step(s)) == 1 && out->n < out->per_page) {
		struct org_hit *h = &out->hits[out->n++];
		char **text[] = { &h->name, &h->kana, &h->kind, &h->purpose,
				  &h->recruiting, &h->confirmed_at, &h->created_at, &h->status };
		h->id = stmt_int(s, 0);
		for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
			const char *v = stmt_text(s, (int)k + 1);
			if (!(*text[k] = arena_strdup(a, v ? v : ""))) {
				stmt_reset(s);
				return -1;
			}
		}
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* The words, in the text columns (with the extra text of org_index.h) only, and the filters as tags (see org.h): the index
 * intersects them, so a common word within one field costs what the smaller side costs.
 * The hidden rows are excluded by their tag. Texts from a. 0; 1 for a kind that is not a
 * known code (nothing can match it); -1 when a is full. */
static int org_search_match(struct arena *a, const char *words, const struct org_query *q, struct store_match *m)
{
	char t[64];
	int n = 0;
	memset(m, 0, sizeof *m);
	m->words = words;
	if (q->field) {
		org_tag_field(t, sizeof t, q->field);
		m->tags[n++] = arena_strdup(a, t);
	}
	if (q->area_id) {
		org_tag_area(t, sizeof t, q->area_id);
		m->tags[n++] = arena_strdup(a, t);
	}
	if (q->kind && *q->kind) {
		const struct org_kind *k = org_kind_find(q->kind);	/* only a known code reaches the query */
		if (!k || strcmp(k->code, q->kind) != 0)
			return 1;
		org_tag_kind(t, sizeof t, k->code);
		m->tags[n++] = arena_strdup(a, t);
	}
	if (q->recruiting)
		m->tags[n++] = ORG_TAG_RECRUITING;
	m->not_tag = ORG_TAG_HIDDEN;
	for (int i = 0; i < n; i++)
		if (!m->tags[i])
			return -1;
	return 0;
}

int org_search(struct store *st, struct arena *a, const struct org_query *q, struct org_result *out)
{
	memset(out, 0, sizeof *out);
	if ((unsigned)q->sort >= ORG_SORT__MAX || q->field < 0 || q->field > 20 || q->area_id < 0)
		return -1;
	out->per_page = q->per_page <= 0 ? ORG_SEARCH_PER_PAGE
			: q->per_page > ORG_SEARCH_PER_PAGE_MAX ? ORG_SEARCH_PER_PAGE_MAX : q->per_page;
	out->page = q->page < 1 ? 1 : q->page;
	struct store_match mbuf, *match = NULL;
	if (q->q && *q->q) {
		/* the words spelt as the index spells them (org_index.h): 子供 → こども */
		struct org_variants *v;
		int lrc = org_variants_load(st, a, &v);
		if (lrc != 0)
			return lrc;
		const char *spelt = org_variants_rewrite(a, v, q->q);
		const char *words = spelt ? jtext_fts_match(a, spelt) : NULL;
		if (!words)
			return -1;
		if (*words) {	/* else no word characters: browse */
			int mrc = org_search_match(a, words, q, &mbuf);
			if (mrc < 0)
				return -1;
			if (mrc > 0) {	/* an unknown kind: nothing matches */
				out->page = 1;
				return 0;
			}
			match = &mbuf;
		}
	}
	if (!(out->hits = arena_alloc(a, (size_t)out->per_page * sizeof *out->hits)))
		return -1;

	store_set_deadline(st, ORG_SEARCH_DEADLINE_MS);
	long long count = 0;
	int rc;
	if (!match) {
		/* Browsing: an exact count (an index scan, no text matching), so that every
		 * page of the whole directory can be reached; the page is clamped to it. */
		if ((rc = org_search_count(st, STMT_ORG_SEARCH_COUNT, q, ORG_BROWSE_CAP + 1, &count)))
			goto out;
		org_search_totals(out, count, ORG_BROWSE_CAP);
		rc = org_search_page(st, a, org_search_pages[q->sort][0], NULL, q, out, 0);
		goto out;
	}
	/* One scan of the index gives the count and the candidates, then the page. */
	long long *ids = NULL;
	if ((rc = org_search_ids(st, a, match, &ids, &count)))
		goto out;
	org_search_totals(out, count, ORG_SEARCH_CAP);
	out->candidates_capped = out->capped;
	if (count > ORG_SEARCH_CAP)
		count = ORG_SEARCH_CAP;	/* the 1,001st only told that more matched */
	if (count > 0) {
		/* Newest first is the index's own order: only the page's rows are read. */
		long long from = 0, n = count;
		if (q->sort == ORG_SORT_NEWEST) {
			from = (long long)(out->page - 1) * out->per_page;
			n = from < count ? (count - from < out->per_page ? count - from : out->per_page) : 0;
		}
		char *json = org_search_json_ids(a, ids + from, n);
		rc = json ? org_search_page(st, a, org_search_pages[q->sort][1], json, q, out,
					    q->sort == ORG_SORT_NEWEST) : -1;
	}
out:
	store_set_deadline(st, 0);
	if (rc) {
		out->n = 0;
		out->total = out->pages = out->capped = out->candidates_capped = 0;
	}
	return rc;
}
