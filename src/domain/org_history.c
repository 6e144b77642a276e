/* org_history: a group's history as people read it (org_review.h, "history") — the audit
 * rows of entity "org" and the record's id, newest first, each with the values that
 * changed as text: kinds, statuses, review states and activity fields by their names, a
 * checklist as how many rules were ticked. Each event of the registry is one row
 * (org_audit_event), so each shows once. */
#include "domain/org_review.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A value of org_to_json (or of this file's audit rows) as text people read. */
static char *ohi_value_text(struct arena *a, const char *key, json_t *v)
{
	if (!v || json_is_null(v))
		return "";
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strcmp(key, "kind") == 0) {
			const struct org_kind *k = org_kind_find(s);
			return arena_strdup(a, k ? k->label : s);
		}
		for (int i = 0; strcmp(key, "status") == 0 && i < ORG_STATUS__MAX; i++)
			if (strcmp(s, org_status_codes[i]) == 0)
				return (char *)org_status_labels[i];
		for (int i = 0; strcmp(key, "review") == 0 && i < ORG_REVIEW__MAX; i++)
			if (strcmp(s, org_review_codes[i]) == 0)
				return (char *)org_review_labels[i];
		return arena_strdup(a, s);
	}
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "✓" : "—";
	if (json_is_array(v)) {
		struct buf b = BUF_INIT;
		size_t i;
		json_t *e;
		int ok = 0, all = 0;
		json_array_foreach(v, i, e) {
			if (json_is_object(e)) {	/* a checklist: how many were ticked */
				all++;
				ok += json_is_true(json_object_get(e, "ok"));
				continue;
			}
			const char *t;
			if (json_is_integer(e) && strcmp(key, "fields") == 0 && json_integer_value(e) >= 1 &&
			    json_integer_value(e) <= ORG_NPO_FIELDS)
				t = org_npo_fields_short[json_integer_value(e)];
			else
				t = ohi_value_text(a, key, e);
			buf_printf(&b, "%s%s", i ? "、" : "", t ? t : "");
		}
		if (all)
			buf_printf(&b, "%d / %d", ok, all);
		char *s = arena_strdup(a, buf_cstr(&b));
		buf_free(&b);
		return s;
	}
	char *d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	char *s = arena_strdup(a, d ? d : "");
	free(d);
	return s;
}

static int ohi_skip(const char *key)
{
	static const char *const skip[] = { "id", "kind_label", "department_id", NULL };
	for (int i = 0; skip[i]; i++)
		if (strcmp(skip[i], key) == 0)
			return 1;
	return 0;
}

static void ohi_diffs(struct arena *a, const struct audit_row *row, struct org_history_entry *e)
{
	json_t *b = row->before_json ? json_loads(row->before_json, 0, NULL) : NULL;
	json_t *af = row->after_json ? json_loads(row->after_json, 0, NULL) : NULL;
	size_t cap = (b ? json_object_size(b) : 0) + (af ? json_object_size(af) : 0);
	e->diffs = cap ? arena_alloc(a, sizeof *e->diffs * cap) : NULL;
	e->ndiffs = 0;
	const char *key;
	json_t *v;
	if (e->diffs) {
		json_object_foreach(af, key, v) {
			json_t *old = b ? json_object_get(b, key) : NULL;
			if (ohi_skip(key) || (old && json_equal(old, v)))
				continue;
			struct org_history_diff *d = &e->diffs[e->ndiffs++];
			d->key = arena_strdup(a, key);
			d->before = ohi_value_text(a, key, old);
			d->after = ohi_value_text(a, key, v);
		}
		json_object_foreach(b, key, v) {
			if (ohi_skip(key) || (af && json_object_get(af, key)))
				continue;
			struct org_history_diff *d = &e->diffs[e->ndiffs++];
			d->key = arena_strdup(a, key);
			d->before = ohi_value_text(a, key, v);
			d->after = "";
		}
	}
	json_decref(b);
	json_decref(af);
}

int org_history(struct store *st, struct arena *a, long long org_id, long long before_id, int limit,
		struct org_history_entry **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct audit_filter f = { .entity = "org", .entity_id = org_id, .before_id = before_id, .limit = limit };
	struct audit_row *rows = NULL;
	int k = audit_list(st, &f, &rows);
	if (k < 0)
		return k;
	struct org_history_entry *es = k ? arena_alloc(a, sizeof *es * (size_t)k) : NULL;
	if (k && !es) {
		audit_rows_free(rows, k);
		return STORE_ERR;
	}
	for (int i = 0; i < k; i++) {
		es[i].id = rows[i].id;
		es[i].at = arena_strdup(a, rows[i].at ? rows[i].at : "");
		es[i].actor = arena_strdup(a, rows[i].actor ? rows[i].actor : "");
		es[i].action = arena_strdup(a, rows[i].action ? rows[i].action : "");
		ohi_diffs(a, &rows[i], &es[i]);
	}
	audit_rows_free(rows, k);
	*out = es;
	*n = k;
	return arena_over(a) ? STORE_ERR : 0;
}
