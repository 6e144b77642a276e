/* page_center: the civic activity center's registry screens (admin and coordinator) —
 * every record with filters and counts (/center/orgs), the whole registry as a file
 * (audited as a download of personal data), direct entry, a record in full with its
 * accounts, reviews and history, the center's edit, the review against the checklist
 * (approve or send back), and pending public changes with a field-by-field diff. The
 * yearly confirmation is page_confirm.c, the registry's settings page_center_settings.c;
 * the record form is the shared one of page_org.c. */
#include "html/pages.h"
#include "html/page_org.h"
#include "domain/org_confirm.h"
#include "html/page_center.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/account.h"
#include "domain/org_personal.h"
#include "io/org_csv.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/spool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CENTER_PAGE 50
#define CENTER_HISTORY 20
#define CENTER_CHANGES_MAX 50

/* ---- shared bits ---- */

struct center_link { const char *href, *msgid; };
static const struct center_link center_links[] = {
	{ "/center/orgs", N_("All records") },
	{ "/center/changes", N_("Changes waiting") },
	{ "/center/confirm", N_("Yearly confirmation") },
	{ "/center/settings", N_("Registry settings") },
	{ "/center/orgs/new", N_("Register a group directly") },
	{ NULL, NULL },
};

static void center_nav(struct req *r, struct buf *b)
{
	html_printf(b, "<nav class=\"local-nav\" aria-label=\"%s\">\n<ul>\n", T(r, "Group registry"));
	for (const struct center_link *l = center_links; l->href; l++)
		html_printf(b, "<li><a href=\"%s\"%S>%s</a></li>\n", l->href,
			    strcmp(r->path, l->href) == 0 ? " aria-current=\"page\"" : "", T(r, l->msgid));
	buf_puts(b, "</ul>\n</nav>\n");
}

/* The record of path param 0; on failure the error page is queued and -1 returned. */
static int center_org(struct req *r, struct resp *o, struct org *rec)
{
	long long id = req_param_id(r, 0);
	int rc = id > 0 ? org_get(r->st, r->a, id, rec) : ORG_NOT_FOUND;
	return rc == 0 ? 0 : page_domain_error(r, o, rc);
}

static const char *center_done(struct req *r)
{
	static const struct { const char *done, *msgid; } notes[] = {
		{ "created", N_("The group has been registered.") },
		{ "saved", N_("The record has been saved.") },
		{ "approved", N_("The application has been approved and the group's account enabled.") },
		{ "approved-noaccount", N_("The application has been approved and the group registered. It has no account "
					   "yet: add one below so that it can keep its own profile.") },
		{ "returned", N_("The application has been sent back; the group reads your comment when it signs in to "
				 "its application.") },
		{ "returned-email", N_("The application has been sent back; the group is told by email, with your comment.") },
		{ "returned-noaccount", N_("The application has been sent back. The group has no account to read your "
					   "comment: tell it by phone, email or post.") },
		{ "account", N_("The account has been added.") },
		{ "change-approved", N_("The change has been published.") },
		{ "change-rejected", N_("The change has been rejected; the group sees your comment.") },
		{ "requested", N_("Every registered group has been asked to confirm its data.") },
		{ "requested-due", N_("The groups that are due have been asked to confirm their data.") },
		{ "settings", N_("The settings have been saved.") },
		{ "rule", N_("The checklist has been saved.") },
		{ "area", N_("The areas have been saved.") },
		{ "city", N_("The city's names and codes have been saved.") },
		{ "variants", N_("The spelling variants have been saved; the search index is up to date.") },
	};
	const char *d = req_query(r, "done");
	for (size_t i = 0; d && i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(d, notes[i].done) == 0)
			return T(r, notes[i].msgid);
	return NULL;
}

void center_begin(struct req *r, struct resp *o, const char *title)
{
	int status = o->status;
	layout_begin(r, o, title);
	o->status = status;
	center_nav(r, &o->body);
	const char *note = center_done(r);
	if (note)
		layout_notice(&o->body, note);
}

static const char *center_kind_label(const char *code)
{
	const struct org_kind *k = org_kind_find(code);
	return k ? k->label : code;
}

static enum org_review_state center_review_of(const char *code)
{
	for (int i = 0; i < ORG_REVIEW__MAX; i++)
		if (strcmp(code, org_review_codes[i]) == 0)
			return (enum org_review_state)i;
	return ORG_APPLIED;
}

/* ---- GET /center/orgs ---- */

