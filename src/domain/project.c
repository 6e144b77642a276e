/* project: collaboration projects — the reference tables, loading and listing under the
 * visibility rule, saving a project, its partners, budget lines, plan links and
 * publication (project.h). The stage machine and checklists are in project_stage.c. */
#include "domain/project.h"
#include "domain/project_internal.h"
#include "domain/project_visibility.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void project_now(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *project_json(json_t *o)
{
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

int project_audit(struct store *st, const struct actor *who, const char *action, long long id, json_t *before,
		  json_t *after)
{
	char *b = project_json(before), *af = project_json(after);
	struct actor cli;
	char name[64];
	if (!who) {
		actor_cli(&cli, name, sizeof name);
		who = &cli;
	}
	int rc = audit_record(st, who, action, "project", id, b, af);
	free(b);
	free(af);
	return rc;
}

int project_touch_public(struct store *st, int hard)
{
	return version_bump(st, PROJECT_PAGE_SCOPE, hard);
}

/* ---- reference tables ---- */

static int form_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_form *f = elem;
	(void)ctx;
	f->code = stmt_text_dup(s, a, 0);
	f->label = stmt_text_dup(s, a, 1);
	f->summary = stmt_text_dup(s, a, 2);
	f->money_flow = stmt_text_dup(s, a, 3);
	f->pos = (int)stmt_int(s, 4);
	return arena_over(a) ? STORE_ERR : 0;
}

static int zone_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_zone *z = elem;
	(void)ctx;
	z->code = stmt_text_dup(s, a, 0);
	z->label = stmt_text_dup(s, a, 1);
	z->summary = stmt_text_dup(s, a, 2);
	z->pos = (int)stmt_int(s, 3);
	return arena_over(a) ? STORE_ERR : 0;
}

static int kind_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_party_kind *k = elem;
	(void)ctx;
	k->code = stmt_text_dup(s, a, 0);
	k->label = stmt_text_dup(s, a, 1);
	k->pos = (int)stmt_int(s, 2);
	return arena_over(a) ? STORE_ERR : 0;
}

static int doc_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_document *d = elem;
	(void)ctx;
	d->kind = stmt_text_dup(s, a, 0);
	d->name = stmt_text_dup(s, a, 1);
	d->pos = (int)stmt_int(s, 2);
	d->id = stmt_int(s, 3);
	d->attached = (int)stmt_int(s, 4);
	d->before_run = d->kind ? project_document_before_run(d->kind) : 0;
	return arena_over(a) ? STORE_ERR : 0;
}

static int caution_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_caution *c = elem;
	(void)ctx;
	c->id = stmt_int(s, 0);
	c->form = stmt_text_dup(s, a, 1);
	c->party_kind = stmt_text_dup(s, a, 2);
	c->text = stmt_text_dup(s, a, 3);
	c->pos = (int)stmt_int(s, 4);
	return arena_over(a) ? STORE_ERR : 0;
}

static int point_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_point *p = elem;
	(void)ctx;
	p->id = stmt_int(s, 0);
	if (project_stage_parse(stmt_text(s, 1), &p->stage) != 0)
		p->stage = PSTAGE_CONSIDER;
	p->pos = (int)stmt_int(s, 2);
	p->text = stmt_text_dup(s, a, 3);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_read_list(struct store *st, struct arena *a, enum stmt_id id, const struct store_arg *args,
		      size_t size, store_row_fn row, void **out, int *n)
{
	struct store_list l;
	int rc = store_list_read(st, a, id, args, 0, size, row, NULL, &l);
	*out = rc == 0 ? l.rows : NULL;
	*n = rc == 0 ? l.n : 0;
	return rc;
}

int project_forms_list(struct store *st, struct arena *a, struct project_form **out, int *n)
{
	return project_read_list(st, a, STMT_PROJECT_FORMS, NULL, sizeof **out, form_row, (void **)out, n);
}

int project_zones_list(struct store *st, struct arena *a, struct project_zone **out, int *n)
{
	return project_read_list(st, a, STMT_PROJECT_ZONES, NULL, sizeof **out, zone_row, (void **)out, n);
}

int project_party_kinds_list(struct store *st, struct arena *a, struct project_party_kind **out, int *n)
{
	return project_read_list(st, a, STMT_PROJECT_PARTY_KINDS, NULL, sizeof **out, kind_row, (void **)out, n);
}

int project_documents_of(struct store *st, struct arena *a, const char *form, struct project_document **out, int *n)
{
	struct store_arg args[] = { SARG_TEXT(form), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_DOCUMENTS, args, sizeof **out, doc_row, (void **)out, n);
}

int project_documents_state(struct store *st, struct arena *a, long long project_id, const char *form,
			    struct project_document **out, int *n)
{
	struct store_arg args[] = { SARG_TEXT(form), SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_DOCUMENTS_STATE, args, sizeof **out, doc_row, (void **)out, n);
}

int project_cautions_of(struct store *st, struct arena *a, const char *form, const char *party_kind,
			struct project_caution **out, int *n)
{
	struct store_arg args[] = { SARG_TEXT(form), SARG_TEXT(party_kind), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_CAUTIONS, args, sizeof **out, caution_row, (void **)out, n);
}

