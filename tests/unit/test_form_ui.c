/* test_form_ui: the form component's HTML (src/html/form_ui.c) — escaping of every piece
 * of text it writes, the aria wiring of label, hint and error, checkboxes and radios
 * beside their labels, the error summary that lists every problem with a link to its
 * input, and the rule that a rejected form shows what was sent except passwords. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "html/form_ui.h"
#include "http/form.h"
#include "util/arena.h"
#include "util/i18n.h"

struct fx {
	struct arena *a;
	struct req_inputs in;
	struct req r;
	struct buf b;
};

static int fx_setup(void **state)
{
	static struct fx f;
	memset(&f, 0, sizeof f);
	if (i18n_init() != 0)
		return -1;
	f.a = arena_new(1 << 20);
	f.r.a = f.a;
	f.r.lang = "ja";
	f.r.method = HTTP_GET;
	f.r.csrf = "tok<en>";
	f.r.impl = &f.in;
	*state = &f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	buf_free(&f->b);
	arena_free(f->a);
	return 0;
}

static const char *html(struct fx *f)
{
	return buf_cstr(&f->b);
}

static void has(struct fx *f, const char *s)
{
	if (!strstr(html(f), s)) {
		print_error("missing: %s\nin: %s\n", s, html(f));
		fail();
	}
}

static void lacks(struct fx *f, const char *s)
{
	if (strstr(html(f), s)) {
		print_error("unexpected: %s\nin: %s\n", s, html(f));
		fail();
	}
}

static void test_text_escapes_everything(void **state)
{
	struct fx *f = *state;
	struct form_ui u;
	form_ui_init(&u, &f->r, &f->b, NULL);
	form_ui_text(&u, &(struct form_ui_field){ .name = "title", .label = "<b>名前</b>", .hint = "a\"b'c",
						  .value = "\"><script>alert(1)</script>", .required = 1, .maxlength = 50 });
	has(f, "&lt;b&gt;名前&lt;/b&gt;");
	has(f, "a&quot;b&#39;c");
	has(f, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"");
	lacks(f, "<script>");
	has(f, "maxlength=\"50\"");
	has(f, " required");
	has(f, "<span class=\"form-required\">必須</span>");
	has(f, "<label class=\"form-label\" for=\"f-title\">");
	buf_reset(&f->b);
}

static void test_hint_and_error_wiring(void **state)
{
	struct fx *f = *state;
	struct problems e = { 0 };
	problems_add(&e, "kana", "Write the reading in katakana.");
	f->r.method = HTTP_POST;
	struct form_ui u;
	form_ui_init(&u, &f->r, &f->b, &e);
	form_ui_text(&u, &(struct form_ui_field){ .name = "kana", .label = "カナ", .hint = "全角カタカナ" });
	has(f, "<p class=\"form-hint\" id=\"f-kana-hint\">全角カタカナ</p>");
	has(f, "id=\"f-kana-error\"");
	has(f, "読みはカタカナで入力してください。");	/* the msgid, translated */
	has(f, "aria-describedby=\"f-kana-hint f-kana-error\"");
	has(f, "aria-invalid=\"true\"");
	has(f, "form-field--error");
	buf_reset(&f->b);
	/* without an error: only the hint, no aria-invalid */
	form_ui_text(&u, &(struct form_ui_field){ .name = "name", .label = "団体名", .hint = "正式名称" });
	has(f, "aria-describedby=\"f-name-hint\"");
	lacks(f, "aria-invalid");
	buf_reset(&f->b);
	/* neither: no describedby at all */
	form_ui_text(&u, &(struct form_ui_field){ .name = "x", .label = "X" });
	lacks(f, "aria-describedby");
	buf_reset(&f->b);
	f->r.method = HTTP_GET;
}

