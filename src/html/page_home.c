/* page_home: the start page (home_routes). It names the city (its settings: the name
 * the center sets, org_city.c), shows a logged-in person what awaits them — the dashboard
 * of domain/home_awaits.c, one panel per kind of work, with its count, the most urgent
 * rows and a link to the full list (home_kinds below has each kind's words and links) —
 * and leads every viewer to what they came for: the public to the progress reports, the
 * directory of groups and the application to register a group (団体登録の申請); a
 * logged-in person to the screens of their role. */
#include "http/http.h"
#include "domain/home_awaits.h"
#include "domain/project.h"
#include "domain/org.h"
#include "domain/plan_visibility.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/page_org.h"
#include "html/pages.h"
#include "html/page_endorse.h"
#include "html/when.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdlib.h>
#include <string.h>

struct home_link {
	const char *href, *label, *desc;
	unsigned roles;
	int public_route;	/* a public page (ROUTE_PUBLIC): offered by an instance of --public-only too */
};

static const struct home_link home_links[] = {
	{ "/reports", N_("Progress reports"), N_("How far the city's collaboration plan has come, year by year."), ROLES_ANY,
	  1 },
	{ "/groups", N_("Find groups"),
	  N_("Citizen groups, community organisations and businesses that work for the city: search by field and area."),
	  ROLES_ANY, 1 },
	{ "/register", N_("Apply to register a group"),
	  N_("Register your group with the civic activity center to appear in the directory."), ROLE_BIT(ROLE_PUBLIC) },
	{ "/adopt", N_("Adopt a place"), N_("Parks, roads and riverbanks that groups look after, and the places still looking for a group."),
	  ROLES_ANY, 1 },
	{ "/plans", N_("Plans"), N_("Plan items and their yearly progress (PDCA)."), PLAN_READER_ROLES },
	{ "/my/group", N_("Our group"), N_("Your group's profile, its confirmation and the center's messages."),
	  ROLE_BIT(ROLE_GROUP) },
	{ "/my/adopt", N_("Our group's adoptions"), N_("The places your group cares for, its applications and the reports due."),
	  ROLE_BIT(ROLE_GROUP) },
	{ "/adopt/manage", N_("Places and agreements"),
	  N_("Adoption programme: places, applications to decide, agreements ending soon and reports missing."),
	  ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) },
	{ "/center/orgs", N_("Group registry"), N_("Applications, changes to review and the yearly confirmation."),
	  ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) },
	{ "/admin/users", N_("Users"), N_("Accounts and roles."), ROLE_BIT(ROLE_ADMIN) },
	{ "/admin/departments", N_("Departments"), N_("The list of the city's departments the forms choose from."),
	  ROLE_BIT(ROLE_ADMIN) },
	{ "/admin/audit", N_("Audit log"), N_("Who changed what, and when."), ROLE_BIT(ROLE_ADMIN) },
	{ "/endorsements", N_("Events the city endorses"), N_("Events of citizen groups that carry the city's name (後援名義)."),
	  ROLES_ANY, 1 },
	{ "/my/endorsements", N_("Our endorsements"), N_("Apply for the city's endorsement of an event, and report on it."),
	  ROLE_BIT(ROLE_GROUP) },
	{ "/city/endorsements", N_("Endorsement requests"), N_("Decide on endorsements and follow their reports."),
	  ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_ADMIN) },
	{ NULL, NULL, NULL, 0 },
};

/* ---- the dashboard: what awaits the viewer ---- */

/* text with "{key}" replaced by val (from the arena); text itself when key is absent */
static const char *home_sub(struct req *r, const char *text, const char *key, const char *val)
{
	const char *at = strstr(text, key);
	if (!at)
		return text;
	const char *s = arena_printf(r->a, "%.*s%s%s", (int)(at - text), text, val, at + strlen(key));
	return s ? s : text;
}

static const char *home_num(struct req *r, int n)
{
	return arena_printf(r->a, "%d", n);
}

/* "{n}件" with the number large: the number escaped (it is one), the words around it too */
static void home_count_html(struct req *r, struct buf *b, const char *msgid, int n)
{
	const char *t = T(r, msgid), *at = strstr(t, "{n}");
	buf_puts(b, "<p class=\"await__count\">");
	if (!at) {
		html_printf(b, "<span class=\"await__num\">%d</span> %s</p>\n", n, t);
		return;
	}
	html_escn(b, t, (size_t)(at - t));
	html_printf(b, "<span class=\"await__num\">%d</span>", n);
	html_esc(b, at + 3);
	buf_puts(b, "</p>\n");
}

