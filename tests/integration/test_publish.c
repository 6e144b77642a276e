/* test_publish: a plan year's round from opening to publishing (issue 8 §1, §2), over HTTP
 * against the real server. The round is opened with an answer deadline that has passed: the
 * admin sees it in 和暦 and who is late, and sends a department a reminder (audited). The
 * staff start from their work: the plan opens on the year asked for, the item form has last
 * year's answer beside it with a way to start from it, an item ended (完了) is not asked
 * again, the department writes its pillar's 成果/課題; once submitted everything is
 * read-only with no submit text left, until the division sends one item back. The
 * committee's opinions reach the division at once, nobody else until published. The year
 * page has no publish button: publishing goes through a confirmation page that shows, per
 * department, what is unanswered, in draft or sent back; without the explicit choice and a
 * reason it is refused (422, every problem at once) and nothing is published; with them the
 * public report shows the open items as 未回答, counted in the totals (the denominator is
 * every item), their drafts unpublished, and the opinions; reopening gives the drafts back.
 * Each step tells the people concerned (domain/notice.h): the departments when the round
 * opens and the year is published, the late department when reminded, the department of
 * an item sent back (with the comment), the division when the committee gives an opinion;
 * the test reads their inboxes. The tests run in order on one server: each starts where
 * the previous one left off. */
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

#define PW "correct horse battery"
#define YEAR "/plans/1/years/2024"

static struct h_server srv;

/* 2023: the answers the 2024 form shows beside it; E1 ended (完了) that year (課A submits it). */
static const char plan_2023[] =
	"code,parent,title,priority,department,status,result,next_priority\n"
	"P,,柱,,課A,,,\n"
	"A1,P,取組A1,【Ⅰ】,課A,済,MK-PREV-A1,【Ⅰ】\n"
	"A2,P,取組A2,【Ⅰ】,課A,済,,\n"
	"B1,P,取組B1,【Ⅱ】,課B,済,,\n"
	"C1,P,取組C1,【Ⅱ】,課C,,,\n"
	"C2,P,取組C2,【Ⅱ】,課C,,,\n"
	"E1,P,取組E1,【Ⅱ】,課A,済,MK-E1-ENDED,完了\n";

/* 2024, the year asked for: the pillar P is 課A's to write the outcomes and problems of. */
static const char plan_2024[] =
	"code,parent,title,priority,department,status,result\n"
	"P,,柱,,課A,,\n"
	"A1,P,取組A1,【Ⅰ】,課A,済,MK-A1\n"
	"A2,P,取組A2,【Ⅰ】,課A,済,MK-A2-SENT-BACK\n"
	"B1,P,取組B1,【Ⅱ】,課B,済,MK-B1-DRAFT\n"
	"C1,P,取組C1,【Ⅱ】,課C,,\n"
	"C2,P,取組C2,【Ⅱ】,課C,,\n"
	"E1,P,取組E1,【Ⅱ】,課A,,\n";

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	return f && fputs(text, f) >= 0 && fclose(f) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	char c23[256], c24[256];
	if (h_server_init(&srv) < 0)
		return -1;
	snprintf(c23, sizeof c23, "%s/plan-2023.csv", srv.dir);
	snprintf(c24, sizeof c24, "%s/plan-2024.csv", srv.dir);
	if (write_file(c23, plan_2023) || write_file(c24, plan_2024))
		return -1;
	const char *create[] = { "plan", "create", "p1", "--from", "2023", "--to", "2025", "--statuses", "済,未",
				 "--priorities", "【Ⅰ】,【Ⅱ】", "--title", "協働推進計画", NULL };
	const char *i23[] = { "plan", "import", "p1", c23, "--year", "2023", NULL };
	const char *i24[] = { "plan", "import", "p1", c24, "--year", "2024", NULL };
	/* 課A submitted 2023: its 完了 ends E1 */
	const char *open23[] = { "plan", "round", "p1", "open", "--year", "2023", NULL };
	const char *sub23[] = { "plan", "round", "p1", "submit", "--year", "2023", "--department", "課A", NULL };
	if (h_cli(&srv, create, NULL) || h_cli(&srv, i23, NULL) || h_cli(&srv, i24, NULL) || h_cli(&srv, open23, NULL) ||
	    h_cli(&srv, sub23, NULL) ||
	    h_user_add(&srv, "ad", "admin", PW, NULL) || h_user_add(&srv, "sa", "staff", PW, "課A") ||
	    h_user_add(&srv, "sb", "staff", PW, "課B") || h_user_add(&srv, "cm", "committee", PW, NULL))
		return -1;
	return h_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(&srv) == 0 ? 0 : -1;
}

