/* plan_import: CSV import of a plan's items and one year's records (see plan_import.c). */
#ifndef KYODO_PLAN_IMPORT_H
#define KYODO_PLAN_IMPORT_H
#include "domain/plan.h"
#include "io/csv.h"
#include "util/buf.h"

struct plan_import_opts {
	enum csv_encoding enc;
	int dry_run;		/* check and work everything out, then write nothing */
	struct buf *changes;	/* when not NULL: one line per item or record created, updated or removed */
};

struct plan_import_result {
	int created, updated, unchanged;	/* items */
	int records, records_unchanged, records_removed;	/* the year's records written, equal, removed */
	int notes;		/* branch outcomes and problems written */
};

/* 0 on success; -1 with one line per problem in errors ("FILE: row R, column C (name): …");
 * other < 0 for database trouble. Unknown columns are reported in warnings and ignored.
 * A cell equal to the stored value once both have been through a CP932 file
 * (csv_same_text: 〜 and ～, or 〓 for a character CP932 cannot hold) is unchanged: the stored
 * text is kept and nothing is written, so a CP932 export imported again changes nothing. */
int plan_import(struct store *st, const struct actor *who, const struct plan *p, int fy, const char *file,
		const char *data, size_t len, const struct plan_import_opts *opts, struct plan_import_result *res,
		struct buf *errors, struct buf *warnings);
#endif
