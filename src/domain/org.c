/* org: the registry of actors — vocabularies, the field table, the privacy accessor,
 * value parsing, and the readers and writers of records (see org.h). */
#include "domain/org.h"
#include "domain/org_public.h"
#include "domain/version.h"
#include "domain/audit.h"
#include "domain/org_index.h"
#include "domain/problems.h"
#include "domain/wareki.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- vocabularies ---- */

const char *const org_category_labels[ORG_CAT__MAX] = {
	[ORG_CAT_CITIZEN] = "市民活動団体",
	[ORG_CAT_COMMUNITY] = "地域組織",
	[ORG_CAT_BUSINESS] = "事業者",
	[ORG_CAT_SCHOOL] = "学校・大学",
	[ORG_CAT_INTERMEDIARY] = "中間支援組織",
	[ORG_CAT_CITY] = "市の部署",
};

const struct org_kind org_kinds[] = {
	{ "npo", "NPO法人", ORG_CAT_CITIZEN, "特定非営利活動法人" },
	{ "npo_certified", "認定NPO法人", ORG_CAT_CITIZEN, "認定特定非営利活動法人" },
	{ "voluntary", "任意団体", ORG_CAT_CITIZEN, "市民活動団体" },
	{ "volunteer", "ボランティア団体", ORG_CAT_CITIZEN, "ボランティアグループ" },
	{ "general_corp", "一般社団法人・一般財団法人", ORG_CAT_CITIZEN, "一般社団法人;一般財団法人" },
	{ "public_corp", "公益社団法人・公益財団法人", ORG_CAT_CITIZEN, "公益社団法人;公益財団法人" },
	{ "welfare_corp", "社会福祉法人", ORG_CAT_CITIZEN, NULL },
	{ "neighborhood", "自治会・町内会", ORG_CAT_COMMUNITY, "自治会;町内会;自治区" },
	{ "children", "子ども会", ORG_CAT_COMMUNITY, "子供会" },
	{ "seniors", "老人クラブ", ORG_CAT_COMMUNITY, "シニアクラブ" },
	{ "community", "コミュニティ協議会", ORG_CAT_COMMUNITY, "まちづくり協議会;地区協議会" },
	{ "company", "企業", ORG_CAT_BUSINESS, "株式会社;有限会社;合同会社" },
	{ "shop", "商店", ORG_CAT_BUSINESS, "個人商店;商店会" },
	{ "chamber", "商工会", ORG_CAT_BUSINESS, "商工会議所" },
	{ "cooperative", "協同組合", ORG_CAT_BUSINESS, "生活協同組合;農業協同組合" },
	{ "school", "学校", ORG_CAT_SCHOOL, "小学校;中学校;高等学校" },
	{ "university", "大学", ORG_CAT_SCHOOL, "短期大学;専門学校" },
	{ "civic_center", "市民活動センター", ORG_CAT_INTERMEDIARY, "市民活動推進センター;NPOセンター;中間支援組織" },
	{ "volunteer_center", "ボランティアセンター", ORG_CAT_INTERMEDIARY, "社会福祉協議会;社協" },
	{ "city", "市の部署", ORG_CAT_CITY, "市役所;行政" },
	{ "other", "その他", ORG_CAT_CITIZEN, NULL },
};
const int org_nkinds = (int)(sizeof org_kinds / sizeof org_kinds[0]);

const char *const org_npo_fields[ORG_NPO_FIELDS + 1] = {
	"",
	"保健、医療又は福祉の増進を図る活動",
	"社会教育の推進を図る活動",
	"まちづくりの推進を図る活動",
	"観光の振興を図る活動",
	"農山漁村又は中山間地域の振興を図る活動",
	"学術、文化、芸術又はスポーツの振興を図る活動",
	"環境の保全を図る活動",
	"災害救援活動",
	"地域安全活動",
	"人権の擁護又は平和の推進を図る活動",
	"国際協力の活動",
	"男女共同参画社会の形成の促進を図る活動",
	"子どもの健全育成を図る活動",
	"情報化社会の発展を図る活動",
	"科学技術の振興を図る活動",
	"経済活動の活性化を図る活動",
	"職業能力の開発又は雇用機会の拡充を支援する活動",
	"消費者の保護を図る活動",
	"前各号に掲げる活動を行う団体の運営又は活動に関する連絡、助言又は援助の活動",
	"前各号に掲げる活動に準ずる活動として都道府県又は指定都市の条例で定める活動",
};

const char *const org_npo_fields_short[ORG_NPO_FIELDS + 1] = {
	"",
	"保健・医療・福祉",
	"社会教育",
	"まちづくり",
	"観光",
	"農山漁村・中山間地域",
	"学術・文化・芸術・スポーツ",
	"環境保全",
	"災害救援",
	"地域安全",
	"人権・平和",
	"国際協力",
	"男女共同参画",
	"子どもの健全育成",
	"情報化社会",
	"科学技術",
	"経済活動の活性化",
	"職業能力・雇用機会",
	"消費者保護",
	"団体の運営・活動の支援",
	"条例で定める活動",
};

const char *const org_age_profiles[] = {
	"10代以下が中心", "20〜30代が中心", "40〜50代が中心", "60〜70代が中心", "80代以上が中心", "幅広い年代", NULL,
};

const char *const org_income_sources[] = {
	"会費", "寄付金", "補助金・助成金", "事業収入", "委託料", "その他", NULL,
};

const char *const org_status_codes[ORG_STATUS__MAX] = { "active", "dormant", "dissolved" };
const char *const org_status_labels[ORG_STATUS__MAX] = { "活動中", "休止", "解散" };
const char *const org_review_codes[ORG_REVIEW__MAX] = { "applied", "returned", "approved" };
const char *const org_review_labels[ORG_REVIEW__MAX] = { "申請中", "差し戻し", "登録済" };

const struct org_pub_item org_pub_items[] = {
	{ ORG_PUB_REP, "代表者" },
	{ ORG_PUB_CONTACT, "連絡担当者" },
	{ ORG_PUB_POSTAL, "郵便番号" },
	{ ORG_PUB_ADDRESS, "住所" },
	{ ORG_PUB_PHONE, "電話番号" },
	{ ORG_PUB_FAX, "FAX番号" },
	{ ORG_PUB_EMAIL, "メール" },
	{ 0, NULL },
};
const int org_npub_items = (int)(sizeof org_pub_items / sizeof org_pub_items[0]) - 1;

