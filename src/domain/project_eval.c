/* project_eval: the evaluation of a collaboration project in three steps — each side's
 * self-evaluation, the joint review, the committee's scores — its publication, and the
 * criteria the city sets (project_eval.h). Conflict of interest: project_eval_ties.c. */
#include "domain/project_eval.h"
#include "domain/project_eval_internal.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared ---- */

int peval_ctx_load(struct store *st, struct arena *a, const struct actor *who, long long id, struct peval_ctx *c)
{
	memset(c, 0, sizeof *c);
	int rc = project_load(st, a, who, id, &c->p);
	if (rc == 0)
		rc = project_access_of(st, who, &c->p, &c->acc);
	if (rc == 0)
		rc = project_eval_state_of(st, a, id, &c->es);
	c->side = rc == 0 ? project_side_of(st, who, &c->p) : -1;
	return rc;
}

/* Begins the write's transaction (the database's write lock) and loads the context under
 * it: what a writer checks is what it writes over, not what it read before waiting for the
 * lock (a score handed in as the joint review closes, or as the evaluation is published).
 * On failure nothing is left open. */
int peval_ctx_locked(struct store *st, struct arena *a, const struct actor *who, long long id, struct peval_ctx *c)
{
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if ((rc = peval_ctx_load(st, a, who, id, c)) != 0)
		store_rollback(st);
	return rc;
}

void peval_facts_of(const struct peval_ctx *c, const struct actor *who, struct peval_facts *f)
{
	*f = (struct peval_facts){ .access = c->acc,
				   .project_published = c->p.published,
				   .eval_published = c->es.published,
				   .joint_closed = c->es.joint_closed,
				   .viewer_side = c->side,
				   .author_side = -1,
				   .viewer_user = who ? who->user_id : 0 };
}

void peval_text(struct problems *pr, const char *field, const char *s, size_t max, int required)
{
	const char *problem;
	if (!s || jtext_is_blank(s)) {
		if (required)
			problems_add_copy(pr, field, N_("Please fill this in."));
	} else if ((problem = jtext_text_problem(s, 1)))
		problems_add_copy(pr, field, problem);
	else if (strlen(s) > max)
		problems_add_copy(pr, field, N_("The text is too long."));
}

const char *peval_by(const struct actor *who)
{
	if (!who)
		return "cli";
	return who->display_name && *who->display_name ? who->display_name : who->login;
}

const char *peval_side_name(struct store *st, struct arena *a, const struct peval_ctx *c)
{
	if (c->side == 0)
		return c->p.department_name;
	struct project_partner *pp;
	int n;
	if (project_partners_of(st, a, c->p.id, &pp, &n) == 0)
		for (int i = 0; i < n; i++)
			if (pp[i].org_id == c->side)
				return pp[i].org_name;
	return "";
}

int peval_unnamed_sides(struct store *st, struct arena *a, const struct peval_ctx *c, long long **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (c->acc > PACCESS_PUBLIC)
		return 0;
	struct project_partner *pp;
	int np;
	int rc = project_partners_of(st, a, c->p.id, &pp, &np);
	if (rc != 0)
		return rc;
	/* the sides that wrote something: every org id in scores, reports and parts is a
	 * partner's or a former partner's; name only the current partners of the directory */
	struct stmt *s = store_prepare(st, STMT_PEVAL_SIDES_WRITTEN);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, c->p.id);
	int cap = 8;
	*out = arena_alloc(a, (size_t)cap * sizeof **out);
	while (*out && (rc = stmt_step(s)) == 1) {
		long long side = stmt_int(s, 0);
		int listed = 0;
		for (int i = 0; i < np; i++)
			listed |= pp[i].org_id == side && pp[i].org_public;
		if (listed)
			continue;
		if (*n == cap) {
			long long *more = arena_alloc(a, (size_t)cap * 2 * sizeof **out);
			if (!more)
				break;
			memcpy(more, *out, (size_t)cap * sizeof **out);
			*out = more;
			cap *= 2;
		}
		(*out)[(*n)++] = side;
	}
	stmt_reset(s);
	if (!*out)
		return STORE_ERR;
	return rc < 0 ? rc : arena_over(a) ? STORE_ERR : 0;
}

char *peval_side_as_seen(const long long *unnamed, int n, long long side, char *name)
{
	for (int i = 0; side > 0 && i < n; i++)
		if (unnamed[i] == side)
			return "";
	return name;
}

int peval_state_ensure(struct store *st, long long project_id)
{
	struct stmt *s = store_prepare(st, STMT_PEVAL_STATE_ENSURE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, project_id);
	return stmt_exec(s);
}

