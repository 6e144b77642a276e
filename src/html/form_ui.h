/* form_ui: the one form component of Kyodo. Every form on every screen is built with it,
 * so that all forms look and behave alike (the Digital Agency's pattern):
 *   - each input has its label above it, an optional hint, its error beside it and a
 *     "必須" mark when required, tied together with aria-describedby and aria-invalid;
 *   - a checkbox or a radio button sits BESIDE its label, with a large target;
 *   - after a rejected POST, an error summary at the top lists EVERY problem of the form
 *     (domain/problems.h), each a link to its input, and the form keeps everything the
 *     person typed — except passwords, which are never written back into a page;
 *   - the CSRF token of the session is in every POST form.
 *
 * How to build a form (the handler of GET and of a rejected POST call the same page
 * function; errors is NULL on GET, the collected problems after a rejected POST):
 *
 *     struct form_ui f;
 *     form_ui_init(&f, r, b, errors);          // posted values are shown when errors has any
 *     form_ui_summary(&f);                     // at the top of the page, before any form
 *     form_ui_open(&f, "/plans", NULL);        // <form method=post novalidate> + CSRF
 *     form_ui_text(&f, &(struct form_ui_field){ .name = "title", .label = T(r, "Title"),
 *                                               .value = stored, .required = 1 });
 *     form_ui_select(&f, &(struct form_ui_field){ .name = "department", .label = … },
 *                    options, n, T(r, "(none)"));
 *     form_ui_submit(&f, T(r, "Save"), "/plans", T(r, "Cancel"));
 *     form_ui_close(&f);
 *
 * and the POST handler collects every problem before answering:
 *
 *     struct problems e = { 0 };
 *     plan_item_check(p, &in, &e);             // a domain check adds one entry per problem
 *     if (problems_any(&e)) { o->status = 422; page(r, o, &e); return 0; }
 *
 * Inputs are named as the form posts them; an input's id is "f-" + the form's id prefix
 * (idp, for a page with several forms that share input names) + its name, and the error
 * summary links to that id. A group of checkboxes or radios links to its first box.
 * Labels, hints and legends are plain text the caller has translated (T()); they are
 * escaped here. Error messages are msgids, translated here (an already translated text
 * passes through unchanged). Nothing here reads the database. */
#ifndef KYODO_FORM_UI_H
#define KYODO_FORM_UI_H
#include "http/http.h"
#include "domain/problems.h"

struct form_ui {
	struct req *r;
	struct buf *b;
	const struct problems *errors;	/* NULL, or the problems of this form as submitted */
	int posted;		/* show the values as sent: set when errors has any */
	const char *csrf;	/* written by form_ui_open; the session's (r->csrf) by default */
	const char *idp;	/* id prefix: ids are "f-" idp name; "" by default */
};

enum form_ui_type {
	FORM_UI_TEXT,
	FORM_UI_NUMBER,		/* a text input with the numeric keyboard (accepts 全角 digits) */
	FORM_UI_EMAIL,
	FORM_UI_TEL,
	FORM_UI_URL,
	FORM_UI_SEARCH,
	FORM_UI_PASSWORD,	/* never shows a value */
};

enum form_ui_flags {
	FORM_UI_LABEL_HIDDEN = 1 << 0,	/* the label is for screen readers only (a row of a table) */
	FORM_UI_INLINE = 1 << 1,	/* no bottom margin: a field inside a one-line form */
	FORM_UI_SECONDARY = 1 << 2,	/* buttons: the quieter style */
};

struct form_ui_field {
	const char *name;	/* the input's name (also its id, after "f-" and idp) */
	const char *label;	/* plain text, translated */
	const char *hint;	/* plain text, translated, or NULL */
	const char *value;	/* the stored value, shown on GET; after a rejected POST the sent one */
	enum form_ui_type type;
	int required;		/* the "必須" mark and the required attribute */
	int maxlength;		/* 0: none */
	int rows;		/* textareas: visible lines (default 5) */
	const char *autocomplete, *inputmode;	/* NULL: none */
	const char *context;	/* words for screen readers after the label ("rule 3") */
	unsigned flags;		/* enum form_ui_flags */
};