static void center_list_link(struct buf *b, const char *review, int stale, const char *q, int page)
{
	buf_puts(b, "/center/orgs?");
	if (review && *review)
		html_printf(b, "review=%s&amp;", review);
	if (stale)
		buf_puts(b, "stale=1&amp;");
	if (q && *q) {
		struct buf e = BUF_INIT;
		html_urlenc(&e, q);
		html_printf(b, "q=%s&amp;", buf_cstr(&e));
		buf_free(&e);
	}
	html_printf(b, "page=%d", page);
}

static int center_list_get(struct req *r, struct resp *o)
{
	const char *review = req_query(r, "review"), *q = req_query(r, "q"), *st = req_query(r, "stale");
	if (review && *review) {
		int ok = 0;
		for (int i = 0; i < ORG_REVIEW__MAX; i++)
			ok |= strcmp(review, org_review_codes[i]) == 0;
		if (!ok)
			review = "";
	}
	struct org_center_filter f = {
		.review = review ? review : "",
		.stale = st && strcmp(st, "1") == 0,
		.q = q ? q : "",
		.page = (int)page_number(r),
		.per_page = CENTER_PAGE,
	};
	struct org_center_counts c;
	struct org_center_row *rows;
	int n, total;
	int rc = org_center_counts(r->st, &c);
	if (rc == 0)
		rc = org_center_list(r->st, r->a, &f, &rows, &n, &total);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Group registry"));

	/* counts, each a filter */
	html_printf(b, "<h2>%s</h2>\n<ul class=\"link-list\">\n", T(r, "At a glance"));
	html_printf(b, "<li><a href=\"/center/orgs\">%s</a>: %d</li>\n", T(r, "All records"), c.all);
	for (int i = 0; i < ORG_REVIEW__MAX; i++)
		html_printf(b, "<li><a href=\"/center/orgs?review=%s\">%s</a>: %d</li>\n", org_review_codes[i],
			    T(r, org_review_label((enum org_review_state)i)), c.review[i]);
	html_printf(b, "<li><a href=\"/center/orgs?stale=1\">%s</a>: %d</li>\n", T(r, "Not confirmed in time"), c.stale);
	html_printf(b, "<li><a href=\"/center/changes\">%s</a>: %d</li>\n</ul>\n", T(r, "Changes waiting"), c.changes);

	/* filters */
	struct form_ui fu;
	form_ui_init(&fu, r, b, NULL);
	form_ui_open_get(&fu, "/center/orgs", "filter-form", T(r, "Search the registry"));
	form_ui_text(&fu, &(struct form_ui_field){ .name = "q", .type = FORM_UI_SEARCH, .value = f.q,
						   .label = T(r, "Words in the name or reading, or a registration number") });
	struct form_ui_option rv[ORG_REVIEW__MAX];
	for (int i = 0; i < ORG_REVIEW__MAX; i++)
		rv[i] = (struct form_ui_option){ org_review_codes[i], T(r, org_review_label((enum org_review_state)i)), NULL };
	form_ui_select(&fu, &(struct form_ui_field){ .name = "review", .label = T(r, "Registration state"), .value = f.review },
		       rv, ORG_REVIEW__MAX, T(r, "Any"));
	form_ui_checkbox(&fu, &(struct form_ui_field){ .name = "stale", .label = T(r, "Only groups to be confirmed") },
			 f.stale);
	form_ui_submit(&fu, T(r, "Filter"), NULL, NULL);
	form_ui_close(&fu);

	/* the records */
	char cnt[32];
	html_fmt_int(cnt, sizeof cnt, total);
	html_printf(b, "<p role=\"status\">%s %s</p>\n", cnt, T(r, "records"));
	if (n > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", b->len, b->len,
			    T(r, "Records"), T(r, "Name"), T(r, "Kind"), T(r, "Registration state"), T(r, "Activity status"),
			    T(r, "Registration number"), T(r, "Last confirmed"));
		for (int i = 0; i < n; i++) {
			const struct org_center_row *w = &rows[i];
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/center/orgs/%lld\">%s</a><br><span class=\"hint\">%s</span></th>"
				       "<td>%s</td><td>%s</td><td>",
				    w->id, w->name, w->kana, center_kind_label(w->kind),
				    T(r, org_review_label(center_review_of(w->review))));
			for (int k = 0; k < ORG_STATUS__MAX; k++)
				if (strcmp(w->status, org_status_codes[k]) == 0)
					html_printf(b, "%s", org_status_labels[k]);
			html_printf(b, "</td><td>%s</td><td>", w->reg_number);
			when_html(r, b, w->confirmed_at);
			if (w->stale)
				html_printf(b, " <strong class=\"error-message\">%s</strong>", T(r, "to be confirmed"));
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	int pages = (total + CENTER_PAGE - 1) / CENTER_PAGE;
	if (pages > 1) {
		html_printf(b, "<nav aria-label=\"%s\">\n<ul class=\"link-list\">\n", T(r, "Pages"));
		if (f.page > 1) {
			buf_puts(b, "<li><a href=\"");
			center_list_link(b, f.review, f.stale, f.q, f.page - 1);
			html_printf(b, "\">%s</a></li>\n", T(r, "Previous page"));
		}
		html_printf(b, "<li aria-current=\"page\">%d / %d</li>\n", f.page, pages);
		if (f.page < pages) {
			buf_puts(b, "<li><a href=\"");
			center_list_link(b, f.review, f.stale, f.q, f.page + 1);
			html_printf(b, "\">%s</a></li>\n", T(r, "Next page"));
		}
		buf_puts(b, "</ul>\n</nav>\n");
	}
	/* the whole registry as a file (after the records: their links come first) */
	html_printf(b, "<h2>%s</h2>\n<ul class=\"link-list\">\n"
		       "<li><a href=\"/center/orgs/export?format=csv\">%s</a></li>\n"
		       "<li><a href=\"/center/orgs/export?format=csv&amp;encoding=cp932\">%s</a></li>\n"
		       "<li><a href=\"/center/orgs/export?format=xlsx\">%s</a></li>\n"
		       "<li><a href=\"/center/orgs/export?format=json\">%s</a></li>\n</ul>\n<p class=\"hint\">%s</p>\n",
		    T(r, "Download the registry with contacts"), T(r, "CSV (UTF-8, for Excel)"), T(r, "CSV (Shift_JIS)"),
		    T(r, "Excel (.xlsx)"), T(r, "JSON"),
		    T(r, "Every record with its contacts (personal data), review state and confirmation dates, in the "
			 "columns the registry's import reads (kyodo org import), so the file imports back. In the "
			 "Shift_JIS file a character Shift_JIS cannot hold is written as 〓; imported back, a 〓 keeps the "
			 "stored character. Each download is recorded in the audit log: who, when, which file and how many "
			 "groups."));

	layout_end(r, o);
	return 0;
}

