/* plan_import: loads a plan's items and one fiscal year's records from CSV (UTF-8,
 * UTF-8 with BOM, or CP932). Items are matched by code, so importing again updates.
 * Rows may come in any order. Every row is checked before anything is written; any bad
 * row (unknown parent, status or class, duplicate code, a cycle, a missing title) fails
 * the whole import with file, row and column, and nothing is written. */
#include "domain/plan.h"
#include "domain/plan_import.h"
#include "domain/plan_internal.h"
#include "domain/plan_walk.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "io/csv.h"
#include "store/store.h"
#include "util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum import_col {
	COL_CODE, COL_PARENT, COL_TITLE, COL_PRIORITY, COL_DEPARTMENT, COL_TARGET_YEAR, COL_STATUS, COL_RESULT,
	COL_NEXT_PRIORITY, COL_NEXT_REASON, COL_ACHIEVEMENT, COL__MAX
};

/* The accepted headers of each column: English and the Japanese ones officials use. */
static const struct {
	const char *names[4];
	int required;
} import_cols[COL__MAX] = {
	[COL_CODE] = { { "code", "コード", "No", NULL }, 1 },
	[COL_PARENT] = { { "parent", "親コード", NULL }, 0 },
	[COL_TITLE] = { { "title", "内容", NULL }, 1 },
	[COL_PRIORITY] = { { "priority", "重点", NULL }, 0 },
	[COL_DEPARTMENT] = { { "department", "担当課", NULL }, 0 },
	[COL_TARGET_YEAR] = { { "target_year", "目標年次", NULL }, 0 },
	[COL_STATUS] = { { "status", "施策の実施", NULL }, 0 },
	[COL_RESULT] = { { "result", "実績", NULL }, 0 },
	[COL_NEXT_PRIORITY] = { { "next_priority", "次期案", NULL }, 0 },
	[COL_NEXT_REASON] = { { "next_reason", "理由", NULL }, 0 },
	[COL_ACHIEVEMENT] = { { "achievement", "達成率", NULL }, 0 },
};

struct import_row {
	const char *code, *parent, *title, *priority, *department, *target_year, *status, *result, *next, *reason;
	size_t line;		/* 1-based row in the file, header = 1 */
	long long id;		/* existing or new item id */
	long long old_parent;
	int exists;
	int status_idx, prio_idx, next_idx, next_complete, has_achievement;
	double achievement;
	const char *achievement_text;
	int parent_row;		/* index of the parent's row in the file, or -1 */
	long long parent_id;	/* existing parent not in the file */
};

struct import_code { const char *code; int row; long long id, parent_id; };

static int import_code_cmp(const void *x, const void *y)
{
	return strcmp(((const struct import_code *)x)->code, ((const struct import_code *)y)->code);
}

struct import_ctx {
	const char *file;
	struct buf *errors;
	int nerrors;
	int col[COL__MAX];
};

static void import_error(struct import_ctx *c, size_t line, int col, const char *msg, const char *value)
{
	if (c->nerrors++ >= 50)
		return;
	if (col >= 0 && c->col[col] >= 0)
		buf_printf(c->errors, "%s: row %zu, column %d (%s): %s", c->file, line, c->col[col] + 1,
			   import_cols[col].names[0], msg);
	else
		buf_printf(c->errors, "%s: row %zu: %s", c->file, line, msg);
	if (value)
		buf_printf(c->errors, " \"%s\"", value);
	buf_putc(c->errors, '\n');
}

static const char *import_cell(const struct csv_table *t, const struct import_ctx *c, size_t r, enum import_col k)
{
	return c->col[k] >= 0 ? csv_cell(t, r, (size_t)c->col[k]) : "";
}

/* Map header names to columns. Returns 0, or -1 with errors. */
static int import_headers(const struct csv_table *t, struct import_ctx *c, struct buf *warnings)
{
	for (int k = 0; k < COL__MAX; k++)
		c->col[k] = -1;
	if (t->nrows < 1)
		return import_error(c, 1, -1, "the file is empty; expected a header row", NULL), -1;
	for (size_t j = 0; j < t->ncols[0]; j++) {
		const char *h = t->cell[0][j];
		int found = 0;
		for (int k = 0; k < COL__MAX && !found; k++)
			for (int n = 0; import_cols[k].names[n] && !found; n++)
				if (strcmp(h, import_cols[k].names[n]) == 0) {
					if (c->col[k] >= 0)
						import_error(c, 1, -1, "a column appears twice", h);
					c->col[k] = (int)j;
					found = 1;
				}
		if (!found && *h)
			buf_printf(warnings, "%s: column %zu \"%s\" is not a known column and was ignored\n", c->file,
				   j + 1, h);
	}
	for (int k = 0; k < COL__MAX; k++)
		if (import_cols[k].required && c->col[k] < 0)
			import_error(c, 1, -1, "a required column is missing", import_cols[k].names[0]);
	return c->nerrors ? -1 : 0;
}

