/* org_review: applications and their review, the applicant's sign-in, a group's own
 * profile with pending public changes, the center's list,
 * group accounts, the checklist and area renaming (see org_review.h). The history is
 * org_history.c, the yearly confirmation org_confirm.c. */
#include "domain/org_review.h"
#include "domain/org_public.h"
#include "domain/org_confirm.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/wareki.h"
#include "auth/password.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ORV_RULE_MAX_CHARS 500
#define ORV_AREA_MAX_CHARS 100
#define ORV_QUERY_MAX 300	/* bytes of the center's search words */

/* ---- small helpers ---- */

static int orv_is_center(const struct actor *who)
{
	return who && (who->role == ROLE_ADMIN || who->role == ROLE_COORDINATOR);
}

static size_t orv_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A copy without surrounding ASCII or ideographic spaces (from a). */
static char *orv_trim(struct arena *a, const char *s)
{
	if (!s)
		s = "";
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\u3000", 3) == 0)
			s += 3;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "\u3000", 3) == 0)
			n -= 3;
		else
			break;
	}
	return arena_strndup(a, s, n);
}

/* Control characters, bidi controls, invalid UTF-8, or only invisible characters. */
static int orv_has_control(const char *s, int newlines_ok)
{
	return jtext_text_problem(s, newlines_ok) != NULL;
}

/* One line of 1..max characters, trimmed; NULL when it is not. */
static char *orv_line(struct arena *a, const char *s, size_t max)
{
	char *t = orv_trim(a, s);
	if (!t || !*t || orv_chars(t) > max || orv_has_control(t, 0))
		return NULL;
	return t;
}

static char *orv_col(struct arena *a, struct stmt *s, int col)
{
	const char *t = stmt_text(s, col);
	return arena_strdup(a, t ? t : "");
}

