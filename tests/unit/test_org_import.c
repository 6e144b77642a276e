/* test_org_import: the registry's CSV import and export (io/org_csv.c) on a real SQLite
 * file — every kind of bad cell named by row and column with nothing written, encodings
 * (CP932, BOM), 和暦 dates, what is NFKC-folded and what is not, matching by 法人番号 and
 * by name + reading, partial files, dry runs, the formula guard, the round trip
 * export → import → export, the bulk path with its progress line, and a public export
 * that holds no private value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/org_confirm.h"
#include "domain/org_search.h"
#include "domain/audit.h"
#include "io/org_csv.h"
#include "../common/testdb.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

struct fx {
	struct store *st;
	struct arena *a;
	char path[256];
	struct actor admin;
};

static void fx_open(struct fx *f)
{
	assert_int_equal(testdb_create(f->path, sizeof f->path), 0);
	int applied;
	assert_int_equal(store_open(f->path, &f->st), 0);
	assert_int_equal(store_migrate(f->st, &applied), 0);
	static const char *const areas[] = { "中央地区", "北地区", "南地区", "東地区" };
	for (size_t i = 0; i < sizeof areas / sizeof *areas; i++) {
		const char *err = NULL;
		assert_true(org_area_add(f->st, &f->admin, areas[i], "地区", &err) > 0);
	}
}

static void fx_close(struct fx *f)
{
	store_close(f->st);
	testdb_drop(f->path);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->admin = (struct actor){ .login = "test-admin", .display_name = "test", .role = ROLE_ADMIN };
	fx_open(f);
	f->a = arena_new(0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	fx_close(f);
	arena_free(f->a);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static int import_opts(struct fx *f, const char *csv, size_t len, const struct org_import_opts *io,
		       struct org_import_report *rep)
{
	org_import_report_init(rep);
	return org_csv_import(f->st, &f->admin, "t.csv", csv, len, io, rep);
}

static int import(struct fx *f, const char *csv, struct org_import_report *rep)
{
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	return import_opts(f, csv, strlen(csv), &io, rep);
}

static void import_ok(struct fx *f, const char *csv)
{
	struct org_import_report rep;
	int rc = import(f, csv, &rep);
	if (rc != 0)
		fprintf(stderr, "%s", buf_cstr(&rep.errors));
	assert_int_equal(rc, 0);
	org_import_report_free(&rep);
}

static size_t count_orgs(struct fx *f)
{
	long long *ids;
	size_t n;
	struct arena *a = arena_new(0);
	assert_int_equal(org_export_ids(f->st, a, 0, &ids, &n), 0);
	arena_free(a);
	return n;
}

static int count_audit(struct fx *f)
{
	struct audit_filter af = { .limit = 500 };
	struct audit_row *rows;
	int n = audit_list(f->st, &af, &rows);
	assert_true(n >= 0);
	audit_rows_free(rows, n);
	return n;
}

static long long find(struct fx *f, const char *corp, const char *name, const char *kana)
{
	long long id = 0;
	assert_int_equal(org_find_match(f->st, corp, name, kana, &id), 0);
	return id;
}

static struct org get(struct fx *f, long long id)
{
	struct org o;
	assert_true(id > 0);
	assert_int_equal(org_get(f->st, f->a, id, &o), 0);
	return o;
}

static char *export_text(struct fx *f, enum org_export_format fmt, int public_only)
{
	struct org_export_opts eo = { .format = fmt, .enc = CSV_ENC_UTF8, .public_only = public_only };
	struct buf out = BUF_INIT;
	char err[256];
	assert_int_equal(org_export(f->st, &eo, &out, NULL, err, sizeof err), 0);
	buf_putc(&out, 0);
	return buf_detach(&out);
}

static void has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		fprintf(stderr, "expected \"%s\" in:\n%s\n", needle, hay);
		fail();
	}
}

static void lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle)) {
		fprintf(stderr, "did not expect \"%s\" in:\n%s\n", needle, hay);
		fail();
	}
}

/* 法人番号 with its check digit in front of twelve digits. */
static void corp_number(const char *base12, char out[14])
{
	int sum = 0;
	for (int n = 1; n <= 12; n++)
		sum += (base12[12 - n] - '0') * (n % 2 ? 1 : 2);
	out[0] = (char)('0' + 9 - sum % 9);
	memcpy(out + 1, base12, 13);
}

#define HEAD "種別,団体名,団体名カナ,法人番号,設立年月日,電話番号,郵便番号,メール,会員数,活動分野,活動地区,公開項目,状態\n"

/* ---- errors ---- */

static void every_bad_cell_is_named(void **state)
{
	struct fx *f = *state;
	char good[14], bad_check[14];
	corp_number("123456789012", good);
	memcpy(bad_check, good, 14);
	bad_check[0] = (char)('0' + (bad_check[0] - '0' + 1) % 10);
	import_ok(f, HEAD "任意団体,先にある会,サキニアルカイ,,,,,,,,,,\n");
	size_t orgs0 = count_orgs(f);
	int audit0 = count_audit(f);
	char csv[4096];
	snprintf(csv, sizeof csv,
		 HEAD "任意団体,よい会,ヨイカイ,,,,,,,,,,\n"	/* row 2: fine */
		 "任意団体,漢字の会,漢字カナ,,,,,,,,,,\n"	/* 3: kana with kanji */
		 "NPO法人,検査数字の会,ケンサスウジノカイ,%s,,,,,,,,,\n"	/* 4 */
		 "NPO法人,十四桁の会,ジュウヨンケタノカイ,%s0,,,,,,,,,\n"	/* 5 */
		 "宇宙団体,種別の会,シュベツノカイ,,,,,,,,,,\n"	/* 6 */
		 "任意団体,分野の会,ブンヤノカイ,,,,,,,21,,,\n"	/* 7 */
		 "任意団体,四分野の会,ヨンブンヤノカイ,,,,,,,1;2;3;4,,,\n"	/* 8 */
		 "任意団体,地区の会,チクノカイ,,,,,,,,月面地区,,\n"	/* 9 */
		 "任意団体,日付の会,ヒヅケノカイ,,令和2年13月1日,,,,,,,,\n"	/* 10 */
		 "任意団体,メールの会,メールノカイ,,,,,mail@@example,,,,,\n"	/* 11 */
		 "任意団体,電話の会,デンワノカイ,,,12-34,,,,,,,\n"	/* 12 */
		 "任意団体,郵便の会,ユウビンノカイ,,,,12-345,,,,,,\n"	/* 13 */
		 "任意団体,会員の会,カイインノカイ,,,,,,-5,,,,\n"	/* 14 */
		 "任意団体,公開の会,コウカイノカイ,,,,,,,,,誕生日,\n"	/* 15 */
		 "任意団体,状態の会,ジョウタイノカイ,,,,,,,,,,休眠\n"	/* 16 */
		 "任意団体,,ナマエナシ,,,,,,,,,,\n",	/* 17 */
		 bad_check, good);
	struct org_import_report rep;
	assert_int_equal(import(f, csv, &rep), -1);
	const char *e = buf_cstr(&rep.errors);
	has(e, "t.csv: row 3, column 3 (団体名カナ): Write the reading in katakana. \"漢字カナ\"");
	has(e, "t.csv: row 4, column 4 (法人番号): A corporate number has 13 digits");
	has(e, "t.csv: row 5, column 4 (法人番号): ");	/* org.c says "too long" before the digits */
	has(e, "t.csv: row 6, column 1 (種別): Unknown kind of group. \"宇宙団体\"");
	has(e, "t.csv: row 7, column 10 (活動分野): Unknown activity field");
	has(e, "t.csv: row 8, column 10 (活動分野): Choose at most 3 activity fields.");
	has(e, "t.csv: row 9, column 11 (活動地区): Unknown activity area");
	has(e, "t.csv: row 10, column 5 (設立年月日): Write the date as");
	has(e, "t.csv: row 11, column 8 (メール): Write a valid email address.");
	has(e, "t.csv: row 12, column 6 (電話番号): Write the phone number");
	has(e, "t.csv: row 13, column 7 (郵便番号): Write the postal code");
	has(e, "t.csv: row 14, column 9 (会員数): Write a whole number");
	has(e, "t.csv: row 15, column 12 (公開項目): Unknown public item");
	has(e, "t.csv: row 16, column 13 (状態): Choose a status");
	has(e, "t.csv: row 17, column 2 (団体名): Write the group's name.");
	lacks(e, "row 2,");
	assert_int_equal(rep.nerrors, 15);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), orgs0);
	assert_int_equal(count_audit(f), audit0);
	assert_int_equal(find(f, NULL, "よい会", "ヨイカイ"), 0);
}

