/* plan_internal: helpers shared by the plan*.c files of the domain; not for callers. */
#ifndef KYODO_PLAN_INTERNAL_H
#define KYODO_PLAN_INTERNAL_H
#include "domain/plan.h"
#include "domain/notice.h"
#include <jansson.h>
#include <stddef.h>

void plan_err(char *err, size_t errlen, const char *msg);
char *plan_json_take(json_t *o);	/* compact JSON text (heap) from a new reference */
void plan_label_norm(const char *in, char *out, size_t n);
const struct plan_priority *plan_priority_by_id(const struct plan *p, long long id);
const struct plan_status *plan_status_by_id(const struct plan *p, long long id);
enum round_state plan_round_state(struct store *st, long long plan_id, int fy);
/* Parse "12", "12.5", "１２" (full-width) as a percentage 0–100; -1 if not one. */
int plan_parse_percent(const char *s, double *out);
/* Apply one parsed year record (write + audit). Used by plan_year_save and the import. */
struct plan_year_rec {
	long long status_id;	/* 0 = none */
	int has_achievement;
	double achievement;
	const char *result, *next_reason, *state, *return_comment;
	long long next_priority_id;	/* 0 = none */
	int next_complete;
};
int plan_year_write(struct store *st, const struct actor *who, long long item_id, int fy,
		    const struct plan_year_rec *rec, int audit);
/* The same, audited, for an item created in this transaction (it has no record yet). */
int plan_year_write_fresh(struct store *st, const struct actor *who, long long item_id, int fy,
			  const struct plan_year_rec *rec);
/* A rollup built one node at a time in tree order (plan_rollup.c): plan_rollup runs it over
 * a loaded tree, plan_rollup_walk over a walk; both count exactly the same way. */
struct rollup_acc {
	const struct plan *p;
	struct arena *a;
	enum rollup_by by;
	int depth, ng, cap, cur;	/* cur: the row of the current branch at `depth`, or -1 */
	struct rollup *out;
};
int plan_rollup_begin(struct rollup_acc *acc, const struct plan *p, struct arena *a, int fy, int published,
		      enum rollup_by by, int depth, struct rollup *out);
/* nd's strings may be transient: the rollup keeps its own copies. 0 or -1 (arena full). */
int plan_rollup_add(struct rollup_acc *acc, const struct plan_node *nd);
/* After the last node: leaves out the empty "(none)" row of a rollup by class. */
void plan_rollup_end(struct rollup_acc *acc);
/* Now, UTC, as stored: "2025-06-01T01:05:00Z". */
void plan_now(char out[24]);
/* Mark the plan changed (items or vocabulary), so cached published pages are redone. */
int plan_bump_version(struct store *st, long long plan_id);
/* The round's shared steps (plan_round.c), for plan_publish.c and plan_deadline.c. */
int plan_round_admin_only(const struct actor *who, char *err, size_t errlen);	/* 0, or -1 + err */
/* An audit row "plan_round:FY" of p with {plan_id, fy} and the members of extra (taken). */
int plan_round_audit(struct store *st, const struct actor *who, const char *action, const struct plan *p, int fy,
		     const char *before, json_t *extra);
int plan_round_tx(struct store *st, int rc);	/* commit when rc is 0, else roll back; the result */
/* Moves the round from state `from` to `to`: 1 when it was no longer in `from` (another
 * process moved it first), 0 when moved, or a store_rc. The condition is in the UPDATE
 * itself, so it holds whatever the isolation of the transaction. */
int plan_round_set_state(struct store *st, const struct plan *p, int fy, const char *from, const char *to);
/* Tells the staff of one department (dept > 0) or of every department of p (dept 0) about
 * year fy, inside the caller's transaction (a rolled-back write tells nobody): the event's
 * {plan} and {year} are filled in, kv adds name, value pairs (NULL-ended; at most 5). */
int plan_round_notice(struct store *st, const struct plan *p, int fy, enum notice_event ev, long long dept,
		      const char *link, const char *const *kv);
/* 1 when day ("YYYY-MM-DD") is on or after 1 April of fy. */
int plan_deadline_in_year(int fy, const char *day);
#endif
