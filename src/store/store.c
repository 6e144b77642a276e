/* store: the backend-neutral half of store.h — which backend opens a target, the
 * dispatch of every call to the backend of its store, transaction nesting (only the
 * outermost begin and commit reach the backend), descriptions for people with any
 * password hidden, and the ?N → $N rewrite of statement texts for PostgreSQL. The one
 * place that tells SQLite from PostgreSQL is store_backend_for(). */
#include "store/store_backend.h"
#include "util/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int store_target_is_pg(const char *target)
{
	return target && (strncasecmp(target, "postgresql://", 13) == 0 || strncasecmp(target, "postgres://", 11) == 0);
}

const struct store_ops *store_backend_for(const char *target)
{
	return store_target_is_pg(target) ? &store_pg_ops : &store_sqlite_ops;
}

static int store_open_mode(const char *target, int read_only, struct store **out)
{
	*out = NULL;
	if (!target || !*target)
		return STORE_ERR;
	const struct store_ops *ops = store_backend_for(target);
	struct store *st = NULL;
	int rc = ops->open(target, read_only, &st);
	if (rc != STORE_OK)
		return rc;
	st->ops = ops;
	st->read_only = read_only;
	if (!(st->target = strdup(target))) {
		ops->close(st);
		return STORE_ERR;
	}
	*out = st;
	return STORE_OK;
}

int store_open(const char *target, struct store **out) { return store_open_mode(target, 0, out); }
int store_open_readonly(const char *target, struct store **out) { return store_open_mode(target, 1, out); }
int store_read_only(struct store *st) { return st->read_only; }

void store_close(struct store *st)
{
	if (!st)
		return;
	char *t = st->target;
	st->ops->close(st);
	free(t);
}

int store_reopen(struct store *st, struct store **out)
{
	*out = NULL;
	const char *t = st->target;
	if (strcmp(t, ":memory:") == 0 || strncmp(t, "file:", 5) == 0)
		return STORE_ERR;	/* a second connection would see another database */
	return store_open_mode(t, st->read_only, out);
}

const char *store_target_shown(const char *target, char *out, size_t n)
{
	if (!store_target_is_pg(target)) {
		snprintf(out, n, "%s", target);
		return out;
	}
	/* postgresql://user:secret@host/db → postgresql://user:***@host/db */
	const char *scheme = strstr(target, "://") + 3;
	const char *at = strchr(scheme, '@'), *slash = strchr(scheme, '/');
	const char *colon = at ? memchr(scheme, ':', (size_t)(at - scheme)) : NULL;
	if (at && colon && (!slash || at < slash))
		snprintf(out, n, "%.*s***%s", (int)(colon + 1 - target), target, at);
	else
		snprintf(out, n, "%s", target);
	/* a password given as a parameter: ?password=… */
	char *p = strstr(out, "password=");
	if (p && strlen(p) >= 12) {
		char *end = p + 9 + strcspn(p + 9, "&");
		memmove(p + 12, end, strlen(end) + 1);
		memcpy(p + 9, "***", 3);
	}
	return out;
}

const char *store_describe_target(const char *target, char *out, size_t n)
{
	char shown[512];
	store_target_shown(target, shown, sizeof shown);
	snprintf(out, n, "%s %s", store_backend_for(target)->name, shown);
	return out;
}

const char *store_describe(struct store *st, char *out, size_t n) { return store_describe_target(st->target, out, n); }
const char *store_errmsg(struct store *st) { return st->ops->errmsg(st); }

struct stmt *store_prepare(struct store *st, enum stmt_id id)
{
	if ((unsigned)id >= STMT__MAX)
		return NULL;
	return st->ops->prepare(st, id);
}