/* Invisible-only text and bidi controls are refused on import like on the web form: the
 * row and column named, nothing written. */
static void invisible_and_bidi_refused(void **state)
{
	struct fx *f = *state;
	size_t orgs0 = count_orgs(f);
	struct org_import_report rep;
	assert_int_equal(import(f, "種別,団体名,団体名カナ,目的,代表者\n"
				   "任意団体,\u200B\u200B,ミエナイカイ,,\n"	/* row 2 */
				   "任意団体,よい会,ヨイカイ,目的\u202Eです,\n"	/* 3 */
				   "任意団体,ふつうの会,フツウノカイ,,\u2066山田\n"	/* 4 */
				   "任意団体,\u00A0\u3000\uFEFF,ナイカイ,,\n",	/* 5 */
				&rep),
			 -1);
	const char *e = buf_cstr(&rep.errors);
	has(e, "t.csv: row 2, column 2 (団体名): The text holds only invisible characters.");
	has(e, "t.csv: row 3, column 4 (目的): The text holds an invisible character that changes the direction");
	has(e, "t.csv: row 4, column 5 (代表者): The text holds an invisible character that changes the direction");
	has(e, "t.csv: row 5, column 2 (団体名): The text holds only invisible characters.");
	assert_int_equal(rep.nerrors, 4);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), orgs0);
}

static void file_level_problems(void **state)
{
	struct fx *f = *state;
	struct org_import_report rep;
	assert_int_equal(import(f, "", &rep), -1);
	has(buf_cstr(&rep.errors), "t.csv: row 1: The file is empty");
	org_import_report_free(&rep);

	assert_int_equal(import(f, "種別,目的\n任意団体,x\n", &rep), -1);
	has(buf_cstr(&rep.errors), "t.csv: row 1: The file needs the column 登録番号 or 法人番号");
	org_import_report_free(&rep);

	assert_int_equal(import(f, "団体名,団体名カナ,name\na,ア,b\n", &rep), -1);
	has(buf_cstr(&rep.errors), "A column appears twice. \"name\"");
	org_import_report_free(&rep);

	/* unknown columns: a warning naming them, the rest imported */
	assert_int_equal(import(f, "種別,団体名,団体名カナ,備考,色\n任意団体,警告の会,ケイコクノカイ,x,y\n", &rep), 0);
	has(buf_cstr(&rep.warnings), "t.csv: column 4 \"備考\" is not a known column and was ignored");
	has(buf_cstr(&rep.warnings), "column 5 \"色\"");
	assert_int_equal(rep.created, 1);
	org_import_report_free(&rep);

	/* a group account may not import */
	struct actor group = { .login = "g", .role = ROLE_GROUP, .org_id = 1 };
	org_import_report_init(&rep);
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	const char *csv = "種別,団体名,団体名カナ\n任意団体,乗っ取り,ノットリ\n";
	assert_int_equal(org_csv_import(f->st, &group, "t.csv", csv, strlen(csv), &io, &rep), -1);
	has(buf_cstr(&rep.errors), "Only the center can import groups.");
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), 1);
}

static void duplicates_in_the_file(void **state)
{
	struct fx *f = *state;
	char c1[14];
	corp_number("111122223333", c1);
	char csv[1024];
	snprintf(csv, sizeof csv,
		 "種別,団体名,団体名カナ,法人番号\n"
		 "NPO法人,甲,コウ,%s\n"
		 "任意団体,乙,オツ,\n"
		 "NPO法人,甲その2,コウソノニ,%s\n"
		 "任意団体,乙,おつ,\n",
		 c1, c1);
	struct org_import_report rep;
	assert_int_equal(import(f, csv, &rep), -1);
	has(buf_cstr(&rep.errors), "t.csv: row 4, column 4 (法人番号): The same group is also on row 2.");
	has(buf_cstr(&rep.errors), "t.csv: row 5, column 2 (団体名): The same group is also on row 3.");
	assert_int_equal(rep.nerrors, 2);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), 0);

	/* two rows that match the same stored record */
	import_ok(f, "種別,団体名,団体名カナ\n任意団体,丙,ヘイ\n");
	assert_int_equal(import(f, "団体名,団体名カナ,会員数\n丙,ヘイ,3\n丙,へい,4\n", &rep), -1);
	has(buf_cstr(&rep.errors), "row 3, column 1 (団体名): The same group is also on row 2.");
	org_import_report_free(&rep);
}

/* ---- encodings, dates, normalisation ---- */

