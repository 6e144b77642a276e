/* store_pg: the PostgreSQL backend's insides, shared by store_pg.c (connection,
 * statements, transactions, the copy) and store_pg_search.c (the search index kept from
 * C). Internal to src/store. */
#ifndef KYODO_STORE_PG_H
#define KYODO_STORE_PG_H
#include "store/store_backend.h"
#include <libpq-fe.h>
#include <time.h>

enum pg_kind {
	PGK_PLAIN,	/* prepared once on the server, executed with the bound values */
	PGK_STREAM,	/* read through a cursor, PG_FETCH rows at a time (SQL_STREAMED) */
	PGK_INDEX,	/* the search index: each returned row's entry written (SQL_PG_INDEX) */
	PGK_REINDEX,	/* the search index rebuilt from the returned rows (SQL_PG_REINDEX) */
};

#define PG_FETCH 1000	/* rows per FETCH of a streamed statement */
#define PG_PIPE_MAX 200	/* deferred writes sent before their answers are read */

struct pg_stmt {
	struct stmt base;
	int id;			/* enum stmt_id, or -1 for raw SQL (prepare_sql) */
	char *sql;		/* with $N, markers removed */
	enum pg_kind kind;
	char *index_table;	/* PGK_INDEX, PGK_REINDEX */
	int is_write;		/* INSERT, UPDATE, DELETE: takes the write lock */
	int deferrable;		/* a write without RETURNING: inside a transaction it is sent at once
				 * and its answer read with the next statement's (pipeline) */
	int nparams;		/* the largest $N */
	unsigned char *used;	/* used[N] for N in 1..nparams */
	int prepared;		/* PQprepare done on this connection */
	char **vals;		/* bound values as text (NULL = SQL NULL), 1-based */
	int nvals;
	int custom;		/* planned with the values at hand (a search was bound) */
	PGresult *res;
	int row, executed, done;
	int cursor;		/* a cursor is open (PGK_STREAM) */
	int cursor_more;	/* the last FETCH was full: there may be more */
	char cursor_name[24];
};

struct pg_store {
	struct store base;
	PGconn *conn;
	PGcancel *cancel;
	struct pg_stmt stmts[STMT__MAX];
	char err[512];
	long long last_id;
	int last_id_ok;		/* the last INSERT returned an id */
	int changes;
	long long tx_rows;	/* rows written by the open transaction */
	struct timespec deadline;
	int has_deadline;
	int in_tx;		/* a transaction is open on the server */
	int implicit_tx;	/* opened by the backend for a cursor, not by store_begin */
	int cursors;		/* cursors open */
	unsigned cursor_seq;
	long long n_trips, n_ahead;	/* round trips waited for, writes sent ahead (KYODO_PG_STATS) */
	long long n_sync[STMT__MAX];	/* statements waited for, by id */
	int pipeline;		/* in libpq's pipeline mode, with pending writes unread */
	int pending;
	int deferred_rc;	/* the kind of the last failure of a write sent ahead (pg_tx_commit_now) */
	int pending_ids[PG_PIPE_MAX];	/* their statement ids, for the message of a failure */
};

#define PG(st) ((struct pg_store *)(st))
#define PS(s) ((struct pg_stmt *)(s))

/* store_pg.c */
/* Runs sql with the text values (NULL = SQL NULL) and returns its result (NULL on an error,
 * whose store_rc is in *rc and message in st->err). Waits no longer than the deadline. */
PGresult *pg_run(struct pg_store *st, const char *sql, int n, const char *const *vals, int *rc);
/* The same with the parameters' types (0: the server infers it). */
PGresult *pg_run_typed(struct pg_store *st, const char *sql, int n, const Oid *types, const char *const *vals, int *rc);
/* The types of a statement's parameters: inferred, text for one its text never reads. */
Oid *pg_types(struct pg_stmt *s);
/* The answers of the writes sent ahead (pipeline) read, the pipeline left: 0, or the
 * store_rc of the first that failed (the transaction is then aborted). Called before
 * anything else is sent. */
int pg_collect(struct pg_store *st);
/* The store_rc of a failed result, its message copied into st->err and logged. */
int pg_fail(struct pg_store *st, PGresult *res, const char *what);
/* COPY table (cols) FROM STDIN, the rows already in COPY's text format. */
int pg_copy_in(struct pg_store *st, const char *table_cols, const char *data, size_t len);
/* The bound values for $1 … $nparams, in buf when it has room (else malloc'd). */
const char **pg_values(struct pg_stmt *s, const char **buf, int cap);
/* Around a write: the write lock taken unless a transaction holds it (*implicit: a
 * transaction of its own, which pg_write_end commits when rc is 0, else rolls back). */
int pg_write_begin(struct pg_store *st, int *implicit);
int pg_write_end(struct pg_store *st, int implicit, int rc);
/* Appends s to b escaped for COPY's text format. */
struct buf;
void pg_copy_escape(struct buf *b, const char *s);

/* store_pg_search.c */
/* Executes a PGK_INDEX or PGK_REINDEX statement. 0 or a store_rc. */
int pg_search_index(struct pg_store *st, struct pg_stmt *s);
int pg_search_reindex(struct pg_store *st, struct pg_stmt *s);
/* A search as four array literals: the keys all required (integer[]), the tags required,
 * the tags excluded, the phrases to find in body (text[]). 0, or -1 when out of memory
 * (each malloc'd). */
int pg_search_match_values(const struct store_match *m, char **keys, char **tags, char **not, char **phrases);

#endif