int project_points_of(struct store *st, struct arena *a, enum project_stage stage, struct project_point **out, int *n)
{
	struct store_arg args[] = { SARG_TEXT(project_stage_names[stage]), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_POINTS, args, sizeof **out, point_row, (void **)out, n);
}

int project_party_kind_of(struct store *st, struct arena *a, const char *org_kind, char **out)
{
	struct stmt *s = store_prepare(st, STMT_PROJECT_PARTY_OF_KIND);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, org_kind);
	int rc = stmt_step(s);
	*out = arena_strdup(a, rc == 1 ? stmt_text(s, 0) : "civic");
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* ---- reading projects ---- */

static int project_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project *p = elem;
	(void)ctx;
	p->id = stmt_int(s, 0);
	p->title = stmt_text_dup(s, a, 1);
	p->purpose = stmt_text_dup(s, a, 2);
	p->goals = stmt_text_dup(s, a, 3);
	p->fy_start = (int)stmt_int(s, 4);
	p->fy_end = (int)stmt_int(s, 5);
	p->department_id = stmt_int(s, 6);
	p->department_name = stmt_text_dup(s, a, 7);
	p->division = stmt_text_dup(s, a, 8);
	p->form = stmt_text_dup(s, a, 9);
	p->form_label = stmt_text_dup(s, a, 10);
	p->zone = stmt_text_dup(s, a, 11);
	p->zone_label = stmt_text_dup(s, a, 12);
	if (project_stage_parse(stmt_text(s, 13), &p->stage) != 0)
		p->stage = PSTAGE_CONSIDER;
	p->stop_reason = stmt_text_dup(s, a, 14);
	p->budget = stmt_int(s, 15);
	p->published = (int)stmt_int(s, 16);
	p->created_at = stmt_text_dup(s, a, 17);
	p->updated_at = stmt_text_dup(s, a, 18);
	return arena_over(a) ? STORE_ERR : 0;
}

/* 1 when actor org_id is a partner of project id; 0 not; < 0 store_rc. */
static int project_is_partner(struct store *st, long long id, long long org_id)
{
	if (org_id <= 0)
		return 0;
	struct stmt *s = store_prepare(st, STMT_PROJECT_PARTNER_IS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	stmt_bind_int(s, 2, org_id);
	int rc = stmt_step(s);
	stmt_reset(s);
	return rc;
}

int project_access_of(struct store *st, const struct actor *who, const struct project *p, enum project_access *acc)
{
	int partner = 0;
	if (who && who->role == ROLE_GROUP && (partner = project_is_partner(st, p->id, who->org_id)) < 0)
		return partner;
	struct project_facts f = { p->published, p->stage, p->department_id, partner };
	*acc = project_access(who, &f);
	return 0;
}

int project_load_any(struct store *st, struct arena *a, long long id, struct project *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *s = store_prepare(st, STMT_PROJECT_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	if (rc == 1)
		rc = project_row(s, a, out, NULL) == 0 ? 0 : STORE_ERR;
	else if (rc == 0)
		rc = STORE_ERR;
	stmt_reset(s);
	return rc;
}

int project_load(struct store *st, struct arena *a, const struct actor *who, long long id, struct project *out)
{
	int rc = project_load_any(st, a, id, out);
	if (rc != 0)
		return rc;
	enum project_access acc;
	if ((rc = project_access_of(st, who, out, &acc)) != 0)
		return rc;
	if (acc == PACCESS_NONE) {
		memset(out, 0, sizeof *out);
		return STORE_ERR;
	}
	return 0;
}

static void seen_args(struct store_arg *args, const struct project_seen *sn)
{
	args[0] = (struct store_arg)SARG_INT(sn->all);
	args[1] = (struct store_arg)SARG_INT(sn->lead_department);
	args[2] = (struct store_arg)SARG_INT(sn->others_past_consider);
	args[3] = (struct store_arg)SARG_INT(sn->partner_org);
	args[4] = (struct store_arg)SARG_INT(sn->evaluated);
}

/* "%text%" with LIKE's wildcards escaped by '\\'; "" for no text. */
static const char *query_like(struct arena *a, const char *text)
{
	if (!text || !*text)
		return "";
	size_t n = strlen(text);
	char *out = arena_alloc(a, n * 2 + 3);
	if (!out)
		return NULL;
	size_t o = 0;
	out[o++] = '%';
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o++] = '%';
	out[o] = 0;
	return out;
}

static const char *query_text(const char *s)
{
	return s ? s : "";
}

int project_list(struct store *st, struct arena *a, const struct actor *who, const struct project_query *q,
		 struct project **out, int *n, int *more)
{
	struct project_seen sn;
	project_seen(q->published_only ? NULL : who, &sn);
	if (q->published_only)
		sn = (struct project_seen){ 0 };
	int per = q->per_page > 0 ? q->per_page : 50;
	const char *like = query_like(a, q->text);
	if (!like)
		return STORE_ERR;
	struct store_arg args[16];
	seen_args(args, &sn);
	args[5] = (struct store_arg)SARG_INT(q->fy);
	args[6] = (struct store_arg)SARG_INT(q->published_only);
	args[7] = (struct store_arg)SARG_INT(q->department_id);
	args[8] = (struct store_arg)SARG_INT(q->org_id);
	args[9] = (struct store_arg)SARG_INT(per + 1);
	args[10] = (struct store_arg)SARG_INT((long long)q->page * per);
	args[11] = (struct store_arg)SARG_TEXT(query_text(q->stage));
	args[12] = (struct store_arg)SARG_TEXT(query_text(q->form));
	args[13] = (struct store_arg)SARG_TEXT(query_text(q->department));
	args[14] = (struct store_arg)SARG_TEXT(like);
	args[15] = (struct store_arg)SARG_END;
	struct store_list l;
	int rc = store_list_read(st, a, STMT_PROJECT_LIST, args, per, sizeof **out, project_row, NULL, &l);
	*out = rc == 0 ? l.rows : NULL;
	*n = rc == 0 ? l.n : 0;
	if (more)
		*more = rc == 0 ? l.more : 0;
	return rc;
}

long long project_count(struct store *st, const struct actor *who, const struct project_query *q)
{
	struct project_seen sn;
	project_seen(q->published_only ? NULL : who, &sn);
	if (q->published_only)
		sn = (struct project_seen){ 0 };
	struct stmt *s = store_prepare(st, STMT_PROJECT_LIST_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, sn.all);
	stmt_bind_int(s, 2, sn.lead_department);
	stmt_bind_int(s, 3, sn.others_past_consider);
	stmt_bind_int(s, 4, sn.partner_org);
	stmt_bind_int(s, 5, sn.evaluated);
	stmt_bind_int(s, 6, q->fy);
	stmt_bind_int(s, 7, q->published_only);
	stmt_bind_int(s, 8, q->department_id);
	stmt_bind_int(s, 9, q->org_id);
	stmt_bind_text(s, 10, query_text(q->stage));
	stmt_bind_text(s, 11, query_text(q->form));
	stmt_bind_text(s, 12, query_text(q->department));
	struct arena *a = arena_new(0);
	const char *like = a ? query_like(a, q->text) : NULL;
	if (!like) {
		stmt_reset(s);
		arena_free(a);
		return STORE_ERR;
	}
	stmt_bind_text(s, 13, like);
	int rc = stmt_step(s);
	long long n = rc == 1 ? stmt_int(s, 0) : rc < 0 ? rc : 0;
	stmt_reset(s);
	arena_free(a);
	return n;
}

long long project_find_org(struct store *st, const char *name)
{
	struct stmt *s = store_prepare(st, STMT_ORG_FIND_BY_NAME);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, name);
	long long id = 0;
	int n = 0;
	while (stmt_step(s) == 1) {
		id = stmt_int(s, 0);
		n++;
	}
	stmt_reset(s);
	return n > 1 ? -2 : id;
}

