/* endorse: endorsements (後援名義) — the state machine, the checks of a form (every problem
 * at once), the requests and their decisions, reports and reminders (see endorse.h). Every
 * write: one transaction with its audit row, its notices and the public list's version. */
#include "domain/endorse.h"
#include "domain/endorse_visibility.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/org.h"
#include "domain/problems.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const endorse_state_names[ENDORSE__STATES] = { "applied", "approved", "refused", "withdrawn" };
const char *const endorse_kind_names[ENDORSE__KINDS] = { "new", "change", "withdraw" };

int endorse_state_parse(const char *s, enum endorse_state *out)
{
	for (int i = 0; s && i < ENDORSE__STATES; i++)
		if (strcmp(s, endorse_state_names[i]) == 0)
			return *out = (enum endorse_state)i, 0;
	return -1;
}

int endorse_kind_parse(const char *s, enum endorse_kind *out)
{
	for (int i = 0; s && i < ENDORSE__KINDS; i++)
		if (strcmp(s, endorse_kind_names[i]) == 0)
			return *out = (enum endorse_kind)i, 0;
	return -1;
}

/* ---- days ---- */

static long long days_of(int y, int m, int d)	/* days since 1970-01-01 (civil calendar) */
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void day_of(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void day_text(int y, int m, int d, char out[11])
{
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = 0;
}

void endorse_today(char out[11])
{
	struct wareki_time t;
	wareki_jst_of_unix((long long)time(NULL), &t);
	day_text(t.y, t.m, t.d, out);
}

int endorse_day_add(const char *day, int n, char out[11])
{
	int y, m, d;
	if (!day || strlen(day) != 10 || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 || !wareki_date_valid(y, m, d))
		return -1;
	day_of(days_of(y, m, d) + n, &y, &m, &d);
	if (y < 1 || y > WAREKI_MAX_YEAR)	/* past the calendar's end: no day of four digits */
		return -1;
	day_text(y, m, d, out);
	return 0;
}

int endorse_last_day(const char *starts_on, int days_before, char out[11])
{
	return endorse_day_add(starts_on, -days_before, out);
}

int endorse_report_awaited(const struct endorsement *e, const char *today)
{
	return e->state == ENDORSE_APPROVED && !*e->reported_at && strcmp(e->ends_on, today) < 0;
}

int endorse_report_overdue(const struct endorsement *e, const char *today)
{
	return endorse_report_awaited(e, today) && *e->report_due_on && strcmp(e->report_due_on, today) < 0;
}

/* ---- settings ---- */

int endorse_settings_get(struct store *st, struct arena *a, struct endorse_settings *out)
{
	memset(out, 0, sizeof *out);
	out->days_before = org_setting_int(st, "endorse.days_before", ENDORSE_DAYS_BEFORE_DEFAULT);
	out->days_after = org_setting_int(st, "endorse.days_after", ENDORSE_DAYS_AFTER_DEFAULT);
	const char *rules = org_setting(st, a, "endorse.exclusions", "");
	char *copy = arena_strdup(a, rules ? rules : "");
	if (!copy)
		return STORE_ERR;
	for (char *line = copy, *next; line && *line && out->nrules < ENDORSE_RULES_MAX; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = 0;
		if (n)
			out->rules[out->nrules++] = line;
	}
	return 0;
}

static int days_setting_parse(const char *s, int min, int max, int *out)
{
	long long v;
	if (!s || jtext_uint(s, &v) != 0 || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int endorse_set(struct store *st, const char *key, const char *value)
{
	struct stmt *s = store_prepare(st, STMT_SETTING_SET);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, key);
	stmt_bind_text(s, 2, value);
	return stmt_exec(s);
}

static char *json_take(json_t *j)
{
	char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return t;
}

int endorse_settings_save(struct store *st, struct arena *a, const struct actor *who, const char *days_before,
			  const char *days_after, const char *rules, struct problems *e)
{
	if (who->role != ROLE_ADMIN) {
		problems_add(e, NULL, N_("Only the collaboration division can change these settings."));
		return -1;
	}
	int before = 0, after = 0;
	if (days_setting_parse(days_before, 0, 365, &before) != 0)
		problems_add(e, "days_before", N_("Write a number of days from 0 to 365."));
	if (days_setting_parse(days_after, 1, 365, &after) != 0)
		problems_add(e, "days_after", N_("Write a number of days from 1 to 365."));
	const char *problem;
	int lines = 0;
	if (!rules || jtext_is_blank(rules))
		problems_add(e, "rules", N_("Write at least one rule, one a line."));
	else if ((problem = jtext_text_problem(rules, 1)))
		problems_add(e, "rules", problem);
	else if (strlen(rules) > 4000)
		problems_add(e, "rules", N_("The text is too long (at most 4,000 bytes)."));
	for (const char *p = rules; p && *p; p++)
		lines += *p == '\n';
	if (rules && lines >= ENDORSE_RULES_MAX)
		problems_add(e, "rules", N_("Write at most 20 rules."));
	if (problems_any(e))
		return -1;
	struct endorse_settings old;
	int rc = endorse_settings_get(st, a, &old);
	char bs[16], as[16];
	snprintf(bs, sizeof bs, "%d", before);
	snprintf(as, sizeof as, "%d", after);
	if (rc == 0)
		rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = endorse_set(st, "endorse.days_before", bs);
	if (rc == 0)
		rc = endorse_set(st, "endorse.days_after", as);
	if (rc == 0)
		rc = endorse_set(st, "endorse.exclusions", rules);
	json_t *rb = json_array();
	for (int i = 0; i < old.nrules; i++)
		json_array_append_new(rb, json_string(old.rules[i]));
	char *bj = json_take(json_pack("{s:i,s:i,s:o}", "days_before", old.days_before, "days_after", old.days_after,
				       "rules", rb));
	char *aj = json_take(json_pack("{s:i,s:i,s:s}", "days_before", before, "days_after", after, "rules", rules));
	if (rc == 0)
		rc = audit_record(st, who, "set", "endorse-settings", 0, bj, aj);
	free(bj);
	free(aj);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

/* ---- reading ---- */

static char *dup_col(struct stmt *s, struct arena *a, int col)
{
	return stmt_text_dup(s, a, col);
}

static int endorse_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	(void)ctx;
	struct endorsement *e = elem;
	int c = 0;
	e->id = stmt_int(s, c++);
	e->org_id = stmt_int(s, c++);
	e->org_name = dup_col(s, a, c++);
	e->department_id = stmt_int(s, c++);
	e->department_name = dup_col(s, a, c++);
	if (endorse_state_parse(stmt_text(s, c++), &e->state) != 0)
		return STORE_ERR;
	e->title = dup_col(s, a, c++);
	e->purpose = dup_col(s, a, c++);
	e->starts_on = dup_col(s, a, c++);
	e->ends_on = dup_col(s, a, c++);
	e->place = dup_col(s, a, c++);
	e->attendance = stmt_int(s, c++);
	e->fee = stmt_int(s, c++);
	e->organiser = dup_col(s, a, c++);
	e->contact_name = dup_col(s, a, c++);
	e->contact_phone = dup_col(s, a, c++);
	e->exclusions = dup_col(s, a, c++);
	e->report_due_on = dup_col(s, a, c++);
	e->reported_at = dup_col(s, a, c++);
	e->report_attendance = stmt_is_null(s, c) ? -1 : stmt_int(s, c);
	c++;
	e->report_summary = dup_col(s, a, c++);
	e->report_income = stmt_is_null(s, c) ? -1 : stmt_int(s, c);
	c++;
	e->report_expenses = stmt_is_null(s, c) ? -1 : stmt_int(s, c);
	c++;
	e->created_at = dup_col(s, a, c++);
	e->updated_at = dup_col(s, a, c++);
	e->pending_id = stmt_int(s, c++);
	enum endorse_kind k;
	e->pending_kind = endorse_kind_parse(stmt_text(s, c++), &k) == 0 ? (int)k : -1;
	return e->org_name && e->title && e->updated_at ? 0 : STORE_ERR;
}

int endorse_get(struct store *st, struct arena *a, long long id, struct endorsement *out)
{
	struct store_arg args[] = { SARG_INT(id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ENDORSE_GET, args, 1, sizeof *out, endorse_row, NULL, &l);
	if (rc != 0)
		return rc;
	if (l.n == 0)
		return ENDORSE_NOT_FOUND;
	*out = *(struct endorsement *)l.rows;
	return 0;
}

static int request_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	(void)ctx;
	struct endorse_request *q = elem;
	q->id = stmt_int(s, 0);
	q->endorsement_id = stmt_int(s, 1);
	if (endorse_kind_parse(stmt_text(s, 2), &q->kind) != 0)
		return STORE_ERR;
	q->state = dup_col(s, a, 3);
	q->asked = dup_col(s, a, 4);
	q->reason = dup_col(s, a, 5);
	q->applied_at = dup_col(s, a, 6);
	q->applied_by = dup_col(s, a, 7);
	q->decided_at = dup_col(s, a, 8);
	q->decided_by = dup_col(s, a, 9);
	q->decided_on = dup_col(s, a, 10);
	q->comment = dup_col(s, a, 11);
	q->decision_fy = (int)stmt_int(s, 12);
	q->decision_seq = (int)stmt_int(s, 13);
	return q->comment ? 0 : STORE_ERR;
}

int endorse_requests(struct store *st, struct arena *a, long long id, struct endorse_request **out, int *n)
{
	struct store_arg args[] = { SARG_INT(id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ENDORSE_REQ_LIST, args, 0, sizeof **out, request_row, NULL, &l);
	*out = l.rows;
	*n = rc == 0 ? l.n : 0;
	return rc;
}

int endorse_request_get(struct store *st, struct arena *a, long long id, struct endorse_request *out)
{
	struct store_arg args[] = { SARG_INT(id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ENDORSE_REQ_GET, args, 1, sizeof *out, request_row, NULL, &l);
	if (rc != 0)
		return rc;
	if (l.n == 0)
		return ENDORSE_NOT_FOUND;
	*out = *(struct endorse_request *)l.rows;
	return 0;
}

/* Keeps the rows who may see, blanked for them. */
static int endorse_keep_visible(const struct actor *who, struct endorsement *rows, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		enum endorse_view v = endorse_view_of(who, &rows[i]);
		if (v == ENDORSE_VIEW_NONE)
			continue;
		endorse_for_view(&rows[i], v);
		rows[k++] = rows[i];
	}
	return k;
}

static int endorse_count(struct store *st, enum stmt_id id, const struct store_arg *args, int *total)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	for (int i = 0; args[i].kind != STORE_ARG_END; i++) {
		if (args[i].kind == STORE_ARG_INT)
			stmt_bind_int(s, i + 1, args[i].i);
		else
			stmt_bind_text(s, i + 1, args[i].t);
	}
	int rc = stmt_step(s);
	*total = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int endorse_list(struct store *st, struct arena *a, const struct actor *who, const struct endorse_filter *f,
		 struct endorsement **out, int *n, int *total)
{
	int per = f->per_page > 0 ? f->per_page : 50, page = f->page > 0 ? f->page : 1;
	const char *state = f->state ? f->state : "";
	struct store_arg cargs[] = { SARG_INT(f->org_id), SARG_INT(f->department_id), SARG_TEXT(state),
				     SARG_INT(f->pending), SARG_END };
	int rc = endorse_count(st, STMT_ENDORSE_COUNT, cargs, total);
	if (rc != 0)
		return rc;
	struct store_arg args[] = { SARG_INT(f->org_id), SARG_INT(f->department_id), SARG_TEXT(state), SARG_INT(f->pending),
				    SARG_INT(per), SARG_INT((long long)(page - 1) * per), SARG_END };
	struct store_list l;
	rc = store_list_read(st, a, STMT_ENDORSE_LIST, args, 0, sizeof **out, endorse_row, NULL, &l);
	if (rc != 0)
		return rc;
	*out = l.rows;
	*n = endorse_keep_visible(who, *out, l.n);
	return 0;
}

int endorse_unreported(struct store *st, struct arena *a, const struct actor *who, const char *today, int overdue,
		       long long department_id, long long org_id, int max, struct endorsement **out, int *n, int *total)
{
	const char *due = overdue ? today : "";
	struct store_arg cargs[] = { SARG_TEXT(today), SARG_TEXT(due), SARG_INT(department_id), SARG_INT(org_id), SARG_END };
	int rc = endorse_count(st, STMT_ENDORSE_UNREPORTED_COUNT, cargs, total);
	if (rc != 0)
		return rc;
	struct store_arg args[] = { SARG_TEXT(today), SARG_TEXT(due), SARG_INT(department_id), SARG_INT(org_id),
				    SARG_INT(max > 0 ? max : 100000), SARG_END };
	struct store_list l;
	rc = store_list_read(st, a, STMT_ENDORSE_UNREPORTED, args, 0, sizeof **out, endorse_row, NULL, &l);
	if (rc != 0)
		return rc;
	*out = l.rows;
	*n = who ? endorse_keep_visible(who, *out, l.n) : l.n;
	return 0;
}

/* ---- checking a form ---- */

struct endorse_clean {
	const char *title, *purpose, *place, *organiser, *contact_name, *contact_phone;
	char starts_on[11], ends_on[11];
	long long attendance, fee, department_id;
};

static const char *trimmed(struct arena *a, const char *s)
{
	if (!s)
		return "";
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if (strncmp(s, "\xe3\x80\x80", 3) == 0)	/* an ideographic space */
		return trimmed(a, s + 3);
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	char *t = arena_alloc(a, n + 1);
	if (!t)
		return "";
	memcpy(t, s, n);
	t[n] = 0;
	return t;
}

static const char *check_text(struct arena *a, struct problems *e, const char *field, const char *v, int required,
			      size_t max, int multiline, const char *missing)
{
	const char *t = trimmed(a, v);
	const char *problem;
	if (!*t) {
		if (required)
			problems_add(e, field, missing);
	} else if ((problem = jtext_text_problem(t, multiline))) {
		problems_add(e, field, problem);
	} else if (strlen(t) > max) {
		problems_add(e, field, N_("The text is too long."));
	}
	return t;
}

static int check_date(const char *v, char out[11])
{
	int y, m, d;
	if (!v || !*v || wareki_parse_date(v, &y, &m, &d) != 0)
		return -1;
	day_text(y, m, d, out);
	return 0;
}

static int check_amount(const char *v, long long max, long long *out)
{
	return v && jtext_uint(v, out) == 0 && *out <= max ? 0 : -1;
}

/* 1 when id is a department forms offer (it exists and is not retired). */
static int department_offered(struct store *st, struct arena *a, long long id)
{
	struct department *d;
	int n = 0;
	if (account_department_list(st, a, &d, &n) != 0)
		return 0;
	for (int i = 0; i < n; i++)
		if (d[i].id == id)
			return !d[i].retired;
	return 0;
}

/* The event's values (title … organiser, contact); dept and rules when asked. */
static void endorse_check_values(struct store *st, struct arena *a, const struct endorse_input *in, int with_dept,
				 struct endorse_clean *c, struct problems *e)
{
	memset(c, 0, sizeof *c);
	c->title = check_text(a, e, "title", in->title, 1, 200, 0, N_("Write the name of the event."));
	c->purpose = check_text(a, e, "purpose", in->purpose, 1, 4000, 1, N_("Write the purpose and content of the event."));
	int start_ok = check_date(trimmed(a, in->starts_on), c->starts_on) == 0;
	if (!start_ok)
		problems_add(e, "starts_on", N_("Write the first day of the event as a date, e.g. 2026-11-03 or 令和8年11月3日."));
	const char *end = trimmed(a, in->ends_on);
	if (!*end) {
		if (start_ok)	/* a one-day event */
			memcpy(c->ends_on, c->starts_on, 11);
	} else if (check_date(end, c->ends_on) != 0)
		problems_add(e, "ends_on", N_("Write the last day of the event as a date, or leave it empty for a one-day event."));
	else if (start_ok && strcmp(c->ends_on, c->starts_on) < 0)
		problems_add(e, "ends_on", N_("The last day comes before the first day."));
	char later[11];	/* the report's day (at most a year after the last day) must be a day */
	if (*c->ends_on && !problems_of(e, "ends_on") && endorse_day_add(c->ends_on, 365, later) != 0) {
		if (*end)
			problems_add(e, "ends_on", N_("Write the last day of the event as a date, or leave it empty for a one-day event."));
		else
			problems_add(e, "starts_on", N_("Write the first day of the event as a date, e.g. 2026-11-03 or 令和8年11月3日."));
	}
	c->place = check_text(a, e, "place", in->place, 1, 200, 0, N_("Write where the event takes place."));
	if (check_amount(trimmed(a, in->attendance), 10000000, &c->attendance) != 0)
		problems_add(e, "attendance", N_("Write the expected number of participants as a whole number."));
	const char *fee = trimmed(a, in->fee);
	if (!*fee)
		c->fee = 0;
	else if (check_amount(fee, 100000000, &c->fee) != 0)
		problems_add(e, "fee", N_("Write the fee in yen as a whole number (0 when free)."));
	c->organiser = check_text(a, e, "organiser", in->organiser, 1, 200, 0, N_("Write the name of the organiser."));
	c->contact_name = check_text(a, e, "contact_name", in->contact_name, 1, 100, 0,
				     N_("Write the name of the person the department may contact."));
	const char *phone = trimmed(a, in->contact_phone);
	c->contact_phone = *phone ? jtext_phone(a, phone) : NULL;
	if (!c->contact_phone)
		problems_add(e, "contact_phone", N_("Write a phone number, e.g. 012-345-6789."));
	if (!with_dept)
		return;
	const char *dept = trimmed(a, in->department);
	if (!*dept || jtext_uint(dept, &c->department_id) != 0 || c->department_id <= 0)
		problems_add(e, "department", N_("Choose the department you ask."));
	else if (!department_offered(st, a, c->department_id))
		problems_add(e, "department", N_("Choose the department you ask."));
}


const char *const endorse_msg_too_late =
	N_("The application must arrive {days} days before the event. For an event starting on this day, the last day to apply was {last_day}.");
const char *const endorse_msg_change_too_late =
	N_("A change that moves the event must arrive {days} days before its new first day. For an event starting on this day, the last day to ask was {last_day}.");

static char *asked_json(const struct endorse_clean *c)
{
	return json_take(json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "title", c->title, "purpose", c->purpose,
				   "starts_on", c->starts_on, "ends_on", c->ends_on, "place", c->place, "attendance",
				   (json_int_t)c->attendance, "fee", (json_int_t)c->fee, "organiser", c->organiser));
}

static json_t *endorse_json(const struct endorsement *e)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:s?}", "state", endorse_state_names[e->state], "title",
			 e->title, "purpose", e->purpose, "starts_on", e->starts_on, "ends_on", e->ends_on, "place",
			 e->place, "attendance", (json_int_t)e->attendance, "fee", (json_int_t)e->fee, "organiser",
			 e->organiser, "report_due_on", *e->report_due_on ? e->report_due_on : NULL);
}

