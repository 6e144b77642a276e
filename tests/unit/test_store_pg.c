/* test_store_pg: what makes the two backends one store — every statement id compiles on
 * SQLite and on PostgreSQL; the numbered migrations exist for both, migrate is idempotent
 * on both, and give the same tables and columns; transactions are one writer at a time
 * (a second writer gets STORE_BUSY after the wait, on both); a deadline interrupts a long
 * statement; booleans, integers, doubles, NULL and '' read back the same; the id of an
 * INSERT; a table's checksum the same for the same rows on both; copy-data both ways.
 * The PostgreSQL half needs a server (PGHOST …; `make test` starts one): without it, it
 * says so and only SQLite is checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/embed.h"

static const char *const backends[] = { "sqlite", "pg" };

/* A fresh database on backend b, migrated here from nothing (not a copy of the suite's
 * migrated template): NULL when PostgreSQL is not configured. */
static struct store *open_fresh(const char *b, char *target, size_t n)
{
	if (testdb_create_empty_on(b, target, n) != 0) {
		if (strcmp(b, "pg") == 0 && (getenv("KYODO_TEST_DB") || getenv("KYODO_REQUIRE_PG")))
			fail_msg("no PostgreSQL server for the test (PGHOST)");
		if (strcmp(b, "pg") == 0)
			fprintf(stderr, "test_store_pg: no PostgreSQL configured (PGHOST): PostgreSQL not checked\n");
		return NULL;
	}
	struct store *st;
	int applied;
	assert_int_equal(store_open(target, &st), 0);
	assert_int_equal(store_migrate(st, &applied), 0);
	assert_true(applied > 0);
	return st;
}

static void close_drop(struct store *st, const char *target)
{
	store_close(st);
	testdb_drop(target);
}

/* Every statement id compiles on each backend; the failures are listed all at once. */
static void test_every_statement_compiles(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target);
		if (!st)
			continue;
		int bad = 0;
		for (int id = 0; id < STMT__MAX; id++)
			if (store_check_statement(st, (enum stmt_id)id) != 0) {
				fprintf(stderr, "%s: statement %d: %s\n", backends[b], id, store_errmsg(st));
				bad++;
			}
		close_drop(st, target);
		assert_int_equal(bad, 0);
	}
}

/* sql/NNNN_*.sql and sql/pg/NNNN_*.sql: the same numbers, from 1 without a gap. */
static void test_migrations_exist_for_both(void **state)
{
	(void)state;
	unsigned char lite[10000] = { 0 }, pg[10000] = { 0 };
	int max = 0;
	for (const struct embed_file *e = embed_files; e->name; e++) {
		int v;
		if (sscanf(e->name, "sql/pg/%4d_", &v) == 1 && v > 0 && v < 10000)
			pg[v] = 1;
		else if (sscanf(e->name, "sql/%4d_", &v) == 1 && v > 0 && v < 10000)
			lite[v] = 1;
		else
			continue;
		if (v > max)
			max = v;
	}
	assert_true(max >= 7);
	for (int v = 1; v <= max; v++) {
		if (!lite[v] || !pg[v])
			fprintf(stderr, "migration %04d: %s\n", v, !lite[v] ? "no sql/ (SQLite) file" : "no sql/pg/ file");
		assert_true(lite[v] && pg[v]);
	}
}

/* A migration number merged after a higher one was applied (branches that each own a
 * number land one by one: 0015 on a database, 0014 later) is applied when it arrives, and
 * until then the schema's version says it is missing. Modelled with 0002 (one index):
 * its row and its index gone from a database migrated to the latest. */
