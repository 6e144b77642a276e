/* test_project_web: collaboration projects over HTTP on the demo city — the public/private
 * boundary (nothing unpublished on the public list, page, API or downloads, for anonymous
 * and logged-in viewers alike, and a withdrawn project gone at once), the staff pages per
 * role, a partner ticking its checklist from its own page, the stage move refused while
 * points are open and done with force and a reason, the notices it sends, and escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define PW "kyodo-demo-2026"
/* demo/projects.csv: 3 (企画政策課) and 5 (協働推進課) are not published; 1, 2, 4, 6 are */
#define UNPUB5 "地域防災リーダー養成講座"
#define UNPUB3 "多文化共生フェスタ"
#define PUB2 "川辺クリーン作戦"
#define PROJECT1 "子ども食堂ネットワーク支援事業"

static struct h_server srv;

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&srv, demo, NULL) != 0)
		return -1;
	return h_server_start(&srv);
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
		assert_int_equal(h_login(c, login, PW), 303);
	return c;
}

static void done(struct h_client *c)
{
	h_client_free(c);
	free(c);
}

static long get(struct h_client *c, const char *path, struct h_resp *r)
{
	assert_int_equal(h_get(c, path, r), 0);
	return r->status;
}

static void no_unpublished(const char *body, const char *where)
{
	if (strstr(body, UNPUB5) || strstr(body, UNPUB3))
		fail_msg("%s shows an unpublished project", where);
}

static void public_boundary(void **state)
{
	(void)state;
	const char *viewers[] = { NULL, "group", "kyodo", "admin" };
	for (size_t v = 0; v < sizeof viewers / sizeof viewers[0]; v++) {
		struct h_client *c = client(viewers[v]);
		struct h_resp r;
		assert_int_equal(get(c, "/public/projects", &r), 200);
		no_unpublished(r.body, "the public list");
		assert_non_null(strstr(r.body, PUB2));
		h_resp_free(&r);
		assert_int_equal(get(c, "/public/projects?year=2025", &r), 200);
		no_unpublished(r.body, "the public list of 2025");
		h_resp_free(&r);
		/* the public page of an unpublished project does not exist, whoever asks */
		assert_int_equal(get(c, "/public/projects/5", &r), 404);
		no_unpublished(r.body, "the 404 page");
		h_resp_free(&r);
		assert_int_equal(get(c, "/public/projects/2", &r), 200);
		assert_non_null(strstr(r.body, "川辺の自然を守る会"));
		h_resp_free(&r);
		static const char *const formats[] = { "csv", "csv-cp932", "json" };
		for (int k = 0; k < 3; k++) {
			char path[128];
			snprintf(path, sizeof path, "/public/projects/export?year=2025&format=%s", formats[k]);
			assert_int_equal(get(c, path, &r), 200);
			if (k != 1)
				no_unpublished(r.body, path);
			h_resp_free(&r);
		}
		done(c);
	}
	/* the API: anonymous sees the published ones; a lead department sees its own too */
	struct h_client *anon = client(NULL);
	struct h_resp r;
	assert_int_equal(get(anon, "/api/projects", &r), 200);
	no_unpublished(r.body, "the API");
	assert_non_null(strstr(r.body, "\"total\":4"));
	h_resp_free(&r);
	/* the public download without a year: this fiscal year's CSV */
	assert_int_equal(get(anon, "/public/projects/export", &r), 200);
	no_unpublished(r.body, "the default download");
	h_resp_free(&r);
	/* the staff pages are not for the public */
	assert_int_equal(get(anon, "/projects/1", &r), 303);
	h_resp_free(&r);
	done(anon);
	struct h_client *lead = client("kyodo");
	assert_int_equal(get(lead, "/api/projects", &r), 200);
	assert_non_null(strstr(r.body, UNPUB5));	/* 協働推進課 leads it */
	h_resp_free(&r);
	done(lead);
	/* a group that is no partner of project 3 and the committee do not see it at all */
	struct h_client *g = client("group");
	assert_int_equal(get(g, "/projects/3", &r), 404);
	h_resp_free(&r);
	assert_int_equal(get(g, "/projects/1", &r), 200);	/* its own project */
	h_resp_free(&r);
	assert_int_equal(get(g, "/api/projects", &r), 200);
	assert_null(strstr(r.body, UNPUB3));
	assert_null(strstr(r.body, UNPUB5));
	h_resp_free(&r);
	done(g);
	struct h_client *cm = client("committee");
	assert_int_equal(get(cm, "/projects/5", &r), 404);
	h_resp_free(&r);
	assert_int_equal(get(cm, "/projects/6", &r), 200);	/* under evaluation */
	h_resp_free(&r);
	/* the plan item's page lists its projects, as the viewer may see them: Ⅰ-1-(1) (item 3)
	 * is served by projects 1 (published) and 5 (unpublished, 協働推進課) */
	assert_int_equal(get(cm, "/plans/1/years/2024/items/3", &r), 200);
	assert_non_null(strstr(r.body, PROJECT1));
	assert_null(strstr(r.body, UNPUB5));
	h_resp_free(&r);
	done(cm);
	lead = client("kyodo");
	assert_int_equal(get(lead, "/plans/1/years/2024/items/3", &r), 200);
	assert_non_null(strstr(r.body, UNPUB5));
	assert_non_null(strstr(r.body, "/projects/5\""));
	h_resp_free(&r);
	done(lead);
}

