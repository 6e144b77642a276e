/* plan_publish: what is still open in a round, department by department, and publishing
 * safely (see plan_round.h). The figures come from one reading of the plan's items, row
 * by row, so that the confirmation page costs the same for 17 items as for 100,000 (only
 * the first PLAN_OPEN_LIST_MAX open items of each department are kept by name). */
#include "domain/plan_round.h"
#include "domain/plan_internal.h"
#include "domain/plan_visibility.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const plan_open_kind_names[OPEN__MAX] = { "unanswered", "draft", "returned" };

/* Columns of STMT_ROUND_OPEN_ITEMS. */
enum { OC_ID, OC_CODE, OC_TITLE, OC_DEPT, OC_DEPT_NAME, OC_HAS_STATUS, OC_STATE, OC_SUBMITTED };

/* The kind of open an item is, or -1 when its answer stands (submitted, or the division's
 * own answer for an item without a department). */
static int open_kind_of(long long dept, int has_status, const char *state)
{
	if (strcmp(state, "returned") == 0)
		return OPEN_RETURNED;
	if (!has_status)
		return OPEN_UNANSWERED;
	if (dept > 0 && strcmp(state, "submitted") != 0)
		return OPEN_DRAFT;
	return -1;
}

struct open_acc {
	struct arena *a;
	struct plan_open *out;
	const struct plan_view *v;
	int cap;
	struct plan_open_dept *cur;	/* the department being read, NULL when skipped */
	long long cur_id;
	int started;
};

static struct plan_open_dept *open_new_dept(struct open_acc *acc, struct stmt *s, long long dept)
{
	struct plan_open *o = acc->out;
	if (o->ndepts == acc->cap) {
		int cap = acc->cap ? acc->cap * 2 : 16;
		struct plan_open_dept *d = arena_alloc(acc->a, (size_t)cap * sizeof *d);
		if (!d)
			return NULL;
		if (o->ndepts)
			memcpy(d, o->depts, (size_t)o->ndepts * sizeof *d);
		o->depts = d;
		acc->cap = cap;
	}
	struct plan_open_dept *d = &o->depts[o->ndepts++];
	memset(d, 0, sizeof *d);
	d->department_id = dept;
	d->department = dept && stmt_text(s, OC_DEPT_NAME) ? arena_strdup(acc->a, stmt_text(s, OC_DEPT_NAME)) : NULL;
	d->submitted_at = stmt_text(s, OC_SUBMITTED) ? arena_strdup(acc->a, stmt_text(s, OC_SUBMITTED)) : NULL;
	d->listed = arena_alloc(acc->a, PLAN_OPEN_LIST_MAX * sizeof *d->listed);
	return d->listed ? d : NULL;
}

static int open_row(struct open_acc *acc, struct stmt *s)
{
	long long dept = stmt_int(s, OC_DEPT);
	if (!acc->started || dept != acc->cur_id) {
		acc->started = 1;
		acc->cur_id = dept;
		acc->cur = NULL;
		/* the items without a department are the division's: shown to who sees its progress */
		if (plan_view_progress(acc->v, dept) && !(acc->cur = open_new_dept(acc, s, dept)))
			return STORE_ERR;
	}
	struct plan_open_dept *d = acc->cur;
	if (!d)
		return 0;
	int kind = open_kind_of(dept, (int)stmt_int(s, OC_HAS_STATUS), stmt_text(s, OC_STATE));
	d->items++;
	acc->out->items++;
	if (kind < 0)
		return 0;
	d->open++;
	d->counts[kind]++;
	acc->out->open++;
	acc->out->counts[kind]++;
	if (d->nlisted < PLAN_OPEN_LIST_MAX) {
		struct plan_open_item *it = &d->listed[d->nlisted++];
		it->id = stmt_int(s, OC_ID);
		it->code = arena_strdup(acc->a, stmt_text(s, OC_CODE));
		it->title = arena_strdup(acc->a, stmt_text(s, OC_TITLE));
		it->kind = (enum plan_open_kind)kind;
	}
	return arena_over(acc->a) ? STORE_ERR : 0;
}

