/* org_city: the city's settings of the registry (table settings) — when public changes
 * are published, the confirmation period, and the city as open data names it: its
 * prefecture (都道府県), name, 全国地方公共団体コード and 法人番号, from which the open
 * data's 地方公共団体名 ("北海道札幌市") is made. Each value has its rule; every change is
 * audited and moves the directory's version. (Declared in org.h.) */
#include "domain/org.h"
#include "domain/audit.h"
#include "domain/org_index.h"
#include "domain/problems.h"
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

/* ---- prefectures ---- */

/* JIS X 0401: the code of a prefecture is its index (01 北海道 … 47 沖縄県), and the first
 * two digits of the 全国地方公共団体コード of each of its municipalities. */
const char *const org_prefectures[ORG_PREFECTURES + 1] = {
	"",
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
	"埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
	"岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
	"鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
	"佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
};

int org_prefecture_index(const char *s)
{
	for (int i = 1; s && i <= ORG_PREFECTURES; i++)
		if (strcmp(s, org_prefectures[i]) == 0)
			return i;
	return 0;
}

char *org_city_full_name(struct store *st, struct arena *a)
{
	const char *pref = org_setting(st, a, "city.prefecture", ""), *name = org_setting(st, a, "city.name", "");
	if (!pref || !name)
		return NULL;
	if (*pref && strncmp(name, pref, strlen(pref)) == 0)
		pref = "";	/* written with the prefecture already */
	return arena_printf(a, "%s%s", pref, name);
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
static int org_setting_prefecture_ok(const char *v) { return org_prefecture_index(v) > 0; }
static int org_setting_corp_ok(const char *v) { return !*v || jtext_corp_number_valid(v); }
static int org_setting_variants_ok(const char *v)
{
	struct arena *a = arena_new(0);
	struct org_variants *ov;
	struct org_variant_problem probs[ORG_VARIANT_PROBLEMS_MAX];
	int np, ok = a && org_variants_parse(a, v, &ov, NULL, probs, &np) == 0;
	arena_free(a);
	return ok;
}
/* The center as letters name it: one line of up to 100 characters (may be empty), and its
 * contact of up to 8 lines and 500 characters. */
static int org_setting_center_name_ok(const char *v) { return org_city_chars(v) <= 100 && !jtext_text_problem(v, 0); }
static int org_setting_center_contact_ok(const char *v)
{
	int lines = 1;
	for (const char *p = v; *p; p++)
		lines += *p == '\n';
	return org_city_chars(v) <= 500 && lines <= 8 && !jtext_text_problem(v, 1);
}
static const struct org_setting_spec org_setting_specs[] = {
	{ "org.public_changes", org_setting_mode_ok },
	{ "org.confirm_months", org_setting_months_ok },
	{ "city.name", org_setting_name_ok },
	{ "city.code", org_setting_code_ok },
	{ "city.prefecture", org_setting_prefecture_ok },
	{ "city.corp_number", org_setting_corp_ok },
	{ "search.variants", org_setting_variants_ok },
	{ "center.name", org_setting_center_name_ok },
	{ "center.contact", org_setting_center_contact_ok },
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
	/* the value before, for the audit row (NULL: the setting was not set) */
	struct arena *a = arena_new(0);
	const char *was = a ? org_setting(st, a, key, NULL) : NULL;
	struct stmt *s = a ? store_prepare(st, STMT_SETTING_SET) : NULL;
	rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, key);
		stmt_bind_text(s, 2, value);
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		json_t *j = json_pack("{s:s, s:s}", "key", key, "value", value);
		json_t *bj = was ? json_pack("{s:s, s:s}", "key", key, "value", was) : NULL;
		char *t = j ? json_dumps(j, JSON_COMPACT) : NULL, *bt = bj ? json_dumps(bj, JSON_COMPACT) : NULL;
		rc = t && (!was || bt) ? audit_record(st, who, "set", "setting", 0, bt, t) : STORE_ERR;
		free(t);
		free(bt);
		json_decref(j);
		json_decref(bj);
	}
	arena_free(a);
	if (rc == 0)
		rc = org_version_bump(st);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

/* Full-width digits to ASCII, spaces and hyphens dropped; NULL when anything else is
 * there. From a. */
static char *org_city_digits(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1);
	size_t o = 0;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p >= '0' && *p <= '9') {
			out[o++] = (char)*p++;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			out[o++] = (char)('0' + p[2] - 0x90);
			p += 3;
		} else if (*p == ' ' || *p == '-') {
			p++;
		} else {
			return NULL;
		}
	}
	out[o] = 0;
	return out;
}

/* The prefecture a 全国地方公共団体コード belongs to (its first two digits, 1–47), or 0
 * for a code outside them (the demo city's 99…). */
static int org_city_code_prefecture(const char *code)
{
	int p = (code[0] - '0') * 10 + (code[1] - '0');
	return p >= 1 && p <= ORG_PREFECTURES ? p : 0;
}

/* The rules of the city's names and codes, each problem into ps (keys as in the form:
 * "prefecture", "city_name", "city_code", "city_corp"); the cleaned code and corporate
 * number into *code and *corp (from a). */
