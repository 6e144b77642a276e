/* plan_awaits: what awaits each person in the plan module (see plan_awaits.h). Built on
 * the round's figures (plan_round_get), the walk (plan_walk.h, which applies the
 * visibility rule) and the opinions reader, over the open rounds of every plan. */
#include "domain/plan_awaits.h"
#include "domain/plan.h"
#include "domain/plan_opinion.h"
#include "domain/plan_visibility.h"
#include "domain/plan_walk.h"
#include "store/store.h"
#include "util/arena.h"
#include <string.h>

struct open_round {
	long long plan_id;
	int fy;
	char *title, *deadline;
};

static int open_round_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct open_round *o = elem;
	(void)ctx;
	o->plan_id = stmt_int(s, 0);
	o->fy = (int)stmt_int(s, 1);
	o->title = stmt_text_dup(s, a, 2);
	o->deadline = stmt_is_null(s, 3) ? NULL : stmt_text_dup(s, a, 3);
	return arena_over(a) ? STORE_ERR : 0;
}

static int open_rounds(struct store *st, struct arena *a, struct open_round **out, int *n)
{
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ROUND_OPEN_ALL, NULL, 0, sizeof(struct open_round), open_round_row, NULL, &l);
	*out = l.rows;
	*n = rc == 0 ? l.n : 0;
	return rc;
}

static void *awaits_grow(struct arena *a, void *arr, int n, int *cap, size_t size)
{
	if (n < *cap)
		return arr;
	int c = *cap ? *cap * 2 : 4;
	void *b = arena_alloc(a, (size_t)c * size);
	if (b && n)
		memcpy(b, arr, (size_t)n * size);
	*cap = c;
	return b;
}

/* ---- staff ---- */

struct staff_walk {
	struct arena *a;
	struct plan_staff_work *w;
};

static int staff_returned_row(void *ctx, const struct plan_node *nd)
{
	struct staff_walk *sw = ctx;
	if (!nd->y.present || !nd->y.state || strcmp(nd->y.state, "returned") != 0)
		return 0;
	if (sw->w->nreturned >= PLAN_AWAITS_LIST_MAX)
		return 0;
	struct plan_await_item *it = &sw->w->returned_items[sw->w->nreturned++];
	it->id = nd->id;
	it->code = arena_strdup(sw->a, nd->code);
	it->title = arena_strdup(sw->a, nd->title);
	it->comment = arena_strdup(sw->a, nd->y.return_comment ? nd->y.return_comment : "");
	return arena_over(sw->a) ? STORE_ERR : 0;
}

static int staff_branch_row(void *ctx, const struct plan_node *nd)
{
	(void)nd;
	((struct plan_staff_work *)ctx)->branches++;
	return 0;
}

static int staff_one(struct store *st, struct arena *a, const struct actor *who, const struct open_round *o,
		     struct plan_staff_work *w, int *found)
{
	struct plan *p;
	struct round_info ri;
	int rc = plan_get(st, a, o->plan_id, &p);
	if (rc == 0)
		rc = plan_round_get(st, a, p, o->fy, &ri);
	if (rc != 0)
		return rc;
	*found = 0;
	memset(w, 0, sizeof *w);
	struct plan_walk_opts bo = { .fy = o->fy, .scope = WALK_DEPT_BRANCHES, .arg = who->department_id };
	if ((rc = plan_walk(st, p, who, &bo, staff_branch_row, w)) != 0)
		return rc;
	for (int i = 0; i < ri.ndepts; i++) {
		const struct round_dept *d = &ri.depts[i];
		if (d->department_id != who->department_id)
			continue;
		w->items = d->items;
		w->to_answer = d->items - d->answered;
		w->returned = d->returned;
		w->submitted_at = d->submitted_at;
		w->late = d->late;
		w->reminded_at = d->reminded_at;
	}
	if (!w->items && !w->branches)
		return 0;
	*found = 1;
	w->plan_id = o->plan_id;
	w->plan_title = o->title;
	w->fy = o->fy;
	w->deadline = o->deadline;
	w->returned_items = arena_alloc(a, PLAN_AWAITS_LIST_MAX * sizeof *w->returned_items);
	if (!w->returned_items)
		return STORE_ERR;
	if (!w->returned)
		return 0;
	struct staff_walk sw = { a, w };
	struct plan_walk_opts io = { .fy = o->fy, .scope = WALK_DEPT_ITEMS, .arg = who->department_id };
	return plan_walk(st, p, who, &io, staff_returned_row, &sw);
}

