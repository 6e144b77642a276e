/* page_org: the online application (/register), the applicant's own pages while the
 * application waits (/register/status), and a group's own profile (/my/group: its
 * record with private values, the edit form, the pending change and the center's last
 * decision, the yearly confirmation, its history) — plus the form and record helpers
 * that page_center.c shares (page_org.h). A group's id always comes from the session,
 * never from the request. */
#include "html/pages.h"
#include "html/page_org.h"
#include "domain/org_confirm.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/when.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "domain/account.h"
#include "domain/wareki.h"
#include "io/csv.h"
#include "util/jtext.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ORG_LOGIN_INPUT_MAX 64
#define ORG_PASSWORD_INPUT_MAX 1024
#define ORG_HISTORY_PAGE 50

static const char *const org_review_msgids[ORG_REVIEW__MAX] = {
	[ORG_APPLIED] = N_("Applied, waiting for review"),
	[ORG_RETURNED] = N_("Sent back for correction"),
	[ORG_APPROVED] = N_("Registered"),
};

const char *org_review_label(enum org_review_state s)
{
	return s < ORG_REVIEW__MAX ? org_review_msgids[s] : "";
}

/* A field's label. "Status" alone is the plan screens' word (施策の実施), so a record's
 * status gets a msgid of its own. */
static const char *org_label(struct req *r, int f)
{
	return T(r, f == ORG_F_STATUS ? N_("Activity status") : org_field_specs[f].label);
}

/* ---- the form ---- */

const char *org_input_name(int at)
{
	static const char *const inputs[ORG_IN__MAX - ORG_F__MAX] = {
		[ORG_IN_LOGIN - ORG_F__MAX] = "login",
		[ORG_IN_PASSWORD - ORG_F__MAX] = "password",
		[ORG_IN_COMMENT - ORG_F__MAX] = "comment",
		[ORG_IN_DECISION - ORG_F__MAX] = "decision",
		[ORG_IN_CHECKLIST - ORG_F__MAX] = "checklist",
		[ORG_IN_NPO_FIELDS - ORG_F__MAX] = "npo",
		[ORG_IN_AREAS - ORG_F__MAX] = "areas",
		[ORG_IN_PUBLIC - ORG_F__MAX] = "pub",
		[ORG_IN_TEXT - ORG_F__MAX] = "text",
	};
	if (at >= 0 && at < ORG_F__MAX)
		return org_field_specs[at].key;
	if (at >= ORG_F__MAX && at < ORG_IN__MAX)
		return inputs[at - ORG_F__MAX];
	return NULL;
}

void org_form_error(struct problems *e, int at, const char *msgid)
{
	problems_add(e, org_input_name(at), msgid);
}

/* Hints by type (English msgids). */
static const char *org_type_hint(enum org_ftype t)
{
	switch (t) {
	case ORG_T_KANA: return N_("Full-width katakana; hiragana is converted.");
	case ORG_T_CORP: return N_("13 digits, for incorporated groups.");
	case ORG_T_DATE: return N_("For example 2015-04-01 or 平成27年4月1日.");
	case ORG_T_COUNT: return N_("A whole number.");
	case ORG_T_URL: return N_("Starting with https://");
	case ORG_T_PHONE: return N_("With the area code, for example 012-345-6789.");
	case ORG_T_POSTAL: return N_("For example 123-4567.");
	default: return NULL;
	}
}

static const char *org_field_hint(enum org_field f, enum org_form_mode mode)
{
	if (f == ORG_F_RECRUITING)
		return N_("What help you are looking for; leave it empty when you are not recruiting.");
	if (f == ORG_F_REG_NUMBER && mode == ORG_FORM_CENTER)
		return N_("Leave it empty on a new record for the next free number, such as R7-001.");
	if (f == ORG_F_REG_DATE && mode == ORG_FORM_CENTER)
		return N_("Leave it empty on a new record for today.");
	return org_type_hint(org_field_specs[f].type);
}

static int org_field_in_mode(enum org_field f, enum org_form_mode mode)
{
	if (org_field_specs[f].center_only)
		return mode == ORG_FORM_CENTER;
	if (f == ORG_F_STATUS)
		return mode != ORG_FORM_APPLY;
	return 1;
}

/* Options of the kind select: the city's departments are entered by the center. */
static int org_kind_options(struct req *r, enum org_form_mode mode, struct form_ui_option **out)
{
	struct form_ui_option *o = arena_alloc(r->a, (size_t)(org_nkinds ? org_nkinds : 1) * sizeof *o);
	int n = 0;
	for (int c = 0; o && c < ORG_CAT__MAX; c++) {
		if (c == ORG_CAT_CITY && mode == ORG_FORM_APPLY)
			continue;
		for (int k = 0; k < org_nkinds; k++)
			if (org_kinds[k].cat == (enum org_category)c)
				o[n++] = (struct form_ui_option){ org_kinds[k].code, org_kinds[k].label, org_category_labels[c] };
	}
	*out = o;
	return o ? n : 0;
}

