/* org_confirm: the yearly confirmation of the registry (年次確認) — a group confirms that
 * its registered data is up to date (by its button, or by saving its profile); the center
 * asks every registered group, or only those that are due: not confirmed within the city's
 * 'org.confirm_months' months, or never (the same rule as the flag on the center's list);
 * the requests sent; and who gets a letter or an address label instead of an email (the
 * registered groups without an email address, in postal-code order).
 *
 * A group is "registered" here when it is approved and not dissolved (the directory's
 * groups, dormant ones included). Writers check the actor, run in one transaction, write
 * their audit row and move the directory's version. Returns: 0, -1 with *err (an English
 * msgid), or a store_rc. */
#ifndef KYODO_ORG_CONFIRM_H
#define KYODO_ORG_CONFIRM_H
#include "domain/org.h"
#include <time.h>

enum org_confirm_target { ORG_CONFIRM_DUE, ORG_CONFIRM_ALL, ORG_CONFIRM__MAX };
extern const char *const org_confirm_target_codes[ORG_CONFIRM__MAX];	/* "due", "all" (stored) */
/* By code; -1 when unknown. */
int org_confirm_target_parse(const char *s);

/* The moment before which a confirmation is too old: now minus months, as stored
 * ("2025-06-01T01:05:00Z", UTC), the day of the month carried over as SQLite's
 * '-N months' does (2026-03-31 minus one month is 2026-03-03). */
void org_confirm_cutoff(time_t now, int months, char out[24]);
/* The city's months ('org.confirm_months', 12 when unset) and the cutoff for now. */
int org_confirm_months(struct store *st);

struct org_confirm_counts {
	int all, due;			/* registered groups; of them due */
	int all_postal, due_postal;	/* the same without an email address (letters, labels) */
};
int org_confirm_count(struct store *st, struct org_confirm_counts *c);

/* Admin/coordinator: asks the groups of target to confirm (their confirm_requested_at is
 * set; each sees the request on its own page), with an optional message (up to
 * ORG_COMMENT_MAX characters); records the request with its target and count (audited).
 * *count: the groups asked. */
int org_confirm_request(struct store *st, const struct actor *who, enum org_confirm_target target,
			const char *message, int *count, const char **err);

/* A group confirms its own data (who->org_id). */
int org_confirm(struct store *st, const struct actor *who, const char **err);
/* Inside a transaction: record org_id as confirmed now. With audit, one row "confirm" with
 * the date before and after; without, the caller's own row of the event says it (a saved
 * profile). *before (may be NULL): the date it replaced ("" when never), from a. -1 when
 * the record is not a registered group. */
int org_confirm_write(struct store *st, struct arena *a, const struct actor *who, long long org_id, int audit,
		      const char **before, const char **now);

struct org_confirm_req { long long id; int orgs; char *at, *actor, *message, *target; };
/* Every request sent, newest first (a few a year: read whole). */
int org_confirm_requests(struct store *st, struct arena *a, struct org_confirm_req **out, int *n);
/* Is the record flagged: approved, not dissolved, confirmed_at empty or before the cutoff? */
int org_is_stale(struct store *st, const struct org *o);

/* The registered groups of target without an email address, in postal-code order (then
 * reading): the letters and labels. Read whole (ids, from a). */
int org_confirm_postal_ids(struct store *st, struct arena *a, enum org_confirm_target target, long long **ids,
			   int *n);

#endif
