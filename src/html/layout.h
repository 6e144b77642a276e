/* layout: the page frame every screen shares — doctype, lang, title, skip link, header
 * with the viewer's tools and the navigation for their role, main landmark, footer
 * (with a line of developer links: the page as JSON) — and the notice box. Forms are
 * html/form_ui.h. */
#ifndef KYODO_LAYOUT_H
#define KYODO_LAYOUT_H
#include "http/http.h"

void layout_begin(struct req *r, struct resp *o, const char *title);	/* title escaped */
/* The same for sheets that are printed as they are (letters, labels): the print
 * stylesheet leaves out the site's header and the page's own title and notes. */
void layout_begin_sheet(struct req *r, struct resp *o, const char *title);
void layout_end(struct req *r, struct resp *o);
/* A link of the footer's line for developers (the page as JSON, the API): msgid label. */
struct layout_link { const char *href, *label; };
/* layout_end with a line of developer links in the footer (links end with {NULL, NULL}). */
void layout_end_links(struct req *r, struct resp *o, const struct layout_link *links);
/* A flash-style notice box (role=status) with escaped text. */
void layout_notice(struct buf *b, const char *text);
#endif
