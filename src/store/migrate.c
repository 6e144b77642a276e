/* migrate: applies the numbered migrations embedded from sql/NNNN_name.sql, in order,
 * each in its own transaction together with its row in schema_migrations. */
#include "store/store.h"
#include "util/embed.h"
#include "util/log.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

static int migrate_version_of(const char *name)
{
	/* "sql/0001_init.sql" -> 1 */
	if (strncmp(name, "sql/", 4) != 0 || strlen(name) < 9)
		return -1;
	return atoi(name + 4);
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

int store_schema_latest(void)
{
	int latest = 0;
	for (const struct embed_file *e = embed_files; e->name; e++)
		if (migrate_version_of(e->name) > latest)
			latest = migrate_version_of(e->name);
	return latest;
}

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
	int have = store_schema_version(st);
	if (have < 0)
		return STORE_ERR;
	for (int want = have + 1;; want++) {
		const struct embed_file *f = NULL;
		for (const struct embed_file *e = embed_files; e->name; e++)
			if (migrate_version_of(e->name) == want)
				f = e;
		if (!f)
			break;
		if (store_begin(st) != 0)
			return STORE_ERR;
		struct stmt *s;
		if (store_exec_sql(st, (const char *)f->data) != 0 ||
		    !(s = store_prepare(st, STMT_MIGRATION_RECORD))) {
			store_rollback(st);
			log_error("migration %s failed; nothing of it was applied", f->name);
			return STORE_ERR;
		}
		stmt_bind_int(s, 1, want);
		stmt_bind_text(s, 2, f->name + 4);
		if (stmt_exec(s) != 0 || store_commit(st) != 0) {
			store_rollback(st);
			return STORE_ERR;
		}
		(*applied)++;
	}
	return STORE_OK;
}
