/* page_api: the JSON API under /api/v1/ (api_routes) — plans with their vocabulary,
 * a year's items, rollups and round, the published reports (public), the audit log and
 * the users (admin). Every list and report the pages show has its JSON here. */
#include "html/pages.h"
#include "domain/plan_visibility.h"
#include "domain/plan.h"
#include "domain/plan_walk.h"
#include "domain/plan_opinion.h"
#include "domain/project_eval.h"
#include "domain/audit.h"
#include "auth/throttle.h"
#include "domain/account.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/spool.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define API_AUDIT_LIMIT 100

static json_t *api_plan_json(const struct plan *p, int vocabulary)
{
	json_t *o = json_pack("{s:I,s:s?,s:s?,s:i,s:i}", "id", (json_int_t)p->id, "name", p->name, "title", p->title,
			      "first_fy", p->first_fy, "last_fy", p->last_fy);
	if (!o)
		return NULL;
	json_object_set_new(o, "predecessor_id", p->predecessor_id ? json_integer(p->predecessor_id) : json_null());
	if (!vocabulary)
		return o;
	json_t *st = json_array(), *pr = json_array(), *gr = json_array(), *groups = json_array();
	for (int i = 0; i < p->nstatuses; i++)
		json_array_append_new(st, json_pack("{s:s?,s:s?}", "label", p->statuses[i].label, "group",
						    p->statuses[i].grp));
	for (int i = 0; i < p->ngroups; i++)
		json_array_append_new(groups, json_string(p->groups[i] ? p->groups[i] : ""));
	for (int i = 0; i < p->npriorities; i++)
		json_array_append_new(pr, json_pack("{s:s?,s:s?,s:s?}", "label", p->priorities[i].label, "description",
						    p->priorities[i].description, "horizon", p->priorities[i].horizon));
	for (int i = 0; i < p->ngrades; i++)
		json_array_append_new(gr, json_pack("{s:s?,s:f}", "label", p->grades[i].label, "min_percent",
						    p->grades[i].min_percent));
	json_object_set_new(o, "statuses", st);
	json_object_set_new(o, "status_groups", groups);
	json_object_set_new(o, "priorities", pr);
	json_object_set_new(o, "grades", gr);
	return o;
}

/* One item as JSON; with its record of fy (when fy), as the viewer may see it: a record
 * the viewer may not see is "year": null with "year_hidden": true. */
static json_t *api_node_json(int fy, const struct plan_node *nd)
{
	json_t *o = json_pack("{s:I,s:s?,s:s?,s:i,s:s?,s:s?,s:s?,s:s?}", "id", (json_int_t)nd->id, "code", nd->code,
			      "title", nd->title, "depth", nd->depth, "priority", nd->priority, "department",
			      nd->department, "target_year", nd->target_year, "description", nd->description);
	if (!o)
		return NULL;
	json_object_set_new(o, "parent_code", nd->parent_code ? json_string(nd->parent_code) : json_null());
	json_object_set_new(o, "branch", json_boolean(nd->nchildren > 0));
	if (nd->key_goal && *nd->key_goal)
		json_object_set_new(o, "key_goal", json_string(nd->key_goal));
	if (fy) {
		const struct plan_year *y = &nd->y;
		json_t *yj = y->present ? json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}", "status", y->status, "group",
						    y->group, "result", y->result, "next_class", y->next_priority,
						    "next_reason", y->next_reason, "grade", y->grade, "state", y->state)
					: json_null();
		if (y->present && yj)
			json_object_set_new(yj, "achievement", y->has_achievement ? json_real(y->achievement) : json_null());
		json_object_set_new(o, "year", yj ? yj : json_null());
		if (y->hidden)
			json_object_set_new(o, "year_hidden", json_true());
		if (!nd->nchildren && nd->ended_fy)	/* ended (完了) in an earlier year: not asked */
			json_object_set_new(o, "ended_fy", json_integer(nd->ended_fy));
		else if (!nd->nchildren && !y->hidden && !(y->present && y->status))
			json_object_set_new(o, "unanswered", json_true());	/* 未回答 */
		if (nd->nchildren && nd->outcomes)
			json_object_set_new(o, "branch_year", json_pack("{s:s?,s:s?}", "outcomes", nd->outcomes,
									"problems", nd->problems));
	}
	return o;
}

