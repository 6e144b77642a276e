/* plan_rollup: counts of a plan's items by status group for one fiscal year, per
 * priority class or per branch at a chosen depth, with a total row. Computed from the
 * loaded tree in one pass, so the numbers always follow the rows (seed 003's published
 * summary lines do not; ours cannot drift). The tree holds only the answers its viewer may
 * see (plan_visibility.h), so a rollup counts exactly those: the ones left out are counted
 * in `hidden`, and a year not yet published is marked `provisional` (速報). */
#include "domain/plan.h"
#include "domain/plan_internal.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>

const char *const rollup_by_names[ROLLUP__MAX] = { "priority", "branch" };

void rollup_percent(int count, int total, char *out, size_t n)
{
	if (total <= 0) {
		snprintf(out, n, "0.00");
		return;
	}
	/* integer arithmetic, half up, so 2/3 is 66.67 on every machine */
	long long hundredths = ((long long)count * 10000 * 2 + total) / (2LL * total);
	snprintf(out, n, "%lld.%02lld", hundredths / 100, hundredths % 100);
}

static int rollup_group_of(const struct plan *p, const struct plan_year *y)
{
	if (!y->present || !y->status)
		return -1;
	for (int i = 0; i < p->nstatuses; i++)
		if (p->statuses[i].id == y->status_id)
			return p->statuses[i].group_index;
	return -1;
}

static void rollup_count(struct rollup_row *row, int g)
{
	row->counts[g]++;
	row->total++;
}

static int rollup_row_init(struct rollup_acc *acc, struct rollup_row *row)
{
	memset(row, 0, sizeof *row);
	row->counts = arena_alloc(acc->a, (size_t)acc->ng * sizeof(int));
	return row->counts ? 0 : -1;
}

int plan_rollup_begin(struct rollup_acc *acc, const struct plan *p, struct arena *a, int fy, int published,
		      enum rollup_by by, int depth, struct rollup *out)
{
	memset(acc, 0, sizeof *acc);
	memset(out, 0, sizeof *out);
	acc->p = p;
	acc->a = a;
	acc->by = by;
	acc->depth = depth < 1 ? 1 : depth;
	acc->ng = p->ngroups ? p->ngroups : 1;
	acc->cur = -1;
	acc->out = out;
	out->fy = fy;
	out->provisional = fy && !published;
	out->ngroups = p->ngroups;
	out->groups = p->groups;
	if (rollup_row_init(acc, &out->total) != 0)
		return -1;
	out->total.label = "total";
	if (by == ROLLUP_PRIORITY) {	/* one row per class, then "(none)" */
		acc->cap = out->nrows = p->npriorities + 1;
		if (!(out->rows = arena_alloc(a, (size_t)out->nrows * sizeof *out->rows)))
			return -1;
		for (int i = 0; i < out->nrows; i++) {
			if (rollup_row_init(acc, &out->rows[i]) != 0)
				return -1;
			out->rows[i].label = i < p->npriorities ? p->priorities[i].label : "(none)";
			out->rows[i].title = i < p->npriorities ? p->priorities[i].description : NULL;
		}
	}
	return 0;
}

/* A new branch row (the nodes at `depth`), growing the array as the rows come. */
static int rollup_new_row(struct rollup_acc *acc, const struct plan_node *nd)
{
	struct rollup *out = acc->out;
	if (out->nrows == acc->cap) {
		int cap = acc->cap ? acc->cap * 2 : 16;
		struct rollup_row *rows = arena_alloc(acc->a, (size_t)cap * sizeof *rows);
		if (!rows)
			return -1;
		if (out->nrows)
			memcpy(rows, out->rows, (size_t)out->nrows * sizeof *rows);
		out->rows = rows;
		acc->cap = cap;
	}
	struct rollup_row *row = &out->rows[out->nrows];
	if (rollup_row_init(acc, row) != 0)
		return -1;
	row->label = arena_strdup(acc->a, nd->code);
	row->title = arena_strdup(acc->a, nd->title);
	if (!row->label || !row->title)
		return -1;
	acc->cur = out->nrows++;
	return 0;
}

int plan_rollup_add(struct rollup_acc *acc, const struct plan_node *nd)
{
	const struct plan *p = acc->p;
	struct rollup *out = acc->out;
	int r = -1;
	if (acc->by == ROLLUP_PRIORITY) {
		if (nd->nchildren == 0 || nd->y.status) {
			r = p->npriorities;
			for (int k = 0; k < p->npriorities; k++)
				if (p->priorities[k].id == nd->priority_id)
					r = k;
		}
	} else {
		/* in tree order, a node below `depth` belongs to the last node at `depth` */
		if (nd->depth == acc->depth) {
			if (rollup_new_row(acc, nd) != 0)
				return -1;
		} else if (nd->depth < acc->depth) {
			acc->cur = -1;
		}
		r = nd->depth >= acc->depth ? acc->cur : -1;
	}
	if (r < 0)
		return 0;
	struct rollup_row *row = &out->rows[r];
	if (acc->by == ROLLUP_BRANCH && nd->depth == acc->depth + 1 && nd->nchildren > 0) {
		row->branches++;
		out->total.branches++;
	}
	if (nd->nchildren == 0) {
		row->items++;
		out->total.items++;
		out->hidden += nd->y.hidden;
	}
	int g = rollup_group_of(p, &nd->y);
	if (g >= 0) {
		rollup_count(row, g);
		rollup_count(&out->total, g);
	}
	return 0;
}

int plan_rollup(const struct plan_tree *t, struct arena *a, enum rollup_by by, int depth, struct rollup *out)
{
	struct rollup_acc acc;
	if (plan_rollup_begin(&acc, t->plan, a, t->fy, t->published, by, depth, out) != 0)
		return -1;
	for (int i = 0; i < t->n; i++)
		if (plan_rollup_add(&acc, &t->nodes[i]) != 0)
			return -1;
	return 0;
}