static void org_control(struct form_ui *f, const struct org *o, enum org_field f_, enum org_form_mode mode)
{
	struct req *r = f->r;
	const struct org_field_spec *sp = &org_field_specs[f_];
	const char *hint = org_field_hint(f_, mode);
	struct form_ui_field fd = {
		.name = sp->key,
		.label = org_label(r, f_),
		.hint = hint ? T(r, hint) : NULL,
		.value = o->v[f_] ? o->v[f_] : "",
		.required = f_ == ORG_F_KIND || f_ == ORG_F_NAME || f_ == ORG_F_KANA,
		.maxlength = sp->max_chars + (sp->type == ORG_T_PHONE || sp->type == ORG_T_POSTAL ? 10 : 0),
	};
	switch (sp->type) {
	case ORG_T_INCOME: {
		struct form_ui_choice c[16];
		int n = 0;
		fd.maxlength = 0;
		for (int i = 0; org_income_sources[i] && n < 16; i++, n++)
			c[n] = (struct form_ui_choice){ .label = org_income_sources[i],
							.name = arena_printf(r->a, "%s_%d", sp->key, i),
							.checked = strstr(fd.value, org_income_sources[i]) != NULL };
		form_ui_checkboxes(f, &fd, c, n);
		return;
	}
	case ORG_T_KIND: {
		struct form_ui_option *opts;
		int n = org_kind_options(r, mode, &opts);
		form_ui_select(f, &fd, opts, n, T(r, "Choose"));
		return;
	}
	case ORG_T_AGE: {
		struct form_ui_option opts[16];
		int n = 0;
		for (; org_age_profiles[n] && n < 16; n++)
			opts[n] = (struct form_ui_option){ org_age_profiles[n], org_age_profiles[n], NULL };
		form_ui_select(f, &fd, opts, n, T(r, "Not stated"));
		return;
	}
	case ORG_T_STATUS: {
		struct form_ui_option opts[ORG_STATUS__MAX];
		for (int i = 0; i < ORG_STATUS__MAX; i++)
			opts[i] = (struct form_ui_option){ org_status_codes[i], org_status_labels[i], NULL };
		form_ui_select(f, &fd, opts, ORG_STATUS__MAX, NULL);
		return;
	}
	case ORG_T_LONG:
		fd.rows = 4;
		form_ui_textarea(f, &fd);
		return;
	default:
		break;
	}
	fd.type = sp->type == ORG_T_URL ? FORM_UI_URL : sp->type == ORG_T_EMAIL ? FORM_UI_EMAIL
		  : sp->type == ORG_T_PHONE ? FORM_UI_TEL
		  : sp->type == ORG_T_COUNT || sp->type == ORG_T_CORP || sp->type == ORG_T_POSTAL ? FORM_UI_NUMBER
											  : FORM_UI_TEXT;
	fd.autocomplete = sp->type == ORG_T_POSTAL ? "postal-code"
			  : f_ == ORG_F_NAME	    ? "organization"
			  : f_ == ORG_F_EMAIL	    ? "email"
			  : f_ == ORG_F_ADDRESS	    ? "street-address"
						    : NULL;
	form_ui_text(f, &fd);
}

static int org_has_field(const struct org *o, int n)
{
	for (int i = 0; i < o->nfields; i++)
		if (o->fields[i] == n)
			return 1;
	return 0;
}

static int org_has_area(const struct org *o, long long id)
{
	for (int i = 0; i < o->nareas; i++)
		if (o->area_ids[i] == id)
			return 1;
	return 0;
}

static void org_control_lists(struct form_ui *f, const struct org *o)
{
	struct req *r = f->r;
	struct form_ui_choice npo[ORG_NPO_FIELDS];
	for (int i = 1; i <= ORG_NPO_FIELDS; i++)
		npo[i - 1] = (struct form_ui_choice){ .label = arena_printf(r->a, "%d %s", i, org_npo_fields_short[i]),
						      .name = arena_printf(r->a, "npo_%d", i),
						      .checked = org_has_field(o, i) };
	form_ui_checkboxes(f, &(struct form_ui_field){ .name = "npo", .label = T(r, "Activity fields"),
						       .hint = T(r, "Choose up to 3 of the 20 fields of the NPO law.") },
			   npo, ORG_NPO_FIELDS);

	struct org_area *areas;
	int n = 0;
	if (org_area_list(r->st, r->a, &areas, &n) != 0)
		n = 0;
	struct form_ui_choice *c = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *c);
	if (!c)
		n = 0;
	for (int i = 0; i < n; i++)
		c[i] = (struct form_ui_choice){ .label = areas[i].name, .name = arena_printf(r->a, "area_%lld", areas[i].id),
						.checked = org_has_area(o, areas[i].id) };
	form_ui_checkboxes(f, &(struct form_ui_field){ .name = "areas", .label = T(r, "Activity areas"),
						       .hint = n ? NULL : T(r, "The city has not set its areas yet.") },
			   c, n);
}

static void org_public_switch(struct form_ui *f, const struct org *o, unsigned bit, const char *item)
{
	char name[24];
	snprintf(name, sizeof name, "pub_%u", bit);
	form_ui_checkbox(f, &(struct form_ui_field){ .name = arena_strdup(f->r->a, name),
						     .label = T(f->r, "Show on the public directory"), .context = item },
			 (o->public_mask & bit) != 0);
}

void org_form_fields(struct form_ui *f, const struct org *o, enum org_form_mode mode)
{
	struct req *r = f->r;
	struct buf *b = f->b;
	int contact_intro = 0;
	for (int fi = 0; fi < ORG_F__MAX; fi++) {
		const struct org_field_spec *sp = &org_field_specs[fi];
		if (!org_field_in_mode((enum org_field)fi, mode))
			continue;
		unsigned pub = sp->pub;
		/* contact items: a group of fields with its own public/private switch */
		if (pub != ORG_PUB_ALWAYS && (fi == 0 || org_field_specs[fi - 1].pub != pub)) {
			if (!contact_intro) {
				html_printf(b, "<h2>%s</h2>\n<p class=\"form-hint\" id=\"f-pub\">%s</p>\n", T(r, "Contact"),
					    T(r, "Each item stays private unless you tick “Show on the public directory”. "
						 "The center always sees every item."));
				contact_intro = 1;
			}
			form_ui_group_open(f, org_label(r, fi), NULL);
		}
		org_control(f, o, (enum org_field)fi, mode);
		if (pub != ORG_PUB_ALWAYS && (fi + 1 == ORG_F__MAX || org_field_specs[fi + 1].pub != pub)) {
			int first = fi;
			while (first > 0 && org_field_specs[first - 1].pub == pub)
				first--;
			org_public_switch(f, o, pub, org_label(r, first));
			form_ui_group_close(f);
		}
		if (fi == ORG_F_ACTIVITIES)
			org_control_lists(f, o);
	}
}

void org_form_account(struct form_ui *f, int required)
{
	struct req *r = f->r;
	form_ui_text(f, &(struct form_ui_field){
				.name = "login", .label = T(r, "Login name"), .required = required, .maxlength = 64,
				.hint = T(r, "1 to 64 characters: lower-case letters a-z, digits, '-', '_' or '.'."),
				.autocomplete = "username" });
	form_ui_text(f, &(struct form_ui_field){ .name = "password", .label = T(r, "Password"), .required = required,
						 .hint = T(r, "At least 10 characters."), .type = FORM_UI_PASSWORD,
						 .autocomplete = "new-password" });
	form_ui_text(f, &(struct form_ui_field){ .name = "password2", .label = T(r, "Password again"),
						 .required = required, .type = FORM_UI_PASSWORD,
						 .autocomplete = "new-password" });
}

