/* plan_import: loads a plan's items and one fiscal year's records from CSV (UTF-8,
 * UTF-8 with BOM, or CP932). Items are matched by code, so importing again updates.
 * Rows may come in any order. Every row is checked before anything is written; any bad
 * row (unknown parent, status or class, duplicate code, a cycle, a missing title, text a
 * field may not hold, a code a spreadsheet turned into a date) fails the whole import with
 * file, row and column, and nothing is written.
 *
 * Round trips change nothing: a cell of a file read as CP932 is compared with what is
 * stored as text that came back through a CP932 file (csv_same_text: 〜 is ～, 〓 stands
 * for a character CP932 cannot hold), codes are matched the same way — and a code that
 * fits several items so is refused, never guessed; a UTF-8 file is compared exactly. The
 * apostrophe Kyodo's CSV writer puts before a formula-like cell is taken off (csv_unguard),
 * and an item or record whose cells all equal what is stored is not written. A dry run
 * does all of it inside the transaction, lists the changes, and rolls back. */
#include "domain/plan.h"
#include "domain/plan_import.h"
#include "domain/plan_internal.h"
#include "domain/plan_walk.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "io/csv.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/jtext.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum import_col {
	COL_CODE, COL_PARENT, COL_TITLE, COL_DESCRIPTION, COL_PRIORITY, COL_DEPARTMENT, COL_TARGET_YEAR,
	COL_PLANNED, COL_STATUS, COL_ACHIEVEMENT, COL_RESULT, COL_NEXT_PRIORITY, COL_NEXT_REASON, COL_OUTCOMES,
	COL_PROBLEMS, COL_KEY_GOAL, COL__MAX
};

/* The accepted headers of each column: English and the Japanese ones officials use (the
 * full export layout writes the Japanese ones, io/plan_export.c). multiline: the text may
 * hold line breaks. */
static const struct {
	const char *names[4];
	int required, multiline;
} import_cols[COL__MAX] = {
	[COL_CODE] = { { "code", "コード", "No", NULL }, 1, 0 },
	[COL_PARENT] = { { "parent", "親コード", NULL }, 0, 0 },
	[COL_TITLE] = { { "title", "内容", NULL }, 1, 1 },
	[COL_DESCRIPTION] = { { "description", "説明", NULL }, 0, 1 },
	[COL_PRIORITY] = { { "priority", "重点", NULL }, 0, 0 },
	[COL_DEPARTMENT] = { { "department", "担当課", NULL }, 0, 0 },
	[COL_TARGET_YEAR] = { { "target_year", "目標年次", NULL }, 0, 1 },
	[COL_PLANNED] = { { "planned_actions", "取組内容", NULL }, 0, 1 },
	[COL_STATUS] = { { "status", "施策の実施", NULL }, 0, 0 },
	[COL_ACHIEVEMENT] = { { "achievement", "達成率", NULL }, 0, 0 },
	[COL_RESULT] = { { "result", "実績", NULL }, 0, 1 },
	[COL_NEXT_PRIORITY] = { { "next_priority", "次期案", NULL }, 0, 0 },
	[COL_NEXT_REASON] = { { "next_reason", "理由", NULL }, 0, 1 },
	[COL_OUTCOMES] = { { "outcomes", "成果", NULL }, 0, 1 },
	[COL_PROBLEMS] = { { "problems", "課題", NULL }, 0, 1 },
	[COL_KEY_GOAL] = { { "key_goal", "重点目標", NULL }, 0, 1 },
};

struct import_row {
	const char *v[COL__MAX];	/* the cells, "" when the file lacks the column */
	size_t line;		/* 1-based row in the file, header = 1 */
	long long id;		/* existing or new item id */
	long long old_parent;
	int exists;
	const char *stored_code;	/* the matched item's code as stored (may differ as CP932 text) */
	int status_idx, prio_idx, next_idx, next_complete, has_achievement;
	double achievement;
	int parent_row;		/* index of the parent's row in the file, or -1 */
	long long parent_id;	/* existing parent not in the file */
};

