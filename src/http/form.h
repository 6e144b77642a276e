/* form: the parsed inputs of one request — query arguments and urlencoded POST fields —
 * and the pure parser behind them (fuzzed in tests/fuzz/fuzz_form.c). The server fills a
 * struct req_inputs (req->impl); request.c answers req_query/req_form/req_header/req_cookie
 * from it. */
#ifndef KYODO_FORM_H
#define KYODO_FORM_H
#include <stddef.h>

struct arena;

struct form_kv {
	const char *name, *value;	/* NUL-terminated, valid UTF-8, in the arena */
};

struct form_fields {
	struct form_kv *kv;
	int n, cap;
};

#define FORM_MAX_FIELDS 1000

/* Parses "a=1&b=x+y%21" into out (percent-decoding, '+' as space). Empty pieces are
 * skipped; a name without '=' has the value "". Returns 0, or -1 for malformed
 * percent escapes, NUL bytes, invalid UTF-8, too many fields or arena exhaustion. */
int form_parse_urlencoded(struct arena *a, const char *data, size_t len, struct form_fields *out);
/* The first value of name, or NULL. */
const char *form_get(const struct form_fields *f, const char *name);
/* Adds one pair (copied into the arena); 0 or -1. */
int form_add(struct arena *a, struct form_fields *f, const char *name, const char *value);
/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF). */
int form_utf8_valid(const char *s, size_t n);

/* Server-private state behind req->impl. */
struct MHD_Connection;
struct req_inputs {
	struct MHD_Connection *conn;	/* NULL in unit tests */
	struct form_fields query, form;
	unsigned route_flags;	/* flags of the matched route (ROUTE_API → JSON errors) */
	const struct req_upload *upload;	/* an upload route's file (multipart_upload.h) */
};

#endif
