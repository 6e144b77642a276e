/* mail_mime: one email as the Internet writes it (RFC 5322 + MIME), from the text of a
 * queued message: Date (Japan time), From (the name encoded as RFC 2047 words when it is
 * not plain ASCII), To, Subject (RFC 2047 "B" words of UTF-8, folded so no line passes 78
 * characters and no character is split between words), Message-ID, MIME-Version,
 * Content-Type text/plain; charset=UTF-8, base64 body with CRLF line ends, and
 * Auto-Submitted: auto-generated (so that auto-responders do not answer). Pure functions:
 * no I/O, no database. */
#ifndef KYODO_MAIL_MIME_H
#define KYODO_MAIL_MIME_H
#include <stddef.h>
struct buf;

struct mail_message {
	const char *from, *from_name;	/* the sender's address and display name ("" none) */
	const char *to;		/* the recipient's address */
	const char *subject, *body;	/* UTF-8 text; the body's lines end with \n or \r\n */
	const char *token;	/* Message-ID left part (letters and digits) */
	long long date;		/* Unix seconds */
};

/* The whole message into out. 0, or -1 when an address or the token could inject
 * headers (control characters, spaces, <>, quotes…) or is empty. */
int mail_compose(struct buf *out, const struct mail_message *m);
/* 1 when s is an address that may stand in a header and an SMTP command. */
int mail_address_ok(const char *s);
/* "Name: value\r\n", the value as RFC 2047 words when needed, folded (≤ 78 columns). */
void mail_header_text(struct buf *out, const char *name, const char *value);
/* RFC 5322 date in Japan time: "Mon, 02 Jun 2025 10:05:00 +0900". */
void mail_date(char *out, size_t n, long long t);
/* Base64 of p[0..n) (RFC 4648), lines of 76 characters ended by CRLF when wrap. */
void mail_base64(struct buf *out, const unsigned char *p, size_t n, int wrap);

#endif
