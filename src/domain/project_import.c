/* project_import: the CSV import of collaboration projects (`kyodo project import`;
 * project_io.h). Headers in any order: 事業名, 開始年度, 終了年度, 担当課, 形態, 領域,
 * パートナー (registry names separated by 、), 段階, and optionally 目的, 関連施策 (plan item
 * codes separated by 、), 予算. Projects are matched by 事業名 + 開始年度, so importing again
 * updates. Every row is checked first; any bad row fails the whole import with file, row
 * and column, and nothing is written (one transaction). */
#include "domain/project_io.h"
#include "domain/project_internal.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pcol { PC_TITLE, PC_START, PC_END, PC_DEPT, PC_FORM, PC_ZONE, PC_PARTNERS, PC_STAGE, PC_PURPOSE, PC_ITEMS,
	    PC_BUDGET, PC__MAX };
static const struct {
	const char *name;
	int required;
	const char *field;	/* the project_input member a problem names */
} pcols[PC__MAX] = {
	[PC_TITLE] = { "事業名", 1, "title" },	   [PC_START] = { "開始年度", 1, "fy_start" },
	[PC_END] = { "終了年度", 1, "fy_end" },	   [PC_DEPT] = { "担当課", 1, "department" },
	[PC_FORM] = { "形態", 1, "form" },	   [PC_ZONE] = { "領域", 1, "zone" },
	[PC_PARTNERS] = { "パートナー", 1, "partners" }, [PC_STAGE] = { "段階", 1, "stage" },
	[PC_PURPOSE] = { "目的", 0, "purpose" },   [PC_ITEMS] = { "関連施策", 0, "items" },
	[PC_BUDGET] = { "予算", 0, "budget" },
};

const char *const project_import_headers[] = { "事業名", "開始年度", "終了年度", "担当課", "形態", "領域",
					       "パートナー", "段階", "目的", "関連施策", "予算", NULL };

/* One checked row. */
struct prow {
	struct project_input in;
	struct project_values v;
	enum project_stage stage;
	long long *orgs;
	char **org_names;
	int norgs;
	long long *items;
	int nitems;
	int has_items;
	long long existing;	/* the matched project, 0 = new */
};

static void imp_error(struct buf *errors, const char *file, size_t row, int col, const char *name, const char *msg)
{
	if (col >= 0)
		buf_printf(errors, "%s: row %zu, column %d (%s): %s\n", file, row, col + 1, name, msg);
	else
		buf_printf(errors, "%s: row %zu: %s\n", file, row, msg);
}

/* Splits a cell on 、 (and the ASCII/full-width commas people also type), trimming blanks;
 * empty parts are dropped. Parts into out (arena), count returned. */
static int split_list(struct arena *a, const char *cell, char ***out)
{
	int cap = 1;
	for (const char *p = cell; *p; p++)
		cap++;
	char **parts = arena_alloc(a, sizeof(char *) * (size_t)cap);
	int n = 0;
	const char *p = cell;
	while (parts && *p) {
		const char *end = p;
		size_t seplen = 0;
		while (*end) {
			if (strncmp(end, "、", 3) == 0 || strncmp(end, "，", 3) == 0) {
				seplen = 3;
				break;
			}
			if (*end == ',') {
				seplen = 1;
				break;
			}
			end++;
		}
		const char *s = p, *e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		while (e - s >= 3 && strncmp(s, "　", 3) == 0)
			s += 3;
		while (e - s >= 3 && strncmp(e - 3, "　", 3) == 0)
			e -= 3;
		if (e > s)
			parts[n++] = arena_strndup(a, s, (size_t)(e - s));
		p = *end ? end + seplen : end;
	}
	*out = parts;
	return n;
}

/* The column of a problem's field, or -1. */
static int col_of_field(const int *colidx, const char *field)
{
	for (int c = 0; field && c < PC__MAX; c++)
		if (strcmp(pcols[c].field, field) == 0)
			return colidx[c];
	return -1;
}

static const char *cell_of(const struct csv_table *t, size_t r, const int *colidx, int c)
{
	if (colidx[c] < 0)
		return NULL;
	return csv_unguard(csv_cell(t, r, (size_t)colidx[c]));
}

