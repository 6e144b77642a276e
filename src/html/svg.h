/* svg: server-rendered SVG charts. No script, no external references; every text node
 * escaped. The chart is an image with a title and description (role=img); the table
 * printed next to it is the text alternative. */
#ifndef KYODO_SVG_H
#define KYODO_SVG_H
#include "util/buf.h"
#include "domain/plan.h"

/* A horizontal stacked bar chart of a rollup: one bar per row, one segment per status
 * group, widths proportional to count / total of the widest row; a legend and the
 * numbers as text. title and desc are plain text (escaped here). */
void svg_rollup_chart(struct buf *b, const struct rollup *ru, const char *title, const char *desc);

#endif
