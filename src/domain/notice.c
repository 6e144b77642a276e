/* notice: the templates of every event, who receives a notice, the in-app notices and
 * the emails queued for them, the inbox and each person's choice (see notice.h). */
#include "domain/notice.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/org.h"
#include "domain/problems.h"
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

/* ---- templates ---- */

/* Each event's subject and body: English msgids with {named} parameters (the name the
 * event is stored under is notice_event_names[]). */
struct notice_template {
	const char *subject, *body;
};

static const struct notice_template notice_templates[NOTICE__MAX] = {
	[NOTICE_ROUND_OPENED] = { N_("Progress round opened: {plan}, {year}"),
				  N_("The collaboration division has opened the yearly progress round of {plan} for "
				     "{year}.\nPlease enter your department's answers for its items and submit them.") },
	[NOTICE_ITEM_RETURNED] = { N_("Answer sent back: {item} ({plan}, {year})"),
				   N_("The collaboration division has sent back your department's answer for {item} "
				      "({plan}, {year}).\n\nComment:\n{comment}\n\nPlease correct the answer and submit "
				      "it again.") },
	[NOTICE_YEAR_PUBLISHED] = { N_("Progress report published: {plan}, {year}"),
				    N_("The progress report of {plan} for {year} has been published. Thank you for "
				       "your department's answers.") },
	[NOTICE_REMINDER] = { N_("Reminder: answers for {plan}, {year}"),
			      N_("Your department's answers for {plan} ({year}) are awaited. The deadline is "
				 "{deadline}.\n\n{message}") },
	[NOTICE_APP_RECEIVED] = { N_("Application received: {group}"),
				  N_("Thank you for applying to register {group}. The civic activity center will review "
				     "the application and tell you its decision.\nYou can see the application's state "
				     "with the login name you chose.") },
	[NOTICE_APP_RETURNED] = { N_("Application returned for correction: {group}"),
				  N_("The civic activity center has returned the application of {group} for "
				     "correction.\n\nComment:\n{comment}\n\nPlease sign in with the login name you chose, "
				     "correct the application and send it again.") },
	[NOTICE_APP_APPROVED] = { N_("Registration approved: {group}"),
				  N_("The civic activity center has approved the registration of {group} (registration "
				     "number {reg_number}).\nYou can now log in with the login name you chose and keep "
				     "your group's profile up to date.") },
	[NOTICE_CHANGE_APPROVED] = { N_("Your changes are published: {group}"),
				     N_("The civic activity center has published the changes to the public profile of "
					"{group}.") },
	[NOTICE_CHANGE_REJECTED] = { N_("Your changes were not published: {group}"),
				     N_("The civic activity center did not publish the changes to the public profile "
					"of {group}.\n\nComment:\n{comment}") },
	[NOTICE_CONFIRM_REQUESTED] = { N_("Please confirm your group's data: {group}"),
				       N_("The civic activity center asks every registered group to confirm its data "
					  "once a year. Please check the data of {group} and confirm it, or correct "
					  "it.\n\n{message}") },
	[NOTICE_COMMITTEE_REVIEW] = { N_("For the committee's review: {plan}, {year}"),
				      N_("{plan} ({year}) has been submitted for the committee's review.\n\n{message}") },
	[NOTICE_COMMITTEE_OPINION] = { N_("Committee opinion recorded: {plan}, {year}"),
				       N_("{member} recorded the committee's opinion on {plan} ({year}).\n\n{opinion}") },
	[NOTICE_MAIL_TEST] = { N_("Test message from Kyodo"),
			       N_("This is a test message from the mail settings of Kyodo ({city}). If you can read "
				  "it, sending mail works.") },
	[NOTICE_ENDORSE_REQUESTED] = { N_("Endorsement {kind} to decide: {title}"),
				       N_("{group} sent an endorsement {kind} for \"{title}\". Please decide on it.") },
	[NOTICE_ENDORSE_DECIDED] = { N_("Endorsement {kind} {decision}: {title}"),
				     N_("The city decided on your endorsement {kind} for \"{title}\": {decision}.\n\n{comment}\n\n"
					"The decision notice can be printed from the endorsement's page.") },
	[NOTICE_ENDORSE_REPORT_DUE] = { N_("Please send the report: {title}"),
					N_("The event \"{title}\" is over. Please send its report (with income and expenses "
					   "when a fee was charged) by {due}.") },
	[NOTICE_ENDORSE_REPORT_OVERDUE] = { N_("Report overdue: {title}"),
					    N_("The report of \"{title}\" ({group}) was due on {due} and has not arrived. "
					       "Please send it as soon as possible.") },
	[NOTICE_ENDORSE_REPORTED] = { N_("Report received: {title}"),
				      N_("{group} sent the report of \"{title}\".") },
	[NOTICE_PROJECT_STAGE] = { N_("Project moved to {to}: {project}"),
				   N_("The collaboration project {project} has moved from {from} to {to}.\n\n{reason}\n\n"
				      "Please look at its checklist for the new stage and tick the points your side "
				      "agrees with.") },
	[NOTICE_PROJECT_PARTNER] = { N_("Partner added to a project: {project}"),
				     N_("{group} has been added as a partner of the collaboration project {project}. "
					"The project's page shows its role, the checklist of the current stage and what "
					"each side should watch.") },
	[NOTICE_PROJECT_REPORT] = { N_("Progress report on a project: {project}"),
				    N_("{side} has written a progress report on the collaboration project {project}. "
				       "It is on the project's reports page.") },
	[NOTICE_PROJECT_EVALUATE] = { N_("A project to evaluate: {project}"),
				      N_("The joint review of the collaboration project {project} is closed. As a "
					 "committee member assigned to it, please give your scores and comments on its "
					 "evaluation page.") },
	[NOTICE_PROJECT_TIE] = { N_("Committee assignment ended: {project}"),
				 N_("{member} has been recorded as tied to {group}, a partner of the collaboration "
				    "project {project}, and is no longer assigned to evaluate it. Their scores there "
				    "have been withdrawn. Please assign another member if needed.") },
	[NOTICE_PROJECT_TIE_PARTNER] = { N_("Committee assignment ended: {project}"),
					 N_("{group} has been added as a partner of the collaboration project {project}. "
					    "{member} is recorded in the registry as tied to it, and is no longer assigned "
					    "to evaluate the project. Their scores there have been withdrawn. Please assign "
					    "another member if needed.") },
	[NOTICE_ADOPT_APPLIED] = { N_("Application to adopt {place}"),
				   N_("{group} has applied to adopt {place}.\nPlease read the application and approve it "
				      "(fixing the term) or refuse it with the reason.") },
	[NOTICE_ADOPT_TERM] = { N_("Adoption agreed: {place}"),
				N_("Your group's adoption of {place} is agreed for the term {term}.\nThank you for caring "
				   "for the place. Please send a report of your activities after each fiscal year.") },
	[NOTICE_ADOPT_REFUSED] = { N_("Application to adopt {place} not approved"),
				   N_("The city could not approve your group's application to adopt {place}.\n\n{comment}") },
	[NOTICE_ADOPT_REPORTED] = { N_("Activity report: {place} ({year})"),
				    N_("{group} has sent its activity report on {place} for {year}.") },
	[NOTICE_ADOPT_ENDING] = { N_("Adoption ending soon: {place}"),
				  N_("The adoption agreement on {place} ends on {ends}.\nIf the group will go on, the "
				     "department in charge can renew it with a new term.") },
	[NOTICE_ENDORSE_TAKEN_BACK] = { N_("Endorsement application taken back: {title}"),
					N_("{group} took back its endorsement application for \"{title}\" before the decision. "
					   "Nothing waits for your decision.") },
	[NOTICE_ATTACH_ADDED] = { N_("New file from {group}: {record}"),
				  N_("{group} attached the file \"{file}\" to {record}.\nOpen it to see the file.") },
	[NOTICE_ADOPT_ENDED] = { N_("Adoption agreement ended: {place}"),
				 N_("The department in charge ended the adoption agreement on {place} early. Its last "
				    "day is {ends}.\nReason: {reason}") },
	[NOTICE_ADOPT_TAKEN_BACK] = { N_("Adoption application taken back: {place}"),
				      N_("{group} took back its application to adopt {place} before the decision. "
					 "Nothing waits for your decision.") },
	[NOTICE_ADOPT_CANCELLED] = { N_("Adoption agreement cancelled: {place}"),
				     N_("The department in charge cancelled the adoption agreement on {place}, which was "
					"to start on {starts}. The place is not in your group's care on those days.\nReason: "
					"{reason}") },
};

