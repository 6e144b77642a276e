/* sql_dialect: the few places where SQLite's and PostgreSQL's SQL differ, as macros the
 * statement texts of the sql_*.def files use. Each backend includes this header before it
 * expands stmts.def: store_sqlite.c as it is, store_pg.c after defining
 * KYODO_DIALECT_PG, so every statement is written once and has its text for both.
 *
 * Write portable SQL first (it usually exists: CASE instead of sum(boolean), ON CONFLICT
 * instead of INSERT OR REPLACE, string_agg/group_concat aside). Then:
 *   SQL_NOW               the time now, UTC, as text: 2026-04-01T09:30:00Z (the same for every
 *                         row of one statement, as SQLite's 'now' within a step)
 *   SQL_NOW_MS            the same with milliseconds: 2026-04-01T09:30:00.123Z
 *   SQL_NOW_PLUS(p)       now moved by the modifier text in parameter p ('-12 months', '-1 hour')
 *   SQL_RETURNING_ID      after an INSERT whose new id store_last_id() reads
 *   SQL_LIMIT(p)          LIMIT p, where p = -1 means no limit
 *   SQL_INT(x)            x (text, e.g. NULLIF(?5, '')) as an integer column's value
 *   SQL_AWAIT             after an UPDATE or DELETE (or an INSERT without SQL_RETURNING_ID)
 *                         whose STORE_CONSTRAINT the code tells apart from other failures:
 *                         PostgreSQL then waits for its answer instead of sending it ahead
 *                         (store.h, stmt_exec)
 *   SQL_LIKE              " LIKE ", case-insensitive for ASCII letters only (SQLite's LIKE;
 *                         ILIKE on PostgreSQL's "C" columns), other characters exactly
 *   SQL_STREAMED          first in a query that may return very many rows (a plan's whole
 *                         tree): PostgreSQL reads it through a cursor, a batch at a time
 *   SQL_PICK(sqlite, pg)  anything else: the text of each backend
 * and, for PostgreSQL only, a search index kept from C (store_pg_search.c): a query that
 * returns (id, text columns …, tags) with in front of it
 *   SQL_PG_INDEX("t")     writes each returned row's entry into table t (id, keys, body)
 *   SQL_PG_REINDEX("t")   replaces every entry of t by those of the returned rows
 * Text columns are COLLATE "C" on PostgreSQL (sql/pg/), so ORDER BY, comparisons and
 * lower() behave as SQLite's BINARY collation does (byte order, ASCII case only), whatever
 * the server's locale. PostgreSQL must know each parameter's type from the text: one that
 * is only tested with IS NULL needs CAST(?2 AS TEXT) IS NULL. A plain LIKE is case-insensitive for ASCII on SQLite only: write
 * SQL_LIKE. Booleans come back as 0/1 through stmt_int on both.
 * tests/unit/test_store_pg.c prepares every statement on a real PostgreSQL. */
#ifndef KYODO_SQL_DIALECT_H
#define KYODO_SQL_DIALECT_H

#ifdef KYODO_DIALECT_PG
#define SQL_PICK(sqlite, pg) pg
#define SQL_PG_TS(t, fmt) "to_char((" t ") AT TIME ZONE 'UTC', '" fmt "')"
#define SQL_NOW SQL_PG_TS("statement_timestamp()", "YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"")
#define SQL_NOW_MS SQL_PG_TS("statement_timestamp()", "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"")
#define SQL_NOW_PLUS(p) SQL_PG_TS("statement_timestamp() + CAST(" p " AS interval)", "YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"")
#define SQL_RETURNING_ID " RETURNING id"
#define SQL_LIMIT(p) "LIMIT NULLIF(" p ", -1)"
#define SQL_INT(x) "CAST(" x " AS bigint)"
#define SQL_STREAMED "/*kyodo:stream*/ "
#define SQL_LIKE " ILIKE "
#define SQL_AWAIT " RETURNING 1"
#else
#define SQL_PICK(sqlite, pg) sqlite
#define SQL_NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define SQL_NOW_MS "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
#define SQL_NOW_PLUS(p) "strftime('%Y-%m-%dT%H:%M:%SZ','now', " p ")"
#define SQL_RETURNING_ID ""
#define SQL_LIMIT(p) "LIMIT " p
#define SQL_INT(x) x
#define SQL_STREAMED ""
#define SQL_LIKE " LIKE "
#define SQL_AWAIT ""
#endif
#define SQL_PG_INDEX(t) "/*kyodo:index " t "*/ "
#define SQL_PG_REINDEX(t) "/*kyodo:reindex " t "*/ "

#endif
