/* plan_edit: the writers of plans, items and yearly records (see plan.h): creation
 * with the status/class/grade vocabulary, item create/update, per-year records and
 * branch outcomes, each validated, permission-checked, transactional and audited. */
#include "domain/plan.h"
#include "domain/plan_internal.h"
#include "domain/plan_walk.h"
#include "domain/audit.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "domain/account.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split a comma list (also 、 and full-width comma) into trimmed parts, in place. */
static int plan_split(char *s, char **parts, int max)
{
	int n = 0;
	char *p = s;
	while (*p && n < max) {
		char *start = p, *end;
		while (*p && *p != ',' && strncmp(p, "、", 3) != 0 && strncmp(p, "，", 3) != 0)
			p++;
		end = p;
		if (*p == ',')
			p++;
		else if (*p)
			p += 3;
		while (start < end && isspace((unsigned char)*start))
			start++;
		while (end > start && isspace((unsigned char)end[-1]))
			end--;
		*end = 0;
		if (*start)
			parts[n++] = start;
	}
	while (*p == ' ' || *p == ',')
		p++;
	return *p ? max + 1 : n;	/* more parts than fit: the caller refuses the list */
}

int plan_parse_percent(const char *s, double *out)
{
	char buf[64];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && o + 1 < sizeof buf;) {
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {	/* ０–９ */
			buf[o++] = (char)('0' + p[2] - 0x90);
			p += 3;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8E) {	/* ． */
			buf[o++] = '.';
			p += 3;
		} else if (*p == '%' || *p == ' ') {
			p++;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x85) {	/* ％ */
			p += 3;
		} else {
			buf[o++] = (char)*p++;
		}
	}
	buf[o] = 0;
	if (!*buf)
		return -1;
	char *end;
	double v = strtod(buf, &end);
	if (*end || v < 0 || v > 100 || v != v)
		return -1;
	*out = v;
	return 0;
}

static int plan_is_admin(const struct actor *who) { return who->role == ROLE_ADMIN; }

/* The first problem of a form's text fields (bidi controls, control characters, text made
 * only of invisible characters: jtext_text_problem), as a msgid, or NULL. */
struct plan_text { const char *value; int multiline; };
static const char *plan_text_problem(const struct plan_text *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *problem = jtext_text_problem(t[i].value, t[i].multiline);
		if (problem)
			return problem;
	}
	return NULL;
}

int plan_bump_version(struct store *st, long long plan_id)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_BUMP_VERSION);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, plan_id);
	return stmt_exec(s);
}

/* A new plan's vocabulary, parsed: statuses (label or label=group), priority classes and
 * grade bands (label=minimum percent). The labels point into the buffers. */
struct plan_vocab {
	char sbuf[4096], pbuf[4096], gbuf[1024];
	char *sp[PLAN_VOCAB_MAX], *pp[PLAN_VOCAB_MAX], *gp[32];
	const char *slabel[PLAN_VOCAB_MAX], *sgroup[PLAN_VOCAB_MAX], *glabel[32];
	double gmin[32];
	int ns, np, ng;
};

/* The statuses; NULL or the problem (msgid). */
static const char *plan_vocab_statuses(struct plan_vocab *v, const char *statuses)
{
	if (!statuses || strlen(statuses) >= sizeof v->sbuf)
		return N_("A plan needs a status vocabulary, e.g. 済,済・継=済,未.");
	snprintf(v->sbuf, sizeof v->sbuf, "%s", statuses);
	v->ns = plan_split(v->sbuf, v->sp, PLAN_VOCAB_MAX);
	if (v->ns > PLAN_VOCAB_MAX)
		return N_("A plan has at most 64 statuses.");
	if (v->ns == 0)
		return N_("A plan needs a status vocabulary, e.g. 済,済・継=済,未.");
	for (int i = 0; i < v->ns; i++) {
		char *eq = strchr(v->sp[i], '=');
		v->slabel[i] = v->sp[i];
		v->sgroup[i] = v->sp[i];
		if (eq) {
			*eq = 0;
			v->sgroup[i] = eq + 1;
			if (!*v->sgroup[i] || !*v->slabel[i])
				return N_("A status is written label or label=group.");
		}
		for (int j = 0; j < i; j++)
			if (strcmp(v->slabel[i], v->slabel[j]) == 0)
				return N_("A status label appears twice.");
	}
	return NULL;
}

/* The priority classes (optional); 完了 is reserved. */
static const char *plan_vocab_priorities(struct plan_vocab *v, const char *priorities)
{
	v->np = 0;
	if (!priorities || !*priorities)
		return NULL;
	if (strlen(priorities) >= sizeof v->pbuf)
		return N_("The list of priority classes is too long.");
	snprintf(v->pbuf, sizeof v->pbuf, "%s", priorities);
	v->np = plan_split(v->pbuf, v->pp, PLAN_VOCAB_MAX);
	if (v->np > PLAN_VOCAB_MAX)
		return N_("A plan has at most 64 priority classes.");
	for (int i = 0; i < v->np; i++) {
		if (strcmp(v->pp[i], PLAN_COMPLETE_LABEL) == 0)
			return N_("完了 is reserved for items that end; choose another class label.");
		for (int j = 0; j < i; j++)
			if (strcmp(v->pp[i], v->pp[j]) == 0)
				return N_("A priority class appears twice.");
	}
	return NULL;
}

