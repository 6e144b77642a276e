/* org_opendata: the public directory as open data (see org_opendata.h). Rows come from
 * the export cursor of sql_org_stats.def (the columns of STMT_ORG_GET, so a row fills
 * struct org as org_get does), each record passes through org_for_viewer for the
 * public, and only then are its cells written. */
#include "io/org_opendata.h"
#include "io/csv.h"
#include "domain/org.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jtext.h"
#include "util/i18n.h"
#include "util/log.h"
#include <jansson.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct org_od_column org_opendata_columns[OD__MAX] = {
	[OD_LGCODE] = { "全国地方公共団体コード",
			N_("The publisher's local government code: 6 digits with the check digit (the city's setting).") },
	[OD_ID] = { "ID", N_("The group's number in the city's registry: a whole number, unique in this file, never reused.") },
	[OD_CITY] = { "地方公共団体名",
		      N_("The publisher: the prefecture and the city, town or village, as 北海道札幌市 (the city's settings).") },
	[OD_NAME] = { "名称", N_("The group's name, as the group writes it.") },
	[OD_KANA] = { "名称_カナ", N_("The reading of the name in full-width katakana.") },
	[OD_NAME_EN] = { "名称_英語", N_("The name in English: not held by the registry, always empty.") },
	[OD_POSTAL] = { "郵便番号", N_("The group's postal code as 123-4567, when the group publishes it.") },
	[OD_ADDRESS] = { "住所", N_("The group's address, when the group publishes it.") },
	[OD_PHONE] = { "電話番号", N_("The group's phone number with its area code (012-345-6789), when the group publishes it.") },
	[OD_FAX] = { "FAX番号", N_("The group's fax number, when the group publishes it.") },
	[OD_EMAIL] = { "メールアドレス", N_("The group's email address, when the group publishes it.") },
	[OD_URL] = { "URL", N_("The group's website (https:// or http://).") },
	[OD_CORP] = { "法人番号",
		      N_("The publisher's corporate number (13 digits; the city's setting, empty when not set). The group's own "
			 "number is in 団体の法人番号.") },
	[OD_GROUP_CORP] = { "団体の法人番号", N_("The group's corporate number (13 digits), when it is a corporation.") },
	[OD_KIND] = { "種別", N_("The kind of group (NPO法人, 自治会・町内会, …).") },
	[OD_FOUNDED] = { "設立年月日", N_("The day the group was founded, as 2023-04-01 (Western calendar).") },
	[OD_PURPOSE] = { "目的", N_("The group's purpose (text; may hold line breaks).") },
	[OD_ACTIVITIES] = { "活動内容", N_("What the group does (text; may hold line breaks).") },
	[OD_FIELDS] = { "活動分野",
			N_("Up to 3 of the 20 activity fields of the NPO law, by their full names, separated by ;.") },
	[OD_AREAS] = { "活動地区", N_("The city's areas where the group is active, separated by ;.") },
	[OD_MEMBERS] = { "会員数", N_("The number of members: a whole number.") },
	[OD_REP] = { "代表者", N_("The representative's name, when the group publishes it.") },
	[OD_RECRUITING] = { "募集", N_("What the group is recruiting for (members, volunteers); empty when it is not.") },
	[OD_CONFIRMED] = { "最終確認日",
			   N_("The day the group last confirmed its data, as 2025-06-01 (Japan time); empty when never "
			      "confirmed.") },
};

/* Who the export is for: the public, entitled to nothing private. */
static const struct actor opendata_public = { .login = "", .display_name = "", .department_name = "",
					      .role = ROLE_PUBLIC };

static char *opendata_col(struct arena *a, struct stmt *s, int col)
{
	const char *t = stmt_text(s, col);
	return arena_strdup(a, t ? t : "");
}