/* The same rule as account.c: 1 to 64 of a-z, 0-9, '-', '_', '.'. */
static int orv_login_ok(const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n < 1 || n > 64)
		return 0;
	for (const char *p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

static int orv_fail(const char **err, int *bad, const char *msg, int at)
{
	*err = msg;
	if (bad)
		*bad = at;
	return -1;
}

/* Ends the outer transaction: commit when rc is 0, else roll back. Returns rc or the
 * commit's result. */
static int orv_finish(struct store *st, int rc)
{
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

/* An audit row about record org_id; steals the references. */
static int orv_audit(struct store *st, const struct actor *who, const char *action, const char *entity, long long id,
		     json_t *before, json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT) : NULL;
	char *t = after ? json_dumps(after, JSON_COMPACT) : NULL;
	int rc = (before && !b) || (after && !t) ? STORE_ERR : audit_record(st, who, action, entity, id, b, t);
	free(b);
	free(t);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int orv_exec_id_text(struct store *st, enum stmt_id sid, long long id, const char *t2, const char *t3)
{
	struct stmt *s = store_prepare(st, sid);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	if (t2)
		stmt_bind_text(s, 2, t2);
	if (t3)
		stmt_bind_text(s, 3, t3);
	return stmt_exec(s);
}

/* Inside a transaction: the review state of org_id (and its comment), its search tags, and
 * what that changes in public. */
static int orv_review_set(struct store *st, struct arena *a, long long org_id, enum org_review_state state,
			  const char *comment)
{
	struct org_public before;
	int rc = org_public_read(st, a, org_id, &before);
	if (rc == 0)
		rc = orv_exec_id_text(st, STMT_ORG_REVIEW_SET, org_id, org_review_codes[state], comment);
	if (rc == 0)
		rc = org_reindex(st, org_id);
	return rc ? rc : org_public_end(st, a, org_id, &before);
}

static long long orv_scalar_text(struct store *st, enum stmt_id sid, const char *t1, long long i2, long long *out)
{
	struct stmt *s = store_prepare(st, sid);
	if (!s)
		return STORE_ERR;
	if (t1)
		stmt_bind_text(s, 1, t1);
	stmt_bind_int(s, 2, i2);
	int rc = stmt_step(s);
	*out = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

static const char *orv_months(struct arena *a, struct store *st)
{
	int m = org_setting_int(st, "org.confirm_months", 12);
	if (m < 1)
		m = 12;
	return arena_printf(a, "-%d months", m);
}

void org_today(char out[11])
{
	time_t t = time(NULL) + 9 * 3600;	/* Japan has no daylight saving time */
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- notices ---- */

/* The applicant, at the address the application gives (email only: before approval the
 * group has no account that can read an inbox), greeted by its contact person. */
static int orv_notice_applicant(struct store *st, const struct org *o, enum notice_event ev, const char *link,
				const struct notice_param *ps)
{
	const char *name = *o->v[ORG_F_CONTACT_NAME] ? o->v[ORG_F_CONTACT_NAME]
			   : *o->v[ORG_F_REP_NAME]    ? o->v[ORG_F_REP_NAME]
						      : o->v[ORG_F_NAME];
	struct notice n = { ev, link, ps, 0 };
	return notice_address(st, o->v[ORG_F_EMAIL], name, "ja", &n);
}

/* ---- the checklist ---- */

static int orv_rule_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct org_rule *r = elem;
	r->id = stmt_int(s, 0);
	r->pos = (int)stmt_int(s, 1);
	r->text = stmt_text_dup(s, a, 2);
	r->active = (int)stmt_int(s, 3);
	return 0;
}

int org_rule_list(struct store *st, struct arena *a, int active_only, struct org_rule **out, int *n)
{
	struct store_arg args[] = { SARG_INT(active_only ? 1 : 0), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ORG_RULE_LIST, args, 0, sizeof **out, orv_rule_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

long long org_rule_add(struct store *st, const struct actor *who, const char *text, const char **err)
{
	if (!orv_is_center(who))
		return orv_fail(err, NULL, N_("Only the center can change the checklist."), -1);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	char *t = orv_line(a, text, ORV_RULE_MAX_CHARS);
	long long id = -1;
	if (!t) {
		const char *problem = jtext_text_problem(orv_trim(a, text), 0);
		*err = problem ? problem : N_("Write the rule in one line of up to 500 characters.");
		goto out;
	}
	int rc = store_begin(st);
	if (rc == 0) {
		struct stmt *s = store_prepare(st, STMT_ORG_RULE_INSERT);
		rc = STORE_ERR;
		if (s) {
			stmt_bind_text(s, 1, t);
			rc = stmt_exec(s);
		}
		if (rc == 0) {
			id = store_last_id(st);
			rc = orv_audit(st, who, "create", "org_rule", id, NULL, json_pack("{s:s}", "text", t));
		}
		rc = orv_finish(st, rc);
	}
	if (rc != 0)
		id = rc;
out:
	arena_free(a);
	return id;
}

static int orv_rule_find(const struct org_rule *rules, int n, long long id)
{
	for (int i = 0; i < n; i++)
		if (rules[i].id == id)
			return i;
	return -1;
}

int org_rule_edit(struct store *st, const struct actor *who, long long id, const char *text, int active,
		  const char **err)
{
	if (!orv_is_center(who))
		return orv_fail(err, NULL, N_("Only the center can change the checklist."), -1);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org_rule *rules;
	int n, k, rc;
	char *t = orv_line(a, text, ORV_RULE_MAX_CHARS);
	if (!t) {
		const char *problem = jtext_text_problem(orv_trim(a, text), 0);
		rc = orv_fail(err, NULL, problem ? problem : N_("Write the rule in one line of up to 500 characters."), -1);
		goto out;
	}
	if ((rc = store_begin(st)) != 0)
		goto out;
	rc = org_rule_list(st, a, 0, &rules, &n);
	if (rc == 0 && (k = orv_rule_find(rules, n, id)) < 0)
		rc = ORG_NOT_FOUND;
	if (rc == 0) {
		struct stmt *s = store_prepare(st, STMT_ORG_RULE_UPDATE);
		rc = STORE_ERR;
		if (s) {
			stmt_bind_int(s, 1, id);
			stmt_bind_text(s, 2, t);
			stmt_bind_int(s, 3, active ? 1 : 0);
			rc = stmt_exec(s);
		}
		if (rc == 0)
			rc = orv_audit(st, who, "update", "org_rule", id,
				       json_pack("{s:s, s:b}", "text", rules[k].text, "active", rules[k].active),
				       json_pack("{s:s, s:b}", "text", t, "active", active ? 1 : 0));
	}
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc;
}

int org_rule_move(struct store *st, const struct actor *who, long long id, int up, const char **err)
{
	if (!orv_is_center(who))
		return orv_fail(err, NULL, N_("Only the center can change the checklist."), -1);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org_rule *rules;
	int n, k = -1;
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	rc = org_rule_list(st, a, 0, &rules, &n);
	if (rc == 0 && (k = orv_rule_find(rules, n, id)) < 0)
		rc = ORG_NOT_FOUND;
	int j = up ? k - 1 : k + 1;
	if (rc == 0 && j >= 0 && j < n) {
		struct org_rule tmp = rules[k];
		rules[k] = rules[j];
		rules[j] = tmp;
		/* renumber every rule, so equal positions cannot survive a move */
		for (int i = 0; rc == 0 && i < n; i++) {
			struct stmt *s = store_prepare(st, STMT_ORG_RULE_SET_POS);
			if (!s) {
				rc = STORE_ERR;
				break;
			}
			stmt_bind_int(s, 1, rules[i].id);
			stmt_bind_int(s, 2, i + 1);
			rc = stmt_exec(s);
		}
		if (rc == 0)
			rc = orv_audit(st, who, "move", "org_rule", id, json_pack("{s:i}", "pos", k + 1),
				       json_pack("{s:i}", "pos", j + 1));
	}
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc;
}

/* ---- accounts ---- */

static int orv_account_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct org_account *acc = elem;
	acc->id = stmt_int(s, 0);
	acc->login = stmt_text_dup(s, a, 1);
	acc->disabled = (int)stmt_int(s, 2);
	return 0;
}

int org_accounts(struct store *st, struct arena *a, long long org_id, struct org_account **out, int *n)
{
	struct store_arg args[] = { SARG_INT(org_id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ORG_ACCOUNTS, args, 0, sizeof **out, orv_account_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

static int orv_account_check(const char *login, const char *password, const char **err, int *bad)
{
	if (!orv_login_ok(login))
		return orv_fail(err, bad, N_("A login name is 1 to 64 characters: a-z, 0-9, '-', '_' or '.'."),
				ORG_IN_LOGIN);
	const char *p = account_password_problem(password ? password : "");
	if (p)
		return orv_fail(err, bad, p, ORG_IN_PASSWORD);
	return 0;
}

/* Inside a transaction: a group account bound to org_id, disabled or not. */
static int orv_account_create(struct store *st, const struct actor *who, long long org_id, const char *name,
			      const char *login, const char *password, int disabled, const char **err, int *bad)
{
	long long taken = 0;
	int rc = (int)orv_scalar_text(st, STMT_ORG_LOGIN_TAKEN, login, 0, &taken);
	if (rc != 0)
		return rc;
	if (taken)
		return orv_fail(err, bad, N_("This login name is already taken; choose another."), ORG_IN_LOGIN);
	/* the display name is the group's name, cut to the 200 bytes an account allows */
	char display[201];
	size_t n = strlen(name);
	if (n > 200) {
		n = 200;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(display, name, n);
	display[n] = 0;
	char ebuf[256] = "";
	long long uid = account_user_add(st, who, login, display, ROLE_GROUP, NULL, password, ebuf, sizeof ebuf);
	if (uid == -1)
		return orv_fail(err, bad, N_("The group account could not be created."), ORG_IN_LOGIN);
	if (uid < 0)
		return (int)uid;
	if ((rc = account_set_org(st, who, uid, org_id)) != 0)
		return rc;
	if (disabled && (rc = account_set_disabled(st, who, uid, 1)) != 0)
		return rc;
	return orv_audit(st, who, "add-account", "org", org_id, NULL, json_pack("{s:s, s:b}", "account", login,
										   "disabled", disabled));
}

int org_account_add(struct store *st, const struct actor *who, long long org_id, const char *login,
		    const char *password, const char **err, int *bad)
{
	*bad = -1;
	if (!orv_is_center(who))
		return orv_fail(err, bad, N_("Only the center can add group accounts."), -1);
	if (orv_account_check(login, password, err, bad) != 0)
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org o;
	int rc = store_begin(st);
	if (rc == 0) {
		rc = org_get(st, a, org_id, &o);
		if (rc == 0 && o.review != ORG_APPROVED)
			rc = orv_fail(err, bad, N_("Only a registered group gets an account."), -1);
		if (rc == 0)
			rc = orv_account_create(st, who, org_id, o.v[ORG_F_NAME], login, password, 0, err, bad);
		rc = orv_finish(st, rc);
	}
	arena_free(a);
	return rc;
}

/* ---- application and direct entry ---- */

/* The field an org_create/org_update refusal is about, for the form's error link. */
static int orv_corp_bad(const char *err)
{
	if (err && strcmp(err, "Another group already has this corporate number.") == 0)
		return ORG_F_CORP_NUMBER;
	if (err && strcmp(err, "Another group already has this registration number.") == 0)
		return ORG_F_REG_NUMBER;
	return -1;
}

/* Where an application came from (org_application_sources). */
static int orv_source_add(struct store *st, long long org_id, const char *address, long long at)
{
	struct stmt *s = store_prepare(st, STMT_ORG_SOURCE_INSERT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, org_id);
	stmt_bind_text(s, 2, address);
	stmt_bind_int(s, 3, at);
	return stmt_exec(s);
}

long long org_apply(struct store *st, const struct actor *who, struct org *o, const char *login,
		    const char *password, const char **err, int *bad)
{
	*bad = -1;
	if (orv_account_check(login, password, err, bad) != 0 || org_check(o, err, bad) != 0)
		return -1;
	/* the applicant is the public; its audit rows name the wished login */
	char name[80];
	snprintf(name, sizeof name, "applicant:%s", login);
	struct actor app = *who;
	app.login = name;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	long long recent = 0, id = 0, now = (long long)time(NULL);
	/* limits count the address by its key (an IPv6 client by its /64); audit keeps it whole */
	const char *addr = who->address_key && *who->address_key ? who->address_key
			   : who->address && *who->address ? who->address : NULL;
	rc = (int)orv_scalar_text(st, STMT_ORG_RECENT_APPLICATIONS, NULL, 0, &recent);
	if (rc == 0 && recent >= ORG_APPLY_PER_HOUR)
		rc = orv_fail(err, bad, N_("Many applications are arriving just now. Please try again in an hour."), -1);
	/* per address: a few junk posts from one place must not block every real applicant */
	if (rc == 0 && addr && (rc = (int)orv_scalar_text(st, STMT_ORG_SOURCE_RECENT, addr, now - 3600, &recent)) == 0 &&
	    recent >= ORG_APPLY_PER_HOUR_PER_ADDRESS)
		rc = orv_fail(err, bad, N_("Several applications have come from your connection in the last hour. "
					   "Please try again in an hour."), -1);
	if (rc == 0 && addr && (rc = (int)orv_scalar_text(st, STMT_ORG_SOURCE_WAITING, addr, 0, &recent)) == 0 &&
	    recent >= ORG_APPLY_WAITING_PER_ADDRESS)
		rc = orv_fail(err, bad, N_("Several applications from your connection are still waiting for the center's "
					   "review. Please wait for its answer, or contact the civic activity center."), -1);
	long long taken = 0;
	if (rc == 0 && (rc = (int)orv_scalar_text(st, STMT_ORG_LOGIN_TAKEN, login, 0, &taken)) == 0 && taken)
		rc = orv_fail(err, bad, N_(ORG_MSG_LOGIN_TAKEN), ORG_IN_LOGIN);
	if (rc == 0) {
		id = org_create(st, &app, o, ORG_SAVE_APPLICATION, err);
		if (id == -1)
			*bad = orv_corp_bad(*err);
		rc = id > 0 ? 0 : (int)id;
	}
	if (rc == 0)
		rc = orv_account_create(st, &app, id, o->v[ORG_F_NAME], login, password, 1, err, bad);
	if (rc == 0 && addr)
		rc = orv_source_add(st, id, addr, now);
	struct notice_param ps[] = { { "group", o->v[ORG_F_NAME] }, { NULL, NULL } };
	if (rc == 0)
		rc = orv_notice_applicant(st, o, NOTICE_APP_RECEIVED, "/register/status", ps);
	rc = orv_finish(st, rc);
	return rc == 0 ? id : rc;
}

/* Inside a transaction: a registration number and date for org_id (typed, or the next
 * free number and today), written with review = approved and confirmed now. */
static int orv_register(struct store *st, struct arena *a, long long org_id, const char *number_in,
			const char *date_in, const char **out_number, const char **out_date, const char **err,
			int *bad)
{
	struct org tmp;
	org_init(&tmp);
	char today[11];
	org_today(today);
	const char *number = NULL, *date = today;
	char *n = orv_trim(a, number_in);
	if (n && *n) {
		if (org_set_field(a, &tmp, ORG_F_REG_NUMBER, n, err) != 0) {
			*bad = ORG_F_REG_NUMBER;
			return -1;
		}
		number = tmp.v[ORG_F_REG_NUMBER];
		long long other = 0;
		int rc = (int)orv_scalar_text(st, STMT_ORG_REG_NUMBER_TAKEN, number, org_id, &other);
		if (rc != 0)
			return rc;
		if (other)
			return orv_fail(err, bad, N_("Another group already has this registration number."),
					ORG_F_REG_NUMBER);
	} else if (!(number = org_reg_number_next(st, a))) {
		return STORE_ERR;
	}
	if (date_in && *date_in) {
		if (org_set_field(a, &tmp, ORG_F_REG_DATE, date_in, err) != 0) {
			*bad = ORG_F_REG_DATE;
			return -1;
		}
		date = tmp.v[ORG_F_REG_DATE];
	}
	*out_number = number;
	if (!(*out_date = arena_strdup(a, date)))
		return STORE_ERR;
	struct org_public before;
	int rc = org_public_read(st, a, org_id, &before);
	if (rc == 0)
		rc = orv_exec_id_text(st, STMT_ORG_REGISTER, org_id, number, *out_date);
	if (rc == 0)
		rc = org_reindex(st, org_id);	/* now in the directory: its search tags change */
	return rc ? rc : org_public_end(st, a, org_id, &before);
}

long long org_center_create(struct store *st, const struct actor *who, struct org *o, const char *login,
			    const char *password, const char **err, int *bad)
{
	*bad = -1;
	if (!orv_is_center(who))
		return orv_fail(err, bad, N_("Only the center can register a group directly."), -1);
	int with_account = login && *login;
	if ((with_account && orv_account_check(login, password, err, bad) != 0) || org_check(o, err, bad) != 0)
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	long long id = 0;
	const char *number, *date;
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	o->review = ORG_APPROVED;
	id = org_create(st, who, o, ORG_SAVE_NO_AUDIT, err);
	if (id == -1)
		*bad = orv_corp_bad(*err);
	rc = id > 0 ? 0 : (int)id;
	if (rc == 0)
		rc = orv_register(st, a, id, o->v[ORG_F_REG_NUMBER], o->v[ORG_F_REG_DATE], &number, &date, err, bad);
	if (rc == 0)	/* one row: the record as registered, its number and date included */
		rc = org_audit_event(st, who, "create", id, NULL, NULL, NULL);
	if (rc == 0 && with_account)
		rc = orv_account_create(st, who, id, o->v[ORG_F_NAME], login, password, 0, err, bad);
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc == 0 ? id : rc;
}

/* ---- the applicant's sign-in ---- */

int org_applicant_verify(struct store *st, const char *login, const char *password, long long *user_id)
{
	char hash[PASSWORD_HASH_MAX] = "";
	*user_id = 0;
	struct stmt *s = store_prepare(st, STMT_ORG_APPLICANT_BY_LOGIN);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, login ? login : "");
	int rc = stmt_step(s);
	if (rc == 1) {
		*user_id = stmt_int(s, 0);
		const char *h = stmt_text(s, 1);
		snprintf(hash, sizeof hash, "%s", h ? h : "");
	}
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (!*user_id) {
		/* as long as a real check takes, so the answer does not tell the login exists */
		char waste[PASSWORD_HASH_MAX];
		(void)password_hash(password ? password : "", waste);
		return -1;
	}
	return password_verify(hash, password ? password : "") == 0 ? 0 : -1;
}

int org_applicant_lookup(struct store *st, struct arena *a, const char *token, struct actor *who, const char **csrf)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	if (!token || !*token || strlen(token) > 100)
		return 0;
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	struct stmt *s = store_prepare(st, STMT_ORG_APPLICANT_SESSION);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, hex);
	stmt_bind_int(s, 2, (long long)time(NULL));
	int rc = stmt_step(s);
	if (rc == 1) {
		*who = (struct actor){
			.user_id = stmt_int(s, 0),
			.login = orv_col(a, s, 2),
			.display_name = orv_col(a, s, 3),
			.role = ROLE_GROUP,
			.department_name = "",
			.org_id = stmt_int(s, 4),
		};
		*csrf = orv_col(a, s, 1);
		if (!who->display_name || !*csrf)
			rc = STORE_ERR;
	}
	stmt_reset(s);
	return rc;
}

int org_resubmit(struct store *st, const struct actor *who, const struct org *o, const char **err, int *bad)
{
	*bad = -1;
	if (who->role != ROLE_GROUP || who->org_id <= 0 || who->org_id != o->id)
		return orv_fail(err, bad, N_("You may change only your own group."), -1);
	if (org_check(o, err, bad) != 0)
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org old;
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	rc = org_get(st, a, o->id, &old);
	if (rc == 0 && old.review == ORG_APPROVED)
		rc = orv_fail(err, bad, N_("The group is already registered."), -1);
	if (rc == 0 && (rc = org_update(st, who, o, ORG_SAVE_NO_AUDIT, err)) == -1)
		*bad = orv_corp_bad(*err);
	if (rc == 0)
		rc = orv_review_set(st, a, o->id, ORG_APPLIED, old.review_comment);
	if (rc == 0)	/* one row: the corrections and the state */
		rc = org_audit_event(st, who, "resubmit", o->id, &old, NULL, NULL);
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc;
}

/* ---- the center's decision ---- */

char *org_reg_number_next(struct store *st, struct arena *a)
{
	char today[11], era[16];
	int y, m, d;
	org_today(today);
	if (sscanf(today, "%d-%d-%d", &y, &m, &d) != 3)
		return NULL;
	wareki_format_fiscal_year_short(wareki_fiscal_year_of(y, m, d), era, sizeof era);
	char *glob = arena_printf(a, "%s-[0-9]*", era);
	struct stmt *s = glob ? store_prepare(st, STMT_ORG_REG_SEQ_MAX) : NULL;
	if (!s)
		return NULL;
	stmt_bind_text(s, 1, glob);
	stmt_bind_int(s, 2, (long long)strlen(era) + 2);
	long long seq = stmt_step(s) == 1 ? stmt_int(s, 0) : -1;
	stmt_reset(s);
	return seq < 0 ? NULL : arena_printf(a, "%s-%03lld", era, seq + 1);
}

static int orv_ticked(const struct org_decision *d, long long id)
{
	for (int i = 0; i < d->nticked; i++)
		if (d->ticked[i] == id)
			return 1;
	return 0;
}

/* Inside a transaction: enables every account of the record (ends applicant sessions). */
static int orv_enable_accounts(struct store *st, struct arena *a, const struct actor *who, long long org_id)
{
	struct org_account *acc;
	int n, rc = org_accounts(st, a, org_id, &acc, &n);
	for (int i = 0; rc == 0 && i < n; i++)
		if (acc[i].disabled)
			rc = account_set_disabled(st, who, acc[i].id, 0);
	return rc;
}

int org_review_decide(struct store *st, const struct actor *who, long long org_id, const struct org_decision *d,
		      const char **err, int *bad)
{
	*bad = -1;
	if (!orv_is_center(who))
		return orv_fail(err, bad, N_("Only the center can review applications."), -1);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org old;
	struct org_rule *rules;
	int nrules, missing = 0;
	const char *number = "", *date = "";
	char *comment = orv_trim(a, d->comment);
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	rc = org_get(st, a, org_id, &old);
	if (rc == 0 && old.review != ORG_APPLIED)
		rc = orv_fail(err, bad, N_("This application is not waiting for a decision."), -1);
	if (rc == 0)
		rc = org_rule_list(st, a, 1, &rules, &nrules);
	if (rc == 0 && comment && jtext_text_problem(comment, 1))
		rc = orv_fail(err, bad, jtext_text_problem(comment, 1), ORG_IN_COMMENT);
	if (rc == 0 && (!comment || orv_chars(comment) > ORG_COMMENT_MAX))
		rc = orv_fail(err, bad, N_("The comment may have up to 2000 characters."), ORG_IN_COMMENT);
	json_t *checklist = json_array();
	for (int i = 0; rc == 0 && i < nrules; i++) {
		int ok = orv_ticked(d, rules[i].id);
		missing += !ok;
		json_array_append_new(checklist, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)rules[i].id, "text",
							   rules[i].text, "ok", ok));
	}
	if (rc == 0 && d->approve) {
		if (missing)
			rc = orv_fail(err, bad, N_("Tick every rule of the checklist before approving."), ORG_IN_CHECKLIST);
		if (rc == 0)
			rc = orv_register(st, a, org_id, d->reg_number, d->reg_date, &number, &date, err, bad);
		if (rc == 0)
			rc = orv_enable_accounts(st, a, who, org_id);
	} else if (rc == 0) {
		if (!*comment)
			rc = orv_fail(err, bad, N_("Write what the group should correct."), ORG_IN_COMMENT);
		if (rc == 0)
			rc = orv_review_set(st, a, org_id, ORG_RETURNED, comment);
	}
	char *cl = rc == 0 ? json_dumps(checklist, JSON_COMPACT) : NULL;
	if (rc == 0 && !cl)
		rc = STORE_ERR;
	if (rc == 0) {
		struct stmt *s = store_prepare(st, STMT_ORG_REVIEW_INSERT);
		rc = STORE_ERR;
		if (s) {
			stmt_bind_int(s, 1, org_id);
			stmt_bind_int(s, 2, who->user_id);
			stmt_bind_text(s, 3, who->login && *who->login ? who->login : "public");
			stmt_bind_text(s, 4, d->approve ? "approve" : "return");
			stmt_bind_text(s, 5, comment);
			stmt_bind_text(s, 6, cl);
			rc = stmt_exec(s);
		}
	}
	free(cl);
	struct notice_param ps[] = { { "group", old.v[ORG_F_NAME] }, { "reg_number", number }, { "comment", comment },
				     { NULL, NULL } };
	if (rc == 0)
		rc = orv_notice_applicant(st, &old, d->approve ? NOTICE_APP_APPROVED : NOTICE_APP_RETURNED,
					  d->approve ? "/my/group" : "/register/status", ps);
	/* approval enabled the group's accounts: their inboxes say so too (the email went above) */
	struct notice inbox = { NOTICE_APP_APPROVED, "/my/group", ps, 1 };
	if (rc == 0 && d->approve)
		rc = notice_org(st, org_id, &inbox);
	if (rc == 0) {
		json_t *after = d->approve ? json_pack("{s:s, s:s, s:s, s:s, s:O}", "review", "approved", "reg_number",
						       number, "reg_date", date, "comment", comment, "checklist", checklist)
					   : json_pack("{s:s, s:s, s:O}", "review", "returned", "review_comment", comment,
						       "checklist", checklist);
		rc = orv_audit(st, who, d->approve ? "approve" : "return", "org", org_id,
			       json_pack("{s:s}", "review", org_review_codes[old.review]), after);
	}
	json_decref(checklist);
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc;
}

static int orv_review_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct org_review_row *r = elem;
	r->id = stmt_int(s, 0);
	r->at = stmt_text_dup(s, a, 1);
	r->actor = stmt_text_dup(s, a, 2);
	r->decision = stmt_text_dup(s, a, 3);
	r->comment = stmt_text_dup(s, a, 4);
	r->checklist = stmt_text_dup(s, a, 5);
	return 0;
}

int org_review_list(struct store *st, struct arena *a, long long org_id, struct org_review_row **out, int *n)
{
	struct store_arg args[] = { SARG_INT(org_id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ORG_REVIEW_LIST, args, 0, sizeof **out, orv_review_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

/* ---- pending public changes ---- */

/* The same activity fields, in any order (the form sends them in number order). */
static int orv_same_fields(const struct org *x, const struct org *y)
{
	if (x->nfields != y->nfields)
		return 0;
	for (int i = 0; i < x->nfields; i++) {
		int found = 0;
		for (int j = 0; j < y->nfields && !found; j++)
			found = x->fields[i] == y->fields[j];
		if (!found)
			return 0;
	}
	return 1;
}

static int orv_same_areas(const struct org *x, const struct org *y)
{
	if (x->nareas != y->nareas)
		return 0;
	for (int i = 0; i < x->nareas; i++) {
		int found = 0;
		for (int j = 0; j < y->nareas && !found; j++)
			found = x->area_ids[i] == y->area_ids[j];
		if (!found)
			return 0;
	}
	return 1;
}

/* The stored form of a change: {"v":{key:value…}, "fields":[…], "areas":[{"id","name"}…],
 * "public_on":bits} with only the pending parts. */
static json_t *orv_change_json(const struct org_change *c)
{
	json_t *j = json_object(), *v = json_object();
	for (int f = 0; f < ORG_F__MAX; f++)
		if (c->pending[f])
			json_object_set_new(v, org_field_specs[f].key, json_string(c->proposed.v[f]));
	json_object_set_new(j, "v", v);
	if (c->fields_pending) {
		json_t *arr = json_array();
		for (int i = 0; i < c->proposed.nfields; i++)
			json_array_append_new(arr, json_integer(c->proposed.fields[i]));
		json_object_set_new(j, "fields", arr);
	}
	if (c->areas_pending) {
		json_t *arr = json_array();
		for (int i = 0; i < c->proposed.nareas; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s}", "id", (json_int_t)c->proposed.area_ids[i],
							     "name", c->proposed.area_names[i] ? c->proposed.area_names[i]
											    : ""));
		json_object_set_new(j, "areas", arr);
	}
	json_object_set_new(j, "public_on", json_integer(c->public_on));
	return j;
}

static int orv_change_parse(struct arena *a, const char *data, struct org_change *c)
{
	json_t *j = json_loads(data ? data : "", 0, NULL);
	if (!j)
		return STORE_ERR;
	json_t *v = json_object_get(j, "v"), *arr;
	const char *key;
	json_t *val;
	json_object_foreach(v, key, val) {
		int f = org_field_find(key);
		if (f >= 0 && json_is_string(val)) {
			c->pending[f] = 1;
			c->proposed.v[f] = arena_strdup(a, json_string_value(val));
		}
	}
	if ((arr = json_object_get(j, "fields")) && json_is_array(arr)) {
		c->fields_pending = 1;
		size_t i;
		json_array_foreach(arr, i, val) if (c->proposed.nfields < ORG_FIELDS_MAX)
			c->proposed.fields[c->proposed.nfields++] = (int)json_integer_value(val);
	}
	if ((arr = json_object_get(j, "areas")) && json_is_array(arr)) {
		c->areas_pending = 1;
		size_t i;
		json_array_foreach(arr, i, val) if (c->proposed.nareas < ORG_AREAS_MAX) {
			c->proposed.area_ids[c->proposed.nareas] = json_integer_value(json_object_get(val, "id"));
			const char *nm = json_string_value(json_object_get(val, "name"));
			c->proposed.area_names[c->proposed.nareas++] = arena_strdup(a, nm ? nm : "");
		}
	}
	c->public_on = (unsigned)json_integer_value(json_object_get(j, "public_on"));
	json_decref(j);
	return 0;
}

static int orv_change_row(struct arena *a, struct stmt *s, struct org_change *c)
{
	memset(c, 0, sizeof *c);
	org_init(&c->proposed);
	c->id = stmt_int(s, 0);
	c->org_id = stmt_int(s, 1);
	c->proposed.id = c->org_id;
	c->state = orv_col(a, s, 3);
	c->submitted_at = orv_col(a, s, 4);
	c->submitted_by = orv_col(a, s, 5);
	c->decided_at = orv_col(a, s, 6);
	c->decided_by = orv_col(a, s, 7);
	c->comment = orv_col(a, s, 8);
	if (!c->comment)
		return STORE_ERR;
	return orv_change_parse(a, stmt_text(s, 2), c);
}

static int orv_change_one(struct store *st, struct arena *a, enum stmt_id sid, long long id, struct org_change *out)
{
	struct stmt *s = store_prepare(st, sid);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	if (rc == 1)
		rc = orv_change_row(a, s, out);
	else if (rc == 0)
		rc = ORG_NOT_FOUND;
	stmt_reset(s);
	return rc;
}

int org_change_pending(struct store *st, struct arena *a, long long org_id, struct org_change *out)
{
	return orv_change_one(st, a, STMT_ORG_CHANGE_PENDING, org_id, out);
}

int org_change_last_decided(struct store *st, struct arena *a, long long org_id, struct org_change *out)
{
	return orv_change_one(st, a, STMT_ORG_CHANGE_LAST_DECIDED, org_id, out);
}

int org_change_get(struct store *st, struct arena *a, long long id, struct org_change *out)
{
	return orv_change_one(st, a, STMT_ORG_CHANGE_GET, id, out);
}

static int orv_change_list_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	return orv_change_row(a, s, elem);
}

int org_change_list(struct store *st, struct arena *a, int max, struct org_change **out, int *n, int *more)
{
	if (max < 1)
		max = 1;
	struct store_arg args[] = { SARG_INT((long long)max + 1), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ORG_CHANGE_LIST, args, max, sizeof **out, orv_change_list_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	*more = l.more;
	return rc;
}

void org_change_overlay(const struct org_change *c, struct org *o)
{
	for (int f = 0; f < ORG_F__MAX; f++)
		if (c->pending[f])
			o->v[f] = c->proposed.v[f];
	if (c->fields_pending) {
		memcpy(o->fields, c->proposed.fields, sizeof o->fields);
		o->nfields = c->proposed.nfields;
	}
	if (c->areas_pending) {
		memcpy(o->area_ids, c->proposed.area_ids, sizeof o->area_ids);
		memcpy(o->area_names, c->proposed.area_names, sizeof o->area_names);
		o->nareas = c->proposed.nareas;
	}
	o->public_mask |= c->public_on;
}

/* The org_to_json values of x and y that differ, as a before/after pair (for audits). */
static void orv_json_pair(const struct org *x, const struct org *y, json_t **before, json_t **after)
{
	json_t *bx = org_to_json(x, 0), *ay = org_to_json(y, 0);
	*before = json_object();
	*after = json_object();
	const char *key;
	json_t *val;
	json_object_foreach(ay, key, val) {
		json_t *old = json_object_get(bx, key);
		if (!old || !json_equal(old, val)) {
			json_object_set(*after, key, val);
			if (old)
				json_object_set(*before, key, old);
		}
	}
	json_decref(bx);
	json_decref(ay);
}

/* Withdraws the group's pending change, if any: *withdrawn its id (0: none). The event's
 * own audit row says so. */
static int orv_withdraw_pending(struct store *st, struct arena *a, long long org_id, long long *withdrawn)
{
	struct org_change prev;
	*withdrawn = 0;
	int rc = org_change_pending(st, a, org_id, &prev);
	if (rc == ORG_NOT_FOUND)
		return 0;
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ORG_CHANGE_DELETE) : NULL;
	if (rc == 0 && !s)
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, prev.id);
		rc = stmt_exec(s);
	}
	if (rc == 0)
		*withdrawn = prev.id;
	return rc;
}

