/* project_report: progress reports during the year from any side of a collaboration
 * project, and the joint final report that each side writes its part of and the lead
 * department completes (project_eval.h). Readers apply project_eval_visibility.h. */
#include "domain/project_eval.h"
#include "domain/project_eval_internal.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int may_read_reports(struct store *st, struct arena *a, const struct actor *who, long long project_id,
			    struct peval_ctx *c)
{
	int rc = peval_ctx_load(st, a, who, project_id, c);
	if (rc != 0)
		return rc;
	struct peval_facts f;
	peval_facts_of(c, who, &f);
	return peval_may_see(PEVAL_PART_REPORT, &f) ? 0 : 1;
}

static int report_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_report *r = elem;
	(void)ctx;
	r->id = stmt_int(s, 0);
	r->fy = (int)stmt_int(s, 1);
	r->side_org_id = stmt_int(s, 2);
	r->side_name = stmt_text_dup(s, a, 3);
	r->body = stmt_text_dup(s, a, 4);
	r->created_at = stmt_text_dup(s, a, 5);
	r->created_by = stmt_text_dup(s, a, 6);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_reports_of(struct store *st, struct arena *a, const struct actor *who, long long project_id,
		       struct project_report **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct peval_ctx c;
	int rc = may_read_reports(st, a, who, project_id, &c);
	if (rc != 0)
		return rc == 1 ? 0 : rc;
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	long long *unnamed;
	int nun;
	if ((rc = project_read_list(st, a, STMT_PREPORT_LIST, args, sizeof **out, report_row, (void **)out, n)) != 0 ||
	    (rc = peval_unnamed_sides(st, a, &c, &unnamed, &nun)) != 0)
		return rc;
	for (int i = 0; i < *n; i++)
		(*out)[i].side_name = peval_side_as_seen(unnamed, nun, (*out)[i].side_org_id, (*out)[i].side_name);
	return 0;
}

static int part_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_final_part *p = elem;
	(void)ctx;
	p->side_org_id = stmt_int(s, 0);
	p->side_name = stmt_text_dup(s, a, 1);
	p->results = stmt_text_dup(s, a, 2);
	p->numbers = stmt_text_dup(s, a, 3);
	p->worked = stmt_text_dup(s, a, 4);
	p->to_change = stmt_text_dup(s, a, 5);
	p->updated_at = stmt_text_dup(s, a, 6);
	p->updated_by = stmt_text_dup(s, a, 7);
	return arena_over(a) ? STORE_ERR : 0;
}

static int final_head(struct store *st, struct arena *a, long long project_id, struct project_final *out)
{
	struct stmt *s = store_prepare(st, STMT_PFINAL_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, project_id);
	int rc = stmt_step(s);
	out->completed = 0;
	out->summary = out->completed_at = out->completed_by = "";
	if (rc == 1) {
		out->completed = 1;
		out->summary = stmt_text_dup(s, a, 0);
		out->completed_at = stmt_text_dup(s, a, 1);
		out->completed_by = stmt_text_dup(s, a, 2);
	}
	stmt_reset(s);
	return rc < 0 ? rc : arena_over(a) ? STORE_ERR : 0;
}

int project_final_of(struct store *st, struct arena *a, const struct actor *who, long long project_id,
		     struct project_final *out)
{
	memset(out, 0, sizeof *out);
	out->summary = out->completed_at = out->completed_by = "";
	struct peval_ctx c;
	int rc = may_read_reports(st, a, who, project_id, &c);
	if (rc != 0)
		return rc == 1 ? 0 : rc;
	if ((rc = final_head(st, a, project_id, out)) != 0)
		return rc;
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	long long *unnamed;
	int nun;
	if ((rc = project_read_list(st, a, STMT_PFINAL_PARTS, args, sizeof *out->parts, part_row, (void **)&out->parts,
				    &out->nparts)) != 0 ||
	    (rc = peval_unnamed_sides(st, a, &c, &unnamed, &nun)) != 0)
		return rc;
	for (int i = 0; i < out->nparts; i++)
		out->parts[i].side_name = peval_side_as_seen(unnamed, nun, out->parts[i].side_org_id, out->parts[i].side_name);
	return 0;
}

int project_report_add(struct store *st, const struct actor *who, long long project_id, const char *fy,
		       const char *body, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	int year = 0;
	if (c.side < 0)
		problems_add(pr, NULL, N_("Only the lead department and the partners write reports."));
	else if (c.p.stage != PSTAGE_PLAN && c.p.stage != PSTAGE_RUN && c.p.stage != PSTAGE_EVALUATE)
		problems_add(pr, NULL, N_("Progress reports are written while the project is planned, running or evaluated."));
	else {
		if (!fy || wareki_parse_fiscal_year(fy, &year) != 0)
			problems_add(pr, "fy", N_("Write the fiscal year (for example 2025 or R7)."));
		else if (year < c.p.fy_start || year > c.p.fy_end)
			problems_add(pr, "fy", N_("The year must be one of the project's years."));
		peval_text(pr, "body", body, 8000, 1);
	}
	if (problems_any(pr)) {
		store_rollback(st);
		rc = -1;
		goto out;
	}
	const char *side = peval_side_name(st, a, &c);
	char now[24];
	project_now(now);
	struct stmt *s = store_prepare(st, STMT_PREPORT_INSERT);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, year);
		stmt_bind_int(s, 3, c.side);
		stmt_bind_text(s, 4, side);
		stmt_bind_text(s, 5, body);
		stmt_bind_text(s, 6, now);
		stmt_bind_text(s, 7, peval_by(who));
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = project_audit(st, who, "progress-report", project_id, NULL,
				   json_pack("{s:i,s:I,s:s}", "fy", year, "side", (json_int_t)c.side, "report", body));
	if (rc == 0 && c.side > 0) {
		char link[64];
		snprintf(link, sizeof link, "/projects/%lld/reports", project_id);
		struct notice_param ps[] = { { "project", c.p.title }, { "side", side }, { NULL, NULL } };
		struct notice n = { NOTICE_PROJECT_REPORT, link, ps, 0 };
		rc = notice_department(st, c.p.department_id, &n);
	}
	if (rc == 0 && c.p.published && c.es.published)
		rc = project_touch_public(st, 0);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

