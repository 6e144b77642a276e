/* page_org.h: the registry's form and record helpers that page_org.c defines and
 * page_center.c shares — one form built from org_field_specs for the application, a
 * group's own edit and the center's edit; the error summary that links to the inputs;
 * a record as a description list; a pending change as a field-by-field table; the
 * readable history; times in 和暦 (JST). */
#ifndef KYODO_PAGE_ORG_H
#define KYODO_PAGE_ORG_H
#include "http/http.h"
#include "domain/org_review.h"

enum org_form_mode {
	ORG_FORM_APPLY,		/* the public's application and its correction: no status, no center fields */
	ORG_FORM_GROUP,		/* a group's own edit: no center fields */
	ORG_FORM_CENTER,	/* the center: every field */
};

#define ORG_FORM_MAX_ERRORS 40
struct org_form_errors {
	int n;
	int at[ORG_FORM_MAX_ERRORS];	/* enum org_field, enum org_input, or -1 */
	const char *msg[ORG_FORM_MAX_ERRORS];	/* English msgids */
};
void org_form_error(struct org_form_errors *e, int at, const char *msgid);
/* The error summary (role=alert) with a link to each input at fault. */
void org_form_summary(struct req *r, struct buf *b, const struct org_form_errors *e);
/* The record's inputs (without <form>); after a POST the values as sent. */
void org_form_fields(struct req *r, struct buf *b, const struct org *o, enum org_form_mode mode,
		     const struct org_form_errors *e);
/* Reads the inputs of the mode onto o (the current record, or org_init); the whole-record
 * rules too. Returns the number of errors. */
int org_form_read(struct req *r, struct org *o, enum org_form_mode mode, struct org_form_errors *e);
/* Login name and password inputs of a new group account (required or optional). */
void org_form_account(struct req *r, struct buf *b, int required, const struct org_form_errors *e);

/* The fields whose text the city's other systems may not take (names, readings, the
 * address), and a non-blocking notice naming each that holds a character Shift_JIS
 * (CP932) cannot hold (鷗, 𠮷): shown after saving; nothing when there is none. */
extern const enum org_field org_cp932_checked[];
extern const int org_cp932_nchecked;
void org_cp932_notice(struct req *r, struct buf *b, const struct org *o);

/* Every field of o as a description list; marks say which contact items are public. */
void org_facts(struct req *r, struct buf *b, const struct org *o, int marks);
/* The pending parts of c as a table: item, now, proposed. */
void org_change_table(struct req *r, struct buf *b, const struct org *cur, const struct org_change *c,
		      const char *caption);
/* History entries as a table (time, who, what, before → after). */
void org_history_table(struct req *r, struct buf *b, const struct org_history_entry *h, int n, const char *caption);
/* "令和7年6月1日 10:05" (JST) from "2025-06-01T01:05:00Z"; a date "2025-06-01" as
 * "令和7年6月1日"; "" as "—". */
void org_time(struct buf *b, const char *iso);
/* The label msgid of a review state or status code (for T()). */
const char *org_review_label(enum org_review_state s);

#endif
