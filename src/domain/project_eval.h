/* project_eval: the reports and the evaluation of a collaboration project, and the
 * registry's ties that keep a committee member off a project of an actor they belong to
 * (sql/0018_project_evaluation.sql).
 *
 * Reports (project_report.c): progress reports during the year from any side — the lead
 * department (side 0) or a partner (its actor id); the joint final report: each side
 * writes its part (results, numbers, what worked, what to change), the lead department
 * completes it with a summary.
 *
 * Evaluation in three steps (project_eval.c):
 *   1. each side (the lead department and every partner) scores itself against the
 *      city's criteria and hands it in;
 *   2. the joint review shows the sides' scores side by side and records what they agree
 *      per criterion; the lead department (or the division) closes it once every side has
 *      handed in;
 *   3. committee members assigned by the division score and comment; the division then
 *      publishes the result, which shows on the public project and on the yearly record of
 *      the plan items the project serves.
 *
 * Conflict of interest (project_eval_ties.c): a tie (member, officer, employee, other)
 * between an account and an actor is recorded on the actor's record by the center or the
 * division. A committee member tied to a partner cannot be assigned (checked inside the
 * assignment's transaction). A tie recorded after the assignment ends it in the same
 * transaction: the member is taken off every project with that actor as partner whose
 * evaluation is not yet published, and their scores there are withdrawn (audited; the
 * division is told). A published evaluation stays as published. A partner added after the
 * assignment works the same way, in the transaction that adds it (peval_partner_added;
 * notice project-tie-partner). The checks stay as a second line: a tied member cannot
 * score, and the evaluation cannot be published while a tied member is assigned.
 *
 * Who sees what: project_eval_visibility.h, the one rule every surface uses. Every write
 * is audited in its transaction (entity "project"). */
#ifndef KYODO_PROJECT_EVAL_H
#define KYODO_PROJECT_EVAL_H
#include "domain/actor.h"
#include "domain/project.h"
struct store;
struct arena;
struct problems;

/* ---- ties (利害関係) ---- */
enum org_tie_kind { TIE_MEMBER, TIE_OFFICER, TIE_EMPLOYEE, TIE_OTHER, TIE__MAX };
extern const char *const org_tie_kind_names[TIE__MAX];	/* "member","officer","employee","other" */
extern const char *const org_tie_kind_msgids[TIE__MAX];	/* English msgids through T() */
struct org_tie {
	long long id, user_id, org_id;
	char *login, *user_name, *org_name, *kind, *note, *created_at;
};
int org_ties_of_org(struct store *st, struct arena *a, long long org_id, struct org_tie **out, int *n);
int org_ties_of_user(struct store *st, struct arena *a, long long user_id, struct org_tie **out, int *n);
/* Records that account `login` is tied to actor org_id (the center or the division).
 * Ends the account's assignments that the tie puts in conflict (project_eval.h's head);
 * *ended says how many. 0, -1 with problems (field "login", "kind", "note"), or a store_rc. */
int org_tie_add(struct store *st, const struct actor *who, long long org_id, const char *login, const char *kind,
		const char *note, int *ended, struct problems *pr);
int org_tie_remove(struct store *st, const struct actor *who, long long org_id, long long tie_id);
/* 1 when the viewer may edit ties (the center and the division). */
int org_tie_may_edit(const struct actor *who);

/* ---- criteria ---- */
struct project_criterion {
	long long id;
	int pos, scale_max;
	char *name, *guide;
};
int project_criteria_list(struct store *st, struct arena *a, struct project_criterion **out, int *n);
/* The division: creates (id 0) or edits a criterion; retires one. */
int project_criterion_save(struct store *st, const struct actor *who, long long id, const char *name,
			   const char *guide, const char *scale_max, struct problems *pr);
int project_criterion_retire(struct store *st, const struct actor *who, long long id);

/* ---- reports (project_report.c) ---- */
struct project_report {
	long long id, side_org_id;
	int fy;
	char *side_name, *body, *created_at, *created_by;
};
struct project_final_part {
	long long side_org_id;
	char *side_name, *results, *numbers, *worked, *to_change, *updated_at, *updated_by;
};
struct project_final {
	int completed;
	char *summary, *completed_at, *completed_by;
	struct project_final_part *parts;
	int nparts;
};
/* What the viewer may read of project_id's reports (all empty when nothing). 0, STORE_ERR
 * when the project is not seen, or a store_rc. */
int project_reports_of(struct store *st, struct arena *a, const struct actor *who, long long project_id,
		       struct project_report **out, int *n);
int project_final_of(struct store *st, struct arena *a, const struct actor *who, long long project_id,
		     struct project_final *out);
/* A progress report of the viewer's side (lead department or partner), in 計画, 実施 or
 * 評価, for fiscal year fy (as typed: 2025, R7 …). Notices the lead department when a
 * partner reports. 0, -1 with problems ("fy", "body"), or a store_rc. */
int project_report_add(struct store *st, const struct actor *who, long long project_id, const char *fy,
		       const char *body, struct problems *pr);
struct project_final_input {
	const char *results, *numbers, *worked, *to_change;
};
/* The viewer's side's part of the final report (実施 or 評価, until completed). */
int project_final_part_save(struct store *st, const struct actor *who, long long project_id,
			    const struct project_final_input *in, struct problems *pr);
/* The lead department (or the division) completes the final report: its own part must be
 * written; the partners' missing parts are named in problems unless force. */
