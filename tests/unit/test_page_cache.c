/* test_page_cache: the shared cache of rendered responses — a hit returns the stored
 * bytes and content type without copying, a different version is a miss and drops the
 * stale copy, the bounds on entries and bytes evict the least recently used entry, a
 * body over a quarter of the byte bound is not kept, and a blob being sent outlives its
 * eviction (the last holder frees it). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/page_cache.h"

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
	assert_int_equal(page_cache_serve(&c, &got, "k1|ja", "8"), 0);	/* newer version: stale, dropped */
	assert_int_equal(page_cache_serve(&c, &got, "k1|ja", "7"), 0);	/* gone */
	int n;
	size_t bytes;
	unsigned long long hits, misses;
	page_cache_stats(&c, &n, &bytes, &hits, &misses);
	assert_int_equal(n, 0);
	assert_int_equal(bytes, 0);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 3);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hit_miss_and_versions),
		cmocka_unit_test(bounds_evict_lru),
		cmocka_unit_test(blob_outlives_eviction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