/* The field table: keys are the column names of orgs, in the order of sql_org.def. */
const struct org_field_spec org_field_specs[ORG_F__MAX] = {
	[ORG_F_KIND] = { "kind", "種別", N_("Kind"), ORG_T_KIND, 40, ORG_PUB_ALWAYS, 0 },
	[ORG_F_NAME] = { "name", "団体名", N_("Name"), ORG_T_TEXT, 100, ORG_PUB_ALWAYS, 0 },
	[ORG_F_KANA] = { "kana", "団体名カナ", N_("Name reading (katakana)"), ORG_T_KANA, 100, ORG_PUB_ALWAYS, 0 },
	[ORG_F_CORP_NUMBER] = { "corp_number", "法人番号", N_("Corporate number"), ORG_T_CORP, 13, ORG_PUB_ALWAYS, 0 },
	[ORG_F_FOUNDED_ON] = { "founded_on", "設立年月日", N_("Founded on"), ORG_T_DATE, 10, ORG_PUB_ALWAYS, 0 },
	[ORG_F_PURPOSE] = { "purpose", "目的", N_("Purpose"), ORG_T_LONG, 1000, ORG_PUB_ALWAYS, 0 },
	[ORG_F_ACTIVITIES] = { "activities", "活動内容", N_("Activities"), ORG_T_LONG, 2000, ORG_PUB_ALWAYS, 0 },
	[ORG_F_MEMBERS] = { "members", "会員数", N_("Members"), ORG_T_COUNT, 9, ORG_PUB_ALWAYS, 0 },
	[ORG_F_MEMBERS_IN_CITY] = { "members_in_city", "市内会員数", N_("Members living or working in the city"),
				    ORG_T_COUNT, 9, ORG_PUB_ALWAYS, 0 },
	[ORG_F_AGE_PROFILE] = { "age_profile", "主な年齢層", N_("Main age group"), ORG_T_AGE, 40, ORG_PUB_ALWAYS, 0 },
	[ORG_F_INCOME] = { "income", "主な収入源", N_("Main income sources"), ORG_T_INCOME, 200, ORG_PUB_ALWAYS, 0 },
	[ORG_F_WEBSITE] = { "website", "ウェブサイト", N_("Website"), ORG_T_URL, 500, ORG_PUB_ALWAYS, 0 },
	[ORG_F_SNS] = { "sns", "SNS", N_("Social media"), ORG_T_URL, 500, ORG_PUB_ALWAYS, 0 },
	[ORG_F_REP_NAME] = { "rep_name", "代表者", N_("Representative"), ORG_T_TEXT, 100, ORG_PUB_REP, 0 },
	[ORG_F_REP_KANA] = { "rep_kana", "代表者カナ", N_("Representative reading (katakana)"), ORG_T_KANA, 100,
			     ORG_PUB_REP, 0 },
	[ORG_F_CONTACT_NAME] = { "contact_name", "連絡担当者", N_("Contact person"), ORG_T_TEXT, 100, ORG_PUB_CONTACT,
				 0 },
	[ORG_F_CONTACT_KANA] = { "contact_kana", "連絡担当者カナ", N_("Contact person reading (katakana)"), ORG_T_KANA,
				 100, ORG_PUB_CONTACT, 0 },
	[ORG_F_POSTAL] = { "postal", "郵便番号", N_("Postal code"), ORG_T_POSTAL, 8, ORG_PUB_POSTAL, 0 },
	[ORG_F_ADDRESS] = { "address", "住所", N_("Address"), ORG_T_TEXT, 200, ORG_PUB_ADDRESS, 0 },
	[ORG_F_PHONE] = { "phone", "電話番号", N_("Phone"), ORG_T_PHONE, 20, ORG_PUB_PHONE, 0 },
	[ORG_F_FAX] = { "fax", "FAX番号", N_("Fax"), ORG_T_PHONE, 20, ORG_PUB_FAX, 0 },
	[ORG_F_EMAIL] = { "email", "メール", N_("Email"), ORG_T_EMAIL, 254, ORG_PUB_EMAIL, 0 },
	[ORG_F_REG_NUMBER] = { "reg_number", "登録番号", N_("Registration number"), ORG_T_TEXT, 40, ORG_PUB_ALWAYS, 1 },
	[ORG_F_REG_DATE] = { "reg_date", "登録日", N_("Registered on"), ORG_T_DATE, 10, ORG_PUB_ALWAYS, 1 },
	[ORG_F_STATUS] = { "status", "状態", N_("Group status"), ORG_T_STATUS, 20, ORG_PUB_ALWAYS, 0 },
	[ORG_F_RECRUITING] = { "recruiting", "募集", N_("Recruiting members or volunteers"), ORG_T_LONG, 500,
			       ORG_PUB_ALWAYS, 0 },
};

/* ---- small text helpers ---- */

static size_t org_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int org_is_space_at(const char *p, size_t *len)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
		*len = 1;
		return 1;
	}
	if (strncmp(p, "\u3000", 3) == 0) {
		*len = 3;
		return 1;
	}
	return 0;
}

/* A trimmed copy (ASCII and ideographic spaces) from a. */
static char *org_trim(struct arena *a, const char *s)
{
	size_t l;
	while (*s && org_is_space_at(s, &l))
		s += l;
	size_t n = strlen(s);
	while (n > 0) {
		if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "\u3000", 3) == 0)
			n -= 3;
		else
			break;
	}
	return arena_strndup(a, s, n);
}

/* Control characters, bidi controls, invalid UTF-8, or only invisible characters
 * (jtext_text_problem): nothing a registry text may hold. */
static int org_has_control(const char *s, int allow_newlines)
{
	return jtext_text_problem(s, allow_newlines) != NULL;
}

/* The separators of lists (活動分野, 活動地区, 公開項目): ';', '；', '、', ',' and '，'. */
static const char *const org_list_seps[] = { ";", "\xef\xbc\x9b", "\xe3\x80\x81", ",", "\xef\xbc\x8c", NULL };

int org_area_name_ok(const char *name)
{
	if (!name || !*name || org_utf8_chars(name) > 100 || org_has_control(name, 0))
		return 0;
	for (int i = 0; org_list_seps[i]; i++)
		if (strstr(name, org_list_seps[i]))
			return 0;
	return 1;
}

/* Splits a list on org_list_seps into trimmed, non-empty parts (from a). */
int org_list_split(struct arena *a, const char *raw, char **parts, int max)
{
	const char *const *seps = org_list_seps;
	int n = 0;
	const char *p = raw;
	while (*p) {
		const char *start = p;
		size_t seplen = 0;
		while (*p) {
			for (int i = 0; seps[i]; i++)
				if (strncmp(p, seps[i], strlen(seps[i])) == 0) {
					seplen = strlen(seps[i]);
					break;
				}
			if (seplen)
				break;
			p++;
		}
		char *part = org_trim(a, arena_strndup(a, start, (size_t)(p - start)));
		if (part && *part) {
			if (n >= max)
				return max + 1;
			parts[n++] = part;
		}
		p += seplen;
	}
	return n;
}


