/* org_city: the city's settings of the registry (table settings) — when public changes
 * are published, the confirmation period, and the city as open data names it: its
 * prefecture (都道府県), name, 全国地方公共団体コード and 法人番号, from which the open
 * data's 地方公共団体名 ("北海道札幌市") is made. Each value has its rule; every change is
 * audited and moves the directory's version. (Declared in org.h.) */
#include "domain/org.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t org_city_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ---- settings ---- */

const char *org_setting(struct store *st, struct arena *a, const char *key, const char *def)
{
	struct stmt *s = store_prepare(st, STMT_SETTING_GET);
	if (!s)
		return def;
	stmt_bind_text(s, 1, key);
	const char *v = def;
	if (stmt_step(s) == 1)
		v = stmt_text_dup(s, a, 0);
	stmt_reset(s);
	return v ? v : def;
}

int org_setting_int(struct store *st, const char *key, int def)
{
	struct stmt *s = store_prepare(st, STMT_SETTING_GET);
	if (!s)
		return def;
	stmt_bind_text(s, 1, key);
	int v = def;
	if (stmt_step(s) == 1 && stmt_text(s, 0))
		v = atoi(stmt_text(s, 0));
	stmt_reset(s);
	return v;
}

/* The settings the city may change, each with its rule. */
struct org_setting_spec {
	const char *key;
	int (*valid)(const char *v);
};
static int org_setting_mode_ok(const char *v) { return strcmp(v, "immediate") == 0 || strcmp(v, "review") == 0; }
static int org_setting_months_ok(const char *v)
{
	long long n;
	return jtext_uint(v, &n) == 0 && n >= 1 && n <= 60;
}
static int org_setting_name_ok(const char *v) { return *v && org_city_chars(v) <= 50 && !jtext_text_problem(v, 0); }
static int org_setting_code_ok(const char *v) { return jtext_lgcode_valid(v); }
static const struct org_setting_spec org_setting_specs[] = {
	{ "org.public_changes", org_setting_mode_ok },
	{ "org.confirm_months", org_setting_months_ok },
	{ "city.name", org_setting_name_ok },
	{ "city.code", org_setting_code_ok },
	{ NULL, NULL },
};

int org_setting_set(struct store *st, const struct actor *who, const char *key, const char *value, const char **err)
{
	if (who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR) {
		*err = N_("Only the center can change the settings.");
		return -1;
	}
	const struct org_setting_spec *sp = org_setting_specs;
	while (sp->key && strcmp(sp->key, key) != 0)
		sp++;
	if (!sp->key || !value || !sp->valid(value)) {
		*err = N_("This value is not allowed for the setting.");
		return -1;
	}
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_SETTING_SET);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, key);
		stmt_bind_text(s, 2, value);
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		json_t *j = json_pack("{s:s, s:s}", "key", key, "value", value);
		char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
		rc = t ? audit_record(st, who, "set", "setting", 0, NULL, t) : STORE_ERR;
		free(t);
		json_decref(j);
	}
	if (rc == 0)
		rc = org_version_bump(st);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
