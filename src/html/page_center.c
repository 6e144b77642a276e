/* page_center: the civic activity center's registry screens (admin and coordinator) —
 * every record with filters and counts (/center/orgs), direct entry, a record in full
 * with its accounts, reviews and history, the center's edit, the review against the
 * checklist (approve or send back), pending public changes with a field-by-field diff,
 * the yearly confirmation request with the flagged list, and the registry's settings
 * (when public changes are published, the confirmation period, the checklist, the areas).
 * The record form is the shared one of page_org.c. */
#include "html/pages.h"
#include "html/page_org.h"
#include "html/html.h"
#include "html/layout.h"
#include "domain/account.h"
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
#define CENTER_FLAGGED_SHOWN 50

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
	html_printf(b, "<nav aria-label=\"%s\">\n<ul class=\"link-list\">\n", T(r, "Group registry"));
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
		{ "returned", N_("The application has been sent back to the group.") },
		{ "account", N_("The account has been added.") },
		{ "change-approved", N_("The change has been published.") },
		{ "change-rejected", N_("The change has been rejected; the group sees your comment.") },
		{ "requested", N_("Every registered group has been asked to confirm its data.") },
		{ "settings", N_("The settings have been saved.") },
		{ "rule", N_("The checklist has been saved.") },
		{ "area", N_("The areas have been saved.") },
		{ "city", N_("The city's names and codes have been saved.") },
	};
	const char *d = req_query(r, "done");
	for (size_t i = 0; d && i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(d, notes[i].done) == 0)
			return T(r, notes[i].msgid);
	return NULL;
}

static void center_begin(struct req *r, struct resp *o, const char *title)
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
	html_printf(b, "<form class=\"form filter-form\" method=\"get\" action=\"/center/orgs\">\n");
	page_input(b, "q", T(r, "Words in the name or reading, or a registration number"), f.q, NULL, 0);
	html_printf(b, "<div class=\"field\">\n<label for=\"f-review\">%s</label>\n<select id=\"f-review\" name=\"review\">\n"
		       "<option value=\"\">%s</option>\n",
		    T(r, "Registration state"), T(r, "Any"));
	for (int i = 0; i < ORG_REVIEW__MAX; i++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>\n", org_review_codes[i],
			    strcmp(f.review, org_review_codes[i]) == 0 ? " selected" : "",
			    T(r, org_review_label((enum org_review_state)i)));
	buf_puts(b, "</select>\n</div>\n");
	html_printf(b, "<div class=\"checkbox\"><input type=\"checkbox\" id=\"f-stale\" name=\"stale\" value=\"1\"%S> "
		       "<label for=\"f-stale\">%s</label></div>\n",
		    f.stale ? " checked" : "", T(r, "Only groups to be confirmed"));
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Filter"));

	/* the records */
	char cnt[32];
	html_fmt_int(cnt, sizeof cnt, total);
	html_printf(b, "<p role=\"status\">%s %s</p>\n", cnt, T(r, "records"));
	if (n > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
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
			org_time(b, w->confirmed_at);
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
		    T(r, "Download the registry"), T(r, "CSV (UTF-8, for Excel)"), T(r, "CSV (Shift_JIS)"), T(r, "Excel (.xlsx)"),
		    T(r, "JSON"),
		    T(r, "Every record with its review state and confirmation dates, in the columns the registry's import "
			 "reads (kyodo org import), so the file imports back. In the Shift_JIS file a character Shift_JIS "
			 "cannot hold is written as 〓; imported back, a 〓 keeps the stored character."));

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
	char err[256];
	if (spool_open(&sp) != 0)
		return -1;
	int rc = org_export(r->st, &eo, &sp.out, NULL, err, sizeof err);
	if (rc != 0) {
		spool_abort(&sp);
		if (rc == -1)
			log_warn("registry export: %s", err);
		return rc == -1 ? -1 : (page_domain_error(r, o, rc), 0);
	}
	if (spool_finish(&sp, &fb) != 0)
		return -1;
	resp_file(o, fb);
	o->content_type = org_export_content_type(eo.format, eo.enc);
	o->disposition = files[eo.format][eo.enc == CSV_ENC_CP932];
	return 0;
}

/* ---- direct entry: GET/POST /center/orgs/new ---- */

