/* page_cache: a small shared cache of rendered responses for anonymous viewers, keyed
 * by a string (the page and its normalised query, language included) and a version
 * string (what the page was built from: a counter every write moves, a publication
 * stamp). One cheap query per request reads the current version; a cached copy of an
 * older version is never sent and is dropped when met.
 *
 * Bodies are refcounted blobs shared by the cache and the responses being sent (via
 * resp.shared_body): a hit is sent without copying, and eviction is always safe because
 * the last holder frees the blob. Each cache is bounded by entries and by bytes (least
 * recently used entries go first); a body over a quarter of the byte bound is not kept.
 * Thread-safe: one mutex per cache, held only for lookups and insertions. */
#ifndef KYODO_PAGE_CACHE_H
#define KYODO_PAGE_CACHE_H
#include "http/http.h"
#include <pthread.h>
#include <stddef.h>

struct page_cache_entry;

struct page_cache {
	const char *name;	/* for logs */
	int max_entries;
	size_t max_bytes;
	/* private */
	pthread_mutex_t lock;
	struct page_cache_entry *slots;	/* max_entries, allocated on first use */
	size_t bytes;
	unsigned long long clock;
	unsigned long long hits, misses;
};

#define PAGE_CACHE_INIT(nm, entries, bytes_) \
	{ .name = (nm), .max_entries = (entries), .max_bytes = (bytes_), .lock = PTHREAD_MUTEX_INITIALIZER }

/* Sets o->etag to the quoted tag and answers 304 (returns 1) when the request's
 * If-None-Match carries it; 0 otherwise. tag is plain text without quotes. */
int page_cache_revalidate(struct req *r, struct resp *o, const char *tag);

/* On a hit for (key, version): o gets the shared body and the stored content type, and
 * 1 is returned. 0 on a miss (a stale copy is dropped). */
int page_cache_serve(struct page_cache *c, struct resp *o, const char *key, const char *version);

/* Keeps a copy of o's body (a 200 built for an anonymous viewer) under (key, version).
 * content_type must be a string literal (or NULL for HTML). Silently does nothing when
 * the body is empty, too large or memory is short. */
void page_cache_put(struct page_cache *c, const char *key, const char *version, const struct resp *o);

/* The whole pattern for a cacheable page: for an anonymous viewer, (key + the request's
 * language, version) is answered 304 on a matching If-None-Match, from the cache on a
 * hit, else rendered by render(r, o, arg) and kept when it is a 200. A logged-in viewer
 * (whose page header is personal) always gets a fresh render. Returns what render
 * returns (0, or -1 for an internal error), 0 for a 304 or a hit. */
typedef int (*page_cache_render)(struct req *r, struct resp *o, void *arg);
int page_cache_respond(struct page_cache *c, struct req *r, struct resp *o, const char *key, const char *version,
		       page_cache_render render, void *arg);

/* A stable 64-bit hash of s (FNV-1a), for entity tags built from a key. */
unsigned long long page_cache_hash(const char *s);

/* Counters, for tests and logs. */
void page_cache_stats(struct page_cache *c, int *entries, size_t *bytes, unsigned long long *hits,
		      unsigned long long *misses);

#endif
