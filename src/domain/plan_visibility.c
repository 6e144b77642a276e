/* plan_visibility: the rule of who sees which plan answers (see plan_visibility.h). */
#include "domain/plan_visibility.h"
#include "domain/plan.h"
#include "domain/plan_internal.h"
#include <string.h>

const char *const plan_answer_state_names[ANSWER__MAX] = { "draft", "submitted", "returned", "published", "withheld" };

/* Why each cell is what it is:
 * - The collaboration division (admin) runs the round: it sees every answer in every state.
 * - A department (staff) sees its own answers in every state: they are its work. Another
 *   department sees an answer once it is submitted — the department's official word to the
 *   division, which the city shares inside its own walls — but not a draft, and not an answer
 *   the division sent back: that one is being rewritten and the city does not stand by it.
 * - The committee (協働推進委員会) checks the plan's progress: it sees what departments have
 *   submitted, never their drafts or the answers sent back.
 * - The civic activity center (coordinator) carries out a large part of the plan (consultations,
 *   trainings, matching) with the division, and is bound to confidentiality by its designation
 *   agreement as the city's designated manager; it sees what the committee sees: submitted
 *   answers, not drafts nor answers sent back. It answers for no item (it is not a department).
 * - A citizen group's account and the public see only what is published (the reports).
 * - Published: the division has published the year; every answer of it is public.
 * - Withheld: an answer still open (unanswered, in draft, sent back) when the division chose
 *   to publish anyway. The city did not stand by it, so nobody reads it in the published
 *   year — not even the division or its department: the year reads the same for everyone,
 *   with 未回答 in its place. Reopening the year gives it back to its department. */
const enum plan_reach plan_reach_of[ROLE__MAX][ANSWER__MAX] = {
	/*                   draft       submitted   returned    published   withheld */
	[ROLE_PUBLIC] = { REACH_NONE, REACH_NONE, REACH_NONE, REACH_ALL, REACH_NONE },
	[ROLE_ADMIN] = { REACH_ALL, REACH_ALL, REACH_ALL, REACH_ALL, REACH_NONE },
	[ROLE_STAFF] = { REACH_OWN, REACH_ALL, REACH_OWN, REACH_ALL, REACH_NONE },
	[ROLE_COORDINATOR] = { REACH_NONE, REACH_ALL, REACH_NONE, REACH_ALL, REACH_NONE },
	[ROLE_GROUP] = { REACH_NONE, REACH_NONE, REACH_NONE, REACH_ALL, REACH_NONE },
	[ROLE_COMMITTEE] = { REACH_NONE, REACH_ALL, REACH_NONE, REACH_ALL, REACH_NONE },
};

void plan_view_init(struct plan_view *v, const struct actor *who, int published)
{
	memset(v, 0, sizeof *v);
	v->role = who ? who->role : ROLE_ADMIN;
	if ((int)v->role < 0 || v->role >= ROLE__MAX)
		v->role = ROLE_PUBLIC;
	v->department_id = who && who->role == ROLE_STAFF ? who->department_id : 0;
	v->published = published;
}

int plan_view_open(struct store *st, const struct actor *who, long long plan_id, int fy, struct plan_view *v)
{
	plan_view_init(v, who, fy && plan_round_state(st, plan_id, fy) == ROUND_PUBLISHED);
	v->fy = fy;
	return 0;
}

enum plan_answer_state plan_view_state(const struct plan_view *v, const char *stored_state, int withheld)
{
	if (v->published)
		return withheld ? ANSWER_WITHHELD : ANSWER_PUBLISHED;
	for (int s = 0; s < ANSWER_PUBLISHED; s++)
		if (stored_state && strcmp(stored_state, plan_answer_state_names[s]) == 0)
			return (enum plan_answer_state)s;
	return ANSWER_DRAFT;	/* anything unknown is treated as the least shared state */
}

static int plan_view_reaches(const struct plan_view *v, enum plan_answer_state s, long long department)
{
	switch (plan_reach_of[v->role][s]) {
	case REACH_ALL:
		return 1;
	case REACH_OWN:
		return v->department_id > 0 && department == v->department_id;
	default:
		return 0;
	}
}

int plan_view_answer(const struct plan_view *v, long long item_department, const char *stored_state, int withheld)
{
	return plan_view_reaches(v, plan_view_state(v, stored_state, withheld), item_department);
}

int plan_view_hidden(const struct plan_view *v, long long item_department, int leaf, int has_record,
		     const char *stored_state, int withheld)
{
	if (!v->fy)
		return 0;
	if (has_record)
		return !plan_view_answer(v, item_department, stored_state, withheld);
	/* no answer: as a draft would look to this viewer (a branch holds no answers); in a
	 * published year it is 未回答 for everyone */
	return leaf && !v->published && !plan_view_progress(v, item_department);
}

int plan_view_unanswered(const struct plan_view *v)
{
	return v->published;
}

/* A branch's outcomes and problems are written by the division and by the department the
 * branch names (its 担当課): both see them while they are written; everyone once published. */
int plan_view_branch_notes(const struct plan_view *v, long long branch_department)
{
	return v->published || v->role == ROLE_ADMIN ||
	       (v->role == ROLE_STAFF && v->department_id > 0 && v->department_id == branch_department);
}

/* The committee's opinions are its word to the division: the committee and the division
 * read them while they are written; everyone once the year is published. */
int plan_view_opinions(const struct plan_view *v)
{
	return v->published || v->role == ROLE_ADMIN || v->role == ROLE_COMMITTEE;
}

int plan_view_progress(const struct plan_view *v, long long department)
{
	return plan_view_reaches(v, v->published ? ANSWER_PUBLISHED : ANSWER_DRAFT, department);
}

int plan_view_may_read(enum role r)
{
	return (int)r >= 0 && r < ROLE__MAX && (PLAN_READER_ROLES & ROLE_BIT(r)) != 0;
}
