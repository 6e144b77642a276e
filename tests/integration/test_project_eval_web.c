/* test_project_eval_web: reports and the evaluation of collaboration projects over HTTP on
 * the demo city — the three steps through the pages (a partner's and the lead
 * department's self-evaluations, the joint review side by side, the committee's scores,
 * the division's publication), the conflict of interest through the registry's ties page
 * (a tied member refused with the reason beside the field), who may post what (roles and
 * CSRF), and what the public sees before and after publication: the public evaluation
 * page, the figures page, its downloads and the API count published projects only. */
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
#include "../common/testdb.h"

#define PW "kyodo-demo-2026"
#define PUB "協働評価テスト事業"
#define UNPUB "非公開の評価テスト事業"
#define DRAFT "自己評価の下書きテスト事業"
#define ONPLAN "計画の報告に載る協働事業"
#define OFFPLAN "非公開のまま計画に結びつく事業"

static struct h_server srv;
static long long pub_id, unpub_id, draft_id, group_org;

static int setup(void **state)
{
	(void)state;
	if (h_server_init(&srv) != 0)
		return -1;
	const char *demo[] = { "demo", NULL };
	if (h_cli(&srv, demo, NULL) != 0)
		return -1;
	char path[256];
	snprintf(path, sizeof path, "%s/p.csv", srv.dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("事業名,開始年度,終了年度,担当課,形態,領域,パートナー,段階,関連施策\n"
	      PUB ",R7,R7,協働推進課,事業協力,市民・行政,みどり野子ども食堂ネット,評価,\n"
	      UNPUB ",R7,R20,協働推進課,事業委託,行政主導,みどり野子ども食堂ネット,評価,\n"
	      DRAFT ",R7,R7,協働推進課,事業協力,市民・行政,みどり野子ども食堂ネット,評価,\n"
	      ONPLAN ",R5,R6,協働推進課,事業協力,市民・行政,みどり野子ども食堂ネット,評価,Ⅰ-1-(1)\n"
	      OFFPLAN ",R5,R6,協働推進課,事業協力,市民・行政,みどり野子ども食堂ネット,評価,Ⅰ-1-(1)\n", f);
	fclose(f);
	const char *imp[] = { "project", "import", path, NULL };
	if (h_cli(&srv, imp, NULL) != 0)
		return -1;
	if (h_user_add(&srv, "member2", "committee", PW, NULL) != 0)
		return -1;
	pub_id = testdb_scalar(srv.db, "SELECT id FROM projects WHERE title = '" PUB "'");
	unpub_id = testdb_scalar(srv.db, "SELECT id FROM projects WHERE title = '" UNPUB "'");
	draft_id = testdb_scalar(srv.db, "SELECT id FROM projects WHERE title = '" DRAFT "'");
	group_org = testdb_scalar(srv.db, "SELECT id FROM orgs WHERE name = 'みどり野子ども食堂ネット'");
	if (pub_id <= 0 || unpub_id <= 0 || draft_id <= 0 || group_org <= 0)
		return -1;
	if (testdb_exec(srv.db, "UPDATE projects SET published = 1 WHERE title IN ('" PUB "', '" DRAFT "', '" ONPLAN "')") != 0)
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

/* POSTs form (without the token) with the token of page `from`; the status. */
static long post(struct h_client *c, const char *from, const char *path, const char *form, struct h_resp *r)
{
	char csrf[128];
	assert_int_equal(h_csrf_of(c, from, csrf, sizeof csrf), 0);
	char *body = malloc(strlen(form) + 200);
	sprintf(body, "csrf=%s%s%s", csrf, *form ? "&" : "", form);
	assert_int_equal(h_post(c, path, body, r), 0);
	free(body);
	return r->status;
}

static long post_free(struct h_client *c, const char *from, const char *path, const char *form)
{
	struct h_resp r;
	long st = post(c, from, path, form, &r);
	if (st >= 400 && st != 403)
		fprintf(stderr, "POST %s: %ld\n", path, st);
	h_resp_free(&r);
	return st;
}

/* score_1 … score_6 = v, each with a comment; submit = hand_in. */
static char *scores_as(const char *v, const char *comment, int hand_in)
{
	static char buf[1024];
	char *enc = h_urlenc(comment);
	int n = 0;
	for (int i = 1; i <= 6; i++)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "%sscore_%d=%s&comment_%d=%s", i > 1 ? "&" : "", i, v, i,
			      enc);
	snprintf(buf + n, sizeof buf - (size_t)n, "&overall=%s&submit=%d", enc, hand_in);
	free(enc);
	return buf;
}

static char *scores(const char *v, const char *comment)
{
	return scores_as(v, comment, 1);
}

static void expect_absent(struct h_client *c, const char *path, const char *text)
{
	struct h_resp r;
	get(c, path, &r);
	if (strstr(r.body, text))
		fail_msg("%s shows %s", path, text);
	h_resp_free(&r);
}

static void three_steps_and_the_public(void **state)
{
	(void)state;
	char ev[64], pubev[64], unev[64], api[64];
	snprintf(ev, sizeof ev, "/projects/%lld/evaluation", pub_id);
	snprintf(pubev, sizeof pubev, "/public/projects/%lld/evaluation", pub_id);
	snprintf(unev, sizeof unev, "/public/projects/%lld/evaluation", unpub_id);
	struct h_client *anon = client(NULL), *group = client("group"), *lead = client("kyodo"),
			*admin = client("admin"), *member = client("committee"), *member2 = client("member2"),
			*center = client("center");
	struct h_resp r;
	/* before anything is published: no public evaluation; figures count the published one */
	assert_int_equal(get(anon, pubev, &r), 404);
	h_resp_free(&r);
	snprintf(api, sizeof api, "/api/projects/%lld/evaluation", pub_id);
	assert_int_equal(get(anon, api, &r), 404);
	h_resp_free(&r);
	/* the figures count published projects only: counted here by SQL, apart from the code */
	long long pub25 = testdb_scalar(srv.db, "SELECT count(*) FROM projects WHERE published = 1 AND fy_start <= 2025 "
						"AND fy_end >= 2025");
	long long all25 = testdb_scalar(srv.db, "SELECT count(*) FROM projects WHERE fy_start <= 2025 AND fy_end >= 2025");
	assert_true(pub25 > 0 && all25 > pub25);
	char want[96];
	assert_int_equal(get(anon, "/api/projects/figures", &r), 200);
	const char *y25 = strstr(r.body, "\"fy\":2025,");
	assert_non_null(y25);
	snprintf(want, sizeof want, "\"projects\":%lld,\"departments_with_projects\"", pub25);
	assert_true(strstr(y25, want) == strstr(y25, "\"projects\":"));
	h_resp_free(&r);
	assert_int_equal(get(anon, "/public/projects/figures", &r), 200);
	assert_non_null(strstr(r.body, "<svg"));
	assert_non_null(strstr(r.body, "<caption>"));
	h_resp_free(&r);
	assert_int_equal(get(anon, "/public/projects/figures.csv", &r), 200);
	snprintf(want, sizeof want, "2025,合計,事業数,%lld\r\n", pub25);
	assert_non_null(strstr(r.body, want));
	assert_non_null(strstr(r.body, "2025,形態,後援,"));	/* zeros included */
	h_resp_free(&r);
	assert_int_equal(get(anon, "/public/projects/figures.csv?encoding=cp932", &r), 200);
	assert_null(strstr(r.body, "事業協力"));	/* not UTF-8 */
	h_resp_free(&r);
	assert_int_equal(get(anon, "/public/projects/figures.xlsx", &r), 200);
	assert_true(r.len > 1000 && memcmp(r.body, "PK", 2) == 0);
	h_resp_free(&r);

	/* step 1: the partner and the lead department; the committee and the center may not */
	char self[80];
	snprintf(self, sizeof self, "%s/self", ev);
	assert_int_equal(post_free(member, ev, self, scores("4", "x")), 403);
	assert_int_equal(post_free(center, ev, self, scores("4", "x")), 403);
	assert_int_equal(post_free(group, ev, self, scores("9", "範囲外")), 422);
	assert_int_equal(post_free(group, ev, self, scores("2", "地域の参加が少なかった")), 303);
	/* the lead department does not see … it does: it sees every side; the committee not yet */
	expect_absent(member, ev, "地域の参加が少なかった");
	assert_int_equal(post_free(lead, ev, self, scores("5", "会場の確保がうまくいった")), 303);
	/* step 2: side by side with the difference marked */
	assert_int_equal(get(lead, ev, &r), 200);
	assert_non_null(strstr(r.body, "地域の参加が少なかった"));
	assert_non_null(strstr(r.body, "class=\"differs\""));
	h_resp_free(&r);
	char joint[96], close[96], members[96], publish[96], committee[96];
	snprintf(joint, sizeof joint, "%s/joint", ev);
	snprintf(close, sizeof close, "%s/joint/close", ev);
	snprintf(members, sizeof members, "%s/members", ev);
	snprintf(publish, sizeof publish, "%s/publish", ev);
	snprintf(committee, sizeof committee, "%s/committee", ev);
	assert_int_equal(post_free(group, ev, joint, "jscore_1=3&agreed_1=x"), 403);
	char *agreed = h_urlenc("参加者を増やす工夫を次年度に行う");
	char form[512];
	snprintf(form, sizeof form, "jscore_1=3&agreed_1=%s", agreed);
	free(agreed);
	assert_int_equal(post_free(lead, ev, joint, form), 303);

	/* the conflict of interest: member2 recorded as an officer of the partner */
	char ties[64];
	snprintf(ties, sizeof ties, "/center/orgs/%lld/ties", group_org);
	assert_int_equal(get(lead, ties, &r), 403);
	h_resp_free(&r);
	assert_int_equal(post_free(center, ties, ties, "login=member2&kind=officer&note=x"), 303);
	assert_int_equal(get(center, ties, &r), 200);
	assert_non_null(strstr(r.body, "member2"));
	h_resp_free(&r);
	assert_int_equal(post_free(lead, ev, members, "login=committee"), 403);
	assert_int_equal(post(admin, ev, members, "login=member2", &r), 422);
	assert_non_null(strstr(r.body, "f-m-login"));	/* the problem beside the field */
	h_resp_free(&r);
	assert_int_equal(post_free(admin, ev, members, "login=committee"), 303);
	assert_int_equal(post_free(member, ev, committee, scores("4", "委員の所見")), 422);	/* review open */
	assert_int_equal(post_free(lead, ev, close, ""), 303);
	assert_int_equal(post_free(member2, ev, committee, scores("4", "x")), 422);	/* not assigned */
	assert_int_equal(post_free(member, ev, committee, scores("4", "委員の所見")), 303);
	/* committee scores: the division sees them, the lead department not before publication */
	expect_absent(lead, ev, "委員の所見");
	assert_int_equal(get(admin, ev, &r), 200);
	assert_non_null(strstr(r.body, "委員の所見"));
	h_resp_free(&r);
	expect_absent(anon, pubev, "委員の所見");
	/* publication: the division only, without a token refused */
	char *res = h_urlenc("目的はおおむね達成された。参加者を増やして継続する。");
	snprintf(form, sizeof form, "result=%s", res);
	free(res);
	assert_int_equal(post_free(lead, ev, publish, form), 403);
	assert_int_equal(h_post(admin, publish, form, &r), 0);
	assert_int_equal(r.status, 403);
	h_resp_free(&r);
	assert_int_equal(post_free(admin, ev, publish, form), 303);
	assert_int_equal(get(anon, pubev, &r), 200);
	assert_non_null(strstr(r.body, "参加者を増やして継続する"));
	assert_non_null(strstr(r.body, "委員の所見"));
	assert_non_null(strstr(r.body, "地域の参加が少なかった"));
	h_resp_free(&r);
	assert_int_equal(get(anon, api, &r), 200);
	assert_non_null(strstr(r.body, "参加者を増やして継続する"));
	assert_non_null(strstr(r.body, "委員の所見"));
	h_resp_free(&r);
	/* the committee is published unsigned: its scores and comments under 委員A, no name
	 * (the demo member is 協働推進委員, login committee) on any public surface, nor to
	 * the partner; the city's staff pages keep the name */
	{
		char pubp[64], pubrep[80];
		snprintf(pubp, sizeof pubp, "/public/projects/%lld", pub_id);
		snprintf(pubrep, sizeof pubrep, "/public/projects/%lld/reports", pub_id);
		const char *surfaces[] = { pubev, api, pubp, pubrep };
		for (size_t i = 0; i < sizeof surfaces / sizeof surfaces[0]; i++) {
			expect_absent(anon, surfaces[i], "協働推進委員");
			expect_absent(admin, surfaces[i], "協働推進委員");
		}
		expect_absent(group, ev, "協働推進委員");
		assert_int_equal(get(anon, pubev, &r), 200);
		assert_non_null(strstr(r.body, "委員A"));
		h_resp_free(&r);
		assert_int_equal(get(anon, api, &r), 200);
		assert_non_null(strstr(r.body, "\"by\":\"委員A\""));
		h_resp_free(&r);
		assert_int_equal(get(group, ev, &r), 200);
		assert_non_null(strstr(r.body, "委員A"));
		h_resp_free(&r);
		const struct h_client *staff[] = { admin, lead, center };
		for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++) {
			assert_int_equal(get((struct h_client *)staff[i], ev, &r), 200);
			assert_non_null(strstr(r.body, "協働推進委員"));
			h_resp_free(&r);
		}
	}
	/* the unpublished project: nothing in public, whoever asks */
	snprintf(api, sizeof api, "/api/projects/%lld/evaluation", unpub_id);
	assert_int_equal(get(admin, api, &r), 404);
	h_resp_free(&r);
	assert_int_equal(get(anon, unev, &r), 404);
	h_resp_free(&r);
	assert_int_equal(get(admin, unev, &r), 404);
	h_resp_free(&r);
	expect_absent(anon, "/public/projects/figures", UNPUB);
	expect_absent(anon, "/api/projects/figures", UNPUB);
	/* withdrawn: gone from the public at once */
	assert_int_equal(post_free(admin, ev, publish, "withdraw=1"), 303);
	assert_int_equal(get(anon, pubev, &r), 404);
	h_resp_free(&r);
	snprintf(api, sizeof api, "/api/projects/%lld/evaluation", pub_id);
	assert_int_equal(get(anon, api, &r), 404);
	h_resp_free(&r);
	done(anon);
	done(group);
	done(lead);
	done(admin);
	done(member);
	done(member2);
	done(center);
}

