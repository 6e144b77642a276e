/* test_directory: the public directory over the real server — the list with its filters,
 * sorts and pages, 1–2 character and width/kana-variant searches (page and API), detail,
 * print and statistics pages, 404/410, the open data (BOM, CP932, columns, no private
 * values), the page cache (a write shows at once; ETag/304; a logged-in header is never
 * served to the public), and HTML escaping of a group named <script>…. Groups are written
 * through the domain API (org_create, as the center would) before the server starts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include "harness.h"
#include "domain/org.h"
#include "domain/org_public.h"
#include "store/store.h"
#include "util/arena.h"

static struct h_server srv;
static const struct actor center = { .login = "test-center", .display_name = "", .department_name = "",
				     .role = ROLE_COORDINATOR };

enum { G_FUKUSHI, G_TOUGEI, G_SHOKUDO, G_SCRIPT, G_ABC, G_DORMANT, G_DISSOLVED, G_APPLIED, G__NAMED };
#define NFILL 25
static long long gid[G__NAMED];
static long long fill_id[NFILL];
static long long area_north;

struct spec {
	const char *name, *kana, *kind, *purpose, *fields, *areas, *members, *age, *recruiting, *status;
	const char *phone, *address, *pub;
};

static const struct spec named[G__NAMED] = {
	[G_FUKUSHI] = { "ふくしの会", "フクシノカイ", "npo", "高齢者福祉の増進を図ります。", "1", "中央地区", "12", "60〜70代が中心",
			"見守りボランティアを募集しています", NULL, "0312345678", "秘密の住所一丁目", "" },
	[G_TOUGEI] = { "陶芸クラブ緑", "トウゲイクラブミドリ", "voluntary", "陶芸を楽しみ、作品展を開きます。", "6", "北地区", "5",
		       "40〜50代が中心", NULL, NULL, "0311112222", "公開の住所二丁目", "住所;電話番号" },
	[G_SHOKUDO] = { "子ども食堂ひまわり", "コドモショクドウヒマワリ", "volunteer", "子どもの居場所づくりと地域福祉。", "13;1",
			"南地区;中央地区", "35", NULL, NULL, NULL, NULL, NULL, "" },
	[G_SCRIPT] = { "<script>alert(1)</script>", "スクリプト", "npo", "escape & <b>test</b>", "3", NULL, NULL, NULL, NULL,
		       NULL, NULL, NULL, "" },
	[G_ABC] = { "ＡＢＣ環境ネット", "エービーシーカンキョウネット", "npo", "川と森の環境保全。", "7", NULL, "150", NULL, NULL, NULL,
		    NULL, NULL, "" },
	[G_DORMANT] = { "休止中の会", "キュウシチュウノカイ", "seniors", "いまは休んでいます。", NULL, NULL, NULL, NULL, NULL,
			"dormant", NULL, NULL, "" },
	[G_DISSOLVED] = { "解散した会", "カイサンシタカイ", "voluntary", "もう活動していません。", NULL, NULL, NULL, NULL, NULL,
			  "dissolved", NULL, NULL, "" },
	[G_APPLIED] = { "申請中の会", "シンセイチュウノカイ", "voluntary", "審査を待っています。", NULL, NULL, NULL, NULL, NULL, NULL,
			NULL, NULL, "" },
};

static void set(struct arena *a, struct org *o, enum org_field f, const char *v)
{
	const char *err = NULL;
	if (v && org_set_field(a, o, f, v, &err) != 0)
		fail_msg("field %s = %s: %s", org_field_specs[f].key, v, err);
}

static long long mk(struct store *st, struct arena *a, const struct spec *s, unsigned flags)
{
	struct org o;
	const char *err = NULL;
	org_init(&o);
	set(a, &o, ORG_F_NAME, s->name);
	set(a, &o, ORG_F_KANA, s->kana);
	set(a, &o, ORG_F_KIND, s->kind);
	set(a, &o, ORG_F_PURPOSE, s->purpose);
	set(a, &o, ORG_F_MEMBERS, s->members);
	set(a, &o, ORG_F_AGE_PROFILE, s->age);
	set(a, &o, ORG_F_RECRUITING, s->recruiting);
	set(a, &o, ORG_F_STATUS, s->status);
	set(a, &o, ORG_F_PHONE, s->phone);
	set(a, &o, ORG_F_ADDRESS, s->address);
	if (s->fields && org_set_npo_fields(&o, s->fields, &err) != 0)
		fail_msg("fields %s: %s", s->fields, err);
	if (s->areas && org_set_areas(st, a, &o, s->areas, &err) != 0)
		fail_msg("areas %s: %s", s->areas, err);
	if (s->pub && org_set_public(&o, s->pub, &err) != 0)
		fail_msg("public %s: %s", s->pub, err);
	long long id = org_create(st, &center, &o, flags, &err);
	if (id <= 0)
		fail_msg("create %s: %lld %s", s->name, id, err ? err : "");
	return id;
}

static int setup(void **state)
{
	(void)state;
	struct store *st;
	if (h_server_init(&srv) != 0 || h_user_add(&srv, "center", "coordinator", "pw-center-123", NULL) != 0)
		return -1;
	if (store_open(srv.db, &st) != 0)
		return -1;
	struct arena *a = arena_new(0);
	const char *err = NULL;
	org_area_add(st, &center, "中央地区", "地区", &err);
	area_north = org_area_add(st, &center, "北地区", "地区", &err);
	org_area_add(st, &center, "南地区", "地区", &err);
	/* the publisher, as the open data names it */
	int bad;
	struct org_city_input city = { "北海道", "札幌市", "011002", "9000020011002" };
	if (org_city_settings_save(st, &center, &city, &err, &bad) != 0)
		return -1;
	for (int i = 0; i < NFILL; i++) {
		char name[64], kana[64];
		snprintf(name, sizeof name, "テスト団体%02d", i + 1);
		snprintf(kana, sizeof kana, "テストダンタイ%02d", i + 1);
		struct spec s = { .name = name, .kana = kana, .kind = "company", .purpose = "地域の商店街を元気にする。" };
		fill_id[i] = mk(st, a, &s, 0);
	}
	for (int g = 0; g < G__NAMED; g++)
		gid[g] = mk(st, a, &named[g], g == G_APPLIED ? ORG_SAVE_APPLICATION : 0);
	/* confirmation dates for the "last confirmed" order: 陶芸 newest, ふくし older */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE orgs SET confirmed_at = '2020-01-01T00:00:00Z'; "
		 "UPDATE orgs SET confirmed_at = '2025-06-01T09:00:00Z' WHERE id = %lld; "
		 "UPDATE orgs SET confirmed_at = '2024-04-01T09:00:00Z' WHERE id = %lld;",
		 gid[G_TOUGEI], gid[G_FUKUSHI]);
	int rc = store_exec_sql(st, sql);
	if (rc == 0)
		rc = org_public_all_changed(st);	/* rows written outside the domain */
	arena_free(a);
	store_close(st);
	return rc == 0 ? h_server_start(&srv) : -1;
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static long get(struct h_client *c, const char *path, struct h_resp *r)
{
	assert_int_equal(h_get(c, path, r), 0);
	return r->status;
}

