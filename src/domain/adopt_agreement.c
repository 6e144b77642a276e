/* adopt_agreement: the writers of adoption agreements (see adopt.h) — an application, the
 * department's decision, the group taking its application back, an agreement recorded
 * directly, renewal, its early end (中途終了) or its cancellation before it starts (取消し),
 * the department's details
 * (activities, insurance, note), supplies lent and returned, the group's yearly reports.
 * Each checks the rule (adopt_visibility.c) and, for a term, the overlap rule, inside its
 * transaction after locking the place; each is audited and tells whoever acts next. */
#include "domain/adopt.h"
#include "domain/adopt_internal.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- agreements: writing ---- */

/* Inside the write's transaction: locks place_id and reads it; ADOPT_NOT_FOUND when
 * there is no such place. */
static int place_lock(struct store *st, long long place_id, int *shared, long long *dept, char name[ADOPT_NAME_MAX + 1])
{
	struct stmt *s = store_prepare(st, STMT_ADOPT_PLACE_LOCK);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, place_id);
	int rc = stmt_step(s);
	if (rc == 1) {
		*shared = (int)stmt_int(s, 1);
		*dept = stmt_int(s, 2);
		snprintf(name, ADOPT_NAME_MAX + 1, "%s", stmt_text(s, 3) ? stmt_text(s, 3) : "");
	}
	stmt_reset(s);
	return rc < 0 ? rc : rc == 0 ? ADOPT_NOT_FOUND : 0;
}

/* The overlap rule for a term [from, to] of agreement ag_id (0: a new one) on a place
 * locked by place_lock: 0, ADOPT_INVALID (the problem added) or a store_rc. */
static int overlap_check(struct store *st, long long place_id, int shared, long long ag_id, const char *from,
			 const char *to, struct problems *ps)
{
	if (shared)
		return 0;
	struct stmt *s = store_prepare(st, STMT_ADOPT_OVERLAP);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, place_id);
	stmt_bind_int(s, 2, ag_id);
	stmt_bind_text(s, 3, from);
	stmt_bind_text(s, 4, to);
	int rc = stmt_step(s);
	long long n = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (n > 0) {
		problems_add(ps, "starts_on",
			     N_("Another group has adopted this place for some of these days, and the place is not open to shared adoption."));
		return ADOPT_INVALID;
	}
	return 0;
}

static int term_insert(struct store *st, const struct actor *who, long long ag_id, const char *from, const char *to)
{
	char now[24];
	adopt_now(now);
	struct stmt *s = store_prepare(st, STMT_ADOPT_TERM_INSERT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, ag_id);
	stmt_bind_text(s, 2, from);
	stmt_bind_text(s, 3, to);
	stmt_bind_text(s, 4, now);
	stmt_bind_text(s, 5, adopt_by(who));
	return stmt_exec(s);
}

static const char *term_words(const char *from, const char *to, char *out, size_t n)
{
	int y1, m1, d1, y2, m2, d2;
	char a[64] = "", b[64] = "";
	if (sscanf(from, "%d-%d-%d", &y1, &m1, &d1) == 3)
		wareki_format_date(y1, m1, d1, a, sizeof a);
	if (sscanf(to, "%d-%d-%d", &y2, &m2, &d2) == 3)
		wareki_format_date(y2, m2, d2, b, sizeof b);
	snprintf(out, n, "%s（%s）〜%s（%s）", a, from, b, to);
	return out;
}

/* Tells the group of agreement ag_id that it has a term (agreed or renewed). */
static int tell_group_term(struct store *st, long long org_id, long long ag_id, const char *place, const char *from,
			   const char *to)
{
	char term[200], link[64];
	snprintf(link, sizeof link, "/adopt/agreements/%lld", ag_id);
	struct notice_param ps[] = { { "place", place }, { "term", term_words(from, to, term, sizeof term) },
				     { NULL, NULL } };
	struct notice n = { NOTICE_ADOPT_TERM, link, ps, 0 };
	return notice_org(st, org_id, &n);
}