int project_eval_state_of(struct store *st, struct arena *a, long long project_id, struct project_eval_state *out)
{
	memset(out, 0, sizeof *out);
	out->joint_closed_at = out->published_at = out->result = "";
	struct stmt *s = store_prepare(st, STMT_PEVAL_STATE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, project_id);
	int rc = stmt_step(s);
	if (rc == 1) {
		out->joint_closed = (int)stmt_int(s, 0);
		out->joint_closed_at = stmt_text_dup(s, a, 1);
		out->published = (int)stmt_int(s, 2);
		out->published_at = stmt_text_dup(s, a, 3);
		out->result = stmt_text_dup(s, a, 4);
		rc = arena_over(a) ? STORE_ERR : 0;
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* ---- criteria ---- */

static int criterion_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_criterion *c = elem;
	(void)ctx;
	c->id = stmt_int(s, 0);
	c->pos = (int)stmt_int(s, 1);
	c->name = stmt_text_dup(s, a, 2);
	c->guide = stmt_text_dup(s, a, 3);
	c->scale_max = (int)stmt_int(s, 4);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_criteria_list(struct store *st, struct arena *a, struct project_criterion **out, int *n)
{
	return project_read_list(st, a, STMT_PEVAL_CRITERIA, NULL, sizeof **out, criterion_row, (void **)out, n);
}

static int division_only(const struct actor *who, struct problems *pr)
{
	if (who && who->role != ROLE_ADMIN) {
		problems_add(pr, NULL, N_("Only the collaboration division may do this."));
		return -1;
	}
	return 0;
}

int project_criterion_save(struct store *st, const struct actor *who, long long id, const char *name,
			   const char *guide, const char *scale_max, struct problems *pr)
{
	if (division_only(who, pr) != 0)
		return -1;
	peval_text(pr, "name", name, 200, 1);
	peval_text(pr, "guide", guide, 2000, 0);
	long long scale = 5;
	if (scale_max && *scale_max && (jtext_uint(scale_max, &scale) != 0 || scale < 2 || scale > 10))
		problems_add(pr, "scale_max", N_("Choose a scale from 2 to 10."));
	if (problems_any(pr))
		return -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	json_t *before = NULL;
	struct stmt *s;
	if (id > 0) {
		if (!(s = store_prepare(st, STMT_PEVAL_CRITERION_GET))) {
			store_rollback(st);
			return STORE_ERR;
		}
		stmt_bind_int(s, 1, id);
		if ((rc = stmt_step(s)) == 1)
			before = json_pack("{s:s,s:s,s:I}", "name", stmt_text(s, 2), "guide", stmt_text(s, 3), "scale",
					   (json_int_t)stmt_int(s, 4));
		stmt_reset(s);
		if (rc != 1) {
			store_rollback(st);
			problems_add(pr, NULL, N_("This criterion does not exist."));
			return rc < 0 ? rc : -1;
		}
	}
	rc = STORE_ERR;
	if ((s = store_prepare(st, id > 0 ? STMT_PEVAL_CRITERION_UPDATE : STMT_PEVAL_CRITERION_INSERT))) {
		int i = 1;
		if (id > 0)
			stmt_bind_int(s, i++, id);
		stmt_bind_text(s, i++, name);
		stmt_bind_text(s, i++, guide ? guide : "");
		stmt_bind_int(s, i, scale);
		rc = stmt_exec(s);
		if (rc == 0 && id == 0)
			id = store_last_id(st);
	}
	if (rc == 0)
		rc = project_audit(st, who, "criterion", 0, before,
				   json_pack("{s:I,s:s,s:s,s:I}", "criterion", (json_int_t)id, "name", name, "guide",
					     guide ? guide : "", "scale", (json_int_t)scale));
	else
		json_decref(before);
	return rc == 0 ? store_commit(st) : (store_rollback(st), rc);
}

int project_criterion_retire(struct store *st, const struct actor *who, long long id)
{
	if (who && who->role != ROLE_ADMIN)
		return STORE_ERR;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_PEVAL_CRITERION_RETIRE);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, id);
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = project_audit(st, who, "criterion-retire", 0, json_pack("{s:I}", "criterion", (json_int_t)id),
				   NULL);
	return rc == 0 ? store_commit(st) : (store_rollback(st), rc);
}

/* ---- reading an evaluation ---- */

static int score_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_score *c = elem;
	(void)ctx;
	c->criterion_id = stmt_int(s, 0);
	c->kind = strcmp(stmt_text(s, 1), "committee") == 0 ? PEVAL_COMMITTEE : PEVAL_SELF;
	c->side_org_id = stmt_int(s, 2);
	c->user_id = stmt_int(s, 3);
	c->score = (int)stmt_int(s, 4);
	c->comment = stmt_text_dup(s, a, 5);
	c->updated_at = stmt_text_dup(s, a, 6);
	c->by_name = stmt_text_dup(s, a, 7);
	return arena_over(a) ? STORE_ERR : 0;
}

static int sub_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_submission *c = elem;
	(void)ctx;
	c->kind = strcmp(stmt_text(s, 0), "committee") == 0 ? PEVAL_COMMITTEE : PEVAL_SELF;
	c->side_org_id = stmt_int(s, 1);
	c->user_id = stmt_int(s, 2);
	c->overall = stmt_text_dup(s, a, 3);
	c->submitted_at = stmt_text_dup(s, a, 4);
	c->by_name = stmt_text_dup(s, a, 5);
	return arena_over(a) ? STORE_ERR : 0;
}

static int joint_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_joint *j = elem;
	(void)ctx;
	j->criterion_id = stmt_int(s, 0);
	j->score = (int)stmt_int(s, 1);
	j->agreed = stmt_text_dup(s, a, 2);
	j->updated_at = stmt_text_dup(s, a, 3);
	j->updated_by = stmt_text_dup(s, a, 4);
	return arena_over(a) ? STORE_ERR : 0;
}