long long project_find_item(struct store *st, const char *code)
{
	struct stmt *s = store_prepare(st, STMT_PROJECT_ITEM_BY_CODE);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, code);
	long long id = 0;
	int n = 0;
	while (stmt_step(s) == 1) {
		if (!n)
			id = stmt_int(s, 0);
		n++;
	}
	stmt_reset(s);
	return n > 1 ? -2 : id;
}

int project_list_for_item(struct store *st, struct arena *a, const struct actor *who, long long item_id,
			  struct project **out, int *n)
{
	struct project_seen sn;
	project_seen(who, &sn);
	struct store_arg args[7];
	seen_args(args, &sn);
	args[5] = (struct store_arg)SARG_INT(item_id);
	args[6] = (struct store_arg)SARG_END;
	return project_read_list(st, a, STMT_PROJECT_LIST_FOR_ITEM, args, sizeof **out, project_row, (void **)out, n);
}

static int partner_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_partner *p = elem;
	(void)ctx;
	p->id = stmt_int(s, 0);
	p->org_id = stmt_int(s, 1);
	p->org_name = stmt_text_dup(s, a, 2);
	p->org_kind = stmt_text_dup(s, a, 3);
	p->party_kind = stmt_text_dup(s, a, 4);
	p->party_label = stmt_text_dup(s, a, 5);
	p->role = stmt_text_dup(s, a, 6);
	p->responsibilities = stmt_text_dup(s, a, 7);
	p->brings_people = (int)stmt_int(s, 8);
	p->brings_money = (int)stmt_int(s, 9);
	p->brings_venue = (int)stmt_int(s, 10);
	p->brings_knowhow = (int)stmt_int(s, 11);
	p->org_public = (int)stmt_int(s, 12);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_partners_of(struct store *st, struct arena *a, long long project_id, struct project_partner **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_PARTNERS, args, sizeof **out, partner_row, (void **)out, n);
}

#define PROJECT_PARTNERS_BATCH 50	/* the ids STMT_PROJECT_PARTNERS_BATCH takes */

struct batch_partner {
	struct project_partner p;
	long long project_id;
};

static int batch_partner_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct batch_partner *b = elem;
	b->project_id = stmt_int(s, 13);
	return partner_row(s, a, &b->p, ctx);
}

