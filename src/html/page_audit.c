/* page_audit: the audit log in words (/admin/audit, audit_routes). Each entry says when
 * (Japan time), who (a person, the command line, an applicant), what was done and to
 * which record — in words from the tables below, never the stored codes — and what
 * changed, as a table of the fields that changed with their values before and after.
 * The stored rows keep their codes and JSON (the API /api/v1/audit gives them as they
 * are); this page only translates. Filters: the kind of record, the action (both chosen
 * from these lists), the login and the address. */
#include "html/pages.h"
#include "html/html.h"
#include "html/layout.h"
#include "html/form_ui.h"
#include "html/when.h"
#include "html/page_org.h"
#include "domain/account.h"
#include "domain/adopt.h"
#include "domain/audit.h"
#include "domain/org.h"
#include "domain/org_review.h"
#include "domain/wareki.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_PAGE 50

struct audit_word {
	const char *code, *msgid;
};

/* What was done (audit_record's action). */
static const struct audit_word audit_actions[] = {
	{ "create", N_("Created") },
	{ "update", N_("Changed") },
	{ "import", N_("Imported") },
	{ "import-create", N_("Created by an import") },
	{ "import-update", N_("Changed by an import") },
	{ "import-move", N_("Moved by an import") },
	{ "import-delete", N_("Removed by an import") },
	{ "carry-over", N_("Carried over into the next plan") },
	{ "open", N_("Round opened") },
	{ "submit", N_("Answers submitted") },
	{ "return", N_("Sent back") },
	{ "publish", N_("Published") },
	{ "reopen", N_("Reopened") },
	{ "deadline", N_("Answer deadline set") },
	{ "remind", N_("Reminder sent") },
	{ "set", N_("Setting changed") },
	{ "set-password", N_("Password set") },
	{ "disable", N_("Account disabled") },
	{ "enable", N_("Account enabled") },
	{ "set-org", N_("Account linked to its group") },
	{ "login-lock.lift", N_("Login lock lifted") },
	{ "apply", N_("Applied to register") },
	{ "resubmit", N_("Application sent again") },
	{ "approve", N_("Approved") },
	{ "register", N_("Registration number given") },
	{ "add-account", N_("Account added") },
	{ "submit-change", N_("Change sent for review") },
	{ "withdraw-change", N_("Pending change withdrawn") },
	{ "approve-change", N_("Change published") },
	{ "reject-change", N_("Change not published") },
	{ "confirm", N_("Data confirmed") },
	{ "request", N_("Confirmation requested") },
	{ "move", N_("Order changed") },
	{ "rename", N_("Renamed") },
	{ "retire", N_("Retired") },
	{ "restore", N_("Restored") },
	{ "download", N_("Downloaded or printed (personal data)") },
	{ "attach", N_("File attached") },
	{ "detach", N_("Attached file removed") },
	{ "endorse-apply", N_("Endorsement applied for") },
	{ "endorse-approve", N_("Endorsement request approved") },
	{ "endorse-refuse", N_("Endorsement request not approved") },
	{ "endorse-ask-change", N_("Change of an endorsement asked for") },
	{ "endorse-ask-withdraw", N_("Withdrawal of an endorsement asked for") },
	{ "endorse-take-back", N_("Endorsement application taken back") },
	{ "endorse-report", N_("Event report sent") },
	/* collaboration projects (domain/project*.c) */
	{ "partner-add", N_("Partner added") },
	{ "partner-update", N_("Partner's role changed") },
	{ "partner-remove", N_("Partner removed") },
	{ "budget-add", N_("Budget line added") },
	{ "budget-remove", N_("Budget line removed") },
	{ "link", N_("Plan item linked") },
	{ "unlink", N_("Plan item unlinked") },
	{ "withdraw", N_("Withdrawn from the public pages") },
	{ "stage", N_("Stage moved") },
	{ "stage-forced", N_("Stage moved before every side agreed") },
	{ "check", N_("Checklist answered") },
	{ "document", N_("Document of the form marked") },
	{ "caution-save", N_("Point to watch saved") },
	{ "caution-delete", N_("Point to watch deleted") },
	{ "point-save", N_("Checklist point saved") },
	{ "point-retire", N_("Checklist point no longer asked") },
	/* reports and evaluations (domain/project_report.c, project_eval*.c) */
	{ "criterion", N_("Evaluation criterion saved") },
	{ "criterion-retire", N_("Evaluation criterion taken out") },
	{ "self-evaluation", N_("Self-evaluation saved") },
	{ "committee-evaluation", N_("Committee member's scores saved") },
	{ "joint-review", N_("Joint review recorded") },
	{ "joint-review-closed", N_("Joint review closed") },
	{ "committee-assign", N_("Committee member assigned") },
	{ "committee-unassign", N_("Committee member taken off") },
	{ "evaluation-published", N_("Evaluation published") },
	{ "evaluation-withdrawn", N_("Evaluation withdrawn from the public") },
	{ "tie-add", N_("Tie with an account recorded") },
	{ "tie-remove", N_("Tie with an account removed") },
	{ "progress-report", N_("Progress report written") },
	{ "final-report-part", N_("Part of the final report saved") },
	{ "final-report-completed", N_("Final report completed") },
	{ "adopt-apply", N_("Applied to adopt a place") },
	{ "adopt-refuse", N_("Application not approved") },
	{ "adopt-renew", N_("Agreement renewed") },
	{ "adopt-lend", N_("Supplies lent") },
	{ "adopt-return", N_("Supplies returned") },
	{ "adopt-report", N_("Activity report sent") },
	{ "adopt-withdraw", N_("Adoption application taken back") },
	{ "adopt-end", N_("Adoption agreement ended early") },
	{ "adopt-cancel", N_("Adoption agreement cancelled before it started") },
	{ NULL, NULL },
};