static int member_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_member *m = elem;
	(void)ctx;
	m->user_id = stmt_int(s, 0);
	m->login = stmt_text_dup(s, a, 1);
	m->name = stmt_text_dup(s, a, 2);
	m->assigned_at = stmt_text_dup(s, a, 3);
	return arena_over(a) ? STORE_ERR : 0;
}

static int members_of(struct store *st, struct arena *a, long long project_id, struct project_member **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PEVAL_MEMBERS, args, sizeof **out, member_row, (void **)out, n);
}

static int member_is(struct store *st, long long project_id, long long user_id)
{
	struct stmt *s = store_prepare(st, STMT_PEVAL_MEMBER_IS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, project_id);
	stmt_bind_int(s, 2, user_id);
	int rc = stmt_step(s);
	stmt_reset(s);
	return rc;
}

/* Keeps the rows of a list the rule lets the viewer see. */
static int keep_score(const struct peval_facts *base, enum peval_kind kind, long long side, long long user,
		      int submitted)
{
	struct peval_facts f = *base;
	f.author_side = kind == PEVAL_SELF ? side : -1;
	f.author_user = kind == PEVAL_COMMITTEE ? user : 0;
	f.author_submitted = submitted;
	return peval_may_see(kind == PEVAL_SELF ? PEVAL_PART_SELF : PEVAL_PART_COMMITTEE, &f);
}

/* 1 when (kind, side, user) has handed in among subs. */
static int handed_in(const struct project_submission *subs, int n, enum peval_kind kind, long long side,
		     long long user)
{
	for (int i = 0; i < n; i++)
		if (subs[i].kind == kind && subs[i].side_org_id == side && subs[i].user_id == user)
			return 1;
	return 0;
}

/* The committee's scores and hand-ins unsigned for a viewer the rule does not give the
 * members' names: each member gets a number (委員A = 1 …) in the order of their accounts,
 * the same on every page and answer, and no name. */
static void members_unsigned(const struct peval_facts *base, struct project_evaluation *ev)
{
	long long seen[64];
	int nseen = 0;
	/* the scores come ordered by member: number them as they come, hand-ins after */
	for (int pass = 0; pass < 2; pass++) {
		int n = pass ? ev->nsubs : ev->nscores;
		for (int i = 0; i < n; i++) {
			enum peval_kind kind = pass ? ev->subs[i].kind : ev->scores[i].kind;
			long long user = pass ? ev->subs[i].user_id : ev->scores[i].user_id;
			if (kind != PEVAL_COMMITTEE)
				continue;
			struct peval_facts f = *base;
			f.author_user = user;
			if (peval_may_see(PEVAL_PART_MEMBER_NAME, &f))
				continue;
			int no = 0;
			for (int j = 0; j < nseen && !no; j++)
				if (seen[j] == user)
					no = j + 1;
			if (!no && nseen < (int)(sizeof seen / sizeof seen[0])) {
				seen[nseen++] = user;
				no = nseen;
			}
			if (pass) {
				ev->subs[i].by_name = "";
				ev->subs[i].member_no = no;
			} else {
				ev->scores[i].by_name = "";
				ev->scores[i].member_no = no;
			}
		}
	}
}

/* The sides that have not handed in their self-evaluation (the joint review names them). */
static int sides_pending(struct store *st, struct arena *a, long long project_id, const long long *unnamed, int nun,
			 struct project_evaluation *ev, const struct project_submission *all, int nall)
{
	struct project_side *sides;
	int nsides;
	int rc = project_sides_of(st, a, project_id, &sides, &nsides);
	if (rc != 0)
		return rc;
	ev->pending = arena_alloc(a, (size_t)(nsides + 1) * sizeof *ev->pending);
	if (!ev->pending)
		return STORE_ERR;
	for (int i = 0; i < nsides; i++)
		if (!handed_in(all, nall, PEVAL_SELF, sides[i].org_id, 0))
			ev->pending[ev->npending++] = peval_side_as_seen(unnamed, nun, sides[i].org_id, sides[i].name);
	return 0;
}

/* The overall comment of the viewer's own draft — its side's (side >= 0) or, for an
 * assigned member (user > 0), theirs — "" when there is none. 0 or a store_rc. */
