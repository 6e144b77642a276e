/* org: the registry of actors (主体) — one record per citizen group, community
 * organisation, business, school, intermediary or city department; the one place an
 * actor lives. Owns the vocabularies (kinds, the 20 activity fields of the NPO law, age
 * profiles, income sources, statuses), the field table that drives validation, forms,
 * CSV and JSON, the public/private switch of each contact field and the one accessor
 * that hides private values from viewers not entitled to them (org_for_viewer), and the
 * writers (create, update), each validated, permission-checked, transactional, audited
 * and kept in step with the search index (org_fts) and the directory version.
 *
 * Registration review, pending public changes and yearly confirmation live in
 * org_review.c; the directory query in org_search.c; CSV/xlsx/JSON in io/org_csv.c.
 * Returns: 0, -1 bad input or refused (err holds an English msgid the UI translates),
 * ORG_NOT_FOUND, or a store_rc (< 0, see store.h). */
#ifndef KYODO_ORG_H
#define KYODO_ORG_H
#include "domain/actor.h"
#include <stddef.h>
struct store;
struct arena;

#define ORG_NOT_FOUND (-100)	/* the same value as PLAN_NOT_FOUND: page_domain_error maps it to 404 */
#define ORG_FIELDS_MAX 3	/* activity fields per actor (NPO-law numbers 1–20) */
#define ORG_AREAS_MAX 16	/* activity areas per actor */
#define ORG_NPO_FIELDS 20

/* ---- vocabularies ---- */

enum org_category {
	ORG_CAT_CITIZEN,	/* 市民活動団体 */
	ORG_CAT_COMMUNITY,	/* 地域組織 */
	ORG_CAT_BUSINESS,	/* 事業者 */
	ORG_CAT_SCHOOL,		/* 学校・大学 */
	ORG_CAT_INTERMEDIARY,	/* 中間支援組織 */
	ORG_CAT_CITY,		/* 市の部署 */
	ORG_CAT__MAX
};
extern const char *const org_category_labels[ORG_CAT__MAX];

/* A kind (団体種別) — also its legal form for the statistics. code is stored; label is
 * what people read and write (CSV 種別); aliases are other names accepted on input. */
struct org_kind {
	const char *code, *label;
	enum org_category cat;
	const char *aliases;	/* ';'-separated, or NULL */
};
extern const struct org_kind org_kinds[];
extern const int org_nkinds;
/* By code, label or alias (exact, after trimming); NULL when unknown. */
const struct org_kind *org_kind_find(const char *s);

/* The 20 fields of the NPO law (別表), index 1..20; [0] is "". */
extern const char *const org_npo_fields[ORG_NPO_FIELDS + 1];
extern const char *const org_npo_fields_short[ORG_NPO_FIELDS + 1];	/* "保健・医療・福祉", … */
/* "3", "３", the full name or the short name → 1..20; 0 when unknown. */
int org_npo_field_parse(const char *s);

extern const char *const org_age_profiles[];	/* stored labels, NULL-terminated */
extern const char *const org_income_sources[];	/* stored labels, NULL-terminated */

enum org_status { ORG_ACTIVE, ORG_DORMANT, ORG_DISSOLVED, ORG_STATUS__MAX };
extern const char *const org_status_codes[ORG_STATUS__MAX];	/* "active", "dormant", "dissolved" */
extern const char *const org_status_labels[ORG_STATUS__MAX];	/* 活動中, 休止, 解散 */
/* The label of a status code, or NULL for an unknown code. */
const char *org_status_label_of(const char *code);

enum org_review_state { ORG_APPLIED, ORG_RETURNED, ORG_APPROVED, ORG_REVIEW__MAX };
extern const char *const org_review_codes[ORG_REVIEW__MAX];	/* "applied", "returned", "approved" */
extern const char *const org_review_labels[ORG_REVIEW__MAX];	/* 申請中, 差し戻し, 登録済 */

/* ---- the field table ---- */

