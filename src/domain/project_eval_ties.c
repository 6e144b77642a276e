/* project_eval_ties: the registry's ties between an account and an actor (利害関係), and
 * what a new tie does to committee assignments already made (project_eval.h's head). */
#include "domain/project_eval.h"
#include "domain/project_eval_internal.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/audit.h"

const char *const org_tie_kind_names[TIE__MAX] = { "member", "officer", "employee", "other" };
const char *const org_tie_kind_msgids[TIE__MAX] = { N_("Member"), N_("Officer"), N_("Employee"),
						    N_("Other tie") };

int peval_member_drop(struct store *st, const struct actor *who, long long project_id, long long user_id,
		      const char *why);

int org_tie_may_edit(const struct actor *who)
{
	return !who || who->role == ROLE_ADMIN || who->role == ROLE_COORDINATOR;
}

static int tie_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct org_tie *t = elem;
	(void)ctx;
	t->id = stmt_int(s, 0);
	t->user_id = stmt_int(s, 1);
	t->login = stmt_text_dup(s, a, 2);
	t->user_name = stmt_text_dup(s, a, 3);
	t->org_id = stmt_int(s, 4);
	t->org_name = stmt_text_dup(s, a, 5);
	t->kind = stmt_text_dup(s, a, 6);
	t->note = stmt_text_dup(s, a, 7);
	t->created_at = stmt_text_dup(s, a, 8);
	return arena_over(a) ? STORE_ERR : 0;
}

int org_ties_of_org(struct store *st, struct arena *a, long long org_id, struct org_tie **out, int *n)
{
	struct store_arg args[] = { SARG_INT(org_id), SARG_END };
	return project_read_list(st, a, STMT_PEVAL_TIES_OF_ORG, args, sizeof **out, tie_row, (void **)out, n);
}

int org_ties_of_user(struct store *st, struct arena *a, long long user_id, struct org_tie **out, int *n)
{
	struct store_arg args[] = { SARG_INT(user_id), SARG_END };
	return project_read_list(st, a, STMT_PEVAL_TIES_OF_USER, args, sizeof **out, tie_row, (void **)out, n);
}

struct tied_assignment {
	long long project_id;
	char *title;
};

static int tied_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct tied_assignment *t = elem;
	(void)ctx;
	t->project_id = stmt_int(s, 0);
	t->title = stmt_text_dup(s, a, 1);
	return arena_over(a) ? STORE_ERR : 0;
}

/* Inside the tie's transaction: ends the assignments the tie puts in conflict. */
static int ties_end_assignments(struct store *st, struct arena *a, const struct actor *who, long long user_id,
				const char *user_name, long long org_id, const char *org_name, int *ended)
{
	struct tied_assignment *t;
	int n;
	struct store_arg args[] = { SARG_INT(user_id), SARG_INT(org_id), SARG_END };
	int rc = project_read_list(st, a, STMT_PEVAL_TIED_ASSIGNMENTS, args, sizeof *t, tied_row, (void **)&t, &n);
	for (int i = 0; rc == 0 && i < n; i++) {
		rc = peval_member_drop(st, who, t[i].project_id, user_id, "tie");
		char link[64];
		snprintf(link, sizeof link, "/projects/%lld/evaluation", t[i].project_id);
		struct notice_param ps[] = {
			{ "project", t[i].title }, { "member", user_name }, { "group", org_name }, { NULL, NULL }
		};
		struct notice nt = { NOTICE_PROJECT_TIE, link, ps, 0 };
		if (rc == 0)
			rc = notice_role(st, ROLE_ADMIN, &nt);
	}
	*ended = rc == 0 ? n : 0;
	return rc;
}

struct tied_member {
	long long user_id;
	char *name;
};

static int tied_member_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct tied_member *t = elem;
	(void)ctx;
	t->user_id = stmt_int(s, 0);
	t->name = stmt_text_dup(s, a, 1);
	return arena_over(a) ? STORE_ERR : 0;
}

int peval_partner_added(struct store *st, const struct actor *who, const struct project *p, long long org_id,
			const char *org_name)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct tied_member *t;
	int n;
	struct store_arg args[] = { SARG_INT(p->id), SARG_INT(org_id), SARG_END };
	int rc = project_read_list(st, a, STMT_PEVAL_MEMBERS_TIED_TO, args, sizeof *t, tied_member_row, (void **)&t, &n);
	char link[64];
	snprintf(link, sizeof link, "/projects/%lld/evaluation", p->id);
	for (int i = 0; rc == 0 && i < n; i++) {
		rc = peval_member_drop(st, who, p->id, t[i].user_id, "partner-added");
		struct notice_param ps[] = {
			{ "project", p->title }, { "member", t[i].name }, { "group", org_name }, { NULL, NULL }
		};
		struct notice nt = { NOTICE_PROJECT_TIE_PARTNER, link, ps, 0 };
		if (rc == 0)
			rc = notice_role(st, ROLE_ADMIN, &nt);
	}
	arena_free(a);
	return rc;
}