/* GET path (anonymous) and return its body (malloc'd), asserting the status. */
static char *body_of(const char *path, long want)
{
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	long st = get(&c, path, &r);
	if (st != want)
		fail_msg("GET %s: %ld, wanted %ld", path, st, want);
	char *b = r.body;
	r.body = NULL;
	h_resp_free(&r);
	h_client_free(&c);
	return b ? b : strdup("");
}

static int has(const char *body, const char *s) { return strstr(body, s) != NULL; }

/* A page after a change: a copy built less than 2 s before may be sent (as a 304 to a
 * browser that has it) for up to the stale bound (5 s) after the change (page_cache.h),
 * never longer. Fails when the page (GET path, with the request headers hdrs) does not
 * hold needle 6 s after the call. */
static void catches_up(const char *path, const char *const *hdrs, const char *needle)
{
	struct timespec t0, t1;
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		assert_int_equal(h_get_hdr(&c, path, hdrs, &r), 0);
		int fresh = r.status == 200 && has(r.body, needle);
		if (r.status != 200 && r.status != 304)
			fail_msg("%s: %ld", path, r.status);
		h_resp_free(&r);
		if (fresh)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec > 6)
			fail_msg("%s still lacks a change made %ld s ago", path, (long)(t1.tv_sec - t0.tv_sec));
		usleep(100 * 1000);
	}
	h_client_free(&c);
}