int org_form_password_pair(struct req *r, struct problems *e)
{
	const char *p1 = req_form(r, "password"), *p2 = req_form(r, "password2");
	int n0 = e->n;
	if (p1 && strlen(p1) > ORG_PASSWORD_INPUT_MAX)
		problems_add(e, "password", N_("The password is too long."));
	else if ((p1 && *p1) && (!p2 || strcmp(p1, p2) != 0))
		problems_add(e, "password2", N_("The two passwords are not the same."));
	return e->n - n0;
}

int org_form_read(struct req *r, struct org *o, enum org_form_mode mode, struct problems *e)
{
	const char *err = NULL;
	int n0 = e->n;
	for (int f = 0; f < ORG_F__MAX; f++) {
		const struct org_field_spec *sp = &org_field_specs[f];
		if (!org_field_in_mode((enum org_field)f, mode))
			continue;
		const char *raw = req_form(r, sp->key);
		struct buf list = BUF_INIT;
		if (sp->type == ORG_T_INCOME) {
			for (int i = 0; org_income_sources[i]; i++) {
				char name[48];
				snprintf(name, sizeof name, "%s_%d", sp->key, i);
				if (req_form(r, name))
					buf_printf(&list, "%s%s", list.len ? ";" : "", org_income_sources[i]);
			}
			raw = arena_strdup(r->a, buf_cstr(&list));
			buf_free(&list);
		}
		if (org_set_field(r->a, o, (enum org_field)f, raw ? raw : "", &err) != 0)
			org_form_error(e, f, err);
	}
	/* the boxes ticked, the record's own order first: the form cannot say an order, so a
	 * save that keeps the same fields keeps their order (and the history no change) */
	char npo[128] = "";
	size_t l = 0;
	int ticked[ORG_NPO_FIELDS + 1] = { 0 };
	for (int i = 1; i <= ORG_NPO_FIELDS; i++) {
		char name[24];
		snprintf(name, sizeof name, "npo_%d", i);
		ticked[i] = req_form(r, name) != NULL;
	}
	for (int k = 0; k < o->nfields; k++)
		if (o->fields[k] >= 1 && o->fields[k] <= ORG_NPO_FIELDS && ticked[o->fields[k]]) {
			l += (size_t)snprintf(npo + l, sizeof npo - l, "%s%d", l ? ";" : "", o->fields[k]);
			ticked[o->fields[k]] = 0;
		}
	for (int i = 1; i <= ORG_NPO_FIELDS; i++)
		if (ticked[i])
			l += (size_t)snprintf(npo + l, sizeof npo - l, "%s%d", l ? ";" : "", i);
	if (org_set_npo_fields(o, npo, &err) != 0)
		org_form_error(e, ORG_IN_NPO_FIELDS, err);
	struct org_area *areas;
	int na = 0;
	struct buf names = BUF_INIT;
	if (org_area_list(r->st, r->a, &areas, &na) == 0)
		for (int i = 0; i < na; i++) {
			char name[40];
			snprintf(name, sizeof name, "area_%lld", areas[i].id);
			if (req_form(r, name))
				buf_printf(&names, "%s%s", names.len ? ";" : "", areas[i].name);
		}
	if (org_set_areas(r->st, r->a, o, buf_cstr(&names), &err) != 0)
		org_form_error(e, ORG_IN_AREAS, err);
	buf_free(&names);
	unsigned mask = 0;
	for (const struct org_pub_item *p = org_pub_items; p->label; p++) {
		char name[24];
		snprintf(name, sizeof name, "pub_%u", p->bit);
		if (req_form(r, name))
			mask |= p->bit;
	}
	o->public_mask = mask;
	org_check_all(o, e);	/* every whole-record rule too, not only when the fields were right */
	return e->n - n0;
}

/* ---- characters the city's other systems may not take ---- */

const enum org_field org_cp932_checked[] = { ORG_F_NAME, ORG_F_KANA, ORG_F_REP_NAME, ORG_F_REP_KANA,
					     ORG_F_CONTACT_NAME, ORG_F_CONTACT_KANA, ORG_F_ADDRESS };
const int org_cp932_nchecked = (int)(sizeof org_cp932_checked / sizeof org_cp932_checked[0]);

void org_cp932_notice(struct req *r, struct buf *b, const struct org *o)
{
	int n = 0;
	for (int i = 0; i < org_cp932_nchecked; i++) {
		enum org_field f = org_cp932_checked[i];
		uint32_t cp;
		if (!o->v[f] || !csv_cp932_first_missing(o->v[f], &cp))
			continue;
		char ch[5] = "", code[16];
		ch[jtext_utf8_encode(cp, ch)] = 0;
		snprintf(code, sizeof code, "U+%04X", (unsigned)cp);
		if (n++ == 0)
			html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p>\n<ul>\n",
				    T(r, "Some characters cannot be written in Shift_JIS (CP932), which the city's other "
					 "systems and Shift_JIS files use: there they may show as 〓. You may keep them or "
					 "write them another way."));
		html_printf(b, "<li>%s: %s (%s)</li>\n", T(r, org_field_specs[f].label), ch, code);
	}
	if (n)
		buf_puts(b, "</ul>\n</div>\n");
}

/* ---- a record for reading ---- */

void org_fact_value(struct req *r, struct buf *b, const struct org *o, enum org_field f)
{
	const char *v = o->v[f] ? o->v[f] : "";
	switch (org_field_specs[f].type) {
	case ORG_T_KIND: {
		const struct org_kind *k = org_kind_find(v);
		html_printf(b, "%s", k ? k->label : v);
		break;
	}
	case ORG_T_STATUS:
		html_printf(b, "%s", org_status_label_of(v) ? org_status_label_of(v) : v);
		break;
	case ORG_T_DATE:
		when_html(r, b, v);
		break;
	case ORG_T_LONG:
		html_text_br(b, v);
		break;
	case ORG_T_INCOME: {
		/* stored ';'-separated; shown with the Japanese list separator */
		for (const char *p = v; *p;) {
			const char *sc = strchr(p, ';');
			size_t len = sc ? (size_t)(sc - p) : strlen(p);
			html_escn(b, p, len);
			if (sc)
				buf_puts(b, "、");
			p += len + (sc ? 1 : 0);
		}
		break;
	}
	default:
		html_printf(b, "%s", v);
	}
}

