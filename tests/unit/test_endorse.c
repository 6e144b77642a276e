/* test_endorse: endorsements (後援名義) on a real database (SQLite, or PostgreSQL with
 * KYODO_TEST_DB=pg) — the dates (the application exactly on its last day and a day too
 * late, the report awaited, due and overdue, reminders sent once per due day), the state
 * machine (every allowed move and the refused ones), who may act (the group that applied,
 * the department asked, the division; nobody else), the visibility rule (role × state)
 * and the public list's boundary (only approved endorsements, no contact data), every
 * problem of an empty form at once, audit rows and decision numbers. `today` is passed
 * in, so the tests run on any day. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/testdb.h"
#include "domain/account.h"
#include "domain/endorse.h"
#include "domain/endorse_visibility.h"
#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"

#define TODAY "2026-06-01"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor admin, staff_a, staff_b, group, other_group, center, committee, public_;
	long long dept_a, dept_b, org, org2;
	char dept_a_text[24];
};

static long long make_org(struct fx *f, const char *name)
{
	struct org o;
	const char *err = NULL;
	org_init(&o);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_NAME, name, &err), 0);
	assert_int_equal(org_set_field(f->a, &o, ORG_F_KANA, "ダンタイ", &err), 0);
	int bad;
	long long id = org_center_create(f->st, &f->center, &o, "", "", &err, &bad);
	assert_true(id > 0);
	return id;
}

static int fx_setup(void **state)
{
	setenv("KYODO_FAST_HASH", "1", 1);
	assert_int_equal(i18n_init(), 0);
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	f->a = arena_new(0);
	f->admin = (struct actor){ .login = "div", .role = ROLE_ADMIN };
	f->center = (struct actor){ .login = "center", .role = ROLE_COORDINATOR };
	f->committee = (struct actor){ .login = "iin", .role = ROLE_COMMITTEE };
	f->public_ = (struct actor){ .login = "", .role = ROLE_PUBLIC };
	f->dept_a = account_department_ensure(f->st, &f->admin, "課A", "カエー");
	f->dept_b = account_department_ensure(f->st, &f->admin, "課B", "カビー");
	snprintf(f->dept_a_text, sizeof f->dept_a_text, "%lld", f->dept_a);
	f->staff_a = (struct actor){ .login = "sa", .role = ROLE_STAFF, .department_id = f->dept_a };
	f->staff_b = (struct actor){ .login = "sb", .role = ROLE_STAFF, .department_id = f->dept_b };
	f->org = make_org(f, "EN一の会");
	f->org2 = make_org(f, "EN二の会");
	f->group = (struct actor){ .login = "g1", .role = ROLE_GROUP, .org_id = f->org };
	f->other_group = (struct actor){ .login = "g2", .role = ROLE_GROUP, .org_id = f->org2 };
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	arena_free(f->a);
	testdb_drop(f->path);
	free(f);
	return 0;
}

static long long count(struct fx *f, const char *sql)
{
	return testdb_scalar(f->path, sql);
}

/* A complete application for an event from start to end (fee in yen). */
static struct endorse_input input(struct fx *f, const char *start, const char *end, const char *fee)
{
	struct endorse_input in = { .title = "EN行事", .purpose = "地域の子どもの居場所を知ってもらう", .starts_on = start,
				    .ends_on = end, .place = "市民会館", .attendance = "100", .fee = fee,
				    .organiser = "EN一の会", .contact_name = "EN-PRIVATE-担当", .contact_phone = "099-111-2222",
				    .department = f->dept_a_text };
	for (int i = 0; i < ENDORSE_RULES_MAX; i++)
		in.rules[i] = 1;
	return in;
}

static long long apply_ok(struct fx *f, const char *start, const char *end, const char *fee, const char *today)
{
	struct problems e = { 0 };
	struct endorse_input in = input(f, start, end, fee);
	long long id = 0;
	int rc = endorse_apply(f->st, f->a, &f->group, &in, today, &id, &e);
	if (rc != 0)
		fail_msg("apply: %d %s %s", rc, e.n ? e.p[0].field : "", e.n ? e.p[0].msgid : "");
	assert_true(id > 0);
	return id;
}

static struct endorsement get(struct fx *f, long long id)
{
	struct endorsement e;
	assert_int_equal(endorse_get(f->st, f->a, id, &e), 0);
	return e;
}

