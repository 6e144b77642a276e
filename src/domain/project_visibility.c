/* project_visibility: who sees which collaboration project (project_visibility.h). */
#include "domain/project_visibility.h"
#include <stddef.h>

enum project_access project_access(const struct actor *who, const struct project_facts *f)
{
	enum role r = who ? who->role : ROLE_ADMIN;
	enum project_access seen = f->published ? PACCESS_PUBLIC : PACCESS_NONE;
	switch (r) {
	case ROLE_ADMIN:
		return PACCESS_DIVISION;
	case ROLE_COORDINATOR:
		return PACCESS_READ;
	case ROLE_STAFF:
		if (who->department_id > 0 && who->department_id == f->department_id)
			return PACCESS_LEAD;
		return f->published || f->stage != PSTAGE_CONSIDER ? PACCESS_READ : PACCESS_NONE;
	case ROLE_GROUP:
		return f->viewer_is_partner ? PACCESS_PARTNER : seen;
	case ROLE_COMMITTEE:
		return f->stage == PSTAGE_EVALUATE || f->stage == PSTAGE_DONE ? PACCESS_READ : seen;
	case ROLE_PUBLIC:
	case ROLE__MAX:
		break;
	}
	return seen;
}

void project_seen(const struct actor *who, struct project_seen *s)
{
	enum role r = who ? who->role : ROLE_ADMIN;
	*s = (struct project_seen){ 0 };
	switch (r) {
	case ROLE_ADMIN:
	case ROLE_COORDINATOR:
		s->all = 1;
		break;
	case ROLE_STAFF:
		s->lead_department = who->department_id;
		s->others_past_consider = 1;
		break;
	case ROLE_GROUP:
		s->partner_org = who->org_id;
		break;
	case ROLE_COMMITTEE:
		s->evaluated = 1;
		break;
	case ROLE_PUBLIC:
	case ROLE__MAX:
		break;
	}
}