static char *to_cp932(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inl = strlen(utf8), outl = inl * 2 + 4;
	char *out = malloc(outl), *in = (char *)utf8, *o = out;
	assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

static void encodings_and_dates(void **state)
{
	struct fx *f = *state;
	const char *csv = "種別,団体名,団体名カナ,設立年月日,主な年齢層\n"
			  "任意団体,シフトJISの会,シフトジスノカイ,令和2年4月1日,40～50代が中心\n"
			  "子供会,平成の会,へいせいのかい,H30.5.1,\n";
	size_t len;
	char *sj = to_cp932(csv, &len);
	struct org_import_report rep;
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	assert_int_equal(import_opts(f, sj, len, &io, &rep), 0);
	assert_int_equal(rep.created, 2);
	org_import_report_free(&rep);
	struct org o = get(f, find(f, NULL, "シフトJISの会", "シフトジスノカイ"));
	assert_string_equal(o.v[ORG_F_FOUNDED_ON], "2020-04-01");
	assert_string_equal(o.v[ORG_F_AGE_PROFILE], "40〜50代が中心");	/* 〜 came through CP932's ～ */
	o = get(f, find(f, NULL, "平成の会", "ヘイセイノカイ"));
	assert_string_equal(o.v[ORG_F_FOUNDED_ON], "2018-05-01");
	assert_string_equal(o.v[ORG_F_KIND], "children");	/* an alias of 子ども会 */

	/* forced CP932 reads it again (unchanged); forced UTF-8 refuses it */
	io.enc = CSV_ENC_CP932;
	assert_int_equal(import_opts(f, sj, len, &io, &rep), 0);
	assert_int_equal(rep.unchanged, 2);
	org_import_report_free(&rep);
	io.enc = CSV_ENC_UTF8;
	assert_int_equal(import_opts(f, sj, len, &io, &rep), -1);
	has(buf_cstr(&rep.errors), "t.csv: row ");
	org_import_report_free(&rep);
	free(sj);

	/* a BOM: UTF-8 */
	import_ok(f, "\xEF\xBB\xBF種別,団体名,団体名カナ\n任意団体,BOMの会,ボムノカイ\n");
	assert_true(find(f, NULL, "BOMの会", "ボムノカイ") > 0);
}

static void nfkc_only_for_codes(void **state)
{
	struct fx *f = *state;
	import_ok(f, "種別,団体名,団体名カナ,電話番号,郵便番号,メール,会員数,目的,代表者\n"
		     "企業,㈱まる①商会,ｶﾌﾞｼｷｶﾞｲｼｬ　マルイチショウカイ,０９９－１２３－４５６７,〒９９０－０００１,"
		     "ＩＮＦＯ＠ＥＸＡＭＰＬＥ．ＪＰ,\"１，２３４\",ＡＢＣで①を学ぶ,山田 ㈲太郎\n");
	struct org o = get(f, find(f, NULL, "㈱まる①商会", "カブシキガイシャ　マルイチショウカイ"));
	assert_string_equal(o.v[ORG_F_NAME], "㈱まる①商会");
	assert_string_equal(o.v[ORG_F_PURPOSE], "ＡＢＣで①を学ぶ");
	assert_string_equal(o.v[ORG_F_REP_NAME], "山田 ㈲太郎");
	assert_string_equal(o.v[ORG_F_PHONE], "099-123-4567");
	assert_string_equal(o.v[ORG_F_POSTAL], "990-0001");
	assert_string_equal(o.v[ORG_F_MEMBERS], "1234");
	assert_non_null(strstr(o.v[ORG_F_EMAIL], "@"));
	assert_null(strstr(o.v[ORG_F_EMAIL], "＠"));
}

/* ---- matching and updating ---- */

static void match_by_corp_number_and_by_name(void **state)
{
	struct fx *f = *state;
	char c1[14], c2[14], line[1024];
	corp_number("200010001234", c1);
	corp_number("200010009999", c2);
	snprintf(line, sizeof line,
		 "種別,団体名,団体名カナ,法人番号,会員数,活動分野,活動地区,公開項目\n"
		 "NPO法人,旧名の会,キュウメイノカイ,%s,10,1;13,中央地区;北地区,メール\n"
		 "任意団体,名前の会,ナマエノカイ,,5,,,\n",
		 c1);
	import_ok(f, line);
	long long id1 = find(f, c1, NULL, NULL), id2 = find(f, NULL, "名前の会", "ナマエノカイ");
	assert_int_equal(count_orgs(f), 2);

	/* the corporation renamed (matched by 法人番号); the voluntary group matched by name + kana
	 * (written in hiragana: the reading is normalised before matching) */
	snprintf(line, sizeof line,
		 "法人番号,種別,団体名,団体名カナ,会員数\n"
		 "%s,NPO法人,新名の会,シンメイノカイ,12\n"
		 ",任意団体,名前の会,なまえのかい,6\n",
		 c1);
	struct org_import_report rep;
	assert_int_equal(import(f, line, &rep), 0);
	assert_int_equal(rep.updated, 2);
	assert_int_equal(rep.created, 0);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), 2);
	struct org o = get(f, id1);
	assert_string_equal(o.v[ORG_F_NAME], "新名の会");
	assert_string_equal(o.v[ORG_F_MEMBERS], "12");
	assert_int_equal(o.nfields, 2);	/* columns the file lacks keep their values */
	assert_int_equal(o.nareas, 2);
	assert_int_equal(o.public_mask, ORG_PUB_EMAIL);
	assert_string_equal(get(f, id2).v[ORG_F_MEMBERS], "6");

	/* a record found by name gains its 法人番号 */
	snprintf(line, sizeof line, "団体名,団体名カナ,法人番号\n名前の会,ナマエノカイ,%s\n", c2);
	import_ok(f, line);
	assert_int_equal(find(f, c2, NULL, NULL), id2);
	assert_int_equal(count_orgs(f), 2);

	/* same name and reading but another corporation: a new record */
	char c3[14];
	corp_number("300000000001", c3);
	snprintf(line, sizeof line, "種別,団体名,団体名カナ,法人番号\n企業,名前の会,ナマエノカイ,%s\n", c3);
	import_ok(f, line);
	assert_int_equal(count_orgs(f), 3);
}

/* Matching by key, strongest first: 登録番号, 法人番号, then name + reading only when one
 * record fits. Two groups of one name and reading stay two; keys that disagree refuse the
 * row; a UTF-8 file is exact and a CP932 file compares as it gives text back. */
