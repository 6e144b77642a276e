/* test_attach_rules: the rules of attachments over HTTP on the demo city, beyond who sees
 * them (test_attach_kinds.c):
 *   - removal by side: a partner or group removes only the files its own side uploaded;
 *     the department in charge and the division remove any; the page offers the button
 *     accordingly;
 *   - notices: a group's file on a project tells the lead department, on an endorsement
 *     the department deciding it, on an adoption agreement the department in charge —
 *     nobody else (another department, another group, the committee, the group itself);
 *     a file of the city's side tells nobody;
 *   - finished records take no new files (each kind's may()): a refused endorsement, a
 *     stopped project (中止), an adoption agreement ended early — refused with the kind's
 *     words, the upload form gone, the files there still served. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"

#define PW "kyodo-demo-2026"
#define G2PW "other-group-pass-2026"
#define BOUNDARY "----kyodoRulesBoundary7XyQ"

static struct h_server srv;
static char files[256];
static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&srv, demo, NULL) != 0)
		return -1;
	snprintf(files, sizeof files, "%s/files", srv.dir);
	const char *extra[] = { "--attach-dir", files, NULL };
	if (h_server_start_args(&srv, extra) != 0)
		return -1;
	/* a second group with an account, partner and applicant of nothing */
	struct h_client c;
	if (h_client_init(&c, &srv) != 0 || h_login(&c, "center", PW) != 303)
		return -1;
	char tok[128];
	if (h_csrf_of(&c, "/center/orgs/new", tok, sizeof tok) != 0)
		return -1;
	char body[1024];
	char *name = h_urlenc("規則テスト別団体"), *kana = h_urlenc("キソクテストベツダンタイ");
	snprintf(body, sizeof body,
		 "csrf=%s&kind=voluntary&name=%s&kana=%s&status=active&login=g2&password=%s&password2=%s", tok, name,
		 kana, G2PW, G2PW);
	free(name);
	free(kana);
	struct h_resp r;
	int rc = h_post(&c, "/center/orgs/new", body, &r);
	long st = r.status;
	if (rc == 0)
		h_resp_free(&r);
	h_client_free(&c);
	return rc == 0 && st == 303 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static struct h_client *client(const char *login)
{
	struct h_client *c = calloc(1, sizeof *c);
	assert_int_equal(h_client_init(c, &srv), 0);
	if (login)
		assert_int_equal(h_login(c, login, strcmp(login, "g2") == 0 ? G2PW : PW), 303);
	return c;
}

static void done(struct h_client *c)
{
	h_client_free(c);
	free(c);
}

/* GET path: its status; the body must hold must and not must_not (either may be NULL). */
static long get(struct h_client *c, const char *path, const char *must, const char *must_not)
{
	struct h_resp r;
	assert_int_equal(h_get(c, path, &r), 0);
	if (must && (!r.body || !strstr(r.body, must)))
		fail_msg("GET %s (%ld): no %s", path, r.status, must);
	if (must_not && r.body && strstr(r.body, must_not))
		fail_msg("GET %s: shows %s", path, must_not);
	long s = r.status;
	h_resp_free(&r);
	return s;
}

/* Uploads a PDF named name to kind/owner; the status, and the body into out when given. */
static long upload_body(struct h_client *c, const char *token_page, const char *kind, long long owner, const char *name,
			char *out, size_t outn)
{
	char tok[128];
	assert_int_equal(h_csrf_of(c, token_page, tok, sizeof tok), 0);
	char body[4096];
	/* a project's file says which of the form's documents it is: here none (その他) */
	const char *what = strcmp(kind, "project") == 0
				   ? "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"what\"\r\n\r\nother\r\n"
				   : "";
	int n = snprintf(body, sizeof body,
			 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n%s--" BOUNDARY
			 "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: "
			 "application/pdf\r\n\r\n%s\r\n--" BOUNDARY "--\r\n",
			 tok, what, name, pdf);
	const char *hdr[] = { "Content-Type: multipart/form-data; boundary=" BOUNDARY, "Expect:", NULL };
	char path[128];
	snprintf(path, sizeof path, "/attachments/%s/%lld", kind, owner);
	struct h_resp r;
	assert_int_equal(h_post_hdr(c, path, body, (size_t)n, hdr, &r), 0);
	long s = r.status;
	if (out)
		snprintf(out, outn, "%s", r.body ? r.body : "");
	h_resp_free(&r);
	return s;
}

