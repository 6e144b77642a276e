/* test_spool: a buf draining into a spool keeps memory bounded whatever it is given, the
 * finished file holds every byte in order, and a filebody is read by several readers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/spool.h"

static void test_spool_bounded(void **state)
{
	(void)state;
	struct spool sp;
	assert_int_equal(spool_open(&sp), 0);
	size_t most = 0;
	for (int i = 0; i < 200000; i++) {
		buf_printf(&sp.out, "row %d,テキスト\r\n", i);
		if (sp.out.len > most)
			most = sp.out.len;
	}
	assert_true(most < SPOOL_CHUNK + 64);	/* never more than one chunk in memory */
	struct filebody *fb;
	assert_int_equal(spool_finish(&sp, &fb), 0);
	uint64_t want = 0;
	char line[64];
	for (int i = 0; i < 200000; i++)
		want += (uint64_t)snprintf(line, sizeof line, "row %d,テキスト\r\n", i);
	assert_int_equal(filebody_size(fb), want);
	/* two readers at different offsets do not disturb each other (pread) */
	struct filebody *second = filebody_ref(fb);
	char a[32], b[32];
	assert_int_equal(filebody_read(fb, 0, a, 9), 9);
	int n = snprintf(line, sizeof line, "row 199999,テキスト\r\n");
	assert_int_equal(filebody_read(second, want - (uint64_t)n, b, (size_t)n), n);
	assert_memory_equal(a, "row 0,テ", 9);
	assert_memory_equal(b, line, (size_t)n);
	assert_int_equal(filebody_read(fb, want, a, 8), 0);	/* the end */
	filebody_unref(second);
	filebody_unref(fb);
}

static void test_spool_abort(void **state)
{
	(void)state;
	struct spool sp;
	assert_int_equal(spool_open(&sp), 0);
	buf_puts(&sp.out, "given up");
	spool_abort(&sp);
	spool_abort(&sp);	/* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spool_bounded),
		cmocka_unit_test(test_spool_abort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