/* ---- the whole registry as a file: GET /center/orgs/export ---- */

/* ?format=csv|xlsx|json (csv), ?encoding=utf-8|cp932 (utf-8): the full export of
 * `kyodo org export`, which imports back. Written through a spool file and sent from it,
 * so memory stays bounded whatever the size of the registry. */
static int center_export_get(struct req *r, struct resp *o)
{
	static const char *const files[ORG_EXPORT__MAX][2] = {
		{ "attachment; filename=\"registry.csv\"", "attachment; filename=\"registry-sjis.csv\"" },
		{ "attachment; filename=\"registry.xlsx\"", "attachment; filename=\"registry.xlsx\"" },
		{ "attachment; filename=\"registry.json\"", "attachment; filename=\"registry.json\"" },
	};
	const char *fmt = req_query(r, "format"), *enc = req_query(r, "encoding");
	struct org_export_opts eo = { .format = ORG_EXPORT_CSV, .enc = CSV_ENC_UTF8 };
	if (fmt && *fmt && org_export_format_parse(fmt, &eo.format) != 0)
		return resp_error(r, o, 400, N_("Unknown format: use csv, xlsx or json."));
	if (enc && *enc && (csv_encoding_parse(enc, &eo.enc) != 0 || eo.enc == CSV_ENC_AUTO))
		return resp_error(r, o, 400, N_("Unknown encoding: use utf-8 or cp932."));
	struct spool sp;
	struct filebody *fb = NULL;
	struct org_export_notes notes = { 0 };
	char err[256];
	if (spool_open(&sp) != 0)
		return -1;
	int rc = org_export(r->st, &eo, &sp.out, &notes, err, sizeof err);
	org_export_notes_free(&notes);
	if (rc != 0) {
		spool_abort(&sp);
		if (rc == -1)
			log_warn("registry export: %s", err);
		return rc == -1 ? -1 : (page_domain_error(r, o, rc), 0);
	}
	/* personal data leaves only with its audit row: who, when, what, how many */
	struct org_personal_use use = { ORG_PERSONAL_EXPORT, org_export_format_names[eo.format],
					eo.format == ORG_EXPORT_CSV ? csv_encoding_names[eo.enc] : NULL, NULL,
					(long long)notes.records };
	if (spool_finish(&sp, &fb) != 0)
		return -1;
	if ((rc = org_personal_record(r->st, &r->who, &use)) != 0) {
		filebody_unref(fb);
		return rc == -1 ? resp_error(r, o, 403, NULL) : (page_domain_error(r, o, rc), 0);
	}
	resp_file(o, fb);
	o->content_type = org_export_content_type(eo.format, eo.enc);
	o->disposition = files[eo.format][eo.enc == CSV_ENC_CP932];
	return 0;
}

