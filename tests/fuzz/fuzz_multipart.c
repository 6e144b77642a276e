// fuzz-sources: src/http/multipart.c src/http/form.c src/util/arena.c src/util/buf.c
/* fuzz_multipart: libFuzzer target over the streaming multipart/form-data parser
 * (src/http/multipart.c). The input's first byte picks how the body is cut into pieces;
 * the rest is the body, parsed with a fixed boundary and, cut differently, a second time.
 * Build: see scripts/fuzz-smoke (clang -fsanitize=fuzzer,address,undefined).
 * Checks: no crash or overread; the parts seen (names, filenames, the data) are the same
 * however the body is cut; a name is never empty and never longer than its limit. */
#include "http/multipart.h"
#include "util/buf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int f_begin(void *ctx, const struct mp_part *p)
{
	struct buf *b = ctx;
	if (!p->name[0] || strlen(p->name) > MP_NAME_MAX || (p->filename && strlen(p->filename) > MP_FILENAME_MAX))
		abort();
	buf_printf(b, "[%s|%s]", p->name, p->filename ? p->filename : "-");
	return 0;
}

static int f_data(void *ctx, const char *d, size_t n)
{
	buf_append(ctx, d, n);
	return 0;
}

static int f_end(void *ctx)
{
	buf_putc(ctx, ';');
	return 0;
}

static const struct mp_callbacks cb = { f_begin, f_data, f_end };

/* Parses the body in pieces of step bytes; the result code, what was seen in out. */
static int run(const uint8_t *d, size_t n, size_t step, struct buf *out)
{
	static struct mp_parser p;
	int rc = mp_init(&p, "multipart/form-data; boundary=XyZ", &cb, out);
	for (size_t i = 0; rc == 0 && i < n; i += step)
		rc = mp_feed(&p, (const char *)d + i, n - i < step ? n - i : step);
	return rc == 0 ? mp_finish(&p) : rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = (size_t)data[0] % 64 + 1;
	struct buf a = BUF_INIT, b = BUF_INIT;
	int ra = run(data + 1, size - 1, step, &a);
	int rb = run(data + 1, size - 1, size, &b);
	/* the same verdict and the same parts, whatever the cut (a refused body may have been
	 * refused at a different point, so only complete parses are compared) */
	if (ra != rb)
		abort();
	if (ra == 0 && (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)))
		abort();
	buf_free(&a);
	buf_free(&b);
	return 0;
}
