/* adopt: the adoption programme's dates, checks, kinds, places and the readers of
 * agreements (see adopt.h); the agreements' writers are adopt_agreement.c, what is due and
 * the reminders adopt_work.c. Who may see and do what is asked of adopt_visibility.c; SQL
 * is by statement id (store/sql_adopt.def). */
#include "domain/adopt.h"
#include "domain/adopt_internal.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/org.h"
#include "domain/problems.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* ---- dates ---- */

void adopt_today(char out[ADOPT_DATE_MAX])
{
	const char *env = getenv("KYODO_TODAY");
	if (env && adopt_date_parse(env, out) == 0)
		return;
	struct wareki_time t;
	wareki_jst_of_unix((long long)time(NULL), &t);
	snprintf(out, ADOPT_DATE_MAX, "%04d-%02d-%02d", t.y, t.m, t.d);
}

int adopt_date_parse(const char *s, char out[ADOPT_DATE_MAX])
{
	int y, m, d;
	out[0] = 0;
	if (!s || !*s || wareki_parse_date(s, &y, &m, &d) != 0 || y < 1873 || y > 9999)
		return -1;
	snprintf(out, ADOPT_DATE_MAX, "%04d-%02d-%02d", y, m, d);
	return 0;
}

void adopt_date_add(const char *d, int days, char out[ADOPT_DATE_MAX])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	out[0] = 0;
	if (!d || sscanf(d, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, ADOPT_DATE_MAX, "%Y-%m-%d", &tm);
}

int adopt_fy_of(const char *d)
{
	int y = 0, m = 0, dd = 0;
	if (!d || sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3)
		return 0;
	return wareki_fiscal_year_of(y, m, dd);
}

void adopt_term_years(const char *starts, const char *ends, int *first, int *last)
{
	*first = adopt_fy_of(starts);
	*last = adopt_fy_of(ends);
}

int adopt_ending_days(struct store *st)
{
	int d = org_setting_int(st, "adopt.ending_days", ADOPT_ENDING_DAYS);
	return d < 1 || d > 366 ? ADOPT_ENDING_DAYS : d;
}

/* ---- small helpers ---- */

char *adopt_json(json_t *o)
{
	char *t = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return t;
}

void adopt_now(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *adopt_by(const struct actor *who)
{
	return who->display_name && *who->display_name ? who->display_name : who->login ? who->login : "";
}

/* A text input: required or not, one line or several, at most max bytes. 1 when it is fine. */
int adopt_text_ok(struct problems *ps, const char *field, const char *v, int required, int multiline, size_t max,
			 const char *missing)
{
	const char *problem;
	if (!v || !*v || jtext_is_blank(v)) {
		if (required) {
			problems_add(ps, field, missing);
			return 0;
		}
		if (v && *v) {
			problems_add(ps, field, N_("The text is made only of invisible characters."));
			return 0;
		}
		return 1;
	}
	if ((problem = jtext_text_problem(v, multiline))) {
		problems_add(ps, field, problem);
		return 0;
	}
	if (strlen(v) > max) {
		problems_add(ps, field, N_("The text is too long."));
		return 0;
	}
	return 1;
}

/* A date input into out: required or not. */
int adopt_date_ok(struct problems *ps, const char *field, const char *v, int required, char out[ADOPT_DATE_MAX])
{
	out[0] = 0;
	if (!v || !*v) {
		if (required)
			problems_add(ps, field, N_("Enter a date."));
		return !required;
	}
	if (adopt_date_parse(v, out) != 0) {
		problems_add(ps, field, N_("Enter a date such as 2026-04-01 or 令和8年4月1日."));
		return 0;
	}
	return 1;
}

/* A term: both dates, the end not before the start. */
int adopt_terms_ok(struct problems *ps, const struct adopt_terms_in *t, char s[ADOPT_DATE_MAX],
			  char e[ADOPT_DATE_MAX])
{
	int ok = adopt_date_ok(ps, "starts_on", t ? t->starts_on : NULL, 1, s);
	ok &= adopt_date_ok(ps, "ends_on", t ? t->ends_on : NULL, 1, e);
	if (ok && strcmp(e, s) < 0) {
		problems_add(ps, "ends_on", N_("The term must end on or after the day it starts."));
		return 0;
	}
	return ok;
}

int adopt_count_ok(struct problems *ps, const char *field, const char *v, long long max, long long *out)
{
	if (!v || !*v) {
		problems_add(ps, field, N_("Enter a number."));
		return 0;
	}
	if (jtext_uint(v, out) != 0 || *out > max) {
		problems_add(ps, field, N_("Enter a whole number."));
		return 0;
	}
	return 1;
}

int adopt_fail(struct store *st, int rc)
{
	store_rollback(st);
	return rc;
}

/* The public pages of the programme change: every write that changes what they show
 * moves the version, hard (no stale copy may show what was taken away). */
int adopt_public_changed(struct store *st)
{
	return version_bump(st, "adopt", 1);
}

/* ---- kinds ---- */

static int kind_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct adopt_kind *k = elem;
	(void)ctx;
	k->id = stmt_int(s, 0);
	k->name = stmt_text_dup(s, a, 1);
	k->position = (int)stmt_int(s, 2);
	k->retired = (int)stmt_int(s, 3);
	return arena_over(a) ? STORE_ERR : 0;
}

