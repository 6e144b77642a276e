/* adopt: the adoption programme (アダプト・プログラム) — the city's list of places (parks,
 * roads, riverbanks …, of a kind from an editable list, each in the care of a department,
 * shared adoption allowed or not), the agreements by which groups adopt them, their terms
 * and renewals, supplies lent, insurance, and the groups' yearly activity reports.
 *
 * Who does what (adopt_visibility.h has the rule every surface uses):
 *   - the department in charge of a place and the collaboration division add and edit
 *     places (and the division the list of kinds);
 *   - a group applies for a place (what it will do, the term it wishes); the department
 *     approves (fixing the first term: this makes the agreement) or refuses with a reason;
 *   - the department may also record an agreement directly (a group that came to the
 *     counter), renew it (a new term continuing the agreement; the history of terms stays),
 *     record supplies lent and their return, and the insurance;
 *   - the group writes one activity report per fiscal year its terms touch; a finished
 *     year without one is "missing" for the department and "due" for the group;
 *   - agreements whose last term ends within ADOPT_ENDING_DAYS are shown to both on their
 *     start pages, and `kyodo adopt remind` (or the department's button) tells them once.
 *
 * The overlap rule: on a place that does not allow shared adoption, no two agreed
 * agreements may have terms that share a day (a term ending on 3/31 and one starting on
 * 4/1 are back to back, allowed). Every write that creates or extends a term checks it
 * inside its transaction, after locking the place (store_begin takes the database's write
 * lock on both backends; on PostgreSQL the place row is also locked FOR UPDATE), so two
 * departments approving at once cannot both succeed.
 *
 * Every write is audited and moves the public pages' version ("adopt") in its transaction;
 * notices go to whoever must act next. Domain calls return 0, ADOPT_NOT_FOUND (nothing the
 * viewer may reach), ADOPT_INVALID (ps holds every problem, English msgids) or a store_rc.
 * Dates are 'YYYY-MM-DD' calendar dates in Japan; inputs accept 西暦 and 和暦. */
#ifndef KYODO_ADOPT_H
#define KYODO_ADOPT_H
#include "domain/actor.h"
#include "domain/attach.h"
#include "domain/adopt_visibility.h"
struct store;
struct arena;
struct problems;

#define ADOPT_NOT_FOUND (-100)	/* the same value as PLAN_NOT_FOUND: pages answer 404 */
#define ADOPT_INVALID (-1)
#define ADOPT_ENDING_DAYS 60	/* "ending soon": the default of the setting adopt.ending_days */
#define ADOPT_DATE_MAX 11

struct adopt_kind {
	long long id;
	char *name;
	int position, retired;
};

struct adopt_place {
	long long id, kind_id, department_id;
	char *kind, *name, *location, *department;
	int shared;
	char *note;		/* "" unless the viewer may see the city's notes */
	char *created_at, *updated_at;
};

struct adopt_term {
	long long id;
	int seq;
	char *starts_on, *ends_on, *created_at, *created_by;
};

struct adopt_supply {
	long long id;
	char *item;
	int count;
	char *lent_on, *returned_on;	/* returned_on "" while lent */
};

struct adopt_report {
	long long id;
	int fy;
	char *activities;
	int times, people;
	char *submitted_at, *updated_at;
};

struct adopt_agreement {
	long long id, place_id, org_id, place_department;
	char *state;		/* "applied", "rejected", "agreed" */
	char *place_name;
	char *org_name;		/* the group's registered name */
	char *public_name;	/* its name in the public directory; "" when not listed there */
	int full;		/* 1: the viewer sees the whole agreement; 0: only public_name (the
				 * other texts below are "") */
	char *activities, *wish_start, *wish_end;
	char *insurer, *insurance, *insured_from, *insured_to;
	char *note, *comment;
	char *applied_at, *decided_at, *decided_by, *created_at;
	char *starts_on, *ends_on;	/* the first term's start and the last term's end, "" without terms */
	int in_force;		/* a term covers today */
	char *ended_on, *end_reason;	/* 中途終了: the last day and why ("" when not ended early) */
	char *withdrawn_at;	/* the group took its application back ("": no; state "rejected") */
	/* adopt_agreement_get only: */
	struct adopt_term *terms;
	int nterms;
	struct adopt_supply *supplies;
	int nsupplies;
	struct adopt_report *reports;
	int nreports;
};

