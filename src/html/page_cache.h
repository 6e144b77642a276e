/* page_cache: a small shared cache of rendered responses for anonymous viewers, keyed by
 * a string (the page and its normalised query, language included) and a version tag
 * (what the page was built from, read from the database with one cheap query per request
 * — domain/version.h — so that every process on the database learns of every write).
 *
 * Versions and the stale bound. A tag "HARD|SOFT" names the version of a page; the part
 * before '|' moves only with changes that must show at once (a tag without '|' is all
 * hard). A request finding
 *   - a copy of its tag: gets it (a hit);
 *   - a copy whose tag differs only in the SOFT part, less than stale_ms old (counted from
 *     when its build began, so it lacks no change older than that): gets it while one
 *     request rebuilds the page — the first to find it out of date builds and answers with
 *     the new page, the others meanwhile get the previous copy (stale_served);
 *   - otherwise: builds the page, or, when another request is building this version,
 *     waits for that build (waits) instead of building the same page again.
 * So a page is rebuilt once per change however many ask, and an anonymous viewer sees a
 * change at most stale_ms (PAGE_CACHE_STALE_MS, 5 s) after it was made, never later; a
 * logged-in viewer always gets the page built for them. Pages say so where it matters
 * (page_cache_note). A cache may also have refresh_ms: a copy younger than that is sent
 * while its SOFT part is out of date without starting a build (for bodies that are costly
 * to build, such as the open data).
 *
 * Bodies are refcounted blobs shared by the cache and the responses being sent (via
 * resp.shared_body): a hit is sent without copying, and eviction is always safe because
 * the last holder frees the blob. Each cache is bounded by entries and by bytes (least
 * recently used entries go first); a body over a quarter of the byte bound is not kept.
 * Thread-safe: one mutex per cache, held only for lookups and insertions.
 *
 * Large downloads (the open data of 100,000 groups is 128 MB) are kept as files instead:
 * a spooled body (util/spool.h) is put with page_cache_put_file and sent from the file
 * (resp_file) to any number of clients at once, memory bounded by a chunk per client.
 * They count against max_file_bytes (disk), not max_bytes. page_cache_serve_or_build
 * applies the same rules to them. */
#ifndef KYODO_PAGE_CACHE_H
#define KYODO_PAGE_CACHE_H
#include "http/http.h"
#include <pthread.h>
#include <stddef.h>

struct page_cache_entry;

#define PAGE_CACHE_BUILDS 32	/* bodies being built at once that others may wait for */
#define PAGE_CACHE_WAIT_S 120	/* the longest a request waits for another's build of a file */
#define PAGE_CACHE_PAGE_WAIT_S 10	/* … of a page */
#define PAGE_CACHE_STALE_MS 5000	/* the default bound on how late a change may show */
#define PAGE_CACHE_REFRESH_MS 2000	/* the public pages: each rebuilt at most every 2 s */
#define PAGE_CACHE_TAG_MAX 64

struct page_cache {
	const char *name;	/* for logs */
	int max_entries;
	size_t max_bytes;
	unsigned long long max_file_bytes;	/* bodies kept as files (0: none kept) */
	unsigned stale_ms;	/* 0 = PAGE_CACHE_STALE_MS */
	unsigned refresh_ms;	/* 0 = rebuild as soon as a copy is out of date */
	/* private */
	pthread_mutex_t lock;
	pthread_cond_t built;	/* a build finished */
	struct page_cache_entry *slots;	/* max_entries, allocated on first use */
	size_t bytes;
	unsigned long long file_bytes;
	unsigned long long clock;
	unsigned long long hits, misses, builds, stale_served, waits;
	struct { char *key; char version[PAGE_CACHE_TAG_MAX]; long long started_ms; } building[PAGE_CACHE_BUILDS];
};

#define PAGE_CACHE_INIT(nm, entries, bytes_) PAGE_CACHE_INIT_REFRESH(nm, entries, bytes_, 0)
/* The same with refresh_ms (see above). */
#define PAGE_CACHE_INIT_REFRESH(nm, entries, bytes_, refresh) \
	{ .name = (nm), .max_entries = (entries), .max_bytes = (bytes_), .refresh_ms = (refresh), \
	  .lock = PTHREAD_MUTEX_INITIALIZER, .built = PTHREAD_COND_INITIALIZER }
