/* org_work: what awaits people in the registry, as counts and states for their home pages
 * (the dashboards of issue 8 §2) — read-only, a few indexed counts, no audit:
 *   the center (admin, coordinator): applications waiting for review, applications sent
 *     back and waiting for the group, public changes waiting for approval, registered
 *     groups due for the yearly confirmation (and of them those without email, who need a
 *     letter), with the links of the screens where each is done;
 *   a group: its record's review state (and the center's comment when sent back), whether
 *     its yearly confirmation is due or was requested by the center, its last confirmation,
 *     and whether a change of its profile waits for the center (or was rejected, with the
 *     comment).
 * The rules are those of the screens (org_review.h, org_confirm.h): the same numbers as
 * /center/orgs, /center/changes and /center/confirm. Returns 0 or a store_rc. */
#ifndef KYODO_ORG_WORK_H
#define KYODO_ORG_WORK_H
#include "domain/org.h"

struct org_center_work {
	int applications;	/* applied: waiting for the center's review (/center/orgs?review=applied) */
	int returned;		/* sent back: waiting for the group (/center/orgs?review=returned) */
	int changes;		/* public changes waiting for approval (/center/changes) */
	int due;		/* registered groups due for confirmation (/center/confirm, /center/orgs?stale=1) */
	int due_postal;		/* of them, without an email address: a letter (/center/confirm#prints) */
	int registered;		/* approved, not dissolved */
};
int org_center_work(struct store *st, struct org_center_work *w);

struct org_group_work {
	enum org_review_state review;	/* applied, returned or approved */
	const char *review_comment;	/* the center's comment when returned ("" none) */
	int confirm_due;		/* approved and not confirmed within the city's months, or never */
	const char *confirm_requested_at;	/* the center's request not yet answered ("" none; UTC) */
	const char *confirmed_at;	/* the last confirmation ("" never; UTC) */
	int change_pending;		/* a change of the profile waits for the center */
	const char *change_rejected;	/* the newest decided change was rejected: the center's
					 * comment (NULL when it was approved or there is none) */
};
/* The group of record org_id (strings from a); ORG_NOT_FOUND when there is none. */
int org_group_work(struct store *st, struct arena *a, long long org_id, struct org_group_work *w);

#endif
