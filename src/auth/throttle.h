/* throttle: login throttling over login_failures. Per account ("u:"+login) 5 failures and
 * per address ("a:"+ip) 20 failures within 15 minutes block further attempts; a success
 * clears the account's failures. */
#ifndef KYODO_THROTTLE_H
#define KYODO_THROTTLE_H
struct store;

#define THROTTLE_WINDOW_S (15 * 60)
#define THROTTLE_MAX_ACCOUNT 5
#define THROTTLE_MAX_ADDRESS 20

/* 1 when login attempts for login (may be NULL) or from ip are blocked, 0 when allowed,
 * < 0 store_rc. */
int throttle_blocked(struct store *st, const char *login, const char *ip);
/* Records one failure for the account and the address. 0 or store_rc. */
int throttle_fail(struct store *st, const char *login, const char *ip);
/* Clears the account's failures after a successful login. 0 or store_rc. */
int throttle_success(struct store *st, const char *login);

#endif