int org_profile_save(struct store *st, const struct actor *who, const struct org *o, int *pending,
		     const char **err, int *bad)
{
	*bad = -1;
	*pending = 0;
	if (who->role != ROLE_GROUP || who->org_id <= 0 || who->org_id != o->id)
		return orv_fail(err, bad, N_("You may change only your own group."), -1);
	if (org_check(o, err, bad) != 0)
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org old, now;
	struct org_change c, prev;
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	rc = org_get(st, a, o->id, &old);
	if (rc == 0 && old.review != ORG_APPROVED)
		rc = orv_fail(err, bad, N_("The application is still being reviewed."), -1);
	/* checked here too: in review mode the kind would wait, and the center's approval
	 * would apply it with the center's rights */
	if (rc == 0 && org_kind_refused(who, o->v[ORG_F_KIND], old.v[ORG_F_KIND]))
		rc = orv_fail(err, bad, N_("Only the center can register a city department."), ORG_F_KIND);
	int review = rc == 0 && strcmp(org_setting(st, a, "org.public_changes", "immediate"), "review") == 0;
	/* one audit row for the whole save (org_audit_event): its action, and what the record
	 * alone does not show (a change withdrawn, the values proposed) */
	const char *action = "update";
	long long withdrawn = 0;
	json_t *xb = NULL, *xa = NULL;
	if (rc == 0 && !review) {
		if ((rc = org_update(st, who, o, ORG_SAVE_NO_AUDIT, err)) == -1)
			*bad = orv_corp_bad(*err);
		/* A change still waiting from when the city reviewed changes is out of date
		 * now: approved later it would bring back what this save changed (a contact
		 * made private again, say). It is withdrawn. */
		if (rc == 0)
			rc = orv_withdraw_pending(st, a, o->id, &withdrawn);
	} else if (rc == 0) {
		/* split: what only the group sees applies now, the rest waits for the center */
		now = old;
		memset(&c, 0, sizeof c);
		org_init(&c.proposed);
		c.proposed.id = o->id;
		int waits = 0, changes_now = 0;
		for (int f = 0; f < ORG_F__MAX; f++) {
			const struct org_field_spec *sp = &org_field_specs[f];
			if (sp->center_only || strcmp(old.v[f], o->v[f] ? o->v[f] : "") == 0)
				continue;
			if (sp->pub == ORG_PUB_ALWAYS || ((old.public_mask | o->public_mask) & sp->pub)) {
				c.pending[f] = 1;
				c.proposed.v[f] = o->v[f];
				waits = 1;
			} else {
				now.v[f] = o->v[f];
				changes_now = 1;
			}
		}
		if (!orv_same_fields(&old, o)) {
			c.fields_pending = waits = 1;
			memcpy(c.proposed.fields, o->fields, sizeof o->fields);
			c.proposed.nfields = o->nfields;
		}
		if (!orv_same_areas(&old, o)) {
			c.areas_pending = waits = 1;
			memcpy(c.proposed.area_ids, o->area_ids, sizeof o->area_ids);
			memcpy(c.proposed.area_names, o->area_names, sizeof o->area_names);
			c.proposed.nareas = o->nareas;
		}
		/* a switch turned off hides a value at once; one turned on waits */
		unsigned off = old.public_mask & ~o->public_mask, on = o->public_mask & ~old.public_mask;
		if (off) {
			now.public_mask &= ~off;
			changes_now = 1;
		}
		if (on) {
			c.public_on = on;
			waits = 1;
		}
		if (changes_now && (rc = org_update(st, who, &now, ORG_SAVE_NO_AUDIT, err)) == -1)
			*bad = orv_corp_bad(*err);
		int had = 0;
		if (rc == 0) {
			rc = org_change_pending(st, a, o->id, &prev);
			had = rc == 0;
			if (rc == ORG_NOT_FOUND)
				rc = 0;
		}
		json_t *data = waits && rc == 0 ? orv_change_json(&c) : NULL;
		char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
		if (waits && rc == 0 && !text)
			rc = STORE_ERR;
		if (rc == 0 && (waits || had)) {
			struct stmt *s = store_prepare(st, !waits ? STMT_ORG_CHANGE_DELETE
							   : had  ? STMT_ORG_CHANGE_REPLACE
								  : STMT_ORG_CHANGE_INSERT);
			rc = STORE_ERR;
			if (s) {
				stmt_bind_int(s, 1, had ? prev.id : o->id);
				if (waits) {
					stmt_bind_text(s, 2, text);
					stmt_bind_text(s, 3, who->login);
				}
				rc = stmt_exec(s);
			}
		}
		free(text);
		if (rc == 0 && waits) {	/* the values proposed, beside those applied now */
			struct org proposed = now;
			org_change_overlay(&c, &proposed);
			orv_json_pair(&now, &proposed, &xb, &xa);
			action = "submit-change";
		} else if (rc == 0 && had) {
			withdrawn = prev.id;
		}
		json_decref(data);
		*pending = waits;
	}
	/* saving the profile counts as confirming it: one row says both */
	if (rc == 0)
		rc = org_confirm_write(st, a, who, o->id, 0, NULL, NULL);
	struct org cur;
	if (rc == 0 && (rc = org_get(st, a, o->id, &cur)) == 0 && strcmp(action, "update") == 0) {
		if (withdrawn)
			action = "withdraw-change";
		else if (!org_values_differ(&old, &cur))
			action = "confirm";	/* saved unchanged: a confirmation */
	}
	if (rc == 0 && withdrawn) {
		if (!xb)
			xb = json_object();
		json_object_set_new(xb, "change", json_integer(withdrawn));
	}
	if (rc == 0) {
		rc = org_audit_event(st, who, action, o->id, &old, xb, xa);
		xb = xa = NULL;
	}
	json_decref(xb);
	json_decref(xa);
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc;
}