/* Which kind of record (audit_record's entity; "kind:FY" carries a fiscal year). */
static const struct audit_word audit_entities[] = {
	{ "plan", N_("Plan") },
	{ "plan_item", N_("Plan item") },
	{ "plan_priority", N_("Priority class") },
	{ "plan_item_year", N_("Answer of a year") },
	{ "plan_branch_year", N_("Outcomes and problems of a year") },
	{ "plan_round", N_("Round of a year") },
	{ "plan_opinion", N_("Committee's opinion") },
	{ "department", N_("Department") },
	{ "user", N_("Account") },
	{ "org", N_("Group") },
	{ "org_rule", N_("Rule of the checklist") },
	{ "org_confirm_request", N_("Request to confirm") },
	{ "area", N_("Activity area") },
	{ "setting", N_("Setting") },
	{ "login_lock", N_("Login lock") },
	{ "org_export", N_("The registry with contacts (file)") },
	{ "org_letters", N_("Letters asking groups to confirm") },
	{ "org_labels", N_("Address labels of groups") },
	{ "attachment", N_("Attached file") },
	{ "endorsement", N_("Endorsement (後援名義)") },
	{ "endorse-settings", N_("Endorsement settings") },
	{ "project", N_("Collaboration project") },
	{ "project_rule", N_("The rulebook's guidance") },
	{ "adopt_kind", N_("Kind of place (adoption)") },
	{ "adopt_place", N_("Place (adoption)") },
	{ "adopt_agreement", N_("Adoption agreement") },
	{ "adopt_supply", N_("Supplies lent (adoption)") },
	{ "adopt_report", N_("Activity report (adoption)") },
	{ NULL, NULL },
};

