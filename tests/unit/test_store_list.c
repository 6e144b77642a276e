/* test_store_list: the one list reader of store.h — a list read whole, one read up to a
 * maximum that says when rows were left, an empty list, bound arguments, and a row
 * function's failure that leaves nothing behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/testdb.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"

struct area { long long id; char *name; };

static int area_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct area *ar = elem;
	int *calls = ctx;
	if (calls && ++*calls == 3)
		return STORE_ERR;	/* the third row fails */
	ar->id = stmt_int(s, 0);
	ar->name = stmt_text_dup(s, a, 1);
	return 0;
}

static int rule_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct area *ar = elem;	/* id, text */
	ar->id = stmt_int(s, 0);
	ar->name = stmt_text_dup(s, a, 2);
	return 0;
}

static void test_store_list(void **state)
{
	(void)state;
	char path[256];
	int applied;
	assert_int_equal(testdb_create(path, sizeof path), 0);
	struct store *st;
	assert_int_equal(store_open(path, &st), 0);
	assert_int_equal(store_migrate(st, &applied), 0);
	struct arena *a = arena_new(0);
	struct store_list l;

	/* empty: no rows, one zeroed element to index safely */
	assert_int_equal(store_list_read(st, a, STMT_AREA_LIST, NULL, 0, sizeof(struct area), area_row, NULL, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.more, 0);
	assert_non_null(l.rows);

	assert_int_equal(store_exec_sql(st, "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 1000) "
					    "INSERT INTO areas(name, kind, pos) SELECT '地区' || n, '地区', n FROM k"),
			 0);
	/* whole */
	assert_int_equal(store_list_read(st, a, STMT_AREA_LIST, NULL, 0, sizeof(struct area), area_row, NULL, &l), 0);
	assert_int_equal(l.n, 1000);
	assert_int_equal(l.more, 0);
	const struct area *rows = l.rows;
	assert_string_equal(rows[0].name, "地区1");
	assert_string_equal(rows[999].name, "地区1000");
	/* up to a maximum: says that more were left */
	assert_int_equal(store_list_read(st, a, STMT_AREA_LIST, NULL, 10, sizeof(struct area), area_row, NULL, &l), 0);
	assert_int_equal(l.n, 10);
	assert_int_equal(l.more, 1);
	assert_int_equal(store_list_read(st, a, STMT_AREA_LIST, NULL, 1000, sizeof(struct area), area_row, NULL, &l), 0);
	assert_int_equal(l.n, 1000);
	assert_int_equal(l.more, 0);
	/* bound arguments: ?1 = 1 lists only the rules in use */
	assert_int_equal(store_exec_sql(st, "DELETE FROM org_rules; INSERT INTO org_rules(pos, text, active) VALUES "
					    "(1, 'a', 1), (2, 'b', 0), (3, 'c', 1)"),
			 0);
	struct store_arg active[] = { SARG_INT(1), SARG_END }, all[] = { SARG_INT(0), SARG_END };
	assert_int_equal(store_list_read(st, a, STMT_ORG_RULE_LIST, active, 0, sizeof(struct area), rule_row, NULL, &l), 0);
	assert_int_equal(l.n, 2);
	rows = l.rows;
	assert_string_equal(rows[1].name, "c");
	assert_int_equal(store_list_read(st, a, STMT_ORG_RULE_LIST, all, 0, sizeof(struct area), rule_row, NULL, &l), 0);
	assert_int_equal(l.n, 3);
	/* a failing row function: nothing is returned */
	int calls = 0;
	assert_int_equal(store_list_read(st, a, STMT_AREA_LIST, NULL, 0, sizeof(struct area), area_row, &calls, &l),
			 STORE_ERR);
	assert_int_equal(l.n, 0);
	assert_null(l.rows);
	arena_free(a);
	store_close(st);
	testdb_drop(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
