/* testdb: fresh databases for tests (see testdb.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "testdb.h"
#include <libpq-fe.h>
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

int testdb_create_on(const char *backend, char *target, size_t n)
{
	static unsigned seq;
	if (strcmp(backend, "pg") == 0) {
		if (!getenv("PGHOST") && !getenv("PGPORT"))
			return -1;
		char name[64], sql[256];
		snprintf(name, sizeof name, "kyodo_t%ld_%u_%u", (long)getpid(), ++seq, (unsigned)rand() % 100000);
		snprintf(sql, sizeof sql,
			 "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'ja-JP' "
			 "LOCALE 'C.UTF-8'",
			 name);
		if (testdb_admin(sql) != 0)
			return -1;
		snprintf(target, n, "postgresql:///%s", name);
		return 0;
	}
	snprintf(target, n, "/tmp/kyodo-test-XXXXXX");
	int fd = mkstemp(target);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int testdb_create(char *target, size_t n) { return testdb_create_on(testdb_is_pg() ? "pg" : "sqlite", target, n); }

void testdb_drop(const char *target)
{
	if (!target || !*target)
		return;
	if (strncmp(target, "postgresql:///", 14) == 0) {
		char sql[256];
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
