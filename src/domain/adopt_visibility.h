/* adopt_visibility: the one rule of who sees and does what in the adoption programme
 * (アダプト・プログラム). Every surface — the public list and place pages, the JSON API, the
 * cached copies, the department's and the group's pages, the start page — asks here, never
 * decides for itself.
 *
 * A viewer stands in one relation to a place and an agreement on it (adopt_relation):
 *   public     anyone else: the anonymous public, the committee, the center, the staff of
 *              another department (the city publishes the list; internal work stays with
 *              the department that runs it);
 *   group      a group account, not the agreement's group (it may apply for a place);
 *   own group  the group of the agreement;
 *   department the staff of the department in charge of the place;
 *   division   the collaboration division (admin), which runs the programme.
 * and the table adopt_rule (adopt_visibility.c) says which parts each relation reaches. */
#ifndef KYODO_ADOPT_VISIBILITY_H
#define KYODO_ADOPT_VISIBILITY_H
#include "domain/actor.h"

enum adopt_rel { ADOPT_REL_PUBLIC, ADOPT_REL_GROUP, ADOPT_REL_OWN, ADOPT_REL_DEPT, ADOPT_REL_DIVISION, ADOPT_REL__MAX };

enum adopt_part {
	ADOPT_SEE_PLACE,	/* a place's kind, name, location, department, shared or not */
	ADOPT_SEE_ADOPTER,	/* the public name of a group whose agreement is in force today */
	ADOPT_SEE_AGREEMENT,	/* an agreement whatever its state: application, terms, activities,
				 * supplies, insurance, reports, the decision's comment */
	ADOPT_SEE_NOTE,		/* the city's own notes on a place and an agreement */
	ADOPT_EDIT_PLACE,	/* add and edit places */
	ADOPT_DECIDE,		/* approve or refuse an application, record an agreement, renew it,
				 * lend supplies, record the insurance */
	ADOPT_APPLY,		/* apply to adopt a place */
	ADOPT_REPORT,		/* write the agreement's yearly activity report */
	ADOPT__PARTS
};

extern const unsigned adopt_rule[ADOPT__PARTS];	/* bitmask of 1u << enum adopt_rel */

/* The viewer's relation to a place of department place_dept and an agreement of group
 * agreement_org (0: about the place alone). A NULL viewer is the public. */
enum adopt_rel adopt_relation(const struct actor *who, long long place_dept, long long agreement_org);
/* 1 when the viewer reaches part of that place / agreement. */
int adopt_may(const struct actor *who, long long place_dept, long long agreement_org, enum adopt_part part);
/* The agreement shows to the viewer at all: the whole of it (ADOPT_SEE_AGREEMENT), or only
 * its group's public name while it is agreed and in force today (ADOPT_SEE_ADOPTER). 0:
 * nothing of it — an application, a refusal, an agreement not yet in force or ended. */
int adopt_agreement_shows(const struct actor *who, long long place_dept, long long agreement_org, const char *state,
			  int in_force);
/* Roles that may use the department's screens (adding places, deciding): the division and staff. */
#define ADOPT_CITY_ROLES (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#endif
