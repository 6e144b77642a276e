/* plan_export: the published progress table (一覧表) and rollups as CSV, .xlsx and JSON
 * (see plan_export.h). CSV goes through io/csv.c so encodings are handled in one place. */
#include "io/plan_export.h"
#include "io/csv.h"
#include "domain/plan_walk.h"
#include "domain/wareki.h"
#include "util/arena.h"
#include <time.h>
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

/* ---- the year's table ---- */

const char *const export_layout_names[LAYOUT__MAX] = { "list", "full", "report" };

int export_layout_parse(const char *s, enum export_layout *l)
{
	for (int i = 0; i < LAYOUT__MAX; i++)
		if (s && strcmp(s, export_layout_names[i]) == 0) {
			*l = (enum export_layout)i;
			return 0;
		}
	return -1;
}

void plan_export_report_free(struct plan_export_report *rep)
{
	if (rep)
		buf_free(&rep->replaced);
}

/* Every column a table may have. The headers are the ones the import reads (plan_import.c),
 * so a full export imports back as it is. */
enum table_col {
	TC_CODE, TC_PARENT, TC_TITLE, TC_DESCRIPTION, TC_PRIORITY, TC_DEPARTMENT, TC_TARGET_YEAR, TC_PLANNED,
	TC_STATUS, TC_ACHIEVEMENT, TC_RESULT, TC_NEXT, TC_REASON, TC_OUTCOMES, TC_PROBLEMS, TC_KEY_GOAL, TC__MAX
};
static const struct {
	const char *head, *key;
	double width;		/* xlsx column width */
} table_cols[TC__MAX] = {
	[TC_CODE] = { "コード", "code", 10 },
	[TC_PARENT] = { "親コード", "parent", 10 },
	[TC_TITLE] = { "内容", "title", 48 },
	[TC_DESCRIPTION] = { "説明", "description", 36 },
	[TC_PRIORITY] = { "重点", "priority", 12 },
	[TC_DEPARTMENT] = { "担当課", "department", 14 },
	[TC_TARGET_YEAR] = { "目標年次", "target_year", 20 },
	[TC_PLANNED] = { "取組内容", "planned_actions", 36 },
	[TC_STATUS] = { "施策の実施", "status", 12 },
	[TC_ACHIEVEMENT] = { "達成率", "achievement", 8 },
	[TC_RESULT] = { "実績", "result", 48 },
	[TC_NEXT] = { "次期案", "next_priority", 10 },
	[TC_REASON] = { "理由", "next_reason", 48 },
	[TC_OUTCOMES] = { "成果", "outcomes", 36 },
	[TC_PROBLEMS] = { "課題", "problems", 36 },
	[TC_KEY_GOAL] = { "重点目標", "key_goal", 36 },
};
/* The 一覧表 officials publish (its first header is "No"), the full layout, and the public
 * report's 一覧 with the department and the target year. */
static const enum table_col list_cols[] = { TC_CODE, TC_TITLE, TC_PRIORITY, TC_STATUS, TC_RESULT, TC_NEXT, TC_REASON };
static const enum table_col full_cols[] = { TC_CODE, TC_PARENT, TC_TITLE, TC_DESCRIPTION, TC_PRIORITY,
					    TC_DEPARTMENT, TC_TARGET_YEAR, TC_PLANNED, TC_STATUS, TC_ACHIEVEMENT,
					    TC_RESULT, TC_NEXT, TC_REASON, TC_OUTCOMES, TC_PROBLEMS, TC_KEY_GOAL };
static const enum table_col report_cols[] = { TC_CODE, TC_TITLE, TC_PRIORITY, TC_DEPARTMENT, TC_TARGET_YEAR,
					      TC_STATUS, TC_RESULT, TC_NEXT, TC_REASON };
