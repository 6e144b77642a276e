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

/* A key of the counts: a form or a zone (code, label) or a department (id, name), in the
 * order the counts are shown. */
struct stats_key {
	long long id;
	char *code, *label;
	int pos;	/* departments: the place in the shown order */
};

static int code_key_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct stats_key *k = elem;
	(void)ctx;
	k->code = stmt_text_dup(s, a, 0);
	k->label = stmt_text_dup(s, a, 1);
	return arena_over(a) ? STORE_ERR : 0;
}

static int dept_key_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct stats_key *k = elem;
	(void)ctx;
	k->id = stmt_int(s, 0);
	k->label = stmt_text_dup(s, a, 1);
	return arena_over(a) ? STORE_ERR : 0;
}

static int by_id(const void *x, const void *y)
{
	const struct stats_key *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The index of code among the n keys (a handful of forms or zones), or -1. */
static int code_index(const struct stats_key *k, int n, const char *code)
{
	for (int i = 0; code && i < n; i++)
		if (strcmp(k[i].code, code) == 0)
			return i;
	return -1;
}

/* The shown place of department id (keys sorted by id, each with its pos), or -1. */
static int dept_index(const struct stats_key *by, int n, long long id)
{
	struct stats_key want = { .id = id };
	const struct stats_key *k = bsearch(&want, by, (size_t)n, sizeof *by, by_id);
	return k ? k->pos : -1;
}

/* The counts of part keys for one year: every key (zeros included) or, with skip_zeros,
 * those that are not zero (the departments). NULL when the arena is full. */
static struct project_count *year_counts(struct arena *a, const struct stats_key *keys, int nkeys,
					 const long long *counts, int skip_zeros, int *n)
{
	struct project_count *c = arena_alloc(a, (size_t)(nkeys ? nkeys : 1) * sizeof *c);
	*n = 0;
	for (int i = 0; c && i < nkeys; i++)
		if (!skip_zeros || counts[i] > 0)
			c[(*n)++] = (struct project_count){ keys[i].label, counts[i] };
	return c;
}

int project_stats_range(struct store *st, struct arena *a, int first, int last, int public_only,
			struct project_stats *years)
{
	int ny = last - first + 1;
	if (ny < 1)
		return -1;
	struct stats_key *forms, *zones, *depts;
	int nf, nz, nd;
	int rc = project_read_list(st, a, STMT_PSTATS_FORMS, NULL, sizeof *forms, code_key_row, (void **)&forms, &nf);
	if (rc == 0)
		rc = project_read_list(st, a, STMT_PSTATS_ZONES, NULL, sizeof *zones, code_key_row, (void **)&zones, &nz);
	if (rc == 0)
		rc = project_read_list(st, a, STMT_PSTATS_DEPARTMENTS, NULL, sizeof *depts, dept_key_row, (void **)&depts,
				       &nd);
	if (rc != 0)
		return rc;
	/* the departments by id, for the lookup of each project's */
	struct stats_key *dby = arena_alloc(a, (size_t)(nd ? nd : 1) * sizeof *dby);
	long long *cf = arena_alloc(a, (size_t)ny * (size_t)(nf ? nf : 1) * sizeof *cf);
	long long *cz = arena_alloc(a, (size_t)ny * (size_t)(nz ? nz : 1) * sizeof *cz);
	long long *cd = arena_alloc(a, (size_t)ny * (size_t)(nd ? nd : 1) * sizeof *cd);
	if (!dby || !cf || !cz || !cd)
		return STORE_ERR;
	for (int i = 0; i < nd; i++) {
		dby[i] = depts[i];
		dby[i].pos = i;
	}
	qsort(dby, (size_t)nd, sizeof *dby, by_id);
	struct stmt *s = store_prepare(st, STMT_PSTATS_PROJECTS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, first);
	stmt_bind_int(s, 2, last);
	stmt_bind_int(s, 3, public_only ? 1 : 0);
	while ((rc = stmt_step(s)) == 1) {
		long long from = stmt_int(s, 0), to = stmt_int(s, 1);
		int fi = code_index(forms, nf, stmt_text(s, 2)), zi = code_index(zones, nz, stmt_text(s, 3));
		int di = dept_index(dby, nd, stmt_int(s, 4));
		for (long long y = from > first ? from - first : 0; y <= to - first && y < ny; y++) {
			if (fi >= 0)
				cf[y * nf + fi]++;
			if (zi >= 0)
				cz[y * nz + zi]++;
			if (di >= 0)
				cd[y * nd + di]++;
		}
	}
	stmt_reset(s);
	if (rc < 0)
		return rc;
	for (int y = 0; y < ny; y++) {
		struct project_stats *o = &years[y];
		memset(o, 0, sizeof *o);
		o->fy = first + y;
		o->forms = year_counts(a, forms, nf, &cf[y * nf], 0, &o->nforms);
		o->zones = year_counts(a, zones, nz, &cz[y * nz], 0, &o->nzones);
		o->departments = year_counts(a, depts, nd, &cd[y * nd], 1, &o->ndepartments);
		if (!o->forms || !o->zones || !o->departments)
			return STORE_ERR;
		for (int i = 0; i < o->nforms; i++)
			o->projects += o->forms[i].n;	/* every project has exactly one form */
	}
	return 0;
}

int project_stats_year(struct store *st, struct arena *a, int fy, int public_only, struct project_stats *out)
{
	return project_stats_range(st, a, fy, fy, public_only, out);
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
