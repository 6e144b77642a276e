/* page_adopt: what the adoption programme's screens share (page_adopt.c: the public list,
 * a place's page and the JSON API; page_adopt_city.c: the department's screens; page_adopt_
 * agreement.c: an agreement's page and its actions, the group's page). */
#ifndef KYODO_PAGE_ADOPT_H
#define KYODO_PAGE_ADOPT_H
#include "http/http.h"
#include "domain/adopt.h"

extern const struct route adopt_routes[];	/* page_adopt.c */
extern const struct route adopt_city_routes[];	/* page_adopt_city.c */
extern const struct route adopt_agreement_routes[];	/* page_adopt_agreement.c */

/* The agreement's state in words for its viewer: 申請中, 不承認, 協定中, 開始前, 終了. */
const char *page_adopt_state(struct req *r, const struct adopt_agreement *g);
/* "令和8年（2026年）4月1日 〜 令和9年（2027年）3月31日" */
void page_adopt_term_html(struct req *r, struct buf *b, const char *from, const char *to);
/* A domain return code: ADOPT_NOT_FOUND → 404, store errors → 503/500. Returns 0. */
int page_adopt_error(struct req *r, struct resp *o, int rc);
/* The version tag of the public pages, with today's date (an agreement comes into force or
 * ends with the day, not with a write). 0 or a store_rc. */
int page_adopt_version(struct req *r, char *out, size_t n);
#endif
