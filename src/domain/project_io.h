/* project_io: collaboration projects in and out of files — the CSV import
 * (domain/project_import.c), the yearly export as CSV, .xlsx or JSON and the yearly counts
 * (io/project_export.c, domain/project_stats.c). The command line (`kyodo project …`) and
 * the web share them; every reader goes through project_visibility.h. */
#ifndef KYODO_PROJECT_IO_H
#define KYODO_PROJECT_IO_H
#include "domain/project.h"
#include "io/csv.h"
#include "util/buf.h"

/* The import's and export's columns, in the export's order (NULL-terminated). */
extern const char *const project_import_headers[];

struct project_import_opts {
	enum csv_encoding enc;
	int dry_run;		/* check and work everything out, then write nothing */
	struct buf *changes;	/* when not NULL: "create TITLE (FY)" / "update TITLE (FY)" lines */
};
struct project_import_result {
	int created, updated;
};
/* 0; -1 with one line per problem in errors ("FILE: row R, column C (名前): …"), nothing
 * written; another store_rc for database trouble. */
int project_import(struct store *st, const struct actor *who, const char *file, const char *data, size_t len,
		   const struct project_import_opts *opts, struct project_import_result *res, struct buf *errors);

enum project_export_format { PEXPORT_CSV, PEXPORT_XLSX, PEXPORT_JSON, PEXPORT__MAX };
extern const char *const project_export_format_names[PEXPORT__MAX];	/* "csv","xlsx","json" */
int project_export_format_parse(const char *s, enum project_export_format *f);
/* The projects running in fiscal year fy that viewer sees (NULL: the command line, which
 * sees all; public: published ones only) in the import's columns, so an export imports
 * back unchanged. CSV: UTF-8 with BOM or CP932 (characters it cannot hold written 〓,
 * counted in *replaced). 0, -1 with err, or a store_rc. */
int project_export(struct store *st, const struct actor *viewer, int public_only, int fy,
		   enum project_export_format f, enum csv_encoding enc, struct buf *out, size_t *replaced, char *err,
		   size_t errlen);

/* The counts of one fiscal year: a project counts in every year it runs. */
struct project_count {
	char *key;
	long long n;
};
struct project_stats {
	int fy;
	struct project_count *forms, *zones, *departments;
	int nforms, nzones, ndepartments;
	long long projects;	/* projects running that year */
};
/* public_only: the published projects alone (the public pages); else every project (the
 * command line and the division). 0 or a store_rc. */
int project_stats_year(struct store *st, struct arena *a, int fy, int public_only, struct project_stats *out);
/* The same for every year of first … last into years[0 … last - first], in one pass over the
 * projects (the figures page counts up to PFIG_MAX_YEARS years). 0, -1 when last < first,
 * or a store_rc. */
int project_stats_range(struct store *st, struct arena *a, int first, int last, int public_only,
			struct project_stats *years);
enum project_stats_format { PSTATS_TEXT, PSTATS_CSV, PSTATS_JSON, PSTATS__MAX };
extern const char *const project_stats_format_names[PSTATS__MAX];
int project_stats_format_parse(const char *s, enum project_stats_format *f);
/* CSV: `by,key,count`; form lines in the rulebook's order and zone lines in map order
 * (zeros included), department lines, then `total,projects,N` and `total,departments,M`
 * (plain UTF-8, CRLF, no BOM: scripts read it). */
int project_stats_write(const struct project_stats *s, enum project_stats_format f, struct buf *out);
#endif
