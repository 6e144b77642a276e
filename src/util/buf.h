/* buf: a growable byte buffer (heap). Appends never fail silently: on allocation
 * failure `oom` is set and later appends are ignored; check it once at the end. */
#ifndef KYODO_BUF_H
#define KYODO_BUF_H
#include <stddef.h>
#include <stdarg.h>

struct buf {
	char *data;	/* always NUL-terminated when len > 0 or after buf_cstr() */
	size_t len, cap;
	int oom;
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

#endif
