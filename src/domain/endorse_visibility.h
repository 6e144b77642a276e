/* endorse_visibility: who sees which endorsement, and how much — the ONE rule every
 * surface of endorsements reads (the public list and its JSON, an endorsement's page, the
 * group's and the department's lists, the decision notice, the start pages).
 *
 *   viewer                               applied  approved  refused  withdrawn
 *   the public, center, committee,
 *   another group                        –        public    –        –
 *   the group that applied               full     full      full     full
 *   staff of the department asked        full     full      full     full
 *   staff of another department          –        public    –        –
 *   the collaboration division (admin)   full     full      full     full
 *
 * "public" is what the city publishes of an approved endorsement: the event, its dates,
 * place, organiser, fee, expected attendance and the department; never the contact
 * person, the phone, the rules confirmed, the requests, the decision's conditions or the
 * report. Nothing of an application that is waiting, refused or withdrawn shows to
 * anyone but the group, its department and the division. */
#ifndef KYODO_ENDORSE_VISIBILITY_H
#define KYODO_ENDORSE_VISIBILITY_H
#include "domain/actor.h"
#include "domain/endorse.h"

enum endorse_view { ENDORSE_VIEW_NONE, ENDORSE_VIEW_PUBLIC, ENDORSE_VIEW_FULL };

enum endorse_view endorse_view_of(const struct actor *who, const struct endorsement *e);
/* Blanks, in place, what view does not show (NONE: everything). */
void endorse_for_view(struct endorsement *e, enum endorse_view view);
/* May who decide on e (its department's staff, the division)? */
int endorse_may_decide(const struct actor *who, const struct endorsement *e);
/* May who act for the group of e (changes, withdrawal, report)? */
int endorse_may_act(const struct actor *who, const struct endorsement *e);

#endif
