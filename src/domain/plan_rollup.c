/* plan_rollup: counts of a plan's items for one fiscal year — by status group per priority
 * class or per branch at a chosen depth, or by grade band per branch — with a total row.
 * Computed from the rows in one pass, so the numbers always follow the rows (seed 003's
 * published summary lines do not; ours cannot drift). The rows hold only the answers their
 * viewer may see (plan_visibility.h), so a rollup counts exactly those: the ones left out
 * are counted in `hidden`, and a year not yet published is marked `provisional` (速報).
 * Items without an answer are counted as 未回答, so the denominator is every item asked
 * (issue 8 §1: a published year with open items shows them, never a smaller total). */
#include "domain/plan.h"
#include "domain/plan_internal.h"
#include "util/arena.h"
#include <stdio.h>
#include <string.h>

const char *const rollup_by_names[ROLLUP__MAX] = { "priority", "branch", "grade" };

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

int rollup_has_unanswered(const struct rollup *ru)
{
	return ru->by != ROLLUP_GRADE && ru->total.unanswered > 0;
}

static int rollup_fold_row(const struct rollup *in, struct arena *a, const struct rollup_row *row,
			   struct rollup_row *out)
{
	*out = *row;
	out->counts = arena_alloc(a, (size_t)(in->ngroups + 1) * sizeof(int));
	if (!out->counts)
		return -1;
	for (int g = 0; g < in->ngroups; g++)
		out->counts[g] = row->counts ? row->counts[g] : 0;
	out->counts[in->ngroups] = row->unanswered;
	return 0;
}

int rollup_fold_unanswered(const struct rollup *in, struct arena *a, struct rollup *out)
{
	*out = *in;
	if (!rollup_has_unanswered(in))
		return 0;
	out->ngroups = in->ngroups + 1;
	out->groups = arena_alloc(a, (size_t)out->ngroups * sizeof *out->groups);
	out->rows = arena_alloc(a, (size_t)(in->nrows ? in->nrows : 1) * sizeof *out->rows);
	if (!out->groups || !out->rows)
		return -1;
	for (int g = 0; g < in->ngroups; g++)
		out->groups[g] = in->groups[g];
	out->groups[in->ngroups] = ROLLUP_UNANSWERED_LABEL;
	for (int i = 0; i < in->nrows; i++)
		if (rollup_fold_row(in, a, &in->rows[i], &out->rows[i]) != 0)
			return -1;
	return rollup_fold_row(in, a, &in->total, &out->total);
}

/* The status group of an answer, or -1 when it has none the viewer may see. */
static int rollup_group_of(const struct plan *p, const struct plan_year *y)
{
	if (!y->present || !y->status)
		return -1;
	for (int i = 0; i < p->nstatuses; i++)
		if (p->statuses[i].id == y->status_id)
			return p->statuses[i].group_index;
	return -1;
}

/* The grade band of an answer's achievement (index in p->grades), or -1. */
static int rollup_grade_of(const struct plan *p, const struct plan_year *y)
{
	if (!y->present || !y->has_achievement)
		return -1;
	for (int i = 0; i < p->ngrades; i++)	/* sorted by min_percent desc */
		if (y->achievement >= p->grades[i].min_percent)
			return i;
	return -1;
}

static int rollup_row_init(struct rollup_acc *acc, struct rollup_row *row)
{
	memset(row, 0, sizeof *row);
	row->counts = arena_alloc(acc->a, (size_t)acc->ng * sizeof(int));
	if (row->counts)
		memset(row->counts, 0, (size_t)acc->ng * sizeof(int));
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
	acc->cur = -1;
	acc->out = out;
	out->by = by;
	out->fy = fy;
	out->provisional = fy && !published;
	if (by == ROLLUP_GRADE) {
		out->ngroups = p->ngrades;
		out->groups = arena_alloc(a, (size_t)(p->ngrades ? p->ngrades : 1) * sizeof *out->groups);
		if (!out->groups)
			return -1;
		for (int i = 0; i < p->ngrades; i++)
			out->groups[i] = p->grades[i].label;
	} else {
		out->ngroups = p->ngroups;
		out->groups = p->groups;
	}
	acc->ng = out->ngroups ? out->ngroups : 1;
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

/* The row a node counts in, or -1 (a node above the rollup's depth). */
static int rollup_row_of(struct rollup_acc *acc, const struct plan_node *nd)
{
	const struct plan *p = acc->p;
	if (acc->by == ROLLUP_PRIORITY) {
		if (nd->nchildren != 0 && !nd->y.status)
			return -1;
		for (int k = 0; k < p->npriorities; k++)
			if (p->priorities[k].id == nd->priority_id)
				return k;
		return p->npriorities;
	}
	/* in tree order, a node below `depth` belongs to the last node at `depth` */
	if (nd->depth == acc->depth) {
		if (rollup_new_row(acc, nd) != 0)
			return -2;
	} else if (nd->depth < acc->depth) {
		acc->cur = -1;
	}
	return nd->depth >= acc->depth ? acc->cur : -1;
}

static void rollup_count(struct rollup_row *row, struct rollup_row *total, int g, int unanswered)
{
	if (g >= 0) {
		row->counts[g]++;
		total->counts[g]++;
	}
	row->unanswered += unanswered;
	total->unanswered += unanswered;
	row->total++;
	total->total++;
}

int plan_rollup_add(struct rollup_acc *acc, const struct plan_node *nd)
{
	struct rollup *out = acc->out;
	int r = rollup_row_of(acc, nd);
	if (r == -2)
		return -1;
	if (r < 0)
		return 0;
	struct rollup_row *row = &out->rows[r];
	if (acc->by != ROLLUP_PRIORITY && nd->depth == acc->depth + 1 && nd->nchildren > 0) {
		row->branches++;
		out->total.branches++;
	}
	if (nd->nchildren == 0 && nd->ended_fy)	/* ended in an earlier year: not asked */
		return 0;
	if (nd->nchildren == 0) {
		row->items++;
		out->total.items++;
		out->hidden += nd->y.hidden;
	}
	if (acc->by == ROLLUP_GRADE) {
		int g = nd->nchildren == 0 ? rollup_grade_of(acc->p, &nd->y) : -1;
		if (g >= 0)
			rollup_count(row, &out->total, g, 0);
		return 0;
	}
	int g = rollup_group_of(acc->p, &nd->y);
	if (g >= 0)
		rollup_count(row, &out->total, g, 0);
	else if (nd->nchildren == 0 && !nd->y.hidden)	/* no answer: 未回答, in the denominator */
		rollup_count(row, &out->total, -1, 1);
	return 0;
}

void plan_rollup_end(struct rollup_acc *acc)
{
	struct rollup *out = acc->out;
	if (acc->by != ROLLUP_PRIORITY || out->nrows == 0)
		return;
	const struct rollup_row *none = &out->rows[out->nrows - 1];
	if (none->items == 0 && none->total == 0)	/* no item lacks a class */
		out->nrows--;
}

int plan_rollup(const struct plan_tree *t, struct arena *a, enum rollup_by by, int depth, struct rollup *out)
{
	struct rollup_acc acc;
	if (plan_rollup_begin(&acc, t->plan, a, t->fy, t->published, by, depth, out) != 0)
		return -1;
	for (int i = 0; i < t->n; i++)
		if (plan_rollup_add(&acc, &t->nodes[i]) != 0)
			return -1;
	plan_rollup_end(&acc);
	return 0;
}
