/* test_jtext: Japanese text helpers (src/util/jtext.c): UTF-8, search folding and
 * classes, the bigram token scheme, readings, phone/postal/email/number normalisers,
 * check digits, and the FTS5 MATCH expression built from the search box. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "util/arena.h"
#include "util/jtext.h"

static uint32_t cp_of(const char *s)
{
	uint32_t c;
	assert_true(jtext_utf8_decode(s, strlen(s), &c) > 0);
	return c;
}

static void test_utf8(void **state)
{
	(void)state;
	uint32_t c;
	char out[4];
	assert_int_equal(jtext_utf8_decode("a", 1, &c), 1);
	assert_int_equal(c, 'a');
	assert_int_equal(jtext_utf8_decode("é", 2, &c), 2);
	assert_int_equal(c, 0xE9);
	assert_int_equal(jtext_utf8_decode("福", 3, &c), 3);
	assert_int_equal(c, 0x798F);
	assert_int_equal(jtext_utf8_decode("𠮷", 4, &c), 4);
	assert_int_equal(c, 0x20BB7);
	assert_int_equal(jtext_utf8_decode("", 0, &c), 0);
	/* overlong, surrogate, truncated, stray continuation, over U+10FFFF */
	const char *bad[] = { "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xE7\xA6", "\x80", "\xF4\x90\x80\x80", "\xFF" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(jtext_utf8_decode(bad[i], strlen(bad[i]), &c), 1);
		assert_int_equal(c, JTEXT_BAD);
		assert_false(jtext_utf8_valid(bad[i], strlen(bad[i])));
	}
	uint32_t cps[] = { 0x24, 0xA2, 0x20AC, 0x798F, 0xFF76, 0x10348, 0x10FFFF };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		int n = jtext_utf8_encode(cps[i], out);
		assert_true(n >= 1 && n <= 4);
		assert_int_equal(jtext_utf8_decode(out, (size_t)n, &c), n);
		assert_int_equal(c, cps[i]);
	}
	assert_int_equal(jtext_utf8_encode(0xD800, out), 0);
	assert_int_equal(jtext_utf8_encode(0x110000, out), 0);
	assert_true(jtext_utf8_valid("みどり野市 ABC", strlen("みどり野市 ABC")));
	assert_true(jtext_utf8_valid("", 0));
}

static void test_fold(void **state)
{
	(void)state;
	assert_int_equal(jtext_fold_cp('A'), 'a');
	assert_int_equal(jtext_fold_cp(cp_of("Ａ")), 'a');
	assert_int_equal(jtext_fold_cp(cp_of("ｚ")), 'z');
	assert_int_equal(jtext_fold_cp(cp_of("１")), '1');
	assert_int_equal(jtext_fold_cp(cp_of("！")), '!');
	assert_int_equal(jtext_fold_cp(cp_of("あ")), cp_of("ア"));
	assert_int_equal(jtext_fold_cp(cp_of("ゖ")), cp_of("ヶ"));
	assert_int_equal(jtext_fold_cp(cp_of("ゝ")), cp_of("ヽ"));
	assert_int_equal(jtext_fold_cp(cp_of("ゞ")), cp_of("ヾ"));
	assert_int_equal(jtext_fold_cp(cp_of("ｱ")), cp_of("ア"));
	assert_int_equal(jtext_fold_cp(cp_of("ｦ")), cp_of("ヲ"));
	assert_int_equal(jtext_fold_cp(cp_of("ｯ")), cp_of("ッ"));
	assert_int_equal(jtext_fold_cp(cp_of("ﾝ")), cp_of("ン"));
	assert_int_equal(jtext_fold_cp(cp_of("ｰ")), cp_of("ー"));
	assert_int_equal(jtext_fold_cp(cp_of("｡")), cp_of("。"));
	assert_int_equal(jtext_fold_cp(0x3000), ' ');
	assert_int_equal(jtext_fold_cp(cp_of("福")), cp_of("福"));
	assert_int_equal(jtext_fold_cp(cp_of("ア")), cp_of("ア"));
	assert_int_equal(jtext_fold_cp(cp_of("É")), cp_of("é"));
}