/* Existing items of the plan, sorted by code. */
static int import_existing(struct store *st, long long plan_id, struct import_code **out, size_t *n)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_CODES);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, plan_id);
	size_t cap = 256;
	struct import_code *v = malloc(cap * sizeof *v);
	int rc;
	*n = 0;
	while (v && (rc = stmt_step(s)) == 1) {
		if (*n == cap) {
			struct import_code *v2 = realloc(v, 2 * cap * sizeof *v);
			if (!v2) {
				free(v);
				v = NULL;
				break;
			}
			v = v2;
			cap *= 2;
		}
		v[*n] = (struct import_code){ strdup(stmt_text(s, 1)), -1, stmt_int(s, 0), stmt_int(s, 2) };
		(*n)++;
	}
	stmt_reset(s);
	if (!v)
		return STORE_ERR;
	qsort(v, *n, sizeof *v, import_code_cmp);
	*out = v;
	return rc < 0 ? rc : 0;
}

static struct import_code *import_find(struct import_code *v, size_t n, const char *code)
{
	struct import_code key = { code, 0, 0, 0 };
	return bsearch(&key, v, n, sizeof *v, import_code_cmp);
}

/* Check each row on its own and against the vocabulary. */
static void import_check_rows(const struct plan *p, const struct csv_table *t, struct import_ctx *c,
			      struct import_row *rows, const size_t *file_rows, size_t nrows)
{
	for (size_t i = 0; i < nrows; i++) {
		struct import_row *r = &rows[i];
		size_t ri = file_rows[i];
		r->line = ri + 1;
		r->code = import_cell(t, c, ri, COL_CODE);
		r->parent = import_cell(t, c, ri, COL_PARENT);
		r->title = import_cell(t, c, ri, COL_TITLE);
		r->priority = import_cell(t, c, ri, COL_PRIORITY);
		r->department = import_cell(t, c, ri, COL_DEPARTMENT);
		r->target_year = import_cell(t, c, ri, COL_TARGET_YEAR);
		r->status = import_cell(t, c, ri, COL_STATUS);
		r->result = import_cell(t, c, ri, COL_RESULT);
		r->next = import_cell(t, c, ri, COL_NEXT_PRIORITY);
		r->reason = import_cell(t, c, ri, COL_NEXT_REASON);
		r->achievement_text = import_cell(t, c, ri, COL_ACHIEVEMENT);
		if (*r->achievement_text) {
			if (plan_parse_percent(r->achievement_text, &r->achievement) != 0)
				import_error(c, r->line, COL_ACHIEVEMENT, "the achievement is a percentage from 0 to 100",
					     r->achievement_text);
			else
				r->has_achievement = 1;
		}
		r->status_idx = r->prio_idx = r->next_idx = -1;
		r->parent_row = -1;
		if (!*r->code)
			import_error(c, r->line, COL_CODE, "the code is empty", NULL);
		else if (strlen(r->code) > 50)
			import_error(c, r->line, COL_CODE, "the code is longer than 50 bytes", NULL);
		if (!*r->title)
			import_error(c, r->line, COL_TITLE, "the title is empty", NULL);
		else if (strlen(r->title) > 1000)
			import_error(c, r->line, COL_TITLE, "the title is longer than 1000 bytes", NULL);
		if (*r->priority && (r->prio_idx = plan_priority_match(p, r->priority)) < 0)
			import_error(c, r->line, COL_PRIORITY, "unknown priority class", r->priority);
		if (*r->status && (r->status_idx = plan_status_match(p, r->status)) < 0)
			import_error(c, r->line, COL_STATUS, "unknown status", r->status);
		if (*r->next) {
			if (strcmp(r->next, PLAN_COMPLETE_LABEL) == 0 || strcmp(r->next, "○") == 0)
				r->next_complete = 1;
			else if ((r->next_idx = plan_priority_match(p, r->next)) < 0) {
				/* "○→I": completed as is, continued as class I */
				const char *arrow = strstr(r->next, "→");
				if (arrow && (r->next_idx = plan_priority_match(p, arrow + 3)) >= 0)
					;
				else
					import_error(c, r->line, COL_NEXT_PRIORITY, "unknown next-period class", r->next);
			}
		}
		if (!*r->status && (*r->result || *r->next || *r->reason) && c->col[COL_STATUS] >= 0)
			import_error(c, r->line, COL_STATUS, "a result or next class needs a status", NULL);
	}
}

