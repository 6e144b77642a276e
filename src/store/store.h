/* store: the only door from domain code to SQL. Statements are named by id
 * (enum stmt_id, generated from the sql_*.def files, one per concept); every id has its
 * text for each backend — SQLite (a file) and PostgreSQL (a URL) — written once with the
 * dialect's macros where the two differ (stmts.def says how), so domain code never knows
 * which database it talks to. One struct store is one connection: one per worker thread.
 * SQL placeholders are written ?1, ?2 … (the PostgreSQL backend sends them as $1, $2 …). */
#ifndef KYODO_STORE_H
#define KYODO_STORE_H
#include <stddef.h>
#include <stdio.h>

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
/* target: a file path (SQLite: WAL, synchronous=FULL, foreign keys, busy_timeout) or a
 * PostgreSQL URL (postgresql://user@host/dbname, postgresql:///kyodo, postgres://…). */
int store_open(const char *target, struct store **out);
/* A connection that only reads (a read replica, or the database of a --public-only
 * instance): it writes nothing, not even SQLite's journal mode, and every write fails
 * (PostgreSQL: default_transaction_read_only). Any target store_open takes. */
int store_open_readonly(const char *target, struct store **out);
int store_read_only(struct store *st);	/* 1 for a connection of store_open_readonly */
void store_close(struct store *st);
const char *store_errmsg(struct store *st);
/* Another connection to the same database (for a second thread), or STORE_ERR when
 * there is none to be had (an in-memory SQLite database). */
int store_reopen(struct store *st, struct store **out);
/* What the store is, for people: "SQLite kyodo.db", "PostgreSQL postgresql://kyodo@db/kyodo"
 * (a password in the URL shown as ***), into out. */
const char *store_describe(struct store *st, char *out, size_t n);
/* The same for a target not opened (messages about a target that failed to open). */
const char *store_describe_target(const char *target, char *out, size_t n);
/* The target as given, any password in it shown as ***. */
const char *store_target_shown(const char *target, char *out, size_t n);

/* The directory of files kept beside the database (attachments): "PATH.files" for a
 * SQLite file; -1 for PostgreSQL (its files need a directory given: --attach-dir) and
 * in-memory databases. */
int store_files_dir(const char *target, char *out, size_t n);

/* Prepared once per connection and reused; comes back reset with no bindings. */
struct stmt *store_prepare(struct store *st, enum stmt_id id);
/* Bind parameters, 1-based. Text NULL binds SQL NULL. */
void stmt_bind_int(struct stmt *s, int i, long long v);
void stmt_bind_double(struct stmt *s, int i, double v);
void stmt_bind_text(struct stmt *s, int i, const char *v);
void stmt_bind_null(struct stmt *s, int i);
/* A search of a full-text index (the statements that take one say so): the words as
 * jtext_fts_match() quotes them, matched in every text column of the index but its tags;
 * the tags a row must carry, and one it must not. Each backend turns it into its own
 * query: an FTS5 MATCH expression in ?i on SQLite; on PostgreSQL the keys in ?i, the
 * tags in ?i+1, the excluded tags in ?i+2 and the phrases in ?i+3 — so a statement that
 * takes a search at ?i leaves the three numbers after it to it. */
#define STORE_MATCH_TAGS 8
struct store_match {
	const char *words;	/* "\"福祉\" \"子\" *": terms ANDed */
	const char *tags[STORE_MATCH_TAGS];	/* NULL-terminated when fewer */
	const char *not_tag;	/* NULL: none */
};
void stmt_bind_match(struct stmt *s, int i, const struct store_match *m);
int stmt_step(struct stmt *s);	/* 1 = a row, 0 = done, < 0 = enum store_rc */
/* Step to the end; 0 or < 0; resets the statement. On PostgreSQL an INSERT, UPDATE or
 * DELETE without RETURNING inside a transaction is sent ahead and its answer read with the
 * next statement's (a bulk write costs a round trip per record, not per row): if it failed,
 * that next statement or the commit fails (STORE_ERR) and the transaction writes nothing;
 * store_changes() waits for it. Code that must tell STORE_CONSTRAINT from other failures of
 * a write gives its text SQL_RETURNING_ID or SQL_AWAIT (sql_dialect.h), which makes it wait
 * for its answer. */
int stmt_exec(struct stmt *s);
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
 * depth makes the outermost commit fail (returns STORE_ERR) and roll back. The outermost
 * begin takes the database's one write lock, waiting up to 3 s (then STORE_BUSY): on
 * SQLite BEGIN IMMEDIATE, on PostgreSQL a transaction-level advisory lock that every
 * write takes (store_pg.c), so code that reads and then writes inside a transaction sees
 * nobody else's write in between, on both. */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
long long store_last_id(struct store *st);
int store_changes(struct store *st);

/* Bound a long query: after ms milliseconds, steps fail with STORE_INTERRUPTED. 0 = none. */
void store_set_deadline(struct store *st, int ms);

/* The connection's page cache, in KiB (SQLite's default is 2 MiB). A bulk import raises it so
 * that pages changed inside its one transaction are not spilled to the WAL and read back. */
int store_set_cache_kib(struct store *st, long kib);

/* Tests: the statement's text compiled by the database (types resolved, tables and
 * columns found), whatever its kind. 0, or a store_rc with the message in store_errmsg(). */
int store_check_statement(struct store *st, enum stmt_id id);

/* Raw SQL for migrations, the bench and tests only: never for domain code. */
int store_exec_sql(struct store *st, const char *sql);

/* migrate.c: apply the embedded numbered migrations not yet applied, each in one
 * transaction: sql/NNNN_*.sql on SQLite, sql/pg/NNNN_*.sql on PostgreSQL (the same
 * numbers; a number missing for one backend is an error). */
int store_migrate(struct store *st, int *applied);
int store_schema_version(struct store *st);
/* The schema version this program's migrations lead to. */
int store_schema_latest(void);
/* A backup while the server runs: SQLite's online backup API into a new file; on
 * PostgreSQL, pg_dump's custom format (pg_dump must be installed). */
int store_backup(struct store *st, const char *dest_path);
/* The schema as "table column type [not null]" lines, one per column, sorted (tests
 * compare the backends' schemas with it). Allocated from a; NULL on failure. */
char *store_schema_text(struct store *st, struct arena *a);

/* store_copy.c: every table of from copied into to (migrated first) in ONE transaction of
 * to; counts and a checksum of every table compared at the end, and nothing written
 * unless they agree. A target holding data is refused unless replace is set (its rows
 * are then deleted in the same transaction). Progress and the per-table figures go to
 * report (may be NULL); the reason of a failure is in err. 0 or -1. */
struct store_copy_opts {
	int replace;
	FILE *report;
};
int store_copy(struct store *from, struct store *to, const struct store_copy_opts *o, char *err, size_t errlen);
/* The count and checksum (SHA-256 over every row's values, canonical whatever the backend)
 * of a table, as "rows sha256hex". */
int store_table_checksum(struct store *st, const char *table, long long *rows, char hex[65]);

#endif
