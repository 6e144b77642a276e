/* test_org_index: the search index's extra text of a record and the city's spelling
 * variants (domain/org_index.c): the list as typed (every problem at once, with its line),
 * the rewriting of words (longest spelling first, folded as the index folds), the extra
 * text of a record (field and kind names, its rewritten words), and the upgrade that
 * fills it for rows a migration left without. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/org_index.h"
#include "domain/org.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"

static struct org_variants *parse_ok(struct arena *a, const char *text, char **normal)
{
	struct org_variants *v;
	struct org_variant_problem probs[ORG_VARIANT_PROBLEMS_MAX];
	int np;
	int rc = org_variants_parse(a, text, &v, normal, probs, &np);
	if (rc != 0)
		fail_msg("parse(%s) = %d, %d problems, first: line %d %s", text, rc, np, np ? probs[0].line : 0,
			 np ? probs[0].msgid : "");
	return v;
}

static void test_parse_and_normal(void **state)
{
	struct arena *a = arena_new(0);
	char *normal;
	struct org_variants *v = parse_ok(a, "\n  こども　子ども、子供 \r\n\n障がい,障害，障碍\n", &normal);
	assert_int_equal(org_variants_count(v), 2);
	assert_string_equal(normal, "こども 子ども 子供\n障がい 障害 障碍");
	v = parse_ok(a, "", &normal);
	assert_int_equal(org_variants_count(v), 0);
	assert_string_equal(normal, "");
	arena_free(a);
}

static void test_parse_problems(void **state)
{
	struct arena *a = arena_new(0);
	struct org_variants *v;
	struct org_variant_problem p[ORG_VARIANT_PROBLEMS_MAX];
	int np;
	const char *text = "こども 子ども\n"	/* 1: fine */
			   "まち・づくり 街づくり\n"	/* 2: ・ splits words */
			   "ひとり\n"	/* 3: one spelling */
			   "こども 子供\n"	/* 4: こども is on line 1 */
			   "ボランティア ぼらんてぃあ\n"	/* 5: the same for the search */
			   "あいうえおかきくけこさしすせそたちつてとな 短い\n";	/* 6: 21 characters */
	assert_int_equal(org_variants_parse(a, text, &v, NULL, p, &np), -1);
	assert_int_equal(np, 5);
	int lines[] = { 2, 3, 4, 5, 6 };
	for (int i = 0; i < np; i++)
		assert_int_equal(p[i].line, lines[i]);
	assert_string_equal(p[0].word, "まち・づくり");
	assert_null(p[1].word);
	assert_string_equal(p[2].word, "こども");
	assert_string_equal(p[3].word, "ぼらんてぃあ");
	assert_non_null(strstr(p[4].msgid, "20 characters"));
	assert_int_equal(org_variants_count(v), 1);	/* the good line is kept */
	/* control characters and invalid text */
	assert_int_equal(org_variants_parse(a, "a\x01 b", &v, NULL, p, &np), -1);
	assert_int_equal(org_variants_parse(a, "a \xff", &v, NULL, p, &np), -1);
	assert_int_equal(p[0].line, 0);
	arena_free(a);
}

static void test_rewrite(void **state)
{
	struct arena *a = arena_new(0);
	struct org_variants *v = parse_ok(a, "こども 子ども 子供\n障がい 障害\nまちづくり 街づくり 町づくり", NULL);
	/* folded (kana to katakana), each spelling as the line's first, separators kept */
	assert_string_equal(org_variants_rewrite(a, v, "子供食堂 と 子ども会"), "コドモ食堂 ト コドモ会");
	assert_string_equal(org_variants_rewrite(a, v, "障害者・障がい者"), "障ガイ者・障ガイ者");
	assert_string_equal(org_variants_rewrite(a, v, "町づくり協議会"), "マチヅクリ協議会");
	assert_string_equal(org_variants_rewrite(a, v, "ＡＢＣ　陶芸"), "abc 陶芸");
	assert_string_equal(org_variants_rewrite(a, v, ""), "");
	/* the longest spelling at each place */
	v = parse_ok(a, "子 児\n子ども こども", NULL);
	assert_string_equal(org_variants_rewrite(a, v, "子ども子"), "子ドモ子");
	assert_string_equal(org_variants_rewrite(a, v, "児童"), "子童");
	arena_free(a);
}

