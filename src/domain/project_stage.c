/* project_stage: the stage machine of a collaboration project (検討 → 計画 → 実施 → 評価 →
 * 完了, or 中止 with a reason) as a table of allowed moves, and the checklists of the
 * first three stages that the lead department and every partner answer from their own
 * side (project.h). */
#include "domain/project.h"
#include "domain/project_internal.h"
#include "domain/project_eval.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const project_stage_names[PSTAGE__MAX] = {
	[PSTAGE_CONSIDER] = "consider", [PSTAGE_PLAN] = "plan",	      [PSTAGE_RUN] = "run",
	[PSTAGE_EVALUATE] = "evaluate", [PSTAGE_DONE] = "done",	      [PSTAGE_STOPPED] = "stopped",
};
const char *const project_stage_msgids[PSTAGE__MAX] = {
	[PSTAGE_CONSIDER] = N_("Consideration"), [PSTAGE_PLAN] = N_("Planning"), [PSTAGE_RUN] = N_("Running"),
	[PSTAGE_EVALUATE] = N_("Evaluation"),	 [PSTAGE_DONE] = N_("Completed"), [PSTAGE_STOPPED] = N_("Stopped"),
};
const char *const project_stage_labels_ja[PSTAGE__MAX] = {
	[PSTAGE_CONSIDER] = "検討", [PSTAGE_PLAN] = "計画", [PSTAGE_RUN] = "実施",
	[PSTAGE_EVALUATE] = "評価", [PSTAGE_DONE] = "完了", [PSTAGE_STOPPED] = "中止",
};

int project_stage_parse(const char *s, enum project_stage *out)
{
	if (!s)
		return -1;
	for (int i = 0; i < PSTAGE__MAX; i++)
		if (strcmp(s, project_stage_names[i]) == 0 || strcmp(s, project_stage_labels_ja[i]) == 0) {
			*out = (enum project_stage)i;
			return 0;
		}
	return -1;
}

int project_stage_has_checklist(enum project_stage s)
{
	return s == PSTAGE_CONSIDER || s == PSTAGE_PLAN || s == PSTAGE_RUN;
}

/* The allowed moves. Forward one stage at a time, each of the first three checked against
 * its checklist; into 実施 only with the form's documents needed before it attached, into
 * 完了 only with the joint final report completed and the evaluation published (rules); 中止 from any stage before 完了, always with a reason; a stopped project
 * may be taken up again where talks start (検討), with a reason. Nothing else. */
const struct project_move project_moves[] = {
	{ PSTAGE_CONSIDER, PSTAGE_PLAN, 0, 1, 0 },
	{ PSTAGE_PLAN, PSTAGE_RUN, 0, 1, PMOVE_DOCUMENTS },
	{ PSTAGE_RUN, PSTAGE_EVALUATE, 0, 1, 0 },
	{ PSTAGE_EVALUATE, PSTAGE_DONE, 0, 0, PMOVE_CLOSED },
	{ PSTAGE_CONSIDER, PSTAGE_STOPPED, 1, 0, 0 },
	{ PSTAGE_PLAN, PSTAGE_STOPPED, 1, 0, 0 },
	{ PSTAGE_RUN, PSTAGE_STOPPED, 1, 0, 0 },
	{ PSTAGE_EVALUATE, PSTAGE_STOPPED, 1, 0, 0 },
	{ PSTAGE_STOPPED, PSTAGE_CONSIDER, 1, 0, 0 },
};
const int project_nmoves = (int)(sizeof project_moves / sizeof project_moves[0]);

const struct project_move *project_move_find(enum project_stage from, enum project_stage to)
{
	for (int i = 0; i < project_nmoves; i++)
		if (project_moves[i].from == from && project_moves[i].to == to)
			return &project_moves[i];
	return NULL;
}

/* ---- the rules of a move ---- */

static int missing_add(struct arena *a, struct project_missing **out, int *n, const char *msgid, const char *name)
{
	struct project_missing *m = arena_alloc(a, sizeof *m * (size_t)(*n + 1));
	if (!m)
		return STORE_ERR;
	if (*n)
		memcpy(m, *out, sizeof *m * (size_t)*n);
	m[(*n)++] = (struct project_missing){ msgid, name };
	*out = m;
	return 0;
}

/* The documents of the form needed before 実施 that no file is marked as. */
static int missing_documents(struct store *st, struct arena *a, const struct project *p,
			     struct project_missing **out, int *n)
{
	struct project_document *d;
	int nd;
	int rc = project_documents_state(st, a, p->id, p->form, &d, &nd);
	for (int i = 0; rc == 0 && i < nd; i++)
		if (d[i].before_run && d[i].attached == 0)
			rc = missing_add(a, out, n, N_("A document the form needs before 実施 is not attached"), d[i].name);
	return rc;
}

