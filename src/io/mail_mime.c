/* mail_mime: composing an email with MIME headers and an encoded body (see mail_mime.h). */
#include "io/mail_mime.h"
#include "util/buf.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MIME_LINE_MAX 78
/* Raw bytes per encoded word: "=?UTF-8?B?" + 56 base64 characters + "?=" is 68 columns,
 * which fits after "Subject: " on the first line (RFC 2047 allows 75 per word). */
#define MIME_WORD_BYTES 42

static const char mime_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void mail_base64(struct buf *out, const unsigned char *p, size_t n, int wrap)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = { mime_b64[(v >> 18) & 63], mime_b64[(v >> 12) & 63], i + 1 < n ? mime_b64[(v >> 6) & 63] : '=',
			      i + 2 < n ? mime_b64[v & 63] : '=' };
		buf_append(out, q, 4);
		col += 4;
		if (wrap && col >= 76) {
			buf_puts(out, "\r\n");
			col = 0;
		}
	}
	if (wrap && col)
		buf_puts(out, "\r\n");
}

void mail_date(char *out, size_t n, long long t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t jst = (time_t)t + 9 * 3600;	/* Japan has no daylight saving time */
	struct tm tm;
	gmtime_r(&jst, &tm);
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0900", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int mail_address_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 254)
		return 0;
	int ats = 0;
	for (const char *p = s; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"(),:;<>[\\]", *p))
			return 0;
		ats += *p == '@';
	}
	return ats == 1 && s[0] != '@' && s[strlen(s) - 1] != '@';
}

/* Printable ASCII only, and no "=?" that a reader would take for an encoded word. */
static int mime_plain(const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7E)
			return 0;
	return !strstr(s, "=?");
}

/* The length of the longest run of whole UTF-8 characters from s of at most max bytes. */
static size_t mime_chunk(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n ? n : max;	/* invalid UTF-8: cut anyway */
}

/* value as encoded words, the first on a line that already holds col columns; line breaks
 * in the value become spaces. Returns the column after the last word. */
static size_t mime_words(struct buf *out, const char *value, size_t col)
{
	char tmp[1024];
	size_t len = strlen(value);
	for (size_t off = 0; off < len;) {
		size_t n = mime_chunk(value + off, MIME_WORD_BYTES);
		if (n > sizeof tmp)
			n = sizeof tmp;
		memcpy(tmp, value + off, n);
		for (size_t i = 0; i < n; i++)
			if (tmp[i] == '\r' || tmp[i] == '\n' || tmp[i] == '\t')
				tmp[i] = ' ';
		if (off > 0) {
			buf_puts(out, "\r\n ");	/* folding: the space between words is not part of the text */
			col = 1;
		}
		buf_puts(out, "=?UTF-8?B?");
		mail_base64(out, (const unsigned char *)tmp, n, 0);
		buf_puts(out, "?=");
		col += 12 + (n + 2) / 3 * 4;
		off += n;
	}
	return col;
}

void mail_header_text(struct buf *out, const char *name, const char *value)
{
	buf_printf(out, "%s: ", name);
	size_t col = strlen(name) + 2;
	if (!value)
		value = "";
	if (mime_plain(value) && col + strlen(value) <= MIME_LINE_MAX)
		buf_puts(out, value);
	else
		mime_words(out, value, col);
	buf_puts(out, "\r\n");
}

/* From: the display name (plain ASCII as a quoted string, else encoded words) <address>. */
static void mime_from(struct buf *out, const char *name, const char *addr)
{
	buf_puts(out, "From: ");
	size_t col = 6;
	if (name && *name) {
		if (mime_plain(name) && strlen(name) < 60) {
			buf_putc(out, '"');
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_putc(out, '\\');
				buf_putc(out, *p);
			}
			buf_putc(out, '"');
			col += strlen(name) + 2;
		} else {
			col = mime_words(out, name, col);
		}
		if (col + strlen(addr) + 3 > MIME_LINE_MAX)
			buf_puts(out, "\r\n");
		buf_putc(out, ' ');
	}
	buf_printf(out, "<%s>\r\n", addr);
}

/* The body with every line ended by CRLF (a last line without an end gets one). */
static void mime_crlf(struct buf *out, const char *body)
{
	for (const char *p = body; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n' || *p == '\r')
			buf_puts(out, "\r\n");
		else
			buf_putc(out, *p);
	}
	if (out->len && out->data[out->len - 1] != '\n')
		buf_puts(out, "\r\n");
}

int mail_compose(struct buf *out, const struct mail_message *m)
{
	if (!mail_address_ok(m->from) || !mail_address_ok(m->to) || !m->token || !*m->token ||
	    strspn(m->token, "0123456789abcdefABCDEF.-_") != strlen(m->token))
		return -1;
	char date[64];
	mail_date(date, sizeof date, m->date);
	buf_printf(out, "Date: %s\r\n", date);
	mime_from(out, m->from_name, m->from);
	buf_printf(out, "To: <%s>\r\n", m->to);
	mail_header_text(out, "Subject", m->subject);
	buf_printf(out, "Message-ID: <%s@%s>\r\n", m->token, strchr(m->from, '@') + 1);
	buf_puts(out, "MIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n"
		      "Auto-Submitted: auto-generated\r\n"
		      "\r\n");
	struct buf text = BUF_INIT;
	mime_crlf(&text, m->body ? m->body : "");
	mail_base64(out, (const unsigned char *)text.data, text.len, 1);
	int oom = text.oom;
	buf_free(&text);
	return oom || out->oom ? -1 : 0;
}
