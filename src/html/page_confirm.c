/* page_confirm: the center's yearly confirmation (admin and coordinator) —
 *   /center/confirm          how many groups are due (not confirmed within the city's
 *                            months, or never) and how many have no email; the request to
 *                            the due groups or to every registered group; the requests sent;
 *                            the due groups;
 *   /center/confirm/letters  a letter per group without email (one A4 page each, in
 *                            postal-code order): the date in 和暦, the city and the center's
 *                            contact, the registered data to confirm, how to confirm (by
 *                            login, or by returning the letter);
 *   /center/confirm/labels   address labels for the same groups (12 to an A4 sheet:
 *                            postal code, address, group, representative).
 * ?target=due|all chooses the groups of a print. The prints hold personal data: each is an
 * audit row (domain/org_personal.h) before it leaves, is never cached, and is written
 * through a spool file, so memory stays bounded whatever the number of groups. */
#include "html/pages.h"
#include "html/page_center.h"
#include "html/page_org.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "domain/org_confirm.h"
#include "domain/org_personal.h"
#include "domain/org_review.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/spool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIRM_FLAGGED_SHOWN 50
#define CONFIRM_LABELS_PER_SHEET 12	/* 2 columns × 6 rows of 86.4 × 42.3 mm on A4 */

/* What each target is called (its code is stored with a request). */
static const char *const confirm_target_msgids[ORG_CONFIRM__MAX] = {
	[ORG_CONFIRM_DUE] = N_("Only the groups that are due"),
	[ORG_CONFIRM_ALL] = N_("Every registered group"),
};

static const char *confirm_target_text(struct req *r, const char *code)
{
	int t = org_confirm_target_parse(code);
	return t >= 0 ? T(r, confirm_target_msgids[t]) : code;
}

/* " (3 groups)" after a link (from r->a). */
static const char *confirm_groups_n(struct req *r, int n) { return arena_printf(r->a, T(r, " (%d groups)"), n); }

/* ---- GET/POST /center/confirm ---- */