/* The fields of the stored JSON (a record's own fields come from org_field_specs). */
static const struct audit_word audit_keys[] = {
	{ "id", N_("Number") },
	{ "owner_kind", N_("Attached to") },
	{ "owner_id", N_("Number of the record") },
	{ "type", N_("Kind of file") },
	{ "sha256", N_("Content (SHA-256)") },
	{ "size", N_("Size (bytes)") },
	{ "name", N_("Name") },
	{ "kana", N_("Reading") },
	{ "title", N_("Title") },
	{ "code", N_("Code") },
	{ "description", N_("Description") },
	{ "parent_id", N_("Parent item") },
	{ "priority_id", N_("Priority class") },
	{ "department_id", N_("Department") },
	{ "target_year", N_("Target year") },
	{ "planned_actions", N_("Planned actions") },
	{ "status_id", N_("Status") },
	{ "achievement", N_("Achievement (%)") },
	{ "result", N_("Result") },
	{ "next_priority_id", N_("Next class") },
	{ "next_complete", N_("Ends (完了)") },
	{ "next_reason", N_("Reason") },
	{ "state", N_("State") },
	{ "return_comment", N_("Comment from the division") },
	{ "outcomes", N_("Outcomes") },
	{ "problems", N_("Problems") },
	{ "plan_id", N_("Plan") },
	{ "item_id", N_("Item") },
	{ "fy", N_("Fiscal year") },
	{ "first_fy", N_("First fiscal year") },
	{ "last_fy", N_("Last fiscal year") },
	{ "statuses", N_("Statuses") },
	{ "priorities", N_("Priority classes") },
	{ "grades", N_("Grade bands") },
	{ "horizon", N_("Horizon") },
	{ "comment", N_("Comment") },
	{ "reason", N_("Reason") },
	{ "login", N_("Login name") },
	{ "display_name", N_("Name") },
	{ "role", N_("Role") },
	{ "disabled", N_("Account disabled") },
	{ "retired", N_("Retired") },
	{ "address", N_("Client address (IP)") },
	{ "failures", N_("Failures") },
	{ "kind", N_("Kind") },
	{ "key", N_("Setting") },
	{ "value", N_("Value") },
	{ "text", N_("Rule") },
	{ "active", N_("In use") },
	{ "pos", N_("Position") },
	{ "account", N_("Group account") },
	{ "review", N_("Registration state") },
	{ "review_comment", N_("Comment from the center") },
	{ "checklist", N_("Checklist") },
	{ "fields", N_("Activity fields") },
	{ "areas", N_("Activity areas") },
	{ "public", N_("Public items") },
	{ "confirmed_at", N_("Last confirmed") },
	{ "change", N_("Change number") },
	{ "message", N_("Message") },
	{ "orgs", N_("Groups") },
	{ "file", N_("File") },
	{ "created", N_("Created") },
	{ "updated", N_("Changed") },
	{ "from_plan", N_("From the plan") },
	{ "to_plan", N_("Into the plan") },
	{ "moved", N_("Items carried over") },
	{ "stayed", N_("Items that ended") },
	{ "records", N_("Yearly records written") },
	{ "records_removed", N_("Yearly records removed") },
	{ "label", N_("Label") },
	{ "group", N_("Counts as") },
	{ "format", N_("Format") },
	{ "encoding", N_("Character encoding") },
	{ "target", N_("Groups asked") },
	{ "key_goal", N_("Key goal") },
	{ "deadline", N_("Answer deadline") },
	{ "with_open", N_("Published with items still open") },
	{ "open", N_("Items still open") },
	{ "unanswered", N_("Unanswered") },
	{ "draft", N_("In draft") },
	{ "returned", N_("Sent back") },
	{ "department", N_("Department") },
	{ "late", N_("Past the deadline") },
	{ "author", N_("Written by") },
	{ "body", N_("Opinion") },
	{ "purpose", N_("Purpose and content") },
	{ "starts_on", N_("First day") },
	{ "ends_on", N_("Last day") },
	{ "place", N_("Place") },
	{ "attendance", N_("Participants") },
	{ "fee", N_("Fee per person (yen)") },
	{ "organiser", N_("Organiser") },
	{ "report_due_on", N_("Report due") },
	{ "number", N_("Notice number") },
	{ "asked", N_("Asked for") },
	{ "summary", N_("How it went") },
	{ "income", N_("Income") },
	{ "expenses", N_("Expenses") },
	{ "days_before", N_("Days before the event an application must arrive") },
	{ "days_after", N_("Days after the event the report is due") },
	{ "rules", N_("Exclusion rules") },
	{ "org_id", N_("Group") },
	{ "fy_start", N_("First fiscal year") },
	{ "fy_end", N_("Last fiscal year") },
	{ "division", N_("Section in charge") },
	{ "form", N_("Form of collaboration") },
	{ "zone", N_("Zone of collaboration") },
	{ "budget", N_("Total budget") },
	{ "published", N_("Public") },
	{ "stage", N_("Stage") },
	{ "purpose", N_("Purpose") },
	{ "goals", N_("Goals") },
	{ "point", N_("Checklist point") },
	{ "side", N_("Side (0: the lead department)") },
	{ "agreed", N_("Agreed") },
	{ "people", N_("people") },
	{ "money", N_("money") },
	{ "venue", N_("venue") },
	{ "knowhow", N_("know-how") },
	{ "responsibilities", N_("Responsibilities agreed") },
	{ "line", N_("Budget line") },
	{ "item", N_("Item") },
	{ "amount", N_("Amount") },
	{ "payer_org_id", N_("Paid by (0: the city)") },
	{ "open_points", N_("Points not yet agreed") },
	{ "party_kind", N_("Kind of party") },
	/* reports and evaluations */
	{ "criterion", N_("Criterion") },
	{ "guide", N_("What to look at") },
	{ "scale", N_("Highest score") },
	{ "member", N_("Committee member") },
	{ "scores", N_("Scores") },
	{ "overall", N_("Overall comment") },
	{ "handed_in", N_("Handed in") },
	{ "scored", N_("Criteria scored (a draft: its scores are its side's until handed in)") },
	{ "score", N_("Score") },
	{ "at", N_("When") },
	{ "note", N_("Note") },
	{ "assignments_ended", N_("Assignments ended") },
	{ "report", N_("Report") },
	{ "results", N_("Results of the project") },
	{ "numbers", N_("Numbers") },
	{ "worked", N_("What worked") },
	{ "to_change", N_("What to change") },
	{ "summary", N_("Summary") },
	{ "parts", N_("Parts written") },
	{ "forced", N_("Completed with parts missing") },
	{ "why", N_("Why") },
	{ "kind_id", N_("Kind of place") },
	{ "location", N_("Location") },
	{ "shared", N_("Shared adoption") },
	{ "note", N_("The city's note") },
	{ "place_id", N_("Place") },
	{ "org_id", N_("Group") },
	{ "activities", N_("Activities") },
	{ "wish_start", N_("From") },
	{ "wish_end", N_("Until") },
	{ "starts_on", N_("First day of the term") },
	{ "ends_on", N_("Last day of the term") },
	{ "insurer", N_("Insured by") },
	{ "insurance", N_("Insurance (policy or scheme)") },
	{ "insured_from", N_("Insured from") },
	{ "insured_to", N_("Insured until") },
	{ "agreement_id", N_("Adoption agreement") },
	{ "item", N_("Item") },
	{ "count", N_("Count") },
	{ "lent_on", N_("Lent on") },
	{ "returned_on", N_("Returned on") },
	{ "times", N_("Times") },
	{ "people", N_("People taking part (in all)") },
	{ "reminded_at", N_("Told that it ends soon") },
	{ "ended_on", N_("Ended early, last day") },
	{ "end_reason", N_("Why it ended early") },
	{ "contact_changed", N_("Contact person or phone changed") },
	{ NULL, NULL },
};

