/* svg: the rollup chart (svg_rollup_chart), a horizontal stacked bar chart, and the
 * year-over-year trend (svg_trend_chart), a line chart, drawn as plain SVG markup: role=img with <title>/<desc> (aria-labelledby), a legend, the
 * counts as text, colours with at least 3:1 contrast against white.
 *
 * Readable at every width: the drawing is narrow (SVG_WIDTH units, about a phone's
 * width) with each row's label on its own line above its bar, so that on a 390 px
 * phone it is drawn at about 1:1 (15 px text) and on a desktop the stylesheet caps it
 * at a width where the text is ~20 px — the labels never shrink to an unreadable size
 * as a wide chart squeezed into a phone would. The legend wraps onto as many lines as
 * it needs. */
#include "html/svg.h"
#include "html/html.h"
#include <stdatomic.h>
#include <string.h>

/* Fill colours (contrast against white ≥ 3:1; white text on them ≥ 4.5:1). */
static const char *const svg_fills[] = {
	"#0031d8",	/* blue   8.6:1 */
	"#197a4b",	/* green  5.6:1 */
	"#c74700",	/* orange 4.6:1 */
	"#595959",	/* grey   7.0:1 */
	"#7a1fa2",	/* purple 8.3:1 */
	"#9e3a00",	/* brown  6.9:1 */
	"#00695c",	/* teal   6.3:1 */
	"#b0155f",	/* rose   6.0:1 */
};
#define SVG_NFILLS (sizeof svg_fills / sizeof svg_fills[0])

enum {
	SVG_WIDTH = 360,	/* units of the drawing; the page scales it */
	SVG_FONT = 15,		/* text size in units */
	SVG_CHAR_W = 15,	/* a full-width character; half-width ones count as ~0.6 */
	SVG_TOTAL_W = 40,	/* room for the total after the longest bar */
	SVG_BAR_W = SVG_WIDTH - SVG_TOTAL_W,
	SVG_BAR_H = 22,
	SVG_LABEL_H = 20,	/* the label line above a bar */
	SVG_ROW_H = SVG_LABEL_H + SVG_BAR_H + 12,
	SVG_LEGEND_LINE = 24,
	SVG_MIN_TEXT_W = 28,	/* narrower segments carry no number inside */
};

/* A unique id per chart: several charts on one page need distinct ids. */
static unsigned svg_next_id(void)
{
	static atomic_uint svg_counter;
	return atomic_fetch_add(&svg_counter, 1u) + 1u;
}

/* The width of a UTF-8 character starting at s in units, and its length in bytes. */
static int svg_char(const char *s, size_t *len)
{
	size_t n = 1;
	while ((s[n] & 0xC0) == 0x80)
		n++;
	*len = n;
	return (unsigned char)s[0] < 0x80 ? SVG_CHAR_W * 6 / 10 : SVG_CHAR_W;
}

/* Bytes of s that fit in width units (the whole string when it fits). */
static size_t svg_fit(const char *s, int width, int *used)
{
	size_t i = 0, len;
	int w = 0;
	while (s[i]) {
		int cw = svg_char(s + i, &len);
		if (w + cw > width)
			break;
		w += cw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}

static int svg_text_w(const char *s)
{
	int w = 0;
	size_t len;
	for (size_t i = 0; s[i]; i += len)
		w += svg_char(s + i, &len);
	return w;
}

/* The row's label and title on one line, cut with "…" to the drawing's width. */
static void svg_label(struct buf *b, const struct rollup_row *row, int y)
{
	struct buf t = BUF_INIT;
	buf_puts(&t, row->label ? row->label : "");
	if (row->title && *row->title)
		buf_printf(&t, "%s%s", t.len ? " " : "", row->title);
	const char *s = buf_cstr(&t);
	size_t cut = svg_fit(s, SVG_WIDTH, NULL);
	if (s[cut])
		cut = svg_fit(s, SVG_WIDTH - SVG_CHAR_W, NULL);
	html_printf(b, "<text class=\"label\" x=\"0\" y=\"%d\">", y + SVG_LABEL_H - 5);
	html_escn(b, s, cut);
	if (s[cut])
		buf_puts(b, "…");
	buf_puts(b, "</text>\n");
	buf_free(&t);
}

static void svg_bar(struct buf *b, const struct rollup *ru, const struct rollup_row *row, int y, int scale)
{
	svg_label(b, row, y);
	int by = y + SVG_LABEL_H, x = 0;
	html_printf(b, "<rect class=\"track\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f2f2f2\"/>\n", by,
		    SVG_BAR_W, SVG_BAR_H);
	for (int g = 0; g < ru->ngroups; g++) {
		int c = row->counts ? row->counts[g] : 0;
		if (c <= 0 || scale <= 0)
			continue;
		int w = (int)((long long)c * SVG_BAR_W / scale);
		if (w < 2)
			w = 2;
		html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%S\" stroke=\"#ffffff\"/>\n", x, by,
			    w, SVG_BAR_H, svg_fills[g % SVG_NFILLS]);
		if (w >= SVG_MIN_TEXT_W)
			html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#ffffff\">%d</text>\n", x + w / 2,
				    by + SVG_BAR_H - 6, c);
		x += w;
	}
	html_printf(b, "<text class=\"value\" x=\"%d\" y=\"%d\">%d</text>\n", x + 6, by + SVG_BAR_H - 6, row->total);
}