static void open_data_catches_up(const char *path, const char *needle) { catches_up(path, NULL, needle); }

/* The directory search page for q (percent-encoded here) plus extra query text. */
static char *search(const char *q, const char *extra)
{
	char path[512];
	char *e = h_urlenc(q ? q : "");
	snprintf(path, sizeof path, "/groups?q=%s%s", e, extra ? extra : "");
	free(e);
	return body_of(path, 200);
}

static void counts_and_filters(void **state)
{
	(void)state;
	/* visible: 25 fillers + ふくし, 陶芸, 食堂, script, ABC, 休止 = 31 */
	char *b = body_of("/groups", 200);
	assert_true(has(b, "<strong>31件</strong>"));
	assert_true(has(b, "休止中の会"));
	assert_true(has(b, "role=\"search\""));
	assert_false(has(b, "解散した会"));
	assert_false(has(b, "申請中の会"));
	free(b);
	b = search("", "&kind=voluntary");
	assert_true(has(b, "陶芸クラブ緑"));
	assert_false(has(b, "ふくしの会"));
	assert_false(has(b, "解散した会"));
	free(b);
	b = search("", "&field=13");
	assert_true(has(b, "子ども食堂ひまわり"));
	assert_false(has(b, "ふくしの会"));
	assert_true(has(b, "<strong>1件</strong>"));
	free(b);
	char extra[64];
	snprintf(extra, sizeof extra, "&area=%lld", area_north);
	b = search("", extra);
	assert_true(has(b, "陶芸クラブ緑"));
	assert_false(has(b, "子ども食堂ひまわり"));
	free(b);
	b = search("", "&recruiting=1");
	assert_true(has(b, "ふくしの会"));
	assert_true(has(b, "<strong>1件</strong>"));
	assert_false(has(b, "陶芸クラブ緑"));
	free(b);
	/* nothing found: a message with tips, no list */
	b = search("存在しない言葉", NULL);
	assert_true(has(b, "<strong>0件</strong>"));
	assert_false(has(b, "class=\"group-list\""));
	free(b);
}

static void japanese_search(void **state)
{
	(void)state;
	/* two characters (the trigram tokenizer's blind spot) */
	char *b = search("福祉", NULL);
	assert_true(has(b, "ふくしの会"));
	assert_true(has(b, "子ども食堂ひまわり"));
	assert_false(has(b, "陶芸クラブ緑"));
	assert_true(has(b, "<strong>2件</strong>"));
	free(b);
	/* one character */
	b = search("陶", NULL);
	assert_true(has(b, "陶芸クラブ緑"));
	assert_true(has(b, "<strong>1件</strong>"));
	free(b);
	/* width variants: ASCII for full-width letters, and the other way round */
	const char *variants[] = { "abc", "ABC", "ａｂｃ", "かんきょう", "ｶﾝｷｮｳ", "カンキョウ" };
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		b = search(variants[i], NULL);
		if (!has(b, "ＡＢＣ環境ネット"))
			fail_msg("search %s did not find ＡＢＣ環境ネット", variants[i]);
		free(b);
	}
	/* hiragana finds the katakana reading */
	b = search("とうげい", NULL);
	assert_true(has(b, "陶芸クラブ緑"));
	free(b);
	/* the same through the API */
	char *e = h_urlenc("福祉");
	char path[256];
	snprintf(path, sizeof path, "/api/v1/groups?q=%s", e);
	free(e);
	b = body_of(path, 200);
	json_error_t je;
	json_t *j = json_loads(b, 0, &je);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	free(b);
	b = body_of("/api/v1/groups?q=%EF%BD%B6%EF%BE%9D%EF%BD%B7%EF%BD%AE%EF%BD%B3", 200);	/* ｶﾝｷｮｳ */
	assert_true(has(b, "\"total\":1"));
	free(b);
}

/* Byte offset of s in b, or a large number when absent. */
static size_t pos(const char *b, const char *s)
{
	const char *p = strstr(b, s);
	return p ? (size_t)(p - b) : (size_t)-1;
}