/* A code: of an existing item (row -1) or of a file row (id 0). fold: the code as it
 * comes back from a CP932 file, so that "A〜1" finds "A～1". */
struct import_code {
	const char *code;
	char *fold;
	int row;
	long long id, parent_id;
};

static int import_code_cmp(const void *x, const void *y)
{
	return strcmp(((const struct import_code *)x)->code, ((const struct import_code *)y)->code);
}

static int import_fold_cmp(const void *x, const void *y)
{
	const struct import_code *a = x, *b = y;
	int c = strcmp(a->fold, b->fold);
	return c ? c : strcmp(a->code, b->code);
}

/* s with every character as it comes back from a CP932 file (malloc'd, NULL on OOM). */
static char *import_fold(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1), *o = out;	/* a byte may become 〓 (3 bytes) */
	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = jtext_utf8_decode(s + i, n - i, &cp);
		char enc[4];
		int e = jtext_utf8_encode(csv_cp932_fold_cp(cp), enc);
		memcpy(o, enc, (size_t)e);
		o += e;
		i += (size_t)k;
	}
	*o = 0;
	return out;
}

#define IMPORT_DEPTS 64	/* departments remembered by name during one import */

struct import_ctx {
	const char *file;
	struct buf *errors, *changes;
	int nerrors;
	int col[COL__MAX];
	int cp932;		/* the file was read as CP932: compare as it gives text back */
	/* the departments the import has found or created: a plan names few, on many rows, and
	 * each lookup is a query (a round trip on PostgreSQL) */
	const char *dept_name[IMPORT_DEPTS];
	long long dept_id[IMPORT_DEPTS];
	int ndepts;
};

/* Does the file's text v stand for the stored text? Equal, or (CP932 file) equal once
 * both have been through CP932. */
static int import_same(const struct import_ctx *c, const char *v, const char *stored)
{
	return strcmp(v, stored) == 0 || (c->cp932 && csv_same_text(v, stored));
}

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

/* A line of the dry run's list (and of --verbose runs): what happens to which code. */
static void import_change(struct import_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void import_change(struct import_ctx *c, const char *fmt, ...)
{
	if (!c->changes)
		return;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(c->changes, fmt, ap);
	va_end(ap);
	buf_putc(c->changes, '\n');
}

/* A cell without the apostrophe Kyodo's CSV writer puts before formula-like text. */
static const char *import_cell(const struct csv_table *t, const struct import_ctx *c, size_t r, enum import_col k)
{
	return c->col[k] >= 0 ? csv_unguard(csv_cell(t, r, (size_t)c->col[k])) : "";
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

/* Existing items of the plan, sorted by their folded code. */
static int import_existing(struct store *st, long long plan_id, struct import_code **out, size_t *n)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_CODES);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, plan_id);
	size_t cap = 256;
	struct import_code *v = malloc(cap * sizeof *v);
	int rc = 0;
	*n = 0;
	while (v && (rc = stmt_step(s)) == 1) {
		if (*n == cap) {
			struct import_code *v2 = realloc(v, 2 * cap * sizeof *v);
			if (!v2)
				break;
			v = v2;
			cap *= 2;
		}
		char *code = strdup(stmt_text(s, 1));
		char *fold = code ? import_fold(code) : NULL;
		if (!fold) {
			free(code);
			break;
		}
		v[*n] = (struct import_code){ code, fold, -1, stmt_int(s, 0), stmt_int(s, 2) };
		(*n)++;
	}
	stmt_reset(s);
	*out = v;
	if (!v || rc == 1)
		return STORE_ERR;
	qsort(v, *n, sizeof *v, import_fold_cmp);
	return rc < 0 ? rc : 0;
}

static void import_existing_free(struct import_code *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free((char *)v[i].code);
		free(v[i].fold);
	}
	free(v);
}

/* The existing item a code names: the same code, else — in a file read as CP932 — the
 * one item that is the same code once through CP932 (〓-1 for 鷗-1). NULL when none;
 * *ambiguous (may be NULL) is set when several items fit so. */
