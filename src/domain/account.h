/* account: departments and user accounts (roles, passwords, disabling). Passwords are
 * hashed with argon2id (libsodium) in auth/password.c; nothing here sees a plain
 * password after hashing it. */
#ifndef KYODO_ACCOUNT_H
#define KYODO_ACCOUNT_H
#include "domain/actor.h"
struct store;

struct user {
	long long id, department_id, org_id;	/* org_id: group accounts only */
	char login[65], display_name[201], department[201];
	enum role role;
	int disabled;
};

/* What is wrong with a department's name (empty, too long, invisible or bidi characters,
 * control characters), as a msgid, or NULL. */
const char *account_department_name_problem(const char *name);
/* Create a department if missing; returns its id (> 0) or < 0. Names are compared exactly
 * (企画〜課 and 企画～課 are two names). A name with a problem (above) is refused with
 * STORE_CONSTRAINT: callers check it first. */
long long account_department_ensure(struct store *st, const struct actor *who, const char *name, const char *kana);
long long account_department_find(struct store *st, const char *name);
/* For a name read from a CP932 file: the departments whose name is the same text once
 * both have been through CP932 (企画～課 for 企画〜課, 〓 for a character CP932 cannot
 * hold). Returns how many (0 none; *id the first) or a store_rc < 0. */
int account_department_find_cp932(struct store *st, const char *name, long long *id);

/* ---- the department list, kept on its own page (/admin/departments) ---- */
struct arena;
struct problems;
struct department {
	long long id;
	char *name, *kana;
	int retired;		/* no longer offered for new accounts and items */
	int users, items;	/* accounts and plan items that name it */
};
/* Every department, those in use first, in kana order (from a). 0 or a store_rc. */
int account_department_list(struct store *st, struct arena *a, struct department **out, int *n);
/* 1 when retired, 0 when not (or unknown), < 0 on a store error. */
int account_department_is_retired(struct store *st, long long id);
/* Admin; audited. Problems under "name" and "kana" (a name already used, also as the same
 * text through a CP932 file). Return the id / 0, -1 with problems in ps, or a store_rc. */
long long account_department_add(struct store *st, const struct actor *who, const char *name, const char *kana,
				 struct problems *ps);
/* 1 when there is no such department. */
int account_department_update(struct store *st, const struct actor *who, long long id, const char *name,
			      const char *kana, struct problems *ps);
/* Retire (retired = 1) or restore a department. Admin; audited. 0, 1 (no such
 * department), -1 (not the admin) or a store_rc. */
int account_department_set_retired(struct store *st, const struct actor *who, long long id, int retired);
/* Adds a user. Staff need a department name. Errors are written to err in plain words.
 * Returns the new id (> 0) or -1 (bad input, message in err) or another store_rc. */
long long account_user_add(struct store *st, const struct actor *who, const char *login, const char *display_name,
			   enum role role, const char *department, const char *password, char *err, unsigned long errlen);
/* The same, creating the department when it is new, in one transaction: a user that cannot
 * be added (short password, taken login …) leaves no department behind. */
long long account_user_add_creating_department(struct store *st, const struct actor *who, const char *login,
					       const char *display_name, enum role role, const char *department,
					       const char *password, char *err, unsigned long errlen);
/* The rules of a new account, every problem into ps ("login", "name", "role",
 * "department", "password"). Returns how many. */
int account_user_check(struct store *st, const char *login, const char *display_name, enum role role,
		       const char *department, const char *password, struct problems *ps);
int account_user_get(struct store *st, const char *login, struct user *u);	/* 0 or -1 not found */
int account_user_get_id(struct store *st, long long id, struct user *u);
/* Calls fn for each user; returns count or < 0. */
int account_user_each(struct store *st, void (*fn)(const struct user *u, void *arg), void *arg);
int account_set_password(struct store *st, const struct actor *who, long long user_id, const char *password,
			 char *err, unsigned long errlen);
/* Binds a group account to its actor (domain/org.h); audited. -1 when the user is not a group account. */
int account_set_org(struct store *st, const struct actor *who, long long user_id, long long org_id);
int account_set_disabled(struct store *st, const struct actor *who, long long user_id, int disabled);
/* Checks a login and password; returns 0 and fills u, or -1 (unknown, wrong or disabled —
 * the caller must not tell which). Runs the hash even for unknown logins (timing). */
int account_verify(struct store *st, const char *login, const char *password, struct user *u);
/* 1 when login is a valid login name: 1–64 of a-z, 0-9, '-', '_', '.'. */
int account_login_valid(const char *login);
/* Password policy: at least 10 characters; returns NULL or a message id. */
const char *account_password_problem(const char *password);

#endif