/* A side's self-evaluation not handed in is that side's alone: role × draft/handed in ×
 * surface (the staff evaluation page, the public evaluation page, the public project page,
 * the public API). Handed in, the lead department and the division read it in the joint
 * review; the other readers only after the review closes; the public once published. */
static void self_drafts_matrix(void **state)
{
	(void)state;
	char ev[64], pubev[64], pubp[64], api[64], self[80];
	snprintf(ev, sizeof ev, "/projects/%lld/evaluation", draft_id);
	snprintf(pubev, sizeof pubev, "/public/projects/%lld/evaluation", draft_id);
	snprintf(pubp, sizeof pubp, "/public/projects/%lld", draft_id);
	snprintf(api, sizeof api, "/api/projects/%lld/evaluation", draft_id);
	snprintf(self, sizeof self, "%s/self", ev);
	static const char *const logins[] = { "group", "kyodo", "admin", "center", "committee", "kikaku", NULL };
	enum { N = 7 };
	struct h_client *c[N];
	for (int i = 0; i < N; i++)
		c[i] = client(i < N - 1 ? logins[i] : NULL);	/* the last: the anonymous public */
	const char *surfaces[] = { ev, pubev, pubp, api };
	struct h_resp r;
	for (int step = 0; step < 2; step++) {
		const char *text = step == 0 ? "下書き段階の所見" : "提出した段階の所見";
		assert_int_equal(post_free(c[0], ev, self, scores_as("3", text, step)), 303);
		for (int i = 0; i < N; i++)
			for (size_t j = 0; j < sizeof surfaces / sizeof surfaces[0]; j++) {
				assert_int_equal(h_get(c[i], surfaces[j], &r), 0);
				/* who may read it: the side itself, and once handed in the lead
				 * department and the division, on the staff page only */
				int may = j == 0 && (i == 0 || (step == 1 && (i == 1 || i == 2)));
				if (may != (strstr(r.body, text) != NULL))
					fail_msg("%s as %s (%s): %s", surfaces[j], i < N - 1 ? logins[i] : "public",
						 step ? "handed in" : "draft", may ? "missing" : "shown");
				h_resp_free(&r);
			}
		/* nor through the audit log: the division reads a draft's content nowhere */
		assert_int_equal(get(c[2], "/admin/audit", &r), 200);
		if ((strstr(r.body, text) != NULL) != (step == 1))
			fail_msg("the audit log %s the %s", step ? "misses" : "shows", step ? "hand-in" : "draft");
		h_resp_free(&r);
		/* the joint review names the side that has not handed in */
		assert_int_equal(get(c[1], ev, &r), 200);
		const char *pending = strstr(r.body, "class=\"pending-sides\"");
		if (step == 0) {
			assert_non_null(pending);
			assert_non_null(strstr(pending, "みどり野子ども食堂ネット"));
		} else
			assert_non_null(pending);	/* the lead department itself has not */
		h_resp_free(&r);
		if (step == 0) {
			assert_int_equal(get(c[0], ev, &r), 200);
			assert_non_null(strstr(r.body, "下書きとして保存しました"));
			h_resp_free(&r);
		}
	}
	for (int i = 0; i < N; i++)
		done(c[i]);
}

