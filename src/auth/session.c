/* session: login sessions and their CSRF tokens (see session.h). */
#include "auth/session.h"
#include "http/http.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SESSION_TOKEN_BYTES 32
#define SESSION_B64_LEN sodium_base64_ENCODED_LEN(SESSION_TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)

static void session_random_token(char out[SESSION_B64_LEN])
{
	unsigned char raw[SESSION_TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SESSION_B64_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

static void session_hash(const char *token, char out[crypto_hash_sha256_BYTES * 2 + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, crypto_hash_sha256_BYTES * 2 + 1, h, sizeof h);
}

static const char *session_secure_attr(void)
{
	const char *s = getenv("KYODO_SECURE_COOKIES");
	return s && strcmp(s, "1") == 0 ? "; Secure" : "";
}

int session_purge(struct store *st)
{
	struct stmt *s = store_prepare(st, STMT_SESSION_PURGE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, (long long)time(NULL));
	return stmt_exec(s);
}

int session_create(struct store *st, struct arena *a, long long user_id, const char **set_cookie,
		   const char **csrf)
{
	char token[SESSION_B64_LEN], csrf_tok[SESSION_B64_LEN];
	char hash[crypto_hash_sha256_BYTES * 2 + 1];
	int rc = STORE_ERR;
	session_random_token(token);
	session_random_token(csrf_tok);
	session_hash(token, hash);
	long long now = (long long)time(NULL);
	(void)session_purge(st);	/* best effort */
	struct stmt *s = store_prepare(st, STMT_SESSION_INSERT);
	if (!s)
		goto out;
	stmt_bind_text(s, 1, hash);
	stmt_bind_int(s, 2, user_id);
	stmt_bind_text(s, 3, csrf_tok);
	stmt_bind_int(s, 4, now);
	stmt_bind_int(s, 5, now + SESSION_LIFETIME_S);
	rc = stmt_exec(s);
	if (rc < 0) {
		log_error("session: cannot store a session: %s", store_errmsg(st));
		goto out;
	}
	*set_cookie = arena_printf(a, SESSION_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s", token,
				   SESSION_LIFETIME_S, session_secure_attr());
	*csrf = arena_strdup(a, csrf_tok);
	rc = (*set_cookie && *csrf) ? 0 : STORE_ERR;
out:
	sodium_memzero(token, sizeof token);
	return rc;
}

int session_lookup(struct store *st, const char *token, struct req *r)
{
	char hash[crypto_hash_sha256_BYTES * 2 + 1];
	if (!token || strlen(token) != SESSION_B64_LEN - 1)
		return 0;
	session_hash(token, hash);
	struct stmt *s = store_prepare(st, STMT_SESSION_LOOKUP);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, hash);
	stmt_bind_int(s, 2, (long long)time(NULL));
	int rc = stmt_step(s);
	if (rc <= 0) {
		stmt_reset(s);
		return rc;
	}
	/* s.user_id, s.csrf, u.login, u.display_name, u.role, u.department_id, d.name, u.org_id */
	enum role role;
	if (role_parse(stmt_text(s, 4), &role) < 0 || role == ROLE_PUBLIC) {
		stmt_reset(s);
		return 0;
	}
	struct actor w = {
		.user_id = stmt_int(s, 0),
		.login = arena_strdup(r->a, stmt_text(s, 2)),
		.display_name = arena_strdup(r->a, stmt_text(s, 3)),
		.role = role,
		.department_id = stmt_int(s, 5),
		.department_name = arena_strdup(r->a, stmt_text(s, 6) ? stmt_text(s, 6) : ""),
		.org_id = stmt_int(s, 7),
	};
	const char *csrf = arena_strdup(r->a, stmt_text(s, 1));
	stmt_reset(s);
	if (!w.login || !w.display_name || !w.department_name || !csrf)
		return STORE_ERR;
	r->who = w;
	r->csrf = csrf;
	return 1;
}

int session_destroy(struct store *st, const char *token)
{
	char hash[crypto_hash_sha256_BYTES * 2 + 1];
	if (!token || !*token)
		return 0;
	session_hash(token, hash);
	struct stmt *s = store_prepare(st, STMT_SESSION_DELETE);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, hash);
	return stmt_exec(s);
}

int session_destroy_user(struct store *st, long long user_id)
{
	struct stmt *s = store_prepare(st, STMT_SESSION_DELETE_USER);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, user_id);
	return stmt_exec(s);
}

const char *session_clear_cookie(struct arena *a)
{
	return arena_printf(a, SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", session_secure_attr());
}

int session_csrf_ok(const char *expected, const char *given)
{
	if (!expected || !given)
		return 0;
	size_t n = strlen(expected);
	if (n == 0 || strlen(given) != n)
		return 0;
	return sodium_memcmp(expected, given, n) == 0;
}