/* A cache of large bodies kept as files: at most `entries`, `file_bytes` on disk. */
#define PAGE_CACHE_FILES_INIT(nm, entries, file_bytes_, refresh) \
	{ .name = (nm), .max_entries = (entries), .max_bytes = 0, .max_file_bytes = (file_bytes_), \
	  .refresh_ms = (refresh), .lock = PTHREAD_MUTEX_INITIALIZER, .built = PTHREAD_COND_INITIALIZER }

/* Sets o->etag to the quoted tag and answers 304 (returns 1) when the request's
 * If-None-Match carries it; 0 otherwise. tag is plain text without quotes. */
int page_cache_revalidate(struct req *r, struct resp *o, const char *tag);

/* On a hit for exactly (key, version): o gets the shared body and the stored content type,
 * and 1 is returned. 0 otherwise (nothing is dropped: an older copy may still serve while
 * the page is rebuilt). */
int page_cache_serve(struct page_cache *c, struct resp *o, const char *key, const char *version);

/* Keeps a copy of o's body (a 200 built for an anonymous viewer) under (key, version), as
 * built now. content_type must be a string literal (or NULL for HTML). Silently does
 * nothing when the body is empty, too large or memory is short. */
void page_cache_put(struct page_cache *c, const char *key, const char *version, const struct resp *o);

/* The whole pattern for a cacheable page: for an anonymous viewer, (key + the request's
 * language, version) is answered 304 on a matching If-None-Match, from the cache by the
 * rules above, else rendered by render(r, o, arg) and kept when it is a 200. A logged-in
 * viewer (whose page header is personal) always gets a fresh render. Returns what render
 * returns (0, or -1 for an internal error), 0 for a 304 or a copy. */
typedef int (*page_cache_render)(struct req *r, struct resp *o, void *arg);
int page_cache_respond(struct page_cache *c, struct req *r, struct resp *o, const char *key, const char *version,
		       page_cache_render render, void *arg);

/* For a page an anonymous viewer may get from the cache: a line saying when it was built
 * and that changes show within a few seconds. Nothing for a logged-in viewer. */
void page_cache_note(struct req *r, struct buf *b);

/* ---- bodies kept as files ---- */

struct filebody;
/* Keeps fb (a finished spool; the cache takes its own reference) under (key, version),
 * as content_type (a string literal), and ends the build of key if one was claimed. */
void page_cache_put_file(struct page_cache *c, const char *key, const char *version, const char *content_type,
			 struct filebody *fb);
/* For (key, version): 0 when o has been filled from the cache (this version, or an older
 * copy by the rules above — served_version then names it, for the entity tag); 1 when the
 * caller must build the body, then call page_cache_put_file, or page_cache_build_abort
 * when it could not. served_version (may be NULL) receives the version of what was served. */
int page_cache_serve_or_build(struct page_cache *c, struct resp *o, const char *key, const char *version,
			      char served_version[PAGE_CACHE_TAG_MAX]);
void page_cache_build_abort(struct page_cache *c, const char *key);

/* Everything a cache counts, for tests and the center's status. */
struct page_cache_counters {
	int entries, file_entries;
	size_t bytes;
	unsigned long long file_bytes, hits, misses, builds, stale_served, waits;
};
void page_cache_counters(struct page_cache *c, struct page_cache_counters *out);

/* fn for every cache that has been used, in the order they were first used. */
void page_cache_each(void (*fn)(struct page_cache *c, void *arg), void *arg);

/* A stable 64-bit hash of s (FNV-1a), for entity tags built from a key. */
unsigned long long page_cache_hash(const char *s);

/* Counters, for tests and logs. */
void page_cache_stats(struct page_cache *c, int *entries, size_t *bytes, unsigned long long *hits,
		      unsigned long long *misses);

#endif