void org_facts(struct req *r, struct buf *b, const struct org *o, int marks)
{
	buf_puts(b, "<dl class=\"facts\">\n");
	for (int f = 0; f < ORG_F__MAX; f++) {
		const struct org_field_spec *sp = &org_field_specs[f];
		html_printf(b, "<dt>%s</dt><dd>", org_label(r, f));
		if (o->v[f] && *o->v[f])
			org_fact_value(r, b, o, (enum org_field)f);
		else
			buf_puts(b, "—");
		if (marks && sp->pub != ORG_PUB_ALWAYS)
			html_printf(b, " <span class=\"hint\">(%s)</span>",
				    (o->public_mask & sp->pub) ? T(r, "shown in the directory") : T(r, "private"));
		buf_puts(b, "</dd>\n");
		if (f == ORG_F_ACTIVITIES) {
			html_printf(b, "<dt>%s</dt><dd>", T(r, "Activity fields"));
			for (int i = 0; i < o->nfields; i++)
				html_printf(b, "%S%s", i ? "、" : "", org_npo_fields_short[o->fields[i]]);
			if (!o->nfields)
				buf_puts(b, "—");
			html_printf(b, "</dd>\n<dt>%s</dt><dd>", T(r, "Activity areas"));
			for (int i = 0; i < o->nareas; i++)
				html_printf(b, "%S%s", i ? "、" : "", o->area_names[i]);
			if (!o->nareas)
				buf_puts(b, "—");
			buf_puts(b, "</dd>\n");
		}
	}
	buf_puts(b, "</dl>\n");
}

/* ---- a pending change ---- */

static void org_fields_text(struct buf *b, const struct org *o)
{
	for (int i = 0; i < o->nfields; i++)
		html_printf(b, "%S%s", i ? "、" : "", org_npo_fields_short[o->fields[i]]);
	if (!o->nfields)
		buf_puts(b, "—");
}

static void org_areas_text_html(struct buf *b, const struct org *o)
{
	for (int i = 0; i < o->nareas; i++)
		html_printf(b, "%S%s", i ? "、" : "", o->area_names[i]);
	if (!o->nareas)
		buf_puts(b, "—");
}

void org_change_table(struct req *r, struct buf *b, const struct org *cur, const struct org_change *c,
		      const char *caption)
{
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
		    caption, T(r, "Item"), T(r, "Now"), T(r, "Proposed"));
	for (int f = 0; f < ORG_F__MAX; f++) {
		if (!c->pending[f])
			continue;
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", org_label(r, f));
		if (*cur->v[f])
			org_fact_value(r, b, cur, (enum org_field)f);
		buf_puts(b, "</td><td>");
		if (*c->proposed.v[f])
			org_fact_value(r, b, &c->proposed, (enum org_field)f);
		else
			html_printf(b, "(%s)", T(r, "empty"));
		buf_puts(b, "</td></tr>\n");
	}
	if (c->fields_pending) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", T(r, "Activity fields"));
		org_fields_text(b, cur);
		buf_puts(b, "</td><td>");
		org_fields_text(b, &c->proposed);
		buf_puts(b, "</td></tr>\n");
	}
	if (c->areas_pending) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", T(r, "Activity areas"));
		org_areas_text_html(b, cur);
		buf_puts(b, "</td><td>");
		org_areas_text_html(b, &c->proposed);
		buf_puts(b, "</td></tr>\n");
	}
	for (const struct org_pub_item *p = org_pub_items; p->label; p++)
		if (c->public_on & p->bit)
			html_printf(b, "<tr><th scope=\"row\">%s: %s</th><td>%s</td><td>%s</td></tr>\n",
				    T(r, "Public items"), p->label, T(r, "private"), T(r, "shown in the directory"));
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

/* ---- history ---- */

struct org_label { const char *key, *msgid; };
static const struct org_label org_history_keys[] = {
	{ "fields", N_("Activity fields") },
	{ "areas", N_("Activity areas") },
	{ "public", N_("Public items") },
	{ "review", N_("Registration state") },
	{ "review_comment", N_("Comment from the center") },
	{ "comment", N_("Comment") },
	{ "confirmed_at", N_("Last confirmed") },
	{ "checklist", N_("Checklist (ticked / all)") },
	{ "account", N_("Group account") },
	{ "disabled", N_("Account disabled") },
	{ "change", N_("Change number") },
	{ NULL, NULL },
};
static const struct org_label org_history_actions[] = {
	{ "apply", N_("Applied") },
	{ "create", N_("Entered by the center") },
	{ "import", N_("Imported") },
	{ "update", N_("Changed") },
	{ "return", N_("Sent back") },
	{ "resubmit", N_("Sent again") },
	{ "approve", N_("Approved") },
	{ "register", N_("Registration number given") },
	{ "add-account", N_("Account added") },
	{ "submit-change", N_("Change sent for the center's review") },
	{ "withdraw-change", N_("Pending change withdrawn") },
	{ "approve-change", N_("Change published") },
	{ "reject-change", N_("Change not published") },
	{ "confirm", N_("Data confirmed") },
	{ NULL, NULL },
};

static const char *org_label_of(struct req *r, const struct org_label *t, const char *key)
{
	for (; t->key; t++)
		if (strcmp(t->key, key) == 0)
			return T(r, t->msgid);
	return NULL;
}

static void org_history_value(struct req *r, struct buf *b, const char *key, const char *v)
{
	if (!v || !*v)
		buf_puts(b, "—");
	else if (strcmp(key, "confirmed_at") == 0 || strcmp(key, "confirm_requested_at") == 0 ||
		 (org_field_find(key) >= 0 && org_field_specs[org_field_find(key)].type == ORG_T_DATE))
		when_html(r, b, v);	/* dates as every page shows them: 和暦 (西暦) */
	else if (org_field_find(key) >= 0 && org_field_specs[org_field_find(key)].type == ORG_T_INCOME) {
		for (const char *p = v; *p;) {	/* stored ';'-separated: the Japanese list separator */
			const char *sc = strchr(p, ';');
			size_t len = sc ? (size_t)(sc - p) : strlen(p);
			html_escn(b, p, len);
			if (sc)
				buf_puts(b, "、");
			p += len + (sc ? 1 : 0);
		}
	} else
		html_text_br(b, v);
}

