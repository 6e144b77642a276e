/* org_opendata: the public directory as open data as the 自治体標準オープンデータセット
 * defines it — its columns first with their standard meaning (全国地方公共団体コード, ID,
 * 地方公共団体名 with the prefecture, 名称, 名称_カナ, 名称_英語, 郵便番号, 住所, 電話番号,
 * FAX番号, メールアドレス, URL, 法人番号 — the publisher's), Kyodo's own after (the group's
 * 法人番号 under its own header 団体の法人番号, …); one row per directory-visible actor
 * (approved, not dissolved), public fields only (each record goes through org_for_viewer
 * as the public sees it), one value per cell (lists joined with ';'), dates in the Western
 * calendar, Excel formula guard on every cell. CSV in UTF-8 with BOM or CP932 (〓 for what
 * CP932 cannot hold, through io/csv.c), or JSON.
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

/* The columns, standard ones first with the standard's meaning, Kyodo's own after. */
enum org_od_col {
	/* 自治体標準オープンデータセット */
	OD_LGCODE,	/* 全国地方公共団体コード: the publisher's (city.code) */
	OD_ID,		/* ID: the record's number, unique in the city */
	OD_CITY,	/* 地方公共団体名: prefecture and city, 北海道札幌市 */
	OD_NAME,	/* 名称 */
	OD_KANA,	/* 名称_カナ */
	OD_NAME_EN,	/* 名称_英語: not held, empty */
	OD_POSTAL,	/* 郵便番号 */
	OD_ADDRESS,	/* 住所 */
	OD_PHONE,	/* 電話番号 */
	OD_FAX,		/* FAX番号 */
	OD_EMAIL,	/* メールアドレス */
	OD_URL,		/* URL */
	OD_CORP,	/* 法人番号: the publisher's (city.corp_number), never the group's */
	/* Kyodo's own */
	OD_GROUP_CORP,	/* 団体の法人番号 */
	OD_KIND, OD_FOUNDED, OD_PURPOSE, OD_ACTIVITIES, OD_FIELDS, OD_AREAS, OD_MEMBERS, OD_REP, OD_RECRUITING,
	OD_CONFIRMED,	/* 最終確認日 */
	OD__MAX
};
#define OD_STANDARD_COLS (OD_CORP + 1)	/* the standard's columns come first */
struct org_od_column {
	const char *header;
	const char *doc;	/* English msgid: what the column holds and in which format */
};
extern const struct org_od_column org_opendata_columns[OD__MAX];

/* Appends the export to out (which may drain to a spool). Returns 0; -1 with err set (out
 * of memory); or a store_rc (< 0) from the database. A CP932 file always succeeds. */
int org_opendata_write(struct store *st, enum org_opendata_format fmt, struct buf *out, char *err, size_t errlen);

#endif
