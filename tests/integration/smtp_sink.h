/* smtp_sink: a small SMTP server for the tests, in the test process: it listens on a
 * loopback port, speaks a real SMTP conversation (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA
 * with dot-unstuffing, RSET, NOOP, QUIT), one thread per connection, and keeps every
 * message it accepts. It can be closed and opened again on the same port (the relay going
 * down and coming back) and keeps its messages meanwhile. It can refuse one recipient for
 * good (550), answer the next N messages with a temporary error (451), and require a login. */
#ifndef KYODO_SMTP_SINK_H
#define KYODO_SMTP_SINK_H
#include <stddef.h>

struct sink_msg {
	char *from;		/* MAIL FROM address, without <> */
	char *rcpt;		/* RCPT TO addresses, comma-separated */
	char *data;		/* the message as received (CRLF lines, dots unstuffed) */
	char *user;		/* the login used, "" when none */
};

struct smtp_sink;
struct smtp_sink *sink_new(void);
/* Listens on 127.0.0.1:port (0 = any free port); returns the port, or -1. */
int sink_open(struct smtp_sink *s, int port);
/* Stops listening and closes every connection (the relay is down). */
void sink_close(struct smtp_sink *s);
void sink_free(struct smtp_sink *s);

int sink_count(struct smtp_sink *s);
/* A copy of message i (free with sink_msg_free); 0 or -1. */
int sink_get(struct smtp_sink *s, int i, struct sink_msg *out);
void sink_msg_free(struct sink_msg *m);
/* Waits until at least n messages arrived or ms passed; returns the count. */
int sink_wait(struct smtp_sink *s, int n, int ms);
/* Forgets the messages received so far. */
void sink_clear(struct smtp_sink *s);

/* Behaviour: refuse this recipient with 550 (NULL = none); answer the next n messages'
 * end of data with 451; require AUTH PLAIN with user and password (NULL = no login). */
void sink_reject_rcpt(struct smtp_sink *s, const char *address);
void sink_tempfail(struct smtp_sink *s, int n);
void sink_require_auth(struct smtp_sink *s, const char *user, const char *password);

/* Helpers on a received message: a header's raw value (unfolded) into out, NULL when
 * absent; the Subject decoded from RFC 2047 words (malloc'd); the body decoded from
 * base64 (malloc'd). */
const char *sink_header(const struct sink_msg *m, const char *name, char *out, size_t n);
char *sink_subject(const struct sink_msg *m);
char *sink_body(const struct sink_msg *m);

#endif