int org_change_decide(struct store *st, const struct actor *who, long long change_id, int approve,
		      const char *comment, const char **err)
{
	if (!orv_is_center(who))
		return orv_fail(err, NULL, N_("Only the center can decide on changes."), -1);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct org_change c;
	struct org cur;
	char *cm = orv_trim(a, comment);
	int rc = store_begin(st);
	if (rc != 0)
		goto out;
	rc = org_change_get(st, a, change_id, &c);
	if (rc == 0 && strcmp(c.state, "pending") != 0)
		rc = orv_fail(err, NULL, N_("This change has already been decided."), -1);
	if (rc == 0 && cm && jtext_text_problem(cm, 1))
		rc = orv_fail(err, NULL, jtext_text_problem(cm, 1), -1);
	if (rc == 0 && (!cm || orv_chars(cm) > ORG_COMMENT_MAX))
		rc = orv_fail(err, NULL, N_("The comment may have up to 2000 characters."), -1);
	if (rc == 0 && !approve && !*cm)
		rc = orv_fail(err, NULL, N_("Write why the change is not published."), -1);
	if (rc == 0)
		rc = org_get(st, a, c.org_id, &cur);
	struct org before;
	if (rc == 0)
		before = cur;
	if (rc == 0 && approve) {
		org_change_overlay(&c, &cur);
		rc = org_update(st, who, &cur, ORG_SAVE_NO_AUDIT, err);
	}
	if (rc == 0) {
		struct stmt *s = store_prepare(st, STMT_ORG_CHANGE_DECIDE);
		rc = STORE_ERR;
		if (s) {
			stmt_bind_int(s, 1, change_id);
			stmt_bind_text(s, 2, approve ? "approved" : "rejected");
			stmt_bind_text(s, 3, who->login);
			stmt_bind_text(s, 4, cm);
			rc = stmt_exec(s);
		}
	}
	struct notice_param ps[] = { { "comment", cm }, { NULL, NULL } };
	struct notice n = { approve ? NOTICE_CHANGE_APPROVED : NOTICE_CHANGE_REJECTED, "/my/group", ps, 0 };
	if (rc == 0)
		rc = notice_org(st, c.org_id, &n);
	if (rc == 0)	/* one row: the values published (or none), the change and the comment */
		rc = org_audit_event(st, who, approve ? "approve-change" : "reject-change", c.org_id, &before, NULL,
				     json_pack("{s:I, s:s}", "change", (json_int_t)change_id, "comment", cm));
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc;
}