static void days(void **state)
{
	(void)state;
	char out[11];
	assert_int_equal(endorse_day_add("2024-02-28", 1, out), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(endorse_day_add("2024-03-01", -1, out), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(endorse_day_add("2026-12-31", 1, out), 0);
	assert_string_equal(out, "2027-01-01");
	assert_int_equal(endorse_last_day("2026-07-01", 30, out), 0);
	assert_string_equal(out, "2026-06-01");
	assert_int_equal(endorse_day_add("2026-02-30", 1, out), -1);
	assert_int_equal(endorse_day_add("nope", 1, out), -1);
	/* past the calendar's end: no day (not "10000-01-0", cut to ten characters) */
	assert_int_equal(endorse_day_add("9999-12-31", 1, out), -1);
	assert_int_equal(endorse_day_add("9999-12-30", 1, out), 0);
	assert_string_equal(out, "9999-12-31");
}

/* An event whose report day would fall past the calendar's end is refused as a date (it
 * was taken, and its approval stored "10000-01-1" as the report's due day). */
static void an_event_at_the_calendars_end(void **state)
{
	struct fx *f = *state;
	struct endorse_input in = input(f, "9999-12-25", "", "0");
	struct problems e = { 0 };
	long long id = 0;
	assert_int_equal(endorse_apply(f->st, f->a, &f->group, &in, TODAY, &id, &e), -1);
	assert_non_null(problems_of(&e, "ends_on") ? problems_of(&e, "ends_on") : problems_of(&e, "starts_on"));
	assert_int_equal(count(f, "SELECT count(*) FROM endorsements"), 0);
}

/* The settings' 30 days: an event on 2026-07-01 may be applied for until 2026-06-01. */
static void deadline_exactly_and_a_day_late(void **state)
{
	struct fx *f = *state;
	apply_ok(f, "2026-07-01", "", "0", "2026-06-01");	/* exactly the last day */
	struct problems e = { 0 };
	struct endorse_input in = input(f, "2026-07-01", "", "0");
	long long id = 0;
	assert_int_equal(endorse_apply(f->st, f->a, &f->group, &in, "2026-06-02", &id, &e), -1);
	assert_string_equal(problems_of(&e, "starts_on"), endorse_msg_too_late);
	assert_int_equal(id, 0);
	/* 和暦 input of the date; the setting changes the deadline */
	struct problems se = { 0 };
	assert_int_equal(endorse_settings_save(f->st, f->a, &f->admin, "10", "10", "ルール1\nルール2", &se), 0);
	struct endorse_input wa = input(f, "令和8年6月12日", "", "0");
	struct problems e2 = { 0 };
	assert_int_equal(endorse_apply(f->st, f->a, &f->group, &wa, "2026-06-02", &id, &e2), 0);
	assert_string_equal(get(f, id).starts_on, "2026-06-12");
	assert_string_equal(get(f, id).exclusions, "ルール1\nルール2");
	assert_int_equal(count(f, "SELECT count(*) FROM endorsements"), 2);
}

static void every_problem_at_once(void **state)
{
	struct fx *f = *state;
	struct endorse_input in = { 0 };
	struct problems e = { 0 };
	long long id;
	assert_int_equal(endorse_apply(f->st, f->a, &f->group, &in, TODAY, &id, &e), -1);
	const char *fields[] = { "title", "purpose", "starts_on", "place", "attendance", "organiser", "contact_name",
				 "contact_phone", "department", "rule_1", "rule_2", "rule_3", "rule_4" };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (!problems_of(&e, fields[i]))
			fail_msg("no problem for %s", fields[i]);
	assert_null(problems_of(&e, "ends_on"));	/* empty: a one-day event */
	assert_null(problems_of(&e, "fee"));	/* empty: free */
	/* the end before the start, a fee that is no number, one rule not ticked */
	struct endorse_input bad = input(f, "2026-08-10", "2026-08-09", "千円");
	bad.rules[2] = 0;
	struct problems e2 = { 0 };
	assert_int_equal(endorse_apply(f->st, f->a, &f->group, &bad, TODAY, &id, &e2), -1);
	assert_non_null(problems_of(&e2, "ends_on"));
	assert_non_null(problems_of(&e2, "fee"));
	assert_non_null(problems_of(&e2, "rule_3"));
	assert_null(problems_of(&e2, "rule_1"));
	assert_int_equal(count(f, "SELECT count(*) FROM endorsements"), 0);
	/* only a group applies */
	struct problems e3 = { 0 };
	struct endorse_input ok = input(f, "2026-08-10", "", "0");
	assert_int_equal(endorse_apply(f->st, f->a, &f->staff_a, &ok, TODAY, &id, &e3), -1);
	assert_int_equal(count(f, "SELECT count(*) FROM endorsements"), 0);
}

static void approve_change_withdraw(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "2026-08-02", "0", TODAY);
	struct problems e = { 0 };
	/* a change or a report before the decision is refused; so is a decision by others */
	struct endorse_input ch = input(f, "2026-08-01", "2026-08-02", "0");
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "会場変更", TODAY, &e), -1);
	struct problems e1 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_b, id, 1, "", TODAY, &e1), ENDORSE_NOT_FOUND);
	struct problems e2 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->center, id, 1, "", TODAY, &e2), ENDORSE_NOT_FOUND);
	struct problems e3 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->group, id, 1, "", TODAY, &e3), -1);
	assert_int_equal(get(f, id).state, ENDORSE_APPLIED);
	/* the department approves with conditions */
	struct problems e4 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "チラシに後援と記載", TODAY, &e4), 0);
	struct endorsement en = get(f, id);
	assert_int_equal(en.state, ENDORSE_APPROVED);
	assert_string_equal(en.report_due_on, "2026-08-12");	/* the last day + 10 */
	assert_int_equal(en.pending_id, 0);
	struct problems e5 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e5), -1);	/* nothing waits */
	/* a change: the endorsement keeps its values until the change is approved */
	ch.place = "中央公民館";
	ch.ends_on = "2026-08-03";
	struct problems e6 = { 0 };
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "会場の改修", TODAY, &e6), 0);
	assert_string_equal(get(f, id).place, "市民会館");
	assert_int_equal(get(f, id).pending_kind, ENDORSE_REQ_CHANGE);
	struct problems e7 = { 0 };	/* one request at a time */
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "中止", TODAY, &e7), -1);
	struct problems e8 = { 0 };
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->other_group, id, &ch, "x", TODAY, &e8), -1);
	struct problems e9 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->admin, id, 1, "", TODAY, &e9), 0);	/* the division may */
	en = get(f, id);
	assert_string_equal(en.place, "中央公民館");
	assert_string_equal(en.report_due_on, "2026-08-13");
	/* a change refused keeps the values */
	ch.place = "駅前広場";
	struct problems e10 = { 0 };
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "再変更", TODAY, &e10), 0);
	struct problems e11 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "", TODAY, &e11), -1);	/* reasons required */
	assert_non_null(problems_of(&e11, "comment"));
	struct problems e12 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "会場の安全が確認できない", TODAY, &e12), 0);
	assert_string_equal(get(f, id).place, "中央公民館");
	assert_int_equal(get(f, id).state, ENDORSE_APPROVED);
	/* withdrawal: asked, then approved: out of the public list */
	struct problems e13 = { 0 };
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "中止になった", TODAY, &e13), 0);
	assert_int_equal(get(f, id).state, ENDORSE_APPROVED);
	struct problems e14 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e14), 0);
	assert_int_equal(get(f, id).state, ENDORSE_WITHDRAWN);
	/* nothing moves a withdrawn endorsement */
	struct problems e15 = { 0 }, e16 = { 0 }, e17 = { 0 };
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "x", TODAY, &e15), -1);
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "x", TODAY, &e16), -1);
	struct endorse_report_input ri = { "10", "実施した", "", "" };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-20", &e17), -1);
	/* the history: new, change, change, withdraw; four decisions numbered 1..4 */
	assert_int_equal(count(f, "SELECT count(*) FROM endorse_requests"), 4);
	assert_int_equal(count(f, "SELECT max(decision_seq) FROM endorse_requests WHERE decision_fy = 2026"), 4);
	/* apply, approve, ask-change, approve, ask-change, refuse, ask-withdraw, approve */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'endorsement' AND action LIKE 'endorse-%'"), 8);
}