void org_history_table(struct req *r, struct buf *b, const struct org_history_entry *h, int n, const char *caption)
{
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No entries."));
		return;
	}
	html_printf(b,
		    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
		    caption, T(r, "Time"), T(r, "By"), T(r, "What"), T(r, "Changes (before → after)"));
	for (int i = 0; i < n; i++) {
		const struct org_history_entry *e = &h[i];
		const char *what = org_label_of(r, org_history_actions, e->action);
		buf_puts(b, "<tr><th scope=\"row\">");
		when_html(r, b, e->at);
		html_printf(b, "</th><td>%s</td><td>%s</td><td>", page_actor_text(r, e->actor), what ? what : e->action);
		if (e->ndiffs) {
			buf_puts(b, "<ul class=\"changes\">\n");
			for (int k = 0; k < e->ndiffs; k++) {
				const struct org_history_diff *d = &e->diffs[k];
				int f = org_field_find(d->key);
				const char *label = f >= 0 ? org_label(r, f)
							   : org_label_of(r, org_history_keys, d->key);
				html_printf(b, "<li><strong>%s</strong>: ", label ? label : d->key);
				org_history_value(r, b, d->key, d->before);
				buf_puts(b, " → ");
				org_history_value(r, b, d->key, d->after);
				buf_puts(b, "</li>\n");
			}
			buf_puts(b, "</ul>");
		}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

/* ---- the application ---- */

/* A browser sends Origin with every cross-site POST; when present it must name this host.
 * The application and the applicant's sign-in have no session token yet. */
static int reg_same_origin(struct req *r)
{
	const char *origin = req_header(r, "Origin"), *host = req_header(r, "Host");
	if (!origin)
		return 1;
	const char *rest = strstr(origin, "://");
	return host && rest && strcmp(rest + 3, host) == 0;
}

static void reg_form_page(struct req *r, struct resp *o, const struct org *rec, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Apply to register a group"));
	o->status = status;
	o->cache_control = "no-store";
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.csrf = NULL;	/* no session yet: the Origin header guards this form */
	form_ui_summary(&f);
	html_printf(b, "<p class=\"lead\">%s</p>\n<p>%s <a href=\"/register/status\">%s</a></p>\n",
		    T(r, "Citizen groups, community organisations, businesses and schools that work for the city "
			 "can register at the civic activity center. The center reviews each application against the "
			 "city's rules and answers within a few weeks."),
		    T(r, "Already applied?"), T(r, "See your application"));
	form_ui_required_note(&f);
	form_ui_open(&f, "/register", NULL);
	html_printf(b, "<h2>%s</h2>\n", T(r, "The group"));
	org_form_fields(&f, rec, ORG_FORM_APPLY);
	html_printf(b, "<h2>%s</h2>\n<p class=\"form-hint\">%s</p>\n", T(r, "Your group's account"),
		    T(r, "With this login name and password you can follow your application and, once registered, "
			 "keep your group's page up to date."));
	org_form_account(&f, 1);
	/* a field people never see: robots that fill in every input give themselves away */
	html_printf(b, "<div hidden><label for=\"f-homepage\">%s</label>"
		       "<input type=\"text\" id=\"f-homepage\" name=\"homepage\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n",
		    T(r, "Leave this empty"));
	form_ui_submit(&f, T(r, "Send the application"), NULL, NULL);
	form_ui_close(&f);
	layout_end(r, o);
}

static int reg_get(struct req *r, struct resp *o)
{
	struct org rec;
	org_init(&rec);
	reg_form_page(r, o, &rec, NULL);
	return 0;
}

/* The applicant's own session cookie: the session row of the disabled account, under
 * another cookie name and only for /register. */
static const char *reg_cookie(struct req *r, const char *session_cookie)
{
	const char *rest = strchr(session_cookie, '=');
	const char *tail = rest ? strstr(rest, ";") : NULL;
	const char *attrs = tail ? strstr(tail, "; Max-Age") : NULL;
	if (!rest || !tail || !attrs)
		return NULL;
	return arena_printf(r->a, ORG_APPLICANT_COOKIE "=%.*s; Path=/register%s", (int)(tail - rest - 1), rest + 1,
			    attrs);
}

static int reg_start_session(struct req *r, struct resp *o, long long user_id)
{
	const char *cookie, *csrf;
	int rc = session_create(r->st, r->a, user_id, &cookie, &csrf);
	if (rc < 0)
		return rc;
	const char *mine = reg_cookie(r, cookie);
	if (!mine)
		return STORE_ERR;
	resp_add_cookie(o, mine);
	return 0;
}

static int reg_post(struct req *r, struct resp *o)
{
	if (!reg_same_origin(r))
		return resp_error(r, o, 403, "This form must be sent from this site.");
	const char *hp = req_form(r, "homepage");
	if (hp && *hp) {
		resp_redirect(o, "/register/thanks");
		return 0;
	}
	struct org rec;
	struct problems e = { 0 };
	org_init(&rec);
	/* every problem of the form at once: the record, the account, the second password */
	org_form_read(r, &rec, ORG_FORM_APPLY, &e);
	const char *login = req_form(r, "login"), *pw = req_form(r, "password");
	org_account_check_all(login, pw, &e);
	org_form_password_pair(r, &e);
	if (e.n == 0) {
		const char *err = NULL;
		int bad = -1;
		/* "this login name is taken" tells anyone that the name exists: such answers to
		 * one address are counted (before asking, so parallel posts cannot pass) */
		long long probe = 0;
		int rc = throttle_event_reserve(r->st, "register-login", r->client_key, ORG_LOGIN_PROBES_PER_HOUR, 3600,
						&probe);
		if (rc < 0)
			return resp_store_error(r, o, rc);
		if (rc > 0) {
			org_form_error(&e, ORG_IN_LOGIN, N_("You have tried many login names that are taken. Please try "
							   "again in an hour, or contact the civic activity center."));
			o->status = 429;
			reg_form_page(r, o, &rec, &e);
			return 0;
		}
		long long id = org_apply(r->st, &r->who, &rec, login ? login : "", pw ? pw : "", &err, &bad);
		if (!(id == -1 && err && strcmp(err, ORG_MSG_LOGIN_TAKEN) == 0) &&
		    (rc = throttle_event_release(r->st, probe)) < 0)
			return resp_store_error(r, o, rc);
		if (id == -1) {
			org_form_error(&e, bad, err);
		} else if (id < 0) {
			return resp_store_error(r, o, (int)id);
		} else {
			struct user u;
			rc = account_user_get(r->st, login, &u) == 0 ? reg_start_session(r, o, u.id) : 0;
			if (rc < 0)
				return resp_store_error(r, o, rc);
			resp_redirect(o, "/register/thanks");
			return 0;
		}
	}
	o->status = 422;
	reg_form_page(r, o, &rec, &e);
	return 0;
}

static int reg_thanks_get(struct req *r, struct resp *o)
{
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Thank you for your application"));
	html_printf(b, "<p class=\"lead\">%s</p>\n<p>%s</p>\n<p><a href=\"/register/status\">%s</a></p>\n",
		    T(r, "The civic activity center has received your application and will review it."),
		    T(r, "You can see the state of your application, read the center's comments and correct it "
			 "with the login name and password you chose. Once the group is registered, the same login "
			 "opens your group's own page."),
		    T(r, "See your application"));
	layout_end(r, o);
	return 0;
}

/* ---- the applicant's pages ---- */

static void reg_login_page(struct req *r, struct resp *o, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Your application"));
	o->status = status;
	o->cache_control = "no-store";
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.csrf = NULL;	/* no session yet: the Origin header guards this form */
	form_ui_summary(&f);
	html_printf(b, "<p>%s</p>\n", T(r, "Sign in with the login name and password you chose when you applied. "
					  "Once your group is registered, log in on the usual login page instead."));
	form_ui_open(&f, "/register/login", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "login", .label = T(r, "Login name"), .required = 1,
						  .maxlength = 64, .autocomplete = "username" });
	form_ui_text(&f, &(struct form_ui_field){ .name = "password", .label = T(r, "Password"), .required = 1,
						  .type = FORM_UI_PASSWORD, .autocomplete = "current-password" });
	form_ui_submit(&f, T(r, "Show my application"), "/login", T(r, "Log in as a registered group"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int reg_login_post(struct req *r, struct resp *o)
{
	const char *login = req_form(r, "login"), *pw = req_form(r, "password");
	if (!reg_same_origin(r))
		return resp_error(r, o, 403, "This form must be sent from this site.");
	if (!login)
		login = "";
	if (!pw)
		pw = "";
	struct problems e = { 0 };
	if (!*login)
		problems_add(&e, "login", N_("Enter your login name."));
	if (!*pw)
		problems_add(&e, "password", N_("Enter your password."));
	if (e.n) {
		o->status = 422;
		reg_login_page(r, o, &e);
		return 0;
	}
	long long uid = 0, attempt = 0;
	int too_long = strlen(login) > ORG_LOGIN_INPUT_MAX || strlen(pw) > ORG_PASSWORD_INPUT_MAX;
	int rc = too_long ? 0 : throttle_reserve(r->st, r->login_limits, login, r->client_key, &attempt);	/* counted before the check */
	if (rc < 0)
		return resp_store_error(r, o, rc);
	if (rc > 0)
		return resp_error(r, o, 429, "Too many failed logins. Please wait 15 minutes and try again.");
	if (too_long || (rc = org_applicant_verify(r->st, login, pw, &uid)) != 0) {
		if (rc < -1)
			return resp_store_error(r, o, rc);
		o->status = 422;
		problems_add(&e, NULL, N_("The login name or the password is not correct, or the group is already "
					  "registered (then use the usual login page)."));
		reg_login_page(r, o, &e);
		return 0;
	}
	if ((rc = throttle_success(r->st, login, r->client_key, attempt)) < 0 || (rc = reg_start_session(r, o, uid)) < 0)
		return resp_store_error(r, o, rc);
	resp_redirect(o, "/register/status");
	return 0;
}

/* The applicant of this request, or 0 (then the sign-in page is due). */
static int reg_applicant(struct req *r, struct resp *o, struct actor *who, const char **csrf)
{
	int rc = org_applicant_lookup(r->st, r->a, req_cookie(r, ORG_APPLICANT_COOKIE), who, csrf);
	if (rc < 0)
		resp_store_error(r, o, rc);
	if (rc > 0) {
		who->address = r->client_ip;	/* audited with the applicant's writes */
		who->address_key = r->client_key;
	}
	return rc;
}

static void reg_status_page(struct req *r, struct resp *o, const struct actor *who, const char *csrf,
			    const struct org *rec, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Your application"));
	o->status = status;
	o->cache_control = "no-store";
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	f.csrf = csrf;	/* the applicant's own session carries the token */
	form_ui_summary(&f);
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "sent") == 0)
		layout_notice(b, T(r, "Your corrected application has been sent to the center."));
	if (!problems_any(e))
		org_cp932_notice(r, b, rec);
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s ",
		    T(r, "Group"), rec->v[ORG_F_NAME], T(r, "Login name"), who->login, T(r, "State"),
		    T(r, org_review_label(rec->review)));
	when_html(r, b, rec->updated_at);
	buf_puts(b, "</dd>\n</dl>\n");
	if (rec->review == ORG_RETURNED) {
		html_printf(b, "<div class=\"notice\" role=\"status\"><h2>%s</h2>\n<p>", T(r, "Comment from the center"));
		html_text_br(b, rec->review_comment);
		html_printf(b, "</p>\n<p>%s</p></div>\n", T(r, "Please correct the application below and send it again."));
	} else {
		html_printf(b, "<p>%s</p>\n", T(r, "The center is reviewing your application. You may still correct it."));
	}
	form_ui_open(&f, "/register/status", NULL);
	html_printf(b, "<h2>%s</h2>\n", T(r, "The group"));
	org_form_fields(&f, rec, ORG_FORM_APPLY);
	form_ui_submit(&f, T(r, "Send the application again"), NULL, NULL);
	form_ui_close(&f);
	form_ui_button(&f, "/register/logout", T(r, "Sign out"), NULL, FORM_UI_SECONDARY, NULL);
	layout_end(r, o);
}