/* The grade bands (optional). */
static const char *plan_vocab_grades(struct plan_vocab *v, const char *grades)
{
	v->ng = 0;
	if (!grades || !*grades)
		return NULL;
	if (strlen(grades) >= sizeof v->gbuf)
		return N_("The list of grades is too long.");
	snprintf(v->gbuf, sizeof v->gbuf, "%s", grades);
	v->ng = plan_split(v->gbuf, v->gp, 32);
	if (v->ng > 32)
		return N_("A plan has at most 32 grades.");
	for (int i = 0; i < v->ng; i++) {
		char *eq = strchr(v->gp[i], '=');
		char *end;
		if (!eq)
			return N_("A grade is written label=minimum percent, e.g. A=90.");
		*eq = 0;
		v->glabel[i] = v->gp[i];
		v->gmin[i] = strtod(eq + 1, &end);
		if (*end || v->gmin[i] < 0 || v->gmin[i] > 100 || !*v->glabel[i])
			return N_("A grade's minimum is a percentage from 0 to 100.");
	}
	return NULL;
}

int plan_create_check(const struct plan_new_input *in, struct problems *ps)
{
	static const char *const fy_problem = N_("Write the fiscal years as 2023, R5 or 令和5年度.");
	int n0 = ps->n, ffy = 0, lfy = 0;
	const char *problem;
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
	if (!lok)
		problems_add(ps, "last_fy", fy_problem);
	if (fok && lok && ffy > lfy)
		problems_add(ps, "last_fy", N_("The period must run from a first to a last fiscal year, in order."));
	struct plan_vocab *v = malloc(sizeof *v);
	if (!v)
		return ps->n - n0;
	const char *const fields[] = { "statuses", "priorities", "grades" };
	const char *const values[] = { in->statuses, in->priorities, in->grades };
	for (int i = 0; i < 3; i++) {
		if (values[i] && (problem = jtext_text_problem(values[i], 0))) {
			problems_add(ps, fields[i], problem);
			continue;
		}
		problem = i == 0 ? plan_vocab_statuses(v, values[i])
			  : i == 1 ? plan_vocab_priorities(v, values[i])
				   : plan_vocab_grades(v, values[i]);
		if (problem)
			problems_add(ps, fields[i], problem);
	}
	free(v);
	return ps->n - n0;
}

int plan_create(struct store *st, const struct actor *who, const char *name, const char *title, int first_fy,
		int last_fy, const char *statuses, const char *priorities, const char *grades, long long *id,
		char *err, size_t errlen)
{
	if (!plan_is_admin(who))
		return plan_err(err, errlen, "Only the collaboration division may create plans."), -1;
	if (!name || !*name || strlen(name) > 100)
		return plan_err(err, errlen, "A plan needs a short name (1 to 100 bytes)."), -1;
	if (!title || !*title)
		title = name;
	const struct plan_text texts[] = { { name, 0 }, { title, 0 }, { statuses, 0 }, { priorities, 0 }, { grades, 0 } };
	const char *problem = plan_text_problem(texts, sizeof texts / sizeof *texts);
	if (problem)
		return plan_err(err, errlen, problem), -1;
	if (first_fy < 1873 || last_fy > 9999 || first_fy > last_fy)
		return plan_err(err, errlen, "The period must run from a first to a last fiscal year, in order."), -1;
	struct plan_vocab *v = malloc(sizeof *v);
	if (!v)
		return STORE_ERR;
	if ((problem = plan_vocab_statuses(v, statuses)) || (problem = plan_vocab_priorities(v, priorities)) ||
	    (problem = plan_vocab_grades(v, grades))) {
		free(v);
		return plan_err(err, errlen, problem), -1;
	}
	int ns = v->ns, np = v->np, ng = v->ng;
	char **pp = v->pp;
	const char **slabel = v->slabel, **sgroup = v->sgroup, **glabel = v->glabel;
	double *gmin = v->gmin;

	int rc = store_begin(st);
	if (rc != 0) {
		free(v);
		return rc;
	}
	struct stmt *s = store_prepare(st, STMT_PLAN_INSERT);
	if (!s) {
		rc = STORE_ERR;
		goto fail;
	}
	stmt_bind_text(s, 1, name);
	stmt_bind_text(s, 2, title);
	stmt_bind_int(s, 3, first_fy);
	stmt_bind_int(s, 4, last_fy);
	stmt_bind_null(s, 5);
	if ((rc = stmt_exec(s)) != 0) {
		if (rc == STORE_CONSTRAINT) {
			free(v);
			store_rollback(st);
			return plan_err(err, errlen, "A plan with that name exists already."), -1;
		}
		goto fail;
	}
	*id = store_last_id(st);
	json_t *sj = json_array(), *pj = json_array(), *gj = json_object();
	for (int i = 0; i < ns && rc == 0; i++) {
		if (!(s = store_prepare(st, STMT_PLAN_STATUS_INSERT))) {
			rc = STORE_ERR;
			break;
		}
		stmt_bind_int(s, 1, *id);
		stmt_bind_int(s, 2, i + 1);
		stmt_bind_text(s, 3, slabel[i]);
		stmt_bind_text(s, 4, sgroup[i]);
		rc = stmt_exec(s);
		json_array_append_new(sj, json_pack("{s:s,s:s}", "label", slabel[i], "group", sgroup[i]));
	}
	for (int i = 0; i < np && rc == 0; i++) {
		if (!(s = store_prepare(st, STMT_PLAN_PRIORITY_INSERT))) {
			rc = STORE_ERR;
			break;
		}
		stmt_bind_int(s, 1, *id);
		stmt_bind_int(s, 2, i + 1);
		stmt_bind_text(s, 3, pp[i]);
		stmt_bind_text(s, 4, "");
		stmt_bind_text(s, 5, "");
		rc = stmt_exec(s);
		json_array_append_new(pj, json_string(pp[i]));
	}
	for (int i = 0; i < ng && rc == 0; i++) {
		if (!(s = store_prepare(st, STMT_PLAN_GRADE_INSERT))) {
			rc = STORE_ERR;
			break;
		}
		stmt_bind_int(s, 1, *id);
		stmt_bind_text(s, 2, glabel[i]);
		stmt_bind_double(s, 3, gmin[i]);
		rc = stmt_exec(s);
		json_object_set_new(gj, glabel[i], json_real(gmin[i]));
	}
	char *after = plan_json_take(json_pack("{s:I,s:s,s:s,s:i,s:i,s:o,s:o,s:o}", "id", (json_int_t)*id, "name",
					      name, "title", title, "first_fy", first_fy, "last_fy", last_fy,
					      "statuses", sj, "priorities", pj, "grades", gj));
	if (rc == 0)
		rc = audit_record(st, who, "create", "plan", *id, NULL, after);
	free(after);
	if (rc == STORE_CONSTRAINT) {
		free(v);
		store_rollback(st);
		return plan_err(err, errlen, "Two grades share a label or a minimum."), -1;
	}
	if (rc != 0)
		goto fail;
	free(v);
	return store_commit(st);
fail:
	free(v);
	store_rollback(st);
	plan_err(err, errlen, "The database refused the change.");
	return rc ? rc : STORE_ERR;
}