static void sorts_and_pages(void **state)
{
	(void)state;
	/* 五十音: エ(ABC) < キ(休止) < コ(食堂) < ス(script) < テ(fillers) … page 2: ト(陶芸) < フ(ふくし) */
	char *b = body_of("/groups", 200);
	assert_true(pos(b, "ＡＢＣ環境ネット") < pos(b, "休止中の会"));
	assert_true(pos(b, "休止中の会") < pos(b, "子ども食堂ひまわり"));
	assert_true(pos(b, "子ども食堂ひまわり") < pos(b, "テスト団体01"));
	assert_false(has(b, "陶芸クラブ緑"));
	assert_true(has(b, "aria-current=\"page\""));
	assert_true(has(b, "rel=\"next\""));
	free(b);
	b = body_of("/groups?page=2", 200);
	assert_true(has(b, "陶芸クラブ緑"));
	assert_true(pos(b, "陶芸クラブ緑") < pos(b, "ふくしの会"));
	assert_true(has(b, "rel=\"prev\""));
	assert_true(has(b, "aria-label=\"2ページ\" aria-current=\"page\""));
	free(b);
	b = body_of("/groups?page=3", 404);
	free(b);
	free(body_of("/api/v1/groups?page=3", 404));
	b = body_of("/api/v1/groups?page=2", 200);
	assert_true(has(b, "\"page\":2"));
	assert_true(has(b, "陶芸クラブ緑"));
	free(b);
	/* newest first: the last created visible group (休止中の会) opens page 1 */
	b = body_of("/groups?sort=new", 200);
	assert_true(pos(b, "休止中の会") < pos(b, "ＡＢＣ環境ネット"));
	assert_true(pos(b, "ＡＢＣ環境ネット") < pos(b, "テスト団体25"));
	free(b);
	/* last confirmed first: 陶芸 (2025), ふくし (2024), then the rest */
	b = body_of("/groups?sort=confirmed", 200);
	assert_true(pos(b, "陶芸クラブ緑") < pos(b, "ふくしの会"));
	assert_true(pos(b, "ふくしの会") < pos(b, "テスト団体"));
	assert_true(has(b, "令和7年（2025年）6月1日"));	/* 2025-06-01T09:00Z: that day in Japan */
	free(b);
	/* unknown values are ignored rather than refused */
	b = body_of("/groups?sort=zzz&page=abc&field=99&kind=nope", 200);
	assert_true(has(b, "<strong>31件</strong>"));
	free(b);
}

static void detail_print_and_404(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/groups/%lld", gid[G_TOUGEI]);
	char *b = body_of(path, 200);
	assert_true(has(b, "<h1>陶芸クラブ緑</h1>"));
	assert_true(has(b, "学術・文化・芸術・スポーツ"));	/* the field's short name (issue 8 §6) */
	assert_false(has(b, "学術、文化、芸術又はスポーツの振興を図る活動"));
	assert_true(has(b, "site-footer__dev\">"));	/* the JSON link is on the footer's developer line */
	assert_true(has(b, "/api/v1/groups/"));
	assert_true(has(b, "北地区"));
	assert_true(has(b, "公開の住所二丁目"));	/* public by its switch */
	assert_true(has(b, "0311112222"));
	assert_true(has(b, "/print"));
	free(b);
	snprintf(path, sizeof path, "/groups/%lld", gid[G_FUKUSHI]);
	b = body_of(path, 200);
	assert_false(has(b, "秘密の住所一丁目"));
	assert_false(has(b, "0312345678"));
	assert_true(has(b, "見守りボランティアを募集しています"));
	assert_true(has(b, "令和6年（2024年）4月1日"));
	free(b);
	snprintf(path, sizeof path, "/groups/%lld/print", gid[G_FUKUSHI]);
	b = body_of(path, 200);
	assert_true(has(b, "<h1>ふくしの会</h1>"));
	assert_false(has(b, "site-nav"));
	assert_false(has(b, "秘密の住所一丁目"));
	free(b);
	snprintf(path, sizeof path, "/groups/%lld", gid[G_DISSOLVED]);
	free(body_of(path, 410));
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid[G_DISSOLVED]);
	free(body_of(path, 410));
	snprintf(path, sizeof path, "/groups/%lld", gid[G_APPLIED]);
	free(body_of(path, 404));
	snprintf(path, sizeof path, "/groups/%lld/print", gid[G_APPLIED]);
	free(body_of(path, 404));
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid[G_APPLIED]);
	free(body_of(path, 404));
	free(body_of("/groups/999999", 404));
	free(body_of("/groups/abc", 404));
	free(body_of("/api/v1/groups/0", 404));
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid[G_TOUGEI]);
	b = body_of(path, 200);
	assert_true(has(b, "\"name\":\"陶芸クラブ緑\""));
	assert_true(has(b, "\"address\":\"公開の住所二丁目\""));
	assert_false(has(b, "review"));
	free(b);
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid[G_FUKUSHI]);
	b = body_of(path, 200);
	assert_false(has(b, "秘密の住所一丁目"));
	assert_false(has(b, "0312345678"));
	free(b);
}