const char *const notice_event_names[NOTICE__MAX] = {
	[NOTICE_ROUND_OPENED] = "round-opened",
	[NOTICE_ITEM_RETURNED] = "item-returned",
	[NOTICE_YEAR_PUBLISHED] = "year-published",
	[NOTICE_REMINDER] = "reminder",
	[NOTICE_APP_RECEIVED] = "application-received",
	[NOTICE_APP_RETURNED] = "application-returned",
	[NOTICE_APP_APPROVED] = "application-approved",
	[NOTICE_CHANGE_APPROVED] = "change-approved",
	[NOTICE_CHANGE_REJECTED] = "change-rejected",
	[NOTICE_CONFIRM_REQUESTED] = "confirm-requested",
	[NOTICE_COMMITTEE_REVIEW] = "committee-review",
	[NOTICE_COMMITTEE_OPINION] = "committee-opinion",
	[NOTICE_MAIL_TEST] = "mail-test",
	[NOTICE_ENDORSE_REQUESTED] = "endorse-requested",
	[NOTICE_ENDORSE_DECIDED] = "endorse-decided",
	[NOTICE_ENDORSE_REPORT_DUE] = "endorse-report-due",
	[NOTICE_ENDORSE_REPORT_OVERDUE] = "endorse-report-overdue",
	[NOTICE_ENDORSE_REPORTED] = "endorse-reported",
	[NOTICE_PROJECT_STAGE] = "project-stage",
	[NOTICE_PROJECT_PARTNER] = "project-partner",
	[NOTICE_PROJECT_REPORT] = "project-report",
	[NOTICE_PROJECT_EVALUATE] = "project-evaluate",
	[NOTICE_PROJECT_TIE] = "project-tie",
	[NOTICE_ADOPT_APPLIED] = "adopt-applied",
	[NOTICE_ADOPT_TERM] = "adopt-term",
	[NOTICE_ADOPT_REFUSED] = "adopt-refused",
	[NOTICE_ADOPT_REPORTED] = "adopt-reported",
	[NOTICE_ADOPT_ENDING] = "adopt-ending",
	[NOTICE_ENDORSE_TAKEN_BACK] = "endorse-taken-back",
	[NOTICE_PROJECT_TIE_PARTNER] = "project-tie-partner",
	[NOTICE_ATTACH_ADDED] = "attach-added",
	[NOTICE_ADOPT_ENDED] = "adopt-ended",
	[NOTICE_ADOPT_TAKEN_BACK] = "adopt-taken-back",
	[NOTICE_ADOPT_CANCELLED] = "adopt-cancelled",
};