static int reg_status_get(struct req *r, struct resp *o)
{
	struct actor who;
	const char *csrf;
	int rc = reg_applicant(r, o, &who, &csrf);
	if (rc < 0)
		return 0;
	if (rc == 0) {
		reg_login_page(r, o, NULL);
		return 0;
	}
	struct org rec;
	if ((rc = org_get(r->st, r->a, who.org_id, &rec)) != 0)
		return page_domain_error(r, o, rc), 0;
	reg_status_page(r, o, &who, csrf, &rec, NULL);
	return 0;
}

static int reg_status_post(struct req *r, struct resp *o)
{
	struct actor who;
	const char *csrf;
	int rc = reg_applicant(r, o, &who, &csrf);
	if (rc < 0)
		return 0;
	if (rc == 0) {
		resp_redirect(o, "/register/status");
		return 0;
	}
	if (!session_csrf_ok(csrf, req_form(r, "csrf")))
		return resp_error(r, o, 403,
				  "The form has expired or was not sent from this site. Please reload the page and try again.");
	struct org rec;
	struct problems e = { 0 };
	if ((rc = org_get(r->st, r->a, who.org_id, &rec)) != 0)
		return page_domain_error(r, o, rc), 0;
	org_form_read(r, &rec, ORG_FORM_APPLY, &e);
	if (e.n == 0) {
		const char *err = NULL;
		int bad = -1;
		rc = org_resubmit(r->st, &who, &rec, &err, &bad);
		if (rc == 0) {
			resp_redirect(o, "/register/status?done=sent");
			return 0;
		}
		if (rc != -1)
			return page_domain_error(r, o, rc), 0;
		org_form_error(&e, bad, err);
	}
	o->status = 422;
	reg_status_page(r, o, &who, csrf, &rec, &e);
	return 0;
}

