/* project_export: the collaboration projects of one fiscal year as CSV (UTF-8 with BOM or
 * CP932), .xlsx (libxlsxwriter) or JSON, in the import's columns so that an export
 * imports back unchanged (project_io.h). Read through project_list, so the viewer's
 * visibility applies; read a page at a time. */
#include "domain/project_io.h"
#include "domain/project_internal.h"
#include "store/store.h"
#include "util/arena.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

const char *const project_export_format_names[PEXPORT__MAX] = { "csv", "xlsx", "json" };

int project_export_format_parse(const char *s, enum project_export_format *f)
{
	for (int i = 0; s && i < PEXPORT__MAX; i++)
		if (strcmp(s, project_export_format_names[i]) == 0) {
			*f = (enum project_export_format)i;
			return 0;
		}
	return -1;
}

#define PEX_NCOLS 11

/* The cells of project p (arena a), in project_import_headers' order. */
static int export_cells(struct store *st, struct arena *a, const struct project *p, int public_only, const char **cells)
{
	struct project_partner *pp;
	struct project_plan_link *ln;
	int np, nl;
	int rc = project_partners_of(st, a, p->id, &pp, &np);
	if (rc == 0)
		rc = project_links_of(st, a, p->id, &ln, &nl);
	if (rc != 0)
		return rc;
	struct buf partners = BUF_INIT, codes = BUF_INIT;
	for (int i = 0, k = 0; i < np; i++)	/* the public file names the groups of the public directory */
		if (pp[i].org_public || !public_only)
			buf_printf(&partners, "%s%s", k++ ? "、" : "", pp[i].org_name);
	for (int i = 0; i < nl; i++)
		buf_printf(&codes, "%s%s", i ? "、" : "", ln[i].code);
	cells[0] = p->title;
	cells[1] = arena_printf(a, "%d", p->fy_start);
	cells[2] = arena_printf(a, "%d", p->fy_end);
	cells[3] = p->department_name;
	cells[4] = p->form_label;
	cells[5] = p->zone_label;
	cells[6] = arena_strdup(a, buf_cstr(&partners));
	cells[7] = project_stage_labels_ja[p->stage];
	cells[8] = p->purpose;
	cells[9] = arena_strdup(a, buf_cstr(&codes));
	cells[10] = p->budget >= 0 ? arena_printf(a, "%lld", p->budget) : "";
	buf_free(&partners);
	buf_free(&codes);
	return arena_over(a) ? STORE_ERR : 0;
}

typedef int (*export_row_fn)(void *ctx, const struct project *p, const char **cells);

/* Calls fn for every project of the year the viewer sees, a page at a time. */
static int export_each(struct store *st, const struct actor *viewer, int public_only, int fy, export_row_fn fn,
		       void *ctx)
{
	int rc = 0, more = 1;
	for (int page = 0; rc == 0 && more; page++) {
		struct arena *a = arena_new(0);
		if (!a)
			return STORE_ERR;
		struct project_query q = { .fy = fy, .published_only = public_only, .page = page, .per_page = 200 };
		struct project *ps;
		int n;
		rc = project_list(st, a, viewer, &q, &ps, &n, &more);
		for (int i = 0; rc == 0 && i < n; i++) {
			const char *cells[PEX_NCOLS];
			/* a partner outside the public directory is named only to a viewer who reads
			 * the project's staff page, not to one the project is only public to */
			enum project_access acc = PACCESS_PUBLIC;
			if (!public_only)
				rc = project_access_of(st, viewer, &ps[i], &acc);
			if (rc == 0)
				rc = export_cells(st, a, &ps[i], public_only || acc <= PACCESS_PUBLIC, cells);
			if (rc == 0)
				rc = fn(ctx, &ps[i], cells);
		}
		arena_free(a);
	}
	return rc;
}

static int csv_row(void *ctx, const struct project *p, const char **cells)
{
	(void)p;
	return csv_write_row(ctx, cells, PEX_NCOLS) == 0 ? 0 : -1;
}

struct xlsx_ctx {
	lxw_worksheet *ws;
	lxw_format *cell;
	lxw_row_t row;
};

