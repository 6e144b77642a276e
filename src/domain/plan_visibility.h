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
 * published — except an answer that was still open (unanswered, in draft or sent back)
 * when the division chose to publish anyway: that one is *withheld*, and the published year
 * reads it as 未回答 (no answer) for everyone, the division included, until the year is
 * reopened. So a published year reads the same for every viewer.
 * The plan's items themselves (codes, titles, classes, departments, target years, key
 * goals) are the adopted plan, which every reader of the plan pages sees; a branch's
 * outcomes and problems for a year are the work of the division and of the branch's
 * department until published; the committee's opinions are its word to the division
 * until published. */
#ifndef KYODO_PLAN_VISIBILITY_H
#define KYODO_PLAN_VISIBILITY_H
#include "domain/actor.h"
struct store;

/* The roles that may open the plan module's internal pages and API at all. A citizen
 * group's account is not among them: it sees only the public reports (/reports), like
 * everyone else; so are anonymous visitors. */
#define PLAN_READER_ROLES \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_COMMITTEE))

enum plan_answer_state {
	ANSWER_DRAFT, ANSWER_SUBMITTED, ANSWER_RETURNED, ANSWER_PUBLISHED,
	ANSWER_WITHHELD,	/* published year, open when published: read as 未回答 by everyone */
	ANSWER__MAX
};
/* "draft","submitted","returned","published","withheld" */
extern const char *const plan_answer_state_names[ANSWER__MAX];

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
/* The state of a stored answer ("draft", "submitted", "returned"; withheld: the stored
 * flag) in the view's year. */
enum plan_answer_state plan_view_state(const struct plan_view *v, const char *stored_state, int withheld);
/* 1 when the viewer may see the answer of an item owned by item_department (0: none)
 * whose stored state is stored_state (withheld: the stored flag); else 0. An answer the
 * viewer may not see reads as 未提出 (not submitted yet) in a year not yet published, and
 * as 未回答 (no answer) in a published year (plan_view_unanswered). */
int plan_view_answer(const struct plan_view *v, long long item_department, const char *stored_state, int withheld);
/* 1 when an answer the viewer may not see counts as no answer at all (未回答): in a
 * published year, where only withheld answers are unseen. 0: it is 未提出 (hidden). */
int plan_view_unanswered(const struct plan_view *v);
/* 1 when an item must show as "not submitted yet" (未提出; the API's "year_hidden"): its
 * answer is one the viewer may not see (has_record, stored_state, withheld), or, in a year
 * not yet published, it is a leaf without any answer of a department whose drafts the
 * viewer may not see — so that an item holding a hidden draft and an item holding nothing
 * look the same, and nothing tells where the drafts are. In a published year an item
 * without an answer is 未回答 for everyone. Needs the view's year (plan_view_open). */
int plan_view_hidden(const struct plan_view *v, long long item_department, int leaf, int has_record,
		     const char *stored_state, int withheld);
/* 1 when the viewer may see the outcomes and problems of a branch owned by
 * branch_department (0: none) in the year. */
int plan_view_branch_notes(const struct plan_view *v, long long branch_department);
/* 1 when the viewer may read the committee's opinions on the year and its items. */
int plan_view_opinions(const struct plan_view *v);
/* 1 when the viewer may see how far a department has got in the round (items answered,
 * items sent back): what its drafts say about it. Submission dates are not answers. */
int plan_view_progress(const struct plan_view *v, long long department);
/* 1 when a role may open the plan module's internal pages (PLAN_READER_ROLES). */
int plan_view_may_read(enum role r);

#endif