static void center_new_page(struct req *r, struct resp *o, const struct org *rec, const struct org_form_errors *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Register a group directly"));
	org_form_summary(r, b, e);
	html_printf(b, "<p>%s</p>\n", T(r, "A group the center enters is registered at once."));
	buf_puts(b, "<form class=\"form\" method=\"post\" action=\"/center/orgs/new\" novalidate>\n");
	layout_csrf(r, b);
	org_form_fields(r, b, rec, ORG_FORM_CENTER, e);
	html_printf(b, "<h2>%s</h2>\n<p class=\"hint\">%s</p>\n", T(r, "The group's account (optional)"),
		    T(r, "Leave the login name empty to add an account later."));
	org_form_account(r, b, 0, e);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/center/orgs\">%s</a></div>\n</form>\n",
		    T(r, "Register the group"), T(r, "Cancel"));
	layout_end(r, o);
}

static int center_new_get(struct req *r, struct resp *o)
{
	struct org rec;
	org_init(&rec);
	center_new_page(r, o, &rec, NULL);
	return 0;
}

/* The account inputs of a form: both passwords the same. */
static int center_account_inputs(struct req *r, struct org_form_errors *e, const char **login, const char **pw)
{
	*login = req_form(r, "login");
	*pw = req_form(r, "password");
	const char *p2 = req_form(r, "password2");
	if (!*login)
		*login = "";
	if (!*pw)
		*pw = "";
	if (**login && (!p2 || strcmp(*pw, p2) != 0)) {
		org_form_error(e, ORG_IN_PASSWORD, N_("The two passwords are not the same."));
		return -1;
	}
	return 0;
}

static int center_new_post(struct req *r, struct resp *o)
{
	struct org rec;
	struct org_form_errors e = { 0 };
	const char *login, *pw;
	org_init(&rec);
	org_form_read(r, &rec, ORG_FORM_CENTER, &e);
	center_account_inputs(r, &e, &login, &pw);
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
		    "<h2>%s</h2>\n<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Reviews"), T(r, "Decisions of the center"), T(r, "Time"), T(r, "By"), T(r, "Decision"),
		    T(r, "Comment"));
	for (int i = 0; i < n; i++) {
		buf_puts(b, "<tr><th scope=\"row\">");
		org_time(b, rv[i].at);
		html_printf(b, "</th><td>%s</td><td>%s</td><td>", rv[i].actor,
			    strcmp(rv[i].decision, "approve") == 0 ? T(r, "Approved") : T(r, "Sent back"));
		html_text_br(b, rv[i].comment);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static void center_accounts(struct req *r, struct buf *b, const struct org *rec, const struct org_form_errors *e)
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
	org_form_summary(r, b, e);
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/orgs/%lld/accounts\" novalidate>\n"
		       "<h3>%s</h3>\n",
		    rec->id, T(r, "Add an account"));
	layout_csrf(r, b);
	org_form_account(r, b, 1, e);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Add the account"));
}

static void center_show_page(struct req *r, struct resp *o, const struct org *rec, const struct org_form_errors *acc_e)
{
	struct buf *b = &o->body;
	center_begin(r, o, rec->v[ORG_F_NAME]);
	org_cp932_notice(r, b, rec);
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", T(r, "Registration state"),
		    T(r, org_review_label(rec->review)));
	html_printf(b, "<dt>%s</dt><dd>", T(r, "Applied or entered"));
	org_time(b, rec->created_at);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", T(r, "Last changed"));
	org_time(b, rec->updated_at);
	html_printf(b, "</dd>\n<dt>%s</dt><dd>", T(r, "Last confirmed"));
	org_time(b, rec->confirmed_at);
	if (rec->review == ORG_APPROVED && org_is_stale(r->st, rec))
		html_printf(b, " <strong class=\"error-message\">%s</strong>", T(r, "to be confirmed"));
	buf_puts(b, "</dd>\n");
	if (*rec->confirm_requested_at) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Confirmation requested"));
		org_time(b, rec->confirm_requested_at);
		buf_puts(b, "</dd>\n");
	}
	if (*rec->review_comment) {
		html_printf(b, "<dt>%s</dt><dd>", T(r, "Comment from the center"));
		html_text_br(b, rec->review_comment);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n<ul class=\"link-list\">\n");
	html_printf(b, "<li><a href=\"/center/orgs/%lld/edit\">%s</a></li>\n", rec->id, T(r, "Edit the record"));
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
	struct org_form_errors e = { 0 };
	const char *login, *pw;
	center_account_inputs(r, &e, &login, &pw);
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

