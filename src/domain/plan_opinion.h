/* plan_opinion: the committee's opinions (協働推進委員会の意見) on a plan year and on its
 * items — seed 004 reports the plan's verification to its committee, seed 002 has the
 * committee evaluate. Each member keeps one opinion per subject (the year, or one item):
 * who wrote it, when, the text; the member edits it until the year is published, when it
 * becomes part of the public report. Who reads them is the visibility rule
 * (plan_view_opinions, plan_visibility.h): the division and the committee while they are
 * written, everyone once published. Every write is audited. */
#ifndef KYODO_PLAN_OPINION_H
#define KYODO_PLAN_OPINION_H
#include "domain/plan.h"
#include <stddef.h>
struct store;
struct arena;
struct problems;

#define PLAN_OPINION_MAX 20000	/* bytes of one opinion */

struct plan_opinion {
	long long id, item_id, user_id;	/* item_id 0: on the year */
	char *item_code, *item_title;	/* "" for the year */
	char *author, *body, *created_at, *updated_at;
};

/* Selecting opinions: every one of the year, the year's own, or one item's. */
#define PLAN_OPINIONS_ALL (-1)
#define PLAN_OPINIONS_YEAR 0
/* The opinions on year fy of p that viewer may read (NULL = the command line): subject is
 * PLAN_OPINIONS_ALL (the year's first, then the items' in tree order), PLAN_OPINIONS_YEAR, or
 * an item id. Nothing (n = 0) for a viewer the rule does not let read them. 0 or a store_rc. */
int plan_opinion_list(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		      long long subject, struct plan_opinion **out, int *n);
/* The member's own opinion on subject (0 = the year), "" when none. 0 or a store_rc. */
int plan_opinion_mine(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *who,
		      long long subject, char **body);
/* The form's problems (field "opinion"): empty, too long, or text a field may not hold. */
int plan_opinion_check(const char *body, struct problems *ps);
/* A committee member records (or edits) their opinion on year fy of p (item_id 0) or on one
 * of its items, while the year is not published. The division is told. 0, -1 + err,
 * PLAN_NOT_FOUND (no such item in p), or a store_rc. */
int plan_opinion_save(struct store *st, const struct actor *who, const struct plan *p, int fy, long long item_id,
		      const char *body, char *err, size_t errlen);
/* How many opinions year fy of p holds (whoever may read them). >= 0 or a store_rc. */
int plan_opinion_count(struct store *st, const struct plan *p, int fy);

#endif
