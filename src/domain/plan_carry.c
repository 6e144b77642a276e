/* plan_carry: carry a plan over into the next one (次期計画). Items whose next-period
 * class in the chosen year is 完了 stay behind; the others move into the new plan with
 * their next class (or their current one when none was set), branches come along when
 * anything under them moves, and every new item keeps a link to the one it came from. */
#include "domain/plan.h"
#include "domain/plan_internal.h"
#include "domain/plan_walk.h"
#include "domain/audit.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void carry_vocab(const struct plan *p, struct buf *statuses, struct buf *priorities, struct buf *grades)
{
	for (int i = 0; i < p->nstatuses; i++) {
		buf_printf(statuses, "%s%s", i ? "," : "", p->statuses[i].label);
		if (strcmp(p->statuses[i].label, p->statuses[i].grp) != 0)
			buf_printf(statuses, "=%s", p->statuses[i].grp);
	}
	for (int i = 0; i < p->npriorities; i++)
		buf_printf(priorities, "%s%s", i ? "," : "", p->priorities[i].label);
	for (int i = 0; i < p->ngrades; i++)
		buf_printf(grades, "%s%s=%g", i ? "," : "", p->grades[i].label, p->grades[i].min_percent);
}

static int carry_link(struct store *st, long long new_id, long long old_id)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_SET_PREDECESSOR);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, new_id);
	stmt_bind_int(s, 2, old_id);
	return stmt_exec(s);
}

/* The class label an item takes into the new plan. */
static const char *carry_class(const struct plan_node *nd)
{
	if (nd->y.present && nd->y.next_priority && !nd->y.next_complete)
		return nd->y.next_priority;
	return nd->priority;
}

int plan_carry_check(const struct plan *p, const struct plan_carry_input *in, struct problems *ps)
{
	static const char *const fy_problem = N_("Write the fiscal years as 2023, R5 or 令和5年度.");
	int n0 = ps->n, fy = 0, ffy = 0, lfy = 0;
	const char *problem;
	if (!in->fy || wareki_parse_fiscal_year(in->fy, &fy) != 0)
		problems_add(ps, "fy", fy_problem);
	else if (fy < p->first_fy || fy > p->last_fy)
		problems_add(ps, "fy", N_("That fiscal year is outside the plan's period."));
	if (!in->name || !*in->name || strlen(in->name) > 100)
		problems_add(ps, "name", N_("A plan needs a short name (1 to 100 bytes)."));
	else if ((problem = jtext_text_problem(in->name, 0)))
		problems_add(ps, "name", problem);
	if (in->title && (problem = jtext_text_problem(in->title, 0)))
		problems_add(ps, "title", problem);
	int fok = in->first_fy && wareki_parse_fiscal_year(in->first_fy, &ffy) == 0;
	int lok = in->last_fy && wareki_parse_fiscal_year(in->last_fy, &lfy) == 0;
	if (!fok)
		problems_add(ps, "first_fy", fy_problem);
	else if (ffy <= p->first_fy)
		problems_add(ps, "first_fy", N_("The new plan must start after this plan starts."));
	if (!lok)
		problems_add(ps, "last_fy", fy_problem);
	else if (fok && ffy > lfy)
		problems_add(ps, "last_fy", N_("The period must run from a first to a last fiscal year, in order."));
	return ps->n - n0;
}

