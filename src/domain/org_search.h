/* org_search: the public directory's query — words (Japanese substring search through
 * the bigram index org_fts), filters (kind, activity field, area, recruiting), three sort
 * orders and pages, over directory-visible actors only (approved, not dissolved). Counts
 * are exact up to ORG_SEARCH_CAP ("1,000件以上" beyond). With words, hits are never
 * ranked: the newest ORG_SEARCH_CAP matches are the candidates, ordered by the chosen key.
 * Returns only public columns; statements by id through store.h. */
#ifndef KYODO_ORG_SEARCH_H
#define KYODO_ORG_SEARCH_H
struct store;
struct arena;

enum org_sort { ORG_SORT_KANA, ORG_SORT_NEWEST, ORG_SORT_CONFIRMED, ORG_SORT__MAX };
extern const char *const org_sort_names[ORG_SORT__MAX];	/* "kana", "new", "confirmed" */
/* By name; -1 when unknown. */
int org_sort_parse(const char *s);

#define ORG_SEARCH_CAP 1000	/* with words: counted exactly up to here, candidates for ordering */
#define ORG_BROWSE_CAP 10000	/* without words: counted exactly up to here (an index scan, 500 pages) */
#define ORG_SEARCH_PER_PAGE 20	/* default; per_page is clamped to 1..ORG_SEARCH_PER_PAGE_MAX */
#define ORG_SEARCH_PER_PAGE_MAX 100

struct org_query {
	const char *q;		/* words as typed; NULL, "" or only punctuation = browse */
	const char *kind;	/* kind code; NULL or "" = any */
	int field;		/* NPO-law field 1–20; 0 = any */
	long long area_id;	/* 0 = any */
	int recruiting;		/* 1 = only actors recruiting members or volunteers */
	enum org_sort sort;
	int page;		/* 1-based; clamped to 1..pages */
	int per_page;		/* 0 = ORG_SEARCH_PER_PAGE */
};

struct org_hit {
	long long id;
	char *name, *kana, *kind, *purpose, *recruiting;
	char *confirmed_at;	/* "" when never confirmed */
	char *created_at, *status;
};

struct org_result {
	int n;			/* hits on this page */
	struct org_hit *hits;
	int total;		/* matching actors; with words at most ORG_SEARCH_CAP */
	int capped;		/* more than ORG_SEARCH_CAP matched: show "1,000件以上" */
	int pages;		/* ceil(total / per_page); 0 when nothing matched */
	int candidates_capped;	/* with words: the order covers only the newest ORG_SEARCH_CAP matches */
	int page, per_page;	/* as used, after clamping */
};

/* Everything in *out is allocated from a. Returns 0, -1 for a bad query (unknown sort,
 * field outside 1–20, negative area) or a full arena, or a store_rc (< 0;
 * STORE_INTERRUPTED when the 2-second deadline passed). */
int org_search(struct store *st, struct arena *a, const struct org_query *q, struct org_result *out);

#endif