static struct import_code *import_find_old(const struct import_ctx *c, struct import_code *v, size_t n,
					   const char *code, int *ambiguous)
{
	if (ambiguous)
		*ambiguous = 0;
	char *fold = import_fold(code);
	if (!fold)
		return NULL;
	struct import_code key = { code, fold, 0, 0, 0 };
	struct import_code *hit = bsearch(&key, v, n, sizeof *v, import_fold_cmp);
	if (!hit && c->cp932) {	/* no exact code: the items with the same folded code */
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (strcmp(v[mid].fold, fold) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t end = lo;
		while (end < n && strcmp(v[end].fold, fold) == 0)
			end++;
		if (end - lo == 1)
			hit = &v[lo];
		else if (end - lo > 1 && ambiguous)
			*ambiguous = 1;
	}
	free(fold);
	return hit;
}

static struct import_code *import_find_mine(struct import_code *v, size_t n, const char *code)
{
	struct import_code key = { code, NULL, 0, 0, 0 };
	return bsearch(&key, v, n, sizeof *v, import_code_cmp);
}

/* An existing code that the cell would be with its leading zeros ("42" for "0042"), for
 * the spreadsheet-damage check; NULL when none. */
static const char *import_zero_twin(const struct import_ctx *c, struct import_code *old, size_t nold,
				    const char *cell)
{
	size_t n = strlen(cell);
	if (!n || n >= 40 || strspn(cell, "0123456789") != n)
		return NULL;
	char buf[64];
	for (size_t zeros = 1; zeros + n < sizeof buf; zeros++) {
		memset(buf, '0', zeros);
		memcpy(buf + zeros, cell, n + 1);
		struct import_code *o = import_find_old(c, old, nold, buf, NULL);
		if (o && strcmp(o->code, buf) == 0)
			return o->code;
	}
	return NULL;
}

/* Check each row on its own and against the vocabulary. */
static void import_check_rows(const struct plan *p, const struct csv_table *t, struct import_ctx *c,
			      struct import_row *rows, const size_t *file_rows, size_t nrows)
{
	for (size_t i = 0; i < nrows; i++) {
		struct import_row *r = &rows[i];
		size_t ri = file_rows[i];
		r->line = ri + 1;
		for (int k = 0; k < COL__MAX; k++) {
			r->v[k] = import_cell(t, c, ri, (enum import_col)k);
			const char *problem = jtext_text_problem(r->v[k], import_cols[k].multiline);
			if (problem)
				import_error(c, r->line, k, problem, NULL);
		}
		const char *ach = r->v[COL_ACHIEVEMENT];
		if (*ach) {
			if (plan_parse_percent(ach, &r->achievement) != 0)
				import_error(c, r->line, COL_ACHIEVEMENT, "the achievement is a percentage from 0 to 100", ach);
			else
				r->has_achievement = 1;
		}
		r->status_idx = r->prio_idx = r->next_idx = -1;
		r->parent_row = -1;
		const char *code = r->v[COL_CODE], *title = r->v[COL_TITLE];
		if (!*code)
			import_error(c, r->line, COL_CODE, "the code is empty", NULL);
		else if (strlen(code) > 50)
			import_error(c, r->line, COL_CODE, "the code is longer than 50 bytes", NULL);
		if (!*title)
			import_error(c, r->line, COL_TITLE, "the title is empty", NULL);
		else if (strlen(title) > 1000)
			import_error(c, r->line, COL_TITLE, "the title is longer than 1000 bytes", NULL);
		if (strlen(r->v[COL_DEPARTMENT]) > 200)
			import_error(c, r->line, COL_DEPARTMENT, "the department's name is longer than 200 bytes", NULL);
		for (int k = COL_DESCRIPTION; k < COL__MAX; k++)
			if (import_cols[k].multiline && strlen(r->v[k]) > 20000)
				import_error(c, r->line, k, "the text is longer than 20,000 bytes", NULL);
		if (*r->v[COL_KEY_GOAL] && *r->v[COL_PARENT])
			import_error(c, r->line, COL_KEY_GOAL, "only a pillar (an item without a parent) has a key goal", NULL);
		if (*r->v[COL_PRIORITY] && (r->prio_idx = plan_priority_match(p, r->v[COL_PRIORITY])) < 0)
			import_error(c, r->line, COL_PRIORITY, "unknown priority class", r->v[COL_PRIORITY]);
		if (*r->v[COL_STATUS] && (r->status_idx = plan_status_match(p, r->v[COL_STATUS])) < 0)
			import_error(c, r->line, COL_STATUS, "unknown status", r->v[COL_STATUS]);
		const char *next = r->v[COL_NEXT_PRIORITY];
		if (*next) {
			if (strcmp(next, PLAN_COMPLETE_LABEL) == 0 || strcmp(next, "○") == 0)
				r->next_complete = 1;
			else if ((r->next_idx = plan_priority_match(p, next)) < 0) {
				/* "○→I": completed as is, continued as class I */
				const char *arrow = strstr(next, "→");
				if (arrow && (r->next_idx = plan_priority_match(p, arrow + 3)) >= 0)
					;
				else
					import_error(c, r->line, COL_NEXT_PRIORITY, "unknown next-period class", next);
			}
		}
		if (!*r->v[COL_STATUS] && (*next || r->has_achievement) && c->col[COL_STATUS] >= 0)
			import_error(c, r->line, COL_STATUS, "a next class or an achievement needs a status", NULL);
	}
}

#define IMPORT_AMBIGUOUS                                                                                   \
	"the code is that of several items once written in Shift_JIS (CP932), as a Shift_JIS file writes " \
	"〓 for each character it cannot hold: import a UTF-8 file to tell them apart"

/* Codes unique in the file, not damaged by a spreadsheet; parents exist; no cycles. */
static void import_check_tree(struct import_ctx *c, struct import_row *rows, size_t nrows,
			      struct import_code *old, size_t nold, struct import_code *mine)
{
	for (size_t i = 0; i < nrows; i++)
		mine[i] = (struct import_code){ rows[i].v[COL_CODE], NULL, (int)i, 0, 0 };
	qsort(mine, nrows, sizeof *mine, import_code_cmp);
	for (size_t i = 1; i < nrows; i++)
		if (*mine[i].code && strcmp(mine[i].code, mine[i - 1].code) == 0) {
			struct import_row *r = &rows[mine[i].row];
			char msg[128];
			snprintf(msg, sizeof msg, "duplicate code (also on row %zu)", rows[mine[i - 1].row].line);
			import_error(c, r->line, COL_CODE, msg, r->v[COL_CODE]);
		}
	for (size_t i = 0; i < nrows; i++) {
		struct import_row *r = &rows[i];
		const char *code = r->v[COL_CODE], *parent = r->v[COL_PARENT];
		int ambiguous = 0;
		struct import_code *o = *code ? import_find_old(c, old, nold, code, &ambiguous) : NULL;
		if (ambiguous) {
			import_error(c, r->line, COL_CODE, IMPORT_AMBIGUOUS, code);
			continue;
		}
		if (o) {
			r->exists = 1;
			r->id = o->id;
			r->old_parent = o->parent_id;
			r->stored_code = o->code;
		}
		/* "1-1" that came back as "2001-01-01" or "Jan 01", "0042" as "42", 1.23E+12 */
		const char *hint = csv_code_damage(code, o ? o->code : import_zero_twin(c, old, nold, code));
		if (hint)
			import_error(c, r->line, COL_CODE, hint, code);
		if (!*parent)
			continue;
		struct import_code *m = import_find_mine(mine, nrows, parent);
		if (m)
			r->parent_row = m->row;
		else if ((o = import_find_old(c, old, nold, parent, &ambiguous)))
			r->parent_id = o->id;
		else if (ambiguous)
			import_error(c, r->line, COL_PARENT, IMPORT_AMBIGUOUS, parent);
		else if ((hint = csv_code_damage(parent, import_zero_twin(c, old, nold, parent))))
			import_error(c, r->line, COL_PARENT, hint, parent);
		else
			import_error(c, r->line, COL_PARENT, "unknown parent code", parent);
		if (strcmp(parent, code) == 0)
			import_error(c, r->line, COL_PARENT, "an item cannot be its own parent", parent);
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
					struct import_code *m = import_find_mine(mine, nrows, o->code);
					if (m) {
						next = m->row;
						break;
					}
					pid = o->parent_id;
				}
			}
			if (next == (int)i) {
				import_error(c, rows[i].line, COL_PARENT, "the parents form a cycle", rows[i].v[COL_PARENT]);
				break;
			}
			cur = next;
		}
	}
}