/* Stored words that are values: a state, a setting, a kind of lock. */
static const struct audit_word audit_values[] = {
	{ "draft", N_("Draft") },
	{ "submitted", N_("Submitted") },
	{ "returned", N_("Returned") },
	{ "open", N_("Open") },
	{ "published", N_("Published") },
	{ "applied", N_("Applied, waiting for the decision") },
	{ "agreed", N_("Agreed") },
	{ "rejected", N_("Not approved") },
	{ "immediate", N_("Publish at once") },
	{ "review", N_("Publish after the center's review") },
	{ "org.public_changes", N_("When a group changes its public items") },
	{ "org.confirm_months", N_("Months before a group is flagged") },
	{ "city.name", N_("Name of the city, town or village") },
	{ "city.code", N_("Local government code (全国地方公共団体コード)") },
	{ "city.prefecture", N_("Prefecture") },
	{ "city.corp_number", N_("The city's corporate number (法人番号)") },
	{ "pair", N_("Login name from one address") },
	{ "address", N_("Address (every login name)") },
	{ "account", N_("Login name (every address)") },
	{ "search.variants", N_("Spelling variants (表記ゆれ)") },
	{ "center.name", N_("Name of the center") },
	{ "center.contact", N_("Contact (address, phone, hours)") },
	{ "csv", N_("CSV") },
	{ "xlsx", N_("Excel (.xlsx)") },
	{ "json", N_("JSON") },
	{ "html", N_("A page to print") },
	{ "utf-8", N_("UTF-8") },
	{ "cp932", N_("Shift_JIS") },
	{ "due", N_("Only the groups that are due") },
	{ "all", N_("Every registered group") },
	{ "org", N_("Group") },	/* owner_kind of an attachment (domain/attach_kinds.c) */
	{ "applied", N_("Waiting for the decision") },
	{ "approved", N_("Endorsement approved") },
	{ "refused", N_("Endorsement not approved") },
	{ "withdrawn", N_("Withdrawn") },
	{ "new", N_("Application for endorsement") },
	{ "change", N_("Request for a change") },
	{ "withdraw", N_("Request for withdrawal") },
	{ "consider", N_("Consideration") },
	{ "plan", N_("Planning") },
	{ "run", N_("Running") },
	{ "evaluate", N_("Evaluation") },
	{ "done", N_("Completed") },
	{ "stopped", N_("Stopped") },
	{ "support", N_("後援") },
	{ "cooperation", N_("事業協力") },
	{ "cohost", N_("事業共催") },
	{ "grant", N_("補助・助成") },
	{ "commission", N_("事業委託") },
	{ "committee", N_("実行委員会") },
	{ "citizen", N_("市民主体") },
	{ "citizen_led", N_("市民主導") },
	{ "equal", N_("市民・行政") },
	{ "city_led", N_("行政主導") },
	{ "city", N_("行政主体") },
	{ NULL, NULL },
};

