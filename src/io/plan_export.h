/* plan_export: one plan year as a table — the 一覧 layout officials publish (No, 内容, 重点,
 * 施策の実施, 実績, 次期案, 理由), the full layout that rebuilds the plan (every column the
 * import reads, README "Plan export") or the public report's 一覧 — as CSV (UTF-8 with BOM, or CP932), a real .xlsx
 * (libxlsxwriter, typed number cells) or JSON; and the rollup as text, CSV or JSON. Shared
 * by the command line and the web. The table is written row by row from plan_walk, as the
 * viewer may see it (plan_visibility.h), so memory stays bounded whatever the plan's size
 * when out drains into a spool or a file. */
#ifndef KYODO_PLAN_EXPORT_H
#define KYODO_PLAN_EXPORT_H
#include "domain/plan.h"
#include "util/buf.h"

enum export_format { EXPORT_CSV, EXPORT_CSV_CP932, EXPORT_XLSX, EXPORT_JSON, EXPORT_TEXT, EXPORT__MAX };
extern const char *const export_format_names[EXPORT__MAX];	/* "csv","csv-cp932","xlsx","json","text" */
int export_format_parse(const char *s, enum export_format *f);
const char *export_content_type(enum export_format f);

/* list: the 一覧表 (No, 内容, 重点, 施策の実施, 実績, 次期案, 理由); full: every column the import
 * reads; report: the public report's 一覧 (No, 内容, 重点, 担当課, 目標年次, 施策の実施, 実績, 次期案,
 * 理由), an item without an answer written 未回答; as .xlsx with a title block (plan, 和暦
 * year, date), a second sheet of rollups and print settings (A4 landscape, fit to the
 * width, the header row on every page). */
enum export_layout { LAYOUT_LIST, LAYOUT_FULL, LAYOUT_REPORT, LAYOUT__MAX };
extern const char *const export_layout_names[LAYOUT__MAX];	/* "list", "full", "report" */
int export_layout_parse(const char *s, enum export_layout *l);

struct plan_export_report {
	size_t rows;		/* rows written after the header */
	struct buf replaced;	/* CP932: one line per character written as 〓 ("row R, column C: X (U+XXXX)") */
	size_t nreplaced;
};
void plan_export_report_free(struct plan_export_report *rep);

/* The table of plan p for fiscal year fy as viewer sees it (NULL = the command line) into
 * out. text is not offered. rep may be NULL. 0, -1 + err, or a store_rc. */
struct store;
int plan_export_year(struct store *st, const struct plan *p, int fy, const struct actor *viewer, enum export_format f,
		     enum export_layout l, struct buf *out, struct plan_export_report *rep, char *err, size_t errlen);
/* "plan1-2023-list-utf8.csv": the name of a table's file, in ASCII (the fallback of a
 * download's name), into out. */
void plan_export_filename(const struct plan *p, int fy, enum export_format f, enum export_layout l, char *out,
			  size_t n);
/* The same in words: "計画名_令和5年度_進捗状況一覧_UTF-8.csv". */
void plan_export_filename_ja(const struct plan *p, int fy, enum export_format f, enum export_layout l, char *out,
			     size_t n);
/* The 達成状況 line of a rollup row by class, as seed 003 prints it: "5/6：済　1/6：未",
 * each group with items (未回答 too) over the row's items counted; "" when it has none. */
void plan_export_achievement_line(const struct rollup *ru, const struct rollup_row *row, struct buf *out);
/* A rollup: text (aligned table), csv (row,status,count,total,percent; by grade
 * row,grade,count,total,percent) or json. */
int plan_export_rollup(const struct plan *p, const struct rollup *ru, enum export_format f, struct buf *out,
		       char *err, size_t errlen);
#endif