static void test_migration_landing_after_a_higher_one(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target);
		if (!st)
			continue;
		assert_int_equal(store_schema_version(st), store_schema_latest());
		assert_int_equal(store_exec_sql(st, "DROP INDEX plan_items_parent_only"), 0);
		assert_int_equal(store_exec_sql(st, "DELETE FROM schema_migrations WHERE version = 2"), 0);
		assert_int_equal(store_schema_version(st), 1);	/* not "up to date" */
		int applied = -1;
		assert_int_equal(store_migrate(st, &applied), 0);
		assert_int_equal(applied, 1);	/* 0002 itself, nothing else */
		assert_int_equal(store_schema_version(st), store_schema_latest());
		/* its index is back: creating it again fails */
		assert_int_not_equal(store_exec_sql(st, "CREATE INDEX plan_items_parent_only ON plan_items(parent_id)"), 0);
		assert_int_equal(store_migrate(st, &applied), 0);
		assert_int_equal(applied, 0);
		close_drop(st, target);
	}
}

/* Migrating twice changes nothing; both backends end with the same tables and columns. */
static void test_same_schema_and_idempotent_migrate(void **state)
{
	(void)state;
	char *schema[2] = { NULL, NULL };
	struct arena *a = arena_new(0);
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target);
		if (!st)
			continue;
		int applied = -1;
		assert_int_equal(store_migrate(st, &applied), 0);
		assert_int_equal(applied, 0);
		schema[b] = store_schema_text(st, a);
		assert_non_null(schema[b]);
		assert_non_null(strstr(schema[b], "orgs kana text not null\n"));
		assert_non_null(strstr(schema[b], "plan_item_years achievement real\n"));
		assert_null(strstr(schema[b], "org_fts"));	/* the search index is not data */
		assert_null(strstr(schema[b], "org_search"));
		close_drop(st, target);
	}
	if (schema[1])
		assert_string_equal(schema[0], schema[1]);
	arena_free(a);
}

struct pair {
	struct store *a, *b;
	char target[256];
};

/* While one connection holds a write transaction, another's store_begin and a write
 * outside a transaction wait, then fail with STORE_BUSY; reads go on. */
static void test_one_writer_at_a_time(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target), *other;
		if (!st)
			continue;
		assert_int_equal(store_open(target, &other), 0);
		assert_int_equal(store_begin(st), 0);
		struct stmt *s = store_prepare(st, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "協働推進課");
		stmt_bind_text(s, 2, "キョウドウスイシンカ");
		assert_int_equal(stmt_exec(s), 0);

		time_t t0 = time(NULL);
		assert_int_equal(store_begin(other), STORE_BUSY);
		assert_true(time(NULL) - t0 >= 2);	/* it waited (3 s) */
		s = store_prepare(other, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "企画政策課");
		stmt_bind_text(s, 2, "キカクセイサクカ");
		assert_int_equal(stmt_exec(s), STORE_BUSY);
		/* a reader is not held up, and does not see the uncommitted row */
		s = store_prepare(other, STMT_DEPT_BY_NAME);
		stmt_bind_text(s, 1, "協働推進課");
		assert_int_equal(stmt_step(s), 0);
		stmt_reset(s);

		assert_int_equal(store_commit(st), 0);
		assert_int_equal(store_begin(other), 0);
		s = store_prepare(other, STMT_DEPT_BY_NAME);
		stmt_bind_text(s, 1, "協働推進課");
		assert_int_equal(stmt_step(s), 1);
		stmt_reset(s);
		assert_int_equal(store_commit(other), 0);
		store_close(other);
		close_drop(st, target);
	}
}

/* A failed statement inside a transaction fails the commit, and nothing of it stays. */
static void test_failed_transaction_writes_nothing(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target);
		if (!st)
			continue;
		assert_int_equal(store_begin(st), 0);
		struct stmt *s = store_prepare(st, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "協働推進課");
		stmt_bind_text(s, 2, "");
		assert_int_equal(stmt_exec(s), 0);
		long long id = store_last_id(st);
		assert_true(id > 0);
		assert_int_equal(store_begin(st), 0);	/* nested */
		s = store_prepare(st, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "協働推進課");	/* UNIQUE */
		stmt_bind_text(s, 2, "");
		assert_int_equal(stmt_exec(s), STORE_CONSTRAINT);
		store_rollback(st);
		assert_int_equal(store_commit(st), STORE_ERR);
		s = store_prepare(st, STMT_DEPT_LIST);
		assert_int_equal(stmt_step(s), 0);
		stmt_reset(s);
		/* the next insert is numbered after the one rolled back, as each database does */
		s = store_prepare(st, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "企画政策課");
		stmt_bind_text(s, 2, "");
		assert_int_equal(stmt_exec(s), 0);
		assert_true(store_last_id(st) >= 1);
		assert_int_equal(store_changes(st), 1);
		close_drop(st, target);
	}
}

