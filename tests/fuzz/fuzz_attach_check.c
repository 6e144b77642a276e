// fuzz-sources: src/domain/attach_check.c src/http/form.c src/util/arena.c src/util/buf.c
/* fuzz_attach_check: libFuzzer target over what an uploaded file is (src/domain/
 * attach_check.c): the type read from the content (magic bytes, a zip's directory, an
 * OLE2 directory — offsets and counts from the input itself) and the cleaning of names.
 * Checks: no crash or read past the input; a cleaned name is valid UTF-8, at most
 * ATTACH_NAME_MAX bytes, without path separators, control characters or bidi controls. */
#include "domain/attach.h"
#include "http/form.h"
#include "util/arena.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the content, copied so that a read past its end is caught */
	unsigned char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	const struct attach_type *t = attach_type_detect_mem(copy, size);
	if (t && !attach_type_by_code(t->code))
		abort();
	free(copy);

	/* the same bytes as a name */
	struct arena *a = arena_new(1 << 20);
	char *raw = arena_strndup(a, (const char *)data, size);
	const char *n = raw ? attach_name_clean(a, raw) : NULL;
	if (n) {
		size_t len = strlen(n);
		if (len == 0 || len > ATTACH_NAME_MAX || !form_utf8_valid(n, len) || strchr(n, '/') || strchr(n, '\\'))
			abort();
		for (const unsigned char *p = (const unsigned char *)n; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				abort();
		if (strstr(n, "\xE2\x80\xAE") || strstr(n, "\xE2\x80\x8F") || strstr(n, "\xE2\x81\xA6"))
			abort();
		if (!attach_disposition(a, n, 0))
			abort();
	}
	arena_free(a);
	return 0;
}
