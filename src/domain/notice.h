/* notice: telling people that something awaits them — an in-app notice in each person's
 * inbox (/notices, with the unread count in every page's header) and, unless the person
 * chose in-app only, an email queued in the mail outbox (domain/mail.h), which a worker
 * sends later (io/mail_worker.h).
 *
 * HOW TO SEND A NOTICE (the whole API a module needs):
 *
 *     struct notice_param ps[] = { { "plan", p->title }, { "year", year_label }, { NULL, NULL } };
 *     struct notice n = { NOTICE_REMINDER, "/plans/3/years/2024", ps, 0 };
 *     rc = notice_department(st, department_id, &n);     inside the write's transaction
 *
 * Call it INSIDE the transaction of the write that causes it, before the commit (the
 * functions nest with store_begin/store_commit, so they also work alone): the notices and
 * the emails are rows of that transaction — a write that rolls back sends nothing, a write
 * that commits loses nothing, whatever happens to the relay. Never call it after the
 * commit. It returns 0 or a store_rc; on an error, roll the write back.
 *
 * Recipients (one call may reach many people; each person at most once per call, and each
 * email address at most once per call):
 *   notice_user        one account
 *   notice_department  every staff account of a department (e.g. a reminder, 督促)
 *   notice_plan_departments  every staff account of every department that owns items of a plan
 *   notice_role        every account of a role (ROLE_COMMITTEE, ROLE_ADMIN, ROLE_COORDINATOR)
 *   notice_org         a group: its enabled accounts; when it has none, its address (email)
 *   notice_address     one email address only (an applicant before approval)
 * Disabled accounts receive nothing.
 *
 * What a person gets: the in-app notice always (their inbox is the record), and an email
 * too when they chose "email" (the default) and have an address: the one they gave on
 * /account/notices, or for a group account, its group's address. The text is the event's
 * template in the recipient's language (Japanese unless they chose English), with the
 * named parameters filled in; the email adds a greeting, the link as a full URL (the
 * city's base URL, setting site.base_url) and a footer.
 *
 * A NEW EVENT: add it to enum notice_event (before NOTICE__MAX), a row to notice_templates
 * in notice.c (its name, subject and body with {named} parameters, as N_() English
 * msgids), and the Japanese of both at the END of po/ja.po (the English to po/en.po);
 * scripts/check-po checks every msgid has Japanese. {name} is always the recipient's
 * name; a parameter the call does not give stays as written. */
#ifndef KYODO_NOTICE_H
#define KYODO_NOTICE_H
#include "domain/actor.h"
struct store;
struct arena;
struct problems;

enum notice_event {
	NOTICE_ROUND_OPENED,	/* to departments: {plan} {year} — a progress round opened */
	NOTICE_ITEM_RETURNED,	/* to a department: {plan} {year} {item} {comment} — an answer sent back */
	NOTICE_YEAR_PUBLISHED,	/* to departments: {plan} {year} — the year's report is public */
	NOTICE_REMINDER,	/* to a department: {plan} {year} {deadline} {message} — 督促 */
	NOTICE_APP_RECEIVED,	/* to an applicant: {group} — the application arrived */
	NOTICE_APP_RETURNED,	/* to an applicant: {group} {comment} — to correct */
	NOTICE_APP_APPROVED,	/* to an applicant and the group: {group} {reg_number} */
	NOTICE_CHANGE_APPROVED,	/* to a group: {group} — its public change is published */
	NOTICE_CHANGE_REJECTED,	/* to a group: {group} {comment} */
	NOTICE_CONFIRM_REQUESTED,	/* to a group: {group} {message} — confirm your data */
	NOTICE_COMMITTEE_REVIEW,	/* to the committee: {plan} {year} {message} — something to review */
	NOTICE_COMMITTEE_OPINION,	/* to the division: {plan} {year} {member} {opinion} — an opinion recorded */
	NOTICE_MAIL_TEST,	/* a test message from the mail settings: {city} */
	NOTICE_ENDORSE_REQUESTED,	/* to a department: {group} {title} {kind} — an endorsement request to decide */
	NOTICE_ENDORSE_DECIDED,	/* to a group: {title} {kind} {decision} {comment} — the department decided */
	NOTICE_ENDORSE_REPORT_DUE,	/* to a group: {title} {due} — the event is over, its report is due */
	NOTICE_ENDORSE_REPORT_OVERDUE,	/* to a group and the department: {group} {title} {due} — the report is late */
	NOTICE_ENDORSE_REPORTED,	/* to a department: {group} {title} — a report arrived */
	NOTICE_PROJECT_STAGE,	/* to the lead department and partners: {project} {from} {to} {reason} */
	NOTICE_PROJECT_PARTNER,	/* to a group and the lead department: {project} {group} — a partner added */
	NOTICE_PROJECT_REPORT,	/* to the lead department: {project} {side} — a progress report arrived */
	NOTICE_PROJECT_EVALUATE,	/* to a committee member: {project} — a project to evaluate */
	NOTICE_PROJECT_TIE,	/* to the division: {project} {member} {group} — an assignment ended by a tie */
	NOTICE_ADOPT_APPLIED,	/* to a department: {place} {group} — a group applies to adopt a place */
	NOTICE_ADOPT_TERM,	/* to a group: {place} {term} — an adoption agreed, or renewed */
	NOTICE_ADOPT_REFUSED,	/* to a group: {place} {comment} — an application refused */
	NOTICE_ADOPT_REPORTED,	/* to a department: {place} {group} {year} — a yearly report */
	NOTICE_ADOPT_ENDING,	/* to a department and a group: {place} {ends} — the agreement ends soon */
	NOTICE_ENDORSE_TAKEN_BACK,	/* to a department: {group} {title} — an application taken back before the decision */
	NOTICE_PROJECT_TIE_PARTNER,	/* to the division: {project} {member} {group} — an assignment ended by a partner added */
	NOTICE_ATTACH_ADDED,	/* to a department: {group} {file} {record} — a group attached a file to a record it handles */
	NOTICE_ADOPT_ENDED,	/* to a group: {place} {ends} {reason} — the department ended the agreement early */
	NOTICE_ADOPT_TAKEN_BACK,	/* to a department: {place} {group} — an adoption application taken back */
	NOTICE_ADOPT_CANCELLED,	/* to a group: {place} {starts} {reason} — an agreement cancelled before its first day */
	NOTICE__MAX
};
extern const char *const notice_event_names[NOTICE__MAX];	/* "round-opened", … (stored) */