/* The partners of ps[from, from + 50) into out[] (by their project's index). */
static int partners_batch(struct store *st, struct arena *a, const struct project *ps, int n, int from,
			  struct project_partners_of *out)
{
	struct store_arg args[PROJECT_PARTNERS_BATCH + 1];
	for (int i = 0; i < PROJECT_PARTNERS_BATCH; i++)
		args[i] = (struct store_arg)SARG_INT(from + i < n ? ps[from + i].id : 0);
	args[PROJECT_PARTNERS_BATCH] = (struct store_arg)SARG_END;
	struct batch_partner *rows;
	int nrows;
	int rc = project_read_list(st, a, STMT_PROJECT_PARTNERS_BATCH, args, sizeof *rows, batch_partner_row,
				   (void **)&rows, &nrows);
	for (int i = from; rc == 0 && i < n && i < from + PROJECT_PARTNERS_BATCH; i++) {
		/* the rows come by project: a project's are consecutive */
		int k = 0;
		while (k < nrows && rows[k].project_id != ps[i].id)
			k++;
		int m = 0;
		while (k + m < nrows && rows[k + m].project_id == ps[i].id)
			m++;
		out[i].n = m;
		out[i].partners = m ? arena_alloc(a, sizeof *out[i].partners * (size_t)m) : NULL;
		if (m && !out[i].partners)
			return STORE_ERR;
		for (int j = 0; j < m; j++)
			out[i].partners[j] = rows[k + j].p;
	}
	return rc;
}

int project_partners_and_access(struct store *st, struct arena *a, const struct actor *who, const struct project *ps,
				int n, struct project_partners_of **out)
{
	*out = n > 0 ? arena_alloc(a, sizeof **out * (size_t)n) : NULL;
	if (n > 0 && !*out)
		return STORE_ERR;
	int rc = 0;
	for (int from = 0; rc == 0 && from < n; from += PROJECT_PARTNERS_BATCH)
		rc = partners_batch(st, a, ps, n, from, *out);
	for (int i = 0; rc == 0 && i < n; i++) {
		/* as project_access_of: a group is a partner when its group is among them */
		int partner = 0;
		for (int j = 0; who && who->role == ROLE_GROUP && who->org_id > 0 && j < (*out)[i].n; j++)
			partner |= (*out)[i].partners[j].org_id == who->org_id;
		struct project_facts f = { ps[i].published, ps[i].stage, ps[i].department_id, partner };
		(*out)[i].access = project_access(who, &f);
	}
	return rc;
}

static int budget_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_budget_line *b = elem;
	(void)ctx;
	b->id = stmt_int(s, 0);
	b->fy = (int)stmt_int(s, 1);
	b->item = stmt_text_dup(s, a, 2);
	b->note = stmt_text_dup(s, a, 3);
	b->amount = stmt_int(s, 4);
	b->payer_org_id = stmt_int(s, 5);
	b->payer_name = stmt_text_dup(s, a, 6);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_budget_of(struct store *st, struct arena *a, long long project_id, struct project_budget_line **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_BUDGET, args, sizeof **out, budget_row, (void **)out, n);
}

static int link_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_plan_link *l = elem;
	(void)ctx;
	l->item_id = stmt_int(s, 0);
	l->plan_id = stmt_int(s, 1);
	l->plan_title = stmt_text_dup(s, a, 2);
	l->code = stmt_text_dup(s, a, 3);
	l->title = stmt_text_dup(s, a, 4);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_links_of(struct store *st, struct arena *a, long long project_id, struct project_plan_link **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_LINKS, args, sizeof **out, link_row, (void **)out, n);
}

static int log_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_stage_entry *e = elem;
	(void)ctx;
	e->at = stmt_text_dup(s, a, 0);
	e->actor = stmt_text_dup(s, a, 1);
	e->reason = stmt_text_dup(s, a, 2);
	if (project_stage_parse(stmt_text(s, 3), &e->from) != 0)
		e->from = PSTAGE_CONSIDER;
	if (project_stage_parse(stmt_text(s, 4), &e->to) != 0)
		e->to = PSTAGE_CONSIDER;
	e->forced = (int)stmt_int(s, 5);
	e->open_points = (int)stmt_int(s, 6);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_stage_log_of(struct store *st, struct arena *a, long long project_id, struct project_stage_entry **out, int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_STAGE_LOG, args, sizeof **out, log_row, (void **)out, n);
}

/* ---- saving a project ---- */

int project_may_edit(const struct actor *who, const struct project *p)
{
	struct project_facts f = { p->published, p->stage, p->department_id, 0 };
	enum project_access acc = project_access(who, &f);
	return acc == PACCESS_LEAD || acc == PACCESS_DIVISION;
}

/* A code of the reference table by its label or code, into out (24 bytes); 0 or -1. */
int project_code_of(struct store *st, enum stmt_id id, const char *label, char *out, size_t n)
{
	if (!label || !*label)
		return -1;
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, label);
	int rc = stmt_step(s);
	if (rc == 1)
		snprintf(out, n, "%s", stmt_text(s, 0));
	stmt_reset(s);
	return rc == 1 ? 0 : rc < 0 ? rc : -1;
}

/* The department named by s (its id in digits, or its name): id, or 0 when none. */
long long project_department_id(struct store *st, const char *s)
{
	if (!s || !*s)
		return 0;
	long long id = 0;
	int by_id = jtext_uint(s, &id) == 0 && strspn(s, "0123456789") == strlen(s);
	struct stmt *q = store_prepare(st, by_id ? STMT_DEPT_BY_ID : STMT_DEPT_BY_NAME);
	if (!q)
		return 0;
	if (by_id)
		stmt_bind_int(q, 1, id);
	else
		stmt_bind_text(q, 1, s);
	long long found = stmt_step(q) == 1 ? stmt_int(q, 0) : 0;
	stmt_reset(q);
	return found;
}