/* ---- direct entry: GET/POST /center/orgs/new ---- */

static void center_new_page(struct req *r, struct resp *o, const struct org *rec, const struct problems *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Register a group directly"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p>%s</p>\n", T(r, "A group the center enters is registered at once."));
	form_ui_required_note(&f);
	form_ui_open(&f, "/center/orgs/new", NULL);
	org_form_fields(&f, rec, ORG_FORM_CENTER);
	html_printf(b, "<h2>%s</h2>\n<p class=\"form-hint\">%s</p>\n", T(r, "The group's account (optional)"),
		    T(r, "Leave the login name empty to add an account later."));
	org_form_account(&f, 0);
	form_ui_submit(&f, T(r, "Register the group"), "/center/orgs", T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int center_new_get(struct req *r, struct resp *o)
{
	struct org rec;
	org_init(&rec);
	center_new_page(r, o, &rec, NULL);
	return 0;
}

/* The account inputs of a form: checked as a whole when a login name is given (optional
 * unless required), and both passwords the same. */
static void center_account_inputs(struct req *r, struct problems *e, int required, const char **login,
				  const char **pw)
{
	*login = req_form(r, "login");
	*pw = req_form(r, "password");
	if (!*login)
		*login = "";
	if (!*pw)
		*pw = "";
	if (**login || required) {
		org_account_check_all(*login, *pw, e);
		org_form_password_pair(r, e);
	}
}

static int center_new_post(struct req *r, struct resp *o)
{
	struct org rec;
	struct problems e = { 0 };
	const char *login, *pw;
	org_init(&rec);
	org_form_read(r, &rec, ORG_FORM_CENTER, &e);
	center_account_inputs(r, &e, 0, &login, &pw);
	if (e.n == 0) {
		const char *err = NULL;
		int bad = -1;
		long long id = org_center_create(r->st, &r->who, &rec, login, pw, &err, &bad);
		if (id > 0) {
			resp_redirect(o, arena_printf(r->a, "/center/orgs/%lld?done=created", id));
			return 0;
		}
		if (id != -1)
			return page_domain_error(r, o, (int)id), 0;
		org_form_error(&e, bad, err);
	}
	o->status = 422;
	center_new_page(r, o, &rec, &e);
	return 0;
}

/* ---- a record: GET /center/orgs/{id} ---- */

static void center_reviews(struct req *r, struct buf *b, const struct org *rec)
{
	struct org_review_row *rv;
	int n;
	if (org_review_list(r->st, r->a, rec->id, &rv, &n) != 0 || n == 0)
		return;
	html_printf(b,
		    "<h2>%s</h2>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Reviews"), b->len, b->len, T(r, "Decisions of the center"), T(r, "Time"), T(r, "By"), T(r, "Decision"),
		    T(r, "Comment"));
	for (int i = 0; i < n; i++) {
		buf_puts(b, "<tr><th scope=\"row\">");
		when_html(r, b, rv[i].at);
		html_printf(b, "</th><td>%s</td><td>%s</td><td>", page_actor_text(r, rv[i].actor),
			    strcmp(rv[i].decision, "approve") == 0 ? T(r, "Approved") : T(r, "Sent back"));
		html_text_br(b, rv[i].comment);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static void center_accounts(struct req *r, struct buf *b, const struct org *rec, const struct problems *e)
{
	struct org_account *acc;
	int n = 0;
	if (org_accounts(r->st, r->a, rec->id, &acc, &n) != 0)
		n = 0;
	html_printf(b, "<h2 id=\"accounts\">%s</h2>\n", T(r, "Group accounts"));
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No account yet."));
	} else {
		html_printf(b, "<ul class=\"link-list\">\n");
		for (int i = 0; i < n; i++)
			html_printf(b, "<li>%s (%s)</li>\n", acc[i].login,
				    acc[i].disabled ? T(r, "disabled until the application is approved") : T(r, "active"));
		buf_puts(b, "</ul>\n");
	}
	if (rec->review != ORG_APPROVED)
		return;
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	html_printf(b, "<h3>%s</h3>\n", T(r, "Add an account"));
	form_ui_open(&f, arena_printf(r->a, "/center/orgs/%lld/accounts", rec->id), NULL);
	org_form_account(&f, 1);
	form_ui_submit(&f, T(r, "Add the account"), NULL, NULL);
	form_ui_close(&f);
}

static void center_show_page(struct req *r, struct resp *o, const struct org *rec, const struct problems *acc_e)
{
	struct buf *b = &o->body;
	center_begin(r, o, rec->v[ORG_F_NAME]);
	struct form_ui f;
	form_ui_init(&f, r, b, acc_e);
	form_ui_summary(&f);
	org_cp932_notice(r, b, rec);
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Registration state"),
		    T(r, org_review_label(rec->review)));
	html_printf(b, "<dt>%s</dt><dd>", T(r, "Applied or entered"));
	when_html(r, b, rec->created_at);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", T(r, "Last changed"));
	when_html(r, b, rec->updated_at);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", T(r, "Last confirmed"));
	when_html(r, b, rec->confirmed_at);
	if (rec->review == ORG_APPROVED && org_is_stale(r->st, rec))
		html_printf(b, " <strong class=\"error-message\">%s</strong>", T(r, "to be confirmed"));
	buf_puts(b, "</dd>\n");
	if (*rec->confirm_requested_at) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Confirmation requested"));
		when_html(r, b, rec->confirm_requested_at);
		buf_puts(b, "</dd>\n");
	}
	if (*rec->review_comment) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Comment from the center"));
		html_text_br(b, rec->review_comment);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n<ul class=\"link-list\">\n");
	html_printf(b, "<li><a href=\"/center/orgs/%lld/edit\">%s</a></li>\n", rec->id, T(r, "Edit the record"));
	html_printf(b, "<li><a href=\"/center/orgs/%lld/ties\">%s</a></li>\n", rec->id, T(r, "Ties with accounts"));
	if (rec->review == ORG_APPLIED)
		html_printf(b, "<li><a href=\"/center/orgs/%lld/review\">%s</a></li>\n", rec->id, T(r, "Review the application"));
	struct org_change c;
	if (org_change_pending(r->st, r->a, rec->id, &c) == 0)
		html_printf(b, "<li><a href=\"/center/changes#change-%lld\">%s</a></li>\n", c.id,
			    T(r, "A change of public items waits for review"));
	if (rec->review == ORG_APPROVED && strcmp(rec->v[ORG_F_STATUS], "dissolved") != 0)
		html_printf(b, "<li><a href=\"/groups/%lld\">%s</a></li>\n", rec->id, T(r, "The page in the public directory"));
	buf_puts(b, "</ul>\n");
	html_printf(b, "<h2>%s</h2>\n", T(r, "The record"));
	org_facts(r, b, rec, 1);
	center_accounts(r, b, rec, acc_e);
	center_reviews(r, b, rec);
	page_attach_section(r, b, "org", rec->id);	/* 会則, 事業報告書 …; on a failure, left out */
	const char *before = req_query(r, "before");
	struct org_history_entry *h;
	int n;
	if (org_history(r->st, r->a, rec->id, before ? atoll(before) : 0, CENTER_HISTORY, &h, &n) == 0) {
		html_printf(b, "<h2>%s</h2>\n", T(r, "History"));
		org_history_table(r, b, h, n, T(r, "Changes of the record, newest first"));
		if (n == CENTER_HISTORY)
			html_printf(b, "<p><a href=\"/center/orgs/%lld?before=%lld\">%s</a></p>\n", rec->id, h[n - 1].id,
				    T(r, "Older entries"));
	}
	layout_end(r, o);
}

