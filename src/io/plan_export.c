/* plan_export: the published progress table (一覧表) and rollups as CSV, .xlsx and JSON
 * (see plan_export.h). CSV goes through io/csv.c so encodings are handled in one place. */
#include "io/plan_export.h"
#include "io/csv.h"
#include "domain/wareki.h"
#include <jansson.h>
#include <xlsxwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const export_format_names[EXPORT__MAX] = { "csv", "csv-cp932", "xlsx", "json", "text" };
static const char *const export_types[EXPORT__MAX] = {
	"text/csv; charset=utf-8", "text/csv; charset=Shift_JIS",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json",
	"text/plain; charset=utf-8",
};

int export_format_parse(const char *s, enum export_format *f)
{
	for (int i = 0; i < EXPORT__MAX; i++)
		if (strcmp(s, export_format_names[i]) == 0) {
			*f = (enum export_format)i;
			return 0;
		}
	return -1;
}

const char *export_content_type(enum export_format f) { return export_types[f]; }

/* The columns officials publish. */
enum table_col { TC_NO, TC_TITLE, TC_PRIORITY, TC_STATUS, TC_RESULT, TC_NEXT, TC_REASON, TC__MAX };
static const char *const table_headers[TC__MAX] = { "No", "内容", "重点", "施策の実施", "実績", "次期案", "理由" };
static const char *const table_keys[TC__MAX] = { "code", "title", "priority", "status", "result", "next_priority",
						 "next_reason" };

static void table_cells(const struct plan_node *nd, const char *cells[TC__MAX])
{
	cells[TC_NO] = nd->code;
	cells[TC_TITLE] = nd->title;
	cells[TC_PRIORITY] = nd->priority ? nd->priority : "";
	cells[TC_STATUS] = nd->y.status ? nd->y.status : "";
	cells[TC_RESULT] = nd->y.present ? nd->y.result : "";
	cells[TC_NEXT] = nd->y.next_priority ? nd->y.next_priority : "";
	cells[TC_REASON] = nd->y.present ? nd->y.next_reason : "";
}

static int table_csv(const struct plan_tree *t, enum csv_encoding enc, struct buf *out, char *err, size_t errlen)
{
	struct csv_writer w;
	csv_writer_init(&w, out, enc);
	if (csv_write_row(&w, table_headers, TC__MAX) != 0)
		goto fail;
	for (int i = 0; i < t->n; i++) {
		const char *cells[TC__MAX];
		table_cells(&t->nodes[i], cells);
		if (csv_write_row(&w, cells, TC__MAX) != 0)	/* guards formula-like cells */
			goto fail;
	}
	csv_writer_end(&w);
	return 0;
fail:
	snprintf(err, errlen, "%s", w.err);
	csv_writer_end(&w);
	return -1;
}

static int table_json(const struct plan_tree *t, struct buf *out)
{
	char fyname[64];
	wareki_format_fiscal_year(t->fy, fyname, sizeof fyname);
	json_t *rows = json_array();
	for (int i = 0; i < t->n; i++) {
		const struct plan_node *nd = &t->nodes[i];
		const char *cells[TC__MAX];
		table_cells(nd, cells);
		json_t *o = json_object();
		for (int k = 0; k < TC__MAX; k++)
			json_object_set_new(o, table_keys[k], json_string(cells[k]));
		json_object_set_new(o, "depth", json_integer(nd->depth));
		json_object_set_new(o, "branch", json_boolean(nd->nchildren > 0));
		json_object_set_new(o, "department", nd->department ? json_string(nd->department) : json_null());
		json_object_set_new(o, "target_year", json_string(nd->target_year));
		json_object_set_new(o, "status_group", nd->y.group ? json_string(nd->y.group) : json_null());
		json_object_set_new(o, "achievement", nd->y.has_achievement ? json_real(nd->y.achievement) : json_null());
		json_object_set_new(o, "grade", nd->y.grade ? json_string(nd->y.grade) : json_null());
		if (nd->outcomes)
			json_object_set_new(o, "outcomes", json_string(nd->outcomes));
		if (nd->problems)
			json_object_set_new(o, "problems", json_string(nd->problems));
		json_array_append_new(rows, o);
	}
	json_t *doc = json_pack("{s:s,s:s,s:i,s:s,s:o}", "plan", t->plan->name, "title", t->plan->title, "fiscal_year",
				t->fy, "fiscal_year_name", fyname, "rows", rows);
	char *s = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!s)
		return -1;
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	return 0;
}