/* "\r\n" and "\r" to "\n", in place. */
static void org_newlines(char *s)
{
	char *w = s;
	for (char *p = s; *p; p++) {
		if (*p == '\r') {
			*w++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*w++ = *p;
		}
	}
	*w = 0;
}

/* Full-width digits to ASCII, spaces and hyphens dropped: for 法人番号. */
static char *org_digits(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p >= '0' && *p <= '9') {
			out[o++] = (char)*p++;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			out[o++] = (char)('0' + p[2] - 0x90);
			p += 3;
		} else if (*p == ' ' || *p == '-') {
			p++;
		} else if (strncmp((const char *)p, "\u3000", 3) == 0 || strncmp((const char *)p, "\xef\xbc\x8d", 3) == 0) {
			p += 3;
		} else {
			return NULL;
		}
	}
	out[o] = 0;
	return out;
}

/* ---- vocabularies: lookups ---- */

static int org_alias_has(const char *aliases, const char *s)
{
	if (!aliases)
		return 0;
	size_t n = strlen(s);
	for (const char *p = aliases; *p;) {
		const char *e = strchr(p, ';');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && strncmp(p, s, n) == 0)
			return 1;
		p += l + (e ? 1 : 0);
	}
	return 0;
}

const struct org_kind *org_kind_find(const char *s)
{
	if (!s)
		return NULL;
	for (int i = 0; i < org_nkinds; i++)
		if (strcmp(org_kinds[i].code, s) == 0 || strcmp(org_kinds[i].label, s) == 0 ||
		    org_alias_has(org_kinds[i].aliases, s))
			return &org_kinds[i];
	return NULL;
}

int org_npo_field_parse(const char *s)
{
	long long n;
	if (jtext_uint(s, &n) == 0)
		return n >= 1 && n <= ORG_NPO_FIELDS ? (int)n : 0;
	for (int i = 1; i <= ORG_NPO_FIELDS; i++)
		if (strcmp(s, org_npo_fields[i]) == 0 || strcmp(s, org_npo_fields_short[i]) == 0)
			return i;
	return 0;
}

