/* test_org_public: what a write of the registry changes in public — the directory's
 * statistics kept by every writer equal the counts taken afresh from the records (after
 * each kind of write, and after hundreds of random ones), and a write moves the versions
 * of the pages it changes and no others (a text only the group's page shows moves neither
 * the lists nor the statistics; a private value moves nothing; taking a value out of the
 * public's sight is a hard change). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/org.h"
#include "domain/org_confirm.h"
#include "domain/org_public.h"
#include "domain/org_review.h"
#include "domain/version.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"

#define PW "correct horse battery"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor center, public_;
	long long area_central, area_north;
};

static int fx_setup(void **state)
{
	setenv("KYODO_FAST_HASH", "1", 1);
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->center = (struct actor){ .login = "center", .role = ROLE_COORDINATOR };
	f->public_ = (struct actor){ .login = "", .role = ROLE_PUBLIC };
	const char *err = NULL;
	assert_true((f->area_central = org_area_add(f->st, &f->center, "中央地区", NULL, &err)) > 0);
	assert_true((f->area_north = org_area_add(f->st, &f->center, "北地区", NULL, &err)) > 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	arena_free(f->a);
	store_close(f->st);
	testdb_drop(f->path);
	free(f);
	return 0;
}

static void sample(struct fx *f, struct org *o, const char *name, const char *kana)
{
	const char *err = NULL;
	org_init(o);
	assert_int_equal(org_set_field(f->a, o, ORG_F_KIND, "NPO法人", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_KANA, kana, &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_PURPOSE, "高齢者の福祉と地域の見守り", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_PHONE, "012-345-6789", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_MEMBERS, "12", &err), 0);
	assert_int_equal(org_set_npo_fields(o, "1;13", &err), 0);
	assert_int_equal(org_set_areas(f->st, f->a, o, "中央地区", &err), 0);
}

/* The kept statistics equal a fresh count. */
static void stats_agree(struct fx *f, const char *after)
{
	int same = 0;
	const char *diff = NULL;
	assert_int_equal(org_stats_verify(f->st, f->a, &same, &diff), 0);
	if (!same)
		fail_msg("after %s: %s", after, diff ? diff : "?");
}

static long long stat_of(struct fx *f, const char *dim, const char *key)
{
	struct org_stat *rows;
	int n;
	assert_int_equal(org_stats_read(f->st, f->a, &rows, &n), 0);
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].dim, dim) == 0 && strcmp(rows[i].key, key) == 0)
			return rows[i].n;
	return 0;
}

static long long approved(struct fx *f, const char *name, const char *kana, const char *login)
{
	struct org o;
	const char *err = NULL;
	int bad;
	sample(f, &o, name, kana);
	long long id = org_apply(f->st, &f->public_, &o, login, PW, &err, &bad);
	assert_true(id > 0);
	stats_agree(f, "an application");
	struct org_rule *rules;
	int n;
	long long ids[64];
	assert_int_equal(org_rule_list(f->st, f->a, 1, &rules, &n), 0);
	for (int i = 0; i < n; i++)
		ids[i] = rules[i].id;
	struct org_decision d = { .approve = 1, .ticked = ids, .nticked = n, .comment = "" };
	assert_int_equal(org_review_decide(f->st, &f->center, id, &d, &err, &bad), 0);
	stats_agree(f, "an approval");
	return id;
}

static void update(struct fx *f, long long id, enum org_field fld, const char *value)
{
	struct org o;
	const char *err = NULL;
	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	assert_int_equal(org_set_field(f->a, &o, fld, value, &err), 0);
	assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
}

/* Every kind of write keeps the statistics: applications (not counted), approval, the
 * center's edits, a group's own edits at once or after review, confirmation, dissolution,
 * a return, an area added. */