int adopt_apply(struct store *st, const struct actor *who, long long place_id, const char *activities,
		const struct adopt_terms_in *t, long long *id, struct problems *ps)
{
	*id = 0;
	if (who->role != ROLE_GROUP || who->org_id <= 0)
		return ADOPT_NOT_FOUND;
	char from[ADOPT_DATE_MAX], to[ADOPT_DATE_MAX];
	int ok = adopt_text_ok(ps, "activities", activities, 1, 1, ADOPT_TEXT_MAX,
			       N_("Say what your group will do at the place."));
	ok &= adopt_terms_ok(ps, t, from, to);
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	int shared = 0;
	long long dept = 0;
	char place[ADOPT_NAME_MAX + 1];
	if ((rc = place_lock(st, place_id, &shared, &dept, place)) != 0)
		return adopt_fail(st, rc);
	if (!adopt_may(who, dept, 0, ADOPT_APPLY))
		return adopt_fail(st, ADOPT_NOT_FOUND);
	if (!ok)
		return adopt_fail(st, ADOPT_INVALID);
	/* one application of a group for a place waits at a time */
	struct stmt *s = store_prepare(st, STMT_ADOPT_AG_PENDING);
	if (!s)
		return adopt_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, place_id);
	stmt_bind_int(s, 2, who->org_id);
	rc = stmt_step(s);
	long long pending = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return adopt_fail(st, rc);
	if (pending > 0) {
		problems_add(ps, NULL, N_("Your group's application for this place is waiting for the department's decision already."));
		return adopt_fail(st, ADOPT_INVALID);
	}
	/* the place must be free for those days (or shared): say so now rather than later */
	if ((rc = overlap_check(st, place_id, shared, 0, from, to, ps)) != 0)
		return adopt_fail(st, rc);
	char now[24];
	adopt_now(now);
	if (!(s = store_prepare(st, STMT_ADOPT_AG_INSERT)))
		return adopt_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, place_id);
	stmt_bind_int(s, 2, who->org_id);
	stmt_bind_text(s, 3, "applied");
	stmt_bind_text(s, 4, activities);
	stmt_bind_text(s, 5, from);
	stmt_bind_text(s, 6, to);
	stmt_bind_text(s, 7, now);
	stmt_bind_null(s, 8);
	stmt_bind_null(s, 9);
	stmt_bind_text(s, 10, now);
	if ((rc = stmt_exec(s)) != 0)
		return adopt_fail(st, rc);
	*id = store_last_id(st);
	char *after = adopt_json(json_pack("{s:I,s:I,s:s,s:s,s:s}", "place_id", (json_int_t)place_id, "org_id",
					   (json_int_t)who->org_id, "activities", activities, "wish_start", from,
					   "wish_end", to));
	rc = audit_record(st, who, "adopt-apply", "adopt_agreement", *id, NULL, after);
	free(after);
	if (rc == 0) {
		char link[64];
		snprintf(link, sizeof link, "/adopt/agreements/%lld", *id);
		struct notice_param np[] = { { "place", place }, { "group", adopt_by(who) }, { NULL, NULL } };
		struct notice n = { NOTICE_ADOPT_APPLIED, link, np, 0 };
		rc = notice_department(st, dept, &n);
	}
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_decide(struct store *st, const struct actor *who, long long agreement_id, int approve,
		 const struct adopt_terms_in *t, const char *comment, struct problems *ps)
{
	char from[ADOPT_DATE_MAX] = "", to[ADOPT_DATE_MAX] = "";
	int ok = adopt_text_ok(ps, "comment", comment, !approve, 1, ADOPT_TEXT_MAX,
			       N_("Give the group the reason for the refusal."));
	if (approve)
		ok &= adopt_terms_ok(ps, t, from, to);
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct arena *a = arena_new(0);
	struct adopt_agreement g;
	rc = a ? adopt_ag_read(st, a, agreement_id, &g) : STORE_ERR;
	int shared = 0;
	long long dept = 0;
	char place[ADOPT_NAME_MAX + 1];
	if (rc == 0)
		rc = place_lock(st, g.place_id, &shared, &dept, place);
	if (rc == 0 && !adopt_may(who, dept, g.org_id, ADOPT_DECIDE))
		rc = ADOPT_NOT_FOUND;
	if (rc == 0 && strcmp(g.state, "applied") != 0) {
		problems_add(ps, NULL, N_("This application has been decided already."));
		rc = ADOPT_INVALID;
	}
	if (rc == 0 && !ok)
		rc = ADOPT_INVALID;
	if (rc == 0 && approve)
		rc = overlap_check(st, g.place_id, shared, g.id, from, to, ps);
	char now[24];
	adopt_now(now);
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ADOPT_AG_DECIDE) : NULL;
	if (rc == 0 && !s)
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, g.id);
		stmt_bind_text(s, 2, approve ? "agreed" : "rejected");
		stmt_bind_text(s, 3, comment ? comment : "");
		stmt_bind_text(s, 4, now);
		stmt_bind_text(s, 5, adopt_by(who));
		rc = stmt_exec(s);
	}
	if (rc == 0 && approve)
		rc = term_insert(st, who, g.id, from, to);
	if (rc == 0) {
		char *after = adopt_json(json_pack("{s:s,s:s,s:s,s:s}", "state", approve ? "agreed" : "rejected", "comment",
						   comment ? comment : "", "starts_on", from, "ends_on", to));
		rc = audit_record(st, who, approve ? "approve" : "adopt-refuse", "adopt_agreement", g.id, "{\"state\":\"applied\"}",
				  after);
		free(after);
	}
	if (rc == 0 && approve)
		rc = tell_group_term(st, g.org_id, g.id, place, from, to);
	if (rc == 0 && !approve) {
		char link[64];
		snprintf(link, sizeof link, "/adopt/agreements/%lld", g.id);
		struct notice_param np[] = { { "place", place }, { "comment", comment }, { NULL, NULL } };
		struct notice n = { NOTICE_ADOPT_REFUSED, link, np, 0 };
		rc = notice_org(st, g.org_id, &n);
	}
	if (rc == 0)
		rc = adopt_public_changed(st);
	arena_free(a);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_record(struct store *st, const struct actor *who, long long place_id, long long org_id,
		 const char *activities, const struct adopt_terms_in *t, long long *id, struct problems *ps)
{
	*id = 0;
	char from[ADOPT_DATE_MAX], to[ADOPT_DATE_MAX];
	int ok = adopt_text_ok(ps, "activities", activities, 1, 1, ADOPT_TEXT_MAX,
			       N_("Write the activities agreed with the group."));
	ok &= adopt_terms_ok(ps, t, from, to);
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	int shared = 0;
	long long dept = 0;
	char place[ADOPT_NAME_MAX + 1];
	if ((rc = place_lock(st, place_id, &shared, &dept, place)) != 0)
		return adopt_fail(st, rc);
	if (!adopt_may(who, dept, 0, ADOPT_DECIDE))
		return adopt_fail(st, ADOPT_NOT_FOUND);
	struct stmt *s = store_prepare(st, STMT_ADOPT_ORG_LISTED);
	if (!s)
		return adopt_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, org_id);
	rc = stmt_step(s);
	stmt_reset(s);
	if (rc < 0)
		return adopt_fail(st, rc);
	if (rc == 0) {
		problems_add(ps, "org", N_("Choose a group from the directory."));
		ok = 0;
	}
	if (!ok)
		return adopt_fail(st, ADOPT_INVALID);
	if ((rc = overlap_check(st, place_id, shared, 0, from, to, ps)) != 0)
		return adopt_fail(st, rc);
	char now[24];
	adopt_now(now);
	if (!(s = store_prepare(st, STMT_ADOPT_AG_INSERT)))
		return adopt_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, place_id);
	stmt_bind_int(s, 2, org_id);
	stmt_bind_text(s, 3, "agreed");
	stmt_bind_text(s, 4, activities);
	stmt_bind_null(s, 5);
	stmt_bind_null(s, 6);
	stmt_bind_null(s, 7);
	stmt_bind_text(s, 8, now);
	stmt_bind_text(s, 9, adopt_by(who));
	stmt_bind_text(s, 10, now);
	if ((rc = stmt_exec(s)) != 0)
		return adopt_fail(st, rc);
	*id = store_last_id(st);
	rc = term_insert(st, who, *id, from, to);
	if (rc == 0) {
		char *after = adopt_json(json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "place_id", (json_int_t)place_id, "org_id",
						   (json_int_t)org_id, "state", "agreed", "activities", activities,
						   "starts_on", from, "ends_on", to));
		rc = audit_record(st, who, "create", "adopt_agreement", *id, NULL, after);
		free(after);
	}
	if (rc == 0)
		rc = tell_group_term(st, org_id, *id, place, from, to);
	if (rc == 0)
		rc = adopt_public_changed(st);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

