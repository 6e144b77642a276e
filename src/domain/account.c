/* account: departments and user accounts (see account.h). Every write is audited in
 * the same transaction; password hashes never enter the audit log. */
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/problems.h"
#include "auth/password.h"
#include "store/store.h"
#include "util/arena.h"
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

/* A department whose name is the same text as name once both have been through a CP932
 * file (企画〜課 and 企画～課), to refuse a new name that a Shift_JIS file could not tell
 * from it: the first one's id, 0 when none, or a store_rc. */
static long long account_department_find_same(struct store *st, const char *name)
{
	long long id = 0;
	int n = account_department_find_cp932(st, name, &id);
	return n < 0 ? n : id;
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

/* ---- the department list (/admin/departments) ---- */

int account_department_list(struct store *st, struct arena *a, struct department **out, int *n)
{
	struct stmt *s = store_prepare(st, STMT_DEPT_LIST_FULL);
	*out = NULL;
	*n = 0;
	if (!s)
		return STORE_ERR;
	int cap = 0, rc;
	struct department *v = NULL;
	while ((rc = stmt_step(s)) == 1) {
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 32;
			struct department *w = arena_alloc(a, (size_t)ncap * sizeof *w);
			if (!w) {
				rc = STORE_ERR;
				break;
			}
			if (v)
				memcpy(w, v, (size_t)*n * sizeof *w);
			v = w;
			cap = ncap;
		}
		struct department *d = &v[(*n)++];
		d->id = stmt_int(s, 0);
		d->name = stmt_text_dup(s, a, 1);
		d->kana = stmt_text_dup(s, a, 2);
		d->retired = (int)stmt_int(s, 3);
		d->users = (int)stmt_int(s, 4);
		d->items = (int)stmt_int(s, 5);
		if (!d->name || !d->kana) {
			rc = STORE_ERR;
			break;
		}
	}
	stmt_reset(s);
	*out = v;
	return rc < 0 ? rc : 0;
}

int account_department_is_retired(struct store *st, long long id)
{
	struct stmt *s = store_prepare(st, STMT_DEPT_RETIRED);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	int retired = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : retired;
}

/* The name and reading of a department as typed: problems under "name" and "kana". The
 * reading is stored in katakana (hiragana accepted). */
static const char *account_department_inputs(struct arena *a, const char *name, const char *kana,
					     struct problems *ps)
{
	const char *problem = account_department_name_problem(name);
	const char *k = "";
	if (problem)
		problems_add(ps, "name", problem);
	if (kana && *kana) {
		if ((problem = jtext_text_problem(kana, 0)))
			problems_add(ps, "kana", problem);
		else if (!(k = jtext_kana(a, kana)))
			problems_add(ps, "kana", N_("Write the reading in katakana."));
	}
	return k ? k : "";
}

