/* buf: growable byte buffer (see buf.h). */
#include "buf.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

void buf_init(struct buf *b) { memset(b, 0, sizeof *b); }

void buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

static int buf_grow(struct buf *b, size_t need)
{
	if (b->oom)
		return -1;
	if (b->len + need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + need + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_drain(struct buf *b)
{
	if (!b->sink || b->oom)
		return b->oom ? -1 : 0;
	if (b->len && b->sink->write(b->sink->arg, b->data, b->len) != 0) {
		b->oom = 1;
		return -1;
	}
	buf_reset(b);
	return 0;
}

void buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
	if (b->sink && b->len >= b->sink->high)
		buf_drain(b);
}

void buf_puts(struct buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(struct buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	if (b->sink && b->len >= b->sink->high)
		buf_drain(b);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *buf_cstr(struct buf *b) { return b->data ? b->data : ""; }

char *buf_detach(struct buf *b)
{
	char *p = b->data;
	if (!p)
		p = calloc(1, 1);
	memset(b, 0, sizeof *b);
	return p;
}