struct notice_param {
	const char *name, *value;	/* value is plain text; NULL counts as "" */
};

struct notice {
	enum notice_event event;
	const char *link;	/* the site path where the person acts ("/plans/3/years/2024"), or NULL */
	const struct notice_param *params;	/* ended by { NULL, NULL }; NULL = none */
	int inapp_only;		/* 1: in-app notices only from this call, no email */
};

int notice_user(struct store *st, long long user_id, const struct notice *n);
int notice_department(struct store *st, long long department_id, const struct notice *n);
int notice_plan_departments(struct store *st, long long plan_id, const struct notice *n);
int notice_role(struct store *st, enum role role, const struct notice *n);
int notice_org(struct store *st, long long org_id, const struct notice *n);
/* An email to address (checked; an address that is not one is skipped, 0) in lang ("ja"
 * when NULL), greeting name (may be NULL or ""). */
int notice_address(struct store *st, const char *address, const char *name, const char *lang,
		   const struct notice *n);

/* Admin: a test message (NOTICE_MAIL_TEST) to address, queued and audited. -1 with *err
 * (an English msgid) when the address is not one; 0 or a store_rc. */
int notice_mail_test(struct store *st, const struct actor *who, const char *address, const char **err);

/* ---- the inbox ---- */

struct notice_item {
	long long id, created_at, read_at;	/* Unix seconds; read_at 0 = unread */
	char *event, *subject, *body, *link;
};
/* Unread notices of a person: a count >= 0, or a store_rc. */
int notice_unread(struct store *st, long long user_id);
/* The same counted up to max at most (the header of every page: cheap however many). */
int notice_unread_upto(struct store *st, long long user_id, int max);
/* A page (from 1) of a person's notices, newest first; *total of all. 0 or a store_rc. */
int notice_list(struct store *st, struct arena *a, long long user_id, int page, int per_page,
		struct notice_item **out, int *n, int *total);
/* One notice of the person (ORG_NOT_FOUND-like: NOTICE_NOT_FOUND when it is not theirs). */
#define NOTICE_NOT_FOUND (-100)
int notice_get(struct store *st, struct arena *a, long long user_id, long long id, struct notice_item *out);
/* Read state: one (read 1/0) or all of a person's. Not audited (like sessions). */
int notice_mark(struct store *st, long long user_id, long long id, int read);
int notice_mark_all_read(struct store *st, long long user_id);

/* ---- each person's choice ---- */

enum notice_channel { NOTICE_CHANNEL_EMAIL, NOTICE_CHANNEL_INAPP, NOTICE_CHANNEL__MAX };
extern const char *const notice_channel_names[NOTICE_CHANNEL__MAX];	/* "email", "inapp" */
struct notice_prefs {
	char email[255];	/* their own address, "" = none */
	enum notice_channel channel;	/* default NOTICE_CHANNEL_EMAIL */
	char lang[3];		/* "ja" (default) or "en" */
	char group_email[255];	/* a group account: its group's address ("" otherwise) */
};
int notice_prefs_get(struct store *st, long long user_id, struct notice_prefs *p);
/* who saves their own choice (email may be ""; channel "email"/"inapp"; lang "ja"/"en").
 * Every problem is added to e at once (domain/problems.h, named "email", "channel" or
 * "lang"; returns -1, nothing written); audited ("set", "notice-prefs", the user). */
int notice_prefs_save(struct store *st, const struct actor *who, const char *email, const char *channel,
		      const char *lang, struct problems *e);
/* The same for the account user_id: a person for their own, the admin (and the command
 * line) for anyone — e.g. staff addresses provisioned by the city's IT. */
int notice_prefs_save_for(struct store *st, const struct actor *who, long long user_id, const char *email,
			  const char *channel, const char *lang, struct problems *e);
/* Only the address of user_id, keeping the other choices (admin or the person). */
int notice_prefs_set_email(struct store *st, const struct actor *who, long long user_id, const char *email,
			   struct problems *e);

/* ---- templates ---- */

/* The subject and body of an event in lang with params (and {name}) filled in, from a.
 * 0, or -1 when a is full. */
int notice_render(struct arena *a, const char *lang, enum notice_event ev, const struct notice_param *params,
		  const char *name, char **subject, char **body);
/* {key} in tmpl replaced by the value of the param called key (unknown keys kept). */
char *notice_expand(struct arena *a, const char *tmpl, const struct notice_param *params, const char *name);

#endif
