/* routes: the list of every screen module's route table. To add a module, declare its
 * table here and add it to route_tables (order matters only for overlapping patterns). */
#include "http/http.h"
#include "html/pages.h"	/* plan, round, rollup, report, api, admin tables */
#include "html/page_endorse.h"	/* endorsements (後援名義) */
#include "html/page_adopt.h"	/* the adoption programme's tables */

extern const struct route auth_routes[];
extern const struct route static_routes[];
extern const struct route home_routes[];
#include "html/page_project_eval.h"	/* reports, evaluation, figures, ties */

const struct route *const route_tables[] = {
	auth_routes,
	static_routes,
	home_routes,
	project_figures_routes,	/* before the projects' public routes: /public/projects/figures vs /{id} */
	project_eval_routes,
	project_report_routes,
	project_ties_routes,
	plan_routes,
	round_routes,
	publish_routes,
	rollup_routes,
	report_print_routes,	/* before report_routes: /reports/{id}/{fy}/print vs /{part} */
	report_routes,
	api_routes,
	admin_routes,
	audit_routes,
	group_stats_routes,	/* before directory_routes: /groups/stats vs /groups/{id} */
	directory_routes,
	org_routes,
	center_routes,
	center_settings_routes,
	confirm_routes,
	notice_routes,
	mail_routes,
	attach_routes,
	endorse_form_routes,	/* before endorse_routes: /endorsements/{id}/report vs /{id} — distinct lengths, kept together */
	endorse_routes,
	project_side_routes,	/* before project_routes: /projects/guidance vs /projects/{id} */
	project_docs_routes,
	project_routes,
	project_public_routes,
	adopt_city_routes,	/* before adopt_routes: /adopt/places/new vs /adopt/places/{id} */
	adopt_agreement_routes,
	adopt_routes,
	NULL,
};