int adopt_kind_list(struct store *st, struct arena *a, int with_retired, struct adopt_kind **out, int *n)
{
	struct store_arg args[] = { SARG_INT(with_retired ? 1 : 0), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ADOPT_KIND_LIST, args, 0, sizeof(struct adopt_kind), kind_row, NULL, &l);
	*out = l.rows;
	*n = rc == 0 ? l.n : 0;
	return rc;
}

/* 1 when another kind (not id) has the name, 0 when none, < 0 a store_rc. */
static int kind_name_taken(struct store *st, const char *name, long long id)
{
	struct stmt *s = store_prepare(st, STMT_ADOPT_KIND_BY_NAME);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, name);
	int rc = stmt_step(s);
	int taken = rc == 1 && stmt_int(s, 0) != id;
	stmt_reset(s);
	return rc < 0 ? rc : taken;
}

int adopt_kind_add(struct store *st, const struct actor *who, const char *name, long long *id, struct problems *ps)
{
	*id = 0;
	if (who->role != ROLE_ADMIN)
		return ADOPT_NOT_FOUND;
	if (!adopt_text_ok(ps, "name", name, 1, 0, 100, N_("Enter the kind's name.")))
		return ADOPT_INVALID;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	if ((rc = kind_name_taken(st, name, 0)) != 0) {
		if (rc == 1)
			problems_add(ps, "name", N_("A kind of that name exists already."));
		return adopt_fail(st, rc == 1 ? ADOPT_INVALID : rc);
	}
	struct stmt *s = store_prepare(st, STMT_ADOPT_KIND_INSERT);
	if (!s)
		return adopt_fail(st, STORE_ERR);
	stmt_bind_text(s, 1, name);
	if ((rc = stmt_exec(s)) != 0)
		return adopt_fail(st, rc);
	*id = store_last_id(st);
	char *after = adopt_json(json_pack("{s:s}", "name", name));
	rc = audit_record(st, who, "create", "adopt_kind", *id, NULL, after);
	free(after);
	if (rc == 0)
		rc = adopt_public_changed(st);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

int adopt_kind_update(struct store *st, const struct actor *who, long long id, const char *name, int retired,
		      struct problems *ps)
{
	if (who->role != ROLE_ADMIN)
		return ADOPT_NOT_FOUND;
	if (!adopt_text_ok(ps, "name", name, 1, 0, 100, N_("Enter the kind's name.")))
		return ADOPT_INVALID;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_ADOPT_KIND_GET);
	if (!s)
		return adopt_fail(st, STORE_ERR);
	stmt_bind_int(s, 1, id);
	char *before = NULL;
	if ((rc = stmt_step(s)) == 1)
		before = adopt_json(json_pack("{s:s,s:i}", "name", stmt_text(s, 1), "retired", (int)stmt_int(s, 3)));
	stmt_reset(s);
	if (rc != 1)
		return adopt_fail(st, rc < 0 ? rc : ADOPT_NOT_FOUND);
	if ((rc = kind_name_taken(st, name, id)) != 0) {
		free(before);
		if (rc == 1)
			problems_add(ps, "name", N_("A kind of that name exists already."));
		return adopt_fail(st, rc == 1 ? ADOPT_INVALID : rc);
	}
	if (!(s = store_prepare(st, STMT_ADOPT_KIND_UPDATE))) {
		free(before);
		return adopt_fail(st, STORE_ERR);
	}
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, name);
	stmt_bind_int(s, 3, retired ? 1 : 0);
	rc = stmt_exec(s);
	char *after = adopt_json(json_pack("{s:s,s:i}", "name", name, "retired", retired ? 1 : 0));
	if (rc == 0)
		rc = audit_record(st, who, "update", "adopt_kind", id, before, after);
	free(before);
	free(after);
	if (rc == 0)
		rc = adopt_public_changed(st);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

