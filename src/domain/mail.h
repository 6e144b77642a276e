/* mail: the city's mail settings and the mail outbox.
 *
 * Settings (table settings, keys mail.*, site.base_url), changed by the admin on
 * /admin/mail and audited: the relay's host and port, its security (STARTTLS, TLS from
 * the first byte, or none), an optional login name, the From address and name, and the
 * city's base URL for the links in emails. The relay's password is never stored: the
 * sender reads it from the environment variable KYODO_SMTP_PASSWORD.
 *
 * The outbox: notice.c queues a message (mail_enqueue) inside the transaction of the write
 * that causes it. A worker (io/mail_worker.c, in `kyodo serve` and `kyodo mail send`)
 * claims the next due message with a lease in one statement (mail_claim: two workers,
 * in one process or in several sharing the database, never hold the same message), hands
 * it to the relay, and ends the attempt (mail_attempt_end): sent; or again later after a
 * pause that doubles with each failed attempt (1 min, 2, 4 … up to 1 hour, the base set by
 * KYODO_MAIL_RETRY_BASE_S); or failed, when the relay refused it for good (a 5xx answer) or
 * it is still undelivered MAIL_GIVE_UP_S after it was queued. Each attempt is logged.
 * Failed messages can be queued again (mail_requeue). Nothing leaves the outbox by itself. */
#ifndef KYODO_MAIL_H
#define KYODO_MAIL_H
#include "domain/actor.h"
struct store;
struct arena;
struct problems;

#define MAIL_GIVE_UP_S (7 * 24 * 3600)	/* a week: a relay down over a long holiday still delivers */
#define MAIL_RETRY_BASE_S 60	/* the first pause; doubles with each failed attempt */
#define MAIL_RETRY_MAX_S 3600	/* the longest pause */
#define MAIL_LEASE_S 300	/* a claim holds a message this long (a send times out far sooner) */
#define MAIL_PASSWORD_ENV "KYODO_SMTP_PASSWORD"

enum mail_security { MAIL_SEC_STARTTLS, MAIL_SEC_TLS, MAIL_SEC_NONE, MAIL_SEC__MAX };
extern const char *const mail_security_names[MAIL_SEC__MAX];	/* "starttls", "tls", "none" */

struct mail_settings {
	const char *host;	/* "" = not configured: messages wait in the outbox */
	int port;		/* default 587 (STARTTLS), 465 (TLS), 25 (none) */
	enum mail_security security;
	const char *user;	/* "" = no login */
	const char *from, *from_name;	/* From address (required to send) and display name */
	const char *base_url;	/* "https://kyodo.city.example.jp", no trailing slash; "" = none */
};
/* The settings as stored (defaults for what is missing); strings from a. 0 or a store_rc. */
int mail_settings_get(struct store *st, struct arena *a, struct mail_settings *ms);
/* The city's base URL alone ("" when not set), from a. */
const char *mail_base_url(struct store *st, struct arena *a);

enum mail_setting_field {
	MAIL_SET_HOST, MAIL_SET_PORT, MAIL_SET_SECURITY, MAIL_SET_USER, MAIL_SET_FROM, MAIL_SET_FROM_NAME,
	MAIL_SET_BASE_URL, MAIL_SET__MAX
};
extern const char *const mail_setting_keys[MAIL_SET__MAX];	/* "mail.host", … "site.base_url" */
/* The name of each field as a form sends it and as a problem names it: "host", "port",
 * "security", "user", "from", "from_name", "base_url". */
extern const char *const mail_setting_names[MAIL_SET__MAX];
/* Admin only. values[f] for each field (NULL = ""). Every problem is added to e at once
 * (domain/problems.h, each named by mail_setting_names; returns -1, nothing written);
 * otherwise every key written and audited ("set", "mail-settings": the values before and
 * after) in one transaction. */
int mail_settings_save(struct store *st, const struct actor *who, const char *const values[MAIL_SET__MAX],
		       struct problems *e);

/* ---- the outbox ---- */

/* Queues a message (inside the caller's transaction): user_id 0 for an address alone.
 * subject and body are the final text (body with the link and footer). 0 or a store_rc. */
int mail_enqueue(struct store *st, long long user_id, const char *address, const char *event, const char *subject,
		 const char *body);

struct mail_item {
	long long id, user_id, created_at, queued_at, next_at, done_at;
	int attempts;		/* made so far (a claim counts one) */
	char *recipient, *event, *subject, *body, *token, *state, *last_error;
};
/* Claims the next message due by due_by, not leased by another worker, for owner until
 * now + lease_s. 1 claimed (*out filled from a), 0 none, or a store_rc. */
int mail_claim(struct store *st, struct arena *a, const char *owner, long long now, long long due_by, int lease_s,
	       struct mail_item *out);
/* Every queued message due now, whatever its backoff (an operator retries at once). */
int mail_all_due(struct store *st, long long now);
enum mail_outcome { MAIL_SENT, MAIL_TEMPORARY, MAIL_PERMANENT };
/* Ends an attempt of the lease holder and logs it (detail: what the relay said). A
 * temporary failure waits mail_retry_delay(attempts, base_s), or fails the message when
 * that would pass MAIL_GIVE_UP_S since it was queued. *state_out (may be NULL): the
 * message's state after ("sent", "queued", "failed"). 0, 1 when the lease had been lost
 * (another worker owns the message now: nothing written), or a store_rc. */
int mail_attempt_end(struct store *st, const struct mail_item *it, const char *owner, long long now,
		     enum mail_outcome outcome, const char *detail, int base_s, const char **state_out);
/* The pause before the next attempt after `attempts` failed ones: base × 2^(attempts−1),
 * at most MAIL_RETRY_MAX_S (and at least base). */
long long mail_retry_delay(int attempts, int base_s);
/* When a queued message is next due or its lease ends (0 = nothing queued). */
int mail_next_at(struct store *st, long long *at);

struct mail_counts {
	long long queued, due, leased, sent, failed;
	long long oldest_queued;	/* created_at of the oldest queued message, 0 none */
};
int mail_counts(struct store *st, long long now, struct mail_counts *c);
/* The log: a page (from 1) of messages, newest first; state "" = every. *total of all. */
int mail_list(struct store *st, struct arena *a, const char *state, int page, int per_page, struct mail_item **out,
	      int *n, int *total);
int mail_get(struct store *st, struct arena *a, long long id, struct mail_item *out);	/* 0, NOTICE-like -100, rc */
#define MAIL_NOT_FOUND (-100)
struct mail_attempt { long long at; int ok; char *detail; };
int mail_attempts(struct store *st, struct arena *a, long long id, struct mail_attempt **out, int *n);
/* Admin: failed messages queued again, due now (id 0 = every failed one); *count. Audited. */
int mail_requeue(struct store *st, const struct actor *who, long long id, int *count);

/* A new random token (hex) for a Message-ID, into out (at least 33 bytes). */
void mail_token(char *out, unsigned long n);

#endif
