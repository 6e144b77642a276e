/* project_internal: what the project module's files share and nobody else needs. */
#ifndef KYODO_PROJECT_INTERNAL_H
#define KYODO_PROJECT_INTERNAL_H
#include "domain/project.h"
#include "domain/project_visibility.h"
#include "store/store.h"
#include <jansson.h>

/* The page_versions scope of every public project page and the project API. */
#define PROJECT_PAGE_SCOPE "projects"

/* Japanese labels of the stages, as files and notices write them (検討 …). */
extern const char *const project_stage_labels_ja[PSTAGE__MAX];

void project_now(char out[24]);
char *project_json(json_t *o);	/* compact text (heap) from a new reference, NULL for NULL */
/* Audits a write on project id (entity "project"); takes the references. */
int project_audit(struct store *st, const struct actor *who, const char *action, long long id, json_t *before,
		  json_t *after);
/* Moves the public pages' version (hard: something left the public's sight). */
int project_touch_public(struct store *st, int hard);
int project_read_list(struct store *st, struct arena *a, enum stmt_id id, const struct store_arg *args,
		      size_t size, store_row_fn row, void **out, int *n);
int project_access_of(struct store *st, const struct actor *who, const struct project *p, enum project_access *acc);
/* The partners of the projects ps[0 … n) read at once (one statement per 50 projects, not
 * one per project), and who's access to each decided from them, as project_access_of
 * would (a group sees as a partner when its group is one of them). */
struct project_partners_of {
	struct project_partner *partners;
	int n;
	enum project_access access;
};
int project_partners_and_access(struct store *st, struct arena *a, const struct actor *who, const struct project *ps,
				int n, struct project_partners_of **out);
/* Loads a project whatever the viewer (STORE_ERR when none). */
int project_load_any(struct store *st, struct arena *a, long long id, struct project *out);
int project_load_for_edit(struct store *st, struct arena *a, const struct actor *who, long long id, struct project *p,
			  struct problems *pr);
int project_code_of(struct store *st, enum stmt_id id, const char *label, char *out, size_t n);
long long project_department_id(struct store *st, const char *s);

struct project_values {
	int fy_start, fy_end;
	long long department_id;
	char form[41], zone[41];
	long long budget;	/* -1: none */
};
int project_check_input(struct store *st, const struct actor *who, const struct project_input *in,
			struct project_values *v, struct problems *pr);
/* Inside a transaction: insert (id 0, in stage) or update; audited. */
int project_write(struct store *st, const struct actor *who, long long id, const struct project_input *in,
		  const struct project_values *v, enum project_stage stage, long long *id_out);
/* Inside a transaction: adds a partner (audited, noticed). */
int project_partner_insert(struct store *st, const struct actor *who, const struct project *p, long long org_id,
			   const char *name, const struct project_partner_input *in);
/* project_eval_ties.c: inside the transaction that adds org_id (org_name) as a partner
 * of p, a committee member assigned to p and tied to that actor is taken off as a tie
 * recorded later would take them off — the assignment ends, their scores and hand-in are withdrawn (audited
 * "committee-unassign", why "partner-added") and the division is told (notice
 * project-tie-partner). Nothing changes once p's evaluation is published. Called by
 * project_partner_insert (project.c) for every partner added, by hand or by the import.
 * 0 or a store_rc. */
int peval_partner_added(struct store *st, const struct actor *who, const struct project *p, long long org_id,
			const char *org_name);
/* Inside a transaction: sets the stage without the machine's checks (import), logged. */
int project_stage_write(struct store *st, const struct actor *who, const struct project *p, enum project_stage to,
			const char *reason, int forced, int open_points);

#endif
