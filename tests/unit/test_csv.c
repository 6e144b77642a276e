/* test_csv: CSV reading (UTF-8, BOM, CP932, quoting, errors) and writing (BOM,
 * CRLF, quoting, CP932 mapping and unconvertible characters) (src/io/csv.c). */
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
#include "io/csv.h"
#include "util/jtext.h"
#include "util/buf.h"

/* UTF-8 -> CP932 through iconv, for building test input. Caller frees. */
static char *to_cp932(const char *s, size_t *outlen)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	size_t inleft = strlen(s), outleft = inleft + 1;
	char *out = malloc(outleft), *in = (char *)s, *o = out;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(out);
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(o - out);
	return out;
}

static void read_ok(const char *data, size_t len, enum csv_encoding enc, struct csv_table *t)
{
	char err[256];

	if (csv_read(data, len, enc, t, err, sizeof err))
		fail_msg("csv_read failed: %s", err);
}

static void read_err(const char *data, size_t len, enum csv_encoding enc, const char *want)
{
	struct csv_table t;
	char err[256];

	assert_int_equal(csv_read(data, len, enc, &t, err, sizeof err), -1);
	assert_int_equal(t.nrows, 0);
	if (!strstr(err, want))
		fail_msg("error \"%s\" does not contain \"%s\"", err, want);
	csv_table_free(&t);
}

#define S(lit) lit, sizeof(lit) - 1

static void test_encoding_names(void **state)
{
	enum csv_encoding e;

	(void)state;
	assert_string_equal(csv_encoding_names[CSV_ENC_AUTO], "auto");
	assert_string_equal(csv_encoding_names[CSV_ENC_UTF8], "utf-8");
	assert_string_equal(csv_encoding_names[CSV_ENC_CP932], "cp932");
	assert_int_equal(csv_encoding_parse("utf8", &e), 0);
	assert_int_equal(e, CSV_ENC_UTF8);
	assert_int_equal(csv_encoding_parse("UTF-8", &e), 0);
	assert_int_equal(e, CSV_ENC_UTF8);
	assert_int_equal(csv_encoding_parse("Shift_JIS", &e), 0);
	assert_int_equal(e, CSV_ENC_CP932);
	assert_int_equal(csv_encoding_parse("sjis", &e), 0);
	assert_int_equal(e, CSV_ENC_CP932);
	assert_int_equal(csv_encoding_parse("cp932", &e), 0);
	assert_int_equal(e, CSV_ENC_CP932);
	assert_int_equal(csv_encoding_parse("auto", &e), 0);
	assert_int_equal(e, CSV_ENC_AUTO);
	assert_int_equal(csv_encoding_parse("latin1", &e), -1);
	assert_int_equal(csv_encoding_parse("", &e), -1);
	assert_int_equal(csv_encoding_parse(NULL, &e), -1);
}

static void test_read_utf8(void **state)
{
	struct csv_table t;

	(void)state;
	read_ok(S("コード,名称\n0012,まちづくり協議会\n"), CSV_ENC_AUTO, &t);
	assert_int_equal(t.detected, CSV_ENC_UTF8);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.ncols[0], 2);
	assert_string_equal(t.cell[0][0], "コード");
	assert_string_equal(t.cell[1][0], "0012");	/* leading zeros live */
	assert_string_equal(t.cell[1][1], "まちづくり協議会");
	assert_string_equal(csv_cell(&t, 1, 1), "まちづくり協議会");
	assert_string_equal(csv_cell(&t, 1, 5), "");
	assert_string_equal(csv_cell(&t, 9, 0), "");
	assert_int_equal(csv_header_index(&t, "名称"), 1);
	assert_int_equal(csv_header_index(&t, "住所"), -1);
	csv_table_free(&t);
	csv_table_free(&t);	/* twice is harmless */
}

static void test_read_bom(void **state)
{
	struct csv_table t;

	(void)state;
	read_ok(S("\xEF\xBB\xBF" "ID,名称\r\n1,a\r\n"), CSV_ENC_AUTO, &t);
	assert_int_equal(t.detected, CSV_ENC_UTF8);
	assert_string_equal(t.cell[0][0], "ID");	/* BOM stripped */
	assert_int_equal(csv_header_index(&t, "ID"), 0);
	csv_table_free(&t);
	read_ok(S("\xEF\xBB\xBF" "ID\n"), CSV_ENC_UTF8, &t);
	assert_string_equal(t.cell[0][0], "ID");
	csv_table_free(&t);
	read_err(S("\xEF\xBB\xBF" "ID\n"), CSV_ENC_CP932, "byte order mark");
}