/* The plan's public yearly report (and its print version) lists the published evaluations
 * of the published projects serving its items in that year, through the evaluation's rule:
 * not before publication, not after withdrawal, never an unpublished project's; the
 * report's cached page moves with the publication (the page is fetched, and so cached,
 * before each change). */
static void plan_report_shows_published_evaluations(void **state)
{
	(void)state;
	long long on = testdb_scalar(srv.db, "SELECT id FROM projects WHERE title = '" ONPLAN "'");
	long long off = testdb_scalar(srv.db, "SELECT id FROM projects WHERE title = '" OFFPLAN "'");
	long long plan = testdb_scalar(srv.db, "SELECT i.plan_id FROM project_plan_items ppi JOIN plan_items i "
					       "ON i.id = ppi.item_id JOIN projects p ON p.id = ppi.project_id "
					       "WHERE p.title = '" ONPLAN "'");
	assert_true(on > 0 && off > 0 && plan > 0);
	assert_int_equal(testdb_scalar(srv.db, "SELECT count(*) FROM plan_rounds WHERE fy = 2023 AND state = 'published'"),
			 1);
	/* the unpublished project's evaluation is published (as the division may do): never shown */
	char sql[300];
	snprintf(sql, sizeof sql,
		 "INSERT INTO project_eval_state(project_id, joint_closed, joint_closed_at, published, published_at, result) "
		 "VALUES (%lld, 1, '2026-01-01T00:00:00Z', 1, '2026-01-01T00:00:00Z', '非公開事業の評価結果')", off);
	assert_int_equal(testdb_exec(srv.db, sql), 0);
	char report[64], print[80], json[80], ev[64];
	snprintf(report, sizeof report, "/reports/%lld/2023", plan);
	snprintf(print, sizeof print, "/reports/%lld/2023/print", plan);
	snprintf(json, sizeof json, "/api/v1/reports/%lld/2023", plan);
	snprintf(ev, sizeof ev, "/projects/%lld/evaluation", on);
	const char *pages[] = { report, print, json };
	struct h_client *anon = client(NULL), *group = client("group"), *lead = client("kyodo"),
			*admin = client("admin"), *member = client("committee");
	const char *result = "計画の報告に載せる評価の結果";
	for (int i = 0; i < 3; i++) {
		expect_absent(anon, pages[i], ONPLAN);
		expect_absent(anon, pages[i], "非公開事業の評価結果");
	}
	/* the report's JSON has the list, empty before anything is published */
	struct h_resp r;
	assert_int_equal(get(anon, json, &r), 200);
	assert_non_null(strstr(r.body, "\"project_evaluations\":[]"));
	h_resp_free(&r);
	char self[96], close[96], members[96], committee[96], publish[96];
	snprintf(self, sizeof self, "%s/self", ev);
	snprintf(close, sizeof close, "%s/joint/close", ev);
	snprintf(members, sizeof members, "%s/members", ev);
	snprintf(committee, sizeof committee, "%s/committee", ev);
	snprintf(publish, sizeof publish, "%s/publish", ev);
	assert_int_equal(post_free(group, ev, self, scores("3", "報告テスト")), 303);
	assert_int_equal(post_free(lead, ev, self, scores("4", "報告テスト")), 303);
	assert_int_equal(post_free(lead, ev, close, ""), 303);
	assert_int_equal(post_free(admin, ev, members, "login=committee"), 303);
	assert_int_equal(post_free(member, ev, committee, scores("4", "報告テストの所見")), 303);
	/* scored, not published: not on the report */
	for (int i = 0; i < 3; i++)
		expect_absent(anon, pages[i], result);
	char *enc = h_urlenc(result);
	char form[256];
	snprintf(form, sizeof form, "result=%s", enc);
	free(enc);
	assert_int_equal(post_free(admin, ev, publish, form), 303);
	char link[80];
	snprintf(link, sizeof link, "href=\"/public/projects/%lld\">" ONPLAN "</a>", on);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(get(anon, pages[i], &r), 200);
		if (!strstr(r.body, link) || !strstr(r.body, result))
			fail_msg("%s does not show the published evaluation", pages[i]);
		assert_null(strstr(r.body, "非公開事業の評価結果"));
		assert_null(strstr(r.body, OFFPLAN));
		/* the section names no committee member (the plan's own 委員会意見 further down
		 * are signed: another feature) */
		const char *sec = strstr(r.body, "class=\"project-evals\"");
		assert_non_null(sec);
		const char *end = strstr(sec, "</section>");
		assert_non_null(end);
		const char *who = strstr(sec, "協働推進委員");
		assert_true(who == NULL || who > end);
		h_resp_free(&r);
	}
	for (int i = 0; i < 2; i++) {
		struct h_client *v = i ? admin : anon;	/* the same list for the division */
		assert_int_equal(get(v, json, &r), 200);
		char item[160];
		snprintf(item, sizeof item, "\"project_evaluations\":[{\"project_id\":%lld,\"title\":\"" ONPLAN "\"", on);
		if (!strstr(r.body, item) || !strstr(r.body, result))
			fail_msg("%s does not list the published evaluation", json);
		assert_null(strstr(r.body, "非公開事業の評価結果"));
		assert_null(strstr(r.body, OFFPLAN));
		h_resp_free(&r);
	}
	/* the project completed: its published evaluation is not withdrawn (a completed
	 * project would be left with nothing published); the division publishes a corrected
	 * result over it instead */
	snprintf(sql, sizeof sql, "UPDATE projects SET stage = 'done' WHERE id = %lld", on);
	assert_int_equal(testdb_exec(srv.db, sql), 0);
	assert_int_equal(get(admin, ev, &r), 200);
	assert_non_null(strstr(r.body, "訂正した結果を公表する"));
	assert_null(strstr(r.body, "name=\"withdraw\""));
	h_resp_free(&r);
	assert_int_equal(post(admin, ev, publish, "withdraw=1", &r), 422);
	assert_non_null(strstr(r.body, "評価の公表は取り下げられません"));
	h_resp_free(&r);
	assert_int_equal(get(anon, report, &r), 200);
	assert_non_null(strstr(r.body, result));
	h_resp_free(&r);
	const char *corrected = "訂正後の評価の結果";
	enc = h_urlenc(corrected);
	snprintf(form, sizeof form, "result=%s", enc);
	free(enc);
	assert_int_equal(post_free(admin, ev, publish, form), 303);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(get(anon, pages[i], &r), 200);
		if (!strstr(r.body, corrected) || strstr(r.body, result))
			fail_msg("%s does not show the corrected result", pages[i]);
		h_resp_free(&r);
	}
	snprintf(sql, sizeof sql, "UPDATE projects SET stage = 'evaluate' WHERE id = %lld", on);
	assert_int_equal(testdb_exec(srv.db, sql), 0);
	result = corrected;
	/* the project taken out of the public's sight: its evaluation leaves the cached report
	 * at once (the report's version follows the public project pages'), and comes back */
	char pp[64];
	snprintf(pp, sizeof pp, "/projects/%lld/publish", on);
	snprintf(link, sizeof link, "/projects/%lld", on);
	assert_int_equal(post_free(admin, link, pp, ""), 303);
	for (int i = 0; i < 3; i++)
		expect_absent(anon, pages[i], result);
	assert_int_equal(post_free(admin, link, pp, "published=1"), 303);
	assert_int_equal(get(anon, report, &r), 200);
	assert_non_null(strstr(r.body, result));
	h_resp_free(&r);
	/* withdrawn: off the report at once */
	assert_int_equal(post_free(admin, ev, publish, "withdraw=1"), 303);
	for (int i = 0; i < 3; i++)
		expect_absent(anon, pages[i], result);
	done(anon);
	done(group);
	done(lead);
	done(admin);
	done(member);
}