/* ---- places ---- */

static void place_fill(struct stmt *s, struct arena *a, struct adopt_place *p)
{
	p->id = stmt_int(s, 0);
	p->kind_id = stmt_int(s, 1);
	p->kind = stmt_text_dup(s, a, 2);
	p->name = stmt_text_dup(s, a, 3);
	p->location = stmt_text_dup(s, a, 4);
	p->department_id = stmt_int(s, 5);
	p->department = stmt_text_dup(s, a, 6);
	p->shared = (int)stmt_int(s, 7);
	p->note = stmt_text_dup(s, a, 8);
	p->created_at = stmt_text_dup(s, a, 9);
	p->updated_at = stmt_text_dup(s, a, 10);
}

/* The viewer's copy: the city's note only for who may read it. */
static void place_for(const struct actor *who, struct adopt_place *p)
{
	if (!adopt_may(who, p->department_id, 0, ADOPT_SEE_NOTE))
		p->note = "";
}

int adopt_place_get(struct store *st, struct arena *a, const struct actor *who, long long id, struct adopt_place *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *s = store_prepare(st, STMT_ADOPT_PLACE_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	if (rc == 1)
		place_fill(s, a, out);
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (rc == 0 || !adopt_may(who, out->department_id, 0, ADOPT_SEE_PLACE))
		return ADOPT_NOT_FOUND;
	place_for(who, out);
	return arena_over(a) ? STORE_ERR : 0;
}

int adopt_place_check(struct store *st, const struct actor *who, const struct adopt_place_in *in,
		      struct problems *ps)
{
	long long kind = 0, dept = 0;
	int bad = 0;
	if (!in->kind || !*in->kind || jtext_uint(in->kind, &kind) != 0 || kind <= 0) {
		problems_add(ps, "kind", N_("Choose the kind of place."));
		bad = 1;
	} else {
		struct stmt *s = store_prepare(st, STMT_ADOPT_KIND_GET);
		if (!s)
			return STORE_ERR;
		stmt_bind_int(s, 1, kind);
		int rc = stmt_step(s);
		stmt_reset(s);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			problems_add(ps, "kind", N_("Choose the kind of place."));
			bad = 1;
		}
	}
	bad |= !adopt_text_ok(ps, "name", in->name, 1, 0, ADOPT_NAME_MAX, N_("Enter the place's name."));
	bad |= !adopt_text_ok(ps, "location", in->location, 1, 1, 1000, N_("Say where the place is."));
	bad |= !adopt_text_ok(ps, "note", in->note, 0, 1, ADOPT_TEXT_MAX, NULL);
	if (!in->department || !*in->department || jtext_uint(in->department, &dept) != 0 || dept <= 0) {
		problems_add(ps, "department", N_("Choose the department in charge."));
		bad = 1;
	} else if (who->role == ROLE_STAFF && dept != who->department_id) {
		problems_add(ps, "department", N_("You can only add places in your own department's care."));
		bad = 1;
	} else {
		char *name = NULL;
		struct department *ds;
		int n = 0;
		struct arena *a = arena_new(0);
		int rc = a ? account_department_list(st, a, &ds, &n) : STORE_ERR;
		for (int i = 0; rc == 0 && i < n; i++)
			if (ds[i].id == dept)
				name = ds[i].name;
		arena_free(a);
		if (rc != 0)
			return rc;
		if (!name) {
			problems_add(ps, "department", N_("Choose the department in charge."));
			bad = 1;
		}
	}
	return bad ? ADOPT_INVALID : 0;
}

static json_t *place_json(const struct adopt_place_in *in, long long kind, long long dept, int shared)
{
	return json_pack("{s:I,s:s,s:s,s:I,s:i,s:s}", "kind_id", (json_int_t)kind, "name", in->name, "location",
			 in->location ? in->location : "", "department_id", (json_int_t)dept, "shared", shared, "note",
			 in->note ? in->note : "");
}

/* Shared adoption may be turned off only while no two agreed agreements on the place
 * share a day from today on (in force today or agreed for later days: the overlap rule
 * would otherwise be bypassed): 0, ADOPT_INVALID (the problem on "shared"; the page lists
 * the agreements in force or to come), or a store_rc. */