int org_tie_add(struct store *st, const struct actor *who, long long org_id, const char *login, const char *kind,
		const char *note, int *ended, struct problems *pr)
{
	*ended = 0;
	if (!org_tie_may_edit(who)) {
		problems_add(pr, NULL, N_("Only the civic activity center or the collaboration division records ties."));
		return -1;
	}
	int k = -1;
	for (int i = 0; kind && i < TIE__MAX; i++)
		if (strcmp(kind, org_tie_kind_names[i]) == 0)
			k = i;
	if (k < 0)
		problems_add(pr, "kind", N_("Choose the kind of tie."));
	peval_text(pr, "note", note, 500, 0);
	if (!login || !*login)
		problems_add(pr, "login", N_("Please fill this in."));
	if (problems_any(pr))
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	struct stmt *s = store_prepare(st, STMT_PEVAL_USER_BY_LOGIN);
	long long uid = 0;
	char *uname = "";
	rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, login);
		if ((rc = stmt_step(s)) == 1) {
			uid = stmt_int(s, 0);
			uname = stmt_text_dup(s, a, 3);
		}
		stmt_reset(s);
		rc = rc < 0 ? rc : 0;
	}
	char *oname = "";
	struct org_tie *existing;
	int nex = 0;
	if (rc == 0 && uid == 0)
		problems_add(pr, "login", N_("There is no account with this login."));
	if (rc == 0 && uid && (rc = org_ties_of_user(st, a, uid, &existing, &nex)) == 0)
		for (int i = 0; i < nex; i++)
			if (existing[i].org_id == org_id)
				problems_add(pr, "login", N_("This tie is already recorded."));
	if (rc == 0 && problems_any(pr))
		rc = -1;
	char now[24];
	project_now(now);
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_PEVAL_TIE_INSERT))) {
			stmt_bind_int(s, 1, uid);
			stmt_bind_int(s, 2, org_id);
			stmt_bind_text(s, 3, org_tie_kind_names[k]);
			stmt_bind_text(s, 4, note ? note : "");
			stmt_bind_text(s, 5, now);
			stmt_bind_text(s, 6, peval_by(who));
			rc = stmt_exec(s);
		}
	}
	struct org_tie *mine;
	int nmine = 0;
	if (rc == 0 && (rc = org_ties_of_org(st, a, org_id, &mine, &nmine)) == 0 && nmine > 0)
		oname = mine[0].org_name;
	if (rc == 0)
		rc = ties_end_assignments(st, a, who, uid, uname, org_id, oname, ended);
	if (rc == 0) {
		struct actor cli;
		char name[64];
		const struct actor *w = who;
		if (!w) {
			actor_cli(&cli, name, sizeof name);
			w = &cli;
		}
		char *after = project_json(json_pack("{s:I,s:s,s:s,s:s,s:i}", "user", (json_int_t)uid, "login", login,
						     "kind", org_tie_kind_names[k], "note", note ? note : "",
						     "assignments_ended", *ended));
		rc = audit_record(st, w, "tie-add", "org", org_id, NULL, after);
		free(after);
	}
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

int org_tie_remove(struct store *st, const struct actor *who, long long org_id, long long tie_id)
{
	if (!org_tie_may_edit(who))
		return -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_PEVAL_TIE_GET);
	char *before = NULL;
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, tie_id);
		stmt_bind_int(s, 2, org_id);
		rc = stmt_step(s);
		if (rc == 1)
			before = project_json(json_pack("{s:I,s:s,s:s}", "user", (json_int_t)stmt_int(s, 1), "kind",
							stmt_text(s, 3), "note", stmt_text(s, 4)));
		stmt_reset(s);
		rc = rc == 1 ? 0 : rc == 0 ? -1 : rc;
	}
	if (rc == 0) {
		rc = STORE_ERR;
		if ((s = store_prepare(st, STMT_PEVAL_TIE_DELETE))) {
			stmt_bind_int(s, 1, tie_id);
			rc = stmt_exec(s);
		}
	}
	if (rc == 0) {
		struct actor cli;
		char name[64];
		const struct actor *w = who;
		if (!w) {
			actor_cli(&cli, name, sizeof name);
			w = &cli;
		}
		rc = audit_record(st, w, "tie-remove", "org", org_id, before, NULL);
	}
	free(before);
	return rc == 0 ? store_commit(st) : (store_rollback(st), rc);
}