/* The legend, wrapped onto as many lines as it needs; returns its height. */
static int svg_legend(struct buf *b, const struct rollup *ru, int draw)
{
	int x = 0, y = 0;
	for (int g = 0; g < ru->ngroups; g++) {
		const char *name = ru->groups[g] ? ru->groups[g] : "";
		int used;
		size_t cut = svg_fit(name, SVG_WIDTH - 22, &used);
		int w = 22 + (name[cut] ? svg_text_w(name) : used) + 16;
		if (x > 0 && x + w > SVG_WIDTH) {
			x = 0;
			y += SVG_LEGEND_LINE;
		}
		if (draw) {
			html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" fill=\"%S\"/>\n", x, y + 3,
				    svg_fills[g % SVG_NFILLS]);
			html_printf(b, "<text x=\"%d\" y=\"%d\">", x + 22, y + 17);
			html_escn(b, name, cut);
			buf_puts(b, "</text>\n");
		}
		x += w;
	}
	return y + SVG_LEGEND_LINE + 8;
}

void svg_rollup_chart(struct buf *b, const struct rollup *ru, const char *title, const char *desc)
{
	unsigned id = svg_next_id();
	int scale = 0;
	for (int i = 0; i < ru->nrows; i++)
		if (ru->rows[i].total > scale)
			scale = ru->rows[i].total;
	int legend_h = svg_legend(b, ru, 0);
	int h = legend_h + ru->nrows * SVG_ROW_H;
	html_printf(b,
		    "<svg class=\"rollup-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		    "aria-labelledby=\"chart%u-title chart%u-desc\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		    "font-size=\"%d\">\n<title id=\"chart%u-title\">%s</title>\n<desc id=\"chart%u-desc\">%s</desc>\n",
		    id, id, SVG_WIDTH, h, SVG_WIDTH, h, SVG_FONT, id, title ? title : "", id, desc ? desc : "");
	svg_legend(b, ru, 1);
	int y = legend_h;
	for (int i = 0; i < ru->nrows; i++, y += SVG_ROW_H)
		svg_bar(b, ru, &ru->rows[i], y, scale);
	buf_puts(b, "</svg>\n");
}

/* ---- the trend over the years ---- */

enum {
	TREND_LEFT = 44,	/* room for "100%" */
	TREND_RIGHT = 12,
	TREND_PLOT_H = 170,
	TREND_AXIS_H = 44,	/* two lines of year labels */
	TREND_FONT = 13,
};

static const char *const trend_dashes[] = { "", "6 4", "2 3", "10 3 2 3" };

/* A marker of shape k (circle, square, triangle, diamond) at x, y. */
static void trend_marker(struct buf *b, int k, int x, int y, const char *fill)
{
	switch (k % 4) {
	case 0:
		html_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%S\"/>", x, y, fill);
		break;
	case 1:
		html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%S\"/>", x - 5, y - 5, fill);
		break;
	case 2:
		html_printf(b, "<path d=\"M%d %dL%d %dL%d %dZ\" fill=\"%S\"/>", x, y - 6, x + 6, y + 5, x - 6, y + 5, fill);
		break;
	default:
		html_printf(b, "<path d=\"M%d %dL%d %dL%d %dL%d %dZ\" fill=\"%S\"/>", x, y - 6, x + 6, y, x, y + 6, x - 6, y,
			    fill);
		break;
	}
}

