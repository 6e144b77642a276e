/* store: the only door from domain code to SQL. Statements are named by id
 * (enum stmt_id, generated from the sql_*.def files, one per concept); each backend
 * holds the SQL text for every id, so a PostgreSQL backend can follow without
 * touching domain code. One struct store is one connection: one per worker thread.
 * SQL placeholders are written ?1, ?2 … (a PostgreSQL backend maps them to $1, $2 …). */
#ifndef KYODO_STORE_H
#define KYODO_STORE_H
#include <stddef.h>

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
/* A connection that only reads (a read replica, or the database of a --public-only
 * instance): it writes nothing, not even the journal mode, and every write fails. */
int store_open_readonly(const char *path, struct store **out);
int store_read_only(struct store *st);	/* 1 for a connection of store_open_readonly */
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

/* ---- reading a list: one helper for every list reader (store_list.c) ----
 * Every reader of a list has the same shape: prepare the statement, bind its arguments,
 * step, copy each row into an array. store_list_read does it once, on this header's API
 * only, so it works on every backend; use it for every new list (and each row function
 * copies its texts with stmt_text_dup). Rules it keeps for all of them:
 *   - max = 0 reads the list whole; max > 0 copies at most max rows and sets l->more when
 *     the statement had another row — a list is never cut without the caller knowing,
 *     who then says so (a "more" line, a link to the next page). A statement with a
 *     LIMIT should bind max + 1 for it, so that `more` can be seen.
 *   - args bind ?1, ?2, … in order, ended by STORE_ARG_END (NULL args: none).
 *   - rows land in one block from the arena a (at least one element, zeroed, even for an
 *     empty list); row(s, a, elem, ctx) fills one element and returns 0 or a store_rc,
 *     which stops the read. Any failure leaves l empty and returns a store_rc.
 * Example (org_review.c):
 *     struct store_arg args[] = { SARG_INT(org_id), SARG_END };
 *     struct store_list l;
 *     rc = store_list_read(st, a, STMT_ORG_ACCOUNTS, args, 0, sizeof(struct org_account), acc_row, NULL, &l);
 */
enum store_arg_kind { STORE_ARG_END, STORE_ARG_INT, STORE_ARG_TEXT, STORE_ARG_NULL };
struct store_arg {
	enum store_arg_kind kind;
	long long i;
	const char *t;
};
#define SARG_INT(v) { STORE_ARG_INT, (long long)(v), NULL }
#define SARG_TEXT(v) { STORE_ARG_TEXT, 0, (v) }
#define SARG_END { STORE_ARG_END, 0, NULL }
struct arena;
typedef int (*store_row_fn)(struct stmt *s, struct arena *a, void *elem, void *ctx);
struct store_list {
	void *rows;	/* n elements */
	int n;
	int more;	/* max was reached and the statement had more rows */
};
int store_list_read(struct store *st, struct arena *a, enum stmt_id id, const struct store_arg *args, int max,
		    size_t elem_size, store_row_fn row, void *ctx, struct store_list *l);
/* The text of column col copied into a ("" for SQL NULL); NULL only when a is full. */
char *stmt_text_dup(struct stmt *s, struct arena *a, int col);

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
/* The schema version this program's migrations lead to. */
int store_schema_latest(void);
/* Online backup to a file while the server runs (SQLite backup API). */
int store_backup(struct store *st, const char *dest_path);

#endif