static void test_read_cp932_literal(void **state)
{
	struct csv_table t;

	(void)state;
	/* コード,名前 in Shift_JIS, then a half-width katakana ｱ (0xB1) */
	read_ok(S("\x83\x52\x81\x5b\x83\x68,ID\r\n\xb1,007\r\n"), CSV_ENC_AUTO, &t);
	assert_int_equal(t.detected, CSV_ENC_CP932);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.cell[0][0], "コード");
	assert_string_equal(t.cell[0][1], "ID");
	assert_string_equal(t.cell[1][0], "ｱ");
	assert_string_equal(t.cell[1][1], "007");
	csv_table_free(&t);
	read_ok(S("\x83\x52\x81\x5b\x83\x68\n"), CSV_ENC_CP932, &t);
	assert_string_equal(t.cell[0][0], "コード");
	csv_table_free(&t);
}

static void test_read_cp932_iconv(void **state)
{
	struct csv_table t;
	size_t n;
	/* 0x5C trail bytes (表, ソ, 能) and NEC/IBM extensions (①, ㈱, 髙) */
	char *data = to_cp932("団体名,備考\r\n表示ソフト,\"能力①, ㈱髙橋\"\r\n", &n);

	(void)state;
	read_ok(data, n, CSV_ENC_AUTO, &t);
	assert_int_equal(t.detected, CSV_ENC_CP932);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.ncols[1], 2);
	assert_string_equal(t.cell[1][0], "表示ソフト");
	assert_string_equal(t.cell[1][1], "能力①, ㈱髙橋");
	csv_table_free(&t);
	free(data);
}

/* CP932 0x8160 and friends read as glibc maps them: the FF5E-style forms */
static void test_read_cp932_wave_dash(void **state)
{
	struct csv_table t;

	(void)state;
	read_ok(S("\x81\x60,\x81\x61,\x81\x7c,\x81\x91,\x81\x92,\x81\xca,\x81\x5c\r\n"),
		CSV_ENC_CP932, &t);
	assert_int_equal(t.ncols[0], 7);
	assert_string_equal(t.cell[0][0], "\uFF5E");	/* ～ */
	assert_string_equal(t.cell[0][1], "\u2225");	/* ∥ */
	assert_string_equal(t.cell[0][2], "\uFF0D");	/* － */
	assert_string_equal(t.cell[0][3], "\uFFE0");	/* ￠ */
	assert_string_equal(t.cell[0][4], "\uFFE1");	/* ￡ */
	assert_string_equal(t.cell[0][5], "\uFFE2");	/* ￢ */
	assert_string_equal(t.cell[0][6], "\u2015");	/* ― */
	csv_table_free(&t);
}

static void test_read_line_endings(void **state)
{
	struct csv_table t;

	(void)state;
	read_ok(S("a,b\r\nc,d\r\n"), CSV_ENC_AUTO, &t);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.cell[1][1], "d");
	csv_table_free(&t);

	read_ok(S("a,b\nc,d"), CSV_ENC_AUTO, &t);	/* no final newline */
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.cell[1][1], "d");
	csv_table_free(&t);

	read_ok(S("a,b\r\nc,d\r\n\r\n\r\n\n"), CSV_ENC_AUTO, &t);	/* trailing blanks */
	assert_int_equal(t.nrows, 2);
	csv_table_free(&t);

	read_ok(S("a\r\n\r\nb\n\nc\rd\r"), CSV_ENC_AUTO, &t);	/* blank rows kept inside */
	assert_int_equal(t.nrows, 6);
	assert_string_equal(t.cell[0][0], "a");
	assert_int_equal(t.ncols[1], 0);
	assert_string_equal(csv_cell(&t, 1, 0), "");
	assert_string_equal(t.cell[2][0], "b");
	assert_int_equal(t.ncols[3], 0);
	assert_string_equal(t.cell[4][0], "c");
	assert_string_equal(t.cell[5][0], "d");
	csv_table_free(&t);

	read_ok(S(""), CSV_ENC_AUTO, &t);
	assert_int_equal(t.nrows, 0);
	csv_table_free(&t);

	read_ok(S("\xEF\xBB\xBF"), CSV_ENC_AUTO, &t);
	assert_int_equal(t.nrows, 0);
	csv_table_free(&t);
}