static void center_edit_page(struct req *r, struct resp *o, const struct org *rec, const struct org_form_errors *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Edit the record"));
	org_form_summary(r, b, e);
	html_printf(b, "<p><a href=\"/center/orgs/%lld\">%s</a></p>\n", rec->id, rec->v[ORG_F_NAME]);
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/orgs/%lld/edit\" novalidate>\n", rec->id);
	layout_csrf(r, b);
	org_form_fields(r, b, rec, ORG_FORM_CENTER, e);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/center/orgs/%lld\">%s</a></div>\n</form>\n",
		    T(r, "Save"), rec->id, T(r, "Cancel"));
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
	struct org_form_errors e = { 0 };
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

static void center_review_page(struct req *r, struct resp *o, const struct org *rec, const struct org_form_errors *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Review the application"));
	org_form_summary(r, b, e);
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
	int post = r->method == HTTP_POST;
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/orgs/%lld/review\" novalidate>\n", rec->id);
	layout_csrf(r, b);
	const char *ce = NULL;
	for (int i = 0; e && i < e->n; i++)
		if (e->at[i] == ORG_IN_CHECKLIST)
			ce = e->msg[i];
	html_printf(b, "<fieldset class=\"field\" id=\"f-checklist\">\n<legend>%s</legend>\n<p class=\"hint\">%s</p>\n",
		    T(r, "The city's rules"), T(r, "Tick each rule the group meets. Approval needs every rule ticked."));
	if (ce)
		html_printf(b, "<p class=\"field-error\">%s</p>\n", T(r, ce));
	for (int i = 0; i < n; i++) {
		char name[40];
		snprintf(name, sizeof name, "rule_%lld", rules[i].id);
		html_printf(b, "<div class=\"checkbox\"><input type=\"checkbox\" id=\"f-rule-%lld\" name=\"%s\" value=\"1\"%S> "
			       "<label for=\"f-rule-%lld\">%s</label></div>\n",
			    rules[i].id, name, post && req_form(r, name) ? " checked" : "", rules[i].id, rules[i].text);
	}
	buf_puts(b, "</fieldset>\n");
	const char *dec = post ? req_form(r, "decision") : NULL;
	html_printf(b, "<fieldset class=\"field\">\n<legend>%s</legend>\n", T(r, "Decision"));
	html_printf(b, "<div class=\"checkbox\"><input type=\"radio\" id=\"f-decision-approve\" name=\"decision\" value=\"approve\"%S> "
		       "<label for=\"f-decision-approve\">%s</label></div>\n",
		    dec && strcmp(dec, "approve") == 0 ? " checked" : "", T(r, "Approve and register"));
	html_printf(b, "<div class=\"checkbox\"><input type=\"radio\" id=\"f-decision-return\" name=\"decision\" value=\"return\"%S> "
		       "<label for=\"f-decision-return\">%s</label></div>\n</fieldset>\n",
		    dec && strcmp(dec, "return") == 0 ? " checked" : "", T(r, "Send back for correction"));
	char *next = org_reg_number_next(r->st, r->a);
	char *hint = arena_printf(r->a, "%s %s", T(r, "On approval. Empty: the next free number,"), next ? next : "");
	page_input(b, "reg_number", T(r, "Registration number"), post ? req_form(r, "reg_number") : NULL, hint, 0);
	page_input(b, "reg_date", T(r, "Registered on"), post ? req_form(r, "reg_date") : NULL,
		   T(r, "On approval. Empty: today."), 0);
	page_textarea(b, "comment", T(r, "Comment to the group"), post ? req_form(r, "comment") : NULL,
		      T(r, "Required when sending back: say what to correct. The group sees it."));
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n",
		    T(r, "Record the decision"));
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

