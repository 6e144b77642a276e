/* home_awaits: the home page's dashboard — a table of providers, one per role and kind of
 * work, each filling panels for its viewer through the accessors that check the viewer
 * (see home_awaits.h). Counting and listing is SQL by statement id (store/sql_home.def);
 * the plan's answers pass plan_visibility's rule row by row or group by group, so a
 * provider cannot show a draft its viewer may not see. */
#include "domain/home_awaits.h"
#include "domain/adopt.h"
#include "domain/endorse.h"
#include "domain/project.h"
#include "domain/project_eval.h"
#include "domain/wareki.h"
#include <time.h>
#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/org_confirm.h"
#include "domain/plan.h"
#include "domain/plan_visibility.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *const home_kind_names[HOME__MAX] = {
	[HOME_STAFF_TO_ANSWER] = "staff_to_answer",
	[HOME_STAFF_RETURNED] = "staff_returned",
	[HOME_CENTER_APPLICATIONS] = "center_applications",
	[HOME_CENTER_CHANGES] = "center_changes",
	[HOME_CENTER_OVERDUE] = "center_overdue",
	[HOME_GROUP_PROFILE] = "group_profile",
	[HOME_GROUP_CONFIRM] = "group_confirm",
	[HOME_GROUP_MESSAGES] = "group_messages",
	[HOME_ADMIN_ROUND] = "admin_round",
	[HOME_COMMITTEE_SUBMITTED] = "committee_submitted",
	[HOME_ENDORSE_DECIDE] = "endorse_decide",
	[HOME_ENDORSE_OVERDUE] = "endorse_overdue",
	[HOME_GROUP_ENDORSE_REPORTS] = "group_endorse_reports",
	[HOME_GROUP_ENDORSEMENTS] = "group_endorsements",
	[HOME_PROJECT_CHECKS] = "project_checks",
	[HOME_PROJECT_REPORTS] = "project_reports",
	[HOME_PROJECT_SELF_EVAL] = "project_self_eval",
	[HOME_PROJECT_COMMITTEE] = "project_committee",
	[HOME_ADOPT_APPLIED] = "adopt_applied",
	[HOME_ADOPT_ENDING] = "adopt_ending",
	[HOME_ADOPT_MISSING] = "adopt_missing",
};

/* An open round of a plan (the plan providers are called once per open round). */
struct home_round {
	long long plan_id;
	int fy;
	char *title, *opened_at;
	char *deadline;		/* the round's answer deadline "YYYY-MM-DD", NULL when none */
};

struct home_ctx {
	struct store *st;
	struct arena *a;
	const struct actor *who;
	struct home_awaits *out;
	int cap;
	struct home_round *rounds;	/* every open round, read once */
	int nrounds;
};

static struct home_panel *home_panel_add(struct home_ctx *c, enum home_kind kind)
{
	if (c->out->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 8;
		struct home_panel *p = arena_alloc(c->a, (size_t)cap * sizeof *p);
		if (!p)
			return NULL;
		if (c->out->n)
			memcpy(p, c->out->panels, (size_t)c->out->n * sizeof *p);
		c->out->panels = p;
		c->cap = cap;
	}
	struct home_panel *p = &c->out->panels[c->out->n++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->rows = arena_alloc(c->a, HOME_ROWS_MAX * sizeof *p->rows);
	return p->rows ? p : NULL;
}

static void home_panel_round(struct home_panel *p, const struct home_round *r)
{
	p->plan_id = r->plan_id;
	p->fy = r->fy;
	p->plan_title = r->title;
	p->deadline = r->deadline;
}

static char *home_dup(struct stmt *s, struct arena *a, int col)
{
	return stmt_is_null(s, col) ? NULL : stmt_text_dup(s, a, col);
}

/* One count statement with optional text argument. */
static int home_count(struct store *st, enum stmt_id id, const char *arg, int *n)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	if (arg)
		stmt_bind_text(s, 1, arg);
	int rc = stmt_step(s);
	*n = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* An instant (ISO UTC) shifted by months, as SQLite's '±N months' does it (the day kept,
 * an overflowing day carried into the next month). "" when iso is no instant or date. */