/* ---- the center's list ---- */

/* "%q%" with LIKE's wildcards escaped by '\'. */
static char *orv_like(struct arena *a, const char *q)
{
	size_t n = strlen(q);
	char *out = arena_alloc(a, n * 2 + 3);
	if (!out)
		return NULL;
	size_t o = 0;
	out[o++] = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o++] = '%';
	out[o] = 0;
	return out;
}

static void orv_center_bind(struct arena *a, struct stmt *s, const struct org_center_filter *f, const char *months)
{
	char *q = orv_trim(a, f->q);
	if (q && strlen(q) > ORV_QUERY_MAX) {	/* a search box, not a document */
		size_t n = ORV_QUERY_MAX;
		while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
			n--;
		q[n] = 0;
	}
	stmt_bind_text(s, 1, f->review ? f->review : "");
	stmt_bind_int(s, 2, f->stale ? 1 : 0);
	stmt_bind_text(s, 3, months);
	if (q && *q) {
		char *kana = jtext_kana(a, q);
		stmt_bind_text(s, 4, orv_like(a, q));
		stmt_bind_text(s, 5, orv_like(a, kana && *kana ? kana : q));
		stmt_bind_text(s, 6, q);
	} else {
		stmt_bind_text(s, 4, "");
		stmt_bind_text(s, 5, "");
		stmt_bind_text(s, 6, "");
	}
}

