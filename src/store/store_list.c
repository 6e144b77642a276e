/* store_list: the one shape of every list reader — prepare a statement by id, bind its
 * arguments, step through the rows, copy each one into an array that lives in the
 * caller's arena — written once, on top of the backend-neutral API of store.h only
 * (store_prepare, stmt_bind_*, stmt_step, stmt_*), so it serves SQLite and PostgreSQL
 * alike. A list is read whole, or up to a maximum with `more` telling the caller that
 * rows were left: no list is ever cut without saying so. */
#include "store/store.h"
#include "util/arena.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

char *stmt_text_dup(struct stmt *s, struct arena *a, int col)
{
	const char *t = stmt_text(s, col);
	return arena_strdup(a, t ? t : "");
}

static void store_list_bind(struct stmt *s, const struct store_arg *args)
{
	for (int i = 0; args && args[i].kind != STORE_ARG_END; i++) {
		switch (args[i].kind) {
		case STORE_ARG_INT:
			stmt_bind_int(s, i + 1, args[i].i);
			break;
		case STORE_ARG_TEXT:
			stmt_bind_text(s, i + 1, args[i].t);
			break;
		case STORE_ARG_NULL:
		case STORE_ARG_END:
			stmt_bind_null(s, i + 1);
			break;
		}
	}
}

int store_list_read(struct store *st, struct arena *a, enum stmt_id id, const struct store_arg *args, int max,
		    size_t elem_size, store_row_fn row, void *ctx, struct store_list *out)
{
	memset(out, 0, sizeof *out);
	if (!elem_size || !row)
		return STORE_ERR;
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	store_list_bind(s, args);
	/* The rows grow on the heap (doubling) and land in the arena once, in one block:
	 * a long list costs its size in the arena, not the sum of every doubling. */
	char *heap = NULL;
	size_t cap = 0, n = 0;
	int rc;
	while ((rc = stmt_step(s)) == 1) {
		if (max > 0 && n == (size_t)max) {
			out->more = 1;
			break;
		}
		if (n == (size_t)INT_MAX) {
			rc = STORE_ERR;
			break;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char *p = realloc(heap, ncap * elem_size);
			if (!p) {
				rc = STORE_ERR;
				break;
			}
			heap = p;
			cap = ncap;
		}
		char *elem = heap + n * elem_size;
		memset(elem, 0, elem_size);
		if ((rc = row(s, a, elem, ctx)) != 0) {
			if (rc > 0)
				rc = STORE_ERR;
			break;
		}
		n++;
	}
	stmt_reset(s);
	if (rc == 1)
		rc = 0;	/* stopped at max */
	if (rc == 0 && arena_over(a))
		rc = STORE_ERR;	/* a text did not fit: the list would be wrong */
	if (rc == 0) {
		/* one element at least, so that callers may index rows[0] of an empty list safely */
		char *rows = arena_alloc(a, (n ? n : 1) * elem_size);
		if (!rows) {
			rc = STORE_ERR;
		} else {
			if (n)
				memcpy(rows, heap, n * elem_size);
			out->rows = rows;
			out->n = (int)n;
		}
	}
	free(heap);
	if (rc != 0)
		memset(out, 0, sizeof *out);
	return rc;
}