/* A write that fails inside a transaction fails the transaction, even when its answer is
 * read later (PostgreSQL sends an INSERT without RETURNING ahead and reads its answer with
 * the next statement's): the next statement or the commit fails, and nothing is stored. */
static void test_failed_write_fails_the_commit(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target);
		if (!st)
			continue;
		for (int read_between = 0; read_between < 2; read_between++) {
			assert_int_equal(store_begin(st), 0);
			struct stmt *s = store_prepare(st, STMT_DEPT_INSERT);
			stmt_bind_text(s, 1, read_between ? "企画政策課" : "協働推進課");
			stmt_bind_text(s, 2, "");
			assert_int_equal(stmt_exec(s), 0);
			s = store_prepare(st, STMT_ORG_FIELD_ADD);	/* no such org: a foreign key says no */
			stmt_bind_int(s, 1, 424242);
			stmt_bind_int(s, 2, 3);
			stmt_bind_int(s, 3, 0);
			int rc = stmt_exec(s);
			assert_true(rc == 0 || rc == STORE_CONSTRAINT);
			if (read_between) {
				s = store_prepare(st, STMT_DEPT_LIST);
				int r2 = stmt_step(s);
				stmt_reset(s);
				if (rc == 0)
					assert_true(r2 < 0);	/* the failure shows here at the latest */
			}
			if (rc == 0 && !read_between) {
				/* the commit answers with the failed write's kind: a rule said no */
				assert_int_equal(store_commit(st), STORE_CONSTRAINT);
			} else {
				store_rollback(st);
			}
			s = store_prepare(st, STMT_DEPT_LIST);
			assert_int_equal(stmt_step(s), 0);	/* nothing of it stored */
			stmt_reset(s);
		}
		close_drop(st, target);
	}
}

/* store_set_deadline interrupts a long statement. */
static void test_deadline_interrupts(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target);
		if (!st)
			continue;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		store_set_deadline(st, 300);
		int rc = store_exec_sql(st, "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 500000000) "
					    "SELECT count(*) FROM k");
		store_set_deadline(st, 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		assert_int_equal(rc, STORE_INTERRUPTED);
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		assert_true(ms < 3000);
		/* the connection works afterwards */
		struct stmt *s = store_prepare(st, STMT_DEPT_LIST);
		assert_non_null(s);
		assert_int_equal(stmt_step(s), 0);
		stmt_reset(s);
		close_drop(st, target);
	}
}

/* Values read back the same way: a boolean as 0/1 (int and text), NULL vs '', doubles. */
static void test_values_read_back_alike(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target);
		if (!st)
			continue;
		struct stmt *s = store_prepare(st, STMT_PLAN_INSERT);
		stmt_bind_text(s, 1, "p");
		stmt_bind_text(s, 2, "計画");
		stmt_bind_int(s, 3, 2022);
		stmt_bind_int(s, 4, 2026);
		stmt_bind_null(s, 5);
		assert_int_equal(stmt_exec(s), 0);
		long long plan = store_last_id(st);
		assert_true(plan > 0);
		s = store_prepare(st, STMT_PLAN_GRADE_INSERT);
		stmt_bind_int(s, 1, plan);
		stmt_bind_text(s, 2, "A");
		stmt_bind_double(s, 3, 87.5);
		assert_int_equal(stmt_exec(s), 0);
		s = store_prepare(st, STMT_PLAN_GRADE_LIST);
		stmt_bind_int(s, 1, plan);
		assert_int_equal(stmt_step(s), 1);
		assert_string_equal(stmt_text(s, 1), "A");
		assert_true(stmt_double(s, 2) == 87.5);
		stmt_reset(s);
		s = store_prepare(st, STMT_PLAN_BY_ID);
		stmt_bind_int(s, 1, plan);
		assert_int_equal(stmt_step(s), 1);
		assert_int_equal(stmt_is_null(s, 5), 1);	/* predecessor_id NULL */
		assert_null(stmt_text(s, 5));
		assert_int_equal(stmt_int(s, 5), 0);
		assert_int_equal(stmt_int(s, 3), 2022);
		stmt_reset(s);
		s = store_prepare(st, STMT_PLAN_ITEM_HAS_CHILDREN);	/* SELECT EXISTS (…): a boolean */
		stmt_bind_int(s, 1, 12345);
		assert_int_equal(stmt_step(s), 1);
		assert_int_equal(stmt_int(s, 0), 0);
		assert_string_equal(stmt_text(s, 0), "0");
		stmt_reset(s);
		s = store_prepare(st, STMT_SETTING_GET);	/* '' stays '' */
		stmt_bind_text(s, 1, "city.name");
		assert_int_equal(stmt_step(s), 1);
		assert_string_equal(stmt_text(s, 0), "みどり野市");
		stmt_reset(s);
		close_drop(st, target);
	}
}

