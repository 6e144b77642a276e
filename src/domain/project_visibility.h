/* project_visibility: who sees which collaboration project, and how far — the one rule
 * every page, API answer, export, count and cache entry of the project module follows.
 * The README's table "Who sees a collaboration project" is this file's table.
 *
 * A published project is seen by everyone (公開性の原則: its title, purpose, partners,
 * form, zone and stage; never a partner's private data). Before it is published:
 *   - the collaboration division (admin) sees and manages every project;
 *   - the civic activity center (coordinator) reads every project — it supports both
 *     sides and coordinates partners;
 *   - the lead department's staff read and run their department's projects;
 *   - other departments' staff read a project once it is past 検討 (庁内連携: they may
 *     have to cooperate), but not while the city and its partners are only talking;
 *   - a partner's group account reads its own projects and answers its side;
 *   - a committee member reads a project under evaluation or done (what the committee
 *     evaluates), nothing earlier;
 *   - other groups and the anonymous public see nothing of it, not even that it exists.
 * SQL_PROJECT_SEEN (store/sql_project.def) is this rule for lists; project_seen() gives
 * its parameters and project_access() the same answer for one project. */
#ifndef KYODO_PROJECT_VISIBILITY_H
#define KYODO_PROJECT_VISIBILITY_H
#include "domain/actor.h"
#include "domain/project.h"

enum project_access {
	PACCESS_NONE,		/* not seen at all */
	PACCESS_PUBLIC,		/* the public page: published facts only */
	PACCESS_READ,		/* the staff page, read only */
	PACCESS_PARTNER,	/* the staff page, and the partner answers its own side */
	PACCESS_LEAD,		/* the lead department: edits, answers its side, moves stages */
	PACCESS_DIVISION,	/* the collaboration division: edits and moves stages */
	PACCESS__MAX
};

/* What a viewer is to one project. */
struct project_facts {
	int published;
	enum project_stage stage;
	long long department_id;	/* the lead department */
	int viewer_is_partner;	/* the viewer's group is a partner */
};
/* The rule for one project (who NULL: the command line, which acts as the division). */
enum project_access project_access(const struct actor *who, const struct project_facts *f);

/* The rule as the list statements' parameters (?1 … ?5 of SQL_PROJECT_SEEN). */
struct project_seen {
	int all;
	long long lead_department;
	int others_past_consider;
	long long partner_org;
	int evaluated;
};
void project_seen(const struct actor *who, struct project_seen *s);

/* The roles that may open the staff pages of projects (/projects); groups see their own
 * projects there too. The public reads /public/projects. */
#define PROJECT_STAFF_ROLES \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_COMMITTEE) | \
	 ROLE_BIT(ROLE_GROUP))

#endif
