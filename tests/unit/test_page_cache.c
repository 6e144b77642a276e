/* test_page_cache: the shared cache of rendered responses — a hit returns the stored
 * bytes and content type without copying, a different version is a miss, the bounds on
 * entries and bytes evict the least recently used entry, a body over a quarter of the
 * byte bound is not kept, a blob being sent outlives its eviction (the last holder frees
 * it); and the rules under writes: a page is rebuilt once while the others get the
 * previous copy, only after a soft change and only within the stale bound, a hard change
 * is never answered with an older copy, a logged-in viewer always gets a fresh page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/page_cache.h"
#include "util/arena.h"
#include "util/spool.h"
#include <pthread.h>
#include <unistd.h>

static void body(struct resp *o, const char *text)
{
	memset(o, 0, sizeof *o);
	o->status = 200;
	buf_puts(&o->body, text);
}

static void release(struct resp *o)
{
	if (o->shared_release)
		o->shared_release(o->shared_arg);
	buf_free(&o->body);
	memset(o, 0, sizeof *o);
}

static void hit_miss_and_versions(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("t1", 8, 1 << 20);
	struct resp o, got;
	body(&o, "<p>one</p>");
	o.content_type = "application/json";
	page_cache_put(&c, "k1|ja", "7", &o);
	buf_free(&o.body);
	memset(&got, 0, sizeof got);
	assert_int_equal(page_cache_serve(&c, &got, "k1|ja", "7"), 1);
	assert_int_equal(got.shared_len, strlen("<p>one</p>"));
	assert_memory_equal(got.shared_body, "<p>one</p>", got.shared_len);
	assert_string_equal(got.content_type, "application/json");
	release(&got);
	assert_int_equal(page_cache_serve(&c, &got, "k1|en", "7"), 0);	/* another key */
	assert_int_equal(page_cache_serve(&c, &got, "k1|ja", "8"), 0);	/* another version: not a hit … */
	assert_int_equal(page_cache_serve(&c, &got, "k1|ja", "7"), 1);	/* … but kept (it may stand in) */
	release(&got);
	int n;
	size_t bytes;
	unsigned long long hits, misses;
	page_cache_stats(&c, &n, &bytes, &hits, &misses);
	assert_int_equal(n, 1);
	assert_int_equal(hits, 2);
	assert_int_equal(misses, 2);
	/* only a 200 is kept */
	body(&o, "not found");
	o.status = 404;
	page_cache_put(&c, "k2", "1", &o);
	buf_free(&o.body);
	assert_int_equal(page_cache_serve(&c, &got, "k2", "1"), 0);
}

static void bounds_evict_lru(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("t2", 3, 4000);
	struct resp o, got;
	char key[16];
	memset(&got, 0, sizeof got);
	for (int i = 0; i < 3; i++) {
		snprintf(key, sizeof key, "k%d", i);
		body(&o, "0123456789");
		page_cache_put(&c, key, "1", &o);
		buf_free(&o.body);
	}
	/* touch k0, then a fourth entry evicts the least recently used: k1 */
	assert_int_equal(page_cache_serve(&c, &got, "k0", "1"), 1);
	release(&got);
	body(&o, "abcdefghij");
	page_cache_put(&c, "k3", "1", &o);
	buf_free(&o.body);
	assert_int_equal(page_cache_serve(&c, &got, "k1", "1"), 0);
	assert_int_equal(page_cache_serve(&c, &got, "k0", "1"), 1);
	release(&got);
	/* a body over a quarter of the bytes is not kept */
	char big[1200];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	body(&o, big);
	page_cache_put(&c, "big", "1", &o);
	buf_free(&o.body);
	assert_int_equal(page_cache_serve(&c, &got, "big", "1"), 0);
	/* bytes: three bodies of 900 fit 4000 with their keys; a fourth evicts */
	char mid[901];
	memset(mid, 'm', 900);
	mid[900] = 0;
	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof key, "m%d", i);
		body(&o, mid);
		page_cache_put(&c, key, "1", &o);
		buf_free(&o.body);
	}
	size_t bytes;
	int n;
	page_cache_stats(&c, &n, &bytes, NULL, NULL);
	assert_true(bytes <= 4000);
	assert_true(n <= 3);
	assert_int_equal(page_cache_serve(&c, &got, "m4", "1"), 1);
	release(&got);
}