/* Withdrawing a published project takes it off the public pages at once (cache included). */
static void withdraw_is_immediate(void **state)
{
	(void)state;
	struct h_client *anon = client(NULL);
	struct h_resp r;
	assert_int_equal(get(anon, "/public/projects/2", &r), 200);	/* cached now */
	h_resp_free(&r);
	assert_int_equal(get(anon, "/public/projects", &r), 200);
	assert_non_null(strstr(r.body, PUB2));
	h_resp_free(&r);
	struct h_client *admin = client("admin");
	char tok[128];
	assert_int_equal(h_csrf_of(admin, "/projects/2", tok, sizeof tok), 0);
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&published=0", tok);
	assert_int_equal(h_post(admin, "/projects/2/publish", body, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(get(anon, "/public/projects/2", &r), 404);
	h_resp_free(&r);
	assert_int_equal(get(anon, "/public/projects", &r), 200);
	assert_null(strstr(r.body, PUB2));
	h_resp_free(&r);
	/* published again for the other tests */
	snprintf(body, sizeof body, "csrf=%s&published=1", tok);
	assert_int_equal(h_post(admin, "/projects/2/publish", body, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	done(admin);
	done(anon);
}

/* The partner ticks its checklist from its own page; the lead department's move is refused
 * while points are open, then done with force and a reason; the partner is told. */
static void checklist_and_move(void **state)
{
	(void)state;
	struct h_client *g = client("group");
	struct h_resp r;
	assert_int_equal(get(g, "/projects/1/side", &r), 200);
	assert_non_null(strstr(r.body, "市民活動団体等") ? r.body : strstr(r.body, "留意"));
	/* tick every point */
	const char *set[64];
	int k = 0;
	for (int i = 1; i <= 6; i++) {
		char *name = malloc(24);
		snprintf(name, 24, "agree-%d", i);
		set[k++] = name;
		set[k++] = "1";
	}
	set[k] = NULL;
	char *body = h_form_body(r.body, "/projects/1/checks", set);
	assert_non_null(body);
	h_resp_free(&r);
	assert_int_equal(h_post(g, "/projects/1/checks", body, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	free(body);
	for (int i = 0; i < k; i += 2)
		free((char *)set[i]);
	/* the group cannot move the stage */
	char tok[128];
	assert_int_equal(h_csrf_of(g, "/projects/1", tok, sizeof tok), 0);
	char form[256];
	snprintf(form, sizeof form, "csrf=%s&to=plan&force=1&reason=x", tok);
	assert_int_equal(h_post(g, "/projects/1/move", form, &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	/* the lead department: the confirmation lists what is open and by whom */
	struct h_client *lead = client("kyodo");
	assert_int_equal(get(lead, "/projects/1/move?to=plan", &r), 200);
	assert_non_null(strstr(r.body, "東地区子育てサロン"));	/* a partner that has not agreed */
	h_resp_free(&r);
	assert_int_equal(h_csrf_of(lead, "/projects/1", tok, sizeof tok), 0);
	snprintf(form, sizeof form, "csrf=%s&to=plan&reason=", tok);
	assert_int_equal(h_post(lead, "/projects/1/move", form, &r), 0);
	assert_int_equal(r.status, 422);
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=%s&to=plan&force=1&reason=%s", tok, "%E4%BA%88%E7%AE%97%E3%81%AE%E9%83%BD%E5%90%88");
	assert_int_equal(h_post(lead, "/projects/1/move", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(get(lead, "/projects/1", &r), 200);
	assert_non_null(strstr(r.body, "予算の都合"));	/* in the stage history */
	h_resp_free(&r);
	/* 計画 → 実施: the form's agreement (協定書, 事業協力) is missing besides the points;
	 * the move screen names it, and the move is refused without force */
	assert_int_equal(get(lead, "/projects/1/move?to=run", &r), 200);
	assert_non_null(strstr(r.body, "そろっていないもの"));
	assert_non_null(strstr(r.body, "実施前に必要な書類が未添付：協定書（目的・役割分担・責任分担を定めたもの）"));
	assert_non_null(strstr(r.body, "name=\"force\""));
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=%s&to=run&reason=", tok);
	assert_int_equal(h_post(lead, "/projects/1/move", form, &r), 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "この段階の移行に形態のルールが求めるものがそろっていません。"));
	h_resp_free(&r);
	assert_int_equal(get(lead, "/projects/1", &r), 200);
	assert_non_null(strstr(r.body, "計画"));
	h_resp_free(&r);
	/* the partner's inbox has the notice */
	assert_int_equal(get(g, "/notices", &r), 200);
	assert_non_null(strstr(r.body, PROJECT1));
	h_resp_free(&r);
	/* its start page shows the new stage's points awaiting it */
	assert_int_equal(get(g, "/", &r), 200);
	assert_non_null(strstr(r.body, "data-kind=\"project_checks\""));
	h_resp_free(&r);
	done(lead);
	done(g);
}

/* A published project is the public's page to anyone it is no more than public to: a group
 * that is no partner (and a committee member before the evaluation) reads what the public
 * reads, not the staff page — no partner still under the registry's review, no checklist
 * answers, no budget lines with who pays — on the page and in the API. */
#define APPLICANT "北地区フードパントリーの会"
static void published_is_public_to_outsiders(void **state)
{
	(void)state;
	struct h_client *adm = client("admin");
	char tok[128], form[512];
	struct h_resp r;
	assert_int_equal(h_csrf_of(adm, "/projects/2", tok, sizeof tok), 0);
	char *org = h_urlenc(APPLICANT);
	snprintf(form, sizeof form, "csrf=%s&org=%s&role=", tok, org);
	free(org);
	assert_int_equal(h_post(adm, "/projects/2/partners", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	assert_int_equal(get(adm, "/projects/2", &r), 200);
	assert_non_null(strstr(r.body, APPLICANT));	/* the division sees it */
	h_resp_free(&r);
	done(adm);
	const char *outsiders[] = { "group", "committee" };
	for (size_t v = 0; v < 2; v++) {
		struct h_client *c = client(outsiders[v]);
		long st = get(c, "/projects/2", &r);
		if (st == 200) {
			if (strstr(r.body, APPLICANT))
				fail_msg("%s reads the name of a partner under review on /projects/2", outsiders[v]);
			if (strstr(r.body, "団体の会費から"))
				fail_msg("%s reads the budget lines of /projects/2", outsiders[v]);
		} else {
			assert_int_equal(st, 303);
		}
		h_resp_free(&r);
		assert_int_equal(get(c, "/api/projects", &r), 200);
		if (strstr(r.body, APPLICANT))
			fail_msg("%s reads the name of a partner under review in /api/projects", outsiders[v]);
		h_resp_free(&r);
		static const char *const files[] = { "/projects/export?year=2025&format=csv",
						      "/projects/export?year=2025&format=json" };
		for (int k = 0; k < 2; k++) {
			assert_int_equal(get(c, files[k], &r), 200);
			assert_non_null(strstr(r.body, PUB2));
			if (strstr(r.body, APPLICANT))
				fail_msg("%s reads the name of a partner under review in %s", outsiders[v], files[k]);
			h_resp_free(&r);
		}
		done(c);
	}
	/* the public page counts it without its name */
	struct h_client *anon = client(NULL);
	assert_int_equal(get(anon, "/public/projects/2", &r), 200);
	assert_null(strstr(r.body, APPLICANT));
	h_resp_free(&r);
	done(anon);
}

static void create_escapes_and_validates(void **state)
{
	(void)state;
	struct h_client *admin = client("admin");
	char tok[128];
	assert_int_equal(h_csrf_of(admin, "/projects/new", tok, sizeof tok), 0);
	char form[512];
	/* an end before the start: 422, everything kept */
	snprintf(form, sizeof form,
		 "csrf=%s&title=%%3Cscript%%3Ex&fy_start=R8&fy_end=R7&department=%s&form=grant&zone=citizen_led", tok,
		 "%E8%B2%A1%E6%94%BF%E8%AA%B2");
	struct h_resp r;
	assert_int_equal(h_post(admin, "/projects", form, &r), 0);
	assert_int_equal(r.status, 422);
	assert_null(strstr(r.body, "<script>x"));
	assert_non_null(strstr(r.body, "&lt;script&gt;x"));
	h_resp_free(&r);
	snprintf(form, sizeof form,
		 "csrf=%s&title=%%3Cscript%%3Ex&fy_start=R8&fy_end=R9&department=%s&form=grant&zone=citizen_led", tok,
		 "%E8%B2%A1%E6%94%BF%E8%AA%B2");
	assert_int_equal(h_post(admin, "/projects", form, &r), 0);
	assert_int_equal(r.status, 303);
	h_resp_free(&r);
	/* staff of another department cannot create for 財政課 */
	struct h_client *kikaku = client("kikaku");
	assert_int_equal(h_csrf_of(kikaku, "/projects/new", tok, sizeof tok), 0);
	snprintf(form, sizeof form, "csrf=%s&title=y&fy_start=2026&department=%s&form=grant&zone=citizen_led", tok,
		 "%E8%B2%A1%E6%94%BF%E8%AA%B2");
	assert_int_equal(h_post(kikaku, "/projects", form, &r), 0);
	assert_int_equal(r.status, 422);
	h_resp_free(&r);
	/* a partner's role and responsibilities, edited by the division */
	struct h_resp e;
	assert_int_equal(get(admin, "/projects/1/partners/1/edit", &e), 200);
	const char *set[] = { "role", "献立づくりと衛生管理", "money", "1", NULL };
	char *pbody = h_form_body(e.body, "/projects/1/partners/1", set);
	assert_non_null(pbody);
	h_resp_free(&e);
	assert_int_equal(h_post(admin, "/projects/1/partners/1", pbody, &e), 0);
	assert_int_equal(e.status, 303);
	free(pbody);
	h_resp_free(&e);
	assert_int_equal(get(admin, "/projects/1", &e), 200);
	assert_non_null(strstr(e.body, "献立づくりと衛生管理"));
	h_resp_free(&e);
	assert_int_equal(get(admin, "/projects/1/partners/999/edit", &e), 404);
	h_resp_free(&e);
	/* the center reads but cannot edit */
	struct h_client *center = client("center");
	assert_int_equal(get(center, "/projects/1/edit", &r), 403);
	h_resp_free(&r);
	assert_int_equal(get(center, "/projects/1/partners/1/edit", &r), 403);
	h_resp_free(&r);
	done(center);
	done(kikaku);
	done(admin);
}

/* A completed project moves nowhere: its page says so instead of an empty list of moves
 * under the heading (the demo's 高齢者見守りネットワーク運営 is 完了). */
static void completed_moves_nowhere(void **state)
{
	(void)state;
	struct h_client *adm = client("admin");
	struct h_resp r;
	assert_int_equal(get(adm, "/projects/4", &r), 200);
	assert_non_null(strstr(r.body, "<dd>完了</dd>"));
	assert_non_null(strstr(r.body, "この事業は完了しています。ほかの段階には移せません。"));
	assert_null(strstr(r.body, "<ul class=\"link-list\">\n</ul>"));
	h_resp_free(&r);
	/* a project that may move lists its moves */
	assert_int_equal(get(adm, "/projects/2", &r), 200);
	assert_non_null(strstr(r.body, "<ul class=\"link-list\">\n<li><a href=\"/projects/2/move?to=evaluate\">"));
	h_resp_free(&r);
	done(adm);
}

/* The staff list filters by stage, form, department and words (in the title or purpose),
 * besides the year; a value that is no code is dropped, LIKE's wildcards are plain text. */
static int lists(struct h_client *c, const char *path, const char *title)
{
	struct h_resp r;
	assert_int_equal(get(c, path, &r), 200);
	int hit = strstr(r.body, title) != NULL;
	h_resp_free(&r);
	return hit;
}

static void list_filters(void **state)
{
	(void)state;
	struct h_client *adm = client("admin");
	/* demo: 2 川辺クリーン作戦 (実施, 生涯学習課), 5 地域防災リーダー養成講座 (実施, 協働推進課),
	 * 4 高齢者見守りネットワーク運営 (完了, 福祉総務課) */
	assert_true(lists(adm, "/projects", PUB2) && lists(adm, "/projects", "高齢者見守り"));
	assert_true(lists(adm, "/projects?stage=run", PUB2));
	assert_true(lists(adm, "/projects?stage=run", UNPUB5));
	assert_false(lists(adm, "/projects?stage=run", "高齢者見守り"));
	assert_true(lists(adm, "/projects?stage=%E5%AE%8C%E4%BA%86", "高齢者見守り"));	/* 完了 */
	assert_false(lists(adm, "/projects?stage=done", PUB2));
	assert_true(lists(adm, "/projects?department=%E7%A6%8F%E7%A5%89%E7%B7%8F%E5%8B%99%E8%AA%B2", "高齢者見守り"));
	assert_false(lists(adm, "/projects?department=%E7%A6%8F%E7%A5%89%E7%B7%8F%E5%8B%99%E8%AA%B2", PUB2));
	assert_true(lists(adm, "/projects?q=%E9%98%B2%E7%81%BD", UNPUB5));	/* 防災 */
	assert_false(lists(adm, "/projects?q=%E9%98%B2%E7%81%BD", PUB2));
	assert_false(lists(adm, "/projects?q=%25", PUB2));	/* "%" is a character, not a wildcard */
	assert_false(lists(adm, "/projects?q=_", PUB2));
	/* a form: the demo's 高齢者見守り is no 後援 (support) */
	assert_false(lists(adm, "/projects?form=support", "高齢者見守り"));
	assert_true(lists(adm, "/projects?form=support", "読み聞かせフェスティバル"));
	/* combined; an unknown value is dropped, not an error */
	assert_true(lists(adm, "/projects?stage=run&q=%E9%98%B2%E7%81%BD", UNPUB5));
	assert_false(lists(adm, "/projects?stage=done&q=%E9%98%B2%E7%81%BD", UNPUB5));
	assert_true(lists(adm, "/projects?stage=nonsense&form=%3Cx%3E", PUB2));
	/* the form keeps what was chosen */
	struct h_resp r;
	assert_int_equal(get(adm, "/projects?stage=run&q=%3Cb%3E", &r), 200);
	assert_non_null(strstr(r.body, "<option value=\"run\" selected>"));
	assert_non_null(strstr(r.body, "value=\"&lt;b&gt;\""));
	h_resp_free(&r);
	assert_true(lists(adm, "/projects?stage=run", "該当する事業： 2"));
	done(adm);
}

/* The final report's first field is the project's results (成果), not a search's (検索結果):
 * one msgid, one meaning. */
static void final_report_words(void **state)
{
	(void)state;
	struct h_client *lead = client("kyodo");
	struct h_resp r;
	assert_int_equal(get(lead, "/projects/5/reports", &r), 200);	/* 実施, 協働推進課 */
	assert_non_null(strstr(r.body, "name=\"results\""));
	assert_non_null(strstr(r.body, ">成果"));
	assert_null(strstr(r.body, "検索結果"));
	h_resp_free(&r);
	done(lead);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(public_boundary),
		cmocka_unit_test(withdraw_is_immediate),
		cmocka_unit_test(checklist_and_move),
		cmocka_unit_test(create_escapes_and_validates),
		cmocka_unit_test(published_is_public_to_outsiders),
		cmocka_unit_test(completed_moves_nowhere),
		cmocka_unit_test(list_filters),
		cmocka_unit_test(final_report_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
