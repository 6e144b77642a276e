/* plan: the action plan and its yearly progress (計画・進捗管理, PDCA).
 * A plan has a period, a status vocabulary whose labels roll up into groups (済・継 → 済),
 * optional priority classes (【Ⅰ】重点 … 【Ⅲ】) and grade bands (A ≥ 90 %, …). Its items
 * form a tree of any depth (施策の柱 → 基本施策 → 具体的な取組); each item has one record per
 * fiscal year and each branch its outcomes (成果) and problems (課題) per year.
 * Readers allocate from the caller's arena; writers validate, check the actor's rights,
 * write in one transaction and audit. Functions return 0, -1 for bad input or refused
 * (message in err, in plain words, an English msgid the UI translates), -2 not found,
 * or a store_rc (< -2… see store.h: STORE_BUSY means "try again"). */
#ifndef KYODO_PLAN_H
#define KYODO_PLAN_H
#include "domain/actor.h"
#include <stddef.h>
struct store;
struct arena;

#define PLAN_NOT_FOUND (-100)
#define PLAN_VOCAB_MAX 64	/* statuses, classes and grades a plan may have, each */
#define PLAN_COMPLETE_LABEL "完了"	/* the next-period class of an item that ends */

struct plan_status { long long id; char *label, *grp; int group_index; };
struct plan_priority { long long id; char *label, *description, *horizon; };
struct plan_grade { long long id; char *label; double min_percent; };	/* sorted by min_percent desc */

struct plan {
	long long id, predecessor_id;
	char *name, *title;
	int first_fy, last_fy;
	int nstatuses, ngroups, npriorities, ngrades;
	struct plan_status *statuses;	/* display order */
	char **groups;		/* rollup groups, in order of first appearance */
	struct plan_priority *priorities;
	struct plan_grade *grades;
};

/* The record of one item in one fiscal year. */
struct plan_year {
	int present;		/* 0: no record that year, or one the viewer may not see */
	int hidden;		/* 1: there is a record, but the viewer may not see it yet (未提出;
				   plan_visibility.h); a withheld answer of a published year is no
				   answer at all (present 0, hidden 0: 未回答) */
	long long status_id;
	const char *status, *group;	/* labels, NULL without a status */
	int has_achievement;
	double achievement;	/* 0–100 */
	const char *grade;	/* from the plan's grade bands, NULL when none applies */
	char *result, *next_reason, *state, *return_comment, *updated_at, *updated_by;
	long long next_priority_id;
	const char *next_priority;	/* label, or PLAN_COMPLETE_LABEL, or NULL */
	int next_complete;
};

struct plan_node {
	long long id, parent_id, priority_id, department_id, carried_from_id;
	int parent;		/* index into tree->nodes, -1 at the top */
	int depth;		/* 1 = top level */
	int nchildren;
	char *code, *title, *description, *target_year, *planned_actions;
	const char *parent_code;	/* NULL at the top */
	const char *priority;	/* label or NULL */
	char *department;	/* name or NULL */
	struct plan_year y;	/* for tree->fy */
	char *outcomes, *problems;	/* branch record for tree->fy, NULL when none */
	char *key_goal;		/* 重点目標 of a pillar ("" when none) */
	int ended_fy;		/* the year whose answer gave it 完了, when before tree->fy: it is not
				   asked in this year (no record expected); 0 otherwise */
};

struct plan_tree {
	const struct plan *plan;
	int fy;			/* 0 = no year loaded */
	int published;		/* fy is published */
	int hidden;		/* items whose record in fy the viewer may not see */
	int n;
	struct plan_node *nodes;	/* depth-first order (by position, then id) */
	int *by_id;		/* tree indexes sorted by item id (plan_tree_find) */
};

/* Readers. */
int plan_list(struct store *st, struct arena *a, struct plan **plans, int *n);	/* by first_fy desc, name */
int plan_get(struct store *st, struct arena *a, long long id, struct plan **out);
int plan_get_by_name(struct store *st, struct arena *a, const char *name, struct plan **out);
/* The whole tree, with the records of fy (0 = none) as the viewer who may see them
 * (plan_visibility.h; NULL = the command line, which sees everything): a record the viewer
 * may not see is left out (y.present 0, y.hidden 1), and so are branch notes. Every item is
 * in the tree: the items are the adopted plan. The tree lives in the arena: for plans of
 * any size use plan_walk (plan_walk.h), which reads row by row. */