static void check_text(struct problems *pr, const char *field, const char *s, int required, int multiline,
		       size_t max)
{
	const char *problem;
	if (!s || !*s || jtext_is_blank(s)) {
		if (required)
			problems_add(pr, field, N_("This field is required."));
		return;
	}
	if ((problem = jtext_text_problem(s, multiline)))
		problems_add(pr, field, problem);
	else if (strlen(s) > max)
		problems_add(pr, field, N_("The text is too long."));
}

int project_check_input(struct store *st, const struct actor *who, const struct project_input *in,
			struct project_values *v, struct problems *pr)
{
	check_text(pr, "title", in->title, 1, 0, 600);
	check_text(pr, "purpose", in->purpose, 0, 1, 12000);
	check_text(pr, "goals", in->goals, 0, 1, 12000);
	check_text(pr, "division", in->division, 0, 0, 600);
	v->fy_start = v->fy_end = 0;
	if (!in->fy_start || !*in->fy_start)
		problems_add(pr, "fy_start", N_("This field is required."));
	else if (wareki_parse_fiscal_year(in->fy_start, &v->fy_start) != 0)
		problems_add(pr, "fy_start", N_("Write a fiscal year such as 2025, R7 or 令和7年度."));
	if (!in->fy_end || !*in->fy_end)
		v->fy_end = v->fy_start;
	else if (wareki_parse_fiscal_year(in->fy_end, &v->fy_end) != 0)
		problems_add(pr, "fy_end", N_("Write a fiscal year such as 2025, R7 or 令和7年度."));
	if (v->fy_start && v->fy_end && v->fy_end < v->fy_start)
		problems_add(pr, "fy_end", N_("The last fiscal year is before the first."));
	v->department_id = project_department_id(st, in->department);
	if (!v->department_id)
		problems_add(pr, "department", N_("Choose a department of the list."));
	else if (who && who->role == ROLE_STAFF && v->department_id != who->department_id)
		problems_add(pr, "department", N_("Staff lead only their own department's projects."));
	int rc;
	if ((rc = project_code_of(st, STMT_PROJECT_FORM_BY_LABEL, in->form, v->form, sizeof v->form)) != 0) {
		if (rc < -1)
			return rc;
		problems_add(pr, "form", N_("Choose a form of collaboration of the list."));
	}
	if ((rc = project_code_of(st, STMT_PROJECT_ZONE_BY_LABEL, in->zone, v->zone, sizeof v->zone)) != 0) {
		if (rc < -1)
			return rc;
		problems_add(pr, "zone", N_("Choose a zone of the list."));
	}
	v->budget = -1;
	if (in->budget && *in->budget && !jtext_is_blank(in->budget)) {
		const char *b = in->budget;
		size_t len = strlen(b);
		char tmp[64];
		/* "1,200,000円" as people write it */
		if (len >= 3 && len < sizeof tmp && strcmp(b + len - 3, "円") == 0) {
			memcpy(tmp, b, len - 3);
			tmp[len - 3] = 0;
			b = tmp;
		}
		if (jtext_uint(b, &v->budget) != 0 || v->budget > 1000000000000LL) {
			problems_add(pr, "budget", N_("Write the budget in yen as a whole number."));
			v->budget = -1;
		}
	}
	return 0;
}

static json_t *project_json_of(const struct project_input *in, const struct project_values *v)
{
	return json_pack("{s:s,s:s,s:s,s:i,s:i,s:I,s:s,s:s,s:s,s:I,s:b}", "title", in->title ? in->title : "", "purpose",
			 in->purpose ? in->purpose : "", "goals", in->goals ? in->goals : "", "fy_start", v->fy_start,
			 "fy_end", v->fy_end, "department_id", (json_int_t)v->department_id, "division",
			 in->division ? in->division : "", "form", v->form, "zone", v->zone, "budget",
			 (json_int_t)v->budget, "published", in->published);
}

static json_t *project_json_stored(const struct project *p)
{
	return json_pack("{s:s,s:s,s:s,s:i,s:i,s:I,s:s,s:s,s:s,s:I,s:b,s:s}", "title", p->title, "purpose", p->purpose,
			 "goals", p->goals, "fy_start", p->fy_start, "fy_end", p->fy_end, "department_id",
			 (json_int_t)p->department_id, "division", p->division, "form", p->form, "zone", p->zone,
			 "budget", (json_int_t)p->budget, "published", p->published, "stage",
			 project_stage_names[p->stage]);
}