/* The joint final report completed and the evaluation published. */
static int missing_closing(struct store *st, struct arena *a, const struct project *p, struct project_missing **out,
			   int *n)
{
	struct stmt *s = store_prepare(st, STMT_PFINAL_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	int done = stmt_step(s);
	stmt_reset(s);
	if (done < 0)
		return done;
	int rc = done ? 0 : missing_add(a, out, n, N_("The joint final report is not completed."), NULL);
	struct project_eval_state es;
	if (rc == 0)
		rc = project_eval_state_of(st, a, p->id, &es);
	if (rc == 0 && !es.published)
		rc = missing_add(a, out, n, N_("The evaluation is not published."), NULL);
	return rc;
}

int project_move_missing(struct store *st, struct arena *a, const struct project *p, enum project_stage to,
			 struct project_missing **out, int *n)
{
	*out = NULL;
	*n = 0;
	const struct project_move *m = to < PSTAGE__MAX ? project_move_find(p->stage, to) : NULL;
	int rc = 0;
	if (m && (m->rules & PMOVE_DOCUMENTS))
		rc = missing_documents(st, a, p, out, n);
	if (rc == 0 && m && (m->rules & PMOVE_CLOSED))
		rc = missing_closing(st, a, p, out, n);
	return rc;
}

/* ---- sides and answers ---- */

static int side_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_side *d = elem;
	(void)ctx;
	d->org_id = stmt_int(s, 0);
	d->name = stmt_text_dup(s, a, 1);
	d->party_kind = stmt_text_dup(s, a, 2);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_sides_of(struct store *st, struct arena *a, long long project_id, struct project_side **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_SIDES, args, sizeof **out, side_row, (void **)out, n);
}

static int check_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_check *c = elem;
	(void)ctx;
	c->point_id = stmt_int(s, 0);
	c->side_org_id = stmt_int(s, 1);
	c->agreed = (int)stmt_int(s, 2);
	c->comment = stmt_text_dup(s, a, 3);
	c->updated_at = stmt_text_dup(s, a, 4);
	c->updated_by = stmt_text_dup(s, a, 5);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_checks_of(struct store *st, struct arena *a, long long project_id, enum project_stage stage,
		      struct project_check **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_TEXT(project_stage_names[stage]), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_CHECKS, args, sizeof **out, check_row, (void **)out, n);
}

static int open_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_open_point *o = elem;
	(void)ctx;
	o->point_id = stmt_int(s, 0);
	o->text = stmt_text_dup(s, a, 1);
	o->side_org_id = stmt_int(s, 2);
	o->side_name = stmt_text_dup(s, a, 3);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_open_points(struct store *st, struct arena *a, long long project_id, enum project_stage stage,
			struct project_open_point **out, int *n)
{
	if (!project_stage_has_checklist(stage)) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	struct store_arg args[] = { SARG_INT(project_id), SARG_TEXT(project_stage_names[stage]), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_OPEN_POINTS, args, sizeof **out, open_row, (void **)out, n);
}

long long project_side_of(struct store *st, const struct actor *who, const struct project *p)
{
	if (!who)
		return -1;
	if (who->role == ROLE_STAFF && who->department_id > 0 && who->department_id == p->department_id)
		return 0;
	if (who->role == ROLE_GROUP && who->org_id > 0) {
		struct stmt *s = store_prepare(st, STMT_PROJECT_PARTNER_IS);
		if (!s)
			return -1;
		stmt_bind_int(s, 1, p->id);
		stmt_bind_int(s, 2, who->org_id);
		int rc = stmt_step(s);
		stmt_reset(s);
		return rc == 1 ? who->org_id : -1;
	}
	return -1;
}