static json_t *api_rollup_row_json(const struct rollup *ru, const struct rollup_row *row)
{
	json_t *counts = json_object(), *pcts = json_object();
	for (int g = 0; g < ru->ngroups; g++) {
		char pct[16];
		int c = row->counts ? row->counts[g] : 0;
		rollup_percent(c, row->total, pct, sizeof pct);
		json_object_set_new(counts, ru->groups[g], json_integer(c));
		json_object_set_new(pcts, ru->groups[g], json_string(pct));
	}
	return json_pack("{s:s?,s:s?,s:i,s:i,s:i,s:o,s:o}", "row", row->label, "title", row->title, "branches",
			 row->branches, "items", row->items, "total", row->total, "counts", counts, "percent", pcts);
}

static json_t *api_rollup_json(struct req *r, const struct rollup *ru_in, enum rollup_by by, int depth)
{
	struct rollup folded;	/* 未回答 as the last group when some item has no answer */
	if (rollup_fold_unanswered(ru_in, r->a, &folded) != 0)
		return NULL;
	const struct rollup *ru = &folded;
	json_t *rows = json_array(), *groups = json_array();
	for (int g = 0; g < ru->ngroups; g++)
		json_array_append_new(groups, json_string(ru->groups[g]));
	for (int i = 0; i < ru->nrows; i++)
		json_array_append_new(rows, api_rollup_row_json(ru, &ru->rows[i]));
	return json_pack("{s:i,s:s,s:i,s:b,s:i,s:o,s:o,s:o}", "fy", ru->fy, "by", rollup_by_names[by], "depth", depth,
			 "provisional", ru->provisional, "hidden", ru->hidden, "groups", groups, "rows", rows, "total",
			 api_rollup_row_json(ru, &ru->total));
}

static int api_fail(struct req *r, struct resp *o)
{
	return resp_error(r, o, 500, NULL);
}

static int api_send(struct req *r, struct resp *o, json_t *v)
{
	if (!v)
		return api_fail(r, o);
	return resp_json(o, 200, v);
}

/* ---- plans ---- */

static int api_plans(struct req *r, struct resp *o)
{
	struct plan *plans;
	int n, rc = plan_list(r->st, r->a, &plans, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	json_t *a = json_array();
	for (int i = 0; a && i < n; i++)
		json_array_append_new(a, api_plan_json(&plans[i], 0));
	return api_send(r, o, json_pack("{s:o}", "plans", a));
}

static int api_plan(struct req *r, struct resp *o)
{
	struct plan *p;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	return api_send(r, o, api_plan_json(p, 1));
}

/* The items of one year, streamed: each item is written as it is read (plan_walk) into a
 * temporary file that is then sent, so memory stays bounded whatever the plan's size. */
struct api_items_ctx {
	struct buf *out;
	int fy;
	long long n;
};

static int api_item_row(void *arg, const struct plan_node *nd)
{
	struct api_items_ctx *c = arg;
	json_t *o = api_node_json(c->fy, nd);
	char *t = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!t)
		return -1;
	if (c->n++)
		buf_putc(c->out, ',');
	buf_puts(c->out, t);
	free(t);
	return c->out->oom ? -1 : 0;
}

static int api_year_items(struct req *r, struct resp *o)
{
	struct plan *p;
	int fy;
	if (page_plan_or_respond(r, o, 0, &p) || page_fy_or_respond(r, o, p, r->params[1], &fy))
		return 0;
	struct spool sp;
	struct filebody *fb = NULL;
	if (spool_open(&sp) != 0)
		return api_fail(r, o);
	buf_printf(&sp.out, "{\"plan_id\":%lld,\"fy\":%d,\"items\":[", p->id, fy);
	struct api_items_ctx c = { &sp.out, fy, 0 };
	struct plan_walk_opts wo = { .fy = fy, .scope = WALK_ALL };
	int rc = plan_walk(r->st, p, &r->who, &wo, api_item_row, &c);
	buf_puts(&sp.out, "]}");
	if (rc != 0) {
		spool_abort(&sp);
		return page_domain_error(r, o, rc), 0;
	}
	if (spool_finish(&sp, &fb) != 0)
		return api_fail(r, o);
	resp_file(o, fb);
	o->content_type = "application/json";
	return 0;
}

