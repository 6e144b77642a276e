/* throttle: login throttling and limits per address over login_attempts and
 * address_events (see throttle.h). Old rows are purged as new attempts arrive. */
#include "auth/throttle.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/jtext.h"
#include "util/log.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const throttle_kind_names[THROTTLE__MAX] = {
	[THROTTLE_PAIR] = "login-address",
	[THROTTLE_ADDRESS] = "address",
	[THROTTLE_ACCOUNT] = "login",
};

const struct throttle_limits throttle_defaults = {
	.per_name_addr = THROTTLE_MAX_PAIR,
	.per_addr = THROTTLE_MAX_ADDRESS,
	.per_name = THROTTLE_MAX_ACCOUNT,
};

int throttle_limit_of(const struct throttle_limits *l, enum throttle_kind kind)
{
	if (!l)
		l = &throttle_defaults;
	switch (kind) {
	case THROTTLE_PAIR:
		return l->per_name_addr > 0 ? l->per_name_addr : THROTTLE_MAX_PAIR;
	case THROTTLE_ADDRESS:
		return l->per_addr > 0 ? l->per_addr : THROTTLE_MAX_ADDRESS;
	default:
		return l->per_name > 0 ? l->per_name : THROTTLE_MAX_ACCOUNT;
	}
}

static const enum stmt_id throttle_lock_stmts[THROTTLE__MAX] = {
	[THROTTLE_PAIR] = STMT_LOGIN_LOCKS_PAIR,
	[THROTTLE_ADDRESS] = STMT_LOGIN_LOCKS_ADDRESS,
	[THROTTLE_ACCOUNT] = STMT_LOGIN_LOCKS_LOGIN,
};

int throttle_kind_parse(const char *s, enum throttle_kind *k)
{
	for (int i = 0; s && i < THROTTLE__MAX; i++)
		if (strcmp(s, throttle_kind_names[i]) == 0) {
			*k = (enum throttle_kind)i;
			return 0;
		}
	return -1;
}

static int throttle_exec_int(struct store *st, enum stmt_id id, long long v)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, v);
	return stmt_exec(s);
}

/* Inside the transaction: 1 when a limit is reached (logged), 0 when not, < 0 store_rc. */
static int throttle_over(struct store *st, const struct throttle_limits *l, const char *login, const char *address,
			 long long since)
{
	struct stmt *s = store_prepare(st, STMT_LOGIN_ATTEMPT_COUNTS);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, login);
	stmt_bind_text(s, 2, address);
	stmt_bind_int(s, 3, since);
	int rc = stmt_step(s);
	long long pair = rc == 1 ? stmt_int(s, 0) : 0, acct = rc == 1 ? stmt_int(s, 1) : 0,
		  addr = rc == 1 ? stmt_int(s, 2) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (pair < throttle_limit_of(l, THROTTLE_PAIR) && acct < throttle_limit_of(l, THROTTLE_ACCOUNT) &&
	    addr < throttle_limit_of(l, THROTTLE_ADDRESS))
		return 0;
	char name[160];	/* what a stranger typed: controls, bidi controls and invisibles as ⟨U+…⟩ */
	jtext_visible(login, name, sizeof name);
	log_info("login refused: '%s' from %s (failures in %d min: %lld of this name from this address, %lld from "
		 "this address, %lld of this name)",
		 name, address, THROTTLE_WINDOW_S / 60, pair, addr, acct);
	return 1;
}

int throttle_reserve(struct store *st, const struct throttle_limits *l, const char *login, const char *address,
		     long long *attempt)
{
	long long now = (long long)time(NULL);
	struct stmt *s;
	*attempt = 0;
	if (!login)
		login = "";
	if (!address)
		address = "";
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if ((rc = throttle_exec_int(st, STMT_LOGIN_ATTEMPT_PURGE, now - THROTTLE_WINDOW_S)) < 0 ||
	    (rc = throttle_over(st, l, login, address, now - THROTTLE_WINDOW_S)) != 0) {
		store_rollback(st);
		return rc;
	}
	if (!(s = store_prepare(st, STMT_LOGIN_ATTEMPT_INSERT))) {
		store_rollback(st);
		return STORE_ERR;
	}
	stmt_bind_text(s, 1, login);
	stmt_bind_text(s, 2, address);
	stmt_bind_int(s, 3, now);
	if ((rc = stmt_exec(s)) < 0) {
		store_rollback(st);
		return rc;
	}
	long long id = store_last_id(st);
	if ((rc = store_commit(st)) != 0)
		return rc;
	*attempt = id;
	return 0;
}

int throttle_success(struct store *st, const char *login, const char *address, long long attempt)
{
	int rc = throttle_exec_int(st, STMT_LOGIN_ATTEMPT_DELETE, attempt);
	if (rc < 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_LOGIN_ATTEMPT_CLEAR_PAIR);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, login ? login : "");
	stmt_bind_text(s, 2, address ? address : "");
	return stmt_exec(s);
}