static void refuse_and_take_back(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "", "0", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "営利目的と判断", TODAY, &e), 0);
	assert_int_equal(get(f, id).state, ENDORSE_REFUSED);
	assert_string_equal(get(f, id).report_due_on, "");
	struct problems e1 = { 0 }, e2 = { 0 };
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "x", TODAY, &e1), -1);
	struct endorse_input ch = input(f, "2026-08-01", "", "0");
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "x", TODAY, &e2), -1);
	/* an application not yet decided is taken back at once */
	long long id2 = apply_ok(f, "2026-08-01", "", "0", TODAY);
	struct problems e3 = { 0 }, e4 = { 0 }, e5 = { 0 };
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->other_group, id2, "x", TODAY, &e3), ENDORSE_NOT_FOUND);
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id2, "", TODAY, &e4), -1);	/* a reason */
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id2, "都合により", TODAY, &e5), 0);
	assert_int_equal(get(f, id2).state, ENDORSE_WITHDRAWN);
	assert_int_equal(count(f, "SELECT count(*) FROM endorse_requests WHERE state = 'cancelled'"), 1);
	struct problems e6 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id2, 1, "", TODAY, &e6), -1);
}

/* Taking an application back needs no decision: the department is told it was taken back
 * (not asked to decide on a withdrawal that nothing waits for). */
