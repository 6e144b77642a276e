/* plan: plans, their vocabulary, the item tree and per-year records (see plan.h).
 * Rounds live in plan_round.c, rollups in plan_rollup.c, import in plan_import.c,
 * carry-over in plan_carry.c. */
#include "domain/plan.h"
#include "domain/plan_internal.h"
#include "domain/plan_visibility.h"
#include "domain/audit.h"
#include "domain/account.h"
#include "io/csv.h"
#include "store/store.h"
#include "util/arena.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const round_state_names[ROUND__MAX] = { "none", "open", "published" };

void plan_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

void plan_now(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *plan_json_take(json_t *o)
{
	char *t = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return t;
}

/* A column as text in the arena. Never NULL: when the arena is full it returns "" and
 * the arena remembers it was over its cap (the server then answers 413). */
static char *plan_dup(struct arena *a, struct stmt *s, int col)
{
	static char empty[1];
	const char *t = stmt_text(s, col);
	char *d = arena_strdup(a, t ? t : "");
	return d ? d : empty;
}

static int plan_load_vocab(struct store *st, struct arena *a, struct plan *p)
{
	struct stmt *s;
	int rc, cap;

	/* statuses and their groups */
	if (!(s = store_prepare(st, STMT_PLAN_STATUS_LIST)))
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	cap = PLAN_VOCAB_MAX;
	p->statuses = arena_alloc(a, cap * sizeof *p->statuses);
	p->groups = arena_alloc(a, cap * sizeof *p->groups);
	p->priorities = arena_alloc(a, cap * sizeof *p->priorities);
	p->grades = arena_alloc(a, cap * sizeof *p->grades);
	if (!p->statuses || !p->groups || !p->priorities || !p->grades) {
		stmt_reset(s);
		return STORE_ERR;
	}
	while ((rc = stmt_step(s)) == 1 && p->nstatuses < cap) {
		struct plan_status *ps = &p->statuses[p->nstatuses++];
		ps->id = stmt_int(s, 0);
		ps->label = plan_dup(a, s, 1);
		ps->grp = plan_dup(a, s, 2);
		ps->group_index = -1;
		for (int g = 0; g < p->ngroups; g++)
			if (strcmp(p->groups[g], ps->grp) == 0)
				ps->group_index = g;
		if (ps->group_index < 0) {
			ps->group_index = p->ngroups;
			p->groups[p->ngroups++] = ps->grp;
		}
	}
	stmt_reset(s);
	if (rc < 0)
		return rc;

	if (!(s = store_prepare(st, STMT_PLAN_PRIORITY_LIST)))
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	while ((rc = stmt_step(s)) == 1 && p->npriorities < cap) {
		struct plan_priority *pp = &p->priorities[p->npriorities++];
		pp->id = stmt_int(s, 0);
		pp->label = plan_dup(a, s, 1);
		pp->description = plan_dup(a, s, 2);
		pp->horizon = plan_dup(a, s, 3);
	}
	stmt_reset(s);
	if (rc < 0)
		return rc;

	if (!(s = store_prepare(st, STMT_PLAN_GRADE_LIST)))
		return STORE_ERR;
	stmt_bind_int(s, 1, p->id);
	while ((rc = stmt_step(s)) == 1 && p->ngrades < cap) {
		struct plan_grade *pg = &p->grades[p->ngrades++];
		pg->id = stmt_int(s, 0);
		pg->label = plan_dup(a, s, 1);
		pg->min_percent = stmt_double(s, 2);
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

static void plan_fill(struct stmt *s, struct arena *a, struct plan *p)
{
	p->id = stmt_int(s, 0);
	p->name = plan_dup(a, s, 1);
	p->title = plan_dup(a, s, 2);
	p->first_fy = (int)stmt_int(s, 3);
	p->last_fy = (int)stmt_int(s, 4);
	p->predecessor_id = stmt_int(s, 5);
}

static int plan_get_by(struct store *st, struct arena *a, enum stmt_id id, long long pid, const char *name,
		       struct plan **out)
{
	struct stmt *s = store_prepare(st, id);
	if (!s)
		return STORE_ERR;
	if (name)
		stmt_bind_text(s, 1, name);
	else
		stmt_bind_int(s, 1, pid);
	int rc = stmt_step(s);
	if (rc != 1) {
		stmt_reset(s);
		return rc == 0 ? PLAN_NOT_FOUND : rc;
	}
	struct plan *p = arena_alloc(a, sizeof *p);
	if (!p) {
		stmt_reset(s);
		return STORE_ERR;
	}
	plan_fill(s, a, p);
	stmt_reset(s);
	if ((rc = plan_load_vocab(st, a, p)) != 0)
		return rc;
	*out = p;
	return 0;
}

int plan_get(struct store *st, struct arena *a, long long id, struct plan **out)
{
	return plan_get_by(st, a, STMT_PLAN_BY_ID, id, NULL, out);
}

int plan_get_by_name(struct store *st, struct arena *a, const char *name, struct plan **out)
{
	return plan_get_by(st, a, STMT_PLAN_BY_NAME, 0, name, out);
}

int plan_list(struct store *st, struct arena *a, struct plan **plans, int *n)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_LIST);
	if (!s)
		return STORE_ERR;
	int cap = 16, rc;
	struct plan *ps = arena_alloc(a, cap * sizeof *ps);
	*n = 0;
	while (ps && (rc = stmt_step(s)) == 1) {
		if (*n == cap) {
			struct plan *bigger = arena_alloc(a, 2 * cap * sizeof *ps);
			if (!bigger)
				break;
			memcpy(bigger, ps, cap * sizeof *ps);
			ps = bigger;
			cap *= 2;
		}
		plan_fill(s, a, &ps[(*n)++]);
	}
	stmt_reset(s);
	if (!ps)
		return STORE_ERR;
	if (rc < 0)
		return rc;
	for (int i = 0; i < *n; i++)
		if ((rc = plan_load_vocab(st, a, &ps[i])) != 0)
			return rc;
	*plans = ps;
	return 0;
}

const char *plan_grade_of(const struct plan *p, double percent)
{
	for (int i = 0; i < p->ngrades; i++)	/* sorted by min_percent desc */
		if (percent >= p->grades[i].min_percent)
			return p->grades[i].label;
	return NULL;
}

/* Normalise a class label as people write it: drop 【】[] brackets, a trailing <…> or ＜…＞
 * note, spaces; Roman numeral characters (Ⅰ U+2160 …) become ASCII letters; full-width
 * ASCII becomes ASCII. "【Ⅰ】<重点施策>" → "I", "Ⅱ-イ" → "II-イ". */
void plan_label_norm(const char *in, char *out, size_t n)
{
	static const char *const roman[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
					     "XI", "XII" };
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)in;
	int skip = 0;
	while (*p && o + 5 < n) {
		unsigned cp;
		int len;
		if (*p < 0x80) { cp = *p; len = 1; }
		else if ((*p & 0xE0) == 0xC0 && p[1]) { cp = ((*p & 0x1F) << 6) | (p[1] & 0x3F); len = 2; }
		else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
			cp = ((*p & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F); len = 3;
		} else if ((*p & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) { cp = 0x10000; len = 4; }
		else { cp = '?'; len = 1; }
		if (cp == '<' || cp == 0xFF1C) { skip = 1; p += len; continue; }
		if (cp == '>' || cp == 0xFF1E) { skip = 0; p += len; continue; }
		if (skip || cp == 0x3010 || cp == 0x3011 || cp == '[' || cp == ']' || cp == ' ' || cp == 0x3000 ||
		    cp == '\t') {
			p += len;
			continue;
		}
		if (cp >= 0x2160 && cp <= 0x216B) {	/* Ⅰ … Ⅻ */
			const char *r = roman[cp - 0x2160];
			size_t rl = strlen(r);
			if (o + rl + 1 >= n)
				break;
			memcpy(out + o, r, rl);
			o += rl;
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {	/* full-width ASCII */
			out[o++] = (char)(cp - 0xFEE0);
		} else if (cp == 0x2212 || cp == 0x2010 || cp == 0x2013 || cp == 0x30FC) {
			out[o++] = '-';	/* minus, hyphen, en dash, long vowel mark used as a dash */
		} else {
			memcpy(out + o, p, (size_t)len);
			o += (size_t)len;
		}
		p += len;
	}
	out[o] = 0;
}

int plan_priority_match(const struct plan *p, const char *text)
{
	char want[256], have[256];
	for (int i = 0; i < p->npriorities; i++)	/* exact first */
		if (strcmp(p->priorities[i].label, text) == 0)
			return i;
	plan_label_norm(text, want, sizeof want);
	if (!*want)
		return -1;
	for (int i = 0; i < p->npriorities; i++) {
		plan_label_norm(p->priorities[i].label, have, sizeof have);
		if (strcmp(have, want) == 0)
			return i;
	}
	for (int i = 0; i < p->npriorities; i++)	/* as it comes back from a CP932 file */
		if (csv_same_text(p->priorities[i].label, text))
			return i;
	return -1;
}

int plan_status_match(const struct plan *p, const char *text)
{
	for (int i = 0; i < p->nstatuses; i++)
		if (strcmp(p->statuses[i].label, text) == 0)
			return i;
	char want[256], have[256];
	plan_label_norm(text, want, sizeof want);
	for (int i = 0; i < p->nstatuses; i++) {
		plan_label_norm(p->statuses[i].label, have, sizeof have);
		if (strcmp(have, want) == 0)
			return i;
	}
	for (int i = 0; i < p->nstatuses; i++)	/* as it comes back from a CP932 file */
		if (csv_same_text(p->statuses[i].label, text))
			return i;
	return -1;
}

const struct plan_priority *plan_priority_by_id(const struct plan *p, long long id)
{
	for (int i = 0; i < p->npriorities; i++)
		if (p->priorities[i].id == id)
			return &p->priorities[i];
	return NULL;
}

const struct plan_status *plan_status_by_id(const struct plan *p, long long id)
{
	for (int i = 0; i < p->nstatuses; i++)
		if (p->statuses[i].id == id)
			return &p->statuses[i];
	return NULL;
}

/* ---- the tree ---- */

int plan_item_is_top(struct store *st, long long plan_id, long long item_id)
{
	struct stmt *s = store_prepare(st, STMT_PLAN_ITEM_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, item_id);
	int rc = stmt_step(s);
	int top = rc == 1 && stmt_int(s, 1) == plan_id && stmt_is_null(s, 2);
	stmt_reset(s);
	return rc < 0 ? rc : top;
}

int plan_tree_find(const struct plan_tree *t, long long item_id)
{
	int lo = 0, hi = t->n - 1;
	while (lo <= hi) {	/* t->by_id holds tree indexes sorted by item id */
		int mid = (lo + hi) / 2;
		long long v = t->nodes[t->by_id[mid]].id;
		if (v == item_id)
			return t->by_id[mid];
		if (v < item_id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}