static int check_row(struct store *st, struct arena *a, const struct csv_table *t, size_t r, const int *colidx,
		     const char *file, struct prow *row, struct buf *errors)
{
	int bad = 0;
	memset(row, 0, sizeof *row);
	row->in.title = cell_of(t, r, colidx, PC_TITLE);
	row->in.fy_start = cell_of(t, r, colidx, PC_START);
	row->in.fy_end = cell_of(t, r, colidx, PC_END);
	row->in.department = cell_of(t, r, colidx, PC_DEPT);
	row->in.form = cell_of(t, r, colidx, PC_FORM);
	row->in.zone = cell_of(t, r, colidx, PC_ZONE);
	row->in.purpose = cell_of(t, r, colidx, PC_PURPOSE);
	row->in.budget = cell_of(t, r, colidx, PC_BUDGET);
	row->in.division = "";
	row->in.goals = "";
	if (row->in.department && strspn(row->in.department, "0123456789") == strlen(row->in.department) &&
	    *row->in.department) {
		/* a department is named in a file, never numbered */
		imp_error(errors, file, r + 1, colidx[PC_DEPT], pcols[PC_DEPT].name, "unknown department");
		bad = 1;
	}
	struct problems pr = { 0 };
	int rc = project_check_input(st, NULL, &row->in, &row->v, &pr);
	if (rc != 0)
		return rc;
	for (int i = 0; i < pr.n; i++) {
		int col = col_of_field(colidx, pr.p[i].field);
		const char *msg = pr.p[i].msgid;
		if (pr.p[i].field && strcmp(pr.p[i].field, "department") == 0)
			msg = "unknown department";
		else if (pr.p[i].field && strcmp(pr.p[i].field, "form") == 0)
			msg = "unknown form of collaboration";
		else if (pr.p[i].field && strcmp(pr.p[i].field, "zone") == 0)
			msg = "unknown zone";
		else if (pr.p[i].field && strcmp(pr.p[i].field, "fy_end") == 0 && row->v.fy_end && row->v.fy_start)
			msg = "the last fiscal year is before the first";
		else if (pr.p[i].field && (strcmp(pr.p[i].field, "fy_start") == 0 || strcmp(pr.p[i].field, "fy_end") == 0))
			msg = "not a fiscal year (2023, R5, 令和5年度, H26 …)";
		const char *name = col >= 0 ? csv_cell(t, 0, (size_t)col) : NULL;
		imp_error(errors, file, r + 1, col, name ? name : "", msg);
		bad = 1;
	}
	const char *stage = cell_of(t, r, colidx, PC_STAGE);
	if (!stage || project_stage_parse(stage, &row->stage) != 0) {
		imp_error(errors, file, r + 1, colidx[PC_STAGE], pcols[PC_STAGE].name,
			  "unknown stage (検討, 計画, 実施, 評価, 完了 or 中止)");
		bad = 1;
	} else if (row->stage == PSTAGE_STOPPED) {
		imp_error(errors, file, r + 1, colidx[PC_STAGE], pcols[PC_STAGE].name,
			  "a project is stopped (中止) with its reason on the web, not by an import");
		bad = 1;
	}
	char **names;
	int n = split_list(a, cell_of(t, r, colidx, PC_PARTNERS) ? cell_of(t, r, colidx, PC_PARTNERS) : "", &names);
	row->orgs = arena_alloc(a, sizeof(long long) * (size_t)(n + 1));
	row->org_names = names;
	for (int i = 0; i < n && row->orgs; i++) {
		long long id = project_find_org(st, names[i]);
		char msg[512];
		if (id <= 0) {
			snprintf(msg, sizeof msg, id == -2 ? "several groups of the registry are named %s" :
							     "unknown partner %s (not in the registry)", names[i]);
			imp_error(errors, file, r + 1, colidx[PC_PARTNERS], pcols[PC_PARTNERS].name, msg);
			bad = 1;
			continue;
		}
		int dup = 0;
		for (int k = 0; k < row->norgs; k++)
			dup |= row->orgs[k] == id;
		if (!dup)
			row->orgs[row->norgs++] = id;
	}
	if (colidx[PC_ITEMS] >= 0) {
		row->has_items = 1;
		char **codes;
		int nc = split_list(a, cell_of(t, r, colidx, PC_ITEMS), &codes);
		row->items = arena_alloc(a, sizeof(long long) * (size_t)(nc + 1));
		for (int i = 0; i < nc && row->items; i++) {
			long long id = project_find_item(st, codes[i]);
			char msg[512];
			if (id <= 0) {
				snprintf(msg, sizeof msg, id == -2 ? "plan item code %s is in several plans" :
								     "unknown plan item %s", codes[i]);
				imp_error(errors, file, r + 1, colidx[PC_ITEMS], pcols[PC_ITEMS].name, msg);
				bad = 1;
				continue;
			}
			row->items[row->nitems++] = id;
		}
	}
	if (!bad) {
		struct stmt *s = store_prepare(st, STMT_PROJECT_FIND);
		if (!s)
			return STORE_ERR;
		stmt_bind_text(s, 1, row->in.title);
		stmt_bind_int(s, 2, row->v.fy_start);
		row->existing = stmt_step(s) == 1 ? stmt_int(s, 0) : 0;
		stmt_reset(s);
	}
	return bad ? -1 : 0;
}