void stmt_bind_int(struct stmt *s, int i, long long v) { s->st->ops->bind_int(s, i, v); }
void stmt_bind_double(struct stmt *s, int i, double v) { s->st->ops->bind_double(s, i, v); }
void stmt_bind_text(struct stmt *s, int i, const char *v) { s->st->ops->bind_text(s, i, v); }
void stmt_bind_null(struct stmt *s, int i) { s->st->ops->bind_null(s, i); }
void stmt_bind_match(struct stmt *s, int i, const struct store_match *m) { s->st->ops->bind_match(s, i, m); }
int stmt_step(struct stmt *s) { return s->st->ops->step(s); }
void stmt_reset(struct stmt *s) { s->st->ops->reset(s); }
long long stmt_int(struct stmt *s, int col) { return s->st->ops->col_int(s, col); }
double stmt_double(struct stmt *s, int col) { return s->st->ops->col_double(s, col); }
const char *stmt_text(struct stmt *s, int col) { return s->st->ops->col_text(s, col); }
int stmt_is_null(struct stmt *s, int col) { return s->st->ops->col_is_null(s, col); }

int stmt_exec(struct stmt *s)
{
	int rc;
	while ((rc = stmt_step(s)) == 1)
		;
	stmt_reset(s);
	return rc;
}

int store_begin(struct store *st)
{
	if (st->depth++ > 0)
		return STORE_OK;
	st->failed = 0;
	int rc = st->ops->tx_begin(st);
	if (rc != STORE_OK)
		st->depth = 0;
	return rc;
}

int store_files_dir(const char *target, char *out, size_t n)
{
	if (!target || !*target || store_target_is_pg(target) || strcmp(target, ":memory:") == 0 ||
	    strncmp(target, "file:", 5) == 0)
		return -1;
	int k = snprintf(out, n, "%s.files", target);
	return k > 0 && (size_t)k < n ? 0 : -1;
}

int store_commit(struct store *st)
{
	if (st->depth <= 0)
		return STORE_ERR;
	if (--st->depth > 0)
		return STORE_OK;
	if (st->failed) {
		st->ops->tx_rollback(st);
		return STORE_ERR;
	}
	int rc = st->ops->tx_commit(st);
	if (rc != STORE_OK)
		st->ops->tx_rollback(st);
	return rc;
}

void store_rollback(struct store *st)
{
	if (st->depth <= 0)
		return;
	if (--st->depth > 0) {
		st->failed = 1;
		return;
	}
	st->ops->tx_rollback(st);
}

long long store_last_id(struct store *st) { return st->ops->last_id(st); }
int store_changes(struct store *st) { return st->ops->changes(st); }
void store_set_deadline(struct store *st, int ms) { st->ops->set_deadline(st, ms); }
int store_set_cache_kib(struct store *st, long kib) { return st->ops->set_cache_kib(st, kib); }
int store_exec_sql(struct store *st, const char *sql) { return st->ops->exec_sql(st, sql); }

int store_check_statement(struct store *st, enum stmt_id id)
{
	return (unsigned)id < STMT__MAX ? st->ops->check(st, id) : STORE_ERR;
}
int store_backup(struct store *st, const char *dest_path) { return st->ops->backup(st, dest_path); }

/* Skips a quoted string or comment starting at p; returns where it ends (p if none). */
static const char *sql_skip(const char *p)
{
	if (*p == '\'' || *p == '"') {
		char q = *p++;
		while (*p && !(*p == q && p[1] != q))
			p += *p == q ? 2 : 1;
		return *p ? p + 1 : p;
	}
	if (p[0] == '-' && p[1] == '-')
		return p + strcspn(p, "\n");
	if (p[0] == '/' && p[1] == '*') {
		const char *e = strstr(p + 2, "*/");
		return e ? e + 2 : p + strlen(p);
	}
	return p;
}

char *store_sql_dollar(const char *sql, int *maxp, unsigned char *used, int nused)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1), *o = out;
	int max = 0;
	if (!out)
		return NULL;
	for (const char *p = sql; *p;) {
		const char *q = sql_skip(p);
		if (q != p) {
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q;
			continue;
		}
		if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int v = atoi(p + 1);
			if (v > max)
				max = v;
			if (used && v < nused)
				used[v] = 1;
			*o++ = '$';
			p++;
			continue;
		}
		*o++ = *p++;
	}
	*o = 0;
	if (maxp)
		*maxp = max;
	return out;
}