/* a's members and b's in one object (takes both) */
static json_t *endorse_json_with(json_t *a, json_t *b)
{
	if (a && b)
		json_object_update(a, b);
	json_decref(b);
	return a;
}

static int endorse_audit(struct store *st, const struct actor *who, const char *action, long long id,
			 const struct endorsement *before, json_t *after)
{
	char *bj = before ? json_take(endorse_json(before)) : NULL;
	char *aj = json_take(after);
	int rc = audit_record(st, who, action, "endorsement", id, bj, aj);
	free(bj);
	free(aj);
	return rc;
}

static int endorse_fail(struct store *st, int rc)
{
	store_rollback(st);
	return rc;
}

static int endorse_request_insert(struct store *st, long long id, enum endorse_kind kind, const char *asked,
				  const char *reason, const struct actor *who, long long *rid)
{
	struct stmt *s = store_prepare(st, STMT_ENDORSE_REQ_INSERT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, endorse_kind_names[kind]);
	stmt_bind_text(s, 3, asked ? asked : "{}");
	stmt_bind_text(s, 4, reason ? reason : "");
	stmt_bind_text(s, 5, who->login && *who->login ? who->login : "?");
	int rc = stmt_exec(s);
	if (rc == 0 && rid)
		*rid = store_last_id(st);
	return rc;
}