static int table_xlsx(const struct plan_tree *t, struct buf *out, char *err, size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/kyodo-export-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file for the spreadsheet");
		return -1;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "一覧表") : NULL;
	int rc = -1;
	if (!ws) {
		snprintf(err, errlen, "cannot start the spreadsheet");
		goto out;
	}
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_bg_color(head, 0xDDDDDD);
	lxw_format *cell = workbook_add_format(wb);
	format_set_text_wrap(cell);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(cell, LXW_BORDER_THIN);
	lxw_format *branch = workbook_add_format(wb);
	format_set_bold(branch);
	format_set_border(branch, LXW_BORDER_THIN);
	static const double widths[TC__MAX] = { 10, 48, 12, 12, 48, 10, 48 };
	for (int k = 0; k < TC__MAX; k++) {
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)k, table_headers[k], head);
	}
	worksheet_freeze_panes(ws, 1, 0);
	for (int i = 0; i < t->n; i++) {
		const char *cells[TC__MAX];
		table_cells(&t->nodes[i], cells);
		for (int k = 0; k < TC__MAX; k++)
			worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)k, cells[k],
					       t->nodes[i].nchildren ? branch : cell);
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		wb = NULL;
		snprintf(err, errlen, "cannot write the spreadsheet");
		goto out;
	}
	wb = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read the spreadsheet back");
		goto out;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	rc = out->oom ? -1 : 0;
out:
	if (wb)
		workbook_close(wb);
	unlink(path);
	return rc;
}

int plan_export_table(const struct plan_tree *t, enum export_format f, struct buf *out, char *err, size_t errlen)
{
	switch (f) {
	case EXPORT_CSV:
		return table_csv(t, CSV_ENC_UTF8, out, err, errlen);
	case EXPORT_CSV_CP932:
		return table_csv(t, CSV_ENC_CP932, out, err, errlen);
	case EXPORT_XLSX:
		return table_xlsx(t, out, err, errlen);
	case EXPORT_JSON:
		return table_json(t, out);
	default:
		snprintf(err, errlen, "the table is exported as csv, csv-cp932, xlsx or json");
		return -1;
	}
}

/* ---- rollups ---- */

static const struct rollup_row *rollup_row_at(const struct rollup *ru, int i)
{
	return i < ru->nrows ? &ru->rows[i] : &ru->total;
}

