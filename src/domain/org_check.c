/* org_check: the registry's checks that report every problem of a form at once
 * (domain/problems.h; declared in org_review.h) — a wished account, a review decision
 * as typed, the registry's settings. The writers in org_review.c apply the same rules
 * again inside their transactions. */
#include "domain/org_review.h"
#include "domain/account.h"
#include "domain/problems.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <string.h>

static size_t org_check_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int org_check_ticked(const struct org_decision *d, long long id)
{
	for (int i = 0; i < d->nticked; i++)
		if (d->ticked[i] == id)
			return 1;
	return 0;
}

int org_account_check_all(const char *login, const char *password, struct problems *ps)
{
	int n0 = ps->n;
	if (!account_login_valid(login))
		problems_add(ps, "login", N_("A login name is 1 to 64 characters: a-z, 0-9, '-', '_' or '.'."));
	const char *p = account_password_problem(password ? password : "");
	if (p)
		problems_add(ps, "password", p);
	return ps->n - n0;
}

int org_review_check(const struct org_decision *d, int nrules, const long long *rule_ids, struct problems *ps)
{
	int n0 = ps->n;
	const char *c = d->comment ? d->comment : "";
	const char *problem = jtext_text_problem(c, 1);
	if (problem)
		problems_add(ps, "comment", problem);
	else if (org_check_chars(c) > ORG_COMMENT_MAX)
		problems_add(ps, "comment", N_("The comment may have up to 2000 characters."));
	if (!d->approve) {
		const char *t = c;
		while (*t == ' ' || *t == '\n' || *t == '\r' || *t == '\t')
			t++;
		if (!*t && !problem)
			problems_add(ps, "comment", N_("Write what the group should correct."));
		return ps->n - n0;
	}
	for (int i = 0; i < nrules; i++)
		if (!org_check_ticked(d, rule_ids[i])) {
			problems_add(ps, "checklist", N_("Tick every rule of the checklist before approving."));
			break;
		}
	struct arena *a = arena_new(0);
	if (!a)
		return ps->n - n0;
	struct org tmp;
	const char *err = NULL;
	org_init(&tmp);
	if (d->reg_number && *d->reg_number && org_set_field(a, &tmp, ORG_F_REG_NUMBER, d->reg_number, &err) != 0)
		problems_add(ps, "reg_number", err);
	if (d->reg_date && *d->reg_date && org_set_field(a, &tmp, ORG_F_REG_DATE, d->reg_date, &err) != 0)
		problems_add(ps, "reg_date", err);
	arena_free(a);
	return ps->n - n0;
}

int org_settings_check(const char *public_changes, const char *months, struct problems *ps)
{
	long long m = 0;
	int n0 = ps->n;
	if (!public_changes || (strcmp(public_changes, "immediate") != 0 && strcmp(public_changes, "review") != 0))
		problems_add(ps, "public_changes", N_("Choose when changes to public items are published."));
	if (!months || jtext_uint(months, &m) != 0 || m < 1 || m > 60)
		problems_add(ps, "confirm_months", N_("Write a number of months from 1 to 60."));
	return ps->n - n0;
}