static void reports_over_http(void **state)
{
	(void)state;
	char rep[64];
	snprintf(rep, sizeof rep, "/projects/%lld/reports", unpub_id);
	struct h_client *anon = client(NULL), *group = client("group"), *member = client("committee");
	struct h_resp r;
	assert_int_equal(get(anon, rep, &r), 303);	/* to the login */
	h_resp_free(&r);
	char *body = h_urlenc("6月から月2回の見守り訪問を始めた");
	char form[256];
	snprintf(form, sizeof form, "fy=R7&body=%s", body);
	free(body);
	/* the start page shows the report due this fiscal year, and not once it is written */
	time_t t = time(NULL) + 9 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	int fy = tm.tm_mon + 1 >= 4 ? tm.tm_year + 1900 : tm.tm_year + 1899;
	assert_int_equal(get(group, "/", &r), 200);
	assert_non_null(strstr(r.body, "project_reports"));
	assert_non_null(strstr(r.body, rep));
	h_resp_free(&r);
	char now[256];
	snprintf(now, sizeof now, "fy=%d&body=x", fy);
	assert_int_equal(post_free(group, rep, rep, now), 303);
	expect_absent(group, "/", rep);
	assert_int_equal(post_free(member, rep, rep, form), 403);
	assert_int_equal(post_free(group, rep, rep, "fy=R7&body="), 422);
	assert_int_equal(post_free(group, rep, rep, form), 303);
	assert_int_equal(get(group, rep, &r), 200);
	assert_non_null(strstr(r.body, "見守り訪問"));
	h_resp_free(&r);
	assert_int_equal(testdb_scalar(srv.db, "SELECT count(*) FROM notices WHERE event = 'project-report'") > 0, 1);
	done(anon);
	done(group);
	done(member);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_steps_and_the_public),
		cmocka_unit_test(self_drafts_matrix),
		cmocka_unit_test(plan_report_shows_published_evaluations),
		cmocka_unit_test(reports_over_http),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