static int reg_logout_post(struct req *r, struct resp *o)
{
	struct actor who;
	const char *csrf;
	int rc = reg_applicant(r, o, &who, &csrf);
	if (rc < 0)
		return 0;
	if (rc == 1) {
		if (!session_csrf_ok(csrf, req_form(r, "csrf")))
			return resp_error(r, o, 403, "The form has expired or was not sent from this site. Please reload the page and try again.");
		if ((rc = session_destroy(r->st, req_cookie(r, ORG_APPLICANT_COOKIE))) < 0)
			return resp_store_error(r, o, rc);
	}
	resp_add_cookie(o, ORG_APPLICANT_COOKIE "=; Path=/register; Max-Age=0; HttpOnly; SameSite=Lax");
	resp_redirect(o, "/register");
	return 0;
}

/* ---- a group's own pages ---- */

/* The group's record; when the account has none, a page that says so (and -1). */
static int my_group(struct req *r, struct resp *o, struct org *rec)
{
	int rc = r->who.org_id > 0 ? org_get(r->st, r->a, r->who.org_id, rec) : ORG_NOT_FOUND;
	if (rc == 0)
		return 0;
	if (rc != ORG_NOT_FOUND)
		return page_domain_error(r, o, rc);
	layout_begin(r, o, T(r, "Our group"));
	html_printf(&o->body, "<p>%s</p>\n",
		    T(r, "This account is not linked to a group record. Please ask the civic activity center."));
	layout_end(r, o);
	return -1;
}

static void my_nav(struct req *r, struct buf *b)
{
	html_printf(b, "<ul class=\"link-list\">\n<li><a href=\"/my/group/edit\">%s</a></li>\n"
		       "<li><a href=\"/my/group/history\">%s</a></li>\n</ul>\n",
		    T(r, "Edit our profile"), T(r, "Our history"));
}

struct my_notice { const char *done, *msgid; };
static const struct my_notice my_notices[] = {
	{ "saved", N_("Your profile has been saved and published.") },
	{ "pending", N_("Your profile has been saved. Changes to public items are published after the center's review.") },
	{ "confirmed", N_("Thank you: your data is confirmed as up to date.") },
	{ NULL, NULL },
};

static int my_get(struct req *r, struct resp *o)
{
	struct org rec;
	if (my_group(r, o, &rec) != 0)
		return 0;
	struct buf *b = &o->body;
	layout_begin(r, o, rec.v[ORG_F_NAME]);
	const char *done = req_query(r, "done");
	for (const struct my_notice *n = my_notices; done && n->done; n++)
		if (strcmp(done, n->done) == 0)
			layout_notice(b, T(r, n->msgid));
	if (done && (strcmp(done, "saved") == 0 || strcmp(done, "pending") == 0)) {
		/* after saving: what the group wrote, a pending change included */
		struct org shown = rec;
		struct org_change pc;
		if (org_change_pending(r->st, r->a, rec.id, &pc) == 0)
			org_change_overlay(&pc, &shown);
		org_cp932_notice(r, b, &shown);
	}
	my_nav(r, b);

	/* the yearly confirmation */
	html_printf(b, "<h2>%s</h2>\n<dl class=\"facts\">\n<dt>%s</dt><dd>", T(r, "Yearly confirmation"),
		    T(r, "Last confirmed"));
	when_html(r, b, rec.confirmed_at);
	buf_puts(b, "</dd>\n</dl>\n");
	if (*rec.confirm_requested_at) {
		html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s ", T(r, "The center asked on"));
		when_html(r, b, rec.confirm_requested_at);
		html_printf(b, " %s</p></div>\n", T(r, "that your group confirm its data. Please check your profile."));
	} else if (rec.review == ORG_APPROVED && org_is_stale(r->st, &rec)) {
		html_printf(b, "<p class=\"error-message\">%s</p>\n",
			    T(r, "Your data has not been confirmed for a long time. Please check your profile."));
	}
	if (rec.review == ORG_APPROVED) {
		struct form_ui f;
		form_ui_init(&f, r, b, NULL);
		html_printf(b, "<p class=\"form-hint\">%s</p>\n", T(r, "Saving your profile also counts as confirming it."));
		form_ui_button(&f, "/my/group/confirm", T(r, "Our data is up to date"), NULL, 0, NULL);
	}

	/* a change waiting for the center, and the center's last decision */
	struct org_change c;
	int rc = org_change_pending(r->st, r->a, rec.id, &c);
	if (rc == 0) {
		html_printf(b, "<h2>%s</h2>\n<p>%s ", T(r, "Changes waiting for the center"), T(r, "Sent"));
		when_html(r, b, c.submitted_at);
		html_printf(b, ". %s</p>\n", T(r, "They are published once the center has approved them."));
		org_change_table(r, b, &rec, &c, T(r, "Changes waiting for the center"));
	} else if (rc != ORG_NOT_FOUND) {
		return page_domain_error(r, o, rc), 0;
	}
	if ((rc = org_change_last_decided(r->st, r->a, rec.id, &c)) == 0) {
		int ok = strcmp(c.state, "approved") == 0;
		html_printf(b, "<h2>%s</h2>\n<p>", T(r, "The center's last decision"));
		when_html(r, b, c.decided_at);
		html_printf(b, ": %s</p>\n", ok ? T(r, "Your change was published.") : T(r, "Your change was not published."));
		if (*c.comment) {
			html_printf(b, "<p><strong>%s</strong>: ", T(r, "Comment from the center"));
			html_text_br(b, c.comment);
			buf_puts(b, "</p>\n");
		}
	} else if (rc != ORG_NOT_FOUND) {
		return page_domain_error(r, o, rc), 0;
	}

	html_printf(b, "<h2>%s</h2>\n<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Our profile"),
		    T(r, "Registration state"), T(r, org_review_label(rec.review)));
	buf_puts(b, "</dl>\n");
	org_facts(r, b, &rec, 1);
	if (rec.review == ORG_APPROVED && strcmp(rec.v[ORG_F_STATUS], "dissolved") != 0)
		html_printf(b, "<p><a href=\"/groups/%lld\">%s</a></p>\n", rec.id, T(r, "Our page in the public directory"));
	if ((rc = page_attach_section(r, b, "org", rec.id)) < 0)	/* our documents: 会則, 事業報告書 … */
		return resp_store_error(r, o, rc);
	layout_end(r, o);
	return 0;
}

