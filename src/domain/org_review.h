/* org_review: what happens to a record of the registry after it is written — the online
 * application with its group account, the center's review against the city's checklist
 * (org_rules, editable), approval with a registration number or return with a comment,
 * the applicant's correction and resubmission, a group editing its own profile (public
 * changes published at once or kept for the center's review, as the city sets
 * 'org.public_changes'), the center's list and counts, a group's readable history, extra
 * group accounts and area renaming. The yearly confirmation is org_confirm.h.
 *
 * Every writer validates, checks the actor's role, runs in one transaction, writes its
 * audit row (entity "org" with the record's id, so the group's history shows it) and
 * moves the directory version when what the directory shows changes.
 *
 * The applicant's account is a `group` user created disabled, so the router never lets
 * it in; while the application waits (applied or returned) the applicant signs in to the
 * application pages alone with a session of its own (org_applicant_*). Approval enables
 * the account, which ends that session.
 *
 * Returns as org.h: 0 (or an id > 0), -1 with *err an English msgid and *bad the input at
 * fault (an enum org_field, an enum org_input, or -1), ORG_NOT_FOUND, or a store_rc. */
#ifndef KYODO_ORG_REVIEW_H
#define KYODO_ORG_REVIEW_H
#include "domain/org.h"

/* Inputs besides the record's fields, for *bad (error summaries link to them). */
enum org_input {
	ORG_IN_LOGIN = ORG_F__MAX,	/* the account's login name */
	ORG_IN_PASSWORD,
	ORG_IN_COMMENT,
	ORG_IN_DECISION,
	ORG_IN_CHECKLIST,
	ORG_IN_NPO_FIELDS,
	ORG_IN_AREAS,
	ORG_IN_PUBLIC,
	ORG_IN_TEXT,	/* a rule's text, an area's name, a message */
	ORG_IN__MAX
};

#define ORG_COMMENT_MAX 2000	/* characters of a review comment or a message */
#define ORG_APPLY_PER_HOUR 30	/* applications waiting that arrived within the last hour */
#define ORG_APPLY_PER_HOUR_PER_ADDRESS 3	/* applications from one client address in the last hour */
#define ORG_APPLY_WAITING_PER_ADDRESS 5	/* applications from one address still waiting for review */
#define ORG_LOGIN_PROBES_PER_HOUR 10	/* "login name taken" answers to one address in an hour */
#define ORG_MSG_LOGIN_TAKEN "This login name is already taken; choose another."

/* ---- the checklist (org_rules) ---- */

struct org_rule { long long id; int pos, active; char *text; };
int org_rule_list(struct store *st, struct arena *a, int active_only, struct org_rule **out, int *n);
/* Admin/coordinator; text 1–500 characters. */
long long org_rule_add(struct store *st, const struct actor *who, const char *text, const char **err);
int org_rule_edit(struct store *st, const struct actor *who, long long id, const char *text, int active,
		  const char **err);
/* One place up (up = 1) or down. */
int org_rule_move(struct store *st, const struct actor *who, long long id, int up, const char **err);

/* ---- checks that report every problem at once (domain/problems.h) ---- */

struct problems;
/* A wished login name and password: "login", "password". Returns how many problems. */
int org_account_check_all(const char *login, const char *password, struct problems *ps);
struct org_decision;
/* What can be told of a decision before it is made: the comment ("comment": its
 * characters, its length, and required when sending back), and when approving the
 * checklist ("checklist": every active rule, rule_ids, ticked) and the registration
 * number and date as typed ("reg_number", "reg_date"). Returns how many problems. */
int org_review_check(const struct org_decision *d, int nrules, const long long *rule_ids, struct problems *ps);

/* ---- application, direct entry, accounts ---- */

/* The public's application: o (review = applied) and a disabled group account with the
 * wished login and password, bound to it. Refused (err says so, *bad = -1) while
 * ORG_APPLY_PER_HOUR applications arrived in the last hour, or, from who->address, while
 * ORG_APPLY_PER_HOUR_PER_ADDRESS arrived in the last hour or ORG_APPLY_WAITING_PER_ADDRESS
 * still wait (the address counted by who->address_key when set: an IPv6 client by its /64);
 * that key is kept with the application. A taken login name is refused
 * with err == ORG_MSG_LOGIN_TAKEN (the caller throttles that answer). Returns the id. */
long long org_apply(struct store *st, const struct actor *who, struct org *o, const char *login,
		    const char *password, const char **err, int *bad);
/* The center enters a group directly: approved at once, registration number (next free
 * when empty) and date (today when empty) set, confirmed now; a group account when login
 * is not empty. Returns the new id. */
long long org_center_create(struct store *st, const struct actor *who, struct org *o, const char *login,
			    const char *password, const char **err, int *bad);
struct org_account { long long id; char *login; int disabled; };
/* Every account of the record, oldest first (read whole). */
int org_accounts(struct store *st, struct arena *a, long long org_id, struct org_account **out, int *n);
/* Admin/coordinator: another group account for an approved record (enabled). 0 or < 0. */
int org_account_add(struct store *st, const struct actor *who, long long org_id, const char *login,
			  const char *password, const char **err, int *bad);

/* ---- the applicant's own sign-in while the application waits ---- */

