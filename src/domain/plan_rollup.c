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

int plan_rollup(const struct plan_tree *t, struct arena *a, enum rollup_by by, int depth, struct rollup *out)
{
	const struct plan *p = t->plan;
	memset(out, 0, sizeof *out);
	out->fy = t->fy;
	out->provisional = t->fy && !t->published;
	out->ngroups = p->ngroups;
	out->groups = p->groups;
	int ng = p->ngroups ? p->ngroups : 1;
	out->total.label = "total";
	out->total.counts = arena_alloc(a, (size_t)ng * sizeof(int));
	if (!out->total.counts)
		return -1;
	if (depth < 1)
		depth = 1;

	int nrows = 0;
	int *row_of = arena_alloc(a, (size_t)(t->n ? t->n : 1) * sizeof(int));	/* node -> row or -1 */
	if (!row_of)
		return -1;
	if (by == ROLLUP_PRIORITY) {
		nrows = p->npriorities + 1;	/* + "(none)" */
		out->rows = arena_alloc(a, (size_t)nrows * sizeof *out->rows);
		if (!out->rows)
			return -1;
		for (int i = 0; i < p->npriorities; i++) {
			out->rows[i].label = p->priorities[i].label;
			out->rows[i].title = p->priorities[i].description;
		}
		out->rows[nrows - 1].label = "(none)";
		for (int i = 0; i < t->n; i++) {
			int r = nrows - 1;
			for (int k = 0; k < p->npriorities; k++)
				if (p->priorities[k].id == t->nodes[i].priority_id)
					r = k;
			row_of[i] = t->nodes[i].nchildren == 0 || t->nodes[i].y.status ? r : -1;
		}
	} else {
		/* rows: the nodes at `depth` that are branches or items, in tree order */
		out->rows = arena_alloc(a, (size_t)(t->n ? t->n : 1) * sizeof *out->rows);
		if (!out->rows)
			return -1;
		for (int i = 0; i < t->n; i++) {
			const struct plan_node *nd = &t->nodes[i];
			if (nd->depth == depth) {
				out->rows[nrows].label = nd->code;
				out->rows[nrows].title = nd->title;
				row_of[i] = nrows++;
			} else if (nd->depth > depth) {
				row_of[i] = row_of[nd->parent];
			} else {
				row_of[i] = -1;
			}
		}
	}
	for (int r = 0; r < nrows; r++)
		if (!(out->rows[r].counts = arena_alloc(a, (size_t)ng * sizeof(int))))
			return -1;

	for (int i = 0; i < t->n; i++) {
		const struct plan_node *nd = &t->nodes[i];
		int r = row_of[i];
		if (r < 0)
			continue;
		struct rollup_row *row = &out->rows[r];
		if (by == ROLLUP_BRANCH && nd->depth == depth + 1 && nd->nchildren > 0)
			row->branches++;
		if (nd->nchildren == 0) {
			row->items++;
			out->total.items++;
			out->hidden += nd->y.hidden;
		}
		if (by == ROLLUP_BRANCH && nd->depth == depth + 1 && nd->nchildren > 0)
			out->total.branches++;
		int g = rollup_group_of(p, &nd->y);
		if (g >= 0) {
			rollup_count(row, g);
			rollup_count(&out->total, g);
		}
	}
	out->nrows = nrows;
	return 0;
}