/* One item's stored fields (STMT_PLAN_ITEM_GET), to keep what the file does not carry. */
struct import_item {
	long long parent_id, priority_id, department_id, pos;
	char *title, *description, *target_year, *planned_actions, *department, *key_goal;
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
		it->key_goal = strdup(stmt_text(g, 11));
	}
	stmt_reset(g);
	if (rc != 1)
		return STORE_ERR;
	if (it->department_id && (g = store_prepare(st, STMT_DEPT_BY_ID))) {
		stmt_bind_int(g, 1, it->department_id);
		if (stmt_step(g) == 1)
			it->department = strdup(stmt_text(g, 1));
		stmt_reset(g);
	}
	return 0;
}

static void import_item_free(struct import_item *it)
{
	free(it->title);
	free(it->description);
	free(it->target_year);
	free(it->planned_actions);
	free(it->department);
	free(it->key_goal);
}

static json_t *import_item_json(const char *code, const struct import_item *it)
{
	return json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:s,s:s}", "code", code, "title", it->title, "description",
			 it->description, "parent_id", (json_int_t)it->parent_id, "priority_id",
			 (json_int_t)it->priority_id, "department_id", (json_int_t)it->department_id, "target_year",
			 it->target_year, "planned_actions", it->planned_actions, "key_goal",
			 it->key_goal ? it->key_goal : "");
}