static void test_summary_lists_every_problem(void **state)
{
	struct fx *f = *state;
	struct problems e = { 0 };
	problems_add(&e, "kind", "Choose the kind of group.");
	problems_add(&e, "name", "Write the group's name.");
	problems_add(&e, "kana", "Write the reading of the name in katakana.");
	problems_add(&e, "login", "<not a msgid>");
	problems_add(&e, NULL, "Many applications are arriving just now. Please try again in an hour.");
	problems_add(&e, "name", "Write the group's name.");	/* the same twice: once */
	assert_int_equal(e.n, 5);
	struct form_ui u;
	form_ui_init(&u, &f->r, &f->b, &e);
	u.idp = "new-";
	form_ui_summary(&u);
	has(f, "role=\"alert\"");
	has(f, "5件");
	has(f, "<a href=\"#f-new-kind\">");
	has(f, "<a href=\"#f-new-name\">");
	has(f, "<a href=\"#f-new-kana\">");
	has(f, "<a href=\"#f-new-login\">&lt;not a msgid&gt;</a>");
	has(f, "<li>ただいま申請が集中しています");	/* a problem of the whole form: no link */
	buf_reset(&f->b);
	/* nothing at all without problems */
	form_ui_init(&u, &f->r, &f->b, NULL);
	form_ui_summary(&u);
	assert_int_equal(f->b.len, 0);
}

static void test_posted_values_kept_except_passwords(void **state)
{
	struct fx *f = *state;
	f->r.method = HTTP_POST;
	assert_int_equal(form_add(f->a, &f->in.form, "title", "送った<題>"), 0);
	assert_int_equal(form_add(f->a, &f->in.form, "password", "secret-value-123"), 0);
	assert_int_equal(form_add(f->a, &f->in.form, "notes", "一行目\n二行目"), 0);
	assert_int_equal(form_add(f->a, &f->in.form, "dept", "2"), 0);
	struct problems e = { 0 };
	problems_add(&e, "title", "An item needs a title (at most 1000 bytes).");
	struct form_ui u;
	form_ui_init(&u, &f->r, &f->b, &e);
	assert_true(u.posted);
	form_ui_text(&u, &(struct form_ui_field){ .name = "title", .label = "題", .value = "保存済み" });
	form_ui_text(&u, &(struct form_ui_field){ .name = "password", .label = "PW", .type = FORM_UI_PASSWORD,
						  .value = "never" });
	form_ui_textarea(&u, &(struct form_ui_field){ .name = "notes", .label = "メモ", .value = "古い" });
	const struct form_ui_option opts[] = { { "1", "企画政策課", NULL }, { "2", "協働推進課", NULL } };
	form_ui_select(&u, &(struct form_ui_field){ .name = "dept", .label = "担当課", .value = "1" }, opts, 2, "（なし）");
	has(f, "value=\"送った&lt;題&gt;\"");
	lacks(f, "保存済み");
	lacks(f, "secret-value-123");
	lacks(f, "never");
	has(f, "type=\"password\"");
	has(f, ">\n一行目\n二行目</textarea>");
	has(f, "<option value=\"2\" selected>協働推進課</option>");
	has(f, "<option value=\"1\">企画政策課</option>");
	buf_reset(&f->b);
	/* a form that was not the one rejected shows the stored values */
	form_ui_init(&u, &f->r, &f->b, NULL);
	form_ui_text(&u, &(struct form_ui_field){ .name = "title", .label = "題", .value = "保存済み" });
	has(f, "value=\"保存済み\"");
	buf_reset(&f->b);
	f->r.method = HTTP_GET;
	memset(&f->in.form, 0, sizeof f->in.form);
}

static void test_checkbox_beside_label(void **state)
{
	struct fx *f = *state;
	struct form_ui u;
	form_ui_init(&u, &f->r, &f->b, NULL);
	form_ui_checkbox(&u, &(struct form_ui_field){ .name = "stale", .label = "確認が必要な<団体>だけ" }, 1);
	/* the box first, then its label, in one row */
	has(f, "<div class=\"form-check\">\n<input class=\"form-check__input\" type=\"checkbox\" id=\"f-stale\" "
	       "name=\"stale\" value=\"1\" checked>\n<label class=\"form-check__label\" for=\"f-stale\">確認が必要な&lt;団体&gt;だけ</label>");
	buf_reset(&f->b);
}