static void a_take_back_tells_the_department_so(void **state)
{
	struct fx *f = *state;
	char err[256] = "";
	assert_true(account_user_add(f->st, &f->admin, "sa-user", "職員A", ROLE_STAFF, "課A", "correct horse battery", err,
				     sizeof err) > 0);
	long long id = apply_ok(f, "2026-08-01", "", "0", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "都合により", TODAY, &e), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM notices WHERE event = 'endorse-requested'"), 1);	/* the application */
	assert_int_equal(count(f, "SELECT count(*) FROM notices WHERE event = 'endorse-taken-back' AND body LIKE '%取り下げました%'"), 1);
}

/* Report: from the last day on, once; income and expenses when a fee was charged. */
static void report_rules(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "2026-08-02", "500", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e), 0);
	struct endorse_report_input ri = { "95", "好評だった", "", "" };
	struct problems e1 = { 0 };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-01", &e1), -1);	/* not over */
	struct problems e2 = { 0 };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-02", &e2), -1);	/* fee: money */
	assert_non_null(problems_of(&e2, "income"));
	assert_non_null(problems_of(&e2, "expenses"));
	struct problems e3 = { 0 };
	assert_int_equal(endorse_report(f->st, f->a, &f->other_group, id, &ri, "2026-08-02", &e3), -1);
	ri.income = "47500";
	ri.expenses = "52000";
	struct problems e4 = { 0 };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-02", &e4), 0);
	struct endorsement en = get(f, id);
	assert_int_equal(en.report_income, 47500);
	assert_int_equal(en.report_expenses, 52000);
	assert_int_equal(en.report_attendance, 95);
	struct problems e5 = { 0 };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-03", &e5), -1);	/* once */
	/* free event: money optional */
	long long id2 = apply_ok(f, "2026-08-05", "", "0", TODAY);
	struct problems e6 = { 0 }, e7 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id2, 1, "", TODAY, &e6), 0);
	struct endorse_report_input free_ri = { "30", "実施", "", "" };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id2, &free_ri, "2026-08-10", &e7), 0);
	assert_int_equal(get(f, id2).report_income, -1);
}

/* On the event's last day a group may both report and ask for a change or a withdrawal;
 * the two must not meet: after its report an endorsement takes no change (which would
 * move an event already reported on, and its due day), and no report is taken while a
 * request waits (approving a withdrawal would withdraw an endorsement already reported on,
 * a change would move it). */
static void a_report_and_a_request_do_not_meet(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "2026-08-02", "0", TODAY);
	struct problems e = { 0 }, e1 = { 0 }, e2 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e), 0);
	struct endorse_report_input ri = { "95", "好評だった", "", "" };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-02", &e1), 0);
	struct endorse_input ch = input(f, "2026-08-01", "2026-08-09", "0");
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "延長", "2026-08-02", &e2), -1);
	assert_int_equal(get(f, id).pending_id, 0);
	assert_string_equal(get(f, id).ends_on, "2026-08-02");
	/* a withdrawal waits: no report until it is decided */
	long long id2 = apply_ok(f, "2026-08-05", "", "0", TODAY);
	struct problems e3 = { 0 }, e4 = { 0 }, e5 = { 0 }, e6 = { 0 }, e7 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id2, 1, "", TODAY, &e3), 0);
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id2, "中止", "2026-08-04", &e4), 0);	/* the day before */
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id2, &ri, "2026-08-05", &e5), -1);
	assert_string_equal(get(f, id2).reported_at, "");
	/* refused: the endorsement stands and the report is taken */
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id2, 0, "開催を確認した", "2026-08-05", &e6), 0);
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id2, &ri, "2026-08-06", &e7), 0);
	assert_int_equal(get(f, id2).state, ENDORSE_APPROVED);
}