/* Today in Japan, 'YYYY-MM-DD' (KYODO_TODAY in the environment overrides it, for tests). */
void adopt_today(char out[ADOPT_DATE_MAX]);
/* A date as typed (西暦 or 和暦) into 'YYYY-MM-DD'; -1 when it is none. */
int adopt_date_parse(const char *s, char out[ADOPT_DATE_MAX]);
/* d moved by days, 'YYYY-MM-DD'. */
void adopt_date_add(const char *d, int days, char out[ADOPT_DATE_MAX]);
/* The fiscal years a term [starts, ends] touches: first and last. */
void adopt_term_years(const char *starts, const char *ends, int *first, int *last);
/* The days after which an agreement counts as ending soon (setting adopt.ending_days). */
int adopt_ending_days(struct store *st);

/* ---- kinds ---- */
int adopt_kind_list(struct store *st, struct arena *a, int with_retired, struct adopt_kind **out, int *n);
/* Division only. name checked; ps gets the problems. *id the new kind's. */
int adopt_kind_add(struct store *st, const struct actor *who, const char *name, long long *id, struct problems *ps);
int adopt_kind_update(struct store *st, const struct actor *who, long long id, const char *name, int retired,
		      struct problems *ps);

/* ---- places ---- */
struct adopt_place_in {
	const char *kind, *name, *location, *department, *shared, *note;	/* as posted: ids as text */
};
/* Every problem of a place form (the kind and department must exist; staff may only name
 * their own department). */
int adopt_place_check(struct store *st, const struct actor *who, const struct adopt_place_in *in,
		      struct problems *ps);
/* Creates (id 0) or updates place id. *out_id the place's id. Turning shared adoption off
 * while more than one agreement is in force today is refused (adopt_msg_shared_in_force on
 * "shared", checked under the write lock). */
extern const char *const adopt_msg_shared_in_force;
int adopt_place_save(struct store *st, const struct actor *who, long long id, const struct adopt_place_in *in,
		     long long *out_id, struct problems *ps);
int adopt_place_get(struct store *st, struct arena *a, const struct actor *who, long long id, struct adopt_place *out);

/* A page of the list of places, each with the agreements the viewer may see of it
 * (adopt_agreement_shows; applications only for who may see them). */
struct adopt_place_row {
	struct adopt_place place;
	struct adopt_agreement *agreements;
	int nagreements;
	int adopted;		/* an agreement in force today */
};
struct adopt_filter {
	long long kind_id, department_id;	/* 0: any */
	int page, per_page;	/* page from 1 */
};
int adopt_place_list(struct store *st, struct arena *a, const struct actor *who, const struct adopt_filter *f,
		     struct adopt_place_row **out, int *n, int *total);
/* The agreements of a place the viewer may see, newest first. */
int adopt_place_agreements(struct store *st, struct arena *a, const struct actor *who, long long place_id,
			   struct adopt_agreement **out, int *n);

/* ---- agreements ---- */
/* The whole agreement with its terms, supplies and reports; ADOPT_NOT_FOUND unless the
 * viewer may see the whole of it. */
int adopt_agreement_get(struct store *st, struct arena *a, const struct actor *who, long long id,
			struct adopt_agreement *out);
/* The agreements of the viewer's group, newest first. */
int adopt_agreements_of_org(struct store *st, struct arena *a, const struct actor *who,
			    struct adopt_agreement **out, int *n);

struct adopt_terms_in {
	const char *starts_on, *ends_on;	/* as typed */
};
/* A group applies for a place: activities (required) and the term it wishes. The
 * department in charge is told. *id the application's. */
int adopt_apply(struct store *st, const struct actor *who, long long place_id, const char *activities,
		const struct adopt_terms_in *t, long long *id, struct problems *ps);
/* The department approves (the first term t; the overlap rule) or refuses (comment
 * required) an application. The group is told. */
int adopt_decide(struct store *st, const struct actor *who, long long agreement_id, int approve,
		 const struct adopt_terms_in *t, const char *comment, struct problems *ps);
/* The department records an agreement directly with group org_id. The group is told. */
int adopt_record(struct store *st, const struct actor *who, long long place_id, long long org_id,
		 const char *activities, const struct adopt_terms_in *t, long long *id, struct problems *ps);
/* A new term continuing the agreement: it starts after the last term ends. The group is told. */
int adopt_renew(struct store *st, const struct actor *who, long long agreement_id, const struct adopt_terms_in *t,
		struct problems *ps);
/* 中途終了: the department in charge (or the division) ends an agreement before its term
 * runs out — its last day ends_on (as typed; within the agreement's terms, from its first
 * day to before its last) and the reason (required). The terms are cut to that day, so
 * the place is free (for the overlap rule, the public list) from the day after; the group
 * is told. An agreement ended so is not renewed; one whose last term is over already
 * (adopt_agreement_finished) is not ended early. (The group asks the department, which
 * records the end: one path, the city's record.) */