int plan_priority_describe(struct store *st, const struct actor *who, long long priority_id,
			   const char *description, const char *horizon, char *err, size_t errlen)
{
	if (!plan_is_admin(who))
		return plan_err(err, errlen, "Only the collaboration division may change a plan."), -1;
	const struct plan_text texts[] = { { description, 1 }, { horizon, 0 } };
	const char *problem = plan_text_problem(texts, sizeof texts / sizeof *texts);
	if (problem)
		return plan_err(err, errlen, problem), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_PLAN_PRIORITY_GET);
	char *before = NULL;
	if (s)
		stmt_bind_int(s, 1, priority_id);
	if (!s || (rc = stmt_step(s)) != 1) {
		if (s)
			stmt_reset(s);
		store_rollback(st);
		return rc == 0 ? PLAN_NOT_FOUND : STORE_ERR;
	}
	before = plan_json_take(json_pack("{s:s,s:s}", "description", stmt_text(s, 2), "horizon", stmt_text(s, 3)));
	long long plan_id = stmt_int(s, 0);
	stmt_reset(s);
	s = store_prepare(st, STMT_PLAN_PRIORITY_DESCRIBE);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, priority_id);
		stmt_bind_text(s, 2, description ? description : "");
		stmt_bind_text(s, 3, horizon ? horizon : "");
		rc = stmt_exec(s);
	}
	char *after = plan_json_take(json_pack("{s:s,s:s}", "description", description ? description : "",
					      "horizon", horizon ? horizon : ""));
	if (rc == 0)
		rc = audit_record(st, who, "update", "plan_priority", priority_id, before, after);
	if (rc == 0)
		rc = plan_bump_version(st, plan_id);
	free(before);
	free(after);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

/* ---- items ---- */

static json_t *plan_item_json(struct stmt *s)
{
	/* columns of STMT_PLAN_ITEM_GET */
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)stmt_int(s, 0), "parent_id",
			 (json_int_t)stmt_int(s, 2), "code", stmt_text(s, 3), "title", stmt_text(s, 4),
			 "description", stmt_text(s, 5), "priority_id", (json_int_t)stmt_int(s, 6),
			 "department_id", (json_int_t)stmt_int(s, 7), "target_year", stmt_text(s, 8),
			 "planned_actions", stmt_text(s, 9), "key_goal", stmt_text(s, 11));
}

static long long plan_item_by_code(struct store *st, long long plan_id, const char *code, long long *parent)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_BY_CODE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, plan_id);
	stmt_bind_text(s, 2, code);
	long long id = 0;
	if (stmt_step(s) == 1) {
		id = stmt_int(s, 0);
		if (parent)
			*parent = stmt_int(s, 1);
	}
	stmt_reset(s);
	return id;
}