/* The value a text column gives: the stored one when the file lacks the column or stands
 * for it (import_same), else the file's. */
static char *import_text(const struct import_ctx *c, const struct import_row *r, enum import_col k, char *stored)
{
	if (c->col[k] < 0 || (stored && import_same(c, r->v[k], stored)))
		return stored;
	return (char *)r->v[k];
}

/* Which fields differ, for the list of changes ("title, department"). */
static void import_diff(struct buf *b, const char *name, int differs)
{
	if (!differs)
		return;
	if (b->len)
		buf_puts(b, ", ");
	buf_puts(b, name);
}

/* The department a row names: the one of that name; from a CP932 file else the one that
 * is that name once through CP932 (several: the row is refused, 0 returned); else a new
 * one. Its id, 0, or a store_rc. */
static long long import_department_lookup(struct store *st, const struct actor *who, struct import_ctx *c,
					  const struct import_row *r)
{
	const char *name = r->v[COL_DEPARTMENT];
	long long id = account_department_find(st, name);
	if (id == 0 && c->cp932) {
		int n = account_department_find_cp932(st, name, &id);
		if (n < 0)
			return n;
		if (n > 1) {
			import_error(c, r->line, COL_DEPARTMENT,
				     "the name is that of several departments once written in Shift_JIS (CP932): import "
				     "a UTF-8 file to tell them apart",
				     name);
			return 0;
		}
	}
	return id ? id : account_department_ensure(st, who, name, "");
}

/* The same, remembered by name for the rest of the import (0 and errors are not). */
static long long import_department(struct store *st, const struct actor *who, struct import_ctx *c,
				   const struct import_row *r)
{
	const char *name = r->v[COL_DEPARTMENT];
	for (int i = 0; i < c->ndepts; i++)
		if (strcmp(c->dept_name[i], name) == 0)
			return c->dept_id[i];
	long long d = import_department_lookup(st, who, c, r);
	if (d > 0 && c->ndepts < IMPORT_DEPTS) {
		c->dept_name[c->ndepts] = name;	/* the row's text lives as long as the import */
		c->dept_id[c->ndepts++] = d;
	}
	return d;
}

