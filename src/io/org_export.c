/* org_export: the registry of actors out to files (see org_csv.h) — CSV (UTF-8 with BOM,
 * or CP932 with 〓 for what it cannot hold), .xlsx (libxlsxwriter, typed cells) and JSON,
 * every record or the directory's only, each through org_for_viewer for the public. The
 * columns are org_csv.c's table, so an export imports back. */
#include "io/org_csv.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jtext.h"
#include <jansson.h>
#include <time.h>
#include <xlsxwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ORG_CSV_NCOLS org_csv_ncols
#define ORG_CSV_MAX_CELLS 64	/* cells of one row (org_csv_ncols, with room to grow) */

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

/* The cells of one row (header when o is NULL), in export order; cols[] (may be NULL)
 * gets each cell's column. */
static int org_export_cells(struct arena *a, const struct org_export_opts *opts, const struct org *o,
			    const char **cells, const struct org_csv_col **cols)
{
	int n = 0;
	for (int k = 0; k < ORG_CSV_NCOLS && n < ORG_CSV_MAX_CELLS; k++) {
		if (opts->public_only && org_csv_col_private(&org_csv_cols[k]))
			continue;
		if (cols)
			cols[n] = &org_csv_cols[k];
		cells[n++] = o ? org_csv_value(a, &org_csv_cols[k], o) : org_csv_col_header(&org_csv_cols[k]);
	}
	return n;
}

int org_csv_write_header(struct csv_writer *w, const struct org_export_opts *opts)
{
	const char *cells[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(NULL, opts, NULL, cells, NULL);
	return csv_write_row(w, cells, (size_t)n);
}

int org_csv_write_row(struct csv_writer *w, struct arena *a, const struct org_export_opts *opts,
		      const struct org *o)
{
	const char *cells[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(a, opts, o, cells, NULL);
	for (int k = 0; k < n; k++) {
		if (!cells[k]) {
			snprintf(w->err, sizeof w->err, "out of memory");
			return -1;
		}
	}
	return csv_write_row(w, cells, (size_t)n);	/* the writer guards formula-like cells */
}

void org_export_notes_free(struct org_export_notes *n)
{
	if (n)
		buf_free(&n->replaced);
}

/* Walks the export's records: fn gets each one, already through org_for_viewer() for a
 * public export. */
struct org_export_walk {
	struct store *st;
	const struct org_export_opts *opts;
	struct org_export_notes *notes;
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
		if (rc == 0 && wk->notes)
			wk->notes->records++;
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
	if (rc == 0 && wk->notes) {	/* what was written as 〓, each with its column's header */
		const char *heads[ORG_CSV_MAX_CELLS];
		int n = org_export_cells(NULL, wk->opts, NULL, heads, NULL);
		size_t listed = w.nreplaced < w.capreplaced ? w.nreplaced : w.capreplaced;
		wk->notes->nreplaced = w.nreplaced;
		for (size_t i = 0; i < listed && w.replaced; i++) {
			const struct csv_replaced *rp = &w.replaced[i];
			char ch[5] = "";
			ch[rp->cp <= 0x10FFFF ? jtext_utf8_encode(rp->cp, ch) : 0] = 0;
			buf_printf(&wk->notes->replaced, "row %zu, column %zu (%s): %s (U+%04X)\n", rp->row, rp->col,
				   rp->col >= 1 && rp->col <= (size_t)n ? heads[rp->col - 1] : "?", ch, (unsigned)rp->cp);
		}
		if (listed < w.nreplaced)
			buf_printf(&wk->notes->replaced, "(%zu more not listed: out of memory)\n", w.nreplaced - listed);
	}
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
	/* The center's comments stay with the center; the full export holds the review
	 * state and the confirmation dates, as the CSV does. */
	json_object_del(j, "review_comment");
	if (!wk->opts->public_only)
		json_object_set_new(j, "confirm_requested_at",
				    json_string(o->confirm_requested_at ? o->confirm_requested_at : ""));
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

struct org_export_xlsx { lxw_worksheet *ws; lxw_format *cell, *date, *time; lxw_row_t row; };

/* A stored time (UTC, "2025-06-01T01:05:00Z") as the date and time in Japan. */
static int org_xlsx_time(const char *s, lxw_datetime *dt)
{
	struct tm tm = { 0 };
	int n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &n) != 6 || s[n])
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + 9 * 3600;	/* Japan has no daylight saving time */
	gmtime_r(&t, &tm);
	*dt = (lxw_datetime){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec };
	return 0;
}

/* One cell, typed: counts as numbers, dates and times as dates (so that a spreadsheet
 * sums and sorts them), everything else as text (never a formula, so no guard). */
static lxw_error org_xlsx_cell(struct org_export_xlsx *x, lxw_col_t k, const struct org_csv_col *col, const char *v)
{
	enum org_ftype t = col->kind == ORG_COL_FIELD ? org_field_specs[col->field].type : ORG_T_TEXT;
	lxw_datetime dt;
	int y, m, d, n = 0;
	if (t == ORG_T_COUNT) {
		char *end;
		double num = strtod(v, &end);
		if (!*end)
			return worksheet_write_number(x->ws, x->row, k, num, x->cell);
	} else if (t == ORG_T_DATE && sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !v[n]) {
		dt = (lxw_datetime){ y, m, d, 0, 0, 0 };
		return worksheet_write_datetime(x->ws, x->row, k, &dt, x->date);
	} else if ((col->kind == ORG_COL_CONFIRMED || col->kind == ORG_COL_CONFIRM_REQ) && org_xlsx_time(v, &dt) == 0) {
		return worksheet_write_datetime(x->ws, x->row, k, &dt, x->time);
	}
	return worksheet_write_string(x->ws, x->row, k, v, x->cell);
}

static int org_export_xlsx_row(struct org_export_walk *wk, struct arena *a, const struct org *o)
{
	struct org_export_xlsx *x = wk->ctx;
	const char *cells[ORG_CSV_MAX_CELLS];
	const struct org_csv_col *cols[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(a, wk->opts, o, cells, cols);
	x->row++;
	for (int k = 0; k < n; k++)
		if (cells[k] && *cells[k] && org_xlsx_cell(x, (lxw_col_t)k, cols[k], cells[k]) != LXW_NO_ERROR) {
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
	lxw_format *cell = workbook_add_format(wb), *date = workbook_add_format(wb), *time = workbook_add_format(wb);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(date, "yyyy-mm-dd");
	format_set_align(time, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(time, "yyyy-mm-dd hh:mm");
	const char *cells[ORG_CSV_MAX_CELLS];
	int n = org_export_cells(NULL, wk->opts, NULL, cells, NULL);
	for (int k = 0; k < n; k++) {
		int wide = strcmp(cells[k], "目的") == 0 || strcmp(cells[k], "活動内容") == 0 ||
			   strcmp(cells[k], "住所") == 0 || strcmp(cells[k], "募集") == 0;
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, wide ? 40 : 14, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)k, cells[k], head);
	}
	worksheet_freeze_panes(ws, 1, 0);
	struct org_export_xlsx x = { ws, cell, date, time, 0 };
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

int org_export(struct store *st, const struct org_export_opts *opts, struct buf *out, struct org_export_notes *notes,
	       char *err, size_t errlen)
{
	struct org_export_walk wk = { .st = st, .opts = opts, .notes = notes, .err = err, .errlen = errlen };
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