static void test_read_quoting(void **state)
{
	struct csv_table t;

	(void)state;
	read_ok(S("名称,説明\r\n\"A,B\",\"一行目\r\n二行目\"\r\n\"say \"\"hi\"\"\",\"\"\r\n"
		  " x ,,\r\n"), CSV_ENC_AUTO, &t);
	assert_int_equal(t.nrows, 4);
	assert_string_equal(t.cell[1][0], "A,B");
	assert_string_equal(t.cell[1][1], "一行目\r\n二行目");
	assert_string_equal(t.cell[2][0], "say \"hi\"");
	assert_int_equal(t.ncols[2], 2);
	assert_string_equal(t.cell[2][1], "");
	assert_int_equal(t.ncols[3], 3);
	assert_string_equal(t.cell[3][0], " x ");	/* spaces are data */
	assert_string_equal(t.cell[3][2], "");
	csv_table_free(&t);
}

static void test_read_errors(void **state)
{
	(void)state;
	/* forced UTF-8, invalid byte in row 3, column 2 */
	read_err(S("a,b\nc,d\ne,\x83\x52\n"), CSV_ENC_UTF8,
		 "row 3, column 2: invalid UTF-8 byte sequence");
	/* overlong and surrogate forms are not UTF-8 */
	read_err(S("\xC0\xAF\n"), CSV_ENC_UTF8, "row 1, column 1: invalid UTF-8");
	read_err(S("x,\xED\xA0\x80\n"), CSV_ENC_UTF8, "row 1, column 2: invalid UTF-8");
	/* rows count records, blank lines included, header is row 1 */
	read_err(S("h\n\nx\n\"abc\ndef\n"), CSV_ENC_AUTO, "row 4: unterminated quoted field");
	read_err(S("h\nx,\"ab\"c\n"), CSV_ENC_AUTO, "row 2, column 2: misplaced quote");
	/* invalid in CP932 as well (0x80 and 0xA0 are unused there) */
	read_err(S("a\n\x80\xA0\n"), CSV_ENC_AUTO,
		 "row 2, column 1: invalid Shift_JIS (CP932) byte sequence");
	read_err(S("a\nb,\x83\n"), CSV_ENC_CP932,
		 "row 2, column 2: invalid Shift_JIS (CP932) byte sequence");
	read_err(S("a,b\x00" "c\n"), CSV_ENC_AUTO, "row 1, column 2: contains a NUL byte");
	read_err(S("\xFF\xFE" "a\x00"), CSV_ENC_AUTO, "UTF-16");
	/* auto: a UTF-8 file with one bad byte is a UTF-8 file; its error is where the byte
	 * is, not a Shift_JIS error at row 1 */
	read_err(S("団体名,団体名カナ\nみどりの会,ミドリノカイ\nあおぞら会,アオ\xFFゾラカイ\n"), CSV_ENC_AUTO,
		 "row 3, column 2: invalid UTF-8 byte sequence (the rest of the file reads as UTF-8");
	read_err(S("団体の名称\n\xE3\x81\n"), CSV_ENC_AUTO, "row 2, column 1: invalid UTF-8");	/* cut short */
	/* a CP932 file whose bytes are not all CP932 still reads as CP932 */
	read_err(S("\x83\x52\x81\x5b\x83\x68,ID\n\x96\xbc\x8f\xcc,\xFD\n"), CSV_ENC_AUTO,
		 "row 2, column 2: invalid Shift_JIS (CP932) byte sequence (the file is not valid UTF-8 either)");
}

static void test_read_error_no_errbuf(void **state)
{
	struct csv_table t;

	(void)state;
	assert_int_equal(csv_read(S("\"x"), CSV_ENC_AUTO, &t, NULL, 0), -1);
	csv_table_free(&t);
}

