/* org_opendata: the public directory as open data in the style of the 自治体標準
 * オープンデータセット — one row per directory-visible actor (approved, not dissolved),
 * public fields only (each record goes through org_for_viewer as the public sees it),
 * one value per cell (lists joined with ';'), dates in the Western calendar, Excel
 * formula guard on every cell. CSV in UTF-8 with BOM or CP932 (through io/csv.c), or JSON.
 *
 * The whole file is built in memory (the HTTP layer sends one buffer): rows are read
 * ORG_OPENDATA_BATCH at a time with a small arena per batch, so only the output grows —
 * about 0.5–1 KB per actor, ~60–100 MB for 100,000 actors. */
#ifndef KYODO_ORG_OPENDATA_H
#define KYODO_ORG_OPENDATA_H
#include "util/buf.h"
#include <stddef.h>
struct store;

#define ORG_OPENDATA_BATCH 500

enum org_opendata_format { ORG_OD_CSV, ORG_OD_CSV_CP932, ORG_OD_JSON, ORG_OD__MAX };

enum org_od_col {
	OD_LGCODE,	/* 全国地方公共団体コード */
	OD_ID,
	OD_CITY,	/* 地方公共団体名 */
	OD_NAME, OD_KANA, OD_CORP, OD_KIND, OD_FOUNDED, OD_PURPOSE, OD_ACTIVITIES, OD_FIELDS, OD_AREAS,
	OD_MEMBERS, OD_REP, OD_POSTAL, OD_ADDRESS, OD_PHONE, OD_FAX, OD_EMAIL, OD_URL, OD_RECRUITING,
	OD_CONFIRMED,	/* 最終確認日 */
	OD__MAX
};
extern const char *const org_opendata_headers[OD__MAX];

/* Appends the export to out. Returns 0; -1 with err set (a character CP932 cannot hold,
 * named by row and column; out of memory); or a store_rc (< 0) from the database. */
int org_opendata_write(struct store *st, enum org_opendata_format fmt, struct buf *out, char *err, size_t errlen);

#endif
