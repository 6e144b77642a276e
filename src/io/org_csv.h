/* org_csv: the registry of actors in and out of files — CSV import (UTF-8 with or without
 * BOM, or CP932), and export as CSV (UTF-8 with BOM, or CP932), .xlsx (libxlsxwriter) or
 * JSON. Shared by `kyodo org import|export`, the demo city and the web's open-data
 * download.
 *
 * The columns are the Japanese headers of the issue, in any order on import and in this
 * fixed order on export (org_csv_cols[]): 種別 団体名 団体名カナ 法人番号 設立年月日 目的
 * 活動内容 活動分野 活動地区 会員数 代表者 代表者カナ 郵便番号 住所 電話番号 FAX番号 メール
 * ウェブサイト 公開項目 登録番号 登録日 状態 募集, then the registry's other fields
 * 市内会員数 主な年齢層 主な収入源 SNS 連絡担当者 連絡担当者カナ, then the record's place in
 * the center's work: 審査状態 最終確認日 確認依頼日. The English keys of
 * org_field_specs (kind, name, …, fields, areas, public) are accepted as headers too.
 * Every cell goes through the setters of domain/org.h, so a file and the web form
 * validate alike. An export imports back unchanged (export → import → export gives the
 * same bytes). */
#ifndef KYODO_ORG_CSV_H
#define KYODO_ORG_CSV_H
#include "domain/org.h"
#include "io/csv.h"
#include "util/buf.h"
#include <stdio.h>

/* ---- the columns ---- */

enum org_col_kind {
	ORG_COL_FIELD,	/* one field of org_field_specs (.field) */
	ORG_COL_NPO,	/* 活動分野: NPO-law numbers or names, ';'-separated */
	ORG_COL_AREAS,	/* 活動地区: area names, ';'-separated */
	ORG_COL_PUBLIC,	/* 公開項目: labels of org_pub_items, ';'-separated */
	ORG_COL_REVIEW,	/* 審査状態: 申請中, 差し戻し or 登録済 (never changed by an import) */
	ORG_COL_CONFIRMED,	/* 最終確認日: the stored time (UTC, 2025-06-01T01:05:00Z), or a date */
	ORG_COL_CONFIRM_REQ,	/* 確認依頼日: the same */
};
struct org_csv_col {
	enum org_col_kind kind;
	enum org_field field;	/* ORG_COL_FIELD only */
	const char *header, *key;	/* Japanese header and English key (NULL for fields: from the spec) */
};
extern const struct org_csv_col org_csv_cols[];	/* in export order */
extern const int org_csv_ncols;
const char *org_csv_col_header(const struct org_csv_col *c);
const char *org_csv_col_key(const struct org_csv_col *c);
/* Is the column left out of a public export? (公開項目: which switches are off is the
 * registry's business, as are 審査状態 and 確認依頼日; the private values themselves are
 * blanked per record.) */
int org_csv_col_private(const struct org_csv_col *c);
struct arena;
/* The column's value of o as the file writes it: kinds and statuses by their labels,
 * lists ';'-separated. From a. */
const char *org_csv_value(struct arena *a, const struct org_csv_col *c, const struct org *o);

/* ---- import ---- */

#define ORG_IMPORT_MAX_FILE ((size_t)512 << 20)	/* org_csv_import_file refuses bigger files */
#define ORG_IMPORT_BULK_ROWS 500	/* from this many written rows: one index rebuild, not per row */
#define ORG_IMPORT_PIPE_ROWS 2000	/* from this many rows: rows are checked in a thread ahead of the writes */
#define ORG_IMPORT_CACHE_KIB (256 * 1024)	/* the page cache of a bulk write (changed pages stay in memory) */

struct org_import_opts {
	enum csv_encoding enc;	/* CSV_ENC_AUTO: BOM → UTF-8, strict UTF-8, else CP932 */
	int dry_run;		/* check and match everything, write nothing */
	int create_areas;	/* areas the file names and the city lacks are created (and reported);
				 * else such a row is refused */
	FILE *progress;		/* "\r12,000 / 100,000 checked" every 1,000 rows; NULL = quiet */
	const char *lang;	/* language of the messages ("ja", "en"); NULL = English msgids */
};

struct org_import_report {
	int rows;		/* data rows read (blank lines skipped) */
	int created, updated, unchanged;	/* a dry run counts what it would do */
	int nerrors;
	struct buf errors;	/* one line per problem: "FILE: row R, column C (団体名カナ): message "value"" */
	struct buf warnings;	/* unknown columns (named, ignored); names and readings CP932 cannot
				 * hold; a review state the file gives differently; areas created */
	struct buf plan;	/* dry run: one line per record: "row R: create 団体名 (カナ)" / "row R: update #ID …" */
};
void org_import_report_init(struct org_import_report *r);
void org_import_report_free(struct org_import_report *r);