static void home_shift_months(const char *iso, int months, char out[21])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	out[0] = 0;
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return;
	if (strlen(iso) >= 19)
		sscanf(iso + 11, "%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon = tm.tm_mon - 1 + months;
	time_t t = timegm(&tm);	/* normalises the month and an overflowing day */
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int home_confirm_months(struct store *st)
{
	int m = org_setting_int(st, "org.confirm_months", 12);
	return m < 1 ? 12 : m;
}

/* ---- the plan: open rounds ---- */

static int home_round_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	(void)ctx;
	struct home_round *r = elem;
	r->plan_id = stmt_int(s, 0);
	r->fy = (int)stmt_int(s, 1);
	r->title = stmt_text_dup(s, a, 2);
	r->opened_at = stmt_text_dup(s, a, 3);
	r->deadline = stmt_is_null(s, 4) ? NULL : stmt_text_dup(s, a, 4);
	return r->title && r->opened_at && (r->deadline || stmt_is_null(s, 4)) ? 0 : STORE_ERR;
}

static int home_rounds_read(struct home_ctx *c)
{
	struct store_list l;
	int rc = store_list_read(c->st, c->a, STMT_HOME_OPEN_ROUNDS, NULL, 0, sizeof(struct home_round), home_round_row,
				 NULL, &l);
	if (rc == 0) {
		c->rounds = l.rows;
		c->nrounds = l.n;
	}
	return rc;
}

/* What the viewer may see of a round's answers, counted: the leaves of department dept
 * (0 = every department) grouped by their record's state, each group kept only when
 * plan_visibility lets the viewer see answers of that department in that state. */
struct home_tally { int items, answered, returned, submitted, hidden; };

static int home_round_tally(struct home_ctx *c, const struct home_round *r, long long dept, struct home_tally *t)
{
	memset(t, 0, sizeof *t);
	struct plan_view v;
	plan_view_init(&v, c->who, 0);	/* an open round is not published */
	struct stmt *s = store_prepare(c->st, STMT_HOME_ROUND_STATES);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, r->plan_id);
	stmt_bind_int(s, 2, r->fy);
	int rc;
	while ((rc = stmt_step(s)) == 1) {
		long long d = stmt_int(s, 0);
		const char *state = stmt_text(s, 1);
		int n = (int)stmt_int(s, 2), with_status = (int)stmt_int(s, 3);
		if (dept && d != dept)
			continue;
		if (!plan_view_answer(&v, d, state, 0)) {	/* an open round: nothing withheld */
			t->hidden += n;
			continue;
		}
		t->items += n;
		t->answered += with_status;
		if (strcmp(state, "returned") == 0)
			t->returned += n;
		else if (strcmp(state, "submitted") == 0)
			t->submitted += n;
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

struct home_item_ctx { struct plan_view v; long long dept; };

static int home_item_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct home_item_ctx *ic = ctx;
	struct home_row *row = elem;
	row->id = stmt_int(s, 0);
	row->code = stmt_text_dup(s, a, 1);
	row->title = stmt_text_dup(s, a, 2);
	/* the gate: a row the viewer may not see is not copied (the statement already asks
	 * for the viewer's own department; this keeps the rule in one place) */
	if (!plan_view_answer(&ic->v, ic->dept, stmt_text(s, 3), 0)) {
		memset(row, 0, sizeof *row);
		return 0;
	}
	row->comment = stmt_text_dup(s, a, 4);
	row->at = home_dup(s, a, 5);
	return row->code && row->title && row->comment ? 0 : STORE_ERR;
}

/* The first HOME_ROWS_MAX items of the viewer's department awaiting (returned 0: an
 * answer, 1: a new answer after being sent back) into p->rows. */
