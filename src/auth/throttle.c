/* throttle: login throttling (see throttle.h). Failures are rows in login_failures;
 * rows older than the window are purged as new ones arrive. */
#include "auth/throttle.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static int throttle_count(struct store *st, const char *prefix, const char *id, long long since)
{
	char key[300];
	snprintf(key, sizeof key, "%s%s", prefix, id);
	struct stmt *s = store_prepare(st, STMT_LOGIN_FAIL_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, key);
	stmt_bind_int(s, 2, since);
	int rc = stmt_step(s);
	int n = rc == 1 ? (int)stmt_int(s, 0) : rc;
	stmt_reset(s);
	return n;
}

int throttle_blocked(struct store *st, const char *login, const char *ip)
{
	long long since = (long long)time(NULL) - THROTTLE_WINDOW_S;
	int n;
	if (login && *login) {
		n = throttle_count(st, "u:", login, since);
		if (n < 0)
			return n;
		if (n >= THROTTLE_MAX_ACCOUNT)
			return 1;
	}
	if (ip && *ip) {
		n = throttle_count(st, "a:", ip, since);
		if (n < 0)
			return n;
		if (n >= THROTTLE_MAX_ADDRESS)
			return 1;
	}
	return 0;
}

static int throttle_insert(struct store *st, const char *prefix, const char *id, long long now)
{
	char key[300];
	snprintf(key, sizeof key, "%s%s", prefix, id);
	struct stmt *s = store_prepare(st, STMT_LOGIN_FAIL_INSERT);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, key);
	stmt_bind_int(s, 2, now);
	return stmt_exec(s);
}

int throttle_fail(struct store *st, const char *login, const char *ip)
{
	long long now = (long long)time(NULL);
	int rc = 0;
	struct stmt *s = store_prepare(st, STMT_LOGIN_FAIL_PURGE);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, now - THROTTLE_WINDOW_S);
	if ((rc = stmt_exec(s)) < 0)
		goto out;
	if (login && *login && (rc = throttle_insert(st, "u:", login, now)) < 0)
		goto out;
	if (ip && *ip && (rc = throttle_insert(st, "a:", ip, now)) < 0)
		goto out;
out:
	return rc;
}

int throttle_success(struct store *st, const char *login)
{
	char key[300];
	if (!login || !*login)
		return 0;
	snprintf(key, sizeof key, "u:%s", login);
	struct stmt *s = store_prepare(st, STMT_LOGIN_FAIL_CLEAR);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, key);
	return stmt_exec(s);
}
