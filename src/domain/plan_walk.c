/* plan_walk: a plan's items row by row in tree order (see plan_walk.h). */
#include "domain/plan_walk.h"
#include "domain/plan_internal.h"
#include "domain/plan_visibility.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdlib.h>
#include <string.h>

/* Columns of SQL_PLAN_WALK_SELECT (sql_plan.def). */
enum walk_col {
	WC_ID, WC_PARENT_ID, WC_DEPTH, WC_CODE, WC_TITLE, WC_DESCRIPTION, WC_PRIORITY_ID, WC_DEPARTMENT_ID,
	WC_TARGET_YEAR, WC_PLANNED_ACTIONS, WC_CARRIED_FROM, WC_DEPARTMENT, WC_PARENT_CODE, WC_BRANCH,
	WC_HAS_YEAR, WC_STATUS_ID, WC_ACHIEVEMENT, WC_RESULT, WC_NEXT_PRIORITY_ID, WC_NEXT_COMPLETE,
	WC_NEXT_REASON, WC_STATE, WC_RETURN_COMMENT, WC_UPDATED_AT, WC_UPDATED_BY, WC_OUTCOMES, WC_PROBLEMS,
	WC_TREE_KEY, WC_WITHHELD, WC_ENDED_FY, WC_KEY_GOAL,
};

static const enum stmt_id walk_stmts[] = {
	[WALK_ALL] = STMT_PLAN_WALK,
	[WALK_DEPT_ITEMS] = STMT_PLAN_WALK_DEPT,
	[WALK_SUBTREE] = STMT_PLAN_WALK_SUBTREE,
	[WALK_ONE] = STMT_PLAN_WALK_ONE,
	[WALK_DEPT_BRANCHES] = STMT_PLAN_WALK_DEPT_BRANCHES,
};

static char *walk_text(struct stmt *s, int col)
{
	static char empty[1];
	const char *t = stmt_text(s, col);
	return t ? (char *)t : empty;
}

/* The row as a node, pointing into the statement's memory. */
static void walk_fill(const struct plan *p, const struct plan_view *v, struct stmt *s, struct plan_node *nd)
{
	memset(nd, 0, sizeof *nd);
	nd->id = stmt_int(s, WC_ID);
	nd->parent_id = stmt_int(s, WC_PARENT_ID);
	nd->parent = -1;
	nd->depth = (int)stmt_int(s, WC_DEPTH);
	nd->nchildren = (int)stmt_int(s, WC_BRANCH);
	nd->code = walk_text(s, WC_CODE);
	nd->title = walk_text(s, WC_TITLE);
	nd->description = walk_text(s, WC_DESCRIPTION);
	nd->priority_id = stmt_int(s, WC_PRIORITY_ID);
	const struct plan_priority *pp = plan_priority_by_id(p, nd->priority_id);
	nd->priority = pp ? pp->label : NULL;
	nd->department_id = stmt_int(s, WC_DEPARTMENT_ID);
	nd->target_year = walk_text(s, WC_TARGET_YEAR);
	nd->planned_actions = walk_text(s, WC_PLANNED_ACTIONS);
	nd->carried_from_id = stmt_int(s, WC_CARRIED_FROM);
	nd->department = stmt_is_null(s, WC_DEPARTMENT) ? NULL : walk_text(s, WC_DEPARTMENT);
	nd->parent_code = stmt_is_null(s, WC_PARENT_CODE) ? NULL : walk_text(s, WC_PARENT_CODE);
	nd->key_goal = walk_text(s, WC_KEY_GOAL);
	nd->ended_fy = (int)stmt_int(s, WC_ENDED_FY);
	int has_year = (int)stmt_int(s, WC_HAS_YEAR);
	/* a leaf asked this year: one that ended (完了) earlier is plainly so for everyone */
	int asked = nd->nchildren == 0 && !nd->ended_fy;
	if (plan_view_hidden(v, nd->department_id, asked, has_year, stmt_text(s, WC_STATE),
			     (int)stmt_int(s, WC_WITHHELD))) {
		/* a hidden answer and none look the same (未提出); in a published year only a
		 * withheld answer is unseen, and it reads as no answer at all (未回答) */
		nd->y.hidden = !plan_view_unanswered(v);
	} else if (has_year) {
		struct plan_year *y = &nd->y;
		y->present = 1;
		y->status_id = stmt_int(s, WC_STATUS_ID);
		const struct plan_status *ps =
			stmt_is_null(s, WC_STATUS_ID) ? NULL : plan_status_by_id(p, y->status_id);
		y->status = ps ? ps->label : NULL;
		y->group = ps ? ps->grp : NULL;
		y->has_achievement = !stmt_is_null(s, WC_ACHIEVEMENT);
		y->achievement = stmt_double(s, WC_ACHIEVEMENT);
		y->grade = y->has_achievement ? plan_grade_of(p, y->achievement) : NULL;
		y->result = walk_text(s, WC_RESULT);
		y->next_priority_id = stmt_int(s, WC_NEXT_PRIORITY_ID);
		y->next_complete = (int)stmt_int(s, WC_NEXT_COMPLETE);
		const struct plan_priority *np = plan_priority_by_id(p, y->next_priority_id);
		y->next_priority = y->next_complete ? PLAN_COMPLETE_LABEL : np ? np->label : NULL;
		y->next_reason = walk_text(s, WC_NEXT_REASON);
		y->state = walk_text(s, WC_STATE);
		y->return_comment = walk_text(s, WC_RETURN_COMMENT);
		y->updated_at = walk_text(s, WC_UPDATED_AT);
		y->updated_by = walk_text(s, WC_UPDATED_BY);
	}
	if (!stmt_is_null(s, WC_OUTCOMES) && plan_view_branch_notes(v, nd->department_id)) {
		nd->outcomes = walk_text(s, WC_OUTCOMES);
		nd->problems = walk_text(s, WC_PROBLEMS);
	}
}

