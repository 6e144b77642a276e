/* test_busy: a database locked by another writer is retried (busy_timeout on SQLite,
 * lock_timeout on PostgreSQL's write lock) and then answered 503 with a plain message —
 * never a crash, never a half-written change — and the server answers normally as soon
 * as the lock is gone. Also: `kyodo backup` copies the database while the server runs
 * (SQLite's online backup; pg_dump on PostgreSQL, restored here with pg_restore). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "../common/testdb.h"
#include "store/store.h"

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0 || h_user_add(&srv, "ana", "admin", "a-long-password-1", NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void locked_database_is_503(void **state)
{
	(void)state;
	struct store *db;	/* another writer, holding the database's write lock */
	assert_int_equal(store_open(srv.db, &db), 0);
	assert_int_equal(store_begin(db), 0);
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	time_t t0 = time(NULL);
	/* logging in writes a session row: it waits for the lock, then gives up with 503 */
	assert_int_equal(h_post(&c, "/login", "login=ana&password=a-long-password-1", &r), 0);
	assert_int_equal(r.status, 503);
	assert_true(time(NULL) - t0 >= 2);	/* it was retried, not refused at once */
	h_resp_free(&r);
	/* reads still work while a writer holds the lock (WAL; MVCC) */
	assert_int_equal(h_get(&c, "/", &r), 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);
	store_rollback(db);
	store_close(db);
	assert_int_equal(h_login(&c, "ana", "a-long-password-1"), 303);
	h_client_free(&c);
}

static void backup_while_serving(void **state)
{
	(void)state;
	char dest[256];
	snprintf(dest, sizeof dest, "%s/copy.db", srv.dir);
	const char *args[] = { "backup", dest, NULL };
	assert_int_equal(h_cli(&srv, args, NULL), 0);
	char restored[256];
	const char *copy = dest;
	if (testdb_is_pg()) {	/* a pg_dump archive */
		char cmd[768];
		assert_int_equal(testdb_create_empty(restored, sizeof restored), 0);
		snprintf(cmd, sizeof cmd, "pg_restore --no-owner -d '%s' '%s'", restored, dest);
		assert_int_equal(system(cmd), 0);
		copy = restored;
	}
	struct store *db;
	assert_int_equal(store_open(copy, &db), 0);
	struct stmt *s = store_prepare(db, STMT_USER_BY_LOGIN);
	stmt_bind_text(s, 1, "ana");
	assert_int_equal(stmt_step(s), 1);
	stmt_reset(s);
	store_close(db);
	if (testdb_is_pg())
		testdb_drop(restored);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(locked_database_is_503),
		cmocka_unit_test(backup_while_serving),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
