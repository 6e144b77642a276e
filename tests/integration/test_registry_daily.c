/* test_registry_daily: the registry's daily work of issue 8 §6 over HTTP on the demo city —
 * the directory's search finds groups by their activity fields and kinds, as many as the
 * statistics page counts, and the city's spelling variants find each other (an editable,
 * audited list on the center's settings page; every problem of a bad list at once); every
 * download of personal data (the registry with contacts, by the center, the admin and the
 * command line; the confirmation letters and labels) is an audit row the admin reads in
 * words, with how many groups it held; the yearly confirmation asks only the groups that
 * are due, and prints letters and labels for those without email; the review approves and
 * sends back with two buttons and says what happened to the account; a group's history
 * shows each event once with the previous confirmation date. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define DEMO_PW "kyodo-demo-2026"

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	const char *demo[] = { "demo", NULL };
	if (h_server_init(&srv) != 0 || h_cli(&srv, demo, NULL) != 0)
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void has(const struct h_resp *r, const char *s)
{
	if (!strstr(r->body, s)) {
		print_error("missing in the page: %s\n%s\n", s, getenv("SHOWBODY") ? r->body : "");
		fail();
	}
}

static void lacks(const struct h_resp *r, const char *s)
{
	if (strstr(r->body, s)) {
		print_error("unexpected in the page: %s\n", s);
		fail();
	}
}

static void get_ok(struct h_client *c, const char *path, struct h_resp *r)
{
	assert_int_equal(h_get(c, path, r), 0);
	if (r->status != 200)
		fail_msg("GET %s: %ld", path, r->status);
}

/* POST form (already encoded) with the CSRF token of page; the status. */
static long post(struct h_client *c, const char *page, const char *path, const char *form, struct h_resp *out)
{
	char tok[128];
	assert_int_equal(h_csrf_of(c, page, tok, sizeof tok), 0);
	size_t n = strlen(form) + 200;
	char *body = malloc(n);
	snprintf(body, n, "csrf=%s%s%s", tok, *form ? "&" : "", form);
	struct h_resp r;
	assert_int_equal(h_post(c, path, body, &r), 0);
	free(body);
	long st = r.status;
	if (out)
		*out = r;
	else
		h_resp_free(&r);
	return st;
}

static void login(struct h_client *c, const char *who)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	assert_int_equal(h_login(c, who, DEMO_PW), 303);
}

/* The API's total for a search (q percent-encoded here; extra already encoded). */
static long long api_total(struct h_client *c, const char *q, const char *extra)
{
	char *e = h_urlenc(q), path[512];
	snprintf(path, sizeof path, "/api/v1/groups?q=%s%s", e, extra ? extra : "");
	free(e);
	struct h_resp r;
	get_ok(c, path, &r);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	long long t = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	h_resp_free(&r);
	return t;
}

/* ---- search ---- */

/* Each row of a statistics table: "<th scope="row">LABEL</th><td class="num">N". */
struct stat_row { char label[160]; long long n; };

static int stat_rows(const char *body, const char *from, struct stat_row *rows, int max)
{
	const char *p = strstr(body, from);
	int n = 0;
	const char *open = "<th scope=\"row\">", *mid = "</th><td class=\"num\">";
	while (p && n < max && (p = strstr(p, open))) {
		p += strlen(open);
		const char *e = strstr(p, mid);
		if (!e)
			break;
		snprintf(rows[n].label, sizeof rows[n].label, "%.*s", (int)(e - p), p);
		rows[n].n = atoll(e + strlen(mid));
		n++;
		p = e;
	}
	return n;
}

/* 福祉 finds the 10 welfare groups the statistics count (before issue 8: 2), and each
 * activity field's short name finds every group of that field, as the statistics count. */
