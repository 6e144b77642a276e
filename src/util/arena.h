/* arena: a capped bump allocator, one per request or per command.
 * Everything allocated from it is freed at once by arena_free(). Over the cap,
 * arena_alloc() returns NULL and arena_over() turns true (HTTP answers 413). */
#ifndef KYODO_ARENA_H
#define KYODO_ARENA_H
#include <stddef.h>
#include <stdarg.h>

struct arena;

struct arena *arena_new(size_t cap);	/* cap 0 = no cap */
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);	/* zeroed, 16-aligned */
char *arena_strdup(struct arena *a, const char *s);	/* NULL in, NULL out */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
int arena_over(const struct arena *a);
size_t arena_used(const struct arena *a);

#endif
