/* test_notice: notices end to end — the real `kyodo serve` with its mail worker, and an
 * SMTP sink in this process (smtp_sink.c) as the city's relay, with a login.
 *   - the admin sets the relay on /admin/mail (every bad field at once, then saved);
 *   - each person chooses on /account/notices (email, or in-app only);
 *   - a round opens, an item is sent back, the year is published: the departments' staff
 *     receive the right subject (RFC 2047, decoded), body and link, From, Date and
 *     Message-ID, in Japanese; the in-app-only person gets no email but the unread count
 *     in every page's header, the inbox entry and its link;
 *   - an application is received, returned, approved (at the application's address; then
 *     in the group's inbox), a change is published and refused, a confirmation requested;
 *   - a write that rolls back sends nothing;
 *   - STARTTLS required by the settings and not offered by the relay: nothing goes out in
 *     the clear, the message waits;
 *   - the relay down: messages wait with backoff (a few attempts, not hundreds), nothing is
 *     lost; back up: each is delivered exactly once;
 *   - two `kyodo serve` and two `kyodo mail send` on one database: 60 messages, each sent
 *     once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include "../common/testdb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "smtp_sink.h"

#define PW "correct horse battery"
#define APP_PW "group password 2026"
#define BASE "http://kyodo.test"
#define FROM "noreply@city.example.jp"
#define WAIT_MS 15000

static struct h_server srv, srv2;	/* srv2: a second server on the same database */
static struct smtp_sink *sink;
static int sink_port;
static long long item_a;

static const char plan_csv[] =
	"code,parent,title,department\n"
	"Ⅰ,,協働の柱,\n"
	"A1,Ⅰ,地域の担い手を育てる,課A\n"
	"B1,Ⅰ,課Bの取組,課B\n";

