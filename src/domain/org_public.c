/* org_public: what a write of the registry changes in public — the versions of the cached
 * pages it changes and the directory's statistics (see org_public.h). */
#include "domain/org_public.h"
#include "domain/version.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The viewer every public page is built for. */
static const struct actor org_public_viewer = { .login = "", .display_name = "", .department_name = "",
						.role = ROLE_PUBLIC };

/* The contact values: replacing or hiding one is a hard change. */
static const enum org_field org_public_contacts[ORG_PUBLIC_CONTACTS] = {
	ORG_F_REP_NAME, ORG_F_REP_KANA, ORG_F_CONTACT_NAME, ORG_F_CONTACT_KANA, ORG_F_POSTAL,
	ORG_F_ADDRESS, ORG_F_PHONE, ORG_F_FAX, ORG_F_EMAIL,
};

/* What a list entry shows (page_directory.c) and what the lists filter and sort by (with
 * the beginning of the purpose); the rest of the public record only its own pages, the
 * API and the open data show. */
static const enum org_field org_public_list_fields[] = {
	ORG_F_NAME, ORG_F_KANA, ORG_F_KIND, ORG_F_STATUS,
};

/* The bytes of s's first n characters (UTF-8), and whether s goes on after them. */
static size_t opub_prefix(const char *s, int n, int *more)
{
	size_t i = 0;
	for (int k = 0; s[i] && k < n; k++)
		for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
			;
	*more = s[i] != '\0';
	return i;
}

/* ---- hashes (FNV-1a, 64 bits) ---- */

#define ORG_PUBLIC_FNV0 1469598103934665603ull

