/* test_org: the registry of actors on a real SQLite file — value parsing and
 * normalisation (kana, codes, 和暦 dates, lists), whole-record rules, the privacy
 * accessor, who may create and update what, audit rows, the search index kept in step
 * with each write, areas and settings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "domain/org.h"
#include "domain/org_public.h"
#include "domain/org_search.h"
#include "domain/org_review.h"
#include "domain/audit.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor center, group, other_group, staff, public_;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->center = (struct actor){ .login = "center", .role = ROLE_COORDINATOR };
	f->group = (struct actor){ .login = "grp", .role = ROLE_GROUP };
	f->other_group = (struct actor){ .login = "other", .role = ROLE_GROUP, .org_id = 999 };
	f->staff = (struct actor){ .login = "staff", .role = ROLE_STAFF, .department_id = 1 };
	f->public_ = (struct actor){ .login = "", .role = ROLE_PUBLIC };
	const char *err = NULL;
	assert_true(org_area_add(f->st, &f->center, "中央地区", NULL, &err) > 0);
	assert_true(org_area_add(f->st, &f->center, "北地区", "地区", &err) > 0);
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

/* The number of audit rows about groups. */
static long long org_audits(struct store *st)
{
	struct audit_filter flt = { .entity = "org", .limit = 500 };
	struct audit_row *rows;
	int k = audit_list(st, &flt, &rows);
	audit_rows_free(rows, k);
	return k;
}

/* A valid record with every contact field private. */
static void sample(struct fx *f, struct org *o, const char *name, const char *kana)
{
	const char *err = NULL;
	org_init(o);
	assert_int_equal(org_set_field(f->a, o, ORG_F_KIND, "NPO法人", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_KANA, kana, &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_PURPOSE, "高齢者の福祉と地域の見守り", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_ADDRESS, "みどり野市中央1-2-3 秘密", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_PHONE, "０１２－３４５－６７８９", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_EMAIL, "ｉｎｆｏ＠example.jp", &err), 0);
	assert_int_equal(org_set_field(f->a, o, ORG_F_REP_NAME, "見取 花子", &err), 0);
	assert_int_equal(org_set_npo_fields(o, "1;保健・医療・福祉", &err), -1);	/* the same field twice */
	assert_int_equal(org_set_npo_fields(o, "1; 13", &err), 0);
	assert_int_equal(org_set_areas(f->st, f->a, o, "中央地区", &err), 0);
}