static int org_list_index(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

int org_field_find(const char *s)
{
	for (int f = 0; f < ORG_F__MAX; f++)
		if (strcmp(org_field_specs[f].key, s) == 0 || strcmp(org_field_specs[f].header, s) == 0)
			return f;
	return -1;
}

/* ---- the record ---- */

const char *org_status_label_of(const char *code)
{
	for (int i = 0; code && i < ORG_STATUS__MAX; i++)
		if (strcmp(code, org_status_codes[i]) == 0)
			return org_status_labels[i];
	return NULL;
}

void org_init(struct org *o)
{
	memset(o, 0, sizeof *o);
	for (int f = 0; f < ORG_F__MAX; f++)
		o->v[f] = "";
	o->v[ORG_F_STATUS] = (char *)org_status_codes[ORG_ACTIVE];
	o->review = ORG_APPROVED;
	o->review_comment = o->confirmed_at = o->confirm_requested_at = o->created_at = o->updated_at = "";
}

static char *org_col(struct arena *a, struct stmt *s, int col)
{
	const char *t = stmt_text(s, col);
	return arena_strdup(a, t ? t : "");
}

static int org_review_parse(const char *s)
{
	for (int i = 0; i < ORG_REVIEW__MAX; i++)
		if (strcmp(org_review_codes[i], s) == 0)
			return i;
	return ORG_APPLIED;
}

int org_get(struct store *st, struct arena *a, long long id, struct org *out)
{
	org_init(out);
	struct stmt *s = store_prepare(st, STMT_ORG_GET);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	if (rc <= 0) {
		stmt_reset(s);
		return rc == 0 ? ORG_NOT_FOUND : rc;
	}
	out->id = stmt_int(s, 0);
	out->department_id = stmt_int(s, 1);
	for (int f = 0; f < ORG_F__MAX; f++)
		out->v[f] = org_col(a, s, 2 + f);
	int c = 2 + ORG_F__MAX;
	out->public_mask = (unsigned)stmt_int(s, c);
	out->review = (enum org_review_state)org_review_parse(stmt_text(s, c + 1));
	out->review_comment = org_col(a, s, c + 2);
	out->confirmed_at = org_col(a, s, c + 3);
	out->confirm_requested_at = org_col(a, s, c + 4);
	out->created_at = org_col(a, s, c + 5);
	out->updated_at = org_col(a, s, c + 6);
	stmt_reset(s);
	if (!out->updated_at)
		return STORE_ERR;	/* the arena is full */

	if (!(s = store_prepare(st, STMT_ORG_FIELDS_OF)))
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	while ((rc = stmt_step(s)) == 1 && out->nfields < ORG_FIELDS_MAX)
		out->fields[out->nfields++] = (int)stmt_int(s, 0);
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (!(s = store_prepare(st, STMT_ORG_AREAS_OF)))
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	while ((rc = stmt_step(s)) == 1 && out->nareas < ORG_AREAS_MAX) {
		out->area_ids[out->nareas] = stmt_int(s, 0);
		out->area_names[out->nareas++] = org_col(a, s, 1);
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

static int org_find_one(struct store *st, enum stmt_id sid, const char *a1, const char *a2, long long *id)
{
	struct stmt *s = store_prepare(st, sid);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, a1);
	if (a2)
		stmt_bind_text(s, 2, a2);
	int rc = stmt_step(s);
	if (rc == 1)
		*id = stmt_int(s, 0);
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int org_find_match(struct store *st, const char *corp_number, const char *name, const char *kana, long long *id)
{
	*id = 0;
	if (corp_number && *corp_number)
		return org_find_one(st, STMT_ORG_FIND_CORP, corp_number, NULL, id);
	if (name && *name && kana && *kana)
		return org_find_one(st, STMT_ORG_FIND_NAME, name, kana, id);
	return 0;
}

/* ---- privacy ---- */

int org_can_see_private(const struct actor *who, const struct org *o)
{
	if (!who)
		return 0;
	if (who->role == ROLE_ADMIN || who->role == ROLE_COORDINATOR)
		return 1;
	return who->role == ROLE_GROUP && o->id > 0 && who->org_id == o->id;
}

int org_field_public(const struct org *o, enum org_field f)
{
	unsigned pub = org_field_specs[f].pub;
	return pub == ORG_PUB_ALWAYS || (o->public_mask & pub) != 0;
}

void org_for_viewer(struct org *o, const struct actor *who)
{
	if (org_can_see_private(who, o))
		return;
	for (int f = 0; f < ORG_F__MAX; f++)
		if (!org_field_public(o, (enum org_field)f))
			o->v[f] = "";
	o->review_comment = "";
	o->confirm_requested_at = "";
}

/* ---- parsing values ---- */

static int org_set_list_text(struct arena *a, struct org *o, enum org_field f, const char *raw,
			     const char *const *vocab, const char **err)
{
	char *parts[16];
	int n = org_list_split(a, raw, parts, 16);
	if (n > 16) {
		*err = N_("Too many values in the list.");
		return -1;
	}
	int seen[16] = { 0 };
	for (int i = 0; i < n; i++) {
		int k = org_list_index(vocab, parts[i]);
		if (k < 0 || k >= 16) {
			*err = N_("Unknown income source.");
			return -1;
		}
		seen[k] = 1;
	}
	struct buf b;
	buf_init(&b);
	for (int k = 0; vocab[k] && k < 16; k++)
		if (seen[k])
			buf_printf(&b, "%s%s", b.len ? ";" : "", vocab[k]);
	o->v[f] = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return o->v[f] ? 0 : -1;
}

static int org_set_date(struct arena *a, struct org *o, enum org_field f, const char *s, const char **err)
{
	int y, m, d;
	if (wareki_parse_date(s, &y, &m, &d) != 0) {
		*err = N_("Write the date as 2023-04-01 or 令和5年4月1日.");
		return -1;
	}
	o->v[f] = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return 0;
}

static int org_set_url(struct arena *a, struct org *o, enum org_field f, const char *s, const char **err)
{
	if ((strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0) || strchr(s, ' ') ||
	    strchr(s, '"') || strchr(s, '<') || strchr(s, '>') || strlen(s) < 10) {
		*err = N_("Write a web address starting with https:// or http://.");
		return -1;
	}
	o->v[f] = arena_strdup(a, s);
	return 0;
}

int org_set_field(struct arena *a, struct org *o, enum org_field f, const char *raw, const char **err)
{
	const struct org_field_spec *sp = &org_field_specs[f];
	char *s = org_trim(a, raw ? raw : "");
	if (!s)
		return -1;
	if (sp->type == ORG_T_LONG)
		org_newlines(s);
	/* control characters, bidi controls, or nothing visible (a name of U+200B only) */
	const char *problem = jtext_text_problem(s, sp->type == ORG_T_LONG);
	if (problem) {
		*err = problem;
		return -1;
	}
	if (!*s) {
		if (f == ORG_F_STATUS) {
			*err = N_("Choose a status: 活動中, 休止 or 解散.");
			return -1;
		}
		o->v[f] = "";
		return 0;
	}
	/* Codes get their own message (a 14-digit 法人番号 is a wrong number, not a long text). */
	if (org_utf8_chars(s) > (size_t)sp->max_chars && sp->type != ORG_T_PHONE && sp->type != ORG_T_POSTAL &&
	    sp->type != ORG_T_CORP) {
		*err = N_("The text is too long.");
		return -1;
	}
	char *v = s;
	long long n;
	switch (sp->type) {
	case ORG_T_TEXT:
	case ORG_T_LONG:
		break;
	case ORG_T_KIND: {
		const struct org_kind *k = org_kind_find(s);
		if (!k) {
			*err = N_("Unknown kind of group.");
			return -1;
		}
		v = (char *)k->code;
		break;
	}
	case ORG_T_KANA:
		if (!(v = jtext_kana(a, s))) {
			*err = N_("Write the reading in katakana.");
			return -1;
		}
		break;
	case ORG_T_CORP:
		if (!(v = org_digits(a, s)) || !jtext_corp_number_valid(v)) {
			*err = N_("A corporate number has 13 digits and a valid check digit.");
			return -1;
		}
		break;
	case ORG_T_DATE:
		return org_set_date(a, o, f, s, err);
	case ORG_T_COUNT:
		if (jtext_uint(s, &n) != 0 || n > 999999999) {
			*err = N_("Write a whole number, 0 or more.");
			return -1;
		}
		v = arena_printf(a, "%lld", n);
		break;
	case ORG_T_AGE:
		/* CP932 files spell the wave dash 〜 (U+301C) as ～ (U+FF5E). */
		for (char *w = strstr(s, "\xef\xbd\x9e"); w; w = strstr(w, "\xef\xbd\x9e"))
			memcpy(w, "\xe3\x80\x9c", 3);
		if (org_list_index(org_age_profiles, s) < 0) {
			*err = N_("Unknown age group.");
			return -1;
		}
		break;
	case ORG_T_INCOME:
		return org_set_list_text(a, o, f, s, org_income_sources, err);
	case ORG_T_URL:
		return org_set_url(a, o, f, s, err);
	case ORG_T_POSTAL:
		if (!(v = jtext_postal(a, s))) {
			*err = N_("Write the postal code as 123-4567.");
			return -1;
		}
		break;
	case ORG_T_PHONE:
		if (!(v = jtext_phone(a, s))) {
			*err = N_("Write the phone number with its area code, as 012-345-6789.");
			return -1;
		}
		break;
	case ORG_T_EMAIL:
		if (!(v = jtext_email(a, s))) {
			*err = N_("Write a valid email address.");
			return -1;
		}
		break;
	case ORG_T_STATUS: {
		int k = -1;
		for (int i = 0; i < ORG_STATUS__MAX && k < 0; i++)
			if (strcmp(s, org_status_codes[i]) == 0 || strcmp(s, org_status_labels[i]) == 0)
				k = i;
		if (k < 0) {
			*err = N_("Choose a status: 活動中, 休止 or 解散.");
			return -1;
		}
		v = (char *)org_status_codes[k];
		break;
	}
	}
	o->v[f] = v;
	return 0;
}

int org_set_npo_fields(struct org *o, const char *raw, const char **err)
{
	struct arena *a = arena_new(0);
	if (!a)
		return -1;
	char *parts[8];
	int n = org_list_split(a, raw ? raw : "", parts, 8), rc = 0;
	int fields[ORG_FIELDS_MAX], nf = 0;
	if (n > ORG_FIELDS_MAX) {
		*err = N_("Choose at most 3 activity fields.");
		rc = -1;
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		int k = org_npo_field_parse(parts[i]);
		if (!k) {
			*err = N_("Unknown activity field: use the numbers 1 to 20 of the NPO law or their names.");
			rc = -1;
		}
		for (int j = 0; rc == 0 && j < nf; j++)
			if (fields[j] == k) {
				*err = N_("An activity field is listed twice.");
				rc = -1;
			}
		if (rc == 0)
			fields[nf++] = k;
	}
	if (rc == 0) {
		memcpy(o->fields, fields, sizeof fields);
		o->nfields = nf;
	}
	arena_free(a);
	return rc;
}

int org_set_areas(struct store *st, struct arena *a, struct org *o, const char *raw, const char **err)
{
	char *parts[ORG_AREAS_MAX + 1];
	int n = org_list_split(a, raw ? raw : "", parts, ORG_AREAS_MAX);
	if (n > ORG_AREAS_MAX) {
		*err = N_("Too many activity areas.");
		return -1;
	}
	long long ids[ORG_AREAS_MAX];
	for (int i = 0; i < n; i++) {
		long long id = 0;
		int rc = org_find_one(st, STMT_AREA_BY_NAME, parts[i], NULL, &id);
		if (rc < 0)
			return rc;
		if (!id) {
			*err = N_("Unknown activity area: use the names of the city's areas.");
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (ids[j] == id) {
				*err = N_("An activity area is listed twice.");
				return -1;
			}
		ids[i] = id;
	}
	for (int i = 0; i < n; i++) {
		o->area_ids[i] = ids[i];
		o->area_names[i] = parts[i];
	}
	o->nareas = n;
	return 0;
}

int org_set_public(struct org *o, const char *raw, const char **err)
{
	struct arena *a = arena_new(0);
	if (!a)
		return -1;
	char *parts[16];
	int n = org_list_split(a, raw ? raw : "", parts, 16), rc = 0;
	unsigned mask = 0;
	if (n > 16) {
		*err = N_("Too many values in the list.");
		rc = -1;
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		unsigned bit = 0;
		for (const struct org_pub_item *p = org_pub_items; p->label && !bit; p++)
			if (strcmp(p->label, parts[i]) == 0)
				bit = p->bit;
		if (!bit) {
			*err = N_("Unknown public item: use 代表者, 連絡担当者, 郵便番号, 住所, 電話番号, FAX番号 or メール.");
			rc = -1;
		}
		mask |= bit;
	}
	if (rc == 0)
		o->public_mask = mask;
	arena_free(a);
	return rc;
}

char *org_npo_fields_text(struct arena *a, const struct org *o)
{
	char out[ORG_FIELDS_MAX * 4 + 1] = "";
	size_t l = 0;
	for (int i = 0; i < o->nfields; i++)
		l += (size_t)snprintf(out + l, sizeof out - l, "%s%d", i ? ";" : "", o->fields[i]);
	return arena_strdup(a, out);
}

char *org_areas_text(struct arena *a, const struct org *o)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < o->nareas; i++)
		buf_printf(&b, "%s%s", i ? ";" : "", o->area_names[i]);
	char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

char *org_public_text(struct arena *a, const struct org *o)
{
	struct buf b;
	buf_init(&b);
	for (const struct org_pub_item *p = org_pub_items; p->label; p++)
		if (o->public_mask & p->bit)
			buf_printf(&b, "%s%s", b.len ? ";" : "", p->label);
	char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Every whole-record rule: fn(arg, field, msgid) for each problem. Returns how many. */
static int org_check_each(const struct org *o, void (*fn)(void *arg, int field, const char *msgid), void *arg)
{
	static const struct { enum org_field f; const char *msgid; } required[] = {
		{ ORG_F_KIND, N_("Choose the kind of group.") },
		{ ORG_F_NAME, N_("Write the group's name.") },
		{ ORG_F_KANA, N_("Write the reading of the name in katakana.") },
		{ ORG_F_STATUS, N_("Choose a status: 活動中, 休止 or 解散.") },
	};
	int n = 0;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!o->v[required[i].f] || !*o->v[required[i].f]) {
			fn(arg, (int)required[i].f, required[i].msgid);
			n++;
		}
	if (o->v[ORG_F_MEMBERS] && *o->v[ORG_F_MEMBERS] && o->v[ORG_F_MEMBERS_IN_CITY] &&
	    *o->v[ORG_F_MEMBERS_IN_CITY] && atoll(o->v[ORG_F_MEMBERS_IN_CITY]) > atoll(o->v[ORG_F_MEMBERS])) {
		fn(arg, ORG_F_MEMBERS_IN_CITY, N_("Members in the city cannot be more than all members."));
		n++;
	}
	return n;
}

struct org_first { const char *err; int bad; };
static void org_first_problem(void *arg, int field, const char *msgid)
{
	struct org_first *f = arg;
	if (!f->err) {
		f->err = msgid;
		f->bad = field;
	}
}

int org_check(const struct org *o, const char **err, int *bad)
{
	struct org_first f = { NULL, -1 };
	org_check_each(o, org_first_problem, &f);
	*bad = f.bad;
	if (!f.err)
		return 0;
	*err = f.err;
	return -1;
}

static void org_add_problem(void *arg, int field, const char *msgid)
{
	struct problems *ps = arg;
	const char *key = org_field_specs[field].key;
	if (!problems_of(ps, key))	/* a field already refused keeps its own message */
		problems_add(ps, key, msgid);
}

int org_check_all(const struct org *o, struct problems *ps)
{
	return org_check_each(o, org_add_problem, ps);
}

/* ---- JSON ---- */

void *org_to_json(const struct org *o, int public_only)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "id", json_integer(o->id));
	for (int f = 0; f < ORG_F__MAX; f++) {
		if (public_only && !org_field_public(o, (enum org_field)f))
			continue;
		const char *v = o->v[f] ? o->v[f] : "";
		if (org_field_specs[f].type == ORG_T_COUNT && *v)
			json_object_set_new(j, org_field_specs[f].key, json_integer(atoll(v)));
		else
			json_object_set_new(j, org_field_specs[f].key, json_string(v));
	}
	const struct org_kind *k = org_kind_find(o->v[ORG_F_KIND]);
	json_object_set_new(j, "kind_label", json_string(k ? k->label : ""));
	json_t *fields = json_array(), *areas = json_array();
	for (int i = 0; i < o->nfields; i++)
		json_array_append_new(fields, json_integer(o->fields[i]));
	for (int i = 0; i < o->nareas; i++)
		json_array_append_new(areas, json_string(o->area_names[i] ? o->area_names[i] : ""));
	json_object_set_new(j, "fields", fields);
	json_object_set_new(j, "areas", areas);
	json_object_set_new(j, "confirmed_at", json_string(o->confirmed_at ? o->confirmed_at : ""));
	if (!public_only) {
		json_t *pub = json_array();
		for (const struct org_pub_item *p = org_pub_items; p->label; p++)
			if (o->public_mask & p->bit)
				json_array_append_new(pub, json_string(p->label));
		json_object_set_new(j, "public", pub);
		json_object_set_new(j, "review", json_string(org_review_codes[o->review]));
		json_object_set_new(j, "review_comment", json_string(o->review_comment ? o->review_comment : ""));
		if (o->department_id)
			json_object_set_new(j, "department_id", json_integer(o->department_id));
	}
	return j;
}

static char *org_json_text(struct arena *a, const struct org *o)
{
	json_t *j = org_to_json(o, 0);
	if (!j)
		return NULL;
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	char *r = s ? arena_strdup(a, s) : NULL;
	free(s);
	return r;
}

/* ---- writers ---- */

void org_now(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int org_may_create(const struct actor *who, unsigned flags)
{
	return (flags & ORG_SAVE_APPLICATION) || who->role == ROLE_ADMIN || who->role == ROLE_COORDINATOR;
}

/* Is the registration number taken by another record? 1 yes, 0 no, < 0 store_rc. */
static int org_reg_number_taken(struct store *st, const char *number, long long id)
{
	if (!number || !*number)
		return 0;
	struct stmt *s = store_prepare(st, STMT_ORG_REG_NUMBER_TAKEN);
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, number);
	stmt_bind_int(s, 2, id);
	int rc = stmt_step(s);
	stmt_reset(s);
	return rc;
}

int org_kind_refused(const struct actor *who, const char *kind, const char *old_kind)
{
	const struct org_kind *k = org_kind_find(kind);
	if (who->role == ROLE_ADMIN || who->role == ROLE_COORDINATOR || !k || k->cat != ORG_CAT_CITY)
		return 0;
	return !old_kind || strcmp(old_kind, kind) != 0;
}

static void org_bind_fields(struct stmt *s, const struct org *o)
{
	for (int f = 0; f < ORG_F__MAX; f++)
		stmt_bind_text(s, 2 + f, o->v[f] ? o->v[f] : "");
	stmt_bind_int(s, 28, o->department_id);
	stmt_bind_int(s, 29, (long long)o->public_mask);
}

/* The record's activity fields and areas; a new record (fresh) has none to clear. */
static int org_write_lists(struct store *st, const struct org *o, int fresh)
{
	struct stmt *s;
	int rc;
	if (!fresh) {
		if (!(s = store_prepare(st, STMT_ORG_FIELDS_CLEAR)))
			return STORE_ERR;
		stmt_bind_int(s, 1, o->id);
		if ((rc = stmt_exec(s)) != 0)
			return rc;
		if (!(s = store_prepare(st, STMT_ORG_AREAS_CLEAR)))
			return STORE_ERR;
		stmt_bind_int(s, 1, o->id);
		if ((rc = stmt_exec(s)) != 0)
			return rc;
	}
	for (int i = 0; i < o->nfields; i++) {
		if (!(s = store_prepare(st, STMT_ORG_FIELD_ADD)))
			return STORE_ERR;
		stmt_bind_int(s, 1, o->id);
		stmt_bind_int(s, 2, o->fields[i]);
		stmt_bind_int(s, 3, i);
		if ((rc = stmt_exec(s)) != 0)
			return rc;
	}
	for (int i = 0; i < o->nareas; i++) {
		if (!(s = store_prepare(st, STMT_ORG_AREA_ADD)))
			return STORE_ERR;
		stmt_bind_int(s, 1, o->id);
		stmt_bind_int(s, 2, o->area_ids[i]);
		if ((rc = stmt_exec(s)) != 0)
			return rc;
	}
	return 0;
}

static int org_exec_id(struct store *st, enum stmt_id sid, long long id)
{
	struct stmt *s = store_prepare(st, sid);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	return stmt_exec(s);
}

/* The index entry of record id, with the values the row holds now (before a change). */
static int org_index_remove(struct store *st, long long id) { return org_exec_id(st, STMT_ORG_FTS_REMOVE_ROW, id); }

/* The index entry of record id, from the row as it is now (after a change). */
static int org_index_add(struct store *st, long long id) { return org_exec_id(st, STMT_ORG_FTS_ADD_ROW, id); }

/* The record's search tags (org.h): its filters as words of the index. */
static char *org_tags_text(struct arena *a, const struct org *o)
{
	char t[64];
	struct buf b;
	buf_init(&b);
	if (o->review != ORG_APPROVED || strcmp(o->v[ORG_F_STATUS], org_status_codes[ORG_DISSOLVED]) == 0)
		buf_puts(&b, ORG_TAG_HIDDEN " ");
	if (*o->v[ORG_F_RECRUITING])
		buf_puts(&b, ORG_TAG_RECRUITING " ");
	org_tag_kind(t, sizeof t, o->v[ORG_F_KIND]);
	buf_puts(&b, t);
	for (int i = 0; i < o->nfields; i++) {
		org_tag_field(t, sizeof t, o->fields[i]);
		buf_printf(&b, " %s", t);
	}
	for (int i = 0; i < o->nareas; i++) {
		org_tag_area(t, sizeof t, o->area_ids[i]);
		buf_printf(&b, " %s", t);
	}
	char *s = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The record's extra text of the index (org_index.h) written to its row. */
static int org_extra_set(struct store *st, struct arena *a, const struct org_variants *v, const struct org *o)
{
	char *extra = org_index_extra(a, v, o);
	struct stmt *s = extra ? store_prepare(st, STMT_ORG_EXTRA_SET) : NULL;
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, o->id);
	stmt_bind_text(s, 2, extra);
	return stmt_exec(s);
}

/* The extra text of o as the city's variant list has it now, written to its row. */
static int org_extra_write(struct store *st, struct arena *a, const struct org *o)
{
	struct org_variants *v;
	int rc = org_variants_load(st, a, &v);
	return rc ? rc : org_extra_set(st, a, v, o);
}

/* The stored record's tags and extra text recomputed and its index entry renewed. */
static int org_retag(struct store *st, struct arena *a, const struct org_variants *v, long long id, int in_index)
{
	struct org o;
	int rc = in_index ? org_index_remove(st, id) : 0;
	if (rc == 0)
		rc = org_get(st, a, id, &o);
	char *tags = rc == 0 ? org_tags_text(a, &o) : NULL;
	if (rc == 0 && !tags)
		rc = STORE_ERR;
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ORG_TAGS_SET) : NULL;
	if (rc == 0 && !s)
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, id);
		stmt_bind_text(s, 2, tags);
		rc = stmt_exec(s);
	}
	if (rc == 0)
		rc = org_extra_set(st, a, v, &o);
	return rc == 0 && in_index ? org_index_add(st, id) : rc;
}

