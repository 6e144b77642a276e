/* org_confirm: the yearly confirmation (see org_confirm.h). */
#include "domain/org_confirm.h"
#include "domain/org_public.h"
#include "domain/org_review.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const org_confirm_target_codes[ORG_CONFIRM__MAX] = {
	[ORG_CONFIRM_DUE] = "due",
	[ORG_CONFIRM_ALL] = "all",
};

int org_confirm_target_parse(const char *s)
{
	for (int i = 0; s && i < ORG_CONFIRM__MAX; i++)
		if (strcmp(s, org_confirm_target_codes[i]) == 0)
			return i;
	return -1;
}

void org_confirm_cutoff(time_t now, int months, char out[24])
{
	struct tm tm;
	gmtime_r(&now, &tm);
	tm.tm_mon -= months;	/* timegm carries a day past the month's end into the next, as SQLite does */
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int org_confirm_months(struct store *st)
{
	int m = org_setting_int(st, "org.confirm_months", 12);
	return m < 1 ? 12 : m;
}

static void ocf_cutoff_now(struct store *st, char out[24]) { org_confirm_cutoff(time(NULL), org_confirm_months(st), out); }

int org_confirm_count(struct store *st, struct org_confirm_counts *c)
{
	memset(c, 0, sizeof *c);
	char cutoff[24];
	ocf_cutoff_now(st, cutoff);
	struct stmt *s = store_prepare(st, STMT_ORG_CONFIRM_COUNTS);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, cutoff);
	int rc = stmt_step(s);
	if (rc == 1) {
		c->all = (int)stmt_int(s, 0);
		c->due = (int)stmt_int(s, 1);
		c->all_postal = (int)stmt_int(s, 2);
		c->due_postal = (int)stmt_int(s, 3);
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

static size_t ocf_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The message as typed, trimmed of surrounding blank lines and spaces (from a). */
static char *ocf_trim(struct arena *a, const char *s)
{
	if (!s)
		s = "";
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || strncmp(s, "\u3000", 3) == 0)
		s += *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ? 1 : 3;
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

static int ocf_audit(struct store *st, const struct actor *who, const char *action, const char *entity, long long id,
		     json_t *before, json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *t = after ? json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	int rc = (before && !b) || (after && !t) ? STORE_ERR : audit_record(st, who, action, entity, id, b, t);
	free(b);
	free(t);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int ocf_id_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	*(long long *)elem = stmt_int(s, 0);
	return 0;
}

int org_confirm_request(struct store *st, const struct actor *who, enum org_confirm_target target,
			const char *message, int *count, const char **err)
{
	*count = 0;
	if (!who || (who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR)) {
		*err = N_("Only the center can ask groups to confirm their data.");
		return -1;
	}
	if ((unsigned)target >= ORG_CONFIRM__MAX) {
		*err = N_("Choose which groups to ask.");
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	char *m = ocf_trim(a, message);
	int rc = 0;
	if (m && jtext_text_problem(m, 1)) {
		*err = jtext_text_problem(m, 1);
		rc = -1;
	} else if (!m || ocf_chars(m) > ORG_COMMENT_MAX) {
		*err = N_("The message may have up to 2000 characters.");
		rc = -1;
	}
	char cutoff[24], now[24];
	ocf_cutoff_now(st, cutoff);
	org_now(now);
	if (rc == 0)
		rc = store_begin(st);
	if (rc != 0)
		goto out;
	/* each group asked is told (its accounts' inboxes, or its address), in this transaction */
	struct store_arg targs[] = { SARG_TEXT(cutoff), SARG_INT(target == ORG_CONFIRM_DUE), SARG_END };
	struct store_list asked;
	rc = store_list_read(st, a, STMT_ORG_CONFIRM_TARGET_IDS, targs, 0, sizeof(long long), ocf_id_row, NULL, &asked);
	struct notice_param ps[] = { { "message", m }, { NULL, NULL } };
	struct notice n = { NOTICE_CONFIRM_REQUESTED, "/my/group", ps, 0 };
	for (int i = 0; rc == 0 && i < asked.n; i++)
		rc = notice_org(st, ((long long *)asked.rows)[i], &n);
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ORG_CONFIRM_REQUEST_TARGETS) : NULL;
	if (rc == 0)
		rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, cutoff);
		stmt_bind_int(s, 2, target == ORG_CONFIRM_DUE);
		stmt_bind_text(s, 3, now);
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		*count = store_changes(st);
		s = store_prepare(st, STMT_ORG_CONFIRM_REQUEST_ADD);
		rc = STORE_ERR;
		if (s) {
			stmt_bind_text(s, 1, now);
			stmt_bind_text(s, 2, who->login && *who->login ? who->login : "public");
			stmt_bind_text(s, 3, m);
			stmt_bind_int(s, 4, *count);
			stmt_bind_text(s, 5, org_confirm_target_codes[target]);
			rc = stmt_exec(s);
		}
	}
	if (rc == 0)
		rc = ocf_audit(st, who, "request", "org_confirm_request", store_last_id(st), NULL,
			       json_pack("{s:s, s:s, s:i}", "target", org_confirm_target_codes[target], "message", m, "orgs",
					 *count));
	/* the request is the center's business: no public page shows it, no cached page moves */
	if (rc != 0)
		store_rollback(st);
	else
		rc = store_commit(st);
out:
	arena_free(a);
	return rc;
}