static void match_by_registration_number(void **state)
{
	struct fx *f = *state;
	char c1[14], c2[14], line[1024];
	corp_number("700010001234", c1);
	corp_number("700010005678", c2);
	snprintf(line, sizeof line,
		 "種別,団体名,団体名カナ,法人番号,登録番号,会員数\n"
		 "任意団体,ひまわり会,ヒマワリカイ,%s,R1-001,1\n"
		 "任意団体,ひまわり会,ヒマワリカイ,,R1-002,2\n"
		 "任意団体,波〜の会,ナミノカイ,,R〜1,3\n"
		 "任意団体,波〜の会,ナミノカイ,,R〜2,4\n"
		 "任意団体,鷗の会,カモメノカイ,,,5\n",
		 c1);
	import_ok(f, line);
	assert_int_equal(count_orgs(f), 5);
	char *before = export_text(f, ORG_EXPORT_CSV, 0);
	struct org_import_report rep;

	/* the second of the twins, found by its number: renamed, the first untouched */
	assert_int_equal(import(f, "登録番号,団体名,会員数\nR1-002,ひまわり会二,20\n", &rep), 0);
	assert_int_equal(rep.updated, 1);
	org_import_report_free(&rep);
	import_ok(f, "登録番号,団体名,会員数\nR1-002,ひまわり会,2\n");

	/* the name fits both twins: refused, with the way out */
	assert_int_equal(import(f, "団体名,団体名カナ,会員数\nひまわり会,ヒマワリカイ,9\n", &rep), -1);
	has(buf_cstr(&rep.errors), "t.csv: row 2, column 1 (団体名): Several groups have this name and reading: give "
				   "the row its registration number (登録番号)");
	org_import_report_free(&rep);

	/* a 法人番号 and a 登録番号 of two different groups */
	snprintf(line, sizeof line, "団体名,団体名カナ,法人番号,登録番号\nひまわり会,ヒマワリカイ,%s,R1-002\n", c1);
	assert_int_equal(import(f, line, &rep), -1);
	has(buf_cstr(&rep.errors), "row 2, column 3 (法人番号): This corporate number is another group's");
	org_import_report_free(&rep);
	/* the group of the 法人番号 has another 登録番号 */
	snprintf(line, sizeof line, "団体名,団体名カナ,法人番号,登録番号\nひまわり会,ヒマワリカイ,%s,R1-009\n", c1);
	assert_int_equal(import(f, line, &rep), -1);
	has(buf_cstr(&rep.errors), "row 2, column 4 (登録番号): The group with this corporate number has another "
				   "registration number");
	org_import_report_free(&rep);
	char *mid = export_text(f, ORG_EXPORT_CSV, 0);
	assert_string_equal(before, mid);	/* nothing refused was written */
	free(mid);
	/* a 法人番号 not stored, by name: R1-001 is another corporation, so only R1-002 fits */
	snprintf(line, sizeof line, "種別,団体名,団体名カナ,法人番号\n任意団体,ひまわり会,ヒマワリカイ,%s\n", c2);
	assert_int_equal(import(f, line, &rep), 0);
	assert_int_equal(rep.updated, 1);
	org_import_report_free(&rep);
	assert_string_equal(get(f, find(f, c2, NULL, NULL)).v[ORG_F_REG_NUMBER], "R1-002");
	assert_string_equal(get(f, find(f, c1, NULL, NULL)).v[ORG_F_REG_NUMBER], "R1-001");

	/* a number the registry does not have, of a registered group's name: a new group, said so */
	assert_int_equal(import(f, "種別,団体名,団体名カナ,登録番号\n任意団体,鷗の会,カモメノカイ,R1-003\n", &rep), 0);
	assert_int_equal(rep.updated, 1);	/* 鷗の会 had no number: it is the one that fits */
	org_import_report_free(&rep);
	assert_int_equal(import(f, "種別,団体名,団体名カナ,登録番号\n任意団体,鷗の会,カモメノカイ,R1-004\n", &rep), 0);
	assert_int_equal(rep.created, 1);
	has(buf_cstr(&rep.warnings), "t.csv: row 2: 鷗の会 (カモメノカイ) is another group than the one of this name "
				     "registered as R1-003");
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), 6);

	/* UTF-8 is exact: 波～の会 (U+FF5E) is not 波〜の会 (U+301C), 𩸽 is not 鷗 */
	assert_int_equal(import(f, "種別,団体名,団体名カナ\n任意団体,波～の会,ナミノカイ\n任意団体,𩸽の会,カモメノカイ\n",
				&rep),
			 0);
	assert_int_equal(rep.created, 2);
	assert_int_equal(rep.updated, 0);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), 8);
	free(before);

	/* CP932: the registry's own export, 〜 in the numbers written as ～, matches each record */
	before = export_text(f, ORG_EXPORT_CSV, 0);
	struct org_export_opts eo = { .format = ORG_EXPORT_CSV, .enc = CSV_ENC_CP932 };
	struct buf sj = BUF_INIT;
	struct org_export_notes notes = { 0 };
	char err[256];
	assert_int_equal(org_export(f->st, &eo, &sj, &notes, err, sizeof err), 0);
	org_export_notes_free(&notes);
	struct org_import_opts io = { .enc = CSV_ENC_CP932 };
	assert_int_equal(import_opts(f, sj.data, sj.len, &io, &rep), -1);
	/* 波〜の会 and 波～の会 without numbers are one in Shift_JIS, so are 鷗の会 and 𩸽の会:
	 * those two rows are refused, the ones with numbers match */
	has(buf_cstr(&rep.errors), "once they are written in Shift_JIS");
	assert_int_equal(rep.nerrors, 2);
	org_import_report_free(&rep);
	char *after = export_text(f, ORG_EXPORT_CSV, 0);
	assert_string_equal(before, after);
	free(before);
	free(after);
	buf_free(&sj);
}

static void partial_columns_keep_the_rest(void **state)
{
	struct fx *f = *state;
	import_ok(f, "種別,団体名,団体名カナ,目的,電話番号,代表者,活動分野,活動地区,公開項目,状態,募集\n"
		     "任意団体,部分の会,ブブンノカイ,目的の文,099-111-2222,代表 花子,7,南地区,電話番号,休止,募集中です\n");
	long long id = find(f, NULL, "部分の会", "ブブンノカイ");
	/* only the phone changes; an empty 状態 keeps the stored one */
	import_ok(f, "団体名カナ,団体名,電話番号,状態\nブブンノカイ,部分の会,099-333-4444,\n");
	struct org o = get(f, id);
	assert_string_equal(o.v[ORG_F_PHONE], "099-333-4444");
	assert_string_equal(o.v[ORG_F_PURPOSE], "目的の文");
	assert_string_equal(o.v[ORG_F_REP_NAME], "代表 花子");
	assert_string_equal(o.v[ORG_F_STATUS], "dormant");
	assert_string_equal(o.v[ORG_F_RECRUITING], "募集中です");
	assert_int_equal(o.nfields, 1);
	assert_int_equal(o.fields[0], 7);
	assert_int_equal(o.nareas, 1);
	assert_int_equal(o.public_mask, ORG_PUB_PHONE);
	/* an empty cell of a present column clears the value */
	import_ok(f, "団体名,団体名カナ,募集,活動分野\n部分の会,ブブンノカイ,,\n");
	o = get(f, id);
	assert_string_equal(o.v[ORG_F_RECRUITING], "");
	assert_int_equal(o.nfields, 0);
	assert_string_equal(o.v[ORG_F_PURPOSE], "目的の文");
	/* areas in another order are the same areas */
	import_ok(f, "団体名,団体名カナ,活動地区\n部分の会,ブブンノカイ,東地区;南地区\n");
	struct org_import_report r2;
	assert_int_equal(import(f, "団体名,団体名カナ,活動地区\n部分の会,ブブンノカイ,南地区;東地区\n", &r2), 0);
	assert_int_equal(r2.unchanged, 1);
	org_import_report_free(&r2);
	/* the same file again changes nothing and writes no audit row */
	int audit0 = count_audit(f);
	struct org_import_report rep;
	assert_int_equal(import(f, "団体名,団体名カナ,募集,活動分野\n部分の会,ブブンノカイ,,\n", &rep), 0);
	assert_int_equal(rep.unchanged, 1);
	assert_int_equal(rep.updated, 0);
	org_import_report_free(&rep);
	assert_int_equal(count_audit(f), audit0);
}

static void dry_run_writes_nothing(void **state)
{
	struct fx *f = *state;
	import_ok(f, "種別,団体名,団体名カナ,会員数\n任意団体,既存の会,キゾンノカイ,3\n");
	long long id = find(f, NULL, "既存の会", "キゾンノカイ");
	size_t orgs0 = count_orgs(f);
	int audit0 = count_audit(f);
	long long v0, v1;
	assert_int_equal(org_version_get(f->st, &v0), 0);
	struct org_import_report rep;
	struct org_import_opts io = { .enc = CSV_ENC_AUTO, .dry_run = 1 };
	const char *csv = "種別,団体名,団体名カナ,会員数\n任意団体,既存の会,キゾンノカイ,4\n任意団体,新しい会,アタラシイカイ,1\n"
			  "任意団体,既存の会,キゾンノカイ,3\n";
	/* the duplicate is reported in a dry run too */
	assert_int_equal(import_opts(f, csv, strlen(csv), &io, &rep), -1);
	org_import_report_free(&rep);
	csv = "種別,団体名,団体名カナ,会員数\n任意団体,既存の会,キゾンノカイ,4\n任意団体,新しい会,アタラシイカイ,1\n";
	assert_int_equal(import_opts(f, csv, strlen(csv), &io, &rep), 0);
	assert_int_equal(rep.created, 1);
	assert_int_equal(rep.updated, 1);
	char want[128];
	snprintf(want, sizeof want, "row 2: update #%lld 既存の会 (キゾンノカイ)\n", id);
	has(buf_cstr(&rep.plan), want);
	has(buf_cstr(&rep.plan), "row 3: create 新しい会 (アタラシイカイ)\n");
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), orgs0);
	assert_int_equal(count_audit(f), audit0);
	assert_string_equal(get(f, id).v[ORG_F_MEMBERS], "3");
	assert_int_equal(org_version_get(f->st, &v1), 0);
	assert_int_equal(v0, v1);
}