static int center_review_post(struct req *r, struct resp *o)
{
	struct org rec;
	if (center_org(r, o, &rec) != 0)
		return 0;
	struct org_form_errors e = { 0 };
	const char *dec = req_form(r, "decision");
	struct org_rule *rules;
	int n = 0, rc = org_rule_list(r->st, r->a, 1, &rules, &n);
	if (rc != 0)
		return page_domain_error(r, o, rc), 0;
	long long *ticked = arena_alloc(r->a, sizeof *ticked * (size_t)(n ? n : 1));
	int nt = 0;
	for (int i = 0; ticked && i < n; i++) {
		char name[40];
		snprintf(name, sizeof name, "rule_%lld", rules[i].id);
		if (req_form(r, name))
			ticked[nt++] = rules[i].id;
	}
	if (!dec || (strcmp(dec, "approve") != 0 && strcmp(dec, "return") != 0)) {
		org_form_error(&e, ORG_IN_DECISION, N_("Choose whether to approve or to send back."));
	} else {
		struct org_decision d = {
			.approve = strcmp(dec, "approve") == 0,
			.ticked = ticked,
			.nticked = nt,
			.comment = req_form(r, "comment") ? req_form(r, "comment") : "",
			.reg_number = req_form(r, "reg_number") ? req_form(r, "reg_number") : "",
			.reg_date = req_form(r, "reg_date") ? req_form(r, "reg_date") : "",
		};
		const char *err = NULL;
		int bad = -1;
		rc = org_review_decide(r->st, &r->who, rec.id, &d, &err, &bad);
		if (rc == 0) {
			resp_redirect(o, arena_printf(r->a, "/center/orgs/%lld?done=%s", rec.id,
						      d.approve ? "approved" : "returned"));
			return 0;
		}
		if (rc != -1)
			return page_domain_error(r, o, rc), 0;
		/* the inputs of this page are named as the record's fields */
		org_form_error(&e, bad == ORG_F_REG_NUMBER || bad == ORG_F_REG_DATE || bad >= ORG_F__MAX ? bad : -1, err);
	}
	o->status = 422;
	center_review_page(r, o, &rec, &e);
	return 0;
}

/* ---- pending changes: GET /center/changes, POST /center/changes/{id}/approve|reject ---- */

static void center_changes_page(struct req *r, struct resp *o, long long failed_id, const char *error)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Changes waiting"));
	if (error)
		layout_errors(b, &error, 1);
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
		org_time(b, c->submitted_at);
		html_printf(b, " (%s)</p>\n", c->submitted_by);
		org_change_table(r, b, &cur, c, arena_printf(r->a, "%s: %s", T(r, "Proposed changes"), cur.v[ORG_F_NAME]));
		html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/center/changes/%lld/approve\">\n", c->id);
		layout_csrf(r, b);
		html_printf(b, "<button type=\"submit\">%s<span class=\"visually-hidden\"> %s</span></button>\n</form>\n",
			    T(r, "Publish the change"), cur.v[ORG_F_NAME]);
		html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/changes/%lld/reject\">\n", c->id);
		layout_csrf(r, b);
		const char *kept = failed_id == c->id ? req_form(r, "comment") : NULL;
		html_printf(b, "<div class=\"field\">\n<label for=\"f-comment-%lld\">%s<span class=\"visually-hidden\"> %s</span></label>\n"
			       "<textarea id=\"f-comment-%lld\" name=\"comment\" rows=\"2\" maxlength=\"2000\">%s</textarea>\n</div>\n",
			    c->id, T(r, "Reason for not publishing"), cur.v[ORG_F_NAME], c->id, kept ? kept : "");
		html_printf(b, "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n</form>\n</section>\n",
			    T(r, "Do not publish"), cur.v[ORG_F_NAME]);
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
	o->status = 422;
	center_changes_page(r, o, id, T(r, err));
	return 0;
}

/* ---- yearly confirmation: GET/POST /center/confirm ---- */