/* Report awaited from the day after the event, overdue after the due day; reminders once. */
static void report_due_overdue_and_reminders_once(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "2026-08-02", "0", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e), 0);
	struct endorsement en = get(f, id);
	assert_false(endorse_report_awaited(&en, "2026-08-02"));
	assert_true(endorse_report_awaited(&en, "2026-08-03"));
	assert_false(endorse_report_overdue(&en, "2026-08-12"));	/* the due day itself */
	assert_true(endorse_report_overdue(&en, "2026-08-13"));
	int sent = -1;
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-02", &sent), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-03", &sent), 0);
	assert_int_equal(sent, 1);	/* due */
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-03", &sent), 0);
	assert_int_equal(sent, 0);	/* once */
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-12", &sent), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-13", &sent), 0);
	assert_int_equal(sent, 1);	/* overdue */
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-20", &sent), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM endorse_reminders"), 2);
	/* lists: overdue for the department, not for another */
	struct endorsement *rows;
	int n, total;
	assert_int_equal(endorse_unreported(f->st, f->a, &f->staff_a, "2026-08-13", 1, f->dept_a, 0, 0, &rows, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(endorse_unreported(f->st, f->a, &f->staff_b, "2026-08-13", 1, f->dept_b, 0, 0, &rows, &n, &total), 0);
	assert_int_equal(n, 0);
	assert_int_equal(endorse_unreported(f->st, f->a, &f->staff_a, "2026-08-12", 1, f->dept_a, 0, 0, &rows, &n, &total), 0);
	assert_int_equal(n, 0);
	/* after the report, nothing is awaited */
	struct endorse_report_input ri = { "20", "実施", "", "" };
	struct problems e2 = { 0 };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-20", &e2), 0);
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-30", &sent), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(endorse_unreported(f->st, f->a, &f->admin, "2026-08-30", 0, 0, 0, 0, &rows, &n, &total), 0);
	assert_int_equal(total, 0);
}

/* A change that moves the last day moves the due day; the reminders follow it. */
static void a_change_moves_the_due_day(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "2026-08-02", "0", TODAY);
	struct problems e = { 0 };
	int sent;
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e), 0);
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-03", &sent), 0);
	assert_int_equal(sent, 1);
	struct endorse_input ch = input(f, "2026-08-01", "2026-08-05", "0");
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "1日延長", "2026-07-31", &e), 0);	/* before it begins */
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", "2026-08-02", &e), 0);
	assert_string_equal(get(f, id).report_due_on, "2026-08-15");
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-05", &sent), 0);
	assert_int_equal(sent, 0);	/* the event is not over */
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-13", &sent), 0);
	assert_int_equal(sent, 1);	/* due, for the new day; not overdue by the old one */
	assert_int_equal(endorse_remind(f->st, f->a, "2026-08-16", &sent), 0);
	assert_int_equal(sent, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM endorse_reminders WHERE due_on = '2026-08-15'"), 2);
}

/* The change form carries the contact person and phone (required, checked): what the group
 * writes there is kept — at once, as it is the group's own word and nothing the department
 * decides — never dropped; and it stays private (not in the request, not in the audit). */
static void a_change_keeps_the_new_contact(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "", "0", TODAY);
	struct problems e = { 0 }, e1 = { 0 }, e2 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e), 0);
	struct endorse_input ch = input(f, "2026-08-01", "", "0");
	ch.place = "中央公民館";
	ch.contact_name = "EN-NEW-担当";
	ch.contact_phone = "099-333-4444";
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "担当と会場の変更", TODAY, &e1), 0);
	struct endorsement en = get(f, id);
	assert_string_equal(en.contact_name, "EN-NEW-担当");
	assert_string_equal(en.contact_phone, "099-333-4444");
	assert_string_equal(en.place, "市民会館");	/* the event waits for the decision */
	assert_int_equal(count(f, "SELECT count(*) FROM endorse_requests WHERE asked LIKE '%EN-NEW%'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE after_json LIKE '%EN-NEW%' OR before_json LIKE '%EN-NEW%'"), 0);
	/* refused, the contact stays the one the group gave last */
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "会場が確保できていない", TODAY, &e2), 0);
	assert_string_equal(get(f, id).contact_name, "EN-NEW-担当");
}

/* The rule table: role × state. */
/* ---- races: two people act on one endorsement at once ----
 * The second actor's write runs on its own connection inside a transaction the test
 * holds open (the database's write lock), while the first actor (a thread, on the
 * fixture's connection) has already read the endorsement and waits for the lock; the test
 * then commits, and the first actor's write must see what the second one did. */
struct racer {
	struct fx *f;
	const struct actor *who;
	long long id;
	int what;	/* 0: decide approve, 1: ask for a change */
	int rc;
	struct problems e;
};

static void *racer_main(void *arg)
{
	struct racer *r = arg;
	struct arena *a = arena_new(0);
	if (r->what == 0) {
		r->rc = endorse_decide(r->f->st, a, r->who, r->id, 1, "", TODAY, &r->e);
	} else {
		struct endorse_input ch = input(r->f, "2026-08-01", "", "0");
		ch.place = "中央公民館";
		r->rc = endorse_ask_change(r->f->st, a, r->who, r->id, &ch, "会場の改修", TODAY, &r->e);
	}
	arena_free(a);
	return NULL;
}

