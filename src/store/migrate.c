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

/* 1 when migration v is recorded, 0 when not, -1 on failure. */
static int migrate_applied(struct store *st, int v)
{
	struct stmt *s = store_prepare(st, STMT_MIGRATION_APPLIED);
	if (!s)
		return -1;
	stmt_bind_int(s, 1, v);
	int rc = stmt_step(s);
	int n = rc == 1 ? (int)stmt_int(s, 0) : -1;
	stmt_reset(s);
	return n < 0 ? -1 : n > 0;
}

/* A number some backend has a migration for (not a gap between branches' numbers). */
static int migrate_exists(int v)
{
	return migrate_find(store_sqlite_ops.migrations, v) || migrate_find(store_pg_ops.migrations, v);
}

/* The version up to which the schema is complete: the highest recorded number, or, when a
 * lower number this program has is missing (merged after a higher one was applied: 0014
 * landing after 0015), the number just before it. A "version" never hides a missing
 * migration from the checks that compare it with store_schema_latest(). */
int store_schema_version(struct store *st)
{
	if (store_schema_table(st) != 0)
		return -1;
	struct stmt *s = store_prepare(st, STMT_MIGRATION_VERSION);
	if (!s || stmt_step(s) != 1)
		return -1;
	int v = (int)stmt_int(s, 0);
	stmt_reset(s);
	for (int want = 1; want < v; want++) {
		if (!migrate_exists(want))
			continue;
		int k = migrate_applied(st, want);
		if (k < 0)
			return -1;
		if (!k)
			return want - 1;
	}
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
		/* Recorded already: a higher number applied before it, then it merged (those
		 * above have + 1 may be there, one by one). */
		int done = migrate_applied(st, want);
		if (done < 0)
			return STORE_ERR;
		if (done)
			continue;
		if (store_begin(st) != 0)
			return STORE_ERR;
		/* Another process may have applied it while this one waited for the lock. */
		done = migrate_applied(st, want);
		if (done != 0) {
			if (done < 0) {
				store_rollback(st);
				return STORE_ERR;
			}
			if (store_commit(st) != 0)
				return STORE_ERR;
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
