/* layout: the page frame every screen shares — doctype, lang, title, skip link,
 * header with navigation for the viewer's role, main landmark, footer — and the
 * small form helpers (CSRF hidden field, labelled inputs, error summaries). */
#ifndef KYODO_LAYOUT_H
#define KYODO_LAYOUT_H
#include "http/http.h"

void layout_begin(struct req *r, struct resp *o, const char *title);	/* title escaped */
void layout_end(struct req *r, struct resp *o);
/* <input type="hidden" name="csrf" value="…"> for the session. */
void layout_csrf(struct req *r, struct buf *b);
/* A flash-style notice box (role=status) with escaped text. */
void layout_notice(struct buf *b, const char *text);
/* An error summary (role=alert) listing messages (escaped). */
void layout_errors(struct buf *b, const char *const *msgs, int n);
#endif
