/* mail: the mail settings and the outbox — queueing, claiming with a lease, ending an
 * attempt with backoff, counts, the log, queueing failed messages again (see mail.h). */
#include "domain/mail.h"
#include "domain/audit.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const mail_security_names[MAIL_SEC__MAX] = {
	[MAIL_SEC_STARTTLS] = "starttls",
	[MAIL_SEC_TLS] = "tls",
	[MAIL_SEC_NONE] = "none",
};

const char *const mail_setting_keys[MAIL_SET__MAX] = {
	[MAIL_SET_HOST] = "mail.host",
	[MAIL_SET_PORT] = "mail.port",
	[MAIL_SET_SECURITY] = "mail.security",
	[MAIL_SET_USER] = "mail.user",
	[MAIL_SET_FROM] = "mail.from",
	[MAIL_SET_FROM_NAME] = "mail.from_name",
	[MAIL_SET_BASE_URL] = "site.base_url",
};

const char *const mail_setting_names[MAIL_SET__MAX] = {
	[MAIL_SET_HOST] = "host",
	[MAIL_SET_PORT] = "port",
	[MAIL_SET_SECURITY] = "security",
	[MAIL_SET_USER] = "user",
	[MAIL_SET_FROM] = "from",
	[MAIL_SET_FROM_NAME] = "from_name",
	[MAIL_SET_BASE_URL] = "base_url",
};

/* ---- settings ---- */

static const char *mail_setting(struct store *st, struct arena *a, const char *key)
{
	struct stmt *s = store_prepare(st, STMT_SETTING_GET);
	if (!s)
		return NULL;
	stmt_bind_text(s, 1, key);
	int rc = stmt_step(s);
	const char *v = rc == 1 ? stmt_text_dup(s, a, 0) : rc == 0 ? "" : NULL;
	stmt_reset(s);
	return v;
}

static int mail_security_parse(const char *s, enum mail_security *out)
{
	for (int i = 0; i < MAIL_SEC__MAX; i++)
		if (s && strcmp(s, mail_security_names[i]) == 0) {
			*out = (enum mail_security)i;
			return 0;
		}
	return -1;
}

static int mail_default_port(enum mail_security sec)
{
	return sec == MAIL_SEC_TLS ? 465 : sec == MAIL_SEC_NONE ? 25 : 587;
}

int mail_settings_get(struct store *st, struct arena *a, struct mail_settings *ms)
{
	const char *v[MAIL_SET__MAX];
	for (int i = 0; i < MAIL_SET__MAX; i++)
		if (!(v[i] = mail_setting(st, a, mail_setting_keys[i])))
			return STORE_ERR;
	memset(ms, 0, sizeof *ms);
	if (mail_security_parse(v[MAIL_SET_SECURITY], &ms->security) != 0)
		ms->security = MAIL_SEC_STARTTLS;
	ms->host = v[MAIL_SET_HOST];
	ms->port = atoi(v[MAIL_SET_PORT]);
	if (ms->port < 1 || ms->port > 65535)
		ms->port = mail_default_port(ms->security);
	ms->user = v[MAIL_SET_USER];
	ms->from = v[MAIL_SET_FROM];
	ms->from_name = v[MAIL_SET_FROM_NAME];
	ms->base_url = v[MAIL_SET_BASE_URL];
	return 0;
}

const char *mail_base_url(struct store *st, struct arena *a)
{
	const char *v = mail_setting(st, a, mail_setting_keys[MAIL_SET_BASE_URL]);
	return v ? v : "";
}

static void mail_err(struct problems *e, enum mail_setting_field f, const char *msg)
{
	problems_add(e, mail_setting_names[f], msg);
}

/* A host name or address: letters, digits, '.', '-', or an IPv6 address in brackets. */
static int mail_host_ok(const char *h)
{
	size_t n = strlen(h);
	if (n == 0 || n > 253)
		return 0;
	if (h[0] == '[')
		return n > 2 && h[n - 1] == ']' && strspn(h + 1, "0123456789abcdefABCDEF:.") == n - 2;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-'))
			return 0;
	return h[0] != '-' && h[0] != '.';
}

/* Printable ASCII without spaces (a login name for the relay). */
static int mail_login_ok(const char *u)
{
	size_t n = strlen(u);
	if (n > 254)
		return 0;
	for (const char *p = u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F)
			return 0;
	return 1;
}

