/* project_rules: the collaboration division edits the rulebook's guidance — the cautions
 * (留意点) per form × kind of party, and the checklist points of each stage (project.h).
 * Every edit is audited (entity "project_rule"). */
#include "domain/project.h"
#include "domain/project_internal.h"
#include "domain/audit.h"
#include "domain/problems.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/jtext.h"
#include <stdlib.h>
#include <string.h>

static int rules_editor(const struct actor *who, struct problems *pr)
{
	if (who && who->role != ROLE_ADMIN) {
		problems_add(pr, NULL, N_("Only the collaboration division edits the rulebook's guidance."));
		return -1;
	}
	return 0;
}

static int rules_text(const char *text, size_t max, struct problems *pr)
{
	const char *problem;
	if (!text || !*text || jtext_is_blank(text))
		problems_add(pr, "text", N_("This field is required."));
	else if ((problem = jtext_text_problem(text, 0)))
		problems_add(pr, "text", problem);
	else if (strlen(text) > max)
		problems_add(pr, "text", N_("The text is too long."));
	else
		return 0;
	return -1;
}

static int rules_audit(struct store *st, const struct actor *who, const char *action, long long id, json_t *after)
{
	struct actor cli;
	char name[64];
	if (!who) {
		actor_cli(&cli, name, sizeof name);
		who = &cli;
	}
	char *af = project_json(after);
	int rc = audit_record(st, who, action, "project_rule", id, NULL, af);
	free(af);
	return rc;
}

int project_caution_save(struct store *st, const struct actor *who, long long id, const char *form,
			 const char *party_kind, const char *text, struct problems *pr)
{
	if (rules_editor(who, pr) != 0 || rules_text(text, 6000, pr) != 0)
		return -1;
	char now[24];
	project_now(now);
	const char *by = who ? who->login : "cli";
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, id ? STMT_PROJECT_CAUTION_UPDATE : STMT_PROJECT_CAUTION_INSERT);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	if (id) {
		stmt_bind_int(s, 1, id);
		stmt_bind_text(s, 2, text);
		stmt_bind_text(s, 3, now);
		stmt_bind_text(s, 4, by);
	} else {
		stmt_bind_text(s, 1, form);
		stmt_bind_text(s, 2, party_kind && *party_kind ? party_kind : NULL);
		stmt_bind_text(s, 3, text);
		stmt_bind_text(s, 4, now);
		stmt_bind_text(s, 5, by);
	}
	rc = stmt_exec(s);
	if (rc == STORE_CONSTRAINT) {
		store_rollback(st);
		problems_add(pr, "form", N_("Choose a form and a kind of party of the list."));
		return -1;
	}
	if (rc == 0 && id && store_changes(st) == 0)
		rc = STORE_ERR;
	if (rc == 0 && !id)
		id = store_last_id(st);
	if (rc == 0)
		rc = rules_audit(st, who, "caution-save", id,
				 json_pack("{s:s,s:s,s:s}", "form", form ? form : "", "party_kind",
					   party_kind ? party_kind : "", "text", text));
	if (rc == 0)
		rc = project_touch_public(st, 0);
	return rc == 0 ? store_commit(st) : (store_rollback(st), rc);
}

int project_caution_delete(struct store *st, const struct actor *who, long long id)
{
	struct problems pr = { 0 };
	if (rules_editor(who, &pr) != 0)
		return -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_PROJECT_CAUTION_DELETE);
	rc = s ? 0 : STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, id);
		rc = stmt_exec(s);
		if (rc == 0 && store_changes(st) == 0)
			rc = STORE_ERR;
	}
	if (rc == 0)
		rc = rules_audit(st, who, "caution-delete", id, NULL);
	return rc == 0 ? store_commit(st) : (store_rollback(st), rc);
}

int project_point_save(struct store *st, const struct actor *who, long long id, enum project_stage stage,
		       const char *text, struct problems *pr)
{
	if (rules_editor(who, pr) != 0 || rules_text(text, 1500, pr) != 0)
		return -1;
	if (!id && !project_stage_has_checklist(stage)) {
		problems_add(pr, "stage", N_("Only the first three stages have a checklist."));
		return -1;
	}
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, id ? STMT_PROJECT_POINT_UPDATE : STMT_PROJECT_POINT_INSERT);
	if (!s) {
		store_rollback(st);
		return STORE_ERR;
	}
	if (id) {
		stmt_bind_int(s, 1, id);
		stmt_bind_text(s, 2, text);
	} else {
		stmt_bind_text(s, 1, project_stage_names[stage]);
		stmt_bind_text(s, 2, text);
	}
	rc = stmt_exec(s);
	if (rc == 0 && id && store_changes(st) == 0)
		rc = STORE_ERR;
	if (rc == 0 && !id)
		id = store_last_id(st);
	if (rc == 0)
		rc = rules_audit(st, who, "point-save", id, json_pack("{s:s}", "text", text));
	return rc == 0 ? store_commit(st) : (store_rollback(st), rc);
}

int project_point_retire(struct store *st, const struct actor *who, long long id)
{
	struct problems pr = { 0 };
	if (rules_editor(who, &pr) != 0)
		return -1;
	int rc = store_begin(st);
	if (rc != 0)
		return rc;
	struct stmt *s = store_prepare(st, STMT_PROJECT_POINT_RETIRE);
	rc = s ? 0 : STORE_ERR;
	if (s) {
		stmt_bind_int(s, 1, id);
		rc = stmt_exec(s);
		if (rc == 0 && store_changes(st) == 0)
			rc = STORE_ERR;
	}
	if (rc == 0)
		rc = rules_audit(st, who, "point-retire", id, NULL);
	return rc == 0 ? store_commit(st) : (store_rollback(st), rc);
}
