/* account: departments and user accounts (see account.h). Every write is audited in
 * the same transaction; password hashes never enter the audit log. */
#include "domain/account.h"
#include "domain/audit.h"
#include "auth/password.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include "io/csv.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long long account_department_find(struct store *st, const char *name)
{
	struct stmt *s = store_prepare(st, STMT_DEPT_BY_NAME);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, name);
	long long id = stmt_step(s) == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	return id;
}

static char *account_json(json_t *o)
{
	char *t = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return t;
}

const char *account_department_name_problem(const char *name)
{
	if (!name || !*name || strlen(name) > 200)
		return N_("A department's name is 1 to 200 bytes.");
	const char *problem = jtext_text_problem(name, 0);
	return problem;
}

int account_department_find_cp932(struct store *st, const char *name, long long *id)
{
	struct stmt *s = store_prepare(st, STMT_DEPT_LIST);
	if (!s)
		return STORE_ERR;
	int rc, n = 0;
	*id = 0;
	while ((rc = stmt_step(s)) == 1)
		if (csv_same_text(stmt_text(s, 1), name) && n++ == 0)
			*id = stmt_int(s, 0);
	stmt_reset(s);
	return rc < 0 ? rc : n;
}

long long account_department_ensure(struct store *st, const struct actor *who, const char *name, const char *kana)
{
	long long id = account_department_find(st, name);
	if (id != 0)
		return id;
	if (account_department_name_problem(name))
		return STORE_CONSTRAINT;	/* callers check the name first; this is the last guard */
	if (store_begin(st) != 0)
		return STORE_ERR;
	struct stmt *s = store_prepare(st, STMT_DEPT_INSERT);
	int rc = s ? STORE_OK : STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, name);
		stmt_bind_text(s, 2, kana ? kana : "");
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		id = store_last_id(st);
		char *after = account_json(json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name", name,
						     "kana", kana ? kana : ""));
		rc = audit_record(st, who, "create", "department", id, NULL, after);
		free(after);
	}
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	rc = store_commit(st);
	return rc == 0 ? id : rc;
}

const char *account_password_problem(const char *password)
{
	/* Count characters, not bytes: a Japanese passphrase is welcome. */
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++)
		if ((*p & 0xC0) != 0x80)
			chars++;
	if (chars < 10)
		return N_("The password must have at least 10 characters.");
	if (strlen(password) > 512)
		return N_("The password is too long.");
	return NULL;
}

static int account_login_ok(const char *login)
{
	size_t n = strlen(login);
	if (n < 1 || n > 64)
		return 0;
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

long long account_user_add(struct store *st, const struct actor *who, const char *login, const char *display_name,
			   enum role role, const char *department, const char *password, char *err, unsigned long errlen)
{
	const char *problem = NULL;
	long long dept = 0;
	if (!account_login_ok(login))
		problem = N_("A login name is 1 to 64 characters: a-z, 0-9, '-', '_' or '.'.");
	else if (role == ROLE_PUBLIC || role >= ROLE__MAX)
		problem = N_("Unknown role.");
	else if (role == ROLE_STAFF && (!department || !*department))
		problem = N_("Staff accounts need a department.");
	else if (!display_name || !*display_name || strlen(display_name) > 200)
		problem = N_("A display name is 1 to 200 bytes.");
	else if ((problem = jtext_text_problem(display_name, 0)) != NULL)
		;
	else
		problem = account_password_problem(password);
	if (!problem && department && *department) {
		dept = account_department_find(st, department);
		if (dept == 0)
			problem = N_("Unknown department.");
		else if (dept < 0)
			return dept;
	}
	if (problem) {
		snprintf(err, errlen, "%s", problem);
		return -1;
	}
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(password, hash) != 0) {
		snprintf(err, errlen, "out of memory while hashing the password");
		return STORE_ERR;
	}
	if (store_begin(st) != 0)
		return STORE_BUSY;
	struct stmt *s = store_prepare(st, STMT_USER_INSERT);
	int rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, login);
		stmt_bind_text(s, 2, display_name);
		stmt_bind_text(s, 3, role_names[role]);
		if (dept)
			stmt_bind_int(s, 4, dept);
		else
			stmt_bind_null(s, 4);
		stmt_bind_text(s, 5, hash);
		rc = stmt_exec(s);
	}
	long long id = 0;
	if (rc == 0) {
		id = store_last_id(st);
		char *after = account_json(json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)id, "login", login,
						     "display_name", display_name, "role", role_names[role],
						     "department_id", (json_int_t)dept));
		rc = audit_record(st, who, "create", "user", id, NULL, after);
		free(after);
	}
	if (rc != 0) {
		store_rollback(st);
		if (rc == STORE_CONSTRAINT) {
			snprintf(err, errlen, N_("That login name is already taken."));
			return -1;
		}
		snprintf(err, errlen, "database error: %s", store_errmsg(st));
		return rc;
	}
	rc = store_commit(st);
	return rc == 0 ? id : rc;
}