/* "http(s)://host[:port][/path]" without spaces, quotes or control characters. */
static int mail_base_url_ok(const char *u)
{
	const char *rest = strncmp(u, "https://", 8) == 0 ? u + 8 : strncmp(u, "http://", 7) == 0 ? u + 7 : NULL;
	if (!rest || !*rest || *rest == '/' || strlen(u) > 200)
		return 0;
	for (const char *p = u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"'<>\\`{}|^", *p))
			return 0;
	return 1;
}

static size_t mail_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int mail_settings_save(struct store *st, const struct actor *who, const char *const values[MAIL_SET__MAX],
		       struct problems *e)
{
	if (who->role != ROLE_ADMIN) {
		problems_add(e, NULL, N_("Only the collaboration division changes the mail settings."));
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	const char *v[MAIL_SET__MAX];
	for (int i = 0; i < MAIL_SET__MAX; i++) {
		const char *x = values[i] ? values[i] : "";
		size_t n = strlen(x);
		while (n && (x[n - 1] == ' ' || x[n - 1] == '\t'))
			n--;
		while (n && (*x == ' ' || *x == '\t'))
			x++, n--;
		v[i] = arena_strndup(a, x, n);
	}
	enum mail_security sec = MAIL_SEC_STARTTLS;
	if (mail_security_parse(v[MAIL_SET_SECURITY], &sec) != 0)
		mail_err(e, MAIL_SET_SECURITY, N_("Choose how the connection to the relay is protected."));
	if (*v[MAIL_SET_HOST] && !mail_host_ok(v[MAIL_SET_HOST]))
		mail_err(e, MAIL_SET_HOST, N_("Write the relay's host name (such as smtp.city.example.jp) or its address."));
	long long port = 0;
	if (*v[MAIL_SET_PORT] && (jtext_uint(v[MAIL_SET_PORT], &port) != 0 || port < 1 || port > 65535))
		mail_err(e, MAIL_SET_PORT, N_("The port is a whole number from 1 to 65535."));
	if (!*v[MAIL_SET_PORT])
		port = mail_default_port(sec);
	v[MAIL_SET_PORT] = arena_printf(a, "%lld", port);
	if (!mail_login_ok(v[MAIL_SET_USER]))
		mail_err(e, MAIL_SET_USER, N_("The login name for the relay is letters, digits and signs, without spaces."));
	const char *from = *v[MAIL_SET_FROM] ? jtext_email(a, v[MAIL_SET_FROM]) : "";
	if (!from)
		mail_err(e, MAIL_SET_FROM, N_("Write the sender's address as name@example.jp."));
	else if (!*from && *v[MAIL_SET_HOST])
		mail_err(e, MAIL_SET_FROM, N_("A sender's address is needed to send mail."));
	else
		v[MAIL_SET_FROM] = from;
	if (jtext_text_problem(v[MAIL_SET_FROM_NAME], 0) || mail_chars(v[MAIL_SET_FROM_NAME]) > 100)
		mail_err(e, MAIL_SET_FROM_NAME, N_("The sender's name is one line of up to 100 characters."));
	char *url = arena_strdup(a, v[MAIL_SET_BASE_URL]);
	for (size_t n = url ? strlen(url) : 0; n > 0 && url[n - 1] == '/'; n--)
		url[n - 1] = '\0';
	if (url && *url && !mail_base_url_ok(url))
		mail_err(e, MAIL_SET_BASE_URL,
			 N_("Write the address people open Kyodo at, starting with https:// (such as https://kyodo.city.example.jp)."));
	v[MAIL_SET_BASE_URL] = url;
	for (int i = 0; i < MAIL_SET__MAX; i++)
		if (!v[i]) {
			arena_free(a);
			return STORE_ERR;
		}
	if (problems_any(e)) {
		arena_free(a);
		return -1;
	}
	json_t *before = json_object(), *after = json_object();
	int rc = store_begin(st);
	for (int i = 0; rc == 0 && i < MAIL_SET__MAX; i++) {
		const char *old = mail_setting(st, a, mail_setting_keys[i]);
		if (!old) {
			rc = STORE_ERR;
			break;
		}
		json_object_set_new(before, mail_setting_keys[i], json_string(old));
		json_object_set_new(after, mail_setting_keys[i], json_string(v[i]));
		struct stmt *s = store_prepare(st, STMT_SETTING_SET);
		rc = STORE_ERR;
		if (s) {
			stmt_bind_text(s, 1, mail_setting_keys[i]);
			stmt_bind_text(s, 2, v[i]);
			rc = stmt_exec(s);
		}
	}
	char *b = rc == 0 ? json_dumps(before, JSON_COMPACT) : NULL, *t = rc == 0 ? json_dumps(after, JSON_COMPACT) : NULL;
	if (rc == 0)
		rc = b && t ? audit_record(st, who, "set", "mail-settings", 0, b, t) : STORE_ERR;
	free(b);
	free(t);
	json_decref(before);
	json_decref(after);
	if (rc != 0)
		store_rollback(st);
	else
		rc = store_commit(st);
	arena_free(a);
	return rc;
}

/* ---- the outbox ---- */

void mail_token(char *out, unsigned long n)
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	if (n >= sizeof raw * 2 + 1)
		sodium_bin2hex(out, n, raw, sizeof raw);
	else if (n)
		out[0] = '\0';
}