int throttle_locks(struct store *st, const struct throttle_limits *lim, struct arena *a, struct throttle_lock **out,
		   int *n, int *cut)
{
	long long since = (long long)time(NULL) - THROTTLE_WINDOW_S;
	struct throttle_lock *v = arena_alloc(a, sizeof *v * THROTTLE__MAX * THROTTLE_LOCKS_MAX);
	int k = 0, rc = 0;
	*out = v;
	*n = 0;
	*cut = 0;
	if (!v)
		return STORE_ERR;
	for (int kind = 0; kind < THROTTLE__MAX && rc >= 0; kind++) {
		struct stmt *s = store_prepare(st, throttle_lock_stmts[kind]);
		if (!s)
			return STORE_ERR;
		stmt_bind_int(s, 1, since);
		stmt_bind_int(s, 2, throttle_limit_of(lim, (enum throttle_kind)kind));
		stmt_bind_int(s, 3, THROTTLE_LOCKS_MAX + 1);
		int rows = 0;
		while ((rc = stmt_step(s)) == 1) {
			if (++rows > THROTTLE_LOCKS_MAX) {
				*cut = 1;
				continue;
			}
			struct throttle_lock *l = &v[k++];
			l->kind = (enum throttle_kind)kind;
			l->login = arena_strdup(a, stmt_text(s, 0));
			l->address = arena_strdup(a, stmt_text(s, 1));
			l->failures = (int)stmt_int(s, 2);
			l->last_at = stmt_int(s, 3);
			l->until = stmt_int(s, 4) + THROTTLE_WINDOW_S;
			if (!l->login || !l->address)
				rc = STORE_ERR;
		}
		stmt_reset(s);
	}
	*n = k;
	return rc < 0 ? rc : 0;
}

int throttle_lift(struct store *st, const struct actor *who, enum throttle_kind kind, const char *login,
		  const char *address, int *lifted)
{
	static const enum stmt_id clear[THROTTLE__MAX] = {
		[THROTTLE_PAIR] = STMT_LOGIN_ATTEMPT_CLEAR_PAIR,
		[THROTTLE_ADDRESS] = STMT_LOGIN_ATTEMPT_CLEAR_ADDRESS,
		[THROTTLE_ACCOUNT] = STMT_LOGIN_ATTEMPT_CLEAR_LOGIN,
	};
	*lifted = 0;
	if (!login)
		login = "";
	if (!address)
		address = "";
	if ((unsigned)kind >= THROTTLE__MAX || ((kind == THROTTLE_PAIR || kind == THROTTLE_ACCOUNT) && !*login) ||
	    ((kind == THROTTLE_PAIR || kind == THROTTLE_ADDRESS) && !*address))
		return 1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, clear[kind]);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	if (kind == THROTTLE_ADDRESS) {
		stmt_bind_text(s, 1, address);
	} else {
		stmt_bind_text(s, 1, login);
		if (kind == THROTTLE_PAIR)
			stmt_bind_text(s, 2, address);
	}
	if ((rc = stmt_exec(s)) < 0) {
		store_rollback(st);
		return rc;
	}
	*lifted = store_changes(st);
	json_t *j = json_pack("{s:s,s:s,s:s,s:i}", "kind", throttle_kind_names[kind], "login", login, "address",
			      address, "failures", *lifted);
	char *before = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	rc = before ? audit_record(st, who, "login-lock.lift", "login_lock", 0, before, NULL) : STORE_ERR;
	free(before);
	if (rc < 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int throttle_event_reserve(struct store *st, const char *kind, const char *address, int limit, int window_s,
			   long long *id)
{
	long long now = (long long)time(NULL);
	struct stmt *s;
	*id = 0;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if (!(s = store_prepare(st, STMT_ADDRESS_EVENT_PURGE)))
		goto fail;
	stmt_bind_text(s, 1, kind);
	stmt_bind_int(s, 2, now - window_s);
	if ((rc = stmt_exec(s)) < 0)
		goto out;
	if (!(s = store_prepare(st, STMT_ADDRESS_EVENT_COUNT)))
		goto fail;
	stmt_bind_text(s, 1, kind);
	stmt_bind_text(s, 2, address ? address : "");
	stmt_bind_int(s, 3, now - window_s);
	rc = stmt_step(s);
	if (rc == 1)
		rc = stmt_int(s, 0) >= limit;
	stmt_reset(s);
	if (rc != 0)
		goto out;
	if (!(s = store_prepare(st, STMT_ADDRESS_EVENT_INSERT)))
		goto fail;
	stmt_bind_text(s, 1, kind);
	stmt_bind_text(s, 2, address ? address : "");
	stmt_bind_int(s, 3, now);
	if ((rc = stmt_exec(s)) < 0)
		goto out;
	long long nid = store_last_id(st);
	if ((rc = store_commit(st)) == 0)
		*id = nid;
	return rc;
fail:
	rc = STORE_ERR;
out:
	store_rollback(st);
	return rc;
}

int throttle_event_release(struct store *st, long long id)
{
	return throttle_exec_int(st, STMT_ADDRESS_EVENT_DELETE, id);
}
