/* store_backend: what a database backend provides to store.c (internal to src/store;
 * nothing outside the store includes it). store.h's functions dispatch through the
 * table of functions of the store they are given; each backend's struct store and
 * struct stmt begin with the common part below. Two backends: store_sqlite.c (a file
 * path) and store_pg.c (a postgresql:// or postgres:// URL). Which one opens a target
 * is decided here, in store_backend_for(), and nowhere else in the program. */
#ifndef KYODO_STORE_BACKEND_H
#define KYODO_STORE_BACKEND_H
#include "store/store.h"
#include <stddef.h>

/* A value read or written by the backend-neutral copy (store_copy.c). */
enum store_vkind { STORE_V_NULL, STORE_V_INT, STORE_V_DOUBLE, STORE_V_TEXT };
struct store_value {
	enum store_vkind kind;
	long long i;
	double d;
	const char *t;
};

/* A table of the schema as the copy and the schema comparison see it. */
struct store_column {
	char *name;
	enum store_vkind kind;	/* INT, DOUBLE or TEXT: the column's declared type */
	int notnull;
};
struct store_table {
	char *name;
	struct store_column *cols;
	int ncols;
	int has_id;		/* an integer primary key "id" that new rows are numbered by */
};

struct store_bulk;	/* rows on their way into one table (store_copy.c) */

struct store_ops {
	const char *name;		/* "SQLite", "PostgreSQL": for messages */
	const char *migrations;		/* embedded prefix of the numbered migrations: "sql/", "sql/pg/" */
	/* read_only: store_open_readonly's connection (every write fails). */
	int (*open)(const char *target, int read_only, struct store **out);
	void (*close)(struct store *st);
	const char *(*errmsg)(struct store *st);
	struct stmt *(*prepare)(struct store *st, enum stmt_id id);
	/* Raw SQL outside the statement table (the copy, the schema, tests); free with finalize. */
	struct stmt *(*prepare_sql)(struct store *st, const char *sql);
	void (*finalize)(struct stmt *s);
	void (*bind_int)(struct stmt *s, int i, long long v);
	void (*bind_double)(struct stmt *s, int i, double v);
	void (*bind_text)(struct stmt *s, int i, const char *v);
	void (*bind_null)(struct stmt *s, int i);
	void (*bind_match)(struct stmt *s, int i, const struct store_match *m);
	int (*step)(struct stmt *s);
	void (*reset)(struct stmt *s);
	long long (*col_int)(struct stmt *s, int col);
	double (*col_double)(struct stmt *s, int col);
	const char *(*col_text)(struct stmt *s, int col);
	int (*col_is_null)(struct stmt *s, int col);
	/* The outermost transaction: begin takes the one write lock (BEGIN IMMEDIATE). */
	int (*tx_begin)(struct store *st);
	int (*tx_commit)(struct store *st);
	void (*tx_rollback)(struct store *st);
	long long (*last_id)(struct store *st);
	int (*changes)(struct store *st);
	void (*set_deadline)(struct store *st, int ms);
	int (*set_cache_kib)(struct store *st, long kib);
	int (*exec_sql)(struct store *st, const char *sql);
	int (*check)(struct store *st, enum stmt_id id);
	int (*backup)(struct store *st, const char *dest);
	/* The tables that hold data (not the migrations' bookkeeping, not the search index),
	 * in the order they were created, with their columns. Allocated from a. */
	int (*tables)(struct store *st, struct arena *a, struct store_table **out, int *n);
	/* Rows into one table: begin, a row at a time, end (0 or a store_rc). */
	int (*bulk_begin)(struct store *st, const struct store_table *t, struct store_bulk **out);
	int (*bulk_row)(struct store_bulk *b, const struct store_value *v);
	int (*bulk_end)(struct store_bulk *b, int ok);
	/* After rows were written with their own ids: numbering continues after the largest. */
	int (*renumber)(struct store *st, const struct store_table *t);
	/* Foreign keys checked at commit rather than at each row (inside a transaction). */
	int (*defer_constraints)(struct store *st);
	/* After a bulk load, outside any transaction: the query planner's statistics brought
	 * up to date (PostgreSQL plans a freshly loaded table as if it were nearly empty until
	 * autovacuum comes by; SQLite plans without statistics: nothing to do). */
	int (*analyze)(struct store *st);
};

/* The common head of every backend's struct store and struct stmt. */
struct store {
	const struct store_ops *ops;
	char *target;		/* the path or URL it was opened with */
	int depth, failed;	/* transaction nesting (store.c) */
	int read_only;		/* opened by store_open_readonly */
};

struct stmt {
	struct store *st;
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

/* The backend that opens target: PostgreSQL for a postgresql:// or postgres:// URL,
 * SQLite for anything else (a file path, ":memory:", "file:…"). */
const struct store_ops *store_backend_for(const char *target);
/* 1 when target is a PostgreSQL URL. */
int store_target_is_pg(const char *target);

/* migrate.c: the highest migration number of the embedded files. */
int store_migrations_latest(void);

/* ?1, ?2 … of a statement text written for SQLite rewritten to $1, $2 … (outside quoted
 * strings and comments); *maxp gets the largest number and, when used is not NULL,
 * used[N] = 1 for each N that occurs (N < nused). malloc'd, NULL on failure. */
char *store_sql_dollar(const char *sql, int *maxp, unsigned char *used, int nused);

#endif