static int own_draft_overall(struct store *st, struct arena *a, long long project_id, long long side,
			     long long user, char **out)
{
	*out = "";
	if (side < 0 && user <= 0)
		return 0;
	struct stmt *s = store_prepare(st, STMT_PEVAL_DRAFT_OVERALL);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, project_id);
	stmt_bind_text(s, 2, user > 0 ? "committee" : "self");
	stmt_bind_int(s, 3, user > 0 ? 0 : side);
	stmt_bind_int(s, 4, user > 0 ? user : 0);
	int rc = stmt_step(s);
	if (rc == 1 && !(*out = stmt_text_dup(s, a, 0)))
		rc = STORE_ERR;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int project_evaluation_of(struct store *st, struct arena *a, const struct actor *who, long long project_id,
			  struct project_evaluation *out)
{
	memset(out, 0, sizeof *out);
	struct peval_ctx c;
	int rc = peval_ctx_load(st, a, who, project_id, &c);
	if (rc != 0)
		return rc;
	out->state = c.es;
	out->viewer_side = c.side;
	struct peval_facts f;
	peval_facts_of(&c, who, &f);
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	if ((rc = project_criteria_list(st, a, &out->criteria, &out->ncriteria)) != 0)
		return rc;
	if (who && who->role == ROLE_COMMITTEE && (rc = member_is(st, project_id, who->user_id)) < 0)
		return rc;
	out->viewer_assigned = who && who->role == ROLE_COMMITTEE && rc == 1;
	if ((rc = own_draft_overall(st, a, project_id, c.side, out->viewer_assigned ? who->user_id : 0,
				    &out->draft_overall)) != 0)
		return rc;
	/* the hand-ins first: a self-evaluation not handed in is its side's draft */
	struct project_submission *all;
	int nall;
	if ((rc = project_read_list(st, a, STMT_PEVAL_SUBMISSIONS, args, sizeof *all, sub_row, (void **)&all, &nall)) !=
	    0)
		return rc;
	if ((rc = project_read_list(st, a, STMT_PEVAL_SCORES, args, sizeof *out->scores, score_row,
				    (void **)&out->scores, &out->nscores)) != 0)
		return rc;
	int k = 0;
	for (int i = 0; i < out->nscores; i++) {
		const struct project_score *sc = &out->scores[i];
		if (keep_score(&f, sc->kind, sc->side_org_id, sc->user_id,
			       handed_in(all, nall, sc->kind, sc->side_org_id, sc->user_id)))
			out->scores[k++] = out->scores[i];
	}
	out->nscores = k;
	out->subs = arena_alloc(a, (size_t)(nall + 1) * sizeof *out->subs);
	if (!out->subs)
		return STORE_ERR;
	for (int i = 0; i < nall; i++)
		if (keep_score(&f, all[i].kind, all[i].side_org_id, all[i].user_id, 1))
			out->subs[out->nsubs++] = all[i];
	long long *unnamed;
	int nun;
	if ((rc = peval_unnamed_sides(st, a, &c, &unnamed, &nun)) != 0)
		return rc;
	for (int i = 0; i < out->nscores; i++)
		if (out->scores[i].kind == PEVAL_SELF)
			out->scores[i].by_name = peval_side_as_seen(unnamed, nun, out->scores[i].side_org_id,
								    out->scores[i].by_name);
	for (int i = 0; i < out->nsubs; i++)
		if (out->subs[i].kind == PEVAL_SELF)
			out->subs[i].by_name = peval_side_as_seen(unnamed, nun, out->subs[i].side_org_id, out->subs[i].by_name);
	members_unsigned(&f, out);
	if (peval_may_see(PEVAL_PART_JOINT, &f) &&
	    (rc = project_read_list(st, a, STMT_PEVAL_JOINT, args, sizeof *out->joint, joint_row,
				    (void **)&out->joint, &out->njoint)) != 0)
		return rc;
	if (peval_may_see(PEVAL_PART_JOINT, &f) && c.acc > PACCESS_PUBLIC && !c.es.joint_closed &&
	    (rc = sides_pending(st, a, project_id, unnamed, nun, out, all, nall)) != 0)
		return rc;
	if (!peval_may_see(PEVAL_PART_RESULT, &f))
		out->state.result = "";
	if ((c.acc == PACCESS_DIVISION || c.acc == PACCESS_LEAD) &&
	    (rc = members_of(st, a, project_id, &out->members, &out->nmembers)) != 0)
		return rc;
	return 0;
}

/* ---- writing scores ---- */

/* Checks and writes the scores of in for (kind, side, user); then the submission when
 * in->submit. Inside a transaction. */
