/* test_org_web: registration and a group's own pages end to end over HTTP against the
 * real server — the public applies (422 keeps the input and links each error to its
 * field; a cross-site POST and a filled-in hidden field are turned away), the applicant
 * follows the application with its own sign-in (the account itself cannot log in yet),
 * the center (a `coordinator`) sends it back with a comment, the applicant corrects and
 * resends, the center approves against the checklist (refused while incomplete), the
 * group logs in, edits its profile, sees its history and confirms its data; review mode
 * (a public change waits, the center publishes it); the yearly request; CSRF
 * rejections; and a group is refused every /center/ route and cannot name another
 * group's record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define PW "correct horse battery"
#define APP_PW "group password 2026"

static struct h_server srv;

static int group_setup(void **state)
{
	if (h_server_init(&srv) < 0 || h_user_add(&srv, "center", "coordinator", PW, NULL) < 0 ||
	    h_user_add(&srv, "ad", "admin", PW, NULL) < 0)
		return -1;
	return h_server_start(&srv);
}

static int group_teardown(void **state)
{
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void login_as(struct h_client *c, const char *login, const char *pw)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	assert_int_equal(h_login(c, login, pw), 303);
}

/* A form body from NULL-terminated name, value pairs (values percent-encoded). */
static char *form_of(const char *const *kv)
{
	size_t cap = 16384, len = 0;
	char *out = calloc(1, cap);
	for (int i = 0; kv[i]; i += 2) {
		char *v = h_urlenc(kv[i + 1]);
		len += (size_t)snprintf(out + len, cap - len, "%s%s=%s", len ? "&" : "", kv[i], v);
		free(v);
	}
	return out;
}

/* POST with the CSRF token of csrf_page (or none when csrf_page is NULL). */
static long post_form(struct h_client *c, const char *csrf_page, const char *path, const char *const *kv,
		      struct h_resp *out)
{
	char tok[128] = "", *form = form_of(kv), body[20000];
	if (csrf_page)
		assert_int_equal(h_csrf_of(c, csrf_page, tok, sizeof tok), 0);
	snprintf(body, sizeof body, "%s%s%s%s", csrf_page ? "csrf=" : "", tok, csrf_page && *form ? "&" : "", form);
	free(form);
	struct h_resp r;
	assert_int_equal(h_post(c, path, body, &r), 0);
	long st = r.status;
	if (out)
		*out = r;
	else
		h_resp_free(&r);
	return st;
}

static long get_page(struct h_client *c, const char *path, struct h_resp *r)
{
	assert_int_equal(h_get(c, path, r), 0);
	return r->status;
}

static void assert_has(const struct h_resp *r, const char *s)
{
	if (!strstr(r->body, s)) {
		print_error("missing in the page: %s\n", s);
		fail();
	}
}

/* The number after the first occurrence of prefix that a digit follows. */
static long long id_after(const char *body, const char *prefix)
{
	for (const char *p = strstr(body, prefix); p; p = strstr(p + 1, prefix)) {
		const char *d = p + strlen(prefix);
		if (*d >= '0' && *d <= '9')
			return atoll(d);
	}
	return 0;
}

/* The application's fields: a valid group, with the wished account. */
static const char *const application[] = {
	"kind", "voluntary", "name", "みどり野見守り隊", "kana", "みどりのみまもりたい",
	"purpose", "一人暮らしの高齢者の見守り", "activities", "毎週の訪問と声かけ",
	"npo_1", "1", "npo_13", "1", "area_1", "1",
	"rep_name", "見守 太郎", "phone", "012-345-6789", "email", "mimamori@example.jp", "pub_64", "1",
	"login", "mimamori", "password", APP_PW, "password2", APP_PW, NULL,
};