/* Codes unique in the file; parents exist; no cycles. */
static void import_check_tree(struct import_ctx *c, struct import_row *rows, size_t nrows,
			      struct import_code *old, size_t nold, struct import_code *mine)
{
	for (size_t i = 0; i < nrows; i++)
		mine[i] = (struct import_code){ rows[i].code, (int)i, 0, 0 };
	qsort(mine, nrows, sizeof *mine, import_code_cmp);
	for (size_t i = 1; i < nrows; i++)
		if (*mine[i].code && strcmp(mine[i].code, mine[i - 1].code) == 0) {
			struct import_row *r = &rows[mine[i].row];
			char msg[128];
			snprintf(msg, sizeof msg, "duplicate code (also on row %zu)", rows[mine[i - 1].row].line);
			import_error(c, r->line, COL_CODE, msg, r->code);
		}
	for (size_t i = 0; i < nrows; i++) {
		struct import_row *r = &rows[i];
		struct import_code *o = import_find(old, nold, r->code);
		if (o) {
			r->exists = 1;
			r->id = o->id;
			r->old_parent = o->parent_id;
		}
		if (!*r->parent)
			continue;
		struct import_code *m = import_find(mine, nrows, r->parent);
		if (m)
			r->parent_row = m->row;
		else if ((o = import_find(old, nold, r->parent)))
			r->parent_id = o->id;
		else
			import_error(c, r->line, COL_PARENT, "unknown parent code", r->parent);
		if (strcmp(r->parent, r->code) == 0)
			import_error(c, r->line, COL_PARENT, "an item cannot be its own parent", r->parent);
	}
	/* Cycles: follow parents within the file; an existing parent outside the file keeps
	 * its own (stored, acyclic) ancestry unless that ancestry passes through a file row,
	 * which is handled by mapping stored parent ids back to rows. */
	for (size_t i = 0; i < nrows; i++) {
		int cur = (int)i;
		for (size_t steps = 0; cur >= 0 && steps <= nrows + nold; steps++) {
			const struct import_row *r = &rows[cur];
			int next = r->parent_row;
			if (next < 0 && r->parent_id) {	/* climb stored items until one is in the file */
				long long pid = r->parent_id;
				for (size_t g = 0; pid && g <= nold; g++) {
					struct import_code *o = NULL;
					for (size_t k = 0; k < nold; k++)
						if (old[k].id == pid) {
							o = &old[k];
							break;
						}
					if (!o)
						break;
					struct import_code *m = import_find(mine, nrows, o->code);
					if (m) {
						next = m->row;
						break;
					}
					pid = o->parent_id;
				}
			}
			if (next == (int)i) {
				import_error(c, rows[i].line, COL_PARENT, "the parents form a cycle", rows[i].parent);
				break;
			}
			cur = next;
		}
	}
}

/* One item's stored fields (STMT_PLAN_ITEM_GET), to keep what the file does not carry. */
struct import_item {
	long long parent_id, priority_id, department_id, pos;
	char *title, *description, *target_year, *planned_actions;
};

static int import_item_load(struct store *st, long long id, struct import_item *it)
{
	struct stmt *g = store_prepare(st, STMT_PLAN_ITEM_GET);
	if (!g)
		return STORE_ERR;
	stmt_bind_int(g, 1, id);
	int rc = stmt_step(g);
	if (rc == 1) {
		it->parent_id = stmt_int(g, 2);
		it->title = strdup(stmt_text(g, 4));
		it->description = strdup(stmt_text(g, 5));
		it->priority_id = stmt_int(g, 6);
		it->department_id = stmt_int(g, 7);
		it->target_year = strdup(stmt_text(g, 8));
		it->planned_actions = strdup(stmt_text(g, 9));
		it->pos = stmt_int(g, 10);
	}
	stmt_reset(g);
	return rc == 1 ? 0 : STORE_ERR;
}

