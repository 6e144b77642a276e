/* page_org.h: the registry's form and record helpers that page_org.c defines and
 * page_center.c shares — one form built from org_field_specs (with html/form_ui.h) for
 * the application, a group's own edit and the center's edit;
 * a record as a description list; a pending change as a field-by-field table; the
 * readable history (times through html/when.h). */
#ifndef KYODO_PAGE_ORG_H
#define KYODO_PAGE_ORG_H
#include "http/http.h"
#include "domain/org_review.h"
#include "domain/problems.h"
#include "html/form_ui.h"

enum org_form_mode {
	ORG_FORM_APPLY,		/* the public's application and its correction: no status, no center fields */
	ORG_FORM_GROUP,		/* a group's own edit: no center fields */
	ORG_FORM_CENTER,	/* the center: every field */
};

/* The problems of a record's form are domain/problems.h, keyed by input name; an
 * enum org_field or org_input (the domain's *bad) names its input with org_input_name
 * (NULL for -1: a problem of the whole form). */
const char *org_input_name(int at);
void org_form_error(struct problems *e, int at, const char *msgid);
/* The record's inputs (inside an open form_ui form); after a rejected POST the values
 * as sent. */
void org_form_fields(struct form_ui *f, const struct org *o, enum org_form_mode mode);
/* Reads the inputs of the mode onto o (the current record, or org_init) and checks every
 * field and every whole-record rule, adding each problem to e. Returns how many. */
int org_form_read(struct req *r, struct org *o, enum org_form_mode mode, struct problems *e);
/* Login name and password inputs of a new group account (required or optional). */
void org_form_account(struct form_ui *f, int required);
/* The two passwords sent are the same (when a password is given); problems to e. */
int org_form_password_pair(struct req *r, struct problems *e);

/* The fields whose text the city's other systems may not take (names, readings, the
 * address), and a non-blocking notice naming each that holds a character Shift_JIS
 * (CP932) cannot hold (鷗, 𠮷): shown after saving; nothing when there is none. */
extern const enum org_field org_cp932_checked[];
extern const int org_cp932_nchecked;
void org_cp932_notice(struct req *r, struct buf *b, const struct org *o);

/* One field's value as people read it (kinds and statuses by name, dates in 和暦). */
void org_fact_value(struct req *r, struct buf *b, const struct org *o, enum org_field f);
/* Every field of o as a description list; marks say which contact items are public. */
void org_facts(struct req *r, struct buf *b, const struct org *o, int marks);
/* The pending parts of c as a table: item, now, proposed. */
void org_change_table(struct req *r, struct buf *b, const struct org *cur, const struct org_change *c,
		      const char *caption);
/* History entries as a table (time, who, what, before → after). */
void org_history_table(struct req *r, struct buf *b, const struct org_history_entry *h, int n, const char *caption);
/* The label msgid of a review state or status code (for T()). */
const char *org_review_label(enum org_review_state s);

#endif
