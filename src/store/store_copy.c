/* store_copy: a whole database from one store into another — SQLite to PostgreSQL and
 * back — in one transaction of the target, and the figures that prove the copy: the rows
 * and a checksum of every table, computed the same way on both backends (each value in a
 * canonical form of its column's declared kind, each row hashed with SHA-256, the hashes
 * added, so the order rows come in does not matter). Also the schema as text, which the
 * tests compare between the backends. Backend-neutral: written on store_backend.h's
 * table of functions. */
#include "store/store_backend.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const copy_kind_names[] = {
	[STORE_V_NULL] = "null", [STORE_V_INT] = "integer", [STORE_V_DOUBLE] = "real", [STORE_V_TEXT] = "text",
};

static int copy_line_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

char *store_schema_text(struct store *st, struct arena *a)
{
	struct store_table *t;
	int n, total = 0;
	if (st->ops->tables(st, a, &t, &n) != STORE_OK)
		return NULL;
	for (int i = 0; i < n; i++)
		total += t[i].ncols;
	char **lines = arena_alloc(a, (size_t)(total ? total : 1) * sizeof *lines);
	if (!lines)
		return NULL;
	int k = 0;
	for (int i = 0; i < n; i++)
		for (int c = 0; c < t[i].ncols; c++)
			lines[k++] = arena_printf(a, "%s %s %s%s%s\n", t[i].name, t[i].cols[c].name,
						  copy_kind_names[t[i].cols[c].kind], t[i].cols[c].notnull ? " not null" : "",
						  t[i].has_id && strcmp(t[i].cols[c].name, "id") == 0 ? " numbered" : "");
	qsort(lines, (size_t)k, sizeof *lines, copy_line_cmp);
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < k; i++)
		buf_puts(&b, lines[i] ? lines[i] : "?\n");
	char *out = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* SELECT of every column of t, streamed on PostgreSQL. */
static char *copy_select(struct arena *a, const struct store_table *t)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "/*kyodo:stream*/ SELECT ");
	for (int i = 0; i < t->ncols; i++)
		buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	buf_printf(&b, " FROM \"%s\"", t->name);
	char *out = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* Column c of the row as its declared kind. */
static void copy_value(struct stmt *s, const struct store_column *col, int c, struct store_value *v)
{
	memset(v, 0, sizeof *v);
	if (stmt_is_null(s, c)) {
		v->kind = STORE_V_NULL;
		return;
	}
	v->kind = col->kind;
	switch (col->kind) {
	case STORE_V_INT:
		v->i = stmt_int(s, c);
		break;
	case STORE_V_DOUBLE:
		v->d = stmt_double(s, c);
		break;
	default:
		v->kind = STORE_V_TEXT;
		v->t = stmt_text(s, c);
		if (!v->t)
			v->t = "";
		break;
	}
}

struct copy_sum {
	long long rows;
	uint64_t lane[4];
};

static void copy_sum_row(struct copy_sum *cs, const struct store_value *v, int n)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (int i = 0; i < n; i++) {
		char head[64];
		int len = 0;
		switch (v[i].kind) {
		case STORE_V_NULL:
			len = snprintf(head, sizeof head, "N;");
			break;
		case STORE_V_INT:
			len = snprintf(head, sizeof head, "I%lld;", v[i].i);
			break;
		case STORE_V_DOUBLE:
			len = snprintf(head, sizeof head, "D%.17g;", v[i].d);
			break;
		case STORE_V_TEXT:
			len = snprintf(head, sizeof head, "T%zu:", strlen(v[i].t));
			break;
		}
		crypto_hash_sha256_update(&h, (const unsigned char *)head, (unsigned long long)len);
		if (v[i].kind == STORE_V_TEXT)
			crypto_hash_sha256_update(&h, (const unsigned char *)v[i].t, strlen(v[i].t));
	}
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, d);
	for (int l = 0; l < 4; l++) {
		uint64_t x = 0;
		for (int b = 0; b < 8; b++)
			x |= (uint64_t)d[l * 8 + b] << (8 * b);
		cs->lane[l] += x;
	}
	cs->rows++;
}

static void copy_sum_hex(const struct copy_sum *cs, char hex[65])
{
	for (int l = 0; l < 4; l++)
		snprintf(hex + 16 * l, 17, "%016llx", (unsigned long long)cs->lane[l]);
}

/* Every row of t read from st, summed, and (when bulk is not NULL) written into bulk. */
static int copy_scan(struct store *st, struct arena *a, const struct store_table *t, struct copy_sum *cs,
		     struct store *to, struct store_bulk *bulk)
{
	memset(cs, 0, sizeof *cs);
	char *sql = copy_select(a, t);
	struct stmt *s = sql ? st->ops->prepare_sql(st, sql) : NULL;
	struct store_value *v = arena_alloc(a, (size_t)(t->ncols ? t->ncols : 1) * sizeof *v);
	if (!s || !v) {
		if (s)
			st->ops->finalize(s);
		return STORE_ERR;
	}
	int rc;
	while ((rc = stmt_step(s)) == 1) {
		for (int c = 0; c < t->ncols; c++)
			copy_value(s, &t->cols[c], c, &v[c]);
		copy_sum_row(cs, v, t->ncols);
		if (bulk && (rc = to->ops->bulk_row(bulk, v)) != STORE_OK)
			break;
	}
	st->ops->finalize(s);
	return rc == 0 ? STORE_OK : rc;
}