/* Opens a write on agreement id for a department's action: the transaction begun, the
 * agreement read into g (from a), its place locked. 0, or the failure (rolled back). */
static int ag_write_open(struct store *st, struct arena *a, const struct actor *who, long long id, enum adopt_part part,
			 struct adopt_agreement *g, int *shared, char place[ADOPT_NAME_MAX + 1])
{
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	long long dept = 0;
	if ((rc = adopt_ag_read(st, a, id, g)) == 0)
		rc = place_lock(st, g->place_id, shared, &dept, place);
	if (rc == 0 && !adopt_may(who, dept, g->org_id, part))
		rc = ADOPT_NOT_FOUND;
	return rc ? adopt_fail(st, rc) : 0;
}

int adopt_renew(struct store *st, const struct actor *who, long long agreement_id, const struct adopt_terms_in *t,
		struct problems *ps)
{
	char from[ADOPT_DATE_MAX], to[ADOPT_DATE_MAX];
	int ok = adopt_terms_ok(ps, t, from, to);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int shared = 0;
	char place[ADOPT_NAME_MAX + 1];
	int rc = ag_write_open(st, a, who, agreement_id, ADOPT_DECIDE, &g, &shared, place);
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	if (strcmp(g.state, "agreed") != 0 || *g.ended_on) {
		problems_add(ps, NULL, *g.ended_on ? N_("This agreement was ended early: it cannot be renewed. Record a new agreement instead.")
						   : N_("Only an agreement in place can be renewed."));
		rc = ADOPT_INVALID;
	} else if (!ok) {
		rc = ADOPT_INVALID;
	} else if (*g.ends_on && strcmp(from, g.ends_on) <= 0) {
		problems_add(ps, "starts_on", N_("A renewal starts after the current term ends."));
		rc = ADOPT_INVALID;
	}
	if (rc == 0)
		rc = overlap_check(st, g.place_id, shared, g.id, from, to, ps);
	if (rc == 0)
		rc = term_insert(st, who, g.id, from, to);
	if (rc == 0) {
		char *before = adopt_json(json_pack("{s:s,s:s}", "starts_on", g.starts_on, "ends_on", g.ends_on));
		char *after = adopt_json(json_pack("{s:s,s:s}", "starts_on", from, "ends_on", to));
		rc = audit_record(st, who, "adopt-renew", "adopt_agreement", g.id, before, after);
		free(before);
		free(after);
	}
	if (rc == 0)
		rc = tell_group_term(st, g.org_id, g.id, place, from, to);
	if (rc == 0)
		rc = adopt_public_changed(st);
	arena_free(a);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

/* Runs statement id on agreement ?1 with day ?2. */
static int terms_exec(struct store *st, enum stmt_id id, long long ag_id, const char *day)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, ag_id);
	stmt_bind_text(s, 2, day);
	return stmt_exec(s);
}