static void import_item_free(struct import_item *it)
{
	free(it->title);
	free(it->description);
	free(it->target_year);
	free(it->planned_actions);
}

static json_t *import_item_json(const char *code, const struct import_item *it)
{
	return json_pack("{s:s,s:s,s:I,s:I,s:I,s:s}", "code", code, "title", it->title, "parent_id",
			 (json_int_t)it->parent_id, "priority_id", (json_int_t)it->priority_id, "department_id",
			 (json_int_t)it->department_id, "target_year", it->target_year);
}

/* Write one item: a column the file does not have keeps the stored value. */
static int import_write_item(struct store *st, const struct actor *who, const struct plan *p,
			     const struct import_ctx *c, struct import_row *r, long long base_pos,
			     struct plan_import_result *res)
{
	struct import_item old = { 0 }, it = { 0 };
	int rc = 0;
	if (r->exists && (rc = import_item_load(st, r->id, &old)) != 0)
		return rc;
	it = old;
	it.title = (char *)r->title;
	if (!r->exists) {
		it.pos = base_pos + (long long)r->line;
		it.description = it.planned_actions = it.target_year = (char *)"";
	}
	if (c->col[COL_PRIORITY] >= 0)
		it.priority_id = r->prio_idx >= 0 ? p->priorities[r->prio_idx].id : 0;
	if (c->col[COL_TARGET_YEAR] >= 0)
		it.target_year = (char *)r->target_year;
	if (c->col[COL_DEPARTMENT] >= 0) {
		it.department_id = 0;
		if (*r->department) {
			long long d = account_department_ensure(st, who, r->department, "");
			if (d < 0) {
				rc = (int)d;
				goto out;
			}
			it.department_id = d;
		}
	}
	if (r->exists && strcmp(it.title, old.title) == 0 && it.priority_id == old.priority_id &&
	    it.department_id == old.department_id && strcmp(it.target_year, old.target_year) == 0) {
		r->old_parent = old.parent_id;	/* unchanged: nothing to write or audit */
		res->unchanged++;
		goto out;
	}
	/* parents are set in a second pass, once every row has an id */
	struct stmt *s = store_prepare(st, r->exists ? STMT_PLAN_ITEM_UPDATE : STMT_PLAN_ITEM_INSERT);
	if (!s) {
		rc = STORE_ERR;
		goto out;
	}
	stmt_bind_int(s, 1, r->exists ? r->id : p->id);
	if (it.parent_id)
		stmt_bind_int(s, 2, it.parent_id);
	else
		stmt_bind_null(s, 2);
	stmt_bind_int(s, 3, it.pos);
	stmt_bind_text(s, 4, r->code);
	stmt_bind_text(s, 5, it.title);
	stmt_bind_text(s, 6, it.description);
	if (it.priority_id)
		stmt_bind_int(s, 7, it.priority_id);
	else
		stmt_bind_null(s, 7);
	if (it.department_id)
		stmt_bind_int(s, 8, it.department_id);
	else
		stmt_bind_null(s, 8);
	stmt_bind_text(s, 9, it.target_year);
	stmt_bind_text(s, 10, it.planned_actions);
	if (!r->exists)
		stmt_bind_null(s, 11);
	if ((rc = stmt_exec(s)) != 0)
		goto out;
	if (!r->exists) {
		r->id = store_last_id(st);
		res->created++;
	} else {
		res->updated++;
	}
	r->old_parent = it.parent_id;
	{
		char *before = r->exists ? plan_json_take(import_item_json(r->code, &old)) : NULL;
		char *after = plan_json_take(import_item_json(r->code, &it));
		rc = audit_record(st, who, r->exists ? "import-update" : "import-create", "plan_item", r->id, before,
				  after);
		free(before);
		free(after);
	}
out:
	if (r->exists)
		import_item_free(&old);
	return rc;
}

/* Set the parents the file names (a column the file lacks keeps them); audited. */
static int import_write_parent(struct store *st, const struct actor *who, struct import_row *rows,
			       struct import_row *r)
{
	long long parent = r->parent_row >= 0 ? rows[r->parent_row].id : r->parent_id;
	if (parent == r->old_parent)
		return 0;
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_SET_PARENT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, r->id);
	if (parent)
		stmt_bind_int(s, 2, parent);
	else
		stmt_bind_null(s, 2);
	int rc = stmt_exec(s);
	if (rc == 0 && r->exists) {
		char before[64], after[64];
		snprintf(before, sizeof before, "{\"parent_id\":%lld}", r->old_parent);
		snprintf(after, sizeof after, "{\"parent_id\":%lld}", parent);
		rc = audit_record(st, who, "import-move", "plan_item", r->id, before, after);
	}
	return rc;
}

