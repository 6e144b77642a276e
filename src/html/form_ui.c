/* form_ui: the one form component (see form_ui.h for what it guarantees and how to use
 * it). Markup follows the Digital Agency's design system: label, hint, error, control;
 * checkboxes and radios beside their labels; the error summary at the top. */
#include "html/form_ui.h"
#include "html/html.h"
#include "html/layout.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

#define FORM_UI_ID_MAX 160

void form_ui_init(struct form_ui *f, struct req *r, struct buf *b, const struct problems *errors)
{
	memset(f, 0, sizeof *f);
	f->r = r;
	f->b = b;
	f->errors = errors;
	f->posted = problems_any(errors);
	f->csrf = r->csrf;
	f->idp = "";
}

void form_ui_id(const struct form_ui *f, const char *name, char *out, size_t n)
{
	snprintf(out, n, "f-%s%s", f->idp ? f->idp : "", name ? name : "");
}

const char *form_ui_value(const struct form_ui *f, const char *name, const char *stored)
{
	if (f->posted) {
		const char *v = name ? req_form(f->r, name) : NULL;
		return v ? v : "";
	}
	return stored ? stored : "";
}

static const char *form_ui_error(const struct form_ui *f, const char *name)
{
	const char *e = problems_of(f->errors, name);
	return e ? T(f->r, e) : NULL;
}

/* ---- the error summary ---- */

void form_ui_summary(struct form_ui *f)
{
	struct req *r = f->r;
	struct buf *b = f->b;
	if (!problems_any(f->errors))
		return;
	const struct problems *e = f->errors;
	html_printf(b, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\n"
		       "<h2 class=\"error-summary__title\" id=\"error-summary-title\">");
	html_printf(b, T(r, "Please check what you entered: %d to correct."), e->n);
	buf_puts(b, "</h2>\n<ul class=\"error-summary__list\">\n");
	for (int i = 0; i < e->n; i++) {
		const char *msg = T(r, e->p[i].msgid);
		if (!e->p[i].field) {
			html_printf(b, "<li>%s</li>\n", msg);
			continue;
		}
		char id[FORM_UI_ID_MAX];
		form_ui_id(f, e->p[i].field, id, sizeof id);
		html_printf(b, "<li><a href=\"#%s\">%s</a></li>\n", id, msg);
	}
	buf_puts(b, "</ul>\n</div>\n");
}

void form_ui_required_note(struct form_ui *f)
{
	html_printf(f->b, "<p class=\"form-note\"><span class=\"form-required\">%s</span> %s</p>\n",
		    T(f->r, "Required"), T(f->r, "marks the items you must fill in."));
}

/* ---- forms ---- */

