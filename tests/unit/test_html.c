/* test_html: the escaping writers (src/html/html.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <string.h>
#include "html/html.h"

static void test_esc_specials(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_esc(&b, "a&b<c>d\"e'f");
	assert_string_equal(buf_cstr(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);
	html_esc(&b, "<script>alert(1)</script>");
	assert_string_equal(buf_cstr(&b), "&lt;script&gt;alert(1)&lt;/script&gt;");
	buf_reset(&b);
	html_esc(&b, "協働のまちづくり");
	assert_string_equal(buf_cstr(&b), "協働のまちづくり");
	buf_free(&b);
}

static void test_esc_null_and_empty(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_esc(&b, NULL);
	html_esc(&b, "");
	html_escn(&b, NULL, 5);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	html_escn(&b, "<ab>", 2);
	assert_string_equal(buf_cstr(&b), "&lt;a");
	buf_free(&b);
}

static void test_printf_s_and_S(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_printf(&b, "<p class=\"x\">%s</p>%S", "<b>&'\"", "<br>");
	assert_string_equal(buf_cstr(&b), "<p class=\"x\">&lt;b&gt;&amp;&#39;&quot;</p><br>");
	buf_reset(&b);
	html_printf(&b, "[%s][%S]", (const char *)NULL, (const char *)NULL);
	assert_string_equal(buf_cstr(&b), "[][]");
	buf_free(&b);
}

static void test_printf_numbers(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_printf(&b, "%d %u %ld %lld %zu 100%%", -5, 7u, 123456L, -9000000000LL, (size_t)42);
	assert_string_equal(buf_cstr(&b), "-5 7 123456 -9000000000 42 100%");
	buf_free(&b);
}

static void test_printf_yen(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_printf(&b, "%y円 %y %y %y", 2939417LL, 0LL, 999LL, -1234567LL);
	assert_string_equal(buf_cstr(&b), "2,939,417円 0 999 -1,234,567");
	buf_free(&b);
}

static void test_fmt_int(void **state)
{
	(void)state;
	char out[32];
	html_fmt_int(out, sizeof out, 1000);
	assert_string_equal(out, "1,000");
	html_fmt_int(out, sizeof out, 100);
	assert_string_equal(out, "100");
	html_fmt_int(out, sizeof out, 1234567890123LL);
	assert_string_equal(out, "1,234,567,890,123");
	html_fmt_int(out, sizeof out, LLONG_MIN);
	assert_string_equal(out, "-9,223,372,036,854,775,808");
	html_fmt_int(out, 4, 123456);	/* truncated, still terminated */
	assert_int_equal(strlen(out), 3);
}

static void test_text_br(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_text_br(&b, "a<1>\nb\r\nc");
	assert_string_equal(buf_cstr(&b), "a&lt;1&gt;<br>\nb<br>\nc");
	buf_reset(&b);
	html_text_br(&b, NULL);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_urlenc(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_urlenc(&b, "/plans/1?x=a b&c");
	assert_string_equal(buf_cstr(&b), "%2Fplans%2F1%3Fx%3Da%20b%26c");
	buf_reset(&b);
	html_urlenc(&b, "協");
	assert_string_equal(buf_cstr(&b), "%E5%8D%94");
	buf_free(&b);
}

/* %v shows what a stranger typed with its hidden characters visible; %a keeps it exact in
 * an attribute without any raw control or bidi control in the page. */
static void test_printf_visible_and_exact(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_printf(&b, "<td>%v</td>", "\u202Enimda<\u200B>\x01 \xFF\u3000");
	assert_string_equal(buf_cstr(&b),
			    "<td>\u27E8U+202E\u27E9nimda&lt;\u27E8U+200B\u27E9&gt;\u27E8U+0001\u27E9 \u27E80xFF\u27E9"
			    "\u27E8U+3000\u27E9</td>");
	buf_reset(&b);
	html_printf(&b, "value=\"%a\"", "\u202Enimda\"\u2066x\t");
	assert_string_equal(buf_cstr(&b), "value=\"&#x202E;nimda&quot;&#x2066;x&#x9;\"");
	assert_null(strstr(buf_cstr(&b), "\u202E"));
	buf_reset(&b);
	html_printf(&b, "%v|%a", "協働 の会", "協働 の会");	/* ordinary text is left alone */
	assert_string_equal(buf_cstr(&b), "協働 の会|協働 の会");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_esc_specials),
		cmocka_unit_test(test_esc_null_and_empty),
		cmocka_unit_test(test_printf_s_and_S),
		cmocka_unit_test(test_printf_visible_and_exact),
		cmocka_unit_test(test_printf_numbers),
		cmocka_unit_test(test_printf_yen),
		cmocka_unit_test(test_fmt_int),
		cmocka_unit_test(test_text_br),
		cmocka_unit_test(test_urlenc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