/* The legend of the trend (a line sample and the marker before each name); its height. */
static int trend_legend(struct buf *b, const struct svg_trend *t, int draw)
{
	int x = 0, y = 0;
	for (int g = 0; g < t->ngroups; g++) {
		const char *name = t->groups[g] ? t->groups[g] : "";
		int used;
		size_t cut = svg_fit(name, SVG_WIDTH - 34, &used);
		int w = 34 + used + 16;
		if (x > 0 && x + w > SVG_WIDTH) {
			x = 0;
			y += SVG_LEGEND_LINE;
		}
		if (draw) {
			const char *fill = svg_fills[g % SVG_NFILLS];
			html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%S\" stroke-width=\"3\" "
				       "stroke-dasharray=\"%S\"/>", x, y + 11, x + 26, y + 11, fill, trend_dashes[g % 4]);
			trend_marker(b, g, x + 13, y + 11, fill);
			html_printf(b, "<text x=\"%d\" y=\"%d\">", x + 34, y + 17);
			html_escn(b, name, cut);
			buf_puts(b, "</text>\n");
		}
		x += w;
	}
	return y + SVG_LEGEND_LINE + 8;
}

void svg_trend_chart(struct buf *b, const struct svg_trend *t, const char *title, const char *desc)
{
	unsigned id = svg_next_id();
	int legend_h = trend_legend(b, t, 0);
	int top = legend_h + 8, plot_w = SVG_WIDTH - TREND_LEFT - TREND_RIGHT;
	int h = top + TREND_PLOT_H + TREND_AXIS_H;
	html_printf(b,
		    "<svg class=\"trend-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		    "aria-labelledby=\"chart%u-title chart%u-desc\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		    "font-size=\"%d\">\n<title id=\"chart%u-title\">%s</title>\n<desc id=\"chart%u-desc\">%s</desc>\n",
		    id, id, SVG_WIDTH, h, SVG_WIDTH, h, TREND_FONT, id, title ? title : "", id, desc ? desc : "");
	trend_legend(b, t, 1);
	for (int pct = 0; pct <= 100; pct += 25) {	/* the grid and its labels */
		int y = top + TREND_PLOT_H - pct * TREND_PLOT_H / 100;
		html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%S\"/>"
			       "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d%%</text>\n",
			    TREND_LEFT, y, SVG_WIDTH - TREND_RIGHT, y, pct ? "#d9d9d9" : "#595959", TREND_LEFT - 6, y + 5, pct);
	}
	int step = t->nyears > 1 ? plot_w / (t->nyears - 1) : 0;
	for (int y = 0; y < t->nyears; y++) {	/* the years along the bottom */
		int x = TREND_LEFT + (t->nyears > 1 ? y * step : plot_w / 2);
		const char *anchor = t->nyears > 1 && y == 0 ? "start" : t->nyears > 1 && y == t->nyears - 1 ? "end" : "middle";
		html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"%S\">%s</text>"
			       "<text x=\"%d\" y=\"%d\" text-anchor=\"%S\">%s</text>\n",
			    x, top + TREND_PLOT_H + 18, anchor, t->year_top[y], x, top + TREND_PLOT_H + 36, anchor,
			    t->year_bottom[y]);
	}
	for (int g = 0; g < t->ngroups; g++) {
		const char *fill = svg_fills[g % SVG_NFILLS];
		struct buf pts = BUF_INIT;
		for (int y = 0; y < t->nyears; y++) {
			int v = t->values[y * t->ngroups + g];
			if (v < 0)
				continue;
			buf_printf(&pts, "%s%d,%d", pts.len ? " " : "", TREND_LEFT + (t->nyears > 1 ? y * step : plot_w / 2),
				   top + TREND_PLOT_H - (int)((long long)v * TREND_PLOT_H / 10000));
		}
		if (pts.len)
			html_printf(b, "<polyline fill=\"none\" stroke=\"%S\" stroke-width=\"3\" stroke-dasharray=\"%S\" "
				       "points=\"%S\"/>\n", fill, trend_dashes[g % 4], buf_cstr(&pts));
		buf_free(&pts);
		for (int y = 0; y < t->nyears; y++) {
			int v = t->values[y * t->ngroups + g];
			if (v >= 0)
				trend_marker(b, g, TREND_LEFT + (t->nyears > 1 ? y * step : plot_w / 2),
					     top + TREND_PLOT_H - (int)((long long)v * TREND_PLOT_H / 10000), fill);
		}
		buf_putc(b, '\n');
	}
	buf_puts(b, "</svg>\n");
}
