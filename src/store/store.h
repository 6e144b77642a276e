/* store: the only door from domain code to SQL. Statements are named by id
 * (enum stmt_id, generated from the sql_*.def files, one per concept); each backend
 * holds the SQL text for every id, so a PostgreSQL backend can follow without
 * touching domain code. One struct store is one connection: one per worker thread.
 * SQL placeholders are written ?1, ?2 … (a PostgreSQL backend maps them to $1, $2 …). */
#ifndef KYODO_STORE_H
#define KYODO_STORE_H

enum stmt_id {
#define STMT(id, sql) id,
#include "store/stmts.def"
#undef STMT
	STMT__MAX
};

enum store_rc {
	STORE_OK = 0,
	STORE_ERR = -1,	/* anything else; the message is in store_errmsg() */
	STORE_BUSY = -2,	/* locked beyond busy_timeout: the web answers 503 */
	STORE_CONSTRAINT = -3,	/* a UNIQUE/CHECK/FK rule said no */
	STORE_INTERRUPTED = -4,	/* the deadline of store_set_deadline() passed */
};

struct store;
struct stmt;

void store_global_init(void);	/* once, before any store_open (disables malloc stats) */
int store_open(const char *path, struct store **out);	/* WAL, synchronous=FULL, foreign keys, busy_timeout */
void store_close(struct store *st);
const char *store_errmsg(struct store *st);
const char *store_path(struct store *st);

/* Prepared once per connection and reused; comes back reset with no bindings. */
struct stmt *store_prepare(struct store *st, enum stmt_id id);
/* Bind parameters, 1-based. Text NULL binds SQL NULL. */
void stmt_bind_int(struct stmt *s, int i, long long v);
void stmt_bind_double(struct stmt *s, int i, double v);
void stmt_bind_text(struct stmt *s, int i, const char *v);
void stmt_bind_null(struct stmt *s, int i);
int stmt_step(struct stmt *s);	/* 1 = a row, 0 = done, < 0 = enum store_rc */
int stmt_exec(struct stmt *s);	/* step to the end; 0 or < 0; resets the statement */
void stmt_reset(struct stmt *s);	/* release locks early; store_prepare also resets */
long long stmt_int(struct stmt *s, int col);	/* columns are 0-based */
double stmt_double(struct stmt *s, int col);
const char *stmt_text(struct stmt *s, int col);	/* NULL for SQL NULL; valid until next step */
int stmt_is_null(struct stmt *s, int col);

/* Transactions nest by depth; only the outermost begins/commits. A rollback at any
 * depth makes the outermost commit fail (returns STORE_ERR) and roll back. */
int store_begin(struct store *st);	/* BEGIN IMMEDIATE */
int store_commit(struct store *st);
void store_rollback(struct store *st);
long long store_last_id(struct store *st);
int store_changes(struct store *st);

/* Bound a long query: after ms milliseconds, steps fail with STORE_INTERRUPTED. 0 = none. */
void store_set_deadline(struct store *st, int ms);

/* The connection's page cache, in KiB (SQLite's default is 2 MiB). A bulk import raises it so
 * that pages changed inside its one transaction are not spilled to the WAL and read back. */
int store_set_cache_kib(struct store *st, long kib);

/* Raw SQL for migrations, the bench and tests only: never for domain code. */
int store_exec_sql(struct store *st, const char *sql);

/* migrate.c: apply embedded sql/NNNN_*.sql not yet applied, each in one transaction. */
int store_migrate(struct store *st, int *applied);
int store_schema_version(struct store *st);
/* Online backup to a file while the server runs (SQLite backup API). */
int store_backup(struct store *st, const char *dest_path);

#endif
