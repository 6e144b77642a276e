/* page_cache: the shared cache of rendered responses for anonymous viewers (see
 * page_cache.h). A fixed array of slots per cache; a lookup compares the key's hash
 * first, so a scan of a few hundred slots costs well under a microsecond. */
#include "html/page_cache.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/spool.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE_CACHE_KEY_MAX 2048
#define PAGE_CACHE_VERSION_MAX 64

/* A rendered body shared by the cache and the responses being sent. */
struct page_cache_blob {
	int refs;	/* __atomic */
	size_t len;
	char data[];
};

struct page_cache_entry {
	unsigned long long hash, used;
	char *key;	/* malloc'd; NULL = free slot */
	char version[PAGE_CACHE_VERSION_MAX];
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

/* The slots, allocated on first use (the lock is held); NULL when memory is short. */
static struct page_cache_entry *page_cache_slots(struct page_cache *c)
{
	if (!c->slots && c->max_entries > 0)
		c->slots = calloc((size_t)c->max_entries, sizeof *c->slots);
	return c->slots;
}

static struct page_cache_entry *page_cache_find(struct page_cache *c, unsigned long long h, const char *key)
{
	for (int i = 0; i < c->max_entries; i++) {
		struct page_cache_entry *e = &c->slots[i];
		if (e->key && e->hash == h && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
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
	struct page_cache_blob *hit = NULL;
	const char *ct = NULL;
	pthread_mutex_lock(&c->lock);
	if (page_cache_slots(c)) {
		struct page_cache_entry *e = page_cache_find(c, h, key);
		if (e && e->file && strcmp(e->version, version) == 0) {	/* a body kept as a file */
			e->used = ++c->clock;
			c->hits++;
			struct filebody *fb = filebody_ref(e->file);
			ct = e->content_type;
			pthread_mutex_unlock(&c->lock);
			resp_file(o, fb);
			o->status = 200;
			o->content_type = ct;
			return 1;
		}
		if (e && e->file) {
			e = NULL;	/* an older file: page_cache_serve_or_build decides */
		} else if (e && strcmp(e->version, version) == 0) {
			hit = e->blob;
			ct = e->content_type;
			__atomic_add_fetch(&hit->refs, 1, __ATOMIC_ACQ_REL);
			e->used = ++c->clock;
		} else if (e) {	/* built from an older version: never sent again */
			page_cache_drop(c, e);
		}
	}
	if (hit)
		c->hits++;
	else
		c->misses++;
	pthread_mutex_unlock(&c->lock);
	if (!hit)
		return 0;
	o->status = 200;
	o->content_type = ct;
	o->shared_body = hit->data;
	o->shared_len = hit->len;
	o->shared_release = page_cache_blob_release;
	o->shared_arg = hit;
	return 1;
}

void page_cache_put(struct page_cache *c, const char *key, const char *version, const struct resp *o)
{
	const struct buf *page = &o->body;
	size_t klen = strlen(key);
	if (o->status != 200 || page->oom || page->len == 0 || klen >= PAGE_CACHE_KEY_MAX ||
	    strlen(version) >= PAGE_CACHE_VERSION_MAX || page->len + klen > c->max_bytes / 4)
		return;
	struct page_cache_blob *bl = malloc(sizeof *bl + page->len);
	char *k = malloc(klen + 1);
	if (!bl || !k) {
		free(bl);
		free(k);
		return;
	}
	bl->refs = 1;
	bl->len = page->len;
	memcpy(bl->data, page->data, page->len);
	memcpy(k, key, klen + 1);
	unsigned long long h = page_cache_hash(key);
	pthread_mutex_lock(&c->lock);
	if (!page_cache_slots(c)) {
		pthread_mutex_unlock(&c->lock);
		free(bl);
		free(k);
		return;
	}
	struct page_cache_entry *slot = page_cache_find(c, h, key);
	if (slot)	/* another worker built the same page: keep the newer copy */
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
		if (slot && c->bytes + bl->len + klen <= c->max_bytes)
			break;
		if (!lru)
			break;
		page_cache_drop(c, lru);
	}
	if (!slot) {	/* cannot happen with max_entries > 0 */
		pthread_mutex_unlock(&c->lock);
		log_warn("page cache %s: no slot", c->name ? c->name : "?");
		free(bl);
		free(k);
		return;
	}
	slot->hash = h;
	slot->key = k;
	memcpy(slot->version, version, strlen(version) + 1);
	slot->content_type = o->content_type;
	slot->blob = bl;
	slot->used = ++c->clock;
	c->bytes += bl->len + klen;
	pthread_mutex_unlock(&c->lock);
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
	if (page_cache_revalidate(r, o, arena_printf(r->a, "v%s-%016llx", version, page_cache_hash(k))))
		return 0;
	if (page_cache_serve(c, o, k, version))
		return 0;
	int rc = render(r, o, arg);
	if (rc == 0 && o->status == 200)
		page_cache_put(c, k, version, o);
	else
		o->etag = NULL;
	return rc;
}

/* ---- bodies kept as files ---- */

static int page_cache_building_at(struct page_cache *c, const char *key)
{
	for (int i = 0; i < PAGE_CACHE_BUILDS; i++)
		if (c->building[i].key && strcmp(c->building[i].key, key) == 0)
			return i;
	return -1;
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

void page_cache_put_file(struct page_cache *c, const char *key, const char *version, const char *content_type,
			 struct filebody *fb)
{
	size_t klen = strlen(key);
	uint64_t size = filebody_size(fb);
	char *k = NULL;
	pthread_mutex_lock(&c->lock);
	if (!fb || klen >= PAGE_CACHE_KEY_MAX || strlen(version) >= PAGE_CACHE_VERSION_MAX || size > c->max_file_bytes ||
	    !page_cache_slots(c) || !(k = malloc(klen + 1))) {
		page_cache_build_end(c, key);
		pthread_mutex_unlock(&c->lock);
		return;
	}
	memcpy(k, key, klen + 1);
	unsigned long long h = page_cache_hash(key);
	struct page_cache_entry *slot = page_cache_find(c, h, key);
	if (slot)	/* the previous copy (or another worker's): the newer one stays */
		page_cache_drop(c, slot);
	for (;;) {	/* a free slot, and the files under their bound, evicting the least recently used */
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
		if (slot && c->file_bytes + size <= c->max_file_bytes)
			break;
		if (!lru)
			break;
		page_cache_drop(c, lru);
	}
	if (slot) {
		slot->hash = h;
		slot->key = k;
		memcpy(slot->version, version, strlen(version) + 1);
		slot->content_type = content_type;
		slot->file = filebody_ref(fb);
		slot->used = ++c->clock;
		c->file_bytes += size;
	} else {
		free(k);
	}
	page_cache_build_end(c, key);
	pthread_mutex_unlock(&c->lock);
}

int page_cache_serve_or_build(struct page_cache *c, struct resp *o, const char *key, const char *version,
			      char served_version[64])
{
	unsigned long long h = page_cache_hash(key);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += PAGE_CACHE_WAIT_S;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		struct page_cache_entry *e = page_cache_slots(c) ? page_cache_find(c, h, key) : NULL;
		int fresh = e && strcmp(e->version, version) == 0;
		int b = page_cache_building_at(c, key);
		int building_this = b >= 0 && strcmp(c->building[b].version, version) == 0;
		if (e && (fresh || b >= 0)) {	/* this copy, or the previous one while another builds */
			e->used = ++c->clock;
			if (fresh)
				c->hits++;
			else
				c->stale_served++;
			if (served_version)
				snprintf(served_version, 64, "%s", e->version);
			const char *ct = e->content_type;
			struct filebody *fb = e->file ? filebody_ref(e->file) : NULL;
			struct page_cache_blob *bl = e->file ? NULL : e->blob;
			if (bl)
				__atomic_add_fetch(&bl->refs, 1, __ATOMIC_ACQ_REL);
			pthread_mutex_unlock(&c->lock);
			o->status = 200;
			if (fb) {
				resp_file(o, fb);
			} else {
				resp_clear_body(o);
				o->shared_body = bl->data;
				o->shared_len = bl->len;
				o->shared_release = page_cache_blob_release;
				o->shared_arg = bl;
			}
			o->content_type = ct;
			return 0;
		}
		if (building_this) {	/* nothing to give yet: wait for the builder */
			c->waits++;
			if (pthread_cond_timedwait(&c->built, &c->lock, &until) == ETIMEDOUT)
				break;	/* the builder is stuck: build too */
			continue;
		}
		break;
	}
	/* this caller builds; an older copy stays for the others meanwhile */
	c->misses++;
	c->builds++;
	int b = page_cache_building_at(c, key);
	if (b < 0)
		for (int i = 0; i < PAGE_CACHE_BUILDS && b < 0; i++)
			if (!c->building[i].key && (c->building[i].key = strdup(key)) != NULL)
				b = i;
	if (b >= 0)
		snprintf(c->building[b].version, sizeof c->building[b].version, "%s", version);
	pthread_mutex_unlock(&c->lock);
	if (served_version)
		snprintf(served_version, 64, "%s", version);
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