/* A fact of a panel: <dt>label</dt><dd>…</dd> opened; the caller writes the value. */
static void home_fact(struct req *r, struct buf *b, const char *label)
{
	html_printf(b, "<dt>%s</dt><dd>", T(r, label));
}

static void home_fact_of(struct req *r, struct buf *b, const char *label, int done, int total)
{
	home_fact(r, b, label);
	html_printf(b, "%d / %d</dd>\n", done, total);
}

/* ---- the rows of each kind ---- */

/* An adoption: the place, the group, and the date or the year. */
static void home_row_adopt(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	html_printf(b, "<a href=\"/adopt/agreements/%lld\">%s</a><span class=\"await__meta\">%s ", w->id, w->title,
		    w->comment);
	if (p->kind == HOME_ADOPT_MISSING && w->code && *w->code) {
		char fy[64];
		page_fy_label(atoi(w->code), fy, sizeof fy);
		html_printf(b, "%s", fy);
	} else {
		html_printf(b, "%s ", p->kind == HOME_ADOPT_ENDING ? T(r, "ends on") : T(r, "applied on"));
		when_date_html(r, b, w->at);
	}
	buf_puts(b, "</span>");
}

static void home_row_item(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	html_printf(b, "<a href=\"/plans/%lld/years/%d/items/%lld\"><span class=\"await__code\">%s</span> %s</a>",
		    p->plan_id, p->fy, w->id, w->code, w->title);
	if (w->comment && *w->comment) {
		html_printf(b, "<p class=\"await__comment\"><strong>%s</strong>: ", T(r, "Comment from the division"));
		html_text_br(b, w->comment);
		buf_puts(b, "</p>");
	}
}

static void home_row_project(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	enum project_stage st;
	(void)p;
	if (project_stage_parse(w->code, &st) != 0)
		st = PSTAGE_CONSIDER;
	html_printf(b, "<a href=\"/projects/%lld/side\">%s</a>（%s：%s %d）", w->id, w->title, T(r, project_stage_msgids[st]),
		    T(r, "points not yet agreed"), w->total);
}

static void home_row_project_reports(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)r;
	(void)p;
	html_printf(b, "<a href=\"/projects/%lld/reports#progress\">%s</a>", w->id, w->title);
}

static void home_row_project_eval(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)r;
	(void)p;
	html_printf(b, "<a href=\"/projects/%lld/evaluation\">%s</a>", w->id, w->title);
}

static void home_row_org(struct req *r, struct buf *b, const struct home_row *w, const char *label, const char *none)
{
	html_printf(b, "<a href=\"/center/orgs/%lld\">%s</a><span class=\"await__meta\">%s ", w->org_id, w->title,
		    T(r, label));
	if (w->at)
		when_date_html(r, b, w->at);
	else
		html_printf(b, "%s", T(r, none));
	buf_puts(b, "</span>");
}

static void home_row_application(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)p;
	home_row_org(r, b, w, N_("Applied on"), N_("Unknown"));
}

static void home_row_change(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)p;
	html_printf(b, "<a href=\"/center/changes#change-%lld\">%s</a><span class=\"await__meta\">%s ", w->id, w->title,
		    T(r, "Sent on"));
	when_date_html(r, b, w->at);
	buf_puts(b, "</span>");
}

static void home_row_overdue(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)p;
	home_row_org(r, b, w, N_("Last confirmed"), N_("Never confirmed"));
}

static void home_row_message(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)p;
	static const struct { const char *code, *msgid; } what[] = {
		{ HOME_MSG_CONFIRM, N_("Please confirm that your data is up to date") },
		{ HOME_MSG_CHANGE_APPROVED, N_("Your change was published.") },
		{ HOME_MSG_CHANGE_REJECTED, N_("Your change was not published.") },
		{ HOME_MSG_RETURNED, N_("Sent back for correction") },
	};
	const char *msgid = "";
	for (size_t i = 0; i < sizeof what / sizeof what[0]; i++)
		if (strcmp(w->code, what[i].code) == 0)
			msgid = what[i].msgid;
	html_printf(b, "<a href=\"/my/group\">%s</a><span class=\"await__meta\">", T(r, msgid));
	when_date_html(r, b, w->at);
	buf_puts(b, "</span>");
	if (*w->comment) {
		buf_puts(b, "<p class=\"await__comment\">");
		html_text_br(b, w->comment);
		buf_puts(b, "</p>");
	}
}