static const struct store_table *copy_find(const struct store_table *t, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

int store_table_checksum(struct store *st, const char *table, long long *rows, char hex[65])
{
	struct arena *a = arena_new(0);
	struct store_table *t;
	int n, rc = a ? st->ops->tables(st, a, &t, &n) : STORE_ERR;
	const struct store_table *tb = rc == STORE_OK ? copy_find(t, n, table) : NULL;
	struct copy_sum cs;
	if (rc == STORE_OK && !tb)
		rc = STORE_ERR;
	if (rc == STORE_OK)
		rc = copy_scan(st, a, tb, &cs, NULL, NULL);
	if (rc == STORE_OK) {
		*rows = cs.rows;
		copy_sum_hex(&cs, hex);
	}
	arena_free(a);
	return rc;
}

static void copy_err(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void copy_err(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
}

/* The same tables with the same columns of the same kinds. */
static int copy_same_schema(const struct store_table *f, int nf, const struct store_table *t, int nt, char *err,
			    size_t errlen)
{
	for (int i = 0; i < nf; i++) {
		const struct store_table *o = copy_find(t, nt, f[i].name);
		if (!o) {
			copy_err(err, errlen, "the target has no table %s", f[i].name);
			return -1;
		}
		if (o->ncols != f[i].ncols) {
			copy_err(err, errlen, "table %s has %d columns in the source, %d in the target", f[i].name,
				 f[i].ncols, o->ncols);
			return -1;
		}
		for (int c = 0; c < o->ncols; c++)
			if (strcmp(o->cols[c].name, f[i].cols[c].name) != 0 || o->cols[c].kind != f[i].cols[c].kind) {
				copy_err(err, errlen, "table %s: column %s of the source is %s %s in the target", f[i].name,
					 f[i].cols[c].name, o->cols[c].name, copy_kind_names[o->cols[c].kind]);
				return -1;
			}
	}
	if (nf != nt) {
		copy_err(err, errlen, "the target has %d tables, the source %d", nt, nf);
		return -1;
	}
	return 0;
}

/* The rows a freshly migrated database holds in each table (the migrations' own rows: the
 * checklist, the settings …): a target with more holds data. */
static int copy_fresh_counts(struct arena *a, const struct store_table *t, int n, long long *fresh)
{
	struct store *m;
	int applied, rc = store_open(":memory:", &m);
	if (rc != STORE_OK)
		return rc;
	rc = store_migrate(m, &applied);
	for (int i = 0; rc == STORE_OK && i < n; i++) {
		struct copy_sum cs;
		rc = copy_scan(m, a, &t[i], &cs, NULL, NULL);
		fresh[i] = cs.rows;
	}
	store_close(m);
	return rc;
}

static void copy_say(const struct store_copy_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void copy_say(const struct store_copy_opts *o, const char *fmt, ...)
{
	if (!o->report)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(o->report, fmt, ap);
	va_end(ap);
	fflush(o->report);
}

int store_copy(struct store *from, struct store *to, const struct store_copy_opts *o, char *err, size_t errlen)
{
	struct arena *a = arena_new(0);
	struct store_table *ft, *tt;
	int nf, nt, rc = STORE_ERR, applied;
	*err = 0;
	if (!a)
		return -1;
	if (strcmp(from->target, to->target) == 0) {
		copy_err(err, errlen, "the source and the target are the same database");
		goto out;
	}
	int latest = store_migrations_latest(), have = store_schema_version(from);
	if (have != latest) {
		copy_err(err, errlen, "the source's schema is at version %d, this kyodo's at %d: run kyodo migrate on it first",
			 have, latest);
		goto out;
	}
	if (from->ops->tables(from, a, &ft, &nf) != STORE_OK) {
		copy_err(err, errlen, "cannot read the source's tables: %s", store_errmsg(from));
		goto out;
	}
	if ((rc = store_begin(to)) != STORE_OK) {
		copy_err(err, errlen, "cannot begin a transaction on the target: %s", store_errmsg(to));
		goto out;
	}
	/* From here on, any failure rolls back everything, the schema included. */
	rc = STORE_ERR;
	if (store_migrate(to, &applied) != STORE_OK) {
		copy_err(err, errlen, "cannot create the schema in the target: %s", store_errmsg(to));
		goto rollback;
	}
	if (to->ops->tables(to, a, &tt, &nt) != STORE_OK) {
		copy_err(err, errlen, "cannot read the target's tables: %s", store_errmsg(to));
		goto rollback;
	}
	if (copy_same_schema(ft, nf, tt, nt, err, errlen) != 0)
		goto rollback;
	long long *fresh = arena_alloc(a, (size_t)(nf ? nf : 1) * sizeof *fresh);
	if (!fresh || copy_fresh_counts(a, ft, nf, fresh) != STORE_OK) {
		copy_err(err, errlen, "cannot count the rows of a fresh database");
		goto rollback;
	}
	for (int i = 0; i < nf; i++) {
		struct copy_sum cs;
		const struct store_table *t = copy_find(tt, nt, ft[i].name);
		if (copy_scan(to, a, t, &cs, NULL, NULL) != STORE_OK) {
			copy_err(err, errlen, "cannot read table %s of the target: %s", t->name, store_errmsg(to));
			goto rollback;
		}
		if (cs.rows > fresh[i] && !o->replace) {
			copy_err(err, errlen,
				 "the target holds data (%lld rows in %s): give --replace to delete everything in it first",
				 cs.rows, t->name);
			goto rollback;
		}
	}
	if (to->ops->defer_constraints(to) != STORE_OK) {
		copy_err(err, errlen, "cannot defer the target's foreign keys: %s", store_errmsg(to));
		goto rollback;
	}
	for (int i = nf - 1; i >= 0; i--) {
		char *del = arena_printf(a, "DELETE FROM \"%s\"", ft[i].name);
		if (!del || store_exec_sql(to, del) != STORE_OK) {
			copy_err(err, errlen, "cannot empty table %s of the target: %s", ft[i].name, store_errmsg(to));
			goto rollback;
		}
	}
	struct copy_sum *src = arena_alloc(a, (size_t)(nf ? nf : 1) * sizeof *src);
	if (!src)
		goto rollback;
	for (int i = 0; i < nf; i++) {
		const struct store_table *t = copy_find(tt, nt, ft[i].name);
		struct store_bulk *bk;
		if (to->ops->bulk_begin(to, t, &bk) != STORE_OK) {
			copy_err(err, errlen, "cannot write table %s: %s", t->name, store_errmsg(to));
			goto rollback;
		}
		int crc = copy_scan(from, a, &ft[i], &src[i], to, bk);
		int erc = to->ops->bulk_end(bk, crc == STORE_OK);
		if (crc != STORE_OK || erc != STORE_OK || to->ops->renumber(to, t) != STORE_OK) {
			copy_err(err, errlen, "copying table %s failed: %s", t->name,
				 crc != STORE_OK && *store_errmsg(from) ? store_errmsg(from) : store_errmsg(to));
			goto rollback;
		}
		copy_say(o, "copied %-28s %9lld rows\n", t->name, src[i].rows);
	}
	/* The search index is built from the copied rows (it is not a table that is copied). */
	struct stmt *s = store_prepare(to, STMT_ORG_FTS_REBUILD);
	if (!s || stmt_exec(s) != STORE_OK) {
		copy_err(err, errlen, "cannot build the search index: %s", store_errmsg(to));
		goto rollback;
	}
	copy_say(o, "checking every table: rows and SHA-256 of its values, source against target\n");
	for (int i = 0; i < nf; i++) {
		const struct store_table *t = copy_find(tt, nt, ft[i].name);
		struct copy_sum dst, again;
		char h1[65], h2[65];
		if (copy_scan(to, a, t, &dst, NULL, NULL) != STORE_OK ||
		    copy_scan(from, a, &ft[i], &again, NULL, NULL) != STORE_OK) {
			copy_err(err, errlen, "cannot read table %s back", t->name);
			goto rollback;
		}
		copy_sum_hex(&src[i], h1);
		copy_sum_hex(&dst, h2);
		if (dst.rows != src[i].rows || strcmp(h1, h2) != 0 || again.rows != src[i].rows ||
		    memcmp(again.lane, src[i].lane, sizeof again.lane) != 0) {
			copy_err(err, errlen,
				 "table %s differs after the copy (source %lld rows %s, target %lld rows %s%s)", t->name,
				 src[i].rows, h1, dst.rows, h2,
				 again.rows != src[i].rows || memcmp(again.lane, src[i].lane, sizeof again.lane)
					 ? "; the source changed meanwhile: stop the servers while copying" : "");
			goto rollback;
		}
		copy_say(o, "  %-28s %9lld rows  %.16s…  same\n", t->name, dst.rows, h2);
	}
	if ((rc = store_commit(to)) != STORE_OK) {
		copy_err(err, errlen, "the commit failed: %s", store_errmsg(to));
		goto out;
	}
	/* the copy is done; statistics for the planner, or the first requests on a fresh
	 * PostgreSQL database are planned for empty tables (a report page 5× slower) */
	if (to->ops->analyze(to) != STORE_OK)
		log_warn("copy-data: the planner's statistics were not updated (%s): autovacuum will", store_errmsg(to));
	rc = STORE_OK;
	goto out;
rollback:
	store_rollback(to);
	rc = -1;
out:
	arena_free(a);
	return rc == STORE_OK ? 0 : -1;
}