static void center_confirm_page(struct req *r, struct resp *o, const char *error)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Yearly confirmation"));
	if (error)
		layout_errors(b, &error, 1);
	struct org_center_counts c;
	if (org_center_counts(r->st, &c) != 0)
		memset(&c, 0, sizeof c);
	int months = org_setting_int(r->st, "org.confirm_months", 12);
	html_printf(b, "<p>%s %d %s</p>\n", T(r, "A registered group is flagged when it has not confirmed its data for"),
		    months, T(r, "months (see the settings)."));
	html_printf(b, "<h2>%s</h2>\n", T(r, "Ask every group to confirm"));
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/confirm\">\n");
	layout_csrf(r, b);
	page_textarea(b, "message", T(r, "Message to the groups (optional)"),
		      r->method == HTTP_POST ? req_form(r, "message") : NULL,
		      T(r, "Each registered group sees the request on its own page until it confirms."));
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n",
		    T(r, "Send the request to every registered group"));

	struct org_confirm_req *reqs;
	int nreq = 0;
	if (org_confirm_requests(r->st, r->a, &reqs, &nreq) == 0 && nreq > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Requests sent"), T(r, "Time"), T(r, "By"), T(r, "Groups"), T(r, "Message"));
		for (int i = 0; i < nreq; i++) {
			buf_puts(b, "<tr><th scope=\"row\">");
			org_time(b, reqs[i].at);
			html_printf(b, "</th><td>%s</td><td class=\"num\">%d</td><td>", reqs[i].actor, reqs[i].orgs);
			html_text_br(b, reqs[i].message);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}

	html_printf(b, "<h2>%s (%d)</h2>\n", T(r, "Groups to be confirmed"), c.stale);
	struct org_center_filter f = { .stale = 1, .page = 1, .per_page = CENTER_FLAGGED_SHOWN };
	struct org_center_row *rows;
	int n = 0, total = 0;
	if (org_center_list(r->st, r->a, &f, &rows, &n, &total) == 0 && n > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Groups to be confirmed"), T(r, "Name"), T(r, "Last confirmed"), T(r, "Confirmation requested"));
		for (int i = 0; i < n; i++) {
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/center/orgs/%lld\">%s</a></th><td>", rows[i].id,
				    rows[i].name);
			org_time(b, rows[i].confirmed_at);
			buf_puts(b, "</td><td>");
			org_time(b, rows[i].confirm_requested_at);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	if (total > n)
		html_printf(b, "<p><a href=\"/center/orgs?stale=1\">%s</a></p>\n", T(r, "The whole list, with filters"));
	layout_end(r, o);
}

static int center_confirm_get(struct req *r, struct resp *o)
{
	center_confirm_page(r, o, NULL);
	return 0;
}

static int center_confirm_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	int count = 0;
	int rc = org_confirm_request(r->st, &r->who, req_form(r, "message"), &count, &err);
	if (rc == 0) {
		resp_redirect(o, "/center/confirm?done=requested");
		return 0;
	}
	if (rc != -1)
		return page_domain_error(r, o, rc), 0;
	o->status = 422;
	center_confirm_page(r, o, T(r, err));
	return 0;
}

/* ---- settings: GET/POST /center/settings, rules, areas ---- */

enum center_form { CF_NONE, CF_SETTINGS, CF_RULE_ADD, CF_AREA_ADD, CF_CITY };

/* The city as open data names it: prefecture, name, codes (org_city_settings_save). */
static void center_city_form(struct req *r, struct buf *b, int failed)
{
	struct arena *a = r->a;
	const char *pref = failed ? req_form(r, "prefecture") : org_setting(r->st, a, "city.prefecture", "");
	const char *name = failed ? req_form(r, "city_name") : org_setting(r->st, a, "city.name", "");
	const char *code = failed ? req_form(r, "city_code") : org_setting(r->st, a, "city.code", "");
	const char *corp = failed ? req_form(r, "city_corp") : org_setting(r->st, a, "city.corp_number", "");
	char *full = org_city_full_name(r->st, a);
	html_printf(b, "<h2>%s</h2>\n<p>%s <strong>%s</strong></p>\n", T(r, "The city in the open data"),
		    T(r, "The open data names the publisher as the standard asks (地方公共団体名 with the prefecture):"),
		    full ? full : "");
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/settings/city\">\n");
	layout_csrf(r, b);
	page_select(b, "prefecture", T(r, "Prefecture"), org_prefectures + 1, ORG_PREFECTURES, T(r, "Choose"),
		    pref ? pref : "");
	page_input(b, "city_name", T(r, "Name of the city, town or village"), name,
		   T(r, "Without the prefecture, for example 札幌市."), 1);
	page_input(b, "city_code", T(r, "Local government code (全国地方公共団体コード)"), code,
		   T(r, "6 digits with the check digit, for example 011002."), 1);
	page_input(b, "city_corp", T(r, "The city's corporate number (法人番号)"), corp,
		   T(r, "13 digits; the open data's 法人番号 column (the publisher's). May be empty."), 0);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n",
		    T(r, "Save the city"));
}