/* Starts the racer, lets it read and wait for the lock that st2 holds, runs second() on
 * st2 inside that transaction, commits, and waits for the racer. */
static void race(struct fx *f, struct racer *r, struct store *st2, void (*second)(struct fx *, struct store *, long long))
{
	pthread_t t;
	assert_int_equal(store_begin(st2), 0);
	assert_int_equal(pthread_create(&t, NULL, racer_main, r), 0);
	struct timespec pause = { 0, 600 * 1000000L };
	nanosleep(&pause, NULL);	/* the racer has read; it waits (up to 3 s) for the lock */
	second(f, st2, r->id);
	assert_int_equal(store_commit(st2), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

static void take_back(struct fx *f, struct store *st2, long long id)
{
	struct problems e = { 0 };
	assert_int_equal(endorse_withdraw(st2, f->a, &f->group, id, "都合により", TODAY, &e), 0);
}

static void refuse(struct fx *f, struct store *st2, long long id)
{
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(st2, f->a, &f->admin, id, 0, "営利目的と判断", TODAY, &e), 0);
}

static void ask_withdraw(struct fx *f, struct store *st2, long long id)
{
	struct problems e = { 0 };
	assert_int_equal(endorse_withdraw(st2, f->a, &f->group, id, "中止になった", TODAY, &e), 0);
}

/* The department approves while the group takes its application back: the application
 * stays taken back (never approved and public), and the department is told. Two people
 * decide at once: one decision, and the endorsement agrees with it. A change and a
 * withdrawal asked at once: one waits, the other is told so (not a server error). */
static void races_decide_take_back_decide_twice_change_withdraw(void **state)
{
	struct fx *f = *state;
	struct store *st2;
	assert_int_equal(store_open(f->path, &st2), 0);
	/* a decision racing a take-back */
	long long id = apply_ok(f, "2026-08-01", "", "0", TODAY);
	struct racer r = { .f = f, .who = &f->staff_a, .id = id, .what = 0 };
	race(f, &r, st2, take_back);
	assert_int_equal(get(f, id).state, ENDORSE_WITHDRAWN);
	assert_int_equal(r.rc, -1);
	assert_int_equal(count(f, "SELECT count(*) FROM endorse_requests WHERE state = 'approved'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'endorse-approve'"), 0);
	/* two decisions at once: the division refuses first */
	long long id2 = apply_ok(f, "2026-08-01", "", "0", TODAY);
	struct racer r2 = { .f = f, .who = &f->staff_a, .id = id2, .what = 0 };
	race(f, &r2, st2, refuse);
	assert_int_equal(get(f, id2).state, ENDORSE_REFUSED);
	assert_int_equal(r2.rc, -1);
	assert_string_equal(get(f, id2).report_due_on, "");
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'endorse-approve'"), 0);
	/* a change and a withdrawal asked at once */
	long long id3 = apply_ok(f, "2026-08-01", "", "0", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id3, 1, "", TODAY, &e), 0);
	struct racer r3 = { .f = f, .who = &f->group, .id = id3, .what = 1 };
	race(f, &r3, st2, ask_withdraw);
	assert_int_equal(r3.rc, -1);
	assert_non_null(r3.e.n ? r3.e.p[0].msgid : NULL);
	assert_int_equal(get(f, id3).pending_kind, ENDORSE_REQ_WITHDRAW);
	store_close(st2);
}

static void visibility_matrix(void **state)
{
	struct fx *f = *state;
	struct endorsement e = { .org_id = f->org, .department_id = f->dept_a };
	const struct actor *viewers[] = { &f->public_, &f->center, &f->committee, &f->other_group, &f->group,
					  &f->staff_a, &f->staff_b, &f->admin };
	/* rows: viewers; columns: applied, approved, refused, withdrawn */
	static const enum endorse_view want[8][ENDORSE__STATES] = {
		{ 0, 1, 0, 0 }, { 0, 1, 0, 0 }, { 0, 1, 0, 0 }, { 0, 1, 0, 0 },
		{ 2, 2, 2, 2 }, { 2, 2, 2, 2 }, { 0, 1, 0, 0 }, { 2, 2, 2, 2 },
	};
	for (int v = 0; v < 8; v++)
		for (int s = 0; s < ENDORSE__STATES; s++) {
			e.state = (enum endorse_state)s;
			if (endorse_view_of(viewers[v], &e) != want[v][s])
				fail_msg("viewer %d state %d: %d", v, s, endorse_view_of(viewers[v], &e));
		}
	assert_true(endorse_may_decide(&f->staff_a, &e) && endorse_may_decide(&f->admin, &e));
	assert_false(endorse_may_decide(&f->staff_b, &e) || endorse_may_decide(&f->group, &e) ||
		     endorse_may_decide(&f->center, &e));
	assert_true(endorse_may_act(&f->group, &e));
	assert_false(endorse_may_act(&f->other_group, &e) || endorse_may_act(&f->staff_a, &e));
}