static int api_year_rollup(struct req *r, struct resp *o)
{
	struct plan *p;
	struct rollup ru;
	enum rollup_by by;
	int fy, depth = 1;
	const char *d = req_query(r, "depth");
	if (page_rollup_by_parse(req_query(r, "by"), &by) != 0 ||
	    (d && *d && ((depth = atoi(d)) < 1 || depth > 10)))
		return resp_error(r, o, 400, "Unknown rollup.");
	if (page_plan_or_respond(r, o, 0, &p) || page_fy_or_respond(r, o, p, r->params[1], &fy))
		return 0;
	int rc = plan_rollup_walk(r->st, r->a, p, fy, &r->who, by, depth, &ru);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	return api_send(r, o, api_rollup_json(r, &ru, by, depth));
}

static int api_year_round(struct req *r, struct resp *o)
{
	struct plan *p;
	struct round_info ri;
	int fy;
	if (page_plan_or_respond(r, o, 0, &p) || page_fy_or_respond(r, o, p, r->params[1], &fy))
		return 0;
	int rc = plan_round_get(r->st, r->a, p, fy, &ri);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct plan_view v;
	plan_view_init(&v, &r->who, ri.state == ROUND_PUBLISHED);
	json_t *ds = json_array();
	for (int i = 0; ds && i < ri.ndepts; i++) {
		const struct round_dept *d = &ri.depts[i];
		json_t *dj = json_pack("{s:I,s:s?,s:i,s:s?,s:b}", "department_id", (json_int_t)d->department_id,
				       "department", d->department, "items", d->items, "submitted_at", d->submitted_at,
				       "late", d->late);
		/* how many a department has answered or had sent back speaks of its drafts */
		int seen = plan_view_progress(&v, d->department_id);
		if (dj) {
			json_object_set_new(dj, "answered", seen ? json_integer(d->answered) : json_null());
			json_object_set_new(dj, "returned", seen ? json_integer(d->returned) : json_null());
		}
		json_array_append_new(ds, dj);
	}
	return api_send(r, o, json_pack("{s:I,s:i,s:s,s:s?,s:s?,s:s?,s:o}", "plan_id", (json_int_t)p->id, "fy", fy,
					"state", round_state_names[ri.state], "opened_at", ri.opened_at, "published_at",
					ri.published_at, "deadline", ri.deadline, "departments", ds));
}

/* ---- public reports ---- */

