/* project_eval_visibility: who sees which part of a project's reports and evaluation
 * (project_eval_visibility.h holds the table). */
#include "domain/project_eval_visibility.h"

int peval_may_see(enum peval_part part, const struct peval_facts *f)
{
	if (f->access == PACCESS_NONE)
		return 0;
	/* a self-evaluation not yet handed in is its side's draft: no one else reads it, not
	 * the division, not the lead department (a partner's), not the other partners */
	if (part == PEVAL_PART_SELF && !f->author_submitted)
		return f->viewer_side >= 0 && f->viewer_side == f->author_side;
	if (part == PEVAL_PART_MEMBER_NAME)
		return f->access == PACCESS_DIVISION || f->access == PACCESS_LEAD || f->access == PACCESS_READ ||
		       (f->viewer_user > 0 && f->viewer_user == f->author_user);
	if (f->access == PACCESS_DIVISION)
		return 1;
	int published = f->eval_published;
	if (f->access == PACCESS_PUBLIC)
		return f->project_published && published;
	switch (part) {
	case PEVAL_PART_REPORT:
		return 1;
	case PEVAL_PART_SELF:
		if (f->access == PACCESS_LEAD)
			return 1;
		if (f->access == PACCESS_PARTNER && f->viewer_side >= 0 && f->viewer_side == f->author_side)
			return 1;
		return f->joint_closed || published;
	case PEVAL_PART_JOINT:
		return f->access == PACCESS_LEAD || f->access == PACCESS_PARTNER || f->joint_closed || published;
	case PEVAL_PART_COMMITTEE:
		return published || (f->viewer_user > 0 && f->viewer_user == f->author_user);
	case PEVAL_PART_RESULT:
		return published;
	case PEVAL_PART_MEMBER_NAME:
		break;
	}
	return 0;
}