/* store_open_readonly (a replica, a --public-only instance) on each backend: it reads,
 * knows the schema version, and every write fails, in a transaction or not, leaving the
 * database as it was; store_reopen gives another such connection. */
static void test_read_only_connection(void **state)
{
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		char target[256];
		struct store *st = open_fresh(backends[b], target, sizeof target), *ro, *ro2;
		if (!st)
			continue;
		struct stmt *s = store_prepare(st, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "協働推進課");
		stmt_bind_text(s, 2, "");
		assert_int_equal(stmt_exec(s), 0);
		assert_int_equal(store_open_readonly(target, &ro), 0);
		assert_int_equal(store_read_only(ro), 1);
		assert_int_equal(store_read_only(st), 0);
		assert_int_equal(store_schema_version(ro), store_schema_latest());
		s = store_prepare(ro, STMT_DEPT_LIST);
		assert_int_equal(stmt_step(s), 1);
		stmt_reset(s);
		s = store_prepare(ro, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "企画政策課");
		stmt_bind_text(s, 2, "");
		assert_true(stmt_exec(s) < 0);
		/* a write transaction: SQLite refuses to begin it (BEGIN IMMEDIATE takes the write
		 * lock); PostgreSQL begins it (the write lock is advisory) and refuses the write */
		if (store_begin(ro) == 0) {
			s = store_prepare(ro, STMT_DEPT_INSERT);
			stmt_bind_text(s, 1, "企画政策課");
			stmt_bind_text(s, 2, "");
			int e = stmt_exec(s), c = -1;
			if (e == 0)
				c = store_commit(ro);	/* a write sent ahead fails the commit */
			else
				store_rollback(ro);
			assert_true(e < 0 || c != 0);
		} else
			assert_string_equal(backends[b], "sqlite");
		assert_int_equal(store_reopen(ro, &ro2), 0);
		assert_int_equal(store_read_only(ro2), 1);
		s = store_prepare(ro2, STMT_DEPT_INSERT);
		stmt_bind_text(s, 1, "企画政策課");
		stmt_bind_text(s, 2, "");
		assert_true(stmt_exec(s) < 0);
		store_close(ro2);
		store_close(ro);
		long long n = testdb_scalar(target, "SELECT count(*) FROM departments");
		assert_int_equal(n, 1);
		close_drop(st, target);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_statement_compiles),
		cmocka_unit_test(test_migrations_exist_for_both),
		cmocka_unit_test(test_same_schema_and_idempotent_migrate),
		cmocka_unit_test(test_migration_landing_after_a_higher_one),
		cmocka_unit_test(test_one_writer_at_a_time),
		cmocka_unit_test(test_failed_transaction_writes_nothing),
		cmocka_unit_test(test_failed_write_fails_the_commit),
		cmocka_unit_test(test_deadline_interrupts),
		cmocka_unit_test(test_values_read_back_alike),
		cmocka_unit_test(test_read_only_connection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