/* ---- export ---- */

static const char *full_csv(void)
{
	return "種別,団体名,団体名カナ,法人番号,設立年月日,目的,活動内容,活動分野,活動地区,会員数,代表者,代表者カナ,"
	       "郵便番号,住所,電話番号,FAX番号,メール,ウェブサイト,公開項目,登録番号,登録日,状態,募集,市内会員数,"
	       "主な年齢層,主な収入源,SNS,連絡担当者,連絡担当者カナ\n"
	       "NPO法人,往復の会,オウフクノカイ,%s,2019-05-01,\"改行を\n含む目的\",\"カンマ,と\"\"引用\"\"\",13;1,"
	       "北地区;中央地区,30,代表 一郎,ダイヒョウ イチロウ,990-0001,みどり野市1-2,099-100-2000,099-100-2001,"
	       "a@example.jp,https://example.jp/a,代表者;メール,R5-001,2023-06-01,活動中,募集文,20,60〜70代が中心,"
	       "会費;寄付金,https://example.jp/sns,連絡 次郎,レンラク ジロウ\n"
	       "任意団体,数式の会,スウシキノカイ,,,=SUM(A1:A9),'=既に守られた値,,,,-5度の会長,,,,,,,,,,,休止,"
	       "@メンション,,,,,,\n"
	       "ボランティア団体,解散した会,カイサンシタカイ,,,,,,,,,,,,,,,,,,,解散,,,,,,,\n";
}

static void round_trip_is_byte_identical(void **state)
{
	struct fx *f = *state;
	char c1[14], csv[4096];
	corp_number("987654321098", c1);
	snprintf(csv, sizeof csv, full_csv(), c1);
	import_ok(f, csv);
	struct org o = get(f, find(f, NULL, "数式の会", "スウシキノカイ"));
	assert_string_equal(o.v[ORG_F_PURPOSE], "=SUM(A1:A9)");
	assert_string_equal(o.v[ORG_F_ACTIVITIES], "=既に守られた値");	/* one apostrophe taken off */
	char *first = export_text(f, ORG_EXPORT_CSV, 0);
	assert_memory_equal(first, "\xEF\xBB\xBF種別,団体名,", 3 + 17);
	has(first, ",'=SUM(A1:A9),'=既に守られた値,");
	has(first, ",'-5度の会長,");
	has(first, ",'@メンション,");
	has(first, "\"改行を\n含む目的\"");
	has(first, "解散した会");	/* the full export holds every record */

	/* into a fresh database, and out again */
	struct fx g = { .admin = f->admin };
	fx_open(&g);
	struct org_import_report rep;
	org_import_report_init(&rep);
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	assert_int_equal(org_csv_import(g.st, &g.admin, "export.csv", first, strlen(first), &io, &rep), 0);
	assert_int_equal(rep.created, 3);
	org_import_report_free(&rep);
	g.a = f->a;
	char *second = export_text(&g, ORG_EXPORT_CSV, 0);
	assert_string_equal(first, second);
	/* and the export imports back into the first database as "unchanged" */
	assert_int_equal(import(f, second, &rep), 0);
	assert_int_equal(rep.unchanged, 3);
	org_import_report_free(&rep);
	fx_close(&g);
	free(first);
	free(second);

	/* CP932 export decodes to the same text */
	struct org_export_opts eo = { .format = ORG_EXPORT_CSV, .enc = CSV_ENC_CP932 };
	struct buf out = BUF_INIT;
	char err[256];
	assert_int_equal(org_export(f->st, &eo, &out, NULL, err, sizeof err), 0);
	assert_true(out.len > 3 && memcmp(out.data, "\xEF\xBB\xBF", 3) != 0);
	assert_int_equal(import(f, buf_cstr(&out), &rep), 0);	/* auto-detected as CP932 */
	assert_int_equal(rep.unchanged, 3);
	org_import_report_free(&rep);
	buf_free(&out);

	/* xlsx is a zip; JSON is an array of records with the review state, never the
	 * center's comments */
	char *x = NULL;
	eo.format = ORG_EXPORT_XLSX;
	assert_int_equal(org_export(f->st, &eo, &out, NULL, err, sizeof err), 0);
	assert_memory_equal(out.data, "PK", 2);
	buf_free(&out);
	x = export_text(f, ORG_EXPORT_JSON, 0);
	assert_true(x[0] == '[');
	has(x, "\"name\":\"往復の会\"");
	has(x, "\"email\":\"a@example.jp\"");
	has(x, "\"review\":\"approved\"");
	lacks(x, "\"review_comment\"");
	free(x);
}

/* ---- CP932 round trips ---- */

/* Every character CP932 can hold, as a CP932 file decodes it (UTF-8, in code order),
 * without control characters; the seven JIS-style characters CP932 spells differently
 * (〜‖−¢£¬—) at the end. */
static void cp932_characters(struct buf *b)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	assert_true(cd != (iconv_t)-1);
	unsigned char code[2];
	for (int lead = 0x20; lead < 0x100; lead++) {
		int dbl = (lead >= 0x81 && lead <= 0x9F) || (lead >= 0xE0 && lead <= 0xFC);
		for (int trail = dbl ? 0x40 : 0; trail <= (dbl ? 0xFC : 0); trail++) {
			code[0] = (unsigned char)lead;
			code[1] = (unsigned char)trail;
			char out[8], *ip = (char *)code, *op = out;
			size_t il = dbl ? 2 : 1, ol = sizeof out;
			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || op == out)
				continue;
			unsigned char c0 = (unsigned char)out[0];
			if (c0 < 0x20 || c0 == 0x7F || (c0 == 0xC2 && (unsigned char)out[1] < 0xA0))
				continue;	/* control characters: no text field holds them */
			buf_append(b, out, (size_t)(op - out));
		}
	}
	iconv_close(cd);
	buf_puts(b, "\u301C\u2016\u2212\u00A2\u00A3\u00AC\u2014");
}