static void search_finds_fields_as_statistics_count(void **state)
{
	struct h_client pub;
	assert_int_equal(h_client_init(&pub, &srv), 0);
	struct h_resp r;
	get_ok(&pub, "/groups/stats", &r);
	struct stat_row rows[64];
	int n = stat_rows(r.body, "<th scope=\"row\">1 保健・医療・福祉", rows, 64);
	h_resp_free(&r);
	assert_true(n >= 20);
	assert_string_equal(rows[0].label, "1 保健・医療・福祉");
	assert_int_equal(rows[0].n, 10);
	assert_int_equal(api_total(&pub, "福祉", NULL), 10);
	int checked = 0;
	for (int i = 0; i < n && i < 20; i++) {
		int field = atoi(rows[i].label);
		const char *name = strchr(rows[i].label, ' ');
		if (field < 1 || field > 20 || !name || rows[i].n == 0)
			continue;
		char f[32];
		snprintf(f, sizeof f, "&field=%d&per_page=100", field);
		/* within its field the name finds every group of the field ... */
		long long in_field = api_total(&pub, name + 1, f);
		if (in_field != rows[i].n)
			fail_msg("%s: %lld found, the statistics count %lld", rows[i].label, in_field, rows[i].n);
		/* ... and without the filter at least those */
		assert_true(api_total(&pub, name + 1, NULL) >= rows[i].n);
		checked++;
	}
	assert_true(checked >= 10);
	/* a kind's name: 社会福祉法人 (1 in the statistics), 子ども会 (2) */
	assert_int_equal(api_total(&pub, "社会福祉法人", "&kind=welfare_corp"), 1);
	assert_int_equal(api_total(&pub, "子ども会", "&kind=children"), 2);
	h_client_free(&pub);
}

/* 子供, 子ども and こども find the same groups; the list is edited on the settings page,
 * a bad list is refused with every problem and its line, a saved one is audited with the
 * list before and after and changes what the search finds at once. */
static void spelling_variants_find_each_other(void **state)
{
	struct h_client pub, c, admin;
	assert_int_equal(h_client_init(&pub, &srv), 0);
	long long kodomo = api_total(&pub, "子ども", NULL);
	assert_true(kodomo >= 10);
	assert_int_equal(api_total(&pub, "子供", NULL), kodomo);
	assert_int_equal(api_total(&pub, "こども", NULL), kodomo);
	assert_int_equal(api_total(&pub, "子供食堂", NULL), api_total(&pub, "子ども食堂", NULL));

	login(&c, "center");
	struct h_resp r;
	get_ok(&c, "/center/settings", &r);
	has(&r, "表記ゆれ");
	has(&r, "こども 子ども 子供");
	h_resp_free(&r);
	/* every problem at once, each with its line */
	char *bad = h_urlenc("子ども 子供\nまち・づくり 街づくり\nひとつ\n子供 こども");
	char *form = malloc(strlen(bad) + 16);
	sprintf(form, "variants=%s", bad);
	assert_int_equal(post(&c, "/center/settings", "/center/settings/variants", form, &r), 422);
	has(&r, "2行目（まち・づくり）");
	has(&r, "3行目：");
	has(&r, "4行目（子供）");
	has(&r, "まち・づくり 街づくり");	/* what was typed is kept */
	h_resp_free(&r);
	free(bad);
	free(form);
	assert_int_equal(api_total(&pub, "子供", NULL), kodomo);	/* nothing changed */

	/* without the line, 子供 finds only what is written so (and the kind's other name 子供会) */
	char *good = h_urlenc("障がい 障害\n");
	form = malloc(strlen(good) + 16);
	sprintf(form, "variants=%s", good);
	assert_int_equal(post(&c, "/center/settings", "/center/settings/variants", form, NULL), 303);
	free(good);
	free(form);
	long long kodomo_only = api_total(&pub, "子供", NULL);
	assert_true(kodomo_only < kodomo);
	assert_int_equal(kodomo_only, api_total(&pub, "子供会", NULL));

	/* the audit log, in words, with the list before and after */
	login(&admin, "admin");
	get_ok(&admin, "/admin/audit?entity=setting", &r);
	has(&r, "表記ゆれ");
	has(&r, "こども 子ども 子供");	/* before */
	has(&r, "障がい 障害");	/* after */
	lacks(&r, "search.variants");
	h_resp_free(&r);

	/* back */
	good = h_urlenc("子ども 子供 こども\n障がい 障害\n");
	form = malloc(strlen(good) + 16);
	sprintf(form, "variants=%s", good);
	assert_int_equal(post(&c, "/center/settings", "/center/settings/variants", form, NULL), 303);
	free(good);
	free(form);
	assert_int_equal(api_total(&pub, "子供", NULL), kodomo);
	assert_int_equal(api_total(&pub, "こども", NULL), kodomo);
	h_client_free(&pub);
	h_client_free(&c);
	h_client_free(&admin);
}

