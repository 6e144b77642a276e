/* adopt_work: what is due in the adoption programme (see adopt.h) — reports missing,
 * agreements ending soon, applications waiting, for the start pages and the department's
 * page — and the reminders of agreements ending soon; the directory's groups for the
 * department's form. */
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

int adopt_agreement_cancelled(const struct adopt_agreement *ag)
{
	return ag->state && strcmp(ag->state, "agreed") == 0 && ag->ended_on && *ag->ended_on &&
	       (!ag->starts_on || !*ag->starts_on);
}

const char *adopt_state_name(const char *state, int withdrawn, int cancelled)
{
	if (state && strcmp(state, "applied") == 0)
		return N_("Applied, waiting for the decision");
	if (state && strcmp(state, "rejected") == 0)
		return withdrawn ? N_("Taken back by the group") : N_("Not approved");
	if (state && strcmp(state, "agreed") == 0)
		return cancelled ? N_("Cancelled before it started") : N_("Agreed");
	return NULL;
}

int adopt_agreement_finished(const struct adopt_agreement *ag)
{
	if (strcmp(ag->state, "rejected") == 0 || adopt_agreement_cancelled(ag))
		return 1;
	char today[ADOPT_DATE_MAX];
	adopt_today(today);
	return strcmp(ag->state, "agreed") == 0 && ag->ends_on && *ag->ends_on && strcmp(ag->ends_on, today) < 0;
}

int adopt_ending_soon(const struct adopt_agreement *ag, const char *today, int days)
{
	if (!ag->state || strcmp(ag->state, "agreed") != 0 || !ag->ends_on || !*ag->ends_on)
		return 0;
	if (ag->ended_on && *ag->ended_on)
		return 0;	/* ended early: nothing to renew */
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
	int rc = store_list_read(st, a, STMT_ADOPT_AG_WORK, args, 0, sizeof(struct adopt_agreement), adopt_ag_row, NULL, &l);
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
		if ((rc = adopt_ag_parts_of(st, a, &g[i], 0)) != 0)
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