static const char *const kind_words[ENDORSE__KINDS] = { N_("application"), N_("change"), N_("withdrawal") };

static int notice_dept(struct store *st, const struct endorsement *e, enum endorse_kind kind)
{
	char link[64];
	snprintf(link, sizeof link, "/endorsements/%lld", e->id);
	struct notice_param ps[] = { { "group", e->org_name }, { "title", e->title }, { "kind", TL("ja", kind_words[kind]) },
				     { NULL, NULL } };
	struct notice n = { NOTICE_ENDORSE_REQUESTED, link, ps, 0 };
	return notice_department(st, e->department_id, &n);
}

int endorse_apply(struct store *st, struct arena *a, const struct actor *who, const struct endorse_input *in,
		  const char *today, long long *id, struct problems *e)
{
	*id = 0;
	if (who->role != ROLE_GROUP || who->org_id <= 0) {
		problems_add(e, NULL, N_("Only a registered group can apply for an endorsement."));
		return -1;
	}
	struct endorse_settings set;
	int rc = endorse_settings_get(st, a, &set);
	if (rc != 0)
		return rc;
	struct endorse_clean c;
	endorse_check_values(st, a, in, 1, &c, e);
	char last[11];
	if (!problems_of(e, "starts_on") && endorse_last_day(c.starts_on, set.days_before, last) == 0 &&
	    strcmp(today, last) > 0)
		problems_add(e, "starts_on", endorse_msg_too_late);
	for (int i = 0; i < set.nrules; i++)
		if (!in->rules[i]) {
			char field[24];
			snprintf(field, sizeof field, "rule_%d", (i + 1) % 100);
			problems_add_copy(e, field, N_("Confirm this rule: an event that does not meet it cannot be endorsed."));
		}
	if (problems_any(e))
		return -1;
	size_t rl = 0;
	for (int i = 0; i < set.nrules; i++)
		rl += strlen(set.rules[i]) + 1;
	char *rules = arena_alloc(a, rl + 1);
	if (!rules)
		return STORE_ERR;
	size_t at = 0;	/* the rules joined by line feeds: rl + 1 bytes hold them and the NUL */
	for (int i = 0; i < set.nrules; i++) {
		size_t n = strlen(set.rules[i]);
		memcpy(rules + at, set.rules[i], n);
		at += n;
		if (i + 1 < set.nrules)
			rules[at++] = '\n';
	}
	rules[at] = 0;
	if ((rc = store_begin(st)) != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_ENDORSE_INSERT);
	if (!s)
		return endorse_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, who->org_id);
	stmt_bind_int(s, 2, c.department_id);
	stmt_bind_text(s, 3, c.title);
	stmt_bind_text(s, 4, c.purpose);
	stmt_bind_text(s, 5, c.starts_on);
	stmt_bind_text(s, 6, c.ends_on);
	stmt_bind_text(s, 7, c.place);
	stmt_bind_int(s, 8, c.attendance);
	stmt_bind_int(s, 9, c.fee);
	stmt_bind_text(s, 10, c.organiser);
	stmt_bind_text(s, 11, c.contact_name);
	stmt_bind_text(s, 12, c.contact_phone);
	stmt_bind_text(s, 13, rules);
	rc = stmt_exec(s);
	if (rc != 0) {
		store_rollback(st);
		if (rc == STORE_CONSTRAINT) {
			problems_add(e, "department", N_("Choose the department you ask."));
			return -1;
		}
		return rc;
	}
	*id = store_last_id(st);
	char *asked = asked_json(&c);
	rc = endorse_request_insert(st, *id, ENDORSE_REQ_NEW, asked, "", who, NULL);
	free(asked);
	struct endorsement now;
	if (rc == 0)
		rc = endorse_get(st, a, *id, &now);
	if (rc == 0)
		rc = endorse_audit(st, who, "endorse-apply", *id, NULL, endorse_json(&now));
	if (rc == 0)
		rc = notice_dept(st, &now, ENDORSE_REQ_NEW);
	if (rc != 0)
		return endorse_fail(st, rc);
	return store_commit(st);
}