/* Imports the CSV text data[0..len) (file names the file in messages). Rows are matched to
 * existing records by 法人番号, else by 団体名 + 団体名カナ (a record with another
 * 法人番号 is not a match; names are compared as a CP932 file gives them back, so
 * 波～の会 finds 波〜の会) and updated; a column absent from the file keeps the stored
 * value, an empty cell clears it (an empty 状態 keeps it, or 活動中 for a new record).
 * From a CP932 file, a value that reads as the stored one once both have been through
 * CP932 (〜/～, −/－ …, and 〓 for any character CP932 cannot hold) keeps the stored one,
 * so that a CP932 round trip changes nothing; so does a value holding 〓 in a UTF-8 file.
 * Codes a spreadsheet damaged (法人番号 in exponent notation, a 登録番号 or postal code
 * that lost its leading zeros, a code turned into a date) are refused with a hint.
 * Cells written with the export's formula guard ('= …) lose that one apostrophe.
 * A record created takes its 審査状態 from the file (an application stays an application,
 * hidden from the directory); without the column it counts as registered (the center
 * enters it). Its 最終確認日 and 確認依頼日 come from the file when the file has
 * 最終確認日 (empty: never confirmed), else it is confirmed now. An existing record's
 * review state and dates are never changed by an import (a different 審査状態 is
 * reported as a warning). Everything is checked first;
 * any bad row (every one is reported with row and column), a key that appears twice in
 * the file or two rows matching one record fail the whole import and nothing is written.
 * Otherwise one transaction: org_create/org_update for each new or changed row (each
 * audited; unchanged rows are not written), ORG_SAVE_BULK and one index rebuild when
 * ORG_IMPORT_BULK_ROWS or more rows are written, and one directory-version bump.
 * who must be admin or coordinator. Returns 0; -1 (bad file or rows: see rep->errors);
 * or a store_rc (< 0, e.g. STORE_BUSY) with nothing written. */
int org_csv_import(struct store *st, const struct actor *who, const char *file, const char *data, size_t len,
		   const struct org_import_opts *opts, struct org_import_report *rep);
/* The same, reading path (up to ORG_IMPORT_MAX_FILE bytes). */
int org_csv_import_file(struct store *st, const struct actor *who, const char *path,
			const struct org_import_opts *opts, struct org_import_report *rep);

/* ---- export ---- */

enum org_export_format { ORG_EXPORT_CSV, ORG_EXPORT_XLSX, ORG_EXPORT_JSON, ORG_EXPORT__MAX };
extern const char *const org_export_format_names[ORG_EXPORT__MAX];	/* "csv", "xlsx", "json" */
int org_export_format_parse(const char *s, enum org_export_format *f);
/* The Content-Type of a format (CSV: charset from enc). */
const char *org_export_content_type(enum org_export_format f, enum csv_encoding enc);

struct org_export_opts {
	enum org_export_format format;
	enum csv_encoding enc;	/* CSV: CSV_ENC_UTF8 (with BOM; also for AUTO) or CSV_ENC_CP932 */
	int public_only;	/* the directory's records only, each through org_for_viewer() with the
				 * public as viewer; private values blank, 公開項目, 審査状態 and 確認依頼日
				 * left out */
};

/* The ids of the records an export holds, in 五十音 order of the reading (from a).
 * public_only: approved and not dissolved. 0 or a store_rc. */
int org_export_ids(struct store *st, struct arena *a, int public_only, long long **ids, size_t *n);

/* What an export wrote: how many records; what a CP932 export wrote as 〓: how many
 * characters, and one line for each, "row R, column C (団体名): 鷗 (U+9DD7)\n". */
struct org_export_notes {
	size_t records;
	size_t nreplaced;
	struct buf replaced;
};
void org_export_notes_free(struct org_export_notes *n);

/* Writes the export to out. The full export (public_only 0) is the center's registry:
 * every record, every field, its review state and confirmation dates (never the
 * center's comments), so that it restores what it holds. A CP932 export always
 * succeeds: what CP932 cannot hold is written as 〓 and listed in notes (may be NULL).
 * 0, -1 with err, or a store_rc. */
int org_export(struct store *st, const struct org_export_opts *opts, struct buf *out, struct org_export_notes *notes,
	       char *err, size_t errlen);

/* Row by row, for callers that choose the records themselves (the web): the header row,
 * then one row per record. o must already have gone through org_for_viewer() for
 * anyone not entitled to the private fields; public_only also leaves out 公開項目.
 * Cells Excel would run as formulas (= + - @ tab CR first) get a leading apostrophe.
 * 0, or -1 with w->err. */
int org_csv_write_header(struct csv_writer *w, const struct org_export_opts *opts);
int org_csv_write_row(struct csv_writer *w, struct arena *a, const struct org_export_opts *opts,
		      const struct org *o);

#endif