/* A CSV cell: quoted, quotes doubled. */
static void csv_cell_put(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

/* Every character CP932 can hold goes out in a CP932 export and back in: the import
 * matches every record, creates nothing and changes nothing, and the registry exports
 * byte for byte as before. Names use the characters Unicode has twice (〜 and ～ …). */
static void cp932_round_trip_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct buf all = BUF_INIT, csv = BUF_INIT;
	cp932_characters(&all);
	buf_puts(&csv, "種別,団体名,団体名カナ,目的,活動内容\n");
	/* the text in pieces of at most 900 characters, each cut at a character boundary */
	int rec = 0;
	for (size_t i = 0; i < all.len; rec++) {
		size_t j = i, chars = 0;
		while (j < all.len && chars < 900) {
			j++;
			while (j < all.len && ((unsigned char)all.data[j] & 0xC0) == 0x80)
				j++;
			chars++;
		}
		struct buf cell = BUF_INIT;	/* not at the start, so a leading - or = is only text */
		buf_puts(&cell, "文字:");
		buf_append(&cell, all.data + i, j - i);
		buf_printf(&csv, "任意団体,全文字の会%d,ゼンモジノカイ%d,", rec, rec);
		csv_cell_put(&csv, cell.data, cell.len);
		buf_putc(&csv, ',');
		csv_cell_put(&csv, cell.data, cell.len);
		buf_puts(&csv, "\n");
		buf_free(&cell);
		i = j;
	}
	static const char *const names[] = { "波〜の会", "波～の会", "マイナス−の会", "マイナス－の会", "線‖の会",
					     "線∥の会", "ダッシュ—の会", "ダッシュ―の会", "セント¢の会", "ポンド£の会",
					     "否定¬の会", NULL };
	for (int i = 0; names[i]; i++)
		buf_printf(&csv, "任意団体,%s,ナマエ%c%c%c,%s,\n", names[i], "アイウエオカキクケコサ"[i * 3],
			   "アイウエオカキクケコサ"[i * 3 + 1], "アイウエオカキクケコサ"[i * 3 + 2], names[i]);
	struct org_import_report rep;
	int rc = import(f, buf_cstr(&csv), &rep);
	if (rc != 0)
		fprintf(stderr, "%s", buf_cstr(&rep.errors));
	assert_int_equal(rc, 0);
	int n = rep.created;
	assert_true(n >= 11 + 8);
	org_import_report_free(&rep);
	char *before = export_text(f, ORG_EXPORT_CSV, 0);

	struct org_export_opts eo = { .format = ORG_EXPORT_CSV, .enc = CSV_ENC_CP932 };
	struct buf sj = BUF_INIT;
	struct org_export_notes notes = { 0 };
	char err[256];
	assert_int_equal(org_export(f->st, &eo, &sj, &notes, err, sizeof err), 0);
	assert_int_equal(notes.nreplaced, 0);	/* CP932 holds every one of them */
	org_export_notes_free(&notes);
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	assert_int_equal(import_opts(f, sj.data, sj.len, &io, &rep), 0);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.updated, 0);
	assert_int_equal(rep.unchanged, n);
	org_import_report_free(&rep);
	char *after = export_text(f, ORG_EXPORT_CSV, 0);
	assert_string_equal(before, after);
	/* 〜 and ～ are two groups, each kept as written */
	has(after, "波〜の会");
	has(after, "波～の会");
	free(before);
	free(after);
	buf_free(&sj);
	buf_free(&all);
	buf_free(&csv);
}

/* 鷗 and 𠮷 become 〓 in a CP932 file, each one noted; the file imports back matching the
 * stored records (a 〓 stands for the stored character) and leaves them as they are. */
static void cp932_geta_stands_for_the_stored_character(void **state)
{
	struct fx *f = *state;
	import_ok(f, "種別,団体名,団体名カナ,代表者\n任意団体,鷗の会,カモメノカイ,𠮷田 花子\n任意団体,わの会,ヷノカイ,\n");
	char *before = export_text(f, ORG_EXPORT_CSV, 0);
	struct org_export_opts eo = { .format = ORG_EXPORT_CSV, .enc = CSV_ENC_CP932 };
	struct buf sj = BUF_INIT;
	struct org_export_notes notes = { 0 };
	char err[256];
	assert_int_equal(org_export(f->st, &eo, &sj, &notes, err, sizeof err), 0);
	assert_int_equal(notes.nreplaced, 3);
	has(buf_cstr(&notes.replaced), "row 2, column 2 (団体名): 鷗 (U+9DD7)\n");
	has(buf_cstr(&notes.replaced), "row 2, column 11 (代表者): 𠮷 (U+20BB7)\n");
	has(buf_cstr(&notes.replaced), "row 3, column 3 (団体名カナ): ヷ (U+30F7)\n");
	org_export_notes_free(&notes);
	struct org_import_report rep;
	struct org_import_opts io = { .enc = CSV_ENC_CP932 };
	assert_int_equal(import_opts(f, sj.data, sj.len, &io, &rep), 0);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.updated, 0);
	assert_int_equal(rep.unchanged, 2);	/* 〓ノカイ found ヷノカイ by its name */
	org_import_report_free(&rep);
	/* a 〓 that stands for nothing stored is refused as the field refuses it */
	assert_int_equal(import(f, "種別,団体名,団体名カナ\n任意団体,新しい会,〓ノカイ\n", &rep), -1);
	has(buf_cstr(&rep.errors), "t.csv: row 2, column 3 (団体名カナ): Write the reading in katakana.");
	org_import_report_free(&rep);
	char *after = export_text(f, ORG_EXPORT_CSV, 0);
	assert_string_equal(before, after);
	free(before);
	free(after);
	buf_free(&sj);
}

/* The full export restores what it holds into an empty database: review states (an
 * application stays an application, out of the directory), confirmation dates (the
 * overdue flag survives), and the areas, created when asked. */
