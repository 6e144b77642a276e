/* test_attach_kinds: the documents of projects, endorsements and adoption agreements over
 * HTTP on the demo city, through the generic attachments module and each owner's own
 * visibility rule (domain/project_attach.c, endorse_attach.c, adopt_attach.c):
 *   - a project: viewed by whoever sees the project, added and removed by the lead
 *     department, the division and the partners (others: 403 when they see the project,
 *     404 when they do not); public while the project is published — the public page lists
 *     the file at once (the add and the removal move its cached version) and anyone may
 *     download it; nothing of an unpublished project's files reaches the public or a group
 *     that is no partner; the staff page marks which of the form's required documents are
 *     attached (by the file's name) and leads to the reports and the evaluation;
 *   - an endorsement: its papers seen by the group that applied, the department asked and
 *     the division only — never the public, another group or another department, even
 *     while the endorsement is approved and listed in public;
 *   - an adoption agreement: its documents seen, added and removed by its group, the
 *     department in charge of the place and the division; nobody else. */
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
#define BOUNDARY "----kyodoKindsBoundary9QzX"
/* demo/projects.csv: 1 (協働推進課, the demo group a partner, 事業協力) is published;
 * 5 (協働推進課, 補助・助成) is not */
#define PUBLISHED 1
#define UNPUBLISHED 5

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
	/* a second group, partner of nothing, applicant of nothing */
	struct h_client c;
	if (h_client_init(&c, &srv) != 0 || h_login(&c, "center", PW) != 303)
		return -1;
	char tok[128];
	if (h_csrf_of(&c, "/center/orgs/new", tok, sizeof tok) != 0)
		return -1;
	char body[1024];
	char *name = h_urlenc("添付テスト別団体"), *kana = h_urlenc("テンプテストベツダンタイ");
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

/* GET path until its body has must: a soft change reaches the cached public page within
 * the stale bound (PAGE_CACHE_STALE_MS, 5 s); without the version moving it never would.
 * 1 when it did within 7 s. */