static long upload(struct h_client *c, const char *token_page, const char *kind, long long owner, const char *name)
{
	return upload_body(c, token_page, kind, owner, name, NULL, 0);
}

/* The id of the attachment called name linked on page (0 when none). */
static long long attachment_on(struct h_client *c, const char *page, const char *name)
{
	struct h_resp r;
	assert_int_equal(h_get(c, page, &r), 0);
	assert_int_equal(r.status, 200);
	char needle[300];
	snprintf(needle, sizeof needle, "\">%s</a>", name);
	long long id = 0;
	const char *hit = strstr(r.body, needle);
	if (hit) {
		const char *p = hit;
		while (p > r.body && strncmp(p, "/attachments/", 13) != 0)
			p--;
		id = atoll(p + 13);
	}
	h_resp_free(&r);
	return id;
}

static long remove_it(struct h_client *c, const char *token_page, long long id)
{
	char tok[128], path[64], body[200];
	assert_int_equal(h_csrf_of(c, token_page, tok, sizeof tok), 0);
	snprintf(path, sizeof path, "/attachments/%lld/remove", id);
	snprintf(body, sizeof body, "csrf=%s", tok);
	struct h_resp r;
	assert_int_equal(h_post(c, path, body, &r), 0);
	long s = r.status;
	h_resp_free(&r);
	return s;
}

static long download(struct h_client *c, long long id)
{
	char path[64];
	snprintf(path, sizeof path, "/attachments/%lld", id);
	return get(c, path, NULL, NULL);
}

/* 1 when page shows a removal button for attachment id. */
static int has_remove_button(struct h_client *c, const char *page, long long id)
{
	char needle[64];
	snprintf(needle, sizeof needle, "/attachments/%lld/remove", id);
	struct h_resp r;
	assert_int_equal(h_get(c, page, &r), 0);
	int has = r.body && strstr(r.body, needle) != NULL;
	h_resp_free(&r);
	return has;
}

/* 1 when who's notices (the JSON API: subject and body) mention text. */
static int told(struct h_client *c, const char *text)
{
	struct h_resp r;
	assert_int_equal(h_get(c, "/api/v1/notices", &r), 0);
	assert_int_equal(r.status, 200);
	int has = r.body && strstr(r.body, text) != NULL;
	h_resp_free(&r);
	return has;
}

/* POST form (with the CSRF token of token_page) to path: the status. */
static long post_form(struct h_client *c, const char *token_page, const char *path, const char *fields)
{
	char tok[128];
	assert_int_equal(h_csrf_of(c, token_page, tok, sizeof tok), 0);
	char *body = malloc(strlen(fields) + 200);
	sprintf(body, "csrf=%s&%s", tok, fields);
	struct h_resp r;
	assert_int_equal(h_post(c, path, body, &r), 0);
	free(body);
	long s = r.status;
	h_resp_free(&r);
	return s;
}

/* The demo group's agreement on 市民活動センター前花壇 (協働推進課's place). */
static long long flowerbed_agreement(struct h_client *admin)
{
	for (long long id = 1; id <= 12; id++) {
		char path[64];
		snprintf(path, sizeof path, "/adopt/agreements/%lld", id);
		struct h_resp r;
		assert_int_equal(h_get(admin, path, &r), 0);
		int hit = r.status == 200 && strstr(r.body, "<title>市民活動センター前花壇・みどり野子ども食堂ネット");
		h_resp_free(&r);
		if (hit)
			return id;
	}
	return 0;
}