static void center_settings_page(struct req *r, struct resp *o, enum center_form failed, const char *error)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Registry settings"));
	if (error)
		layout_errors(b, &error, 1);
	const char *mode = failed == CF_SETTINGS ? req_form(r, "public_changes")
						 : org_setting(r->st, r->a, "org.public_changes", "immediate");
	const char *months = failed == CF_SETTINGS ? req_form(r, "confirm_months")
						   : arena_printf(r->a, "%d", org_setting_int(r->st, "org.confirm_months", 12));
	if (!mode)
		mode = "";
	html_printf(b, "<h2>%s</h2>\n<form class=\"form\" method=\"post\" action=\"/center/settings\">\n",
		    T(r, "Publishing and confirmation"));
	layout_csrf(r, b);
	html_printf(b, "<fieldset class=\"field\">\n<legend>%s</legend>\n", T(r, "When a group changes its public items"));
	html_printf(b, "<div class=\"checkbox\"><input type=\"radio\" id=\"f-pc-immediate\" name=\"public_changes\" value=\"immediate\"%S> "
		       "<label for=\"f-pc-immediate\">%s</label></div>\n",
		    strcmp(mode, "immediate") == 0 ? " checked" : "", T(r, "Publish at once"));
	html_printf(b, "<div class=\"checkbox\"><input type=\"radio\" id=\"f-pc-review\" name=\"public_changes\" value=\"review\"%S> "
		       "<label for=\"f-pc-review\">%s</label></div>\n</fieldset>\n",
		    strcmp(mode, "review") == 0 ? " checked" : "", T(r, "Publish after the center's review"));
	page_input(b, "confirm_months", T(r, "Flag a group that has not confirmed its data for (months)"), months,
		   T(r, "1 to 60; usually 12."), 1);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Save the settings"));

	center_city_form(r, b, failed == CF_CITY);

	/* the checklist */
	struct org_rule *rules;
	int n = 0;
	if (org_rule_list(r->st, r->a, 0, &rules, &n) != 0)
		n = 0;
	html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n", T(r, "The checklist of the city's rules"),
		    T(r, "The center reviews each application against the active rules, in this order."));
	if (n > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "Rules"), T(r, "No."), T(r, "Rule"), T(r, "Order"));
		for (int i = 0; i < n; i++) {
			const struct org_rule *ru = &rules[i];
			html_printf(b, "<tr><th scope=\"row\">%d</th><td>\n", i + 1);
			html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/center/settings/rules/%lld\">\n", ru->id);
			layout_csrf(r, b);
			html_printf(b, "<label for=\"f-rule-%lld\" class=\"visually-hidden\">%s %d</label>\n"
				       "<input type=\"text\" id=\"f-rule-%lld\" name=\"text\" value=\"%s\" maxlength=\"500\">\n"
				       "<input type=\"checkbox\" id=\"f-active-%lld\" name=\"active\" value=\"1\"%S> "
				       "<label for=\"f-active-%lld\">%s<span class=\"visually-hidden\"> %d</span></label>\n"
				       "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %d</span></button>\n</form>\n</td><td>\n",
				    ru->id, T(r, "Rule"), i + 1, ru->id, ru->text, ru->id, ru->active ? " checked" : "", ru->id,
				    T(r, "in use"), i + 1, T(r, "Save"), i + 1);
			if (i > 0) {
				html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/center/settings/rules/%lld/up\">\n", ru->id);
				layout_csrf(r, b);
				html_printf(b, "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %d</span></button>\n</form>\n",
					    T(r, "Up"), i + 1);
			}
			if (i + 1 < n) {
				html_printf(b, "<form class=\"inline-form\" method=\"post\" action=\"/center/settings/rules/%lld/down\">\n", ru->id);
				layout_csrf(r, b);
				html_printf(b, "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %d</span></button>\n</form>\n",
					    T(r, "Down"), i + 1);
			}
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/settings/rules\">\n");
	layout_csrf(r, b);
	page_input(b, "text", T(r, "A new rule"), failed == CF_RULE_ADD ? req_form(r, "text") : NULL, NULL, 1);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Add the rule"));

	/* the areas */
	struct org_area *areas;
	int na = 0;
	if (org_area_list(r->st, r->a, &areas, &na) != 0)
		na = 0;
	html_printf(b, "<h2>%s</h2>\n", T(r, "Activity areas"));
	if (na > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\">\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    T(r, "The city's areas"), T(r, "Kind"), T(r, "Name"));
		for (int i = 0; i < na; i++) {
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>\n"
				       "<form class=\"inline-form\" method=\"post\" action=\"/center/settings/areas/%lld\">\n",
				    areas[i].kind, areas[i].id);
			layout_csrf(r, b);
			html_printf(b, "<label for=\"f-area-%lld\" class=\"visually-hidden\">%s</label>\n"
				       "<input type=\"text\" id=\"f-area-%lld\" name=\"name\" value=\"%s\" maxlength=\"100\">\n"
				       "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %s</span></button>\n</form>\n</td></tr>\n",
				    areas[i].id, areas[i].name, areas[i].id, areas[i].name, T(r, "Rename"), areas[i].name);
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	html_printf(b, "<form class=\"form\" method=\"post\" action=\"/center/settings/areas\">\n");
	layout_csrf(r, b);
	page_input(b, "name", T(r, "A new area"), failed == CF_AREA_ADD ? req_form(r, "name") : NULL, NULL, 1);
	page_input(b, "kind", T(r, "Kind of area"), failed == CF_AREA_ADD ? req_form(r, "kind") : NULL,
		   T(r, "For example 地区 or 小学校区; empty: 地区."), 0);
	html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", T(r, "Add the area"));
	layout_end(r, o);
}