/* Would making new_parent the parent of item create a cycle? Walk up from new_parent. */
static int plan_item_cycle(struct store *st, long long item, long long new_parent)
{
	for (int guard = 0; new_parent && guard < 10000; guard++) {
		if (new_parent == item)
			return 1;
		struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_GET);
		if (!s)
			return 1;
		stmt_bind_int(s, 1, new_parent);
		new_parent = stmt_step(s) == 1 ? stmt_int(s, 2) : 0;
		stmt_reset(s);
	}
	return 0;
}

int plan_item_check(struct store *st, const struct plan *p, long long item_id, const struct plan_item_input *in,
		    struct problems *ps)
{
	int n0 = ps->n;
	const char *problem;
	static const struct { const char *field; size_t off; int multiline; } texts[] = {
		{ "code", offsetof(struct plan_item_input, code), 0 },
		{ "parent", offsetof(struct plan_item_input, parent_code), 0 },
		{ "title", offsetof(struct plan_item_input, title), 1 },
		{ "description", offsetof(struct plan_item_input, description), 1 },
		{ "target_year", offsetof(struct plan_item_input, target_year), 1 },
		{ "planned_actions", offsetof(struct plan_item_input, planned_actions), 1 },
		{ "key_goal", offsetof(struct plan_item_input, key_goal), 1 },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = *(const char *const *)((const char *)in + texts[i].off);
		if (v && (problem = jtext_text_problem(v, texts[i].multiline)))
			problems_add(ps, texts[i].field, problem);
	}
	if (!problems_of(ps, "code") && (!in->code || !*in->code || strlen(in->code) > 50))
		problems_add(ps, "code", N_("An item needs a code (1 to 50 bytes), e.g. Ⅰ-1-(1)."));
	if (!problems_of(ps, "title") && (!in->title || !*in->title || strlen(in->title) > 1000))
		problems_add(ps, "title", N_("An item needs a title (at most 1000 bytes)."));
	if (in->priority && *in->priority && plan_priority_match(p, in->priority) < 0)
		problems_add(ps, "priority", N_("Unknown priority class."));
	if (!problems_of(ps, "key_goal") && in->key_goal && *in->key_goal && in->parent_code && *in->parent_code)
		problems_add(ps, "key_goal", N_("Only a pillar (an item without a parent) has a key goal."));
	else if (!problems_of(ps, "key_goal") && in->key_goal && strlen(in->key_goal) > 20000)
		problems_add(ps, "key_goal", N_("The text is too long (at most 20,000 bytes)."));
	if (in->department && *in->department) {
		long long d = account_department_find(st, in->department);
		if (d == 0)
			problems_add(ps, "department", N_("Choose a department from the list."));
		else if (d < 0)
			problems_add(ps, NULL, N_("The database refused the change."));
	}
	if (!problems_of(ps, "parent") && in->parent_code && *in->parent_code) {
		long long parent = plan_item_by_code(st, p->id, in->parent_code, NULL);
		if (parent <= 0)
			problems_add(ps, "parent", N_("Unknown parent code."));
		else if (item_id && plan_item_cycle(st, item_id, parent))
			problems_add(ps, "parent", N_("An item cannot be placed under itself or its own descendants."));
	}
	return ps->n - n0;
}