/* Write one item: a column the file does not have keeps the stored value. */
static int import_write_item(struct store *st, const struct actor *who, const struct plan *p,
			     struct import_ctx *c, struct import_row *r, long long base_pos,
			     struct plan_import_result *res)
{
	struct import_item old = { 0 }, it = { 0 };
	int rc = 0;
	struct buf what = BUF_INIT;
	if (r->exists && (rc = import_item_load(st, r->id, &old)) != 0)
		return rc;
	it = old;
	if (!r->exists) {
		it.pos = base_pos + (long long)r->line;
		it.title = it.description = it.planned_actions = it.target_year = it.key_goal = NULL;
	}
	it.title = import_text(c, r, COL_TITLE, it.title);
	it.description = import_text(c, r, COL_DESCRIPTION, it.description ? it.description : (char *)"");
	it.target_year = import_text(c, r, COL_TARGET_YEAR, it.target_year ? it.target_year : (char *)"");
	it.planned_actions = import_text(c, r, COL_PLANNED, it.planned_actions ? it.planned_actions : (char *)"");
	it.key_goal = import_text(c, r, COL_KEY_GOAL, it.key_goal ? it.key_goal : (char *)"");
	if (c->col[COL_PRIORITY] >= 0)
		it.priority_id = r->prio_idx >= 0 ? p->priorities[r->prio_idx].id : 0;
	if (c->col[COL_DEPARTMENT] >= 0 && !(old.department && import_same(c, r->v[COL_DEPARTMENT], old.department))) {
		it.department_id = 0;
		if (*r->v[COL_DEPARTMENT]) {
			long long d = import_department(st, who, c, r);
			if (d < 0) {
				rc = (int)d;
				goto out;
			}
			it.department_id = d;
		}
	}
	const char *code = r->exists ? r->stored_code : r->v[COL_CODE];	/* a matched code keeps its spelling */
	if (r->exists) {
		import_diff(&what, "title", strcmp(it.title, old.title) != 0);
		import_diff(&what, "description", strcmp(it.description, old.description) != 0);
		import_diff(&what, "priority", it.priority_id != old.priority_id);
		import_diff(&what, "department", it.department_id != old.department_id);
		import_diff(&what, "target year", strcmp(it.target_year, old.target_year) != 0);
		import_diff(&what, "planned actions", strcmp(it.planned_actions, old.planned_actions) != 0);
		import_diff(&what, "key goal", strcmp(it.key_goal, old.key_goal ? old.key_goal : "") != 0);
		if (!what.len) {	/* unchanged: nothing to write or audit */
			r->old_parent = old.parent_id;
			res->unchanged++;
			goto out;
		}
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
	stmt_bind_text(s, 4, code);
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
	if (!r->exists) {
		stmt_bind_null(s, 11);
		stmt_bind_text(s, 12, it.key_goal);
	} else {
		stmt_bind_text(s, 11, it.key_goal);
	}
	if ((rc = stmt_exec(s)) != 0)
		goto out;
	if (!r->exists) {
		r->id = store_last_id(st);
		res->created++;
		import_change(c, "create %s: %s", code, it.title);
	} else {
		res->updated++;
		import_change(c, "update %s: %s", code, buf_cstr(&what));
	}
	r->old_parent = it.parent_id;
	{
		char *before = r->exists ? plan_json_take(import_item_json(code, &old)) : NULL;
		char *after = plan_json_take(import_item_json(code, &it));
		rc = audit_record(st, who, r->exists ? "import-update" : "import-create", "plan_item", r->id, before,
				  after);
		free(before);
		free(after);
	}
out:
	buf_free(&what);
	if (r->exists)
		import_item_free(&old);
	return rc;
}

/* Set the parents the file names (a column the file lacks keeps them); audited. */
static int import_write_parent(struct store *st, const struct actor *who, struct import_ctx *c,
			       struct import_row *rows, struct import_row *r)
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
		import_change(c, "move %s: under %s", r->stored_code, *r->v[COL_PARENT] ? r->v[COL_PARENT] : "(top)");
	}
	return rc;
}

/* The year's record. Without a status column records are left alone; a row whose status
 * and answer cells are all empty has no record (a stored one is removed); other columns the
 * file lacks keep what was stored; a record whose cells all equal what is stored is not
 * written. */