/* The end of an agreement, early (中途終了: cancel 0, its last day typed in ends_on) or
 * before it started (取消し: cancel 1, ends_on unused). One path: the agreement read
 * again under the write lock, the terms cut to the last day (a cancellation's last day is
 * the day before its first, so every term goes and the place is free on all its days),
 * ended_on and the reason stored, audited, the group told, the public list moved. */
static int ag_end(struct store *st, const struct actor *who, long long agreement_id, int cancel, const char *ends_on,
		  const char *reason, struct problems *ps)
{
	char last[ADOPT_DATE_MAX] = "", today[ADOPT_DATE_MAX];
	int ok = cancel ? 1 : adopt_date_ok(ps, "ended_on", ends_on, 1, last);
	ok &= adopt_text_ok(ps, "end_reason", reason, 1, 1, 2000,
			    cancel ? N_("Write why the agreement is cancelled.") : N_("Write why the agreement ends early."));
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int shared = 0;
	char place[ADOPT_NAME_MAX + 1];
	/* the agreement read again under the write lock, its place locked */
	int rc = ag_write_open(st, a, who, agreement_id, ADOPT_DECIDE, &g, &shared, place);
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	adopt_today(today);
	rc = adopt_ag_parts_of(st, a, &g, 0);	/* its terms, for the audit */
	if (rc != 0) {
		/* rc stands */
	} else if (strcmp(g.state, "agreed") != 0 || *g.ended_on || !*g.starts_on || adopt_agreement_finished(&g)) {
		/* (an agreement whose last term is over has ended: its history is not rewritten) */
		problems_add(ps, NULL, *g.ended_on ? N_("This agreement has been ended already.")
				       : cancel ? N_("Only an agreement in place can be cancelled.")
						: N_("Only an agreement in place can be ended early."));
		rc = ADOPT_INVALID;
	} else if (cancel && strcmp(g.starts_on, today) <= 0) {
		problems_add(ps, NULL, N_("This agreement has started: it cannot be cancelled. End it early instead."));
		rc = ADOPT_INVALID;
	} else if (!ok) {
		rc = ADOPT_INVALID;
	} else if (!cancel && (strcmp(last, g.starts_on) < 0 || strcmp(last, g.ends_on) >= 0)) {
		problems_add(ps, "ended_on", N_("The last day must fall within the agreement, before the last day of its term."));
		rc = ADOPT_INVALID;
	}
	if (rc == 0 && cancel)
		adopt_date_add(g.starts_on, -1, last);
	if (rc == 0)
		rc = terms_exec(st, STMT_ADOPT_TERMS_DROP_AFTER, g.id, last);
	if (rc == 0)
		rc = terms_exec(st, STMT_ADOPT_TERMS_CUT, g.id, last);
	char now[24];
	adopt_now(now);
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ADOPT_AG_END) : NULL;
	if (rc == 0 && !s)
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, g.id);
		stmt_bind_text(s, 2, last);
		stmt_bind_text(s, 3, reason);
		stmt_bind_text(s, 4, now);
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		json_t *terms = json_array();
		for (int i = 0; terms && i < g.nterms; i++)
			json_array_append_new(terms, json_pack("{s:i,s:s,s:s}", "seq", g.terms[i].seq, "starts_on",
							      g.terms[i].starts_on, "ends_on", g.terms[i].ends_on));
		char *before = adopt_json(json_pack("{s:s*,s:s,s:s,s:o*}", "state", cancel ? g.state : NULL, "starts_on",
						    g.starts_on, "ends_on", g.ends_on, "terms", terms));
		char *after = cancel ? adopt_json(json_pack("{s:s,s:b,s:s}", "state", "agreed", "cancelled", 1, "reason", reason))
				     : adopt_json(json_pack("{s:s,s:s}", "ended_on", last, "end_reason", reason));
		rc = audit_record(st, who, cancel ? "adopt-cancel" : "adopt-end", "adopt_agreement", g.id, before, after);
		free(before);
		free(after);
	}
	if (rc == 0) {
		char link[64], y[64] = "";
		int yy, mm, dd;
		const char *day = cancel ? g.starts_on : last;
		if (sscanf(day, "%d-%d-%d", &yy, &mm, &dd) == 3)
			wareki_format_date(yy, mm, dd, y, sizeof y);
		char *when = arena_printf(a, "%s（%s）", y, day);
		snprintf(link, sizeof link, "/adopt/agreements/%lld", g.id);
		struct notice_param np[] = { { "place", place }, { cancel ? "starts" : "ends", when }, { "reason", reason },
					     { NULL, NULL } };
		struct notice n = { cancel ? NOTICE_ADOPT_CANCELLED : NOTICE_ADOPT_ENDED, link, np, 0 };
		rc = notice_org(st, g.org_id, &n);
	}
	if (rc == 0)
		rc = adopt_public_changed(st);
	arena_free(a);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_end_early(struct store *st, const struct actor *who, long long agreement_id, const char *ends_on,
		    const char *reason, struct problems *ps)
{
	return ag_end(st, who, agreement_id, 0, ends_on, reason, ps);
}