static int home_dept_items(struct home_ctx *c, const struct home_round *r, int returned, struct home_panel *p)
{
	struct home_item_ctx ic = { .dept = c->who->department_id };
	plan_view_init(&ic.v, c->who, 0);
	struct store_arg args[] = { SARG_INT(r->plan_id), SARG_INT(r->fy), SARG_INT(ic.dept), SARG_INT(returned),
				    SARG_INT(HOME_ROWS_MAX), SARG_END };
	struct store_list l;
	int rc = store_list_read(c->st, c->a, STMT_HOME_DEPT_ITEMS, args, HOME_ROWS_MAX, sizeof(struct home_row),
				 home_item_row, &ic, &l);
	if (rc != 0)
		return rc;
	const struct home_row *rows = l.rows;
	for (int i = 0; i < l.n; i++)
		if (rows[i].id)
			p->rows[p->nrows++] = rows[i];
	return 0;
}

/* Staff: when their department submitted the round (NULL when not). */
static int home_dept_submitted(struct home_ctx *c, const struct home_round *r, char **at)
{
	*at = NULL;
	struct stmt *s = store_prepare(c->st, STMT_ROUND_SUBMISSION_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, r->plan_id);
	stmt_bind_int(s, 2, r->fy);
	stmt_bind_int(s, 3, c->who->department_id);
	int rc = stmt_step(s);
	if (rc == 1)
		*at = home_dup(s, c->a, 0);
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* Staff: items of their department still without an answer. */
static int home_staff_to_answer(struct home_ctx *c, const struct home_round *r)
{
	struct home_tally t;
	if (c->who->department_id <= 0)
		return 0;
	int rc = home_round_tally(c, r, c->who->department_id, &t);
	if (rc != 0 || t.items == 0)
		return rc;	/* a round without items of theirs does not concern them */
	struct home_panel *p = home_panel_add(c, HOME_STAFF_TO_ANSWER);
	if (!p)
		return STORE_ERR;
	home_panel_round(p, r);
	p->count = t.items - t.answered;
	p->done = t.answered;
	p->total = t.items;
	if ((rc = home_dept_submitted(c, r, &p->submitted_at)) != 0)
		return rc;
	return p->count ? home_dept_items(c, r, 0, p) : 0;
}

/* Staff: items of their department the division sent back, with its comment. */
static int home_staff_returned(struct home_ctx *c, const struct home_round *r)
{
	struct home_tally t;
	if (c->who->department_id <= 0)
		return 0;
	int rc = home_round_tally(c, r, c->who->department_id, &t);
	if (rc != 0 || t.items == 0)
		return rc;
	struct home_panel *p = home_panel_add(c, HOME_STAFF_RETURNED);
	if (!p)
		return STORE_ERR;
	home_panel_round(p, r);
	p->count = t.returned;
	p->total = t.items;
	return p->count ? home_dept_items(c, r, 1, p) : 0;
}

/* Keeps in p->rows the HOME_ROWS_MAX departments furthest behind (the smallest share of
 * their items answered; the list's order among equals). */
static void home_behind_add(struct home_panel *p, const struct round_dept *d)
{
	struct home_row row = { .id = d->department_id, .title = d->department, .code = "", .comment = "",
				.done = d->answered, .total = d->items };
	int at = p->nrows;	/* the place of d: after every row no further behind */
	while (at > 0 && (long long)row.done * p->rows[at - 1].total < (long long)p->rows[at - 1].done * row.total)
		at--;
	if (at >= HOME_ROWS_MAX)
		return;
	int last = p->nrows < HOME_ROWS_MAX ? p->nrows : HOME_ROWS_MAX - 1;
	memmove(&p->rows[at + 1], &p->rows[at], (size_t)(last - at) * sizeof row);
	p->rows[at] = row;
	if (p->nrows < HOME_ROWS_MAX)
		p->nrows++;
}

/* The admin: the round's progress and the departments still answering. */
static int home_admin_round(struct home_ctx *c, const struct home_round *r)
{
	struct plan *pl;
	struct round_info ri;
	int rc = plan_get(c->st, c->a, r->plan_id, &pl);
	if (rc == 0)
		rc = plan_round_get(c->st, c->a, pl, r->fy, &ri);
	if (rc != 0)
		return rc;
	struct plan_view v;
	plan_view_init(&v, c->who, 0);
	struct home_panel *p = home_panel_add(c, HOME_ADMIN_ROUND);
	if (!p)
		return STORE_ERR;
	home_panel_round(p, r);
	for (int i = 0; i < ri.ndepts; i++) {
		const struct round_dept *d = &ri.depts[i];
		if (!plan_view_progress(&v, d->department_id))
			continue;
		p->total++;
		p->items += d->items;
		p->answered += d->answered;
		p->returned += d->returned;
		if (d->submitted_at) {
			p->done++;
			continue;
		}
		home_behind_add(p, d);
	}
	p->count = p->total - p->done;	/* departments still answering */
	return 0;
}

/* The committee: the answers submitted for its review (the rule shows it submitted
 * answers only), and which departments have submitted (a date, not an answer). */
static int home_committee_submitted(struct home_ctx *c, const struct home_round *r)
{
	struct plan *pl;
	struct round_info ri;
	struct home_tally t;
	int rc = plan_get(c->st, c->a, r->plan_id, &pl);
	if (rc == 0)
		rc = plan_round_get(c->st, c->a, pl, r->fy, &ri);
	if (rc == 0)
		rc = home_round_tally(c, r, 0, &t);
	if (rc != 0)
		return rc;
	struct home_panel *p = home_panel_add(c, HOME_COMMITTEE_SUBMITTED);
	if (!p)
		return STORE_ERR;
	home_panel_round(p, r);
	p->count = t.submitted;
	p->total = ri.ndepts;
	for (int i = 0; i < ri.ndepts; i++) {
		const struct round_dept *d = &ri.depts[i];
		if (!d->submitted_at)
			continue;
		p->done++;
		if (p->nrows < HOME_ROWS_MAX) {
			struct home_row *row = &p->rows[p->nrows++];
			row->id = d->department_id;
			row->title = d->department;
			row->code = row->comment = "";
			row->at = d->submitted_at;
		}
	}
	return 0;
}

/* ---- the registry: the center's queues ---- */

static int home_is_center(const struct actor *who)
{
	return who->role == ROLE_ADMIN || who->role == ROLE_COORDINATOR;
}

/* Rows of a queue: (id, name, at) or, for changes, (id, org id, name, at). */
static int home_queue_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	int with_org = *(const int *)ctx;
	struct home_row *row = elem;
	int col = 0;
	row->id = stmt_int(s, col++);
	row->org_id = with_org ? stmt_int(s, col++) : row->id;
	row->title = stmt_text_dup(s, a, col++);
	row->at = home_dup(s, a, col);
	row->code = row->comment = "";
	return row->title ? 0 : STORE_ERR;
}

