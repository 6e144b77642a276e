/* problems: what is wrong with a submitted form — every problem at once, not the first.
 * A validator adds one entry per problem (the name of the input at fault and an English
 * msgid) and goes on checking the other inputs; the form (html/form_ui.h) shows them
 * all in its error summary, each linking to its input, and each beside its input.
 * The input names are the form's: a domain check names the member of its input struct
 * ("code", "title"); field NULL is a problem of the whole form (no input to point at). */
#ifndef KYODO_PROBLEMS_H
#define KYODO_PROBLEMS_H

#define PROBLEMS_MAX 48

struct problem {
	const char *field;	/* the input's name, or NULL */
	const char *msgid;	/* English msgid (translated where it is shown) */
};

struct problems {
	int n;
	struct problem p[PROBLEMS_MAX];
	char names[PROBLEMS_MAX][40];	/* problems_add_copy's field names */
};

/* Adds a problem; past PROBLEMS_MAX the rest are dropped (the form still fails). A second
 * problem of the same field is kept only when its message differs. */
void problems_add(struct problems *ps, const char *field, const char *msgid);
/* The same for a field name built at run time ("score_12"): the name is copied into ps,
 * so it may live in memory the caller frees before the form is shown (names longer than
 * 39 bytes are cut). */
void problems_add_copy(struct problems *ps, const char *field, const char *msgid);
/* The first problem of field, or NULL. */
const char *problems_of(const struct problems *ps, const char *field);
/* 1 when ps holds at least one problem. */
int problems_any(const struct problems *ps);

#endif
