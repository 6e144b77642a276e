/* plan_round: the yearly progress round (照会) of a plan: open (with its deadline) →
 * departments answer and submit → the administrator sends items back or publishes
 * (plan_publish.c); a published year is read-only until reopened. Every transition is
 * audited, and the people concerned are told (domain/notice.h) in the transition's
 * transaction (plan_round_notice). */
#include "domain/plan.h"
#include "domain/plan_internal.h"
#include "domain/plan_round.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *round_dup(struct arena *a, struct stmt *s, int col)
{
	return stmt_is_null(s, col) ? NULL : arena_strdup(a, stmt_text(s, col));
}

int plan_round_get_state(struct store *st, struct arena *a, const struct plan *p, int fy, struct round_info *ri)
{
	memset(ri, 0, sizeof *ri);
	struct stmt *s = store_prepare(st, STMT_ROUND_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	int rc = stmt_step(s);
	if (rc == 1) {
		ri->state = strcmp(stmt_text(s, 0), "published") == 0 ? ROUND_PUBLISHED : ROUND_OPEN;
		ri->opened_at = round_dup(a, s, 1);
		ri->published_at = round_dup(a, s, 2);
		ri->deadline = round_dup(a, s, 3);
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int plan_round_get(struct store *st, struct arena *a, const struct plan *p, int fy, struct round_info *ri)
{
	int rc = plan_round_get_state(st, a, p, fy, ri);
	struct stmt *s;
	if (rc != 0)
		return rc;
	if (!(s = store_prepare(st, STMT_ROUND_DEPTS)))
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	int cap = 16;
	char today[11];
	plan_today(today);
	ri->depts = arena_alloc(a, cap * sizeof *ri->depts);
	while (ri->depts && (rc = stmt_step(s)) == 1) {
		if (ri->ndepts == cap) {
			struct round_dept *d2 = arena_alloc(a, 2 * cap * sizeof *d2);
			if (!d2)
				break;
			memcpy(d2, ri->depts, cap * sizeof *d2);
			ri->depts = d2;
			cap *= 2;
		}
		struct round_dept *d = &ri->depts[ri->ndepts++];
		d->department_id = stmt_int(s, 0);
		d->department = round_dup(a, s, 1);
		d->items = (int)stmt_int(s, 2);
		d->answered = (int)stmt_int(s, 3);
		d->returned = (int)stmt_int(s, 4);
		d->submitted_at = round_dup(a, s, 5);
		d->reminded_at = round_dup(a, s, 6);
		d->late = ri->state == ROUND_OPEN && !d->submitted_at && plan_deadline_passed(ri->deadline, today);
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int plan_round_years(struct store *st, struct arena *a, const struct plan *p, struct round_year **ys, int *n)
{
	struct stmt *s = store_prepare(st, STMT_ROUND_LIST);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	int cap = p->last_fy - p->first_fy + 2, rc;
	*ys = arena_alloc(a, (size_t)cap * sizeof **ys);
	*n = 0;
	while (*ys && *n < cap && (rc = stmt_step(s)) == 1) {
		struct round_year *y = &(*ys)[(*n)++];
		y->fy = (int)stmt_int(s, 0);
		y->state = strcmp(stmt_text(s, 1), "published") == 0 ? ROUND_PUBLISHED : ROUND_OPEN;
		y->published_at = round_dup(a, s, 2);
	}
	stmt_reset(s);
	return 0;
}

static int round_stamp(struct store *st, enum stmt_id id, long long plan_id, int fy, char *out, size_t n)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, plan_id);
	stmt_bind_int(s, 2, fy);
	int rc = stmt_step(s);
	if (rc == 1)
		snprintf(out, n, "%s", stmt_text(s, 0));
	stmt_reset(s);
	return rc == 1 ? 0 : rc == 0 ? PLAN_NOT_FOUND : rc;
}

int plan_round_published_at(struct store *st, long long plan_id, int fy, char *out, size_t n)
{
	return round_stamp(st, STMT_ROUND_PUBLISHED_AT, plan_id, fy, out, n);
}

int plan_round_page_version(struct store *st, long long plan_id, int fy, char *out, size_t n)
{
	return round_stamp(st, STMT_ROUND_PAGE_VERSION, plan_id, fy, out, n);
}

int plan_round_audit(struct store *st, const struct actor *who, const char *action, const struct plan *p, int fy,
		       const char *before, json_t *extra)
{
	json_t *o = json_pack("{s:I,s:i}", "plan_id", (json_int_t)p->id, "fy", fy);
	if (extra)
		json_object_update(o, extra);
	json_decref(extra);
	char *after = plan_json_take(o);
	char key[32];
	snprintf(key, sizeof key, "plan_round:%d", fy);
	int rc = audit_record(st, who, action, key, p->id, before, after);
	free(after);
	return rc;
}

int plan_round_notice(struct store *st, const struct plan *p, int fy, enum notice_event ev, long long dept,
		      const char *link, const char *const *kv)
{
	char year[64];
	wareki_format_fiscal_year_full(fy, year, sizeof year);
	struct notice_param ps[8] = { { "plan", p->title }, { "year", year } };
	int n = 2;
	for (int i = 0; kv && kv[i] && n < 7; i += 2)
		ps[n++] = (struct notice_param){ kv[i], kv[i + 1] };
	ps[n] = (struct notice_param){ NULL, NULL };
	struct notice nt = { ev, link, ps, 0 };
	return dept > 0 ? notice_department(st, dept, &nt) : notice_plan_departments(st, p->id, &nt);
}

int plan_round_admin_only(const struct actor *who, char *err, size_t errlen)
{
	if (who->role == ROLE_ADMIN)
		return 0;
	plan_err(err, errlen, "Only the collaboration division runs the yearly round.");
	return -1;
}

/* Run fn inside a transaction; roll back on any failure. */
int plan_round_tx(struct store *st, int rc)
{
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

/* Moves the round from state `from` to `to`: 1 when it was no longer in `from` (another
 * process moved it first), 0 when moved, or a store_rc. The condition is in the UPDATE
 * itself, so it holds whatever the isolation of the transaction. */
int plan_round_set_state(struct store *st, const struct plan *p, int fy, const char *from, const char *to)
{
	struct stmt *s = store_prepare(st, STMT_ROUND_SET_STATE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_text(s, 3, to);
	stmt_bind_text(s, 4, from);
	int rc = stmt_exec(s);
	return rc == 0 && store_changes(st) != 1 ? 1 : rc;
}

int plan_round_open(struct store *st, const struct actor *who, const struct plan *p, int fy, char *err, size_t errlen)
{
	return plan_round_open_with(st, who, p, fy, NULL, err, errlen);
}

int plan_round_open_with(struct store *st, const struct actor *who, const struct plan *p, int fy,
			 const char *deadline, char *err, size_t errlen)
{
	if (plan_round_admin_only(who, err, errlen))
		return -1;
	if (fy < p->first_fy || fy > p->last_fy)
		return plan_err(err, errlen, "That fiscal year is outside the plan's period."), -1;
	char day[11] = "";
	if (deadline && *deadline && (plan_deadline_parse(deadline, day) != 0 || !plan_deadline_in_year(fy, day)))
		return plan_err(err, errlen, "Write the deadline as a date on or after 1 April of the year, e.g. 2025-06-30 or 令和7年6月30日."), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	enum round_state rs = plan_round_state(st, p->id, fy);
	if (rs != ROUND_NONE) {
		store_rollback(st);
		return plan_err(err, errlen, rs == ROUND_OPEN ? "The round for this year is already open."
							     : "This year is published; reopen it instead."), -1;
	}
	char now[24];
	plan_now(now);
	struct stmt *s = store_prepare(st, STMT_ROUND_INSERT_WITH);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, p->id);
		stmt_bind_int(s, 2, fy);
		stmt_bind_text(s, 3, *day ? day : NULL);
		stmt_bind_text(s, 4, now);
		rc = stmt_exec(s);
	}
	char link[96];
	snprintf(link, sizeof link, "/plans/%lld/years/%d", p->id, fy);
	if (rc == 0)
		rc = plan_round_notice(st, p, fy, NOTICE_ROUND_OPENED, 0, link, NULL);
	if (rc == 0)
		rc = plan_round_audit(st, who, "open", p, fy, NULL,
				 json_pack("{s:s,s:s?}", "state", "open", "deadline", *day ? day : NULL));
	return plan_round_tx(st, rc);
}

int plan_round_submit(struct store *st, const struct actor *who, const struct plan *p, int fy, long long dept,
		      char *err, size_t errlen)
{
	if (who->role == ROLE_STAFF)
		dept = who->department_id;
	else if (who->role != ROLE_ADMIN)
		return plan_err(err, errlen, "Only the department in charge may submit its answers."), -1;
	if (dept <= 0)
		return plan_err(err, errlen, "Choose the department to submit for."), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (plan_round_state(st, p->id, fy) != ROUND_OPEN) {
		store_rollback(st);
		return plan_err(err, errlen, "The round for this year is not open."), -1;
	}
	struct stmt *s = store_prepare(st, STMT_ROUND_DEPT_MISSING);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_int(s, 3, dept);
	int missing = stmt_step(s) == 1 ? (int)stmt_int(s, 0) : -1;
	stmt_reset(s);
	if (missing != 0) {
		store_rollback(st);
		return plan_err(err, errlen, "Every item needs a status before the department can submit."), -1;
	}
	rc = STORE_ERR;
	if ((s = store_prepare(st, STMT_ROUND_DEPT_MARK))) {
		stmt_bind_int(s, 1, p->id);
		stmt_bind_int(s, 2, fy);
		stmt_bind_int(s, 3, dept);
		rc = stmt_exec(s);
	}
	if (rc == 0 && (s = store_prepare(st, STMT_ROUND_SUBMIT))) {
		stmt_bind_int(s, 1, p->id);
		stmt_bind_int(s, 2, fy);
		stmt_bind_int(s, 3, dept);
		stmt_bind_text(s, 4, who->login);
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = plan_round_audit(st, who, "submit", p, fy, NULL, json_pack("{s:I}", "department_id", (json_int_t)dept));
	return plan_round_tx(st, rc);
}

int plan_round_return(struct store *st, const struct actor *who, const struct plan *p, int fy, long long item_id,
		      const char *comment, char *err, size_t errlen)
{
	if (plan_round_admin_only(who, err, errlen))
		return -1;
	if (!comment || !*comment)
		return plan_err(err, errlen, "Say why the item goes back: a comment is required."), -1;
	const char *problem = jtext_text_problem(comment, 1);
	if (problem)
		return plan_err(err, errlen, problem), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (plan_round_state(st, p->id, fy) != ROUND_OPEN) {
		store_rollback(st);
		return plan_err(err, errlen, "The round for this year is not open."), -1;
	}
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_GET);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	stmt_bind_int(s, 1, item_id);
	long long dept = -1;
	char item[400] = "";
	if (stmt_step(s) == 1 && stmt_int(s, 1) == p->id) {
		dept = stmt_int(s, 7);
		snprintf(item, sizeof item, "%s %s", stmt_text(s, 3), stmt_text(s, 4));
	}
	stmt_reset(s);
	if (dept < 0) {
		store_rollback(st);
		return PLAN_NOT_FOUND;
	}
	if (dept == 0) {	/* nobody would answer it again: the division corrects its own answer */
		store_rollback(st);
		return plan_err(err, errlen, "This item has no department to send it back to: correct its answer yourself."), -1;
	}
	rc = STORE_ERR;
	if ((s = store_prepare(st, STMT_ROUND_ITEM_RETURN))) {
		stmt_bind_int(s, 1, item_id);
		stmt_bind_int(s, 2, fy);
		stmt_bind_text(s, 3, comment);
		rc = stmt_exec(s);
		if (rc == 0 && store_changes(st) == 0) {
			store_rollback(st);
			return plan_err(err, errlen, "The item has no answer for this year yet."), -1;
		}
	}
	if (rc == 0 && (s = store_prepare(st, STMT_ROUND_UNSUBMIT))) {
		stmt_bind_int(s, 1, p->id);
		stmt_bind_int(s, 2, fy);
		stmt_bind_int(s, 3, dept);
		rc = stmt_exec(s);
	}
	char link[128];
	snprintf(link, sizeof link, "/plans/%lld/years/%d/items/%lld", p->id, fy, item_id);
	if (rc == 0 && dept > 0)
		rc = plan_round_notice(st, p, fy, NOTICE_ITEM_RETURNED, dept, link,
				       (const char *const[]){ "item", item, "comment", comment, NULL });
	if (rc == 0)
		rc = plan_round_audit(st, who, "return", p, fy, NULL,
				 json_pack("{s:I,s:s}", "item_id", (json_int_t)item_id, "comment", comment));
	return plan_round_tx(st, rc);
}

int plan_round_reopen(struct store *st, const struct actor *who, const struct plan *p, int fy, const char *reason,
		      char *err, size_t errlen)
{
	if (plan_round_admin_only(who, err, errlen))
		return -1;
	const char *problem = jtext_text_problem(reason, 1);
	if (problem)
		return plan_err(err, errlen, problem), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (plan_round_state(st, p->id, fy) == ROUND_PUBLISHED)
		rc = plan_round_set_state(st, p, fy, "published", "open");
	else
		rc = 1;
	if (rc == 1) {
		store_rollback(st);
		return plan_err(err, errlen, "Only a published year can be reopened."), -1;
	}
	struct stmt *s;
	if (rc == 0) {	/* the answers withheld at publishing go back to their departments */
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_ROUND_UNWITHHOLD))) {
			stmt_bind_int(s, 1, p->id);
			stmt_bind_int(s, 2, fy);
			rc = stmt_exec(s);
		}
	}
	if (rc == 0)
		rc = plan_round_audit(st, who, "reopen", p, fy, "{\"state\":\"published\"}",
				 json_pack("{s:s,s:s}", "state", "open", "reason", reason ? reason : ""));
	return plan_round_tx(st, rc);
}

int plan_round_submitted(struct store *st, struct arena *a, const struct plan *p, int fy, long long dept, char **at)
{
	*at = NULL;
	struct stmt *s = store_prepare(st, STMT_ROUND_SUBMISSION_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_int(s, 3, dept);
	int rc = stmt_step(s);
	if (rc == 1)
		*at = round_dup(a, s, 0);
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int plan_round_asked_year(struct store *st, const struct plan *p)
{
	struct stmt *s = store_prepare(st, STMT_ROUND_LATEST_OPEN);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	int rc = stmt_step(s);
	int fy = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : fy;
}
