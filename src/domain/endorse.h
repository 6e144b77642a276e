/* endorse: endorsements (後援名義). A group (through its accounts) asks the city to lend its
 * name to an event; the department it asks decides; changes (変更申請) and withdrawal
 * (取消し) take the same path; a report (実績報告) is due some days after the event.
 *
 * The state machine of an endorsement, and who moves it (every other move is refused):
 *
 *     (none) --apply (group, at least days_before days before the event)--> applied
 *     applied --decide 承諾 (its department, the division)--> approved
 *     applied --decide 不承諾--> refused
 *     applied --take back (the group, before the decision)--> withdrawn
 *     approved --ask for a change (group, before the event begins)--> approved + a change waiting
 *         a change that moves the first day must arrive days_before days before the new day
 *         change approved: the endorsement takes the new values; refused: it keeps its own
 *     approved --ask for withdrawal (group, before the event begins)--> approved + a withdrawal waiting
 *     (once the event has begun, the group's only move is its report)
 *         withdrawal approved: withdrawn (out of the public list); refused: stays approved
 *     approved --report (group, from the event's last day on, once, no request waiting)--> reported
 *
 * Each request (application, change, withdrawal) is a row of endorse_requests, kept:
 * applied → approved / refused (or cancelled), with the decision's day, its number
 * (per fiscal year) and its conditions or reasons, printed on the decision notice.
 * Settings (the division's, /admin/endorsements): endorse.days_before (30),
 * endorse.days_after (10), endorse.exclusions (the rules a group confirms, one a line).
 *
 * Dates are calendar days in Japan ('YYYY-MM-DD'); every function that depends on the day
 * takes `today` (endorse_today() for the real one), so tests can run any day. Every write
 * is audited and tells the party that acts next (notice.h) in its transaction, and moves
 * the version of the public list ("endorse", hard when something leaves it or changes).
 * Who sees what: endorse_visibility.h. Attachments (flyers, statements of accounts) are
 * the attachments module's: an endorsement would be their owner ("endorsement", ID). */
#ifndef KYODO_ENDORSE_H
#define KYODO_ENDORSE_H
#include "domain/actor.h"
#include "domain/attach.h"
struct store;
struct arena;
struct problems;

#define ENDORSE_NOT_FOUND (-100)
#define ENDORSE_RULES_MAX 20
#define ENDORSE_DAYS_BEFORE_DEFAULT 30
#define ENDORSE_DAYS_AFTER_DEFAULT 10

enum endorse_state { ENDORSE_APPLIED, ENDORSE_APPROVED, ENDORSE_REFUSED, ENDORSE_WITHDRAWN, ENDORSE__STATES };
extern const char *const endorse_state_names[ENDORSE__STATES];	/* "applied", … (stored) */
int endorse_state_parse(const char *s, enum endorse_state *out);

enum endorse_kind { ENDORSE_REQ_NEW, ENDORSE_REQ_CHANGE, ENDORSE_REQ_WITHDRAW, ENDORSE__KINDS };
extern const char *const endorse_kind_names[ENDORSE__KINDS];	/* "new", "change", "withdraw" */
int endorse_kind_parse(const char *s, enum endorse_kind *out);

struct endorsement {
	long long id, org_id, department_id;
	char *org_name, *department_name;
	enum endorse_state state;
	char *title, *purpose, *starts_on, *ends_on, *place, *organiser;
	long long attendance, fee;	/* fee: yen per person, 0 = free */
	char *contact_name, *contact_phone;	/* private (endorse_visibility.h) */
	char *exclusions;	/* the rules confirmed, one a line */
	char *report_due_on;	/* "" until approved */
	char *reported_at;	/* "" until reported */
	long long report_attendance, report_income, report_expenses;	/* -1 when not given */
	char *report_summary;
	char *created_at, *updated_at;
	long long pending_id;	/* the request waiting for a decision, 0 when none */
	int pending_kind;	/* its enum endorse_kind, -1 when none */
};

struct endorse_request {
	long long id, endorsement_id;
	enum endorse_kind kind;
	char *state;		/* applied, approved, refused, cancelled */
	char *asked;		/* JSON object of the values asked for */
	char *reason, *applied_at, *applied_by, *decided_at, *decided_by, *decided_on, *comment;
	int decision_fy, decision_seq;	/* 0 until decided */
};

/* What a form sends (text as typed); rules[i] is 1 when rule i was ticked. */
struct endorse_input {
	const char *title, *purpose, *starts_on, *ends_on, *place, *attendance, *fee, *organiser;
	const char *contact_name, *contact_phone, *department;	/* department: its id as text */
	int rules[ENDORSE_RULES_MAX];
};

struct endorse_report_input {
	const char *attendance, *summary, *income, *expenses;
};

struct endorse_settings {
	int days_before, days_after;
	int nrules;
	char *rules[ENDORSE_RULES_MAX];
};

