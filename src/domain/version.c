/* version: the versions of what cached public pages are built from (see version.h). */
#include "domain/version.h"
#include "store/store.h"
#include <stdio.h>

int version_tag(struct store *st, const char *scope, char out[VERSION_TAG_MAX])
{
	struct stmt *s = store_prepare(st, STMT_VERSION_TAG);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, scope);
	int rc = stmt_step(s);
	long long d = 0, v = 0, f = 0;
	if (rc == 1) {
		d = stmt_int(s, 0);
		v = stmt_int(s, 1);
		f = stmt_int(s, 2);
	}
	stmt_reset(s);
	snprintf(out, VERSION_TAG_MAX, "%lld.%lld|%lld", d, f, v);
	return rc < 0 ? rc : 0;
}

int version_bump(struct store *st, const char *scope, int hard)
{
	struct stmt *s = store_prepare(st, STMT_VERSION_BUMP);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, scope);
	stmt_bind_int(s, 2, hard ? 1 : 0);
	return stmt_exec(s);
}

int version_get(struct store *st, const char *scope, long long *version, long long *floor)
{
	struct stmt *s = store_prepare(st, STMT_VERSION_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, scope);
	int rc = stmt_step(s);
	*version = rc == 1 ? stmt_int(s, 0) : 0;
	*floor = rc == 1 ? stmt_int(s, 1) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}