static int home_queue(struct home_ctx *c, enum home_kind kind, enum stmt_id count_id, enum stmt_id list_id,
		      const char *cutoff, int with_org)
{
	if (!home_is_center(c->who))
		return 0;
	struct home_panel *p = home_panel_add(c, kind);
	if (!p)
		return STORE_ERR;
	int rc = home_count(c->st, count_id, cutoff, &p->count);
	if (rc != 0 || p->count == 0)
		return rc;
	struct store_arg with_cutoff[] = { SARG_TEXT(cutoff), SARG_INT(HOME_ROWS_MAX), SARG_END };
	struct store_arg plain[] = { SARG_INT(HOME_ROWS_MAX), SARG_END };
	struct store_list l;
	rc = store_list_read(c->st, c->a, list_id, cutoff ? with_cutoff : plain, HOME_ROWS_MAX,
			     sizeof(struct home_row), home_queue_row, &with_org, &l);
	if (rc != 0)
		return rc;
	memcpy(p->rows, l.rows, (size_t)l.n * sizeof *p->rows);
	p->nrows = l.n;
	return 0;
}

static int home_center_applications(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	return home_queue(c, HOME_CENTER_APPLICATIONS, STMT_HOME_APPLICATIONS_COUNT, STMT_HOME_APPLICATIONS, NULL, 0);
}

static int home_center_changes(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	return home_queue(c, HOME_CENTER_CHANGES, STMT_HOME_CHANGES_COUNT, STMT_HOME_CHANGES, NULL, 1);
}

