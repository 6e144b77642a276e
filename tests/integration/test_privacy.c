/* test_privacy: THE privacy test of the registry (issue 3). Sixty groups carry unique
 * contact values — representative and contact person with their readings, postal code,
 * address, phone, fax, email — with all or most public switches off (every tenth group
 * all off, the others one switch on), ten more have every switch on (the controls), and a
 * dissolved and an applied group carry values that must never show. Then every public
 * page (the list with many queries, filters and sorts, every page of each; every detail
 * and print page; the statistics), every public API answer and the open-data exports
 * (CSV UTF-8, CSV CP932 decoded, JSON) are fetched as the public, as a `group` user (its
 * own group among them: the directory shows every viewer the public view), as staff and
 * as a committee member; no private value may appear anywhere, and every public one
 * must appear somewhere. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "../common/testdb.h"
#include "domain/account.h"
#include "domain/org.h"
#include "domain/org_public.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#define NPRIVATE 60	/* groups with all or most switches off */
#define NPUBLIC 10	/* controls: every switch on */
#define NGROUPS (NPRIVATE + NPUBLIC + 2)	/* + a dissolved and an applied one */
#define PASSWORD "pw-privacy-123"

static struct h_server srv;
static const struct actor center = { .login = "test-center", .display_name = "", .department_name = "",
				     .role = ROLE_COORDINATOR };
static long long ids[NGROUPS];
static long long area_ids[3];

/* The values that must never show, and those that must. */
static char *forbidden[NGROUPS * 16];
static int nforbidden;
static char *expected[NGROUPS * 16];
static int nexpected;

static const enum org_field contact_fields[] = {
	ORG_F_REP_NAME, ORG_F_REP_KANA, ORG_F_CONTACT_NAME, ORG_F_CONTACT_KANA, ORG_F_POSTAL,
	ORG_F_ADDRESS, ORG_F_PHONE, ORG_F_FAX, ORG_F_EMAIL,
};
#define NCONTACT ((int)(sizeof contact_fields / sizeof contact_fields[0]))
static const char *const pub_labels[] = { "代表者", "連絡担当者", "郵便番号", "住所", "電話番号", "FAX番号", "メール" };

static void set(struct arena *a, struct org *o, enum org_field f, const char *v)
{
	const char *err = NULL;
	if (org_set_field(a, o, f, v, &err) != 0)
		fail_msg("field %s = %s: %s", org_field_specs[f].key, v, err);
}

static long long mk_group(struct store *st, struct arena *a, int i)
{
	static const char *const kinds[] = { "npo", "voluntary", "volunteer", "neighborhood", "company", "seniors" };
	struct org o;
	char v[128];
	const char *err = NULL;
	int dissolved = i == NPRIVATE + NPUBLIC, applied = i == NPRIVATE + NPUBLIC + 1;
	org_init(&o);
	snprintf(v, sizeof v, "プライバシー確認団体%03d", i);
	set(a, &o, ORG_F_NAME, v);
	snprintf(v, sizeof v, "プライバシーカクニンダンタイ%03d", i);
	set(a, &o, ORG_F_KANA, v);
	set(a, &o, ORG_F_KIND, kinds[i % 6]);
	snprintf(v, sizeof v, "地域の福祉とまちづくりに取り組む団体です（%03d）。", i);
	set(a, &o, ORG_F_PURPOSE, v);
	set(a, &o, ORG_F_ACTIVITIES, "月に一度の集まりと、年に一度の発表会。");
	snprintf(v, sizeof v, "%d", 3 + i);
	set(a, &o, ORG_F_MEMBERS, v);
	if (i % 4 == 0)
		set(a, &o, ORG_F_RECRUITING, "一緒に活動する仲間を募集中です。");
	/* the contact values, unique per group */
	snprintf(v, sizeof v, "秘代表者%04d", i);
	set(a, &o, ORG_F_REP_NAME, v);
	snprintf(v, sizeof v, "ヒダイヒョウシャ%04d", i);
	set(a, &o, ORG_F_REP_KANA, v);
	snprintf(v, sizeof v, "秘連絡者%04d", i);
	set(a, &o, ORG_F_CONTACT_NAME, v);
	snprintf(v, sizeof v, "ヒレンラクシャ%04d", i);
	set(a, &o, ORG_F_CONTACT_KANA, v);
	snprintf(v, sizeof v, "%03d-%04d", 900 + i % 100, 7000 + i);
	set(a, &o, ORG_F_POSTAL, v);
	snprintf(v, sizeof v, "みどり野市秘密住所%04d番地", i);
	set(a, &o, ORG_F_ADDRESS, v);
	snprintf(v, sizeof v, "0599%06d", 100000 + i);
	set(a, &o, ORG_F_PHONE, v);
	snprintf(v, sizeof v, "0588%06d", 200000 + i);
	set(a, &o, ORG_F_FAX, v);
	snprintf(v, sizeof v, "himitsu%04d@example.jp", i);
	set(a, &o, ORG_F_EMAIL, v);
	if (dissolved)
		set(a, &o, ORG_F_STATUS, "解散");
	char fields[8];
	snprintf(fields, sizeof fields, "%d", i % 20 + 1);
	if (org_set_npo_fields(&o, fields, &err) != 0)
		fail_msg("fields: %s", err);
	static const char *const areas[] = { "東地区", "西地区", "東地区;西地区" };
	if (org_set_areas(st, a, &o, areas[i % 3], &err) != 0)
		fail_msg("areas: %s", err);
	/* the switches: every tenth private group all off, the others one on; controls all on */
	const char *pub = "";
	if (i >= NPRIVATE)
		pub = "代表者;連絡担当者;郵便番号;住所;電話番号;FAX番号;メール";
	else if (i % 10)
		pub = pub_labels[i % 7];
	if (org_set_public(&o, pub, &err) != 0)
		fail_msg("public %s: %s", pub, err);
	long long id = org_create(st, &center, &o, applied ? ORG_SAVE_APPLICATION : 0, &err);
	if (id <= 0)
		fail_msg("create %d: %lld %s", i, id, err ? err : "");
	/* read back what was stored (normalised) and sort each value into its list */
	struct org got;
	assert_int_equal(org_get(st, a, id, &got), 0);
	for (int k = 0; k < NCONTACT; k++) {
		const char *val = got.v[contact_fields[k]];
		assert_true(*val);
		if (dissolved || applied || !org_field_public(&got, contact_fields[k]))
			forbidden[nforbidden++] = strdup(val);
		else if (contact_fields[k] != ORG_F_CONTACT_KANA && contact_fields[k] != ORG_F_REP_KANA)
			expected[nexpected++] = strdup(val);
	}
	return id;
}