int plan_item_save(struct store *st, const struct actor *who, const struct plan *p, long long item_id,
		   const struct plan_item_input *in, long long *out_id, char *err, size_t errlen)
{
	if (!plan_is_admin(who))
		return plan_err(err, errlen, "Only the collaboration division may change a plan."), -1;
	if (!in->code || !*in->code || strlen(in->code) > 50)
		return plan_err(err, errlen, "An item needs a code (1 to 50 bytes), e.g. Ⅰ-1-(1)."), -1;
	if (!in->title || !*in->title || strlen(in->title) > 1000)
		return plan_err(err, errlen, "An item needs a title (at most 1000 bytes)."), -1;
	const struct plan_text texts[] = { { in->code, 0 }, { in->parent_code, 0 }, { in->title, 1 },
					   { in->description, 1 }, { in->priority, 0 }, { in->department, 0 },
					   { in->target_year, 1 }, { in->planned_actions, 1 }, { in->key_goal, 1 } };
	const char *problem = plan_text_problem(texts, sizeof texts / sizeof *texts);
	if (problem)
		return plan_err(err, errlen, problem), -1;
	if (in->key_goal && *in->key_goal && in->parent_code && *in->parent_code)
		return plan_err(err, errlen, "Only a pillar (an item without a parent) has a key goal."), -1;
	if (in->department && *in->department && (problem = account_department_name_problem(in->department)))
		return plan_err(err, errlen, problem), -1;
	long long prio = 0, dept = 0, parent = 0;
	if (in->priority && *in->priority) {
		int k = plan_priority_match(p, in->priority);
		if (k < 0)
			return plan_err(err, errlen, "Unknown priority class."), -1;
		prio = p->priorities[k].id;
	}
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (in->department && *in->department) {
		dept = account_department_ensure(st, who, in->department, "");
		if (dept < 0) {
			store_rollback(st);
			return (int)dept;
		}
	}
	if (in->parent_code && *in->parent_code) {
		parent = plan_item_by_code(st, p->id, in->parent_code, NULL);
		if (parent <= 0) {
			store_rollback(st);
			return plan_err(err, errlen, "Unknown parent code."), -1;
		}
		if (item_id && plan_item_cycle(st, item_id, parent)) {
			store_rollback(st);
			return plan_err(err, errlen, "An item cannot be placed under itself or its own descendants."), -1;
		}
	}
	char *before = NULL;
	long long pos = 0;
	struct stmt *s;
	struct arena *ka = arena_new(0);
	const char *key_goal = in->key_goal ? in->key_goal : "";
	if (!ka)
		goto fail;
	if (item_id) {
		if (!(s = store_prepare(st, STMT_PLAN_ITEM_GET)))
			goto fail;
		stmt_bind_int(s, 1, item_id);
		if (stmt_step(s) != 1 || stmt_int(s, 1) != p->id) {
			stmt_reset(s);
			store_rollback(st);
			arena_free(ka);
			return PLAN_NOT_FOUND;
		}
		before = plan_json_take(plan_item_json(s));
		pos = stmt_int(s, 10);
		if (!in->key_goal)	/* NULL keeps the stored key goal */
			key_goal = arena_strdup(ka, stmt_text(s, 11));
		stmt_reset(s);
		s = store_prepare(st, STMT_PLAN_ITEM_UPDATE);
	} else {
		if (!(s = store_prepare(st, STMT_PLAN_ITEM_MAXPOS)))
			goto fail;
		stmt_bind_int(s, 1, p->id);
		pos = stmt_step(s) == 1 ? stmt_int(s, 0) + 1 : 1;
		stmt_reset(s);
		s = store_prepare(st, STMT_PLAN_ITEM_INSERT);
	}
	if (!s)
		goto fail;
	int k = 1;
	if (item_id)
		stmt_bind_int(s, k++, item_id);
	else
		stmt_bind_int(s, k++, p->id);
	if (parent)
		stmt_bind_int(s, k++, parent);
	else
		stmt_bind_null(s, k++);
	stmt_bind_int(s, k++, pos);
	stmt_bind_text(s, k++, in->code);
	stmt_bind_text(s, k++, in->title);
	stmt_bind_text(s, k++, in->description ? in->description : "");
	if (prio)
		stmt_bind_int(s, k++, prio);
	else
		stmt_bind_null(s, k++);
	if (dept)
		stmt_bind_int(s, k++, dept);
	else
		stmt_bind_null(s, k++);
	stmt_bind_text(s, k++, in->target_year ? in->target_year : "");
	stmt_bind_text(s, k++, in->planned_actions ? in->planned_actions : "");
	if (!item_id)
		stmt_bind_null(s, k++);
	stmt_bind_text(s, k++, key_goal ? key_goal : "");
	rc = stmt_exec(s);
	arena_free(ka);
	ka = NULL;
	if (rc == STORE_CONSTRAINT) {
		store_rollback(st);
		free(before);
		return plan_err(err, errlen, "Another item of this plan has that code."), -1;
	}
	if (rc != 0)
		goto fail;
	long long id = item_id ? item_id : store_last_id(st);
	if (!(s = store_prepare(st, STMT_PLAN_ITEM_GET)))
		goto fail;
	stmt_bind_int(s, 1, id);
	char *after = stmt_step(s) == 1 ? plan_json_take(plan_item_json(s)) : NULL;
	stmt_reset(s);
	rc = audit_record(st, who, item_id ? "update" : "create", "plan_item", id, before, after);
	free(after);
	free(before);
	before = NULL;
	if (rc == 0)
		rc = plan_tree_reindex(st, p->id, id);
	if (rc == 0)
		rc = plan_bump_version(st, p->id);
	if (rc != 0)
		goto fail;
	if (out_id)
		*out_id = id;
	return store_commit(st);
fail:
	free(before);
	arena_free(ka);
	store_rollback(st);
	plan_err(err, errlen, "The database refused the change.");
	return rc ? rc : STORE_ERR;
}

/* ---- yearly records ---- */

enum round_state plan_round_state(struct store *st, long long plan_id, int fy)
{
	struct stmt *s = store_prepare(st, STMT_ROUND_GET);
	if (!s)
		return ROUND_NONE;
	stmt_bind_int(s, 1, plan_id);
	stmt_bind_int(s, 2, fy);
	enum round_state r = ROUND_NONE;
	if (stmt_step(s) == 1)
		r = strcmp(stmt_text(s, 0), "published") == 0 ? ROUND_PUBLISHED : ROUND_OPEN;
	stmt_reset(s);
	return r;
}

