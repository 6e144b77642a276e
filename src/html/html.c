/* html: the escaping writers (see html.h). User data reaches HTML only through here. */
#include "html/html.h"
#include "util/jtext.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_escn(struct buf *b, const char *s, size_t n)
{
	if (!s)
		return;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

void html_esc(struct buf *b, const char *s)
{
	if (s)
		html_escn(b, s, strlen(s));
}

/* Calls each(b, cp, bytes, len) for every character of s (an invalid byte: JTEXT_BAD,
 * one byte). */
static void html_each_cp(struct buf *b, const char *s, void (*each)(struct buf *, uint32_t, const char *, int, int))
{
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = jtext_utf8_decode(s + i, n - i, &cp);
		each(b, cp, s + i, k, cp == JTEXT_BAD && k == 1);
		i += (size_t)k;
	}
}

static void html_visible_cp(struct buf *b, uint32_t cp, const char *p, int k, int bad)
{
	if (bad)
		buf_printf(b, "\u27E8" "0x%02X" "\u27E9", (unsigned char)*p);
	else if (jtext_hides(cp))
		buf_printf(b, "\u27E8" "U+%04X" "\u27E9", (unsigned)cp);
	else
		html_escn(b, p, (size_t)k);
}

void html_visible(struct buf *b, const char *s)
{
	html_each_cp(b, s, html_visible_cp);
}

static void html_exact_cp(struct buf *b, uint32_t cp, const char *p, int k, int bad)
{
	if (!bad && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || jtext_is_bidi_control(cp)))
		buf_printf(b, "&#x%X;", (unsigned)cp);
	else
		html_escn(b, p, (size_t)k);
}

void html_attr_exact(struct buf *b, const char *s)
{
	html_each_cp(b, s, html_exact_cp);
}

void html_fmt_int(char *out, size_t n, long long v)
{
	char digits[32];
	size_t nd = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		digits[nd++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	size_t o = 0;
	if (n == 0)
		return;
	if (v < 0 && o + 1 < n)
		out[o++] = '-';
	for (size_t i = nd; i > 0; i--) {
		if (o + 1 >= n)
			break;
		out[o++] = digits[i - 1];
		if (i > 1 && (i - 1) % 3 == 0 && o + 1 < n)
			out[o++] = ',';
	}
	out[o] = '\0';
}

void html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(pct - p));
		p = pct + 1;
		char num[48];
		if (p[0] == 's') {
			html_esc(b, va_arg(ap, const char *));
			p++;
		} else if (p[0] == 'v') {
			html_visible(b, va_arg(ap, const char *));
			p++;
		} else if (p[0] == 'a') {
			html_attr_exact(b, va_arg(ap, const char *));
			p++;
		} else if (p[0] == 'S') {
			const char *raw = va_arg(ap, const char *);
			if (raw)
				buf_puts(b, raw);
			p++;
		} else if (p[0] == 'd') {
			buf_printf(b, "%d", va_arg(ap, int));
			p++;
		} else if (p[0] == 'u') {
			buf_printf(b, "%u", va_arg(ap, unsigned));
			p++;
		} else if (p[0] == 'l' && p[1] == 'd') {
			buf_printf(b, "%ld", va_arg(ap, long));
			p += 2;
		} else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
			buf_printf(b, "%lld", va_arg(ap, long long));
			p += 3;
		} else if (p[0] == 'z' && p[1] == 'u') {
			buf_printf(b, "%zu", va_arg(ap, size_t));
			p += 2;
		} else if (p[0] == 'y') {
			html_fmt_int(num, sizeof num, va_arg(ap, long long));
			buf_puts(b, num);
			p++;
		} else if (p[0] == '%') {
			buf_putc(b, '%');
			p++;
		} else {
			/* Unknown conversion: a programming error; print it visibly, consume nothing. */
			buf_putc(b, '%');
		}
	}
	va_end(ap);
}

void html_text_br(struct buf *b, const char *s)
{
	if (!s)
		return;
	while (*s) {
		size_t n = strcspn(s, "\r\n");
		html_escn(b, s, n);
		s += n;
		if (!*s)
			break;
		if (s[0] == '\r' && s[1] == '\n')
			s++;
		s++;
		buf_puts(b, "<br>\n");
	}
}

void html_urlenc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_append(b, e, 3);
		}
	}
}