/* The msgid of a late application ({days}, {last_day}: the page fills them in). */
extern const char *const endorse_msg_too_late;
/* The same for a change that moves the event to a new first day too late. */
extern const char *const endorse_msg_change_too_late;

/* ---- days ---- */
void endorse_today(char out[11]);	/* today in Japan */
/* day + n days ("YYYY-MM-DD"); -1 when day is not a date. */
int endorse_day_add(const char *day, int n, char out[11]);
/* The last day an application for an event starting on starts_on may arrive. */
int endorse_last_day(const char *starts_on, int days_before, char out[11]);
/* A report is awaited (the event is over) / overdue, on today. */
int endorse_report_awaited(const struct endorsement *e, const char *today);
int endorse_report_overdue(const struct endorsement *e, const char *today);

/* ---- settings ---- */
int endorse_settings_get(struct store *st, struct arena *a, struct endorse_settings *out);
/* The division (admin) only; every problem into e ("days_before", "days_after", "rules");
 * audited. -1 with problems, 0, or a store_rc. */
int endorse_settings_save(struct store *st, struct arena *a, const struct actor *who, const char *days_before,
			  const char *days_after, const char *rules, struct problems *e);

/* ---- reading (raw: pages go through endorse_visibility.h) ---- */
int endorse_get(struct store *st, struct arena *a, long long id, struct endorsement *out);
int endorse_requests(struct store *st, struct arena *a, long long id, struct endorse_request **out, int *n);
int endorse_request_get(struct store *st, struct arena *a, long long id, struct endorse_request *out);

/* A list for a page, through the visibility rule (only what who may see, blanked for
 * them). state NULL: any; pending: only those with a request waiting for a decision. */
struct endorse_filter {
	long long org_id, department_id;
	const char *state;
	int pending;
	int page, per_page;
};
int endorse_list(struct store *st, struct arena *a, const struct actor *who, const struct endorse_filter *f,
		 struct endorsement **out, int *n, int *total);
/* Approved endorsements whose report is awaited (overdue only when overdue is 1), of a
 * department or a group (0: any), as who may see them (who NULL: all, for the reminder
 * pass); at most max rows (0: all); *total counts them all. */
int endorse_unreported(struct store *st, struct arena *a, const struct actor *who, const char *today, int overdue,
		       long long department_id, long long org_id, int max, struct endorsement **out, int *n, int *total);

/* ---- writing (each: every problem into e and -1; or 0; or a store_rc; ENDORSE_NOT_FOUND
 * for an endorsement the actor may not see) ---- */
int endorse_apply(struct store *st, struct arena *a, const struct actor *who, const struct endorse_input *in,
		  const char *today, long long *id, struct problems *e);
/* Decide the request waiting on endorsement id: approve 1 (comment: conditions, may be
 * empty) or 0 (comment: reasons, required). An application (not a change or a withdrawal)
 * is not approved once its event has begun (today on or after its first day): the
 * problem endorse_msg_begun_undecided; refusing it stays open. */
extern const char *const endorse_msg_begun_undecided;
int endorse_decide(struct store *st, struct arena *a, const struct actor *who, long long id, int approve,
		   const char *comment, const char *today, struct problems *e);
int endorse_ask_change(struct store *st, struct arena *a, const struct actor *who, long long id,
		       const struct endorse_input *in, const char *reason, const char *today, struct problems *e);
/* Withdraw: an application not yet decided is taken back at once; an approved one is a
 * request the department decides. */
int endorse_withdraw(struct store *st, struct arena *a, const struct actor *who, long long id, const char *reason,
		     const char *today, struct problems *e);
int endorse_report(struct store *st, struct arena *a, const struct actor *who, long long id,
		   const struct endorse_report_input *in, const char *today, struct problems *e);

/* ---- reminders ----
 * For every approved endorsement whose event is over and whose report has not come: a
 * reminder that the report is due (the day after the event) and one that it is overdue
 * (the day after the due day, to the group and the department), each sent ONCE per
 * endorsement, kind and due day (recorded in endorse_reminders in the transaction of its
 * notices) whoever runs the pass and however often: every `kyodo serve` runs it in its
 * mail worker's thread once a Japan day (endorse_remind_daily), and `kyodo endorse
 * remind` runs it from cron (an instance started with --no-mail). *sent: reminders sent
 * now. 0 or a store_rc. */
int endorse_remind(struct store *st, struct arena *a, const char *today, int *sent);
/* The pass at most once per Japan day in this process. */
void endorse_remind_daily(struct store *st);

/* ---- papers (endorse_attach.c): the attachments kind "endorsement" ----
 * Seen by whoever sees the full record; added and removed by the group that applied and
 * the deciding department or division; never public. */
int endorse_attach_may(struct store *st, const struct actor *who, long long owner_id, enum attach_op op);
int endorse_attach_public(struct store *st, long long owner_id);
const char *endorse_attach_page(struct arena *a, const struct actor *who, long long owner_id);

#endif