static void full_export_restores_review_and_dates(void **state)
{
	struct fx *f = *state;
	import_ok(f, "種別,団体名,団体名カナ,活動地区,審査状態,最終確認日,確認依頼日\n"
		     "任意団体,審査中の会,シンサチュウノカイ,北地区,申請中,,\n"
		     "任意団体,差し戻しの会,サシモドシノカイ,南地区;東地区,差し戻し,,\n"
		     "任意団体,古い会,フルイカイ,中央地区;北地区,登録済,2019-04-01T03:00:00Z,2024-05-01T00:00:00Z\n"
		     "任意団体,新しい会,アタラシイカイ,東地区,登録済,令和7年4月1日,\n"
		     "任意団体,未確認の会,ミカクニンノカイ,,登録済,,\n");
	struct org o = get(f, find(f, NULL, "審査中の会", "シンサチュウノカイ"));
	assert_int_equal(o.review, ORG_APPLIED);
	assert_string_equal(o.confirmed_at, "");
	o = get(f, find(f, NULL, "差し戻しの会", "サシモドシノカイ"));
	assert_int_equal(o.review, ORG_RETURNED);
	o = get(f, find(f, NULL, "古い会", "フルイカイ"));
	assert_int_equal(o.review, ORG_APPROVED);
	assert_string_equal(o.confirmed_at, "2019-04-01T03:00:00Z");
	assert_string_equal(o.confirm_requested_at, "2024-05-01T00:00:00Z");
	assert_int_equal(org_is_stale(f->st, &o), 1);
	o = get(f, find(f, NULL, "新しい会", "アタラシイカイ"));
	assert_string_equal(o.confirmed_at, "2025-03-31T15:00:00Z");	/* that day, 00:00 in Japan */
	char *first = export_text(f, ORG_EXPORT_CSV, 0);
	char *pub = export_text(f, ORG_EXPORT_CSV, 1);
	lacks(pub, "審査中の会");
	lacks(pub, "差し戻しの会");
	free(pub);

	/* into an empty database (no areas): refused without create_areas, restored with it */
	struct fx g = { .admin = f->admin };
	assert_int_equal(testdb_create(g.path, sizeof g.path), 0);
	int applied;
	assert_int_equal(store_open(g.path, &g.st), 0);
	assert_int_equal(store_migrate(g.st, &applied), 0);
	g.a = f->a;
	struct org_import_report rep;
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	org_import_report_init(&rep);
	assert_int_equal(org_csv_import(g.st, &g.admin, "full.csv", first, strlen(first), &io, &rep), -1);
	has(buf_cstr(&rep.errors), "--create-areas");
	org_import_report_free(&rep);
	io.create_areas = 1;
	org_import_report_init(&rep);
	assert_int_equal(org_csv_import(g.st, &g.admin, "full.csv", first, strlen(first), &io, &rep), 0);
	assert_int_equal(rep.created, 5);
	has(buf_cstr(&rep.warnings), "the area \"北地区\"");
	org_import_report_free(&rep);
	char *second = export_text(&g, ORG_EXPORT_CSV, 0);
	assert_string_equal(first, second);
	struct org_area *areas;
	int na;
	assert_int_equal(org_area_list(g.st, g.a, &areas, &na), 0);
	assert_int_equal(na, 4);	/* each cell's order kept: 中央 before 北, 南 before 東 */
	int pos[4] = { 0 };
	static const char *const want[4] = { "中央地区", "北地区", "南地区", "東地区" };
	for (int i = 0; i < na; i++)
		for (int k = 0; k < 4; k++)
			if (strcmp(areas[i].name, want[k]) == 0)
				pos[k] = i + 1;
	assert_true(pos[0] && pos[1] && pos[2] && pos[3]);
	assert_true(pos[0] < pos[1]);
	assert_true(pos[2] < pos[3]);
	o = get(&g, find(&g, NULL, "古い会", "フルイカイ"));
	assert_int_equal(org_is_stale(g.st, &o), 1);
	o = get(&g, find(&g, NULL, "審査中の会", "シンサチュウノカイ"));
	assert_int_equal(o.review, ORG_APPLIED);

	/* an import never moves an existing record past the center's review */
	org_import_report_init(&rep);
	const char *up = "団体名,団体名カナ,審査状態,最終確認日\n審査中の会,シンサチュウノカイ,登録済,2026-01-01\n";
	assert_int_equal(org_csv_import(g.st, &g.admin, "up.csv", up, strlen(up), &io, &rep), 0);
	assert_int_equal(rep.unchanged, 1);
	has(buf_cstr(&rep.warnings), "up.csv: row 2, column 3 (審査状態): 登録済 in the file, 申請中 in the registry: kept");
	org_import_report_free(&rep);
	o = get(&g, find(&g, NULL, "審査中の会", "シンサチュウノカイ"));
	assert_int_equal(o.review, ORG_APPLIED);
	assert_string_equal(o.confirmed_at, "");
	store_close(g.st);
	testdb_drop(g.path);
	free(first);
	free(second);
}

static void public_export_has_no_private_value(void **state)
{
	struct fx *f = *state;
	struct buf csv = BUF_INIT;
	buf_puts(&csv, "種別,団体名,団体名カナ,代表者,代表者カナ,連絡担当者,連絡担当者カナ,郵便番号,住所,電話番号,FAX番号,"
		       "メール,公開項目,状態\n");
	/* 30 groups, each with unique private values; every third publishes its phone and email */
	for (int i = 0; i < 30; i++)
		buf_printf(&csv,
			   "任意団体,秘密%02dの会,ヒミツ%02dノカイ,秘代表%02d,ヒダイヒョウ%02d,秘連絡%02d,ヒレンラク%02d,990-77%02d,"
			   "秘住所%02d番地,099-700-77%02d,099-800-88%02d,secret%02d@example.jp,%s,%s\n",
			   i, i, i, i, i, i, i, i, i, i, i, i % 3 == 0 ? "電話番号;メール" : "",
			   i == 29 ? "解散" : "活動中");
	import_ok(f, buf_cstr(&csv));
	buf_free(&csv);
	/* an application waiting for review is not in the directory either */
	struct org app;
	org_init(&app);
	const char *err = NULL;
	assert_int_equal(org_set_field(f->a, &app, ORG_F_KIND, "任意団体", &err), 0);
	assert_int_equal(org_set_field(f->a, &app, ORG_F_NAME, "申請中の会", &err), 0);
	assert_int_equal(org_set_field(f->a, &app, ORG_F_KANA, "シンセイチュウノカイ", &err), 0);
	assert_true(org_create(f->st, &f->admin, &app, ORG_SAVE_APPLICATION, &err) > 0);

	char *outs[2] = { export_text(f, ORG_EXPORT_CSV, 1), export_text(f, ORG_EXPORT_JSON, 1) };
	for (int k = 0; k < 2; k++) {
		const char *out = outs[k];
		for (int i = 0; i < 29; i++) {
			char v[64];
			snprintf(v, sizeof v, "秘密%02dの会", i);
			has(out, v);
			static const char *const priv[] = { "秘代表%02d", "ヒダイヒョウ%02d", "秘連絡%02d", "ヒレンラク%02d",
							    "990-77%02d", "秘住所%02d", "099-800-88%02d" };
			for (size_t p = 0; p < sizeof priv / sizeof *priv; p++) {
				snprintf(v, sizeof v, priv[p], i);
				lacks(out, v);
			}
			snprintf(v, sizeof v, "099-700-77%02d", i);
			(i % 3 == 0 ? has : lacks)(out, v);
			snprintf(v, sizeof v, "secret%02d@example.jp", i);
			(i % 3 == 0 ? has : lacks)(out, v);
		}
		lacks(out, "秘密29の会");	/* dissolved */
		lacks(out, "申請中の会");
		lacks(out, "公開項目");
		lacks(out, "\"public\"");
		lacks(out, "review");
	}
	free(outs[0]);
	free(outs[1]);
}

/* ---- the bulk path ---- */

static void bulk_import_with_progress(void **state)
{
	struct fx *f = *state;
	struct buf csv = BUF_INIT;
	buf_puts(&csv, "種別,団体名,団体名カナ,目的,活動地区\n");
	for (int i = 0; i < 1500; i++)
		buf_printf(&csv, "任意団体,一括%04dの会,イッカツ%04dノカイ,福祉と陶芸の%d,%s\n", i, i, i,
			   i % 2 ? "北地区" : "南地区;東地区");
	FILE *prog = tmpfile();
	struct org_import_report rep;
	struct org_import_opts io = { .enc = CSV_ENC_AUTO, .progress = prog };
	long long v0, v1;
	assert_int_equal(org_version_get(f->st, &v0), 0);
	assert_int_equal(import_opts(f, csv.data, csv.len, &io, &rep), 0);
	assert_int_equal(rep.created, 1500);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), 1500);
	assert_int_equal(org_version_get(f->st, &v1), 0);
	assert_int_equal(v1, v0 + 1);	/* one bump for the whole import */
	char text[512] = "";
	rewind(prog);
	size_t n = fread(text, 1, sizeof text - 1, prog);
	text[n] = 0;
	fclose(prog);
	has(text, "\r1,000 / 1,500 checked");
	has(text, "\r1,500 / 1,500 written");
	struct org o = get(f, find(f, NULL, "一括0002の会", "イッカツ0002ノカイ"));
	assert_int_equal(o.nareas, 2);
	/* each created row is audited */
	struct audit_filter af = { .entity = "org", .entity_id = o.id, .limit = 10 };
	struct audit_row *rows;
	int na = audit_list(f->st, &af, &rows);
	assert_int_equal(na, 1);
	assert_string_equal(rows[0].action, "import");	/* a bulk creation: no copy of the values */
	audit_rows_free(rows, na);
	buf_free(&csv);
}