static void stats_kept_by_every_writer(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad, pending;
	long long a = approved(f, "一の会", "イチノカイ", "ichi");
	long long b = approved(f, "二の会", "ニノカイ", "nini");
	assert_int_equal(stat_of(f, "total", ""), 2);
	assert_int_equal(stat_of(f, "field", "13"), 2);
	assert_int_equal(stat_of(f, "members", "1"), 2);	/* 10–29 */
	update(f, a, ORG_F_KIND, "自治会・町内会");
	stats_agree(f, "a kind changed");
	update(f, a, ORG_F_MEMBERS, "150");
	stats_agree(f, "members changed");
	assert_int_equal(stat_of(f, "members", "4"), 1);
	update(f, a, ORG_F_AGE_PROFILE, org_age_profiles[0]);
	update(f, a, ORG_F_RECRUITING, "会員募集中");
	stats_agree(f, "age and recruiting");
	assert_int_equal(stat_of(f, "recruiting", ""), 1);
	/* the group itself, published at once */
	struct org o;
	struct actor ga = { .login = "nini", .role = ROLE_GROUP, .org_id = b };
	assert_int_equal(org_get(f->st, f->a, b, &o), 0);
	assert_int_equal(org_set_npo_fields(&o, "2;3;4", &err), 0);
	assert_int_equal(org_set_areas(f->st, f->a, &o, "中央地区;北地区", &err), 0);
	assert_int_equal(org_profile_save(f->st, &ga, &o, &pending, &err, &bad), 0);
	assert_int_equal(pending, 0);
	stats_agree(f, "a group's own edit");
	assert_int_equal(stat_of(f, "field", "13"), 1);
	assert_int_equal(stat_of(f, "area", arena_printf(f->a, "%lld", f->area_north)), 1);
	/* after review: nothing counted changes until the center approves */
	assert_int_equal(org_settings_save(f->st, &f->center, "review", "12", &err, &bad), 0);
	assert_int_equal(org_get(f->st, f->a, b, &o), 0);
	assert_int_equal(org_set_npo_fields(&o, "5", &err), 0);
	assert_int_equal(org_profile_save(f->st, &ga, &o, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);
	stats_agree(f, "a change waiting");
	assert_int_equal(stat_of(f, "field", "5"), 0);
	struct org_change *list;
	int n, more;
	assert_int_equal(org_change_list(f->st, f->a, 10, &list, &n, &more), 0);
	assert_int_equal(n, 1);
	assert_int_equal(org_change_decide(f->st, &f->center, list[0].id, 1, "", &err), 0);
	stats_agree(f, "a change approved");
	assert_int_equal(stat_of(f, "field", "5"), 1);
	assert_int_equal(org_confirm(f->st, &ga, &err), 0);
	stats_agree(f, "a confirmation");
	/* a dissolved group leaves the statistics */
	update(f, a, ORG_F_STATUS, "解散");
	stats_agree(f, "a dissolution");
	assert_int_equal(stat_of(f, "total", ""), 1);
	assert_int_equal(stat_of(f, "recruiting", ""), 0);
	update(f, a, ORG_F_STATUS, "活動中");
	stats_agree(f, "back to active");
	assert_int_equal(stat_of(f, "total", ""), 2);
	/* an application sent back, a group entered by the center, a new area */
	sample(f, &o, "三の会", "サンノカイ");
	long long c = org_apply(f->st, &f->public_, &o, "sanni", PW, &err, &bad);
	assert_true(c > 0);
	struct org_decision back = { .approve = 0, .comment = "書き直してください" };
	assert_int_equal(org_review_decide(f->st, &f->center, c, &back, &err, &bad), 0);
	stats_agree(f, "a return");
	sample(f, &o, "四の会", "ヨンノカイ");
	assert_true(org_center_create(f->st, &f->center, &o, "", "", &err, &bad) > 0);
	stats_agree(f, "a direct entry");
	assert_int_equal(stat_of(f, "total", ""), 3);
	assert_true(org_area_add(f->st, &f->center, "南地区", NULL, &err) > 0);
	stats_agree(f, "an area added");
}

/* Hundreds of random edits of a few groups: the kept counts never drift. */
static void random_writes_keep_stats(void **state)
{
	struct fx *f = *state;
	static const char *const kinds[] = { "NPO法人", "自治会・町内会", "任意団体" };
	static const char *const members[] = { "", "3", "15", "45", "80", "300" };
	static const char *const statuses[] = { "活動中", "休止", "解散" };
	static const char *const areas[] = { "", "中央地区", "北地区", "中央地区;北地区" };
	static const char *const fields[] = { "", "1", "2;3", "13;1;20" };
	long long ids[6];
	for (int i = 0; i < 6; i++) {
		char name[32], login[16];
		snprintf(name, sizeof name, "乱数の会%d", i);
		snprintf(login, sizeof login, "rand%d", i);
		ids[i] = approved(f, name, "ランスウノカイ", login);
	}
	srand(20261203);
	for (int step = 0; step < 300; step++) {
		struct org o;
		const char *err = NULL;
		long long id = ids[rand() % 6];
		assert_int_equal(org_get(f->st, f->a, id, &o), 0);
		switch (rand() % 7) {
		case 0: assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, kinds[rand() % 3], &err), 0); break;
		case 1: assert_int_equal(org_set_field(f->a, &o, ORG_F_MEMBERS, members[rand() % 6], &err), 0); break;
		case 2: assert_int_equal(org_set_field(f->a, &o, ORG_F_STATUS, statuses[rand() % 3], &err), 0); break;
		case 3: assert_int_equal(org_set_areas(f->st, f->a, &o, areas[rand() % 4], &err), 0); break;
		case 4: assert_int_equal(org_set_npo_fields(&o, fields[rand() % 4], &err), 0); break;
		case 5:
			assert_int_equal(org_set_field(f->a, &o, ORG_F_AGE_PROFILE,
						       rand() % 2 ? org_age_profiles[rand() % 2] : "", &err), 0);
			break;
		default: assert_int_equal(org_set_field(f->a, &o, ORG_F_RECRUITING, rand() % 2 ? "募集中" : "", &err), 0);
		}
		if (strcmp(o.v[ORG_F_MEMBERS], "") != 0 && *o.v[ORG_F_MEMBERS_IN_CITY])
			o.v[ORG_F_MEMBERS_IN_CITY] = "";
		assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
		char what[32];
		snprintf(what, sizeof what, "random step %d", step);
		stats_agree(f, what);
	}
}