/* The lists: the public sees approved endorsements only, without contact data. */
static void public_list_boundary(void **state)
{
	struct fx *f = *state;
	long long applied = apply_ok(f, "2026-08-01", "", "0", TODAY);
	long long approved = apply_ok(f, "2026-08-02", "", "0", TODAY);
	long long refused = apply_ok(f, "2026-08-03", "", "0", TODAY);
	long long withdrawn = apply_ok(f, "2026-08-04", "", "0", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, approved, 1, "EN-CONDITION", TODAY, &e), 0);
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, refused, 0, "EN-REASON", TODAY, &e), 0);
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, withdrawn, "x", TODAY, &e), 0);
	(void)applied;
	struct endorsement *rows;
	int n, total;
	const struct actor *outsiders[] = { &f->public_, &f->center, &f->committee, &f->other_group, &f->staff_b };
	for (size_t i = 0; i < sizeof outsiders / sizeof *outsiders; i++) {
		struct endorse_filter all = { .per_page = 50 };
		assert_int_equal(endorse_list(f->st, f->a, outsiders[i], &all, &rows, &n, &total), 0);
		assert_int_equal(n, 1);
		assert_int_equal(rows[0].id, approved);
		assert_string_equal(rows[0].contact_name, "");
		assert_string_equal(rows[0].contact_phone, "");
		assert_string_equal(rows[0].exclusions, "");
		assert_int_equal(rows[0].pending_id, 0);
	}
	struct endorse_filter mine = { .org_id = f->org, .per_page = 50 };
	assert_int_equal(endorse_list(f->st, f->a, &f->group, &mine, &rows, &n, &total), 0);
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].contact_name, "EN-PRIVATE-担当");
	struct endorse_filter pend = { .department_id = f->dept_a, .pending = 1, .per_page = 50 };
	assert_int_equal(endorse_list(f->st, f->a, &f->staff_a, &pend, &rows, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, applied);
	assert_int_equal(endorse_list(f->st, f->a, &f->staff_b, &pend, &rows, &n, &total), 0);
	assert_int_equal(n, 0);
}

