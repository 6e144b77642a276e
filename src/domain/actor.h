/* actor: who is acting — a logged-in user, the command line, or the anonymous public —
 * and the roles of DOMAIN.md. Routes declare roles as a bitmask of ROLE_BIT(r). */
#ifndef KYODO_ACTOR_H
#define KYODO_ACTOR_H

enum role {
	ROLE_PUBLIC,	/* anonymous */
	ROLE_ADMIN,	/* collaboration division (協働推進課) */
	ROLE_STAFF,	/* department staff (担当課), bound to one department */
	ROLE_COORDINATOR,	/* civic activity center (市民活動推進センター) */
	ROLE_GROUP,	/* a registered group, bound to one group */
	ROLE_COMMITTEE,	/* committee member (協働推進委員会) */
	ROLE__MAX
};
extern const char *const role_names[ROLE__MAX];	/* "public", "admin", … */
int role_parse(const char *s, enum role *r);

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ANY ((1u << ROLE__MAX) - 1)
#define ROLES_LOGGED_IN (ROLES_ANY & ~ROLE_BIT(ROLE_PUBLIC))

struct actor {
	long long user_id;	/* 0 for the public and the command line */
	const char *login;	/* "cli" for the command line, "" for the public */
	const char *display_name;
	enum role role;
	long long department_id;	/* staff only; 0 otherwise */
	const char *department_name;
	long long org_id;	/* group only: the actor (domain/org.h) the account belongs to; 0 otherwise */
	const char *address;	/* the client's address (web requests; NULL on the command line), audited */
	const char *address_key;	/* the address as limits per address count it (an IPv6
					 * client by its /64: http/proxy.h proxy_limit_key), or NULL */
};

/* The actor for command-line writes: acts with admin rights, audited as "cli:USER". */
void actor_cli(struct actor *a, char *namebuf, unsigned long n);

#endif
