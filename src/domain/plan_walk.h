/* plan_walk: a plan's items read one row at a time in tree order (depth-first, siblings by
 * position), each with its record and branch notes of one fiscal year as the viewer may
 * see them (plan_visibility.h) — the path for plans of any size: memory stays bounded by
 * one row whatever the plan holds (the tree order is stored, migration 0005), so pages,
 * the API and exports can page or stream a 100,000-item plan. plan_tree_load (plan.h)
 * builds the same order in memory for the small views that need the whole tree at once. */
#ifndef KYODO_PLAN_WALK_H
#define KYODO_PLAN_WALK_H
#include "domain/plan.h"
struct store;

enum plan_walk_scope {
	WALK_ALL,		/* every item */
	WALK_DEPT_ITEMS,	/* the items (leaves) of department `arg` asked in fy (not ended) */
	WALK_SUBTREE,		/* item `arg` and everything under it */
	WALK_ONE,		/* item `arg` alone */
	WALK_DEPT_BRANCHES,	/* the branches department `arg` is in charge of (writes their 成果/課題) */
};

struct plan_walk_opts {
	int fy;			/* the year of the records; 0 = none */
	enum plan_walk_scope scope;
	long long arg;
	long long offset;	/* rows to skip */
	long long limit;	/* at most this many rows; 0 = all */
	int outline;		/* WALK_ALL only: codes, titles, classes and statuses, no long texts */
};

/* Called for each row. nd's strings are valid during the call only; nd->parent is -1 (the
 * parent's code is nd->parent_code), nd->nchildren is 1 for a branch and 0 for an item.
 * Return 0 to go on; anything else stops the walk, which returns it. */
typedef int (*plan_walk_fn)(void *ctx, const struct plan_node *nd);

/* Walks the rows of p that o selects, as viewer sees them (NULL = the command line).
 * Returns 0, what fn returned to stop, or a store_rc. */
int plan_walk(struct store *st, const struct plan *p, const struct actor *viewer, const struct plan_walk_opts *o,
	      plan_walk_fn fn, void *ctx);
/* How many rows a scope holds (WALK_ALL, or WALK_DEPT_ITEMS: the department's items asked
 * in fy). >= 0 or a store_rc. */
long long plan_walk_count(struct store *st, const struct plan *p, int fy, enum plan_walk_scope scope, long long arg);
/* One item with its record of fy, copied into the arena. 0, PLAN_NOT_FOUND or a store_rc. */
int plan_item_load(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		   long long item_id, struct plan_node *out);
/* The top-level items (pillars) of p in tree order, with their number of leaves, into the
 * arena. 0 or a store_rc. */
struct plan_top { long long id; char *code, *title; long long leaves; };
int plan_top_items(struct store *st, struct arena *a, const struct plan *p, struct plan_top **out, int *n);
/* A rollup of fy as viewer sees it, read row by row (plan_rollup, plan.h, on a walk): memory
 * holds the rows of the rollup, not the plan. 0 or a store_rc. */
int plan_rollup_walk(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		     enum rollup_by by, int depth, struct rollup *out);
/* Recompute the stored tree order of a whole plan (item_id 0) or of one item and what
 * lies under it: every writer that creates or moves items calls it in its transaction. */
int plan_tree_reindex(struct store *st, long long plan_id, long long item_id);
#endif