static int shared_off_check(struct store *st, long long place_id, struct problems *ps)
{
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	struct stmt *s = store_prepare(st, STMT_ADOPT_SHARED_OVERLAPS);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, place_id);
	stmt_bind_text(s, 2, today);
	int rc = stmt_step(s);
	long long n = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (n > 0) {
		problems_add(ps, "shared", adopt_msg_shared_in_force);
		return ADOPT_INVALID;
	}
	return 0;
}

const char *const adopt_msg_shared_in_force =
	N_("Shared adoption cannot be turned off while agreements on this place share days, today or later. The "
	   "agreements in force or to come are listed below: end one early, cancel one that has not started, or wait "
	   "until they no longer share a day.");

int adopt_place_save(struct store *st, const struct actor *who, long long id, const struct adopt_place_in *in,
		     long long *out_id, struct problems *ps)
{
	*out_id = id;
	if (!(who->role == ROLE_ADMIN || who->role == ROLE_STAFF))
		return ADOPT_NOT_FOUND;
	int rc = adopt_place_check(st, who, in, ps);
	if (rc != 0)
		return rc;
	long long kind = 0, dept = 0;
	jtext_uint(in->kind, &kind);
	jtext_uint(in->department, &dept);
	int shared = in->shared && strcmp(in->shared, "1") == 0;
	if ((rc = store_begin(st)) != 0)
		return rc;
	char now[24];
	adopt_now(now);
	char *before = NULL;
	struct stmt *s;
	if (id) {
		struct arena *a = arena_new(0);
		struct adopt_place p;
		rc = a ? adopt_place_get(st, a, who, id, &p) : STORE_ERR;
		if (rc == 0 && !adopt_may(who, p.department_id, 0, ADOPT_EDIT_PLACE))
			rc = ADOPT_NOT_FOUND;
		if (rc == 0) {
			struct adopt_place_in was = { NULL, p.name, p.location, NULL, NULL, p.note };
			before = adopt_json(place_json(&was, p.kind_id, p.department_id, p.shared));
		}
		/* shared adoption turned off: no two groups may adopt the place on one day from
		 * today on (read under the write lock, which every agreement's write takes too) */
		if (rc == 0 && p.shared && !shared)
			rc = shared_off_check(st, id, ps);
		arena_free(a);
		if (rc != 0) {
			free(before);
			return adopt_fail(st, rc);
		}
		s = store_prepare(st, STMT_ADOPT_PLACE_UPDATE);
		if (!s) {
			free(before);
			return adopt_fail(st, STORE_ERR);
		}
		stmt_bind_int(s, 1, id);
		stmt_bind_int(s, 2, kind);
		stmt_bind_text(s, 3, in->name);
		stmt_bind_text(s, 4, in->location ? in->location : "");
		stmt_bind_int(s, 5, dept);
		stmt_bind_int(s, 6, shared);
		stmt_bind_text(s, 7, in->note ? in->note : "");
		stmt_bind_text(s, 8, now);
		rc = stmt_exec(s);
	} else {
		if (!(s = store_prepare(st, STMT_ADOPT_PLACE_INSERT)))
			return adopt_fail(st, STORE_ERR);
		stmt_bind_int(s, 1, kind);
		stmt_bind_text(s, 2, in->name);
		stmt_bind_text(s, 3, in->location ? in->location : "");
		stmt_bind_int(s, 4, dept);
		stmt_bind_int(s, 5, shared);
		stmt_bind_text(s, 6, in->note ? in->note : "");
		stmt_bind_text(s, 7, now);
		if ((rc = stmt_exec(s)) == 0)
			*out_id = store_last_id(st);
	}
	char *after = adopt_json(place_json(in, kind, dept, shared));
	if (rc == 0)
		rc = audit_record(st, who, id ? "update" : "create", "adopt_place", *out_id, before, after);
	free(before);
	free(after);
	if (rc == 0)
		rc = adopt_public_changed(st);
	return rc ? adopt_fail(st, rc) : store_commit(st);
}

/* ---- agreements: reading ---- */

