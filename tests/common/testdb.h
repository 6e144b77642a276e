/* testdb: a fresh database for one test, on the backend the suite runs on. Without
 * KYODO_TEST_DB (or with KYODO_TEST_DB=sqlite): a new SQLite file under /tmp. With
 * KYODO_TEST_DB=pg: a new database on the PostgreSQL server that the environment names
 * (PGHOST, PGPORT, PGUSER, PGPASSWORD, as pg_virtualenv sets them), created from
 * template0 in UTF-8 with the ICU Japanese collation as its default — so that a sort
 * that forgot COLLATE "C" shows at once — and dropped by testdb_drop. scripts/test-all
 * makes one migrated database of that kind first and names it in KYODO_TEST_PG_TEMPLATE:
 * every test's database is then a copy of it (half the time of a migration); and since
 * its cluster is thrown away at the end (KYODO_PG_THROWAWAY=1), nothing is dropped. */
#ifndef KYODO_TESTDB_H
#define KYODO_TESTDB_H
#include <stddef.h>

/* 1 when the suite runs on PostgreSQL. */
int testdb_is_pg(void);
/* A new, empty database: its path or URL into target. 0 or -1. */
int testdb_create(char *target, size_t n);
/* The same on a named backend ("sqlite" or "pg"), whatever KYODO_TEST_DB says (-1 for pg
 * when no server is configured: PGHOST unset). */
int testdb_create_on(const char *backend, char *target, size_t n);
/* A database with nothing in it at all, not even the schema (to restore a dump into). */
int testdb_create_empty(char *target, size_t n);
int testdb_create_empty_on(const char *backend, char *target, size_t n);
/* Removes it (the file and its -wal/-shm, or the database). */
void testdb_drop(const char *target);
/* Raw SQL for a test that has to set something up directly: the text for the backend the
 * suite runs on. */
const char *testdb_sql(const char *sqlite, const char *pg);
/* The directory's search index holds exactly what the rows of orgs hold: FTS5's
 * integrity-check on SQLite; on PostgreSQL org_search compared with its rebuild. 0 or
 * a store_rc. */
struct store;
int testdb_check_search_index(struct store *st);

/* On a connection of the test's own to target: the first column of the first row of sql
 * (-1 when none), and a statement run (0 or -1). */
long long testdb_scalar(const char *target, const char *sql);
int testdb_exec(const char *target, const char *sql);
/* A trigger refusing the audit rows of action (a failure in the middle of a write's
 * transaction), on either backend; and its removal. 0 or -1. */
int testdb_refuse_audit(const char *target, const char *action);
int testdb_refuse_audit_end(const char *target);
#endif
