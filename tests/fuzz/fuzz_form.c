// fuzz-sources: src/http/form.c src/util/arena.c
/* fuzz_form: libFuzzer target over the urlencoded form parser (src/http/form.c).
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_form.c src/http/form.c src/util/arena.c -o build/fuzz_form
 * Run:   build/fuzz_form -max_total_time=60
 * Checks: no crash; every parsed name/value is NUL-free, valid UTF-8 and findable. */
#include "http/form.h"
#include "util/arena.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1 << 20);
	struct form_fields f = { 0 };
	if (!a)
		return 0;
	if (form_parse_urlencoded(a, (const char *)data, size, &f) == 0) {
		if (f.n > FORM_MAX_FIELDS)
			abort();
		for (int i = 0; i < f.n; i++) {
			const char *n = f.kv[i].name, *v = f.kv[i].value;
			if (!n || !v || !form_utf8_valid(n, strlen(n)) || !form_utf8_valid(v, strlen(v)))
				abort();
			if (!form_get(&f, n))
				abort();
		}
	}
	arena_free(a);
	return 0;
}
