/* plan_awaits: what awaits a person in the plan module — small readers for the home page's
 * dashboards (each role's "what is waiting for me"), over the open rounds of every plan.
 * Each goes through the visibility rule: a reader returns only what its viewer may see.
 *   staff      per open round with items for their department: the deadline, items to
 *              answer, items sent back (with the division's comment), submitted or not;
 *   committee  per open round: what the departments have submitted for its review, and
 *              the opinions it has recorded;
 *   admin      per open round: the round's progress (departments submitted, late, items
 *              answered, sent back, opinions).
 * Arrays and texts live in the caller's arena. */
#ifndef KYODO_PLAN_AWAITS_H
#define KYODO_PLAN_AWAITS_H
#include "domain/actor.h"
struct store;
struct arena;

#define PLAN_AWAITS_LIST_MAX 20	/* items sent back listed per round (the count is exact) */

struct plan_await_item {
	long long id;
	char *code, *title, *comment;	/* comment: the division's, for an item sent back */
};

/* A department's work in one open round. */
struct plan_staff_work {
	long long plan_id;
	char *plan_title;
	int fy;
	char *deadline;		/* "YYYY-MM-DD" or NULL */
	int late;		/* the deadline has passed and the department has not submitted */
	char *reminded_at;	/* the last reminder (督促) the division sent it, or NULL */
	int items;		/* its items asked this year */
	int to_answer;		/* of which still without a status */
	int returned;		/* of which sent back */
	char *submitted_at;	/* NULL when not submitted */
	int nreturned;
	struct plan_await_item *returned_items;	/* the first PLAN_AWAITS_LIST_MAX sent back, with the comment */
	int branches;		/* branches (柱・施策) it writes the outcomes and problems of */
};
int plan_awaits_staff(struct store *st, struct arena *a, const struct actor *who, struct plan_staff_work **out,
		      int *n);

/* An open round as the committee sees it. */
struct plan_committee_work {
	long long plan_id;
	char *plan_title;
	int fy;
	char *deadline;
	int depts, depts_submitted;	/* departments with items; of which have submitted */
	int items, items_submitted;	/* items asked this year; of which submitted for review */
	int my_opinions;	/* opinions this member has recorded on the year and its items */
};
int plan_awaits_committee(struct store *st, struct arena *a, const struct actor *who,
			  struct plan_committee_work **out, int *n);

/* An open round's progress, as the division sees it. */
struct plan_round_progress {
	long long plan_id;
	char *plan_title;
	int fy;
	char *deadline;
	int depts, depts_submitted, depts_late;
	int items, answered, returned;
	int opinions;		/* the committee's opinions recorded so far */
};
int plan_awaits_admin(struct store *st, struct arena *a, const struct actor *who, struct plan_round_progress **out,
		      int *n);

#endif
