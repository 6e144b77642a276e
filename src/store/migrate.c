/* migrate: applies the numbered migrations embedded from sql/NNNN_name.sql (SQLite) or
 * sql/pg/NNNN_name.sql (PostgreSQL), in order, each in its own transaction together with
 * its row in schema_migrations. Both backends have every number: a migration written for
 * one backend only stops the migration of the other with a message that names it (and
 * tests/unit/test_store_pg.c checks the two lists are the same). */
#include "store/store_backend.h"
#include "util/embed.h"
#include "util/log.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

/* "sql/0001_init.sql" under prefix "sql/" -> 1; -1 when not a migration of that prefix. */
static int migrate_version_of(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0 || strlen(name) < n + 5 || strchr(name + n, '/'))
		return -1;
	for (int i = 0; i < 4; i++)
		if (name[n + i] < '0' || name[n + i] > '9')
			return -1;
	return atoi(name + n);
}

static const struct embed_file *migrate_find(const char *prefix, int version)
{
	for (const struct embed_file *e = embed_files; e->name; e++)
		if (migrate_version_of(e->name, prefix) == version)
			return e;
	return NULL;
}

/* The highest number any backend has a migration for. */
int store_migrations_latest(void)
{
	int max = 0;
	for (const struct embed_file *e = embed_files; e->name; e++) {
		int v = migrate_version_of(e->name, store_sqlite_ops.migrations);
		if (v < 0)
			v = migrate_version_of(e->name, store_pg_ops.migrations);
		if (v > max)
			max = v;
	}
	return max;
}

/* The table of applied migrations (created when missing, which a read-only connection
 * cannot do: there, a database without it is an error). */
static int store_schema_table(struct store *st)
{
	if (store_read_only(st))
		return 0;
	return store_exec_sql(st, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
				  "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
}

int store_schema_latest(void) { return store_migrations_latest(); }

int store_schema_version(struct store *st)
{
	if (store_schema_table(st) != 0)
		return -1;
	struct stmt *s = store_prepare(st, STMT_MIGRATION_VERSION);
	if (!s || stmt_step(s) != 1)
		return -1;
	int v = (int)stmt_int(s, 0);
	stmt_reset(s);
	return v;
}

int store_migrate(struct store *st, int *applied)
{
	*applied = 0;
	const char *prefix = st->ops->migrations;
	int have = store_schema_version(st);
	if (have < 0)
		return STORE_ERR;
	int latest = store_migrations_latest();
	for (int want = have + 1; want <= latest; want++) {
		const struct embed_file *f = migrate_find(prefix, want);
		if (!f) {
			log_error("migration %04d has no %s version (%s%04d_*.sql): the schema stays at %d", want,
				  st->ops->name, prefix, want, want - 1);
			return STORE_ERR;
		}
		if (store_begin(st) != 0)
			return STORE_ERR;
		/* Another process may have applied it while this one waited for the lock. */
		int now = store_schema_version(st);
		if (now < 0 || now >= want) {
			if (now < 0) {
				store_rollback(st);
				return STORE_ERR;
			}
			if (store_commit(st) != 0)
				return STORE_ERR;
			want = now;
			continue;
		}
		struct stmt *s;
		if (store_exec_sql(st, (const char *)f->data) != 0 ||
		    !(s = store_prepare(st, STMT_MIGRATION_RECORD))) {
			store_rollback(st);
			log_error("migration %s failed; nothing of it was applied", f->name);
			return STORE_ERR;
		}
		stmt_bind_int(s, 1, want);
		stmt_bind_text(s, 2, f->name + strlen(prefix));
		if (stmt_exec(s) != 0 || store_commit(st) != 0) {
			store_rollback(st);
			return STORE_ERR;
		}
		(*applied)++;
	}
	return STORE_OK;
}
