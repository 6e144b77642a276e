/* svg: the rollup chart (svg_rollup_chart), a horizontal stacked bar chart drawn as
 * plain SVG markup: role=img with <title>/<desc> (aria-labelledby), a legend, the
 * counts as text, colours with at least 3:1 contrast against white. */
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
	SVG_WIDTH = 720,
	SVG_LABEL_W = 170,
	SVG_BAR_W = 440,
	SVG_ROW_H = 30,
	SVG_BAR_H = 20,
	SVG_TOP = 10,
	SVG_LEGEND_H = 28,
	SVG_MIN_TEXT_W = 26,	/* narrower segments carry no number inside */
};

/* A unique id per chart: several charts on one page need distinct ids. */
static unsigned svg_next_id(void)
{
	static atomic_uint svg_counter;
	return atomic_fetch_add(&svg_counter, 1u) + 1u;
}

/* Cut a label to at most n UTF-8 characters (for the left column). */
static size_t svg_label_cut(const char *s, size_t maxchars)
{
	size_t i = 0, chars = 0;
	while (s[i] && chars < maxchars) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return i;
}

static int svg_chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

static void svg_bar(struct buf *b, const struct rollup *ru, const struct rollup_row *row, int y, int scale)
{
	size_t cut = svg_label_cut(row->label ? row->label : "", 14);
	buf_puts(b, "<text class=\"label\" x=\"4\" y=\"");
	html_printf(b, "%d\" dy=\"15\">", y);
	html_escn(b, row->label ? row->label : "", cut);
	if (row->label && row->label[cut])
		buf_puts(b, "…");
	buf_puts(b, "</text>\n");
	int x = SVG_LABEL_W;
	for (int g = 0; g < ru->ngroups; g++) {
		int c = row->counts ? row->counts[g] : 0;
		if (c <= 0 || scale <= 0)
			continue;
		int w = (int)((long long)c * SVG_BAR_W / scale);
		if (w < 2)
			w = 2;
		html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%S\" stroke=\"#ffffff\"/>\n", x, y,
			    w, SVG_BAR_H, svg_fills[g % SVG_NFILLS]);
		if (w >= SVG_MIN_TEXT_W)
			html_printf(b,
				    "<text x=\"%d\" y=\"%d\" dy=\"15\" text-anchor=\"middle\" fill=\"#ffffff\">%d</text>\n",
				    x + w / 2, y, c);
		x += w;
	}
	html_printf(b, "<text class=\"value\" x=\"%d\" y=\"%d\" dy=\"15\">%d</text>\n", x + 6, y, row->total);
}

static void svg_legend(struct buf *b, const struct rollup *ru, int y)
{
	int x = SVG_LABEL_W;
	for (int g = 0; g < ru->ngroups; g++) {
		const char *name = ru->groups[g] ? ru->groups[g] : "";
		html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%S\"/>\n", x, y + 3,
			    svg_fills[g % SVG_NFILLS]);
		html_printf(b, "<text x=\"%d\" y=\"%d\" dy=\"14\">%s</text>\n", x + 18, y + 1, name);
		x += 18 + 15 * svg_chars(name) + 20;	/* at most ~15px per character */
		if (x > SVG_WIDTH - 60)
			break;
	}
}

void svg_rollup_chart(struct buf *b, const struct rollup *ru, const char *title, const char *desc)
{
	unsigned id = svg_next_id();
	int scale = 0;
	for (int i = 0; i < ru->nrows; i++)
		if (ru->rows[i].total > scale)
			scale = ru->rows[i].total;
	int h = SVG_TOP + SVG_LEGEND_H + ru->nrows * SVG_ROW_H + 10;
	html_printf(b,
		    "<svg class=\"rollup-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		    "aria-labelledby=\"chart%u-title chart%u-desc\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		    "font-size=\"14\">\n<title id=\"chart%u-title\">%s</title>\n<desc id=\"chart%u-desc\">%s</desc>\n",
		    id, id, SVG_WIDTH, h, SVG_WIDTH, h, id, title ? title : "", id, desc ? desc : "");
	svg_legend(b, ru, SVG_TOP);
	int y = SVG_TOP + SVG_LEGEND_H;
	html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#767676\"/>\n", SVG_LABEL_W, y - 4,
		    SVG_LABEL_W, y + ru->nrows * SVG_ROW_H);
	for (int i = 0; i < ru->nrows; i++, y += SVG_ROW_H)
		svg_bar(b, ru, &ru->rows[i], y + 2, scale);
	buf_puts(b, "</svg>\n");
}
