/* multipart: a streaming parser of multipart/form-data bodies (RFC 7578), fed in pieces
 * of any size as they arrive, with bounded memory whatever the body's length: a part's
 * headers at most MP_HEADER_MAX bytes, its data handed on as it comes (never kept). Pure:
 * no MHD, no files, no globals; the server's upload sink (multipart_upload.c) decides what
 * becomes of each part. Fuzzed in tests/fuzz/fuzz_multipart.c.
 *
 * Refused (mp_feed/mp_finish return -1 and the parser stays failed): a Content-Type without
 * a usable boundary, a body that does not start with the boundary, a part without
 * Content-Disposition: form-data and a name, headers over MP_HEADER_MAX, more than
 * MP_MAX_PARTS parts, a NUL or a bare CR or LF in headers, a body that ends before
 * the closing boundary, and whatever a callback refuses (its non-zero return). */
#ifndef KYODO_MULTIPART_H
#define KYODO_MULTIPART_H
#include <stddef.h>

#define MP_BOUNDARY_MAX 70	/* RFC 2046 */
#define MP_HEADER_MAX 4096	/* one part's header block */
#define MP_MAX_PARTS 64
#define MP_NAME_MAX 256		/* a field's name */
#define MP_FILENAME_MAX 1024	/* the filename as sent (before attach_name_clean) */
#define MP_CTYPE_MAX 256

/* One part as its headers describe it. filename is NULL for a plain field; "" when the
 * browser sent filename="" (no file chosen). */
struct mp_part {
	char name[MP_NAME_MAX + 1];
	char filename_buf[MP_FILENAME_MAX + 1];
	const char *filename;	/* filename_buf or NULL */
	char ctype[MP_CTYPE_MAX + 1];	/* the declared type, "" when none (never trusted) */
};

/* Each returns 0 to go on, non-zero to stop the parse (mp_feed then returns -1). */
struct mp_callbacks {
	int (*part_begin)(void *ctx, const struct mp_part *p);
	int (*part_data)(void *ctx, const char *data, size_t n);
	int (*part_end)(void *ctx);
};

enum mp_state { MP_PREAMBLE, MP_AFTER_BOUNDARY, MP_HEADERS, MP_BODY, MP_DONE, MP_FAILED };

struct mp_parser {
	const struct mp_callbacks *cb;
	void *ctx;
	enum mp_state state;
	char delim[MP_BOUNDARY_MAX + 5];	/* "\r\n--" boundary */
	size_t dlen;
	/* bytes not yet decided upon: a header block, or the tail of a body that may be the
	 * start of the delimiter */
	char hold[MP_HEADER_MAX + MP_BOUNDARY_MAX + 8];
	size_t nhold;
	int nparts;
	struct mp_part part;
};

/* The boundary of a Content-Type header value ("multipart/form-data; boundary=…",
 * quoted or not) into out; 0, or -1 when it is not multipart/form-data or has no valid
 * boundary (1–70 characters of RFC 2046's set). */
int mp_boundary(const char *content_type, char *out, size_t n);
/* 1 when the header value names multipart/form-data (whatever its parameters). */
int mp_is_multipart(const char *content_type);
/* 0, or -1 when content_type has no usable boundary. */
int mp_init(struct mp_parser *p, const char *content_type, const struct mp_callbacks *cb, void *ctx);
/* 0 or -1 (malformed, or a callback stopped it). */
int mp_feed(struct mp_parser *p, const char *data, size_t n);
/* After the last piece: 0 when the closing boundary was seen, -1 otherwise. */
int mp_finish(struct mp_parser *p);

#endif