/* Writes a checked project (inside a transaction): insert (id 0) or update. */
int project_write(struct store *st, const struct actor *who, long long id, const struct project_input *in,
		  const struct project_values *v, enum project_stage stage, long long *id_out)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct project old = { 0 };
	int rc = 0, was_published = 0;
	if (id && (rc = project_load_any(st, a, id, &old)) != 0)
		goto out;
	char now[24], budget[32] = "";
	project_now(now);
	if (v->budget >= 0)
		snprintf(budget, sizeof budget, "%lld", v->budget);
	struct stmt *s = store_prepare(st, id ? STMT_PROJECT_UPDATE : STMT_PROJECT_INSERT);
	if (!s) {
		rc = STORE_ERR;
		goto out;
	}
	if (id) {
		was_published = old.published;
		stmt_bind_int(s, 1, id);
		stmt_bind_text(s, 2, in->title);
		stmt_bind_text(s, 3, in->purpose ? in->purpose : "");
		stmt_bind_text(s, 4, in->goals ? in->goals : "");
		stmt_bind_int(s, 5, v->fy_start);
		stmt_bind_int(s, 6, v->fy_end);
		stmt_bind_int(s, 7, v->department_id);
		stmt_bind_text(s, 8, in->division ? in->division : "");
		stmt_bind_text(s, 9, v->form);
		stmt_bind_text(s, 10, v->zone);
		stmt_bind_text(s, 11, v->budget >= 0 ? budget : NULL);
		stmt_bind_int(s, 12, in->published ? 1 : 0);
		stmt_bind_text(s, 13, now);
	} else {
		stmt_bind_text(s, 1, in->title);
		stmt_bind_text(s, 2, in->purpose ? in->purpose : "");
		stmt_bind_text(s, 3, in->goals ? in->goals : "");
		stmt_bind_int(s, 4, v->fy_start);
		stmt_bind_int(s, 5, v->fy_end);
		stmt_bind_int(s, 6, v->department_id);
		stmt_bind_text(s, 7, in->division ? in->division : "");
		stmt_bind_text(s, 8, v->form);
		stmt_bind_text(s, 9, v->zone);
		stmt_bind_text(s, 10, project_stage_names[stage]);
		stmt_bind_text(s, 11, "");
		stmt_bind_text(s, 12, v->budget >= 0 ? budget : NULL);
		stmt_bind_int(s, 13, in->published ? 1 : 0);
		stmt_bind_text(s, 14, now);
	}
	if ((rc = stmt_exec(s)) != 0)
		goto out;
	if (!id)
		id = store_last_id(st);
	json_t *after = project_json_of(in, v);
	json_object_set_new(after, "stage", json_string(project_stage_names[old.id ? old.stage : stage]));
	rc = project_audit(st, who, old.id ? "update" : "create", id, old.id ? project_json_stored(&old) : NULL, after);
	if (rc == 0 && (was_published || in->published))
		rc = project_touch_public(st, was_published && !in->published);
	if (id_out)
		*id_out = id;
out:
	arena_free(a);
	return rc;
}

int project_save(struct store *st, const struct actor *who, long long id, const struct project_input *in,
		 long long *id_out, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	int rc = 0;
	if (id) {
		struct project p;
		if ((rc = project_load(st, a, who, id, &p)) != 0)
			goto out;
		if (!project_may_edit(who, &p)) {
			problems_add(pr, NULL, N_("Only the lead department and the collaboration division edit a project."));
			rc = -1;
			goto out;
		}
	} else if (who && who->role != ROLE_ADMIN && who->role != ROLE_STAFF) {
		problems_add(pr, NULL, N_("Only the lead department and the collaboration division edit a project."));
		rc = -1;
		goto out;
	}
	struct project_values v;
	if ((rc = project_check_input(st, who, in, &v, pr)) != 0)
		goto out;
	if (problems_any(pr)) {
		rc = -1;
		goto out;
	}
	if ((rc = store_begin(st)) != 0)
		goto out;
	struct stmt *s = store_prepare(st, STMT_PROJECT_FIND);
	if (s) {
		stmt_bind_text(s, 1, in->title);
		stmt_bind_int(s, 2, v.fy_start);
		long long other = stmt_step(s) == 1 ? stmt_int(s, 0) : 0;
		stmt_reset(s);
		if (other && other != id) {
			store_rollback(st);
			problems_add(pr, "title", N_("Another project with this title starts in the same fiscal year."));
			rc = -1;
			goto out;
		}
	}
	rc = project_write(st, who, id, in, &v, PSTAGE_CONSIDER, id_out);
	if (rc != 0) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st);
out:
	arena_free(a);
	return rc;
}

/* Loads the project for an edit by who: 0, -1 with a problem (may not edit), store_rc. */
int project_load_for_edit(struct store *st, struct arena *a, const struct actor *who, long long id, struct project *p,
			  struct problems *pr)
{
	int rc = project_load(st, a, who, id, p);
	if (rc != 0)
		return rc;
	if (!project_may_edit(who, p)) {
		problems_add(pr, NULL, N_("Only the lead department and the collaboration division edit a project."));
		return -1;
	}
	return 0;
}

/* ---- partners ---- */

static void check_partner_input(const struct project_partner_input *in, struct problems *pr)
{
	check_text(pr, "role", in->role, 0, 0, 1500);
	check_text(pr, "responsibilities", in->responsibilities, 0, 1, 12000);
}

static json_t *partner_json(long long org_id, const struct project_partner_input *in)
{
	return json_pack("{s:I,s:s,s:s,s:b,s:b,s:b,s:b}", "org_id", (json_int_t)org_id, "role", in->role ? in->role : "",
			 "responsibilities", in->responsibilities ? in->responsibilities : "", "people",
			 in->brings_people, "money", in->brings_money, "venue", in->brings_venue, "knowhow",
			 in->brings_knowhow);
}

