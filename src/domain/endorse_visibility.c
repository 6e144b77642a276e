/* endorse_visibility: the one rule of who sees which endorsement (endorse_visibility.h),
 * as a table: per viewer relation, the view of each state. */
#include "domain/endorse_visibility.h"
#include <stddef.h>

enum endorse_rel {
	REL_OUTSIDER,	/* the public, the center, the committee, a group not the applicant */
	REL_OWN_GROUP,	/* an account of the group that applied */
	REL_OWN_DEPT,	/* staff of the department asked */
	REL_OTHER_DEPT,	/* staff of another department */
	REL_DIVISION,	/* the collaboration division (admin) */
	REL__MAX
};

#define N ENDORSE_VIEW_NONE
#define P ENDORSE_VIEW_PUBLIC
#define F ENDORSE_VIEW_FULL
static const enum endorse_view endorse_rule[REL__MAX][ENDORSE__STATES] = {
	/*                applied approved refused withdrawn */
	[REL_OUTSIDER] = { N, P, N, N },
	[REL_OWN_GROUP] = { F, F, F, F },
	[REL_OWN_DEPT] = { F, F, F, F },
	[REL_OTHER_DEPT] = { N, P, N, N },
	[REL_DIVISION] = { F, F, F, F },
};
#undef N
#undef P
#undef F

static enum endorse_rel endorse_rel_of(const struct actor *who, const struct endorsement *e)
{
	if (!who)
		return REL_OUTSIDER;
	switch (who->role) {
	case ROLE_ADMIN:
		return REL_DIVISION;
	case ROLE_STAFF:
		return who->department_id > 0 && who->department_id == e->department_id ? REL_OWN_DEPT : REL_OTHER_DEPT;
	case ROLE_GROUP:
		return who->org_id > 0 && who->org_id == e->org_id ? REL_OWN_GROUP : REL_OUTSIDER;
	default:
		return REL_OUTSIDER;
	}
}

enum endorse_view endorse_view_of(const struct actor *who, const struct endorsement *e)
{
	if (!e || (unsigned)e->state >= ENDORSE__STATES)
		return ENDORSE_VIEW_NONE;
	return endorse_rule[endorse_rel_of(who, e)][e->state];
}

void endorse_for_view(struct endorsement *e, enum endorse_view view)
{
	static char empty[] = "";
	if (view == ENDORSE_VIEW_FULL)
		return;
	e->contact_name = e->contact_phone = e->exclusions = empty;
	e->reported_at = e->report_summary = e->created_at = e->updated_at = empty;
	e->report_attendance = e->report_income = e->report_expenses = -1;
	e->report_due_on = empty;
	e->pending_id = 0;
	e->pending_kind = -1;
	if (view == ENDORSE_VIEW_NONE) {
		e->title = e->purpose = e->starts_on = e->ends_on = e->place = e->organiser = empty;
		e->org_name = e->department_name = empty;
		e->attendance = e->fee = 0;
	}
}

int endorse_may_decide(const struct actor *who, const struct endorsement *e)
{
	enum endorse_rel rel = endorse_rel_of(who, e);
	return rel == REL_DIVISION || rel == REL_OWN_DEPT;
}

int endorse_may_act(const struct actor *who, const struct endorsement *e)
{
	return endorse_rel_of(who, e) == REL_OWN_GROUP;
}