long long account_user_add_creating_department(struct store *st, const struct actor *who, const char *login,
					       const char *display_name, enum role role, const char *department,
					       const char *password, char *err, unsigned long errlen)
{
	const char *problem = department && *department ? account_department_name_problem(department) : NULL;
	if (problem) {
		snprintf(err, errlen, "%s", problem);
		return -1;
	}
	int rc = store_begin(st);
	if (rc != 0) {
		snprintf(err, errlen, "database error: %s", store_errmsg(st));
		return rc;
	}
	long long id = department && *department ? account_department_ensure(st, who, department, "") : 1;
	if (id < 0)
		snprintf(err, errlen, "database error: %s", store_errmsg(st));
	else
		id = account_user_add(st, who, login, display_name, role, department, password, err, errlen);
	if (id <= 0) {
		store_rollback(st);
		return id ? id : STORE_ERR;
	}
	rc = store_commit(st);
	if (rc != 0) {
		snprintf(err, errlen, "database error: %s", store_errmsg(st));
		return rc;
	}
	return id;
}

static int account_user_fill(struct stmt *s, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = stmt_int(s, 0);
	snprintf(u->login, sizeof u->login, "%s", stmt_text(s, 1));
	snprintf(u->display_name, sizeof u->display_name, "%s", stmt_text(s, 2));
	if (role_parse(stmt_text(s, 3), &u->role) != 0)
		u->role = ROLE_PUBLIC;
	u->department_id = stmt_int(s, 4);
	u->disabled = (int)stmt_int(s, 6);
	u->org_id = stmt_int(s, 7);
	return 0;
}

static int account_user_get_by(struct store *st, enum stmt_id id, const char *login, long long uid,
			       struct user *u, char hash[PASSWORD_HASH_MAX])
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	if (login)
		stmt_bind_text(s, 1, login);
	else
		stmt_bind_int(s, 1, uid);
	int rc = stmt_step(s);
	if (rc == 1) {
		account_user_fill(s, u);
		if (hash)
			snprintf(hash, PASSWORD_HASH_MAX, "%s", stmt_text(s, 5));
	}
	stmt_reset(s);
	if (rc == 1 && u->department_id) {
		struct stmt *d = store_prepare(st, STMT_DEPT_BY_ID);
		if (d) {
			stmt_bind_int(d, 1, u->department_id);
			if (stmt_step(d) == 1)
				snprintf(u->department, sizeof u->department, "%s", stmt_text(d, 1));
			stmt_reset(d);
		}
	}
	return rc == 1 ? 0 : rc == 0 ? -1 : rc;
}

int account_user_get(struct store *st, const char *login, struct user *u)
{
	return account_user_get_by(st, STMT_USER_BY_LOGIN, login, 0, u, NULL);
}