static int xlsx_row(void *ctx, const struct project *p, const char **cells)
{
	struct xlsx_ctx *x = ctx;
	x->row++;
	for (int k = 0; k < PEX_NCOLS; k++) {
		lxw_error e;
		int number = (k == 1 || k == 2 || (k == 10 && p->budget >= 0));
		if (!cells[k] || !*cells[k])
			continue;
		if (number)
			e = worksheet_write_number(x->ws, x->row, (lxw_col_t)k, (double)atoll(cells[k]), x->cell);
		else
			e = worksheet_write_string(x->ws, x->row, (lxw_col_t)k, cells[k], x->cell);
		if (e != LXW_NO_ERROR)
			return -1;
	}
	return 0;
}

static int export_xlsx(struct store *st, const struct actor *viewer, int public_only, int fy, struct buf *out,
		       char *err, size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/kyodo-projects-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file for the spreadsheet");
		return -1;
	}
	close(fd);
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE, .tmpdir = tmpdir && *tmpdir ? (char *)tmpdir : NULL };
	lxw_workbook *wb = workbook_new_opt(path, &wo);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "協働事業") : NULL;
	int rc = -1;
	if (!ws) {
		snprintf(err, errlen, "cannot start the spreadsheet");
		goto out;
	}
	lxw_format *head = workbook_add_format(wb), *cell = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDDDDD);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	for (int k = 0; project_import_headers[k]; k++) {
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, k == 0 || k == 8 ? 36 : 14, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)k, project_import_headers[k], head);
	}
	worksheet_freeze_panes(ws, 1, 0);
	struct xlsx_ctx x = { ws, cell, 0 };
	if ((rc = export_each(st, viewer, public_only, fy, xlsx_row, &x)) != 0)
		goto out;
	rc = -1;
	lxw_error e = workbook_close(wb);
	wb = NULL;
	if (e != LXW_NO_ERROR) {
		snprintf(err, errlen, "cannot write the spreadsheet: %s", lxw_strerror(e));
		goto out;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read the spreadsheet back");
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

static const char *const json_keys[PEX_NCOLS] = { "title", "fy_start", "fy_end", "department", "form", "zone",
						   "partners", "stage", "purpose", "plan_items", "budget" };

static int json_row(void *ctx, const struct project *p, const char **cells)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	for (int k = 0; k < PEX_NCOLS; k++) {
		if (k == 1 || k == 2)
			json_object_set_new(o, json_keys[k], json_integer(atoi(cells[k])));
		else if (k == 10)
			json_object_set_new(o, json_keys[k], p->budget >= 0 ? json_integer(p->budget) : json_null());
		else if (k == 6 || k == 9) {
			json_t *arr = json_array();
			const char *s = cells[k];
			while (*s) {
				const char *e = strstr(s, "、");
				size_t n = e ? (size_t)(e - s) : strlen(s);
				json_array_append_new(arr, json_stringn(s, n));
				s += n + (e ? 3 : 0);
			}
			json_object_set_new(o, json_keys[k], arr);
		} else
			json_object_set_new(o, json_keys[k], json_string(cells[k]));
	}
	json_object_set_new(o, "stage_code", json_string(project_stage_names[p->stage]));
	json_object_set_new(o, "form_code", json_string(p->form));
	json_object_set_new(o, "zone_code", json_string(p->zone));
	return json_array_append_new(ctx, o);
}

int project_export(struct store *st, const struct actor *viewer, int public_only, int fy,
		   enum project_export_format f, enum csv_encoding enc, struct buf *out, size_t *replaced, char *err,
		   size_t errlen)
{
	if (errlen)
		err[0] = 0;
	if (replaced)
		*replaced = 0;
	if (f == PEXPORT_XLSX)
		return export_xlsx(st, viewer, public_only, fy, out, err, errlen);
	if (f == PEXPORT_JSON) {
		json_t *arr = json_array();
		int rc = export_each(st, viewer, public_only, fy, json_row, arr);
		json_t *o = json_pack("{s:i,s:o}", "year", fy, "projects", arr);
		char *txt = rc == 0 && o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		if (!txt)
			return rc ? rc : STORE_ERR;
		buf_puts(out, txt);
		buf_putc(out, '\n');
		free(txt);
		return 0;
	}
	struct csv_writer w;
	csv_writer_init(&w, out, enc == CSV_ENC_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8);
	int rc = csv_write_row(&w, (const char *const *)project_import_headers, PEX_NCOLS);
	if (rc == 0)
		rc = export_each(st, viewer, public_only, fy, csv_row, &w);
	if (rc == -1)
		snprintf(err, errlen, "%s", w.err);
	if (replaced)
		*replaced = w.nreplaced;
	csv_writer_end(&w);
	return rc;
}
