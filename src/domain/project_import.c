/* project_import: the CSV import of collaboration projects (`kyodo project import`;
 * project_io.h). Headers in any order: 事業名, 開始年度, 終了年度, 担当課, 形態, 領域,
 * パートナー (registry names separated by 、), 段階, and optionally 目的, 関連施策 (plan item
 * codes separated by 、), 予算. Projects are matched by 事業名 + 開始年度, so importing again
 * updates. Every row is checked first; any bad row fails the whole import with file, row
 * and column, and nothing is written (one transaction). Partners, departments and plan
 * item codes are matched with their names folded (see "names as people write them"). */
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

/* ---- names as people write them ----
 * Partners (registry names), departments and plan item codes are matched as the
 * registry's import and the search match names: a name is its own key folded — full-width
 * letters and digits to ASCII, upper to lower case, half-width katakana to full-width and
 * hiragana to katakana (jtext_fold_next, with ﾞﾟ composed), the seven characters CP932
 * spells otherwise to their CP932 forms (〜 and ～, − and －: csv_cp932_fold_cp, so a list
 * that went through Excel in Shift_JIS matches; a character CP932 cannot hold is 〓, as
 * the file gives it back), every dash to "-", and blanks dropped. The name as written
 * exactly wins; else the one record whose key is the name's; two records with that key
 * are refused with both names, never guessed. */

struct name_ent {
	const char *key, *name;
	long long id;
};
struct name_index {
	struct name_ent *e;
	int n, loaded;
};
struct name_indexes {
	struct name_index orgs, depts, items;
};

static uint32_t fold_dash(uint32_t c)
{
	static const uint32_t dashes[] = { 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2043, 0x2212, 0xFE63, 0xFF0D };
	for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
		if (c == dashes[i])
			return '-';
	return c;
}

/* The key of s (arena), or NULL when out of memory. */
static char *name_key(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	struct buf pre = BUF_INIT, key = BUF_INIT;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		int k = jtext_utf8_decode(s + i, n - i, &c);
		if (k <= 0) {	/* not UTF-8 (csv_read has checked): kept as it is */
			buf_putc(&pre, s[i]);
			i++;
			continue;
		}
		char out[4];
		int m = jtext_utf8_encode(fold_dash(csv_cp932_fold_cp(c)), out);
		buf_append(&pre, out, (size_t)m);
		i += (size_t)k;
	}
	const char *p = buf_cstr(&pre);
	n = pre.len;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		int k = jtext_fold_next(p + i, n - i, &c);
		if (k <= 0)
			break;
		i += (size_t)k;
		c = fold_dash(c);
		if (c == ' ' || c == '\t' || c == 0x3000)
			continue;
		char out[4];
		int m = jtext_utf8_encode(c, out);
		buf_append(&key, out, (size_t)m);
	}
	char *r = pre.oom || key.oom ? NULL : arena_strdup(a, buf_cstr(&key));
	buf_free(&pre);
	buf_free(&key);
	return r;
}

static int ent_cmp(const void *x, const void *y)
{
	const struct name_ent *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : a->id < b->id ? -1 : a->id > b->id;
}

/* Reads (id, name) rows of statement id into ix, keyed and sorted. 0 or a store_rc. */
static int index_load(struct store *st, struct arena *a, enum stmt_id id, struct name_index *ix)
{
	if (ix->loaded)
		return 0;
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	int cap = 64, rc;
	ix->e = arena_alloc(a, (size_t)cap * sizeof *ix->e);
	while (ix->e && (rc = stmt_step(s)) == 1) {
		if (ix->n == cap) {
			struct name_ent *more = arena_alloc(a, (size_t)cap * 2 * sizeof *more);
			if (!more)
				break;
			memcpy(more, ix->e, (size_t)cap * sizeof *more);
			ix->e = more;
			cap *= 2;
		}
		struct name_ent *e = &ix->e[ix->n++];
		e->id = stmt_int(s, 0);
		e->name = stmt_text_dup(s, a, 1);
		e->key = e->name ? name_key(a, e->name) : NULL;
		if (!e->key)
			break;
	}
	stmt_reset(s);
	if (!ix->e || arena_over(a) || (ix->n && !ix->e[ix->n - 1].key))
		return STORE_ERR;
	if (rc < 0)
		return rc;
	qsort(ix->e, (size_t)ix->n, sizeof *ix->e, ent_cmp);
	ix->loaded = 1;
	return 0;
}

enum name_found { NAME_NONE, NAME_ONE, NAME_SAME, NAME_FOLDED };