/* ---- downloads of personal data ---- */

/* The newest audit row of action download (from the stored API), its after JSON. */
static json_t *last_download(struct h_client *admin, const char *entity)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/audit?action=download&entity=%s", entity);
	struct h_resp r;
	get_ok(admin, path, &r);
	json_t *j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	assert_non_null(j);
	json_t *items = json_object_get(j, "entries");
	assert_true(json_array_size(items) > 0);
	json_t *row = json_array_get(items, 0);
	json_t *a = json_deep_copy(json_object_get(row, "after"));
	assert_true(json_is_object(a));
	json_object_set(a, "_actor", json_object_get(row, "actor"));
	json_decref(j);
	return a;
}

static long long csv_records(const char *body, size_t len)
{
	long long lines = 0;
	int quoted = 0;
	for (size_t i = 0; i < len; i++) {
		if (body[i] == '"')
			quoted = !quoted;
		else if (body[i] == '\n' && !quoted)
			lines++;
	}
	return lines - 1;	/* the header */
}

/* The center's and the admin's downloads of the registry (CSV, Shift_JIS, xlsx) and the
 * command line's are audit rows with who, the format and how many groups — as many as the
 * file holds — and the audit log says so in words (before issue 8: no row at all). */
static void registry_downloads_are_audited(void **state)
{
	struct h_client c, admin;
	login(&c, "center");
	login(&admin, "admin");
	struct h_resp r;
	get_ok(&c, "/center/orgs/export?format=csv", &r);
	long long rows = csv_records(r.body, r.len);
	assert_true(rows >= 40);
	h_resp_free(&r);
	json_t *a = last_download(&admin, "org_export");
	assert_string_equal(json_string_value(json_object_get(a, "_actor")), "center");
	assert_string_equal(json_string_value(json_object_get(a, "format")), "csv");
	assert_string_equal(json_string_value(json_object_get(a, "encoding")), "utf-8");
	assert_int_equal(json_integer_value(json_object_get(a, "orgs")), rows);
	json_decref(a);

	get_ok(&c, "/center/orgs/export?format=csv&encoding=cp932", &r);
	h_resp_free(&r);
	a = last_download(&admin, "org_export");
	assert_string_equal(json_string_value(json_object_get(a, "encoding")), "cp932");
	json_decref(a);

	get_ok(&admin, "/center/orgs/export?format=xlsx", &r);	/* the admin too */
	h_resp_free(&r);
	a = last_download(&admin, "org_export");
	assert_string_equal(json_string_value(json_object_get(a, "_actor")), "admin");
	assert_string_equal(json_string_value(json_object_get(a, "format")), "xlsx");
	assert_int_equal(json_integer_value(json_object_get(a, "orgs")), rows);
	json_decref(a);

	/* the command line's full export too; the public one holds no personal data */
	char out[256];
	snprintf(out, sizeof out, "%s/all.csv", srv.dir);
	const char *full[] = { "org", "export", "--format", "csv", "-o", out, NULL };
	assert_int_equal(h_cli(&srv, full, NULL), 0);
	a = last_download(&admin, "org_export");
	assert_non_null(strstr(json_string_value(json_object_get(a, "_actor")), "cli:"));
	assert_int_equal(json_integer_value(json_object_get(a, "orgs")), rows);
	json_decref(a);
	get_ok(&admin, "/api/v1/audit?action=download", &r);
	size_t before = r.len;
	h_resp_free(&r);
	const char *pub[] = { "org", "export", "--public", "--format", "csv", "-o", out, NULL };
	assert_int_equal(h_cli(&srv, pub, NULL), 0);
	get_ok(&admin, "/api/v1/audit?action=download", &r);
	assert_int_equal(r.len, before);
	h_resp_free(&r);

	/* in words */
	get_ok(&admin, "/admin/audit?action=download", &r);
	has(&r, "ダウンロード・印刷（個人情報）");
	has(&r, "連絡先を含む団体名簿（ファイル）");
	has(&r, "Shift_JIS");
	has(&r, "Excel（.xlsx）");
	char num[32];
	snprintf(num, sizeof num, ">%lld<", rows);
	has(&r, num);
	lacks(&r, ">org_export");	/* the stored code is only a filter option's value */
	lacks(&r, ">cp932");
	h_resp_free(&r);
	h_client_free(&c);
	h_client_free(&admin);
}