const char *const notice_channel_names[NOTICE_CHANNEL__MAX] = {
	[NOTICE_CHANNEL_EMAIL] = "email",
	[NOTICE_CHANNEL_INAPP] = "inapp",
};

/* The framing of an email around the event's text. */
#define NOTICE_GREETING N_("Dear {name},")
#define NOTICE_OPEN_PAGE N_("Open the page:")
#define NOTICE_FOOTER N_("This message was sent automatically by {site} ({city}). Replies to it are not read.")
#define NOTICE_FOOTER_PREFS N_("To be told in the app only, without email, change your settings: {url}")

static const char *notice_param_value(const struct notice_param *params, const char *name, const char *key,
				      size_t keylen)
{
	if (keylen == 4 && strncmp(key, "name", 4) == 0 && name)
		return name;
	for (const struct notice_param *p = params; p && p->name; p++)
		if (strlen(p->name) == keylen && strncmp(p->name, key, keylen) == 0)
			return p->value ? p->value : "";
	return NULL;
}

char *notice_expand(struct arena *a, const char *tmpl, const struct notice_param *params, const char *name)
{
	struct buf b = BUF_INIT;
	for (const char *p = tmpl ? tmpl : ""; *p;) {
		const char *end = *p == '{' ? strchr(p + 1, '}') : NULL;
		size_t klen = end ? (size_t)(end - p - 1) : 0;
		const char *v = NULL;
		if (end && klen > 0 && klen <= 32 && strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_0123456789") == klen)
			v = notice_param_value(params, name, p + 1, klen);
		if (v) {
			buf_puts(&b, v);
			p = end + 1;
		} else {
			buf_putc(&b, *p++);
		}
	}
	char *out = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* One line for a subject: line breaks and tabs become spaces. */
static void notice_one_line(char *s)
{
	for (; s && *s; s++)
		if (*s == '\r' || *s == '\n' || *s == '\t')
			*s = ' ';
}

static const char *notice_lang(const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? "en" : "ja";
}

int notice_render(struct arena *a, const char *lang, enum notice_event ev, const struct notice_param *params,
		  const char *name, char **subject, char **body)
{
	if ((int)ev < 0 || ev >= NOTICE__MAX)
		return -1;
	const struct notice_template *t = &notice_templates[ev];
	lang = notice_lang(lang);
	*subject = notice_expand(a, TL(lang, t->subject), params, name);
	*body = notice_expand(a, TL(lang, t->body), params, name);
	notice_one_line(*subject);
	return *subject && *body ? 0 : -1;
}

/* ---- sending to recipients ---- */

/* What every recipient of one call shares. */
struct notice_run {
	struct store *st;
	struct arena *a;
	const struct notice *n;
	const char *base_url, *city;
	long long now;
	const char **sent_to;	/* addresses already queued by this call */
	int nsent, capsent;
};

static int notice_run_init(struct notice_run *nr, struct store *st, const struct notice *n)
{
	memset(nr, 0, sizeof *nr);
	nr->st = st;
	nr->n = n;
	nr->now = (long long)time(NULL);
	if (!(nr->a = arena_new(0)))
		return STORE_ERR;
	nr->base_url = mail_base_url(st, nr->a);
	nr->city = org_setting(st, nr->a, "city.name", "");
	return nr->city ? 0 : STORE_ERR;
}

static void notice_run_free(struct notice_run *nr)
{
	free(nr->sent_to);
	arena_free(nr->a);
}

/* 1 when address was queued already by this call (else remembers it). */
static int notice_seen(struct notice_run *nr, const char *address)
{
	for (int i = 0; i < nr->nsent; i++)
		if (strcmp(nr->sent_to[i], address) == 0)
			return 1;
	if (nr->nsent == nr->capsent) {
		int cap = nr->capsent ? nr->capsent * 2 : 16;
		const char **p = realloc(nr->sent_to, (size_t)cap * sizeof *p);
		if (!p)
			return 0;
		nr->sent_to = p;
		nr->capsent = cap;
	}
	nr->sent_to[nr->nsent++] = arena_strdup(nr->a, address);
	return 0;
}

/* The email's text: greeting, the event's text, the link, the footer. */
static char *notice_email_body(struct notice_run *nr, const char *lang, const char *name, const char *body,
			       int with_prefs_link)
{
	struct arena *a = nr->a;
	struct notice_param extra[] = { { "site", TL(lang, "Kyodo: community collaboration") },
					{ "city", nr->city }, { "url", NULL }, { NULL, NULL } };
	struct buf b = BUF_INIT;
	if (name && *name)
		buf_printf(&b, "%s\n\n", notice_expand(a, TL(lang, NOTICE_GREETING), NULL, name));
	buf_puts(&b, body);
	buf_puts(&b, "\n");
	const char *link = nr->n->link;
	if (*nr->base_url && link && *link == '/')
		buf_printf(&b, "\n%s\n%s%s\n", TL(lang, NOTICE_OPEN_PAGE), nr->base_url, link);
	buf_printf(&b, "\n-- \n%s\n", notice_expand(a, TL(lang, NOTICE_FOOTER), extra, NULL));
	if (with_prefs_link && *nr->base_url) {
		extra[2].value = arena_printf(a, "%s/account/notices", nr->base_url);
		buf_printf(&b, "%s\n", notice_expand(a, TL(lang, NOTICE_FOOTER_PREFS), extra, NULL));
	}
	char *out = b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static int notice_queue_email(struct notice_run *nr, long long user_id, const char *address, const char *lang,
			      const char *name)
{
	if (nr->n->inapp_only || !address || !*address || notice_seen(nr, address))
		return 0;
	char *subject, *body, *text;
	if (notice_render(nr->a, lang, nr->n->event, nr->n->params, name, &subject, &body) != 0 ||
	    !(text = notice_email_body(nr, lang, name, body, user_id > 0)))
		return STORE_ERR;
	return mail_enqueue(nr->st, user_id, address, notice_event_names[nr->n->event], subject, text);
}

static int notice_insert(struct notice_run *nr, long long user_id, const char *lang, const char *name)
{
	char *subject, *body;
	if (notice_render(nr->a, lang, nr->n->event, nr->n->params, name, &subject, &body) != 0)
		return STORE_ERR;
	struct stmt *s = store_prepare(nr->st, STMT_NOTICE_INSERT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, user_id);
	stmt_bind_text(s, 2, notice_event_names[nr->n->event]);
	stmt_bind_text(s, 3, subject);
	stmt_bind_text(s, 4, body);
	stmt_bind_text(s, 5, nr->n->link ? nr->n->link : "");
	stmt_bind_int(s, 6, nr->now);
	return stmt_exec(s);
}

struct notice_rcpt {
	long long user_id;
	char *name, *email, *channel, *lang, *group_email;
};

static int notice_rcpt_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct notice_rcpt *r = elem;
	r->user_id = stmt_int(s, 0);
	r->name = stmt_text_dup(s, a, 1);
	r->email = stmt_text_dup(s, a, 2);
	r->channel = stmt_text_dup(s, a, 3);
	r->lang = stmt_text_dup(s, a, 4);
	r->group_email = stmt_text_dup(s, a, 5);
	return r->group_email ? 0 : STORE_ERR;
}

/* Every account the statement names: the in-app notice, and the email they chose. *n
 * (may be NULL): how many accounts. */
static int notice_accounts(struct notice_run *nr, enum stmt_id id, const struct store_arg *args, int *n)
{
	struct store_list l;
	int rc = store_list_read(nr->st, nr->a, id, args, 0, sizeof(struct notice_rcpt), notice_rcpt_row, NULL, &l);
	if (n)
		*n = l.n;
	for (int i = 0; rc == 0 && i < l.n; i++) {
		const struct notice_rcpt *r = &((struct notice_rcpt *)l.rows)[i];
		const char *lang = notice_lang(r->lang);
		rc = notice_insert(nr, r->user_id, lang, r->name);
		if (rc == 0 && strcmp(r->channel, notice_channel_names[NOTICE_CHANNEL_EMAIL]) == 0)
			rc = notice_queue_email(nr, r->user_id, *r->email ? r->email : r->group_email, lang, r->name);
	}
	return rc;
}

/* Runs one call in a transaction of its own, or the caller's. */
static int notice_to(struct store *st, const struct notice *n, enum stmt_id id, const struct store_arg *args)
{
	struct notice_run nr;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = notice_run_init(&nr, st, n);
	if (rc == 0)
		rc = notice_accounts(&nr, id, args, NULL);
	notice_run_free(&nr);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int notice_user(struct store *st, long long user_id, const struct notice *n)
{
	struct store_arg args[] = { SARG_INT(user_id), SARG_END };
	return notice_to(st, n, STMT_NOTICE_RCPT_USER, args);
}

int notice_department(struct store *st, long long department_id, const struct notice *n)
{
	struct store_arg args[] = { SARG_INT(department_id), SARG_END };
	return notice_to(st, n, STMT_NOTICE_RCPT_DEPARTMENT, args);
}

int notice_plan_departments(struct store *st, long long plan_id, const struct notice *n)
{
	struct store_arg args[] = { SARG_INT(plan_id), SARG_END };
	return notice_to(st, n, STMT_NOTICE_RCPT_PLAN_STAFF, args);
}

int notice_role(struct store *st, enum role role, const struct notice *n)
{
	if ((int)role <= ROLE_PUBLIC || role >= ROLE__MAX)
		return 0;
	struct store_arg args[] = { SARG_TEXT(role_names[role]), SARG_END };
	return notice_to(st, n, STMT_NOTICE_RCPT_ROLE, args);
}

/* The caller's params followed by more (from a). */
static const struct notice_param *notice_params_plus(struct arena *a, const struct notice_param *params,
						     const struct notice_param *more)
{
	int n = 0, m = 0;
	while (params && params[n].name)
		n++;
	while (more && more[m].name)
		m++;
	struct notice_param *out = arena_alloc(a, (size_t)(n + m + 1) * sizeof *out);
	if (!out)
		return NULL;
	if (n)
		memcpy(out, params, (size_t)n * sizeof *out);
	if (m)
		memcpy(out + n, more, (size_t)m * sizeof *out);
	return out;
}

int notice_org(struct store *st, long long org_id, const struct notice *n)
{
	struct notice_run nr;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	int accounts = 0;
	char *name = NULL, *email = NULL;
	struct store_arg args[] = { SARG_INT(org_id), SARG_END };
	struct stmt *s;
	rc = notice_run_init(&nr, st, n);
	if (rc == 0 && !(s = store_prepare(st, STMT_NOTICE_ORG_CONTACT)))
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, org_id);
		if ((rc = stmt_step(s)) == 1) {
			name = stmt_text_dup(s, nr.a, 0);
			email = stmt_text_dup(s, nr.a, 1);
		}
		stmt_reset(s);
		rc = rc < 0 ? rc : 0;
	}
	/* {group} is the group's name unless the caller gave it */
	struct notice with = *n;
	struct notice_param group[] = { { "group", name ? name : "" }, { NULL, NULL } };
	if (rc == 0 && !(with.params = notice_params_plus(nr.a, n->params, group)))
		rc = STORE_ERR;
	nr.n = &with;
	if (rc == 0)
		rc = notice_accounts(&nr, STMT_NOTICE_RCPT_ORG, args, &accounts);
	/* a group without an account is told at its address */
	const char *addr = email && *email ? jtext_email(nr.a, email) : NULL;
	if (rc == 0 && !accounts && addr)
		rc = notice_queue_email(&nr, 0, addr, "ja", name);
	notice_run_free(&nr);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int notice_address(struct store *st, const char *address, const char *name, const char *lang,
		   const struct notice *n)
{
	if (n->inapp_only || !address || !*address)
		return 0;
	struct notice_run nr;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	rc = notice_run_init(&nr, st, n);
	const char *addr = rc == 0 ? jtext_email(nr.a, address) : NULL;
	if (rc == 0 && addr)
		rc = notice_queue_email(&nr, 0, addr, notice_lang(lang), name);
	notice_run_free(&nr);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int notice_mail_test(struct store *st, const struct actor *who, const char *address, const char **err)
{
	*err = NULL;
	if (who->role != ROLE_ADMIN) {
		*err = N_("Only the collaboration division changes the mail settings.");
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	const char *addr = jtext_email(a, address ? address : "");
	const char *city = addr ? org_setting(st, a, "city.name", "") : NULL;
	int rc = -1;
	if (!addr) {
		*err = N_("Write the email address as name@example.jp.");
	} else if (!city) {
		rc = STORE_ERR;
	} else {
		struct notice_param ps[] = { { "city", city }, { NULL, NULL } };
		struct notice n = { NOTICE_MAIL_TEST, "/admin/mail", ps, 0 };
		json_t *j = json_pack("{s:s}", "to", addr);
		char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
		rc = store_begin(st);
		if (rc == 0)
			rc = notice_address(st, addr, NULL, "ja", &n);
		if (rc == 0)
			rc = t ? audit_record(st, who, "test", "mail", 0, NULL, t) : STORE_ERR;
		if (rc != 0)
			store_rollback(st);
		else
			rc = store_commit(st);
		free(t);
		json_decref(j);
	}
	arena_free(a);
	return rc;
}

/* ---- the inbox ---- */

int notice_unread(struct store *st, long long user_id)
{
	return notice_unread_upto(st, user_id, 0);
}

int notice_unread_upto(struct store *st, long long user_id, int max)
{
	struct stmt *s = store_prepare(st, max > 0 ? STMT_NOTICE_UNREAD_UPTO : STMT_NOTICE_UNREAD_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, user_id);
	if (max > 0)
		stmt_bind_int(s, 2, max);
	int rc = stmt_step(s);
	int n = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : n;
}

static int notice_item_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct notice_item *it = elem;
	it->id = stmt_int(s, 0);
	it->event = stmt_text_dup(s, a, 1);
	it->subject = stmt_text_dup(s, a, 2);
	it->body = stmt_text_dup(s, a, 3);
	it->link = stmt_text_dup(s, a, 4);
	it->created_at = stmt_int(s, 5);
	it->read_at = stmt_int(s, 6);
	return it->link ? 0 : STORE_ERR;
}

int notice_list(struct store *st, struct arena *a, long long user_id, int page, int per_page,
		struct notice_item **out, int *n, int *total)
{
	*out = NULL;
	*n = *total = 0;
	if (page < 1)
		page = 1;
	if (per_page < 1)
		per_page = 20;
	struct stmt *s = store_prepare(st, STMT_NOTICE_COUNT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, user_id);
	int rc = stmt_step(s);
	*total = rc == 1 ? (int)stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	struct store_arg args[] = { SARG_INT(user_id), SARG_INT(per_page), SARG_INT((long long)(page - 1) * per_page),
				    SARG_END };
	struct store_list l;
	rc = store_list_read(st, a, STMT_NOTICE_LIST, args, 0, sizeof **out, notice_item_row, NULL, &l);
	*out = l.rows;
	*n = l.n;
	return rc;
}

int notice_get(struct store *st, struct arena *a, long long user_id, long long id, struct notice_item *out)
{
	memset(out, 0, sizeof *out);
	struct store_arg args[] = { SARG_INT(id), SARG_INT(user_id), SARG_END };
	struct store_list l;
	int rc = store_list_read(st, a, STMT_NOTICE_GET, args, 1, sizeof *out, notice_item_row, NULL, &l);
	if (rc != 0)
		return rc;
	if (!l.n)
		return NOTICE_NOT_FOUND;
	*out = *(struct notice_item *)l.rows;
	return 0;
}

int notice_mark(struct store *st, long long user_id, long long id, int read)
{
	struct stmt *s = store_prepare(st, read ? STMT_NOTICE_MARK_READ : STMT_NOTICE_MARK_UNREAD);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, id);
	stmt_bind_int(s, 2, user_id);
	if (read)
		stmt_bind_int(s, 3, (long long)time(NULL));
	return stmt_exec(s);
}

int notice_mark_all_read(struct store *st, long long user_id)
{
	struct stmt *s = store_prepare(st, STMT_NOTICE_MARK_ALL_READ);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, user_id);
	stmt_bind_int(s, 2, (long long)time(NULL));
	return stmt_exec(s);
}

/* ---- each person's choice ---- */

int notice_prefs_get(struct store *st, long long user_id, struct notice_prefs *p)
{
	memset(p, 0, sizeof *p);
	p->channel = NOTICE_CHANNEL_EMAIL;
	snprintf(p->lang, sizeof p->lang, "ja");
	struct stmt *s = store_prepare(st, STMT_NOTICE_RCPT_USER);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, user_id);
	int rc = stmt_step(s);
	if (rc == 1) {
		snprintf(p->email, sizeof p->email, "%s", stmt_text(s, 2));
		p->channel = strcmp(stmt_text(s, 3), "inapp") == 0 ? NOTICE_CHANNEL_INAPP : NOTICE_CHANNEL_EMAIL;
		snprintf(p->lang, sizeof p->lang, "%s", notice_lang(stmt_text(s, 4)));
		snprintf(p->group_email, sizeof p->group_email, "%s", stmt_text(s, 5));
	}
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

int notice_prefs_save(struct store *st, const struct actor *who, const char *email, const char *channel,
		      const char *lang, struct problems *e)
{
	return notice_prefs_save_for(st, who, who->user_id, email, channel, lang, e);
}

int notice_prefs_set_email(struct store *st, const struct actor *who, long long user_id, const char *email,
			   struct problems *e)
{
	struct notice_prefs p;
	int rc = notice_prefs_get(st, user_id, &p);
	if (rc != 0)
		return rc;
	return notice_prefs_save_for(st, who, user_id, email, notice_channel_names[p.channel], p.lang, e);
}

int notice_prefs_save_for(struct store *st, const struct actor *who, long long user_id, const char *email,
			  const char *channel, const char *lang, struct problems *e)
{
	if (user_id <= 0 || (who->user_id != user_id && who->role != ROLE_ADMIN)) {
		problems_add(e, NULL, N_("Only a person with an account chooses how to be told."));
		return -1;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	const char *addr = "";
	int blank = 1;
	for (const char *p = email ? email : ""; *p; p++)
		if (*p != ' ' && *p != '\t')
			blank = 0;
	if (!blank && !(addr = jtext_email(a, email)))
		problems_add(e, "email", N_("Write the email address as name@example.jp."));
	if (!channel || (strcmp(channel, "email") != 0 && strcmp(channel, "inapp") != 0))
		problems_add(e, "channel", N_("Choose how you want to be told."));
	if (!lang || (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0))
		problems_add(e, "lang", N_("Choose the language of your notices."));
	if (problems_any(e)) {
		arena_free(a);
		return -1;
	}
	struct notice_prefs old;
	int rc = store_begin(st);
	if (rc == 0)
		rc = notice_prefs_get(st, user_id, &old);
	struct stmt *s = rc == 0 ? store_prepare(st, STMT_NOTICE_PREFS_SET) : NULL;
	if (rc == 0 && !s)
		rc = STORE_ERR;
	if (rc == 0) {
		stmt_bind_int(s, 1, user_id);
		stmt_bind_text(s, 2, addr);
		stmt_bind_text(s, 3, channel);
		stmt_bind_text(s, 4, lang);
		rc = stmt_exec(s);
	}
	if (rc == 0) {
		json_t *b = json_pack("{s:s, s:s, s:s}", "email", old.email, "channel", notice_channel_names[old.channel],
				      "lang", old.lang);
		json_t *t = json_pack("{s:s, s:s, s:s}", "email", addr, "channel", channel, "lang", lang);
		char *bs = b ? json_dumps(b, JSON_COMPACT) : NULL, *ts = t ? json_dumps(t, JSON_COMPACT) : NULL;
		rc = bs && ts ? audit_record(st, who, "set", "notice-prefs", user_id, bs, ts) : STORE_ERR;
		free(bs);
		free(ts);
		json_decref(b);
		json_decref(t);
	}
	arena_free(a);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