#define ORG_APPLICANT_COOKIE "kyodo_applicant"
/* Checks the login and password of a waiting application's account (timing as for
 * unknown logins). 0 and *user_id, or -1. */
int org_applicant_verify(struct store *st, const char *login, const char *password, long long *user_id);
/* The applicant of the session whose token (the cookie value) is given: fills who (role
 * group, org_id of the application; strings from a) and *csrf. 1 found, 0 not, < 0. */
int org_applicant_lookup(struct store *st, struct arena *a, const char *token, struct actor *who, const char **csrf);
/* The applicant corrects and sends the application again (who from org_applicant_lookup;
 * review returned or applied → applied). */
int org_resubmit(struct store *st, const struct actor *who, const struct org *o, const char **err, int *bad);

/* ---- the center's decision ---- */

struct org_decision {
	int approve;		/* 1 approve, 0 send back */
	const long long *ticked;	/* ids of the rules ticked */
	int nticked;
	const char *comment;	/* required to send back */
	const char *reg_number, *reg_date;	/* approval: "" = next free R{年度}-{seq} / today */
};
int org_review_decide(struct store *st, const struct actor *who, long long org_id, const struct org_decision *d,
		      const char **err, int *bad);
struct org_review_row { long long id; char *at, *actor, *decision, *comment, *checklist; };
/* Every decision about the record, newest first (read whole). */
int org_review_list(struct store *st, struct arena *a, long long org_id, struct org_review_row **out, int *n);
/* The next free registration number of this fiscal year ("R7-001"), from a. */
char *org_reg_number_next(struct store *st, struct arena *a);
/* Today in Japan (JST) as YYYY-MM-DD. */
void org_today(char out[11]);

/* ---- a group's own profile and pending public changes ---- */

struct org_change {
	long long id, org_id;
	char *state, *submitted_at, *submitted_by, *decided_at, *decided_by, *comment;	/* "" when none */
	unsigned char pending[ORG_F__MAX];	/* fields whose new value waits */
	int fields_pending, areas_pending;
	struct org proposed;	/* the values proposed (only the pending parts are meaningful) */
	unsigned public_on;	/* switches the group turned on */
};
/* A group saves its own profile (who->org_id == o->id). Counts as confirming the data.
 * With 'org.public_changes' = 'review', changes to public fields (always-public ones and
 * contact fields whose switch is or was on, the lists, switches turned on) wait as one
 * pending change (a new edit replaces it; *pending = 1), the rest applies at once. */
int org_profile_save(struct store *st, const struct actor *who, const struct org *o, int *pending,
		     const char **err, int *bad);
/* The pending change of a record (0), or ORG_NOT_FOUND. */
int org_change_pending(struct store *st, struct arena *a, long long org_id, struct org_change *out);
/* The newest decided change (0), or ORG_NOT_FOUND. */
int org_change_last_decided(struct store *st, struct arena *a, long long org_id, struct org_change *out);
int org_change_get(struct store *st, struct arena *a, long long id, struct org_change *out);
/* The pending changes, oldest first: at most max, *more = 1 when more are waiting. */
int org_change_list(struct store *st, struct arena *a, int max, struct org_change **out, int *n, int *more);
/* The pending parts of c onto o (for showing a group what it proposed). */
void org_change_overlay(const struct org_change *c, struct org *o);
/* Admin/coordinator: approve (applies the pending parts onto the current record) or reject
 * (comment required). */
int org_change_decide(struct store *st, const struct actor *who, long long change_id, int approve,
		      const char *comment, const char **err);

/* ---- the center's list ---- */

struct org_center_filter {
	const char *review;	/* "", "applied", "returned", "approved" */
	int stale;		/* only flagged records */
	const char *q;		/* words in name, reading or registration number */
	int page, per_page;	/* page from 1 */
};
struct org_center_row {
	long long id;
	char *name, *kana, *kind, *review, *status, *reg_number, *confirmed_at, *confirm_requested_at, *created_at;
	int stale;
};
int org_center_list(struct store *st, struct arena *a, const struct org_center_filter *f,
		    struct org_center_row **out, int *n, int *total);
struct org_center_counts { int review[ORG_REVIEW__MAX], stale, changes, all; };
int org_center_counts(struct store *st, struct org_center_counts *c);

/* ---- history ---- */

struct org_history_diff { const char *key; char *before, *after; };	/* key as in org_to_json */
struct org_history_entry {
	long long id;
	char *at, *actor, *action;
	struct org_history_diff *diffs;
	int ndiffs;
};
/* The audit rows of a record, newest first (before_id 0 = newest), each with the values
 * that changed, as readable text (kinds, statuses and fields by their names). */
int org_history(struct store *st, struct arena *a, long long org_id, long long before_id, int limit,
		struct org_history_entry **out, int *n);

/* ---- city settings of the registry ---- */

/* Admin/coordinator: 'org.public_changes' (immediate|review) and 'org.confirm_months'
 * (1–60) together. *bad: 0 the mode, 1 the months. */
int org_settings_save(struct store *st, const struct actor *who, const char *public_changes, const char *months,
		      const char **err, int *bad);
/* The same rules, every problem into ps ("public_changes", "confirm_months"). */
int org_settings_check(const char *public_changes, const char *months, struct problems *ps);

/* ---- areas ---- */

int org_area_rename(struct store *st, const struct actor *who, long long id, const char *name, const char **err);

#endif
