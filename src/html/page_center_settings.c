/* page_center_settings: the registry's settings (admin and coordinator, /center/settings)
 * — when public changes are published and the confirmation period, the city as the open
 * data names it, the center as the confirmation letters name it, the checklist of the city's rules, the activity areas, and the spelling
 * variants the directory's search treats as one (domain/org_index.h). Each form of the
 * page answers its own problems at once (422) with the others as they were. */
#include "html/pages.h"
#include "html/page_center.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "domain/org_review.h"
#include "domain/org_index.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The form of the settings page that was sent and refused (its id for a row's form). */
enum center_form { CF_NONE, CF_SETTINGS, CF_RULE_ADD, CF_RULE_EDIT, CF_AREA_ADD, CF_AREA_RENAME, CF_CITY, CF_VARIANTS,
		   CF_CENTER };
struct center_failed {
	enum center_form form;
	long long id;
	const struct problems *e;
};

/* The id prefix of a form of the settings page (its inputs share names with others). */
static const char *center_form_idp(struct req *r, enum center_form form, long long id)
{
	switch (form) {
	case CF_RULE_ADD: return "rule-new-";
	case CF_RULE_EDIT: return arena_printf(r->a, "rule-%lld-", id);
	case CF_AREA_ADD: return "area-new-";
	case CF_AREA_RENAME: return arena_printf(r->a, "area-%lld-", id);
	default: return "";
	}
}

/* A form_ui for one form of the page: the problems only when it is the one refused. */
static void center_form_init(struct form_ui *f, struct req *r, struct buf *b, const struct center_failed *failed,
			     enum center_form form, long long id)
{
	int mine = failed && failed->form == form && failed->id == id;
	form_ui_init(f, r, b, mine ? failed->e : NULL);
	f->idp = center_form_idp(r, form, id);
}

static void center_settings_form(struct req *r, struct buf *b, const struct center_failed *failed)
{
	struct form_ui f;
	center_form_init(&f, r, b, failed, CF_SETTINGS, 0);
	html_printf(b, "<h2>%s</h2>\n", T(r, "Publishing and confirmation"));
	form_ui_open(&f, "/center/settings", NULL);
	const struct form_ui_choice modes[] = {
		{ "immediate", T(r, "Publish at once"), NULL, 0, NULL },
		{ "review", T(r, "Publish after the center's review"), NULL, 0, NULL },
	};
	form_ui_radios(&f, &(struct form_ui_field){ .name = "public_changes", .required = 1,
						    .label = T(r, "When a group changes its public items"),
						    .value = org_setting(r->st, r->a, "org.public_changes", "immediate") },
		       modes, 2);
	form_ui_text(&f, &(struct form_ui_field){
				 .name = "confirm_months", .type = FORM_UI_NUMBER, .required = 1, .maxlength = 2,
				 .label = T(r, "Flag a group that has not confirmed its data for (months)"),
				 .hint = T(r, "1 to 60; usually 12."),
				 .value = arena_printf(r->a, "%d", org_setting_int(r->st, "org.confirm_months", 12)) });
	form_ui_submit(&f, T(r, "Save the settings"), NULL, NULL);
	form_ui_close(&f);
}

/* The city as open data names it: prefecture, name, codes (org_city_settings_save). */
static void center_city_form(struct req *r, struct buf *b, const struct center_failed *failed)
{
	struct arena *a = r->a;
	struct form_ui f;
	center_form_init(&f, r, b, failed, CF_CITY, 0);
	char *full = org_city_full_name(r->st, a);
	html_printf(b, "<h2>%s</h2>\n<p>%s <strong>%s</strong></p>\n", T(r, "The city in the open data"),
		    T(r, "The open data names the publisher as the standard asks (地方公共団体名 with the prefecture):"),
		    full ? full : "");
	form_ui_open(&f, "/center/settings/city", NULL);
	struct form_ui_option prefs[ORG_PREFECTURES];
	for (int i = 0; i < ORG_PREFECTURES; i++)
		prefs[i] = (struct form_ui_option){ org_prefectures[i + 1], org_prefectures[i + 1], NULL };
	form_ui_select(&f, &(struct form_ui_field){ .name = "prefecture", .label = T(r, "Prefecture"), .required = 1,
						    .value = org_setting(r->st, a, "city.prefecture", "") },
		       prefs, ORG_PREFECTURES, T(r, "Choose"));
	form_ui_text(&f, &(struct form_ui_field){ .name = "city_name", .label = T(r, "Name of the city, town or village"),
						  .required = 1, .maxlength = 50,
						  .hint = T(r, "Without the prefecture, for example 札幌市."),
						  .value = org_setting(r->st, a, "city.name", "") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "city_code", .type = FORM_UI_NUMBER, .required = 1,
						  .maxlength = 12,
						  .label = T(r, "Local government code (全国地方公共団体コード)"),
						  .hint = T(r, "6 digits with the check digit, for example 011002."),
						  .value = org_setting(r->st, a, "city.code", "") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "city_corp", .type = FORM_UI_NUMBER, .maxlength = 20,
						  .label = T(r, "The city's corporate number (法人番号)"),
						  .hint = T(r, "13 digits; the open data's 法人番号 column (the publisher's). May be empty."),
						  .value = org_setting(r->st, a, "city.corp_number", "") });
	form_ui_submit(&f, T(r, "Save the city"), NULL, NULL);
	form_ui_close(&f);
}