static void removal_by_side(void **state)
{
	(void)state;
	/* project 1: lead 協働推進課, the demo group a partner */
	struct h_client *lead = client("kyodo"), *partner = client("group"), *admin = client("admin"),
			*center = client("center");
	assert_int_equal(upload(lead, "/projects/1", "project", 1, "市の説明資料.pdf"), 303);
	long long city_file = attachment_on(lead, "/projects/1", "市の説明資料.pdf");
	assert_int_equal(upload(partner, "/projects/1", "project", 1, "団体の活動計画.pdf"), 303);
	long long own_file = attachment_on(partner, "/projects/1", "団体の活動計画.pdf");
	assert_int_equal(upload(partner, "/projects/1", "project", 1, "団体の名簿.pdf"), 303);
	long long own_file2 = attachment_on(partner, "/projects/1", "団体の名簿.pdf");
	assert_true(city_file > 0 && own_file > 0 && own_file2 > 0);
	/* the partner: a button for its own file only; the city's file stays */
	assert_true(has_remove_button(partner, "/projects/1", own_file));
	assert_false(has_remove_button(partner, "/projects/1", city_file));
	assert_int_equal(remove_it(partner, "/projects/1", city_file), 403);
	assert_int_equal(download(lead, city_file), 200);
	assert_int_equal(remove_it(partner, "/projects/1", own_file), 303);
	assert_int_equal(download(lead, own_file), 404);
	/* the lead department and the division remove any file of the project */
	assert_true(has_remove_button(lead, "/projects/1", own_file2));
	assert_int_equal(remove_it(lead, "/projects/1", own_file2), 303);
	assert_int_equal(remove_it(admin, "/projects/1", city_file), 303);
	/* a group's own record: the center's file stays, the group's own goes */
	assert_int_equal(upload(center, "/center/orgs", "org", 1, "センター確認書.pdf"), 303);
	long long center_file = 0;
	assert_int_equal(upload(partner, "/my/group", "org", 1, "総会資料.pdf"), 303);
	center_file = attachment_on(partner, "/my/group", "センター確認書.pdf");
	long long group_file = attachment_on(partner, "/my/group", "総会資料.pdf");
	assert_true(center_file > 0 && group_file > 0);	/* org 1: the demo group, the login's record */
	{
		assert_int_equal(remove_it(partner, "/my/group", center_file), 403);
		assert_int_equal(remove_it(partner, "/my/group", group_file), 303);
		assert_int_equal(remove_it(center, "/center/orgs", center_file), 303);
	}
	done(lead);
	done(partner);
	done(admin);
	done(center);
}

static void notices_to_the_side_that_acts(void **state)
{
	(void)state;
	struct h_client *group = client("group"), *kyodo = client("kyodo"), *gakushu = client("gakushu"),
			*kikaku = client("kikaku"), *g2 = client("g2"), *cm = client("committee"), *admin = client("admin");
	struct h_client *nobody[] = { gakushu, kikaku, g2, cm, group };
	/* a group's file on a project: the lead department (協働推進課) */
	assert_int_equal(upload(group, "/projects/1", "project", 1, "通知テスト事業写真.pdf"), 303);
	assert_true(told(kyodo, "通知テスト事業写真.pdf"));
	/* on an endorsement: the department deciding it (demo 1: 協働推進課; 2: 生涯学習課) */
	assert_int_equal(upload(group, "/endorsements/1", "endorsement", 1, "通知テストチラシ.pdf"), 303);
	assert_true(told(kyodo, "通知テストチラシ.pdf"));
	assert_int_equal(upload(group, "/endorsements/2", "endorsement", 2, "通知テスト申請補足.pdf"), 303);
	assert_true(told(gakushu, "通知テスト申請補足.pdf"));
	assert_false(told(kyodo, "通知テスト申請補足.pdf"));
	/* on an adoption agreement: the department in charge of the place */
	long long ag = flowerbed_agreement(admin);
	assert_true(ag > 0);
	char page[64];
	snprintf(page, sizeof page, "/adopt/agreements/%lld", ag);
	assert_int_equal(upload(group, page, "adoption", ag, "通知テスト活動写真.pdf"), 303);
	assert_true(told(kyodo, "通知テスト活動写真.pdf"));
	/* nobody else hears of them */
	const char *names[] = { "通知テスト事業写真.pdf", "通知テストチラシ.pdf", "通知テスト活動写真.pdf" };
	for (size_t i = 0; i < sizeof nobody / sizeof *nobody; i++)
		for (size_t k = 0; k < sizeof names / sizeof *names; k++)
			if (told(nobody[i], names[k]))
				fail_msg("a notice of %s reached a viewer outside the record's side (%zu)", names[k], i);
	assert_false(told(admin, "通知テスト事業写真.pdf"));
	/* a file of the city's side tells nobody (the group is not asked to act) */
	assert_int_equal(upload(kyodo, "/projects/1", "project", 1, "通知テスト市の資料.pdf"), 303);
	assert_false(told(group, "通知テスト市の資料.pdf"));
	assert_false(told(kyodo, "通知テスト市の資料.pdf"));
	done(group);
	done(kyodo);
	done(gakushu);
	done(kikaku);
	done(g2);
	done(cm);
	done(admin);
}