static int rollup_csv(const struct rollup *ru, enum csv_encoding enc, struct buf *out, char *err, size_t errlen)
{
	struct csv_writer w;
	/* Scripts read this: plain UTF-8 without a BOM unless CP932 was asked for. */
	struct buf tmp = BUF_INIT;
	csv_writer_init(&w, &tmp, enc);
	static const char *const head[] = { "row", "status", "count", "total", "percent" };
	int rc = csv_write_row(&w, head, 5);
	for (int i = 0; i <= ru->nrows && rc == 0; i++) {
		const struct rollup_row *row = rollup_row_at(ru, i);
		for (int g = 0; g < ru->ngroups && rc == 0; g++) {
			char count[24], total[24], pct[24];
			snprintf(count, sizeof count, "%d", row->counts[g]);
			snprintf(total, sizeof total, "%d", row->total);
			rollup_percent(row->counts[g], row->total, pct, sizeof pct);
			const char *cells[] = { row->label, ru->groups[g], count, total, pct };
			rc = csv_write_row(&w, cells, 5);
		}
	}
	csv_writer_end(&w);
	if (rc != 0)
		snprintf(err, errlen, "%s", w.err);
	else {
		size_t skip = (enc == CSV_ENC_UTF8 && tmp.len >= 3 && memcmp(tmp.data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
		buf_append(out, tmp.data + skip, tmp.len - skip);
	}
	buf_free(&tmp);
	return rc;
}

static int rollup_json(const struct plan_tree *t, const struct rollup *ru, struct buf *out)
{
	json_t *rows = json_array();
	for (int i = 0; i <= ru->nrows; i++) {
		const struct rollup_row *row = rollup_row_at(ru, i);
		json_t *counts = json_object(), *pcts = json_object();
		for (int g = 0; g < ru->ngroups; g++) {
			char pct[24];
			rollup_percent(row->counts[g], row->total, pct, sizeof pct);
			json_object_set_new(counts, ru->groups[g], json_integer(row->counts[g]));
			json_object_set_new(pcts, ru->groups[g], json_string(pct));
		}
		json_array_append_new(rows, json_pack("{s:s,s:s?,s:i,s:i,s:i,s:o,s:o}", "row", row->label, "title",
						      row->title, "branches", row->branches, "items", row->items,
						      "total", row->total, "counts", counts, "percent", pcts));
	}
	json_t *groups = json_array();
	for (int g = 0; g < ru->ngroups; g++)
		json_array_append_new(groups, json_string(ru->groups[g]));
	json_t *doc = json_pack("{s:s,s:i,s:o,s:o}", "plan", t->plan->name, "fiscal_year", t->fy, "groups", groups,
				"rows", rows);
	char *s = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!s)
		return -1;
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	return 0;
}

/* Display width of UTF-8 text: East Asian wide characters count 2. */
static int text_width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += (*p >= 0xE0) ? 2 : 1;
	}
	return w;
}

static void text_cell(struct buf *out, const char *s, int width, int right)
{
	int pad = width - text_width(s);
	if (right)
		for (int i = 0; i < pad; i++)
			buf_putc(out, ' ');
	buf_puts(out, s);
	if (!right)
		for (int i = 0; i < pad; i++)
			buf_putc(out, ' ');
}

static int rollup_text(const struct plan_tree *t, const struct rollup *ru, struct buf *out)
{
	char fyname[64];
	wareki_format_fiscal_year(t->fy, fyname, sizeof fyname);
	buf_printf(out, "%s — %s\n", t->plan->title, fyname);
	int w0 = 5;
	for (int i = 0; i <= ru->nrows; i++) {
		int w = text_width(rollup_row_at(ru, i)->label);
		if (w > w0)
			w0 = w;
	}
	int gw[64];
	text_cell(out, "row", w0, 0);
	buf_puts(out, "  branches  items  total");
	for (int g = 0; g < ru->ngroups && g < 64; g++) {
		gw[g] = text_width(ru->groups[g]);
		if (gw[g] < 15)
			gw[g] = 15;
		buf_puts(out, "  ");
		text_cell(out, ru->groups[g], gw[g], 1);
	}
	buf_putc(out, '\n');
	for (int i = 0; i <= ru->nrows; i++) {
		const struct rollup_row *row = rollup_row_at(ru, i);
		text_cell(out, row->label, w0, 0);
		buf_printf(out, "  %8d  %5d  %5d", row->branches, row->items, row->total);
		for (int g = 0; g < ru->ngroups && g < 64; g++) {
			char pct[24], cell[64];
			rollup_percent(row->counts[g], row->total, pct, sizeof pct);
			snprintf(cell, sizeof cell, "%d (%s%%)", row->counts[g], pct);
			buf_puts(out, "  ");
			text_cell(out, cell, gw[g], 1);
		}
		buf_putc(out, '\n');
	}
	return 0;
}

int plan_export_rollup(const struct plan_tree *t, const struct rollup *ru, enum export_format f, struct buf *out,
		       char *err, size_t errlen)
{
	switch (f) {
	case EXPORT_CSV:
		return rollup_csv(ru, CSV_ENC_UTF8, out, err, errlen);
	case EXPORT_CSV_CP932:
		return rollup_csv(ru, CSV_ENC_CP932, out, err, errlen);
	case EXPORT_JSON:
		return rollup_json(t, ru, out);
	case EXPORT_TEXT:
		return rollup_text(t, ru, out);
	default:
		snprintf(err, errlen, "a rollup is printed as text, csv or json");
		return -1;
	}
}