/* The center as the confirmation letters name it (org_center_contact_save). */
static void center_contact_form(struct req *r, struct buf *b, const struct center_failed *failed)
{
	struct form_ui f;
	center_form_init(&f, r, b, failed, CF_CENTER, 0);
	html_printf(b, "<h2 id=\"center\">%s</h2>\n<p>%s</p>\n", T(r, "The center on letters"),
		    T(r, "The yearly confirmation's letters are sent in the city's name by the center, with this contact."));
	form_ui_open(&f, "/center/settings/center", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "center_name", .label = T(r, "Name of the center"), .maxlength = 100,
						  .hint = T(r, "For example みどり野市市民活動センター. Empty: 市民活動センター."),
						  .value = org_setting(r->st, r->a, "center.name", "") });
	form_ui_textarea(&f, &(struct form_ui_field){
				     .name = "center_contact", .label = T(r, "Contact (address, phone, hours)"), .rows = 4,
				     .maxlength = 500, .hint = T(r, "Up to 8 lines, as they are printed under the name."),
				     .value = org_setting(r->st, r->a, "center.contact", "") });
	form_ui_submit(&f, T(r, "Save the contact"), NULL, NULL);
	form_ui_close(&f);
}

static void center_rules(struct req *r, struct buf *b, const struct center_failed *failed)
{
	struct org_rule *rules;
	int n = 0;
	if (org_rule_list(r->st, r->a, 0, &rules, &n) != 0)
		n = 0;
	html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n", T(r, "The checklist of the city's rules"),
		    T(r, "The center reviews each application against the active rules, in this order."));
	if (n > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table class=\"table--forms\">\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
			    T(r, "Rules"), T(r, "No."), T(r, "Rule"), T(r, "Order"));
		for (int i = 0; i < n; i++) {
			const struct org_rule *ru = &rules[i];
			const char *no = arena_printf(r->a, "%s %d", T(r, "Rule"), i + 1);
			struct form_ui f;
			center_form_init(&f, r, b, failed, CF_RULE_EDIT, ru->id);
			html_printf(b, "<tr><th scope=\"row\">%d</th><td>\n", i + 1);
			form_ui_open(&f, arena_printf(r->a, "/center/settings/rules/%lld", ru->id), "row-form");
			form_ui_text(&f, &(struct form_ui_field){ .name = "text", .label = T(r, "Rule"), .context = arena_printf(r->a, "%d", i + 1),
								  .value = ru->text, .maxlength = 500,
								  .flags = FORM_UI_LABEL_HIDDEN | FORM_UI_INLINE });
			form_ui_checkbox(&f, &(struct form_ui_field){ .name = "active", .label = T(r, "in use"), .context = no,
								      .flags = FORM_UI_INLINE },
					 ru->active);
			html_printf(b, "<button type=\"submit\" class=\"button button--secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n",
				    T(r, "Save"), no);
			form_ui_close(&f);
			buf_puts(b, "</td><td>\n");
			if (i > 0)
				form_ui_button(&f, arena_printf(r->a, "/center/settings/rules/%lld/up", ru->id), T(r, "Up"), no,
					       FORM_UI_SECONDARY, NULL);
			if (i + 1 < n)
				form_ui_button(&f, arena_printf(r->a, "/center/settings/rules/%lld/down", ru->id), T(r, "Down"),
					       no, FORM_UI_SECONDARY, NULL);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	struct form_ui f;
	center_form_init(&f, r, b, failed, CF_RULE_ADD, 0);
	form_ui_open(&f, "/center/settings/rules", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "text", .label = T(r, "A new rule"), .required = 1, .maxlength = 500 });
	form_ui_submit(&f, T(r, "Add the rule"), NULL, NULL);
	form_ui_close(&f);
}