/* ---- versions ---- */

#define NSCOPES 13
struct snap {
	const char *scope[NSCOPES];
	long long v[NSCOPES], floor[NSCOPES];
};

static void snap_take(struct fx *f, long long id, struct snap *s)
{
	static char org_scope[VERSION_SCOPE_MAX], north[VERSION_SCOPE_MAX], central[VERSION_SCOPE_MAX];
	org_public_org_scope(org_scope, id);
	snprintf(north, sizeof north, "list:area:%lld", f->area_north);
	snprintf(central, sizeof central, "list:area:%lld", f->area_central);
	const char *names[NSCOPES] = { "dir", org_scope, "list", "search", "confirmed", "api", "opendata", "stats",
				       "list:field:1", "list:field:5", central, north, "list:kind:npo" };
	for (int i = 0; i < NSCOPES; i++) {
		s->scope[i] = names[i];
		assert_int_equal(version_get(f->st, names[i], &s->v[i], &s->floor[i]), 0);
	}
}

/* Checks which scopes moved since before: exactly those of moved (a ','-separated list;
 * "org" for the group's own scope, "central" and "north" for the lists of the areas). */
static void moved_exactly(struct fx *f, long long id, const struct snap *before, const char *moved, const char *what)
{
	struct snap now;
	snap_take(f, id, &now);
	for (int i = 0; i < NSCOPES; i++) {
		const char *name = i == 1 ? "org" : i == 10 ? "central" : i == 11 ? "north" : now.scope[i];
		char pat[64];
		snprintf(pat, sizeof pat, ",%s,", name);
		char list[256];
		snprintf(list, sizeof list, ",%s,", moved);
		int want = strstr(list, pat) != NULL, got = now.v[i] != before->v[i];
		if (want != got)
			fail_msg("%s: %s %s (version %lld → %lld)", what, name, got ? "moved" : "did not move", before->v[i],
				 now.v[i]);
	}
}

static int is_hard(struct fx *f, const char *scope)
{
	long long v, fl;
	assert_int_equal(version_get(f->st, scope, &v, &fl), 0);
	return v == fl;
}

static void only_changed_pages_move(void **state)
{
	struct fx *f = *state;
	struct snap s;
	long long id = approved(f, "版の会", "ハンノカイ", "hanno");
	char org_scope[VERSION_SCOPE_MAX];
	org_public_org_scope(org_scope, id);

	snap_take(f, id, &s);
	update(f, id, ORG_F_ACTIVITIES, "月に一度の清掃活動");
	moved_exactly(f, id, &s, "org,search,confirmed,api,opendata", "activities (searched, not listed)");
	assert_false(is_hard(f, org_scope));

	snap_take(f, id, &s);
	update(f, id, ORG_F_PHONE, "098-765-4321");	/* private: no public page shows it */
	moved_exactly(f, id, &s, "", "a private value");

	snap_take(f, id, &s);
	update(f, id, ORG_F_PURPOSE, "子どもの居場所づくり");
	moved_exactly(f, id, &s,
		      "org,list,search,confirmed,api,opendata,list:field:1,list:kind:npo,central",
		      "the purpose (listed)");

	snap_take(f, id, &s);
	update(f, id, ORG_F_MEMBERS, "60");
	moved_exactly(f, id, &s, "org,api,opendata,stats", "members, into another band");
	snap_take(f, id, &s);
	update(f, id, ORG_F_MEMBERS, "61");
	moved_exactly(f, id, &s, "org,api,opendata", "members, within the band");

	/* a contact made public is soft; made private again, hard */
	struct org o;
	const char *err = NULL;
	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	o.public_mask |= ORG_PUB_PHONE;
	assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
	assert_false(is_hard(f, org_scope));
	o.public_mask &= ~ORG_PUB_PHONE;
	assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
	assert_true(is_hard(f, org_scope));
	assert_true(is_hard(f, "opendata"));
	assert_false(is_hard(f, "list"));	/* lists did not move: they never showed it */

	/* dissolved: out of every list at once */
	update(f, id, ORG_F_STATUS, "解散");
	assert_true(is_hard(f, "list"));
	assert_true(is_hard(f, "list:field:13"));
	assert_true(is_hard(f, org_scope));

	/* an area renamed: every page may show it */
	snap_take(f, id, &s);
	assert_int_equal(org_area_rename(f->st, &f->center, f->area_north, "北部地区", &err), 0);
	moved_exactly(f, id, &s, "dir", "an area renamed");
}

