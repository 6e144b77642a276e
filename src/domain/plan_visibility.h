/* plan_visibility: who may see what of a plan's yearly answers before they are published —
 * the one rule that every page, API response, export, rollup and chart of the plan module
 * follows (the tree loaders and the row walk apply it, so a surface cannot forget it).
 * The README's table "Who sees unpublished plan data" is this file's table.
 *
 * An answer is an item's record for one fiscal year (status, achievement, result, next
 * class, reason, the round state and the division's comment). Its state follows the round
 * (照会): draft (the department is writing it), submitted (the department has handed it to
 * the collaboration division), returned (the division sent it back: the department is
 * writing it again); once the division publishes the year, every answer of that year is
 * published. The plan's items themselves (codes, titles, classes, departments, target
 * years) are the adopted plan, which every reader of the plan pages sees; a branch's
 * outcomes and problems for a year are the division's own draft until published. */
#ifndef KYODO_PLAN_VISIBILITY_H
#define KYODO_PLAN_VISIBILITY_H
#include "domain/actor.h"
struct store;

/* The roles that may open the plan module's internal pages and API at all. A citizen
 * group's account is not among them: it sees only the public reports (/reports), like
 * everyone else; so are anonymous visitors. */
#define PLAN_READER_ROLES \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_COMMITTEE))

enum plan_answer_state { ANSWER_DRAFT, ANSWER_SUBMITTED, ANSWER_RETURNED, ANSWER_PUBLISHED, ANSWER__MAX };
extern const char *const plan_answer_state_names[ANSWER__MAX];	/* "draft","submitted","returned","published" */

/* How far a role reaches for answers in one state. */
enum plan_reach {
	REACH_NONE,	/* sees no such answer */
	REACH_OWN,	/* sees those of its own department's items only */
	REACH_ALL,	/* sees every such answer */
};
/* The rule: plan_reach_of[role][state]. */
extern const enum plan_reach plan_reach_of[ROLE__MAX][ANSWER__MAX];

/* What one viewer may see of one plan year. */
struct plan_view {
	enum role role;
	long long department_id;	/* the viewer's department (staff), else 0 */
	int published;		/* the year is published */
	int fy;			/* the year (plan_view_open), 0 when none */
};
/* The view of who (NULL: the command line, which acts as the division) for a year whose
 * publication state is known. */
void plan_view_init(struct plan_view *v, const struct actor *who, int published);
/* The same, reading whether (plan, fy) is published; fy 0 = no year. 0 or a store_rc. */
int plan_view_open(struct store *st, const struct actor *who, long long plan_id, int fy, struct plan_view *v);
/* The state of a stored answer ("draft", "submitted", "returned") in the view's year. */
enum plan_answer_state plan_view_state(const struct plan_view *v, const char *stored_state);
/* 1 when the viewer may see the answer of an item owned by item_department (0: none)
 * whose stored state is stored_state; else 0. */
int plan_view_answer(const struct plan_view *v, long long item_department, const char *stored_state);
/* 1 when an item must show as "not submitted yet" (未提出; the API's "year_hidden"): its
 * answer is one the viewer may not see (has_record, stored_state), or it is a leaf without
 * any answer of a department whose drafts the viewer may not see — so that an item holding
 * a hidden draft and an item holding nothing look the same, and nothing tells where the
 * drafts are. Needs the view's year (plan_view_open). */
int plan_view_hidden(const struct plan_view *v, long long item_department, int leaf, int has_record,
		     const char *stored_state);
/* 1 when the viewer may see the branches' outcomes and problems of the year. */
int plan_view_branch_notes(const struct plan_view *v);
/* 1 when the viewer may see how far a department has got in the round (items answered,
 * items sent back): what its drafts say about it. Submission dates are not answers. */
int plan_view_progress(const struct plan_view *v, long long department);
/* 1 when a role may open the plan module's internal pages (PLAN_READER_ROLES). */
int plan_view_may_read(enum role r);

#endif