static int group_setup(void **state)
{
	char csv[256];
	/* the worker looks every 100 ms and waits 1 s before the first retry (then 2, 4 …) */
	setenv("KYODO_MAIL_POLL_MS", "100", 1);
	setenv("KYODO_MAIL_RETRY_BASE_S", "1", 1);
	setenv("KYODO_SMTP_PASSWORD", "relay secret", 1);
	if (!(sink = sink_new()) || (sink_port = sink_open(sink, 0)) <= 0)
		return -1;
	sink_require_auth(sink, "kyodo", "relay secret");
	if (h_server_init(&srv) < 0 || h_user_add(&srv, "ad", "admin", PW, NULL) < 0 ||
	    h_user_add(&srv, "sa1", "staff", PW, "課A") < 0 || h_user_add(&srv, "sa2", "staff", PW, "課A") < 0 ||
	    h_user_add(&srv, "sb", "staff", PW, "課B") < 0 || h_user_add(&srv, "center", "coordinator", PW, NULL) < 0)
		return -1;
	snprintf(csv, sizeof csv, "%s/plan.csv", srv.dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		return -1;
	fputs(plan_csv, f);
	fclose(f);
	const char *create[] = { "plan", "create", "p1", "--from", "2023", "--to", "2025", "--statuses", "済,未",
				 "--title", "協働推進計画", NULL };
	const char *import[] = { "plan", "import", "p1", csv, "--year", "2024", NULL };
	if (h_cli(&srv, create, NULL) != 0 || h_cli(&srv, import, NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

static int group_teardown(void **state)
{
	if (srv2.pid > 0)
		h_server_stop(&srv2);	/* a failed test may leave it running */
	int rc = h_server_stop(&srv);
	sink_free(sink);
	return rc == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static void login_as(struct h_client *c, const char *login, const char *pw)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	assert_int_equal(h_login(c, login, pw), 303);
}

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

/* POST with the CSRF token of csrf_page (none when NULL); the response kept when out. */
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

static void assert_has(const char *body, const char *s)
{
	if (!strstr(body, s))
		fail_msg("missing: %s", s);
}

static long long id_after(const char *body, const char *prefix)
{
	for (const char *p = strstr(body, prefix); p; p = strstr(p + 1, prefix)) {
		const char *d = p + strlen(prefix);
		if (*d >= '0' && *d <= '9')
			return atoll(d);
	}
	return 0;
}

/* Messages in the sink to rcpt whose decoded subject starts with subject (NULL = any);
 * the body of the last match into *body (malloc'd) when body is given. */
static int sink_find(const char *rcpt, const char *subject, char **body)
{
	int found = 0;
	for (int i = 0; i < sink_count(sink); i++) {
		struct sink_msg m;
		if (sink_get(sink, i, &m) != 0)
			continue;
		char *subj = sink_subject(&m);
		if (strcmp(m.rcpt, rcpt) == 0 && subj && (!subject || strncmp(subj, subject, strlen(subject)) == 0)) {
			found++;
			if (body) {
				free(*body);
				*body = sink_body(&m);
			}
		}
		free(subj);
		sink_msg_free(&m);
	}
	return found;
}

/* Waits until rcpt has n messages starting with subject; returns how many it has. */
static int sink_wait_for(const char *rcpt, const char *subject, int n)
{
	for (int waited = 0; waited < WAIT_MS; waited += 50) {
		if (sink_find(rcpt, subject, NULL) >= n)
			break;
		usleep(50 * 1000);
	}
	return sink_find(rcpt, subject, NULL);
}

/* A number from SQL on the test's own connection to the database. */
static long long db_count(const char *sql) { return testdb_scalar(srv.db, sql); }


/* Waits until nothing is queued in the outbox (every message sent or failed). */
static void outbox_drained(void)
{
	for (int waited = 0; waited < WAIT_MS; waited += 50) {
		if (db_count("SELECT count(*) FROM mail_outbox WHERE state = 'queued'") == 0)
			return;
		usleep(50 * 1000);
	}
	fail_msg("the outbox did not drain");
}

static void prefs(const char *login, const char *email, const char *channel)
{
	struct h_client c;
	login_as(&c, login, PW);
	const char *kv[] = { "email", email, "channel", channel, "lang", "ja", NULL };
	assert_int_equal(post_form(&c, "/account/notices", "/account/notices", kv, NULL), 303);
	h_client_free(&c);
}

static void set_relay(struct h_client *ad, const char *security)
{
	char port[16];
	snprintf(port, sizeof port, "%d", sink_port);
	const char *kv[] = { "host", "127.0.0.1", "port", port, "security", security, "user", "kyodo", "from", FROM,
			     "from_name", "みどり野市 協働推進課", "base_url", BASE "/", NULL };
	assert_int_equal(post_form(ad, "/admin/mail", "/admin/mail", kv, NULL), 303);
}

/* ---- tests ---- */

static void test_settings_and_choices(void **state)
{
	struct h_client ad, sb;
	struct h_resp r;
	login_as(&ad, "ad", PW);
	/* every bad field at once, the input kept */
	const char *bad[] = { "host", "smtp example", "port", "99999", "security", "ssl", "from", "nobody",
			      "base_url", "ftp://x", NULL };
	assert_int_equal(post_form(&ad, "/admin/mail", "/admin/mail", bad, &r), 422);
	assert_has(r.body, "href=\"#f-host\"");
	assert_has(r.body, "href=\"#f-port\"");
	assert_has(r.body, "href=\"#f-security\"");
	assert_has(r.body, "href=\"#f-from\"");
	assert_has(r.body, "href=\"#f-base_url\"");
	assert_has(r.body, "value=\"smtp example\"");
	assert_has(r.body, "value=\"nobody\"");	/* every input kept */
	h_resp_free(&r);
	/* a test message to what is no address: its own form's error, linked to its input */
	const char *bad_to[] = { "to", "nobody", NULL };
	assert_int_equal(post_form(&ad, "/admin/mail", "/admin/mail/test", bad_to, &r), 422);
	assert_has(r.body, "href=\"#f-test-to\"");
	assert_has(r.body, "id=\"f-test-to\"");
	assert_has(r.body, "value=\"nobody\"");
	h_resp_free(&r);
	set_relay(&ad, "none");
	assert_int_equal(get_page(&ad, "/admin/mail", &r), 200);
	assert_has(r.body, "value=\"127.0.0.1\"");
	assert_has(r.body, "value=\"http://kyodo.test\"");	/* the trailing slash dropped */
	assert_has(r.body, "設定済み");	/* KYODO_SMTP_PASSWORD is in the server's environment */
	h_resp_free(&r);
	assert_int_equal(db_count("SELECT count(*) FROM audit_log WHERE entity = 'mail-settings'"), 1);
	/* a person's choice: a bad address is refused with the input kept */
	login_as(&sb, "sb", PW);
	const char *kv[] = { "email", "sb at example", "channel", "inapp", "lang", "ja", NULL };
	assert_int_equal(post_form(&sb, "/account/notices", "/account/notices", kv, &r), 422);
	assert_has(r.body, "href=\"#f-email\"");
	assert_has(r.body, "value=\"sb at example\"");
	h_resp_free(&r);
	h_client_free(&sb);
	prefs("sa1", "sa1@example.jp", "email");
	prefs("sa2", "sa2@example.jp", "email");
	prefs("sb", "sb@example.jp", "inapp");	/* in-app only: an address, but no email */
	h_client_free(&ad);
}

static void item_ids(struct h_client *ad)
{
	struct h_resp r;
	assert_int_equal(get_page(ad, "/api/v1/plans/1/years/2024/items", &r), 200);
	json_t *j = json_loads(r.body, 0, NULL), *it;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *code = json_string_value(json_object_get(it, "code"));
		if (code && strcmp(code, "A1") == 0)
			item_a = json_integer_value(json_object_get(it, "id"));
	}
	json_decref(j);
	h_resp_free(&r);
	assert_true(item_a > 0);
}

static void test_round_events(void **state)
{
	struct h_client ad, sa1, sb;
	struct h_resp r;
	char *body = NULL, path[256], form[256];
	login_as(&ad, "ad", PW);
	login_as(&sa1, "sa1", PW);
	login_as(&sb, "sb", PW);
	item_ids(&ad);
	sink_clear(sink);

	/* a round opens: both staff of 課A and nobody else by email */
	assert_int_equal(post_form(&ad, "/plans/1/years/2024", "/plans/1/years/2024/open", (const char *[]){ NULL }, NULL), 303);
	const char *opened = "【照会】協働推進計画 令和6年度（2024年度）の進捗状況の回答をお願いします";
	assert_int_equal(sink_wait_for("sa1@example.jp", opened, 1), 1);
	assert_int_equal(sink_wait_for("sa2@example.jp", opened, 1), 1);
	outbox_drained();
	assert_int_equal(sink_find("sb@example.jp", NULL, NULL), 0);	/* in-app only */
	assert_int_equal(sink_count(sink), 2);
	/* the message itself: From, Date, Message-ID, login used, body with the greeting and link */
	struct sink_msg m;
	char h[512];
	assert_int_equal(sink_get(sink, 0, &m), 0);
	assert_string_equal(m.from, FROM);
	assert_string_equal(m.user, "kyodo");
	assert_non_null(sink_header(&m, "From", h, sizeof h));
	assert_has(h, "<" FROM ">");
	assert_has(h, "=?UTF-8?B?");	/* the Japanese name, encoded */
	assert_non_null(sink_header(&m, "Date", h, sizeof h));
	assert_has(h, "+0900");
	assert_non_null(sink_header(&m, "Message-ID", h, sizeof h));
	assert_has(h, "@city.example.jp>");
	assert_non_null(sink_header(&m, "Content-Type", h, sizeof h));
	assert_string_equal(h, "text/plain; charset=UTF-8");
	char *b = sink_body(&m);
	assert_non_null(b);
	assert_has(b, " 様\r\n\r\n協働推進課が協働推進計画の令和6年度（2024年度）の進捗状況の照会を始めました。");
	assert_has(b, "\r\n" BASE "/plans/1/years/2024\r\n");
	assert_has(b, BASE "/account/notices");
	free(b);
	sink_msg_free(&m);

	/* the in-app-only person: the unread count on every page, the inbox, the link */
	assert_int_equal(get_page(&sb, "/reports", &r), 200);
	assert_has(r.body, "<span class=\"notice-count\">未読 1件</span>");
	h_resp_free(&r);
	assert_int_equal(get_page(&sb, "/notices", &r), 200);
	assert_has(r.body, opened);
	assert_has(r.body, "<time datetime=\"");	/* Japan time, 和暦 with 西暦 (html/when.h) */
	assert_has(r.body, "年（20");
	long long nid = id_after(r.body, "href=\"/notices/");
	h_resp_free(&r);
	assert_true(nid > 0);
	snprintf(path, sizeof path, "/notices/%lld", nid);
	assert_int_equal(get_page(&sb, path, &r), 200);
	assert_has(r.body, "href=\"/plans/1/years/2024\"");
	h_resp_free(&r);
	assert_int_equal(get_page(&sb, "/notices", &r), 200);
	assert_true(strstr(r.body, "notice-count") == NULL);	/* read now */
	h_resp_free(&r);
	/* nobody reads another person's notice */
	assert_int_equal(get_page(&sa1, path, &r), 404);
	h_resp_free(&r);
	assert_int_equal(get_page(&sb, "/api/v1/notices", &r), 200);
	assert_has(r.body, "\"unread\":0");
	assert_has(r.body, "\"link\":\"/plans/1/years/2024\"");
	h_resp_free(&r);

	/* an item sent back: its department, with the comment and the item's page */
	snprintf(path, sizeof path, "/plans/1/years/2024/items/%lld", item_a);
	char *st = h_urlenc("済");
	snprintf(form, sizeof form, "status=%s&result=done", st);
	free(st);
	{
		char tok[128], bodyf[512];
		struct h_resp pr;
		assert_int_equal(h_csrf_of(&sa1, path, tok, sizeof tok), 0);
		snprintf(bodyf, sizeof bodyf, "csrf=%s&%s", tok, form);
		assert_int_equal(h_post(&sa1, path, bodyf, &pr), 0);
		assert_int_equal(pr.status, 303);
		h_resp_free(&pr);
	}
	snprintf(path, sizeof path, "/plans/1/years/2024/items/%lld/return", item_a);
	const char *ret[] = { "comment", "実績の数字を書き添えてください。", NULL };
	assert_int_equal(post_form(&ad, "/plans/1/years/2024", path, ret, NULL), 303);
	const char *returned = "【差し戻し】A1 地域の担い手を育てる（協働推進計画 令和6年度（2024年度））";
	assert_int_equal(sink_wait_for("sa1@example.jp", returned, 1), 1);
	assert_int_equal(sink_wait_for("sa2@example.jp", returned, 1), 1);
	assert_int_equal(sink_find("sa1@example.jp", returned, &body), 1);
	assert_has(body, "実績の数字を書き添えてください。");
	char link[128];
	snprintf(link, sizeof link, BASE "/plans/1/years/2024/items/%lld\r\n", item_a);
	assert_has(body, link);

	/* the year is published (A1 sent back, B1 unanswered: by choice, with a reason): the
	 * departments, with the report's page */
	const char *with_open[] = { "with_open", "1", "reason", "委員会の日程のため", NULL };
	assert_int_equal(post_form(&ad, "/plans/1/years/2024", "/plans/1/years/2024/publish", with_open, NULL), 303);
	const char *published = "【公表】協働推進計画 令和6年度（2024年度）の進捗状況を公表しました";
	assert_int_equal(sink_wait_for("sa2@example.jp", published, 1), 1);
	assert_int_equal(sink_find("sa2@example.jp", published, &body), 1);
	assert_has(body, BASE "/reports/1/2024\r\n");
	outbox_drained();
	assert_int_equal(sink_find("sb@example.jp", NULL, NULL), 0);
	assert_int_equal(db_count("SELECT count(*) FROM notices WHERE event = 'year-published'"), 3);
	free(body);
	h_client_free(&ad);
	h_client_free(&sa1);
	h_client_free(&sb);
}

static const char *const application[] = {
	"kind", "voluntary", "name", "みどり野見守り隊", "kana", "ミドリノミマモリタイ",
	"purpose", "一人暮らしの高齢者の見守り", "activities", "毎週の訪問と声かけ",
	"npo_1", "1", "area_1", "1", "contact_name", "見守 花子", "phone", "012-345-6789",
	"email", "mimamori@example.jp", "login", "mimamori", "password", APP_PW, "password2", APP_PW, NULL,
};

static void test_registry_events(void **state)
{
	struct h_client center, app, grp;
	struct h_resp r;
	char *body = NULL, review[128], path[128];
	login_as(&center, "center", PW);
	const char *area[] = { "name", "中央地区", "kind", "地区", NULL };
	assert_int_equal(post_form(&center, "/center/settings", "/center/settings/areas", area, NULL), 303);
	sink_clear(sink);

	/* received: at the address of the application, greeting its contact person */
	assert_int_equal(h_client_init(&app, &srv), 0);
	assert_int_equal(post_form(&app, NULL, "/register", application, NULL), 303);
	assert_int_equal(sink_wait_for("mimamori@example.jp", "【受付】みどり野見守り隊の団体登録の申請を受け付けました", 1), 1);
	assert_int_equal(sink_find("mimamori@example.jp", "【受付】", &body), 1);
	assert_has(body, "見守 花子 様\r\n");
	assert_has(body, BASE "/register/status\r\n");
	assert_true(strstr(body, "/account/notices") == NULL);	/* no account to choose with yet */

	/* returned, with the comment */
	assert_int_equal(get_page(&center, "/center/orgs?review=applied", &r), 200);
	long long id = id_after(r.body, "<a href=\"/center/orgs/");
	h_resp_free(&r);
	assert_true(id > 0);
	snprintf(review, sizeof review, "/center/orgs/%lld/review", id);
	const char *ret[] = { "decision", "return", "comment", "活動の頻度を書いてください。", NULL };
	assert_int_equal(post_form(&center, review, review, ret, NULL), 303);
	assert_int_equal(sink_wait_for("mimamori@example.jp", "【修正のお願い】みどり野見守り隊の団体登録の申請", 1), 1);
	assert_int_equal(sink_find("mimamori@example.jp", "【修正のお願い】", &body), 1);
	assert_has(body, "活動の頻度を書いてください。");

	/* corrected, approved: an email, and the group's inbox once it can log in */
	const char *fix[] = { "kind", "voluntary", "name", "みどり野見守り隊", "kana", "ミドリノミマモリタイ",
			      "purpose", "一人暮らしの高齢者の見守り", "activities", "毎週水曜日の訪問",
			      "npo_1", "1", "area_1", "1", "email", "mimamori@example.jp", NULL };
	assert_int_equal(post_form(&app, "/register/status", "/register/status", fix, NULL), 303);
	const char *ok[] = { "decision", "approve", "rule_1", "1", "rule_2", "1", "rule_3", "1", "rule_4", "1",
			     "rule_5", "1", "rule_6", "1", NULL };
	assert_int_equal(post_form(&center, review, review, ok, NULL), 303);
	assert_int_equal(sink_wait_for("mimamori@example.jp", "【登録完了】みどり野見守り隊の団体登録が承認されました", 1), 1);
	assert_int_equal(sink_find("mimamori@example.jp", "【登録完了】", &body), 1);
	assert_has(body, "登録番号 R");
	login_as(&grp, "mimamori", APP_PW);
	assert_int_equal(get_page(&grp, "/notices", &r), 200);
	assert_has(r.body, "【登録完了】みどり野見守り隊の団体登録が承認されました");
	assert_has(r.body, "未読 1件");
	h_resp_free(&r);

	/* a change published, then one refused with the reason: to the group's address */
	const char *mode[] = { "public_changes", "review", "confirm_months", "12", NULL };
	assert_int_equal(post_form(&center, "/center/settings", "/center/settings", mode, NULL), 303);
	const char *rename[] = { "kind", "voluntary", "name", "みどり野見守りの会", "kana", "ミドリノミマモリノカイ",
				 "status", "active", "purpose", "高齢者と子どもの見守り", "npo_1", "1", "area_1", "1",
				 "email", "mimamori@example.jp", NULL };
	assert_int_equal(post_form(&grp, "/my/group/edit", "/my/group/edit", rename, NULL), 303);
	assert_int_equal(get_page(&center, "/center/changes", &r), 200);
	long long change = id_after(r.body, "action=\"/center/changes/");
	h_resp_free(&r);
	snprintf(path, sizeof path, "/center/changes/%lld/approve", change);
	assert_int_equal(post_form(&center, "/center/changes", path, (const char *[]){ NULL }, NULL), 303);
	assert_int_equal(sink_wait_for("mimamori@example.jp", "【公開】みどり野見守りの会の登録内容の変更を公開しました", 1), 1);
	const char *again[] = { "kind", "voluntary", "name", "見守りの会（仮）", "kana", "ミマモリノカイ",
				"status", "active", "purpose", "高齢者と子どもの見守り", "npo_1", "1", "area_1", "1",
				"email", "mimamori@example.jp", NULL };
	assert_int_equal(post_form(&grp, "/my/group/edit", "/my/group/edit", again, NULL), 303);
	assert_int_equal(get_page(&center, "/center/changes", &r), 200);
	change = id_after(r.body, "action=\"/center/changes/");
	h_resp_free(&r);
	snprintf(path, sizeof path, "/center/changes/%lld/reject", change);
	const char *why[] = { "comment", "仮の名前は登録できません。", NULL };
	assert_int_equal(post_form(&center, "/center/changes", path, why, NULL), 303);
	assert_int_equal(sink_wait_for("mimamori@example.jp", "【非公開】みどり野見守りの会の登録内容の変更", 1), 1);
	assert_int_equal(sink_find("mimamori@example.jp", "【非公開】", &body), 1);
	assert_has(body, "仮の名前は登録できません。");

	/* the yearly request: each group asked */
	const char *req[] = { "target", "all", "message", "6月末までにご確認ください。", NULL };
	assert_int_equal(post_form(&center, "/center/confirm", "/center/confirm", req, NULL), 303);
	assert_int_equal(sink_wait_for("mimamori@example.jp", "【確認のお願い】みどり野見守りの会の登録内容", 1), 1);
	assert_int_equal(sink_find("mimamori@example.jp", "【確認のお願い】", &body), 1);
	assert_has(body, "6月末までにご確認ください。");
	assert_has(body, BASE "/my/group\r\n");
	outbox_drained();
	assert_int_equal(sink_count(sink), 6);	/* nothing else, nothing twice */
	free(body);
	h_client_free(&center);
	h_client_free(&app);
	h_client_free(&grp);
}

static void test_rolled_back_write_sends_nothing(void **state)
{
	struct h_client ad;
	login_as(&ad, "ad", PW);
	sink_clear(sink);
	/* opening 2025 fails at its audit row, after the notices were written */
	assert_int_equal(testdb_refuse_audit(srv.db, "open"), 0);
	assert_int_equal(post_form(&ad, "/plans/1/years/2025", "/plans/1/years/2025/open", (const char *[]){ NULL }, NULL),
			 500);
	usleep(1500 * 1000);	/* 15 passes of the worker */
	assert_int_equal(sink_count(sink), 0);
	assert_int_equal(db_count("SELECT count(*) FROM mail_outbox WHERE body LIKE '%令和7年度%'"), 0);
	assert_int_equal(db_count("SELECT count(*) FROM notices WHERE subject LIKE '%令和7年度%'"), 0);
	assert_int_equal(testdb_refuse_audit_end(srv.db), 0);
	/* the same write committed: sent, once each */
	assert_int_equal(post_form(&ad, "/plans/1/years/2025", "/plans/1/years/2025/open", (const char *[]){ NULL }, NULL),
			 303);
	const char *opened = "【照会】協働推進計画 令和7年度（2025年度）";
	assert_int_equal(sink_wait_for("sa1@example.jp", opened, 1), 1);
	assert_int_equal(sink_wait_for("sa2@example.jp", opened, 1), 1);
	outbox_drained();
	assert_int_equal(sink_count(sink), 2);
	h_client_free(&ad);
}

static void test_relay_down_and_back(void **state)
{
	struct h_client ad;
	struct h_resp r;
	login_as(&ad, "ad", PW);
	sink_clear(sink);
	/* STARTTLS required, the relay does not offer it: nothing is sent in the clear */
	set_relay(&ad, "starttls");
	const char *t1[] = { "to", "tls@example.jp", NULL };
	assert_int_equal(post_form(&ad, "/admin/mail", "/admin/mail/test", t1, NULL), 303);
	usleep(1500 * 1000);
	assert_int_equal(sink_count(sink), 0);
	assert_int_equal(db_count("SELECT count(*) FROM mail_outbox WHERE recipient = 'tls@example.jp' AND state = 'queued' "
				  "AND attempts >= 1"),
			 1);
	set_relay(&ad, "none");
	assert_int_equal(sink_wait_for("tls@example.jp", "Kyodo からのテストメール", 1), 1);

	/* the relay goes down: messages wait, tried again after 1, 2, 4 … seconds */
	sink_close(sink);
	const char *t2[] = { "to", "down1@example.jp", NULL };
	const char *t3[] = { "to", "down2@example.jp", NULL };
	assert_int_equal(post_form(&ad, "/admin/mail", "/admin/mail/test", t2, NULL), 303);
	assert_int_equal(post_form(&ad, "/admin/mail", "/admin/mail/test", t3, NULL), 303);
	usleep(4500 * 1000);
	long long attempts = db_count("SELECT max(attempts) FROM mail_outbox WHERE recipient LIKE 'down%'");
	print_message("attempts while the relay was down for 4.5 s: %lld\n", attempts);
	assert_true(attempts >= 2 && attempts <= 4);	/* backoff: not 45 attempts at the 100 ms poll */
	/* and a pass that finds the relay down stops there: one attempt per pass, not one per
	 * waiting message (passes at 0, 1, 3 s: 3 attempts; 6 if each pass tried both) */
	long long all = db_count("SELECT sum(attempts) FROM mail_outbox WHERE recipient LIKE 'down%'");
	print_message("attempts of both messages: %lld\n", all);
	assert_true(all >= 2 && all <= 4);
	assert_int_equal(db_count("SELECT count(*) FROM mail_outbox WHERE recipient LIKE 'down%' AND state = 'queued'"), 2);
	assert_int_equal(db_count("SELECT count(*) FROM mail_attempts a JOIN mail_outbox o ON o.id = a.outbox_id "
				  "WHERE o.recipient LIKE 'down%' AND a.ok = 0"),
			 db_count("SELECT sum(attempts) FROM mail_outbox WHERE recipient LIKE 'down%'"));
	assert_int_equal(get_page(&ad, "/admin/mail?state=queued", &r), 200);
	assert_has(r.body, "down1@example.jp");
	assert_has(r.body, "送信待ち");
	h_resp_free(&r);
	/* `kyodo mail status` says the same */
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s --db %s mail status --log 5", getenv("KYODO_BIN") ? getenv("KYODO_BIN") : "build/kyodo",
		 srv.db);
	FILE *p = popen(cmd, "r");
	char out[8192] = "";
	size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
	out[n] = 0;
	if (p)
		pclose(p);
	assert_has(out, "queued:   2");
	assert_has(out, "down2@example.jp\t");
	/* back up: each delivered exactly once */
	assert_int_equal(sink_open(sink, sink_port), sink_port);
	assert_int_equal(sink_wait_for("down1@example.jp", NULL, 1), 1);
	assert_int_equal(sink_wait_for("down2@example.jp", NULL, 1), 1);
	outbox_drained();
	usleep(500 * 1000);
	assert_int_equal(sink_find("down1@example.jp", NULL, NULL), 1);
	assert_int_equal(sink_find("down2@example.jp", NULL, NULL), 1);

	/* a recipient the relay refuses for good: failed at once, and can be queued again */
	sink_reject_rcpt(sink, "nobody@example.jp");
	const char *t4[] = { "to", "nobody@example.jp", NULL };
	assert_int_equal(post_form(&ad, "/admin/mail", "/admin/mail/test", t4, NULL), 303);
	for (int i = 0; i < 100 && db_count("SELECT count(*) FROM mail_outbox WHERE state = 'failed'") == 0; i++)
		usleep(50 * 1000);
	assert_int_equal(db_count("SELECT count(*) FROM mail_outbox WHERE state = 'failed' AND last_error LIKE '%550%'"), 1);
	sink_reject_rcpt(sink, NULL);
	assert_int_equal(post_form(&ad, "/admin/mail", "/admin/mail/retry", (const char *[]){ "id", "0", NULL }, NULL), 303);
	assert_int_equal(sink_wait_for("nobody@example.jp", NULL, 1), 1);
	h_client_free(&ad);
}

/* Starts `kyodo --db DB mail send` in the background; returns its pid. */
static pid_t mail_send_async(void)
{
	const char *bin = getenv("KYODO_BIN") ? getenv("KYODO_BIN") : "build/kyodo";
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 1);
		execl(bin, bin, "--db", srv.db, "mail", "send", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void test_two_processes_send_once(void **state)
{
	enum { N = 60 };
	sink_clear(sink);
	/* the relay is down while 60 messages are queued */
	sink_close(sink);
	for (int i = 0; i < N; i++) {
		char to[64];
		snprintf(to, sizeof to, "many%02d@example.jp", i);
		const char *args[] = { "mail", "test", to, NULL };
		assert_int_equal(h_cli(&srv, args, NULL), 0);
	}
	/* a second server on the same database, then the relay comes back while two
	 * `kyodo mail send` run too: four workers */
	srv2 = srv;
	srv2.dir[0] = '\0';	/* the first server's directory: not removed by the second */
	srv2.pid = -1;
	assert_int_equal(h_server_start(&srv2), 0);
	assert_int_equal(sink_open(sink, sink_port), sink_port);
	pid_t a = mail_send_async(), b = mail_send_async();
	assert_true(a > 0 && b > 0);
	int st;
	waitpid(a, &st, 0);
	waitpid(b, &st, 0);
	outbox_drained();
	usleep(500 * 1000);
	assert_int_equal(h_server_stop(&srv2), 0);
	srv2.pid = -1;
	int total = sink_count(sink);
	print_message("%d messages received for %d queued\n", total, N);
	assert_int_equal(total, N);
	/* each recipient once, each Message-ID once */
	char ids[N][128];
	for (int i = 0; i < total; i++) {
		struct sink_msg m;
		assert_int_equal(sink_get(sink, i, &m), 0);
		assert_non_null(sink_header(&m, "Message-ID", ids[i], sizeof ids[i]));
		for (int k = 0; k < i; k++)
			assert_string_not_equal(ids[k], ids[i]);
		sink_msg_free(&m);
	}
	for (int i = 0; i < N; i++) {
		char to[64];
		snprintf(to, sizeof to, "many%02d@example.jp", i);
		assert_int_equal(sink_find(to, NULL, NULL), 1);
	}
	assert_int_equal(db_count("SELECT count(*) FROM mail_outbox WHERE recipient LIKE 'many%' AND state = 'sent'"), N);
	print_message("attempts: %lld for %d messages\n",
		      db_count("SELECT count(*) FROM mail_attempts a JOIN mail_outbox o ON o.id = a.outbox_id WHERE "
			       "o.recipient LIKE 'many%'"),
		      N);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings_and_choices),
		cmocka_unit_test(test_round_events),
		cmocka_unit_test(test_registry_events),
		cmocka_unit_test(test_rolled_back_write_sends_nothing),
		cmocka_unit_test(test_relay_down_and_back),
		cmocka_unit_test(test_two_processes_send_once),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