static void test_values_normalised(void **state)
{
	struct fx *f = *state;
	struct org o;
	const char *err = NULL;
	org_init(&o);
	/* Readings: hiragana and half-width katakana become full-width katakana. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, "みどりのかい", &err), 0);
	assert_string_equal(o.v[ORG_F_KANA], "ミドリノカイ");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, "ﾐﾄﾞﾘ", &err), 0);
	assert_string_equal(o.v[ORG_F_KANA], "ミドリ");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, "緑の会", &err), -1);
	/* Names and free text are never NFKC-folded: ① and ㈱ stay. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, "㈱みどり①", &err), 0);
	assert_string_equal(o.v[ORG_F_NAME], "㈱みどり①");
	/* Codes are. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_POSTAL, "〒１２３４５６７", &err), 0);
	assert_string_equal(o.v[ORG_F_POSTAL], "123-4567");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_MEMBERS, "１，２００", &err), 0);
	assert_string_equal(o.v[ORG_F_MEMBERS], "1200");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_MEMBERS, "-3", &err), -1);
	/* 和暦 and 西暦 dates. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_FOUNDED_ON, "令和2年4月1日", &err), 0);
	assert_string_equal(o.v[ORG_F_FOUNDED_ON], "2020-04-01");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_FOUNDED_ON, "H30.5.1", &err), 0);
	assert_string_equal(o.v[ORG_F_FOUNDED_ON], "2018-05-01");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_FOUNDED_ON, "2023-02-30", &err), -1);
	/* 法人番号: the check digit is checked (国税庁's own number is valid; one digit off is not). */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_CORP_NUMBER, "7000012050002", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_CORP_NUMBER, "7000012050003", &err), -1);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_CORP_NUMBER, "70000120500021", &err), -1);
	assert_string_equal(err, "A corporate number has 13 digits and a valid check digit.");
	/* The wave dash as CP932 writes it. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_AGE_PROFILE, "40\uff5e50代が中心", &err), 0);
	assert_string_equal(o.v[ORG_F_AGE_PROFILE], "40〜50代が中心");
	/* Kinds by label, alias or code; statuses by label or code. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "自治会", &err), 0);
	assert_string_equal(o.v[ORG_F_KIND], "neighborhood");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "秘密結社", &err), -1);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_STATUS, "休止", &err), 0);
	assert_string_equal(o.v[ORG_F_STATUS], "dormant");
	assert_int_equal(org_set_field(f->a, &o, ORG_F_STATUS, "", &err), -1);
	/* Lists. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_INCOME, "寄付金；会費", &err), 0);
	assert_string_equal(o.v[ORG_F_INCOME], "会費;寄付金");
	assert_int_equal(org_set_npo_fields(&o, "1;2;3;4", &err), -1);
	assert_int_equal(org_set_npo_fields(&o, "21", &err), -1);
	assert_int_equal(org_set_npo_fields(&o, "まちづくり、１３", &err), 0);
	assert_int_equal(o.nfields, 2);
	assert_int_equal(o.fields[0], 3);
	assert_int_equal(o.fields[1], 13);
	assert_string_equal(org_npo_fields_text(f->a, &o), "3;13");
	assert_int_equal(org_set_areas(f->st, f->a, &o, "北地区;南地区", &err), -1);
	assert_int_equal(org_set_areas(f->st, f->a, &o, "北地区、中央地区", &err), 0);
	assert_string_equal(org_areas_text(f->a, &o), "北地区;中央地区");
	assert_int_equal(org_set_public(&o, "メール;住所", &err), 0);
	assert_int_equal(o.public_mask, ORG_PUB_EMAIL | ORG_PUB_ADDRESS);
	assert_string_equal(org_public_text(f->a, &o), "住所;メール");
	assert_int_equal(org_set_public(&o, "血液型", &err), -1);
	/* Web addresses: http(s) only. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_WEBSITE, "javascript:alert(1)", &err), -1);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_WEBSITE, "https://example.jp/", &err), 0);
	/* Control characters are refused; a long text keeps its line breaks. */
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, "a\x01b", &err), -1);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_PURPOSE, "一行目\r\n二行目", &err), 0);
	assert_string_equal(o.v[ORG_F_PURPOSE], "一行目\n二行目");
}

static void test_privacy_accessor(void **state)
{
	struct fx *f = *state;
	struct org o;
	sample(f, &o, "みどり見守りの会", "ミドリミマモリノカイ");
	const char *err = NULL;
	assert_int_equal(org_set_public(&o, "電話番号", &err), 0);
	long long id = org_create(f->st, &f->center, &o, 0, &err);
	assert_true(id > 0);

	struct org seen;
	assert_int_equal(org_get(f->st, f->a, id, &seen), 0);
	org_for_viewer(&seen, &f->public_);
	assert_string_equal(seen.v[ORG_F_ADDRESS], "");
	assert_string_equal(seen.v[ORG_F_EMAIL], "");
	assert_string_equal(seen.v[ORG_F_REP_NAME], "");
	assert_string_equal(seen.v[ORG_F_PHONE], "012-345-6789");	/* switched on */
	assert_string_equal(seen.v[ORG_F_NAME], "みどり見守りの会");

	/* Another group and staff see what the public sees; the center and the group itself see all. */
	const struct actor *blind[] = { &f->other_group, &f->staff };
	for (int i = 0; i < 2; i++) {
		assert_int_equal(org_get(f->st, f->a, id, &seen), 0);
		org_for_viewer(&seen, blind[i]);
		assert_string_equal(seen.v[ORG_F_ADDRESS], "");
	}
	struct actor own = f->group;
	own.org_id = id;
	assert_int_equal(org_get(f->st, f->a, id, &seen), 0);
	org_for_viewer(&seen, &own);
	assert_string_equal(seen.v[ORG_F_EMAIL], "info@example.jp");
	assert_int_equal(org_get(f->st, f->a, id, &seen), 0);
	org_for_viewer(&seen, &f->center);
	assert_string_equal(seen.v[ORG_F_ADDRESS], "みどり野市中央1-2-3 秘密");

	/* The public JSON leaves private fields out entirely. */
	assert_int_equal(org_get(f->st, f->a, id, &seen), 0);
	json_t *j = org_to_json(&seen, 1);
	char *s = json_dumps(j, JSON_COMPACT);
	assert_null(strstr(s, "秘密"));
	assert_null(strstr(s, "info@"));
	assert_null(strstr(s, "\"address\""));
	assert_non_null(strstr(s, "012-345-6789"));
	free(s);
	json_decref(j);
}

