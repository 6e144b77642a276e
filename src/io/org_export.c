/* org_export: the registry of actors out to files (see org_csv.h) — CSV (UTF-8 with BOM,
 * or CP932 with 〓 for what it cannot hold), .xlsx (libxlsxwriter, typed cells) and JSON,
 * every record or the directory's only, each through org_for_viewer for the public. The
 * columns are org_csv.c's table, so an export imports back. */
#include "io/org_csv.h"
#include "store/store.h"
#include "util/arena.h"
#include <jansson.h>
#include <xlsxwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ORG_CSV_NCOLS org_csv_ncols
#define ORG_CSV_OPENDATA_COLS 3	/* 全国地方公共団体コード, ID, 地方公共団体名 */
#define ORG_CSV_MAX_CELLS 64	/* cells of one row, opendata columns included */

/* ---- export ---- */

const char *const org_export_format_names[ORG_EXPORT__MAX] = { "csv", "xlsx", "json" };

int org_export_format_parse(const char *s, enum org_export_format *f)
{
	for (int i = 0; s && i < ORG_EXPORT__MAX; i++)
		if (strcmp(s, org_export_format_names[i]) == 0) {
			*f = (enum org_export_format)i;
			return 0;
		}
	return -1;
}

const char *org_export_content_type(enum org_export_format f, enum csv_encoding enc)
{
	switch (f) {
	case ORG_EXPORT_CSV:
		return enc == CSV_ENC_CP932 ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
	case ORG_EXPORT_XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	default:
		return "application/json";
	}
}

static int org_export_id_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	*(long long *)elem = stmt_int(s, 0);
	return 0;
}

int org_export_ids(struct store *st, struct arena *a, int public_only, long long **ids, size_t *n)
{
	struct store_list l;
	int rc = store_list_read(st, a, public_only ? STMT_ORG_IO_PUBLIC_IDS : STMT_ORG_IO_ALL_IDS, NULL, 0,
				 sizeof **ids, org_export_id_row, NULL, &l);
	*ids = l.rows;
	*n = (size_t)l.n;
	return rc;
}

/* The cells of one row (header when o is NULL), in export order, opendata columns first. */
static int org_export_cells(struct arena *a, const struct org_export_opts *opts, const struct org *o,
			    const char **cells)
{
	int n = 0;
	if (opts->lgcode) {
		cells[n++] = o ? opts->lgcode : "全国地方公共団体コード";
		cells[n++] = o ? arena_printf(a, "%lld", o->id) : "ID";
		cells[n++] = o ? (opts->city ? opts->city : "") : "地方公共団体名";
	}
	for (int k = 0; k < ORG_CSV_NCOLS; k++) {
		if (opts->public_only && org_csv_col_private(&org_csv_cols[k]))
			continue;
		cells[n++] = o ? org_csv_value(a, &org_csv_cols[k], o) : org_csv_col_header(&org_csv_cols[k]);
	}
	return n;
}

int org_csv_write_header(struct csv_writer *w, const struct org_export_opts *opts)
{
	const char *cells[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(NULL, opts, NULL, cells);
	return csv_write_row(w, cells, (size_t)n);
}

int org_csv_write_row(struct csv_writer *w, struct arena *a, const struct org_export_opts *opts,
		      const struct org *o)
{
	const char *cells[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(a, opts, o, cells);
	for (int k = 0; k < n; k++) {
		if (!cells[k]) {
			snprintf(w->err, sizeof w->err, "out of memory");
			return -1;
		}
	}
	return csv_write_row(w, cells, (size_t)n);	/* the writer guards formula-like cells */
}

/* Walks the export's records: fn gets each one, already through org_for_viewer() for a
 * public export. */
struct org_export_walk {
	struct store *st;
	const struct org_export_opts *opts;
	int (*fn)(struct org_export_walk *wk, struct arena *a, const struct org *o);
	void *ctx;
	char *err;
	size_t errlen;
};

static int org_export_each(struct org_export_walk *wk)
{
	long long *ids;
	size_t n;
	struct arena *ida = arena_new(0);
	int rc = ida ? org_export_ids(wk->st, ida, wk->opts->public_only, &ids, &n) : STORE_ERR;
	if (rc != 0) {
		arena_free(ida);
		return rc;
	}
	const struct actor public_viewer = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
	struct arena *a = NULL;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i % 256 == 0) {
			arena_free(a);
			if (!(a = arena_new(0))) {
				rc = STORE_ERR;
				break;
			}
		}
		struct org o;
		rc = org_get(wk->st, a, ids[i], &o);
		if (rc == ORG_NOT_FOUND) {	/* removed meanwhile */
			rc = 0;
			continue;
		}
		if (rc != 0)
			break;
		if (wk->opts->public_only)
			org_for_viewer(&o, &public_viewer);
		rc = wk->fn(wk, a, &o);
	}
	arena_free(a);
	arena_free(ida);
	return rc;
}

static int org_export_csv_row(struct org_export_walk *wk, struct arena *a, const struct org *o)
{
	struct csv_writer *w = wk->ctx;
	if (org_csv_write_row(w, a, wk->opts, o) != 0) {
		snprintf(wk->err, wk->errlen, "%s", w->err);
		return -1;
	}
	return 0;
}