/* ---- the yearly confirmation ---- */

/* How many times s occurs in the page. */
static int count_of(const struct h_resp *r, const char *s)
{
	int n = 0;
	for (const char *p = r->body; (p = strstr(p, s)); p += strlen(s))
		n++;
	return n;
}

/* The newest audit row of action/entity (the stored API): its after JSON. */
static json_t *last_audit_after(struct h_client *admin, const char *action, const char *entity)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/audit?action=%s&entity=%s", action, entity);
	struct h_resp r;
	get_ok(admin, path, &r);
	json_t *j = json_loads(r.body, 0, NULL);
	h_resp_free(&r);
	assert_non_null(j);
	json_t *items = json_object_get(j, "entries");
	assert_true(json_array_size(items) > 0);
	json_t *a = json_deep_copy(json_object_get(json_array_get(items, 0), "after"));
	json_decref(j);
	assert_true(json_is_object(a));
	return a;
}

/* The demo city has 41 registered groups; 7 are due (two confirmed 26 months ago, three 15
 * months ago, two never), of which 北町自治会 and みどり長寿会 have no email address;
 * 山手シニアクラブ has none either but confirmed this year. A request to the due groups
 * asks those 7 only (before issue 8: every group), the demo group (confirmed last month)
 * sees no request until the center asks every group; the letters and labels are for the
 * groups without email of the target, in postal-code order, each print an audit row. */