static int partner_bind_exec(struct store *st, enum stmt_id id, long long project_id, long long org_id,
			     const struct project_partner_input *in, const char *now)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, project_id);
	stmt_bind_int(s, 2, org_id);
	stmt_bind_text(s, 3, in->role ? in->role : "");
	stmt_bind_int(s, 4, in->brings_people ? 1 : 0);
	stmt_bind_int(s, 5, in->brings_money ? 1 : 0);
	stmt_bind_int(s, 6, in->brings_venue ? 1 : 0);
	stmt_bind_int(s, 7, in->brings_knowhow ? 1 : 0);
	stmt_bind_text(s, 8, in->responsibilities ? in->responsibilities : "");
	if (now)
		stmt_bind_text(s, 9, now);
	return stmt_exec(s);
}

/* An actor's name (arena) or NULL when there is none. */
static char *org_name(struct store *st, struct arena *a, long long org_id)
{
	struct stmt *s = store_prepare(st, STMT_PROJECT_ORG);
	if (!s)
		return NULL;
	stmt_bind_int(s, 1, org_id);
	char *name = stmt_step(s) == 1 ? arena_strdup(a, stmt_text(s, 1)) : NULL;
	stmt_reset(s);
	return name;
}

int project_partner_insert(struct store *st, const struct actor *who, const struct project *p, long long org_id,
			   const char *name, const struct project_partner_input *in)
{
	char now[24], link[64];
	project_now(now);
	int rc = partner_bind_exec(st, STMT_PROJECT_PARTNER_INSERT, p->id, org_id, in, now);
	if (rc == 0)
		rc = project_audit(st, who, "partner-add", p->id, NULL, partner_json(org_id, in));
	rc = rc == 0 ? peval_partner_added(st, who, p, org_id, name) : rc;	/* project_eval_ties.c */
	snprintf(link, sizeof link, "/projects/%lld", p->id);
	struct notice_param ps[] = { { "project", p->title }, { "group", name }, { NULL, NULL } };
	struct notice n = { NOTICE_PROJECT_PARTNER, link, ps, 0 };
	if (rc == 0)
		rc = notice_org(st, org_id, &n);
	if (rc == 0)
		rc = notice_department(st, p->department_id, &n);
	if (rc == 0 && p->published)
		rc = project_touch_public(st, 0);
	return rc;
}

int project_partner_add(struct store *st, const struct actor *who, long long project_id, long long org_id,
			const struct project_partner_input *in, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, pr);
	if (rc != 0)
		goto out;
	char *name = org_name(st, a, org_id);
	if (!name)
		problems_add(pr, "org", N_("Choose a group of the registry."));
	check_partner_input(in, pr);
	if (problems_any(pr)) {
		rc = -1;
		goto out;
	}
	if ((rc = store_begin(st)) != 0)
		goto out;
	/* under the write lock: a second request adding the same group (a double click) is
	 * told so, not failed on the table's uniqueness */
	if ((rc = project_is_partner(st, project_id, org_id)) != 0) {
		if (rc > 0) {
			problems_add(pr, "org", N_("This group is already a partner of the project."));
			rc = -1;
		}
		store_rollback(st);
		goto out;
	}
	rc = project_partner_insert(st, who, &p, org_id, name, in);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

int project_partner_update(struct store *st, const struct actor *who, long long project_id, long long org_id,
			   const struct project_partner_input *in, struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, pr);
	if (rc != 0)
		goto out;
	check_partner_input(in, pr);
	if (problems_any(pr)) {
		rc = -1;
		goto out;
	}
	if ((rc = store_begin(st)) != 0)
		goto out;
	rc = partner_bind_exec(st, STMT_PROJECT_PARTNER_UPDATE, project_id, org_id, in, NULL);
	if (rc == 0 && store_changes(st) == 0)
		rc = STORE_ERR;
	if (rc == 0)
		rc = project_audit(st, who, "partner-update", project_id, NULL, partner_json(org_id, in));
	if (rc == 0 && p.published)
		rc = project_touch_public(st, 0);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

int project_partner_remove(struct store *st, const struct actor *who, long long project_id, long long org_id)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct problems pr = { 0 };
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, &pr);
	if (rc != 0)
		goto out;
	if ((rc = store_begin(st)) != 0)
		goto out;
	struct stmt *s = store_prepare(st, STMT_PROJECT_CHECKS_DELETE_SIDE);
	rc = s ? 0 : STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, org_id);
		rc = stmt_exec(s);
	}
	if (rc == 0 && (s = store_prepare(st, STMT_PROJECT_PARTNER_DELETE))) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, org_id);
		rc = stmt_exec(s);
		if (rc == 0 && store_changes(st) == 0)
			rc = STORE_ERR;
	}
	if (rc == 0)
		rc = project_audit(st, who, "partner-remove", project_id,
				   json_pack("{s:I}", "org_id", (json_int_t)org_id), NULL);
	if (rc == 0 && p.published)
		rc = project_touch_public(st, 1);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

/* ---- budget lines ---- */