void form_ui_open(struct form_ui *f, const char *action, const char *cls)
{
	html_printf(f->b, "<form class=\"form%S%S\" method=\"post\" action=\"%s\" novalidate>\n", cls ? " " : "",
		    cls ? cls : "", action);
	if (f->csrf)
		html_printf(f->b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", f->csrf);
}

void form_ui_open_get(struct form_ui *f, const char *action, const char *cls, const char *search_label)
{
	html_printf(f->b, "<form class=\"form%S%S\" method=\"get\" action=\"%s\"", cls ? " " : "", cls ? cls : "",
		    action);
	if (search_label)
		html_printf(f->b, " role=\"search\" aria-label=\"%s\"", search_label);
	buf_puts(f->b, ">\n");
}

void form_ui_hidden(struct form_ui *f, const char *name, const char *value)
{
	/* %a: the value comes back exactly, with no raw control or bidi control in the page */
	html_printf(f->b, "<input type=\"hidden\" name=\"%s\" value=\"%a\">\n", name, value ? value : "");
}

void form_ui_close(struct form_ui *f)
{
	buf_puts(f->b, "</form>\n");
}

void form_ui_group_open(struct form_ui *f, const char *legend, const char *hint)
{
	html_printf(f->b, "<fieldset class=\"form-group\">\n<legend class=\"form-group__legend\">%s</legend>\n", legend);
	if (hint)
		html_printf(f->b, "<p class=\"form-hint\">%s</p>\n", hint);
}

void form_ui_group_close(struct form_ui *f)
{
	buf_puts(f->b, "</fieldset>\n");
}

/* ---- the parts of a field ---- */

static void form_ui_required(struct form_ui *f, int required)
{
	if (required)
		html_printf(f->b, " <span class=\"form-required\">%s</span>", T(f->r, "Required"));
}

static void form_ui_context(struct form_ui *f, const struct form_ui_field *fd)
{
	if (fd->context && *fd->context)
		html_printf(f->b, "<span class=\"visually-hidden\"> %s</span>", fd->context);
}

/* The hint and the error paragraphs (ids id-hint, id-error). */
static void form_ui_notes(struct form_ui *f, const char *id, const char *hint, const char *error)
{
	if (hint && *hint)
		html_printf(f->b, "<p class=\"form-hint\" id=\"%s-hint\">%s</p>\n", id, hint);
	if (error)
		html_printf(f->b, "<p class=\"form-error\" id=\"%s-error\"><span class=\"visually-hidden\">%s</span>%s</p>\n",
			    id, T(f->r, "Error:"), error);
}

/* aria-describedby (hint, error) and aria-invalid. */
static void form_ui_aria(struct form_ui *f, const char *id, const char *hint, const char *error)
{
	int h = hint && *hint;
	if (h || error) {
		buf_puts(f->b, " aria-describedby=\"");
		if (h)
			html_printf(f->b, "%s-hint", id);
		if (error)
			html_printf(f->b, "%S%s-error", h ? " " : "", id);
		buf_puts(f->b, "\"");
	}
	if (error)
		buf_puts(f->b, " aria-invalid=\"true\"");
}

static void form_ui_field_open(struct form_ui *f, const struct form_ui_field *fd, const char *id, const char *error)
{
	html_printf(f->b, "<div class=\"form-field%S%S\">\n<label class=\"form-label%S\" for=\"%s\">%s",
		    error ? " form-field--error" : "", (fd->flags & FORM_UI_INLINE) ? " form-field--inline" : "",
		    (fd->flags & FORM_UI_LABEL_HIDDEN) ? " visually-hidden" : "", id, fd->label);
	form_ui_context(f, fd);
	form_ui_required(f, fd->required);
	buf_puts(f->b, "</label>\n");
	form_ui_notes(f, id, fd->hint, error);
}

static const char *const form_ui_types[] = {
	[FORM_UI_TEXT] = "text", [FORM_UI_NUMBER] = "text", [FORM_UI_EMAIL] = "email", [FORM_UI_TEL] = "tel",
	[FORM_UI_URL] = "url", [FORM_UI_SEARCH] = "search", [FORM_UI_PASSWORD] = "password",
};

/* The attributes every control shares: id, name, required, aria. */
static void form_ui_common(struct form_ui *f, const struct form_ui_field *fd, const char *id, const char *error)
{
	html_printf(f->b, " id=\"%s\" name=\"%s\"%S", id, fd->name, fd->required ? " required" : "");
	form_ui_aria(f, id, fd->hint, error);
}

/* ---- the fields ---- */

void form_ui_text(struct form_ui *f, const struct form_ui_field *fd)
{
	char id[FORM_UI_ID_MAX];
	form_ui_id(f, fd->name, id, sizeof id);
	const char *error = form_ui_error(f, fd->name);
	enum form_ui_type t = fd->type <= FORM_UI_PASSWORD ? fd->type : FORM_UI_TEXT;
	form_ui_field_open(f, fd, id, error);
	html_printf(f->b, "<input class=\"form-input\" type=\"%S\"", form_ui_types[t]);
	form_ui_common(f, fd, id, error);
	if (t != FORM_UI_PASSWORD)
		html_printf(f->b, " value=\"%s\"", form_ui_value(f, fd->name, fd->value));
	if (fd->maxlength > 0)
		html_printf(f->b, " maxlength=\"%d\"", fd->maxlength);
	if (fd->autocomplete)
		html_printf(f->b, " autocomplete=\"%s\"", fd->autocomplete);
	if (fd->inputmode || t == FORM_UI_NUMBER)
		html_printf(f->b, " inputmode=\"%s\"", fd->inputmode ? fd->inputmode : "numeric");
	if (t == FORM_UI_EMAIL || t == FORM_UI_URL || (fd->autocomplete && strcmp(fd->autocomplete, "username") == 0))
		buf_puts(f->b, " autocapitalize=\"none\" spellcheck=\"false\"");
	buf_puts(f->b, ">\n</div>\n");
}

void form_ui_textarea(struct form_ui *f, const struct form_ui_field *fd)
{
	char id[FORM_UI_ID_MAX];
	form_ui_id(f, fd->name, id, sizeof id);
	const char *error = form_ui_error(f, fd->name);
	form_ui_field_open(f, fd, id, error);
	html_printf(f->b, "<textarea class=\"form-textarea\" rows=\"%d\"", fd->rows > 0 ? fd->rows : 5);
	form_ui_common(f, fd, id, error);
	if (fd->maxlength > 0)
		html_printf(f->b, " maxlength=\"%d\"", fd->maxlength);
	/* A newline right after the start tag is dropped by the parser: one is written so that
	 * a value that starts with a line break keeps it. */
	html_printf(f->b, ">\n%s</textarea>\n</div>\n", form_ui_value(f, fd->name, fd->value));
}

void form_ui_select(struct form_ui *f, const struct form_ui_field *fd, const struct form_ui_option *opts, int n,
		    const char *empty_label)
{
	char id[FORM_UI_ID_MAX];
	form_ui_id(f, fd->name, id, sizeof id);
	const char *error = form_ui_error(f, fd->name);
	const char *v = form_ui_value(f, fd->name, fd->value);
	form_ui_field_open(f, fd, id, error);
	buf_puts(f->b, "<select class=\"form-select\"");
	form_ui_common(f, fd, id, error);
	buf_puts(f->b, ">\n");
	if (empty_label)
		html_printf(f->b, "<option value=\"\"%S>%s</option>\n", *v ? "" : " selected", empty_label);
	const char *group = NULL;
	for (int i = 0; i < n; i++) {
		const struct form_ui_option *o = &opts[i];
		if (group && (!o->group || strcmp(group, o->group) != 0)) {
			buf_puts(f->b, "</optgroup>\n");
			group = NULL;
		}
		if (o->group && !group) {
			html_printf(f->b, "<optgroup label=\"%s\">\n", o->group);
			group = o->group;
		}
		html_printf(f->b, "<option value=\"%s\"%S>%s</option>\n", o->value,
			    strcmp(v, o->value ? o->value : "") == 0 ? " selected" : "", o->label);
	}
	if (group)
		buf_puts(f->b, "</optgroup>\n");
	buf_puts(f->b, "</select>\n</div>\n");
}

/* One box (or radio) and its label, side by side. */
static void form_ui_box(struct form_ui *f, const char *type, const char *id, const char *name, const char *value,
			const char *label, const char *context, const char *hint, int checked, const char *described,
			int invalid)
{
	html_printf(f->b, "<div class=\"form-check\">\n<input class=\"form-check__input\" type=\"%S\" id=\"%s\" name=\"%s\" "
			  "value=\"%s\"%S",
		    type, id, name, value, checked ? " checked" : "");
	if (hint || described) {
		buf_puts(f->b, " aria-describedby=\"");
		if (described)
			html_printf(f->b, "%s", described);
		if (hint)
			html_printf(f->b, "%S%s-hint", described ? " " : "", id);
		buf_puts(f->b, "\"");
	}
	if (invalid)
		buf_puts(f->b, " aria-invalid=\"true\"");
	html_printf(f->b, ">\n<label class=\"form-check__label\" for=\"%s\">%s", id, label);
	if (context && *context)
		html_printf(f->b, "<span class=\"visually-hidden\"> %s</span>", context);
	buf_puts(f->b, "</label>\n");
	if (hint)
		html_printf(f->b, "<p class=\"form-hint form-check__hint\" id=\"%s-hint\">%s</p>\n", id, hint);
	buf_puts(f->b, "</div>\n");
}

void form_ui_checkbox(struct form_ui *f, const struct form_ui_field *fd, int checked)
{
	char id[FORM_UI_ID_MAX], desc[FORM_UI_ID_MAX + 8];
	form_ui_id(f, fd->name, id, sizeof id);
	const char *error = form_ui_error(f, fd->name);
	int on = f->posted ? req_form(f->r, fd->name) != NULL : checked;
	html_printf(f->b, "<div class=\"form-field form-field--check%S%S\">\n", error ? " form-field--error" : "",
		    (fd->flags & FORM_UI_INLINE) ? " form-field--inline" : "");
	if (error)
		html_printf(f->b, "<p class=\"form-error\" id=\"%s-error\"><span class=\"visually-hidden\">%s</span>%s</p>\n", id,
			    T(f->r, "Error:"), error);
	snprintf(desc, sizeof desc, "%s-error", id);
	/* the hint hangs under the label, as the box's own */
	form_ui_box(f, "checkbox", id, fd->name, "1", fd->label, fd->context, fd->hint && *fd->hint ? fd->hint : NULL, on,
		    error ? desc : NULL, error != NULL);
	buf_puts(f->b, "</div>\n");
}

static void form_ui_choice_group(struct form_ui *f, const struct form_ui_field *fd, const struct form_ui_choice *c,
				 int n, int radio)
{
	char id[FORM_UI_ID_MAX], desc[2 * FORM_UI_ID_MAX + 16] = "";
	form_ui_id(f, fd->name, id, sizeof id);
	const char *error = form_ui_error(f, fd->name);
	int h = fd->hint && *fd->hint;
	html_printf(f->b, "<fieldset class=\"form-field form-choices%S\"", error ? " form-field--error" : "");
	if (h || error) {
		snprintf(desc, sizeof desc, "%s%s%s%s%s", h ? id : "", h ? "-hint" : "", h && error ? " " : "",
			 error ? id : "", error ? "-error" : "");
		html_printf(f->b, " aria-describedby=\"%s\"", desc);
	}
	html_printf(f->b, ">\n<legend class=\"form-label\">%s", fd->label);
	form_ui_context(f, fd);
	form_ui_required(f, fd->required);
	buf_puts(f->b, "</legend>\n");
	form_ui_notes(f, id, fd->hint, error);
	html_printf(f->b, "<div class=\"form-checks%S\">\n", n > 6 ? " form-checks--columns" : "");
	const char *sent = radio ? form_ui_value(f, fd->name, fd->value) : NULL;
	for (int i = 0; i < n; i++) {
		char cid[FORM_UI_ID_MAX + 16];
		/* the first box carries the group's id: the error summary's link lands on it */
		if (i == 0)
			snprintf(cid, sizeof cid, "%s", id);
		else
			snprintf(cid, sizeof cid, "%s-%d", id, i + 1);
		const char *name = !radio && c[i].name ? c[i].name : fd->name;
		const char *value = c[i].value ? c[i].value : "1";
		int on = radio ? strcmp(sent, value) == 0
			       : (f->posted ? req_form(f->r, name) != NULL : c[i].checked);
		form_ui_box(f, radio ? "radio" : "checkbox", cid, name, value, c[i].label, NULL, c[i].hint, on, NULL,
			    error != NULL);
	}
	buf_puts(f->b, "</div>\n</fieldset>\n");
}

void form_ui_checkboxes(struct form_ui *f, const struct form_ui_field *fd, const struct form_ui_choice *c, int n)
{
	form_ui_choice_group(f, fd, c, n, 0);
}

void form_ui_radios(struct form_ui *f, const struct form_ui_field *fd, const struct form_ui_choice *c, int n)
{
	form_ui_choice_group(f, fd, c, n, 1);
}

/* ---- buttons ---- */

void form_ui_submit(struct form_ui *f, const char *label, const char *cancel_href, const char *cancel_label)
{
	html_printf(f->b, "<div class=\"form-actions\">\n<button type=\"submit\" class=\"button\">%s</button>\n", label);
	if (cancel_href)
		html_printf(f->b, "<a class=\"form-actions__cancel\" href=\"%s\">%s</a>\n", cancel_href, cancel_label);
	buf_puts(f->b, "</div>\n");
}

void form_ui_actions(struct form_ui *f, const struct form_ui_action *a, int n)
{
	buf_puts(f->b, "<div class=\"form-actions\">\n");
	for (int i = 0; i < n; i++)
		html_printf(f->b, "<button type=\"submit\" class=\"button%S\" name=\"%s\" value=\"%s\">%s</button>\n",
			    (a[i].flags & FORM_UI_SECONDARY) ? " button--secondary" : "", a[i].name, a[i].value, a[i].label);
	buf_puts(f->b, "</div>\n");
}

void form_ui_button(struct form_ui *f, const char *action, const char *label, const char *context, unsigned flags,
		    const char *const *hidden)
{
	html_printf(f->b, "<form class=\"button-form\" method=\"post\" action=\"%s\">\n", action);
	if (f->csrf)
		html_printf(f->b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", f->csrf);
	for (int i = 0; hidden && hidden[i]; i += 2)
		form_ui_hidden(f, hidden[i], hidden[i + 1]);
	html_printf(f->b, "<button type=\"submit\" class=\"button%S\">%s", (flags & FORM_UI_SECONDARY) ? " button--secondary" : "",
		    label);
	if (context && *context)
		html_printf(f->b, "<span class=\"visually-hidden\"> %s</span>", context);
	buf_puts(f->b, "</button>\n</form>\n");
}