static void blob_outlives_eviction(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("t3", 1, 1 << 20);
	struct resp o, sending;
	memset(&sending, 0, sizeof sending);
	body(&o, "first page");
	page_cache_put(&c, "a", "1", &o);
	buf_free(&o.body);
	assert_int_equal(page_cache_serve(&c, &sending, "a", "1"), 1);
	/* while "first page" is being sent, a new entry takes the only slot */
	body(&o, "second page");
	page_cache_put(&c, "b", "1", &o);
	buf_free(&o.body);
	assert_memory_equal(sending.shared_body, "first page", 10);	/* still valid (ASan checks) */
	release(&sending);
}

/* A finished spool holding text. */
static struct filebody *file_of(const char *text)
{
	struct spool sp;
	struct filebody *fb;
	assert_int_equal(spool_open(&sp), 0);
	buf_puts(&sp.out, text);
	assert_int_equal(spool_finish(&sp, &fb), 0);
	return fb;
}

static void file_text(const struct resp *o, char *out, size_t n)
{
	assert_non_null(o->file);
	ssize_t k = filebody_read(o->file, 0, out, n - 1);
	assert_true(k >= 0);
	out[k] = 0;
}

static void release_file(struct resp *o)
{
	resp_clear_body(o);
	memset(o, 0, sizeof *o);
}

/* A body kept as a file: served from the file (no copy in memory), counted on disk, a
 * newer version builds, an older file outlives its replacement while being sent. */
static void file_entries(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_FILES_INIT("f1", 4, 1 << 20, 0);
	struct resp o, sending;
	char text[64];
	memset(&o, 0, sizeof o);
	memset(&sending, 0, sizeof sending);
	assert_int_equal(page_cache_serve_or_build(&c, &o, "json", "d|1", NULL), 1);	/* build it */
	struct filebody *fb = file_of("version one");
	page_cache_put_file(&c, "json", "d|1", "application/json", fb);
	filebody_unref(fb);
	assert_int_equal(page_cache_serve_or_build(&c, &sending, "json", "d|1", NULL), 0);
	file_text(&sending, text, sizeof text);
	assert_string_equal(text, "version one");
	assert_string_equal(sending.content_type, "application/json");
	struct page_cache_counters k;
	page_cache_counters(&c, &k);
	assert_int_equal(k.file_entries, 1);
	assert_int_equal(k.bytes, 0);
	assert_int_equal(k.file_bytes, 11);
	assert_int_equal(k.builds, 1);
	assert_int_equal(k.hits, 1);
	/* version 2 (a soft change): this caller builds; meanwhile another gets version 1 (and says so) */
	assert_int_equal(page_cache_serve_or_build(&c, &o, "json", "d|2", NULL), 1);
	char served[PAGE_CACHE_TAG_MAX];
	struct resp other;
	memset(&other, 0, sizeof other);
	assert_int_equal(page_cache_serve_or_build(&c, &other, "json", "d|2", served), 0);
	assert_string_equal(served, "d|1");
	release_file(&other);
	fb = file_of("version two");
	page_cache_put_file(&c, "json", "d|2", "application/json", fb);
	filebody_unref(fb);
	file_text(&sending, text, sizeof text);	/* the replaced file is still readable */
	assert_string_equal(text, "version one");
	release_file(&sending);
	assert_int_equal(page_cache_serve_or_build(&c, &o, "json", "d|2", served), 0);
	assert_string_equal(served, "d|2");
	file_text(&o, text, sizeof text);
	assert_string_equal(text, "version two");
	release_file(&o);
	page_cache_counters(&c, &k);
	assert_int_equal(k.file_entries, 1);
	assert_int_equal(k.file_bytes, 11);
	assert_int_equal(k.stale_served, 1);
	/* a failed build lets the next caller build */
	assert_int_equal(page_cache_serve_or_build(&c, &o, "csv", "2", NULL), 1);
	page_cache_build_abort(&c, "csv");
	assert_int_equal(page_cache_serve_or_build(&c, &o, "csv", "2", NULL), 1);
	page_cache_build_abort(&c, "csv");
	/* over the disk bound: not kept */
	static struct page_cache small = PAGE_CACHE_FILES_INIT("f2", 4, 5, 0);
	assert_int_equal(page_cache_serve_or_build(&small, &o, "x", "1", NULL), 1);
	fb = file_of("too long for it");
	page_cache_put_file(&small, "x", "1", "text/plain", fb);
	filebody_unref(fb);
	assert_int_equal(page_cache_serve_or_build(&small, &o, "x", "1", NULL), 1);
	page_cache_build_abort(&small, "x");
}

