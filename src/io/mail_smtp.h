/* mail_smtp: handing one message at a time to the city's relay with libcurl, over
 * smtp:// with STARTTLS required, smtps:// (TLS from the first byte), or plain smtp://,
 * with the login name of the settings and the password of KYODO_SMTP_PASSWORD. One
 * session reuses its connection for the messages of one pass. The result says whether
 * the relay took the message, refused it for good (a 5xx answer to the recipient or the
 * message) or failed in a way worth trying again (no connection, a timeout, a 4xx
 * answer, a refused login or sender — which the city can fix). */
#ifndef KYODO_MAIL_SMTP_H
#define KYODO_MAIL_SMTP_H
#include "domain/mail.h"
#include <stddef.h>

struct mail_smtp;
/* A session with the settings and password (NULL = none); stop, when it turns non-zero,
 * aborts a transfer in progress. NULL when libcurl cannot start. */
struct mail_smtp *mail_smtp_new(const struct mail_settings *ms, const char *password, volatile int *stop);
void mail_smtp_free(struct mail_smtp *m);

struct mail_smtp_result {
	enum mail_outcome outcome;
	int relay_down;		/* a temporary failure of the relay itself, not of this message (no
				 * connection, no greeting, TLS, login, sender refused, 421): the
				 * other messages would fail the same way now */
	long code;		/* the relay's last answer (250, 451, 550…), 0 when none */
	char detail[400];	/* what happened, in plain words (English, for the log) */
};
/* Sends msg (a whole message, CRLF lines) from the settings' From to `to`. */
void mail_smtp_send(struct mail_smtp *m, const char *to, const char *msg, size_t len, struct mail_smtp_result *res);

#endif