static void test_fold_next_composes(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
		int len;
	} cases[] = {
		{ "ｶﾞ", "ガ", 6 }, { "ﾊﾟ", "パ", 6 }, { "ﾊﾞ", "バ", 6 }, { "ｳﾞ", "ヴ", 6 }, { "ﾄﾞ", "ド", 6 },
		{ "ﾂﾞ", "ヅ", 6 }, { "ﾎﾟ", "ポ", 6 }, { "ｦﾞ", "ヺ", 6 }, { "か\xE3\x82\x99", "ガ", 6 },
		{ "ひ\xE3\x82\x9A", "ピ", 6 }, { "カﾞ", "ガ", 6 }, { "ｱﾞ", "ア", 3 }, { "ｶﾟ", "カ", 3 },
		{ "ｶ", "カ", 3 }, { "ﾞ", "゛", 3 }, { "Ｂ", "b", 3 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t c;
		int n = jtext_fold_next(cases[i].in, strlen(cases[i].in), &c);
		assert_int_equal(n, cases[i].len);
		assert_int_equal(c, cp_of(cases[i].want));
	}
}

static void test_classes(void **state)
{
	(void)state;
	const char *words[] = { "a", "Z", "0", "福", "ア", "ー", "々", "〇", "ヴ", "é", "Ⅰ", "㈱", "𠮷" };
	const char *seps[] = { " ", "-", "_", "\"", "*", "(", ":", "、", "。", "・", "「", "」", "『", "』", "【", "】",
			       "〔", "〕", "〈", "〉", "《", "》", "〜", "…", "※", "○", "■", "★", "①", "→", "¥", "\xC2\xA0" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		assert_int_equal(jtext_class_of(jtext_fold_cp(cp_of(words[i]))), JTEXT_WORD);
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		assert_int_equal(jtext_class_of(jtext_fold_cp(cp_of(seps[i]))), JTEXT_SEP);
	/* full-width punctuation folds to ASCII punctuation */
	const char *fw[] = { "！", "？", "：", "；", "，", "．", "（", "）", "［", "］", "｛", "｝", "＂", "　" };
	for (size_t i = 0; i < sizeof fw / sizeof fw[0]; i++)
		assert_int_equal(jtext_class_of(jtext_fold_cp(cp_of(fw[i]))), JTEXT_SEP);
	assert_int_equal(jtext_class_of(0xFE00), JTEXT_IGNORE);
	assert_int_equal(jtext_class_of(0xE0100), JTEXT_IGNORE);
	assert_int_equal(jtext_class_of(0x200D), JTEXT_IGNORE);
	assert_int_equal(jtext_class_of(JTEXT_BAD), JTEXT_SEP);
}

/* Tokens as "tok@start-end" joined by spaces. */
struct toks {
	char s[1024];
	size_t n;
};

static int collect(void *ctx, const char *tok, int ntok, int start, int end)
{
	struct toks *t = ctx;
	int w = snprintf(t->s + t->n, sizeof t->s - t->n, "%s%.*s@%d-%d", t->n ? " " : "", ntok, tok, start, end);
	t->n += (size_t)w;
	return 0;
}

static const char *toks(const char *s, int query)
{
	static struct toks t;	/* test only: single-threaded */
	memset(&t, 0, sizeof t);
	assert_int_equal(jtext_bigrams(s, strlen(s), query, collect, &t), 0);
	return t.s;
}

static int stop_after_two(void *ctx, const char *tok, int ntok, int start, int end)
{
	(void)tok, (void)ntok, (void)start, (void)end;
	int *n = ctx;
	return ++*n == 2 ? 99 : 0;
}

static void test_bigrams(void **state)
{
	(void)state;
	assert_string_equal(toks("福祉", 0), "福祉@0-6 祉@3-6");
	assert_string_equal(toks("福祉", 1), "福祉@0-6");
	assert_string_equal(toks("福", 0), "福@0-3");
	assert_string_equal(toks("福", 1), "福@0-3");
	assert_string_equal(toks("abc・de", 0), "ab@0-2 bc@1-3 c@2-3 de@6-8 e@7-8");
	assert_string_equal(toks("abc・de", 1), "ab@0-2 bc@1-3 c@2-3 de@6-8");
	assert_string_equal(toks("Ab x", 1), "ab@0-2 b@1-2 x@3-4");
	assert_string_equal(toks("まち・づくり", 1), "マチ@0-6 チ@3-6 ヅク@9-15 クリ@12-18");
	assert_string_equal(toks("まち・づくり", 0), "マチ@0-6 チ@3-6 ヅク@9-15 クリ@12-18 リ@15-18");
	/* the last segment stays last when separators follow it */
	assert_string_equal(toks("福祉、", 1), "福祉@0-6");
	assert_string_equal(toks("、、福祉。", 0), "福祉@6-12 祉@9-12");
	/* offsets point at the original text: half-width kana with composed dakuten */
	assert_string_equal(toks("ｶﾞｲﾄﾞ", 0), "ガイ@0-9 イド@6-15 ド@9-15");
	assert_string_equal(toks("ＡＢ", 0), "ab@0-6 b@3-6");
	/* a variation selector neither splits nor shows in tokens */
	assert_string_equal(toks("葛\xEF\xB8\x80飾", 0), "葛飾@0-9 飾@6-9");
	assert_string_equal(toks("", 0), "");
	assert_string_equal(toks("・、 ", 1), "");
	assert_string_equal(toks("ﾞ", 0), "");
	/* invalid bytes separate */
	assert_string_equal(toks("ab\xFF" "cd", 0), "ab@0-2 b@1-2 cd@3-5 d@4-5");
	int n = 0;
	assert_int_equal(jtext_bigrams("abcdef", 6, 0, stop_after_two, &n), 99);
	assert_int_equal(n, 2);
}

static void test_kana(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(jtext_kana(a, "みどりの かい"), "ミドリノ　カイ");
	assert_string_equal(jtext_kana(a, "ﾐﾄﾞﾘﾉｶｲ"), "ミドリノカイ");
	assert_string_equal(jtext_kana(a, "  ＮＰＯ　　ほうじん  "), "NPO　ホウジン");
	assert_string_equal(jtext_kana(a, "ｳﾞｧｲｵﾘﾝ"), "ヴァイオリン");
	assert_string_equal(jtext_kana(a, "ゔぁいおりん"), "ヴァイオリン");
	assert_string_equal(jtext_kana(a, "ミドリ・ノ・カイ"), "ミドリ・ノ・カイ");
	assert_string_equal(jtext_kana(a, "ｽｰﾊﾟｰ 21"), "スーパー　21");
	assert_string_equal(jtext_kana(a, "か\xE3\x82\x99くしゅう"), "ガクシュウ");
	assert_string_equal(jtext_kana(a, "Abc１２３"), "Abc123");
	assert_string_equal(jtext_kana(a, ""), "");
	assert_string_equal(jtext_kana(a, " 　 "), "");
	assert_null(jtext_kana(a, "緑の会"));
	assert_null(jtext_kana(a, "ミドリ!"));
	assert_null(jtext_kana(a, "ミドリ（カイ）"));
	assert_null(jtext_kana(a, "ミドリ\tカイ"));
	assert_null(jtext_kana(a, "ミドリ\xFF"));
	assert_null(jtext_kana(a, "ﾞ"));
	arena_free(a);
}

static void test_phone(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(jtext_phone(a, "03-1234-5678"), "03-1234-5678");
	assert_string_equal(jtext_phone(a, "０３－１２３４－５６７８"), "03-1234-5678");
	assert_string_equal(jtext_phone(a, "03ー1234−5678"), "03-1234-5678");
	assert_string_equal(jtext_phone(a, "03‐1234ｰ5678"), "03-1234-5678");
	assert_string_equal(jtext_phone(a, "03(1234)5678"), "03(1234)5678");
	assert_string_equal(jtext_phone(a, "（０３）１２３４－５６７８"), "(03)1234-5678");
	assert_string_equal(jtext_phone(a, " 090 1234 5678　"), "090-1234-5678");
	assert_string_equal(jtext_phone(a, "0312345678"), "0312345678");
	assert_string_equal(jtext_phone(a, "09012345678"), "09012345678");
	assert_string_equal(jtext_phone(a, "0120-123-456"), "0120-123-456");
	const char *bad[] = { "", "123-4567", "13-1234-5678", "03-1234-567", "090-1234-56789", "03--1234-5678",
			      "-03-1234-5678", "03-1234-5678-", "03-1234-567a", "+81-3-1234-5678", "(03))1234-5678",
			      "03)1234(5678", "()0312345678", "03(1234-5678", "０３・１２３４・５６７８", "電話03-1234-5678" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (jtext_phone(a, bad[i]))
			fail_msg("accepted phone %s", bad[i]);
	}
	arena_free(a);
}

static void test_postal(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(jtext_postal(a, "1234567"), "123-4567");
	assert_string_equal(jtext_postal(a, "123-4567"), "123-4567");
	assert_string_equal(jtext_postal(a, "〒123-4567"), "123-4567");
	assert_string_equal(jtext_postal(a, " 〒 １２３－４５６７　"), "123-4567");
	assert_string_equal(jtext_postal(a, "１２３ー４５６７"), "123-4567");
	const char *bad[] = { "", "〒", "123456", "12345678", "12-34567", "1234-567", "123-45678", "123--4567",
			      "123 4567", "abc-defg", "〒〒123-4567", "123-4567〒" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (jtext_postal(a, bad[i]))
			fail_msg("accepted postal %s", bad[i]);
	}
	arena_free(a);
}

static void test_email(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(jtext_email(a, "taro@example.jp"), "taro@example.jp");
	assert_string_equal(jtext_email(a, "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"), "taro@example.jp");
	assert_string_equal(jtext_email(a, "  Taro.Yamada+kyodo@mail.example.co.jp　"),
			    "Taro.Yamada+kyodo@mail.example.co.jp");
	assert_string_equal(jtext_email(a, "taro..@docomo.ne.jp"), "taro..@docomo.ne.jp");
	const char *bad[] = { "", "taro", "taro@@example.jp", "@example.jp", "taro@example", "taro@.example.jp",
			      "taro@example.jp.", "taro@example..jp", "ta ro@example.jp", "taro<x>@example.jp",
			      "\"taro\"@example.jp", "太郎@example.jp", "taro@exa_mple.jp", "taro@example.jp\n",
			      "a@b@example.jp", "taro@", "taro,jiro@example.jp" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (jtext_email(a, bad[i]))
			fail_msg("accepted email %s", bad[i]);
	}
	arena_free(a);
}

static void test_uint(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		long long want;
	} ok[] = {
		{ "0", 0 }, { "1234", 1234 }, { "1,234", 1234 }, { "１，２３４", 1234 }, { " 12 ", 12 },
		{ "2,939,417", 2939417 }, { "９", 9 }, { "9223372036854775807", 9223372036854775807LL },
		{ "123,456", 123456 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		long long v = -1;
		assert_int_equal(jtext_uint(ok[i].in, &v), 0);
		assert_true(v == ok[i].want);
	}
	const char *bad[] = { "", " ", "-1", "+1", "1.5", "12,34", ",123", "123,", "1,2345", "1234,567",
			      "9223372036854775808", "99999999999999999999", "1 234", "一", "12a" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long long v = 42;
		if (jtext_uint(bad[i], &v) != -1)
			fail_msg("accepted number %s", bad[i]);
		assert_true(v == 42);
	}
}

static void test_corp_number(void **state)
{
	(void)state;
	assert_true(jtext_corp_number_valid("7000012050002"));	/* 国税庁 */
	assert_true(jtext_corp_number_valid("1180301018771"));
	/* every one-digit change of a valid number is caught */
	char s[14] = "7000012050002";
	for (int i = 0; i < 13; i++) {
		char keep = s[i];
		s[i] = (char)('0' + (keep - '0' + 1) % 10);
		assert_false(jtext_corp_number_valid(s));
		s[i] = keep;
	}
	assert_false(jtext_corp_number_valid("700001205000"));
	assert_false(jtext_corp_number_valid("70000120500021"));
	assert_false(jtext_corp_number_valid("70000120500a2"));
	assert_false(jtext_corp_number_valid("７000012050002"));
	assert_false(jtext_corp_number_valid(""));
	assert_false(jtext_corp_number_valid(NULL));
}

static void test_lgcode(void **state)
{
	(void)state;
	assert_true(jtext_lgcode_valid("131016"));	/* 千代田区 */
	assert_true(jtext_lgcode_valid("271004"));	/* 大阪市 */
	assert_true(jtext_lgcode_valid("011002"));	/* 札幌市 */
	assert_true(jtext_lgcode_valid("990019"));	/* the demo city */
	assert_false(jtext_lgcode_valid("131017"));
	assert_false(jtext_lgcode_valid("131026"));
	assert_false(jtext_lgcode_valid("990018"));
	assert_false(jtext_lgcode_valid("13101"));
	assert_false(jtext_lgcode_valid("1310160"));
	assert_false(jtext_lgcode_valid("13a016"));
	assert_false(jtext_lgcode_valid(NULL));
}

static void test_fts_match(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "福祉", "\"福祉\"" },
		{ "福", "\"福\" *" },
		{ "ｶﾞ", "\"ｶﾞ\" *" },
		{ "福祉 陶芸", "\"福祉\" \"陶芸\"" },
		{ "　福祉　　陶 ", "\"福祉\" \"陶\" *" },
		{ "まち・福", "\"まち・福\" *" },
		{ "福・まち", "\"福・まち\"" },
		{ "a\"b", "\"a\"\"b\" *" },
		{ "\"福祉\" OR \"陶芸\"", "\"\"\"福祉\"\"\" \"OR\" \"\"\"陶芸\"\"\"" },
		{ "NEAR(福祉", "\"NEAR(福祉\"" },
		{ "name:福祉", "\"name:福祉\"" },
		{ "福祉*", "\"福祉*\"" },
		{ "^福", "\"^福\" *" },
		{ "* ( ) : \" 、。！", "" },
		{ "", "" },
		{ "   ", "" },
		{ "福\xFF祉", "\"福 祉\" *" },
		{ "a b c d e f g h i j", "\"a\" * \"b\" * \"c\" * \"d\" * \"e\" * \"f\" * \"g\" * \"h\" *" },
		{ "、 a", "\"a\" *" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = jtext_fts_match(a, cases[i].in);
		assert_non_null(got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("fts_match(%s) = [%s], want [%s]", cases[i].in, got, cases[i].want);
	}
	/* a term is cut to 64 characters on a character boundary */
	char longq[4 * 70 + 1] = "";
	for (int i = 0; i < 70; i++)
		strcat(longq, "福");
	const char *got = jtext_fts_match(a, longq);
	assert_int_equal(strlen(got), 2 + 64 * 3);
	/* …and cut so that its last segment is one character: a prefix query */
	char cut[4 * 70 + 1] = "";
	for (int i = 0; i < 62; i++)
		strcat(cut, "a");
	strcat(cut, "・福祉");
	got = jtext_fts_match(a, cut);
	assert_string_equal(got + strlen(got) - 9, "・福\" *");
	arena_free(a);
}

/* What a text field may hold: no bidi controls, no control characters on one line, and
 * something visible. */
static void test_text_problem(void **state)
{
	(void)state;
	assert_null(jtext_text_problem(NULL, 0));
	assert_null(jtext_text_problem("", 0));
	assert_null(jtext_text_problem("みどり野 子ども食堂", 0));
	assert_null(jtext_text_problem("①㈱髙橋", 0));
	assert_null(jtext_text_problem("一行目\r\n二行目\tタブ", 1));
	assert_non_null(jtext_text_problem("\u200B", 0));
	assert_non_null(jtext_text_problem("\u200B\u3000 \u2060\uFEFF", 0));
	assert_non_null(jtext_text_problem("abc\u202Edcba", 0));
	assert_non_null(jtext_text_problem("a\u2066b", 1));
	assert_non_null(jtext_text_problem("a\u200Fb", 0));
	assert_non_null(jtext_text_problem("二\n行", 0));
	assert_non_null(jtext_text_problem("a\x01", 1));
	assert_non_null(jtext_text_problem("\xff", 0));
	/* joiners inside visible text are fine (emoji sequences, variation selectors) */
	assert_null(jtext_text_problem("葛\U000E0100飾", 0));
	assert_true(jtext_is_blank(NULL));
	assert_true(jtext_is_blank(" \u3000\u200B"));
	assert_false(jtext_is_blank(" a "));
}

/* rev7: blanks that render as nothing but are not in the invisible table — the Braille
 * pattern blank (U+2800, the usual "empty name" trick), the interlinear annotation
 * controls (U+FFF9–U+FFFB, format characters) and the shorthand format controls
 * (U+1BCA0–U+1BCA3): a name made only of them is accepted today. */
static void test_text_problem_other_blanks(void **state)
{
	(void)state;
	assert_non_null(jtext_text_problem("\u2800", 0));
	assert_non_null(jtext_text_problem("\u2800\u2800\u3000", 0));
	assert_non_null(jtext_text_problem("\uFFF9", 0));
	assert_non_null(jtext_text_problem("\U0001BCA0", 0));
	assert_null(jtext_text_problem("\u2801", 0));	/* a Braille letter is visible */
	/* the rest of the table's additions, and what stays visible */
	assert_non_null(jtext_text_problem("\uFFFB\U0001BCA3", 0));
	assert_non_null(jtext_text_problem("\U00016FE4", 0));
	assert_non_null(jtext_text_problem("\U0001D159\U0001D159", 0));
	assert_non_null(jtext_text_problem("\U000E0FFF", 0));	/* default-ignorable to the plane's end */
	assert_null(jtext_text_problem("\uFFFC", 0));	/* the object replacement draws a box */
	assert_null(jtext_text_problem("\U000133FC", 0));	/* a hieroglyph of three strokes */
	assert_null(jtext_text_problem("\u2800名前", 0));	/* a blank beside visible text is text */
}

/* What a log line or a screen shows of a name a stranger typed. */
static void test_visible(void **state)
{
	(void)state;
	char out[64];
	assert_string_equal(jtext_visible("\u202Enimda", out, sizeof out), "\u27E8U+202E\u27E9nimda");
	assert_string_equal(jtext_visible("a\x1b[2Jb\u200B", out, sizeof out), "a\u27E8U+001B\u27E9[2Jb\u27E8U+200B\u27E9");
	assert_string_equal(jtext_visible("\xC3(\uFFFD", out, sizeof out), "\u27E80xC3\u27E9(\uFFFD");
	assert_string_equal(jtext_visible("協働 の会", out, sizeof out), "協働 の会");
	char small[16];
	assert_string_equal(jtext_visible("abcdefghijklmnopqrstuvwxyz", small, sizeof small), "abcdefghijkl\u2026");
	assert_string_equal(jtext_visible(NULL, out, sizeof out), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_next_composes),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_bigrams),
		cmocka_unit_test(test_kana),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_postal),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_corp_number),
		cmocka_unit_test(test_lgcode),
		cmocka_unit_test(test_fts_match),
		cmocka_unit_test(test_text_problem),
		cmocka_unit_test(test_text_problem_other_blanks),
		cmocka_unit_test(test_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
