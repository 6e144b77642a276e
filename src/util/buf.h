/* buf: a growable byte buffer (heap). Appends never fail silently: on allocation
 * failure `oom` is set and later appends are ignored; check it once at the end.
 * A buffer may drain into a sink (util/spool.h): once it holds `high` bytes, an append
 * hands them to the sink and starts again empty, so a producer that writes a whole
 * export into one buf uses bounded memory. A failing sink sets `oom` too. */
#ifndef KYODO_BUF_H
#define KYODO_BUF_H
#include <stddef.h>
#include <stdarg.h>

struct buf_sink {
	/* Takes n bytes; 0, or -1 on failure. */
	int (*write)(void *arg, const void *p, size_t n);
	void *arg;
	size_t high;	/* drain once len reaches this */
};

struct buf {
	char *data;	/* always NUL-terminated when len > 0 or after buf_cstr() */
	size_t len, cap;
	int oom;
	const struct buf_sink *sink;	/* NULL: everything stays in memory */
};

#define BUF_INIT {0}
void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);	/* len = 0, keeps memory */
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
const char *buf_cstr(struct buf *b);	/* "" when empty */
char *buf_detach(struct buf *b);	/* caller frees; buffer is reset */
/* Hands what the buffer holds to its sink (no-op without one). 0, or -1 (oom set). */
int buf_drain(struct buf *b);

#endif