int mail_enqueue(struct store *st, long long user_id, const char *address, const char *event, const char *subject,
		 const char *body)
{
	char token[33];
	mail_token(token, sizeof token);
	struct stmt *s = store_prepare(st, STMT_MAIL_ENQUEUE);
	if (!s)
		return STORE_ERR;
	if (user_id > 0)
		stmt_bind_int(s, 1, user_id);
	else
		stmt_bind_null(s, 1);
	stmt_bind_text(s, 2, address);
	stmt_bind_text(s, 3, event);
	stmt_bind_text(s, 4, subject);
	stmt_bind_text(s, 5, body);
	stmt_bind_text(s, 6, token);
	stmt_bind_int(s, 7, (long long)time(NULL));
	return stmt_exec(s);
}

/* The columns of SQL_MAIL_COLS into it. */
static int mail_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct mail_item *it = elem;
	it->id = stmt_int(s, 0);
	it->recipient = stmt_text_dup(s, a, 1);
	it->event = stmt_text_dup(s, a, 2);
	it->subject = stmt_text_dup(s, a, 3);
	it->body = stmt_text_dup(s, a, 4);
	it->token = stmt_text_dup(s, a, 5);
	it->created_at = stmt_int(s, 6);
	it->queued_at = stmt_int(s, 7);
	it->state = stmt_text_dup(s, a, 8);
	it->attempts = (int)stmt_int(s, 9);
	it->next_at = stmt_int(s, 10);
	it->last_error = stmt_text_dup(s, a, 11);
	it->done_at = stmt_int(s, 12);
	it->user_id = stmt_int(s, 13);
	return it->last_error ? 0 : STORE_ERR;
}

int mail_claim(struct store *st, struct arena *a, const char *owner, long long now, long long due_by, int lease_s,
	       struct mail_item *out)
{
	memset(out, 0, sizeof *out);
	/* BEGIN IMMEDIATE: the claim waits for the write lock (busy timeout) instead of failing
	 * on a snapshot another process has just changed. */
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_MAIL_CLAIM);
	int got = 0;
	rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, owner);
		stmt_bind_int(s, 2, now + lease_s);
		stmt_bind_int(s, 3, now);
		stmt_bind_int(s, 4, due_by);
		rc = stmt_step(s);
		if (rc == 1) {
			got = 1;
			rc = mail_row(s, a, out, NULL);
			if (rc == 0)
				while ((rc = stmt_step(s)) == 1)
					;
		}
		stmt_reset(s);
	}
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	rc = store_commit(st);
	return rc != 0 ? rc : got;
}

int mail_all_due(struct store *st, long long now)
{
	struct stmt *s = store_prepare(st, STMT_MAIL_ALL_DUE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, now);
	return stmt_exec(s);
}

long long mail_retry_delay(int attempts, int base_s)
{
	long long d = base_s > 0 ? base_s : MAIL_RETRY_BASE_S;
	for (int i = 1; i < attempts && d < MAIL_RETRY_MAX_S; i++)
		d *= 2;
	return d > MAIL_RETRY_MAX_S ? MAIL_RETRY_MAX_S : d;
}

