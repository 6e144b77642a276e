/* throttle: login throttling, and other limits counted per client address. The address
 * every function here takes is the client's limit key (http/proxy.h proxy_limit_key, the
 * request's client_key): an IPv6 client is counted by its /64.
 *
 * Logins. Every attempt is a row in login_attempts, written before the password is
 * checked; a success deletes it (and the earlier failures of that login from that
 * address), so the rows that remain are failures. Within THROTTLE_WINDOW_S (15 minutes):
 *   - THROTTLE_MAX_PAIR (5) failures of one login from one address block that login from
 *     that address: a stranger's guesses do not lock the owner out of their own address;
 *   - THROTTLE_MAX_ADDRESS (20) failures from one address, whatever the logins, block
 *     that address;
 *   - THROTTLE_MAX_ACCOUNT (50) failures of one login from all addresses together block
 *     that login everywhere: only guessing spread over at least 10 addresses reaches it.
 * The check and the record are one transaction (BEGIN IMMEDIATE), so N parallel attempts
 * check at most the limit's number of passwords; a refused attempt is not recorded. An
 * admin sees the current locks and lifts one (audited): /admin/locks, or
 * `kyodo user unlock LOGIN`.
 *
 * Other limits per address (throttle_event_*): a kind ("register-login" …), a limit and
 * a window; reserved the same way before the work, released when it did not count. */
#ifndef KYODO_THROTTLE_H
#define KYODO_THROTTLE_H
#include "domain/actor.h"
struct store;
struct arena;

#define THROTTLE_WINDOW_S (15 * 60)
#define THROTTLE_MAX_PAIR 5
#define THROTTLE_MAX_ADDRESS 20
#define THROTTLE_MAX_ACCOUNT 50

enum throttle_kind {
	THROTTLE_PAIR,		/* one login from one address */
	THROTTLE_ADDRESS,	/* one address, every login */
	THROTTLE_ACCOUNT,	/* one login, every address */
	THROTTLE__MAX
};
extern const char *const throttle_kind_names[THROTTLE__MAX];	/* "login-address", "address", "login" */
int throttle_kind_parse(const char *s, enum throttle_kind *k);

/* The limits in force (failures within the window). The two per address can be set
 * (`kyodo serve --login-limit-per-addr N --login-limit-per-name-addr N`): a city hall
 * whose staff all come through one NAT address needs a larger per-address limit, or a few
 * people's mistyped passwords stop everyone's logins. NULL anywhere means the defaults. */
struct throttle_limits {
	int per_name_addr;	/* THROTTLE_PAIR: one login name from one address */
	int per_addr;		/* THROTTLE_ADDRESS: one address, whatever the names */
	int per_name;		/* THROTTLE_ACCOUNT: one login name from every address */
};
extern const struct throttle_limits throttle_defaults;	/* 5, 20, 50 */
/* The limit of one kind (l NULL: the default). */
int throttle_limit_of(const struct throttle_limits *l, enum throttle_kind kind);

/* Before checking a password of login from address: 1 when blocked (nothing recorded),
 * 0 when the attempt is recorded (*attempt is its id), < 0 store_rc. */
int throttle_reserve(struct store *st, const struct throttle_limits *l, const char *login, const char *address,
		     long long *attempt);
/* The password was right: the attempt and the failures of login from address go (the
 * address's failures for other logins, and the login's from other addresses, stay). */
int throttle_success(struct store *st, const char *login, const char *address, long long attempt);

struct throttle_lock {
	enum throttle_kind kind;
	const char *login, *address;	/* "" where the kind has none */
	int failures;
	long long last_at, until;	/* unix seconds: the last failure; when it lifts by itself */
};
#define THROTTLE_LOCKS_MAX 200	/* per kind */
/* The locks in force now under the limits l, newest first per kind, into an arena array.
 * 0 or store_rc; *cut is set when a kind had more than THROTTLE_LOCKS_MAX. */
int throttle_locks(struct store *st, const struct throttle_limits *l, struct arena *a, struct throttle_lock **out,
		   int *n, int *cut);
/* Lifts a lock: deletes the failures it counts (kind PAIR: login from address; ADDRESS:
 * from address; ACCOUNT: of login). Audited as "login-lock.lift". *lifted = rows deleted.
 * 0, 1 (kind, login and address do not name a lock), or store_rc. */
int throttle_lift(struct store *st, const struct actor *who, enum throttle_kind kind, const char *login,
		  const char *address, int *lifted);

/* One event of kind from address, reserved before the work: 1 when address had limit
 * events of that kind within window_s already (nothing recorded), 0 when recorded (*id),
 * < 0 store_rc. */
int throttle_event_reserve(struct store *st, const char *kind, const char *address, int limit, int window_s,
			   long long *id);
/* The work did not count after all: the reserved event goes. */
int throttle_event_release(struct store *st, long long id);

#endif