/* A choice of a radio group or a checkbox group. */
struct form_ui_choice {
	const char *value;	/* radios: the value sent; checkboxes: "1" when NULL */
	const char *label;	/* plain text, translated */
	const char *name;	/* checkboxes: the box's own name (NULL: the group's name) */
	int checked;		/* checkboxes: the stored state (radios compare the field's value) */
	const char *hint;	/* a line under the label, or NULL */
};

/* An option of a select; consecutive options with the same group sit in one <optgroup>. */
struct form_ui_option {
	const char *value, *label;
	const char *group;	/* NULL: none */
};

void form_ui_init(struct form_ui *f, struct req *r, struct buf *b, const struct problems *errors);

/* The error summary (role=alert): how many problems, then each as a link to its input
 * (a problem without a field is listed without a link). Nothing when there is none. */
void form_ui_summary(struct form_ui *f);
/* "必須 marks the items you must fill in." */
void form_ui_required_note(struct form_ui *f);

/* <form method="post" action="…" novalidate> and the CSRF token; cls: extra classes. */
void form_ui_open(struct form_ui *f, const char *action, const char *cls);
/* A GET form (search, filters, a year picker): no token. label names a search landmark
 * (role=search) when not NULL. */
void form_ui_open_get(struct form_ui *f, const char *action, const char *cls, const char *search_label);
void form_ui_hidden(struct form_ui *f, const char *name, const char *value);
/* A fieldset that groups several fields under a legend (a contact with its public switch). */
void form_ui_group_open(struct form_ui *f, const char *legend, const char *hint);
void form_ui_group_close(struct form_ui *f);

void form_ui_text(struct form_ui *f, const struct form_ui_field *fd);
void form_ui_textarea(struct form_ui *f, const struct form_ui_field *fd);
/* empty_label: a first option with the value "" (NULL: none). */
void form_ui_select(struct form_ui *f, const struct form_ui_field *fd, const struct form_ui_option *opts, int n,
		    const char *empty_label);
/* One checkbox beside its label (value "1"); hint and error under it. */
void form_ui_checkbox(struct form_ui *f, const struct form_ui_field *fd, int checked);
/* A fieldset with the field's label as legend and a box per choice, each beside its label. */
void form_ui_checkboxes(struct form_ui *f, const struct form_ui_field *fd, const struct form_ui_choice *c, int n);
/* The same with radio buttons; the checked one is the field's value (or the one sent). */
void form_ui_radios(struct form_ui *f, const struct form_ui_field *fd, const struct form_ui_choice *c, int n);

/* The buttons row: the submit button, and a cancel link when cancel_href is not NULL. */
void form_ui_submit(struct form_ui *f, const char *label, const char *cancel_href, const char *cancel_label);
/* A buttons row of several submit buttons for one form, each sending name=value (approve
 * or send back): the first is the form's default (Enter), the others FORM_UI_SECONDARY
 * when their flags say so. */
struct form_ui_action {
	const char *name, *value;
	const char *label;	/* plain text, translated */
	unsigned flags;		/* FORM_UI_SECONDARY */
};
void form_ui_actions(struct form_ui *f, const struct form_ui_action *a, int n);
void form_ui_close(struct form_ui *f);
/* A whole form that is one button (open the round, enable an account, lift a lock):
 * the token, hidden inputs (name, value pairs, NULL-terminated; NULL for none) and the
 * button; context is read after the label by screen readers ("Enable" + " kikaku"). */
void form_ui_button(struct form_ui *f, const char *action, const char *label, const char *context, unsigned flags,
		    const char *const *hidden);

/* The value an input shows: as sent after a rejected POST, else stored (never NULL). */
const char *form_ui_value(const struct form_ui *f, const char *name, const char *stored);
/* The input id of name into out ("f-" idp name). */
void form_ui_id(const struct form_ui *f, const char *name, char *out, size_t n);

#endif
