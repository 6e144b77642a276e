/* project_figures: the public yearly figures of collaboration projects (seed 002: 30 → 35
 * projects, 15 → 14 departments) — for each fiscal year of a range, the projects by form
 * (the rulebook's order, zeros included), by zone (map order, zeros included) and by lead
 * department, the number of projects and the number of departments with at least one
 * (project_stats_year counts each year; a project counts in every year it runs).
 * project_figures.c loads them; io/project_figures_export.c writes them as CSV (UTF-8 with
 * BOM or CP932), .xlsx and JSON for the public page's downloads and the API. */
#ifndef KYODO_PROJECT_FIGURES_H
#define KYODO_PROJECT_FIGURES_H
#include "domain/project_io.h"

/* At most this many years on the page and in a file (the latest ones of the range). */
#define PFIG_MAX_YEARS 15

struct project_figures {
	int nyears;
	struct project_stats *years;	/* oldest first */
};
/* The figures of fy first … last (0, 0: the years the counted projects run, the latest
 * PFIG_MAX_YEARS of them); public_only: published projects alone (the public surfaces).
 * 0, -1 for a range that is not one (last < first), or a store_rc. */
int project_figures_load(struct store *st, struct arena *a, int public_only, int first, int last,
			 struct project_figures *out);

enum pfig_format { PFIG_CSV, PFIG_CSV_CP932, PFIG_XLSX, PFIG_JSON, PFIG__MAX };
/* CSV: 年度,区分,項目,件数 — per year the 形態 lines, the 領域 lines, the 担当課 lines, then
 * 合計,事業数 and 合計,担当課数 (CRLF; UTF-8 with BOM, or CP932 with 〓 for what it cannot
 * hold, counted in *replaced when given). xlsx: a sheet per kind of count, years as
 * columns. JSON: {"years":[{"fy":2025,"label":"令和7年度","projects":N,
 * "departments_with_projects":M,"forms":[{"key":…,"count":…}],"zones":…,"departments":…}]}.
 * 0 or -1. */
int project_figures_write(const struct project_figures *f, enum pfig_format fmt, struct buf *out, size_t *replaced);
#endif