int org_center_list(struct store *st, struct arena *a, const struct org_center_filter *f,
		    struct org_center_row **out, int *n, int *total)
{
	*out = NULL;
	*n = *total = 0;
	int per = f->per_page < 1 ? 50 : f->per_page > 200 ? 200 : f->per_page;
	int page = f->page < 1 ? 1 : f->page;
	const char *months = orv_months(a, st);
	struct stmt *s = months ? store_prepare(st, STMT_ORG_CENTER_COUNT) : NULL;
	if (!s)
		return STORE_ERR;
	orv_center_bind(a, s, f, months);
	int rc = stmt_step(s);
	*total = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	struct org_center_row *rows = arena_alloc(a, sizeof *rows * (size_t)per);
	if (!rows || !(s = store_prepare(st, STMT_ORG_CENTER_LIST)))
		return STORE_ERR;
	orv_center_bind(a, s, f, months);
	stmt_bind_int(s, 7, per);
	stmt_bind_int(s, 8, (long long)(page - 1) * per);
	while ((rc = stmt_step(s)) == 1 && *n < per) {
		struct org_center_row *r = &rows[(*n)++];
		r->id = stmt_int(s, 0);
		r->name = orv_col(a, s, 1);
		r->kana = orv_col(a, s, 2);
		r->kind = orv_col(a, s, 3);
		r->review = orv_col(a, s, 4);
		r->status = orv_col(a, s, 5);
		r->reg_number = orv_col(a, s, 6);
		r->confirmed_at = orv_col(a, s, 7);
		r->confirm_requested_at = orv_col(a, s, 8);
		r->created_at = orv_col(a, s, 9);
		r->stale = (int)stmt_int(s, 10);
	}
	stmt_reset(s);
	*out = rows;
	return rc < 0 ? rc : 0;
}