int adopt_ag_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct adopt_agreement *g = elem;
	(void)ctx;
	g->id = stmt_int(s, 0);
	g->place_id = stmt_int(s, 1);
	g->org_id = stmt_int(s, 2);
	g->state = stmt_text_dup(s, a, 3);
	g->org_name = stmt_text_dup(s, a, 4);
	g->public_name = stmt_text_dup(s, a, 5);
	g->activities = stmt_text_dup(s, a, 6);
	g->wish_start = stmt_text_dup(s, a, 7);
	g->wish_end = stmt_text_dup(s, a, 8);
	g->insurer = stmt_text_dup(s, a, 9);
	g->insurance = stmt_text_dup(s, a, 10);
	g->insured_from = stmt_text_dup(s, a, 11);
	g->insured_to = stmt_text_dup(s, a, 12);
	g->note = stmt_text_dup(s, a, 13);
	g->comment = stmt_text_dup(s, a, 14);
	g->applied_at = stmt_text_dup(s, a, 15);
	g->decided_at = stmt_text_dup(s, a, 16);
	g->decided_by = stmt_text_dup(s, a, 17);
	g->created_at = stmt_text_dup(s, a, 18);
	g->starts_on = stmt_text_dup(s, a, 19);
	g->ends_on = stmt_text_dup(s, a, 20);
	g->in_force = (int)stmt_int(s, 21);
	g->place_name = stmt_text_dup(s, a, 22);
	g->place_department = stmt_int(s, 23);
	g->ended_on = stmt_text_dup(s, a, 24);
	g->end_reason = stmt_text_dup(s, a, 25);
	g->withdrawn_at = stmt_text_dup(s, a, 26);
	return arena_over(a) ? STORE_ERR : 0;
}

/* The viewer's copy of an agreement: 1 when it shows at all (the whole, or only its
 * group's public name: every other text blanked here, so no surface can print it). */
int adopt_ag_for(const struct actor *who, struct adopt_agreement *g)
{
	if (!adopt_agreement_shows(who, g->place_department, g->org_id, g->state, g->in_force))
		return 0;
	g->full = adopt_may(who, g->place_department, g->org_id, ADOPT_SEE_AGREEMENT);
	if (!g->full) {
		static char empty[1];
		g->org_name = g->public_name;
		g->activities = g->wish_start = g->wish_end = g->insurer = g->insurance = empty;
		g->insured_from = g->insured_to = g->note = g->comment = empty;
		g->applied_at = g->decided_at = g->decided_by = g->created_at = empty;
		g->starts_on = g->ends_on = empty;
		g->ended_on = g->end_reason = g->withdrawn_at = empty;
		g->org_id = 0;
	} else if (!adopt_may(who, g->place_department, g->org_id, ADOPT_SEE_NOTE)) {
		g->note = "";
	}
	return 1;
}

/* The agreements of statement id (?1 the key, ?2 today) that the viewer may see. */
static int ag_list(struct store *st, struct arena *a, const struct actor *who, enum stmt_id id, long long key,
		   struct adopt_agreement **out, int *n)
{
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	struct store_arg args[] = { SARG_INT(key), SARG_TEXT(today), SARG_END };
	struct store_list l;
	*out = NULL;
	*n = 0;
	int rc = store_list_read(st, a, id, args, 0, sizeof(struct adopt_agreement), adopt_ag_row, NULL, &l);
	if (rc != 0)
		return rc;
	struct adopt_agreement *g = l.rows;
	int k = 0;
	for (int i = 0; i < l.n; i++)
		if (adopt_ag_for(who, &g[i]))
			g[k++] = g[i];
	*out = g;
	*n = k;
	return 0;
}

int adopt_place_agreements(struct store *st, struct arena *a, const struct actor *who, long long place_id,
			   struct adopt_agreement **out, int *n)
{
	return ag_list(st, a, who, STMT_ADOPT_AG_OF_PLACE, place_id, out, n);
}

int adopt_agreements_of_org(struct store *st, struct arena *a, const struct actor *who,
			    struct adopt_agreement **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (who->role != ROLE_GROUP || who->org_id <= 0)
		return 0;
	return ag_list(st, a, who, STMT_ADOPT_AG_OF_ORG, who->org_id, out, n);
}

static int place_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct adopt_place_row *row = elem;
	(void)ctx;
	place_fill(s, a, &row->place);
	return arena_over(a) ? STORE_ERR : 0;
}