static void confirmation_targets_due_groups(void **state)
{
	struct h_client c, g, admin;
	login(&c, "center");
	login(&g, "group");
	login(&admin, "admin");
	struct h_resp r;
	get_ok(&c, "/center/confirm", &r);
	has(&r, "確認の時期を過ぎた団体だけ（7団体）");
	has(&r, "登録済みのすべての団体（41団体）");
	has(&r, "/center/confirm/letters?target=due");
	h_resp_free(&r);

	/* no target: refused, with what was typed kept */
	char *msg = h_urlenc("登録内容の確認をお願いします。");
	char form[512];
	snprintf(form, sizeof form, "message=%s", msg);
	assert_int_equal(post(&c, "/center/confirm", "/center/confirm", form, &r), 422);
	has(&r, "依頼する団体を選んでください。");
	has(&r, "登録内容の確認をお願いします。");
	h_resp_free(&r);

	snprintf(form, sizeof form, "target=due&message=%s", msg);
	assert_int_equal(post(&c, "/center/confirm", "/center/confirm", form, NULL), 303);
	json_t *a = last_audit_after(&admin, "request", "org_confirm_request");
	assert_int_equal(json_integer_value(json_object_get(a, "orgs")), 7);
	assert_string_equal(json_string_value(json_object_get(a, "target")), "due");
	json_decref(a);
	get_ok(&g, "/my/group", &r);	/* not due: not asked, and not told */
	lacks(&r, "登録内容の確認依頼がありました");
	h_resp_free(&r);
	get_ok(&g, "/notices", &r);
	lacks(&r, "【確認のお願い】");
	h_resp_free(&r);
	get_ok(&c, "/center/confirm", &r);
	has(&r, "確認の時期を過ぎた団体だけ");	/* the request in the list sent, by its target's name */
	has(&r, ">7<");
	h_resp_free(&r);

	snprintf(form, sizeof form, "target=all&message=%s", msg);
	assert_int_equal(post(&c, "/center/confirm", "/center/confirm", form, NULL), 303);
	a = last_audit_after(&admin, "request", "org_confirm_request");
	assert_int_equal(json_integer_value(json_object_get(a, "orgs")), 41);
	json_decref(a);
	get_ok(&g, "/my/group", &r);
	has(&r, "登録内容の確認依頼がありました");
	h_resp_free(&r);
	get_ok(&g, "/notices", &r);	/* told in its inbox (notice.h), once */
	assert_int_equal(count_of(&r, "【確認のお願い】みどり野子ども食堂ネットの登録内容"), 1);
	h_resp_free(&r);
	free(msg);

	/* the center as the letters name it: a settings form (every problem at once, audited
	 * in words) */
	char *nm = h_urlenc("みどり野市市民活動センター"), *bad = h_urlenc("1\n2\n3\n4\n5\n6\n7\n8\n9");
	char *ct = h_urlenc("〒990-0001 みどり野市中央一丁目1-1\n電話 099-200-1000\n開館 9時〜21時（月曜休館）");
	snprintf(form, sizeof form, "center_name=%s&center_contact=%s", nm, bad);
	assert_int_equal(post(&c, "/center/settings", "/center/settings/center", form, &r), 422);
	has(&r, "連絡先は8行・500文字までで書いてください。");
	h_resp_free(&r);
	snprintf(form, sizeof form, "center_name=%s&center_contact=%s", nm, ct);
	assert_int_equal(post(&c, "/center/settings", "/center/settings/center", form, NULL), 303);
	free(nm);
	free(bad);
	free(ct);
	get_ok(&admin, "/admin/audit?entity=setting", &r);
	has(&r, "連絡先（住所・電話・開館時間など）");
	lacks(&r, "center.contact");
	h_resp_free(&r);

	/* the letters to the due groups without email: two, in postal-code order, from the
	 * center with its contact, never cached, and audited as a print of personal data */
	get_ok(&c, "/center/confirm/letters?target=due", &r);
	assert_int_equal(count_of(&r, "<article class=\"letter\""), 2);
	const char *kita = strstr(r.body, "北町自治会"), *chouju = strstr(r.body, "みどり長寿会");
	assert_non_null(kita);
	assert_non_null(chouju);
	assert_true(kita < chouju);	/* 〒990-0122 before 〒990-0126 */
	lacks(&r, "山手シニアクラブ");
	has(&r, "登録内容の確認のお願い");
	has(&r, "代表　渡辺 稔 様");
	has(&r, "みどり野市市民活動センター");
	has(&r, "電話 099-200-1000<br>\n開館 9時〜21時（月曜休館）");
	char cc[64];
	assert_non_null(h_header(&r, "Cache-Control", cc, sizeof cc));
	assert_string_equal(cc, "no-store");
	h_resp_free(&r);
	a = last_download(&admin, "org_letters");
	assert_string_equal(json_string_value(json_object_get(a, "_actor")), "center");
	assert_string_equal(json_string_value(json_object_get(a, "target")), "due");
	assert_int_equal(json_integer_value(json_object_get(a, "orgs")), 2);
	json_decref(a);

	/* every registered group without email: three labels */
	get_ok(&c, "/center/confirm/labels?target=all", &r);
	assert_int_equal(count_of(&r, "<div class=\"label\""), 3);
	has(&r, "山手シニアクラブ");
	has(&r, "〒990-0127");
	h_resp_free(&r);
	a = last_download(&admin, "org_labels");
	assert_string_equal(json_string_value(json_object_get(a, "target")), "all");
	assert_int_equal(json_integer_value(json_object_get(a, "orgs")), 3);
	json_decref(a);
	assert_int_equal(h_get(&c, "/center/confirm/labels?target=some", &r), 0);
	assert_int_equal(r.status, 400);
	h_resp_free(&r);

	/* in words in the audit log */
	get_ok(&admin, "/admin/audit?action=download", &r);
	has(&r, "確認の時期を過ぎた団体だけ");
	lacks(&r, ">org_letters");
	h_resp_free(&r);
	h_client_free(&c);
	h_client_free(&g);
	h_client_free(&admin);
}