int org_center_counts(struct store *st, struct org_center_counts *c)
{
	memset(c, 0, sizeof *c);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	const char *months = orv_months(a, st);
	struct stmt *s = months ? store_prepare(st, STMT_ORG_COUNTS) : NULL;
	int rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, months);
		rc = stmt_step(s);
		if (rc == 1) {
			c->all = (int)stmt_int(s, 0);
			c->review[ORG_APPLIED] = (int)stmt_int(s, 1);
			c->review[ORG_RETURNED] = (int)stmt_int(s, 2);
			c->review[ORG_APPROVED] = (int)stmt_int(s, 3);
			c->stale = (int)stmt_int(s, 4);
		}
		stmt_reset(s);
	}
	if (rc >= 0 && (s = store_prepare(st, STMT_ORG_CHANGE_COUNT))) {
		rc = stmt_step(s);
		c->changes = rc == 1 ? (int)stmt_int(s, 0) : 0;
		stmt_reset(s);
	}
	arena_free(a);
	return rc < 0 ? rc : 0;
}

/* ---- settings ---- */

int org_settings_save(struct store *st, const struct actor *who, const char *public_changes, const char *months,
		      const char **err, int *bad)
{
	long long m = 0;
	*bad = -1;
	if (!orv_is_center(who))
		return orv_fail(err, bad, N_("Only the center can change the settings."), -1);
	if (!public_changes || (strcmp(public_changes, "immediate") != 0 && strcmp(public_changes, "review") != 0))
		return orv_fail(err, bad, N_("Choose when changes to public items are published."), 0);
	if (!months || jtext_uint(months, &m) != 0 || m < 1 || m > 60)
		return orv_fail(err, bad, N_("Write a number of months from 1 to 60."), 1);
	char mt[24];
	snprintf(mt, sizeof mt, "%lld", m);
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = org_setting_set(st, who, "org.public_changes", public_changes, err);
	if (rc == 0)
		rc = org_setting_set(st, who, "org.confirm_months", mt, err);
	return orv_finish(st, rc);
}

