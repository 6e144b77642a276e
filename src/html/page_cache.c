/* page_cache: the shared cache of rendered responses for anonymous viewers (see
 * page_cache.h). A fixed array of slots per cache; a lookup compares the key's hash
 * first, so a scan of a few hundred slots costs well under a microsecond. */
#include "html/page_cache.h"
#include "html/html.h"
#include "domain/wareki.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/spool.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE_CACHE_KEY_MAX 2048

/* A rendered body shared by the cache and the responses being sent. */
struct page_cache_blob {
	int refs;	/* __atomic */
	size_t len;
	char data[];
};

struct page_cache_entry {
	unsigned long long hash, used;
	long long built_ms;	/* when its build began (monotonic): it lacks no change made before */
	char *key;	/* malloc'd; NULL = free slot */
	char version[PAGE_CACHE_TAG_MAX];
	const char *content_type;
	struct page_cache_blob *blob;	/* the body in memory … */
	struct filebody *file;	/* … or in a file */
};

unsigned long long page_cache_hash(const char *s)
{
	unsigned long long h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
	}
	return h;
}

static long long page_cache_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Do versions a and b differ only after their '|'? (A tag without '|' is all hard.) */
static int page_cache_same_hard(const char *a, const char *b)
{
	const char *pa = strchr(a, '|'), *pb = strchr(b, '|');
	return pa && pb && pa - a == pb - b && strncmp(a, b, (size_t)(pa - a)) == 0;
}

