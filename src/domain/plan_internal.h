/* plan_internal: helpers shared by the plan*.c files of the domain; not for callers. */
#ifndef KYODO_PLAN_INTERNAL_H
#define KYODO_PLAN_INTERNAL_H
#include "domain/plan.h"
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
/* Mark the plan changed (items or vocabulary), so cached published pages are redone. */
int plan_bump_version(struct store *st, long long plan_id);
#endif