int org_reindex(struct store *st, long long id)
{
	struct arena *a = arena_new(0);
	struct org_variants *v;
	int rc = a ? org_variants_load(st, a, &v) : STORE_ERR;
	if (rc == 0)
		rc = org_retag(st, a, v, id, 1);
	arena_free(a);
	return rc;
}

static int org_id_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	*(long long *)elem = stmt_int(s, 0);
	return 0;
}

int org_retag_all(struct store *st)
{
	struct arena *a = arena_new(0), *ra = NULL;
	struct store_list l;
	struct org_variants *v;
	int rc = a ? org_variants_load(st, a, &v) : STORE_ERR;
	if (rc == 0)
		rc = store_list_read(st, a, STMT_ORG_IDS, NULL, 0, sizeof(long long), org_id_row, NULL, &l);
	if (rc == 0)
		rc = store_begin(st);
	if (rc == 0) {
		const long long *ids = l.rows;
		for (int i = 0; rc == 0 && i < l.n; i++) {
			if (i % 256 == 0) {	/* memory bounded whatever the number of records */
				arena_free(ra);
				if (!(ra = arena_new(0)))
					rc = STORE_ERR;
			}
			if (rc == 0)
				rc = org_retag(st, ra, v, ids[i], 0);
		}
		if (rc == 0)
			rc = org_fts_rebuild(st);
		if (rc == 0)
			rc = org_public_all_changed(st);
		if (rc != 0)
			store_rollback(st);
		else
			rc = store_commit(st);
	}
	arena_free(ra);
	arena_free(a);
	return rc;
}