int mail_attempt_end(struct store *st, const struct mail_item *it, const char *owner, long long now,
		     enum mail_outcome outcome, const char *detail, int base_s, const char **state_out)
{
	const char *state = outcome == MAIL_SENT ? "sent" : "queued";
	long long next = 0;
	char why[600];
	snprintf(why, sizeof why, "%s", detail ? detail : "");
	if (outcome == MAIL_TEMPORARY) {
		next = now + mail_retry_delay(it->attempts, base_s);
		if (next - it->queued_at > MAIL_GIVE_UP_S) {
			state = "failed";
			snprintf(why, sizeof why, "%s (undelivered for %d days: given up)", detail ? detail : "",
				 MAIL_GIVE_UP_S / 86400);
		}
	} else if (outcome == MAIL_PERMANENT) {
		state = "failed";
	}
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_MAIL_ATTEMPT_INSERT);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, it->id);
		stmt_bind_int(s, 2, now);
		stmt_bind_int(s, 3, outcome == MAIL_SENT);
		stmt_bind_text(s, 4, detail ? detail : "");
		rc = stmt_exec(s);
	}
	enum stmt_id sid = strcmp(state, "sent") == 0 ? STMT_MAIL_SENT
			   : strcmp(state, "failed") == 0 ? STMT_MAIL_FAILED : STMT_MAIL_RETRY;
	int lost = 0;
	if (rc == 0 && (s = store_prepare(st, sid))) {
		stmt_bind_int(s, 1, it->id);
		stmt_bind_text(s, 2, owner);
		stmt_bind_int(s, 3, sid == STMT_MAIL_RETRY ? next : now);
		if (sid != STMT_MAIL_SENT)
			stmt_bind_text(s, 4, why);
		rc = stmt_exec(s);
		lost = rc == 0 && store_changes(st) == 0;
	} else if (rc == 0) {
		rc = STORE_ERR;
	}
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	rc = store_commit(st);
	if (state_out)
		*state_out = lost ? "lost" : state;
	return rc != 0 ? rc : lost;
}

static int mail_scalar_int(struct store *st, enum stmt_id id, long long *out)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	int rc = stmt_step(s);
	*out = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int mail_next_at(struct store *st, long long *at)
{
	return mail_scalar_int(st, STMT_MAIL_NEXT_AT, at);
}

int mail_counts(struct store *st, long long now, struct mail_counts *c)
{
	memset(c, 0, sizeof *c);
	struct stmt *s = store_prepare(st, STMT_MAIL_COUNTS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, now);
	int rc = stmt_step(s);
	if (rc == 1) {
		c->queued = stmt_int(s, 0);
		c->due = stmt_int(s, 1);
		c->leased = stmt_int(s, 2);
		c->sent = stmt_int(s, 3);
		c->failed = stmt_int(s, 4);
		c->oldest_queued = stmt_int(s, 5);
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int mail_list(struct store *st, struct arena *a, const char *state, int page, int per_page, struct mail_item **out,
	      int *n, int *total)
{
	*out = NULL;
	*n = *total = 0;
	if (page < 1)
		page = 1;
	if (per_page < 1)
		per_page = 50;
	struct stmt *s = store_prepare(st, STMT_MAIL_LIST_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, state ? state : "");
	int rc = stmt_step(s);
	*total = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	struct store_arg args[] = { SARG_TEXT(state ? state : ""), SARG_INT(per_page),
				    SARG_INT((long long)(page - 1) * per_page), SARG_END };
	struct store_list l;
	rc = store_list_read(st, a, STMT_MAIL_LIST, args, 0, sizeof **out, mail_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

int mail_get(struct store *st, struct arena *a, long long id, struct mail_item *out)
{
	memset(out, 0, sizeof *out);
	struct store_arg args[] = { SARG_INT(id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_MAIL_GET, args, 1, sizeof *out, mail_row, NULL, &l);
	if (rc != 0)
		return rc;
	if (l.n == 0)
		return MAIL_NOT_FOUND;
	*out = *(struct mail_item *)l.rows;
	return 0;
}

static int mail_attempt_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct mail_attempt *m = elem;
	m->at = stmt_int(s, 0);
	m->ok = (int)stmt_int(s, 1);
	m->detail = stmt_text_dup(s, a, 2);
	return 0;
}

int mail_attempts(struct store *st, struct arena *a, long long id, struct mail_attempt **out, int *n)
{
	struct store_arg args[] = { SARG_INT(id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_MAIL_ATTEMPTS, args, 0, sizeof **out, mail_attempt_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

int mail_requeue(struct store *st, const struct actor *who, long long id, int *count)
{
	*count = 0;
	if (who->role != ROLE_ADMIN)
		return -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_MAIL_REQUEUE);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, id);
		stmt_bind_int(s, 2, (long long)time(NULL));
		rc = stmt_exec(s);
	}
	if (rc == 0)
		*count = store_changes(st);
	if (rc == 0 && *count) {
		char after[64];
		snprintf(after, sizeof after, "{\"state\":\"queued\",\"messages\":%d}", *count);
		rc = audit_record(st, who, "requeue", "mail", id, "{\"state\":\"failed\"}", after);
	}
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