/* Writes one checked row (inside the import's transaction). */
static int write_row(struct store *st, struct arena *a, const struct actor *who, struct prow *row,
		     struct project_import_result *res, struct buf *changes)
{
	struct project old = { 0 };
	int rc;
	if (row->existing) {
		if ((rc = project_load_any(st, a, row->existing, &old)) != 0)
			return rc;
		row->in.published = old.published;
		row->in.goals = old.goals;
		row->in.division = old.division;
		if (!row->in.purpose)
			row->in.purpose = old.purpose;
		if (!row->in.budget) {
			row->v.budget = old.budget;
		}
	}
	if (!row->in.purpose)
		row->in.purpose = "";
	long long id = 0;
	if ((rc = project_write(st, who, row->existing, &row->in, &row->v, row->stage, &id)) != 0)
		return rc;
	if (row->existing && old.stage != row->stage) {
		old.id = id;
		if ((rc = project_stage_write(st, who, &old, row->stage, "CSVの取り込み", 0, 0)) != 0)
			return rc;
	}
	struct project p = old;
	p.id = id;
	p.title = (char *)row->in.title;
	p.department_id = row->v.department_id;
	p.published = row->in.published;
	for (int i = 0; i < row->norgs; i++) {
		struct stmt *s = store_prepare(st, STMT_PROJECT_PARTNER_IS);
		if (!s)
			return STORE_ERR;
		stmt_bind_int(s, 1, id);
		stmt_bind_int(s, 2, row->orgs[i]);
		int have = stmt_step(s);
		stmt_reset(s);
		if (have < 0)
			return have;
		struct project_partner_input pin = { "", "", 0, 0, 0, 0 };
		if (!have && (rc = project_partner_insert(st, who, &p, row->orgs[i], row->org_names[i], &pin)) != 0)
			return rc;
	}
	if (row->has_items) {
		struct stmt *s = store_prepare(st, STMT_PROJECT_LINKS_CLEAR);
		if (!s)
			return STORE_ERR;
		stmt_bind_int(s, 1, id);
		if ((rc = stmt_exec(s)) != 0)
			return rc;
		for (int i = 0; i < row->nitems; i++) {
			if (!(s = store_prepare(st, STMT_PROJECT_LINK_INSERT)))
				return STORE_ERR;
			stmt_bind_int(s, 1, id);
			stmt_bind_int(s, 2, row->items[i]);
			if ((rc = stmt_exec(s)) != 0)
				return rc;
		}
	}
	if (row->existing)
		res->updated++;
	else
		res->created++;
	if (changes)
		buf_printf(changes, "%s %s (%d)\n", row->existing ? "update" : "create", row->in.title, row->v.fy_start);
	return 0;
}

int project_import(struct store *st, const struct actor *who, const char *file, const char *data, size_t len,
		   const struct project_import_opts *opts, struct project_import_result *res, struct buf *errors)
{
	memset(res, 0, sizeof *res);
	struct csv_table t = { 0 };
	char err[512];
	if (csv_read(data, len, opts->enc, &t, err, sizeof err) != 0) {
		buf_printf(errors, "%s: %s\n", file, err);
		return -1;
	}
	int rc = -1;
	struct arena *a = arena_new(0);
	int colidx[PC__MAX];
	if (!a) {
		rc = STORE_ERR;
		goto out;
	}
	if (t.nrows < 1) {
		buf_printf(errors, "%s: the file is empty (a header row is needed)\n", file);
		goto out;
	}
	int bad = 0;
	for (int c = 0; c < PC__MAX; c++) {
		colidx[c] = csv_header_index(&t, pcols[c].name);
		if (colidx[c] < 0 && pcols[c].required) {
			buf_printf(errors, "%s: row 1: the column %s is missing\n", file, pcols[c].name);
			bad = 1;
		}
	}
	if (bad)
		goto out;
	struct prow *rows = arena_alloc(a, sizeof(struct prow) * t.nrows);
	if (!rows) {
		rc = STORE_ERR;
		goto out;
	}
	int nrows = 0;
	for (size_t r = 1; r < t.nrows; r++) {
		if (t.ncols[r] == 0)
			continue;
		int crc = check_row(st, a, &t, r, colidx, file, &rows[nrows], errors);
		if (crc < -1) {
			rc = crc;
			goto out;
		}
		if (crc != 0) {
			bad = 1;
			continue;
		}
		for (int k = 0; k < nrows; k++)
			if (rows[k].v.fy_start == rows[nrows].v.fy_start && strcmp(rows[k].in.title, rows[nrows].in.title) == 0) {
				imp_error(errors, file, r + 1, colidx[PC_TITLE], pcols[PC_TITLE].name,
					  "the same project (事業名 and 開始年度) is on an earlier row");
				bad = 1;
			}
		nrows++;
	}
	if (bad)
		goto out;
	if ((rc = store_begin(st)) != 0)
		goto out;
	for (int i = 0; i < nrows && rc == 0; i++)
		rc = write_row(st, a, who, &rows[i], res, opts->changes);
	if (rc == 0 && !opts->dry_run)
		rc = store_commit(st);
	else
		store_rollback(st);	/* a dry run works everything out, then writes nothing */
out:
	arena_free(a);
	csv_table_free(&t);
	return rc;
}