static int api_reports(struct req *r, struct resp *o)
{
	struct plan *plans;
	int n, rc = plan_list(r->st, r->a, &plans, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	json_t *a = json_array();
	for (int i = 0; a && i < n; i++) {
		struct round_year *ys;
		int ny;
		if ((rc = plan_round_years(r->st, r->a, &plans[i], &ys, &ny)) != 0) {
			json_decref(a);
			return page_domain_error(r, o, rc), 0;
		}
		for (int k = 0; k < ny; k++)
			if (ys[k].state == ROUND_PUBLISHED)
				json_array_append_new(a, json_pack("{s:I,s:s?,s:s?,s:i,s:s?,s:s}", "plan_id",
								   (json_int_t)plans[i].id, "name", plans[i].name, "title",
								   plans[i].title, "fy", ys[k].fy, "published_at",
								   ys[k].published_at, "url",
								   arena_printf(r->a, "/api/v1/reports/%lld/%d", plans[i].id,
										ys[k].fy)));
	}
	return api_send(r, o, json_pack("{s:o}", "reports", a));
}

static int api_report(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	int fy;
	char published_at[48];
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	if (page_fy_or_respond(r, o, NULL, r->params[1], &fy))
		return 0;
	int rc = plan_round_published_at(r->st, id, fy, published_at, sizeof published_at);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct plan *p;
	struct rollup bp, bb, bg;
	struct plan_opinion *ops = NULL;
	int nops = 0;
	if (page_plan_or_respond(r, o, 0, &p))
		return 0;
	rc = p->npriorities ? plan_rollup_walk(r->st, r->a, p, fy, &r->who, ROLLUP_PRIORITY, 0, &bp) : 0;
	if (rc == 0)
		rc = plan_rollup_walk(r->st, r->a, p, fy, &r->who, ROLLUP_BRANCH, 1, &bb);
	if (rc == 0 && p->ngrades)
		rc = plan_rollup_walk(r->st, r->a, p, fy, &r->who, ROLLUP_GRADE, 1, &bg);
	if (rc == 0)
		rc = plan_opinion_list(r->st, r->a, p, fy, &r->who, PLAN_OPINIONS_ALL, &ops, &nops);
	/* the published evaluations of its projects, as the report page lists them (the
	 * evaluation's rule, in project_evals_for_plan) */
	struct project_item_eval *evs = NULL;
	int nevs = 0;
	if (rc == 0)
		rc = project_evals_for_plan(r->st, r->a, p->id, fy, &evs, &nevs);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	json_t *evals = json_array();
	for (int i = 0; i < nevs; i++)
		json_array_append_new(evals, json_pack("{s:I,s:s,s:i,s:i,s:s,s:s}", "project_id",
						       (json_int_t)evs[i].project_id, "title", evs[i].title, "fy_start",
						       evs[i].fy_start, "fy_end", evs[i].fy_end, "result", evs[i].result,
						       "published_at", evs[i].published_at));
	json_t *rollups = json_object();
	if (p->npriorities)
		json_object_set_new(rollups, "priority", api_rollup_json(r, &bp, ROLLUP_PRIORITY, 0));
	json_object_set_new(rollups, "branch", api_rollup_json(r, &bb, ROLLUP_BRANCH, 1));
	if (p->ngrades)
		json_object_set_new(rollups, "grade", api_rollup_json(r, &bg, ROLLUP_GRADE, 1));
	json_t *opinions = json_array();
	for (int i = 0; i < nops; i++)	/* the committee's, published with the year */
		json_array_append_new(opinions, json_pack("{s:s?,s:s,s:s,s:s}", "item_code",
							  ops[i].item_id ? ops[i].item_code : NULL, "author", ops[i].author,
							  "written_at", ops[i].updated_at, "text", ops[i].body));
	json_t *head = json_pack("{s:o,s:i,s:s,s:o,s:o,s:o}", "plan", api_plan_json(p, 1), "fy", fy, "published_at",
				 published_at, "rollups", rollups, "opinions", opinions, "project_evaluations", evals);
	char *h = head ? json_dumps(head, JSON_COMPACT) : NULL;
	json_decref(head);
	if (!h)
		return api_fail(r, o);
	/* the items follow, streamed as they are read */
	struct spool sp;
	struct filebody *fb = NULL;
	if (spool_open(&sp) != 0) {
		free(h);
		return api_fail(r, o);
	}
	buf_append(&sp.out, h, strlen(h) - 1);	/* without the closing brace */
	free(h);
	buf_puts(&sp.out, ",\"items\":[");
	struct api_items_ctx c = { &sp.out, fy, 0 };
	struct plan_walk_opts wo = { .fy = fy, .scope = WALK_ALL };
	rc = plan_walk(r->st, p, &r->who, &wo, api_item_row, &c);
	buf_puts(&sp.out, "]}");
	if (rc != 0) {
		spool_abort(&sp);
		return page_domain_error(r, o, rc), 0;
	}
	if (spool_finish(&sp, &fb) != 0)
		return api_fail(r, o);
	resp_file(o, fb);
	o->content_type = "application/json";
	return 0;
}

/* ---- admin ---- */

static int api_audit(struct req *r, struct resp *o)
{
	const char *before = req_query(r, "before"), *limit = req_query(r, "limit");
	struct audit_filter f = {
		.entity = req_query(r, "entity"),
		.actor = req_query(r, "actor"),
		.action = req_query(r, "action"),
		.address = req_query(r, "address"),
		.before_id = before ? atoll(before) : 0,
		.limit = limit ? atoi(limit) : API_AUDIT_LIMIT,
	};
	if (f.limit < 1 || f.limit > 500)
		f.limit = API_AUDIT_LIMIT;
	struct audit_row *rows = NULL;
	int n = audit_list(r->st, &f, &rows);
	if (n < 0)
		return resp_store_error(r, o, n);
	json_t *a = json_array();
	for (int i = 0; a && i < n; i++) {
		json_t *e = json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:I}", "id", (json_int_t)rows[i].id, "at", rows[i].at,
				      "actor", rows[i].actor, "action", rows[i].action, "entity", rows[i].entity,
				      "entity_id", (json_int_t)rows[i].entity_id);
		if (e) {
			json_object_set_new(e, "address", rows[i].address ? json_string(rows[i].address) : json_null());
			json_object_set_new(e, "before", rows[i].before_json ? json_loads(rows[i].before_json, 0, NULL) : json_null());
			json_object_set_new(e, "after", rows[i].after_json ? json_loads(rows[i].after_json, 0, NULL) : json_null());
		}
		json_array_append_new(a, e);
	}
	long long next = n == f.limit && n > 0 ? rows[n - 1].id : 0;
	audit_rows_free(rows, n);
	json_t *out = json_pack("{s:o}", "entries", a);
	if (out)
		json_object_set_new(out, "next_before", next ? json_integer(next) : json_null());
	return api_send(r, o, out);
}