enum org_field {
	ORG_F_KIND,		/* 種別: a kind code */
	ORG_F_NAME,		/* 団体名 */
	ORG_F_KANA,		/* 団体名カナ: full-width katakana */
	ORG_F_CORP_NUMBER,	/* 法人番号: 13 digits with check digit, or "" */
	ORG_F_FOUNDED_ON,	/* 設立年月日: YYYY-MM-DD (西暦 or 和暦 on input) */
	ORG_F_PURPOSE,		/* 目的 */
	ORG_F_ACTIVITIES,	/* 活動内容 */
	ORG_F_MEMBERS,		/* 会員数 */
	ORG_F_MEMBERS_IN_CITY,	/* うち市内在住・在勤 */
	ORG_F_AGE_PROFILE,	/* 主な年齢層 */
	ORG_F_INCOME,		/* 主な収入源: ';'-separated labels of org_income_sources */
	ORG_F_WEBSITE,		/* ウェブサイト: http(s) URL */
	ORG_F_SNS,		/* SNS: http(s) URL */
	ORG_F_REP_NAME,		/* 代表者 */
	ORG_F_REP_KANA,		/* 代表者カナ */
	ORG_F_CONTACT_NAME,	/* 連絡担当者 */
	ORG_F_CONTACT_KANA,	/* 連絡担当者カナ */
	ORG_F_POSTAL,		/* 郵便番号: "123-4567" */
	ORG_F_ADDRESS,		/* 住所 */
	ORG_F_PHONE,		/* 電話番号 */
	ORG_F_FAX,		/* FAX番号 */
	ORG_F_EMAIL,		/* メール */
	ORG_F_REG_NUMBER,	/* 登録番号 (center only) */
	ORG_F_REG_DATE,		/* 登録日 (center only): YYYY-MM-DD */
	ORG_F_STATUS,		/* 状態: a status code */
	ORG_F_RECRUITING,	/* 募集: recruiting text, "" when not recruiting */
	ORG_F__MAX
};

enum org_ftype {
	ORG_T_TEXT,	/* one line */
	ORG_T_LONG,	/* several lines */
	ORG_T_KIND, ORG_T_KANA, ORG_T_CORP, ORG_T_DATE, ORG_T_COUNT, ORG_T_AGE, ORG_T_INCOME,
	ORG_T_URL, ORG_T_POSTAL, ORG_T_PHONE, ORG_T_EMAIL, ORG_T_STATUS,
};

/* Public/private switches of the contact fields (公開項目), stored in public_mask. */
enum org_pub {
	ORG_PUB_REP = 1 << 0,	/* 代表者 (name and reading) */
	ORG_PUB_CONTACT = 1 << 1,	/* 連絡担当者 (name and reading) */
	ORG_PUB_POSTAL = 1 << 2,
	ORG_PUB_ADDRESS = 1 << 3,
	ORG_PUB_PHONE = 1 << 4,
	ORG_PUB_FAX = 1 << 5,
	ORG_PUB_EMAIL = 1 << 6,
};
#define ORG_PUB_ALWAYS 0u	/* spec.pub: always public */
struct org_pub_item { unsigned bit; const char *label; };	/* label as in CSV 公開項目 */
extern const struct org_pub_item org_pub_items[];	/* terminated by {0, NULL} */
extern const int org_npub_items;

struct org_field_spec {
	const char *key;	/* column and JSON key */
	const char *header;	/* Japanese CSV header (種別, 団体名, …) */
	const char *label;	/* UI label: an English msgid (po/ja.po has the Japanese) */
	enum org_ftype type;
	int max_chars;		/* in characters */
	unsigned pub;		/* ORG_PUB_ALWAYS or the org_pub bit that makes it public */
	int center_only;	/* only admin/coordinator may set it (a group's edit keeps it) */
};
extern const struct org_field_spec org_field_specs[ORG_F__MAX];
/* By key or Japanese header; -1 when unknown. */
int org_field_find(const char *s);

/* ---- the record ---- */

struct org {
	long long id, department_id;
	char *v[ORG_F__MAX];	/* each field as text, "" when empty — never NULL after org_init/org_get */
	int fields[ORG_FIELDS_MAX];	/* NPO-law numbers, in the order given */
	int nfields;
	long long area_ids[ORG_AREAS_MAX];
	char *area_names[ORG_AREAS_MAX];
	int nareas;
	unsigned public_mask;	/* enum org_pub bits */
	enum org_review_state review;
	char *review_comment, *confirmed_at, *confirm_requested_at, *created_at, *updated_at;	/* "" when none */
};

void org_init(struct org *o);	/* every text "", status active, review approved */
int org_get(struct store *st, struct arena *a, long long id, struct org *out);
/* Matches an existing record for import: by 法人番号 when given, else by name + reading.
 * Sets *id (0 when none). */
int org_find_match(struct store *st, const char *corp_number, const char *name, const char *kana, long long *id);

/* ---- privacy: the one accessor ---- */

/* May this viewer see the private fields of o? The center (coordinator), the
 * collaboration division (admin), and the group's own accounts. */