static void login(struct h_client *c, const char *who)
{
	assert_int_equal(h_client_init(c, &srv), 0);
	if (who)
		assert_int_equal(h_login(c, who, PW), 303);
}

static long get(struct h_client *c, const char *path, struct h_resp *r)
{
	assert_int_equal(h_get(c, path, r), 0);
	return r->status;
}

/* POST form (encoded, without csrf) with the token of the year page; the response kept. */
static long post(struct h_client *c, const char *path, const char *form, struct h_resp *r)
{
	char tok[128], body[2048];
	assert_int_equal(h_csrf_of(c, YEAR, tok, sizeof tok), 0);
	snprintf(body, sizeof body, "csrf=%s%s%s", tok, *form ? "&" : "", form);
	assert_int_equal(h_post(c, path, body, r), 0);
	return r->status;
}

static long post_status(struct h_client *c, const char *path, const char *form)
{
	struct h_resp r;
	long st = post(c, path, form, &r);
	h_resp_free(&r);
	return st;
}

static long long item_id(struct h_client *c, const char *code)
{
	struct h_resp r;
	assert_int_equal(get(c, "/api/v1/plans/1/years/2024/items", &r), 200);
	json_t *j = json_loads(r.body, 0, NULL), *it;
	size_t i;
	long long id = 0;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "code")), code) == 0)
			id = json_integer_value(json_object_get(it, "id"));
	json_decref(j);
	h_resp_free(&r);
	assert_true(id > 0);
	return id;
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* How many notices in c's inbox have a subject containing subject and a body containing
 * body (NULL: any). */
static int inbox_count(struct h_client *c, const char *subject, const char *body)
{
	struct h_resp r;
	assert_int_equal(h_get(c, "/api/v1/notices", &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL), *it;
	size_t i;
	int n = 0;
	assert_non_null(j);
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *su = json_string_value(json_object_get(it, "subject"));
		const char *bo = json_string_value(json_object_get(it, "body"));
		n += su && strstr(su, subject) && (!body || (bo && strstr(bo, body)));
	}
	json_decref(j);
	h_resp_free(&r);
	return n;
}