int project_check_set(struct store *st, const struct actor *who, long long project_id, long long point_id,
		      int agreed, const char *comment, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	/* everything is read under the write lock: the stage, the side and the point are those
	 * the answer is written against (not a stage moved on meanwhile, nor a partner taken
	 * off meanwhile, whose answer would come back agreed if it were added again) */
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	struct project p;
	rc = project_load(st, a, who, project_id, &p);
	if (rc != 0)
		goto fail;
	long long side = project_side_of(st, who, &p);
	if (side < 0) {
		problems_add(pr, NULL, N_("Only the lead department and the partners answer the checklist."));
		rc = -1;
		goto fail;
	}
	struct stmt *s = store_prepare(st, STMT_PROJECT_POINT_GET);
	if (!s) {
		rc = STORE_ERR;
		goto fail;
	}
	stmt_bind_int(s, 1, point_id);
	int found = stmt_step(s);
	enum project_stage stage = PSTAGE__MAX;
	int active = 0;
	if (found == 1) {
		if (project_stage_parse(stmt_text(s, 1), &stage) != 0)
			stage = PSTAGE__MAX;
		active = (int)stmt_int(s, 4);
	}
	stmt_reset(s);
	if (found < 0) {
		rc = found;
		goto fail;
	}
	if (found == 0 || !active)
		problems_add(pr, NULL, N_("This checklist point does not exist."));
	else if (stage != p.stage)
		problems_add(pr, NULL, N_("Only the checklist of the project's current stage can be answered."));
	const char *problem;
	if (comment && *comment && (problem = jtext_text_problem(comment, 1)))
		problems_add(pr, "comment", problem);
	else if (comment && strlen(comment) > 6000)
		problems_add(pr, "comment", N_("The text is too long."));
	if (problems_any(pr)) {
		rc = -1;
		goto fail;
	}
	json_t *before = NULL;
	if ((s = store_prepare(st, STMT_PROJECT_CHECK_GET))) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, point_id);
		stmt_bind_int(s, 3, side);
		if (stmt_step(s) == 1)
			before = json_pack("{s:I,s:I,s:b,s:s}", "point", (json_int_t)point_id, "side", (json_int_t)side,
					   "agreed", (int)stmt_int(s, 0), "comment", stmt_text(s, 1));
		stmt_reset(s);
	}
	char now[24];
	project_now(now);
	const char *by = who->display_name && *who->display_name ? who->display_name : who->login;
	rc = STORE_ERR;
	if ((s = store_prepare(st, STMT_PROJECT_CHECK_SET))) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, point_id);
		stmt_bind_int(s, 3, side);
		stmt_bind_int(s, 4, agreed ? 1 : 0);
		stmt_bind_text(s, 5, comment ? comment : "");
		stmt_bind_text(s, 6, now);
		stmt_bind_text(s, 7, by ? by : "");
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = project_audit(st, who, "check", project_id, before,
				   json_pack("{s:I,s:I,s:b,s:s}", "point", (json_int_t)point_id, "side",
					     (json_int_t)side, "agreed", agreed ? 1 : 0, "comment",
					     comment ? comment : ""));
	else
		json_decref(before);
	if (rc == 0) {
		rc = store_commit(st);
		goto out;
	}
fail:
	store_rollback(st);
out:
	arena_free(a);
	return rc;
}

/* ---- moving ---- */

/* The missing items as the audit keeps them: ["協定書（…）", "The evaluation is not published."]. */
static json_t *missing_json(const struct project_missing *miss, int n)
{
	json_t *j = json_array();
	for (int i = 0; j && i < n; i++)
		json_array_append_new(j, json_string(miss[i].name ? miss[i].name : miss[i].msgid));
	return j;
}