static void home_row_dept_progress(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	html_printf(b, "<a href=\"/plans/%lld/years/%d\">%s</a><span class=\"await__meta\">%s</span>", p->plan_id, p->fy,
		    w->title,
		    home_sub(r, home_sub(r, T(r, "{done} of {total} answered"), "{done}", home_num(r, w->done)), "{total}",
			     home_num(r, w->total)));
}

static void home_row_dept_submitted(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	html_printf(b, "<a href=\"/plans/%lld/years/%d\">%s</a><span class=\"await__meta\">%s ", p->plan_id, p->fy,
		    w->title, T(r, "Submitted"));
	when_date_html(r, b, w->at);
	buf_puts(b, "</span>");
}

/* ---- the facts of each kind (above the rows) ---- */

static void home_facts_staff(struct req *r, struct buf *b, const struct home_panel *p)
{
	home_fact(r, b, N_("Answer deadline"));
	if (p->deadline)
		when_date_html(r, b, p->deadline);
	else
		html_printf(b, "%s", T(r, "No deadline set"));
	buf_puts(b, "</dd>\n");
	home_fact_of(r, b, N_("Items answered"), p->done, p->total);
	home_fact(r, b, N_("Your department"));
	if (p->submitted_at) {
		html_printf(b, "%s (", T(r, "Submitted"));
		when_date_html(r, b, p->submitted_at);
		buf_puts(b, ")</dd>\n");
	} else {
		html_printf(b, "%s</dd>\n", T(r, "Not submitted yet"));
	}
}

static void home_facts_admin(struct req *r, struct buf *b, const struct home_panel *p)
{
	home_fact_of(r, b, N_("Departments submitted"), p->done, p->total);
	home_fact_of(r, b, N_("Items answered"), p->answered, p->items);
	home_fact(r, b, N_("Sent back"));
	html_printf(b, "%d</dd>\n", p->returned);
}

/* The round's items answered as a bar (a native <progress>, named by its fact). */
static void home_status_admin(struct req *r, struct buf *b, const struct home_panel *p)
{
	if (p->items > 0)
		html_printf(b, "<progress class=\"await__progress\" value=\"%d\" max=\"%d\" aria-label=\"%s\">%d / %d</progress>\n",
			    p->answered, p->items, T(r, "Items answered"), p->answered, p->items);
}

static void home_facts_committee(struct req *r, struct buf *b, const struct home_panel *p)
{
	home_fact_of(r, b, N_("Departments submitted"), p->done, p->total);
}

static void home_facts_profile(struct req *r, struct buf *b, const struct home_panel *p)
{
	home_fact(r, b, N_("Registration state"));
	html_printf(b, "%s</dd>\n", T(r, org_review_label((enum org_review_state)p->state)));
	const char *status = org_status_label_of(p->code);
	if (status) {
		home_fact(r, b, N_("Activity status"));
		html_printf(b, "%s</dd>\n", status);
	}
	home_fact(r, b, N_("Last updated"));
	when_html(r, b, p->at);
	buf_puts(b, "</dd>\n");
}

static void home_facts_confirm(struct req *r, struct buf *b, const struct home_panel *p)
{
	home_fact(r, b, N_("Last confirmed"));
	if (p->at)
		when_date_html(r, b, p->at);
	else
		html_printf(b, "%s", T(r, "Never confirmed"));
	buf_puts(b, "</dd>\n");
	if (p->deadline) {
		home_fact(r, b, N_("Next confirmation by"));
		when_date_html(r, b, p->deadline);
		buf_puts(b, "</dd>\n");
	}
}

/* ---- the words of each kind ---- */

/* What a panel's state says when its count is not zero and it has no rows (or always,
 * for the group's panels), after the facts. */
static void home_status_profile(struct req *r, struct buf *b, const struct home_panel *p)
{
	if (p->flag) {
		html_printf(b, "<p class=\"await__status\">%s (%s ", T(r, "A change waits for the center's approval."),
			    T(r, "Sent on"));
		when_date_html(r, b, p->submitted_at);
		buf_puts(b, ")</p>\n");
	}
}