int project_budget_add(struct store *st, const struct actor *who, long long project_id, const char *fy,
		       const char *item, const char *amount, long long payer_org_id, const char *note,
		       struct problems *pr)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, pr);
	if (rc != 0)
		goto out;
	int y = 0;
	long long yen = 0;
	if (!fy || !*fy)
		y = p.fy_start;
	else if (wareki_parse_fiscal_year(fy, &y) != 0)
		problems_add(pr, "fy", N_("Write a fiscal year such as 2025, R7 or 令和7年度."));
	if (y && (y < p.fy_start || y > p.fy_end))
		problems_add(pr, "fy", N_("The year is outside the project's fiscal years."));
	check_text(pr, "item", item, 1, 0, 600);
	check_text(pr, "note", note, 0, 0, 3000);
	if (!amount || jtext_uint(amount, &yen) != 0 || yen > 1000000000000LL)
		problems_add(pr, "amount", N_("Write the amount in yen as a whole number."));
	if (payer_org_id) {
		int partner = project_is_partner(st, project_id, payer_org_id);
		if (partner < 0) {
			rc = partner;
			goto out;
		}
		if (!partner)
			problems_add(pr, "payer", N_("The payer is the city or one of the partners."));
	}
	if (problems_any(pr)) {
		rc = -1;
		goto out;
	}
	if ((rc = store_begin(st)) != 0)
		goto out;
	struct stmt *s = store_prepare(st, STMT_PROJECT_BUDGET_INSERT);
	rc = s ? 0 : STORE_ERR;
	long long line = 0;
	if (s) {
		stmt_bind_int(s, 1, project_id);
		stmt_bind_int(s, 2, y);
		stmt_bind_text(s, 3, item);
		stmt_bind_int(s, 4, yen);
		stmt_bind_int(s, 5, payer_org_id);
		stmt_bind_text(s, 6, note ? note : "");
		rc = stmt_exec(s);
		line = store_last_id(st);
	}
	if (rc == 0)
		rc = project_audit(st, who, "budget-add", project_id, NULL,
				   json_pack("{s:I,s:i,s:s,s:I,s:I}", "line", (json_int_t)line, "fy", y, "item", item,
					     "amount", (json_int_t)yen, "payer_org_id", (json_int_t)payer_org_id));
	if (rc == 0 && p.published)
		rc = project_touch_public(st, 0);
	rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
out:
	arena_free(a);
	return rc;
}

int project_budget_remove(struct store *st, const struct actor *who, long long project_id, long long line_id)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct problems pr = { 0 };
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, &pr);
	if (rc == 0 && (rc = store_begin(st)) == 0) {
		struct stmt *s = store_prepare(st, STMT_PROJECT_BUDGET_DELETE);
		rc = s ? 0 : STORE_ERR;
		if (s) {
			stmt_bind_int(s, 1, project_id);
			stmt_bind_int(s, 2, line_id);
			rc = stmt_exec(s);
			if (rc == 0 && store_changes(st) == 0)
				rc = STORE_ERR;
		}
		if (rc == 0)
			rc = project_audit(st, who, "budget-remove", project_id,
					   json_pack("{s:I}", "line", (json_int_t)line_id), NULL);
		if (rc == 0 && p.published)
			rc = project_touch_public(st, 1);
		rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
	}
	arena_free(a);
	return rc;
}

/* ---- plan items ---- */

static int link_change(struct store *st, const struct actor *who, long long project_id, long long item_id, int add)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct problems pr = { 0 };
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, &pr);
	if (rc == 0 && (rc = store_begin(st)) == 0) {
		struct stmt *s = store_prepare(st, STMT_PROJECT_ITEM_EXISTS);
		rc = s ? 0 : STORE_ERR;
		if (s) {
			stmt_bind_int(s, 1, item_id);
			int found = stmt_step(s);
			stmt_reset(s);
			rc = found == 1 ? 0 : found < 0 ? found : STORE_ERR;
		}
		if (rc == 0 && (s = store_prepare(st, add ? STMT_PROJECT_LINK_INSERT : STMT_PROJECT_LINK_DELETE))) {
			stmt_bind_int(s, 1, project_id);
			stmt_bind_int(s, 2, item_id);
			rc = stmt_exec(s);
		}
		json_t *j = json_pack("{s:I}", "item_id", (json_int_t)item_id);
		if (rc == 0)
			rc = project_audit(st, who, add ? "link" : "unlink", project_id, add ? NULL : j, add ? j : NULL);
		else
			json_decref(j);
		if (rc == 0 && p.published)
			rc = project_touch_public(st, !add);
		rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
	}
	arena_free(a);
	return rc;
}

int project_link_item(struct store *st, const struct actor *who, long long project_id, long long item_id)
{
	return link_change(st, who, project_id, item_id, 1);
}

int project_unlink_item(struct store *st, const struct actor *who, long long project_id, long long item_id)
{
	return link_change(st, who, project_id, item_id, 0);
}

int project_set_published(struct store *st, const struct actor *who, long long project_id, int published)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct problems pr = { 0 };
	struct project p;
	int rc = project_load_for_edit(st, a, who, project_id, &p, &pr);
	if (rc == 0 && (rc = store_begin(st)) == 0) {
		char now[24];
		project_now(now);
		struct stmt *s = store_prepare(st, STMT_PROJECT_SET_PUBLISHED);
		rc = s ? 0 : STORE_ERR;
		if (s) {
			stmt_bind_int(s, 1, project_id);
			stmt_bind_int(s, 2, published ? 1 : 0);
			stmt_bind_text(s, 3, now);
			rc = stmt_exec(s);
		}
		if (rc == 0)
			rc = project_audit(st, who, published ? "publish" : "withdraw", project_id,
					   json_pack("{s:b}", "published", p.published),
					   json_pack("{s:b}", "published", published));
		if (rc == 0)
			rc = project_touch_public(st, !published);
		rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
	}
	arena_free(a);
	return rc;
}