/* The row of label in a statistics table: "<th scope="row">label</th><td class="num">N</td>". */
static void stat_row(const char *b, const char *label, int n)
{
	char want[256];
	snprintf(want, sizeof want, "<th scope=\"row\">%s</th><td class=\"num\">%d</td>", label, n);
	if (!has(b, want))
		fail_msg("statistics: no row %s", want);
}

static void statistics(void **state)
{
	(void)state;
	char *b = body_of("/groups/stats", 200);
	assert_true(has(b, "<caption>"));
	assert_true(has(b, "<svg"));
	assert_true(has(b, "role=\"img\""));
	stat_row(b, "NPO法人", 3);
	stat_row(b, "任意団体", 1);	/* the dissolved and the applied one do not count */
	stat_row(b, "企業", 25);
	stat_row(b, "市民活動団体", 5);	/* NPO法人 3 + 任意団体 1 + ボランティア団体 1 */
	stat_row(b, "地域組織", 1);
	stat_row(b, "1 保健・医療・福祉", 2);
	stat_row(b, "13 子どもの健全育成", 1);
	stat_row(b, "中央地区", 2);
	stat_row(b, "北地区", 1);
	stat_row(b, "1〜9人", 1);
	stat_row(b, "10〜29人", 1);
	stat_row(b, "30〜49人", 1);
	stat_row(b, "50〜99人", 0);
	stat_row(b, "100人以上", 1);
	stat_row(b, "不明", 27);	/* members: 31 − 4; and age profiles: 31 − 2 below */
	stat_row(b, "60〜70代が中心", 1);
	assert_true(has(b, "<td class=\"num\">31</td>"));
	free(b);
}

/* Decodes CP932 to UTF-8 (malloc'd). */
static char *from_cp932(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	assert_true(cd != (iconv_t)-1);
	size_t cap = n * 3 + 1, left = cap;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	size_t inleft = n;
	assert_true(iconv(cd, &in, &inleft, &o, &left) != (size_t)-1);
	*o = 0;
	iconv_close(cd);
	return out;
}