int org_can_see_private(const struct actor *who, const struct org *o);
/* Is field f public on this record (always-public, or its switch is on)? */
int org_field_public(const struct org *o, enum org_field f);
/* Blanks, in place, every value the viewer may not see (private contact fields, review
 * comments). Every page, API answer and export for someone else goes through this. */
void org_for_viewer(struct org *o, const struct actor *who);

/* ---- setting values (validation + normalisation, shared by forms and CSV) ---- */

/* Parses raw (as typed or from CSV) into o->v[f], normalised (kana to full-width
 * katakana; phone, postal, email, numbers NFKC-folded; dates from 西暦 or 和暦; kind and
 * status from label, alias or code). Empty raw clears the field. Returns 0, or -1 with
 * *err = msgid. Strings come from a. */
int org_set_field(struct arena *a, struct org *o, enum org_field f, const char *raw, const char **err);
/* 活動分野: numbers or names separated by ';' (also '、', ',', '；'); at most 3, no repeats. */
int org_set_npo_fields(struct org *o, const char *raw, const char **err);
/* Splits a list on ';' '；' '、' ',' '，' into trimmed, non-empty parts (from a); returns
 * the count, or max + 1 when there are more than max. */
int org_list_split(struct arena *a, const char *raw, char **parts, int max);
/* 活動地区: area names separated by ';' (…); each must be one of the city's areas. */
int org_set_areas(struct store *st, struct arena *a, struct org *o, const char *raw, const char **err);
/* 公開項目: labels of org_pub_items separated by ';' (…). */
int org_set_public(struct org *o, const char *raw, const char **err);
/* The same lists back as text ("3;13", "中央地区;東地区", "代表者;メール"), from a. */
char *org_npo_fields_text(struct arena *a, const struct org *o);
char *org_areas_text(struct arena *a, const struct org *o);
char *org_public_text(struct arena *a, const struct org *o);
/* Whole-record rules (required fields, members in city ≤ members, …); -1 with err and
 * *bad (the field at fault, or -1). */
int org_check(const struct org *o, const char **err, int *bad);
/* The same rules, every problem into ps under the field's key ("name", "kana"); a field
 * that already has a problem in ps keeps it alone. Returns how many were found. */
struct problems;
int org_check_all(const struct org *o, struct problems *ps);

/* ---- writers ---- */

enum org_save_flags {
	ORG_SAVE_BULK = 1 << 0,	/* inside a bulk import: no per-row index update (call org_fts_rebuild once);
				 * a creation is audited as "import" without a copy of its values */
	ORG_SAVE_APPLICATION = 1 << 1,	/* an online application: review = applied, any role may send it */
	ORG_SAVE_KEEP_DATES = 1 << 2,	/* a restored record (import): confirmed_at and confirm_requested_at
					 * as o holds them, not "now" */
	ORG_SAVE_NO_AUDIT = 1 << 3,	/* part of a larger event (an application sent again, a change
					 * published, a profile saved and confirmed, a group entered and
					 * registered): the caller writes the event's one audit row
					 * (org_audit_event), in the same transaction */
};
/* The current time as stored: "2025-06-01T01:05:00Z" (UTC). */
void org_now(char out[24]);
/* A city department is entered by the center, never by a group or an applicant: 1 when
 * who may not give a record this kind (old_kind: the stored one, NULL for a new record). */
int org_kind_refused(const struct actor *who, const char *kind, const char *old_kind);
/* Creates o (admin/coordinator, or anyone with ORG_SAVE_APPLICATION). Sets o->id.
 * Returns the new id (> 0), -1 (err), or a store_rc. */
long long org_create(struct store *st, const struct actor *who, struct org *o, unsigned flags, const char **err);
/* Replaces the record o->id with o. Admin/coordinator: every field. A group: its own
 * record only, and fields marked center_only keep their stored values. Audited with the
 * values before and after. */
int org_update(struct store *st, const struct actor *who, const struct org *o, unsigned flags, const char **err);
/* Do the record's own values differ (fields, lists as sets, public switches, department;
 * not its review state nor its dates)? */
int org_values_differ(const struct org *x, const struct org *y);
/* The one audit row of an event on record id (entity "org", so the group's history shows
 * it once): action, with the values that differ between old (NULL for a new record: all of
 * them) and the record as stored now, confirmation date included, and the extra keys
 * given (jansson objects or NULL; their references are taken). Inside the event's
 * transaction. 0 or a store_rc. */
int org_audit_event(struct store *st, const struct actor *who, const char *action, long long id, const struct org *old,
		    void *extra_before, void *extra_after);
