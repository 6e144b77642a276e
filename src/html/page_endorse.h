/* page_endorse: the endorsements' screens (後援名義), shared between page_endorse.c (the
 * public list, its JSON, an endorsement's page, the department's and the group's lists,
 * the printable decision notice) and page_endorse_form.c (the forms: apply, change,
 * withdraw, report, decide, the division's settings). */
#ifndef KYODO_PAGE_ENDORSE_H
#define KYODO_PAGE_ENDORSE_H
#include "http/http.h"
#include "domain/endorse.h"
#include "domain/problems.h"

extern const struct route endorse_routes[];	/* page_endorse.c */
extern const struct route endorse_form_routes[];	/* page_endorse_form.c */

/* An endorsement's page for r's viewer; after a rejected POST of one of its forms
 * (form: "decide" or "withdraw"), that form's problems e. 0 (the page or an error page in o). */
int page_endorse_detail(struct req *r, struct resp *o, long long id, const struct problems *e, const char *form);
/* The words of a state, a request's kind and a request's state. */
const char *page_endorse_state(struct req *r, enum endorse_state s);
const char *page_endorse_kind(struct req *r, enum endorse_kind k);
/* The period "令和8年（2026年）11月3日〜11月4日" of an event, into b. */
void page_endorse_period(struct req *r, struct buf *b, const struct endorsement *e);
/* A domain code that is not 0 or -1: NOT_FOUND → 404, else the store's page. */
int page_endorse_error(struct req *r, struct resp *o, int rc);
#endif