static void page_cache_blob_release(void *arg)
{
	struct page_cache_blob *bl = arg;
	if (bl && __atomic_sub_fetch(&bl->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(bl);
}

/* Empties slot e (the lock is held). */
static void page_cache_drop(struct page_cache *c, struct page_cache_entry *e)
{
	if (!e->key)
		return;
	if (e->file) {
		c->file_bytes -= filebody_size(e->file);
		filebody_unref(e->file);	/* a response still sending it keeps its own reference */
	} else {
		c->bytes -= e->blob->len + strlen(e->key);
		page_cache_blob_release(e->blob);
	}
	free(e->key);
	memset(e, 0, sizeof *e);
}

/* Every cache in use, for page_cache_each (a cache joins on first use). */
#define PAGE_CACHE_KNOWN 16
static struct page_cache *page_cache_known[PAGE_CACHE_KNOWN];
static pthread_mutex_t page_cache_known_lock = PTHREAD_MUTEX_INITIALIZER;

static void page_cache_join(struct page_cache *c)
{
	pthread_mutex_lock(&page_cache_known_lock);
	for (int i = 0; i < PAGE_CACHE_KNOWN; i++)
		if (!page_cache_known[i] || page_cache_known[i] == c) {
			page_cache_known[i] = c;
			break;
		}
	pthread_mutex_unlock(&page_cache_known_lock);
}

void page_cache_each(void (*fn)(struct page_cache *c, void *arg), void *arg)
{
	struct page_cache *list[PAGE_CACHE_KNOWN];
	pthread_mutex_lock(&page_cache_known_lock);
	memcpy(list, page_cache_known, sizeof list);
	pthread_mutex_unlock(&page_cache_known_lock);
	for (int i = 0; i < PAGE_CACHE_KNOWN && list[i]; i++)
		fn(list[i], arg);
}

/* The slots, allocated on first use (the lock is held); NULL when memory is short. */
static struct page_cache_entry *page_cache_slots(struct page_cache *c)
{
	if (!c->slots && c->max_entries > 0 && (c->slots = calloc((size_t)c->max_entries, sizeof *c->slots)) != NULL)
		page_cache_join(c);
	return c->slots;
}

static struct page_cache_entry *page_cache_find(struct page_cache *c, unsigned long long h, const char *key)
{
	if (!page_cache_slots(c))
		return NULL;
	for (int i = 0; i < c->max_entries; i++) {
		struct page_cache_entry *e = &c->slots[i];
		if (e->key && e->hash == h && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

/* o gets the body of e (the lock is held; e stays the cache's). */
static void page_cache_fill(struct page_cache_entry *e, struct resp *o)
{
	o->status = 200;
	if (e->file) {
		resp_file(o, filebody_ref(e->file));
	} else {
		struct page_cache_blob *bl = e->blob;
		__atomic_add_fetch(&bl->refs, 1, __ATOMIC_ACQ_REL);
		resp_clear_body(o);
		o->shared_body = bl->data;
		o->shared_len = bl->len;
		o->shared_release = page_cache_blob_release;
		o->shared_arg = bl;
	}
	o->content_type = e->content_type;
}

/* ---- builds: one request builds a page, the others wait or get the previous copy ---- */

static int page_cache_building_at(struct page_cache *c, const char *key)
{
	for (int i = 0; i < PAGE_CACHE_BUILDS; i++)
		if (c->building[i].key && strcmp(c->building[i].key, key) == 0)
			return i;
	return -1;
}

/* Claims the build of key (the lock is held); without a free place the caller builds
 * unclaimed (others may then build too). */
static void page_cache_build_claim(struct page_cache *c, const char *key, const char *version)
{
	int b = page_cache_building_at(c, key);
	for (int i = 0; i < PAGE_CACHE_BUILDS && b < 0; i++)
		if (!c->building[i].key && (c->building[i].key = strdup(key)) != NULL)
			b = i;
	if (b >= 0) {
		snprintf(c->building[b].version, sizeof c->building[b].version, "%s", version);
		c->building[b].started_ms = page_cache_now_ms();
	}
}

/* Ends the build of key, waking whoever waits for it (the lock is held). */
static void page_cache_build_end(struct page_cache *c, const char *key)
{
	int i = page_cache_building_at(c, key);
	if (i >= 0) {
		free(c->building[i].key);
		c->building[i].key = NULL;
	}
	pthread_cond_broadcast(&c->built);
}

void page_cache_build_abort(struct page_cache *c, const char *key)
{
	pthread_mutex_lock(&c->lock);
	page_cache_build_end(c, key);
	pthread_mutex_unlock(&c->lock);
}

enum page_cache_way { PC_HIT, PC_STALE, PC_BUILD };

/* What a request for (key, version) gets (the lock is held; it may be released while the
 * request waits for another's build). *e is the copy to send for PC_HIT and PC_STALE; for
 * PC_BUILD the caller has claimed the build (see page_cache.h for the rules). */
static enum page_cache_way page_cache_decide(struct page_cache *c, unsigned long long h, const char *key,
					     const char *version, struct page_cache_entry **out)
{
	long long stale = c->stale_ms ? c->stale_ms : PAGE_CACHE_STALE_MS;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	/* a page builds in milliseconds: one that takes seconds is stuck, build it too */
	until.tv_sec += c->max_file_bytes ? PAGE_CACHE_WAIT_S : PAGE_CACHE_PAGE_WAIT_S;
	for (;;) {
		struct page_cache_entry *e = page_cache_find(c, h, key);
		*out = e;
		if (e && strcmp(e->version, version) == 0)
			return PC_HIT;
		long long age = e ? page_cache_now_ms() - e->built_ms : 0;
		int usable = e && page_cache_same_hard(e->version, version) && age < stale;
		int b = page_cache_building_at(c, key);
		if (usable && (b >= 0 || age < (long long)c->refresh_ms))
			return PC_STALE;
		if (b < 0)
			break;
		/* being built, and no copy may stand in for it: wait for that build */
		c->waits++;
		if (pthread_cond_timedwait(&c->built, &c->lock, &until) == ETIMEDOUT) {
			*out = NULL;
			return PC_BUILD;	/* the builder is stuck: build too, unclaimed */
		}
	}
	page_cache_build_claim(c, key, version);
	*out = NULL;
	return PC_BUILD;
}

/* Keeps a body under (key, version), built from built_ms on (the lock is held). A copy of
 * the key whose build began later stays: it holds newer data. Takes blob or fb (one). */
static void page_cache_keep(struct page_cache *c, const char *key, const char *version, const char *content_type,
			    struct page_cache_blob *bl, struct filebody *fb, long long built_ms)
{
	size_t klen = strlen(key);
	unsigned long long size = fb ? filebody_size(fb) : bl->len + klen;
	unsigned long long h = page_cache_hash(key);
	char *k = NULL;
	if (klen >= PAGE_CACHE_KEY_MAX || strlen(version) >= PAGE_CACHE_TAG_MAX || !page_cache_slots(c) ||
	    (fb ? size > c->max_file_bytes : size > c->max_bytes / 4) || !(k = malloc(klen + 1)))
		goto drop;
	memcpy(k, key, klen + 1);
	struct page_cache_entry *slot = page_cache_find(c, h, key);
	if (slot && slot->built_ms > built_ms)
		goto drop;	/* another request built the page from newer data meanwhile */
	if (slot)
		page_cache_drop(c, slot);
	/* make room: a free slot, and bytes under the bound, evicting the least recently used */
	for (;;) {
		struct page_cache_entry *lru = NULL;
		slot = NULL;
		for (int i = 0; i < c->max_entries; i++) {
			struct page_cache_entry *e = &c->slots[i];
			if (!e->key) {
				if (!slot)
					slot = e;
			} else if (!lru || e->used < lru->used) {
				lru = e;
			}
		}
		if (slot && (fb ? c->file_bytes + size <= c->max_file_bytes : c->bytes + size <= c->max_bytes))
			break;
		if (!lru)
			break;
		page_cache_drop(c, lru);
	}
	if (!slot) {	/* cannot happen with max_entries > 0 */
		log_warn("page cache %s: no slot", c->name ? c->name : "?");
		goto drop;
	}
	slot->hash = h;
	slot->key = k;
	memcpy(slot->version, version, strlen(version) + 1);
	slot->content_type = content_type;
	slot->built_ms = built_ms;
	slot->used = ++c->clock;
	if (fb) {
		slot->file = filebody_ref(fb);
		c->file_bytes += size;
	} else {
		slot->blob = bl;
		c->bytes += size;
	}
	return;
drop:
	free(k);
	if (bl)
		page_cache_blob_release(bl);
}

/* A copy of o's body for the cache; NULL when it is not to be kept. */
static struct page_cache_blob *page_cache_blob_of(const struct resp *o)
{
	const struct buf *page = &o->body;
	if (o->status != 200 || page->oom || page->len == 0)
		return NULL;
	struct page_cache_blob *bl = malloc(sizeof *bl + page->len);
	if (!bl)
		return NULL;
	bl->refs = 1;
	bl->len = page->len;
	memcpy(bl->data, page->data, page->len);
	return bl;
}

int page_cache_revalidate(struct req *r, struct resp *o, const char *tag)
{
	o->etag = arena_printf(r->a, "\"%s\"", tag);
	const char *inm = req_header(r, "If-None-Match");
	if (o->etag && inm && strcmp(inm, o->etag) == 0) {
		o->status = 304;
		return 1;
	}
	return 0;
}

int page_cache_serve(struct page_cache *c, struct resp *o, const char *key, const char *version)
{
	unsigned long long h = page_cache_hash(key);
	pthread_mutex_lock(&c->lock);
	struct page_cache_entry *e = page_cache_find(c, h, key);
	int hit = e && strcmp(e->version, version) == 0;
	if (hit) {
		e->used = ++c->clock;
		c->hits++;
		page_cache_fill(e, o);
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void page_cache_put(struct page_cache *c, const char *key, const char *version, const struct resp *o)
{
	if (c->max_bytes == 0 || strlen(key) >= PAGE_CACHE_KEY_MAX)
		return;
	struct page_cache_blob *bl = page_cache_blob_of(o);
	if (!bl)
		return;
	long long now = page_cache_now_ms();
	pthread_mutex_lock(&c->lock);
	page_cache_keep(c, key, version, o->content_type, bl, NULL, now);
	pthread_mutex_unlock(&c->lock);
}

/* The entity tag of a copy of version, for key k. */
static const char *page_cache_tag(struct req *r, const char *version, const char *k)
{
	return arena_printf(r->a, "v%s-%016llx", version, page_cache_hash(k));
}

int page_cache_respond(struct page_cache *c, struct req *r, struct resp *o, const char *key, const char *version,
		       page_cache_render render, void *arg)
{
	if (r->who.role != ROLE_PUBLIC)
		return render(r, o, arg);
	const char *k = arena_printf(r->a, "%s|%s", key, r->lang ? r->lang : "ja");
	if (!k)
		return -1;
	/* the tag names the version and the page, so a browser revalidates cheaply */
	if (page_cache_revalidate(r, o, page_cache_tag(r, version, k)))
		return 0;
	unsigned long long h = page_cache_hash(k);
	struct page_cache_entry *e;
	pthread_mutex_lock(&c->lock);
	enum page_cache_way way = page_cache_decide(c, h, k, version, &e);
	if (way != PC_BUILD) {
		e->used = ++c->clock;
		if (way == PC_HIT) {
			c->hits++;
		} else {	/* the previous copy, under its own tag */
			c->stale_served++;
			if (page_cache_revalidate(r, o, page_cache_tag(r, e->version, k))) {
				pthread_mutex_unlock(&c->lock);
				return 0;
			}
		}
		page_cache_fill(e, o);
		pthread_mutex_unlock(&c->lock);
		return 0;
	}
	c->misses++;
	c->builds++;
	pthread_mutex_unlock(&c->lock);
	long long started = page_cache_now_ms();
	int rc = render(r, o, arg);
	struct page_cache_blob *bl = rc == 0 && c->max_bytes ? page_cache_blob_of(o) : NULL;
	pthread_mutex_lock(&c->lock);
	if (bl)
		page_cache_keep(c, k, version, o->content_type, bl, NULL, started);
	page_cache_build_end(c, k);
	pthread_mutex_unlock(&c->lock);
	if (rc != 0 || o->status != 200)
		o->etag = NULL;
	return rc;
}

void page_cache_note(struct req *r, struct buf *b)
{
	if (r->who.role != ROLE_PUBLIC)
		return;
	/* the time in Japan, as the city's pages give it */
	time_t t = time(NULL) + 9 * 3600;
	struct tm tm;
	char day[64], stamp[96];
	gmtime_r(&t, &tm);
	int en = r->lang && strcmp(r->lang, "en") == 0;
	if (en || wareki_format_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, day, sizeof day) != 0)
		snprintf(day, sizeof day, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	snprintf(stamp, sizeof stamp, "%s %02d:%02d:%02d%s", day, tm.tm_hour, tm.tm_min, tm.tm_sec, en ? " JST" : "");
	const char *text = T(r, "As of %s. Changes made since then appear here within a few seconds.");
	const char *at = strstr(text, "%s");
	if (!at)
		return;
	buf_puts(b, "<p class=\"hint cache-note\">");
	html_escn(b, text, (size_t)(at - text));
	html_printf(b, "%s%s</p>\n", stamp, at + 2);
}

/* ---- bodies kept as files ---- */

void page_cache_put_file(struct page_cache *c, const char *key, const char *version, const char *content_type,
			 struct filebody *fb)
{
	pthread_mutex_lock(&c->lock);
	int b = page_cache_building_at(c, key);
	long long started = b >= 0 ? c->building[b].started_ms : page_cache_now_ms();
	if (fb)
		page_cache_keep(c, key, version, content_type, NULL, fb, started);
	page_cache_build_end(c, key);
	pthread_mutex_unlock(&c->lock);
}

int page_cache_serve_or_build(struct page_cache *c, struct resp *o, const char *key, const char *version,
			      char served_version[PAGE_CACHE_TAG_MAX])
{
	unsigned long long h = page_cache_hash(key);
	struct page_cache_entry *e;
	pthread_mutex_lock(&c->lock);
	enum page_cache_way way = page_cache_decide(c, h, key, version, &e);
	if (way != PC_BUILD) {
		e->used = ++c->clock;
		if (way == PC_HIT)
			c->hits++;
		else
			c->stale_served++;
		if (served_version)
			snprintf(served_version, PAGE_CACHE_TAG_MAX, "%s", e->version);
		page_cache_fill(e, o);
		pthread_mutex_unlock(&c->lock);
		return 0;
	}
	c->misses++;
	c->builds++;
	pthread_mutex_unlock(&c->lock);
	if (served_version)
		snprintf(served_version, PAGE_CACHE_TAG_MAX, "%s", version);
	return 1;
}

void page_cache_counters(struct page_cache *c, struct page_cache_counters *out)
{
	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&c->lock);
	for (int i = 0; c->slots && i < c->max_entries; i++) {
		out->entries += c->slots[i].key != NULL;
		out->file_entries += c->slots[i].key && c->slots[i].file;
	}
	out->bytes = c->bytes;
	out->file_bytes = c->file_bytes;
	out->hits = c->hits;
	out->misses = c->misses;
	out->builds = c->builds;
	out->stale_served = c->stale_served;
	out->waits = c->waits;
	pthread_mutex_unlock(&c->lock);
}

void page_cache_stats(struct page_cache *c, int *entries, size_t *bytes, unsigned long long *hits,
		      unsigned long long *misses)
{
	int n = 0;
	pthread_mutex_lock(&c->lock);
	for (int i = 0; c->slots && i < c->max_entries; i++)
		n += c->slots[i].key != NULL;
	if (entries)
		*entries = n;
	if (bytes)
		*bytes = c->bytes;
	if (hits)
		*hits = c->hits;
	if (misses)
		*misses = c->misses;
	pthread_mutex_unlock(&c->lock);
}