/* One row of the cursor into o (as org_get fills it), with its fields and areas. */
static int opendata_row(struct arena *a, struct stmt *s, struct org *o)
{
	org_init(o);
	o->id = stmt_int(s, 0);
	o->department_id = stmt_int(s, 1);
	for (int f = 0; f < ORG_F__MAX; f++)
		if (!(o->v[f] = opendata_col(a, s, 2 + f)))
			return -1;
	int c = 2 + ORG_F__MAX;
	o->public_mask = (unsigned)stmt_int(s, c);
	o->review = ORG_APPROVED;	/* the cursor reads approved records only */
	o->review_comment = opendata_col(a, s, c + 2);
	o->confirmed_at = opendata_col(a, s, c + 3);
	o->confirm_requested_at = opendata_col(a, s, c + 4);
	o->created_at = opendata_col(a, s, c + 5);
	o->updated_at = opendata_col(a, s, c + 6);
	const char *fields = stmt_text(s, c + 7), *areas = stmt_text(s, c + 8);
	for (const char *p = fields; p && *p && o->nfields < ORG_FIELDS_MAX;) {
		int n = atoi(p);
		if (n >= 1 && n <= ORG_NPO_FIELDS)
			o->fields[o->nfields++] = n;
		p = strchr(p, ';');
		p = p ? p + 1 : NULL;
	}
	for (const char *p = areas; p && *p && o->nareas < ORG_AREAS_MAX;) {
		const char *end = strchr(p, '\x1f');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (!(o->area_names[o->nareas++] = arena_strndup(a, p, n)))
			return -1;
		p = end ? end + 1 : NULL;
	}
	return o->updated_at ? 0 : -1;
}

static const char *opendata_join_fields(struct arena *a, const struct org *o)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < o->nfields; i++)
		buf_printf(&b, "%s%s", i ? ";" : "", org_npo_fields[o->fields[i]]);
	char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static const char *opendata_join_areas(struct arena *a, const struct org *o)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < o->nareas; i++)
		buf_printf(&b, "%s%s", i ? ";" : "", o->area_names[i]);
	char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The publisher, the same on every row. */
struct opendata_city { const char *code, *name, *corp; };

/* The JST day of a stored time ("2025-05-31T20:00:00Z" → "2025-06-01"), from a. */
static const char *opendata_day(struct arena *a, const char *iso)
{
	struct tm tm = { 0 };
	int n = 0;
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			   &tm.tm_min, &tm.tm_sec, &n) != 6 || iso[n])
		return iso && *iso ? arena_strndup(a, iso, 10) : "";
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + 9 * 3600;	/* Japan has no daylight saving time */
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The cells of o (already seen as the public sees it). */
static int opendata_cells(struct arena *a, const struct org *o, const struct opendata_city *city,
			  const char *cells[OD__MAX])
{
	const struct org_kind *k = org_kind_find(o->v[ORG_F_KIND]);
	cells[OD_LGCODE] = city->code;
	cells[OD_ID] = arena_printf(a, "%lld", o->id);
	cells[OD_CITY] = city->name;
	cells[OD_NAME] = o->v[ORG_F_NAME];
	cells[OD_KANA] = o->v[ORG_F_KANA];
	cells[OD_NAME_EN] = "";
	cells[OD_POSTAL] = o->v[ORG_F_POSTAL];
	cells[OD_ADDRESS] = o->v[ORG_F_ADDRESS];
	cells[OD_PHONE] = o->v[ORG_F_PHONE];
	cells[OD_FAX] = o->v[ORG_F_FAX];
	cells[OD_EMAIL] = o->v[ORG_F_EMAIL];
	cells[OD_URL] = o->v[ORG_F_WEBSITE];
	cells[OD_CORP] = city->corp;
	cells[OD_GROUP_CORP] = o->v[ORG_F_CORP_NUMBER];
	cells[OD_KIND] = k ? k->label : o->v[ORG_F_KIND];
	cells[OD_FOUNDED] = o->v[ORG_F_FOUNDED_ON];
	cells[OD_PURPOSE] = o->v[ORG_F_PURPOSE];
	cells[OD_ACTIVITIES] = o->v[ORG_F_ACTIVITIES];
	cells[OD_FIELDS] = opendata_join_fields(a, o);
	cells[OD_AREAS] = opendata_join_areas(a, o);
	cells[OD_MEMBERS] = o->v[ORG_F_MEMBERS];
	cells[OD_REP] = o->v[ORG_F_REP_NAME];
	cells[OD_RECRUITING] = o->v[ORG_F_RECRUITING];
	cells[OD_CONFIRMED] = opendata_day(a, o->confirmed_at);
	for (int i = 0; i < OD__MAX; i++)
		if (!cells[i])
			return -1;
	return 0;
}