static void test_registration_path(void **state)
{
	struct h_client pub, center, app, grp, other;
	struct h_resp r;
	login_as(&center, "center", PW);
	/* the city's areas: one, added on the settings page */
	const char *area[] = { "name", "中央地区", "kind", "地区", NULL };
	assert_int_equal(post_form(&center, "/center/settings", "/center/settings/areas", area, NULL), 303);

	/* the public applies: the form, then a bad attempt that keeps the input */
	assert_int_equal(h_client_init(&pub, &srv), 0);
	assert_int_equal(get_page(&pub, "/register", &r), 200);
	assert_has(&r, "name=\"npo_20\"");
	assert_has(&r, "name=\"pub_64\"");
	h_resp_free(&r);
	const char *bad[] = { "kind", "voluntary", "name", "", "kana", "見守り", "purpose", "残すべき目的の文",
			      "npo_1", "1", "npo_2", "1", "npo_3", "1", "npo_4", "1",
			      "login", "mimamori", "password", APP_PW, "password2", "different one", NULL };
	assert_int_equal(post_form(&pub, NULL, "/register", bad, &r), 422);
	assert_has(&r, "残すべき目的の文");
	assert_has(&r, "value=\"mimamori\"");
	assert_has(&r, "href=\"#f-kana\"");
	assert_has(&r, "href=\"#f-npo\"");	/* a group of boxes: its first box */
	assert_has(&r, "href=\"#f-password2\"");	/* the second password differs */
	assert_has(&r, "href=\"#f-name\"");	/* and the empty name, in the same answer */
	assert_has(&r, "aria-invalid=\"true\"");
	h_resp_free(&r);
	/* a cross-site POST is refused; a robot filling the hidden field gets nowhere */
	const char *evil[] = { "Origin: http://evil.example", NULL };
	char *form = form_of(application);
	assert_int_equal(h_post_hdr(&pub, "/register", form, strlen(form), evil, &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	free(form);
	const char *robot[] = { "kind", "voluntary", "name", "ロボット", "kana", "ロボット", "homepage", "http://spam",
				"login", "robot", "password", APP_PW, "password2", APP_PW, NULL };
	assert_int_equal(post_form(&pub, NULL, "/register", robot, NULL), 303);
	/* the real application */
	assert_int_equal(h_client_init(&app, &srv), 0);
	assert_int_equal(post_form(&app, NULL, "/register", application, &r), 303);
	char loc[256], cookie[512];
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/register/thanks");
	assert_non_null(h_header(&r, "Set-Cookie", cookie, sizeof cookie));
	assert_non_null(strstr(cookie, "kyodo_applicant="));
	assert_non_null(strstr(cookie, "HttpOnly"));
	h_resp_free(&r);
	assert_int_equal(get_page(&app, "/register/status", &r), 200);
	assert_has(&r, "みどり野見守り隊");
	assert_has(&r, "012-345-6789");	/* its own private value */
	h_resp_free(&r);
	/* the account waits: it cannot log in yet */
	assert_int_equal(h_client_init(&grp, &srv), 0);
	assert_int_equal(h_login(&grp, "mimamori", APP_PW), 422);

	/* the center finds it and sends it back: a comment is required */
	assert_int_equal(get_page(&center, "/center/orgs?review=applied", &r), 200);
	assert_has(&r, "みどり野見守り隊");
	assert_true(strstr(r.body, "ロボット") == NULL);
	long long id = id_after(r.body, "<a href=\"/center/orgs/");
	assert_true(id > 0);
	h_resp_free(&r);
	char path[128], review[128];
	snprintf(review, sizeof review, "/center/orgs/%lld/review", id);
	assert_int_equal(get_page(&center, review, &r), 200);
	assert_has(&r, "name=\"rule_6\"");
	h_resp_free(&r);
	const char *ret_empty[] = { "decision", "return", "comment", "", NULL };
	assert_int_equal(post_form(&center, review, review, ret_empty, NULL), 422);
	const char *ret[] = { "decision", "return", "comment", "活動内容をもっと具体的に書いてください。", NULL };
	assert_int_equal(post_form(&center, review, review, ret, NULL), 303);

	/* the applicant reads the comment, corrects, resends (its own CSRF token) */
	assert_int_equal(get_page(&app, "/register/status", &r), 200);
	assert_has(&r, "活動内容をもっと具体的に書いてください。");
	h_resp_free(&r);
	const char *fix[] = { "kind", "voluntary", "name", "みどり野見守り隊", "kana", "ミドリノミマモリタイ",
			      "purpose", "一人暮らしの高齢者の見守り", "activities", "毎週水曜日の訪問と声かけ、月1回のお茶会",
			      "npo_1", "1", "area_1", "1", "phone", "012-345-6789", NULL };
	assert_int_equal(post_form(&app, NULL, "/register/status", fix, NULL), 403);
	assert_int_equal(post_form(&app, "/register/status", "/register/status", fix, NULL), 303);
	/* another browser without the applicant's sign-in cannot */
	assert_int_equal(post_form(&pub, NULL, "/register/status", fix, NULL), 303);
	assert_int_equal(get_page(&pub, "/register/status", &r), 200);
	assert_true(strstr(r.body, "012-345-6789") == NULL);
	h_resp_free(&r);

	/* approval needs every rule ticked */
	const char *part[] = { "decision", "approve", "rule_1", "1", "rule_2", "1", NULL };
	assert_int_equal(post_form(&center, review, review, part, &r), 422);
	assert_has(&r, "href=\"#f-checklist\"");
	h_resp_free(&r);
	const char *ok[] = { "decision", "approve", "rule_1", "1", "rule_2", "1", "rule_3", "1", "rule_4", "1",
			     "rule_5", "1", "rule_6", "1", NULL };
	assert_int_equal(post_form(&center, review, review, ok, NULL), 303);
	snprintf(path, sizeof path, "/center/orgs/%lld", id);
	assert_int_equal(get_page(&center, path, &r), 200);
	assert_has(&r, "毎週水曜日の訪問と声かけ");
	assert_has(&r, "-001");
	h_resp_free(&r);

	/* the group logs in and reaches its own page, with its private values */
	assert_int_equal(h_login(&grp, "mimamori", APP_PW), 303);
	assert_int_equal(get_page(&grp, "/my/group", &r), 200);
	assert_has(&r, "みどり野見守り隊");
	assert_has(&r, "012-345-6789");
	h_resp_free(&r);
	/* edit: 422 keeps the input, then a good save */
	const char *bad_edit[] = { "kind", "voluntary", "name", "みどり野見守り隊", "kana", "漢字の読み",
				   "status", "active", "purpose", "新しい目的の下書き", NULL };
	assert_int_equal(post_form(&grp, "/my/group/edit", "/my/group/edit", bad_edit, &r), 422);
	assert_has(&r, "漢字の読み");
	assert_has(&r, "新しい目的の下書き");
	h_resp_free(&r);
	const char *edit[] = { "kind", "voluntary", "name", "みどり野見守り隊", "kana", "ミドリノミマモリタイ",
			       "status", "active", "purpose", "高齢者と子どもの見守り", "npo_1", "1", "area_1", "1",
			       "phone", "012-345-6789", "reg_number", "HACK-1", NULL };
	assert_int_equal(post_form(&grp, "/my/group/edit", "/my/group/edit", edit, &r), 303);
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/my/group?done=saved");
	h_resp_free(&r);
	assert_int_equal(get_page(&grp, "/my/group/history", &r), 200);
	assert_has(&r, "高齢者と子どもの見守り");
	assert_has(&r, "一人暮らしの高齢者の見守り");
	assert_true(strstr(r.body, "HACK-1") == NULL);
	h_resp_free(&r);
	assert_int_equal(post_form(&grp, "/my/group", "/my/group/confirm", (const char *[]){ NULL }, NULL), 303);
	/* without the CSRF token: refused */
	assert_int_equal(post_form(&grp, NULL, "/my/group/confirm", (const char *[]){ NULL }, NULL), 403);
	assert_int_equal(post_form(&grp, NULL, "/my/group/edit", edit, NULL), 403);

	/* a group never reaches the center's screens */
	assert_int_equal(get_page(&grp, "/center/orgs", &r), 403);
	h_resp_free(&r);
	snprintf(path, sizeof path, "/center/orgs/%lld/accounts", id);
	assert_int_equal(post_form(&grp, "/my/group", path, application, NULL), 403);
	snprintf(path, sizeof path, "/center/orgs/%lld/edit", id);
	assert_int_equal(post_form(&grp, "/my/group", path, edit, NULL), 403);
	const char *settings[] = { "public_changes", "immediate", "confirm_months", "1", NULL };
	assert_int_equal(post_form(&grp, "/my/group", "/center/settings", settings, NULL), 403);
	assert_int_equal(post_form(&grp, "/my/group", "/center/confirm", (const char *[]){ NULL }, NULL), 403);

	/* another group: its edit names no id, so it changes only its own record */
	const char *other_app[] = { "kind", "npo", "name", "ほかの会", "kana", "ホカノカイ", "login", "hoka",
				    "password", APP_PW, "password2", APP_PW, NULL };
	assert_int_equal(h_client_init(&other, &srv), 0);
	assert_int_equal(post_form(&other, NULL, "/register", other_app, NULL), 303);
	assert_int_equal(get_page(&center, "/center/orgs?review=applied", &r), 200);
	long long id2 = id_after(r.body, "<a href=\"/center/orgs/");
	h_resp_free(&r);
	assert_true(id2 > 0 && id2 != id);
	snprintf(review, sizeof review, "/center/orgs/%lld/review", id2);
	assert_int_equal(post_form(&center, review, review, ok, NULL), 303);
	h_client_free(&other);
	assert_int_equal(h_client_init(&other, &srv), 0);
	assert_int_equal(h_login(&other, "hoka", APP_PW), 303);
	char idform[64];
	snprintf(idform, sizeof idform, "%lld", id);
	const char *sneaky[] = { "id", idform, "org_id", idform, "kind", "npo", "name", "乗っ取り", "kana", "ノットリ",
				 "status", "active", NULL };
	assert_int_equal(post_form(&other, "/my/group/edit", "/my/group/edit", sneaky, NULL), 303);
	assert_int_equal(get_page(&grp, "/my/group", &r), 200);
	assert_has(&r, "みどり野見守り隊");
	assert_true(strstr(r.body, "乗っ取り") == NULL);
	h_resp_free(&r);

	/* review mode: a public change waits for the center, which publishes it */
	const char *review_mode[] = { "public_changes", "review", "confirm_months", "12", NULL };
	assert_int_equal(post_form(&center, "/center/settings", "/center/settings", review_mode, NULL), 303);
	const char *rename[] = { "kind", "voluntary", "name", "みどり野見守りの会", "kana", "ミドリノミマモリノカイ",
				 "status", "active", "purpose", "高齢者と子どもの見守り", "npo_1", "1", "area_1", "1",
				 "phone", "099-999-9999", NULL };
	assert_int_equal(post_form(&grp, "/my/group/edit", "/my/group/edit", rename, &r), 303);
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/my/group?done=pending");
	h_resp_free(&r);
	assert_int_equal(get_page(&grp, "/my/group", &r), 200);
	assert_has(&r, "みどり野見守りの会");	/* in the pending table */
	assert_has(&r, "099-999-9999");	/* private: applied at once */
	h_resp_free(&r);
	assert_int_equal(get_page(&center, "/center/changes", &r), 200);
	assert_has(&r, "みどり野見守りの会");
	long long change = id_after(r.body, "action=\"/center/changes/");
	h_resp_free(&r);
	assert_true(change > 0);
	snprintf(path, sizeof path, "/center/changes/%lld/approve", change);
	assert_int_equal(post_form(&center, "/center/changes", path, (const char *[]){ NULL }, NULL), 303);
	assert_int_equal(get_page(&grp, "/my/group", &r), 200);
	assert_has(&r, "<h1>みどり野見守りの会</h1>");
	h_resp_free(&r);

	/* the yearly request shows on the group's page until it confirms */
	const char *req[] = { "target", "all", "message", "登録内容の確認をお願いします。", NULL };
	assert_int_equal(post_form(&center, "/center/confirm", "/center/confirm", req, NULL), 303);
	assert_int_equal(get_page(&grp, "/my/group", &r), 200);
	assert_has(&r, "role=\"status\"");
	h_resp_free(&r);
	assert_int_equal(get_page(&center, "/center/confirm", &r), 200);
	assert_has(&r, "登録内容の確認をお願いします。");
	h_resp_free(&r);

	h_client_free(&pub);
	h_client_free(&app);
	h_client_free(&grp);
	h_client_free(&other);
	h_client_free(&center);
}

/* The count of occurrences of needle in hay. */
static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Issue 8 §4: an empty application took five submits to show its five required fields.
 * One submit now answers 422 with all of them in the error summary, each linking to its
 * input and marked invalid there, and keeps what was typed (never the password). */
static void test_empty_application_lists_every_required_field(void **state)
{
	struct h_client pub;
	struct h_resp r;
	assert_int_equal(h_client_init(&pub, &srv), 0);
	const char *typed[] = { "purpose", "子どもの居場所づくり<&>", "activities", "毎週土曜日の学習会",
				"npo_13", "1", "email", "kodomo@example.jp", "password2", "only-the-second-one", NULL };
	assert_int_equal(post_form(&pub, NULL, "/register", typed, &r), 422);
	/* the five required inputs, all in one answer */
	static const char *const required[] = { "kind", "name", "kana", "login", "password" };
	const char *summary = strstr(r.body, "class=\"error-summary\"");
	assert_non_null(summary);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		char link[64], invalid[96];
		snprintf(link, sizeof link, "<li><a href=\"#f-%s\">", required[i]);
		snprintf(invalid, sizeof invalid, "id=\"f-%s\" name=\"%s\" required aria-describedby=", required[i],
			 required[i]);
		if (!strstr(summary, link) || !strstr(r.body, invalid)) {
			print_error("required input %s is not reported: %s / %s\n", required[i], link, invalid);
			fail();
		}
	}
	assert_has(&r, "入力内容を確認してください（5件）");
	assert_int_equal(count_of(r.body, "aria-invalid=\"true\""), 5);
	/* what was typed stays, escaped; no password is written back */
	assert_has(&r, "子どもの居場所づくり&lt;&amp;&gt;</textarea>");
	assert_has(&r, "毎週土曜日の学習会</textarea>");
	assert_has(&r, "value=\"kodomo@example.jp\"");
	assert_has(&r, "name=\"npo_13\" value=\"1\" checked");
	assert_true(strstr(r.body, "only-the-second-one") == NULL);
	h_resp_free(&r);
	h_client_free(&pub);
}

static void test_center_screens(void **state)
{
	struct h_client ad;
	struct h_resp r;
	login_as(&ad, "ad", PW);
	static const char *const pages[] = { "/center/orgs", "/center/orgs/new", "/center/changes", "/center/confirm",
					     "/center/settings", "/center/orgs?stale=1&q=%E8%A6%8B%E5%AE%88", NULL };
	for (int i = 0; pages[i]; i++) {
		assert_int_equal(get_page(&ad, pages[i], &r), 200);
		h_resp_free(&r);
	}
	/* direct entry: approved at once, with an account */
	const char *entry[] = { "kind", "neighborhood", "name", "中央町内会", "kana", "チュウオウチョウナイカイ",
				"status", "active", "login", "chuo", "password", APP_PW, "password2", APP_PW, NULL };
	assert_int_equal(post_form(&ad, "/center/orgs/new", "/center/orgs/new", entry, &r), 303);
	char loc[256];
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	h_resp_free(&r);
	assert_int_equal(get_page(&ad, loc, &r), 200);
	assert_has(&r, "chuo");
	h_resp_free(&r);
	struct h_client g;
	login_as(&g, "chuo", APP_PW);
	assert_int_equal(get_page(&g, "/my/group", &r), 200);
	assert_has(&r, "中央町内会");
	h_resp_free(&r);
	h_client_free(&g);
	/* settings: a bad number of months is refused and nothing changes */
	const char *bad[] = { "public_changes", "immediate", "confirm_months", "0", NULL };
	assert_int_equal(post_form(&ad, "/center/settings", "/center/settings", bad, NULL), 422);
	const char *rule[] = { "text", "反社会的勢力と関係がない", NULL };
	assert_int_equal(post_form(&ad, "/center/settings", "/center/settings/rules", rule, NULL), 303);
	/* the city as open data names it: a code of another prefecture is refused, then saved */
	const char *city_bad[] = { "prefecture", "北海道", "city_name", "札幌市", "city_code", "131016", "city_corp", "", NULL };
	assert_int_equal(post_form(&ad, "/center/settings", "/center/settings/city", city_bad, &r), 422);
	assert_has(&r, "value=\"131016\"");
	h_resp_free(&r);
	const char *city[] = { "prefecture", "北海道", "city_name", "札幌市", "city_code", "011002", "city_corp",
			       "9000020011002", NULL };
	assert_int_equal(post_form(&ad, "/center/settings", "/center/settings/city", city, NULL), 303);
	assert_int_equal(get_page(&ad, "/center/settings", &r), 200);
	assert_has(&r, "<strong>北海道札幌市</strong>");
	h_resp_free(&r);
	struct h_client anon;
	assert_int_equal(h_client_init(&anon, &srv), 0);
	assert_int_equal(get_page(&anon, "/groups/opendata.csv", &r), 200);
	assert_has(&r, ",北海道札幌市,");
	h_resp_free(&r);
	assert_int_equal(get_page(&anon, "/groups/opendata", &r), 200);
	assert_has(&r, "団体の法人番号");
	assert_has(&r, "〓");
	h_resp_free(&r);
	h_client_free(&anon);
	assert_int_equal(get_page(&ad, "/center/settings", &r), 200);
	assert_has(&r, "反社会的勢力と関係がない");
	h_resp_free(&r);
	h_client_free(&ad);
}

/* Text made only of invisible characters, and bidi controls, are refused in every text
 * field of the registry — the center's direct entry, a group's own edit, the checklist
 * and the areas — with the message on the form, and nothing reaches the directory. */
static void test_invisible_and_bidi_refused(void **state)
{
	struct h_client ad, pub;
	struct h_resp r;
	login_as(&ad, "ad", PW);
	const char *zwsp[] = { "kind", "voluntary", "name", "\xE2\x80\x8B\xE2\x80\x8B", "kana", "ミエナイカイ",
			       "status", "active", NULL };
	assert_int_equal(post_form(&ad, "/center/orgs/new", "/center/orgs/new", zwsp, &r), 422);
	assert_has(&r, "見えない文字だけが入力されています");
	assert_has(&r, "href=\"#f-name\"");
	h_resp_free(&r);
	const char *rlo[] = { "kind", "voluntary", "name", "みどり\xE2\x80\xAEの会", "kana", "ミドリノカイ",
			      "status", "active", NULL };
	assert_int_equal(post_form(&ad, "/center/orgs/new", "/center/orgs/new", rlo, &r), 422);
	assert_has(&r, "文字の向きを変える見えない文字が含まれています");
	h_resp_free(&r);
	const char *rlo_purpose[] = { "kind", "voluntary", "name", "向きの会", "kana", "ムキノカイ", "status", "active",
				      "purpose", "目的\xE2\x81\xA6です", NULL };
	assert_int_equal(post_form(&ad, "/center/orgs/new", "/center/orgs/new", rlo_purpose, &r), 422);
	assert_has(&r, "href=\"#f-purpose\"");
	h_resp_free(&r);
	/* a group's own edit */
	const char *entry[] = { "kind", "voluntary", "name", "見える会", "kana", "ミエルカイ", "status", "active",
				"login", "mieru", "password", APP_PW, "password2", APP_PW, NULL };
	assert_int_equal(post_form(&ad, "/center/orgs/new", "/center/orgs/new", entry, NULL), 303);
	struct h_client g;
	login_as(&g, "mieru", APP_PW);
	const char *edit[] = { "kind", "voluntary", "name", "\xE2\x80\x8B", "kana", "ミエルカイ", "status", "active", NULL };
	assert_int_equal(post_form(&g, "/my/group/edit", "/my/group/edit", edit, &r), 422);
	assert_has(&r, "見えない文字だけが入力されています");
	h_resp_free(&r);
	h_client_free(&g);
	/* the checklist and the areas */
	const char *rule[] = { "text", "\xE2\x80\x8B\xEF\xBB\xBF", NULL };
	assert_int_equal(post_form(&ad, "/center/settings", "/center/settings/rules", rule, &r), 422);
	assert_has(&r, "見えない文字だけが入力されています");
	h_resp_free(&r);
	const char *area[] = { "name", "東\xE2\x80\xAE地区", "kind", "地区", NULL };
	assert_int_equal(post_form(&ad, "/center/settings", "/center/settings/areas", area, &r), 422);
	assert_has(&r, "文字の向きを変える見えない文字が含まれています");
	h_resp_free(&r);
	/* nothing of it was published */
	assert_int_equal(h_client_init(&pub, &srv), 0);
	assert_int_equal(get_page(&pub, "/api/v1/groups", &r), 200);
	assert_true(strstr(r.body, "\xE2\x80\x8B") == NULL);
	assert_true(strstr(r.body, "\xE2\x80\xAE") == NULL);
	h_resp_free(&r);
	h_client_free(&pub);
	h_client_free(&ad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registration_path),
		cmocka_unit_test(test_empty_application_lists_every_required_field),
		cmocka_unit_test(test_center_screens),
		cmocka_unit_test(test_invisible_and_bidi_refused),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