/* The year's record: a missing status column leaves records alone; an empty status
 * removes the record; other missing columns keep what was stored. */
static int import_write_year(struct store *st, const struct actor *who, const struct plan *p, int fy,
			     const struct import_ctx *c, const struct import_row *r, struct plan_import_result *res)
{
	if (c->col[COL_STATUS] < 0)
		return 0;
	struct plan_year_rec rec = { .state = "draft" };
	char *keep[4] = { NULL, NULL, NULL, NULL };
	int had = 0, rc;
	struct stmt *s = store_prepare(st, STMT_PLAN_YEAR_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, r->id);
	stmt_bind_int(s, 2, fy);
	if (stmt_step(s) == 1) {
		had = 1;
		rec.has_achievement = !stmt_is_null(s, 1);
		rec.achievement = stmt_double(s, 1);
		keep[0] = strdup(stmt_text(s, 2));	/* result */
		rec.next_priority_id = stmt_int(s, 3);
		rec.next_complete = (int)stmt_int(s, 4);
		keep[1] = strdup(stmt_text(s, 5));	/* next_reason */
		keep[2] = strdup(stmt_text(s, 6));	/* state */
		keep[3] = strdup(stmt_text(s, 7));	/* return_comment */
		rec.result = keep[0];
		rec.next_reason = keep[1];
		rec.state = keep[2];
		rec.return_comment = keep[3];
	}
	stmt_reset(s);
	if (r->status_idx < 0) {
		rc = 0;
		if (had) {
			char *before = plan_json_take(json_pack("{s:s,s:s}", "result", keep[0], "state", keep[2]));
			char key[32];
			snprintf(key, sizeof key, "plan_item_year:%d", fy);
			rc = audit_record(st, who, "import-delete", key, r->id, before, NULL);
			free(before);
			if (rc == 0 && (s = store_prepare(st, STMT_PLAN_YEAR_DELETE))) {
				stmt_bind_int(s, 1, r->id);
				stmt_bind_int(s, 2, fy);
				rc = stmt_exec(s);
			}
		}
		goto out;
	}
	rec.status_id = p->statuses[r->status_idx].id;
	if (c->col[COL_RESULT] >= 0)
		rec.result = r->result;
	if (c->col[COL_NEXT_REASON] >= 0)
		rec.next_reason = r->reason;
	if (c->col[COL_NEXT_PRIORITY] >= 0) {
		rec.next_priority_id = r->next_idx >= 0 ? p->priorities[r->next_idx].id : 0;
		rec.next_complete = r->next_complete;
	}
	if (c->col[COL_ACHIEVEMENT] >= 0) {
		rec.has_achievement = r->has_achievement;
		rec.achievement = r->achievement;
	}
	rc = plan_year_write(st, who, r->id, fy, &rec, 1);
	res->records++;
out:
	for (int i = 0; i < 4; i++)
		free(keep[i]);
	return rc;
}