/* Confirming again moves the order of confirmation only for a group that was not already
 * the most recent: a group saving its profile over and over leaves those lists alone. */
static void confirmation_moves_the_order_only_when_it_changes(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	long long a = approved(f, "甲の会", "コウノカイ", "kou"), b = approved(f, "乙の会", "オツノカイ", "otsu");
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE orgs SET confirmed_at = '2020-01-01T00:00:00Z' WHERE id = %lld; "
		 "UPDATE orgs SET confirmed_at = %s WHERE id = %lld;",
		 a, testdb_sql("strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 second')",
			     "to_char((now() - interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"),
		 b);
	assert_int_equal(store_exec_sql(f->st, sql), 0);
	struct actor ga = { .login = "kou", .role = ROLE_GROUP, .org_id = a };
	struct actor gb = { .login = "otsu", .role = ROLE_GROUP, .org_id = b };
	struct snap s;
	snap_take(f, b, &s);
	assert_int_equal(org_confirm(f->st, &gb, &err), 0);	/* b was the most recent: stays first */
	moved_exactly(f, b, &s, "org,api,opendata", "the most recent group confirms again the same day");
	snap_take(f, a, &s);
	assert_int_equal(org_confirm(f->st, &ga, &err), 0);	/* a passes b */
	moved_exactly(f, a, &s, "org,api,opendata,confirmed,list,search,list:field:1,list:kind:npo,central",
		      "an older group confirms (its day changes too)");
}

/* Leaving a list is hard (the list must drop the group at once); joining one is soft. */
static void leaving_a_list_is_hard(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	struct org o;
	long long id = approved(f, "輪の会", "ワノカイ", "wa");
	char org_scope[VERSION_SCOPE_MAX], north[VERSION_SCOPE_MAX], central[VERSION_SCOPE_MAX];
	org_public_org_scope(org_scope, id);
	snprintf(north, sizeof north, "list:area:%lld", f->area_north);
	snprintf(central, sizeof central, "list:area:%lld", f->area_central);

	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	assert_int_equal(org_set_areas(f->st, f->a, &o, "中央地区;北地区", &err), 0);
	assert_int_equal(org_set_npo_fields(&o, "1;5;13", &err), 0);
	assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
	assert_false(is_hard(f, north));	/* joined: soft */
	assert_false(is_hard(f, "list:field:5"));

	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	assert_int_equal(org_set_areas(f->st, f->a, &o, "中央地区", &err), 0);
	assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
	assert_true(is_hard(f, north));	/* left the north's list */
	assert_true(is_hard(f, central));
	assert_true(is_hard(f, org_scope));

	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	assert_int_equal(org_set_npo_fields(&o, "1;13", &err), 0);
	assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
	assert_true(is_hard(f, "list:field:5"));

	update(f, id, ORG_F_KIND, "任意団体");
	assert_true(is_hard(f, "list:kind:npo"));
}

/* The lists show the day of the last confirmation in Japan: a confirmation that changes that
 * day moves the list entry even when the UTC day stays (15:30Z is the next day in Japan);
 * one within the same Japanese day does not (the review of issue 8, F3). */
static void list_entry_follows_the_day_in_japan(void **state)
{
	struct fx *f = *state;
	struct org o;
	long long id = approved(f, "暦の会", "コヨミノカイ", "koyomi");
	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	struct org_public a, b, c;
	o.confirmed_at = "2026-06-01T14:30:00Z";	/* 6月1日 23:30 in Japan */
	org_public_of(&o, &a);
	o.confirmed_at = "2026-06-01T15:30:00Z";	/* 6月2日 00:30 */
	org_public_of(&o, &b);
	o.confirmed_at = "2026-06-02T14:59:00Z";	/* 6月2日 23:59 */
	org_public_of(&o, &c);
	assert_true(a.list != b.list);
	assert_true(b.list == c.list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(stats_kept_by_every_writer, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(random_writes_keep_stats, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(only_changed_pages_move, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(confirmation_moves_the_order_only_when_it_changes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(leaving_a_list_is_hard, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(list_entry_follows_the_day_in_japan, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