static void test_groups_link_first_box(void **state)
{
	struct fx *f = *state;
	struct problems e = { 0 };
	problems_add(&e, "decision", "Choose whether to approve or to send back.");
	f->r.method = HTTP_POST;
	assert_int_equal(form_add(f->a, &f->in.form, "npo_3", "1"), 0);
	struct form_ui u;
	form_ui_init(&u, &f->r, &f->b, &e);
	const struct form_ui_choice radios[] = { { "approve", "承認", NULL, 0, NULL }, { "return", "差し戻し", NULL, 0, "理由を書く" } };
	form_ui_radios(&u, &(struct form_ui_field){ .name = "decision", .label = "判断", .required = 1, .value = "return" },
		       radios, 2);
	has(f, "<fieldset class=\"form-field form-choices form-field--error\" aria-describedby=\"f-decision-error\">");
	has(f, "<legend class=\"form-label\">判断 <span class=\"form-required\">必須</span></legend>");
	has(f, "type=\"radio\" id=\"f-decision\" name=\"decision\" value=\"approve\" aria-invalid=\"true\">");
	has(f, "id=\"f-decision-2\" name=\"decision\" value=\"return\" aria-describedby=\"f-decision-2-hint\" aria-invalid=\"true\">");
	lacks(f, " checked");	/* posted: nothing was sent for decision */
	buf_reset(&f->b);
	const struct form_ui_choice boxes[] = { { NULL, "保健", "npo_1", 1, NULL }, { NULL, "社会教育", "npo_2", 1, NULL },
						{ NULL, "まちづくり", "npo_3", 0, NULL } };
	form_ui_checkboxes(&u, &(struct form_ui_field){ .name = "npo", .label = "活動分野" }, boxes, 3);
	has(f, "id=\"f-npo\" name=\"npo_1\" value=\"1\">");	/* stored ticks give way to what was sent */
	has(f, "id=\"f-npo-3\" name=\"npo_3\" value=\"1\" checked>");
	buf_reset(&f->b);
	f->r.method = HTTP_GET;
	memset(&f->in.form, 0, sizeof f->in.form);
	form_ui_init(&u, &f->r, &f->b, NULL);
	form_ui_radios(&u, &(struct form_ui_field){ .name = "decision", .label = "判断", .value = "return" }, radios, 2);
	has(f, "value=\"return\" checked aria-describedby=\"f-decision-2-hint\">");
	buf_reset(&f->b);
}

static void test_open_and_button_forms(void **state)
{
	struct fx *f = *state;
	struct form_ui u;
	form_ui_init(&u, &f->r, &f->b, NULL);
	form_ui_open(&u, "/a?x=1&y=\"2\"", "filter-form");
	has(f, "<form class=\"form filter-form\" method=\"post\" action=\"/a?x=1&amp;y=&quot;2&quot;\" novalidate>");
	has(f, "name=\"csrf\" value=\"tok&lt;en&gt;\"");
	form_ui_close(&u);
	buf_reset(&f->b);
	const char *hidden[] = { "dept", "<3>", NULL };
	form_ui_button(&u, "/plans/1/years/2024/submit", "提出", "企画<課>", FORM_UI_SECONDARY, hidden);
	has(f, "<input type=\"hidden\" name=\"dept\" value=\"&lt;3&gt;\">");
	has(f, "class=\"button button--secondary\">提出<span class=\"visually-hidden\"> 企画&lt;課&gt;</span></button>");
	buf_reset(&f->b);
	form_ui_open_get(&u, "/groups", "search-form", "団体を<検索>");
	has(f, "method=\"get\" action=\"/groups\" role=\"search\" aria-label=\"団体を&lt;検索&gt;\"");
	lacks(f, "csrf");
	buf_reset(&f->b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes_everything),
		cmocka_unit_test(test_hint_and_error_wiring),
		cmocka_unit_test(test_summary_lists_every_problem),
		cmocka_unit_test(test_posted_values_kept_except_passwords),
		cmocka_unit_test(test_checkbox_beside_label),
		cmocka_unit_test(test_groups_link_first_box),
		cmocka_unit_test(test_open_and_button_forms),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
