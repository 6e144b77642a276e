/* home_awaits: what awaits a person when they open Kyodo — the home page's dashboard.
 * One small provider per role and kind of work, in a table (home_awaits.c): each returns
 * the panels it fills for its viewer (a count, the most urgent rows, the context of a
 * round) and reads only through the accessors that check the viewer — the plan
 * visibility rule (plan_visibility.h) for answers, the registry's role rule for the
 * center's queues, the group's own record for a group. A provider never returns what its
 * viewer may not see: a department's staff count their own department's drafts only, the
 * committee counts submitted answers only, and so on.
 *
 *   staff        per open round with items of their department: items to answer, items
 *                sent back (with the division's comment), whether the department submitted;
 *   coordinator  applications waiting, public changes to approve, groups overdue for the
 *                yearly confirmation;
 *   group        its profile's state, the confirmation due, the center's messages;
 *   admin        per open round: its progress (departments submitted, items answered,
 *                sent back), the departments still answering;
 *   committee    per open round: what the departments have submitted for review.
 *   endorsements (後援名義): staff and the division — requests to decide, reports overdue;
 *                a group — reports to send, its applications and their decisions
 *                (read through domain/endorse_visibility.h).
 *   committee    per open round: what the departments have submitted for review;
 *   adoptions    (domain/adopt.h, shown only when there is something) the division and a
 *                department: applications to decide, agreements ending soon, reports
 *                missing; a group: its agreements ending soon and its reports due.
 *
 * The panels hold data, not words: the page (html/page_home.c) has a table of titles,
 * empty states and links per kind. Arrays and texts live in the caller's arena. */
#ifndef KYODO_HOME_AWAITS_H
#define KYODO_HOME_AWAITS_H
#include "domain/actor.h"
struct store;
struct arena;

#define HOME_ROWS_MAX 3	/* rows shown per panel (the count is exact; the panel links to the full list) */

enum home_kind {
	HOME_STAFF_TO_ANSWER,	/* rows: items without an answer (id, code, title) */
	HOME_STAFF_RETURNED,	/* rows: items sent back (id, code, title, comment, at) */
	HOME_CENTER_APPLICATIONS,	/* rows: applications waiting (org id, name, at = applied) */
	HOME_CENTER_CHANGES,	/* rows: pending changes (id = change, org_id, name, at = sent) */
	HOME_CENTER_OVERDUE,	/* rows: groups overdue (org id, name, at = last confirmed or NULL) */
	HOME_GROUP_PROFILE,	/* state: enum org_review_state; flag: a change waits for the center */
	HOME_GROUP_CONFIRM,	/* count 1 when due; at: requested on / last confirmed */
	HOME_GROUP_MESSAGES,	/* rows: the center's messages (code = kind of message, comment, at) */
	HOME_ADMIN_ROUND,	/* progress; rows: departments still answering (id, title = name) */
	HOME_COMMITTEE_SUBMITTED,	/* count: items submitted; rows: departments submitted (at) */
	HOME_ENDORSE_DECIDE,	/* staff/admin: endorsement requests to decide (id, title, code = kind, at = first day) */
	HOME_ENDORSE_OVERDUE,	/* staff/admin: endorsement reports overdue (id, title, at = due day) */
	HOME_GROUP_ENDORSE_REPORTS,	/* group: endorsement reports to send (id, title, at = due day) */
	HOME_GROUP_ENDORSEMENTS,	/* group: its latest endorsements (id, title, code = state, comment = kind waiting) */
	HOME_PROJECT_CHECKS,	/* staff (lead department), group (partner): checklist points of the
				   projects' current stages not yet agreed by their side; count: projects;
				   rows: projects (id, title, code = stage, total = points open) */
	HOME_PROJECT_REPORTS,	/* staff (lead department), group (partner): projects running this
				   fiscal year without a progress report from their side; rows:
				   projects (id, title) */
	HOME_PROJECT_SELF_EVAL,	/* staff, group: projects in evaluation whose self-evaluation their
				   side has not handed in; rows: projects (id, title) */
	HOME_PROJECT_COMMITTEE,	/* committee: projects assigned to the member, joint review closed,
				   scores not yet handed in; rows: projects (id, title) */
	HOME_ADOPT_APPLIED,	/* division, staff: applications to adopt a place (id = agreement, title = place,
				 * comment = group, at = applied) */
	HOME_ADOPT_ENDING,	/* division, staff, group: agreements ending soon (at = last day) */
	HOME_ADOPT_MISSING,	/* division, staff: reports missing; group: reports due (code = fiscal year) */
	HOME__MAX
};
extern const char *const home_kind_names[HOME__MAX];	/* "staff_to_answer", … (tests, CSS classes) */

/* The center's messages to a group (HOME_GROUP_MESSAGES rows' code). */
#define HOME_MSG_RETURNED "returned"	/* the application was sent back, with the comment */
#define HOME_MSG_CHANGE_APPROVED "change_approved"
#define HOME_MSG_CHANGE_REJECTED "change_rejected"
#define HOME_MSG_CONFIRM "confirm"	/* the center asks every group to confirm */

struct home_row {
	long long id, org_id;
	char *code, *title, *comment;	/* "" when none */
	char *at;		/* an ISO instant or date, NULL when none */
	int done, total;	/* progress of a department (admin) */
};

struct home_panel {
	enum home_kind kind;
	/* the round the panel is about (plan panels), else 0 / NULL */
	long long plan_id;
	char *plan_title;
	int fy;
	char *deadline;		/* the round's answer deadline, NULL when none is set */
	char *submitted_at;	/* staff: when their department submitted, NULL when not */
	int count;		/* what awaits (exact) */
	int done, total;	/* progress: e.g. departments submitted of departments asked */
	int answered, items, returned;	/* the round's items (admin) */
	int state, flag;	/* kind-specific (see enum home_kind) */
	char *at;		/* kind-specific instant (see enum home_kind) */
	char *code;		/* kind-specific code: a group's activity status (active, dormant, dissolved) */
	char *name;		/* the group's name (the group's panels), else NULL */
	int nrows;
	struct home_row *rows;	/* at most HOME_ROWS_MAX */
};

struct home_awaits {
	int n;
	struct home_panel *panels;	/* in the providers' order */
};

/* Every panel of every provider of who's role. 0 or a store_rc. */
int home_awaits_load(struct store *st, struct arena *a, const struct actor *who, struct home_awaits *out);

#endif