int project_final_complete(struct store *st, const struct actor *who, long long project_id, const char *summary,
			   int force, struct problems *pr);

/* ---- evaluation (project_eval.c) ---- */
enum peval_kind { PEVAL_SELF, PEVAL_COMMITTEE };
struct project_eval_state {
	int joint_closed, published;
	char *joint_closed_at, *published_at, *result;
};
struct project_score {
	long long criterion_id, side_org_id, user_id;
	enum peval_kind kind;
	int score;
	char *comment, *updated_at, *by_name;	/* by_name: the side's or the member's name */
	int member_no;	/* a committee score the viewer reads unsigned: 1 = 委員A …; by_name "" */
};
struct project_submission {
	enum peval_kind kind;
	long long side_org_id, user_id;
	char *overall, *submitted_at, *by_name;
	int member_no;	/* as project_score's */
};
struct project_joint {
	long long criterion_id;
	int score;	/* 0: none agreed */
	char *agreed, *updated_at, *updated_by;
};
struct project_member {
	long long user_id;
	char *login, *name, *assigned_at;
};
/* Everything of one project's evaluation that the viewer may see (project_eval_visibility). */
struct project_evaluation {
	struct project_eval_state state;
	struct project_criterion *criteria;
	int ncriteria;
	struct project_score *scores;
	int nscores;
	struct project_submission *subs;	/* the hand-ins (a draft is none) */
	int nsubs;
	char *draft_overall;	/* the viewer's own draft's overall comment (its side's self-evaluation,
				   or the member's scores), "" when none or handed in */
	struct project_joint *joint;
	int njoint;
	struct project_member *members;	/* the division and the lead department see them */
	int nmembers;
	char **pending;	/* while the joint review is open: the sides not handed in yet ("" unnamed) */
	int npending;
	long long viewer_side;	/* the side the viewer evaluates for, -1 none */
	int viewer_assigned;	/* the viewer is an assigned committee member */
};
int project_evaluation_of(struct store *st, struct arena *a, const struct actor *who, long long project_id,
			  struct project_evaluation *out);
int project_eval_state_of(struct store *st, struct arena *a, long long project_id, struct project_eval_state *out);

/* Scores as typed for the active criteria: score[i] and comment[i] for criterion[i]. */
struct project_eval_input {
	int n;
	const long long *criterion;
	const char *const *score, *const *comment;
	const char *overall;
	int submit;	/* 1: hand in (every criterion must be scored) */
};
/* Step 1: the viewer's side scores itself (評価, before the joint review closes). */
int project_self_eval_save(struct store *st, const struct actor *who, long long project_id,
			   const struct project_eval_input *in, struct problems *pr);
/* Step 2: what the sides agree on a criterion (lead department or division; before closed). */
int project_joint_save(struct store *st, const struct actor *who, long long project_id, long long criterion_id,
		       const char *score, const char *agreed, struct problems *pr);
/* Closes the joint review: every side must have handed in; notices assigned members. */
int project_joint_close(struct store *st, const struct actor *who, long long project_id, struct problems *pr);
/* Step 3: the division assigns / takes off a committee member (by login). Refused for a
 * member tied to a partner (problems "login" names the actor and the tie). */
int project_eval_assign(struct store *st, const struct actor *who, long long project_id, const char *login,
			struct problems *pr);
int project_eval_unassign(struct store *st, const struct actor *who, long long project_id, long long user_id);
/* An assigned member's scores (after the joint review closed, before publication). */
int project_committee_eval_save(struct store *st, const struct actor *who, long long project_id,
				const struct project_eval_input *in, struct problems *pr);
/* The division publishes the result (text) or withdraws it (publish 0). Needs the joint
 * review closed and no assigned member tied to a partner. Moves the public pages. A
 * published evaluation of a completed project (完了) is never withdrawn (a problem); it is
 * corrected by publishing again over it. */
int project_eval_publish(struct store *st, const struct actor *who, long long project_id, int publish,
			 const char *result, struct problems *pr);

/* The published evaluations of the published projects serving plan item item_id that run
 * in fiscal year fy (0: any) — the item's yearly record shows them. */
struct project_item_eval {
	long long project_id;
	int fy_start, fy_end;
	char *title, *result, *published_at;
	int seen;	/* internal: the rule lets the public read it (always 1 in a result) */
};
int project_evals_for_item(struct store *st, struct arena *a, long long item_id, int fy,
			   struct project_item_eval **out, int *n);
/* The same for the projects serving any item of plan plan_id (each once) — the plan's
 * public yearly report shows them. Its cached pages are keyed by the plan's version and
 * the public project pages' (plan_round_page_version), which publishing or withdrawing
 * an evaluation, and publishing or changing a project, move in their transactions. */
int project_evals_for_plan(struct store *st, struct arena *a, long long plan_id, int fy,
			   struct project_item_eval **out, int *n);

/* ---- what awaits (start page) ---- */
struct project_due {
	long long project_id;
	char *title;
};
/* Reports due this fiscal year (fy), self-evaluations to hand in, and committee scores to
 * give, for the viewer (staff: their department; group: their actor; committee: theirs). */
int project_reports_due(struct store *st, struct arena *a, const struct actor *who, int fy, struct project_due **out,
			int *n);
int project_self_evals_due(struct store *st, struct arena *a, const struct actor *who, struct project_due **out,
			   int *n);
int project_committee_due(struct store *st, struct arena *a, const struct actor *who, struct project_due **out,
			  int *n);
#endif