static const char *audit_word_of(struct req *r, const struct audit_word *t, const char *code)
{
	for (; code && t->code; t++)
		if (strcmp(t->code, code) == 0)
			return T(r, t->msgid);
	return NULL;
}

/* The same kinds of record with their fiscal year: "{fy}" stands for it. */
static const struct audit_word audit_entities_fy[] = {
	{ "plan_item_year", N_("Answer of {fy}") },
	{ "plan_branch_year", N_("Outcomes and problems of {fy}") },
	{ "plan_round", N_("Round of {fy}") },
	{ NULL, NULL },
};

/* "令和6年度（2024年度）の回答" for "plan_item_year:2024". */
static const char *audit_entity_text(struct req *r, const char *entity)
{
	const char *colon = entity ? strchr(entity, ':') : NULL;
	const char *base = colon ? arena_strndup(r->a, entity, (size_t)(colon - entity)) : entity;
	const char *w = audit_word_of(r, audit_entities, base), *t, *at;
	int fy;
	if (colon && wareki_parse_fiscal_year(colon + 1, &fy) == 0 && (t = audit_word_of(r, audit_entities_fy, base)) &&
	    (at = strstr(t, "{fy}"))) {
		char l[64];
		wareki_format_fiscal_year_full(fy, l, sizeof l);
		return arena_printf(r->a, "%.*s%s%s", (int)(at - t), t, l, at + 4);
	}
	return w ? w : entity ? entity : "";
}

const char *page_actor_text(struct req *r, const char *actor)
{
	static const struct audit_word prefixes[] = {
		{ "cli:", N_("Command line") },
		{ "applicant:", N_("Applicant") },
		{ NULL, NULL },
	};
	if (!actor || !*actor || strcmp(actor, "public") == 0)
		return T(r, "The public");
	for (const struct audit_word *p = prefixes; p->code; p++) {
		size_t n = strlen(p->code);
		if (strncmp(actor, p->code, n) == 0) {
			const char *who = actor[n] && strcmp(actor + n, "unknown") != 0 ? actor + n : T(r, "user unknown");
			return arena_printf(r->a, "%s（%s）", T(r, p->msgid), who);
		}
	}
	return actor;
}

/* ---- values ---- */

struct audit_ctx {
	struct req *r;
	int state_named;	/* the entry's "state" is a msgid already (adopt_state_name) */
	struct department *depts;
	int ndepts;
};

static const char *audit_department(const struct audit_ctx *c, long long id)
{
	for (int i = 0; i < c->ndepts; i++)
		if (c->depts[i].id == id)
			return c->depts[i].name;
	return NULL;
}

static int audit_is_flag(const char *key)
{
	static const char *const flags[] = { "disabled", "retired", "active", "next_complete", "ok", "with_open", "late",
					     NULL };
	for (int i = 0; flags[i]; i++)
		if (strcmp(key, flags[i]) == 0)
			return 1;
	return 0;
}

static void audit_value(const struct audit_ctx *c, struct buf *b, const char *key, json_t *v);

/* A list: its scalar items, or the label/text/name of its objects, with 、 between. */
static void audit_values_list(const struct audit_ctx *c, struct buf *b, const char *key, json_t *v)
{
	size_t i;
	json_t *x;
	int ticked = 0, n = 0, checklist = strcmp(key, "checklist") == 0;
	if (checklist) {	/* [{id, text, ok}]: how many rules were ticked */
		json_array_foreach(v, i, x) {
			n++;
			ticked += json_is_true(json_object_get(x, "ok"));
		}
		html_printf(b, T(c->r, "Rules ticked: %d / %d"), ticked, n);
		return;
	}
	if (json_array_size(v) == 0) {
		buf_puts(b, "—");
		return;
	}
	json_array_foreach(v, i, x) {
		if (i)
			buf_puts(b, "、");
		if (json_is_object(x)) {
			const char *l = json_string_value(json_object_get(x, "label"));
			const char *g = json_string_value(json_object_get(x, "group"));
			const char *t = json_string_value(json_object_get(x, "text"));
			const char *nm = json_string_value(json_object_get(x, "name"));
			html_printf(b, "%s", l ? l : t ? t : nm ? nm : "");
			if (l && g && strcmp(l, g) != 0)
				html_printf(b, "=%s", g);
		} else if (strcmp(key, "fields") == 0 && json_is_integer(x) && json_integer_value(x) >= 1 &&
			   json_integer_value(x) <= ORG_NPO_FIELDS) {
			html_printf(b, "%s", org_npo_fields_short[json_integer_value(x)]);
		} else {
			audit_value(c, b, key, x);
		}
	}
}