static void center_areas(struct req *r, struct buf *b, const struct center_failed *failed)
{
	struct org_area *areas;
	int na = 0;
	if (org_area_list(r->st, r->a, &areas, &na) != 0)
		na = 0;
	html_printf(b, "<h2>%s</h2>\n", T(r, "Activity areas"));
	if (na > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table class=\"table--forms\">\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
			    T(r, "The city's areas"), T(r, "Kind"), T(r, "Name"));
		for (int i = 0; i < na; i++) {
			struct form_ui f;
			center_form_init(&f, r, b, failed, CF_AREA_RENAME, areas[i].id);
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>\n", areas[i].kind);
			form_ui_open(&f, arena_printf(r->a, "/center/settings/areas/%lld", areas[i].id), "row-form");
			form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = areas[i].name, .value = areas[i].name,
								  .maxlength = 100, .flags = FORM_UI_LABEL_HIDDEN | FORM_UI_INLINE });
			html_printf(b, "<button type=\"submit\" class=\"button button--secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n",
				    T(r, "Rename"), areas[i].name);
			form_ui_close(&f);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	struct form_ui f;
	center_form_init(&f, r, b, failed, CF_AREA_ADD, 0);
	form_ui_open(&f, "/center/settings/areas", NULL);
	form_ui_text(&f, &(struct form_ui_field){ .name = "name", .label = T(r, "A new area"), .required = 1, .maxlength = 100 });
	form_ui_text(&f, &(struct form_ui_field){ .name = "kind", .label = T(r, "Kind of area"), .maxlength = 20,
						  .hint = T(r, "For example 地区 or 小学校区; empty: 地区.") });
	form_ui_submit(&f, T(r, "Add the area"), NULL, NULL);
	form_ui_close(&f);
}

/* The spelling variants of the directory's search (org_index.h): the list as stored. */
static void center_variants_form(struct req *r, struct buf *b, const struct center_failed *failed)
{
	struct form_ui f;
	center_form_init(&f, r, b, failed, CF_VARIANTS, 0);
	html_printf(b, "<h2 id=\"variants\">%s</h2>\n<p>%s</p>\n", T(r, "Spellings the search treats as one"),
		    T(r, "A word typed in the directory's search also finds the other spellings of its line: "
			 "子供 finds 子ども and こども. Hiragana and katakana, full-width and half-width letters are "
			 "already found alike and need no line."));
	form_ui_open(&f, "/center/settings/variants", NULL);
	form_ui_textarea(&f, &(struct form_ui_field){
				     .name = "variants", .label = T(r, "Spelling variants (表記ゆれ)"), .rows = 10,
				     .maxlength = ORG_VARIANT_TEXT_MAX,
				     .hint = T(r, "One line per set of spellings that should find each other, separated by spaces "
						  "or 、. The search index writes each with the first spelling of its line. Saving "
						  "indexes again the groups whose words change."),
				     .value = org_setting(r->st, r->a, "search.variants", "") });
	form_ui_submit(&f, T(r, "Save the spellings"), NULL, NULL);
	form_ui_close(&f);
}

static void center_settings_page(struct req *r, struct resp *o, const struct center_failed *failed)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Registry settings"));
	if (failed) {
		struct form_ui top;
		form_ui_init(&top, r, b, failed->e);
		top.idp = center_form_idp(r, failed->form, failed->id);
		form_ui_summary(&top);
	}
	center_settings_form(r, b, failed);
	center_city_form(r, b, failed);
	center_contact_form(r, b, failed);
	center_rules(r, b, failed);
	center_areas(r, b, failed);
	center_variants_form(r, b, failed);
	layout_end(r, o);
}

static int center_settings_get(struct req *r, struct resp *o)
{
	center_settings_page(r, o, NULL);
	return 0;
}

/* After a settings write: back to the page, or the page with every problem (422). A
 * single err from the domain is the problem of field (NULL: of the form). */
static int center_settings_done(struct req *r, struct resp *o, long long rc, const char *err, enum center_form form,
				long long id, const char *field, const char *done)
{
	if (rc >= 0) {
		resp_redirect(o, arena_printf(r->a, "/center/settings?done=%s", done));
		return 0;
	}
	if (rc != -1)
		return page_domain_error(r, o, (int)rc), 0;
	struct problems e = { 0 };
	problems_add(&e, field, err);
	struct center_failed failed = { form, id, &e };
	o->status = 422;
	center_settings_page(r, o, &failed);
	return 0;
}