static int center_show_get(struct req *r, struct resp *o)
{
	struct org rec;
	if (center_org(r, o, &rec) != 0)
		return 0;
	center_show_page(r, o, &rec, NULL);
	return 0;
}

static int center_account_post(struct req *r, struct resp *o)
{
	struct org rec;
	if (center_org(r, o, &rec) != 0)
		return 0;
	struct problems e = { 0 };
	const char *login, *pw;
	center_account_inputs(r, &e, 1, &login, &pw);
	if (e.n == 0) {
		const char *err = NULL;
		int bad = -1;
		int rc = org_account_add(r->st, &r->who, rec.id, login, pw, &err, &bad);
		if (rc == 0) {
			resp_redirect(o, arena_printf(r->a, "/center/orgs/%lld?done=account", rec.id));
			return 0;
		}
		if (rc != -1)
			return page_domain_error(r, o, rc), 0;
		org_form_error(&e, bad, err);
	}
	o->status = 422;
	center_show_page(r, o, &rec, &e);
	return 0;
}

/* ---- the center's edit: GET/POST /center/orgs/{id}/edit ---- */

static void center_edit_page(struct req *r, struct resp *o, const struct org *rec, const struct problems *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Edit the record"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p><a href=\"/center/orgs/%lld\">%s</a></p>\n", rec->id, rec->v[ORG_F_NAME]);
	form_ui_required_note(&f);
	form_ui_open(&f, arena_printf(r->a, "/center/orgs/%lld/edit", rec->id), NULL);
	org_form_fields(&f, rec, ORG_FORM_CENTER);
	form_ui_submit(&f, T(r, "Save"), arena_printf(r->a, "/center/orgs/%lld", rec->id), T(r, "Cancel"));
	form_ui_close(&f);
	layout_end(r, o);
}

