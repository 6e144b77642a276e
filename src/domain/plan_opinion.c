/* plan_opinion: the committee's opinions on a plan year and its items (plan_opinion.h). */
#include "domain/plan_opinion.h"
#include "domain/plan_internal.h"
#include "domain/plan_visibility.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/wareki.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opinion_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct plan_opinion *o = elem;
	(void)ctx;
	o->id = stmt_int(s, 0);
	o->item_id = stmt_int(s, 1);
	o->user_id = stmt_int(s, 2);
	o->item_code = stmt_text_dup(s, a, 3);
	o->item_title = stmt_text_dup(s, a, 4);
	o->author = stmt_text_dup(s, a, 5);
	o->body = stmt_text_dup(s, a, 6);
	o->created_at = stmt_text_dup(s, a, 7);
	o->updated_at = stmt_text_dup(s, a, 8);
	return arena_over(a) ? STORE_ERR : 0;
}

int plan_opinion_list(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *viewer,
		      long long subject, struct plan_opinion **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct plan_view v;
	int rc = plan_view_open(st, viewer, p->id, fy, &v);
	if (rc != 0 || !plan_view_opinions(&v))
		return rc;
	struct store_arg args[] = { SARG_INT(p->id), SARG_INT(fy), SARG_INT(subject), SARG_END };
	struct store_list l;
	rc = store_list_read(st, a, STMT_OPINION_LIST, args, 0, sizeof(struct plan_opinion), opinion_row, NULL, &l);
	if (rc != 0)
		return rc;
	*out = l.rows;
	*n = l.n;
	return 0;
}

int plan_opinion_mine(struct store *st, struct arena *a, const struct plan *p, int fy, const struct actor *who,
		      long long subject, char **body)
{
	*body = arena_strdup(a, "");
	struct stmt *s = store_prepare(st, STMT_OPINION_MINE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_int(s, 3, subject);
	stmt_bind_int(s, 4, who->user_id);
	int rc = stmt_step(s);
	if (rc == 1)
		*body = arena_strdup(a, stmt_text(s, 1));
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int plan_opinion_check(const char *body, struct problems *ps)
{
	const char *problem;
	if (!body || !*body)
		problems_add(ps, "opinion", N_("Write the committee's opinion."));
	else if ((problem = jtext_text_problem(body, 1)))
		problems_add(ps, "opinion", problem);
	else if (strlen(body) > PLAN_OPINION_MAX)
		problems_add(ps, "opinion", N_("The text is too long (at most 20,000 bytes)."));
	else
		return 0;
	return 1;
}

int plan_opinion_count(struct store *st, const struct plan *p, int fy)
{
	struct stmt *s = store_prepare(st, STMT_OPINION_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	int rc = stmt_step(s);
	int n = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : n;
}

/* The item exists in p: 0, PLAN_NOT_FOUND, or a store_rc. */
static int opinion_item_in_plan(struct store *st, const struct plan *p, long long item_id)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, item_id);
	int rc = stmt_step(s);
	int found = rc == 1 && stmt_int(s, 1) == p->id;
	stmt_reset(s);
	return rc < 0 ? rc : found ? 0 : PLAN_NOT_FOUND;
}

/* The division is told of an opinion (in the app and by email), in the save's transaction. */
static int opinion_tell_division(struct store *st, const struct plan *p, int fy, long long item_id, const char *author,
				 const char *body)
{
	char year[64], link[128];
	wareki_format_fiscal_year_full(fy, year, sizeof year);
	if (item_id)
		snprintf(link, sizeof link, "/plans/%lld/years/%d/items/%lld", p->id, fy, item_id);
	else
		snprintf(link, sizeof link, "/plans/%lld/years/%d", p->id, fy);
	struct notice_param ps[] = { { "plan", p->title }, { "year", year }, { "member", author }, { "opinion", body },
				     { NULL, NULL } };
	struct notice n = { NOTICE_COMMITTEE_OPINION, link, ps, 0 };
	return notice_role(st, ROLE_ADMIN, &n);
}

int plan_opinion_save(struct store *st, const struct actor *who, const struct plan *p, int fy, long long item_id,
		      const char *body, char *err, size_t errlen)
{
	if (who->role != ROLE_COMMITTEE || who->user_id <= 0)
		return plan_err(err, errlen, "Only a member of the committee records its opinions."), -1;
	if (fy < p->first_fy || fy > p->last_fy)
		return plan_err(err, errlen, "That fiscal year is outside the plan's period."), -1;
	struct problems ps = { 0 };
	if (plan_opinion_check(body, &ps))
		return plan_err(err, errlen, ps.p[0].msgid), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (plan_round_state(st, p->id, fy) == ROUND_PUBLISHED) {
		store_rollback(st);
		return plan_err(err, errlen, "This year is published: its opinions can no longer be changed."), -1;
	}
	if (item_id && (rc = opinion_item_in_plan(st, p, item_id)) != 0) {
		store_rollback(st);
		return rc;
	}
	long long id = 0;
	char *before = NULL;
	struct stmt *s = store_prepare(st, STMT_OPINION_MINE);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_int(s, 3, item_id);
	stmt_bind_int(s, 4, who->user_id);
	if ((rc = stmt_step(s)) == 1) {
		id = stmt_int(s, 0);
		before = plan_json_take(json_pack("{s:s}", "body", stmt_text(s, 1)));
	}
	stmt_reset(s);
	char now[24];
	plan_now(now);
	const char *author = who->display_name && *who->display_name ? who->display_name : who->login;
	rc = rc < 0 ? rc : STORE_ERR;
	if (id && (s = store_prepare(st, STMT_OPINION_UPDATE))) {
		stmt_bind_int(s, 1, id);
		stmt_bind_text(s, 2, body);
		stmt_bind_text(s, 3, author);
		stmt_bind_text(s, 4, now);
		rc = stmt_exec(s);
	} else if (!id && (s = store_prepare(st, STMT_OPINION_INSERT))) {
		stmt_bind_int(s, 1, p->id);
		stmt_bind_int(s, 2, fy);
		if (item_id)
			stmt_bind_int(s, 3, item_id);
		else
			stmt_bind_null(s, 3);
		stmt_bind_int(s, 4, item_id);
		stmt_bind_int(s, 5, who->user_id);
		stmt_bind_text(s, 6, author);
		stmt_bind_text(s, 7, body);
		stmt_bind_text(s, 8, now);
		rc = stmt_exec(s);
		id = store_last_id(st);
	}
	if (rc == 0) {
		char *after = plan_json_take(json_pack("{s:I,s:i,s:I,s:s,s:s}", "plan_id", (json_int_t)p->id, "fy", fy,
						      "item_id", (json_int_t)item_id, "author", author, "body", body));
		rc = audit_record(st, who, before ? "update" : "create", "plan_opinion", id, before, after);
		free(after);
	}
	if (rc == 0)
		rc = opinion_tell_division(st, p, fy, item_id, author, body);
	free(before);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