static int setup(void **state)
{
	(void)state;
	struct store *st;
	if (h_server_init(&srv) != 0 || h_user_add(&srv, "grp", "group", PASSWORD, NULL) != 0 ||
	    h_user_add(&srv, "staff1", "staff", PASSWORD, "協働推進課") != 0 ||
	    h_user_add(&srv, "member1", "committee", PASSWORD, NULL) != 0 ||
	    h_user_add(&srv, "center1", "coordinator", PASSWORD, NULL) != 0)
		return -1;
	if (store_open(srv.db, &st) != 0)
		return -1;
	struct arena *a = arena_new(0);
	const char *err = NULL;
	area_ids[0] = org_area_add(st, &center, "東地区", "地区", &err);
	area_ids[1] = org_area_add(st, &center, "西地区", "地区", &err);
	for (int i = 0; i < NGROUPS; i++)
		ids[i] = mk_group(st, a, i);
	/* the group account belongs to group 1 (all but one switch off) */
	struct user u;
	struct actor cli;
	char name[64];
	actor_cli(&cli, name, sizeof name);
	int rc = account_user_get(st, "grp", &u);
	if (rc == 0)
		rc = account_set_org(st, &cli, u.id, ids[1]);
	/* some confirmation dates, so that the confirmed order has something to order */
	if (rc == 0)
		rc = store_exec_sql(st, testdb_sql("UPDATE orgs SET confirmed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', "
						   "'-' || (id * 7) || ' days');",
						   "UPDATE orgs SET confirmed_at = to_char((now() - make_interval(days => "
						   "CAST(id * 7 AS int))) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"');"));
	if (rc == 0)
		rc = org_public_all_changed(st);	/* rows written outside the domain */
	arena_free(a);
	store_close(st);
	if (rc != 0 || nforbidden < NPRIVATE * 7)
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < nforbidden; i++)
		free(forbidden[i]);
	for (int i = 0; i < nexpected; i++)
		free(expected[i]);
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

/* Everything one viewer was shown, with the address of each piece. */
struct corpus {
	struct buf all;
	int fetched;
};

static char *from_cp932(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	assert_true(cd != (iconv_t)-1);
	size_t cap = n * 3 + 1, left = cap, inleft = n;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	assert_true(iconv(cd, &in, &inleft, &o, &left) != (size_t)-1);
	*o = 0;
	iconv_close(cd);
	return out;
}

/* GET path, add the body (decoded when cp932) to the corpus; returns the status. */
static long fetch(struct h_client *c, struct corpus *k, const char *path, int cp932)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	if (r.status >= 500)
		fail_msg("GET %s: %ld", path, r.status);
	buf_printf(&k->all, "\n=== %s ===\n", path);
	if (cp932 && r.status == 200) {
		char *u = from_cp932(r.body, r.len);
		buf_puts(&k->all, u);
		free(u);
	} else {
		buf_append(&k->all, r.body ? r.body : "", r.len);
	}
	buf_append(&k->all, r.headers ? r.headers : "", r.hlen);
	k->fetched++;
	long st = r.status;
	h_resp_free(&r);
	return st;
}

/* Every page of a list (until the page past the end answers 404). */
static void fetch_pages(struct h_client *c, struct corpus *k, const char *query)
{
	for (int page = 1; page < 50; page++) {
		char path[512];
		snprintf(path, sizeof path, "/groups?%s%spage=%d", query, *query ? "&" : "", page);
		long st = fetch(c, k, path, 0);
		if (st == 404 && page > 1)
			return;
		assert_int_equal(st, 200);
	}
	fail_msg("more than 50 pages for %s", query);
}

static void fetch_everything(struct h_client *c, struct corpus *k)
{
	static const char *const lists[] = {
		"", "sort=new", "sort=confirmed", "sort=kana", "recruiting=1", "kind=npo", "kind=voluntary",
		"kind=neighborhood", "field=1", "field=2", "field=20", "q=%E7%A7%98", /* 秘 */
		"q=%E7%A7%98%E5%AF%86", /* 秘密 */ "q=%E4%BB%A3%E8%A1%A8", /* 代表 */
		"q=%E3%83%97%E3%83%A9%E3%82%A4%E3%83%90%E3%82%B7%E3%83%BC", /* プライバシー */
		"q=himitsu", "q=0599", "q=%E7%A6%8F%E7%A5%89&sort=new", /* 福祉 */
		"q=%E3%81%B5%E3%81%8F%E3%81%97", /* ふくし */
	};
	char path[256];
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		fetch_pages(c, k, lists[i]);
	for (int a = 0; a < 2; a++) {
		snprintf(path, sizeof path, "area=%lld", area_ids[a]);
		fetch_pages(c, k, path);
	}
	for (int i = 0; i < NGROUPS; i++) {
		long want = i < NPRIVATE + NPUBLIC ? 200 : i == NPRIVATE + NPUBLIC ? 410 : 404;
		snprintf(path, sizeof path, "/groups/%lld", ids[i]);
		assert_int_equal(fetch(c, k, path, 0), want);
		snprintf(path, sizeof path, "/groups/%lld/print", ids[i]);
		assert_int_equal(fetch(c, k, path, 0), want);
		snprintf(path, sizeof path, "/api/v1/groups/%lld", ids[i]);
		assert_int_equal(fetch(c, k, path, 0), want);
	}
	assert_int_equal(fetch(c, k, "/groups/stats", 0), 200);
	static const char *const api[] = {
		"/api/v1/groups?per_page=100", "/api/v1/groups", "/api/v1/groups?page=2", "/api/v1/groups?page=3",
		"/api/v1/groups?page=4&per_page=20", "/api/v1/groups?q=%E7%A7%98&per_page=100", "/api/v1/groups?recruiting=1",
		"/api/v1/groups?sort=confirmed&per_page=100", "/api/v1/groups?q=himitsu",
	};
	for (size_t i = 0; i < sizeof api / sizeof api[0]; i++)
		assert_int_equal(fetch(c, k, api[i], 0), 200);
	assert_int_equal(fetch(c, k, "/groups/opendata.csv", 0), 200);
	assert_int_equal(fetch(c, k, "/groups/opendata.csv?encoding=cp932", 1), 200);
	assert_int_equal(fetch(c, k, "/groups/opendata.json", 0), 200);
	/* and in English (sets the language cookie: last) */
	assert_int_equal(fetch(c, k, "/groups?lang=en", 0), 200);
	snprintf(path, sizeof path, "/groups/%lld?lang=en", ids[1]);
	assert_int_equal(fetch(c, k, path, 0), 200);
}

static void check_viewer(const char *login)
{
	struct h_client c;
	struct corpus k = { BUF_INIT, 0 };
	assert_int_equal(h_client_init(&c, &srv), 0);
	if (login)
		assert_int_equal(h_login(&c, login, PASSWORD), 303);
	fetch_everything(&c, &k);
	h_client_free(&c);
	assert_false(k.all.oom);
	const char *text = buf_cstr(&k.all);
	int leaks = 0;
	for (int i = 0; i < nforbidden; i++) {
		const char *p = strstr(text, forbidden[i]);
		if (!p)
			continue;
		const char *hdr = p;
		while (hdr > text && strncmp(hdr, "\n=== ", 5) != 0)
			hdr--;
		print_error("%s: private value %s shown in %.80s\n", login ? login : "public", forbidden[i], hdr + 1);
		leaks++;
	}
	int missing = 0;
	for (int i = 0; i < nexpected; i++)
		if (!strstr(text, expected[i])) {
			print_error("%s: public value %s never shown\n", login ? login : "public", expected[i]);
			missing++;
		}
	print_message("%s: %d responses, %zu bytes, %d private values absent, %d public values present\n",
		      login ? login : "public", k.fetched, k.all.len, nforbidden - leaks, nexpected - missing);
	buf_free(&k.all);
	assert_int_equal(leaks, 0);
	assert_int_equal(missing, 0);
}

static void public_viewer(void **state) { (void)state; check_viewer(NULL); }
static void group_viewer(void **state) { (void)state; check_viewer("grp"); }
static void staff_viewer(void **state) { (void)state; check_viewer("staff1"); }
static void committee_viewer(void **state) { (void)state; check_viewer("member1"); }
/* The center may see private values in its own screens; the public directory still
 * shows it the public view (a printed page must not carry them). */
static void center_viewer(void **state) { (void)state; check_viewer("center1"); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(public_viewer),
		cmocka_unit_test(group_viewer),
		cmocka_unit_test(staff_viewer),
		cmocka_unit_test(committee_viewer),
		cmocka_unit_test(center_viewer),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