long long org_create(struct store *st, const struct actor *who, struct org *o, unsigned flags, const char **err)
{
	int bad;
	if (!org_may_create(who, flags)) {
		*err = N_("Only the center can register a group directly.");
		return -1;
	}
	if (flags & ORG_SAVE_APPLICATION) {
		o->review = ORG_APPLIED;
		o->v[ORG_F_REG_NUMBER] = o->v[ORG_F_REG_DATE] = "";
		o->v[ORG_F_STATUS] = (char *)org_status_codes[ORG_ACTIVE];
		o->department_id = 0;
	}
	if (org_check(o, err, &bad) != 0)
		return -1;
	if (org_kind_refused(who, o->v[ORG_F_KIND], NULL)) {
		*err = N_("Only the center can register a city department.");
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	int rc = store_begin(st);
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	if ((rc = org_reg_number_taken(st, o->v[ORG_F_REG_NUMBER], 0)) == 1) {
		*err = N_("Another group already has this registration number.");
		rc = -1;
	}
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_ORG_INSERT) : NULL;
	if (rc == 0)
		rc = STORE_ERR;
	if (s) {
		org_bind_fields(s, o);
		stmt_bind_text(s, 30, org_review_codes[o->review]);
		/* The center vouches for what it enters; an application is confirmed on approval;
		 * a restored record keeps the dates it had. */
		char now[24];
		org_now(now);
		if (flags & ORG_SAVE_KEEP_DATES) {
			stmt_bind_text(s, 31, o->confirmed_at && *o->confirmed_at ? o->confirmed_at : NULL);
			stmt_bind_text(s, 33, o->confirm_requested_at && *o->confirm_requested_at ? o->confirm_requested_at : NULL);
		} else {
			stmt_bind_text(s, 31, o->review == ORG_APPROVED ? now : NULL);
			stmt_bind_null(s, 33);
		}
		char *tags = org_tags_text(a, o);
		stmt_bind_text(s, 32, tags ? tags : "");
		rc = tags ? stmt_exec(s) : STORE_ERR;
	}
	if (rc == STORE_CONSTRAINT) {
		*err = N_("Another group already has this corporate number.");
		rc = -1;
	}
	if (rc == 0) {
		o->id = store_last_id(st);
		rc = org_write_lists(st, o, 1);
	}
	if (rc == 0)
		rc = org_extra_write(st, a, o);
	if (rc == 0 && !(flags & ORG_SAVE_BULK))
		rc = org_index_add(st, o->id);
	if (rc == 0 && !(flags & ORG_SAVE_BULK)) {	/* a bulk import counts everything once at its end */
		struct org_public none = { .exists = 0 };
		rc = org_public_end(st, a, o->id, &none);
	}
	if (rc == 0 && (flags & ORG_SAVE_NO_AUDIT)) {
		/* the caller writes its event's one row (org_audit_event) */
	} else if (rc == 0 && (flags & ORG_SAVE_BULK)) {
		/* A bulk import's creations are audited without their values: the record as
		 * imported is the row itself until its next change, whose audit row keeps it as
		 * the values before. Writing 100,000 copies took half of an import's time. */
		rc = audit_record(st, who, "import", "org", o->id, NULL, NULL);
	} else if (rc == 0) {
		char *after = org_json_text(a, o);
		rc = after ? audit_record(st, who, (flags & ORG_SAVE_APPLICATION) ? "apply" : "create", "org", o->id,
					  NULL, after)
			   : STORE_ERR;
	}
	arena_free(a);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	rc = store_commit(st);
	return rc == 0 ? o->id : rc;
}