/* After writing: no branch (an item with children) may hold a status. */
static int import_check_branches(struct store *st, const struct plan *p, int fy, struct import_ctx *c,
				 struct import_code *mine, size_t nrows, struct import_row *rows)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_BRANCH_WITH_STATUS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	stmt_bind_int(s, 2, fy);
	int rc;
	while ((rc = stmt_step(s)) == 1) {
		struct import_code *m = import_find(mine, nrows, stmt_text(s, 0));
		import_error(c, m ? rows[m->row].line : 1, m ? COL_STATUS : -1,
			     "a branch (an item with sub-items) cannot have a status", stmt_text(s, 0));
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

static int import_write(struct store *st, const struct actor *who, const struct plan *p, int fy,
			struct import_ctx *c, struct import_row *rows, size_t nrows, struct plan_import_result *res)
{
	int rc = 0;
	long long base_pos = 0;
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_MAXPOS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	if (stmt_step(s) == 1)
		base_pos = stmt_int(s, 0);	/* new items go after the existing ones, in file order */
	stmt_reset(s);
	for (size_t i = 0; i < nrows && rc == 0; i++)
		rc = import_write_item(st, who, p, c, &rows[i], base_pos, res);
	for (size_t i = 0; i < nrows && rc == 0; i++)
		if (c->col[COL_PARENT] >= 0)
			rc = import_write_parent(st, who, rows, &rows[i]);
	if (rc == 0 && (res->created || res->updated || c->col[COL_PARENT] >= 0))
		rc = plan_tree_reindex(st, p->id, 0);	/* only the rows whose place changed are written */
	for (size_t i = 0; i < nrows && rc == 0; i++)
		rc = import_write_year(st, who, p, fy, c, &rows[i], res);
	return rc;
}

static int import_blank(const struct csv_table *t, size_t r)
{
	for (size_t j = 0; j < t->ncols[r]; j++)
		if (*t->cell[r][j])
			return 0;
	return 1;
}

int plan_import(struct store *st, const struct actor *who, const struct plan *p, int fy, const char *file,
		const char *data, size_t len, enum csv_encoding enc, struct plan_import_result *res,
		struct buf *errors, struct buf *warnings)
{
	struct csv_table t = { 0 };
	struct import_ctx c = { .file = file, .errors = errors };
	char err[512];
	struct import_row *rows = NULL;
	struct import_code *old = NULL, *mine = NULL;
	size_t *file_rows = NULL;
	size_t nold = 0, nrows = 0;
	int rc = -1;
	memset(res, 0, sizeof *res);
	if (who->role != ROLE_ADMIN) {
		buf_printf(errors, "only the collaboration division may import plans\n");
		return -1;
	}
	if (fy < p->first_fy || fy > p->last_fy) {
		buf_printf(errors, "%s: fiscal year %d is outside the plan's period %d-%d\n", file, fy, p->first_fy,
			   p->last_fy);
		return -1;
	}
	if (csv_read(data, len, enc, &t, err, sizeof err) != 0) {
		buf_printf(errors, "%s: %s\n", file, err);
		return -1;
	}
	if (import_headers(&t, &c, warnings) != 0)
		goto out;
	file_rows = malloc(t.nrows * sizeof *file_rows);
	rows = calloc(t.nrows, sizeof *rows);
	mine = calloc(t.nrows, sizeof *mine);
	if (!file_rows || !rows || !mine) {
		rc = STORE_ERR;
		goto out;
	}
	for (size_t r = 1; r < t.nrows; r++)	/* blank lines are neither items nor errors */
		if (!import_blank(&t, r))
			file_rows[nrows++] = r;
	import_check_rows(p, &t, &c, rows, file_rows, nrows);

	if ((rc = store_begin(st)) != 0)
		goto out;
	if (plan_round_state(st, p->id, fy) == ROUND_PUBLISHED) {
		buf_printf(errors, "%s: fiscal year %d is published; reopen it before importing\n", file, fy);
		c.nerrors++;
	}
	if ((rc = import_existing(st, p->id, &old, &nold)) != 0) {
		store_rollback(st);
		goto out;
	}
	import_check_tree(&c, rows, nrows, old, nold, mine);
	if (c.nerrors > 0) {
		if (c.nerrors > 50)
			buf_printf(errors, "%s: %d more errors not shown\n", file, c.nerrors - 50);
		store_rollback(st);
		rc = -1;
		goto out;
	}
	rc = import_write(st, who, p, fy, &c, rows, nrows, res);
	if (rc == 0 && (rc = import_check_branches(st, p, fy, &c, mine, nrows, rows)) == 0 && c.nerrors > 0) {
		store_rollback(st);
		rc = -1;
		goto out;
	}
	if (rc == 0) {
		char *after = plan_json_take(json_pack("{s:s,s:i,s:i,s:i,s:i}", "file", file, "fy", fy, "created",
						      res->created, "updated", res->updated, "records", res->records));
		rc = audit_record(st, who, "import", "plan", p->id, NULL, after);
		free(after);
		if (rc == 0 && res->created + res->updated > 0)
			rc = plan_bump_version(st, p->id);
	}
	if (rc != 0) {
		store_rollback(st);
		buf_printf(errors, "%s: the database refused the import (%s); nothing was written\n", file,
			   store_errmsg(st));
		goto out;
	}
	rc = store_commit(st);
	if (rc != 0)
		buf_printf(errors, "%s: the import could not be committed; nothing was written\n", file);
out:
	if (old)
		for (size_t i = 0; i < nold; i++)
			free((char *)old[i].code);
	free(old);
	free(file_rows);
	free(rows);
	free(mine);
	csv_table_free(&t);
	return rc;
}