static void opendata_json_begin(struct buf *out, const struct opendata_city *city)
{
	json_t *cols = json_array();
	for (int i = 0; i < OD__MAX; i++)
		json_array_append_new(cols, json_string(org_opendata_columns[i].header));
	json_t *head = json_pack("{s:s,s:s,s:s,s:s,s:o}", "dataset", "団体一覧", "全国地方公共団体コード", city->code,
				 "地方公共団体名", city->name, "法人番号", city->corp, "columns", cols);
	char *h = head ? json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(head);
	if (!h) {
		out->oom = 1;
		return;
	}
	/* the same object with "items" as its last member, written row by row */
	h[strlen(h) - 1] = '\0';
	buf_puts(out, h);
	buf_puts(out, ",\"items\":[\n");
	free(h);
}

static int opendata_json_row(struct buf *out, const char *const cells[OD__MAX], int first)
{
	json_t *o = json_object();
	if (!o)
		return -1;
	for (int i = 0; i < OD__MAX; i++)
		json_object_set_new(o, org_opendata_columns[i].header, json_string(cells[i]));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return -1;
	if (!first)
		buf_puts(out, ",\n");
	buf_puts(out, s);
	free(s);
	return out->oom ? -1 : 0;
}

int org_opendata_write(struct store *st, enum org_opendata_format fmt, struct buf *out, char *err, size_t errlen)
{
	struct arena *meta = arena_new(1u << 20);
	if (errlen)
		err[0] = 0;
	struct csv_writer w = { 0 };
	int rc = 0, first = 1;
	long long after = 0;
	if (!meta) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct opendata_city city = {
		.code = org_setting(st, meta, "city.code", ""),
		.name = org_city_full_name(st, meta),
		.corp = org_setting(st, meta, "city.corp_number", ""),
	};
	if (!city.code || !city.name || !city.corp) {
		rc = STORE_ERR;
		goto out;
	}
	if (*city.code && !jtext_lgcode_valid(city.code)) {
		log_warn("open data: the setting city.code (%s) is not a valid 全国地方公共団体コード; left empty", city.code);
		city.code = "";
	}
	if (*city.corp && !jtext_corp_number_valid(city.corp)) {
		log_warn("open data: the setting city.corp_number (%s) is not a valid 法人番号; left empty", city.corp);
		city.corp = "";
	}
	if (fmt == ORG_OD_JSON) {
		opendata_json_begin(out, &city);
	} else {
		const char *heads[OD__MAX];
		for (int i = 0; i < OD__MAX; i++)
			heads[i] = org_opendata_columns[i].header;
		csv_writer_init(&w, out, fmt == ORG_OD_CSV_CP932 ? CSV_ENC_CP932 : CSV_ENC_UTF8);
		if (csv_write_row(&w, heads, OD__MAX) != 0) {
			snprintf(err, errlen, "%s", w.err);
			rc = -1;
			goto out;
		}
	}
	for (;;) {
		struct arena *a = arena_new(64u << 20);
		struct stmt *s = a ? store_prepare(st, STMT_DIR_EXPORT_PAGE) : NULL;
		int n = 0, step = 0;
		if (!s) {
			arena_free(a);
			rc = STORE_ERR;
			break;
		}
		stmt_bind_int(s, 1, after);
		stmt_bind_int(s, 2, ORG_OPENDATA_BATCH);
		while (rc == 0 && (step = stmt_step(s)) == 1) {
			struct org o;
			const char *cells[OD__MAX];
			n++;
			if (opendata_row(a, s, &o) != 0) {
				rc = -1;
				break;
			}
			after = o.id;
			org_for_viewer(&o, &opendata_public);
			if (opendata_cells(a, &o, &city, cells) != 0) {
				rc = -1;
				break;
			}
			if (fmt == ORG_OD_JSON) {
				rc = opendata_json_row(out, cells, first);
			} else {	/* the writer guards formula-like cells */
				if ((rc = csv_write_row(&w, cells, OD__MAX)) != 0)
					snprintf(err, errlen, "%s", w.err);
			}
			first = 0;
		}
		stmt_reset(s);
		arena_free(a);
		if (rc == 0 && step < 0)
			rc = step;
		if (rc != 0 || n < ORG_OPENDATA_BATCH)
			break;
	}
	if (rc == 0 && fmt == ORG_OD_JSON)
		buf_puts(out, "\n]}\n");
	if (rc == -1 && !*err)
		snprintf(err, errlen, "out of memory");
	if (rc == 0 && out->oom) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
out:
	csv_writer_end(&w);
	arena_free(meta);
	return rc;
}