/* A form refused before the domain was asked: every problem at once (422). */
static int center_settings_refused(struct req *r, struct resp *o, enum center_form form, const struct problems *e)
{
	struct center_failed failed = { form, 0, e };
	o->status = 422;
	center_settings_page(r, o, &failed);
	return 0;
}

static int center_settings_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	int bad;
	struct problems e = { 0 };
	const char *mode = req_form(r, "public_changes"), *months = req_form(r, "confirm_months");
	if (org_settings_check(mode, months, &e))
		return center_settings_refused(r, o, CF_SETTINGS, &e);
	int rc = org_settings_save(r->st, &r->who, mode, months, &err, &bad);
	return center_settings_done(r, o, rc, err, CF_SETTINGS, 0, NULL, "settings");
}

static int center_city_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	int bad;
	struct problems e = { 0 };
	struct org_city_input in = { req_form(r, "prefecture"), req_form(r, "city_name"), req_form(r, "city_code"),
				     req_form(r, "city_corp") };
	if (org_city_settings_check(&in, &e))
		return center_settings_refused(r, o, CF_CITY, &e);
	int rc = org_city_settings_save(r->st, &r->who, &in, &err, &bad);
	return center_settings_done(r, o, rc, err, CF_CITY, 0, NULL, "city");
}

static int center_rule_add_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	long long rc = org_rule_add(r->st, &r->who, req_form(r, "text"), &err);
	return center_settings_done(r, o, rc, err, CF_RULE_ADD, 0, "text", "rule");
}

static int center_rule_edit_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	const char *err = NULL;
	int rc = org_rule_edit(r->st, &r->who, id, req_form(r, "text"), req_form(r, "active") != NULL, &err);
	return center_settings_done(r, o, rc, err, CF_RULE_EDIT, id, "text", "rule");
}

static int center_rule_move_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	const char *err = NULL;
	int rc = org_rule_move(r->st, &r->who, id, strstr(r->path, "/up") != NULL, &err);
	return center_settings_done(r, o, rc, err, CF_NONE, 0, NULL, "rule");
}

static int center_area_add_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	long long rc = org_area_add(r->st, &r->who, req_form(r, "name"), req_form(r, "kind"), &err);
	return center_settings_done(r, o, rc, err, CF_AREA_ADD, 0, "name", "area");
}

static int center_area_rename_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	const char *err = NULL;
	int rc = org_area_rename(r->st, &r->who, id, req_form(r, "name"), &err);
	return center_settings_done(r, o, rc, err, CF_AREA_RENAME, id, "name", "area");
}

static int center_contact_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int rc = org_center_contact_save(r->st, &r->who, req_form(r, "center_name"), req_form(r, "center_contact"), &e);
	if (rc == 0) {
		resp_redirect(o, "/center/settings?done=settings#center");
		return 0;
	}
	if (rc != -1)
		return page_domain_error(r, o, rc), 0;
	return center_settings_refused(r, o, CF_CENTER, &e);
}

/* The list's problems, each with its line and spelling, as the one input's problems. */
static int center_variants_post(struct req *r, struct resp *o)
{
	struct org_variant_problem probs[ORG_VARIANT_PROBLEMS_MAX];
	int np = 0, changed = 0;
	int rc = org_variants_save(r->st, r->a, &r->who, req_form(r, "variants"), probs, &np, &changed);
	if (rc == 0) {
		resp_redirect(o, "/center/settings?done=variants#variants");
		return 0;
	}
	if (rc != -1)
		return page_domain_error(r, o, rc), 0;
	struct problems e = { 0 };
	for (int i = 0; i < np; i++) {
		const char *m = T(r, probs[i].msgid);
		if (probs[i].line > 0 && probs[i].word)
			m = arena_printf(r->a, T(r, "Line %d (%s): %s"), probs[i].line, probs[i].word, m);
		else if (probs[i].line > 0)
			m = arena_printf(r->a, T(r, "Line %d: %s"), probs[i].line, m);
		problems_add(&e, "variants", m ? m : T(r, probs[i].msgid));
	}
	return center_settings_refused(r, o, CF_VARIANTS, &e);
}

#define CENTER (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))

const struct route center_settings_routes[] = {
	{ HTTP_GET, "/center/settings", center_settings_get, CENTER, 0 },
	{ HTTP_POST, "/center/settings", center_settings_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/city", center_city_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules", center_rule_add_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules/{id}", center_rule_edit_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules/{id}/up", center_rule_move_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules/{id}/down", center_rule_move_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/areas", center_area_add_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/areas/{id}", center_area_rename_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/variants", center_variants_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/center", center_contact_post, CENTER, 0 },
	{ 0 },
};