/* Eight callers at once, no copy yet: one builds (slowly), the seven others wait and are
 * served its file; the body is built once. */
static struct page_cache sf = PAGE_CACHE_FILES_INIT("f3", 4, 1 << 20, 0);

static void *single_flight_caller(void *arg)
{
	int *outcome = arg;	/* 1 built, 2 served */
	struct resp o;
	memset(&o, 0, sizeof o);
	if (page_cache_serve_or_build(&sf, &o, "big", "7", NULL) == 1) {
		usleep(300 * 1000);	/* a long build */
		struct filebody *fb = file_of("the big file");
		page_cache_put_file(&sf, "big", "7", "application/json", fb);
		filebody_unref(fb);
		*outcome = 1;
		return NULL;
	}
	char text[64];
	ssize_t k = o.file ? filebody_read(o.file, 0, text, sizeof text - 1) : -1;
	*outcome = k == 12 && memcmp(text, "the big file", 12) == 0 ? 2 : -1;
	release_file(&o);
	return NULL;
}

static void built_once_when_many_ask(void **state)
{
	(void)state;
	pthread_t th[8];
	int outcome[8] = { 0 };
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, single_flight_caller, &outcome[i]), 0);
	int built = 0, served = 0;
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		built += outcome[i] == 1;
		served += outcome[i] == 2;
	}
	assert_int_equal(built, 1);
	assert_int_equal(served, 7);
	struct page_cache_counters k;
	page_cache_counters(&sf, &k);
	assert_int_equal(k.builds, 1);
	assert_true(k.waits >= 1);
}


/* ---- page_cache_respond under writes ---- */

struct page {
	const char *text;	/* the body the next render writes */
	int delay_ms;		/* how long a render takes */
	int renders;		/* __atomic */
};

static int render_page(struct req *r, struct resp *o, void *arg)
{
	struct page *p = arg;
	__atomic_add_fetch(&p->renders, 1, __ATOMIC_ACQ_REL);
	if (p->delay_ms)
		usleep((useconds_t)p->delay_ms * 1000);
	o->status = 200;
	buf_puts(&o->body, p->text);
	return 0;
}

struct ask {
	struct page_cache *c;
	const char *version;
	struct page *page;
	enum role role;
	char got[64];		/* the body answered */
};

/* One request for page "p" at version, as an anonymous viewer (or a->role). */
static void *ask_page(void *arg)
{
	struct ask *a = arg;
	struct req r;
	struct resp o;
	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	o.status = 200;
	r.a = arena_new(0);
	r.lang = "ja";
	r.who.role = a->role;
	assert_int_equal(page_cache_respond(a->c, &r, &o, "p", a->version, render_page, a->page), 0);
	const char *b = o.shared_body ? o.shared_body : o.body.data;
	size_t n = o.shared_body ? o.shared_len : o.body.len;
	snprintf(a->got, sizeof a->got, "%.*s", (int)n, b ? b : "");
	release(&o);
	arena_free(r.a);
	return NULL;
}

static const char *ask(struct page_cache *c, struct page *p, const char *version)
{
	static struct ask a;
	memset(&a, 0, sizeof a);
	a.c = c;
	a.page = p;
	a.version = version;
	ask_page(&a);
	return a.got;
}

/* A request that starts now in its own thread (a slow render), and one more after 50 ms. */
static void ask_while_building(struct page_cache *c, struct page *p, const char *version, struct ask *builder,
			       struct ask *other)
{
	pthread_t th;
	memset(builder, 0, sizeof *builder);
	memset(other, 0, sizeof *other);
	builder->c = other->c = c;
	builder->page = other->page = p;
	builder->version = other->version = version;
	assert_int_equal(pthread_create(&th, NULL, ask_page, builder), 0);
	usleep(50 * 1000);
	ask_page(other);
	pthread_join(th, NULL);
}

/* After a soft change, the first request rebuilds the page and the others meanwhile get
 * the previous copy; the page is built once. */