int plan_walk(struct store *st, const struct plan *p, const struct actor *viewer, const struct plan_walk_opts *o,
	      plan_walk_fn fn, void *ctx)
{
	struct plan_view v;
	int rc = plan_view_open(st, viewer, p->id, o->fy, &v);
	if (rc != 0)
		return rc;
	if ((int)o->scope < 0 || o->scope > WALK_DEPT_BRANCHES)
		return STORE_ERR;
	struct stmt *s = store_prepare(st, o->outline && o->scope == WALK_ALL ? STMT_PLAN_WALK_OUTLINE : walk_stmts[o->scope]);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, o->fy);
	stmt_bind_int(s, 3, o->arg);
	stmt_bind_int(s, 4, o->limit > 0 ? o->limit : -1);
	stmt_bind_int(s, 5, o->offset > 0 ? o->offset : 0);
	struct plan_node nd;
	while ((rc = stmt_step(s)) == 1) {
		walk_fill(p, &v, s, &nd);
		if ((rc = fn(ctx, &nd)) != 0)
			break;
	}
	stmt_reset(s);
	return rc;
}

long long plan_walk_count(struct store *st, const struct plan *p, int fy, enum plan_walk_scope scope, long long arg)
{
	struct stmt *s = store_prepare(st, scope == WALK_DEPT_ITEMS ? STMT_PLAN_DEPT_ITEM_COUNT : STMT_PLAN_ITEM_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	if (scope == WALK_DEPT_ITEMS) {
		stmt_bind_int(s, 2, fy);
		stmt_bind_int(s, 3, arg);
	}
	int rc = stmt_step(s);
	long long n = rc == 1 ? stmt_int(s, 0) : rc < 0 ? rc : 0;
	stmt_reset(s);
	return n;
}

struct walk_copy {
	struct arena *a;
	struct plan_node *out;
	int found;
};

static char *walk_dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int walk_copy_one(void *ctx, const struct plan_node *nd)
{
	struct walk_copy *c = ctx;
	struct plan_node *o = c->out;
	*o = *nd;
	o->code = walk_dup(c->a, nd->code);
	o->title = walk_dup(c->a, nd->title);
	o->description = walk_dup(c->a, nd->description);
	o->target_year = walk_dup(c->a, nd->target_year);
	o->planned_actions = walk_dup(c->a, nd->planned_actions);
	o->department = walk_dup(c->a, nd->department);
	o->parent_code = walk_dup(c->a, nd->parent_code);
	o->outcomes = walk_dup(c->a, nd->outcomes);
	o->problems = walk_dup(c->a, nd->problems);
	o->key_goal = walk_dup(c->a, nd->key_goal);
	o->y.result = walk_dup(c->a, nd->y.result);
	o->y.next_reason = walk_dup(c->a, nd->y.next_reason);
	o->y.state = walk_dup(c->a, nd->y.state);
	o->y.return_comment = walk_dup(c->a, nd->y.return_comment);
	o->y.updated_at = walk_dup(c->a, nd->y.updated_at);
	o->y.updated_by = walk_dup(c->a, nd->y.updated_by);
	c->found = 1;
	return 0;
}

/* ---- the whole tree in memory, built from the walk: one reading of the rule ---- */

struct walk_tree {
	struct arena *a;
	struct plan_tree *t;
	int cap;
	int stack[64];		/* the last node seen at each depth (1..63) */
};

static int walk_tree_row(void *ctx, const struct plan_node *nd)
{
	struct walk_tree *w = ctx;
	struct plan_tree *t = w->t;
	if (t->n == w->cap) {
		int cap = w->cap ? w->cap * 2 : 256;
		struct plan_node *nodes = arena_alloc(w->a, (size_t)cap * sizeof *nodes);
		if (!nodes)
			return STORE_ERR;
		if (t->n)
			memcpy(nodes, t->nodes, (size_t)t->n * sizeof *nodes);
		t->nodes = nodes;
		w->cap = cap;
	}
	struct plan_node *o = &t->nodes[t->n];
	struct walk_copy c = { w->a, o, 0 };
	walk_copy_one(&c, nd);
	o->nchildren = 0;
	int d = nd->depth < 1 ? 1 : nd->depth > 63 ? 63 : nd->depth;
	o->parent = d > 1 ? w->stack[d - 1] : -1;
	if (o->parent >= 0)
		t->nodes[o->parent].nchildren++;
	w->stack[d] = t->n;
	t->hidden += o->y.hidden;
	t->n++;
	return arena_over(w->a) ? STORE_ERR : 0;
}

struct walk_pair { long long id; int idx; };

static int walk_pair_cmp(const void *x, const void *y)
{
	const struct walk_pair *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

int plan_tree_load(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		   struct plan_tree *t)
{
	memset(t, 0, sizeof *t);
	t->plan = p;
	t->fy = fy;
	struct plan_view v;
	int rc = plan_view_open(st, viewer, p->id, fy, &v);
	if (rc != 0)
		return rc;
	t->published = v.published;
	struct walk_tree w = { .a = a, .t = t };
	for (int i = 0; i < 64; i++)
		w.stack[i] = -1;
	struct plan_walk_opts o = { .fy = fy, .scope = WALK_ALL };
	if ((rc = plan_walk(st, p, viewer, &o, walk_tree_row, &w)) != 0)
		return rc;
	t->by_id = arena_alloc(a, (size_t)(t->n ? t->n : 1) * sizeof *t->by_id);
	if (!t->by_id)
		return STORE_ERR;
	struct walk_pair *pairs = malloc((size_t)(t->n ? t->n : 1) * sizeof *pairs);
	if (!pairs)
		return STORE_ERR;
	for (int i = 0; i < t->n; i++)
		pairs[i] = (struct walk_pair){ t->nodes[i].id, i };
	qsort(pairs, (size_t)t->n, sizeof *pairs, walk_pair_cmp);
	for (int i = 0; i < t->n; i++)
		t->by_id[i] = pairs[i].idx;
	free(pairs);
	return 0;
}

int plan_item_load(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		   long long item_id, struct plan_node *out)
{
	struct walk_copy c = { a, out, 0 };
	struct plan_walk_opts o = { .fy = fy, .scope = WALK_ONE, .arg = item_id };
	int rc = item_id > 0 ? plan_walk(st, p, viewer, &o, walk_copy_one, &c) : 0;
	if (rc != 0)
		return rc;
	if (!c.found)
		return PLAN_NOT_FOUND;
	return arena_over(a) ? STORE_ERR : 0;
}

int plan_tree_reindex(struct store *st, long long plan_id, long long item_id)
{
	struct stmt *s = store_prepare(st, item_id ? STMT_PLAN_TREE_REINDEX_ITEM : STMT_PLAN_TREE_REINDEX);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, item_id ? item_id : plan_id);
	return stmt_exec(s);
}

int plan_top_items(struct store *st, struct arena *a, const struct plan *p, struct plan_top **out, int *n)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_TOP_ITEMS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	int cap = 16, rc;
	struct plan_top *v = arena_alloc(a, (size_t)cap * sizeof *v);
	*n = 0;
	while (v && (rc = stmt_step(s)) == 1) {
		if (*n == cap) {
			struct plan_top *v2 = arena_alloc(a, (size_t)cap * 2 * sizeof *v2);
			if (!v2) {
				v = NULL;
				break;
			}
			memcpy(v2, v, (size_t)cap * sizeof *v);
			v = v2;
			cap *= 2;
		}
		struct plan_top *t = &v[(*n)++];
		t->id = stmt_int(s, 0);
		t->code = arena_strdup(a, stmt_text(s, 1));
		t->title = arena_strdup(a, stmt_text(s, 2));
		t->leaves = stmt_int(s, 3);
	}
	stmt_reset(s);
	if (!v || arena_over(a))
		return STORE_ERR;
	*out = v;
	return rc < 0 ? rc : 0;
}

static int walk_rollup_node(void *ctx, const struct plan_node *nd)
{
	return plan_rollup_add(ctx, nd);
}

int plan_rollup_walk(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		     enum rollup_by by, int depth, struct rollup *out)
{
	struct plan_view v;
	int rc = plan_view_open(st, viewer, p->id, fy, &v);
	struct rollup_acc acc;
	if (rc == 0)
		rc = plan_rollup_begin(&acc, p, a, fy, v.published, by, depth, out);
	struct plan_walk_opts o = { .fy = fy, .scope = WALK_ALL, .outline = 1 };
	if (rc == 0)
		rc = plan_walk(st, p, viewer, &o, walk_rollup_node, &acc);
	if (rc == 0)
		plan_rollup_end(&acc);
	return rc;
}