static void test_rights_and_audit(void **state)
{
	struct fx *f = *state;
	struct org o;
	const char *err = NULL;
	sample(f, &o, "北の子ども会", "キタノコドモカイ");
	/* Only the center enters groups directly; anyone may apply. */
	assert_int_equal(org_create(f->st, &f->public_, &o, 0, &err), -1);
	assert_int_equal(org_create(f->st, &f->staff, &o, 0, &err), -1);
	long long before = org_audits(f->st);
	o.v[ORG_F_REG_NUMBER] = "X-1";
	long long id = org_create(f->st, &f->public_, &o, ORG_SAVE_APPLICATION, &err);
	assert_true(id > 0);
	assert_int_equal(org_audits(f->st), before + 1);
	struct org got;
	assert_int_equal(org_get(f->st, f->a, id, &got), 0);
	assert_int_equal(got.review, ORG_APPLIED);
	assert_string_equal(got.v[ORG_F_REG_NUMBER], "");	/* an applicant cannot number itself */
	assert_string_equal(got.confirmed_at, "");

	/* A group edits only its own record, and center-only fields keep their values. */
	assert_int_equal(org_update(f->st, &f->other_group, &got, 0, &err), -1);
	struct actor own = f->group;
	own.org_id = id;
	got.v[ORG_F_PURPOSE] = "子どもの居場所づくり";
	got.v[ORG_F_REG_NUMBER] = "FAKE-9";
	assert_int_equal(org_update(f->st, &own, &got, 0, &err), 0);
	struct org after;
	assert_int_equal(org_get(f->st, f->a, id, &after), 0);
	assert_string_equal(after.v[ORG_F_PURPOSE], "子どもの居場所づくり");
	assert_string_equal(after.v[ORG_F_REG_NUMBER], "");
	assert_int_equal(after.nfields, 2);
	assert_int_equal(org_audits(f->st), before + 2);

	/* Bad records are refused whole; nothing is written. */
	after.v[ORG_F_MEMBERS] = "10";
	after.v[ORG_F_MEMBERS_IN_CITY] = "11";
	assert_int_equal(org_update(f->st, &f->center, &after, 0, &err), -1);
	assert_int_equal(org_audits(f->st), before + 2);
	after.v[ORG_F_NAME] = "";
	assert_int_equal(org_create(f->st, &f->center, &after, 0, &err), -1);

	/* 法人番号 is unique. */
	struct org a1, a2;
	sample(f, &a1, "法人A", "ホウジンエー");
	sample(f, &a2, "法人B", "ホウジンビー");
	a1.v[ORG_F_CORP_NUMBER] = a2.v[ORG_F_CORP_NUMBER] = "7000012050002";
	assert_true(org_create(f->st, &f->center, &a1, 0, &err) > 0);
	assert_int_equal(org_create(f->st, &f->center, &a2, 0, &err), -1);
	long long m = 0;
	assert_int_equal(org_find_match(f->st, "7000012050002", NULL, NULL, &m), 0);
	assert_int_equal(m, a1.id);
	assert_int_equal(org_find_match(f->st, NULL, "北の子ども会", "キタノコドモカイ", &m), 0);
	assert_int_equal(m, id);
}

