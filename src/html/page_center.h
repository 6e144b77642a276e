/* page_center.h: what the center's screens share (page_center.c, page_center_settings.c,
 * page_confirm.c): the page frame with the registry's row of tabs and the notice of what
 * was just done (?done=…). */
#ifndef KYODO_PAGE_CENTER_H
#define KYODO_PAGE_CENTER_H
#include "http/http.h"

/* layout_begin with the registry's tabs and the notice of ?done=, keeping o->status. */
void center_begin(struct req *r, struct resp *o, const char *title);

#endif