static int scores_write(struct store *st, struct arena *a, const struct actor *who, long long project_id,
			enum peval_kind kind, long long side, long long user, const struct project_eval_input *in,
			struct problems *pr)
{
	struct project_criterion *cr;
	int ncr;
	int rc = project_criteria_list(st, a, &cr, &ncr);
	if (rc != 0)
		return rc;
	const char *kname = kind == PEVAL_SELF ? "self" : "committee";
	json_t *after = json_array();
	for (int i = 0; i < ncr; i++) {
		const char *sc = NULL, *cm = NULL;
		for (int j = 0; j < in->n; j++)
			if (in->criterion[j] == cr[i].id) {
				sc = in->score[j];
				cm = in->comment[j];
			}
		char *field = arena_printf(a, "score_%lld", cr[i].id);
		char *cfield = arena_printf(a, "comment_%lld", cr[i].id);
		peval_text(pr, cfield, cm, 4000, 0);
		long long v = 0;
		if (!sc || !*sc) {
			if (in->submit)
				problems_add_copy(pr, field, N_("Give a score to every criterion before handing in."));
			continue;
		}
		if (jtext_uint(sc, &v) != 0 || v < 1 || v > cr[i].scale_max) {
			problems_add_copy(pr, field, N_("Choose a score on the criterion's scale."));
			continue;
		}
		if (problems_any(pr))
			continue;
		struct stmt *s = store_prepare(st, STMT_PEVAL_SCORE_SET);
		if (!s) {
			json_decref(after);
			return STORE_ERR;
		}
		char now[24];
		project_now(now);
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, cr[i].id);
		stmt_bind_text(s, 3, kname);
		stmt_bind_int(s, 4, side);
		stmt_bind_int(s, 5, user);
		stmt_bind_int(s, 6, v);
		stmt_bind_text(s, 7, cm ? cm : "");
		stmt_bind_text(s, 8, now);
		stmt_bind_text(s, 9, peval_by(who));
		if ((rc = stmt_exec(s)) != 0) {
			json_decref(after);
			return rc;
		}
		json_array_append_new(after, json_pack("{s:I,s:I,s:s}", "criterion", (json_int_t)cr[i].id, "score",
						       (json_int_t)v, "comment", cm ? cm : ""));
	}
	peval_text(pr, "overall", in->overall, 4000, 0);
	if (problems_any(pr)) {
		json_decref(after);
		return -1;
	}
	/* handed in, or saved without: a draft (again), its overall comment kept under an
	 * empty submitted_at, that no one else reads until handed in */
	{
		struct stmt *s = store_prepare(st, STMT_PEVAL_SUBMIT);
		if (!s) {
			json_decref(after);
			return STORE_ERR;
		}
		char now[24];
		project_now(now);
		stmt_bind_int(s, 1, project_id);
		stmt_bind_text(s, 2, kname);
		stmt_bind_int(s, 3, side);
		stmt_bind_int(s, 4, user);
		stmt_bind_text(s, 5, in->overall ? in->overall : "");
		stmt_bind_text(s, 6, in->submit ? now : "");
		stmt_bind_text(s, 7, peval_by(who));
		if ((rc = stmt_exec(s)) != 0) {
			json_decref(after);
			return rc;
		}
	}
	/* a side's draft is its own (project_eval_visibility.h), in the audit log as well: the
	 * log records that it was saved and how many criteria it scores; the scores and
	 * comments enter it when the side hands them in */
	if (kind == PEVAL_SELF && !in->submit) {
		size_t scored = json_array_size(after);
		json_decref(after);
		return project_audit(st, who, "self-evaluation", project_id, NULL,
				     json_pack("{s:I,s:I,s:b}", "side", (json_int_t)side, "scored", (json_int_t)scored,
					       "handed_in", 0));
	}
	return project_audit(st, who, kind == PEVAL_SELF ? "self-evaluation" : "committee-evaluation", project_id,
			     NULL,
			     json_pack("{s:I,s:I,s:o,s:s,s:b}", "side", (json_int_t)side, "member", (json_int_t)user,
				       "scores", after, "overall", in->overall ? in->overall : "", "handed_in",
				       in->submit ? 1 : 0));
}

int project_self_eval_save(struct store *st, const struct actor *who, long long project_id,
			   const struct project_eval_input *in, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	if (c.side < 0)
		problems_add(pr, NULL, N_("Only the lead department and the partners evaluate themselves."));
	else if (c.p.stage != PSTAGE_EVALUATE)
		problems_add(pr, NULL, N_("Self-evaluations are given while the project is in evaluation."));
	else if (c.es.joint_closed)
		problems_add(pr, NULL, N_("The joint review is closed: the self-evaluations can no longer change."));
	rc = problems_any(pr) ? -1 : scores_write(st, a, who, project_id, PEVAL_SELF, c.side, 0, in, pr);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

static int may_run_joint(const struct peval_ctx *c, struct problems *pr)
{
	if (c->acc != PACCESS_LEAD && c->acc != PACCESS_DIVISION) {
		problems_add(pr, NULL, N_("Only the lead department or the collaboration division records the joint review."));
		return -1;
	}
	if (c->p.stage != PSTAGE_EVALUATE) {
		problems_add(pr, NULL, N_("The joint review takes place while the project is in evaluation."));
		return -1;
	}
	if (c->es.joint_closed) {
		problems_add(pr, NULL, N_("The joint review is already closed."));
		return -1;
	}
	return 0;
}

int project_joint_save(struct store *st, const struct actor *who, long long project_id, long long criterion_id,
		       const char *score, const char *agreed, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	struct project_criterion *cr;
	int ncr;
	if ((rc = may_run_joint(&c, pr)) != 0 || (rc = project_criteria_list(st, a, &cr, &ncr)) != 0) {
		store_rollback(st);
		goto out;
	}
	int scale = 0;
	for (int i = 0; i < ncr; i++)
		if (cr[i].id == criterion_id)
			scale = cr[i].scale_max;
	long long v = 0;
	if (!scale)
		problems_add(pr, NULL, N_("This criterion does not exist."));
	else if (score && *score && (jtext_uint(score, &v) != 0 || v < 1 || v > scale))
		problems_add(pr, "score", N_("Choose a score on the criterion's scale."));
	peval_text(pr, "agreed", agreed, 4000, !(score && *score));
	if (problems_any(pr)) {
		store_rollback(st);
		rc = -1;
		goto out;
	}
	struct stmt *s = store_prepare(st, STMT_PEVAL_JOINT_SET);
	char now[24];
	project_now(now);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, criterion_id);
		stmt_bind_int(s, 3, v);
		stmt_bind_text(s, 4, agreed ? agreed : "");
		stmt_bind_text(s, 5, now);
		stmt_bind_text(s, 6, peval_by(who));
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = project_audit(st, who, "joint-review", project_id, NULL,
				   json_pack("{s:I,s:I,s:s}", "criterion", (json_int_t)criterion_id, "score",
					     (json_int_t)v, "agreed", agreed ? agreed : ""));
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

static int subs_of(struct store *st, struct arena *a, long long project_id, struct project_submission **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PEVAL_SUBMISSIONS, args, sizeof **out, sub_row, (void **)out, n);
}