int project_final_part_save(struct store *st, const struct actor *who, long long project_id,
			    const struct project_final_input *in, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	struct project_final fin;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	if ((rc = final_head(st, a, project_id, &fin)) != 0) {
		store_rollback(st);
		goto out;
	}
	if (c.side < 0)
		problems_add(pr, NULL, N_("Only the lead department and the partners write the final report."));
	else if (c.p.stage != PSTAGE_RUN && c.p.stage != PSTAGE_EVALUATE)
		problems_add(pr, NULL, N_("The final report is written at the end of the running stage or in evaluation."));
	else if (fin.completed)
		problems_add(pr, NULL, N_("The final report is completed and can no longer change."));
	else {
		peval_text(pr, "results", in->results, 8000, 1);
		peval_text(pr, "numbers", in->numbers, 4000, 0);
		peval_text(pr, "worked", in->worked, 8000, 0);
		peval_text(pr, "to_change", in->to_change, 8000, 0);
	}
	if (problems_any(pr)) {
		store_rollback(st);
		rc = -1;
		goto out;
	}
	char now[24];
	project_now(now);
	struct stmt *s = store_prepare(st, STMT_PFINAL_PART_SET);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, c.side);
		stmt_bind_text(s, 3, peval_side_name(st, a, &c));
		stmt_bind_text(s, 4, in->results);
		stmt_bind_text(s, 5, in->numbers ? in->numbers : "");
		stmt_bind_text(s, 6, in->worked ? in->worked : "");
		stmt_bind_text(s, 7, in->to_change ? in->to_change : "");
		stmt_bind_text(s, 8, now);
		stmt_bind_text(s, 9, peval_by(who));
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = project_audit(st, who, "final-report-part", project_id, NULL,
				   json_pack("{s:I,s:s,s:s,s:s,s:s}", "side", (json_int_t)c.side, "results",
					     in->results, "numbers", in->numbers ? in->numbers : "", "worked",
					     in->worked ? in->worked : "", "to_change", in->to_change ? in->to_change : ""));
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

int project_final_complete(struct store *st, const struct actor *who, long long project_id, const char *summary,
			   int force, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	struct project_final fin;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	if ((rc = final_head(st, a, project_id, &fin)) != 0) {
		store_rollback(st);
		goto out;
	}
	if (c.acc != PACCESS_LEAD && c.acc != PACCESS_DIVISION)
		problems_add(pr, NULL, N_("Only the lead department completes the final report."));
	else if (fin.completed)
		problems_add(pr, NULL, N_("The final report is completed and can no longer change."));
	else
		peval_text(pr, "summary", summary, 8000, 1);
	if (problems_any(pr)) {
		store_rollback(st);
		rc = -1;
		goto out;
	}
	struct project_final_part *parts;
	int nparts;
	struct project_side *sides;
	int nsides;
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	rc = project_read_list(st, a, STMT_PFINAL_PARTS, args, sizeof *parts, part_row, (void **)&parts, &nparts);
	if (rc == 0)
		rc = project_sides_of(st, a, project_id, &sides, &nsides);
	for (int i = 0; rc == 0 && i < nsides; i++) {
		int has = 0;
		for (int j = 0; j < nparts; j++)
			has |= parts[j].side_org_id == sides[i].org_id;
		if (!has && sides[i].org_id == 0)
			problems_add(pr, NULL, N_("Write the lead department's part before completing the final report."));
		else if (!has && !force)
			problems_add(pr, "force", N_("Some partners have not written their part yet."));
	}
	if (rc == 0 && problems_any(pr))
		rc = -1;
	char now[24];
	project_now(now);
	struct stmt *s;
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_PFINAL_COMPLETE))) {
			stmt_bind_int(s, 1, project_id);
			stmt_bind_text(s, 2, summary);
			stmt_bind_text(s, 3, now);
			stmt_bind_text(s, 4, peval_by(who));
			rc = stmt_exec(s);
		}
	}
	if (rc == 0)
		rc = project_audit(st, who, "final-report-completed", project_id, NULL,
				   json_pack("{s:s,s:i,s:b}", "summary", summary, "parts", nparts, "forced", force ? 1 : 0));
	if (rc == 0 && c.p.published && c.es.published)
		rc = project_touch_public(st, 0);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}