static const struct {
	const enum table_col *cols;
	size_t n;
} layout_cols[LAYOUT__MAX] = {
	[LAYOUT_LIST] = { list_cols, sizeof list_cols / sizeof *list_cols },
	[LAYOUT_FULL] = { full_cols, sizeof full_cols / sizeof *full_cols },
	[LAYOUT_REPORT] = { report_cols, sizeof report_cols / sizeof *report_cols },
};

struct table {
	struct store *st;
	const struct plan *p;
	int fy;
	const struct actor *viewer;
	enum export_format f;
	enum export_layout layout;
	const enum table_col *cols;
	size_t ncols;
	int list;		/* an 一覧 layout (list or report): the first header is "No" */
	lxw_row_t first_row;	/* the header's row in the sheet (after the report's title block) */
	struct buf *out;
	struct plan_export_report *rep;
	size_t rows;
	struct csv_writer csv;
	lxw_workbook *wb;
	lxw_worksheet *ws, *ws_rollups;
	lxw_format *head, *cell, *branch, *num, *num_branch, *title, *pct;
	char path[512];
};

static const char *table_head(const struct table *tb, enum table_col c)
{
	return tb->list && c == TC_CODE ? "No" : table_cols[c].head;
}

/* The cells of one node; numbers written into num (at least 32 bytes). */
static void table_cells(const struct plan_node *nd, const char *cells[TC__MAX], char *num, size_t n)
{
	const struct plan_year *y = &nd->y;
	*num = 0;
	if (y->present && y->has_achievement)
		snprintf(num, n, "%.10g", y->achievement);
	cells[TC_CODE] = nd->code;
	cells[TC_PARENT] = nd->parent_code ? nd->parent_code : "";
	cells[TC_TITLE] = nd->title;
	cells[TC_DESCRIPTION] = nd->description ? nd->description : "";
	cells[TC_PRIORITY] = nd->priority ? nd->priority : "";
	cells[TC_DEPARTMENT] = nd->department ? nd->department : "";
	cells[TC_TARGET_YEAR] = nd->target_year ? nd->target_year : "";
	cells[TC_PLANNED] = nd->planned_actions ? nd->planned_actions : "";
	cells[TC_STATUS] = y->present && y->status ? y->status : "";
	cells[TC_ACHIEVEMENT] = num;
	cells[TC_RESULT] = y->present && y->result ? y->result : "";
	cells[TC_NEXT] = y->present && y->next_priority ? y->next_priority : "";
	cells[TC_REASON] = y->present && y->next_reason ? y->next_reason : "";
	cells[TC_OUTCOMES] = nd->outcomes ? nd->outcomes : "";
	cells[TC_PROBLEMS] = nd->problems ? nd->problems : "";
	cells[TC_KEY_GOAL] = nd->key_goal ? nd->key_goal : "";
}

/* The report's status cell of an item without an answer: never a blank. */
static const char *table_report_status(const struct plan_node *nd, const char *status, char *buf, size_t n)
{
	if (nd->nchildren || (nd->y.present && nd->y.status))
		return status;
	if (nd->ended_fy) {
		char fy[64];
		wareki_format_fiscal_year_full(nd->ended_fy, fy, sizeof fy);
		snprintf(buf, n, "完了（%s）", fy);
		return buf;
	}
	return nd->y.hidden ? "未提出" : ROLLUP_UNANSWERED_LABEL;
}

/* ---- CSV ---- */

static int table_csv_row(struct table *tb, const char *const all[TC__MAX], char *err, size_t errlen)
{
	const char *cells[TC__MAX];
	for (size_t k = 0; k < tb->ncols; k++)
		cells[k] = all[tb->cols[k]];
	if (csv_write_row(&tb->csv, cells, tb->ncols) == 0)	/* guards formula-like cells */
		return 0;
	snprintf(err, errlen, "%s", tb->csv.err);
	return -1;
}

/* ---- xlsx: written row by row (constant_memory) into a temporary file, then copied ---- */

/* The title block above the table: the plan, the year in 和暦 with its report's name, the
 * day the file was made (Japan time); the header follows after a blank row. */