/* ---- areas ---- */

int org_area_rename(struct store *st, const struct actor *who, long long id, const char *name, const char **err)
{
	if (!orv_is_center(who))
		return orv_fail(err, NULL, N_("Only the center can change the areas."), -1);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	char *n = orv_line(a, name, ORV_AREA_MAX_CHARS);
	int rc;
	const char *problem = jtext_text_problem(orv_trim(a, name), 0);
	if (problem) {
		rc = orv_fail(err, NULL, problem, -1);
		goto out;
	}
	if (!n || !org_area_name_ok(n)) {
		rc = orv_fail(err, NULL, N_("Write the area's name (up to 100 characters, without ; 、 or ,)."), -1);
		goto out;
	}
	if ((rc = store_begin(st)) != 0)
		goto out;
	struct stmt *s = store_prepare(st, STMT_ORG_AREA_GET);
	char *old = NULL;
	rc = STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, id);
		rc = stmt_step(s);
		if (rc == 1)
			old = orv_col(a, s, 0);
		stmt_reset(s);
		rc = rc == 1 ? 0 : rc == 0 ? ORG_NOT_FOUND : rc;
	}
	if (rc == 0) {
		rc = orv_exec_id_text(st, STMT_ORG_AREA_RENAME, id, n, NULL);
		if (rc == STORE_CONSTRAINT)
			rc = orv_fail(err, NULL, N_("An area of that name already exists."), -1);
	}
	if (rc == 0)
		rc = orv_audit(st, who, "rename", "area", id, json_pack("{s:s}", "name", old ? old : ""),
			       json_pack("{s:s}", "name", n));
	if (rc == 0)
		rc = org_version_bump(st);
	rc = orv_finish(st, rc);
out:
	arena_free(a);
	return rc;
}