static void open_data(void **state)
{
	(void)state;
	struct h_client c;
	struct h_resp r;
	char hv[256];
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(get(&c, "/groups/opendata.csv", &r), 200);
	assert_true(r.len > 3 && memcmp(r.body, "\xEF\xBB\xBF", 3) == 0);
	assert_non_null(h_header(&r, "Content-Disposition", hv, sizeof hv));
	assert_true(has(hv, "attachment"));
	/* the standard's columns first, with their meaning; Kyodo's own after */
	assert_true(has(r.body, "全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ,名称_英語,郵便番号,住所,電話番号,"
				"FAX番号,メールアドレス,URL,法人番号,団体の法人番号,種別,設立年月日,目的,活動内容,活動分野,"
				"活動地区,会員数,代表者,募集,最終確認日\r\n"));
	/* 地方公共団体名 with the prefecture, 法人番号 the publisher's */
	char want[128];
	snprintf(want, sizeof want, "011002,%lld,北海道札幌市,陶芸クラブ緑,トウゲイクラブミドリ,,,公開の住所二丁目,",
		 gid[G_TOUGEI]);
	assert_true(has(r.body, want));
	assert_true(has(r.body, ",9000020011002,,任意団体,"));	/* the city's 法人番号, then the group's (none) */
	assert_true(has(r.body, "陶芸クラブ緑"));
	assert_true(has(r.body, "公開の住所二丁目"));
	assert_true(has(r.body, "2025-06-01"));
	assert_false(has(r.body, "秘密の住所一丁目"));
	assert_false(has(r.body, "0312345678"));
	assert_false(has(r.body, "解散した会"));
	assert_false(has(r.body, "申請中の会"));
	assert_true(has(r.body, "子どもの健全育成を図る活動;保健、医療又は福祉の増進を図る活動"));
	assert_true(has(r.body, "南地区;中央地区") || has(r.body, "中央地区;南地区"));
	int lines = 0;
	for (const char *p = r.body; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal(lines, 32);	/* header + 31 */
	h_resp_free(&r);

	assert_int_equal(get(&c, "/groups/opendata.csv?encoding=cp932", &r), 200);
	assert_non_null(h_header(&r, "Content-Type", hv, sizeof hv));
	assert_true(has(hv, "Shift_JIS"));
	assert_false(r.len > 3 && memcmp(r.body, "\xEF\xBB\xBF", 3) == 0);
	char *u = from_cp932(r.body, r.len);
	assert_true(has(u, "全国地方公共団体コード,ID,地方公共団体名,名称"));
	assert_true(has(u, "北海道札幌市"));
	assert_true(has(u, "陶芸クラブ緑"));
	assert_false(has(u, "秘密の住所一丁目"));
	free(u);
	h_resp_free(&r);
	assert_int_equal(get(&c, "/groups/opendata.csv?encoding=ebcdic", &r), 400);
	h_resp_free(&r);

	assert_int_equal(get(&c, "/groups/opendata.json", &r), 200);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	if (!j)
		fail_msg("open data JSON: %s at %d", je.text, je.position);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 31);
	assert_string_equal(json_string_value(json_object_get(j, "全国地方公共団体コード")), "011002");
	assert_string_equal(json_string_value(json_object_get(j, "地方公共団体名")), "北海道札幌市");
	assert_string_equal(json_string_value(json_object_get(j, "法人番号")), "9000020011002");
	assert_non_null(json_object_get(json_array_get(items, 0), "団体の法人番号"));
	assert_non_null(json_object_get(json_array_get(items, 0), "名称_カナ"));
	json_decref(j);
	assert_false(has(r.body, "秘密の住所一丁目"));
	h_resp_free(&r);
	h_client_free(&c);
}

static void cache_follows_writes(void **state)
{
	(void)state;
	struct h_client c;
	struct h_resp r;
	char etag[128], inm[160];
	assert_int_equal(h_client_init(&c, &srv), 0);
	char *e = h_urlenc("陶芸");
	char path[128];
	snprintf(path, sizeof path, "/groups?q=%s", e);
	free(e);
	assert_int_equal(get(&c, path, &r), 200);
	assert_true(has(r.body, "陶芸クラブ緑"));
	assert_non_null(h_header(&r, "ETag", etag, sizeof etag));
	size_t len1 = r.len;
	char *first = strdup(r.body);
	h_resp_free(&r);
	/* served again (from the cache): the same bytes; revalidation: 304 */
	assert_int_equal(get(&c, path, &r), 200);
	assert_int_equal(r.len, len1);
	assert_memory_equal(r.body, first, len1);
	h_resp_free(&r);
	free(first);
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const char *hdrs[] = { inm, NULL };
	assert_int_equal(h_get_hdr(&c, path, hdrs, &r), 0);
	assert_int_equal(r.status, 304);
	h_resp_free(&r);
	char dpath[64];
	snprintf(dpath, sizeof dpath, "/groups/%lld", gid[G_TOUGEI]);
	assert_int_equal(get(&c, dpath, &r), 200);
	h_resp_free(&r);
	free(body_of("/groups/stats", 200));

	/* the center renames the group while the server runs */
	struct store *st;
	struct arena *a = arena_new(0);
	struct org o;
	const char *err = NULL;
	assert_int_equal(store_open(srv.db, &st), 0);
	assert_int_equal(org_get(st, a, gid[G_TOUGEI], &o), 0);
	set(a, &o, ORG_F_NAME, "陶芸クラブ青空");
	set(a, &o, ORG_F_MEMBERS, "60");
	assert_int_equal(org_update(st, &center, &o, 0, &err), 0);
	store_close(st);
	arena_free(a);

	/* within the stale bound: the browser's copy, the group's page, the statistics, the
	 * open data */
	catches_up(path, hdrs, "陶芸クラブ青空");
	catches_up(dpath, NULL, "<h1>陶芸クラブ青空</h1>");
	catches_up("/groups/stats", NULL, "<th scope=\"row\">50〜99人</th><td class=\"num\">1</td>");
	char *b = body_of("/groups/stats", 200);
	stat_row(b, "1〜9人", 0);
	free(b);
	open_data_catches_up("/groups/opendata.csv", "陶芸クラブ青空");

	/* a character Shift_JIS cannot hold: the CP932 file is still served, with 〓 (0x81AC)
	 * in its place right after 楽しむ (8A 79 82 B5 82 DE); the UTF-8 file has it exactly */
	a = arena_new(0);
	assert_int_equal(store_open(srv.db, &st), 0);
	assert_int_equal(org_get(st, a, gid[G_TOUGEI], &o), 0);
	set(a, &o, ORG_F_PURPOSE, "陶芸を楽しむ🌸");
	assert_int_equal(org_update(st, &center, &o, 0, &err), 0);
	store_close(st);
	arena_free(a);
	open_data_catches_up("/groups/opendata.csv?encoding=cp932", "\x8A\x79\x82\xB5\x82\xDE\x81\xAC");
	open_data_catches_up("/groups/opendata.csv", "陶芸を楽しむ🌸");
	h_client_free(&c);
}