int project_joint_close(struct store *st, const struct actor *who, long long project_id, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	if ((rc = may_run_joint(&c, pr)) != 0) {
		store_rollback(st);
		goto out;
	}
	struct project_side *sides;
	int nsides;
	struct project_submission *subs;
	int nsubs;
	if ((rc = project_sides_of(st, a, project_id, &sides, &nsides)) == 0)
		rc = subs_of(st, a, project_id, &subs, &nsubs);
	for (int i = 0; rc == 0 && i < nsides; i++)
		if (!handed_in(subs, nsubs, PEVAL_SELF, sides[i].org_id, 0))
			problems_add(pr, NULL, N_("Every side must hand in its self-evaluation before the joint review closes."));
	if (rc == 0 && problems_any(pr))
		rc = -1;
	struct stmt *s;
	char now[24];
	project_now(now);
	if (rc == 0)
		rc = peval_state_ensure(st, project_id);
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_PEVAL_JOINT_CLOSE))) {
			stmt_bind_int(s, 1, project_id);
			stmt_bind_text(s, 2, now);
			rc = stmt_exec(s);
		}
	}
	if (rc == 0)
		rc = project_audit(st, who, "joint-review-closed", project_id, NULL, json_pack("{s:s}", "at", now));
	struct project_member *m;
	int nm = 0;
	if (rc == 0)
		rc = members_of(st, a, project_id, &m, &nm);
	char link[64];
	snprintf(link, sizeof link, "/projects/%lld/evaluation", project_id);
	struct notice_param ps[] = { { "project", c.p.title }, { NULL, NULL } };
	struct notice n = { NOTICE_PROJECT_EVALUATE, link, ps, 0 };
	for (int i = 0; rc == 0 && i < nm; i++)
		rc = notice_user(st, m[i].user_id, &n);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

/* The partners of the project that user is tied to, as "name（kind）" lines into *text;
 * the count, or a store_rc. */
int peval_conflicts(struct store *st, struct arena *a, long long project_id, long long user_id, char **text);
int peval_conflicts(struct store *st, struct arena *a, long long project_id, long long user_id, char **text)
{
	struct stmt *s = store_prepare(st, STMT_PEVAL_CONFLICTS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, project_id);
	stmt_bind_int(s, 2, user_id);
	int n = 0, rc;
	*text = "";
	while ((rc = stmt_step(s)) == 1) {
		*text = arena_printf(a, "%s%s%s", *text, n ? "、" : "", stmt_text(s, 0));
		n++;
	}
	stmt_reset(s);
	return rc < 0 ? rc : n;
}

int project_eval_assign(struct store *st, const struct actor *who, long long project_id, const char *login,
			struct problems *pr)
{
	if (division_only(who, pr) != 0)
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	if (c.es.published) {
		problems_add(pr, NULL, N_("The evaluation is published: withdraw it before changing the committee."));
		store_rollback(st);
		rc = -1;
		goto out;
	}
	struct stmt *s = store_prepare(st, STMT_PEVAL_USER_BY_LOGIN);
	long long uid = 0;
	int is_member = 0;
	char *name = "";
	rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, login ? login : "");
		if ((rc = stmt_step(s)) == 1) {
			uid = stmt_int(s, 0);
			is_member = strcmp(stmt_text(s, 1), "committee") == 0 && !stmt_int(s, 2);
			name = stmt_text_dup(s, a, 3);
		}
		stmt_reset(s);
		rc = rc < 0 ? rc : 0;
	}
	if (rc == 0 && !is_member)
		problems_add(pr, "login", N_("Choose an active committee member's account."));
	char *conflicts = "";
	int nconf = 0;
	/* the conflict of interest, checked inside the write's transaction */
	if (rc == 0 && is_member && (nconf = peval_conflicts(st, a, project_id, uid, &conflicts)) < 0)
		rc = nconf;
	if (rc == 0 && nconf > 0)
		problems_add(pr, "login", N_("This member is tied to a partner of the project (recorded in the registry) and cannot evaluate it."));
	if (rc == 0 && !problems_any(pr) && (rc = member_is(st, project_id, uid)) >= 0) {
		if (rc == 1)
			problems_add(pr, "login", N_("This member is already assigned."));
		rc = 0;
	}
	if (rc == 0 && problems_any(pr))
		rc = -1;
	char now[24];
	project_now(now);
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_PEVAL_MEMBER_INSERT))) {
			stmt_bind_int(s, 1, project_id);
			stmt_bind_int(s, 2, uid);
			stmt_bind_text(s, 3, now);
			stmt_bind_text(s, 4, peval_by(who));
			rc = stmt_exec(s);
		}
	}
	if (rc == 0)
		rc = peval_state_ensure(st, project_id);
	if (rc == 0)
		rc = project_audit(st, who, "committee-assign", project_id, NULL,
				   json_pack("{s:I,s:s,s:s}", "member", (json_int_t)uid, "login", login, "name", name));
	if (rc == 0 && c.es.joint_closed) {
		char link[64];
		snprintf(link, sizeof link, "/projects/%lld/evaluation", project_id);
		struct notice_param ps[] = { { "project", c.p.title }, { NULL, NULL } };
		struct notice n = { NOTICE_PROJECT_EVALUATE, link, ps, 0 };
		rc = notice_user(st, uid, &n);
	}
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

