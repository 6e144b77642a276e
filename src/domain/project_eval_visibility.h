/* project_eval_visibility: who sees which part of a project's reports and evaluation —
 * the one rule that every page, API answer, export and cache entry of the reports and the
 * evaluation follows, on top of the projects' rule (project_visibility.h: a viewer who
 * does not see the project sees none of it).
 *
 *   part                 | division | lead dept | partner          | other readers*     | public
 *   progress/final report| yes      | yes       | yes              | yes                | once the evaluation is published
 *   self-evaluation,     | own side only, whoever the viewer is (not the division, not the lead department)   |
 *     not handed in      |                                                                                    |
 *   self-evaluation,     | yes      | yes       | own side; others | after the joint    | once published
 *     handed in          |          |           | after the joint  | review closed      |
 *   joint review         | yes      | yes       | yes              | after it closed    | once published
 *   committee scores     | yes      | once published (an assigned member sees their own at once)           |
 *   committee member's   | yes      | yes       | no: 委員A, 委員B…| city staff, the    | no: 委員A, 委員B…
 *     name on scores     |          |           |                  | center, members    |
 *   published result     | yes      | once published                                                        |
 * (*) the civic activity center, other departments' staff, committee members reading an
 * evaluated project. "The public" is everyone whose access is only the public page, and
 * sees a part only when both the project and its evaluation are published.
 * The joint review shows the handed-in self-evaluations only, and names the sides that
 * have not handed in yet. The committee's scores and comments are published unsigned:
 * the public and the partners (the evaluated) read them under stable labels (委員A, 委員B
 * … in the order of their accounts), so a reader sees which comments go
 * together but no member is exposed to pressure from the groups they judge; the city's
 * staff, the center and the members keep the names. */
#ifndef KYODO_PROJECT_EVAL_VISIBILITY_H
#define KYODO_PROJECT_EVAL_VISIBILITY_H
#include "domain/project_visibility.h"

enum peval_part {
	PEVAL_PART_REPORT,
	PEVAL_PART_SELF,
	PEVAL_PART_JOINT,
	PEVAL_PART_COMMITTEE,
	PEVAL_PART_RESULT,
	PEVAL_PART_MEMBER_NAME	/* the name of the member who gave a committee score */
};
struct peval_facts {
	enum project_access access;	/* project_access() of the viewer */
	int project_published, eval_published, joint_closed;
	long long viewer_side;		/* the side the viewer answers for, -1 none */
	long long author_side;		/* self-evaluation: its side */
	long long author_user;		/* committee score: its member */
	long long viewer_user;
	int author_submitted;		/* self-evaluation: its side has handed it in */
};
int peval_may_see(enum peval_part part, const struct peval_facts *f);
#endif
