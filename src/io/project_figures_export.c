/* project_figures_export: the yearly figures of collaboration projects as CSV (UTF-8 with
 * BOM, or CP932), .xlsx (libxlsxwriter, number cells) and JSON (domain/project_figures.h),
 * through the same CSV writer and spreadsheet library the other exports use. */
#include "domain/project_figures.h"
#include "domain/wareki.h"
#include "io/csv.h"
#include "util/buf.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The parts of a year, in the order every file writes them. */
struct fig_part {
	const char *label;	/* 区分 */
	const struct project_count *c;
	int n;
};

static int fig_parts(const struct project_stats *s, struct fig_part out[3])
{
	out[0] = (struct fig_part){ "形態", s->forms, s->nforms };
	out[1] = (struct fig_part){ "領域", s->zones, s->nzones };
	out[2] = (struct fig_part){ "担当課", s->departments, s->ndepartments };
	return 3;
}

static int fig_csv(const struct project_figures *f, enum csv_encoding enc, struct buf *out, size_t *replaced)
{
	struct csv_writer w;
	csv_writer_init(&w, out, enc);
	const char *head[] = { "年度", "区分", "項目", "件数" };
	int rc = csv_write_row(&w, head, 4);
	for (int y = 0; rc == 0 && y < f->nyears; y++) {
		const struct project_stats *s = &f->years[y];
		char fy[16], n[24];
		snprintf(fy, sizeof fy, "%d", s->fy);
		struct fig_part parts[3];
		int np = fig_parts(s, parts);
		for (int k = 0; rc == 0 && k < np; k++)
			for (int i = 0; rc == 0 && i < parts[k].n; i++) {
				snprintf(n, sizeof n, "%lld", parts[k].c[i].n);
				const char *cells[] = { fy, parts[k].label, parts[k].c[i].key, n };
				rc = csv_write_row(&w, cells, 4);
			}
		snprintf(n, sizeof n, "%lld", s->projects);
		const char *t1[] = { fy, "合計", "事業数", n };
		if (rc == 0)
			rc = csv_write_row(&w, t1, 4);
		snprintf(n, sizeof n, "%d", s->ndepartments);
		const char *t2[] = { fy, "合計", "担当課数", n };
		if (rc == 0)
			rc = csv_write_row(&w, t2, 4);
	}
	if (replaced)
		*replaced = w.nreplaced;
	csv_writer_end(&w);
	return rc == 0 && !out->oom ? 0 : -1;
}

static json_t *fig_counts(const struct project_count *c, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:I}", "key", c[i].key, "count", (json_int_t)c[i].n));
	return a;
}

static int fig_json(const struct project_figures *f, struct buf *out)
{
	json_t *years = json_array();
	for (int y = 0; y < f->nyears; y++) {
		const struct project_stats *s = &f->years[y];
		char label[48];
		wareki_format_fiscal_year(s->fy, label, sizeof label);
		json_array_append_new(years, json_pack("{s:i,s:s,s:I,s:i,s:o,s:o,s:o}", "fy", s->fy, "label", label,
						       "projects", (json_int_t)s->projects,
						       "departments_with_projects", s->ndepartments, "forms",
						       fig_counts(s->forms, s->nforms), "zones",
						       fig_counts(s->zones, s->nzones), "departments",
						       fig_counts(s->departments, s->ndepartments)));
	}
	json_t *root = json_pack("{s:o}", "years", years);
	char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	if (!text)
		return -1;
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	return out->oom ? -1 : 0;
}

/* One sheet: a row per key (in the first year's order, then keys only later years have),
 * a column per year. */
static int fig_sheet(lxw_workbook *wb, lxw_format *head, const struct project_figures *f, int part,
		     const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	if (!ws)
		return -1;
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_write_string(ws, 0, 0, "項目", head);
	for (int y = 0; y < f->nyears; y++) {
		char label[48];
		wareki_format_fiscal_year(f->years[y].fy, label, sizeof label);
		worksheet_set_column(ws, (lxw_col_t)(y + 1), (lxw_col_t)(y + 1), 14, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)(y + 1), label, head);
	}
	lxw_row_t row = 0;
	const char *done[512];
	int ndone = 0;
	for (int y0 = 0; y0 < f->nyears; y0++) {
		struct fig_part p0[3];
		fig_parts(&f->years[y0], p0);
		for (int i = 0; i < p0[part].n; i++) {
			const char *key = p0[part].c[i].key;
			int seen = 0;
			for (int d = 0; d < ndone && !seen; d++)
				seen = strcmp(done[d], key) == 0;
			if (seen || ndone == 512)
				continue;
			done[ndone++] = key;
			worksheet_write_string(ws, ++row, 0, key, NULL);
			for (int y = 0; y < f->nyears; y++) {
				struct fig_part py[3];
				fig_parts(&f->years[y], py);
				long long n = 0;
				for (int j = 0; j < py[part].n; j++)
					if (strcmp(py[part].c[j].key, key) == 0)
						n = py[part].c[j].n;
				worksheet_write_number(ws, row, (lxw_col_t)(y + 1), (double)n, NULL);
			}
		}
	}
	const char *totals[] = { "事業数", "担当課数" };
	for (int t = 0; t < 2; t++) {
		worksheet_write_string(ws, ++row, 0, totals[t], head);
		for (int y = 0; y < f->nyears; y++)
			worksheet_write_number(ws, row, (lxw_col_t)(y + 1),
					       t == 0 ? (double)f->years[y].projects : (double)f->years[y].ndepartments,
					       head);
	}
	worksheet_freeze_panes(ws, 1, 1);
	return 0;
}

static int fig_xlsx(const struct project_figures *f, struct buf *out)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/kyodo-figures-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	int rc = -1;
	if (!wb)
		goto out;
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDDDDD);
	static const char *const names[] = { "形態別", "領域別", "担当課別" };
	rc = 0;
	for (int k = 0; rc == 0 && k < 3; k++)
		rc = fig_sheet(wb, head, f, k, names[k]);
	lxw_error e = workbook_close(wb);
	if (rc != 0 || e != LXW_NO_ERROR) {
		rc = -1;
		goto out;
	}
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		rc = -1;
		goto out;
	}
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(out, chunk, got);
	fclose(fp);
	rc = out->oom ? -1 : 0;
out:
	unlink(path);
	return rc;
}

int project_figures_write(const struct project_figures *f, enum pfig_format fmt, struct buf *out, size_t *replaced)
{
	if (replaced)
		*replaced = 0;
	switch (fmt) {
	case PFIG_CSV:
		return fig_csv(f, CSV_ENC_UTF8, out, replaced);
	case PFIG_CSV_CP932:
		return fig_csv(f, CSV_ENC_CP932, out, replaced);
	case PFIG_XLSX:
		return fig_xlsx(f, out);
	case PFIG_JSON:
		return fig_json(f, out);
	case PFIG__MAX:
		break;
	}
	return -1;
}
