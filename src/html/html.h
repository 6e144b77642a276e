/* html: the escaping writers. User data reaches HTML only through these.
 * html_printf understands: %s escaped text (NULL prints nothing), %S raw trusted markup
 * (literals or output of another writer), %v text a stranger chose, escaped and with every
 * control, bidi control and invisible character shown as ⟨U+202E⟩ (html_visible), %a an
 * attribute value that must come back exactly (a hidden input), escaped with controls and
 * bidi controls as numeric references so that none stands raw in the page (html_attr_exact),
 * %d %u %ld %lld %zu numbers, %y yen integer with thousands separators (long long), %% a
 * percent sign. Nothing else. */
#ifndef KYODO_HTML_H
#define KYODO_HTML_H
#include "util/buf.h"
#include <stddef.h>

void html_esc(struct buf *b, const char *s);	/* & < > " ' escaped */
void html_escn(struct buf *b, const char *s, size_t n);
void html_printf(struct buf *b, const char *fmt, ...);
void html_visible(struct buf *b, const char *s);
void html_attr_exact(struct buf *b, const char *s);
/* Text with line breaks: escaped, each newline becomes <br>. */
void html_text_br(struct buf *b, const char *s);
/* Percent-encode for a URL query value. */
void html_urlenc(struct buf *b, const char *s);
/* Thousands separators: 2939417 -> "2,939,417". */
void html_fmt_int(char *out, size_t n, long long v);

#endif