static void deadline_late_and_reminder(void **state)
{
	(void)state;
	struct h_client ad, sb;
	struct h_resp r;
	login(&ad, "ad");
	login(&sb, "sb");
	/* opened with a deadline as officials write it; a date that is none is refused with its field */
	assert_int_equal(post(&ad, YEAR "/open", "deadline=6%E6%9C%88%E6%9C%AB", &r), 422);	/* 6月末 */
	assert_non_null(strstr(r.body, "href=\"#f-deadline\""));
	h_resp_free(&r);
	assert_int_equal(post_status(&ad, YEAR "/open", "deadline=%E4%BB%A4%E5%92%8C6%E5%B9%B46%E6%9C%8828%E6%97%A5"),
			 303);	/* 令和6年6月28日 */
	/* both departments are told, in the app */
	assert_int_equal(inbox_count(&sb, "【照会】協働推進計画 令和6年度（2024年度）", NULL), 1);
	/* the admin sees the deadline in 和暦 and who is late */
	assert_int_equal(get(&ad, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "令和6年（2024年）6月28日"));
	assert_non_null(strstr(r.body, "回答期限を過ぎて未提出の担当課："));
	assert_non_null(strstr(r.body, "課A、課B、課C"));
	assert_int_equal(count_of(r.body, "badge--late"), 3);
	assert_non_null(strstr(r.body, YEAR "/remind?dept="));
	/* and no publish button under the round just opened: a link to the confirmation, last */
	assert_null(strstr(r.body, "action=\"" YEAR "/publish\""));
	const char *link = strstr(r.body, "href=\"" YEAR "/publish\"");
	assert_non_null(link);
	assert_true(link > strstr(r.body, "全項目"));	/* after the items */
	h_resp_free(&r);
	/* the staff see the deadline too, in 和暦 */
	assert_int_equal(get(&sb, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "令和6年（2024年）6月28日"));
	assert_non_null(strstr(r.body, "期限超過"));
	h_resp_free(&r);
	/* a reminder to 課B: the page, the message, the audit row, the table */
	long long dept = 0;
	assert_int_equal(get(&ad, "/api/v1/plans/1/years/2024/round", &r), 200);
	json_t *j = json_loads(r.body, 0, NULL), *d;
	size_t i;
	json_array_foreach(json_object_get(j, "departments"), i, d) {
		if (strcmp(json_string_value(json_object_get(d, "department")), "課B") == 0) {
			dept = json_integer_value(json_object_get(d, "department_id"));
			assert_true(json_is_true(json_object_get(d, "late")));
		}
	}
	assert_string_equal(json_string_value(json_object_get(j, "deadline")), "2024-06-28");
	json_decref(j);
	h_resp_free(&r);
	char path[128], form[256];
	snprintf(path, sizeof path, YEAR "/remind?dept=%lld", dept);
	assert_int_equal(get(&ad, path, &r), 200);
	assert_non_null(strstr(r.body, "課B"));
	assert_non_null(strstr(r.body, "name=\"message\""));
	h_resp_free(&r);
	assert_int_equal(post_status(&sb, YEAR "/remind", "dept=1"), 403);	/* the division's */
	snprintf(form, sizeof form, "dept=%lld&message=MK-REMIND", dept);
	assert_int_equal(post_status(&ad, YEAR "/remind", form), 303);
	/* the department's staff get it, with the deadline and the division's words; nobody else */
	assert_int_equal(inbox_count(&sb, "【督促】協働推進計画 令和6年度（2024年度）", "令和6年6月28日"), 1);
	assert_int_equal(inbox_count(&sb, "【督促】", "MK-REMIND"), 1);
	struct h_client sa;
	login(&sa, "sa");
	assert_int_equal(inbox_count(&sa, "【照会】", NULL), 1);
	assert_int_equal(inbox_count(&sa, "【督促】", NULL), 0);
	h_client_free(&sa);
	assert_int_equal(get(&ad, "/api/v1/audit?action=remind", &r), 200);
	assert_non_null(strstr(r.body, "MK-REMIND"));
	h_resp_free(&r);
	assert_int_equal(get(&ad, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "最終送信"));
	h_resp_free(&r);
	assert_int_equal(get(&ad, "/admin/audit?action=remind", &r), 200);
	assert_non_null(strstr(r.body, "督促を送信"));	/* in words */
	h_resp_free(&r);
	h_client_free(&ad);
	h_client_free(&sb);
}

/* The id of an item as the year's API lists it, as text for a path. */
static const char *item_path(struct h_client *c, const char *code, const char *fmt, char *out, size_t n)
{
	snprintf(out, n, fmt, item_id(c, code));
	return out;
}

/* Issue 8 §2: the staff start from their work. The plan page opens on the year asked for;
 * the form shows last year's answer beside it with a way to start from it; an item that
 * ended (完了) is not asked again; the department writes the outcomes and problems of its
 * pillar; once submitted everything reads as read-only, with no submit text or button left,
 * until the division sends an item back with a comment. */