int plan_round_open_items(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
			  struct plan_open *out)
{
	memset(out, 0, sizeof *out);
	struct plan_view v;
	int rc = plan_view_open(st, viewer, p->id, fy, &v);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_ROUND_OPEN_ITEMS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	struct open_acc acc = { .a = a, .out = out, .v = &v };
	while ((rc = stmt_step(s)) == 1)
		if ((rc = open_row(&acc, s)) != 0)
			break;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* Only the counts, inside the publishing transaction (the viewer is the division). */
static int open_counts(struct store *st, const struct plan *p, int fy, int counts[OPEN__MAX], int *open)
{
	struct stmt *s = store_prepare(st, STMT_ROUND_OPEN_ITEMS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	int rc;
	*open = 0;
	memset(counts, 0, OPEN__MAX * sizeof *counts);
	while ((rc = stmt_step(s)) == 1) {
		int kind = open_kind_of(stmt_int(s, OC_DEPT), (int)stmt_int(s, OC_HAS_STATUS), stmt_text(s, OC_STATE));
		if (kind >= 0) {
			counts[kind]++;
			(*open)++;
		}
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

#define PUBLISH_REASON_MAX 2000

int plan_publish_check(int open, const struct plan_publish_input *in, struct problems *ps)
{
	int n0 = ps->n;
	const char *problem = in->reason ? jtext_text_problem(in->reason, 1) : NULL;
	if (problem)
		problems_add(ps, "reason", problem);
	else if (in->reason && strlen(in->reason) > PUBLISH_REASON_MAX)
		problems_add(ps, "reason", N_("The reason is too long (at most 2,000 bytes)."));
	if (open > 0 && !in->with_open)
		problems_add(ps, "with_open",
			     N_("Some items are still open: to publish now, choose to publish them as 未回答 (no answer)."));
	if (open > 0 && (!in->reason || !*in->reason) && !problem)
		problems_add(ps, "reason", N_("Say why the year is published while items are still open: a reason is required."));
	return ps->n - n0;
}

int plan_round_publish(struct store *st, const struct actor *who, const struct plan *p, int fy,
		       const struct plan_publish_input *in, char *err, size_t errlen)
{
	static const struct plan_publish_input none = { 0, NULL };
	if (!in)
		in = &none;
	if (plan_round_admin_only(who, err, errlen))
		return -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (plan_round_state(st, p->id, fy) != ROUND_OPEN) {
		store_rollback(st);
		return plan_err(err, errlen, "Only an open round can be published."), -1;
	}
	int counts[OPEN__MAX], open = 0;
	if ((rc = open_counts(st, p, fy, counts, &open)) != 0) {
		store_rollback(st);
		return rc;
	}
	struct problems ps = { 0 };
	if (plan_publish_check(open, in, &ps)) {	/* decided inside the transaction: nothing slips in between */
		store_rollback(st);
		return plan_err(err, errlen, ps.p[0].msgid), -1;
	}
	struct stmt *s;
	if (open > 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_ROUND_WITHHOLD))) {
			stmt_bind_int(s, 1, p->id);
			stmt_bind_int(s, 2, fy);
			rc = stmt_exec(s);
		}
	}
	if (rc == 0 && (rc = plan_round_set_state(st, p, fy, "open", "published")) == 1) {
		store_rollback(st);	/* another process published it first */
		return plan_err(err, errlen, "Only an open round can be published."), -1;
	}
	char link[96];
	snprintf(link, sizeof link, "/reports/%lld/%d", p->id, fy);
	if (rc == 0)	/* the departments: their answers are public now */
		rc = plan_round_notice(st, p, fy, NOTICE_YEAR_PUBLISHED, 0, link, NULL);
	if (rc == 0)
		rc = plan_round_audit(st, who, "publish", p, fy, "{\"state\":\"open\"}",
				      json_pack("{s:s,s:s,s:b,s:i,s:i,s:i,s:i}", "state", "published", "reason",
						in->reason ? in->reason : "", "with_open", open > 0, "open", open,
						"unanswered", counts[OPEN_UNANSWERED], "draft", counts[OPEN_DRAFT],
						"returned", counts[OPEN_RETURNED]));
	return plan_round_tx(st, rc);
}