static int org_export_csv(struct org_export_walk *wk, struct buf *out)
{
	struct csv_writer w;
	csv_writer_init(&w, out, wk->opts->enc == CSV_ENC_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8);
	if (org_csv_write_header(&w, wk->opts) != 0) {
		snprintf(wk->err, wk->errlen, "%s", w.err);
		csv_writer_end(&w);
		return -1;
	}
	wk->ctx = &w;
	wk->fn = org_export_csv_row;
	int rc = org_export_each(wk);
	csv_writer_end(&w);
	return rc;
}

struct org_export_json { struct buf *out; size_t n; };

static int org_export_json_row(struct org_export_walk *wk, struct arena *a, const struct org *o)
{
	struct org_export_json *js = wk->ctx;
	json_t *j = org_to_json(o, wk->opts->public_only);
	if (!j)
		return STORE_ERR;
	/* The registry's review state and comments stay with the center. */
	json_object_del(j, "review");
	json_object_del(j, "review_comment");
	if (wk->opts->lgcode) {
		json_object_set_new(j, "lgcode", json_string(wk->opts->lgcode));
		json_object_set_new(j, "city", json_string(wk->opts->city ? wk->opts->city : ""));
	}
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!s)
		return STORE_ERR;
	buf_puts(js->out, js->n++ ? ",\n" : "\n");
	buf_puts(js->out, s);
	free(s);
	return js->out->oom ? STORE_ERR : 0;
}

static int org_export_json(struct org_export_walk *wk, struct buf *out)
{
	struct org_export_json js = { out, 0 };
	wk->ctx = &js;
	wk->fn = org_export_json_row;
	buf_putc(out, '[');
	int rc = org_export_each(wk);
	buf_puts(out, "\n]\n");
	return rc;
}

struct org_export_xlsx { lxw_worksheet *ws; lxw_format *cell; lxw_row_t row; };

static int org_export_xlsx_row(struct org_export_walk *wk, struct arena *a, const struct org *o)
{
	struct org_export_xlsx *x = wk->ctx;
	const char *cells[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(a, wk->opts, o, cells);
	x->row++;
	for (int k = 0; k < n; k++)	/* string cells: never a formula, so no guard */
		if (cells[k] && *cells[k] &&
		    worksheet_write_string(x->ws, x->row, (lxw_col_t)k, cells[k], x->cell) != LXW_NO_ERROR) {
			snprintf(wk->err, wk->errlen, "cannot write row %u of the spreadsheet", (unsigned)x->row + 1);
			return -1;
		}
	return 0;
}

static int org_export_xlsx(struct org_export_walk *wk, struct buf *out)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/kyodo-orgs-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(wk->err, wk->errlen, "cannot create a temporary file for the spreadsheet");
		return -1;
	}
	close(fd);
	/* constant_memory: rows go straight to disk, so a 100,000-row registry fits */
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE, .tmpdir = tmpdir && *tmpdir ? (char *)tmpdir : NULL };
	lxw_workbook *wb = workbook_new_opt(path, &wo);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "団体一覧") : NULL;
	int rc = -1;
	if (!ws) {
		snprintf(wk->err, wk->errlen, "cannot start the spreadsheet");
		goto out;
	}
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDDDDD);
	format_set_border(head, LXW_BORDER_THIN);
	lxw_format *cell = workbook_add_format(wb);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	const char *cells[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(NULL, wk->opts, NULL, cells);
	for (int k = 0; k < n; k++) {
		int wide = strcmp(cells[k], "目的") == 0 || strcmp(cells[k], "活動内容") == 0 ||
			   strcmp(cells[k], "住所") == 0 || strcmp(cells[k], "募集") == 0;
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, wide ? 40 : 14, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)k, cells[k], head);
	}
	worksheet_freeze_panes(ws, 1, 0);
	struct org_export_xlsx x = { ws, cell, 0 };
	wk->ctx = &x;
	wk->fn = org_export_xlsx_row;
	if ((rc = org_export_each(wk)) != 0)
		goto out;
	rc = -1;
	lxw_error e = workbook_close(wb);
	wb = NULL;
	if (e != LXW_NO_ERROR) {
		snprintf(wk->err, wk->errlen, "cannot write the spreadsheet: %s", lxw_strerror(e));
		goto out;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(wk->err, wk->errlen, "cannot read the spreadsheet back");
		goto out;
	}
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, got);
	fclose(f);
	rc = out->oom ? STORE_ERR : 0;
out:
	if (wb)
		workbook_close(wb);
	unlink(path);
	return rc;
}

int org_export(struct store *st, const struct org_export_opts *opts, struct buf *out, char *err, size_t errlen)
{
	struct org_export_walk wk = { .st = st, .opts = opts, .err = err, .errlen = errlen };
	if (errlen)
		err[0] = 0;
	switch (opts->format) {
	case ORG_EXPORT_CSV:
		return org_export_csv(&wk, out);
	case ORG_EXPORT_XLSX:
		return org_export_xlsx(&wk, out);
	case ORG_EXPORT_JSON:
		return org_export_json(&wk, out);
	default:
		snprintf(err, errlen, "the registry is exported as csv, xlsx or json");
		return -1;
	}
}