static void staff_work_and_read_only(void **state)
{
	(void)state;
	struct h_client ad, sa, sb;
	struct h_resp r;
	char a1[128], a1form[160], e1[128], pp[128];
	login(&ad, "ad");
	login(&sa, "sa");
	login(&sb, "sb");
	/* the plan opens on 2024, the year being asked for (not this fiscal year's nearest end, 2025) */
	assert_int_equal(get(&sa, "/plans/1", &r), 200);
	assert_non_null(strstr(r.body, "<option value=\"2024\" selected>"));
	h_resp_free(&r);
	/* the item form with the previous year's answer beside it */
	item_path(&ad, "A1", YEAR "/items/%lld", a1, sizeof a1);
	snprintf(a1form, sizeof a1form, "action=\"%s\"", a1);
	assert_int_equal(get(&sa, a1, &r), 200);
	assert_non_null(strstr(r.body, a1form));
	const char *aside = strstr(r.body, "<aside class=\"previous-answer\"");
	assert_non_null(aside);
	assert_non_null(strstr(aside, "MK-PREV-A1"));
	assert_non_null(strstr(aside, "?start=previous\">前年度の回答から始める</a>"));
	assert_null(strstr(r.body, ">\nMK-PREV-A1</textarea>"));	/* this year's answer in the form */
	assert_non_null(strstr(r.body, ">\nMK-A1</textarea>"));
	h_resp_free(&r);
	char start[160];
	snprintf(start, sizeof start, "%s?start=previous", a1);
	assert_int_equal(get(&sa, start, &r), 200);
	assert_non_null(strstr(r.body, ">\nMK-PREV-A1</textarea>"));	/* started from it, not saved */
	h_resp_free(&r);
	/* E1 ended (完了) in 2023: not asked again, no form, refused */
	item_path(&ad, "E1", YEAR "/items/%lld", e1, sizeof e1);
	assert_int_equal(get(&sa, e1, &r), 200);
	assert_non_null(strstr(r.body, "以後の年度には照会しません"));
	snprintf(start, sizeof start, "action=\"%s\"", e1);
	assert_null(strstr(r.body, start));
	h_resp_free(&r);
	assert_int_equal(post(&sa, e1, "status=%E6%B8%88", &r), 422);
	assert_non_null(strstr(r.body, "以後の年度には照会しません"));
	h_resp_free(&r);
	/* the pillar's outcomes and problems are 課A's to write, not 課B's */
	item_path(&ad, "P", YEAR "/branches/%lld", pp, sizeof pp);
	assert_int_equal(get(&sa, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "あなたの課が書く成果と課題"));
	assert_non_null(strstr(r.body, pp));
	assert_null(strstr(r.body, "取組E1"));	/* not among the items to answer */
	assert_non_null(strstr(r.body, ">回答を提出</button>"));	/* every item answered: it may submit */
	h_resp_free(&r);
	assert_int_equal(post_status(&sa, pp, "outcomes=MK-OUTCOME&problems=MK-PROBLEM"), 303);
	assert_int_equal(post_status(&sb, pp, "outcomes=MK-NOT-B"), 403);
	assert_int_equal(get(&ad, pp, &r), 200);
	assert_non_null(strstr(r.body, "MK-OUTCOME"));
	assert_non_null(strstr(r.body, "MK-PROBLEM"));
	h_resp_free(&r);
	/* 課B may not answer 課A's item */
	assert_int_equal(post_status(&sb, a1, "status=%E6%B8%88&result=MK-NOT-B"), 403);
	/* submitted: read-only, and says so; no leftover submit text nor button */
	assert_int_equal(post_status(&sa, YEAR "/submit", ""), 303);
	assert_int_equal(get(&sa, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "提出した回答は読むだけになりました"));
	assert_null(strstr(r.body, ">回答を提出</button>"));
	assert_null(strstr(r.body, "協働推進課への提出"));
	assert_null(strstr(r.body, "協働推進課へ提出してください"));
	assert_null(strstr(r.body, "提出するには"));
	assert_null(strstr(r.body, "action=\"" YEAR "/submit\""));
	assert_null(strstr(r.body, ">回答<span"));	/* every link reads 表示 */
	h_resp_free(&r);
	assert_int_equal(get(&sa, a1, &r), 200);
	assert_non_null(strstr(r.body, "この回答は提出済みのため、読むだけです。"));
	assert_null(strstr(r.body, a1form));
	assert_null(strstr(r.body, ">保存<"));
	assert_null(strstr(r.body, "前年度の回答から始める"));
	assert_non_null(strstr(r.body, "MK-A1"));
	h_resp_free(&r);
	assert_int_equal(post(&sa, a1, "status=%E6%B8%88&result=MK-AFTER", &r), 422);
	assert_non_null(strstr(r.body, "差し戻しを依頼してください"));
	h_resp_free(&r);
	assert_int_equal(get(&sa, pp, &r), 200);
	assert_non_null(strstr(r.body, "この年度は提出済みのため、成果と課題は読むだけです。"));
	assert_null(strstr(r.body, "name=\"outcomes\""));
	h_resp_free(&r);
	/* the division sends A2 back with a comment: only A2 is open again, the comment beside it */
	char a2[128], a2ret[160];
	item_path(&ad, "A2", YEAR "/items/%lld", a2, sizeof a2);
	snprintf(a2ret, sizeof a2ret, "%s/return", a2);
	assert_int_equal(post_status(&sb, a2ret, "comment=MK-NOT-B"), 403);
	assert_int_equal(post_status(&ad, a2ret, "comment=MK-COMMENT"), 303);
	assert_int_equal(inbox_count(&sa, "【差し戻し】A2 取組A2", "MK-COMMENT"), 1);	/* told, with the comment */
	assert_int_equal(inbox_count(&sb, "【差し戻し】", NULL), 0);
	assert_int_equal(get(&sa, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "MK-COMMENT"));
	assert_int_equal(count_of(r.body, ">回答<span"), 1);
	h_resp_free(&r);
	assert_int_equal(get(&sa, a2, &r), 200);
	snprintf(start, sizeof start, "action=\"%s\"", a2);
	assert_non_null(strstr(r.body, start));
	assert_non_null(strstr(r.body, "MK-COMMENT"));
	h_resp_free(&r);
	assert_int_equal(get(&sa, a1, &r), 200);
	assert_null(strstr(r.body, a1form));
	assert_non_null(strstr(r.body, "この回答は提出済みのため、読むだけです。"));
	h_resp_free(&r);
	assert_int_equal(post(&sa, a1, "status=%E6%B8%88&result=MK-AFTER", &r), 422);
	assert_non_null(strstr(r.body, "差し戻しを依頼してください"));
	h_resp_free(&r);
	h_client_free(&ad);
	h_client_free(&sa);
	h_client_free(&sb);
}