/* The login locks in force (auth/throttle.h); lifted on /admin/locks. */
static int api_login_locks(struct req *r, struct resp *o)
{
	struct throttle_lock *v;
	int n, cut;
	int rc = throttle_locks(r->st, r->login_limits, r->a, &v, &n, &cut);
	if (rc < 0)
		return resp_store_error(r, o, rc);
	json_t *a = json_array();
	for (int i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:i,s:I,s:I}", "kind", throttle_kind_names[v[i].kind],
						   "login", v[i].login, "address", v[i].address, "failures",
						   v[i].failures, "last_failure_at", (json_int_t)v[i].last_at, "until",
						   (json_int_t)v[i].until));
	return api_send(r, o, json_pack("{s:o,s:b,s:{s:i,s:i,s:i,s:i}}", "locks", a, "truncated", cut, "limits",
					"window_seconds", THROTTLE_WINDOW_S, "per_login_address",
					throttle_limit_of(r->login_limits, THROTTLE_PAIR), "per_address",
					throttle_limit_of(r->login_limits, THROTTLE_ADDRESS), "per_login",
					throttle_limit_of(r->login_limits, THROTTLE_ACCOUNT)));
}

static void api_user_add(const struct user *u, void *arg)
{
	json_array_append_new((json_t *)arg,
			      json_pack("{s:I,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)u->id, "login", u->login, "name",
					u->display_name, "role", role_names[u->role], "department", u->department,
					"disabled", u->disabled));
}

static int api_users(struct req *r, struct resp *o)
{
	json_t *a = json_array();
	int rc = account_user_each(r->st, api_user_add, a);
	if (rc < 0) {
		json_decref(a);
		return resp_store_error(r, o, rc);
	}
	return api_send(r, o, json_pack("{s:o}", "users", a));
}

#define API ROUTE_API
#define ADMIN ROLE_BIT(ROLE_ADMIN)

const struct route api_routes[] = {
	{ HTTP_GET, "/api/v1/plans", api_plans, PLAN_READER_ROLES, API },
	{ HTTP_GET, "/api/v1/plans/{id}", api_plan, PLAN_READER_ROLES, API },
	{ HTTP_GET, "/api/v1/plans/{id}/years/{fy}/items", api_year_items, PLAN_READER_ROLES, API },
	{ HTTP_GET, "/api/v1/plans/{id}/years/{fy}/rollup", api_year_rollup, PLAN_READER_ROLES, API },
	{ HTTP_GET, "/api/v1/plans/{id}/years/{fy}/round", api_year_round, PLAN_READER_ROLES, API },
	{ HTTP_GET, "/api/v1/reports", api_reports, ROLES_ANY, API | ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/reports/{id}/{fy}", api_report, ROLES_ANY, API | ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/audit", api_audit, ADMIN, API },
	{ HTTP_GET, "/api/v1/login-locks", api_login_locks, ADMIN, API },
	{ HTTP_GET, "/api/v1/users", api_users, ADMIN, API },
	{ 0 },
};