/* Rebuilds the whole search index from the rows (after a bulk import). */
int org_fts_rebuild(struct store *st);
/* Recomputes every record's tags, then rebuilds the index: after rows were written
 * outside this file (tests, repairs). One transaction. */
int org_retag_all(struct store *st);
/* Brings record id's index entry and tags up to date after a write to orgs outside this
 * file that changes no indexed text (a review decision moves it in or out of the
 * directory). Inside the caller's transaction. */
int org_reindex(struct store *st, long long id);

/* Search tags (orgs.tags, indexed with the words; org.c writes them with the row): the
 * directory's filters, matched inside the search index. */
#define ORG_TAG_HIDDEN "xhidx"	/* not in the directory: waiting, sent back or dissolved */
#define ORG_TAG_RECRUITING "xrecx"
/* "xf13x" (an activity field), "xa4x" (an area id), "xk" + kind code without '_' + "x". */
void org_tag_field(char *out, size_t n, int field);
void org_tag_area(char *out, size_t n, long long area_id);
void org_tag_kind(char *out, size_t n, const char *kind_code);
/* The version of the whole directory ("dir", domain/version.h): org_version_bump moves it
 * (hard) when anything every page shows may have changed — the areas, the city's
 * settings. A write of one record moves only the versions of the pages it changes
 * (domain/org_public.h); rows written in bulk call org_public_all_changed. */
int org_version_get(struct store *st, long long *version);
int org_version_bump(struct store *st);

/* The record as a jansson object (json_t *); public_only drops every private field and
 * internal state. For the API, exports and the audit log. */
void *org_to_json(const struct org *o, int public_only);

/* ---- areas (活動地区) ---- */

struct org_area { long long id; char *name, *kind; int pos; };
int org_area_list(struct store *st, struct arena *a, struct org_area **out, int *n);
/* An area's name: 1–100 characters, no control characters and none of the list
 * separators (; 、 , ， ；), so that a list of areas always splits back into names. */
int org_area_name_ok(const char *name);
/* Adds an area (admin/coordinator); returns its id or < 0. */
long long org_area_add(struct store *st, const struct actor *who, const char *name, const char *kind, const char **err);

/* ---- city settings (table settings; org_city.c) ---- */

#define ORG_PREFECTURES 47
extern const char *const org_prefectures[ORG_PREFECTURES + 1];	/* JIS X 0401 order; [0] is "" */
/* 1–47 for a prefecture's name ("北海道", "東京都"), else 0. */
int org_prefecture_index(const char *s);
/* 地方公共団体名 as the open data writes it: the prefecture and the city's name
 * ("北海道札幌市"; the name alone while no prefecture is set). From a. */
char *org_city_full_name(struct store *st, struct arena *a);
/* The city as open data names it, set together from the center's settings page: the
 * prefecture (one of org_prefectures), the name without it (1–50 characters), the
 * 全国地方公共団体コード (6 digits, check digit; a real prefecture code 01–47 must be
 * the prefecture's) and the city's own 法人番号 (13 digits, or empty). Admin/coordinator;
 * audited. -1 with err and *bad (enum org_city_input_field). */
enum org_city_input_field { ORG_CITY_PREFECTURE, ORG_CITY_NAME, ORG_CITY_CODE, ORG_CITY_CORP };
struct org_city_input { const char *prefecture, *name, *code, *corp_number; };
int org_city_settings_save(struct store *st, const struct actor *who, const struct org_city_input *in,
			   const char **err, int *bad);
/* The same rules without saving: every problem into ps under the form's input names
 * ("prefecture", "city_name", "city_code", "city_corp"). Returns how many. */
int org_city_settings_check(const struct org_city_input *in, struct problems *ps);

/* The center as the confirmation letters name it: 'center.name' (one line, up to 100
 * characters; empty: the letters say 市民活動センター) and 'center.contact' (address, phone,
 * hours: up to 8 lines, 500 characters), saved together (admin/coordinator, audited). Every
 * problem into ps ("center_name", "center_contact"): -1; 0 or a store_rc. */
int org_center_contact_save(struct store *st, const struct actor *who, const char *name, const char *contact,
			    struct problems *ps);

/* The value of key, from a, or def when unset. */
const char *org_setting(struct store *st, struct arena *a, const char *key, const char *def);
int org_setting_int(struct store *st, const char *key, int def);
/* Admin/coordinator; audited. */
int org_setting_set(struct store *st, const struct actor *who, const char *key, const char *value, const char **err);

#endif