/* Issue 8 §2: the committee records its opinion on the year and on an item; the division
 * reads it at once, the departments and the public do not before publishing. */
static void committee_opinions(void **state)
{
	(void)state;
	struct h_client ad, sa, cm, pub;
	struct h_resp r;
	char a1[128], a1op[160];
	login(&ad, "ad");
	login(&sa, "sa");
	login(&cm, "cm");
	login(&pub, NULL);
	item_path(&ad, "A1", YEAR "/items/%lld", a1, sizeof a1);
	snprintf(a1op, sizeof a1op, "%s/opinion", a1);
	assert_int_equal(get(&cm, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "action=\"" YEAR "/opinion\""));
	h_resp_free(&r);
	assert_int_equal(post(&cm, YEAR "/opinion", "opinion=", &r), 422);
	assert_non_null(strstr(r.body, "href=\"#f-opinion\""));
	h_resp_free(&r);
	assert_int_equal(post_status(&cm, YEAR "/opinion", "opinion=MK-OP-YEAR"), 303);
	assert_int_equal(post_status(&cm, a1op, "opinion=MK-OP-ITEM"), 303);
	/* only the committee writes them */
	assert_int_equal(post_status(&ad, YEAR "/opinion", "opinion=MK-NOT-AD"), 403);
	assert_int_equal(post_status(&sa, a1op, "opinion=MK-NOT-SA"), 403);
	/* the division reads them at once, on the year and on the item, and is told */
	assert_int_equal(inbox_count(&ad, "【委員会意見】協働推進計画 令和6年度（2024年度）", "MK-OP-YEAR"), 1);
	assert_int_equal(inbox_count(&ad, "【委員会意見】", "MK-OP-ITEM"), 1);
	assert_int_equal(inbox_count(&sa, "【委員会意見】", NULL), 0);
	assert_int_equal(get(&ad, YEAR, &r), 200);
	assert_non_null(strstr(r.body, "MK-OP-YEAR"));
	h_resp_free(&r);
	assert_int_equal(get(&ad, a1, &r), 200);
	assert_non_null(strstr(r.body, "MK-OP-ITEM"));
	h_resp_free(&r);
	assert_int_equal(get(&ad, "/api/v1/audit?target=plan_opinion", &r), 200);
	assert_non_null(strstr(r.body, "MK-OP-YEAR"));
	h_resp_free(&r);
	/* the department does not, nor the public (the year is not published) */
	assert_int_equal(get(&sa, YEAR, &r), 200);
	assert_null(strstr(r.body, "MK-OP-YEAR"));
	h_resp_free(&r);
	assert_int_equal(get(&sa, a1, &r), 200);
	assert_null(strstr(r.body, "MK-OP-ITEM"));
	h_resp_free(&r);
	assert_int_equal(get(&pub, YEAR, &r), 303);
	h_resp_free(&r);
	assert_int_equal(get(&pub, "/reports/1/2024", &r), 404);
	h_resp_free(&r);
	h_client_free(&ad);
	h_client_free(&sa);
	h_client_free(&cm);
	h_client_free(&pub);
}