int adopt_end_early(struct store *st, const struct actor *who, long long agreement_id, const char *ends_on,
		    const char *reason, struct problems *ps);
/* 取消し: the department in charge (or the division) cancels an agreement that has not
 * started yet (its first day after today), with the reason (required). The early end's
 * path with the day before the first day as the last: every term goes (the audit keeps
 * them), so the place is free on all those days; ended_on is that day. The group is told.
 * adopt_agreement_cancelled says an agreement was cancelled so. */
int adopt_cancel(struct store *st, const struct actor *who, long long agreement_id, const char *reason,
		 struct problems *ps);
/* The group takes back its own application while it waits for the decision (state
 * "rejected" with withdrawn_at); the department in charge is told. */
int adopt_withdraw(struct store *st, const struct actor *who, long long agreement_id, struct problems *ps);
/* The department's details of an agreement: the activities agreed, the insurance (who
 * insures, the policy or scheme, its period) and the city's note. */
struct adopt_details_in {
	const char *activities, *insurer, *insurance, *insured_from, *insured_to, *note;
};
int adopt_details_save(struct store *st, const struct actor *who, long long agreement_id,
		       const struct adopt_details_in *in, struct problems *ps);
/* Supplies lent (item, count, the day lent) and their return (the day). */
int adopt_supply_add(struct store *st, const struct actor *who, long long agreement_id, const char *item,
		     const char *count, const char *lent_on, struct problems *ps);
int adopt_supply_return(struct store *st, const struct actor *who, long long agreement_id, long long supply_id,
			const char *returned_on, struct problems *ps);
/* The group's report of fiscal year fy (a year its terms touch, not after this one);
 * written again, it replaces the year's report. The department is told. */
struct adopt_report_in {
	const char *fy, *activities, *times, *people;
};
int adopt_report_save(struct store *st, const struct actor *who, long long agreement_id,
		      const struct adopt_report_in *in, struct problems *ps);

/* The finished fiscal years (before today's) an agreed agreement's terms touch without a
 * report, into fys (at most max); their number. Pure: reads ag->terms and ag->reports. */
int adopt_reports_missing(const struct adopt_agreement *ag, const char *today, int *fys, int max);
/* The agreement is finished today (adopt_today): an application refused or taken back, or
 * an agreement whose last term is over (ended at its term or early). */
int adopt_agreement_finished(const struct adopt_agreement *ag);
/* Cancelled before it started (adopt_cancel): agreed, ended, and no term left. Pure. */
int adopt_agreement_cancelled(const struct adopt_agreement *ag);
/* The name (an English msgid) of an agreement's stored state, read with the facts that
 * qualify it — the one place that names it (pages, the audit log): "applied" waits,
 * "rejected" is a refusal or, withdrawn, taken back by the group; "agreed" is agreed or,
 * cancelled, cancelled before it started (NULL for any other word). Pages add what today
 * says of an agreed one. */
const char *adopt_state_name(const char *state, int withdrawn, int cancelled);
/* The agreement's last term ends within days of today (and has not ended). */
int adopt_ending_soon(const struct adopt_agreement *ag, const char *today, int days);

/* ---- what awaits, for the start pages and the department's page ---- */
struct adopt_work_row {
	long long agreement_id, place_id;
	char *place_name, *org_name, *at;	/* at: applied on, ends on, or the missing year's end */
	int fy;			/* missing reports: the year */
};
struct adopt_work {
	int napplied, nending, nmissing;	/* exact counts */
	struct adopt_work_row *applied, *ending, *missing;	/* every row (the pages cut them) */
};
/* For the division (every place), a department's staff (its places) or a group (its own
 * agreements); nothing for other roles. */
int adopt_work_load(struct store *st, struct arena *a, const struct actor *who, const char *today,
		    struct adopt_work *out);
/* Tells the department and the group of every agreement ending within the setting's days,
 * once per term (the term remembers it). Division or the command line. *n how many. */
int adopt_remind(struct store *st, const struct actor *who, const char *today, int *n);

/* Groups in the public directory (id, name) for the department's form, in kana order. */
struct adopt_org_option {
	long long id;
	char *name;
};
int adopt_org_options(struct store *st, struct arena *a, struct adopt_org_option **out, int *n);
/* ---- documents (adopt_attach.c): the attachments kind "adoption" (an agreement) ----
 * Seen, added and removed by whoever reaches the agreement (ADOPT_SEE_AGREEMENT); never
 * public. */
int adopt_attach_may(struct store *st, const struct actor *who, long long owner_id, enum attach_op op);
int adopt_attach_public(struct store *st, long long owner_id);
const char *adopt_attach_page(struct arena *a, const struct actor *who, long long owner_id);

#endif