int adopt_place_list(struct store *st, struct arena *a, const struct actor *who, const struct adopt_filter *f,
		     struct adopt_place_row **out, int *n, int *total)
{
	*out = NULL;
	*n = *total = 0;
	int per = f->per_page > 0 ? f->per_page : 50, page = f->page > 0 ? f->page : 1;
	struct stmt *s = store_prepare(st, STMT_ADOPT_PLACE_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, f->kind_id);
	stmt_bind_int(s, 2, f->department_id);
	int rc = stmt_step(s);
	*total = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	struct store_arg args[] = { SARG_INT(f->kind_id), SARG_INT(f->department_id), SARG_INT(per),
				    SARG_INT((long long)(page - 1) * per), SARG_END };
	struct store_list l;
	if ((rc = store_list_read(st, a, STMT_ADOPT_PLACE_LIST, args, 0, sizeof(struct adopt_place_row), place_row,
				  NULL, &l)) != 0)
		return rc;
	struct adopt_place_row *rows = l.rows;
	for (int i = 0; i < l.n && rc == 0; i++) {
		place_for(who, &rows[i].place);
		rc = adopt_place_agreements(st, a, who, rows[i].place.id, &rows[i].agreements, &rows[i].nagreements);
		for (int k = 0; rc == 0 && k < rows[i].nagreements; k++)
			rows[i].adopted |= rows[i].agreements[k].in_force && strcmp(rows[i].agreements[k].state, "agreed") == 0;
	}
	if (rc != 0)
		return rc;
	*out = rows;
	*n = l.n;
	return 0;
}

static int term_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct adopt_term *t = elem;
	(void)ctx;
	t->id = stmt_int(s, 0);
	t->seq = (int)stmt_int(s, 1);
	t->starts_on = stmt_text_dup(s, a, 2);
	t->ends_on = stmt_text_dup(s, a, 3);
	t->created_at = stmt_text_dup(s, a, 4);
	t->created_by = stmt_text_dup(s, a, 5);
	return arena_over(a) ? STORE_ERR : 0;
}

static int supply_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct adopt_supply *u = elem;
	(void)ctx;
	u->id = stmt_int(s, 0);
	u->item = stmt_text_dup(s, a, 1);
	u->count = (int)stmt_int(s, 2);
	u->lent_on = stmt_text_dup(s, a, 3);
	u->returned_on = stmt_text_dup(s, a, 4);
	return arena_over(a) ? STORE_ERR : 0;
}

static int report_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct adopt_report *p = elem;
	(void)ctx;
	p->id = stmt_int(s, 0);
	p->fy = (int)stmt_int(s, 1);
	p->activities = stmt_text_dup(s, a, 2);
	p->times = (int)stmt_int(s, 3);
	p->people = (int)stmt_int(s, 4);
	p->submitted_at = stmt_text_dup(s, a, 5);
	p->updated_at = stmt_text_dup(s, a, 6);
	return arena_over(a) ? STORE_ERR : 0;
}

/* The terms and reports of g (what is due is worked out from them); with_supplies, its
 * supplies too. */
int adopt_ag_parts_of(struct store *st, struct arena *a, struct adopt_agreement *g, int with_supplies)
{
	struct store_arg args[] = { SARG_INT(g->id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ADOPT_TERMS, args, 0, sizeof(struct adopt_term), term_row, NULL, &l);
	if (rc != 0)
		return rc;
	g->terms = l.rows;
	g->nterms = l.n;
	if (with_supplies) {
		if ((rc = store_list_read(st, a, STMT_ADOPT_SUPPLIES, args, 0, sizeof(struct adopt_supply), supply_row,
					  NULL, &l)) != 0)
			return rc;
		g->supplies = l.rows;
		g->nsupplies = l.n;
	}
	if ((rc = store_list_read(st, a, STMT_ADOPT_REPORTS, args, 0, sizeof(struct adopt_report), report_row, NULL,
				  &l)) != 0)
		return rc;
	g->reports = l.rows;
	g->nreports = l.n;
	return 0;
}

int adopt_ag_parts(struct store *st, struct arena *a, struct adopt_agreement *g)
{
	return adopt_ag_parts_of(st, a, g, 1);
}

/* The stored agreement, whoever asks (writers check the rule themselves). */
int adopt_ag_read(struct store *st, struct arena *a, long long id, struct adopt_agreement *out)
{
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	memset(out, 0, sizeof *out);
	struct stmt *s = store_prepare(st, STMT_ADOPT_AG_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, today);
	int rc = stmt_step(s);
	if (rc == 1)
		rc = adopt_ag_row(s, a, out, NULL) == 0 ? 1 : STORE_ERR;
	stmt_reset(s);
	return rc < 0 ? rc : rc == 0 ? ADOPT_NOT_FOUND : 0;
}

int adopt_agreement_get(struct store *st, struct arena *a, const struct actor *who, long long id,
			struct adopt_agreement *out)
{
	int rc = adopt_ag_read(st, a, id, out);
	if (rc != 0)
		return rc;
	if (!adopt_ag_for(who, out) || !out->full)
		return ADOPT_NOT_FOUND;
	return adopt_ag_parts(st, a, out);
}