static void test_extra(void **state)
{
	struct arena *a = arena_new(0);
	struct org_variants *v = parse_ok(a, "こども 子ども 子供", NULL);
	struct org o;
	org_init(&o);
	o.v[ORG_F_KIND] = "children";
	o.v[ORG_F_NAME] = "南台子供会";
	o.v[ORG_F_PURPOSE] = "地域の行事";
	o.fields[o.nfields++] = 13;
	char *x = org_index_extra(a, v, &o);
	assert_non_null(strstr(x, "子どもの健全育成\n"));	/* the field's short name */
	assert_non_null(strstr(x, "子どもの健全育成を図る活動\n"));	/* and its full name */
	assert_non_null(strstr(x, "子ども会\n"));	/* the kind */
	assert_non_null(strstr(x, "子供会\n"));	/* its other name */
	assert_non_null(strstr(x, "南台コドモ会\n"));	/* the name's word with the variant rewritten */
	assert_non_null(strstr(x, "コドモノ健全育成\n"));	/* the field's too */
	assert_null(strstr(x, "行事"));	/* words without a variant are not repeated */
	/* without a list: only the names */
	v = parse_ok(a, "", NULL);
	x = org_index_extra(a, v, &o);
	assert_null(strstr(x, "コドモ"));
	assert_non_null(strstr(x, "子ども会\n"));
	arena_free(a);
}

/* Rows a migration left without their extra text get it when kyodo opens the database. */
static void test_upgrade(void **state)
{
	char path[256];
	assert_int_equal(testdb_create(path, sizeof path), 0);
	struct store *st;
	int applied;
	assert_int_equal(store_open(path, &st), 0);
	assert_int_equal(store_migrate(st, &applied), 0);
	assert_int_equal(store_exec_sql(st, "INSERT INTO orgs(id, kind, name, kana, review, status, created_at, "
					"updated_at) VALUES (1, 'welfare_corp', 'みどり会', 'ミドリカイ', 'approved', "
					"'active', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"),
			 0);
	/* as migration 0011 leaves it (a test database copied from a template that kyodo
	 * opened, on PostgreSQL, is already at the current version) */
	assert_int_equal(store_exec_sql(st, "UPDATE org_index_version SET index_version = 0"), 0);
	assert_int_equal(org_fts_rebuild(st), 0);
	struct stmt *s = store_prepare(st, STMT_ORG_INDEX_ROW);
	stmt_bind_int(s, 1, 1);
	assert_int_equal(stmt_step(s), 1);
	assert_string_equal(stmt_text(s, 4), "");	/* as migration 0011 leaves it */
	stmt_reset(s);
	assert_int_equal(org_index_upgrade(st), 0);
	s = store_prepare(st, STMT_ORG_INDEX_ROW);
	stmt_bind_int(s, 1, 1);
	assert_int_equal(stmt_step(s), 1);
	assert_non_null(strstr(stmt_text(s, 4), "社会福祉法人"));
	stmt_reset(s);
	s = store_prepare(st, STMT_ORG_INDEX_VERSION_GET);
	assert_int_equal(stmt_step(s), 1);
	assert_int_equal(stmt_int(s, 0), ORG_INDEX_VERSION);
	stmt_reset(s);
	/* the index holds it: 福祉 finds the group by its kind */
	s = store_prepare(st, STMT_ORG_SEARCH_WORDS_IDS);
	struct store_match m = { .words = "\"福祉\"" };
	stmt_bind_match(s, 1, &m);
	stmt_bind_int(s, 8, 10);
	assert_int_equal(stmt_step(s), 1);
	assert_int_equal(stmt_int(s, 0), 1);
	stmt_reset(s);
	assert_int_equal(org_index_upgrade(st), 0);	/* nothing more to do */
	store_close(st);
	testdb_drop(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_normal), cmocka_unit_test(test_parse_problems),
		cmocka_unit_test(test_rewrite), cmocka_unit_test(test_extra), cmocka_unit_test(test_upgrade),
	};
	store_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
