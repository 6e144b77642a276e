/* plan_round: the yearly round's daily work beyond open / submit / send back (plan.h):
 * the answer deadline (回答期限) and who is late, reminders (督促), what is still open when
 * the division publishes, and publishing safely — while anything is open, only by an
 * explicit choice with a reason, the open answers then withheld (read as 未回答 by
 * everyone, plan_visibility.h) and counted in the totals.
 *
 * What counts as open, for an item (a leaf) asked in the year (an item whose answer of an
 * earlier year of the plan said 完了 is not asked again):
 *   unanswered  no status yet (also an item without a department, which the division answers);
 *   draft       a status, but its department has not submitted it;
 *   returned    sent back by the division with a comment.
 * An item without a department that has a status is the division's own answer: not open.
 * Files: plan_publish.c (open items, publishing), plan_deadline.c (deadline, late, reminders). */
#ifndef KYODO_PLAN_ROUND_H
#define KYODO_PLAN_ROUND_H
#include "domain/plan.h"
#include <stddef.h>
struct store;
struct arena;
struct problems;

/* ---- what is still open ---- */

enum plan_open_kind { OPEN_UNANSWERED, OPEN_DRAFT, OPEN_RETURNED, OPEN__MAX };
extern const char *const plan_open_kind_names[OPEN__MAX];	/* "unanswered", "draft", "returned" */

struct plan_open_item {
	long long id;
	char *code, *title;
	enum plan_open_kind kind;
};

#define PLAN_OPEN_LIST_MAX 50	/* open items listed per department (the counts are exact) */

struct plan_open_dept {
	long long department_id;	/* 0: the items without a department (the division answers them) */
	char *department;	/* NULL for 0 */
	int items;		/* its items asked this year */
	int open;		/* of which open */
	int counts[OPEN__MAX];
	char *submitted_at;	/* NULL when not submitted */
	int nlisted;
	struct plan_open_item *listed;	/* its first PLAN_OPEN_LIST_MAX open items, in tree order */
};

struct plan_open {
	int items, open;	/* items asked this year; of which open */
	int counts[OPEN__MAX];
	int ndepts;
	struct plan_open_dept *depts;	/* every department with items, by reading; then 0 (none) */
};

/* What is open in year fy of p, per department, as viewer may see it (the departments whose
 * progress the rule shows the viewer, plan_view_progress: every one for the division).
 * Reads the plan once, row by row. 0 or a store_rc. */
int plan_round_open_items(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
			  struct plan_open *out);

/* ---- publishing ---- */

struct plan_publish_input {
	int with_open;		/* the explicit choice: publish although items are open (as 未回答) */
	const char *reason;	/* why (required with with_open), audited */
};
/* The confirmation form's problems, given how many items are open: "with_open" (the choice
 * is missing) and "reason" (missing or not text a field may hold). Returns their number. */
int plan_publish_check(int open, const struct plan_publish_input *in, struct problems *ps);
/* Publish an open round (admin). With open items and without the choice and a reason it
 * refuses (-1, err); with them it withholds the open answers (they read 未回答). Audited
 * ("publish": the reason, the choice and the open items counted by kind). */
int plan_round_publish(struct store *st, const struct actor *who, const struct plan *p, int fy,
		       const struct plan_publish_input *in, char *err, size_t errlen);

/* ---- the deadline, who is late, reminders ---- */

/* A deadline as typed: "2025-06-30", "2025/6/30", "令和7年6月30日", "R7.6.30"; "" = none.
 * Into out ("YYYY-MM-DD" or ""), 0; -1 when it is no date. */
int plan_deadline_parse(const char *text, char out[11]);
/* The form's problem (field "deadline"): not a date, or before the year's 1 April. */
int plan_deadline_check(int fy, const char *text, struct problems *ps);
/* Open a round with a deadline (text as typed, NULL or "" = none); plan_round_open is this
 * without one. Admin; audited. */
int plan_round_open_with(struct store *st, const struct actor *who, const struct plan *p, int fy,
			 const char *deadline, char *err, size_t errlen);
/* Set or clear ("") the deadline of an open round. Admin; audited ("deadline"). */
int plan_round_set_deadline(struct store *st, const struct actor *who, const struct plan *p, int fy,
			    const char *deadline, char *err, size_t errlen);
/* Today's date in Japan, "YYYY-MM-DD". */
void plan_today(char out[11]);
/* 1 when a department that has not submitted is late: the deadline (YYYY-MM-DD) is set and
 * today (YYYY-MM-DD) is after it. */
int plan_deadline_passed(const char *deadline, const char *today);
/* Send a reminder (督促) to a department that has items in the round and has not submitted
 * (admin; the round open). message: optional words added to it (at most 2,000 bytes). The
 * department's staff are told (in-app and email); recorded and audited ("remind"). */
int plan_round_remind(struct store *st, const struct actor *who, const struct plan *p, int fy, long long dept,
		      const char *message, char *err, size_t errlen);
/* The form's problem (field "message"). */
int plan_remind_check(const char *message, struct problems *ps);

/* When department dept submitted year fy (into *at, from a; NULL when it has not). 0 or a
 * store_rc. */
int plan_round_submitted(struct store *st, struct arena *a, const struct plan *p, int fy, long long dept, char **at);
/* The year being asked for: the latest open round of p, or 0. >= 0 or a store_rc. */
int plan_round_asked_year(struct store *st, const struct plan *p);

#endif