static int stage_write(struct store *st, const struct actor *who, const struct project *p, enum project_stage to,
		       const char *reason, int forced, int open_points, const struct project_missing *miss, int nmiss)
{
	char now[24];
	project_now(now);
	struct actor cli;
	char name[64];
	if (!who) {
		actor_cli(&cli, name, sizeof name);
		who = &cli;
	}
	struct stmt *s = store_prepare(st, STMT_PROJECT_SET_STAGE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_text(s, 2, project_stage_names[to]);
	stmt_bind_text(s, 3, to == PSTAGE_STOPPED ? reason : "");
	stmt_bind_text(s, 4, now);
	int rc = stmt_exec(s);
	if (rc == 0 && (s = store_prepare(st, STMT_PROJECT_STAGE_LOG_INSERT))) {
		stmt_bind_int(s, 1, p->id);
		stmt_bind_text(s, 2, now);
		stmt_bind_text(s, 3, project_stage_names[p->stage]);
		stmt_bind_text(s, 4, project_stage_names[to]);
		stmt_bind_int(s, 5, who->user_id);
		stmt_bind_text(s, 6, who->login);
		stmt_bind_text(s, 7, reason ? reason : "");
		stmt_bind_int(s, 8, forced ? 1 : 0);
		stmt_bind_int(s, 9, open_points);
		rc = stmt_exec(s);
	} else if (rc == 0)
		rc = STORE_ERR;
	if (rc == 0)
		rc = project_audit(st, who, forced ? "stage-forced" : "stage", p->id,
				   json_pack("{s:s}", "stage", project_stage_names[p->stage]),
				   json_pack("{s:s,s:s,s:i,s:o}", "stage", project_stage_names[to], "reason",
					     reason ? reason : "", "open_points", open_points, "missing",
					     missing_json(miss, nmiss)));
	if (rc == 0 && p->published)
		rc = project_touch_public(st, 0);
	return rc;
}

int project_stage_write(struct store *st, const struct actor *who, const struct project *p, enum project_stage to,
			const char *reason, int forced, int open_points)
{
	return stage_write(st, who, p, to, reason, forced, open_points, NULL, 0);
}

/* Tells the lead department and every partner that the project moved. */
static int stage_tell(struct store *st, struct arena *a, const struct project *p, enum project_stage to,
		      const char *reason)
{
	char link[64];
	snprintf(link, sizeof link, "/projects/%lld", p->id);
	struct notice_param ps[] = { { "project", p->title },
				     { "from", project_stage_labels_ja[p->stage] },
				     { "to", project_stage_labels_ja[to] },
				     { "reason", reason ? reason : "" },
				     { NULL, NULL } };
	struct notice n = { NOTICE_PROJECT_STAGE, link, ps, 0 };
	int rc = notice_department(st, p->department_id, &n);
	struct project_partner *pp;
	int np;
	if (rc == 0)
		rc = project_partners_of(st, a, p->id, &pp, &np);
	for (int i = 0; rc == 0 && i < np; i++)
		rc = notice_org(st, pp[i].org_id, &n);
	return rc;
}

int project_move_stage(struct store *st, const struct actor *who, long long project_id, enum project_stage to,
		       const char *reason, int force, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, pr);
	if (rc != 0)
		goto out;
	const struct project_move *m = to < PSTAGE__MAX ? project_move_find(p.stage, to) : NULL;
	int has_reason = reason && *reason && !jtext_is_blank(reason);
	const char *problem;
	if (!m) {
		problems_add(pr, "to", N_("The project cannot move from its stage to that one."));
		rc = -1;
		goto out;
	}
	if (has_reason && (problem = jtext_text_problem(reason, 1)))
		problems_add(pr, "reason", problem);
	else if (has_reason && strlen(reason) > 6000)
		problems_add(pr, "reason", N_("The text is too long."));
	if (m->needs_reason && !has_reason)
		problems_add(pr, "reason",
			     to == PSTAGE_STOPPED ? N_("Write why the project is stopped.") : N_("Write the reason."));
	if (problems_any(pr)) {
		rc = -1;
		goto out;
	}
	if ((rc = store_begin(st)) != 0)
		goto out;
	/* under the write lock, the project as it is now: someone may have moved it since it
	 * was read (a move checked against the old stage would write a move the machine does
	 * not have, e.g. 中止 → 評価) */
	struct project now;
	if ((rc = project_load_any(st, a, project_id, &now)) != 0) {
		store_rollback(st);
		goto out;
	}
	if (!project_may_edit(who, &now)) {
		problems_add(pr, NULL, N_("Only the lead department and the collaboration division edit a project."));
		store_rollback(st);
		rc = -1;
		goto out;
	}
	if (now.stage != p.stage) {
		problems_add(pr, "to", N_("The project cannot move from its stage to that one."));
		store_rollback(st);
		rc = -1;
		goto out;
	}
	p = now;
	struct project_open_point *open = NULL;
	int nopen = 0;
	if (m->checks_list && (rc = project_open_points(st, a, project_id, p.stage, &open, &nopen)) != 0) {
		store_rollback(st);
		goto out;
	}
	struct project_missing *miss = NULL;
	int nmiss = 0;
	if ((rc = project_move_missing(st, a, &p, to, &miss, &nmiss)) != 0) {
		store_rollback(st);
		goto out;
	}
	if ((nopen > 0 || nmiss > 0) && !force) {
		if (nopen > 0)
			problems_add(pr, "force", N_("Some checklist points are not yet agreed by every side."));
		if (nmiss > 0)
			problems_add(pr, "force", N_("Something the form's rules need for this move is missing."));
		store_rollback(st);
		rc = -1;
		goto out;
	}
	if ((nopen > 0 || nmiss > 0) && !has_reason) {
		problems_add(pr, "reason", nopen > 0 ? N_("Write why the project moves on before every side has agreed.")
						     : N_("Write why the project moves on with something missing."));
		store_rollback(st);
		rc = -1;
		goto out;
	}
	rc = stage_write(st, who, &p, to, has_reason ? reason : "", nopen + nmiss > 0, nopen + nmiss, miss, nmiss);
	if (rc == 0)
		rc = stage_tell(st, a, &p, to, has_reason ? reason : "");
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}