static void finished_records_take_no_files(void **state)
{
	(void)state;
	struct h_client *group = client("group"), *kyodo = client("kyodo"), *kikaku = client("kikaku"),
			*admin = client("admin");
	char body[65536];
	/* demo endorsement 3: the demo group's, refused by 企画政策課 */
	assert_int_equal(upload_body(group, "/endorsements/3", "endorsement", 3, "追加資料.pdf", body, sizeof body), 422);
	assert_non_null(strstr(body, "不承諾のため、書類を追加できません"));
	assert_int_equal(upload(kikaku, "/endorsements/3", "endorsement", 3, "追加資料.pdf"), 422);
	assert_int_equal(get(group, "/endorsements/3", "不承諾のため、書類を追加できません", "attach-form"), 200);
	/* an approved one still takes them */
	assert_int_equal(upload(group, "/endorsements/4", "endorsement", 4, "当日の案内.pdf"), 303);

	/* a project stopped (中止): project 5 (協働推進課); its files stay and are served */
	assert_int_equal(upload(kyodo, "/projects/5", "project", 5, "中止前の資料.pdf"), 303);
	long long before = attachment_on(kyodo, "/projects/5", "中止前の資料.pdf");
	assert_true(before > 0);
	char *reason = h_urlenc("講師の確保ができず、今年度の実施を見送るため");
	char fields[512];
	snprintf(fields, sizeof fields, "to=stopped&force=1&reason=%s", reason);
	free(reason);
	assert_int_equal(post_form(kyodo, "/projects/5", "/projects/5/move", fields), 303);
	assert_int_equal(upload_body(kyodo, "/projects/5", "project", 5, "中止後の資料.pdf", body, sizeof body), 422);
	assert_non_null(strstr(body, "この事業は中止されたため"));
	assert_int_equal(upload(admin, "/projects/5", "project", 5, "中止後の資料.pdf"), 422);
	assert_int_equal(get(kyodo, "/projects/5", "中止前の資料.pdf", "attach-form"), 200);
	assert_int_equal(download(kyodo, before), 200);

	/* an adoption agreement ended early (yesterday, in Japan) */
	long long ag = flowerbed_agreement(admin);
	assert_true(ag > 0);
	char page[64], path[80];
	snprintf(page, sizeof page, "/adopt/agreements/%lld", ag);
	snprintf(path, sizeof path, "/adopt/agreements/%lld/end", ag);
	assert_int_equal(upload(group, page, "adoption", ag, "終了前の写真.pdf"), 303);
	time_t t = time(NULL) + 9 * 3600 - 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	char yesterday[16];
	strftime(yesterday, sizeof yesterday, "%Y-%m-%d", &tm);
	char *why = h_urlenc("団体の申し出により、活動を終了するため");
	snprintf(fields, sizeof fields, "ended_on=%s&end_reason=%s", yesterday, why);
	free(why);
	assert_int_equal(post_form(group, page, path, fields), 403);	/* the group does not end it itself */
	assert_int_equal(post_form(kyodo, page, path, fields), 303);
	assert_true(told(group, "アダプト協定が終了しました"));	/* the group is told */
	assert_int_equal(get(kyodo, page, "中途終了", NULL), 200);
	assert_int_equal(upload_body(group, page, "adoption", ag, "終了後の写真.pdf", body, sizeof body), 422);
	assert_non_null(strstr(body, "この協定は終了している"));
	assert_int_equal(upload(kyodo, page, "adoption", ag, "終了後の写真.pdf"), 422);
	assert_int_equal(get(group, page, "終了前の写真.pdf", "attach-form"), 200);
	done(group);
	done(kyodo);
	done(kikaku);
	done(admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(removal_by_side),
		cmocka_unit_test(notices_to_the_side_that_acts),
		cmocka_unit_test(finished_records_take_no_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