static void confirm_requests_table(struct req *r, struct buf *b)
{
	struct org_confirm_req *reqs;
	int nreq = 0;
	if (org_confirm_requests(r->st, r->a, &reqs, &nreq) != 0 || nreq == 0)
		return;
	html_printf(b,
		    "<h2>%s</h2>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n"
		    "<table>\n<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "Requests sent"), b->len, b->len, T(r, "Requests sent"), T(r, "Time"), T(r, "By"), T(r, "Groups asked"),
		    T(r, "Groups"), T(r, "Message"));
	for (int i = 0; i < nreq; i++) {
		buf_puts(b, "<tr><th scope=\"row\">");
		when_html(r, b, reqs[i].at);
		html_printf(b, "</th><td>%s</td><td>%s</td><td class=\"num\">%d</td><td>", page_actor_text(r, reqs[i].actor),
			    confirm_target_text(r, reqs[i].target), reqs[i].orgs);
		html_text_br(b, reqs[i].message);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

static void confirm_due_table(struct req *r, struct buf *b, int due)
{
	html_printf(b, "<h2>%s (%d)</h2>\n", T(r, "Groups to be confirmed"), due);
	struct org_center_filter flt = { .stale = 1, .page = 1, .per_page = CONFIRM_FLAGGED_SHOWN };
	struct org_center_row *rows;
	int n = 0, total = 0;
	if (org_center_list(r->st, r->a, &flt, &rows, &n, &total) == 0 && n > 0) {
		html_printf(b,
			    "<div class=\"table-wrap\" tabindex=\"0\" role=\"group\" aria-labelledby=\"tbl%zu\">\n<table>\n"
			    "<caption id=\"tbl%zu\">%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    b->len, b->len, T(r, "Groups to be confirmed"), T(r, "Name"), T(r, "Last confirmed"),
			    T(r, "Confirmation requested"));
		for (int i = 0; i < n; i++) {
			html_printf(b, "<tr><th scope=\"row\"><a href=\"/center/orgs/%lld\">%s</a></th><td>", rows[i].id,
				    rows[i].name);
			when_html(r, b, rows[i].confirmed_at);
			buf_puts(b, "</td><td>");
			when_html(r, b, rows[i].confirm_requested_at);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	if (total > n)
		html_printf(b, "<p><a href=\"/center/orgs?stale=1\">%s</a></p>\n", T(r, "The whole list, with filters"));
}

static void confirm_page(struct req *r, struct resp *o, const struct problems *e)
{
	struct buf *b = &o->body;
	center_begin(r, o, T(r, "Yearly confirmation"));
	struct form_ui f;
	form_ui_init(&f, r, b, e);
	form_ui_summary(&f);
	struct org_confirm_counts c;
	if (org_confirm_count(r->st, &c) != 0)
		memset(&c, 0, sizeof c);
	html_printf(b, "<p>%s</p>\n",
		    arena_printf(r->a, T(r, "A registered group is due when it has not confirmed its data for %d months "
					    "(see the settings), or never has."),
				 org_confirm_months(r->st)));
	html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%d</dd>\n<dt>%s</dt><dd>%d</dd>\n"
		       "<dt>%s</dt><dd>%d</dd>\n<dt>%s</dt><dd>%d</dd>\n</dl>\n",
		    T(r, "Registered groups"), c.all, T(r, "Due for confirmation"), c.due,
		    T(r, "Registered groups without email"), c.all_postal, T(r, "Due groups without email"), c.due_postal);

	html_printf(b, "<h2>%s</h2>\n", T(r, "Ask the groups to confirm"));
	form_ui_open(&f, "/center/confirm", NULL);
	const struct form_ui_choice targets[] = {
		{ "due", arena_printf(r->a, T(r, "Only the groups that are due (%d)"), c.due), NULL, 0,
		  T(r, "Not confirmed within the months of the settings, or never.") },
		{ "all", arena_printf(r->a, T(r, "Every registered group (%d)"), c.all), NULL, 0, NULL },
	};
	form_ui_radios(&f, &(struct form_ui_field){ .name = "target", .label = T(r, "Which groups to ask"), .required = 1,
						    .value = "due" },
		       targets, 2);
	form_ui_textarea(&f, &(struct form_ui_field){
				     .name = "message", .label = T(r, "Message to the groups (optional)"),
				     .maxlength = ORG_COMMENT_MAX,
				     .hint = T(r, "Each group asked sees the request on its own page until it confirms.") });
	form_ui_submit(&f, T(r, "Send the request"), NULL, NULL);
	form_ui_close(&f);

	html_printf(b, "<h2 id=\"prints\">%s</h2>\n<p>%s</p>\n", T(r, "Letters and labels for groups without email"),
		    T(r, "A group without an email address is asked by post: print a letter for each (one A4 page per "
			 "group, in postal-code order) or a sheet of address labels. The prints hold personal data; each "
			 "print is recorded in the audit log."));
	html_printf(b,
		    "<ul class=\"link-list\">\n"
		    "<li><a href=\"/center/confirm/letters?target=due\">%s</a>%s</li>\n"
		    "<li><a href=\"/center/confirm/labels?target=due\">%s</a>%s</li>\n"
		    "<li><a href=\"/center/confirm/letters?target=all\">%s</a>%s</li>\n"
		    "<li><a href=\"/center/confirm/labels?target=all\">%s</a>%s</li>\n</ul>\n",
		    T(r, "Letters to the due groups without email"), confirm_groups_n(r, c.due_postal),
		    T(r, "Address labels of the due groups without email"), confirm_groups_n(r, c.due_postal),
		    T(r, "Letters to every registered group without email"), confirm_groups_n(r, c.all_postal),
		    T(r, "Address labels of every registered group without email"), confirm_groups_n(r, c.all_postal));
	confirm_requests_table(r, b);
	confirm_due_table(r, b, c.due);
	layout_end(r, o);
}

static int confirm_get(struct req *r, struct resp *o)
{
	confirm_page(r, o, NULL);
	return 0;
}

static int confirm_post(struct req *r, struct resp *o)
{
	struct problems e = { 0 };
	int target = org_confirm_target_parse(req_form(r, "target"));
	if (target < 0)
		problems_add(&e, "target", N_("Choose which groups to ask."));
	const char *err = NULL;
	int count = 0, rc = target < 0 ? -1 : org_confirm_request(r->st, &r->who, (enum org_confirm_target)target,
								   req_form(r, "message"), &count, &err);
	if (rc == 0) {
		resp_redirect(o, target == ORG_CONFIRM_DUE ? "/center/confirm?done=requested-due"
							   : "/center/confirm?done=requested");
		return 0;
	}
	if (rc != -1)
		return page_domain_error(r, o, rc), 0;
	if (err)
		problems_add(&e, "message", err);
	o->status = 422;
	confirm_page(r, o, &e);
	return 0;
}

/* ---- the prints ---- */

/* A page written through a spool file: o->body drains into it while the page is built. */
struct confirm_sheet {
	struct spool sp;
	struct buf saved;
};

static int confirm_sheet_open(struct resp *o, struct confirm_sheet *sh)
{
	if (spool_open(&sh->sp) != 0)
		return -1;
	sh->saved = o->body;
	o->body = sh->sp.out;
	return 0;
}

static void confirm_sheet_close(struct resp *o, struct confirm_sheet *sh)
{
	sh->sp.out = o->body;
	o->body = sh->saved;
}

/* The groups of a print (ids from r->a): the registered groups of target without email;
 * those without a postal address are named, not printed. */
struct confirm_print {
	enum org_confirm_target target;
	long long *ids;
	int n;
};

static int confirm_print_read(struct req *r, struct resp *o, struct confirm_print *p)
{
	const char *t = req_query(r, "target");
	int target = t && *t ? org_confirm_target_parse(t) : ORG_CONFIRM_DUE;
	if (target < 0)
		return resp_error(r, o, 400, N_("Choose which groups: due or all.")), -1;
	p->target = (enum org_confirm_target)target;
	int rc = org_confirm_postal_ids(r->st, r->a, p->target, &p->ids, &p->n);
	if (rc != 0)
		return page_domain_error(r, o, rc), -1;
	return 0;
}

static int confirm_mailable(const struct org *g) { return *g->v[ORG_F_POSTAL] && *g->v[ORG_F_ADDRESS]; }

/* The addressee's person: "代表 森川 千景 様", the contact person, or NULL (then 御中). */
static const char *confirm_person(struct req *r, const struct org *g)
{
	if (*g->v[ORG_F_REP_NAME])
		return arena_printf(r->a, T(r, "Representative %s"), g->v[ORG_F_REP_NAME]);
	if (*g->v[ORG_F_CONTACT_NAME])
		return g->v[ORG_F_CONTACT_NAME];
	return NULL;
}

static void confirm_address_block(struct req *r, struct buf *b, const struct org *g, const char *cls)
{
	const char *person = confirm_person(r, g);
	html_printf(b, "<p class=\"%s\">〒%s<br>%s<br><span class=\"%s__name\">%s</span>", cls, g->v[ORG_F_POSTAL],
		    g->v[ORG_F_ADDRESS], cls,
		    person ? g->v[ORG_F_NAME] : arena_printf(r->a, T(r, "%s (addressee, a group)"), g->v[ORG_F_NAME]));
	if (person)
		html_printf(b, "<br><span class=\"%s__person\">%s</span>", cls,
			    arena_printf(r->a, T(r, "%s (addressee, a person)"), person));
	buf_puts(b, "</p>\n");
}

/* The groups a print leaves out for want of an address, by name (no-print); how many it
 * prints. */
static int confirm_unmailable_note(struct req *r, struct buf *b, const struct confirm_print *p)
{
	int shown = 0, printed = 0;
	struct arena *a = NULL;
	for (int i = 0; i < p->n; i++) {
		if (i % 64 == 0) {
			arena_free(a);
			if (!(a = arena_new(0)))
				break;
		}
		struct org g;
		if (org_get(r->st, a, p->ids[i], &g) != 0)
			continue;
		if (confirm_mailable(&g)) {
			printed++;
			continue;
		}
		if (!shown++)
			html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p>\n<ul>\n",
				    T(r, "These groups have neither an email address nor a postal address; they are not "
					 "printed. Reach them another way:"));
		html_printf(b, "<li><a href=\"/center/orgs/%lld\">%s</a></li>\n", g.id, g.v[ORG_F_NAME]);
	}
	arena_free(a);
	if (shown)
		buf_puts(b, "</ul>\n</div>\n");
	if (!printed)
		html_printf(b, "<p><strong>%s</strong></p>\n", T(r, "No group to print."));
	return printed;
}

/* The registered items a letter asks to confirm, in order. */
static const enum org_field confirm_letter_fields[] = {
	ORG_F_NAME, ORG_F_KANA, ORG_F_KIND, ORG_F_REG_NUMBER, ORG_F_REP_NAME, ORG_F_CONTACT_NAME, ORG_F_POSTAL,
	ORG_F_ADDRESS, ORG_F_PHONE, ORG_F_FAX, ORG_F_EMAIL, ORG_F_WEBSITE, ORG_F_MEMBERS, ORG_F_STATUS, ORG_F_RECRUITING,
};

static void confirm_letter_row(struct buf *b, const char *label)
{
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>", label);
}

static void confirm_letter(struct req *r, struct buf *b, const struct org *g, const char *today, const char *site,
			   const char *center, const char *contact, const char *city)
{
	html_printf(b, "<article class=\"letter\" aria-labelledby=\"letter-%lld\">\n<div class=\"letter__head\">\n"
		       "<p class=\"letter__date\">%s</p>\n", g->id, today);
	confirm_address_block(r, b, g, "letter__to");
	html_printf(b, "<p class=\"letter__from\">%s<br>%s", city, center);
	if (*contact) {
		buf_puts(b, "<br>");
		html_text_br(b, contact);
	}
	buf_puts(b, "</p>\n</div>\n");
	html_printf(b, "<h2 class=\"letter__title\" id=\"letter-%lld\">%s</h2>\n<p>%s</p>\n", g->id,
		    T(r, "Request to confirm your registered data"),
		    T(r, "Thank you for your work for our town. Once a year we ask each registered group to confirm that "
			 "its registered data is up to date. Please check the data below and tell us in one of these two "
			 "ways."));
	/* how: by login (the group's accounts), or by returning the letter */
	struct org_account *acc;
	int nacc = 0;
	if (org_accounts(r->st, r->a, g->id, &acc, &nacc) != 0)
		nacc = 0;
	struct buf logins = BUF_INIT;
	for (int i = 0; i < nacc; i++)
		if (!acc[i].disabled)
			buf_printf(&logins, "%s%s", logins.len ? "、" : "", acc[i].login);
	html_printf(b, "<h3>%s</h3>\n<ol class=\"letter__how\">\n<li><strong>%s</strong> ", T(r, "How to confirm"),
		    T(r, "By logging in:"));
	if (logins.len && *site)
		html_printf(b, "%s", arena_printf(r->a, T(r, "log in at %s with your group's login name (%s). On “Our "
							 "group”, press “Our data is up to date”, or correct what has "
							 "changed with “Edit our profile”."),
						     site, buf_cstr(&logins)));
	else if (logins.len)
		html_printf(b, "%s", arena_printf(r->a, T(r, "log in to the city's Kyodo site with your group's login name "
							 "(%s). On “Our group”, press “Our data is up to date”, or "
							 "correct what has changed with “Edit our profile”."),
						     buf_cstr(&logins)));
	else
		html_printf(b, "%s", T(r, "your group has no login yet; the center will make one on request."));
	buf_free(&logins);
	html_printf(b, "</li>\n<li><strong>%s</strong> %s</li>\n</ol>\n", T(r, "By returning this letter:"),
		    T(r, "write any change in the right-hand column, tick a box at the bottom, and send or bring this "
			 "letter to the center (address above)."));
	/* the data */
	html_printf(b, "<table class=\"letter__data\">\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    arena_printf(r->a, T(r, "Your registered data on %s"), today), T(r, "Item"), T(r, "Registered data"),
		    T(r, "Changes (write here)"));
	for (size_t i = 0; i < sizeof confirm_letter_fields / sizeof confirm_letter_fields[0]; i++) {
		enum org_field f = confirm_letter_fields[i];
		confirm_letter_row(b, f == ORG_F_STATUS ? T(r, "Activity status") : T(r, org_field_specs[f].label));
		if (*g->v[f])
			org_fact_value(r, b, g, f);
		else
			buf_puts(b, "—");
		buf_puts(b, "</td><td></td></tr>\n");
		if (f == ORG_F_KIND) {	/* the fields and areas after the kind */
			confirm_letter_row(b, T(r, "Activity fields"));
			for (int k = 0; k < g->nfields; k++)
				html_printf(b, "%S%s", k ? "、" : "", org_npo_fields_short[g->fields[k]]);
			buf_puts(b, g->nfields ? "</td><td></td></tr>\n" : "—</td><td></td></tr>\n");
			confirm_letter_row(b, T(r, "Activity areas"));
			for (int k = 0; k < g->nareas; k++)
				html_printf(b, "%S%s", k ? "、" : "", g->area_names[k]);
			buf_puts(b, g->nareas ? "</td><td></td></tr>\n" : "—</td><td></td></tr>\n");
		}
	}
	buf_puts(b, "</tbody>\n</table>\n");
	html_printf(b, "<p class=\"letter__reply\">%s<br>%s</p>\n</article>\n",
		    T(r, "□ No change　　□ Changes written above"), T(r, "Date:　　　　　　　　Written by:"));
}

/* The city, the center and the site as a letter names them (from r->a). */
static void confirm_sender(struct req *r, const char **city, const char **center, const char **contact,
			   const char **site)
{
	*city = org_setting(r->st, r->a, "city.name", "");
	*center = org_setting(r->st, r->a, "center.name", "");
	if (!*center || !**center)
		*center = T(r, "Civic activity center");
	*contact = org_setting(r->st, r->a, "center.contact", "");
	*site = org_setting(r->st, r->a, "site.base_url", "");
	if (!*city)
		*city = "";
	if (!*contact)
		*contact = "";
	if (!*site)
		*site = "";
}

/* Builds a print into a spool (fn writes the groups), records it as a download of personal
 * data and sends it. */
static int confirm_print(struct req *r, struct resp *o, enum org_personal_kind kind, const char *title,
			 const char *intro, void (*fn)(struct req *r, struct buf *b, const struct confirm_print *p))
{
	struct confirm_print p = { 0 };
	if (confirm_print_read(r, o, &p) != 0)
		return 0;
	struct confirm_sheet sh;
	if (confirm_sheet_open(o, &sh) != 0)
		return -1;
	struct buf *b = &o->body;
	layout_begin_sheet(r, o, title);
	html_printf(b, "<div class=\"sheet-intro\">\n<p><a href=\"/center/confirm#prints\">%s</a></p>\n<p>%s</p>\n",
		    T(r, "Back to the yearly confirmation"), intro);
	html_printf(b, "<p>%s%s</p>\n", T(r, "Groups printed: "), T(r, confirm_target_msgids[p.target]));
	int printed = confirm_unmailable_note(r, b, &p);
	buf_puts(b, "</div>\n");
	fn(r, b, &p);
	layout_end(r, o);
	confirm_sheet_close(o, &sh);
	struct filebody *fb = NULL;
	if (spool_finish(&sh.sp, &fb) != 0)
		return -1;
	struct org_personal_use use = { kind, "html", NULL, org_confirm_target_codes[p.target], printed };
	int rc = org_personal_record(r->st, &r->who, &use);
	if (rc != 0) {
		filebody_unref(fb);
		return rc == -1 ? resp_error(r, o, 403, NULL) : (page_domain_error(r, o, rc), 0);
	}
	resp_file(o, fb);
	o->cache_control = "no-store";
	return 0;
}

static void confirm_letters_write(struct req *r, struct buf *b, const struct confirm_print *p)
{
	const char *city, *center, *contact, *site;
	confirm_sender(r, &city, &center, &contact, &site);
	char now[24];
	org_now(now);
	const char *today = when_date_text(r, now);
	struct arena *a = NULL;
	for (int i = 0; i < p->n; i++) {
		if (i % 64 == 0) {	/* each group's record from an arena of its own batch */
			arena_free(a);
			if (!(a = arena_new(0)))
				return;
		}
		struct org g;
		if (org_get(r->st, a, p->ids[i], &g) != 0 || !confirm_mailable(&g))
			continue;
		confirm_letter(r, b, &g, today, site, center, contact, city);
	}
	arena_free(a);
}

static void confirm_labels_write(struct req *r, struct buf *b, const struct confirm_print *p)
{
	struct arena *a = NULL;
	int on_sheet = 0;
	for (int i = 0; i < p->n; i++) {
		if (i % 64 == 0) {
			arena_free(a);
			if (!(a = arena_new(0)))
				break;
		}
		struct org g;
		if (org_get(r->st, a, p->ids[i], &g) != 0 || !confirm_mailable(&g))
			continue;
		if (on_sheet == 0)
			html_printf(b, "<div class=\"label-sheet\" role=\"list\" aria-label=\"%s\">\n", T(r, "Address labels"));
		buf_puts(b, "<div class=\"label\" role=\"listitem\">\n");
		confirm_address_block(r, b, &g, "label__text");
		buf_puts(b, "</div>\n");
		if (++on_sheet == CONFIRM_LABELS_PER_SHEET) {
			buf_puts(b, "</div>\n");
			on_sheet = 0;
		}
	}
	if (on_sheet)
		buf_puts(b, "</div>\n");
	arena_free(a);
}

static int confirm_letters_get(struct req *r, struct resp *o)
{
	return confirm_print(r, o, ORG_PERSONAL_LETTERS, T(r, "Letters asking groups to confirm"),
			     T(r, "One letter per group without an email address, one A4 page each, in postal-code order. "
				  "Print this page with the browser (A4, portrait); these notes are not printed. The "
				  "letters hold personal data: this print is recorded in the audit log."),
			     confirm_letters_write);
}

static int confirm_labels_get(struct req *r, struct resp *o)
{
	return confirm_print(r, o, ORG_PERSONAL_LABELS, T(r, "Address labels of groups"),
			     T(r, "Labels for the groups without an email address, in postal-code order: 12 to an A4 sheet "
				  "(2 columns × 6 rows, 86.4 × 42.3 mm). Print this page with the browser at 100 % on the "
				  "label sheets; these notes are not printed. The labels hold personal data: this print is "
				  "recorded in the audit log."),
			     confirm_labels_write);
}

#define CENTER (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR))

const struct route confirm_routes[] = {
	{ HTTP_GET, "/center/confirm", confirm_get, CENTER, 0 },
	{ HTTP_POST, "/center/confirm", confirm_post, CENTER, 0 },
	{ HTTP_GET, "/center/confirm/letters", confirm_letters_get, CENTER, 0 },
	{ HTTP_GET, "/center/confirm/labels", confirm_labels_get, CENTER, 0 },
	{ 0 },
};