static void audit_text_value(const struct audit_ctx *c, struct buf *b, const char *key, const char *s)
{
	struct req *r = c->r;
	const struct org_kind *k;
	const char *w;
	struct wareki_time t;
	if (!*s) {
		buf_puts(b, "—");
	} else if (strcmp(key, "role") == 0) {
		enum role role;
		html_printf(b, "%s", role_parse(s, &role) == 0 ? T(r, role_names[role]) : s);
	} else if (strcmp(key, "status") == 0 && org_status_label_of(s)) {
		html_printf(b, "%s", org_status_label_of(s));
	} else if (strcmp(key, "kind") == 0 && (k = org_kind_find(s))) {
		html_printf(b, "%s", k->label);
	} else if (strcmp(key, "review") == 0) {
		int found = 0;
		for (int i = 0; i < ORG_REVIEW__MAX; i++)
			if (strcmp(s, org_review_codes[i]) == 0) {
				html_printf(b, "%s", T(r, org_review_label((enum org_review_state)i)));
				found = 1;
			}
		if (!found)
			html_printf(b, "%s", s);
	} else if (strcmp(key, "state") == 0 && c->state_named) {
		html_printf(b, "%s", T(r, s));
	} else if ((strcmp(key, "state") == 0 || strcmp(key, "value") == 0 || strcmp(key, "kind") == 0 ||
		    strcmp(key, "key") == 0 || strcmp(key, "format") == 0 || strcmp(key, "encoding") == 0 ||
		    strcmp(key, "target") == 0 || strcmp(key, "owner_kind") == 0) &&
		   (w = audit_word_of(r, audit_values, s))) {
		html_printf(b, "%s", w);
	} else if (strlen(s) >= 16 && s[4] == '-' && s[10] == 'T' && wareki_jst_of_iso(s, &t) == 0) {
		when_html(r, b, s);
	} else {
		html_text_br(b, s);
	}
}

static void audit_value(const struct audit_ctx *c, struct buf *b, const char *key, json_t *v)
{
	struct req *r = c->r;
	if (!v || json_is_null(v)) {
		buf_puts(b, "—");
	} else if (json_is_boolean(v) || (audit_is_flag(key) && json_is_integer(v))) {
		html_printf(b, "%s", json_is_true(v) || (json_is_integer(v) && json_integer_value(v)) ? T(r, "Yes") : T(r, "No"));
	} else if (json_is_string(v)) {
		audit_text_value(c, b, key, json_string_value(v));
	} else if (json_is_integer(v)) {
		long long n = json_integer_value(v);
		const char *d = strcmp(key, "department_id") == 0 ? audit_department(c, n) : NULL;
		char l[64];
		if (d) {
			html_printf(b, "%s", d);
		} else if ((strcmp(key, "fy") == 0 || strcmp(key, "first_fy") == 0 || strcmp(key, "last_fy") == 0) &&
			   n > 1800 && n < 10000) {
			wareki_format_fiscal_year_full((int)n, l, sizeof l);
			html_printf(b, "%s", l);
		} else if (n == 0 && strstr(key, "_id")) {
			html_printf(b, "%s", T(r, "(none)"));
		} else if (strstr(key, "_id") || strcmp(key, "id") == 0 || strcmp(key, "change") == 0 ||
			   strcmp(key, "from_plan") == 0 || strcmp(key, "to_plan") == 0) {
			html_printf(b, "#%lld", n);
		} else {
			html_printf(b, "%y", n);
		}
	} else if (json_is_real(v)) {
		char num[32];
		snprintf(num, sizeof num, "%g", json_real_value(v));
		html_printf(b, "%s%S", num, strcmp(key, "achievement") == 0 ? "%" : "");
	} else if (json_is_array(v)) {
		audit_values_list(c, b, key, v);
	} else if (json_is_object(v)) {	/* grades {"A": 90}: label=minimum */
		const char *k;
		json_t *x;
		int first = 1;
		json_object_foreach(v, k, x) {
			html_printf(b, "%S%s=", first ? "" : "、", k);
			audit_value(c, b, k, x);
			first = 0;
		}
	}
}

static const char *audit_key_label(struct req *r, const char *key)
{
	int f = org_field_find(key);
	if (f >= 0)
		return T(r, org_field_specs[f].label);
	const char *w = audit_word_of(r, audit_keys, key);
	return w ? w : key;
}

/* Nothing to show: absent, null or "". */
static int audit_blank(json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v));
}

