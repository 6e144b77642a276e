/* project_stats: the yearly counts of collaboration projects by form, zone and lead
 * department, and how many departments run at least one (seed 002's figures; project_io.h). */
#include "domain/project_io.h"
#include "domain/project_internal.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const project_stats_format_names[PSTATS__MAX] = { "text", "csv", "json" };

int project_stats_format_parse(const char *s, enum project_stats_format *f)
{
	for (int i = 0; s && i < PSTATS__MAX; i++)
		if (strcmp(s, project_stats_format_names[i]) == 0) {
			*f = (enum project_stats_format)i;
			return 0;
		}
	return -1;
}

static int count_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_count *c = elem;
	(void)ctx;
	c->key = stmt_text_dup(s, a, 0);
	c->n = stmt_int(s, 1);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_stats_year(struct store *st, struct arena *a, int fy, int public_only, struct project_stats *out)
{
	memset(out, 0, sizeof *out);
	out->fy = fy;
	struct store_arg args[] = { SARG_INT(fy), SARG_INT(public_only ? 1 : 0), SARG_END };
	int rc = project_read_list(st, a, STMT_PROJECT_STATS_FORM, args, sizeof(struct project_count), count_row,
				   (void **)&out->forms, &out->nforms);
	if (rc == 0)
		rc = project_read_list(st, a, STMT_PROJECT_STATS_ZONE, args, sizeof(struct project_count), count_row,
				       (void **)&out->zones, &out->nzones);
	if (rc == 0)
		rc = project_read_list(st, a, STMT_PROJECT_STATS_DEPT, args, sizeof(struct project_count), count_row,
				       (void **)&out->departments, &out->ndepartments);
	for (int i = 0; rc == 0 && i < out->nforms; i++)
		out->projects += out->forms[i].n;	/* every project has exactly one form */
	return rc;
}

static int stats_csv(const struct project_stats *s, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	struct csv_writer w;
	csv_writer_init(&w, &tmp, CSV_ENC_UTF8);
	const char *head[] = { "by", "key", "count" };
	int rc = csv_write_row(&w, head, 3);
	const struct {
		const char *by;
		const struct project_count *c;
		int n;
	} parts[] = { { "form", s->forms, s->nforms }, { "zone", s->zones, s->nzones },
		      { "department", s->departments, s->ndepartments } };
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
		for (int i = 0; rc == 0 && i < parts[k].n; i++) {
			char n[24];
			snprintf(n, sizeof n, "%lld", parts[k].c[i].n);
			const char *cells[] = { parts[k].by, parts[k].c[i].key, n };
			rc = csv_write_row(&w, cells, 3);
		}
	char np[24], nd[24];
	snprintf(np, sizeof np, "%lld", s->projects);
	snprintf(nd, sizeof nd, "%d", s->ndepartments);
	const char *t1[] = { "total", "projects", np }, *t2[] = { "total", "departments", nd };
	if (rc == 0)
		rc = csv_write_row(&w, t1, 3);
	if (rc == 0)
		rc = csv_write_row(&w, t2, 3);
	csv_writer_end(&w);
	/* scripts read it: no BOM */
	const char *p = buf_cstr(&tmp);
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (rc == 0)
		buf_puts(out, p);
	buf_free(&tmp);
	return rc;
}

static json_t *counts_json(const struct project_count *c, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:I}", "key", c[i].key, "count", (json_int_t)c[i].n));
	return arr;
}

int project_stats_write(const struct project_stats *s, enum project_stats_format f, struct buf *out)
{
	if (f == PSTATS_CSV)
		return stats_csv(s, out);
	if (f == PSTATS_JSON) {
		json_t *o = json_pack("{s:i,s:o,s:o,s:o,s:I,s:i}", "year", s->fy, "form", counts_json(s->forms, s->nforms),
				      "zone", counts_json(s->zones, s->nzones), "department",
				      counts_json(s->departments, s->ndepartments), "projects", (json_int_t)s->projects,
				      "departments", s->ndepartments);
		char *txt = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		if (!txt)
			return -1;
		buf_puts(out, txt);
		buf_putc(out, '\n');
		free(txt);
		return 0;
	}
	char year[64];
	wareki_format_fiscal_year(s->fy, year, sizeof year);
	buf_printf(out, "協働事業 %s\n", year);
	const struct {
		const char *title;
		const struct project_count *c;
		int n;
	} parts[] = { { "形態別", s->forms, s->nforms }, { "領域別", s->zones, s->nzones },
		      { "担当課別", s->departments, s->ndepartments } };
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		buf_printf(out, "\n%s\n", parts[k].title);
		for (int i = 0; i < parts[k].n; i++)
			buf_printf(out, "  %-20s %6lld\n", parts[k].c[i].key, parts[k].c[i].n);
	}
	buf_printf(out, "\n事業数 %lld\n担当課数 %d\n", s->projects, s->ndepartments);
	return 0;
}