/* Groups not confirmed for 'org.confirm_months' months (the registry's staleness flag). */
static int home_center_overdue(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	char now[24], cutoff[21];
	org_now(now);
	home_shift_months(now, -home_confirm_months(c->st), cutoff);
	if (!*cutoff)
		return STORE_ERR;
	return home_queue(c, HOME_CENTER_OVERDUE, STMT_HOME_OVERDUE_COUNT, STMT_HOME_OVERDUE, cutoff, 0);
}

/* ---- the registry: a group's own record ---- */

/* The group's own record (its account's org_id: a group sees only its own). */
static int home_own_org(struct home_ctx *c, struct org *o)
{
	if (c->who->role != ROLE_GROUP || c->who->org_id <= 0)
		return ORG_NOT_FOUND;
	return org_get(c->st, c->a, c->who->org_id, o);
}

static int home_group_profile(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	struct org o;
	struct org_change ch;
	int rc = home_own_org(c, &o);
	if (rc != 0)
		return rc == ORG_NOT_FOUND ? 0 : rc;
	struct home_panel *p = home_panel_add(c, HOME_GROUP_PROFILE);
	if (!p)
		return STORE_ERR;
	p->state = o.review;
	p->code = o.v[ORG_F_STATUS];
	p->name = o.v[ORG_F_NAME];
	p->at = *o.updated_at ? o.updated_at : NULL;
	rc = org_change_pending(c->st, c->a, o.id, &ch);
	if (rc == 0) {
		p->flag = 1;
		p->count = 1;	/* a change waits for the center */
		p->submitted_at = ch.submitted_at;
	}
	return rc == ORG_NOT_FOUND ? 0 : rc;
}

/* The yearly confirmation: state 0 not due, 1 the center asked, 2 overdue; at: when the
 * center asked or when last confirmed; deadline: when the next confirmation falls due. */
static int home_group_confirm(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	struct org o;
	int rc = home_own_org(c, &o);
	if (rc != 0)
		return rc == ORG_NOT_FOUND ? 0 : rc;
	if (o.review != ORG_APPROVED)
		return 0;	/* an application is not confirmed yearly */
	struct home_panel *p = home_panel_add(c, HOME_GROUP_CONFIRM);
	if (!p)
		return STORE_ERR;
	p->at = *o.confirmed_at ? o.confirmed_at : NULL;
	if (*o.confirmed_at) {
		char due[21];
		home_shift_months(o.confirmed_at, home_confirm_months(c->st), due);
		p->deadline = *due ? arena_strdup(c->a, due) : NULL;
	}
	if (*o.confirm_requested_at) {
		p->state = 1;
		p->submitted_at = o.confirm_requested_at;
	} else if ((rc = org_is_stale(c->st, &o)) > 0) {
		p->state = 2;
	} else if (rc < 0) {
		return rc;
	}
	p->count = p->state ? 1 : 0;
	return 0;
}

static void home_msg(struct home_panel *p, const char *code, char *comment, char *at)
{
	if (p->nrows >= HOME_ROWS_MAX)
		return;
	struct home_row *row = &p->rows[p->nrows++];
	row->code = (char *)code;
	row->title = "";
	row->comment = comment ? comment : "";
	row->at = at && *at ? at : NULL;
}

/* The center's messages to the group: its request to confirm, its last decision on a
 * change (with its comment), the comment on an application sent back; newest first. */