static void home_status_confirm(struct req *r, struct buf *b, const struct home_panel *p)
{
	if (p->state == 1) {
		html_printf(b, "<p class=\"await__status\">%s ", T(r, "The center asked on"));
		when_date_html(r, b, p->submitted_at);
		html_printf(b, " %s</p>\n", T(r, "that every group confirm its data. Please check your profile."));
	} else if (p->state == 2) {
		html_printf(b, "<p class=\"await__status\">%s</p>\n",
			    T(r, "Your data has not been confirmed for a long time. Please check your profile."));
	}
}

/* An endorsement: its event (a link), its state and what waits (endorsements' panels). */
static void home_row_endorse(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)p;
	html_printf(b, "<a href=\"/endorsements/%lld\">%s</a> ", w->id, w->title);
	enum endorse_state s;
	enum endorse_kind k;
	if (w->comment && endorse_kind_parse(w->comment, &k) == 0)
		html_printf(b, "<span class=\"await__note\">%s</span> ", page_endorse_kind(r, k));
	else if (w->code && endorse_state_parse(w->code, &s) == 0)
		html_printf(b, "<span class=\"await__note\">%s</span> ", page_endorse_state(r, s));
	when_date_html(r, b, w->at);
}

static void home_row_endorse_due(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w)
{
	(void)p;
	html_printf(b, "<a href=\"/endorsements/%lld\">%s</a> %s ", w->id, w->title, T(r, "due"));
	when_date_html(r, b, w->at);
}

struct home_kind_text {
	const char *title;	/* the panel's heading */
	const char *count;	/* the count in words, "{n} items" */
	const char *empty;	/* the empty state, in words */
	const char *more;	/* the link to the full list */
	const char *more_href;	/* its address: "%P" the plan's round page, else as is */
	void (*facts)(struct req *r, struct buf *b, const struct home_panel *p);
	void (*status)(struct req *r, struct buf *b, const struct home_panel *p);
	void (*row)(struct req *r, struct buf *b, const struct home_panel *p, const struct home_row *w);
};

