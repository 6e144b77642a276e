/* plan_deadline: a round's answer deadline (回答期限), who is late, and reminders (督促)
 * to a department (see plan_round.h). The deadline is a calendar day in Japan; a
 * department is late from the day after it until it submits. Dates and times are worked
 * out here in C (Japan time without the TZ environment: wareki.h) and passed to SQL. */
#include "domain/plan_round.h"
#include "domain/plan_internal.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REMIND_MESSAGE_MAX 2000

/* "YYYY-MM-DD" of a date in range (the callers' dates are valid ones). */
static void day_format(int y, int m, int d, char out[11])
{
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = 0;
}

void plan_today(char out[11])
{
	struct wareki_time t;
	wareki_jst_of_unix((long long)time(NULL), &t);
	day_format(t.y, t.m, t.d, out);
}

int plan_deadline_passed(const char *deadline, const char *today)
{
	return deadline && *deadline && today && strcmp(today, deadline) > 0;
}

int plan_deadline_parse(const char *text, char out[11])
{
	int y, m, d;
	*out = 0;
	if (!text || !*text)
		return 0;
	if (wareki_parse_date(text, &y, &m, &d) != 0)
		return -1;
	day_format(y, m, d, out);
	return 0;
}

int plan_deadline_in_year(int fy, const char *day)
{
	char first[11];
	day_format(fy, 4, 1, first);
	return strcmp(day, first) >= 0;
}

int plan_deadline_check(int fy, const char *text, struct problems *ps)
{
	char day[11];
	if (text && *text && (plan_deadline_parse(text, day) != 0 || !plan_deadline_in_year(fy, day))) {
		problems_add(ps, "deadline",
			     N_("Write the deadline as a date on or after 1 April of the year, e.g. 2025-06-30 or 令和7年6月30日."));
		return 1;
	}
	return 0;
}

int plan_round_set_deadline(struct store *st, const struct actor *who, const struct plan *p, int fy,
			    const char *deadline, char *err, size_t errlen)
{
	if (plan_round_admin_only(who, err, errlen))
		return -1;
	char day[11];
	if (plan_deadline_parse(deadline, day) != 0 || (*day && !plan_deadline_in_year(fy, day)))
		return plan_err(err, errlen,
				"Write the deadline as a date on or after 1 April of the year, e.g. 2025-06-30 or 令和7年6月30日."),
		       -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (plan_round_state(st, p->id, fy) != ROUND_OPEN) {
		store_rollback(st);
		return plan_err(err, errlen, "The round for this year is not open."), -1;
	}
	struct round_info ri;
	struct arena *a = arena_new(0);
	rc = a ? plan_round_get_state(st, a, p, fy, &ri) : STORE_ERR;
	char before[64] = "{}";
	if (rc == 0 && ri.deadline)
		snprintf(before, sizeof before, "{\"deadline\":\"%s\"}", ri.deadline);
	arena_free(a);
	struct stmt *s;
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_ROUND_SET_DEADLINE))) {
			stmt_bind_int(s, 1, p->id);
			stmt_bind_int(s, 2, fy);
			stmt_bind_text(s, 3, *day ? day : NULL);
			rc = stmt_exec(s);
		}
	}
	if (rc == 0)
		rc = plan_round_audit(st, who, "deadline", p, fy, before, json_pack("{s:s?}", "deadline", *day ? day : NULL));
	return plan_round_tx(st, rc);
}

int plan_remind_check(const char *message, struct problems *ps)
{
	const char *problem = message ? jtext_text_problem(message, 1) : NULL;
	if (problem)
		problems_add(ps, "message", problem);
	else if (message && strlen(message) > REMIND_MESSAGE_MAX)
		problems_add(ps, "message", N_("The message is too long (at most 2,000 bytes)."));
	else
		return 0;
	return 1;
}

/* The department's figures in the round (NULL when it has no item asked this year). */
static const struct round_dept *remind_dept(const struct round_info *ri, long long dept)
{
	for (int i = 0; i < ri->ndepts; i++)
		if (ri->depts[i].department_id == dept)
			return &ri->depts[i];
	return NULL;
}

int plan_round_remind(struct store *st, const struct actor *who, const struct plan *p, int fy, long long dept,
		      const char *message, char *err, size_t errlen)
{
	if (plan_round_admin_only(who, err, errlen))
		return -1;
	struct problems ps = { 0 };
	if (plan_remind_check(message, &ps))
		return plan_err(err, errlen, ps.p[0].msgid), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct arena *a = arena_new(0);
	struct round_info ri;
	rc = a ? plan_round_get(st, a, p, fy, &ri) : STORE_ERR;
	const struct round_dept *d = rc == 0 ? remind_dept(&ri, dept) : NULL;
	if (rc == 0 && ri.state != ROUND_OPEN)
		rc = -1, plan_err(err, errlen, "The round for this year is not open.");
	else if (rc == 0 && !d)
		rc = -1, plan_err(err, errlen, "That department has no items in this round.");
	else if (rc == 0 && d->submitted_at)
		rc = -1, plan_err(err, errlen, "That department has already submitted its answers.");
	char now[24];
	plan_now(now);
	struct stmt *s;
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_ROUND_REMIND))) {
			stmt_bind_int(s, 1, p->id);
			stmt_bind_int(s, 2, fy);
			stmt_bind_int(s, 3, dept);
			stmt_bind_text(s, 4, now);
			stmt_bind_text(s, 5, who->login ? who->login : "");
			stmt_bind_text(s, 6, message ? message : "");
			rc = stmt_exec(s);
		}
	}
	char link[96], due[64] = "";
	snprintf(link, sizeof link, "/plans/%lld/years/%d", p->id, fy);
	int dy, dm, dd;
	if (rc == 0 && ri.deadline && sscanf(ri.deadline, "%d-%d-%d", &dy, &dm, &dd) == 3)
		wareki_format_date(dy, dm, dd, due, sizeof due);
	if (rc == 0)	/* the department's staff: in the app, and by email unless they chose not */
		rc = plan_round_notice(st, p, fy, NOTICE_REMINDER, dept, link,
				       (const char *const[]){ "deadline", *due ? due : "—", "message",
							      message ? message : "", NULL });
	if (rc == 0)
		rc = plan_round_audit(st, who, "remind", p, fy, NULL,
				      json_pack("{s:I,s:s,s:s,s:s?,s:b}", "department_id", (json_int_t)dept, "department",
						d->department ? d->department : "", "message", message ? message : "",
						"deadline", ri.deadline, "late", d->late));
	arena_free(a);
	return plan_round_tx(st, rc);
}