int account_user_get_id(struct store *st, long long id, struct user *u)
{
	return account_user_get_by(st, STMT_USER_BY_ID, NULL, id, u, NULL);
}

int account_user_each(struct store *st, void (*fn)(const struct user *u, void *arg), void *arg)
{
	struct stmt *s = store_prepare(st, STMT_USER_LIST);
	if (!s)
		return STORE_ERR;
	int n = 0, rc;
	while ((rc = stmt_step(s)) == 1) {
		struct user u = { 0 };
		u.id = stmt_int(s, 0);
		snprintf(u.login, sizeof u.login, "%s", stmt_text(s, 1));
		snprintf(u.display_name, sizeof u.display_name, "%s", stmt_text(s, 2));
		role_parse(stmt_text(s, 3), &u.role);
		u.department_id = stmt_int(s, 4);
		snprintf(u.department, sizeof u.department, "%s", stmt_text(s, 5));
		u.disabled = (int)stmt_int(s, 6);
		u.org_id = stmt_int(s, 7);
		fn(&u, arg);
		n++;
	}
	stmt_reset(s);
	return rc < 0 ? rc : n;
}

static int account_write_user(struct store *st, const struct actor *who, enum stmt_id id, long long uid,
			      const char *text, long long num, const char *action, const char *after_json)
{
	if (store_begin(st) != 0)
		return STORE_BUSY;
	struct stmt *s = store_prepare(st, id);
	int rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, uid);
		if (text)
			stmt_bind_text(s, 2, text);
		else
			stmt_bind_int(s, 2, num);
		rc = stmt_exec(s);
		if (rc == 0 && store_changes(st) == 0)
			rc = -1;
	}
	if (rc == 0)
		rc = audit_record(st, who, action, "user", uid, NULL, after_json);
	if (rc == 0 && (s = store_prepare(st, STMT_SESSION_DELETE_USER))) {
		/* A new password or a disabled account ends every open session of the user. */
		stmt_bind_int(s, 1, uid);
		rc = stmt_exec(s);
	}
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int account_set_password(struct store *st, const struct actor *who, long long user_id, const char *password,
			 char *err, unsigned long errlen)
{
	const char *problem = account_password_problem(password);
	if (problem) {
		snprintf(err, errlen, "%s", problem);
		return -1;
	}
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(password, hash) != 0)
		return STORE_ERR;
	int rc = account_write_user(st, who, STMT_USER_SET_PASSWORD, user_id, hash, 0, "set-password",
				    "{\"password\":\"(changed)\"}");
	if (rc == -1)
		snprintf(err, errlen, N_("No such user."));
	return rc;
}

int account_set_disabled(struct store *st, const struct actor *who, long long user_id, int disabled)
{
	return account_write_user(st, who, STMT_USER_SET_DISABLED, user_id, NULL, disabled ? 1 : 0,
				  disabled ? "disable" : "enable",
				  disabled ? "{\"disabled\":1}" : "{\"disabled\":0}");
}

int account_verify(struct store *st, const char *login, const char *password, struct user *u)
{
	/* A fixed hash to verify against when the login is unknown, so that the time taken
	 * does not tell whether an account exists. */
	static const char dummy[] =
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"3ky0y6O9mN0yq0a0o6k9m6gq7c8H0nq3kq3Yb5qkq2Y";
	char hash[PASSWORD_HASH_MAX];
	int rc = account_user_get_by(st, STMT_USER_BY_LOGIN, login, 0, u, hash);
	if (rc != 0) {
		password_verify(dummy, password);
		return rc < -1 ? rc : -1;
	}
	if (password_verify(hash, password) != 0 || u->disabled)
		return -1;
	return 0;
}

int account_set_org(struct store *st, const struct actor *who, long long user_id, long long org_id)
{
	char after[64];
	snprintf(after, sizeof after, "{\"org_id\":%lld}", org_id);
	return account_write_user(st, who, STMT_USER_SET_ORG, user_id, NULL, org_id, "set-org", after);
}