static void table_xlsx_title(struct table *tb, lxw_worksheet *ws)
{
	char fy[64], today[96], line[256];
	struct wareki_time t;
	wareki_format_fiscal_year_full(tb->fy, fy, sizeof fy);
	wareki_jst_of_unix((long long)time(NULL), &t);
	t.has_time = 0;
	if (wareki_format_time(&t, today, sizeof today) != 0)
		*today = 0;
	worksheet_write_string(ws, 0, 0, tb->p->title, tb->title);
	snprintf(line, sizeof line, "%s　進捗状況一覧", fy);
	worksheet_write_string(ws, 1, 0, line, NULL);
	snprintf(line, sizeof line, "作成日：%s", today);
	worksheet_write_string(ws, 2, 0, line, NULL);
	tb->first_row = 4;
}

static int table_xlsx_begin(struct table *tb, char *err, size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	snprintf(tb->path, sizeof tb->path, "%s/kyodo-export-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(tb->path);
	if (fd < 0) {
		*tb->path = 0;
		snprintf(err, errlen, "cannot create a temporary file for the spreadsheet");
		return -1;
	}
	close(fd);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	tb->wb = workbook_new_opt(tb->path, &opt);
	tb->ws = tb->wb ? workbook_add_worksheet(tb->wb, tb->list ? "一覧表" : "計画") : NULL;
	if (tb->ws && tb->layout == LAYOUT_REPORT)
		tb->ws_rollups = workbook_add_worksheet(tb->wb, "集計");
	if (!tb->ws || (tb->layout == LAYOUT_REPORT && !tb->ws_rollups)) {
		snprintf(err, errlen, "cannot start the spreadsheet");
		return -1;
	}
	tb->head = workbook_add_format(tb->wb);
	format_set_bold(tb->head);
	format_set_border(tb->head, LXW_BORDER_THIN);
	format_set_bg_color(tb->head, 0xDDDDDD);
	tb->cell = workbook_add_format(tb->wb);
	format_set_text_wrap(tb->cell);
	format_set_align(tb->cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(tb->cell, LXW_BORDER_THIN);
	tb->branch = workbook_add_format(tb->wb);
	format_set_bold(tb->branch);
	format_set_border(tb->branch, LXW_BORDER_THIN);
	tb->num = workbook_add_format(tb->wb);
	format_set_align(tb->num, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(tb->num, LXW_BORDER_THIN);
	format_set_num_format(tb->num, "0.##");
	tb->num_branch = workbook_add_format(tb->wb);
	format_set_bold(tb->num_branch);
	format_set_border(tb->num_branch, LXW_BORDER_THIN);
	format_set_num_format(tb->num_branch, "0.##");
	tb->title = workbook_add_format(tb->wb);
	format_set_bold(tb->title);
	format_set_font_size(tb->title, 14);
	tb->pct = workbook_add_format(tb->wb);
	format_set_border(tb->pct, LXW_BORDER_THIN);
	format_set_num_format(tb->pct, "0.00");
	for (size_t k = 0; k < tb->ncols; k++)
		worksheet_set_column(tb->ws, (lxw_col_t)k, (lxw_col_t)k, table_cols[tb->cols[k]].width, NULL);
	if (tb->layout == LAYOUT_REPORT)
		table_xlsx_title(tb, tb->ws);
	/* printed as officials file it: A4 landscape, as wide as the page, the header on every page */
	worksheet_set_paper(tb->ws, 9);
	worksheet_set_landscape(tb->ws);
	worksheet_fit_to_pages(tb->ws, 1, 0);
	worksheet_repeat_rows(tb->ws, tb->first_row, tb->first_row);
	worksheet_freeze_panes(tb->ws, tb->first_row + 1, 0);
	for (size_t k = 0; k < tb->ncols; k++)
		worksheet_write_string(tb->ws, tb->first_row, (lxw_col_t)k, table_head(tb, tb->cols[k]), tb->head);
	return 0;
}

static void table_xlsx_row(struct table *tb, const struct plan_node *nd, const char *const all[TC__MAX])
{
	lxw_row_t row = (lxw_row_t)(tb->first_row + tb->rows + 1);
	int br = nd->nchildren > 0;
	for (size_t k = 0; k < tb->ncols; k++) {
		enum table_col c = tb->cols[k];
		if (c == TC_ACHIEVEMENT) {	/* a number, so that sums and averages work */
			if (nd->y.present && nd->y.has_achievement)
				worksheet_write_number(tb->ws, row, (lxw_col_t)k, nd->y.achievement,
						       br ? tb->num_branch : tb->num);
			else
				worksheet_write_blank(tb->ws, row, (lxw_col_t)k, br ? tb->num_branch : tb->num);
		} else {	/* text, also codes such as 1-1 that a number format would turn into dates */
			worksheet_write_string(tb->ws, row, (lxw_col_t)k, all[c], br ? tb->branch : tb->cell);
		}
	}
}

static int table_xlsx_rollups(struct table *tb);

static int table_xlsx_end(struct table *tb, char *err, size_t errlen)
{
	if (tb->ws_rollups && table_xlsx_rollups(tb) != 0) {
		snprintf(err, errlen, "cannot read the plan's rollups");
		return -1;
	}
	lxw_error e = workbook_close(tb->wb);
	tb->wb = NULL;
	if (e != LXW_NO_ERROR) {
		snprintf(err, errlen, "cannot write the spreadsheet");
		return -1;
	}
	FILE *f = fopen(tb->path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read the spreadsheet back");
		return -1;
	}
	char chunk[16384];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(tb->out, chunk, n);	/* drains into the caller's spool or file */
	fclose(f);
	return tb->out->oom ? -1 : 0;
}

/* ---- JSON: one object per row, written as the rows come ---- */

static void table_json_begin(struct table *tb)
{
	char fyname[64];
	wareki_format_fiscal_year(tb->fy, fyname, sizeof fyname);
	json_t *head = json_pack("{s:s,s:s,s:i,s:s}", "plan", tb->p->name, "title", tb->p->title, "fiscal_year", tb->fy,
				 "fiscal_year_name", fyname);
	char *h = head ? json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(head);
	if (!h) {
		tb->out->oom = 1;
		return;
	}
	buf_append(tb->out, h, strlen(h) - 1);	/* without the closing brace */
	buf_puts(tb->out, ",\"rows\":[\n");
	free(h);
}

static void table_json_row(struct table *tb, const struct plan_node *nd, const char *const all[TC__MAX])
{
	json_t *o = json_object();
	for (int k = 0; k < TC__MAX; k++) {
		if (k == TC_ACHIEVEMENT)
			json_object_set_new(o, table_cols[k].key,
					    nd->y.present && nd->y.has_achievement ? json_real(nd->y.achievement)
										   : json_null());
		else if (k == TC_PARENT)
			json_object_set_new(o, table_cols[k].key,
					    nd->parent_code ? json_string(nd->parent_code) : json_null());
		else if (k == TC_DEPARTMENT)
			json_object_set_new(o, table_cols[k].key,
					    nd->department ? json_string(nd->department) : json_null());
		else if (k == TC_OUTCOMES || k == TC_PROBLEMS)
			json_object_set_new(o, table_cols[k].key, nd->outcomes ? json_string(all[k]) : json_null());
		else
			json_object_set_new(o, table_cols[k].key, json_string(all[k]));
	}
	json_object_set_new(o, "depth", json_integer(nd->depth));
	json_object_set_new(o, "branch", json_boolean(nd->nchildren > 0));
	json_object_set_new(o, "status_group", nd->y.present && nd->y.group ? json_string(nd->y.group) : json_null());
	json_object_set_new(o, "grade", nd->y.present && nd->y.grade ? json_string(nd->y.grade) : json_null());
	char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!t) {
		tb->out->oom = 1;
		return;
	}
	if (tb->rows)
		buf_puts(tb->out, ",\n");
	buf_puts(tb->out, t);
	free(t);
}

/* ---- the walk ---- */

struct table_ctx {
	struct table *tb;
	char *err;
	size_t errlen;
};

static int table_row(void *arg, const struct plan_node *nd)
{
	struct table_ctx *c = arg;
	struct table *tb = c->tb;
	const char *all[TC__MAX];
	char num[48], status[128];
	table_cells(nd, all, num, sizeof num);
	if (tb->layout == LAYOUT_REPORT)
		all[TC_STATUS] = table_report_status(nd, all[TC_STATUS], status, sizeof status);
	switch (tb->f) {
	case EXPORT_CSV:
	case EXPORT_CSV_CP932:
		if (table_csv_row(tb, all, c->err, c->errlen) != 0)
			return -1;
		break;
	case EXPORT_XLSX:
		table_xlsx_row(tb, nd, all);
		break;
	default:
		table_json_row(tb, nd, all);
		break;
	}
	tb->rows++;
	if (tb->out->oom) {
		snprintf(c->err, c->errlen, "cannot write the export (out of memory or disk)");
		return -1;
	}
	return 0;
}

int plan_export_year(struct store *st, const struct plan *p, int fy, const struct actor *viewer, enum export_format f,
		     enum export_layout l, struct buf *out, struct plan_export_report *rep, char *err, size_t errlen)
{
	if (f != EXPORT_CSV && f != EXPORT_CSV_CP932 && f != EXPORT_XLSX && f != EXPORT_JSON) {
		snprintf(err, errlen, "the table is exported as csv, csv-cp932, xlsx or json");
		return -1;
	}
	if ((int)l < 0 || l >= LAYOUT__MAX)
		l = LAYOUT_LIST;
	struct table tb = { .st = st, .p = p, .fy = fy, .viewer = viewer, .f = f, .layout = l, .out = out, .rep = rep,
			    .list = l != LAYOUT_FULL };
	tb.cols = layout_cols[l].cols;
	tb.ncols = layout_cols[l].n;
	int rc = 0;
	*err = 0;
	if (f == EXPORT_CSV || f == EXPORT_CSV_CP932) {
		csv_writer_init(&tb.csv, out, f == EXPORT_CSV_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8);
		const char *heads[TC__MAX];
		for (size_t k = 0; k < tb.ncols; k++)
			heads[k] = table_head(&tb, tb.cols[k]);
		if (csv_write_row(&tb.csv, heads, tb.ncols) != 0) {
			snprintf(err, errlen, "%s", tb.csv.err);
			rc = -1;
		}
	} else if (f == EXPORT_XLSX) {
		rc = table_xlsx_begin(&tb, err, errlen);
	} else {
		table_json_begin(&tb);
	}
	struct table_ctx c = { &tb, err, errlen };
	struct plan_walk_opts o = { .fy = fy, .scope = WALK_ALL };
	if (rc == 0)
		rc = plan_walk(st, p, viewer, &o, table_row, &c);
	if (rc == 0 && f == EXPORT_XLSX)
		rc = table_xlsx_end(&tb, err, errlen);
	if (rc == 0 && f == EXPORT_JSON)
		buf_puts(out, "\n]}\n");
	if (f == EXPORT_CSV || f == EXPORT_CSV_CP932) {
		if (rep && rc == 0) {
			rep->nreplaced = tb.csv.nreplaced;
			csv_format_replaced(&tb.csv, &rep->replaced, "row %zu, column %zu: %s (U+%04X)\n");
		}
		csv_writer_end(&tb.csv);
	}
	if (tb.wb)
		workbook_close(tb.wb);
	if (*tb.path)
		unlink(tb.path);
	if (rep)
		rep->rows = tb.rows;
	if (rc == 0 && out->oom) {
		snprintf(err, errlen, "cannot write the export (out of memory or disk)");
		rc = -1;
	}
	if (rc != 0 && rc != -1 && !*err)
		snprintf(err, errlen, "cannot read the plan");
	return rc;
}

/* ---- rollups ---- */

static const struct rollup_row *rollup_row_at(const struct rollup *ru, int i)
{
	return i < ru->nrows ? &ru->rows[i] : &ru->total;
}

/* The count of group g in a row; g == ngroups is 未回答 (when the rollup has it). */
static int rollup_count_at(const struct rollup *ru, const struct rollup_row *row, int g)
{
	return g < ru->ngroups ? row->counts[g] : row->unanswered;
}

static const char *rollup_group_at(const struct rollup *ru, int g)
{
	return g < ru->ngroups ? ru->groups[g] : ROLLUP_UNANSWERED_LABEL;
}

/* The groups a rollup's files list: its groups, then 未回答 when some item has no answer. */
static int rollup_ncols(const struct rollup *ru)
{
	return ru->ngroups + (rollup_has_unanswered(ru) ? 1 : 0);
}

static int rollup_csv(const struct rollup *ru, enum csv_encoding enc, struct buf *out, char *err, size_t errlen)
{
	struct csv_writer w;
	/* Scripts read this: plain UTF-8 without a BOM unless CP932 was asked for. */
	struct buf tmp = BUF_INIT;
	csv_writer_init(&w, &tmp, enc);
	const char *head[] = { "row", ru->by == ROLLUP_GRADE ? "grade" : "status", "count", "total", "percent" };
	int rc = csv_write_row(&w, head, 5);
	int ncols = rollup_ncols(ru);
	for (int i = 0; i <= ru->nrows && rc == 0; i++) {
		const struct rollup_row *row = rollup_row_at(ru, i);
		for (int g = 0; g < ncols && rc == 0; g++) {
			char count[24], total[24], pct[24];
			int c = rollup_count_at(ru, row, g);
			snprintf(count, sizeof count, "%d", c);
			snprintf(total, sizeof total, "%d", row->total);
			rollup_percent(c, row->total, pct, sizeof pct);
			const char *cells[] = { row->label, rollup_group_at(ru, g), count, total, pct };
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

static int rollup_json(const struct plan *p, const struct rollup *ru, struct buf *out)
{
	json_t *rows = json_array();
	int ncols = rollup_ncols(ru);
	for (int i = 0; i <= ru->nrows; i++) {
		const struct rollup_row *row = rollup_row_at(ru, i);
		json_t *counts = json_object(), *pcts = json_object();
		for (int g = 0; g < ncols; g++) {
			char pct[24];
			int c = rollup_count_at(ru, row, g);
			rollup_percent(c, row->total, pct, sizeof pct);
			json_object_set_new(counts, rollup_group_at(ru, g), json_integer(c));
			json_object_set_new(pcts, rollup_group_at(ru, g), json_string(pct));
		}
		json_array_append_new(rows, json_pack("{s:s,s:s?,s:i,s:i,s:i,s:i,s:o,s:o}", "row", row->label, "title",
						      row->title, "branches", row->branches, "items", row->items,
						      "total", row->total, "unanswered", row->unanswered, "counts", counts,
						      "percent", pcts));
	}
	json_t *groups = json_array();
	for (int g = 0; g < ncols; g++)
		json_array_append_new(groups, json_string(rollup_group_at(ru, g)));
	json_t *doc = json_pack("{s:s,s:i,s:s,s:b,s:i,s:o,s:o}", "plan", p->name, "fiscal_year", ru->fy, "by",
				rollup_by_names[ru->by], "provisional", ru->provisional, "hidden", ru->hidden, "groups",
				groups, "rows", rows);
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

static int rollup_text(const struct plan *p, const struct rollup *ru, struct buf *out)
{
	char fyname[64];
	wareki_format_fiscal_year(ru->fy, fyname, sizeof fyname);
	buf_printf(out, "%s — %s%s\n", p->title, fyname, ru->provisional ? " (速報: not published yet)" : "");
	int w0 = 5;
	for (int i = 0; i <= ru->nrows; i++) {
		int w = text_width(rollup_row_at(ru, i)->label);
		if (w > w0)
			w0 = w;
	}
	int gw[65], ncols = rollup_ncols(ru);
	text_cell(out, "row", w0, 0);
	buf_puts(out, "  branches  items  total");
	for (int g = 0; g < ncols && g < 65; g++) {
		gw[g] = text_width(rollup_group_at(ru, g));
		if (gw[g] < 15)
			gw[g] = 15;
		buf_puts(out, "  ");
		text_cell(out, rollup_group_at(ru, g), gw[g], 1);
	}
	buf_putc(out, '\n');
	for (int i = 0; i <= ru->nrows; i++) {
		const struct rollup_row *row = rollup_row_at(ru, i);
		text_cell(out, row->label, w0, 0);
		buf_printf(out, "  %8d  %5d  %5d", row->branches, row->items, row->total);
		for (int g = 0; g < ncols && g < 65; g++) {
			char pct[24], cell[64];
			int c = rollup_count_at(ru, row, g);
			rollup_percent(c, row->total, pct, sizeof pct);
			snprintf(cell, sizeof cell, "%d (%s%%)", c, pct);
			buf_puts(out, "  ");
			text_cell(out, cell, gw[g], 1);
		}
		buf_putc(out, '\n');
	}
	return 0;
}

int plan_export_rollup(const struct plan *p, const struct rollup *ru, enum export_format f, struct buf *out,
		       char *err, size_t errlen)
{
	switch (f) {
	case EXPORT_CSV:
		return rollup_csv(ru, CSV_ENC_UTF8, out, err, errlen);
	case EXPORT_CSV_CP932:
		return rollup_csv(ru, CSV_ENC_CP932, out, err, errlen);
	case EXPORT_JSON:
		return rollup_json(p, ru, out);
	case EXPORT_TEXT:
		return rollup_text(p, ru, out);
	default:
		snprintf(err, errlen, "a rollup is printed as text, csv or json");
		return -1;
	}
}

/* ---- the report's second sheet: the rollups ---- */

void plan_export_achievement_line(const struct rollup *ru, const struct rollup_row *row, struct buf *out)
{
	int ncols = rollup_ncols(ru), first = 1;
	for (int g = 0; g < ncols; g++) {
		int c = rollup_count_at(ru, row, g);
		if (c <= 0)
			continue;
		buf_printf(out, "%s%d/%d：%s", first ? "" : "　", c, row->total, rollup_group_at(ru, g));
		first = 0;
	}
}

static const struct {
	enum rollup_by by;
	int depth;
	const char *name;
} xlsx_rollup_parts[] = {
	{ ROLLUP_PRIORITY, 0, "重点区分別" },
	{ ROLLUP_BRANCH, 1, "施策の柱別" },
	{ ROLLUP_GRADE, 1, "達成度別" },
};

/* One rollup as a block of rows from *row on; *row ends after it and a blank row. */
static void table_xlsx_rollup(struct table *tb, lxw_worksheet *ws, const struct rollup *ru, const char *name,
			      lxw_row_t *row)
{
	char title[128];
	snprintf(title, sizeof title, "%s%s", name, ru->provisional ? "（速報）" : "");
	worksheet_write_string(ws, (*row)++, 0, title, tb->branch);
	int ncols = rollup_ncols(ru), with_line = ru->by == ROLLUP_PRIORITY;
	lxw_col_t c = 0;
	worksheet_write_string(ws, *row, c++, "区分", tb->head);
	worksheet_write_string(ws, *row, c++, "内容", tb->head);
	worksheet_write_string(ws, *row, c++, "項目数", tb->head);
	for (int g = 0; g < ncols; g++) {
		char h[96];
		worksheet_write_string(ws, *row, c++, rollup_group_at(ru, g), tb->head);
		snprintf(h, sizeof h, "%s（%%）", rollup_group_at(ru, g));
		worksheet_write_string(ws, *row, c++, h, tb->head);
	}
	worksheet_write_string(ws, *row, c++, ru->by == ROLLUP_GRADE ? "達成率のある項目" : "計", tb->head);
	if (with_line)
		worksheet_write_string(ws, *row, c++, "達成状況", tb->head);
	(*row)++;
	for (int i = 0; i <= ru->nrows; i++, (*row)++) {
		const struct rollup_row *r = rollup_row_at(ru, i);
		c = 0;
		worksheet_write_string(ws, *row, c++, i == ru->nrows ? "合計" : strcmp(r->label, "(none)") == 0 ? "（なし）" : r->label,
				       i == ru->nrows ? tb->branch : tb->cell);
		worksheet_write_string(ws, *row, c++, i == ru->nrows || !r->title ? "" : r->title, tb->cell);
		worksheet_write_number(ws, *row, c++, r->items, tb->num);
		for (int g = 0; g < ncols; g++) {
			char pct[24];
			int n = rollup_count_at(ru, r, g);
			rollup_percent(n, r->total, pct, sizeof pct);
			worksheet_write_number(ws, *row, c++, n, tb->num);
			worksheet_write_number(ws, *row, c++, strtod(pct, NULL), tb->pct);
		}
		worksheet_write_number(ws, *row, c++, r->total, tb->num);
		if (with_line) {
			struct buf line = BUF_INIT;
			plan_export_achievement_line(ru, r, &line);
			worksheet_write_string(ws, *row, c++, buf_cstr(&line), tb->cell);
			buf_free(&line);
		}
	}
	(*row)++;
}

static int table_xlsx_rollups(struct table *tb)
{
	lxw_worksheet *ws = tb->ws_rollups;
	struct arena *a = arena_new(0);
	if (!a)
		return -1;
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 1, 1, 36, NULL);
	worksheet_set_column(ws, 2, 40, 10, NULL);
	lxw_row_t saved = tb->first_row, row;
	table_xlsx_title(tb, ws);
	row = tb->first_row;
	tb->first_row = saved;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof xlsx_rollup_parts / sizeof *xlsx_rollup_parts; i++) {
		enum rollup_by by = xlsx_rollup_parts[i].by;
		if ((by == ROLLUP_PRIORITY && !tb->p->npriorities) || (by == ROLLUP_GRADE && !tb->p->ngrades))
			continue;
		struct rollup ru;
		rc = plan_rollup_walk(tb->st, a, tb->p, tb->fy, tb->viewer, by, xlsx_rollup_parts[i].depth, &ru);
		if (rc == 0)
			table_xlsx_rollup(tb, ws, &ru, xlsx_rollup_parts[i].name, &row);
	}
	arena_free(a);
	return rc;
}

/* ---- names of the files ---- */

static const char *const export_ext[EXPORT__MAX] = { "csv", "csv", "xlsx", "json", "txt" };
static const char *const export_enc_ascii[EXPORT__MAX] = { "-utf8", "-sjis", "", "", "" };
static const char *const export_enc_ja[EXPORT__MAX] = { "_UTF-8", "_Shift_JIS", "", "", "" };
static const char *const layout_ja[LAYOUT__MAX] = { "一覧表", "全項目", "進捗状況一覧" };

void plan_export_filename(const struct plan *p, int fy, enum export_format f, enum export_layout l, char *out,
			  size_t n)
{
	snprintf(out, n, "plan%lld-%d-%s%s.%s", p->id, fy, export_layout_names[l], export_enc_ascii[f], export_ext[f]);
}

void plan_export_filename_ja(const struct plan *p, int fy, enum export_format f, enum export_layout l, char *out,
			     size_t n)
{
	char year[64];
	wareki_format_fiscal_year(fy, year, sizeof year);
	char *sp = strstr(year, " (");	/* "令和5年度 (2023)" → "令和5年度" */
	if (sp)
		*sp = 0;
	snprintf(out, n, "%s_%s_%s%s.%s", p->title && *p->title ? p->title : p->name, year, layout_ja[l],
		 export_enc_ja[f], export_ext[f]);
}