static int center_edit_get(struct req *r, struct resp *o)
{
	struct org rec;
	if (center_org(r, o, &rec) != 0)
		return 0;
	center_edit_page(r, o, &rec, NULL);
	return 0;
}

static int center_edit_post(struct req *r, struct resp *o)
{
	struct org rec;
	if (center_org(r, o, &rec) != 0)
		return 0;
	struct problems e = { 0 };
	org_form_read(r, &rec, ORG_FORM_CENTER, &e);
	if (e.n == 0) {
		const char *err = NULL;
		int rc = org_update(r->st, &r->who, &rec, 0, &err);
		if (rc == 0) {
			resp_redirect(o, arena_printf(r->a, "/center/orgs/%lld?done=saved", rec.id));
			return 0;
		}
		if (rc != -1)
			return page_domain_error(r, o, rc), 0;
		org_form_error(&e, strcmp(err, "Another group already has this corporate number.") == 0
					   ? ORG_F_CORP_NUMBER : -1, err);
	}
	o->status = 422;
	center_edit_page(r, o, &rec, &e);
	return 0;
}

/* ---- the review: GET/POST /center/orgs/{id}/review ---- */

static void center_review_page(struct req *r, struct resp *o, const struct org *rec, const struct problems *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Review the application"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	html_printf(b, "<p><a href=\"/center/orgs/%lld\">%s</a> — %s</p>\n", rec->id, rec->v[ORG_F_NAME],
		    T(r, org_review_label(rec->review)));
	if (rec->review != ORG_APPLIED) {
		html_printf(b, "<p>%s</p>\n", T(r, "This application is not waiting for a decision."));
		layout_end(r, o);
		return;
	}
	html_printf(b, "<h2>%s</h2>\n", T(r, "The application"));
	org_facts(r, b, rec, 1);
	struct org_rule *rules;
	int n = 0;
	if (org_rule_list(r->st, r->a, 1, &rules, &n) != 0)
		n = 0;
	struct form_ui_choice *c = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *c);
	if (!c)
		n = 0;
	for (int i = 0; i < n; i++)
		c[i] = (struct form_ui_choice){ .label = rules[i].text, .name = arena_printf(r->a, "rule_%lld", rules[i].id) };
	html_printf(b, "<h2>%s</h2>\n", T(r, "Decision"));
	form_ui_open(&f, arena_printf(r->a, "/center/orgs/%lld/review", rec->id), NULL);
	form_ui_checkboxes(&f, &(struct form_ui_field){ .name = "checklist", .label = T(r, "The city's rules"),
							.hint = T(r, "Tick each rule the group meets. Approval needs every rule ticked.") },
			   c, n);
	char *next = org_reg_number_next(r->st, r->a);
	form_ui_text(&f, &(struct form_ui_field){
				 .name = "reg_number", .label = T(r, "Registration number"), .maxlength = 40,
				 .hint = arena_printf(r->a, "%s %s", T(r, "On approval. Empty: the next free number,"),
						      next ? next : "") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "reg_date", .label = T(r, "Registered on"), .maxlength = 40,
						  .hint = T(r, "On approval. Empty: today.") });
	form_ui_textarea(&f, &(struct form_ui_field){ .name = "comment", .label = T(r, "Comment to the group"),
						      .maxlength = ORG_COMMENT_MAX,
						      .hint = T(r, "Required when sending back: say what to correct. The group sees it.") });
	/* two decisions, two buttons */
	const struct form_ui_action decisions[] = {
		{ "decision", "approve", T(r, "Approve and register"), 0 },
		{ "decision", "return", T(r, "Send back for correction"), FORM_UI_SECONDARY },
	};
	form_ui_actions(&f, decisions, 2);
	form_ui_close(&f);
	center_reviews(r, b, rec);
	layout_end(r, o);
}

