/* plan_export: the progress table officials publish (一覧表: No, 内容, 重点, 施策の実施, 実績,
 * 次期案, 理由) for one plan and fiscal year, as CSV (UTF-8 with BOM, or CP932), a real
 * .xlsx (libxlsxwriter) or JSON; and the rollup as text, CSV or JSON. Shared by the
 * command line and the web. */
#ifndef KYODO_PLAN_EXPORT_H
#define KYODO_PLAN_EXPORT_H
#include "domain/plan.h"
#include "util/buf.h"

enum export_format { EXPORT_CSV, EXPORT_CSV_CP932, EXPORT_XLSX, EXPORT_JSON, EXPORT_TEXT, EXPORT__MAX };
extern const char *const export_format_names[EXPORT__MAX];	/* "csv","csv-cp932","xlsx","json","text" */
int export_format_parse(const char *s, enum export_format *f);
const char *export_content_type(enum export_format f);

/* The 一覧表 of t (a tree loaded with its year). text is not offered. 0 or -1 + err. */
int plan_export_table(const struct plan_tree *t, enum export_format f, struct buf *out, char *err, size_t errlen);
/* A rollup: text (aligned table), csv (row,status,count,total,percent) or json. */
int plan_export_rollup(const struct plan_tree *t, const struct rollup *ru, enum export_format f, struct buf *out,
		       char *err, size_t errlen);
#endif