static void logged_in_pages_are_not_shared(void **state)
{
	(void)state;
	struct h_client c;
	struct h_resp r;
	assert_int_equal(h_client_init(&c, &srv), 0);
	assert_int_equal(h_login(&c, "center", "pw-center-123"), 303);
	assert_int_equal(get(&c, "/groups?q=xyz-cache", &r), 200);
	assert_true(has(r.body, "site-user"));
	h_resp_free(&r);
	h_client_free(&c);
	char *b = body_of("/groups?q=xyz-cache", 200);
	assert_false(has(b, "site-user"));
	assert_true(has(b, "/login"));
	free(b);
}

static void names_are_escaped(void **state)
{
	(void)state;
	const char *raw = "<script>alert(1)</script>", *esc = "&lt;script&gt;alert(1)&lt;/script&gt;";
	char path[128];
	char *pages[6];
	pages[0] = search("スクリプト", NULL);
	pages[1] = body_of("/groups", 200);
	snprintf(path, sizeof path, "/groups/%lld", gid[G_SCRIPT]);
	pages[2] = body_of(path, 200);
	snprintf(path, sizeof path, "/groups/%lld/print", gid[G_SCRIPT]);
	pages[3] = body_of(path, 200);
	pages[4] = search("script", NULL);
	pages[5] = body_of("/groups/stats", 200);
	for (int i = 0; i < 6; i++) {
		if (has(pages[i], raw))
			fail_msg("page %d shows the name unescaped", i);
		if (i < 5 && !has(pages[i], esc))
			fail_msg("page %d does not show the escaped name", i);
		assert_false(has(pages[i], "<b>test</b>"));
		free(pages[i]);
	}
	/* JSON carries the text as a JSON string, served as application/json */
	struct h_client c;
	struct h_resp r;
	char ct[128];
	assert_int_equal(h_client_init(&c, &srv), 0);
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid[G_SCRIPT]);
	assert_int_equal(get(&c, path, &r), 200);
	assert_non_null(h_header(&r, "Content-Type", ct, sizeof ct));
	assert_true(has(ct, "application/json"));
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "name")), raw);
	json_decref(j);
	h_resp_free(&r);
	h_client_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_and_filters),
		cmocka_unit_test(japanese_search),
		cmocka_unit_test(sorts_and_pages),
		cmocka_unit_test(detail_print_and_404),
		cmocka_unit_test(statistics),
		cmocka_unit_test(open_data),
		cmocka_unit_test(names_are_escaped),
		cmocka_unit_test(logged_in_pages_are_not_shared),
		cmocka_unit_test(cache_follows_writes),	/* last: it renames a group */
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