/* Finds name in ix: NAME_ONE (*id, *canon the record's name), NAME_NONE, NAME_SAME (two
 * records have exactly this name) or NAME_FOLDED (two records fold to its key: *canon
 * lists them, 、-separated). */
static enum name_found index_find(struct arena *a, const struct name_index *ix, const char *name, long long *id,
				  const char **canon)
{
	*id = 0;
	*canon = "";
	char *key = name_key(a, name);
	if (!key)
		return NAME_NONE;
	int lo = 0, hi = ix->n;
	while (lo < hi) {	/* the first entry whose key is not below key */
		int mid = lo + (hi - lo) / 2;
		if (strcmp(ix->e[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int first = lo, end = lo, exact = 0;
	const struct name_ent *ex = NULL;
	while (end < ix->n && strcmp(ix->e[end].key, key) == 0) {
		if (strcmp(ix->e[end].name, name) == 0) {
			exact++;
			ex = &ix->e[end];
		}
		end++;
	}
	if (exact > 1)
		return NAME_SAME;
	if (exact == 1) {
		*id = ex->id;
		*canon = ex->name;
		return NAME_ONE;
	}
	if (end - first == 1) {
		*id = ix->e[first].id;
		*canon = ix->e[first].name;
		return NAME_ONE;
	}
	if (end == first)
		return NAME_NONE;
	char *list = "";
	for (int i = first; i < end && i < first + 5; i++)
		list = arena_printf(a, "%s%s%s", list, i > first ? "、" : "", ix->e[i].name);
	if (end - first > 5)
		list = arena_printf(a, "%s …", list);
	*canon = list;
	return NAME_FOLDED;
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
		     const char *file, struct name_indexes *ix, struct prow *row, struct buf *errors)
{
	int bad = 0, rc;
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
	} else if (row->in.department && *row->in.department) {
		/* the department as the city spells it, found by its folded name */
		long long id;
		const char *canon;
		if ((rc = index_load(st, a, STMT_DEPT_LIST, &ix->depts)) != 0)
			return rc;
		enum name_found f = index_find(a, &ix->depts, row->in.department, &id, &canon);
		if (f == NAME_ONE)
			row->in.department = canon;
		else if (f == NAME_FOLDED) {
			imp_error(errors, file, r + 1, colidx[PC_DEPT], pcols[PC_DEPT].name,
				  arena_printf(a, "%s matches several departments once widths, kana and dashes are "
						  "folded (%s): write it exactly as the city spells it",
					       row->in.department, canon));
			bad = 1;
		}
	}
	struct problems pr = { 0 };
	rc = project_check_input(st, NULL, &row->in, &row->v, &pr);
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
	if (n > 0 && (rc = index_load(st, a, STMT_PIMPORT_ORG_NAMES, &ix->orgs)) != 0)
		return rc;
	for (int i = 0; i < n && row->orgs; i++) {
		long long id;
		const char *canon;
		enum name_found f = index_find(a, &ix->orgs, names[i], &id, &canon);
		if (f != NAME_ONE) {
			const char *msg =
				f == NAME_SAME ? arena_printf(a, "several groups of the registry are named %s", names[i])
				: f == NAME_FOLDED
					? arena_printf(a, "%s matches several groups of the registry once widths, kana "
							  "and dashes are folded (%s): write the name exactly as registered",
						       names[i], canon)
					: arena_printf(a, "unknown partner %s (not in the registry)", names[i]);
			imp_error(errors, file, r + 1, colidx[PC_PARTNERS], pcols[PC_PARTNERS].name, msg);
			bad = 1;
			continue;
		}
		names[i] = (char *)canon;	/* the notices name the group as registered */
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
		if (nc > 0 && (rc = index_load(st, a, STMT_PIMPORT_ITEM_CODES, &ix->items)) != 0)
			return rc;
		for (int i = 0; i < nc && row->items; i++) {
			long long id;
			const char *canon;
			enum name_found f = index_find(a, &ix->items, codes[i], &id, &canon);
			if (f != NAME_ONE) {
				const char *msg =
					f == NAME_SAME ? arena_printf(a, "plan item code %s is in several plans", codes[i])
					: f == NAME_FOLDED
						? arena_printf(a, "plan item code %s matches several codes once widths and "
								  "dashes are folded (%s): write the code exactly",
							       codes[i], canon)
						: arena_printf(a, "unknown plan item %s", codes[i]);
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
	struct name_indexes ix = { 0 };
	for (size_t r = 1; r < t.nrows; r++) {
		if (t.ncols[r] == 0)
			continue;
		int crc = check_row(st, a, &t, r, colidx, file, &ix, &rows[nrows], errors);
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