/* Inside the write's transaction (which holds the database's one write lock): the
 * endorsement as it is now must still be what the checks before it read. Another person
 * may have decided, taken back, asked or reported in between (two tabs, the department and
 * the group at once): then nothing is written and the person reads it again. 0, -1 with
 * the problem (the transaction rolled back), or a store_rc (rolled back). */
static int endorse_still(struct store *st, struct arena *a, const struct endorsement *was, struct problems *e)
{
	struct endorsement now;
	int rc = endorse_get(st, a, was->id, &now);
	if (rc != 0)
		return endorse_fail(st, rc == ENDORSE_NOT_FOUND ? STORE_ERR : rc);
	if (now.state != was->state || now.pending_id != was->pending_id || strcmp(now.reported_at, was->reported_at) != 0 ||
	    strcmp(now.starts_on, was->starts_on) != 0 || strcmp(now.ends_on, was->ends_on) != 0 ||
	    strcmp(now.report_due_on, was->report_due_on) != 0) {
		problems_add(e, NULL, N_("Someone else changed this data at the same time. Please reload the page and try again."));
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* The endorsement of id for a write: NOT_FOUND, or -1 with a problem when who may not. */
static int endorse_for_write(struct store *st, struct arena *a, const struct actor *who, long long id, int decide,
			     struct endorsement *en, struct problems *e)
{
	int rc = endorse_get(st, a, id, en);
	if (rc != 0)
		return rc;
	if (endorse_view_of(who, en) == ENDORSE_VIEW_NONE)
		return ENDORSE_NOT_FOUND;
	if (decide ? !endorse_may_decide(who, en) : !endorse_may_act(who, en)) {
		problems_add(e, NULL, decide ? N_("Only the department asked and the collaboration division can decide.")
					     : N_("Only the group that applied can do this."));
		return -1;
	}
	return 0;
}

static int decision_number(struct store *st, int fy, int *seq)
{
	struct stmt *s = store_prepare(st, STMT_ENDORSE_REQ_NEXT_SEQ);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, fy);
	int rc = stmt_step(s);
	*seq = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc == 1 ? 0 : rc < 0 ? rc : STORE_ERR;
}

static int set_state(struct store *st, long long id, enum endorse_state state, const char *due)
{
	struct stmt *s = store_prepare(st, STMT_ENDORSE_SET_STATE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, endorse_state_names[state]);
	stmt_bind_text(s, 3, due);
	return stmt_exec(s);
}

static int set_contact(struct store *st, long long id, const char *name, const char *phone)
{
	struct stmt *s = store_prepare(st, STMT_ENDORSE_SET_CONTACT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, name);
	stmt_bind_text(s, 3, phone);
	return stmt_exec(s);
}

/* An approved change: the endorsement takes the values asked for. */
static int apply_change(struct store *st, long long id, const char *asked, int days_after)
{
	json_error_t err;
	json_t *j = json_loads(asked, 0, &err);
	const char *title, *purpose, *starts, *ends, *place, *organiser;
	json_int_t att, fee;
	if (!j || json_unpack(j, "{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "title", &title, "purpose", &purpose, "starts_on",
			      &starts, "ends_on", &ends, "place", &place, "attendance", &att, "fee", &fee, "organiser",
			      &organiser) != 0) {
		json_decref(j);
		return STORE_ERR;
	}
	char due[11];
	int rc = endorse_day_add(ends, days_after, due) == 0 ? 0 : STORE_ERR;
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ENDORSE_SET_VALUES) : NULL;
	if (s) {
		stmt_bind_int(s, 1, id);
		stmt_bind_text(s, 2, title);
		stmt_bind_text(s, 3, purpose);
		stmt_bind_text(s, 4, starts);
		stmt_bind_text(s, 5, ends);
		stmt_bind_text(s, 6, place);
		stmt_bind_int(s, 7, att);
		stmt_bind_int(s, 8, fee);
		stmt_bind_text(s, 9, organiser);
		stmt_bind_text(s, 10, due);
		rc = stmt_exec(s);
	} else {
		rc = STORE_ERR;
	}
	json_decref(j);
	return rc;
}