static unsigned long long opub_mix(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* The day in Japan of an instant ("2026-06-01T15:30:00Z" is 6月2日 there) as yyyymmdd, or 0
 * (none, or not an instant): what a list page shows of a confirmation. */
static long long opub_jst_day(const char *iso)
{
	struct wareki_time t;
	if (!iso || !*iso || wareki_jst_of_iso(iso, &t) != 0)
		return 0;
	return (long long)t.y * 10000 + t.m * 100 + t.d;
}

/* A text and its end (so that "ab"+"c" and "a"+"bc" differ). */
static unsigned long long opub_text(unsigned long long h, const char *s)
{
	s = s ? s : "";
	return opub_mix(h, s, strlen(s) + 1);
}

static unsigned long long opub_num(unsigned long long h, long long v)
{
	return opub_mix(h, &v, sizeof v);
}

/* ---- footprints ---- */

/* The band of a member count as the statistics count it: 0 up to 9, 1 10–29, 2 30–49,
 * 3 50–99, 4 100 or more, 5 not known (the same as STMT_DIR_STATS_FILL). */
static int org_public_band(const char *members)
{
	if (!members || !*members)
		return 5;
	long long m = atoll(members);
	return m < 10 ? 0 : m < 30 ? 1 : m < 50 ? 2 : m < 100 ? 3 : 4;
}

void org_public_of(const struct org *stored, struct org_public *out)
{
	struct org o = *stored;	/* a shallow copy: org_for_viewer blanks its pointers only */
	memset(out, 0, sizeof *out);
	out->exists = 1;
	out->visible = o.review == ORG_APPROVED && strcmp(o.v[ORG_F_STATUS], org_status_codes[ORG_DISSOLVED]) != 0;
	org_for_viewer(&o, &org_public_viewer);
	snprintf(out->confirmed_at, sizeof out->confirmed_at, "%s", o.confirmed_at ? o.confirmed_at : "");
	snprintf(out->kind, sizeof out->kind, "%s", o.v[ORG_F_KIND]);
	snprintf(out->age, sizeof out->age, "%s", o.v[ORG_F_AGE_PROFILE]);
	out->band = org_public_band(o.v[ORG_F_MEMBERS]);
	out->recruiting = *o.v[ORG_F_RECRUITING] != '\0';
	out->nfields = o.nfields;
	memcpy(out->fields, o.fields, sizeof o.fields);
	out->nareas = o.nareas;
	memcpy(out->areas, o.area_ids, sizeof o.area_ids);

	/* what a list entry shows: the day of the last confirmation, not its time */
	unsigned long long h = opub_num(ORG_PUBLIC_FNV0, out->visible);
	h = opub_num(h, o.review);
	for (size_t i = 0; i < sizeof org_public_list_fields / sizeof org_public_list_fields[0]; i++)
		h = opub_text(h, o.v[org_public_list_fields[i]]);
	int more;
	size_t excerpt = opub_prefix(o.v[ORG_F_PURPOSE], ORG_LIST_PURPOSE_CHARS, &more);
	h = opub_mix(h, o.v[ORG_F_PURPOSE], excerpt);
	h = opub_num(h, more);
	h = opub_num(h, out->recruiting);
	for (int i = 0; i < o.nfields; i++)
		h = opub_num(h, o.fields[i]);
	h = opub_num(h, -1);
	for (int i = 0; i < o.nareas; i++)
		h = opub_num(h, o.area_ids[i]);
	h = opub_num(h, opub_jst_day(out->confirmed_at));	/* the lists show the day in Japan */
	out->list = h;
	out->search = opub_text(opub_text(h, o.v[ORG_F_PURPOSE]), o.v[ORG_F_ACTIVITIES]);

	/* the whole public record */
	h = opub_num(out->list, -2);
	for (int f = 0; f < ORG_F__MAX; f++)
		h = opub_text(h, o.v[f]);
	h = opub_num(h, (long long)o.public_mask);
	out->page = opub_text(h, out->confirmed_at);

	for (int i = 0; i < ORG_PUBLIC_CONTACTS; i++) {
		const char *v = o.v[org_public_contacts[i]];
		out->contacts[i] = *v ? opub_text(ORG_PUBLIC_FNV0, v) : 0;
	}
	for (int f = 0; f < ORG_F__MAX; f++)
		if (*o.v[f])
			out->shown |= 1ull << f;
}

int org_public_read(struct store *st, struct arena *a, long long id, struct org_public *out)
{
	struct org o;
	int rc = org_get(st, a, id, &o);
	if (rc == ORG_NOT_FOUND) {
		memset(out, 0, sizeof *out);
		return 0;
	}
	if (rc != 0)
		return rc;
	org_public_of(&o, out);
	return 0;
}

/* ---- the scopes ---- */

void org_public_org_scope(char out[VERSION_SCOPE_MAX], long long id) { snprintf(out, VERSION_SCOPE_MAX, "org:%lld", id); }

static void org_public_kind_scope(char out[VERSION_SCOPE_MAX], const char *kind)
{
	snprintf(out, VERSION_SCOPE_MAX, "list:kind:%.30s", kind);
}

void org_public_list_scope(char out[VERSION_SCOPE_MAX], const char *q, const char *kind, int field,
			   long long area_id, int recruiting, int sort_confirmed)
{
	if (sort_confirmed)
		snprintf(out, VERSION_SCOPE_MAX, "confirmed");
	else if (q && *q)
		snprintf(out, VERSION_SCOPE_MAX, "search");
	else if (area_id > 0)	/* any one filter will do: a list changes only with a group that has them all */
		snprintf(out, VERSION_SCOPE_MAX, "list:area:%lld", area_id);
	else if (field > 0)
		snprintf(out, VERSION_SCOPE_MAX, "list:field:%d", field);
	else if (kind && *kind)
		org_public_kind_scope(out, kind);
	else if (recruiting)
		snprintf(out, VERSION_SCOPE_MAX, "list:rec");
	else
		snprintf(out, VERSION_SCOPE_MAX, "list");
}

/* The scopes a change moves, each once. */
#define ORG_PUBLIC_SCOPES (16 + 2 * (ORG_FIELDS_MAX + ORG_AREAS_MAX))
struct org_public_moves {
	char scope[ORG_PUBLIC_SCOPES][VERSION_SCOPE_MAX];
	int n;
};

static void org_public_add(struct org_public_moves *m, const char *scope)
{
	for (int i = 0; i < m->n; i++)
		if (strcmp(m->scope[i], scope) == 0)
			return;
	if (m->n < ORG_PUBLIC_SCOPES)
		snprintf(m->scope[m->n++], VERSION_SCOPE_MAX, "%s", scope);
}

/* The lists without words that show the record (as it was, or as it is now). */
static void org_public_add_lists(struct org_public_moves *m, const struct org_public *p)
{
	char s[VERSION_SCOPE_MAX];
	if (!p->exists)
		return;
	for (int i = 0; i < p->nareas; i++) {
		snprintf(s, sizeof s, "list:area:%lld", p->areas[i]);
		org_public_add(m, s);
	}
	for (int i = 0; i < p->nfields; i++) {
		snprintf(s, sizeof s, "list:field:%d", p->fields[i]);
		org_public_add(m, s);
	}
	org_public_kind_scope(s, p->kind);
	org_public_add(m, s);
	if (p->recruiting)
		org_public_add(m, "list:rec");
}

static int opub_has_int(const int *v, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static int opub_has_id(const long long *v, int n, long long x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* Does the change take something out of the public's sight? The group leaving the
 * directory; a value shown before made private or emptied; a contact shown before
 * replaced; the group leaving a list it was in (an activity field or an area it no longer
 * has, another kind). Such a change is hard: no copy built before it is sent again. */
static int org_public_withdraws(const struct org_public *b, const struct org_public *a)
{
	if (!b->visible)
		return 0;
	if (!a->visible || (b->shown & ~a->shown) != 0 || strcmp(b->kind, a->kind) != 0)
		return 1;
	for (int i = 0; i < ORG_PUBLIC_CONTACTS; i++)
		if (b->contacts[i] && b->contacts[i] != a->contacts[i])
			return 1;	/* a contact shown before is replaced */
	for (int i = 0; i < b->nfields; i++)
		if (!opub_has_int(a->fields, a->nfields, b->fields[i]))
			return 1;
	for (int i = 0; i < b->nareas; i++)
		if (!opub_has_id(a->areas, a->nareas, b->areas[i]))
			return 1;
	return 0;
}

static int org_public_same_stats(const struct org_public *b, const struct org_public *a)
{
	if (b->visible != a->visible)
		return 0;
	if (!b->visible)
		return 1;
	return strcmp(b->kind, a->kind) == 0 && strcmp(b->age, a->age) == 0 && b->band == a->band &&
	       b->recruiting == a->recruiting && b->nfields == a->nfields && b->nareas == a->nareas &&
	       memcmp(b->fields, a->fields, sizeof b->fields[0] * (size_t)b->nfields) == 0 &&
	       memcmp(b->areas, a->areas, sizeof b->areas[0] * (size_t)b->nareas) == 0;
}

static int org_public_stat_add(struct store *st, const char *dim, const char *key, int delta)
{
	struct stmt *s = store_prepare(st, STMT_DIR_STATS_ADD);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, dim);
	stmt_bind_text(s, 2, key);
	stmt_bind_int(s, 3, delta);
	return stmt_exec(s);
}

/* Every count the record (a visible one) is in, moved by delta. */
static int org_public_stats_move(struct store *st, const struct org_public *p, int delta)
{
	char k[32];
	int rc = org_public_stat_add(st, "total", "", delta);
	if (rc == 0 && p->recruiting)
		rc = org_public_stat_add(st, "recruiting", "", delta);
	if (rc == 0)
		rc = org_public_stat_add(st, "kind", p->kind, delta);
	for (int i = 0; rc == 0 && i < p->nfields; i++) {
		snprintf(k, sizeof k, "%d", p->fields[i]);
		rc = org_public_stat_add(st, "field", k, delta);
	}
	for (int i = 0; rc == 0 && i < p->nareas; i++) {
		snprintf(k, sizeof k, "%lld", p->areas[i]);
		rc = org_public_stat_add(st, "area", k, delta);
	}
	if (rc == 0) {
		snprintf(k, sizeof k, "%d", p->band);
		rc = org_public_stat_add(st, "members", k, delta);
	}
	if (rc == 0)
		rc = org_public_stat_add(st, "age", p->age, delta);
	return rc;
}

/* Does the group's place in the order of confirmation change when its last confirmation
 * moves from b to a? Not when it was and stays the most recent of all (a group saving its
 * profile again and again): 1, 0, or a store_rc. */
static int opub_confirmed_moves(struct store *st, long long id, const char *b, const char *a)
{
	struct stmt *s = store_prepare(st, STMT_DIR_CONFIRMED_SINCE);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, strcmp(b, a) < 0 ? b : a);
	stmt_bind_int(s, 2, id);
	int rc = stmt_step(s);
	int moves = rc == 1 ? stmt_int(s, 0) != 0 : 1;
	stmt_reset(s);
	return rc < 0 ? rc : moves;
}

int org_public_end(struct store *st, struct arena *a, long long id, const struct org_public *before)
{
	struct org_public after;
	int rc = org_public_read(st, a, id, &after);
	if (rc != 0)
		return rc;
	const struct org_public *b = before;
	struct org_public_moves m = { .n = 0 };
	char s[VERSION_SCOPE_MAX];
	int hard = org_public_withdraws(b, &after);
	/* what is not in the directory before or after is in no public page */
	int seen = b->visible || after.visible;
	if (seen && (b->list != after.list || b->visible != after.visible)) {
		org_public_add(&m, "list");
		org_public_add_lists(&m, b);
		org_public_add_lists(&m, &after);
		org_public_add(&m, "search");
	}
	if (seen && b->search != after.search)
		org_public_add(&m, "search");
	if (seen && b->search != after.search)
		org_public_add(&m, "confirmed");
	else if (after.visible && strcmp(b->confirmed_at, after.confirmed_at) != 0 &&
		 (rc = opub_confirmed_moves(st, id, b->confirmed_at, after.confirmed_at)) != 0) {
		if (rc < 0)
			return rc;
		rc = 0;
		org_public_add(&m, "confirmed");
	}
	/* a group's own pages answer 404 while it applies and 410 once dissolved: they change
	 * with it whether or not it is in the directory */
	if (b->page != after.page || b->exists != after.exists) {
		org_public_org_scope(s, id);
		org_public_add(&m, s);
		if (seen) {
			org_public_add(&m, "api");
			org_public_add(&m, "opendata");
		}
	}
	if (!org_public_same_stats(b, &after)) {
		org_public_add(&m, "stats");
		if (b->visible)
			rc = org_public_stats_move(st, b, -1);
		if (rc == 0 && after.visible)
			rc = org_public_stats_move(st, &after, +1);
	}
	for (int i = 0; rc == 0 && i < m.n; i++)
		rc = version_bump(st, m.scope[i], hard);
	return rc;
}

/* ---- the whole directory ---- */

int org_stats_recount(struct store *st)
{
	struct stmt *s = store_prepare(st, STMT_DIR_STATS_CLEAR);
	int rc = s ? stmt_exec(s) : STORE_ERR;
	if (rc == 0)
		rc = (s = store_prepare(st, STMT_DIR_STATS_FILL)) ? stmt_exec(s) : STORE_ERR;
	return rc;
}

int org_public_all_changed(struct store *st)
{
	int rc = org_stats_recount(st);
	return rc ? rc : version_bump(st, "dir", 1);
}

/* ---- reading the statistics ---- */

static int org_stat_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct org_stat *r = elem;
	const char *d = stmt_text(s, 0);
	snprintf(r->dim, sizeof r->dim, "%s", d ? d : "");
	r->key = stmt_text_dup(s, a, 1);
	r->n = stmt_int(s, 2);
	return r->key ? 0 : STORE_ERR;
}