static json_t *plan_year_json(struct stmt *s)
{
	/* columns of STMT_PLAN_YEAR_GET */
	json_t *o = json_pack("{s:I,s:s,s:I,s:i,s:s,s:s,s:s}", "status_id", (json_int_t)stmt_int(s, 0), "result",
			      stmt_text(s, 2), "next_priority_id", (json_int_t)stmt_int(s, 3), "next_complete",
			      (int)stmt_int(s, 4), "next_reason", stmt_text(s, 5), "state", stmt_text(s, 6),
			      "return_comment", stmt_text(s, 7));
	json_object_set_new(o, "achievement", stmt_is_null(s, 1) ? json_null() : json_real(stmt_double(s, 1)));
	return o;
}

/* The same object for a record about to be written (the values the upsert binds). */
static json_t *plan_year_rec_json(const struct plan_year_rec *rec)
{
	json_t *o = json_pack("{s:I,s:s,s:I,s:i,s:s,s:s,s:s}", "status_id", (json_int_t)rec->status_id, "result",
			      rec->result ? rec->result : "", "next_priority_id", (json_int_t)rec->next_priority_id,
			      "next_complete", rec->next_complete, "next_reason", rec->next_reason ? rec->next_reason : "",
			      "state", rec->state ? rec->state : "draft", "return_comment",
			      rec->return_comment ? rec->return_comment : "");
	json_object_set_new(o, "achievement", rec->has_achievement ? json_real(rec->achievement) : json_null());
	return o;
}

static char *plan_year_snapshot(struct store *st, long long item_id, int fy)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_YEAR_GET);
	if (!s)
		return NULL;
	stmt_bind_int(s, 1, item_id);
	stmt_bind_int(s, 2, fy);
	char *t = stmt_step(s) == 1 ? plan_json_take(plan_year_json(s)) : NULL;
	stmt_reset(s);
	return t;
}

/* fresh: the caller knows the item has no record of fy (an item it has just created), so
 * the record as it was need not be read (a round trip per record on PostgreSQL). */
static int year_write(struct store *st, const struct actor *who, long long item_id, int fy,
		      const struct plan_year_rec *rec, int audit, int fresh)
{
	char *before = audit && !fresh ? plan_year_snapshot(st, item_id, fy) : NULL;
	struct stmt *s = store_prepare(st, STMT_PLAN_YEAR_UPSERT);
	int rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, item_id);
		stmt_bind_int(s, 2, fy);
		if (rec->status_id)
			stmt_bind_int(s, 3, rec->status_id);
		else
			stmt_bind_null(s, 3);
		if (rec->has_achievement)
			stmt_bind_double(s, 4, rec->achievement);
		else
			stmt_bind_null(s, 4);
		stmt_bind_text(s, 5, rec->result ? rec->result : "");
		if (rec->next_priority_id)
			stmt_bind_int(s, 6, rec->next_priority_id);
		else
			stmt_bind_null(s, 6);
		stmt_bind_int(s, 7, rec->next_complete);
		stmt_bind_text(s, 8, rec->next_reason ? rec->next_reason : "");
		stmt_bind_text(s, 9, rec->state ? rec->state : "draft");
		stmt_bind_text(s, 10, rec->return_comment ? rec->return_comment : "");
		stmt_bind_text(s, 11, who->login);
		rc = stmt_exec(s);
	}
	if (rc == 0 && audit) {
		/* the record as written: the row holds exactly the values just bound */
		char *after = plan_json_take(plan_year_rec_json(rec));
		char entity_key[32];
		snprintf(entity_key, sizeof entity_key, "plan_item_year:%d", fy);
		rc = audit_record(st, who, before ? "update" : "create", entity_key, item_id, before, after);
		free(after);
	}
	free(before);
	return rc;
}

int plan_year_write(struct store *st, const struct actor *who, long long item_id, int fy,
		    const struct plan_year_rec *rec, int audit)
{
	return year_write(st, who, item_id, fy, rec, audit, 0);
}

int plan_year_write_fresh(struct store *st, const struct actor *who, long long item_id, int fy,
			  const struct plan_year_rec *rec)
{
	return year_write(st, who, item_id, fy, rec, 1, 1);
}

/* Who may write item's record in fy, and in which state it lands; had is the stored state
 * ("" when none). 0 or -1 + err. */
