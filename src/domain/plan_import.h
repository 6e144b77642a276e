/* plan_import: CSV import of a plan's items and one year's records (see plan_import.c). */
#ifndef KYODO_PLAN_IMPORT_H
#define KYODO_PLAN_IMPORT_H
#include "domain/plan.h"
#include "io/csv.h"
#include "util/buf.h"
struct plan_import_result { int created, updated, unchanged, records; };
/* 0 on success; -1 with one line per problem in errors ("FILE: row R, column C (name): …");
 * other < 0 for database trouble. Unknown columns are reported in warnings and ignored. */
int plan_import(struct store *st, const struct actor *who, const struct plan *p, int fy, const char *file,
		const char *data, size_t len, enum csv_encoding enc, struct plan_import_result *res,
		struct buf *errors, struct buf *warnings);
#endif