static int center_review_get(struct req *r, struct resp *o)
{
	struct org rec;
	if (center_org(r, o, &rec) != 0)
		return 0;
	center_review_page(r, o, &rec, NULL);
	return 0;
}

/* What the center is told after a decision, as the case is: whether the group has an
 * account to use (approval enables it) or to read the comment with, or only an email
 * address the comment is sent to (the notice of org_review_decide). */
static const char *center_decided(struct req *r, const struct org *rec, int approve)
{
	struct org_account *acc;
	int n = 0;
	if (org_accounts(r->st, r->a, rec->id, &acc, &n) != 0)
		n = 0;
	if (approve)
		return n ? "approved" : "approved-noaccount";
	return n ? "returned" : *rec->v[ORG_F_EMAIL] ? "returned-email" : "returned-noaccount";
}

static int center_review_post(struct req *r, struct resp *o)
{
	struct org rec;
	if (center_org(r, o, &rec) != 0)
		return 0;
	struct problems e = { 0 };
	const char *dec = req_form(r, "decision");
	struct org_rule *rules;
	int n = 0, rc = org_rule_list(r->st, r->a, 1, &rules, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	long long *ticked = arena_alloc(r->a, sizeof *ticked * (size_t)(n ? n : 1));
	long long *ids = arena_alloc(r->a, sizeof *ids * (size_t)(n ? n : 1));
	if (!ticked || !ids)
		return -1;
	int nt = 0;
	for (int i = 0; i < n; i++) {
		char name[40];
		snprintf(name, sizeof name, "rule_%lld", rules[i].id);
		ids[i] = rules[i].id;
		if (req_form(r, name))
			ticked[nt++] = rules[i].id;
	}
	int known = dec && (strcmp(dec, "approve") == 0 || strcmp(dec, "return") == 0);
	struct org_decision d = {
		.approve = known && strcmp(dec, "approve") == 0,
		.ticked = ticked,
		.nticked = nt,
		.comment = req_form(r, "comment") ? req_form(r, "comment") : "",
		.reg_number = req_form(r, "reg_number") ? req_form(r, "reg_number") : "",
		.reg_date = req_form(r, "reg_date") ? req_form(r, "reg_date") : "",
	};
	if (known) {
		org_review_check(&d, n, ids, &e);
	} else {
		/* no decision: what was typed is still checked (the comment, the number, the date) */
		org_form_error(&e, ORG_IN_DECISION, N_("Choose whether to approve or to send back."));
		d.approve = 1;
		org_review_check(&d, 0, ids, &e);
	}
	if (e.n == 0) {
		const char *err = NULL;
		int bad = -1;
		rc = org_review_decide(r->st, &r->who, rec.id, &d, &err, &bad);
		if (rc == 0) {
			resp_redirect(o, arena_printf(r->a, "/center/orgs/%lld?done=%s", rec.id,
						      center_decided(r, &rec, d.approve)));
			return 0;
		}
		if (rc != -1)
			return page_domain_error(r, o, rc), 0;
		org_form_error(&e, bad, err);
	}
	o->status = 422;
	center_review_page(r, o, &rec, &e);
	return 0;
}

/* ---- pending changes: GET /center/changes, POST /center/changes/{id}/approve|reject ---- */

static void center_changes_page(struct req *r, struct resp *o, long long failed_id, const struct problems *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Changes waiting"));
	struct form_ui top;
	form_ui_init(&top, r, b, e);
	top.idp = arena_printf(r->a, "%lld-", failed_id);
	form_ui_summary(&top);
	struct org_change *cs;
	int n = 0, more = 0;
	if (org_change_list(r->st, r->a, CENTER_CHANGES_MAX, &cs, &n, &more) != 0)
		n = 0;
	html_printf(b, "<p>%s</p>\n", T(r, "Changes groups made to their public items, waiting for the center "
					  "(when the settings say changes are published after review)."));
	if (n == 0)
		html_printf(b, "<p>%s</p>\n", T(r, "No change is waiting."));
	if (more) {
		struct org_center_counts cc;
		char shown[32], all[32];
		html_fmt_int(shown, sizeof shown, n);
		html_fmt_int(all, sizeof all, org_center_counts(r->st, &cc) == 0 ? cc.changes : n);
		html_printf(b, "<p class=\"notice\" role=\"status\">%s %s / %s</p>\n",
			    T(r, "Only the oldest waiting changes are shown; the others appear here as these are decided. "
				 "Shown:"),
			    shown, all);
	}
	for (int i = 0; i < n; i++) {
		const struct org_change *c = &cs[i];
		struct org cur;
		if (org_get(r->st, r->a, c->org_id, &cur) != 0)
			continue;
		html_printf(b, "<section aria-labelledby=\"change-%lld\">\n<h2 id=\"change-%lld\"><a href=\"/center/orgs/%lld\">%s</a></h2>\n<p>",
			    c->id, c->id, cur.id, cur.v[ORG_F_NAME]);
		html_printf(b, "%s ", T(r, "Sent"));
		when_html(r, b, c->submitted_at);
		html_printf(b, " (%s)</p>\n", page_actor_text(r, c->submitted_by));
		org_change_table(r, b, &cur, c, arena_printf(r->a, "%s: %s", T(r, "Proposed changes"), cur.v[ORG_F_NAME]));
		struct form_ui f;
		form_ui_init(&f, r, b, failed_id == c->id ? e : NULL);
		f.idp = arena_printf(r->a, "%lld-", c->id);
		html_printf(b, "<div class=\"decision-row\">\n");
		form_ui_button(&f, arena_printf(r->a, "/center/changes/%lld/approve", c->id), T(r, "Publish the change"),
			       cur.v[ORG_F_NAME], 0, NULL);
		form_ui_open(&f, arena_printf(r->a, "/center/changes/%lld/reject", c->id), NULL);
		form_ui_textarea(&f, &(struct form_ui_field){ .name = "comment", .label = T(r, "Reason for not publishing"),
							      .context = cur.v[ORG_F_NAME], .rows = 2, .maxlength = 2000 });
		html_printf(b, "<div class=\"form-actions\"><button type=\"submit\" class=\"button button--secondary\">%s"
			       "<span class=\"visually-hidden\"> %s</span></button></div>\n",
			    T(r, "Do not publish"), cur.v[ORG_F_NAME]);
		form_ui_close(&f);
		buf_puts(b, "</div>\n</section>\n");
	}
	layout_end(r, o);
}

static int center_changes_get(struct req *r, struct resp *o)
{
	center_changes_page(r, o, 0, NULL);
	return 0;
}

static int center_change_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	int approve = strstr(r->path, "/approve") != NULL;
	const char *err = NULL;
	int rc = org_change_decide(r->st, &r->who, id, approve, req_form(r, "comment"), &err);
	if (rc == 0) {
		resp_redirect(o, approve ? "/center/changes?done=change-approved" : "/center/changes?done=change-rejected");
		return 0;
	}
	if (rc != -1)
		return page_domain_error(r, o, rc), 0;
	struct problems e = { 0 };
	problems_add(&e, "comment", err);
	o->status = 422;
	center_changes_page(r, o, id, &e);
	return 0;
}