long long account_department_add(struct store *st, const struct actor *who, const char *name, const char *kana,
				 struct problems *ps)
{
	if (who->role != ROLE_ADMIN) {
		problems_add(ps, NULL, N_("Only the collaboration division may change the departments."));
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	const char *k = account_department_inputs(a, name, kana, ps);
	long long rc = -1;
	if (!problems_any(ps)) {
		long long same = account_department_find_same(st, name);
		if (same > 0)
			problems_add(ps, "name", N_("There is already a department of that name."));
		else if (same < 0)
			rc = same;
		else
			rc = account_department_ensure(st, who, name, k);
	}
	arena_free(a);
	return rc;
}

/* One audited change of a department's row; 1 when there is no such department. */
static int account_department_write(struct store *st, const struct actor *who, long long id, const char *action,
				    enum stmt_id sid, const char *name, const char *kana, int retired)
{
	struct stmt *s = store_prepare(st, STMT_DEPT_BY_ID);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	if (stmt_step(s) != 1) {
		stmt_reset(s);
		return 1;	/* no such department */
	}
	char *before = account_json(json_pack("{s:s,s:s,s:b}", "name", stmt_text(s, 1), "kana", stmt_text(s, 2),
					      "retired", account_department_is_retired(st, id) > 0));
	stmt_reset(s);
	int rc = store_begin(st);
	if (rc != 0) {
		free(before);
		return rc;
	}
	rc = (s = store_prepare(st, sid)) ? 0 : STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, id);
		if (sid == STMT_DEPT_UPDATE) {
			stmt_bind_text(s, 2, name);
			stmt_bind_text(s, 3, kana);
		} else {
			stmt_bind_int(s, 2, retired);
		}
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		char *after = sid == STMT_DEPT_UPDATE
				      ? account_json(json_pack("{s:s,s:s}", "name", name, "kana", kana))
				      : account_json(json_pack("{s:b}", "retired", retired));
		rc = audit_record(st, who, action, "department", id, before, after);
		free(after);
	}
	free(before);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int account_department_update(struct store *st, const struct actor *who, long long id, const char *name,
			      const char *kana, struct problems *ps)
{
	if (who->role != ROLE_ADMIN) {
		problems_add(ps, NULL, N_("Only the collaboration division may change the departments."));
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	const char *k = account_department_inputs(a, name, kana, ps);
	int rc = -1;
	if (!problems_any(ps)) {
		long long same = account_department_find_same(st, name);
		if (same > 0 && same != id)
			problems_add(ps, "name", N_("There is already a department of that name."));
		else if (same < 0)
			rc = (int)same;
		else
			rc = account_department_write(st, who, id, "rename", STMT_DEPT_UPDATE, name, k, 0);
		if (rc == STORE_CONSTRAINT) {
			problems_add(ps, "name", N_("There is already a department of that name."));
			rc = -1;
		}
	}
	arena_free(a);
	return rc;
}

int account_department_set_retired(struct store *st, const struct actor *who, long long id, int retired)
{
	if (who->role != ROLE_ADMIN)
		return -1;
	return account_department_write(st, who, id, retired ? "retire" : "restore", STMT_DEPT_SET_RETIRED, NULL, NULL,
					retired ? 1 : 0);
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

int account_login_valid(const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n < 1 || n > 64)
		return 0;
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

int account_user_check(struct store *st, const char *login, const char *display_name, enum role role,
		       const char *department, const char *password, struct problems *ps)
{
	int n0 = ps->n;
	const char *problem;
	if (!login || !account_login_valid(login))
		problems_add(ps, "login", N_("A login name is 1 to 64 characters: a-z, 0-9, '-', '_' or '.'."));
	if (!display_name || !*display_name || strlen(display_name) > 200)
		problems_add(ps, "name", N_("A display name is 1 to 200 bytes."));
	else if ((problem = jtext_text_problem(display_name, 0)))
		problems_add(ps, "name", problem);
	if (role == ROLE_PUBLIC || role >= ROLE__MAX)
		problems_add(ps, "role", N_("Unknown role."));
	else if (role == ROLE_STAFF && (!department || !*department))
		problems_add(ps, "department", N_("Staff accounts need a department."));
	if (department && *department) {
		long long dept = account_department_find(st, department);
		if (dept == 0)
			problems_add(ps, "department", N_("Unknown department."));
		else if (dept > 0 && account_department_is_retired(st, dept) > 0)
			problems_add(ps, "department", N_("This department is retired: choose another."));
	}
	if ((problem = account_password_problem(password ? password : "")))
		problems_add(ps, "password", problem);
	return ps->n - n0;
}

long long account_user_add(struct store *st, const struct actor *who, const char *login, const char *display_name,
			   enum role role, const char *department, const char *password, char *err, unsigned long errlen)
{
	struct problems ps = { 0 };
	long long dept = 0;
	if (account_user_check(st, login, display_name, role, department, password, &ps)) {
		snprintf(err, errlen, "%s", ps.p[0].msgid);
		return -1;
	}
	if (department && *department && (dept = account_department_find(st, department)) < 0)
		return dept;
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