int org_confirm_write(struct store *st, struct arena *a, const struct actor *who, long long org_id, int audit,
		      const char **before, const char **now_out)
{
	struct org o;
	int rc = org_get(st, a, org_id, &o);
	if (rc == ORG_NOT_FOUND || (rc == 0 && o.review != ORG_APPROVED))
		return -1;
	if (rc != 0)
		return rc;
	struct org_public pub;	/* the pages it moves: the confirmed order, the group's pages */
	if ((rc = org_public_read(st, a, org_id, &pub)) != 0)
		return rc;
	char now[24];
	org_now(now);
	struct stmt *s = store_prepare(st, STMT_ORG_CONFIRM);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, org_id);
	stmt_bind_text(s, 2, now);
	rc = stmt_exec(s);
	if (rc == 0 && audit)	/* the date it replaces, so the history shows the previous one */
		rc = ocf_audit(st, who, "confirm", "org", org_id, json_pack("{s:s}", "confirmed_at", o.confirmed_at),
			       json_pack("{s:s}", "confirmed_at", now));
	if (rc == 0)
		rc = org_public_end(st, a, org_id, &pub);
	if (before)
		*before = o.confirmed_at;
	if (now_out)
		*now_out = rc == 0 ? arena_strdup(a, now) : NULL;
	return rc;
}

int org_confirm(struct store *st, const struct actor *who, const char **err)
{
	if (who->role != ROLE_GROUP || who->org_id <= 0) {
		*err = N_("Only a registered group can confirm its data.");
		return -1;
	}
	struct arena *a = arena_new(0);
	int rc = a ? store_begin(st) : STORE_ERR;
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	rc = org_confirm_write(st, a, who, who->org_id, 1, NULL, NULL);
	if (rc == -1)
		*err = N_("Only a registered group can confirm its data.");
	arena_free(a);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

static int ocf_req_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct org_confirm_req *r = elem;
	r->id = stmt_int(s, 0);
	r->at = stmt_text_dup(s, a, 1);
	r->actor = stmt_text_dup(s, a, 2);
	r->message = stmt_text_dup(s, a, 3);
	r->orgs = (int)stmt_int(s, 4);
	r->target = stmt_text_dup(s, a, 5);
	return 0;
}

int org_confirm_requests(struct store *st, struct arena *a, struct org_confirm_req **out, int *n)
{
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ORG_CONFIRM_REQUESTS, NULL, 0, sizeof **out, ocf_req_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

int org_is_stale(struct store *st, const struct org *o)
{
	if (o->review != ORG_APPROVED || strcmp(o->v[ORG_F_STATUS], org_status_codes[ORG_DISSOLVED]) == 0)
		return 0;
	char cutoff[24];
	ocf_cutoff_now(st, cutoff);
	return !o->confirmed_at || !*o->confirmed_at || strcmp(o->confirmed_at, cutoff) < 0;
}

int org_confirm_postal_ids(struct store *st, struct arena *a, enum org_confirm_target target, long long **ids,
			   int *n)
{
	char cutoff[24];
	ocf_cutoff_now(st, cutoff);
	struct store_arg args[] = { SARG_TEXT(cutoff), SARG_INT(target == ORG_CONFIRM_DUE), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ORG_CONFIRM_POSTAL_IDS, args, 0, sizeof **ids, ocf_id_row, NULL, &l);
	*ids = l.rows;
	*n = l.n;
	return rc;
}