static void test_index_and_version(void **state)
{
	struct fx *f = *state;
	struct org o;
	const char *err = NULL;
	long long v0, v1, v2, d0, d1, fl;
	assert_int_equal(version_get(f->st, "list", &v0, &fl), 0);
	assert_int_equal(version_get(f->st, "dir", &d0, &fl), 0);
	sample(f, &o, "陶芸の会", "トウゲイノカイ");
	long long id = org_create(f->st, &f->center, &o, 0, &err);
	assert_true(id > 0);
	/* a new group moves the lists and its own pages, not the whole directory */
	assert_int_equal(version_get(f->st, "list", &v1, &fl), 0);
	assert_true(v1 > v0);
	char scope[VERSION_SCOPE_MAX];
	long long ov;
	org_public_org_scope(scope, id);
	assert_int_equal(version_get(f->st, scope, &ov, &fl), 0);
	assert_true(ov > 0);
	assert_int_equal(version_get(f->st, "dir", &d1, &fl), 0);
	assert_int_equal(d1, d0);
	/* The index follows each write: the old words are gone, the new ones found. */
	struct org_query q = { .q = "陶芸", .sort = ORG_SORT_KANA, .page = 1, .per_page = 20 };
	struct org_result res;
	assert_int_equal(org_search(f->st, f->a, &q, &res), 0);
	assert_int_equal(res.total, 1);
	o.v[ORG_F_NAME] = "木工の会";
	o.v[ORG_F_KANA] = "モッコウノカイ";
	assert_int_equal(org_update(f->st, &f->center, &o, 0, &err), 0);
	assert_int_equal(version_get(f->st, "list", &v2, &fl), 0);
	assert_true(v2 > v1);
	assert_int_equal(org_search(f->st, f->a, &q, &res), 0);
	assert_int_equal(res.total, 0);
	q.q = "もっこう";
	assert_int_equal(org_search(f->st, f->a, &q, &res), 0);
	assert_int_equal(res.total, 1);
	assert_int_equal(res.hits[0].id, id);
	assert_int_equal(testdb_check_search_index(f->st), 0);
}

/* The directory's filters are tags in the search index: a word search within a field,
 * area, kind or "recruiting" is answered by the index, and the tags follow every write —
 * an application enters the directory's search only when the center approves it, and
 * leaves it again when the group is dissolved. */
static int hits(struct fx *f, const char *words, int field, long long area, const char *kind, int recruiting)
{
	struct org_query q = { .q = words, .field = field, .area_id = area, .kind = kind, .recruiting = recruiting,
			       .page = 1 };
	struct org_result r;
	assert_int_equal(org_search(f->st, f->a, &q, &r), 0);
	return r.total;
}

static void test_search_tags_follow_writes(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad;
	struct org o;
	sample(f, &o, "陶芸で見守る会", "トウゲイデミマモルカイ");	/* fields 1 and 13, 中央地区 */
	long long id = org_apply(f->st, &f->public_, &o, "tougei-kai", "kyodo-demo-2026", &err, &bad);
	assert_true(id > 0);
	assert_int_equal(hits(f, "陶芸", 0, 0, NULL, 0), 0);	/* waiting: not in the directory */

	struct org_rule *rules;
	int nrules;
	assert_int_equal(org_rule_list(f->st, f->a, 1, &rules, &nrules), 0);
	long long ticked[16];
	for (int i = 0; i < nrules && i < 16; i++)
		ticked[i] = rules[i].id;
	struct org_decision d = { .approve = 1, .ticked = ticked, .nticked = nrules < 16 ? nrules : 16,
				  .comment = "", .reg_number = "", .reg_date = "" };
	assert_int_equal(org_review_decide(f->st, &f->center, id, &d, &err, &bad), 0);
	assert_int_equal(hits(f, "陶芸", 0, 0, NULL, 0), 1);
	assert_int_equal(hits(f, "陶芸", 13, 0, NULL, 0), 1);
	assert_int_equal(hits(f, "陶芸", 2, 0, NULL, 0), 0);
	assert_int_equal(hits(f, "陶芸", 13, 1, NULL, 0), 1);	/* 中央地区 is area 1 */
	assert_int_equal(hits(f, "陶芸", 13, 2, NULL, 0), 0);
	assert_int_equal(hits(f, "陶芸", 0, 0, "npo", 0), 1);
	assert_int_equal(hits(f, "陶芸", 0, 0, "npo_certified", 0), 0);
	assert_int_equal(hits(f, "陶芸", 0, 0, "\") OR (\"", 0), 0);	/* not a kind: nothing, no error */
	assert_int_equal(hits(f, "陶芸", 0, 0, NULL, 1), 0);
	/* the words never match the tags themselves */
	assert_int_equal(hits(f, "xknpox", 0, 0, NULL, 0), 0);
	assert_int_equal(hits(f, "f13", 0, 0, NULL, 0), 0);

	/* an update moves its tags: recruiting, another field and area */
	struct org cur;
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	cur.v[ORG_F_RECRUITING] = "土曜の窯焚きを手伝ってくれる方";
	assert_int_equal(org_set_npo_fields(&cur, "6", &err), 0);
	assert_int_equal(org_set_areas(f->st, f->a, &cur, "北地区", &err), 0);
	assert_int_equal(org_update(f->st, &f->center, &cur, 0, &err), 0);
	assert_int_equal(hits(f, "陶芸", 0, 0, NULL, 1), 1);
	assert_int_equal(hits(f, "陶芸", 13, 0, NULL, 0), 0);
	assert_int_equal(hits(f, "陶芸", 6, 2, NULL, 1), 1);
	/* dissolved: gone from the search */
	cur.v[ORG_F_STATUS] = "dissolved";
	assert_int_equal(org_update(f->st, &f->center, &cur, 0, &err), 0);
	assert_int_equal(hits(f, "陶芸", 0, 0, NULL, 0), 0);
	assert_int_equal(testdb_check_search_index(f->st), 0);
}