static int home_group_messages(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	struct org o;
	struct org_change ch;
	int rc = home_own_org(c, &o);
	if (rc != 0)
		return rc == ORG_NOT_FOUND ? 0 : rc;
	struct home_panel *p = home_panel_add(c, HOME_GROUP_MESSAGES);
	if (!p)
		return STORE_ERR;
	char *req_at = NULL, *req_msg = NULL;
	if (*o.confirm_requested_at) {
		int due = org_is_stale(c->st, &o) > 0;
		struct stmt *s = store_prepare(c->st, STMT_HOME_CONFIRM_REQUEST_LAST);
		if (!s)
			return STORE_ERR;
		stmt_bind_text(s, 1, o.confirm_requested_at);
		stmt_bind_int(s, 2, due);
		if ((rc = stmt_step(s)) == 1) {
			req_at = home_dup(s, c->a, 0);
			req_msg = home_dup(s, c->a, 1);
		}
		stmt_reset(s);
		if (rc < 0)
			return rc;
		if (!req_at)
			req_at = o.confirm_requested_at;
	}
	char *ch_at = NULL;
	rc = org_change_last_decided(c->st, c->a, o.id, &ch);
	if (rc == 0)
		ch_at = ch.decided_at;
	else if (rc != ORG_NOT_FOUND)
		return rc;
	/* newest first: ISO instants compare as text */
	int change_first = ch_at && (!req_at || strcmp(ch_at, req_at) > 0);
	if (ch_at && change_first)
		home_msg(p, strcmp(ch.state, "approved") == 0 ? HOME_MSG_CHANGE_APPROVED : HOME_MSG_CHANGE_REJECTED,
			 ch.comment, ch_at);
	if (req_at)
		home_msg(p, HOME_MSG_CONFIRM, req_msg, req_at);
	if (ch_at && !change_first)
		home_msg(p, strcmp(ch.state, "approved") == 0 ? HOME_MSG_CHANGE_APPROVED : HOME_MSG_CHANGE_REJECTED,
			 ch.comment, ch_at);
	if (o.review == ORG_RETURNED && *o.review_comment)
		home_msg(p, HOME_MSG_RETURNED, o.review_comment, o.updated_at);
	p->count = p->nrows;
	return 0;
}

/* ---- endorsements (後援名義): read through endorse_visibility (endorse_list) ---- */

static void home_endorse_rows(struct home_ctx *c, struct home_panel *p, const struct endorsement *e, int n, int due)
{
	for (int i = 0; i < n && p->nrows < HOME_ROWS_MAX; i++) {
		struct home_row *row = &p->rows[p->nrows++];
		row->id = e[i].id;
		row->org_id = e[i].org_id;
		row->title = e[i].title;
		row->code = due ? "" : (char *)endorse_state_names[e[i].state];
		row->comment = e[i].pending_kind >= 0 ? (char *)endorse_kind_names[e[i].pending_kind] : "";
		row->at = due ? e[i].report_due_on : e[i].starts_on;
	}
	(void)c;
}

static long long home_endorse_dept(const struct actor *who)
{
	return who->role == ROLE_STAFF ? who->department_id : 0;
}

static int home_endorse_decide(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	struct home_panel *p = home_panel_add(c, HOME_ENDORSE_DECIDE);
	if (!p)
		return STORE_ERR;
	struct endorsement *e;
	int n;
	struct endorse_filter f = { .department_id = home_endorse_dept(c->who), .pending = 1, .per_page = HOME_ROWS_MAX };
	int rc = endorse_list(c->st, c->a, c->who, &f, &e, &n, &p->count);
	if (rc == 0)
		home_endorse_rows(c, p, e, n, 0);
	return rc;
}

static int home_endorse_overdue(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	struct home_panel *p = home_panel_add(c, HOME_ENDORSE_OVERDUE);
	if (!p)
		return STORE_ERR;
	char today[11];
	endorse_today(today);
	struct endorsement *e;
	int n;
	int rc = endorse_unreported(c->st, c->a, c->who, today, 1, home_endorse_dept(c->who), 0, HOME_ROWS_MAX, &e, &n,
				    &p->count);
	if (rc == 0)
		home_endorse_rows(c, p, e, n, 1);
	return rc;
}

static int home_group_endorse_reports(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	if (c->who->org_id <= 0)
		return 0;
	struct home_panel *p = home_panel_add(c, HOME_GROUP_ENDORSE_REPORTS);
	if (!p)
		return STORE_ERR;
	char today[11];
	endorse_today(today);
	struct endorsement *e;
	int n;
	int rc = endorse_unreported(c->st, c->a, c->who, today, 0, 0, c->who->org_id, HOME_ROWS_MAX, &e, &n, &p->count);
	if (rc == 0)
		home_endorse_rows(c, p, e, n, 1);
	return rc;
}