static int audit_same(json_t *a, json_t *b)
{
	if (audit_blank(a) && audit_blank(b))
		return 1;
	if (!a || !b)
		return 0;
	return json_equal(a, b);
}

/* An adoption agreement's state is named from the fields stored with it (a refusal taken
 * back by the group, an agreement cancelled): the named state replaces the code and those
 * fields, so the row says what happened (adopt_state_name, the pages' names). */
static void audit_adopt_state(json_t *o)
{
	const char *state = json_string_value(json_object_get(o, "state"));
	if (!json_is_object(o) || !state)
		return;
	const char *name = adopt_state_name(state, json_is_true(json_object_get(o, "withdrawn")),
					    json_is_true(json_object_get(o, "cancelled")));
	if (!name)
		return;		/* not a state of an agreement: shown as stored */
	json_object_set_new(o, "state", json_string(name));
	json_object_del(o, "withdrawn");
	json_object_del(o, "cancelled");
}

/* The fields that changed, as a table (or a list of the values written, when there is
 * no before). A setting {"key", "value"} is one row: the setting and its value. */
static void audit_changes(const struct audit_ctx *ctx, struct buf *b, const struct audit_row *a)
{
	struct req *r = ctx->r;
	struct audit_ctx named = *ctx;
	const struct audit_ctx *c = &named;
	json_t *before = a->before_json ? json_loads(a->before_json, 0, NULL) : NULL;
	json_t *after = a->after_json ? json_loads(a->after_json, 0, NULL) : NULL;
	if ((a->before_json && *a->before_json && !before) || (a->after_json && *a->after_json && !after)) {
		html_printf(b, "<p class=\"form-hint\">%s</p>\n", T(r, "The stored values could not be read."));
		goto out;
	}
	if (a->entity && strcmp(a->entity, "adopt_agreement") == 0) {
		audit_adopt_state(before);
		audit_adopt_state(after);
		named.state_named = 1;
	}
	if (!json_is_object(before) && !json_is_object(after))
		goto out;
	html_printf(b, "<table class=\"audit-changes\">\n<caption class=\"visually-hidden\">%s</caption>\n<thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(r, "What changed"), T(r, "Item"), T(r, "Before"), T(r, "After"));
	const char *setting = json_string_value(json_object_get(after, "key"));
	if (setting && json_object_get(after, "value")) {
		json_t *was = json_object_get(before, "value");	/* rows before issue 8 have none */
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", audit_word_of(r, audit_values, setting)
									 ? audit_word_of(r, audit_values, setting)
									 : setting);
		if (was)
			audit_value(c, b, "value", was);
		else
			buf_puts(b, "—");
		buf_puts(b, "</td><td>");
		audit_value(c, b, "value", json_object_get(after, "value"));
		buf_puts(b, "</td></tr>\n");
	} else {
		const char *k;
		json_t *v;
		json_t *keys = json_object();
		json_object_foreach(before, k, v) json_object_set_new(keys, k, json_true());
		json_object_foreach(after, k, v) json_object_set_new(keys, k, json_true());
		json_object_foreach(keys, k, v) {
			json_t *x = json_object_get(before, k), *y = json_object_get(after, k);
			if ((before && after && audit_same(x, y)) || (audit_blank(x) && audit_blank(y)))
				continue;	/* unchanged, or nothing on either side */
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>", audit_key_label(r, k));
			if (x)
				audit_value(c, b, k, x);
			else
				buf_puts(b, "—");
			buf_puts(b, "</td><td>");
			if (y)
				audit_value(c, b, k, y);
			else
				buf_puts(b, "—");
			buf_puts(b, "</td></tr>\n");
		}
		json_decref(keys);
	}
	buf_puts(b, "</tbody>\n</table>\n");
out:
	json_decref(before);
	json_decref(after);
}

static void audit_entry(const struct audit_ctx *c, struct buf *b, const struct audit_row *a)
{
	struct req *r = c->r;
	const char *act = audit_word_of(r, audit_actions, a->action);
	html_printf(b, "<li class=\"audit-entry\">\n<p class=\"audit-entry__head\"><strong>%s</strong> · %s",
		    act ? act : a->action, audit_entity_text(r, a->entity));
	if (a->entity_id)
		html_printf(b, " #%lld", a->entity_id);
	buf_puts(b, "</p>\n<p class=\"audit-entry__meta\">");
	when_html(r, b, a->at);
	html_printf(b, " · %s", page_actor_text(r, a->actor));
	if (a->address)
		html_printf(b, " · %s %s", T(r, "from"), a->address);
	buf_puts(b, "</p>\n");
	audit_changes(c, b, a);
	buf_puts(b, "</li>\n");
}