static int org_stats_list(struct store *st, struct arena *a, enum stmt_id id, struct org_stat **out, int *n)
{
	struct store_list l;
	int rc = store_list_read(st, a, id, NULL, 0, sizeof **out, org_stat_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

int org_stats_read(struct store *st, struct arena *a, struct org_stat **out, int *n)
{
	return org_stats_list(st, a, STMT_DIR_STATS_READ, out, n);
}

int org_stats_verify(struct store *st, struct arena *a, int *same, const char **diff)
{
	struct org_stat *kept, *fresh;
	int nk, nf;
	int rc = org_stats_list(st, a, STMT_DIR_STATS_READ, &kept, &nk);
	if (rc == 0)
		rc = org_stats_list(st, a, STMT_DIR_STATS_FRESH_READ, &fresh, &nf);
	if (rc != 0)
		return rc;
	*same = 1;
	*diff = NULL;
	for (int i = 0; i < nk || i < nf; i++) {
		const struct org_stat *k = i < nk ? &kept[i] : NULL, *f = i < nf ? &fresh[i] : NULL;
		if (k && f && strcmp(k->dim, f->dim) == 0 && strcmp(k->key, f->key) == 0 && k->n == f->n)
			continue;
		*same = 0;
		*diff = arena_printf(a, "kept %s/%s = %lld, counted %s/%s = %lld", k ? k->dim : "-", k ? k->key : "-",
				     k ? k->n : 0, f ? f->dim : "-", f ? f->key : "-", f ? f->n : 0);
		break;
	}
	return 0;
}