int org_update(struct store *st, const struct actor *who, const struct org *o_in, unsigned flags, const char **err)
{
	int bad;
	struct org o = *o_in, old;
	if (org_check(&o, err, &bad) != 0)
		return -1;
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	int rc = store_begin(st);
	if (rc != 0) {
		arena_free(a);
		return rc;
	}
	rc = org_get(st, a, o.id, &old);
	if (rc == 0 && who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR) {
		if (who->role != ROLE_GROUP || who->org_id != o.id) {
			*err = N_("You may change only your own group.");
			rc = -1;
		} else {
			for (int f = 0; f < ORG_F__MAX; f++)
				if (org_field_specs[f].center_only)
					o.v[f] = old.v[f];
			o.department_id = old.department_id;
			if (org_kind_refused(who, o.v[ORG_F_KIND], old.v[ORG_F_KIND])) {
				*err = N_("Only the center can register a city department.");
				rc = -1;
			}
		}
	}
	if (rc == 0 && strcmp(o.v[ORG_F_REG_NUMBER], old.v[ORG_F_REG_NUMBER]) != 0 &&
	    (rc = org_reg_number_taken(st, o.v[ORG_F_REG_NUMBER], o.id)) == 1) {
		*err = N_("Another group already has this registration number.");
		rc = -1;
	}
	struct stmt *s = NULL;
	if (rc == 0 && !(flags & ORG_SAVE_BULK))
		rc = org_index_remove(st, o.id);	/* with the values the row holds until the update */
	if (rc == 0 && (s = store_prepare(st, STMT_ORG_UPDATE)) == NULL)
		rc = STORE_ERR;
	if (rc == 0) {
		o.review = old.review;	/* review decisions are not this writer's */
		char *tags = org_tags_text(a, &o);
		stmt_bind_int(s, 1, o.id);
		org_bind_fields(s, &o);
		stmt_bind_text(s, 30, tags ? tags : "");
		rc = tags ? stmt_exec(s) : STORE_ERR;
		if (rc == STORE_CONSTRAINT) {
			*err = N_("Another group already has this corporate number.");
			rc = -1;
		}
	}
	if (rc == 0)
		rc = org_write_lists(st, &o, 0);
	if (rc == 0)
		rc = org_extra_write(st, a, &o);
	if (rc == 0 && !(flags & ORG_SAVE_BULK)) {
		rc = org_index_add(st, o.id);
		if (rc == 0) {
			struct org_public before;
			org_public_of(&old, &before);
			rc = org_public_end(st, a, o.id, &before);
		}
	}
	if (rc == 0 && !(flags & ORG_SAVE_NO_AUDIT)) {	/* else the caller's event has one row */
		o.review = old.review;
		o.review_comment = old.review_comment;
		o.confirmed_at = old.confirmed_at;
		char *before = org_json_text(a, &old), *after = org_json_text(a, &o);
		rc = before && after ? audit_record(st, who, "update", "org", o.id, before, after) : STORE_ERR;
	}
	arena_free(a);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

static int org_same_list(const int *x, int nx, const int *y, int ny)
{
	if (nx != ny)
		return 0;
	for (int i = 0; i < nx; i++) {
		int found = 0;
		for (int k = 0; k < ny; k++)
			found |= x[i] == y[k];
		if (!found)
			return 0;
	}
	return 1;
}

int org_values_differ(const struct org *x, const struct org *y)
{
	for (int f = 0; f < ORG_F__MAX; f++)
		if (strcmp(x->v[f] ? x->v[f] : "", y->v[f] ? y->v[f] : "") != 0)
			return 1;
	int xa[ORG_AREAS_MAX], ya[ORG_AREAS_MAX];
	for (int i = 0; i < x->nareas; i++)
		xa[i] = (int)x->area_ids[i];
	for (int i = 0; i < y->nareas; i++)
		ya[i] = (int)y->area_ids[i];
	return !org_same_list(x->fields, x->nfields, y->fields, y->nfields) ||
	       !org_same_list(xa, x->nareas, ya, y->nareas) || x->public_mask != y->public_mask ||
	       x->department_id != y->department_id;
}

int org_audit_event(struct store *st, const struct actor *who, const char *action, long long id, const struct org *old,
		    void *extra_before, void *extra_after)
{
	json_t *xb = extra_before, *xa = extra_after;
	struct arena *a = arena_new(0);
	struct org now;
	int rc = a ? org_get(st, a, id, &now) : STORE_ERR;
	json_t *after = rc == 0 ? org_to_json(&now, 0) : NULL, *before = old && rc == 0 ? org_to_json(old, 0) : NULL;
	if (rc == 0 && (!after || (old && !before)))
		rc = STORE_ERR;
	if (rc == 0 && before) {	/* only what changed */
		const char *k;
		json_t *v, *keep = json_object();
		json_object_foreach(after, k, v) {
			if (json_equal(v, json_object_get(before, k)))
				json_object_set_new(keep, k, json_true());
		}
		json_object_foreach(keep, k, v) {
			json_object_del(before, k);
			json_object_del(after, k);
		}
		json_decref(keep);
	}
	if (rc == 0 && xb)
		json_object_update(before ? before : (before = json_object()), xb);
	if (rc == 0 && xa)
		json_object_update(after, xa);
	char *bt = before ? json_dumps(before, JSON_COMPACT) : NULL, *at = after ? json_dumps(after, JSON_COMPACT) : NULL;
	if (rc == 0)
		rc = (before && !bt) || !at ? STORE_ERR : audit_record(st, who, action, "org", id, bt, at);
	free(bt);
	free(at);
	json_decref(before);
	json_decref(after);
	json_decref(xb);
	json_decref(xa);
	arena_free(a);
	return rc;
}

int org_fts_rebuild(struct store *st)
{
	struct stmt *s = store_prepare(st, STMT_ORG_FTS_REBUILD);
	return s ? stmt_exec(s) : STORE_ERR;
}

void org_tag_field(char *out, size_t n, int field) { snprintf(out, n, "xf%dx", field); }
void org_tag_area(char *out, size_t n, long long area_id) { snprintf(out, n, "xa%lldx", area_id); }

void org_tag_kind(char *out, size_t n, const char *kind_code)
{
	size_t o = 0;
	if (n < 4) {
		if (n)
			*out = 0;
		return;
	}
	out[o++] = 'x';
	out[o++] = 'k';
	for (const char *p = kind_code; *p && o + 2 < n; p++)
		if (*p != '_')
			out[o++] = *p;
	out[o++] = 'x';
	out[o] = 0;
}

int org_version_get(struct store *st, long long *version)
{
	long long floor;
	return version_get(st, "dir", version, &floor);
}

int org_version_bump(struct store *st) { return version_bump(st, "dir", 1); }

/* ---- areas ---- */

static int org_area_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct org_area *ar = elem;
	ar->id = stmt_int(s, 0);
	ar->name = stmt_text_dup(s, a, 1);
	ar->kind = stmt_text_dup(s, a, 2);
	ar->pos = (int)stmt_int(s, 3);
	return 0;
}