static int import_write_year(struct store *st, const struct actor *who, const struct plan *p, int fy,
			     struct import_ctx *c, const struct import_row *r, struct plan_import_result *res)
{
	if (c->col[COL_STATUS] < 0)
		return 0;
	struct plan_year_rec rec = { .state = "draft" }, was = { 0 };
	char *keep[4] = { NULL, NULL, NULL, NULL };
	int had = 0, rc = 0;
	/* an item this import has just created has no record: nothing to read */
	struct stmt *s = r->exists ? store_prepare(st, STMT_PLAN_YEAR_GET) : NULL;
	if (r->exists && !s)
		return STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, r->id);
		stmt_bind_int(s, 2, fy);
	}
	if (s && stmt_step(s) == 1) {
		had = 1;
		rec.status_id = stmt_int(s, 0);
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
		was = rec;
	}
	if (s)
		stmt_reset(s);
	const char *code = r->exists ? r->stored_code : r->v[COL_CODE];
	int empty = r->status_idx < 0 && !r->has_achievement && !*r->v[COL_NEXT_PRIORITY] &&
		    (c->col[COL_RESULT] < 0 || !*r->v[COL_RESULT]) && (c->col[COL_NEXT_REASON] < 0 || !*r->v[COL_NEXT_REASON]);
	if (empty) {
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
			res->records_removed++;
			import_change(c, "remove the %d record of %s", fy, code);
		}
		goto out;
	}
	rec.status_id = r->status_idx >= 0 ? p->statuses[r->status_idx].id : 0;
	rec.result = import_text(c, r, COL_RESULT, (char *)(rec.result ? rec.result : ""));
	rec.next_reason = import_text(c, r, COL_NEXT_REASON, (char *)(rec.next_reason ? rec.next_reason : ""));
	if (c->col[COL_NEXT_PRIORITY] >= 0) {
		rec.next_priority_id = r->next_idx >= 0 ? p->priorities[r->next_idx].id : 0;
		rec.next_complete = r->next_complete;
	}
	if (c->col[COL_ACHIEVEMENT] >= 0) {
		rec.has_achievement = r->has_achievement;
		rec.achievement = r->achievement;
	}
	if (had && rec.status_id == was.status_id && rec.has_achievement == was.has_achievement &&
	    (!rec.has_achievement || rec.achievement == was.achievement) && strcmp(rec.result, was.result) == 0 &&
	    rec.next_priority_id == was.next_priority_id && rec.next_complete == was.next_complete &&
	    strcmp(rec.next_reason, was.next_reason) == 0) {
		res->records_unchanged++;
		goto out;
	}
	rc = r->exists ? plan_year_write(st, who, r->id, fy, &rec, 1) : plan_year_write_fresh(st, who, r->id, fy, &rec);
	res->records++;
	import_change(c, "%s the %d record of %s", had ? "update" : "create", fy, code);
out:
	for (int i = 0; i < 4; i++)
		free(keep[i]);
	return rc;
}