const char *const endorse_msg_begun_undecided =
	N_("The event has already begun: the city endorses an event before it starts. Refuse this application, with "
	   "the reason.");

int endorse_decide(struct store *st, struct arena *a, const struct actor *who, long long id, int approve,
		   const char *comment, const char *today, struct problems *e)
{
	struct endorsement en;
	int rc = endorse_for_write(st, a, who, id, 1, &en, e);
	if (rc != 0)
		return rc;
	if (!en.pending_id) {
		problems_add(e, NULL, N_("Nothing is waiting for a decision."));
		return -1;
	}
	const char *text = check_text(a, e, "comment", comment, !approve, 4000, 1,
				      N_("Write the reasons the city does not endorse the event."));
	if (problems_any(e))
		return -1;
	struct endorse_request q;
	if ((rc = endorse_request_get(st, a, en.pending_id, &q)) != 0)
		return rc;
	/* the city's name goes on an event before it starts (the application's deadline is
	 * counted back from its first day): an application still waiting once the event has
	 * begun is refused, never approved — the group may also take it back. (A change asked
	 * in time may still be approved while the event runs, e.g. one more day; endorse_still
	 * below re-reads the first day under the write lock.) */
	if (approve && q.kind == ENDORSE_REQ_NEW && strcmp(today, en.starts_on) >= 0) {
		problems_add(e, NULL, endorse_msg_begun_undecided);
		return -1;
	}
	struct endorse_settings set;
	if ((rc = endorse_settings_get(st, a, &set)) != 0)
		return rc;
	int y, m, d, seq = 0;
	if (sscanf(today, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return STORE_ERR;
	int fy = wareki_fiscal_year_of(y, m, d);
	if ((rc = store_begin(st)) != 0)
		return rc;
	if ((rc = endorse_still(st, a, &en, e)) != 0)
		return rc;
	rc = decision_number(st, fy, &seq);
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ENDORSE_REQ_DECIDE) : NULL;
	if (!s)
		return endorse_fail(st, rc ? rc : STORE_ERR);
	stmt_bind_int(s, 1, q.id);
	stmt_bind_text(s, 2, approve ? "approved" : "refused");
	stmt_bind_text(s, 3, who->login && *who->login ? who->login : "?");
	stmt_bind_text(s, 4, today);
	stmt_bind_text(s, 5, text);
	stmt_bind_int(s, 6, fy);
	stmt_bind_int(s, 7, seq);
	if ((rc = stmt_exec(s)) != 0)
		return endorse_fail(st, rc);
	int public_change = 0;
	if (q.kind == ENDORSE_REQ_NEW) {
		char due[11];
		if (endorse_day_add(en.ends_on, set.days_after, due) != 0)
			return endorse_fail(st, STORE_ERR);
		rc = set_state(st, id, approve ? ENDORSE_APPROVED : ENDORSE_REFUSED, approve ? due : NULL);
		public_change = approve;
	} else if (q.kind == ENDORSE_REQ_CHANGE && approve) {
		rc = apply_change(st, id, q.asked, set.days_after);
		public_change = 1;
	} else if (q.kind == ENDORSE_REQ_WITHDRAW && approve) {
		rc = set_state(st, id, ENDORSE_WITHDRAWN, NULL);
		public_change = 1;
	}
	struct endorsement now;
	if (rc == 0)
		rc = endorse_get(st, a, id, &now);
	if (rc == 0)
		rc = endorse_audit(st, who, approve ? "endorse-approve" : "endorse-refuse", id, &en,
				   endorse_json_with(endorse_json(&now),
						     json_pack("{s:s,s:s,s:i,s:i}", "kind", endorse_kind_names[q.kind],
							       "comment", text, "fy", fy, "number", seq)));
	/* every change of the public list is hard (shows at once): decisions are few, and an
	 * event that changed or was withdrawn must not be read as it was */
	if (rc == 0 && public_change)
		rc = version_bump(st, "endorse", 1);
	if (rc == 0) {
		char link[64];
		snprintf(link, sizeof link, "/endorsements/%lld", id);
		/* the words of {kind} and {decision} are Japanese whatever the recipient's language */
		struct notice_param ps[] = { { "title", en.title }, { "kind", TL("ja", kind_words[q.kind]) },
					     { "decision", TL("ja", approve ? N_("approved") : N_("not approved")) },
					     { "comment", text }, { NULL, NULL } };
		struct notice n = { NOTICE_ENDORSE_DECIDED, link, ps, 0 };
		rc = notice_org(st, en.org_id, &n);
	}
	if (rc != 0)
		return endorse_fail(st, rc);
	return store_commit(st);
}

int endorse_ask_change(struct store *st, struct arena *a, const struct actor *who, long long id,
		       const struct endorse_input *in, const char *reason, const char *today, struct problems *e)
{
	struct endorsement en;
	int rc = endorse_for_write(st, a, who, id, 0, &en, e);
	if (rc != 0)
		return rc;
	if (en.state != ENDORSE_APPROVED || en.pending_id || *en.reported_at || strcmp(today, en.starts_on) >= 0) {
		problems_add(e, NULL, en.pending_id ? N_("A request is already waiting for the department's decision.")
			     : en.state == ENDORSE_APPROVED && !*en.reported_at
				     ? N_("The event has begun: it can no longer be changed or withdrawn. Send its report after the event.")
				     : N_("Only an approved endorsement of an event not yet begun can be changed."));
		return -1;
	}
	struct endorse_settings set;
	if ((rc = endorse_settings_get(st, a, &set)) != 0)
		return rc;
	struct endorse_clean c;
	endorse_check_values(st, a, in, 0, &c, e);
	/* a change that moves the event follows the application's rule, counted from the new
	 * first day (the same day kept is no move, whatever else changes) */
	char last[11];
	if (!problems_of(e, "starts_on") && strcmp(c.starts_on, en.starts_on) != 0 &&
	    endorse_last_day(c.starts_on, set.days_before, last) == 0 && strcmp(today, last) > 0)
		problems_add(e, "starts_on", endorse_msg_change_too_late);
	const char *why = check_text(a, e, "reason", reason, 1, 2000, 1, N_("Write what changes and why."));
	if (problems_any(e))
		return -1;
	char *asked = asked_json(&c);
	if ((rc = store_begin(st)) != 0 || (rc = endorse_still(st, a, &en, e)) != 0) {
		free(asked);
		return rc;
	}
	rc = endorse_request_insert(st, id, ENDORSE_REQ_CHANGE, asked, why, who, NULL);
	/* the contact is the group's own word: kept now (private: not in the request or the audit) */
	int contact_changed = strcmp(c.contact_name, en.contact_name) != 0 || strcmp(c.contact_phone, en.contact_phone) != 0;
	if (rc == 0 && contact_changed)
		rc = set_contact(st, id, c.contact_name, c.contact_phone);
	if (rc == 0)
		rc = endorse_audit(st, who, "endorse-ask-change", id, &en,
				   json_pack("{s:o,s:s,s:b}", "asked", json_loads(asked, 0, NULL), "reason", why,
					     "contact_changed", contact_changed));
	free(asked);
	if (rc == 0)
		rc = notice_dept(st, &en, ENDORSE_REQ_CHANGE);
	if (rc != 0)
		return endorse_fail(st, rc);
	return store_commit(st);
}

int endorse_withdraw(struct store *st, struct arena *a, const struct actor *who, long long id, const char *reason,
		     const char *today, struct problems *e)
{
	struct endorsement en;
	int rc = endorse_for_write(st, a, who, id, 0, &en, e);
	if (rc != 0)
		return rc;
	int at_once = en.state == ENDORSE_APPLIED;
	if (!at_once && en.state == ENDORSE_APPROVED && !*en.reported_at && strcmp(today, en.starts_on) >= 0) {
		problems_add(e, NULL, N_("The event has begun: it can no longer be changed or withdrawn. Send its report after the event."));
		return -1;
	}
	if (!at_once && (en.state != ENDORSE_APPROVED || en.pending_id || *en.reported_at)) {
		problems_add(e, NULL, en.pending_id ? N_("A request is already waiting for the department's decision.")
						    : N_("This endorsement cannot be withdrawn."));
		return -1;
	}
	const char *why = check_text(a, e, "reason", reason, 1, 2000, 1, N_("Write why the endorsement is withdrawn."));
	if (problems_any(e))
		return -1;
	if ((rc = store_begin(st)) != 0 || (rc = endorse_still(st, a, &en, e)) != 0)
		return rc;
	if (at_once) {
		struct stmt *s = store_prepare(st, STMT_ENDORSE_REQ_CANCEL);
		if (!s)
			return endorse_fail(st, STORE_ERR);
		stmt_bind_int(s, 1, en.pending_id);
		stmt_bind_text(s, 2, who->login);
		rc = stmt_exec(s);
		if (rc == 0)
			rc = set_state(st, id, ENDORSE_WITHDRAWN, NULL);
	} else {
		rc = endorse_request_insert(st, id, ENDORSE_REQ_WITHDRAW, "{}", why, who, NULL);
	}
	if (rc == 0)
		rc = endorse_audit(st, who, at_once ? "endorse-take-back" : "endorse-ask-withdraw", id, &en,
				   json_pack("{s:s}", "reason", why));
	if (rc == 0 && !at_once)
		rc = notice_dept(st, &en, ENDORSE_REQ_WITHDRAW);
	if (rc == 0 && at_once) {	/* nothing to decide: the department is told it was taken back */
		char link[64];
		snprintf(link, sizeof link, "/endorsements/%lld", id);
		struct notice_param ps[] = { { "group", en.org_name }, { "title", en.title }, { NULL, NULL } };
		struct notice n = { NOTICE_ENDORSE_TAKEN_BACK, link, ps, 0 };
		rc = notice_department(st, en.department_id, &n);
	}
	if (rc != 0)
		return endorse_fail(st, rc);
	return store_commit(st);
}

int endorse_report(struct store *st, struct arena *a, const struct actor *who, long long id,
		   const struct endorse_report_input *in, const char *today, struct problems *e)
{
	struct endorsement en;
	int rc = endorse_for_write(st, a, who, id, 0, &en, e);
	if (rc != 0)
		return rc;
	/* a request waiting (a withdrawal, a change asked on the last day) is decided first:
	 * approving it would withdraw or move an event already reported on */
	if (en.state != ENDORSE_APPROVED || *en.reported_at || en.pending_id || strcmp(today, en.ends_on) < 0) {
		problems_add(e, NULL, *en.reported_at ? N_("The report has already been sent.")
			     : en.pending_id ? N_("A request is already waiting for the department's decision.")
			     : en.state == ENDORSE_APPROVED ? N_("The report can be sent from the event's last day on.")
							    : N_("Only an approved endorsement has a report."));
		return -1;
	}
	long long att = 0, income = -1, expenses = -1;
	if (check_amount(trimmed(a, in->attendance), 10000000, &att) != 0)
		problems_add(e, "attendance", N_("Write the number of participants as a whole number."));
	const char *summary = check_text(a, e, "summary", in->summary, 1, 4000, 1, N_("Write how the event went."));
	const char *inc = trimmed(a, in->income), *exp = trimmed(a, in->expenses);
	if ((en.fee > 0 || *inc) && check_amount(inc, 10000000000LL, &income) != 0)
		problems_add(e, "income", N_("Write the income in yen as a whole number (a fee was charged)."));
	if ((en.fee > 0 || *exp) && check_amount(exp, 10000000000LL, &expenses) != 0)
		problems_add(e, "expenses", N_("Write the expenses in yen as a whole number (a fee was charged)."));
	if (problems_any(e))
		return -1;
	if ((rc = store_begin(st)) != 0 || (rc = endorse_still(st, a, &en, e)) != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_ENDORSE_SET_REPORT);
	if (!s)
		return endorse_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, id);
	stmt_bind_int(s, 2, att);
	stmt_bind_text(s, 3, summary);
	if (income >= 0)
		stmt_bind_int(s, 4, income);
	else
		stmt_bind_null(s, 4);
	if (expenses >= 0)
		stmt_bind_int(s, 5, expenses);
	else
		stmt_bind_null(s, 5);
	rc = stmt_exec(s);
	if (rc == 0)
		rc = endorse_audit(st, who, "endorse-report", id, &en,
				   json_pack("{s:I,s:s,s:I,s:I}", "attendance", (json_int_t)att, "summary", summary, "income",
					     (json_int_t)income, "expenses", (json_int_t)expenses));
	if (rc == 0) {
		char link[64];
		snprintf(link, sizeof link, "/endorsements/%lld", id);
		struct notice_param ps[] = { { "group", en.org_name }, { "title", en.title }, { NULL, NULL } };
		struct notice n = { NOTICE_ENDORSE_REPORTED, link, ps, 0 };
		rc = notice_department(st, en.department_id, &n);
	}
	if (rc != 0)
		return endorse_fail(st, rc);
	return store_commit(st);
}

