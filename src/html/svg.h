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

/* A line chart of shares over the years: one line per group, the years along the bottom
 * (labels: two short lines each, e.g. "R4" and "2022"), 0–100 % up the side. values[y *
 * ngroups + g] is the share of group g in year y in hundredths of a percent (5926 =
 * 59.26 %), or -1 when the year has none. Lines differ by colour, dash and marker shape,
 * so that they read without colour too. */
struct svg_trend {
	int nyears, ngroups;
	const char *const *year_top, *const *year_bottom;	/* [nyears] */
	const char *const *groups;	/* [ngroups] */
	const int *values;	/* [nyears * ngroups] */
};
void svg_trend_chart(struct buf *b, const struct svg_trend *t, const char *title, const char *desc);

#endif