static int center_settings_get(struct req *r, struct resp *o)
{
	center_settings_page(r, o, CF_NONE, NULL);
	return 0;
}

/* After a settings write: back to the page, or the page with the error (422). */
static int center_settings_done(struct req *r, struct resp *o, long long rc, const char *err, enum center_form f,
				const char *done)
{
	if (rc >= 0) {
		resp_redirect(o, arena_printf(r->a, "/center/settings?done=%s", done));
		return 0;
	}
	if (rc != -1)
		return page_domain_error(r, o, (int)rc), 0;
	o->status = 422;
	center_settings_page(r, o, f, T(r, err));
	return 0;
}

static int center_settings_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	int bad;
	int rc = org_settings_save(r->st, &r->who, req_form(r, "public_changes"), req_form(r, "confirm_months"), &err, &bad);
	return center_settings_done(r, o, rc, err, CF_SETTINGS, "settings");
}

static int center_city_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	int bad;
	struct org_city_input in = { req_form(r, "prefecture"), req_form(r, "city_name"), req_form(r, "city_code"),
				     req_form(r, "city_corp") };
	int rc = org_city_settings_save(r->st, &r->who, &in, &err, &bad);
	return center_settings_done(r, o, rc, err, CF_CITY, "city");
}

static int center_rule_add_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	long long rc = org_rule_add(r->st, &r->who, req_form(r, "text"), &err);
	return center_settings_done(r, o, rc, err, CF_RULE_ADD, "rule");
}

static int center_rule_edit_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	const char *err = NULL;
	int rc = org_rule_edit(r->st, &r->who, id, req_form(r, "text"), req_form(r, "active") != NULL, &err);
	return center_settings_done(r, o, rc, err, CF_NONE, "rule");
}

static int center_rule_move_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	const char *err = NULL;
	int rc = org_rule_move(r->st, &r->who, id, strstr(r->path, "/up") != NULL, &err);
	return center_settings_done(r, o, rc, err, CF_NONE, "rule");
}

static int center_area_add_post(struct req *r, struct resp *o)
{
	const char *err = NULL;
	long long rc = org_area_add(r->st, &r->who, req_form(r, "name"), req_form(r, "kind"), &err);
	return center_settings_done(r, o, rc, err, CF_AREA_ADD, "area");
}

static int center_area_rename_post(struct req *r, struct resp *o)
{
	long long id = req_param_id(r, 0);
	if (id <= 0)
		return resp_error(r, o, 404, NULL);
	const char *err = NULL;
	int rc = org_area_rename(r->st, &r->who, id, req_form(r, "name"), &err);
	return center_settings_done(r, o, rc, err, CF_NONE, "area");
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
	{ HTTP_GET, "/center/confirm", center_confirm_get, CENTER, 0 },
	{ HTTP_POST, "/center/confirm", center_confirm_post, CENTER, 0 },
	{ HTTP_GET, "/center/settings", center_settings_get, CENTER, 0 },
	{ HTTP_POST, "/center/settings", center_settings_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/city", center_city_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules", center_rule_add_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules/{id}", center_rule_edit_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules/{id}/up", center_rule_move_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/rules/{id}/down", center_rule_move_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/areas", center_area_add_post, CENTER, 0 },
	{ HTTP_POST, "/center/settings/areas/{id}", center_area_rename_post, CENTER, 0 },
	{ 0 },
};