int plan_tree_load(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		   struct plan_tree *t);
int plan_tree_find(const struct plan_tree *t, long long item_id);	/* index or -1 */
/* 1 when item_id is a top-level item (a pillar) of plan_id, 0 when not, or a store_rc. */
int plan_item_is_top(struct store *st, long long plan_id, long long item_id);
const char *plan_grade_of(const struct plan *p, double percent);	/* NULL when no band */
/* Normalised match of a class label as people write it: "【Ⅰ】<重点施策>", "Ⅰ", "I" all
 * match "【Ⅰ】". Returns the index into p->priorities or -1. */
int plan_priority_match(const struct plan *p, const char *text);
int plan_status_match(const struct plan *p, const char *text);	/* index or -1 */

/* Writers. */
/* statuses: "済,済・継=済,一部済,着手中,未"; priorities: "【Ⅰ】,【Ⅱ-ア】" or NULL;
 * grades: "A=90,B=60,C=0" or NULL. */
int plan_create(struct store *st, const struct actor *who, const char *name, const char *title, int first_fy,
		int last_fy, const char *statuses, const char *priorities, const char *grades, long long *id,
		char *err, size_t errlen);

/* ---- checks that report every problem of a form at once (domain/problems.h); the
 * fields are named as the web forms name them. Each returns how many it found. ---- */
struct problems;
/* A new plan as typed: the fiscal years as people write them ("2023", "R5", "令和5年度"). */
struct plan_new_input {
	const char *name, *title, *first_fy, *last_fy, *statuses, *priorities, *grades;
};
int plan_create_check(const struct plan_new_input *in, struct problems *ps);
/* Set a priority class's description and horizon (admin). */
int plan_priority_describe(struct store *st, const struct actor *who, long long priority_id,
			   const char *description, const char *horizon, char *err, size_t errlen);

struct plan_item_input {
	const char *code, *parent_code, *title, *description, *priority, *department, *target_year,
		*planned_actions;	/* NULL = keep (on update) / empty (on create) */
	const char *key_goal;	/* 重点目標: a pillar's only (an item without a parent); NULL = keep / empty */
};
/* Create (item_id 0) or update an item (admin). */
int plan_item_save(struct store *st, const struct actor *who, const struct plan *p, long long item_id,
		   const struct plan_item_input *in, long long *out_id, char *err, size_t errlen);
/* Fields "code", "parent", "title", "description", "priority", "department" (must be a
 * department of the list: the web never creates one), "target_year", "planned_actions",
 * "key_goal" (a pillar's only); item_id 0 for a new item. */
int plan_item_check(struct store *st, const struct plan *p, long long item_id, const struct plan_item_input *in,
		    struct problems *ps);

struct plan_year_input {
	const char *status;	/* label; "" clears the record's status */
	const char *achievement;	/* "" or a number 0–100 (full-width digits accepted) */
	const char *result;
	const char *next_priority;	/* "" none, "完了", or a class label */
	const char *next_reason;
};
/* Save an item's record for fy. Admin: any item while the year is not published.
 * Staff: only items of their department asked that year (an item that ended with 完了 in an
 * earlier year is not asked again), only while the round is open and their department has
 * not submitted (or the item was returned). */
int plan_year_save(struct store *st, const struct actor *who, const struct plan *p, long long item_id, int fy,
		   const struct plan_year_input *in, char *err, size_t errlen);
/* Fields "status", "achievement", "result", "next_priority", "next_reason". */
int plan_year_check(const struct plan *p, const struct plan_year_input *in, struct problems *ps);
/* Outcomes and problems of a branch for fy: the division, or the department the branch
 * names (its 担当課) while the round is open and it has not submitted; never in a published
 * year. */
int plan_branch_year_save(struct store *st, const struct actor *who, const struct plan *p, long long item_id,
			  int fy, const char *outcomes, const char *problems, char *err, size_t errlen);

/* The yearly round (照会). */
enum round_state { ROUND_NONE, ROUND_OPEN, ROUND_PUBLISHED, ROUND__MAX };
extern const char *const round_state_names[ROUND__MAX];	/* "none","open","published" */
struct round_dept {
	long long department_id;
	char *department;
	int items;		/* items (leaves) of the department asked this year */
	int answered;		/* of which have a status */
	int returned;		/* of which were sent back */
	char *submitted_at;	/* NULL when not submitted */
	char *reminded_at;	/* the last reminder (督促) sent to it, NULL when none */
	int late;		/* not submitted and the deadline has passed (plan_round.h) */
};
struct round_info {
	enum round_state state;
	char *opened_at, *published_at;
	char *deadline;		/* the answer deadline (回答期限), "YYYY-MM-DD", NULL when none */
	int ndepts;
	struct round_dept *depts;	/* departments that own items asked this year, by kana */
};
struct round_year { int fy; enum round_state state; char *published_at; };
int plan_round_get(struct store *st, struct arena *a, const struct plan *p, int fy, struct round_info *ri);
/* The same without the departments (which cost a pass over the plan): state and dates only. */
int plan_round_get_state(struct store *st, struct arena *a, const struct plan *p, int fy, struct round_info *ri);
int plan_round_years(struct store *st, struct arena *a, const struct plan *p, struct round_year **ys, int *n);
int plan_round_open(struct store *st, const struct actor *who, const struct plan *p, int fy, char *err, size_t errlen);
/* Staff submit their own department; admin may submit for any. Every item needs a status. */
int plan_round_submit(struct store *st, const struct actor *who, const struct plan *p, int fy, long long dept,
		      char *err, size_t errlen);