static const struct home_kind_text home_kinds[HOME__MAX] = {
	[HOME_STAFF_TO_ANSWER] = { N_("Items to answer"), N_("{n} items"), N_("No items are waiting for an answer."),
				   N_("Answer on the round's page"), "%P", home_facts_staff, NULL, home_row_item },
	[HOME_STAFF_RETURNED] = { N_("Items sent back"), N_("{n} items"), N_("No items have been sent back."),
				  N_("Answer on the round's page"), "%P", NULL, NULL, home_row_item },
	[HOME_CENTER_APPLICATIONS] = { N_("Applications waiting for review"), N_("{n} applications"),
				       N_("No applications are waiting."), N_("All applications waiting"),
				       "/center/orgs?review=applied", NULL, NULL, home_row_application },
	[HOME_CENTER_CHANGES] = { N_("Changes to approve"), N_("{n} changes"),
				  N_("No changes are waiting for approval."), N_("All changes waiting"),
				  "/center/changes", NULL, NULL, home_row_change },
	[HOME_CENTER_OVERDUE] = { N_("Groups overdue for confirmation"), N_("{n} groups"),
				  N_("No group is overdue for confirmation."), N_("All groups overdue"),
				  "/center/orgs?stale=1", NULL, NULL, home_row_overdue },
	[HOME_GROUP_PROFILE] = { N_("Our profile"), NULL, N_("No changes are waiting for the center."),
				 N_("See and edit our profile"), "/my/group", home_facts_profile, home_status_profile,
				 NULL },
	[HOME_GROUP_CONFIRM] = { N_("Yearly confirmation"), NULL, N_("Your data is confirmed; nothing is due."),
				 N_("Confirm our data"), "/my/group", home_facts_confirm, home_status_confirm, NULL },
	[HOME_GROUP_MESSAGES] = { N_("Messages from the center"), N_("{n} messages"),
				  N_("No messages from the center."), N_("Our group's page"), "/my/group", NULL, NULL,
				  home_row_message },
	[HOME_ADMIN_ROUND] = { N_("Progress of the round"), N_("{n} departments still answering"),
			       N_("Every department has submitted."), N_("Go to the round's page"), "%P",
			       home_facts_admin, home_status_admin, home_row_dept_progress },
	[HOME_COMMITTEE_SUBMITTED] = { N_("Submitted for review"), N_("{n} answers submitted"),
				       N_("Nothing has been submitted for review yet."), N_("Read the answers"), "%P",
				       home_facts_committee, NULL, home_row_dept_submitted },
	[HOME_ENDORSE_DECIDE] = { N_("Endorsements to decide"), N_("{n} requests"), N_("No endorsement request is waiting."),
				  N_("All endorsements"), "/city/endorsements", NULL, NULL, home_row_endorse },
	[HOME_ENDORSE_OVERDUE] = { N_("Endorsement reports overdue"), N_("{n} reports"), N_("No endorsement report is overdue."),
				   N_("All endorsements"), "/city/endorsements", NULL, NULL, home_row_endorse_due },
	[HOME_GROUP_ENDORSE_REPORTS] = { N_("Event reports to send"), N_("{n} reports"), N_("No event report is due."),
					 N_("Our endorsements"), "/my/endorsements", NULL, NULL, home_row_endorse_due },
	[HOME_GROUP_ENDORSEMENTS] = { N_("Our endorsement applications"), N_("{n} waiting for the city"),
				      N_("No application is waiting for the city."), N_("Our endorsements"), "/my/endorsements",
				      NULL, NULL, home_row_endorse },
	[HOME_PROJECT_CHECKS] = { N_("Project checklists to answer"), N_("{n} projects"),
				  N_("Every checklist point of your projects is agreed."), N_("All projects"), "/projects",
				  NULL, NULL, home_row_project },
	[HOME_PROJECT_REPORTS] = { N_("Progress reports due this year"), N_("{n} projects"),
				   N_("Every project has your progress report for this year."), N_("All projects"),
				   "/projects", NULL, NULL, home_row_project_reports },
	[HOME_PROJECT_SELF_EVAL] = { N_("Self-evaluations to hand in"), N_("{n} projects"),
				     N_("Every self-evaluation is handed in."), N_("All projects"), "/projects", NULL,
				     NULL, home_row_project_eval },
	[HOME_PROJECT_COMMITTEE] = { N_("Projects to evaluate"), N_("{n} projects"),
				     N_("No project awaits your evaluation."), N_("All projects"), "/projects", NULL,
				     NULL, home_row_project_eval },
	[HOME_ADOPT_APPLIED] = { N_("Applications to adopt a place"), N_("{n} applications"), N_("No application is waiting."),
				 N_("Places and agreements"), "/adopt/manage", NULL, NULL, home_row_adopt },
	[HOME_ADOPT_ENDING] = { N_("Adoptions ending soon"), N_("{n} agreements"), N_("No agreement ends soon."),
				N_("See the agreements"), "%A", NULL, NULL, home_row_adopt },
	[HOME_ADOPT_MISSING] = { N_("Adoption reports due"), N_("{n} reports"), N_("No report is due."),
				 N_("See the agreements"), "%A", NULL, NULL, home_row_adopt },
};

static void home_more(struct req *r, struct buf *b, const struct home_panel *p, const struct home_kind_text *k)
{
	buf_puts(b, "<p class=\"await__more\"><a href=\"");
	if (strcmp(k->more_href, "%P") == 0)
		html_printf(b, "/plans/%lld/years/%d", p->plan_id, p->fy);
	else if (strcmp(k->more_href, "%A") == 0)	/* adoptions: the group's page or the department's */
		html_esc(b, r->who.role == ROLE_GROUP ? "/my/adopt" : "/adopt/manage");
	else
		html_esc(b, k->more_href);
	const char *label = T(r, k->more);
	if (p->count > p->nrows && k->row)	/* the rows are the first few: say how many there are */
		label = home_sub(r, home_sub(r, T(r, "{label} (all {n})"), "{label}", label), "{n}", home_num(r, p->count));
	html_printf(b, "\">%s</a></p>\n", label);
}