/* From the review of issue 3: a city department is the center's to enter; area names
 * cannot hold list separators; a change waiting from review mode is withdrawn when the
 * group saves under immediate publishing (approved later, it would make a contact public
 * again); the order of activity fields alone is no change. */
static void test_review_findings(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	int bad, pending;
	struct org o;
	sample(f, &o, "役所を名乗る会", "ヤクショヲナノルカイ");
	o.v[ORG_F_KIND] = "city";
	assert_int_equal(org_create(f->st, &f->public_, &o, ORG_SAVE_APPLICATION, &err), -1);
	assert_string_equal(err, "Only the center can register a city department.");
	o.v[ORG_F_KIND] = "npo";
	o.review = ORG_APPROVED;	/* the refused application left its state in o */
	long long id = org_create(f->st, &f->center, &o, 0, &err);
	assert_true(id > 0);
	struct actor own = f->group;
	own.org_id = id;
	struct org cur;
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	cur.v[ORG_F_KIND] = "city";
	assert_int_equal(org_update(f->st, &own, &cur, 0, &err), -1);
	/* a registration number is one group's, on entry and on edit */
	struct org r1, r2;
	sample(f, &r1, "番号の会一", "バンゴウノカイイチ");
	sample(f, &r2, "番号の会二", "バンゴウノカイニ");
	r1.v[ORG_F_REG_NUMBER] = r2.v[ORG_F_REG_NUMBER] = "R7-900";
	assert_true(org_create(f->st, &f->center, &r1, 0, &err) > 0);
	assert_int_equal(org_create(f->st, &f->center, &r2, 0, &err), -1);
	assert_string_equal(err, "Another group already has this registration number.");
	r2.v[ORG_F_REG_NUMBER] = "R7-901";
	assert_true(org_create(f->st, &f->center, &r2, 0, &err) > 0);
	r2.v[ORG_F_REG_NUMBER] = "R7-900";
	assert_int_equal(org_update(f->st, &f->center, &r2, 0, &err), -1);
	assert_int_equal(org_update(f->st, &f->center, &r1, 0, &err), 0);	/* its own number */
	assert_true(org_area_add(f->st, &f->center, "東町、西町", NULL, &err) < 0);
	assert_true(org_area_add(f->st, &f->center, "東町,西町", NULL, &err) < 0);

	/* review mode: the fax made public waits; a city department cannot even wait */
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "review", &err), 0);
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	cur.v[ORG_F_KIND] = "city";
	assert_int_equal(org_profile_save(f->st, &own, &cur, &pending, &err, &bad), -1);
	assert_int_equal(pending, 0);
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	assert_int_equal(org_set_field(f->a, &cur, ORG_F_FAX, "012-345-6780", &err), 0);
	if (org_profile_save(f->st, &own, &cur, &pending, &err, &bad) != 0)
		fail_msg("%s (field %d)", err, bad);
	assert_int_equal(pending, 0);	/* a private value applies at once */
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	cur.public_mask |= ORG_PUB_FAX;
	assert_int_equal(org_profile_save(f->st, &own, &cur, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);
	struct org_change ch;
	assert_int_equal(org_change_pending(f->st, f->a, id, &ch), 0);
	/* the same fields in another order are no change */
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	int t = cur.fields[0];
	cur.fields[0] = cur.fields[1];
	cur.fields[1] = t;
	cur.public_mask |= ORG_PUB_FAX;
	assert_int_equal(org_profile_save(f->st, &own, &cur, &pending, &err, &bad), 0);
	assert_int_equal(pending, 1);	/* still only the fax */
	/* immediate again: the group saves with the fax private; the old change is withdrawn */
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "immediate", &err), 0);
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	cur.public_mask &= ~(unsigned)ORG_PUB_FAX;
	assert_int_equal(org_profile_save(f->st, &own, &cur, &pending, &err, &bad), 0);
	assert_int_equal(org_change_pending(f->st, f->a, id, &ch), ORG_NOT_FOUND);
	assert_int_equal(org_get(f->st, f->a, id, &cur), 0);
	assert_int_equal(cur.public_mask & ORG_PUB_FAX, 0);
}