int org_area_list(struct store *st, struct arena *a, struct org_area **out, int *n)
{
	struct store_list l;
	int rc = store_list_read(st, a, STMT_AREA_LIST, NULL, 0, sizeof **out, org_area_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

long long org_area_add(struct store *st, const struct actor *who, const char *name, const char *kind,
		       const char **err)
{
	if (who->role != ROLE_ADMIN && who->role != ROLE_COORDINATOR) {
		*err = N_("Only the center can change the areas.");
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	char *n = org_trim(a, name ? name : ""), *k = org_trim(a, kind && *kind ? kind : "地区");
	long long id = -1;
	if ((*err = jtext_text_problem(n, 0)) != NULL || (*err = jtext_text_problem(k, 0)) != NULL)
		goto out;
	if (!org_area_name_ok(n) || !k || !*k || org_utf8_chars(k) > 50 || org_has_control(k, 0)) {
		*err = N_("Write the area's name (up to 100 characters, without ; 、 or ,).");
		goto out;
	}
	int rc = store_begin(st);
	if (rc != 0) {
		id = rc;
		goto out;
	}
	struct stmt *s = store_prepare(st, STMT_AREA_INSERT);
	rc = STORE_ERR;
	if (s) {
		stmt_bind_text(s, 1, n);
		stmt_bind_text(s, 2, k);
		rc = stmt_exec(s);
	}
	if (rc == STORE_CONSTRAINT) {
		*err = N_("An area of that name already exists.");
		rc = -1;
	}
	if (rc == 0) {
		id = store_last_id(st);
		json_t *j = json_pack("{s:s, s:s}", "name", n, "kind", k);
		char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
		rc = t ? audit_record(st, who, "create", "area", id, NULL, t) : STORE_ERR;
		free(t);
		json_decref(j);
	}
	if (rc == 0)
		rc = org_version_bump(st);
	if (rc != 0) {
		store_rollback(st);
		id = rc;
	} else if ((rc = store_commit(st)) != 0) {
		id = rc;
	}
out:
	arena_free(a);
	return id;
}
