/* adopt_visibility: the rule of the adoption programme (see adopt_visibility.h). */
#include "domain/adopt_visibility.h"
#include <string.h>

#define R(x) (1u << (x))
/* Why each row is what it is:
 * - The list of places is the city's public offer: everyone sees it.
 * - Who adopts a place is public while the agreement is in force (the sign on the park says
 *   so); the public reads the group's public name only. An application, a refusal, an
 *   agreement signed for a later date or one that has ended are the city's and the group's
 *   business and show to nobody else.
 * - The agreement itself (terms, supplies, insurance, reports) is between the group and the
 *   department in charge; the division runs the programme and sees all of it.
 * - The city's notes are internal: the department and the division only.
 * - The department in charge and the division edit places and decide; a group applies for a
 *   place and reports on its own agreement. */
const unsigned adopt_rule[ADOPT__PARTS] = {
	[ADOPT_SEE_PLACE] = R(ADOPT_REL_PUBLIC) | R(ADOPT_REL_GROUP) | R(ADOPT_REL_OWN) | R(ADOPT_REL_DEPT) |
			    R(ADOPT_REL_DIVISION),
	[ADOPT_SEE_ADOPTER] = R(ADOPT_REL_PUBLIC) | R(ADOPT_REL_GROUP) | R(ADOPT_REL_OWN) | R(ADOPT_REL_DEPT) |
			      R(ADOPT_REL_DIVISION),
	[ADOPT_SEE_AGREEMENT] = R(ADOPT_REL_OWN) | R(ADOPT_REL_DEPT) | R(ADOPT_REL_DIVISION),
	[ADOPT_SEE_NOTE] = R(ADOPT_REL_DEPT) | R(ADOPT_REL_DIVISION),
	[ADOPT_EDIT_PLACE] = R(ADOPT_REL_DEPT) | R(ADOPT_REL_DIVISION),
	[ADOPT_DECIDE] = R(ADOPT_REL_DEPT) | R(ADOPT_REL_DIVISION),
	[ADOPT_APPLY] = R(ADOPT_REL_GROUP) | R(ADOPT_REL_OWN),
	[ADOPT_REPORT] = R(ADOPT_REL_OWN),
};

enum adopt_rel adopt_relation(const struct actor *who, long long place_dept, long long agreement_org)
{
	if (!who)
		return ADOPT_REL_PUBLIC;
	switch (who->role) {
	case ROLE_ADMIN:
		return ADOPT_REL_DIVISION;
	case ROLE_STAFF:
		return who->department_id > 0 && who->department_id == place_dept ? ADOPT_REL_DEPT : ADOPT_REL_PUBLIC;
	case ROLE_GROUP:
		if (who->org_id <= 0)
			return ADOPT_REL_PUBLIC;
		return agreement_org > 0 && who->org_id == agreement_org ? ADOPT_REL_OWN : ADOPT_REL_GROUP;
	default:
		return ADOPT_REL_PUBLIC;
	}
}

int adopt_may(const struct actor *who, long long place_dept, long long agreement_org, enum adopt_part part)
{
	if ((int)part < 0 || part >= ADOPT__PARTS)
		return 0;
	return (adopt_rule[part] & R(adopt_relation(who, place_dept, agreement_org))) != 0;
}

int adopt_agreement_shows(const struct actor *who, long long place_dept, long long agreement_org, const char *state,
			  int in_force)
{
	if (adopt_may(who, place_dept, agreement_org, ADOPT_SEE_AGREEMENT))
		return 1;
	return in_force && state && strcmp(state, "agreed") == 0 &&
	       adopt_may(who, place_dept, agreement_org, ADOPT_SEE_ADOPTER);
}