/* A branch's outcomes (成果) and problems (課題) of the year, when the file has the columns. */
static int import_write_notes(struct store *st, const struct actor *who, int fy, struct import_ctx *c,
			      const struct import_row *r, struct plan_import_result *res)
{
	if (c->col[COL_OUTCOMES] < 0 && c->col[COL_PROBLEMS] < 0)
		return 0;
	char *old[2] = { NULL, NULL };
	int had = 0, rc = 0;
	struct stmt *s = store_prepare(st, STMT_PLAN_BRANCH_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, r->id);
	stmt_bind_int(s, 2, fy);
	if (stmt_step(s) == 1) {
		had = 1;
		old[0] = strdup(stmt_text(s, 0));
		old[1] = strdup(stmt_text(s, 1));
	}
	stmt_reset(s);
	const char *out = import_text(c, r, COL_OUTCOMES, old[0] ? old[0] : (char *)"");
	const char *prob = import_text(c, r, COL_PROBLEMS, old[1] ? old[1] : (char *)"");
	if ((had && strcmp(out, old[0]) == 0 && strcmp(prob, old[1]) == 0) || (!had && !*out && !*prob))
		goto done;
	if (!(s = store_prepare(st, STMT_PLAN_BRANCH_UPSERT))) {
		rc = STORE_ERR;
		goto done;
	}
	stmt_bind_int(s, 1, r->id);
	stmt_bind_int(s, 2, fy);
	stmt_bind_text(s, 3, out);
	stmt_bind_text(s, 4, prob);
	if ((rc = stmt_exec(s)) == 0) {
		char key[32];
		snprintf(key, sizeof key, "plan_branch_year:%d", fy);
		char *before = had ? plan_json_take(json_pack("{s:s,s:s}", "outcomes", old[0], "problems", old[1])) : NULL;
		char *after = plan_json_take(json_pack("{s:s,s:s}", "outcomes", out, "problems", prob));
		rc = audit_record(st, who, had ? "import-update" : "import-create", key, r->id, before, after);
		free(before);
		free(after);
		res->notes++;
		import_change(c, "%s the %d outcomes and problems of %s", had ? "update" : "create", fy,
			      r->exists ? r->stored_code : r->v[COL_CODE]);
	}
done:
	free(old[0]);
	free(old[1]);
	return rc;
}

/* After writing: no branch (an item with children) may hold a record of the year. */
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
		const char *code = stmt_text(s, 0);
		struct import_code *m = import_find_mine(mine, nrows, code);
		int row = m ? m->row : -1;
		for (size_t i = 0; row < 0 && i < nrows; i++)	/* a code matched as CP932 text */
			if (rows[i].exists && strcmp(rows[i].stored_code, code) == 0)
				row = (int)i;
		import_error(c, row >= 0 ? rows[row].line : 1, row >= 0 ? COL_STATUS : -1,
			     "a branch (an item with sub-items) cannot have a status or a result", code);
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
	int moved = 0;
	for (size_t i = 0; i < nrows && rc == 0; i++)
		if (c->col[COL_PARENT] >= 0) {
			long long before = rows[i].old_parent;
			rc = import_write_parent(st, who, c, rows, &rows[i]);
			moved |= rows[i].parent_row >= 0 ? rows[rows[i].parent_row].id != before
							 : rows[i].parent_id != before;
		}
	if (rc == 0 && (res->created || moved))
		rc = plan_tree_reindex(st, p->id, 0);	/* only the rows whose place changed are written */
	for (size_t i = 0; i < nrows && rc == 0; i++)
		rc = import_write_year(st, who, p, fy, c, &rows[i], res);
	for (size_t i = 0; i < nrows && rc == 0; i++)
		rc = import_write_notes(st, who, fy, c, &rows[i], res);
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
		const char *data, size_t len, const struct plan_import_opts *opts, struct plan_import_result *res,
		struct buf *errors, struct buf *warnings)
{
	struct csv_table t = { 0 };
	struct import_ctx c = { .file = file, .errors = errors, .changes = opts ? opts->changes : NULL };
	char err[512];
	struct import_row *rows = NULL;
	struct import_code *old = NULL, *mine = NULL;
	size_t *file_rows = NULL;
	size_t nold = 0, nrows = 0;
	int rc = -1, dry = opts && opts->dry_run;
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
	if (csv_read(data, len, opts ? opts->enc : CSV_ENC_AUTO, &t, err, sizeof err) != 0) {
		buf_printf(errors, "%s: %s\n", file, err);
		return -1;
	}
	c.cp932 = t.detected == CSV_ENC_CP932;
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
		char *after = plan_json_take(json_pack("{s:s,s:i,s:i,s:i,s:i,s:i}", "file", file, "fy", fy, "created",
						      res->created, "updated", res->updated, "records", res->records,
						      "records_removed", res->records_removed));
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
	if (dry) {	/* everything was worked out; keep none of it */
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st);
	if (rc != 0)
		buf_printf(errors, "%s: the import could not be committed; nothing was written\n", file);
out:
	import_existing_free(old, nold);
	free(file_rows);
	free(rows);
	free(mine);
	csv_table_free(&t);
	return rc;
}