/* ---- the review ---- */

/* The id of the application named name (the center's list, waiting). */
static long long application_id(struct h_client *c, const char *name)
{
	struct h_resp r;
	get_ok(c, "/center/orgs?review=applied", &r);
	const char *p = strstr(r.body, name);
	assert_non_null(p);
	const char *key = "/center/orgs/", *q = NULL;
	for (const char *s = r.body; (s = strstr(s, key)) && s < p; s += strlen(key))
		q = s;
	assert_non_null(q);
	long long id = atoll(q + strlen(key));
	h_resp_free(&r);
	assert_true(id > 0);
	return id;
}

/* Approve and send back are two buttons of one form (before issue 8: a radio choice and a
 * third button); the message after a decision fits the case: the demo's applications have
 * no account, so nothing is "enabled" and the center is told how to reach the group. */
static void review_has_two_buttons(void **state)
{
	struct h_client c;
	login(&c, "center");
	long long pantry = application_id(&c, "北地区フードパントリーの会");
	long long harmonica = application_id(&c, "みどり野ハーモニカ同好会");
	char path[96], done[96];
	snprintf(path, sizeof path, "/center/orgs/%lld/review", pantry);
	struct h_resp r;
	get_ok(&c, path, &r);
	has(&r, "<button type=\"submit\" class=\"button\" name=\"decision\" value=\"approve\">承認して登録する</button>");
	has(&r, "name=\"decision\" value=\"return\">修正を求めて差し戻す</button>");
	lacks(&r, "type=\"radio\" id=\"f-decision\"");
	h_resp_free(&r);

	/* sent back without a comment: refused; with one: the center is told the group has no
	 * account to read it */
	assert_int_equal(post(&c, path, path, "decision=return", &r), 422);
	h_resp_free(&r);
	char *cm = h_urlenc("活動内容をもう少し詳しく書いてください。"), form[512];
	snprintf(form, sizeof form, "decision=return&comment=%s", cm);
	free(cm);
	assert_int_equal(post(&c, path, path, form, &r), 303);
	char loc[160];
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	snprintf(done, sizeof done, "/center/orgs/%lld?done=returned-email", pantry);
	assert_string_equal(loc, done);	/* no account, but an address: the comment goes by email */
	h_resp_free(&r);
	get_ok(&c, done, &r);
	has(&r, "コメントは団体にメールで届きます");
	h_resp_free(&r);

	/* approved with every rule ticked: registered, and no account said to be enabled */
	snprintf(path, sizeof path, "/center/orgs/%lld/review", harmonica);
	get_ok(&c, path, &r);
	char rules[256] = "decision=approve";
	for (int i = 1; i <= 20; i++) {
		char nm[32];
		snprintf(nm, sizeof nm, "name=\"rule_%d\"", i);
		if (strstr(r.body, nm))
			snprintf(rules + strlen(rules), sizeof rules - strlen(rules), "&rule_%d=1", i);
	}
	h_resp_free(&r);
	assert_int_equal(post(&c, path, path, rules, &r), 303);
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	snprintf(done, sizeof done, "/center/orgs/%lld?done=approved-noaccount", harmonica);
	assert_string_equal(loc, done);
	h_resp_free(&r);
	get_ok(&c, done, &r);
	has(&r, "この団体にはまだアカウントがありません");
	lacks(&r, "アカウントを有効にしました");
	h_resp_free(&r);
	h_client_free(&c);
}