int adopt_cancel(struct store *st, const struct actor *who, long long agreement_id, const char *reason,
		 struct problems *ps)
{
	return ag_end(st, who, agreement_id, 1, NULL, reason, ps);
}

int adopt_withdraw(struct store *st, const struct actor *who, long long agreement_id, struct problems *ps)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int shared = 0;
	char place[ADOPT_NAME_MAX + 1];
	/* the group's own (ADOPT_REPORT: the agreement's group alone), read under the lock */
	int rc = ag_write_open(st, a, who, agreement_id, ADOPT_REPORT, &g, &shared, place);
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	if (strcmp(g.state, "applied") != 0) {
		problems_add(ps, NULL, N_("Only an application still waiting for the decision can be taken back."));
		rc = ADOPT_INVALID;
	}
	char now[24];
	adopt_now(now);
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ADOPT_AG_WITHDRAW) : NULL;
	if (rc == 0 && !s)
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, g.id);
		stmt_bind_text(s, 2, now);
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = audit_record(st, who, "adopt-withdraw", "adopt_agreement", g.id, "{\"state\":\"applied\"}",
				  "{\"state\":\"rejected\",\"withdrawn\":true}");
	if (rc == 0) {
		char link[64];
		snprintf(link, sizeof link, "/adopt/agreements/%lld", g.id);
		struct notice_param np[] = { { "place", place }, { "group", g.org_name }, { NULL, NULL } };
		struct notice n = { NOTICE_ADOPT_TAKEN_BACK, link, np, 0 };
		long long dept = g.place_department;
		rc = notice_department(st, dept, &n);
	}
	arena_free(a);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_details_save(struct store *st, const struct actor *who, long long agreement_id,
		       const struct adopt_details_in *in, struct problems *ps)
{
	char from[ADOPT_DATE_MAX], to[ADOPT_DATE_MAX];
	int ok = adopt_text_ok(ps, "activities", in->activities, 1, 1, ADOPT_TEXT_MAX,
			       N_("Write the activities agreed with the group."));
	ok &= adopt_text_ok(ps, "insurer", in->insurer, 0, 0, 200, NULL);
	ok &= adopt_text_ok(ps, "insurance", in->insurance, 0, 1, 500, NULL);
	ok &= adopt_text_ok(ps, "note", in->note, 0, 1, ADOPT_TEXT_MAX, NULL);
	ok &= adopt_date_ok(ps, "insured_from", in->insured_from, 0, from);
	ok &= adopt_date_ok(ps, "insured_to", in->insured_to, 0, to);
	if (ok && *from && *to && strcmp(to, from) < 0) {
		problems_add(ps, "insured_to", N_("The insurance must end on or after the day it starts."));
		ok = 0;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int shared = 0;
	char place[ADOPT_NAME_MAX + 1];
	int rc = ag_write_open(st, a, who, agreement_id, ADOPT_DECIDE, &g, &shared, place);
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	if (!ok)
		rc = ADOPT_INVALID;
	char now[24];
	adopt_now(now);
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ADOPT_AG_DETAILS) : NULL;
	if (rc == 0 && !s)
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, g.id);
		stmt_bind_text(s, 2, in->activities);
		stmt_bind_text(s, 3, in->insurer ? in->insurer : "");
		stmt_bind_text(s, 4, in->insurance ? in->insurance : "");
		stmt_bind_text(s, 5, *from ? from : NULL);
		stmt_bind_text(s, 6, *to ? to : NULL);
		stmt_bind_text(s, 7, in->note ? in->note : "");
		stmt_bind_text(s, 8, now);
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		char *before = adopt_json(json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "activities", g.activities, "insurer",
						    g.insurer, "insurance", g.insurance, "insured_from", g.insured_from,
						    "insured_to", g.insured_to, "note", g.note));
		char *after = adopt_json(json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "activities", in->activities, "insurer",
						   in->insurer ? in->insurer : "", "insurance",
						   in->insurance ? in->insurance : "", "insured_from", from, "insured_to", to,
						   "note", in->note ? in->note : ""));
		rc = audit_record(st, who, "update", "adopt_agreement", g.id, before, after);
		free(before);
		free(after);
	}
	arena_free(a);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_supply_add(struct store *st, const struct actor *who, long long agreement_id, const char *item,
		     const char *count, const char *lent_on, struct problems *ps)
{
	char on[ADOPT_DATE_MAX];
	long long n = 0;
	int ok = adopt_text_ok(ps, "item", item, 1, 0, 200, N_("Name the item lent."));
	ok &= adopt_count_ok(ps, "count", count, 100000, &n);
	if (ok && n < 1) {
		problems_add(ps, "count", N_("Lend at least one."));
		ok = 0;
	}
	ok &= adopt_date_ok(ps, "lent_on", lent_on, 1, on);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int shared = 0;
	char place[ADOPT_NAME_MAX + 1];
	int rc = ag_write_open(st, a, who, agreement_id, ADOPT_DECIDE, &g, &shared, place);
	arena_free(a);
	if (rc != 0)
		return rc;
	if (!ok)
		return adopt_fail(st, ADOPT_INVALID);
	struct stmt *s = store_prepare(st, STMT_ADOPT_SUPPLY_INSERT);
	if (!s)
		return adopt_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, agreement_id);
	stmt_bind_text(s, 2, item);
	stmt_bind_int(s, 3, n);
	stmt_bind_text(s, 4, on);
	if ((rc = stmt_exec(s)) != 0)
		return adopt_fail(st, rc);
	long long sid = store_last_id(st);
	char *after = adopt_json(json_pack("{s:I,s:s,s:I,s:s}", "agreement_id", (json_int_t)agreement_id, "item", item,
					   "count", (json_int_t)n, "lent_on", on));
	rc = audit_record(st, who, "adopt-lend", "adopt_supply", sid, NULL, after);
	free(after);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_supply_return(struct store *st, const struct actor *who, long long agreement_id, long long supply_id,
			const char *returned_on, struct problems *ps)
{
	char on[ADOPT_DATE_MAX];
	int ok = adopt_date_ok(ps, "returned_on", returned_on, 1, on);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int shared = 0;
	char place[ADOPT_NAME_MAX + 1];
	int rc = ag_write_open(st, a, who, agreement_id, ADOPT_DECIDE, &g, &shared, place);
	arena_free(a);
	if (rc != 0)
		return rc;
	if (!ok)
		return adopt_fail(st, ADOPT_INVALID);
	struct stmt *s = store_prepare(st, STMT_ADOPT_SUPPLY_RETURN);
	if (!s)
		return adopt_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, supply_id);
	stmt_bind_int(s, 2, agreement_id);
	stmt_bind_text(s, 3, on);
	if ((rc = stmt_exec(s)) != 0)
		return adopt_fail(st, rc);
	if (store_changes(st) != 1)
		return adopt_fail(st, ADOPT_NOT_FOUND);
	char *after = adopt_json(json_pack("{s:s}", "returned_on", on));
	rc = audit_record(st, who, "adopt-return", "adopt_supply", supply_id, NULL, after);
	free(after);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_report_save(struct store *st, const struct actor *who, long long agreement_id,
		      const struct adopt_report_in *in, struct problems *ps)
{
	int fy = 0;
	long long times = 0, people = 0;
	int ok = 1;
	if (!in->fy || wareki_parse_fiscal_year(in->fy, &fy) != 0) {
		problems_add(ps, "fy", N_("Choose the fiscal year of the report."));
		ok = 0;
	}
	ok &= adopt_text_ok(ps, "activities", in->activities, 1, 1, ADOPT_TEXT_MAX, N_("Say what your group did."));
	ok &= adopt_count_ok(ps, "times", in->times, 100000, &times);
	ok &= adopt_count_ok(ps, "people", in->people, 1000000, &people);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int shared = 0;
	char place[ADOPT_NAME_MAX + 1];
	int rc = ag_write_open(st, a, who, agreement_id, ADOPT_REPORT, &g, &shared, place);
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	if ((rc = adopt_ag_parts(st, a, &g)) != 0) {
		arena_free(a);
		return adopt_fail(st, rc);
	}
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	int now_fy = adopt_fy_of(today), touched = 0;
	for (int i = 0; i < g.nterms; i++) {
		int f1, f2;
		adopt_term_years(g.terms[i].starts_on, g.terms[i].ends_on, &f1, &f2);
		touched |= fy >= f1 && fy <= f2;
	}
	if (strcmp(g.state, "agreed") != 0) {
		problems_add(ps, NULL, N_("Reports are written for an agreement in place."));
		ok = 0;
	} else if (fy && (!touched || fy > now_fy)) {
		problems_add(ps, "fy", N_("Report on a fiscal year of the agreement's terms, up to this one."));
		ok = 0;
	}
	char *before = NULL;
	for (int i = 0; i < g.nreports; i++)
		if (g.reports[i].fy == fy)
			before = adopt_json(json_pack("{s:s,s:i,s:i}", "activities", g.reports[i].activities, "times",
						      g.reports[i].times, "people", g.reports[i].people));
	char dept_link[64], year[64], group[ADOPT_NAME_MAX + 1];
	long long dept = g.place_department;
	snprintf(group, sizeof group, "%s", g.org_name);
	snprintf(dept_link, sizeof dept_link, "/adopt/agreements/%lld", g.id);
	wareki_format_fiscal_year_full(fy, year, sizeof year);
	struct notice_param np[] = { { "place", place }, { "group", group }, { "year", year }, { NULL, NULL } };
	arena_free(a);
	if (!ok) {
		free(before);
		return adopt_fail(st, ADOPT_INVALID);
	}
	char now[24];
	adopt_now(now);
	struct stmt *s = store_prepare(st, STMT_ADOPT_REPORT_SAVE);
	rc = s ? 0 : STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, agreement_id);
		stmt_bind_int(s, 2, fy);
		stmt_bind_text(s, 3, in->activities);
		stmt_bind_int(s, 4, times);
		stmt_bind_int(s, 5, people);
		stmt_bind_text(s, 6, now);
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		char *after = adopt_json(json_pack("{s:i,s:s,s:I,s:I}", "fy", fy, "activities", in->activities, "times",
						   (json_int_t)times, "people", (json_int_t)people));
		rc = audit_record(st, who, before ? "update" : "adopt-report", "adopt_report", agreement_id, before, after);
		free(after);
	}
	free(before);
	if (rc == 0) {
		struct notice n = { NOTICE_ADOPT_REPORTED, dept_link, np, 0 };
		rc = notice_department(st, dept, &n);
	}
	return rc ? adopt_fail(st, rc) : store_commit(st);
}