int plan_round_return(struct store *st, const struct actor *who, const struct plan *p, int fy, long long item_id,
		      const char *comment, char *err, size_t errlen);
/* Publishing and the round's daily work (deadline, reminders): domain/plan_round.h. */
int plan_round_reopen(struct store *st, const struct actor *who, const struct plan *p, int fy, const char *reason,
		      char *err, size_t errlen);
/* A cheap check for caches: published_at of (plan, fy), or NULL when not published. */
int plan_round_published_at(struct store *st, long long plan_id, int fy, char *out, size_t n);
/* The version of a published year's page, for caches and ETags:
 * "PUBLISHED_AT#PLAN_VERSION#PROJECTS_VERSION" (the plan's version moves with every change
 * to its items or vocabulary; the public project pages' version with every change of a
 * published project or evaluation, which the report lists). */
int plan_round_page_version(struct store *st, long long plan_id, int fy, char *out, size_t n);

/* Rollups of fy (from a loaded tree; plan_rollup_walk in plan_walk.h reads a plan of any
 * size row by row). By priority class or by branch: the items asked that year by status
 * group, the items without an answer counted as 未回答 (unanswered) so that the
 * denominator is every item — the viewer's unseen answers (未提出) aside, counted in
 * `hidden`. By grade: the items with an achievement percentage by the plan's grade bands
 * (seed 002: A ≥ 90 %), per branch at a depth. An item that ended (完了) in an earlier
 * year is not asked, so not counted. The "(none)" row of the classes is left out when no
 * item lacks a class. */
enum rollup_by { ROLLUP_PRIORITY, ROLLUP_BRANCH, ROLLUP_GRADE, ROLLUP__MAX };
extern const char *const rollup_by_names[ROLLUP__MAX];	/* "priority", "branch", "grade" */
#define ROLLUP_UNANSWERED_LABEL "未回答"	/* the group of the items without an answer */
struct rollup_row {
	const char *label;	/* class label, "(none)", branch code, or "total" */
	const char *title;	/* branch title / class description, may be NULL */
	int branches;		/* sub-branches (branch and grade rollups) */
	int items;		/* items (leaves) asked in the row */
	int total;		/* the denominator: items with a status, plus the unanswered ones
				   (by grade: items with a percentage) */
	int unanswered;		/* items without an answer (not by grade) */
	int *counts;		/* per group, [ngroups] */
};
struct rollup {
	enum rollup_by by;
	int fy, ngroups, nrows;
	int provisional;	/* the year is not published: a preliminary count (速報) */
	int hidden;		/* items with a record the viewer may not see: not counted */
	char **groups;		/* status groups, or grade labels in band order */
	struct rollup_row *rows;
	struct rollup_row total;
};
/* 1 when the rollup has items without an answer: its tables and files add a 未回答 group
 * after the others (each row's `unanswered`). */
int rollup_has_unanswered(const struct rollup *ru);
/* The rollup as screens and charts show it: when it has items without an answer, a copy
 * whose last group is 未回答 (ROLLUP_UNANSWERED_LABEL) with each row's count; else the same.
 * 0, or -1 when the arena is full. */
int rollup_fold_unanswered(const struct rollup *in, struct arena *a, struct rollup *out);
int plan_rollup(const struct plan_tree *t, struct arena *a, enum rollup_by by, int depth, struct rollup *out);
/* 100 × count / total rounded to two decimals into out ("0.00" when total is 0). */
void rollup_percent(int count, int total, char *out, size_t n);

/* Carry-over: a new plan from this one. Items whose next class in fy is 完了 stay behind;
 * the others move with their next class (same label in the new plan) and keep a link. */
int plan_carry_over(struct store *st, const struct actor *who, const struct plan *p, int fy, const char *new_name,
		    const char *new_title, int first_fy, int last_fy, long long *new_id, char *err, size_t errlen);
/* The carry-over form as typed: "fy", "name", "title", "first_fy", "last_fy". */
struct plan_carry_input { const char *fy, *name, *title, *first_fy, *last_fy; };
int plan_carry_check(const struct plan *p, const struct plan_carry_input *in, struct problems *ps);

#endif