/* ---- reminders ---- */

static int reminder_sent(struct store *st, long long id, const char *kind, const char *due, int *sent)
{
	struct stmt *s = store_prepare(st, STMT_ENDORSE_REMINDER_SENT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, kind);
	stmt_bind_text(s, 3, due);
	int rc = stmt_step(s);
	*sent = rc == 1 && stmt_int(s, 0) > 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* One reminder (kind "due" or "overdue") of e, in its own transaction, unless sent. */
static int remind_one(struct store *st, const struct endorsement *e, const char *kind, int *count)
{
	int rc = store_begin(st), sent = 0;
	if (rc != 0)
		return rc;
	rc = reminder_sent(st, e->id, kind, e->report_due_on, &sent);
	if (rc != 0 || sent) {
		store_rollback(st);
		return rc;
	}
	struct stmt *s = store_prepare(st, STMT_ENDORSE_REMINDER_INSERT);
	if (!s)
		return endorse_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, e->id);
	stmt_bind_text(s, 2, kind);
	stmt_bind_text(s, 3, e->report_due_on);
	rc = stmt_exec(s);
	char link[64], due[64];
	int y, m, d;
	snprintf(link, sizeof link, "/endorsements/%lld/report", e->id);
	if (sscanf(e->report_due_on, "%4d-%2d-%2d", &y, &m, &d) != 3 || wareki_format_date(y, m, d, due, sizeof due) != 0)
		snprintf(due, sizeof due, "%s", e->report_due_on);
	struct notice_param ps[] = { { "group", e->org_name }, { "title", e->title }, { "due", due },
				     { NULL, NULL } };
	int overdue = strcmp(kind, "overdue") == 0;
	struct notice n = { overdue ? NOTICE_ENDORSE_REPORT_OVERDUE : NOTICE_ENDORSE_REPORT_DUE, link, ps, 0 };
	if (rc == 0)
		rc = notice_org(st, e->org_id, &n);
	if (rc == 0 && overdue) {
		snprintf(link, sizeof link, "/endorsements/%lld", e->id);
		rc = notice_department(st, e->department_id, &n);
	}
	if (rc != 0)
		return endorse_fail(st, rc);
	rc = store_commit(st);
	if (rc == 0)
		(*count)++;
	return rc;
}

int endorse_remind(struct store *st, struct arena *a, const char *today, int *sent)
{
	*sent = 0;
	struct endorsement *rows;
	int n, total;
	int rc = endorse_unreported(st, a, NULL, today, 0, 0, 0, 0, &rows, &n, &total);
	for (int i = 0; rc == 0 && i < n; i++) {
		if (!*rows[i].report_due_on)
			continue;
		rc = remind_one(st, &rows[i], "due", sent);
		if (rc == 0 && strcmp(rows[i].report_due_on, today) < 0)
			rc = remind_one(st, &rows[i], "overdue", sent);
	}
	return rc;
}

void endorse_remind_daily(struct store *st)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static char last[11];
	char today[11];
	endorse_today(today);
	pthread_mutex_lock(&mu);
	int due = strcmp(last, today) != 0;
	pthread_mutex_unlock(&mu);
	if (!due)
		return;
	struct arena *a = arena_new(0);
	int sent = 0;
	int rc = a ? endorse_remind(st, a, today, &sent) : STORE_ERR;
	arena_free(a);
	if (rc == 0) {
		pthread_mutex_lock(&mu);
		memcpy(last, today, sizeof last);
		pthread_mutex_unlock(&mu);
	}
}