int plan_awaits_staff(struct store *st, struct arena *a, const struct actor *who, struct plan_staff_work **out,
		      int *n)
{
	struct open_round *rs;
	int nr, cap = 0, rc;
	*out = NULL;
	*n = 0;
	if (!who || who->role != ROLE_STAFF || who->department_id <= 0)
		return 0;
	if ((rc = open_rounds(st, a, &rs, &nr)) != 0)
		return rc;
	for (int i = 0; i < nr; i++) {
		struct plan_staff_work w;
		int found;
		if ((rc = staff_one(st, a, who, &rs[i], &w, &found)) != 0)
			return rc;
		if (!found)
			continue;
		if (!(*out = awaits_grow(a, *out, *n, &cap, sizeof **out)))
			return STORE_ERR;
		(*out)[(*n)++] = w;
	}
	return 0;
}

/* ---- the committee ---- */

int plan_awaits_committee(struct store *st, struct arena *a, const struct actor *who,
			  struct plan_committee_work **out, int *n)
{
	struct open_round *rs;
	int nr, cap = 0, rc;
	*out = NULL;
	*n = 0;
	if (!who || who->role != ROLE_COMMITTEE)
		return 0;
	if ((rc = open_rounds(st, a, &rs, &nr)) != 0)
		return rc;
	for (int i = 0; i < nr; i++) {
		struct plan *p;
		struct round_info ri;
		struct plan_opinion *ops;
		int nops;
		if ((rc = plan_get(st, a, rs[i].plan_id, &p)) != 0 || (rc = plan_round_get(st, a, p, rs[i].fy, &ri)) != 0 ||
		    (rc = plan_opinion_list(st, a, p, rs[i].fy, who, PLAN_OPINIONS_ALL, &ops, &nops)) != 0)
			return rc;
		if (!(*out = awaits_grow(a, *out, *n, &cap, sizeof **out)))
			return STORE_ERR;
		struct plan_committee_work *w = &(*out)[(*n)++];
		memset(w, 0, sizeof *w);
		w->plan_id = rs[i].plan_id;
		w->plan_title = rs[i].title;
		w->fy = rs[i].fy;
		w->deadline = rs[i].deadline;
		/* submission dates are not answers: the committee sees who has submitted */
		for (int k = 0; k < ri.ndepts; k++) {
			w->depts++;
			w->items += ri.depts[k].items;
			if (ri.depts[k].submitted_at) {
				w->depts_submitted++;
				w->items_submitted += ri.depts[k].items;
			}
		}
		for (int k = 0; k < nops; k++)
			w->my_opinions += ops[k].user_id == who->user_id;
	}
	return 0;
}

/* ---- the division ---- */

int plan_awaits_admin(struct store *st, struct arena *a, const struct actor *who, struct plan_round_progress **out,
		      int *n)
{
	struct open_round *rs;
	int nr, cap = 0, rc;
	*out = NULL;
	*n = 0;
	if (!who || who->role != ROLE_ADMIN)
		return 0;
	if ((rc = open_rounds(st, a, &rs, &nr)) != 0)
		return rc;
	for (int i = 0; i < nr; i++) {
		struct plan *p;
		struct round_info ri;
		if ((rc = plan_get(st, a, rs[i].plan_id, &p)) != 0 || (rc = plan_round_get(st, a, p, rs[i].fy, &ri)) != 0)
			return rc;
		struct plan_view v;
		plan_view_init(&v, who, 0);
		if (!(*out = awaits_grow(a, *out, *n, &cap, sizeof **out)))
			return STORE_ERR;
		struct plan_round_progress *w = &(*out)[(*n)++];
		memset(w, 0, sizeof *w);
		w->plan_id = rs[i].plan_id;
		w->plan_title = rs[i].title;
		w->fy = rs[i].fy;
		w->deadline = rs[i].deadline;
		for (int k = 0; k < ri.ndepts; k++) {
			const struct round_dept *d = &ri.depts[k];
			if (!plan_view_progress(&v, d->department_id))
				continue;
			w->depts++;
			w->depts_submitted += d->submitted_at != NULL;
			w->depts_late += d->late;
			w->items += d->items;
			w->answered += d->answered;
			w->returned += d->returned;
		}
		if ((rc = plan_opinion_count(st, p, rs[i].fy)) < 0)
			return rc;
		w->opinions = rc;
	}
	return 0;
}