static void audit_filters(struct req *r, struct buf *b)
{
	struct form_ui f;
	form_ui_init(&f, r, b, NULL);
	int ne = (int)(sizeof audit_entities / sizeof audit_entities[0]) - 1;
	int na = (int)(sizeof audit_actions / sizeof audit_actions[0]) - 1;
	struct form_ui_option *eo = arena_alloc(r->a, (size_t)ne * sizeof *eo);
	struct form_ui_option *ao = arena_alloc(r->a, (size_t)na * sizeof *ao);
	if (!eo || !ao)
		return;
	for (int i = 0; i < ne; i++)
		eo[i] = (struct form_ui_option){ audit_entities[i].code, T(r, audit_entities[i].msgid), NULL };
	for (int i = 0; i < na; i++)
		ao[i] = (struct form_ui_option){ audit_actions[i].code, T(r, audit_actions[i].msgid), NULL };
	form_ui_open_get(&f, "/admin/audit", "filter-form", T(r, "Search the audit log"));
	form_ui_select(&f, &(struct form_ui_field){ .name = "entity", .label = T(r, "Kind of record"),
						    .value = req_query(r, "entity") },
		       eo, ne, T(r, "Any"));
	form_ui_select(&f, &(struct form_ui_field){ .name = "action", .label = T(r, "Action"),
						    .value = req_query(r, "action") },
		       ao, na, T(r, "Any"));
	form_ui_text(&f, &(struct form_ui_field){ .name = "actor", .label = T(r, "Who (login name)"),
						  .value = req_query(r, "actor"),
						  .hint = T(r, "cli:LOGIN for the command line, applicant:LOGIN for an applicant.") });
	form_ui_text(&f, &(struct form_ui_field){ .name = "address", .label = T(r, "Client address (IP)"),
						  .value = req_query(r, "address") });
	form_ui_submit(&f, T(r, "Filter"), "/admin/audit", T(r, "Clear the conditions"));
	form_ui_close(&f);
}

static int audit_get(struct req *r, struct resp *o)
{
	const char *before = req_query(r, "before");
	struct audit_filter flt = {
		.entity = req_query(r, "entity"),
		.actor = req_query(r, "actor"),
		.action = req_query(r, "action"),
		.address = req_query(r, "address"),
		.before_id = before ? atoll(before) : 0,
		.limit = AUDIT_PAGE,
	};
	struct audit_row *rows = NULL;
	int n = audit_list(r->st, &flt, &rows);
	if (n < 0)
		return resp_store_error(r, o, n);
	struct audit_ctx c = { .r = r };
	if (account_department_list(r->st, r->a, &c.depts, &c.ndepts) != 0)
		c.ndepts = 0;
	struct buf *b = &o->body;
	layout_begin(r, o, T(r, "Audit log"));
	html_printf(b, "<p class=\"lead\">%s</p>\n", T(r, "Every change, newest first: who made it, when, and what changed."));
	audit_filters(r, b);
	if (n == 0) {
		html_printf(b, "<p>%s</p>\n", T(r, "No entries."));
	} else {
		html_printf(b, "<h2 id=\"audit-entries\">%s</h2>\n<ol class=\"audit-list\" aria-labelledby=\"audit-entries\">\n",
			    T(r, "Entries"));
		for (int i = 0; i < n; i++)
			audit_entry(&c, b, &rows[i]);
		buf_puts(b, "</ol>\n");
	}
	if (n == AUDIT_PAGE) {
		static const char *const keys[] = { "entity", "actor", "action", "address", NULL };
		struct buf q = BUF_INIT;
		for (int i = 0; keys[i]; i++) {
			const char *v = req_query(r, keys[i]);
			if (v && *v) {
				buf_printf(&q, "%s=", keys[i]);
				html_urlenc(&q, v);
				buf_puts(&q, "&amp;");
			}
		}
		html_printf(b, "<p><a href=\"/admin/audit?%Sbefore=%lld\">%s</a></p>\n", buf_cstr(&q), rows[n - 1].id,
			    T(r, "Older entries"));
		buf_free(&q);
	}
	audit_rows_free(rows, n);
	static const struct layout_link dev[] = { { "/api/v1/audit", N_("The audit log as JSON") }, { NULL, NULL } };
	layout_end_links(r, o, dev);
	return 0;
}

const struct route audit_routes[] = {
	{ HTTP_GET, "/admin/audit", audit_get, ROLE_BIT(ROLE_ADMIN), 0 },
	{ 0 },
};