#define CENTER (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))

const struct route center_routes[] = {
	{ HTTP_GET, "/center/orgs", center_list_get, CENTER, 0 },
	{ HTTP_GET, "/center/orgs/new", center_new_get, CENTER, 0 },
	{ HTTP_GET, "/center/orgs/export", center_export_get, CENTER, 0 },
	{ HTTP_POST, "/center/orgs/new", center_new_post, CENTER, 0 },
	{ HTTP_GET, "/center/orgs/{id}", center_show_get, CENTER, 0 },
	{ HTTP_GET, "/center/orgs/{id}/edit", center_edit_get, CENTER, 0 },
	{ HTTP_POST, "/center/orgs/{id}/edit", center_edit_post, CENTER, 0 },
	{ HTTP_GET, "/center/orgs/{id}/review", center_review_get, CENTER, 0 },
	{ HTTP_POST, "/center/orgs/{id}/review", center_review_post, CENTER, 0 },
	{ HTTP_POST, "/center/orgs/{id}/accounts", center_account_post, CENTER, 0 },
	{ HTTP_GET, "/center/changes", center_changes_get, CENTER, 0 },
	{ HTTP_POST, "/center/changes/{id}/approve", center_change_post, CENTER, 0 },
	{ HTTP_POST, "/center/changes/{id}/reject", center_change_post, CENTER, 0 },
	{ 0 },
};
