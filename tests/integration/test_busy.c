/* test_busy: a database locked by another writer is retried (busy_timeout) and then
 * answered 503 with a plain message — never a crash, never a half-written change —
 * and the server answers normally as soon as the lock is gone. Also: `kyodo backup`
 * copies the database while the server runs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

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
	sqlite3 *db;
	assert_int_equal(sqlite3_open(srv.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	time_t t0 = time(NULL);
	/* logging in writes a session row: it waits for the lock, then gives up with 503 */
	assert_int_equal(h_post(&c, "/login", "login=ana&password=a-long-password-1", &r), 0);
	assert_int_equal(r.status, 503);
	assert_true(time(NULL) - t0 >= 2);	/* it was retried, not refused at once */
	h_resp_free(&r);
	/* reads still work while a writer holds the lock (WAL) */
	assert_int_equal(h_get(&c, "/", &r), 0);
	assert_int_equal(r.status, 200);
	h_resp_free(&r);
	assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
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
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(dest, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM users WHERE login = 'ana'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(locked_database_is_503),
		cmocka_unit_test(backup_while_serving),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