static void publish_through_the_confirmation(void **state)
{
	(void)state;
	struct h_client ad, sa, sb, cm, pub;
	struct h_resp r;
	char path[128];
	login(&ad, "ad");
	login(&sa, "sa");
	login(&sb, "sb");
	login(&cm, "cm");
	login(&pub, NULL);
	/* 課A has submitted, A2 was sent back (staff_work_and_read_only); 課B is in draft */
	/* the confirmation: per department, what is unanswered, in draft or sent back */
	assert_int_equal(get(&ad, YEAR "/publish", &r), 200);
	assert_non_null(strstr(r.body, "5項目のうち4項目が未確定です（未回答 2、作成中 1、差し戻し 1）"));
	const char *ka = strstr(r.body, "<th scope=\"row\">課A</th>"), *kb = strstr(r.body, "<th scope=\"row\">課B</th>"),
		   *kc = strstr(r.body, "<th scope=\"row\">課C</th>");
	assert_true(ka && kb && kc);
	assert_non_null(strstr(ka, "<td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\"><strong>1</strong></td>"));
	assert_non_null(strstr(kb, "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\"><strong>1</strong></td><td class=\"num\">0</td>"));
	assert_non_null(strstr(kc, "<td class=\"num\">2</td><td class=\"num\"><strong>2</strong></td><td class=\"num\">0</td><td class=\"num\">0</td>"));
	assert_non_null(strstr(r.body, "差し戻し</span> <a href=\"" YEAR "/items/"));
	assert_non_null(strstr(r.body, "A2 取組A2"));
	assert_non_null(strstr(r.body, "C2 取組C2"));
	assert_non_null(strstr(r.body, "name=\"with_open\""));
	assert_non_null(strstr(r.body, "name=\"reason\""));
	h_resp_free(&r);
	/* the division's alone */
	assert_int_equal(get(&sa, YEAR "/publish", &r), 403);
	h_resp_free(&r);
	assert_int_equal(get(&cm, YEAR "/publish", &r), 403);
	h_resp_free(&r);
	assert_int_equal(get(&pub, YEAR "/publish", &r), 303);
	h_resp_free(&r);
	assert_int_equal(post_status(&sa, YEAR "/publish", "with_open=1&reason=MK-NOT-SA"), 403);
	assert_int_equal(post_status(&cm, YEAR "/publish", "with_open=1&reason=MK-NOT-CM"), 403);
	/* refused without the choice and the reason: both at once, nothing published */
	assert_int_equal(post(&ad, YEAR "/publish", "", &r), 422);
	assert_non_null(strstr(r.body, "href=\"#f-with_open\""));
	assert_non_null(strstr(r.body, "href=\"#f-reason\""));
	h_resp_free(&r);
	assert_int_equal(post(&ad, YEAR "/publish", "with_open=1&reason=", &r), 422);
	assert_null(strstr(r.body, "href=\"#f-with_open\""));
	assert_non_null(strstr(r.body, "href=\"#f-reason\""));
	h_resp_free(&r);
	assert_int_equal(post_status(&ad, YEAR "/publish", "reason=MK-REASON"), 422);
	assert_int_equal(get(&pub, "/reports/1/2024", &r), 404);
	h_resp_free(&r);
	assert_int_equal(inbox_count(&sb, "【公表】", NULL), 0);	/* a refused publish tells nobody */
	/* with both it publishes; the audit row has the reason */
	assert_int_equal(post_status(&ad, YEAR "/publish", "with_open=1&reason=MK-REASON"), 303);
	assert_int_equal(inbox_count(&sa, "【公表】協働推進計画 令和6年度（2024年度）", NULL), 1);
	assert_int_equal(inbox_count(&sb, "【公表】協働推進計画 令和6年度（2024年度）", NULL), 1);
	assert_int_equal(get(&ad, "/api/v1/audit?action=publish", &r), 200);
	assert_non_null(strstr(r.body, "MK-REASON"));
	h_resp_free(&r);
	/* the public report: the open items read 未回答, never blank, their drafts unpublished */
	assert_int_equal(get(&pub, "/reports/1/2024", &r), 200);
	assert_non_null(strstr(r.body, "MK-A1"));
	assert_null(strstr(r.body, "MK-A2-SENT-BACK"));
	assert_null(strstr(r.body, "MK-B1-DRAFT"));
	assert_null(strstr(r.body, "MK-COMMENT"));
	assert_int_equal(count_of(r.body, "<strong class=\"unanswered\">未回答</strong>"), 4);
	assert_non_null(strstr(r.body, "<th scope=\"col\">未回答<span"));	/* a column of the rollups */
	/* with the committee's opinions, on the year and on the item */
	const char *ops = strstr(r.body, "協働推進委員会の意見");
	assert_non_null(ops);
	assert_non_null(strstr(ops, "MK-OP-YEAR"));
	assert_non_null(strstr(ops, "A1 取組A1"));
	assert_non_null(strstr(ops, "MK-OP-ITEM"));
	h_resp_free(&r);
	/* published: the committee's word is final, the staff's answers read-only */
	assert_int_equal(post(&cm, YEAR "/opinion", "opinion=MK-LATE-OP", &r), 422);
	h_resp_free(&r);
	char a1[128];
	item_path(&ad, "A1", YEAR "/items/%lld", a1, sizeof a1);
	assert_int_equal(get(&sa, a1, &r), 200);
	assert_non_null(strstr(r.body, "この年度は公表済みのため、管理者が再開するまで変更できません。"));
	assert_null(strstr(r.body, ">保存<"));
	h_resp_free(&r);
	/* counted in the totals: the denominator is every item (5), not the answered ones (1) */
	assert_int_equal(get(&pub, "/api/v1/reports/1/2024", &r), 200);
	json_t *j = json_loads(r.body, 0, NULL);
	json_t *tot = json_object_get(json_object_get(json_object_get(j, "rollups"), "branch"), "total");
	assert_int_equal(json_integer_value(json_object_get(tot, "total")), 5);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(tot, "counts"), "未回答")), 4);
	assert_string_equal(json_string_value(json_object_get(json_object_get(tot, "percent"), "未回答")), "80.00");
	json_decref(j);
	h_resp_free(&r);
	/* the division reads the same published year as the public */
	snprintf(path, sizeof path, YEAR "/items/%lld", item_id(&ad, "B1"));
	assert_int_equal(get(&ad, path, &r), 200);
	assert_null(strstr(r.body, "MK-B1-DRAFT"));
	assert_non_null(strstr(r.body, "未回答"));
	h_resp_free(&r);
	/* the downloads write 未回答 too */
	assert_int_equal(get(&pub, "/reports/1/2024/download?format=csv", &r), 200);
	assert_non_null(strstr(r.body, "C1,取組C1,【Ⅱ】,課C,,未回答"));
	assert_null(strstr(r.body, "MK-B1-DRAFT"));
	h_resp_free(&r);
	/* reopened: the department has its draft back */
	assert_int_equal(post_status(&ad, YEAR "/reopen", "reason=MK-REOPEN"), 303);
	assert_int_equal(get(&sb, path, &r), 200);
	assert_non_null(strstr(r.body, "MK-B1-DRAFT"));
	h_resp_free(&r);
	assert_int_equal(get(&pub, "/reports/1/2024", &r), 404);
	h_resp_free(&r);
	h_client_free(&ad);
	h_client_free(&sa);
	h_client_free(&sb);
	h_client_free(&cm);
	h_client_free(&pub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deadline_late_and_reminder),
		cmocka_unit_test(staff_work_and_read_only),
		cmocka_unit_test(committee_opinions),
		cmocka_unit_test(publish_through_the_confirmation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