/* Inside a transaction: takes member user_id off project_id with their scores (audited). */
int peval_member_drop(struct store *st, const struct actor *who, long long project_id, long long user_id,
		      const char *why);
int peval_member_drop(struct store *st, const struct actor *who, long long project_id, long long user_id,
		      const char *why)
{
	static const enum stmt_id ids[] = { STMT_PEVAL_MEMBER_DELETE, STMT_PEVAL_SCORES_DELETE_USER,
					    STMT_PEVAL_SUBMISSION_DELETE_USER };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		struct stmt *s = store_prepare(st, ids[i]);
		if (!s)
			return STORE_ERR;
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, user_id);
		int rc = stmt_exec(s);
		if (rc != 0)
			return rc;
	}
	return project_audit(st, who, "committee-unassign", project_id,
			     json_pack("{s:I}", "member", (json_int_t)user_id), json_pack("{s:s}", "why", why));
}

int project_eval_unassign(struct store *st, const struct actor *who, long long project_id, long long user_id)
{
	struct problems pr = { 0 };
	if (division_only(who, &pr) != 0)
		return -1;
	struct project_eval_state es;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	int rc = store_begin(st);
	if (rc == 0) {
		rc = project_eval_state_of(st, a, project_id, &es);
		if (rc == 0 && es.published)
			rc = -1;
		if (rc == 0)
			rc = peval_member_drop(st, who, project_id, user_id, "division");
		rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
	}
	arena_free(a);
	return rc;
}

int project_committee_eval_save(struct store *st, const struct actor *who, long long project_id,
				const struct project_eval_input *in, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	int assigned = who && who->role == ROLE_COMMITTEE ? member_is(st, project_id, who->user_id) : 0;
	char *conflicts = "";
	int nconf = assigned == 1 ? peval_conflicts(st, a, project_id, who->user_id, &conflicts) : 0;
	rc = assigned < 0 ? assigned : nconf < 0 ? nconf : 0;
	if (rc == 0) {
		if (assigned != 1)
			problems_add(pr, NULL, N_("Only the committee members assigned to this project score it."));
		else if (nconf > 0)
			problems_add(pr, NULL, N_("You are tied to a partner of this project (recorded in the registry) and cannot evaluate it."));
		else if (!c.es.joint_closed)
			problems_add(pr, NULL, N_("The committee scores after the joint review is closed."));
		else if (c.es.published)
			problems_add(pr, NULL, N_("The evaluation is published and can no longer change."));
		rc = problems_any(pr) ? -1 : scores_write(st, a, who, project_id, PEVAL_COMMITTEE, 0, who->user_id, in, pr);
	}
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

int project_eval_publish(struct store *st, const struct actor *who, long long project_id, int publish,
			 const char *result, struct problems *pr)
{
	if (division_only(who, pr) != 0)
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct peval_ctx c;
	int rc = peval_ctx_locked(st, a, who, project_id, &c);
	if (rc != 0)
		goto out;
	if (publish) {
		peval_text(pr, "result", result, 8000, 1);
		if (!c.es.joint_closed)
			problems_add(pr, NULL, N_("Close the joint review before publishing the evaluation."));
	} else if (c.es.published && c.p.stage == PSTAGE_DONE) {
		/* a completed project keeps its published result: the division corrects it by
		 * publishing a new text over it (read here under the write lock) */
		problems_add(pr, NULL, N_("The project is completed: its evaluation stays published. To correct it, publish the corrected result over it."));
	}
	if (problems_any(pr)) {
		store_rollback(st);
		rc = -1;
		goto out;
	}
	struct project_member *m;
	int nm = 0;
	if (publish && (rc = members_of(st, a, project_id, &m, &nm)) == 0) {
		struct project_submission *subs;
		int nsubs;
		rc = subs_of(st, a, project_id, &subs, &nsubs);
		int handed = 0;
		for (int i = 0; rc == 0 && i < nm; i++) {
			char *conf;
			int n = peval_conflicts(st, a, project_id, m[i].user_id, &conf);
			if (n < 0)
				rc = n;
			else if (n > 0)
				problems_add(pr, NULL, N_("A committee member assigned to the project is tied to one of its partners: take them off first."));
			handed += handed_in(subs, nsubs, PEVAL_COMMITTEE, 0, m[i].user_id);
		}
		if (rc == 0 && handed == 0)
			problems_add(pr, NULL, N_("At least one assigned committee member must have handed in scores."));
		if (rc == 0 && problems_any(pr))
			rc = -1;
	}
	char now[24];
	project_now(now);
	if (rc == 0)
		rc = peval_state_ensure(st, project_id);
	struct stmt *s;
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_PEVAL_PUBLISH))) {
			stmt_bind_int(s, 1, project_id);
			stmt_bind_int(s, 2, publish ? 1 : 0);
			stmt_bind_text(s, 3, publish ? now : "");
			stmt_bind_text(s, 4, publish ? result : c.es.result);
			rc = stmt_exec(s);
		}
	}
	if (rc == 0)
		rc = project_audit(st, who, publish ? "evaluation-published" : "evaluation-withdrawn", project_id,
				   json_pack("{s:b,s:s}", "published", c.es.published, "result", c.es.result),
				   json_pack("{s:b,s:s}", "published", publish ? 1 : 0,
					     "result", publish ? result : c.es.result));
	/* the public project pages, and the plan items' records that show the result */
	if (rc == 0 && c.p.published)
		rc = project_touch_public(st, !publish);
	if (rc == 0 && c.p.published) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_PEVAL_BUMP_PLANS))) {
			stmt_bind_int(s, 1, project_id);
			rc = stmt_exec(s);
		}
	}
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