static void my_edit_page(struct req *r, struct resp *o, const struct org *rec, const struct problems *e)
{
	int status = o->status;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Edit our profile"));
	o->status = status;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	struct arena *a = r->a;
	if (strcmp(org_setting(r->st, a, "org.public_changes", "immediate"), "review") == 0)
		html_printf(b, "<p class=\"lead\">%s</p>\n",
			    T(r, "Changes to public items are published after the center's review; changes to private "
				 "items apply at once."));
	form_ui_required_note(&f);
	form_ui_open(&f, "/my/group/edit", NULL);
	org_form_fields(&f, rec, ORG_FORM_GROUP);
	form_ui_submit(&f, T(r, "Save"), "/my/group", T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int my_edit_get(struct req *r, struct resp *o)
{
	struct org rec;
	if (my_group(r, o, &rec) != 0)
		return 0;
	/* what the group proposed and still waits is what it edits further */
	struct org_change c;
	int rc = org_change_pending(r->st, r->a, rec.id, &c);
	if (rc == 0)
		org_change_overlay(&c, &rec);
	else if (rc != ORG_NOT_FOUND)
		return page_domain_error(r, o, rc), 0;
	my_edit_page(r, o, &rec, NULL);
	return 0;
}

static int my_edit_post(struct req *r, struct resp *o)
{
	struct org rec;
	if (my_group(r, o, &rec) != 0)
		return 0;
	struct problems e = { 0 };
	org_form_read(r, &rec, ORG_FORM_GROUP, &e);
	if (e.n == 0) {
		const char *err = NULL;
		int bad = -1, pending = 0;
		int rc = org_profile_save(r->st, &r->who, &rec, &pending, &err, &bad);
		if (rc == 0) {
			resp_redirect(o, pending ? "/my/group?done=pending" : "/my/group?done=saved");
			return 0;
		}
		if (rc != -1)
			return page_domain_error(r, o, rc), 0;
		org_form_error(&e, bad, err);
	}
	o->status = 422;
	my_edit_page(r, o, &rec, &e);
	return 0;
}

static int my_confirm_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	int rc = org_confirm(r->st, &r->who, &err);
	if (rc == -1)
		return resp_error(r, o, 409, err);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	resp_redirect(o, "/my/group?done=confirmed");
	return 0;
}

static int my_history_get(struct req *r, struct resp *o)
{
	struct org rec;
	if (my_group(r, o, &rec) != 0)
		return 0;
	const char *before = req_query(r, "before");
	struct org_history_entry *h;
	int n;
	int rc = org_history(r->st, r->a, rec.id, before ? atoll(before) : 0, ORG_HISTORY_PAGE, &h, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Our history"));
	html_printf(b, "<p>%s</p>\n", T(r, "Every change of your group's record, newest first."));
	org_history_table(r, b, h, n, rec.v[ORG_F_NAME]);
	if (n == ORG_HISTORY_PAGE)
		html_printf(b, "<p><a href=\"/my/group/history?before=%lld\">%s</a></p>\n", h[n - 1].id,
			    T(r, "Older entries"));
	html_printf(b, "<p><a href=\"/my/group\">%s</a></p>\n", T(r, "Back to our group"));
	layout_end(r, o);
	return 0;
}

#define GROUP ROLE_BIT(ROLE_GROUP)

const struct route org_routes[] = {
	{ HTTP_GET, "/register", reg_get, ROLES_ANY, 0 },
	/* no session yet: the Origin header and a hidden field guard these */
	{ HTTP_POST, "/register", reg_post, ROLES_ANY, ROUTE_NO_CSRF },
	{ HTTP_GET, "/register/thanks", reg_thanks_get, ROLES_ANY, 0 },
	{ HTTP_GET, "/register/status", reg_status_get, ROLES_ANY, 0 },
	{ HTTP_POST, "/register/login", reg_login_post, ROLES_ANY, ROUTE_NO_CSRF },
	/* the applicant's own session carries its CSRF token; the handlers check it */
	{ HTTP_POST, "/register/status", reg_status_post, ROLES_ANY, ROUTE_NO_CSRF },
	{ HTTP_POST, "/register/logout", reg_logout_post, ROLES_ANY, ROUTE_NO_CSRF },
	{ HTTP_GET, "/my/group", my_get, GROUP, 0 },
	{ HTTP_GET, "/my/group/edit", my_edit_get, GROUP, 0 },
	{ HTTP_POST, "/my/group/edit", my_edit_post, GROUP, 0 },
	{ HTTP_POST, "/my/group/confirm", my_confirm_post, GROUP, 0 },
	{ HTTP_GET, "/my/group/history", my_history_get, GROUP, 0 },
	{ 0 },
};
