/* session: login sessions. The browser holds a 256-bit random token (base64url) in the
 * cookie kyodo_session; the database holds only its SHA-256 (hex), the user, a CSRF token
 * and the expiry (12 h). Rotated at login and at a password change. */
#ifndef KYODO_SESSION_H
#define KYODO_SESSION_H
struct store;
struct arena;
struct req;

#define SESSION_COOKIE "kyodo_session"
#define SESSION_LIFETIME_S (12 * 3600)

/* Creates a session for user_id. *set_cookie (arena) is the Set-Cookie value; *csrf the
 * new CSRF token. Also purges expired sessions. Returns 0 or a store_rc (< 0). */
int session_create(struct store *st, struct arena *a, long long user_id, const char **set_cookie,
		   const char **csrf);
/* Looks the cookie token up; on success fills r->who (arena strings) and r->csrf and
 * returns 1; 0 when unknown/expired/disabled; < 0 store_rc. */
int session_lookup(struct store *st, const char *token, struct req *r);
/* Deletes the session of this token (logout, rotation). 0 or store_rc. */
int session_destroy(struct store *st, const char *token);
/* Deletes every session of a user (password change). 0 or store_rc. */
int session_destroy_user(struct store *st, long long user_id);
int session_purge(struct store *st);
/* Set-Cookie value that removes the session cookie. */
const char *session_clear_cookie(struct arena *a);
/* The CSRF token check: 1 when given equals expected (constant time), else 0. */
int session_csrf_ok(const char *expected, const char *given);

#endif