/* ---- plan items ---- */

/* A row and whether the public may read its result: the statements select published
 * ones, and the rule decides (project_eval_visibility.h), as for every other surface. */
static int item_eval_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_item_eval *e = elem;
	(void)ctx;
	e->project_id = stmt_int(s, 0);
	e->title = stmt_text_dup(s, a, 1);
	e->fy_start = (int)stmt_int(s, 2);
	e->fy_end = (int)stmt_int(s, 3);
	e->result = stmt_text_dup(s, a, 4);
	e->published_at = stmt_text_dup(s, a, 5);
	struct actor anyone = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
	struct project_facts pf = { .published = (int)stmt_int(s, 6), .stage = PSTAGE_DONE,
				    .department_id = stmt_int(s, 9) };
	struct peval_facts f = { .access = project_access(&anyone, &pf),
				 .project_published = pf.published,
				 .eval_published = (int)stmt_int(s, 7),
				 .joint_closed = (int)stmt_int(s, 8),
				 .viewer_side = -1,
				 .author_side = -1 };
	e->seen = peval_may_see(PEVAL_PART_RESULT, &f);
	return arena_over(a) ? STORE_ERR : 0;
}

static int evals_read(struct store *st, struct arena *a, enum stmt_id id, long long key, int fy,
		      struct project_item_eval **out, int *n)
{
	struct store_arg args[] = { SARG_INT(key), SARG_INT(fy), SARG_END };
	int rc = project_read_list(st, a, id, args, sizeof **out, item_eval_row, (void **)out, n);
	int k = 0;
	for (int i = 0; rc == 0 && i < *n; i++)
		if ((*out)[i].seen)
			(*out)[k++] = (*out)[i];
	if (rc == 0)
		*n = k;
	return rc;
}

int project_evals_for_item(struct store *st, struct arena *a, long long item_id, int fy,
			   struct project_item_eval **out, int *n)
{
	return evals_read(st, a, STMT_PEVAL_FOR_ITEM, item_id, fy, out, n);
}

int project_evals_for_plan(struct store *st, struct arena *a, long long plan_id, int fy,
			   struct project_item_eval **out, int *n)
{
	return evals_read(st, a, STMT_PEVAL_FOR_PLAN, plan_id, fy, out, n);
}

/* ---- what awaits ---- */

static int due_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_due *d = elem;
	(void)ctx;
	d->project_id = stmt_int(s, 0);
	d->title = stmt_text_dup(s, a, 1);
	return arena_over(a) ? STORE_ERR : 0;
}

static void due_sides(const struct actor *who, long long *dept, long long *org)
{
	*dept = who && who->role == ROLE_STAFF ? who->department_id : 0;
	*org = who && who->role == ROLE_GROUP ? who->org_id : 0;
}

int project_reports_due(struct store *st, struct arena *a, const struct actor *who, int fy, struct project_due **out,
			int *n)
{
	long long dept, org;
	due_sides(who, &dept, &org);
	*out = NULL;
	*n = 0;
	if (!dept && !org)
		return 0;
	struct store_arg args[] = { SARG_INT(dept), SARG_INT(org), SARG_INT(fy), SARG_END };
	return project_read_list(st, a, STMT_PEVAL_REPORTS_DUE, args, sizeof **out, due_row, (void **)out, n);
}

int project_self_evals_due(struct store *st, struct arena *a, const struct actor *who, struct project_due **out,
			   int *n)
{
	long long dept, org;
	due_sides(who, &dept, &org);
	*out = NULL;
	*n = 0;
	if (!dept && !org)
		return 0;
	struct store_arg args[] = { SARG_INT(dept), SARG_INT(org), SARG_END };
	return project_read_list(st, a, STMT_PEVAL_SELF_DUE, args, sizeof **out, due_row, (void **)out, n);
}

int project_committee_due(struct store *st, struct arena *a, const struct actor *who, struct project_due **out,
			  int *n)
{
	*out = NULL;
	*n = 0;
	if (!who || who->role != ROLE_COMMITTEE)
		return 0;
	struct store_arg args[] = { SARG_INT(who->user_id), SARG_END };
	return project_read_list(st, a, STMT_PEVAL_COMMITTEE_DUE, args, sizeof **out, due_row, (void **)out, n);
}