/* ---- the history ---- */

/* The rows of the history table of a page (after its heading). */
static int history_rows(const struct h_resp *r, const char *heading)
{
	const char *p = strstr(r->body, heading);
	assert_non_null(p);
	int n = 0;
	for (; (p = strstr(p, "<tr><th scope=\"row\"><time")); p++)
		n++;
	return n;
}

/* A group's confirmation shows the date it replaces (before issue 8: "—"), and a group
 * entered by the center is one event (before: "create" and "register", two rows). */
static void history_shows_each_event_once(void **state)
{
	struct h_client c, g;
	login(&c, "center");
	login(&g, "group");
	struct h_resp r;
	get_ok(&g, "/my/group", &r);
	const char *dt = strstr(r.body, "<time datetime=\"");
	assert_non_null(dt);
	char was[64];
	snprintf(was, sizeof was, "%.*s", (int)(strchr(dt + 16, '"') - dt + 1), dt);	/* <time datetime="..." */
	h_resp_free(&r);
	get_ok(&g, "/my/group/history", &r);
	int n0 = history_rows(&r, "<h1>");
	h_resp_free(&r);
	assert_int_equal(post(&g, "/my/group", "/my/group/confirm", "", NULL), 303);
	get_ok(&g, "/my/group/history", &r);
	assert_int_equal(history_rows(&r, "<h1>"), n0 + 1);
	const char *row = strstr(r.body, "<strong>最終確認日</strong>: ");
	assert_non_null(row);
	if (strncmp(row + strlen("<strong>最終確認日</strong>: "), was, strlen(was)) != 0)
		fail_msg("the confirmation's row does not start from %s: %.200s", was, row);
	/* the values as every page shows them: a date in 和暦, a list with 、 */
	has(&r, "<strong>設立年月日</strong>: — → <time datetime=\"2018-06-01\">");
	has(&r, "会費、寄付金、補助金・助成金");
	lacks(&r, "会費;");
	h_resp_free(&r);

	char *kind = h_urlenc("任意団体"), *name = h_urlenc("履歴テストの会"), *kana = h_urlenc("リレキテストノカイ");
	char form[512];
	snprintf(form, sizeof form, "kind=%s&name=%s&kana=%s&status=active", kind, name, kana);
	free(kind);
	free(name);
	free(kana);
	assert_int_equal(post(&c, "/center/orgs/new", "/center/orgs/new", form, &r), 303);
	char loc[160];
	assert_non_null(h_header(&r, "Location", loc, sizeof loc));
	h_resp_free(&r);
	get_ok(&c, loc, &r);
	assert_int_equal(history_rows(&r, "<h2>履歴</h2>"), 1);
	has(&r, "センターが登録");
	has(&r, "<strong>登録番号</strong>");
	h_resp_free(&r);
	h_client_free(&c);
	h_client_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(search_finds_fields_as_statistics_count),
		cmocka_unit_test(spelling_variants_find_each_other),
		cmocka_unit_test(registry_downloads_are_audited),
		cmocka_unit_test(confirmation_targets_due_groups),
		cmocka_unit_test(review_has_two_buttons),
		cmocka_unit_test(history_shows_each_event_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