/* The id of the newest audit row (0 when none). */
static long long last_audit_id(struct fx *f)
{
	struct audit_filter af = { .limit = 1 };
	struct audit_row *rows;
	int n = audit_list(f->st, &af, &rows);
	long long id = n > 0 ? rows[0].id : 0;
	audit_rows_free(rows, n);
	return id;
}

/* From ORG_IMPORT_PIPE_ROWS rows on, rows are checked in a thread while the checked ones
 * are written: a bad row or a duplicate found late must still leave nothing written. */
static void pipelined_import_all_or_nothing(void **state)
{
	struct fx *f = *state;
	const int n = ORG_IMPORT_PIPE_ROWS + 500;
	struct buf good = BUF_INIT, bad = BUF_INIT;
	buf_puts(&good, "種別,団体名,団体名カナ,目的,活動地区\n");
	buf_puts(&bad, "種別,団体名,団体名カナ,目的,活動地区\n");
	for (int i = 0; i < n; i++) {
		buf_printf(&good, "任意団体,並行%05dの会,ヘイコウ%05dノカイ,陶芸と福祉の%d,北地区\n", i, i, i);
		if (i == n - 100)	/* a bad reading near the end */
			buf_printf(&bad, "任意団体,並行%05dの会,並行,陶芸,北地区\n", i);
		else if (i == n - 50)	/* the same group as row 12 (file row 13), found only at the end */
			buf_printf(&bad, "任意団体,並行%05dの会,ヘイコウ%05dノカイ,陶芸,北地区\n", 11, 11);
		else
			buf_printf(&bad, "任意団体,並行%05dの会,ヘイコウ%05dノカイ,陶芸,北地区\n", i, i);
	}
	long long a0 = last_audit_id(f), v0, v1;
	assert_int_equal(org_version_get(f->st, &v0), 0);
	struct org_import_report rep;
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	assert_int_equal(import_opts(f, bad.data, bad.len, &io, &rep), -1);
	assert_int_equal(rep.nerrors, 2);
	char line[64];
	snprintf(line, sizeof line, "row %d, column 3", n - 100 + 2);
	has(buf_cstr(&rep.errors), line);
	has(buf_cstr(&rep.errors), "row 13");
	assert_int_equal(rep.created, 0);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), 0);
	assert_int_equal(last_audit_id(f), a0);
	assert_int_equal(org_version_get(f->st, &v1), 0);
	assert_int_equal(v1, v0);

	assert_int_equal(import_opts(f, good.data, good.len, &io, &rep), 0);
	assert_int_equal(rep.created, n);
	org_import_report_free(&rep);
	assert_int_equal(count_orgs(f), (size_t)n);
	/* the index was built once, after the rows: the last row is found by a 2-character word */
	struct org_query q = { .q = "陶芸 並行02499", .page = 1 };
	struct org_result res;
	assert_int_equal(org_search(f->st, f->a, &q, &res), 0);
	assert_int_equal(res.total, 1);
	assert_int_equal(org_version_get(f->st, &v1), 0);
	assert_int_equal(v1, v0 + 1);
	/* re-importing the same file changes nothing */
	assert_int_equal(import_opts(f, good.data, good.len, &io, &rep), 0);
	assert_int_equal(rep.unchanged, n);
	org_import_report_free(&rep);
	buf_free(&good);
	buf_free(&bad);
}

static void column_table_covers_every_field(void **state)
{
	(void)state;
	int seen[ORG_F__MAX] = { 0 };
	for (int k = 0; k < org_csv_ncols; k++)
		if (org_csv_cols[k].kind == ORG_COL_FIELD)
			seen[org_csv_cols[k].field]++;
	for (int fi = 0; fi < ORG_F__MAX; fi++)
		assert_int_equal(seen[fi], 1);
	/* the issue's 23 columns come first, in its order */
	static const char *const issue[] = { "種別", "団体名", "団体名カナ", "法人番号", "設立年月日", "目的", "活動内容",
					     "活動分野", "活動地区", "会員数", "代表者", "代表者カナ", "郵便番号", "住所",
					     "電話番号", "FAX番号", "メール", "ウェブサイト", "公開項目", "登録番号", "登録日",
					     "状態", "募集" };
	for (size_t k = 0; k < sizeof issue / sizeof *issue; k++)
		assert_string_equal(org_csv_col_header(&org_csv_cols[k]), issue[k]);
}

/* An in-memory database cannot be opened a second time: a large import there checks
 * its rows on its own connection, one after the other, and still writes them all. */
static void large_import_in_memory(void **state)
{
	(void)state;
	struct store *st;
	int applied;
	assert_int_equal(store_open(":memory:", &st), 0);
	assert_int_equal(store_migrate(st, &applied), 0);
	struct actor admin = { .login = "test-admin", .role = ROLE_ADMIN };
	struct buf csv = BUF_INIT;
	buf_puts(&csv, "種別,団体名,団体名カナ\n");
	const int n = ORG_IMPORT_PIPE_ROWS + 100;
	for (int i = 0; i < n; i++)
		buf_printf(&csv, "任意団体,記憶%05dの会,キオク%05dノカイ\n", i, i);
	struct org_import_report rep;
	struct org_import_opts io = { .enc = CSV_ENC_AUTO };
	org_import_report_init(&rep);
	assert_int_equal(org_csv_import(st, &admin, "m.csv", csv.data, csv.len, &io, &rep), 0);
	assert_int_equal(rep.created, n);
	org_import_report_free(&rep);
	long long *ids;
	size_t got;
	struct arena *ia = arena_new(0);
	assert_int_equal(org_export_ids(st, ia, 0, &ids, &got), 0);
	arena_free(ia);
	assert_int_equal(got, (size_t)n);
	buf_free(&csv);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(column_table_covers_every_field),
		cmocka_unit_test_setup_teardown(every_bad_cell_is_named, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(file_level_problems, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(invisible_and_bidi_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(duplicates_in_the_file, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(encodings_and_dates, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(nfkc_only_for_codes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(match_by_corp_number_and_by_name, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(match_by_registration_number, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(partial_columns_keep_the_rest, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(dry_run_writes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(round_trip_is_byte_identical, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(public_export_has_no_private_value, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(cp932_round_trip_changes_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(cp932_geta_stands_for_the_stored_character, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(full_export_restores_review_and_dates, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(bulk_import_with_progress, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(pipelined_import_all_or_nothing, fx_setup, fx_teardown),
		cmocka_unit_test(large_import_in_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