static void settings_checked_and_audited(void **state)
{
	struct fx *f = *state;
	struct problems e = { 0 };
	assert_int_equal(endorse_settings_save(f->st, f->a, &f->staff_a, "30", "10", "x", &e), -1);
	struct problems e2 = { 0 };
	assert_int_equal(endorse_settings_save(f->st, f->a, &f->admin, "-1", "0", "", &e2), -1);
	assert_non_null(problems_of(&e2, "days_before"));
	assert_non_null(problems_of(&e2, "days_after"));
	assert_non_null(problems_of(&e2, "rules"));
	struct endorse_settings s;
	assert_int_equal(endorse_settings_get(f->st, f->a, &s), 0);
	assert_int_equal(s.days_before, 30);
	assert_int_equal(s.days_after, 10);
	assert_int_equal(s.nrules, 4);
	struct problems e3 = { 0 };
	assert_int_equal(endorse_settings_save(f->st, f->a, &f->admin, "14", "7", "一\n二\n三", &e3), 0);
	assert_int_equal(endorse_settings_get(f->st, f->a, &s), 0);
	assert_int_equal(s.days_before, 14);
	assert_int_equal(s.nrules, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'endorse-settings'"), 1);
}

/* A change that moves the event to a new first day follows the application's rule, from
 * the new day: exactly on the last day it is taken, a day later refused with the late
 * message (the page fills in the last day in 和暦); a change that keeps the first day is no
 * move and has no such deadline; the setting's days count. Once the event has begun (its
 * first day, in Japan's calendar) the group neither changes nor withdraws it: only the
 * report is left. */
static void a_change_meets_the_deadline_of_its_new_day(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "2026-08-02", "0", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", TODAY, &e), 0);
	/* to 7/20: 30 days before is 6/20 */
	struct endorse_input ch = input(f, "2026-07-20", "2026-07-21", "0");
	struct problems e1 = { 0 }, e2 = { 0 }, e3 = { 0 };
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "日程の前倒し", "2026-06-21", &e1), -1);
	assert_ptr_equal(problems_of(&e1, "starts_on"), endorse_msg_change_too_late);
	assert_int_equal(get(f, id).pending_id, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM endorse_requests WHERE kind = 'change'"), 0);
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &ch, "日程の前倒し", "2026-06-20", &e2), 0);
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "会場が取れない", "2026-06-20", &e3), 0);
	/* later is a move too: to 8/10 asked on 7/12 (the last day 7/11) is late */
	struct endorse_input later = input(f, "2026-08-10", "", "0");
	struct problems e4 = { 0 };
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &later, "延期", "2026-07-12", &e4), -1);
	assert_ptr_equal(problems_of(&e4, "starts_on"), endorse_msg_change_too_late);
	/* the same first day, another place and last day: no deadline, a week before */
	struct endorse_input same = input(f, "2026-08-01", "2026-08-03", "0");
	same.place = "中央公民館";
	struct problems e5 = { 0 }, e6 = { 0 };
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &same, "会場の改修", "2026-07-25", &e5), 0);
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", "2026-07-25", &e6), 0);
	/* the setting: 10 days before; moving to 8/10 asked on 7/31 (the last day) is taken */
	struct problems se = { 0 }, e7 = { 0 }, e8 = { 0 };
	assert_int_equal(endorse_settings_save(f->st, f->a, &f->admin, "10", "10", "ルール1\nルール2", &se), 0);
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &later, "延期", "2026-07-31", &e7), 0);
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "会場が取れない", "2026-07-31", &e8), 0);
	/* the event begins on 8/1: on that day no change, no withdrawal; the day before both */
	struct problems e9 = { 0 }, e10 = { 0 }, e11 = { 0 }, e12 = { 0 };
	same.place = "駅前広場";
	assert_int_equal(endorse_ask_change(f->st, f->a, &f->group, id, &same, "会場変更", "2026-08-01", &e9), -1);
	assert_null(problems_of(&e9, "starts_on"));
	assert_true(problems_any(&e9));
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "中止", "2026-08-01", &e10), -1);
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "中止", "2026-08-02", &e11), -1);
	assert_int_equal(get(f, id).pending_id, 0);
	assert_int_equal(endorse_withdraw(f->st, f->a, &f->group, id, "中止", "2026-07-31", &e12), 0);
	assert_int_equal(get(f, id).pending_kind, ENDORSE_REQ_WITHDRAW);
	/* the report is what is left once it began (the withdrawal waits, so decide it first) */
	struct problems e13 = { 0 }, e14 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "開催を確認した", "2026-08-01", &e13), 0);
	struct endorse_report_input ri = { "80", "実施した", "", "" };
	assert_int_equal(endorse_report(f->st, f->a, &f->group, id, &ri, "2026-08-03", &e14), 0);
}

/* An application still waiting when its event begins is not approved (the city's name goes
 * on an event before it starts): refused with the reason, it closes; the day before, the
 * approval goes through. A change asked in time is still approved while the event runs
 * (a_change_moves_the_due_day). */
static void an_event_begun_is_not_approved(void **state)
{
	struct fx *f = *state;
	long long id = apply_ok(f, "2026-08-01", "2026-08-02", "0", TODAY);
	struct problems e = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 1, "", "2026-08-01", &e), -1);
	assert_int_equal(e.n, 1);
	assert_ptr_equal(e.p[0].msgid, endorse_msg_begun_undecided);
	assert_int_equal(get(f, id).state, ENDORSE_APPLIED);
	struct problems e1 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->admin, id, 1, "", "2026-08-03", &e1), -1);	/* over */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'endorse-approve'"), 0);
	struct problems e2 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id, 0, "開催後の申請のため", "2026-08-01", &e2), 0);
	assert_int_equal(get(f, id).state, ENDORSE_REFUSED);
	long long id2 = apply_ok(f, "2026-08-01", "2026-08-02", "0", TODAY);
	struct problems e3 = { 0 };
	assert_int_equal(endorse_decide(f->st, f->a, &f->staff_a, id2, 1, "", "2026-07-31", &e3), 0);
	assert_int_equal(get(f, id2).state, ENDORSE_APPROVED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days),
		cmocka_unit_test_setup_teardown(deadline_exactly_and_a_day_late, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(an_event_at_the_calendars_end, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(every_problem_at_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(approve_change_withdraw, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuse_and_take_back, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_take_back_tells_the_department_so, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(report_rules, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_report_and_a_request_do_not_meet, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(report_due_overdue_and_reminders_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_change_moves_the_due_day, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(an_event_begun_is_not_approved, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_change_keeps_the_new_contact, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_change_meets_the_deadline_of_its_new_day, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(races_decide_take_back_decide_twice_change_withdraw, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(visibility_matrix, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(public_list_boundary, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(settings_checked_and_audited, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