static void test_read_file(void **state)
{
	static const char data[] = "\x83\x52\x81\x5b\x83\x68\r\n0123\r\n";
	char path[] = "/tmp/kyodo-test-csv-XXXXXX";
	int fd = mkstemp(path);
	struct csv_table t;
	char err[256];

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, sizeof data - 1), (ssize_t)(sizeof data - 1));
	close(fd);
	assert_int_equal(csv_read_file(path, CSV_ENC_AUTO, &t, err, sizeof err), 0);
	assert_string_equal(t.cell[0][0], "コード");
	assert_string_equal(t.cell[1][0], "0123");
	csv_table_free(&t);
	unlink(path);
	assert_int_equal(csv_read_file(path, CSV_ENC_AUTO, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot open"));
}

static void test_write_utf8(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;
	const char *r1[] = { "ID", "名称", "備考" };
	const char *r2[] = { "007", "A,B", "say \"hi\"" };
	const char *r3[] = { "x", "line1\nline2", NULL };
	const char *r4[] = { "cr\r", " sp ", "" };

	(void)state;
	csv_writer_init(&w, &out, CSV_ENC_UTF8);
	assert_int_equal(csv_write_row(&w, r1, 3), 0);
	assert_int_equal(csv_write_row(&w, r2, 3), 0);
	assert_int_equal(csv_write_row(&w, r3, 3), 0);
	assert_int_equal(csv_write_row(&w, r4, 3), 0);
	assert_int_equal(w.row, 4);
	assert_string_equal(buf_cstr(&out),
			    "\xEF\xBB\xBF" "ID,名称,備考\r\n"
			    "007,\"A,B\",\"say \"\"hi\"\"\"\r\n"
			    "x,\"line1\nline2\",\r\n"
			    "\"cr\r\", sp ,\r\n");
	csv_writer_end(&w);
	buf_free(&out);
}

static void test_write_bom_only_at_start(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;
	const char *r[] = { "a" };

	(void)state;
	buf_puts(&out, "x");
	csv_writer_init(&w, &out, CSV_ENC_UTF8);
	assert_int_equal(csv_write_row(&w, r, 1), 0);
	assert_string_equal(buf_cstr(&out), "xa\r\n");
	csv_writer_end(&w);
	buf_free(&out);
}

static void test_write_utf8_invalid(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;
	const char *r[] = { "ok", "\xFF" };

	(void)state;
	csv_writer_init(&w, &out, CSV_ENC_UTF8);
	assert_int_equal(csv_write_row(&w, r, 2), -1);
	assert_string_equal(w.err, "row 1, column 2: invalid UTF-8 byte sequence");
	assert_int_equal(out.len, 3);	/* only the BOM */
	csv_writer_end(&w);
	buf_free(&out);
}

static void test_write_cp932(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;
	const char *r1[] = { "コード", "A,B" };
	/* JIS-style code points: 〜 ‖ − ¢ £ ¬ — */
	const char *r2[] = { "9時\u301C17時", "\u2016\u2212\u00A2\u00A3\u00AC\u2014" };
	const char *r3[] = { "①㈱髙", "ｱｲｳ" };

	(void)state;
	csv_writer_init(&w, &out, CSV_ENC_CP932);
	assert_int_equal(csv_write_row(&w, r1, 2), 0);
	assert_int_equal(csv_write_row(&w, r2, 2), 0);
	assert_int_equal(csv_write_row(&w, r3, 2), 0);
	assert_int_equal(out.len, 8 + 4 + 2 + 1 + 12 + 1 + 6 + 4 + 6 + 1 + 3 + 2);
	assert_memory_equal(out.data,
			    "\x83\x52\x81\x5b\x83\x68,\"A,B\"\r\n"
			    "9\x8e\x9e\x81\x60" "17\x8e\x9e,"
			    "\x81\x61\x81\x7c\x81\x91\x81\x92\x81\xca\x81\x5c\r\n"
			    "\x87\x40\x87\x8a\xfb\xfc,\xb1\xb2\xb3\r\n", out.len);
	csv_writer_end(&w);
	buf_free(&out);
}

/* A CP932 file always gets written: what CP932 cannot hold becomes 〓 (0x81AC), and each
 * such character is listed with its row and column. UTF-8 stays exact. */
static void test_write_cp932_unconvertible(void **state)
{
	struct buf out = BUF_INIT, names = BUF_INIT;
	struct csv_writer w;
	const char *r1[] = { "a", "b", "c" };
	const char *r2[] = { "森鷗外", "b", "smile \U0001F600" };
	const char *r3[] = { "한", "𠮷野家" };

	(void)state;
	csv_writer_init(&w, &out, CSV_ENC_CP932);
	assert_int_equal(csv_write_row(&w, r1, 3), 0);
	assert_int_equal(csv_write_row(&w, r2, 3), 0);
	assert_int_equal(csv_write_row(&w, r3, 2), 0);
	assert_int_equal(w.nreplaced, 4);
	/* 森 = 0x9058, 〓 = 0x81AC, 外 = 0x8A4F */
	assert_memory_equal(out.data, "a,b,c\r\n\x90\x58\x81\xAC\x8A\x4F,b,smile \x81\xAC\r\n\x81\xAC,\x81\xAC\x96\xEC\x89\xC6\r\n",
			    out.len);
	csv_format_replaced(&w, &names, "%zu:%zu:%s:U+%04X\n");
	assert_string_equal(buf_cstr(&names), "2:1:鷗:U+9DD7\n2:3:\U0001F600:U+1F600\n3:1:한:U+D55C\n3:2:𠮷:U+20BB7\n");
	csv_writer_end(&w);
	buf_free(&out);
	buf_free(&names);

	/* the same rows in UTF-8: exact, nothing replaced */
	csv_writer_init(&w, &out, CSV_ENC_UTF8);
	assert_int_equal(csv_write_row(&w, r2, 3), 0);
	assert_int_equal(w.nreplaced, 0);
	assert_string_equal(buf_cstr(&out), "\xEF\xBB\xBF森鷗外,b,smile \U0001F600\r\n");
	csv_writer_end(&w);
	buf_free(&out);
}

/* One guard for every CSV: a formula-like cell gets one apostrophe, plain numbers none,
 * and csv_unguard gives every value back. */
static void test_formula_guard(void **state)
{
	static const struct {
		const char *value, *written;
	} cases[] = {
		{ "=SUM(1+1)", "'=SUM(1+1)" }, { "+SUM(1+1)", "'+SUM(1+1)" }, { "@HYPERLINK(1)", "'@HYPERLINK(1)" },
		{ "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0" }, { "-5", "-5" }, { "+3", "+3" },
		{ "-1.25", "-1.25" }, { "'=x", "''=x" }, { "'abc", "'abc" }, { "'-5", "''-5" },
		{ "\tx", "'\tx" }, { "abc", "abc" }, { "-", "'-" }, { "", "" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf out = BUF_INIT;
		struct csv_writer w;
		csv_writer_init(&w, &out, CSV_ENC_CP932);	/* no BOM: the line alone */
		const char *cells[] = { cases[i].value };
		assert_int_equal(csv_write_row(&w, cells, 1), 0);
		csv_writer_end(&w);
		char want[64];
		snprintf(want, sizeof want, "%s\r\n", cases[i].written);
		assert_string_equal(buf_cstr(&out), want);
		assert_string_equal(csv_unguard(cases[i].written), cases[i].value);
		buf_free(&out);
	}
	/* blanks before the formula, a leading line break, full-width signs and U+2212 */
	static const struct {
		const char *value, *written;
	} wide[] = {
		{ " =1+1", "' =1+1" }, { "  @SUM(1)", "'  @SUM(1)" }, { "\u00A0=1", "'\u00A0=1" },
		{ "\u3000=1", "'\u3000=1" }, { "\n=1", "'\n=1" }, { "\r\n-1+1", "'\r\n-1+1" },
		{ "\uFF1D1+1", "'\uFF1D1+1" }, { "\uFF0B1", "'\uFF0B1" }, { "\uFF0D1", "'\uFF0D1" },
		{ "\uFF20x", "'\uFF20x" }, { "\u22125", "'\u22125" }, { "'\uFF1Dx", "''\uFF1Dx" },
		{ "' =x", "'' =x" }, { "note\n=1", "note\n=1" }, { "a =1", "a =1" }, { " ", " " },
		{ "\u3000名前", "\u3000名前" }, { "ー", "ー" },
	};
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
		int guarded = wide[i].written[0] == '\'' && wide[i].value[0] != '\'';
		assert_int_equal(csv_formula_like(wide[i].value), guarded || strncmp(wide[i].written, "''", 2) == 0);
		assert_string_equal(csv_unguard(wide[i].written), wide[i].value);
		struct buf o = BUF_INIT;
		struct csv_writer w8;
		csv_writer_init(&w8, &o, CSV_ENC_UTF8);
		const char *c1[] = { wide[i].value };
		assert_int_equal(csv_write_row(&w8, c1, 1), 0);
		csv_writer_end(&w8);
		const char *line = buf_cstr(&o) + 3;	/* after the BOM */
		int quoted = strpbrk(wide[i].value, "\r\n") != NULL;
		char want[64];
		snprintf(want, sizeof want, quoted ? "\"%s\"\r\n" : "%s\r\n", wide[i].written);
		assert_string_equal(line, want);
		buf_free(&o);
	}
	/* raw writers (files not meant for spreadsheets) write the value as it is */
	struct buf out = BUF_INIT;
	struct csv_writer w;
	csv_writer_init(&w, &out, CSV_ENC_CP932);
	w.raw = 1;
	const char *cells[] = { "=1" };
	assert_int_equal(csv_write_row(&w, cells, 1), 0);
	csv_writer_end(&w);
	assert_string_equal(buf_cstr(&out), "=1\r\n");
	buf_free(&out);
}

/* Every character CP932 can hold survives a CP932 file: written, read back, and equal to
 * the original under csv_same_text (the seven JIS-style characters come back in their
 * CP932 forms, which csv_same_text treats as the same). */
static void test_cp932_every_character(void **state)
{
	(void)state;
	size_t held = 0;
	for (uint32_t cp = 0x20; cp < 0x10000; cp++) {
		if (cp == 0x7F || (cp >= 0xD800 && cp <= 0xDFFF) || !csv_cp932_holds(cp))
			continue;
		held++;
		char text[8];
		int k = jtext_utf8_encode(cp, text);
		text[k] = 0;
		struct buf out = BUF_INIT;
		struct csv_writer w;
		csv_writer_init(&w, &out, CSV_ENC_CP932);
		w.raw = 1;	/* the guard is tested above; here the characters alone */
		const char *cells[] = { text };
		assert_int_equal(csv_write_row(&w, cells, 1), 0);
		assert_int_equal(w.nreplaced, 0);
		csv_writer_end(&w);
		struct csv_table t;
		char err[256];
		assert_int_equal(csv_read(out.data, out.len, CSV_ENC_CP932, &t, err, sizeof err), 0);
		const char *back = csv_cell(&t, 0, 0);
		if (cp == ' ')
			back = " ";
		if (!csv_same_text(text, back))
			fail_msg("U+%04X came back as \"%s\"", (unsigned)cp, back);
		/* ~ distinct characters stay distinct */
		if (strcmp(back, text) != 0)
			assert_int_not_equal(csv_cp932_fold_cp(cp), cp);
		csv_table_free(&t);
		buf_free(&out);
	}
	assert_true(held > 7000);	/* JIS X 0208 and the NEC/IBM extensions */
	assert_true(csv_same_text("波〜の会", "波～の会"));
	assert_true(csv_same_text("−‖—¢£¬", "－∥―￠￡￢"));
	assert_true(csv_same_text("森鷗外", "森〓外"));
	assert_false(csv_same_text("森鷗外", "森外"));
	assert_false(csv_same_text("波〜の会", "波ーの会"));
	assert_false(csv_same_text("ａ", "a"));
	uint32_t cp = 0;
	assert_int_equal(csv_cp932_first_missing("髙橋①㈱〜", &cp), 0);
	assert_int_equal(csv_cp932_first_missing("𠮷野家", &cp), 1);
	assert_int_equal(cp, 0x20BB7);
}

/* Which texts another text can equal once through CP932. */
static void test_cp932_ambiguous(void **state)
{
	(void)state;
	assert_int_equal(csv_cp932_ambiguous("みどり野子ども食堂ネット"), 0);
	assert_int_equal(csv_cp932_ambiguous("ABC 123"), 0);
	assert_int_equal(csv_cp932_ambiguous(""), 0);
	assert_int_equal(csv_cp932_ambiguous("波〜の会"), 1);
	assert_int_equal(csv_cp932_ambiguous("波～の会"), 1);
	assert_int_equal(csv_cp932_ambiguous("マイナス−"), 1);
	assert_int_equal(csv_cp932_ambiguous("〓の会"), 1);
	assert_int_equal(csv_cp932_ambiguous("鷗の会"), 1);
	assert_int_equal(csv_cp932_ambiguous("𠮷田"), 1);
}

/* What a spreadsheet does to codes is recognised; ordinary codes pass. */
static void test_code_damage(void **state)
{
	(void)state;
	assert_non_null(csv_code_damage("2001-01-01", NULL));
	assert_non_null(csv_code_damage("2001/1/1", "1-1"));
	assert_non_null(csv_code_damage("Jan 01", NULL));
	assert_non_null(csv_code_damage("1-Jan", NULL));
	assert_non_null(csv_code_damage("1.23E+12", NULL));
	assert_non_null(csv_code_damage("42", "0042"));
	assert_null(csv_code_damage("1-1", NULL));
	assert_null(csv_code_damage("1-1-1", "1-1-1"));
	assert_null(csv_code_damage("Ⅰ-1-(1)", NULL));
	assert_null(csv_code_damage("0042", "0042"));
	assert_null(csv_code_damage("43", "0042"));
	assert_null(csv_code_damage("R7-001", NULL));
	assert_null(csv_code_damage("2025-001", NULL));	/* a year and a number, not a date */
	assert_null(csv_code_damage("099-555-0101", NULL));	/* a phone number */
	assert_null(csv_code_damage("990-0001", NULL));	/* a postal code */
	assert_null(csv_code_damage("2001-01-01", "2001-01-01"));	/* unchanged: it was so before */
	assert_null(csv_code_damage("", NULL));
}

/* write -> read gives back the same cells, in both encodings */
static void test_round_trip(void **state)
{
	const char *rows[][4] = {
		{ "ID", "名称", "郵便番号", "備考" },
		{ "001", "NPO法人 ①まちづくり", "060-0001", "改行\r\nあり, \"引用\"" },
		{ "002", "㈱髙橋商店", "0123", "～∥－￠￡￢―" },
		{ "003", "", " ", "ｶﾀｶﾅ" },
	};
	enum csv_encoding encs[] = { CSV_ENC_UTF8, CSV_ENC_CP932 };

	(void)state;
	for (size_t e = 0; e < 2; e++) {
		struct buf out = BUF_INIT;
		struct csv_writer w;
		struct csv_table t;

		csv_writer_init(&w, &out, encs[e]);
		for (size_t r = 0; r < 4; r++)
			assert_int_equal(csv_write_row(&w, rows[r], 4), 0);
		read_ok(out.data, out.len, CSV_ENC_AUTO, &t);
		assert_int_equal(t.detected, encs[e]);
		assert_int_equal(t.nrows, 4);
		for (size_t r = 0; r < 4; r++) {
			assert_int_equal(t.ncols[r], 4);
			for (size_t c = 0; c < 4; c++)
				assert_string_equal(t.cell[r][c], rows[r][c]);
		}
		csv_table_free(&t);
		csv_writer_end(&w);
		buf_free(&out);
	}
}

/* 〜 written as CP932 comes back as ～ (the CP932 form), by design */
static void test_round_trip_wave_dash(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;
	struct csv_table t;
	const char *r[] = { "\u301C\u2212" };

	(void)state;
	csv_writer_init(&w, &out, CSV_ENC_CP932);
	assert_int_equal(csv_write_row(&w, r, 1), 0);
	read_ok(out.data, out.len, CSV_ENC_CP932, &t);
	assert_string_equal(t.cell[0][0], "\uFF5E\uFF0D");
	csv_table_free(&t);
	csv_writer_end(&w);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_names),
		cmocka_unit_test(test_read_utf8),
		cmocka_unit_test(test_read_bom),
		cmocka_unit_test(test_read_cp932_literal),
		cmocka_unit_test(test_read_cp932_iconv),
		cmocka_unit_test(test_read_cp932_wave_dash),
		cmocka_unit_test(test_read_line_endings),
		cmocka_unit_test(test_read_quoting),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_read_error_no_errbuf),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_write_utf8),
		cmocka_unit_test(test_write_bom_only_at_start),
		cmocka_unit_test(test_write_utf8_invalid),
		cmocka_unit_test(test_write_cp932),
		cmocka_unit_test(test_write_cp932_unconvertible),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_cp932_every_character),
		cmocka_unit_test(test_code_damage),
		cmocka_unit_test(test_cp932_ambiguous),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_wave_dash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