static int home_group_endorsements(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	if (c->who->org_id <= 0)
		return 0;
	struct home_panel *p = home_panel_add(c, HOME_GROUP_ENDORSEMENTS);
	if (!p)
		return STORE_ERR;
	struct endorsement *e;
	int n, total;
	struct endorse_filter f = { .org_id = c->who->org_id, .pending = 1, .per_page = HOME_ROWS_MAX };
	int rc = endorse_list(c->st, c->a, c->who, &f, &e, &n, &p->count);	/* waiting for the city */
	if (rc == 0)
		home_endorse_rows(c, p, e, n, 0);
	struct endorse_filter all = { .org_id = c->who->org_id, .per_page = HOME_ROWS_MAX };
	if (rc == 0 && p->nrows < HOME_ROWS_MAX && (rc = endorse_list(c->st, c->a, c->who, &all, &e, &n, &total)) == 0)
		for (int i = 0; i < n && p->nrows < HOME_ROWS_MAX; i++)
			if (e[i].pending_kind < 0)	/* decided: the latest decisions */
				home_endorse_rows(c, p, &e[i], 1, 0);
	return rc;
}

/* ---- collaboration projects ---- */

/* The checklist points awaiting the viewer's side (domain/project_awaits.c); the panel is
 * shown only when something awaits, since most accounts have no project. */
static int home_project_checks(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	struct project_await *w;
	int n, total;
	int rc = project_awaits(c->st, c->a, c->who, &w, &n, &total);
	if (rc != 0 || n == 0)
		return rc;
	struct home_panel *p = home_panel_add(c, HOME_PROJECT_CHECKS);
	if (!p)
		return STORE_ERR;
	(void)total;
	p->count = n;	/* projects; each row says how many of its points await */
	for (int i = 0; i < n && p->nrows < HOME_ROWS_MAX; i++) {
		struct home_row *row = &p->rows[p->nrows++];
		row->id = w[i].project_id;
		row->title = w[i].title;
		row->code = arena_strdup(c->a, project_stage_names[w[i].stage]);
		row->total = w[i].open;
	}
	return 0;
}

/* Reports due, self-evaluations to hand in, committee scores to give
 * (domain/project_eval.h); each panel only when something awaits. */
static int home_project_due(struct home_ctx *c, enum home_kind kind)
{
	struct project_due *d;
	int n = 0, rc;
	if (kind == HOME_PROJECT_REPORTS) {
		time_t t = time(NULL) + 9 * 3600;	/* the fiscal year in Japan */
		struct tm tm;
		gmtime_r(&t, &tm);
		rc = project_reports_due(c->st, c->a, c->who,
					 wareki_fiscal_year_of(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), &d, &n);
	} else if (kind == HOME_PROJECT_SELF_EVAL)
		rc = project_self_evals_due(c->st, c->a, c->who, &d, &n);
	else
		rc = project_committee_due(c->st, c->a, c->who, &d, &n);
	if (rc != 0 || n == 0)
		return rc;
	struct home_panel *p = home_panel_add(c, kind);
	if (!p)
		return STORE_ERR;
	p->count = n;
	for (int i = 0; i < n && p->nrows < HOME_ROWS_MAX; i++) {
		struct home_row *row = &p->rows[p->nrows++];
		row->id = d[i].project_id;
		row->title = d[i].title;
	}
	return 0;
}

static int home_project_reports(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	return home_project_due(c, HOME_PROJECT_REPORTS);
}

static int home_project_self_eval(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	return home_project_due(c, HOME_PROJECT_SELF_EVAL);
}

static int home_project_committee(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	return home_project_due(c, HOME_PROJECT_COMMITTEE);
}

/* ---- adoptions (domain/adopt.h reads through its visibility rule) ---- */

/* The adoption panels (applications to decide, agreements ending soon, reports missing or
 * due), each only when it holds something: one read of the work fills the three. */