int plan_carry_over(struct store *st, const struct actor *who, const struct plan *p, int fy, const char *new_name,
		    const char *new_title, int first_fy, int last_fy, long long *new_id, char *err, size_t errlen)
{
	if (who->role != ROLE_ADMIN)
		return plan_err(err, errlen, "Only the collaboration division may carry a plan over."), -1;
	if (fy < p->first_fy || fy > p->last_fy)
		return plan_err(err, errlen, "That fiscal year is outside the plan's period."), -1;
	if (first_fy <= p->first_fy)
		return plan_err(err, errlen, "The new plan must start after this plan starts."), -1;
	struct arena *a = arena_new(0);
	struct buf sv = BUF_INIT, pv = BUF_INIT, gv = BUF_INIT;
	struct plan_tree t;
	char *carry = NULL;
	long long *ids = NULL;
	int rc = a ? plan_tree_load(st, a, p, fy, who, &t) : STORE_ERR;
	if (rc != 0)
		goto out;
	carry = calloc((size_t)t.n + 1, 1);
	ids = calloc((size_t)t.n + 1, sizeof *ids);
	if (!carry || !ids) {
		rc = STORE_ERR;
		goto out;
	}
	/* leaves first (children come after parents in depth-first order: walk backwards) */
	for (int i = t.n - 1; i >= 0; i--) {
		const struct plan_node *nd = &t.nodes[i];
		if (nd->nchildren == 0)	/* an item that ended (完了) this year or before stays behind */
			carry[i] = !(nd->y.present && nd->y.next_complete) && !nd->ended_fy;
		if (carry[i] && nd->parent >= 0)
			carry[nd->parent] = 1;
	}
	carry_vocab(p, &sv, &pv, &gv);
	if ((rc = store_begin(st)) != 0)
		goto out;
	rc = plan_create(st, who, new_name, new_title, first_fy, last_fy, buf_cstr(&sv), buf_cstr(&pv),
			 buf_cstr(&gv), new_id, err, errlen);
	struct plan *np = NULL;
	if (rc == 0)
		rc = plan_get(st, a, *new_id, &np);
	int moved = 0, stayed = 0;
	for (int i = 0; i < t.n && rc == 0; i++) {
		const struct plan_node *nd = &t.nodes[i];
		if (!carry[i]) {
			stayed += nd->nchildren == 0;
			continue;
		}
		const char *cls = carry_class(nd);
		int k = cls ? plan_priority_match(np, cls) : -1;
		struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_INSERT);
		if (!s) {
			rc = STORE_ERR;
			break;
		}
		stmt_bind_int(s, 1, *new_id);
		if (nd->parent >= 0)
			stmt_bind_int(s, 2, ids[nd->parent]);
		else
			stmt_bind_null(s, 2);
		stmt_bind_int(s, 3, i + 1);
		stmt_bind_text(s, 4, nd->code);
		stmt_bind_text(s, 5, nd->title);
		stmt_bind_text(s, 6, nd->description);
		if (k >= 0)
			stmt_bind_int(s, 7, np->priorities[k].id);
		else
			stmt_bind_null(s, 7);
		if (nd->department_id)
			stmt_bind_int(s, 8, nd->department_id);
		else
			stmt_bind_null(s, 8);
		stmt_bind_text(s, 9, nd->target_year);
		stmt_bind_text(s, 10, nd->planned_actions);
		stmt_bind_int(s, 11, nd->id);
		stmt_bind_text(s, 12, nd->key_goal ? nd->key_goal : "");
		rc = stmt_exec(s);
		ids[i] = store_last_id(st);
		moved += nd->nchildren == 0;
	}
	if (rc == 0) {
		char *after = plan_json_take(json_pack("{s:I,s:I,s:i,s:i,s:i}", "from_plan", (json_int_t)p->id,
						      "to_plan", (json_int_t)*new_id, "fy", fy, "moved", moved,
						      "stayed", stayed));
		rc = audit_record(st, who, "carry-over", "plan", *new_id, NULL, after);
		free(after);
	}
	if (rc == 0)
		rc = carry_link(st, *new_id, p->id);
	if (rc == 0)
		rc = plan_tree_reindex(st, *new_id, 0);
	if (rc == 0)
		rc = store_commit(st);
	else
		store_rollback(st);
out:
	buf_free(&sv);
	buf_free(&pv);
	buf_free(&gv);
	free(carry);
	free(ids);
	arena_free(a);
	return rc;
}