static void test_settings(void **state)
{
	struct fx *f = *state;
	const char *err = NULL;
	assert_int_equal(org_setting_int(f->st, "org.confirm_months", 0), 12);
	assert_int_equal(org_setting_set(f->st, &f->staff, "org.confirm_months", "6", &err), -1);
	assert_int_equal(org_setting_set(f->st, &f->center, "org.confirm_months", "0", &err), -1);
	assert_int_equal(org_setting_set(f->st, &f->center, "org.confirm_months", "6", &err), 0);
	assert_int_equal(org_setting_int(f->st, "org.confirm_months", 0), 6);
	assert_int_equal(org_setting_set(f->st, &f->center, "org.public_changes", "sometimes", &err), -1);
	assert_int_equal(org_setting_set(f->st, &f->center, "city.code", "990018", &err), -1);
	assert_int_equal(org_setting_set(f->st, &f->center, "city.code", "990019", &err), 0);
	assert_int_equal(org_setting_set(f->st, &f->center, "no.such.key", "1", &err), -1);
	/* the city as open data names it: prefecture + name, codes checked */
	int bad;
	struct org_city_input in = { "北海道", "札幌市", "011002", "9000020011002" };
	struct org_city_input bad_pref = { "北海州", "札幌市", "011002", "" };
	struct org_city_input with_pref = { "北海道", "北海道札幌市", "011002", "" };
	struct org_city_input other_pref = { "北海道", "札幌市", "131016", "" };	/* 13: 東京都 */
	struct org_city_input bad_code = { "北海道", "札幌市", "011003", "" };
	struct org_city_input bad_corp = { "北海道", "札幌市", "011002", "9000020011003" };
	struct org_city_input bidi = { "北海道", "札幌\u202E市", "011002", "" };
	assert_int_equal(org_city_settings_save(f->st, &f->center, &bad_pref, &err, &bad), -1);
	assert_int_equal(bad, ORG_CITY_PREFECTURE);
	assert_int_equal(org_city_settings_save(f->st, &f->center, &with_pref, &err, &bad), -1);
	assert_int_equal(bad, ORG_CITY_NAME);
	assert_int_equal(org_city_settings_save(f->st, &f->center, &other_pref, &err, &bad), -1);
	assert_int_equal(bad, ORG_CITY_CODE);
	assert_int_equal(org_city_settings_save(f->st, &f->center, &bad_code, &err, &bad), -1);
	assert_int_equal(bad, ORG_CITY_CODE);
	assert_int_equal(org_city_settings_save(f->st, &f->center, &bad_corp, &err, &bad), -1);
	assert_int_equal(bad, ORG_CITY_CORP);
	assert_int_equal(org_city_settings_save(f->st, &f->center, &bidi, &err, &bad), -1);
	assert_int_equal(bad, ORG_CITY_NAME);
	assert_int_equal(org_city_settings_save(f->st, &f->staff, &in, &err, &bad), -1);
	assert_int_equal(org_city_settings_save(f->st, &f->center, &in, &err, &bad), 0);
	assert_string_equal(org_city_full_name(f->st, f->a), "北海道札幌市");
	assert_string_equal(org_setting(f->st, f->a, "city.corp_number", ""), "9000020011002");
	assert_int_equal(org_setting_set(f->st, &f->center, "city.name", "\u200B", &err), -1);
	assert_int_equal(org_setting_set(f->st, &f->center, "city.prefecture", "東京", &err), -1);
	assert_int_equal(org_area_add(f->st, &f->center, "中央地区", NULL, &err), -1);	/* exists */
	assert_int_equal(org_area_add(f->st, &f->group, "西地区", NULL, &err), -1);
	struct org_area *areas;
	int n;
	assert_int_equal(org_area_list(f->st, f->a, &areas, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(areas[0].name, "中央地区");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values_normalised, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_privacy_accessor, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rights_and_audit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_index_and_version, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_search_tags_follow_writes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_review_findings, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_settings, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