static void org_city_rules(struct arena *a, const struct org_city_input *in, struct problems *ps, int *pref,
			   char **code, char **corp)
{
	*pref = org_prefecture_index(in->prefecture);
	const char *name = in->name ? in->name : "";
	*code = org_city_digits(a, in->code ? in->code : "");
	*corp = org_city_digits(a, in->corp_number ? in->corp_number : "");
	const char *problem = jtext_text_problem(name, 0);
	if (!*pref)
		problems_add(ps, "prefecture", N_("Choose the prefecture."));
	if (problem)
		problems_add(ps, "city_name", problem);
	else if (!*name || org_city_chars(name) > 50)
		problems_add(ps, "city_name", N_("Write the name of the city, town or village (up to 50 characters)."));
	else if (*pref && strncmp(name, org_prefectures[*pref], strlen(org_prefectures[*pref])) == 0)
		problems_add(ps, "city_name",
			     N_("Write the name without the prefecture: the open data joins them (北海道 + 札幌市)."));
	if (!*code || !jtext_lgcode_valid(*code))
		problems_add(ps, "city_code",
			     N_("The local government code has 6 digits and a valid check digit (for example 011002)."));
	else if (*pref && org_city_code_prefecture(*code) && org_city_code_prefecture(*code) != *pref)
		problems_add(ps, "city_code",
			     N_("The first two digits of the local government code are those of another prefecture."));
	if (!*corp || (**corp && !jtext_corp_number_valid(*corp)))
		problems_add(ps, "city_corp", N_("A corporate number has 13 digits and a valid check digit."));
}

int org_city_settings_check(const struct org_city_input *in, struct problems *ps)
{
	struct arena *a = arena_new(0);
	int pref, n0 = ps->n;
	char *code, *corp;
	if (!a)
		return 0;
	org_city_rules(a, in, ps, &pref, &code, &corp);
	arena_free(a);
	return ps->n - n0;
}

int org_city_settings_save(struct store *st, const struct actor *who, const struct org_city_input *in,
			   const char **err, int *bad)
{
	static const char *const fields[] = { "prefecture", "city_name", "city_code", "city_corp" };
	*bad = -1;
	if (who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR) {
		*err = N_("Only the center can change the settings.");
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct problems ps = { 0 };
	int rc = -1, pref;
	char *code, *corp;
	const char *name = in->name ? in->name : "";
	org_city_rules(a, in, &ps, &pref, &code, &corp);
	if (ps.n) {
		*err = ps.p[0].msgid;
		for (int i = 0; i < 4; i++)
			if (strcmp(ps.p[0].field, fields[i]) == 0)
				*bad = i;	/* enum org_city_input_field */
	} else if ((rc = store_begin(st)) == 0) {
		rc = org_setting_set(st, who, "city.prefecture", org_prefectures[pref], err);
		if (rc == 0)
			rc = org_setting_set(st, who, "city.name", name, err);
		if (rc == 0)
			rc = org_setting_set(st, who, "city.code", code, err);
		if (rc == 0)
			rc = org_setting_set(st, who, "city.corp_number", corp, err);
		if (rc != 0)
			store_rollback(st);
		else
			rc = store_commit(st);
	}
	arena_free(a);
	return rc;
}

/* ---- the center on letters ---- */

int org_center_contact_save(struct store *st, const struct actor *who, const char *name, const char *contact,
			    struct problems *ps)
{
	int n0 = ps->n;
	if (who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR) {
		problems_add(ps, NULL, N_("Only the center can change the settings."));
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	/* trimmed; the contact's lines without trailing spaces, CR LF as LF */
	char *nm = arena_strdup(a, name ? name : ""), *ct = arena_strdup(a, contact ? contact : "");
	int rc = nm && ct ? 0 : STORE_ERR;
	if (rc == 0) {
		size_t n = strlen(nm);
		while (n && (nm[n - 1] == ' ' || nm[n - 1] == '\t'))
			nm[--n] = 0;
		while (*nm == ' ' || *nm == '\t')
			nm++;
		char *w = ct;
		for (const char *p = ct; *p; p++)
			if (*p != '\r')
				*w++ = *p;
		*w = 0;
		n = strlen(ct);
		while (n && (ct[n - 1] == '\n' || ct[n - 1] == ' '))
			ct[--n] = 0;
		if (jtext_text_problem(nm, 0))
			problems_add(ps, "center_name", jtext_text_problem(nm, 0));
		else if (org_city_chars(nm) > 100)
			problems_add(ps, "center_name", N_("Write the center's name in up to 100 characters."));
		if (jtext_text_problem(ct, 1))
			problems_add(ps, "center_contact", jtext_text_problem(ct, 1));
		else if (!org_setting_center_contact_ok(ct))
			problems_add(ps, "center_contact", N_("Write the contact in up to 8 lines and 500 characters."));
		if (ps->n > n0)
			rc = -1;
	}
	if (rc == 0 && (rc = store_begin(st)) == 0) {
		const char *err = NULL;
		rc = org_setting_set(st, who, "center.name", nm, &err);
		if (rc == 0)
			rc = org_setting_set(st, who, "center.contact", ct, &err);
		if (rc == -1)
			problems_add(ps, NULL, err);
		if (rc != 0)
			store_rollback(st);
		else
			rc = store_commit(st);
	}
	arena_free(a);
	return rc;
}