static void home_panel_html(struct req *r, struct buf *b, const struct home_panel *p, int i)
{
	const struct home_kind_text *k = &home_kinds[p->kind];
	html_printf(b, "<section class=\"await%s\" aria-labelledby=\"await-%d\" data-kind=\"%s\" data-count=\"%d\">\n",
		    p->count ? " await--todo" : "", i, home_kind_names[p->kind], p->count);
	html_printf(b, "<h3 class=\"await__title\" id=\"await-%d\">%s</h3>\n", i, T(r, k->title));
	if (p->plan_title) {
		char fyl[64];
		page_fy_label(p->fy, fyl, sizeof fyl);
		html_printf(b, "<p class=\"await__context\">%s %s</p>\n", p->plan_title,
			    home_sub(r, T(r, "Round of {fy}"), "{fy}", fyl));
	}
	if (p->name)
		html_printf(b, "<p class=\"await__context\">%s</p>\n", p->name);
	if (k->count)
		home_count_html(r, b, k->count, p->count);
	if (k->facts) {
		buf_puts(b, "<dl class=\"await__facts\">\n");
		k->facts(r, b, p);
		buf_puts(b, "</dl>\n");
	}
	if (k->status)
		k->status(r, b, p);
	if (p->nrows) {
		buf_puts(b, "<ul class=\"await__rows\">\n");
		for (int j = 0; j < p->nrows; j++) {
			buf_puts(b, "<li>");
			k->row(r, b, p, &p->rows[j]);
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ul>\n");
	} else if (!p->count) {
		html_printf(b, "<p class=\"await__empty\">%s</p>\n", T(r, k->empty));
	}
	home_more(r, b, p, k);
	buf_puts(b, "</section>\n");
}

/* The roles whose work comes with the plan's rounds: with no round open they are told so. */
#define HOME_ROUND_ROLES (ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COMMITTEE))

/* The dashboard; 0, or -1 when the error page is queued. */
static int home_dashboard(struct req *r, struct resp *o)
{
	struct home_awaits aw;
	int rc = home_awaits_load(r->st, r->a, &r->who, &aw);
	if (rc != 0)
		return page_domain_error(r, o, rc);
	struct buf *b = &o->body;
	html_printf(b, "<h2>%s</h2>\n", T(r, "What awaits you"));
	int rounds = 0;
	for (int i = 0; i < aw.n; i++)
		rounds |= aw.panels[i].plan_id != 0;
	if (!rounds && (ROLE_BIT(r->who.role) & HOME_ROUND_ROLES))
		html_printf(b, "<p class=\"await-none\">%s</p>\n", T(r, "No round of the plan is open now."));
	if (aw.n) {
		buf_puts(b, "<div class=\"awaits\">\n");
		for (int i = 0; i < aw.n; i++)
			home_panel_html(r, b, &aw.panels[i], i + 1);
		buf_puts(b, "</div>\n");
	}
	return 0;
}

static int home_get(struct req *r, struct resp *o)
{
	struct buf *b = &o->body;
	const char *city = org_setting(r->st, r->a, "city.name", "");
	const char *title = T(r, "Kyodo: community collaboration");
	if (city && *city) {	/* "{city}" in the message stands for the city's name */
		const char *t = T(r, "Community collaboration in {city}"), *at = strstr(t, "{city}");
		if (at)
			title = arena_printf(r->a, "%.*s%s%s", (int)(at - t), t, city, at + 6);
	}
	layout_begin(r, o, title ? title : T(r, "Kyodo: community collaboration"));
	html_printf(b, "<p class=\"lead\">%s</p>\n",
		    T(r, "Kyodo connects the city, citizen groups, businesses and residents who work together for the community."));
	if (r->who.role != ROLE_PUBLIC && home_dashboard(r, o) != 0)
		return 0;
	html_printf(b, "<h2%S>%s</h2>\n<ul class=\"card-list\">\n",
		    r->who.role == ROLE_PUBLIC ? " class=\"visually-hidden\"" : "", T(r, "What you can do here"));
	for (const struct home_link *l = home_links; l->href; l++) {
		if (!(l->roles & ROLE_BIT(r->who.role)) || (r->public_only && !l->public_route))
			continue;
		html_printf(b, "<li class=\"card\"><a class=\"card__link\" href=\"%s\"><span class=\"card__title\">%s</span>"
			       "<span class=\"card__desc\">%s</span></a></li>\n",
			    l->href, T(r, l->label), T(r, l->desc));
	}
	buf_puts(b, "</ul>\n");
	if (r->who.role == ROLE_PUBLIC && !r->public_only)	/* an instance of public pages alone has no login */
		html_printf(b, "<p class=\"home-login\">%s <a href=\"/login\">%s</a></p>\n",
			    T(r, "City staff, the civic activity center, registered groups and committee members:"),
			    T(r, "Log in"));
	layout_end(r, o);
	return 0;
}

const struct route home_routes[] = {
	{ HTTP_GET, "/", home_get, ROLES_ANY, ROUTE_PUBLIC },
	{ 0 },
};