static void rebuilt_once_while_others_get_the_copy(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("r1", 8, 1 << 20);
	struct page p = { .text = "one" };
	struct ask b, o;
	assert_string_equal(ask(&c, &p, "d.0|1"), "one");
	assert_string_equal(ask(&c, &p, "d.0|1"), "one");
	assert_int_equal(p.renders, 1);
	p.text = "two";
	p.delay_ms = 300;
	ask_while_building(&c, &p, "d.0|2", &b, &o);
	assert_string_equal(b.got, "two");	/* the builder answers with the new page */
	assert_string_equal(o.got, "one");	/* the other got the previous copy at once */
	assert_int_equal(p.renders, 2);
	assert_string_equal(ask(&c, &p, "d.0|2"), "two");
	assert_int_equal(p.renders, 2);
	struct page_cache_counters k;
	page_cache_counters(&c, &k);
	assert_int_equal(k.stale_served, 1);
	assert_int_equal(k.builds, 2);
	/* nobody building: the request that finds the copy out of date builds at once */
	p.text = "three";
	p.delay_ms = 0;
	assert_string_equal(ask(&c, &p, "d.0|3"), "three");
	assert_int_equal(p.renders, 3);
}

/* After a hard change (the part before '|' moved), no older copy is sent: the others
 * wait for the one build. */
static void hard_change_never_answered_with_a_copy(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("r2", 8, 1 << 20);
	struct page p = { .text = "with the phone number" };
	struct ask b, o;
	assert_string_equal(ask(&c, &p, "d.0|1"), "with the phone number");
	p.text = "without it";
	p.delay_ms = 300;
	ask_while_building(&c, &p, "d.2|2", &b, &o);
	assert_string_equal(b.got, "without it");
	assert_string_equal(o.got, "without it");	/* waited for the build */
	assert_int_equal(p.renders, 2);
	struct page_cache_counters k;
	page_cache_counters(&c, &k);
	assert_int_equal(k.stale_served, 0);
	assert_true(k.waits >= 1);
	/* a tag without '|' is all hard */
	p.text = "plain";
	ask_while_building(&c, &p, "7", &b, &o);
	assert_string_equal(o.got, "plain");
}

/* A copy older than the stale bound is not sent for a newer version, even while another
 * request builds it: the bound holds. */
static void stale_bound_holds(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("r3", 8, 1 << 20);
	c.stale_ms = 200;
	struct page p = { .text = "old" };
	struct ask b, o;
	assert_string_equal(ask(&c, &p, "d.0|1"), "old");
	usleep(300 * 1000);	/* the copy is now older than the bound */
	p.text = "new";
	p.delay_ms = 300;
	ask_while_building(&c, &p, "d.0|2", &b, &o);
	assert_string_equal(o.got, "new");
	assert_int_equal(p.renders, 2);
}

/* refresh_ms: a copy younger than it is sent for a newer soft version without a build. */
static void refresh_interval_spares_builds(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("r4", 8, 1 << 20);
	c.refresh_ms = 10000;
	struct page p = { .text = "copy" };
	assert_string_equal(ask(&c, &p, "d.0|1"), "copy");
	p.text = "rebuilt";
	assert_string_equal(ask(&c, &p, "d.0|2"), "copy");
	assert_string_equal(ask(&c, &p, "d.0|3"), "copy");
	assert_int_equal(p.renders, 1);
	assert_string_equal(ask(&c, &p, "d.1|3"), "rebuilt");	/* a hard change is not delayed */
}

/* A logged-in viewer's page is personal: built for each request, never kept or served. */
static void logged_in_always_fresh(void **state)
{
	(void)state;
	static struct page_cache c = PAGE_CACHE_INIT("r5", 8, 1 << 20);
	struct page p = { .text = "public" };
	assert_string_equal(ask(&c, &p, "d.0|1"), "public");
	struct ask a = { .c = &c, .version = "d.0|1", .page = &p, .role = ROLE_STAFF };
	p.text = "personal";
	ask_page(&a);
	assert_string_equal(a.got, "personal");
	assert_string_equal(ask(&c, &p, "d.0|1"), "public");
	assert_int_equal(p.renders, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hit_miss_and_versions),
		cmocka_unit_test(bounds_evict_lru),
		cmocka_unit_test(blob_outlives_eviction),
		cmocka_unit_test(file_entries),
		cmocka_unit_test(built_once_when_many_ask),
		cmocka_unit_test(rebuilt_once_while_others_get_the_copy),
		cmocka_unit_test(hard_change_never_answered_with_a_copy),
		cmocka_unit_test(stale_bound_holds),
		cmocka_unit_test(refresh_interval_spares_builds),
		cmocka_unit_test(logged_in_always_fresh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
