/* adopt: the adoption programme's readers and writers (see adopt.h). Who may see and do
 * what is asked of adopt_visibility.c; SQL is by statement id (store/sql_adopt.def). */
#include "domain/adopt.h"
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

#define ADOPT_TEXT_MAX 5000
#define ADOPT_NAME_MAX 200

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

static int adopt_fy_of(const char *d)
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

static char *adopt_json(json_t *o)
{
	char *t = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return t;
}

static void adopt_now(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *adopt_by(const struct actor *who)
{
	return who->display_name && *who->display_name ? who->display_name : who->login ? who->login : "";
}

/* A text input: required or not, one line or several, at most max bytes. 1 when it is fine. */
static int adopt_text_ok(struct problems *ps, const char *field, const char *v, int required, int multiline, size_t max,
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
static int adopt_date_ok(struct problems *ps, const char *field, const char *v, int required, char out[ADOPT_DATE_MAX])
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
static int adopt_terms_ok(struct problems *ps, const struct adopt_terms_in *t, char s[ADOPT_DATE_MAX],
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

static int adopt_count_ok(struct problems *ps, const char *field, const char *v, long long max, long long *out)
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

static int adopt_fail(struct store *st, int rc)
{
	store_rollback(st);
	return rc;
}

/* The public pages of the programme change: every write that changes what they show
 * moves the version, hard (no stale copy may show what was taken away). */
static int adopt_public_changed(struct store *st)
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
		arena_free(a);
		if (rc != 0)
			return adopt_fail(st, rc);
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

static int ag_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
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
	return arena_over(a) ? STORE_ERR : 0;
}

/* The viewer's copy of an agreement: 1 when it shows at all (the whole, or only its
 * group's public name: every other text blanked here, so no surface can print it). */
static int ag_for(const struct actor *who, struct adopt_agreement *g)
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
	int rc = store_list_read(st, a, id, args, 0, sizeof(struct adopt_agreement), ag_row, NULL, &l);
	if (rc != 0)
		return rc;
	struct adopt_agreement *g = l.rows;
	int k = 0;
	for (int i = 0; i < l.n; i++)
		if (ag_for(who, &g[i]))
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
static int ag_parts_of(struct store *st, struct arena *a, struct adopt_agreement *g, int with_supplies)
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

static int ag_parts(struct store *st, struct arena *a, struct adopt_agreement *g)
{
	return ag_parts_of(st, a, g, 1);
}

/* The stored agreement, whoever asks (writers check the rule themselves). */
static int ag_read(struct store *st, struct arena *a, long long id, struct adopt_agreement *out)
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
		rc = ag_row(s, a, out, NULL) == 0 ? 1 : STORE_ERR;
	stmt_reset(s);
	return rc < 0 ? rc : rc == 0 ? ADOPT_NOT_FOUND : 0;
}

int adopt_agreement_get(struct store *st, struct arena *a, const struct actor *who, long long id,
			struct adopt_agreement *out)
{
	int rc = ag_read(st, a, id, out);
	if (rc != 0)
		return rc;
	if (!ag_for(who, out) || !out->full)
		return ADOPT_NOT_FOUND;
	return ag_parts(st, a, out);
}

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
	rc = a ? ag_read(st, a, agreement_id, &g) : STORE_ERR;
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
	if ((rc = ag_read(st, a, id, g)) == 0)
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
	if (strcmp(g.state, "agreed") != 0) {
		problems_add(ps, NULL, N_("Only an agreement in place can be renewed."));
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
	if ((rc = ag_parts(st, a, &g)) != 0) {
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

/* ---- due reports, ending terms ---- */

int adopt_reports_missing(const struct adopt_agreement *ag, const char *today, int *fys, int max)
{
	if (!ag->state || strcmp(ag->state, "agreed") != 0)
		return 0;
	int now_fy = adopt_fy_of(today), n = 0;
	int lo = 0, hi = 0;
	for (int i = 0; i < ag->nterms; i++) {
		int f1, f2;
		adopt_term_years(ag->terms[i].starts_on, ag->terms[i].ends_on, &f1, &f2);
		if (!lo || f1 < lo)
			lo = f1;
		if (f2 > hi)
			hi = f2;
	}
	for (int fy = lo; lo && fy <= hi && fy < now_fy; fy++) {
		int covered = 0, reported = 0;
		for (int i = 0; i < ag->nterms; i++) {
			int f1, f2;
			adopt_term_years(ag->terms[i].starts_on, ag->terms[i].ends_on, &f1, &f2);
			covered |= fy >= f1 && fy <= f2;
		}
		for (int i = 0; i < ag->nreports; i++)
			reported |= ag->reports[i].fy == fy;
		if (covered && !reported) {
			if (n < max)
				fys[n] = fy;
			n++;
		}
	}
	return n;
}

int adopt_ending_soon(const struct adopt_agreement *ag, const char *today, int days)
{
	if (!ag->state || strcmp(ag->state, "agreed") != 0 || !ag->ends_on || !*ag->ends_on)
		return 0;
	char limit[ADOPT_DATE_MAX];
	adopt_date_add(today, days, limit);
	return strcmp(ag->ends_on, today) >= 0 && strcmp(ag->ends_on, limit) <= 0;
}

static struct adopt_work_row *work_push(struct arena *a, struct adopt_work_row **rows, int *n,
					const struct adopt_agreement *g)
{
	struct adopt_work_row *r = arena_alloc(a, (size_t)(*n + 1) * sizeof *r);
	if (!r)
		return NULL;
	if (*n)
		memcpy(r, *rows, (size_t)*n * sizeof *r);
	*rows = r;
	r = &r[(*n)++];
	r->agreement_id = g->id;
	r->place_id = g->place_id;
	r->place_name = g->place_name;
	r->org_name = g->org_name;
	return r;
}

int adopt_work_load(struct store *st, struct arena *a, const struct actor *who, const char *today,
		    struct adopt_work *out)
{
	memset(out, 0, sizeof *out);
	long long dept = 0, org = 0;
	if (who->role == ROLE_STAFF)
		dept = who->department_id;
	else if (who->role == ROLE_GROUP)
		org = who->org_id;
	else if (who->role != ROLE_ADMIN)
		return 0;
	if ((who->role == ROLE_STAFF && dept <= 0) || (who->role == ROLE_GROUP && org <= 0))
		return 0;
	char day[ADOPT_DATE_MAX];
	if (!today) {
		adopt_today(day);
		today = day;
	}
	struct store_arg args[] = { SARG_INT(dept), SARG_INT(org), SARG_TEXT(today), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ADOPT_AG_WORK, args, 0, sizeof(struct adopt_agreement), ag_row, NULL, &l);
	if (rc != 0)
		return rc;
	int days = adopt_ending_days(st);
	struct adopt_agreement *g = l.rows;
	for (int i = 0; i < l.n && rc == 0; i++) {
		if (!adopt_may(who, g[i].place_department, g[i].org_id, ADOPT_SEE_AGREEMENT))
			continue;
		struct adopt_work_row *r;
		if (strcmp(g[i].state, "applied") == 0) {
			if (who->role == ROLE_GROUP)
				continue;	/* the group waits: nothing for it to do */
			if (!(r = work_push(a, &out->applied, &out->napplied, &g[i])))
				return STORE_ERR;
			r->at = g[i].applied_at;
			continue;
		}
		if (adopt_ending_soon(&g[i], today, days)) {
			if (!(r = work_push(a, &out->ending, &out->nending, &g[i])))
				return STORE_ERR;
			r->at = g[i].ends_on;
		}
		if ((rc = ag_parts_of(st, a, &g[i], 0)) != 0)
			return rc;
		int fys[16];
		int m = adopt_reports_missing(&g[i], today, fys, 16);
		for (int k = 0; k < m && k < 16; k++) {
			if (!(r = work_push(a, &out->missing, &out->nmissing, &g[i])))
				return STORE_ERR;
			r->fy = fys[k];
			r->at = arena_printf(a, "%04d-03-31", fys[k] + 1);
		}
	}
	return rc;
}

struct ending_row {
	long long term_id, agreement_id, org_id, dept;
	char *ends_on, *place;
};

static int ending_row_fill(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct ending_row *e = elem;
	(void)ctx;
	e->term_id = stmt_int(s, 0);
	e->agreement_id = stmt_int(s, 1);
	e->ends_on = stmt_text_dup(s, a, 2);
	e->org_id = stmt_int(s, 3);
	e->dept = stmt_int(s, 4);
	e->place = stmt_text_dup(s, a, 5);
	return arena_over(a) ? STORE_ERR : 0;
}

int adopt_remind(struct store *st, const struct actor *who, const char *today, int *n)
{
	*n = 0;
	if (who->role != ROLE_ADMIN)
		return ADOPT_NOT_FOUND;
	char day[ADOPT_DATE_MAX], limit[ADOPT_DATE_MAX], now[24];
	if (!today) {
		adopt_today(day);
		today = day;
	}
	adopt_date_add(today, adopt_ending_days(st), limit);
	adopt_now(now);
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	int rc = store_begin(st);
	struct store_arg args[] = { SARG_TEXT(today), SARG_TEXT(limit), SARG_END };
	struct store_list l = { 0 };
	if (rc == 0)
		rc = store_list_read(st, a, STMT_ADOPT_TERMS_ENDING, args, 0, sizeof(struct ending_row), ending_row_fill,
				     NULL, &l);
	struct ending_row *e = l.rows;
	for (int i = 0; rc == 0 && i < l.n; i++) {
		char link[64], y[64] = "";
		int yy, mm, dd;
		if (sscanf(e[i].ends_on, "%d-%d-%d", &yy, &mm, &dd) == 3)
			wareki_format_date(yy, mm, dd, y, sizeof y);
		char *ends = arena_printf(a, "%s（%s）", y, e[i].ends_on);
		snprintf(link, sizeof link, "/adopt/agreements/%lld", e[i].agreement_id);
		struct notice_param np[] = { { "place", e[i].place }, { "ends", ends }, { NULL, NULL } };
		struct notice nt = { NOTICE_ADOPT_ENDING, link, np, 0 };
		rc = notice_department(st, e[i].dept, &nt);
		if (rc == 0)
			rc = notice_org(st, e[i].org_id, &nt);
		struct stmt *s = rc == 0 ? store_prepare(st, STMT_ADOPT_TERM_REMINDED) : NULL;
		if (rc == 0 && !s)
			rc = STORE_ERR;
		if (rc == 0) {
			stmt_bind_int(s, 1, e[i].term_id);
			stmt_bind_text(s, 2, now);
			rc = stmt_exec(s);
		}
		if (rc == 0) {
			char *after = adopt_json(json_pack("{s:s,s:s}", "ends_on", e[i].ends_on, "reminded_at", now));
			rc = audit_record(st, who, "remind", "adopt_agreement", e[i].agreement_id, NULL, after);
			free(after);
		}
	}
	*n = rc == 0 ? l.n : 0;
	arena_free(a);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

static int org_option_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct adopt_org_option *o = elem;
	(void)ctx;
	o->id = stmt_int(s, 0);
	o->name = stmt_text_dup(s, a, 1);
	return arena_over(a) ? STORE_ERR : 0;
}

int adopt_org_options(struct store *st, struct arena *a, struct adopt_org_option **out, int *n)
{
	struct store_list l;
	int rc = store_list_read(st, a, STMT_ADOPT_ORG_OPTIONS, NULL, 0, sizeof(struct adopt_org_option), org_option_row,
				 NULL, &l);
	*out = l.rows;
	*n = rc == 0 ? l.n : 0;
	return rc;
}