static int eventually(struct h_client *c, const char *path, const char *must)
{
	for (int i = 0; i < 70; i++) {
		struct h_resp r;
		assert_int_equal(h_get(c, path, &r), 0);
		int ok = r.status == 200 && r.body && strstr(r.body, must);
		h_resp_free(&r);
		if (ok)
			return 1;
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* Uploads a PDF named name to kind/owner with the CSRF token of page (the viewer's own
 * token from any page it may open), saying what it is (the field "what"; NULL: not sent).
 * The status. */
static long upload_as(struct h_client *c, const char *token_page, const char *kind, long long owner, const char *name,
		      const char *what)
{
	char tok[128];
	assert_int_equal(h_csrf_of(c, token_page, tok, sizeof tok), 0);
	char body[4096], field[200] = "";
	if (what)
		snprintf(field, sizeof field,
			 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"what\"\r\n\r\n%s\r\n", what);
	int n = snprintf(body, sizeof body,
			 "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n%s--" BOUNDARY
			 "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: "
			 "application/pdf\r\n\r\n%s\r\n--" BOUNDARY "--\r\n",
			 tok, field, name, pdf);
	const char *hdr[] = { "Content-Type: multipart/form-data; boundary=" BOUNDARY, "Expect:", NULL };
	char path[128];
	snprintf(path, sizeof path, "/attachments/%s/%lld", kind, owner);
	struct h_resp r;
	assert_int_equal(h_post_hdr(c, path, body, (size_t)n, hdr, &r), 0);
	long s = r.status;
	h_resp_free(&r);
	return s;
}

/* A project's file is always said to be one of the form's documents or その他. */
static long upload(struct h_client *c, const char *token_page, const char *kind, long long owner, const char *name)
{
	return upload_as(c, token_page, kind, owner, name, strcmp(kind, "project") == 0 ? "other" : NULL);
}

/* The value of the upload form's choice whose label starts with label, on page. */
static const char *doc_choice(struct h_client *c, const char *page, const char *label)
{
	static char v[32];
	struct h_resp r;
	assert_int_equal(h_get(c, page, &r), 0);
	char needle[200];
	snprintf(needle, sizeof needle, "\">%s", label);
	const char *sel = r.body ? strstr(r.body, "name=\"what\"") : NULL;
	const char *hit = sel ? strstr(sel, needle) : NULL;
	v[0] = '\0';
	if (hit) {
		const char *q = hit;
		while (q > sel && strncmp(q, "value=\"", 7) != 0)
			q--;
		snprintf(v, sizeof v, "%.*s", (int)(hit - q - 7), q + 7);
	}
	h_resp_free(&r);
	if (!v[0])
		fail_msg("%s: no choice %s", page, label);
	return v;
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

static void project_documents(void **state)
{
	(void)state;
	struct h_client *lead = client("kyodo"), *partner = client("group"), *admin = client("admin"),
			*other = client("kikaku"), *cm = client("committee"), *g2 = client("g2"), *anon = client(NULL);
	/* an unpublished project (補助・助成): its required documents; a file must say which it is */
	assert_int_equal(get(lead, "/projects/5", "未添付", "badge\">添付済み"), 200);
	assert_int_equal(get(lead, "/projects/5", "name=\"what\"", NULL), 200);
	assert_int_equal(get(lead, "/projects/5", "href=\"/projects/5/evaluation\"", NULL), 200);
	assert_int_equal(get(lead, "/projects/5", "href=\"/projects/5/reports\"", NULL), 200);
	assert_int_equal(upload_as(lead, "/projects/5", "project", UNPUBLISHED, "補助金交付申請書.pdf", NULL), 422);
	assert_int_equal(upload_as(lead, "/projects/5", "project", UNPUBLISHED, "補助金交付申請書.pdf", "99999"), 422);
	assert_int_equal(get(lead, "/projects/5", "未添付", "補助金交付申請書.pdf"), 200);
	/* a file named as the application but said to be その他 attaches no document */
	assert_int_equal(upload(lead, "/projects/5", "project", UNPUBLISHED, "補助金交付申請書の下書き.pdf"), 303);
	assert_int_equal(get(lead, "/projects/5", "補助金交付申請書の下書き.pdf", "badge\">添付済み"), 200);
	const char *app = doc_choice(lead, "/projects/5", "補助金交付申請書");
	assert_int_equal(upload_as(lead, "/projects/5", "project", UNPUBLISHED, "R7補助金交付申請書.pdf", app), 303);
	long long secret = attachment_on(lead, "/projects/5", "R7補助金交付申請書.pdf");
	assert_true(secret > 0);
	assert_int_equal(get(lead, "/projects/5", "添付済み</strong>（R7補助金交付申請書.pdf）", NULL), 200);
	assert_int_equal(get(lead, "/projects/5", "収支予算書（実施前）：<strong class=\"badge badge--late\">未添付", NULL), 200);
	/* who sees it: the lead, the division, another department (past 検討) */
	assert_int_equal(download(lead, secret), 200);
	assert_int_equal(download(admin, secret), 200);
	assert_int_equal(download(other, secret), 200);
	/* nobody else: the public, a group that is no partner, the committee (実施) */
	assert_int_equal(download(anon, secret), 404);
	assert_int_equal(download(partner, secret), 404);	/* no partner of project 5 */
	assert_int_equal(download(g2, secret), 404);
	assert_int_equal(download(cm, secret), 404);
	assert_int_equal(get(anon, "/public/projects/5", NULL, "R7補助金交付申請書"), 404);
	assert_int_equal(upload(partner, "/my/group", "project", UNPUBLISHED, "x.pdf"), 404);
	assert_int_equal(upload(g2, "/my/group", "project", UNPUBLISHED, "x.pdf"), 404);
	/* another department reads the project but adds and removes nothing */
	assert_int_equal(upload(other, "/projects/5", "project", UNPUBLISHED, "x.pdf"), 403);
	assert_int_equal(remove_it(other, "/projects/5", secret), 403);
	assert_int_equal(download(lead, secret), 200);

	/* a published project: a partner attaches the agreement; public at once */
	assert_int_equal(get(anon, "/public/projects/1", NULL, "協定書R7.pdf"), 200);	/* cached now */
	assert_int_equal(get(partner, "/projects/1", "未添付", NULL), 200);
	assert_int_equal(upload_as(partner, "/projects/1", "project", PUBLISHED, "協定書R7.pdf",
				   doc_choice(partner, "/projects/1", "協定書")), 303);
	long long agreement = attachment_on(partner, "/projects/1", "協定書R7.pdf");
	assert_true(agreement > 0);
	assert_int_equal(get(partner, "/projects/1", "添付済み</strong>（協定書R7.pdf）", NULL), 200);
	assert_true(eventually(anon, "/public/projects/1", "協定書R7.pdf"));
	assert_int_equal(get(anon, "/public/projects/1", "協定書R7.pdf", "attach-form"), 200);
	assert_int_equal(download(anon, agreement), 200);
	assert_int_equal(download(g2, agreement), 200);
	assert_int_equal(download(cm, agreement), 200);
	/* the public may see it but add or remove nothing; a group that is no partner neither */
	assert_int_equal(upload(g2, "/my/group", "project", PUBLISHED, "y.pdf"), 403);
	assert_int_equal(upload(cm, "/public/projects/1", "project", PUBLISHED, "y.pdf"), 403);
	assert_int_equal(remove_it(g2, "/my/group", agreement), 403);
	/* the lead and the division add too */
	assert_int_equal(upload_as(admin, "/projects/1", "project", PUBLISHED, "役割分担表.pdf",
				   doc_choice(admin, "/projects/1", "役割分担表")), 303);
	assert_int_equal(get(lead, "/projects/1", "役割分担表：<strong class=\"badge\">添付済み", NULL), 200);
	assert_true(eventually(anon, "/public/projects/1", "役割分担表.pdf"));
	/* the partner removes it: gone from the public page at once (a hard change) */
	assert_int_equal(remove_it(partner, "/projects/1", agreement), 303);
	assert_int_equal(get(anon, "/public/projects/1", "役割分担表.pdf", "協定書R7.pdf"), 200);
	/* and the agreement is no longer attached */
	assert_int_equal(get(lead, "/projects/1", "協定書（目的・役割分担・責任分担を定めたもの）（実施前）：<strong class=\"badge badge--late\">未添付", NULL), 200);
	assert_int_equal(download(anon, agreement), 404);
	/* withdrawn from the public pages: its files are no longer public */
	long long roles = attachment_on(lead, "/projects/1", "役割分担表.pdf");
	assert_true(roles > 0);
	assert_int_equal(download(g2, roles), 200);
	char tok[128], body[200];
	struct h_resp r;
	assert_int_equal(h_csrf_of(lead, "/projects/1", tok, sizeof tok), 0);
	snprintf(body, sizeof body, "csrf=%s&published=0", tok);
	assert_int_equal(h_post(lead, "/projects/1/publish", body, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(download(anon, roles), 404);
	assert_int_equal(download(g2, roles), 404);
	assert_int_equal(download(partner, roles), 200);
	assert_int_equal(get(anon, "/public/projects/1", NULL, "役割分担表.pdf"), 404);
	snprintf(body, sizeof body, "csrf=%s&published=1", tok);
	assert_int_equal(h_post(lead, "/projects/1/publish", body, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	struct h_client *all[] = { lead, partner, admin, other, cm, g2, anon };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		done(all[i]);
}

/* A file attached before the marks existed, or said to be その他 by mistake, is made the
 * document it is by whoever may remove it (the uploading side, the lead department, the
 * division): project 3 (実行委員会, 計画, 企画政策課) then has its budget and moves into
 * 実施 without force. Nobody else may change it; the change is audited. */
static long mark_as(struct h_client *c, long long project, long long att, const char *what, const char *must)
{
	char tok[128], path[96], body[300], page[64];
	snprintf(page, sizeof page, "/projects/%lld", project);
	assert_int_equal(h_csrf_of(c, page, tok, sizeof tok), 0);
	snprintf(path, sizeof path, "/projects/%lld/documents/%lld", project, att);
	snprintf(body, sizeof body, "csrf=%s&what=%s", tok, what);
	struct h_resp r;
	assert_int_equal(h_post(c, path, body, &r), 0);
	if (must && (!r.body || !strstr(r.body, must)))
		fail_msg("POST %s (%ld): no %s", path, r.status, must);
	long s = r.status;
	h_resp_free(&r);
	return s;
}

static void project_document_marked_later(void **state)
{
	(void)state;
	struct h_client *lead = client("kikaku"), *admin = client("admin"), *other = client("kyodo"),
			*g = client("group"), *anon = client(NULL);
	const char *missing = "実行委員会の収支予算書（実施前）：<strong class=\"badge badge--late\">未添付";
	assert_int_equal(upload(lead, "/projects/3", "project", 3, "フェスタ予算R7.pdf"), 303);	/* その他 */
	long long att = attachment_on(lead, "/projects/3", "フェスタ予算R7.pdf");
	assert_true(att > 0);
	assert_int_equal(get(lead, "/projects/3", missing, NULL), 200);
	assert_int_equal(get(lead, "/projects/3/move?to=run", "実施前に必要な書類が未添付：実行委員会の収支予算書", NULL), 200);
	/* the page offers the change to whoever may remove the file, never to another department */
	char action[96];
	snprintf(action, sizeof action, "action=\"/projects/3/documents/%lld\"", att);
	assert_int_equal(get(lead, "/projects/3", action, NULL), 200);
	assert_int_equal(get(admin, "/projects/3", action, NULL), 200);
	assert_int_equal(get(other, "/projects/3", NULL, action), 200);
	const char *budget = doc_choice(lead, "/projects/3", "実行委員会の収支予算書");
	char doc[32];
	snprintf(doc, sizeof doc, "%s", budget);
	/* nobody else: another department reads the project (403), a group that is no partner
	 * and the public do not see it (404); no token, no change */
	assert_int_equal(mark_as(other, 3, att, doc, NULL), 403);
	assert_int_equal(mark_as(g, 3, att, doc, NULL), 404);
	char path[96], body[96];
	snprintf(path, sizeof path, "/projects/3/documents/%lld", att);
	snprintf(body, sizeof body, "what=%s", doc);
	struct h_resp r;
	assert_int_equal(h_post(lead, path, body, &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	assert_int_equal(h_post(anon, path, body, &r), 0);
	assert_true(r.status == 303 || r.status == 403 || r.status == 404);
	h_resp_free(&r);
	/* only the form's documents, or その他; the file of another project is not this one's */
	assert_int_equal(mark_as(lead, 3, att, "99999", "この事業の形態が求める書類ではありません"), 422);
	assert_int_equal(mark_as(lead, 3, att, "", NULL), 422);
	assert_int_equal(mark_as(admin, 1, att, doc, NULL), 404);
	assert_int_equal(get(lead, "/projects/3", missing, NULL), 200);
	/* the lead says it is the budget: attached, and the move into 実施 needs no force */
	assert_int_equal(mark_as(lead, 3, att, doc, NULL), 303);
	assert_int_equal(get(lead, "/projects/3", "実行委員会の収支予算書（実施前）：<strong class=\"badge\">添付済み</strong>（フェスタ予算R7.pdf）", NULL), 200);
	assert_int_equal(get(lead, "/projects/3/move?to=run", NULL, "実施前に必要な書類が未添付"), 200);
	/* audited with what it was */
	char audit[160];
	snprintf(audit, sizeof audit, "\"before\":{\"attachment\":%lld,\"document\":null},\"after\":{\"attachment\":%lld,\"document\":%s}",
		 att, att, doc);
	assert_int_equal(get(admin, "/api/v1/audit?entity=project&action=document", audit, NULL), 200);
	/* and back to その他 by the division: not attached again */
	assert_int_equal(mark_as(admin, 3, att, "other", NULL), 303);
	assert_int_equal(get(lead, "/projects/3", missing, NULL), 200);
	struct h_client *all[] = { lead, admin, other, g, anon };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		done(all[i]);
}

static void endorsement_papers(void **state)
{
	(void)state;
	/* demo endorsement 1: the demo group's, approved by 協働推進課, listed in public */
	struct h_client *group = client("group"), *dept = client("kyodo"), *admin = client("admin"),
			*other = client("gakushu"), *g2 = client("g2"), *center = client("center"), *anon = client(NULL);
	assert_int_equal(get(anon, "/endorsements/1", NULL, "チラシ.pdf"), 200);	/* public, cached */
	assert_int_equal(upload(group, "/endorsements/1", "endorsement", 1, "チラシ.pdf"), 303);
	long long flyer = attachment_on(group, "/endorsements/1", "チラシ.pdf");
	assert_true(flyer > 0);
	assert_int_equal(upload(dept, "/endorsements/1", "endorsement", 1, "収支報告書.pdf"), 303);
	assert_true(attachment_on(admin, "/endorsements/1", "収支報告書.pdf") > 0);
	assert_int_equal(download(group, flyer), 200);
	assert_int_equal(download(dept, flyer), 200);
	assert_int_equal(download(admin, flyer), 200);
	/* never the public, another group, another department, the center */
	assert_int_equal(get(anon, "/endorsements/1", NULL, "チラシ.pdf"), 200);
	assert_int_equal(get(other, "/endorsements/1", NULL, "チラシ.pdf"), 200);
	assert_int_equal(get(g2, "/endorsements/1", NULL, "チラシ.pdf"), 200);
	assert_int_equal(download(anon, flyer), 404);
	assert_int_equal(download(other, flyer), 404);
	assert_int_equal(download(g2, flyer), 404);
	assert_int_equal(download(center, flyer), 404);
	assert_int_equal(upload(g2, "/my/group", "endorsement", 1, "z.pdf"), 404);
	assert_int_equal(upload(other, "/city/endorsements", "endorsement", 1, "z.pdf"), 404);
	assert_int_equal(remove_it(g2, "/my/group", flyer), 404);
	/* demo endorsement 2 waits for 生涯学習課: that department adds, 協働推進課 sees nothing */
	assert_int_equal(upload(other, "/city/endorsements", "endorsement", 2, "申請補足.pdf"), 303);
	long long extra = attachment_on(other, "/endorsements/2", "申請補足.pdf");
	assert_true(extra > 0);
	assert_int_equal(download(dept, extra), 404);
	assert_int_equal(download(anon, extra), 404);
	assert_int_equal(download(group, extra), 200);
	/* the group removes its flyer */
	assert_int_equal(remove_it(group, "/endorsements/1", flyer), 303);
	assert_int_equal(download(group, flyer), 404);
	struct h_client *all[] = { group, dept, admin, other, g2, center, anon };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		done(all[i]);
}

static void adoption_documents(void **state)
{
	(void)state;
	struct h_client *group = client("group"), *dept = client("kyodo"), *admin = client("admin"),
			*other = client("gakushu"), *g2 = client("g2"), *center = client("center"), *cm = client("committee"),
			*anon = client(NULL);
	/* the demo group's agreement on 市民活動センター前花壇 (協働推進課's place) */
	long long ag = 0;
	for (long long id = 1; id <= 12 && !ag; id++) {
		char path[64];
		snprintf(path, sizeof path, "/adopt/agreements/%lld", id);
		struct h_resp r;
		assert_int_equal(h_get(admin, path, &r), 0);
		if (r.status == 200 && strstr(r.body, "<title>市民活動センター前花壇・みどり野子ども食堂ネット"))
			ag = id;
		h_resp_free(&r);
	}
	assert_true(ag > 0);
	char page[64];
	snprintf(page, sizeof page, "/adopt/agreements/%lld", ag);
	assert_int_equal(upload(group, page, "adoption", ag, "保険加入証明.pdf"), 303);
	long long ins = attachment_on(group, page, "保険加入証明.pdf");
	assert_true(ins > 0);
	assert_int_equal(upload(dept, page, "adoption", ag, "アダプト協定書.pdf"), 303);
	assert_true(attachment_on(admin, page, "アダプト協定書.pdf") > 0);
	assert_int_equal(download(dept, ins), 200);
	assert_int_equal(download(admin, ins), 200);
	/* nobody else, whatever the place's public page says */
	struct h_client *none[] = { other, g2, center, cm, anon };
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		assert_int_equal(download(none[i], ins), 404);
	assert_int_equal(upload(g2, "/my/group", "adoption", ag, "w.pdf"), 404);
	assert_int_equal(upload(other, "/adopt/manage", "adoption", ag, "w.pdf"), 404);
	assert_int_equal(remove_it(other, "/adopt/manage", ins), 404);
	assert_int_equal(get(anon, "/adopt", NULL, "保険加入証明"), 200);
	/* the department removes it */
	assert_int_equal(remove_it(dept, page, ins), 303);
	assert_int_equal(download(group, ins), 404);
	done(group);
	done(dept);
	done(admin);
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		done(none[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(project_documents),
		cmocka_unit_test(project_document_marked_later),
		cmocka_unit_test(endorsement_papers),
		cmocka_unit_test(adoption_documents),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