static int plan_year_may_write(struct store *st, const struct actor *who, const struct plan *p, long long item_dept,
			       long long item_id, int fy, const char *had, const char **state, char *err,
			       size_t errlen)
{
	enum round_state rs = plan_round_state(st, p->id, fy);
	if (rs == ROUND_PUBLISHED)
		return plan_err(err, errlen, "This year is published and read-only until an administrator reopens it."),
		       -1;
	if (who->role == ROLE_ADMIN)
		return 0;
	if (who->role != ROLE_STAFF || who->department_id != item_dept)
		return plan_err(err, errlen, "Only the department in charge may answer for this item."), -1;
	if (rs != ROUND_OPEN)
		return plan_err(err, errlen, "The round for this year is not open."), -1;
	struct plan_node nd;
	struct arena *a = arena_new(0);
	int rc = a ? plan_item_load(st, a, p, fy, who, item_id, &nd) : STORE_ERR;
	int ended = rc == 0 && nd.ended_fy;
	arena_free(a);
	if (rc != 0)
		return rc;
	if (ended)
		return plan_err(err, errlen, "This item ended (完了) in an earlier year of the plan: it is not asked again."), -1;
	struct stmt *s = store_prepare(st, STMT_ROUND_SUBMISSION_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_int(s, 3, item_dept);
	int submitted = stmt_step(s) == 1;
	stmt_reset(s);
	if (submitted && strcmp(*state, "returned") != 0)
		return plan_err(err, errlen, "Your department has submitted this year; ask the administrator to send the item back."),
		       -1;
	/* an item sent back reopens the department's submission, not its other answers */
	if (strcmp(had, "submitted") == 0)
		return plan_err(err, errlen,
				"This answer has been submitted; ask the collaboration division to send it back if it needs changing."),
		       -1;
	return 0;
}

int plan_year_check(const struct plan *p, const struct plan_year_input *in, struct problems *ps)
{
	int n0 = ps->n;
	double pct;
	const char *problem;
	if (in->status && *in->status && plan_status_match(p, in->status) < 0)
		problems_add(ps, "status", N_("Unknown status."));
	if (in->achievement && *in->achievement && plan_parse_percent(in->achievement, &pct) != 0)
		problems_add(ps, "achievement", N_("The achievement is a percentage from 0 to 100."));
	if (in->next_priority && *in->next_priority && strcmp(in->next_priority, PLAN_COMPLETE_LABEL) != 0 &&
	    strcmp(in->next_priority, "○") != 0 && plan_priority_match(p, in->next_priority) < 0)
		problems_add(ps, "next_priority", N_("Unknown next-period class."));
	const char *const fields[] = { "result", "next_reason" };
	const char *const values[] = { in->result, in->next_reason };
	for (int i = 0; i < 2; i++) {
		if (!values[i])
			continue;
		if ((problem = jtext_text_problem(values[i], 1)))
			problems_add(ps, fields[i], problem);
		else if (strlen(values[i]) > 20000)
			problems_add(ps, fields[i], N_("The text is too long (at most 20,000 bytes)."));
	}
	return ps->n - n0;
}

int plan_year_save(struct store *st, const struct actor *who, const struct plan *p, long long item_id, int fy,
		   const struct plan_year_input *in, char *err, size_t errlen)
{
	struct plan_year_rec rec = { 0 };
	if (fy < p->first_fy || fy > p->last_fy)
		return plan_err(err, errlen, "That fiscal year is outside the plan's period."), -1;
	if (in->status && *in->status) {
		int k = plan_status_match(p, in->status);
		if (k < 0)
			return plan_err(err, errlen, "Unknown status."), -1;
		rec.status_id = p->statuses[k].id;
	}
	if (in->achievement && *in->achievement) {
		if (plan_parse_percent(in->achievement, &rec.achievement) != 0)
			return plan_err(err, errlen, "The achievement is a percentage from 0 to 100."), -1;
		rec.has_achievement = 1;
	}
	if (in->next_priority && *in->next_priority) {
		if (strcmp(in->next_priority, PLAN_COMPLETE_LABEL) == 0 || strcmp(in->next_priority, "○") == 0)
			rec.next_complete = 1;
		else {
			int k = plan_priority_match(p, in->next_priority);
			if (k < 0)
				return plan_err(err, errlen, "Unknown next-period class."), -1;
			rec.next_priority_id = p->priorities[k].id;
		}
	}
	rec.result = in->result;
	rec.next_reason = in->next_reason;
	if ((rec.result && strlen(rec.result) > 20000) || (rec.next_reason && strlen(rec.next_reason) > 20000))
		return plan_err(err, errlen, "The text is too long (at most 20,000 bytes)."), -1;
	const struct plan_text texts[] = { { in->result, 1 }, { in->next_reason, 1 }, { in->achievement, 0 } };
	const char *problem = plan_text_problem(texts, sizeof texts / sizeof *texts);
	if (problem)
		return plan_err(err, errlen, problem), -1;

	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_GET);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	stmt_bind_int(s, 1, item_id);
	if (stmt_step(s) != 1 || stmt_int(s, 1) != p->id) {
		stmt_reset(s);
		store_rollback(st);
		return PLAN_NOT_FOUND;
	}
	long long dept = stmt_int(s, 7);
	stmt_reset(s);
	/* only items (leaves) have a yearly record; branches have outcomes and problems */
	int branch = 1;
	if ((s = store_prepare(st, STMT_PLAN_ITEM_HAS_CHILDREN))) {
		stmt_bind_int(s, 1, item_id);
		branch = stmt_step(s) == 1 ? (int)stmt_int(s, 0) : 1;
		stmt_reset(s);
	}
	if (branch) {
		store_rollback(st);
		return plan_err(err, errlen, "A branch has no status of its own; record its outcomes and problems instead."), -1;
	}
	/* The state follows the round: a returned item stays returned until its department
	 * submits; an administrator's correction keeps whatever state the record had. */
	const char *state = "draft";
	char had[16] = "";
	if ((s = store_prepare(st, STMT_PLAN_YEAR_GET))) {
		stmt_bind_int(s, 1, item_id);
		stmt_bind_int(s, 2, fy);
		if (stmt_step(s) == 1)
			snprintf(had, sizeof had, "%s", stmt_text(s, 6));
		stmt_reset(s);
	}
	if (strcmp(had, "returned") == 0 || (who->role == ROLE_ADMIN && *had))
		state = strcmp(had, "returned") == 0 ? "returned" : strcmp(had, "submitted") == 0 ? "submitted" : "draft";
	if ((rc = plan_year_may_write(st, who, p, dept, item_id, fy, had, &state, err, errlen)) != 0) {
		store_rollback(st);
		return rc;
	}
	rec.state = state;
	if ((rc = plan_year_write(st, who, item_id, fy, &rec, 1)) != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

/* A department writes the outcomes and problems of the branches it is in charge of, while
 * the round is open and until it submits (as its answers). 0, or -1 + err, or a store_rc. */
static int branch_staff_may_write(struct store *st, const struct actor *who, const struct plan *p, int fy,
				  long long branch_dept, char *err, size_t errlen)
{
	if (who->role != ROLE_STAFF || who->department_id <= 0 || who->department_id != branch_dept)
		return plan_err(err, errlen, "Only the department in charge of this branch may record its outcomes and problems."), -1;
	if (plan_round_state(st, p->id, fy) != ROUND_OPEN)
		return plan_err(err, errlen, "The round for this year is not open."), -1;
	struct stmt *s = store_prepare(st, STMT_ROUND_SUBMISSION_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_int(s, 3, branch_dept);
	int submitted = stmt_step(s) == 1;
	stmt_reset(s);
	if (submitted)
		return plan_err(err, errlen, "Your department has submitted this year; ask the administrator to send an item back."), -1;
	return 0;
}

int plan_branch_year_save(struct store *st, const struct actor *who, const struct plan *p, long long item_id,
			  int fy, const char *outcomes, const char *problems, char *err, size_t errlen)
{
	if (!plan_is_admin(who) && who->role != ROLE_STAFF)
		return plan_err(err, errlen, "Only the collaboration division may record outcomes and problems."), -1;
	if (fy < p->first_fy || fy > p->last_fy)
		return plan_err(err, errlen, "That fiscal year is outside the plan's period."), -1;
	const struct plan_text texts[] = { { outcomes, 1 }, { problems, 1 } };
	const char *problem = plan_text_problem(texts, sizeof texts / sizeof *texts);
	if (problem)
		return plan_err(err, errlen, problem), -1;
	if ((outcomes && strlen(outcomes) > 20000) || (problems && strlen(problems) > 20000))
		return plan_err(err, errlen, "The text is too long (at most 20,000 bytes)."), -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (plan_round_state(st, p->id, fy) == ROUND_PUBLISHED) {
		store_rollback(st);
		return plan_err(err, errlen, "This year is published and read-only until an administrator reopens it."), -1;
	}
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_GET);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	stmt_bind_int(s, 1, item_id);
	int found = stmt_step(s) == 1 && stmt_int(s, 1) == p->id;
	long long dept = found ? stmt_int(s, 7) : 0;
	stmt_reset(s);
	if (!found) {
		store_rollback(st);
		return PLAN_NOT_FOUND;
	}
	int branch = 0;
	if ((s = store_prepare(st, STMT_PLAN_ITEM_HAS_CHILDREN))) {
		stmt_bind_int(s, 1, item_id);
		branch = stmt_step(s) == 1 && stmt_int(s, 0);
		stmt_reset(s);
	}
	if (!branch) {
		store_rollback(st);
		return plan_err(err, errlen, "Only a branch (an item with sub-items) has outcomes and problems."), -1;
	}
	if (!plan_is_admin(who) && (rc = branch_staff_may_write(st, who, p, fy, dept, err, errlen)) != 0) {
		store_rollback(st);
		return rc;
	}
	char *before = NULL;
	if ((s = store_prepare(st, STMT_PLAN_BRANCH_GET))) {
		stmt_bind_int(s, 1, item_id);
		stmt_bind_int(s, 2, fy);
		if (stmt_step(s) == 1)
			before = plan_json_take(json_pack("{s:s,s:s}", "outcomes", stmt_text(s, 0), "problems",
							  stmt_text(s, 1)));
		stmt_reset(s);
	}
	rc = STORE_ERR;
	if ((s = store_prepare(st, STMT_PLAN_BRANCH_UPSERT))) {
		stmt_bind_int(s, 1, item_id);
		stmt_bind_int(s, 2, fy);
		stmt_bind_text(s, 3, outcomes ? outcomes : "");
		stmt_bind_text(s, 4, problems ? problems : "");
		rc = stmt_exec(s);
	}
	char *after = plan_json_take(json_pack("{s:s,s:s}", "outcomes", outcomes ? outcomes : "", "problems",
					      problems ? problems : ""));
	char entity_key[32];
	snprintf(entity_key, sizeof entity_key, "plan_branch_year:%d", fy);
	if (rc == 0)
		rc = audit_record(st, who, before ? "update" : "create", entity_key, item_id, before, after);
	free(before);
	free(after);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
