/* testdb: fresh databases for tests (see testdb.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "testdb.h"
#include "store/store.h"
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int testdb_is_pg(void)
{
	const char *v = getenv("KYODO_TEST_DB");
	return v && (strcmp(v, "pg") == 0 || strcmp(v, "postgresql") == 0);
}

/* Runs sql on the server's maintenance database. 0 or -1. */
static int testdb_admin(const char *sql)
{
	const char *keys[] = { "dbname", NULL };
	const char *vals[] = { getenv("KYODO_TEST_PG_ADMIN_DB") ? getenv("KYODO_TEST_PG_ADMIN_DB") : "postgres", NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 0);
	int rc = -1;
	if (c && PQstatus(c) == CONNECTION_OK) {
		PGresult *r = PQexec(c, sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
		if (rc)
			fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
		PQclear(r);
	} else {
		fprintf(stderr, "testdb: cannot reach PostgreSQL: %s", c ? PQerrorMessage(c) : "out of memory\n");
	}
	PQfinish(c);
	return rc;
}

static int testdb_create_pg(char *target, size_t n, int empty)
{
	static unsigned seq;
	if (!getenv("PGHOST") && !getenv("PGPORT"))
		return -1;
	char name[64], sql[256];
	const char *tmpl = empty ? NULL : getenv("KYODO_TEST_PG_TEMPLATE");
	snprintf(name, sizeof name, "kyodo_t%ld_%u_%u", (long)getpid(), ++seq, (unsigned)rand() % 100000);
	if (tmpl && *tmpl)
		snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", name, tmpl);
	else
		snprintf(sql, sizeof sql,
			 "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'ja-JP' "
			 "LOCALE 'C.UTF-8'",
			 name);
	if (testdb_admin(sql) != 0)
		return -1;
	snprintf(target, n, "postgresql:///%s", name);
	return 0;
}

int testdb_create_on(const char *backend, char *target, size_t n)
{
	if (strcmp(backend, "pg") == 0)
		return testdb_create_pg(target, n, 0);
	snprintf(target, n, "/tmp/kyodo-test-XXXXXX");
	int fd = mkstemp(target);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int testdb_create(char *target, size_t n) { return testdb_create_on(testdb_is_pg() ? "pg" : "sqlite", target, n); }

int testdb_create_empty_on(const char *backend, char *target, size_t n)
{
	return strcmp(backend, "pg") == 0 ? testdb_create_pg(target, n, 1) : testdb_create_on("sqlite", target, n);
}

int testdb_create_empty(char *target, size_t n) { return testdb_create_empty_on(testdb_is_pg() ? "pg" : "sqlite", target, n); }

void testdb_drop(const char *target)
{
	if (!target || !*target)
		return;
	if (strncmp(target, "postgresql:///", 14) == 0) {
		char sql[256];
		if (getenv("KYODO_PG_THROWAWAY"))
			return;	/* the cluster goes at the end of the run */
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", target + 14);
		testdb_admin(sql);
		return;
	}
	char p[512];
	unlink(target);
	snprintf(p, sizeof p, "%s-wal", target);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", target);
	unlink(p);
}

const char *testdb_sql(const char *sqlite, const char *pg) { return testdb_is_pg() ? pg : sqlite; }

int testdb_check_search_index(struct store *st)
{
	if (!testdb_is_pg())
		return store_exec_sql(st, "INSERT INTO org_fts(org_fts) VALUES('integrity-check')");
	int rc = store_exec_sql(st, "CREATE TEMP TABLE kyodo_s0 AS SELECT * FROM org_search");
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ORG_FTS_REBUILD) : NULL;
	if (rc == 0)
		rc = s ? stmt_exec(s) : -1;
	if (rc == 0)
		rc = store_exec_sql(st, "DO $$ BEGIN IF EXISTS (SELECT * FROM kyodo_s0 EXCEPT SELECT * FROM org_search) "
					"OR EXISTS (SELECT * FROM org_search EXCEPT SELECT * FROM kyodo_s0) THEN "
					"RAISE EXCEPTION 'the search index differs from its rebuild'; END IF; END $$");
	store_exec_sql(st, "DROP TABLE IF EXISTS kyodo_s0");
	return rc;
}

/* One connection of the test's own to target (SQLite file or PostgreSQL URL). */
long long testdb_scalar(const char *target, const char *sql)
{
	long long n = -1;
	if (strncmp(target, "postgresql:", 11) == 0) {
		PGconn *c = PQconnectdb(target);
		if (c && PQstatus(c) == CONNECTION_OK) {
			PGresult *r = PQexec(c, sql);
			if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
				n = atoll(PQgetvalue(r, 0, 0));
			else if (PQresultStatus(r) != PGRES_TUPLES_OK)
				fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
			PQclear(r);
		}
		PQfinish(c);
		return n;
	}
	sqlite3 *db;
	sqlite3_stmt *s;
	if (sqlite3_open(target, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return n;
}

int testdb_exec(const char *target, const char *sql)
{
	int rc = -1;
	if (strncmp(target, "postgresql:", 11) == 0) {
		PGconn *c = PQconnectdb(target);
		if (c && PQstatus(c) == CONNECTION_OK) {
			PGresult *r = PQexec(c, sql);
			rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
			if (rc)
				fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
			PQclear(r);
		}
		PQfinish(c);
		return rc;
	}
	sqlite3 *db;
	if (sqlite3_open(target, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	sqlite3_close(db);
	return rc;
}

/* A trigger that refuses the audit row of action (a test's failure in mid-transaction). */
int testdb_refuse_audit(const char *target, const char *action)
{
	char sql[600];
	if (strncmp(target, "postgresql:", 11) == 0)
		snprintf(sql, sizeof sql,
			 "CREATE FUNCTION kyodo_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
			 "$$ BEGIN RAISE EXCEPTION 'audit refused'; END $$; "
			 "CREATE TRIGGER kyodo_test_refuse BEFORE INSERT ON audit_log FOR EACH ROW "
			 "WHEN (NEW.action = '%s') EXECUTE FUNCTION kyodo_test_refuse()",
			 action);
	else
		snprintf(sql, sizeof sql,
			 "CREATE TRIGGER kyodo_test_refuse BEFORE INSERT ON audit_log WHEN NEW.action = '%s' "
			 "BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
			 action);
	return testdb_exec(target, sql);
}

int testdb_refuse_audit_end(const char *target)
{
	return testdb_exec(target, strncmp(target, "postgresql:", 11) == 0
					   ? "DROP TRIGGER kyodo_test_refuse ON audit_log; DROP FUNCTION kyodo_test_refuse()"
					   : "DROP TRIGGER kyodo_test_refuse");
}