static int home_adopt(struct home_ctx *c, const struct home_round *r)
{
	(void)r;
	struct adopt_work w;
	int rc = adopt_work_load(c->st, c->a, c->who, NULL, &w);
	if (rc != 0)
		return rc;
	const struct {
		enum home_kind kind;
		const struct adopt_work_row *rows;
		int n;
	} panels[] = {
		{ HOME_ADOPT_APPLIED, w.applied, w.napplied },
		{ HOME_ADOPT_ENDING, w.ending, w.nending },
		{ HOME_ADOPT_MISSING, w.missing, w.nmissing },
	};
	for (size_t k = 0; k < sizeof panels / sizeof panels[0]; k++) {
		if (panels[k].n == 0)
			continue;
		struct home_panel *p = home_panel_add(c, panels[k].kind);
		if (!p)
			return STORE_ERR;
		p->count = panels[k].n;
		for (int i = 0; i < panels[k].n && p->nrows < HOME_ROWS_MAX; i++) {
			const struct adopt_work_row *w_ = &panels[k].rows[i];
			struct home_row *row = &p->rows[p->nrows++];
			row->id = w_->agreement_id;
			row->title = w_->place_name;
			row->comment = w_->org_name;
			row->at = w_->at;
			row->code = w_->fy ? arena_printf(c->a, "%d", w_->fy) : "";
		}
	}
	return 0;
}

/* ---- the table ---- */

struct home_provider {
	unsigned roles;
	int per_round;		/* called once per open round */
	int (*fill)(struct home_ctx *c, const struct home_round *r);
};

static const struct home_provider home_providers[] = {
	{ ROLE_BIT(ROLE_STAFF), 1, home_staff_to_answer },
	{ ROLE_BIT(ROLE_STAFF), 1, home_staff_returned },
	{ ROLE_BIT(ROLE_COORDINATOR), 0, home_center_applications },
	{ ROLE_BIT(ROLE_COORDINATOR), 0, home_center_changes },
	{ ROLE_BIT(ROLE_COORDINATOR), 0, home_center_overdue },
	{ ROLE_BIT(ROLE_GROUP), 0, home_group_profile },
	{ ROLE_BIT(ROLE_GROUP), 0, home_group_confirm },
	{ ROLE_BIT(ROLE_GROUP), 0, home_group_messages },
	{ ROLE_BIT(ROLE_ADMIN), 1, home_admin_round },
	{ ROLE_BIT(ROLE_COMMITTEE), 1, home_committee_submitted },
	{ ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_ADMIN), 0, home_endorse_decide },
	{ ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_ADMIN), 0, home_endorse_overdue },
	{ ROLE_BIT(ROLE_GROUP), 0, home_group_endorse_reports },
	{ ROLE_BIT(ROLE_GROUP), 0, home_group_endorsements },
	{ ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_GROUP), 0, home_project_checks },
	{ ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_GROUP), 0, home_project_reports },
	{ ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_GROUP), 0, home_project_self_eval },
	{ ROLE_BIT(ROLE_COMMITTEE), 0, home_project_committee },
	{ ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_GROUP), 0, home_adopt },
	{ 0, 0, NULL },
};

int home_awaits_load(struct store *st, struct arena *a, const struct actor *who, struct home_awaits *out)
{
	memset(out, 0, sizeof *out);
	if (!who || who->role <= ROLE_PUBLIC || who->role >= ROLE__MAX)
		return 0;
	struct home_ctx c = { .st = st, .a = a, .who = who, .out = out };
	int rc = 0, rounds_read = 0;
	for (const struct home_provider *pv = home_providers; pv->fill && rc == 0; pv++) {
		if (!(pv->roles & ROLE_BIT(who->role)))
			continue;
		if (!pv->per_round) {
			rc = pv->fill(&c, NULL);
			continue;
		}
		if (!rounds_read && (rc = home_rounds_read(&c)) != 0)
			break;
		rounds_read = 1;
		for (int i = 0; i < c.nrounds && rc == 0; i++)
			rc = pv->fill(&c, &c.rounds[i]);
	}
	return rc;
}
