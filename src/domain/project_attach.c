/* project_attach: a project's documents (協定書, plans, reports, photos) through the generic
 * attachments module (domain/attach.h, one line in attach_kinds[]), under the project's
 * own visibility rule (project_visibility.h):
 *   - viewed by whoever may see the project (project_access not NONE);
 *   - added and removed by the lead department, the collaboration division and the
 *     project's partners (PACCESS_LEAD, PACCESS_DIVISION, PACCESS_PARTNER); nothing new
 *     is added once the project is stopped (中止: ATTACH_CLOSED);
 *   - public (anyone may view them, the public page lists them) while the project is
 *     published; an add or removal on a published project moves the public pages' version
 *     in its transaction.
 * And which of the documents the project's form requires a file is: whoever attaches a
 * file says it (one of the form's documents, or その他), written in the upload's
 * transaction through the kind's mark hook into project_doc_marks (sql/0019), removed
 * with the file. A document is attached when a file is marked as it — never by names. */
#include "domain/project.h"
#include "domain/project_internal.h"
#include "domain/attach.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <stdlib.h>
#include <string.h>

/* The project as the rule needs it; ATTACH_NOT_FOUND when there is none. */
static int project_attach_access(struct store *st, const struct actor *who, long long owner_id,
				 enum project_access *acc, int *published)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct project p;
	int rc = project_load_any(st, a, owner_id, &p);
	if (rc == STORE_ERR) {
		rc = ATTACH_NOT_FOUND;	/* project_load_any: STORE_ERR is "no such project" */
	} else if (rc == 0) {
		/* a missing viewer is the public, never the command line's division */
		struct actor anyone = { .login = "", .display_name = "", .role = ROLE_PUBLIC };
		rc = project_access_of(st, who ? who : &anyone, &p, acc);
		*published = p.published;
	}
	arena_free(a);
	return rc;
}

int project_attach_may(struct store *st, const struct actor *who, long long owner_id, enum attach_op op)
{
	enum project_access acc = PACCESS_NONE;
	int published = 0;
	int rc = project_attach_access(st, who, owner_id, &acc, &published);
	if (rc != 0)
		return rc;
	if (op == ATTACH_VIEW)
		return acc != PACCESS_NONE;
	if (acc != PACCESS_LEAD && acc != PACCESS_DIVISION && acc != PACCESS_PARTNER)
		return 0;
	if (op != ATTACH_ADD)
		return 1;
	/* a stopped project (中止) takes no new documents; what it has stays as it was */
	struct arena *a = arena_new(0);
	struct project p;
	rc = a ? project_load_any(st, a, owner_id, &p) : STORE_ERR;
	int stopped = rc == 0 && p.stage == PSTAGE_STOPPED;
	arena_free(a);
	if (rc != 0)
		return rc == STORE_ERR ? ATTACH_NOT_FOUND : rc;
	return stopped ? ATTACH_CLOSED : 1;
}

int project_attach_public(struct store *st, long long owner_id)
{
	enum project_access acc = PACCESS_NONE;
	int published = 0;
	int rc = project_attach_access(st, NULL, owner_id, &acc, &published);
	if (rc == ATTACH_NOT_FOUND)
		return 0;
	return rc != 0 ? rc : published;
}

const char *project_attach_page(struct arena *a, const struct actor *who, long long owner_id)
{
	(void)who;	/* everyone who may add or remove reaches the staff page */
	return arena_printf(a, "/projects/%lld", owner_id);
}

int project_attach_changed(struct store *st, long long owner_id, int removed)
{
	int pub = project_attach_public(st, owner_id);
	if (pub <= 0)
		return pub;
	return project_touch_public(st, removed);
}

/* ---- which of the form's documents a file is ---- */

int project_document_before_run(const char *kind)
{
	static const char *const before_run[] = { "agreement", "budget" };
	for (size_t i = 0; kind && i < sizeof before_run / sizeof before_run[0]; i++)
		if (strcmp(kind, before_run[i]) == 0)
			return 1;
	return 0;
}

/* what as a document id: > 0, or 0 when it is not a plain decimal number. */
static long long what_id(const char *what)
{
	if (!what || !*what || strlen(what) > 18 || strspn(what, "0123456789") != strlen(what))
		return 0;
	return strtoll(what, NULL, 10);
}

int project_attach_mark(struct store *st, const struct actor *who, long long owner_id, long long attachment_id,
			const char *what, const char **err)
{
	if (!what || !*what) {
		*err = N_("Say which of the form's documents the file is, or その他.");
		return ATTACH_REFUSED;
	}
	if (strcmp(what, PROJECT_DOC_OTHER) == 0)
		return 0;	/* その他: none of the form's documents */
	long long doc = what_id(what);
	struct stmt *s = doc > 0 ? store_prepare(st, STMT_PROJECT_DOC_OF_PROJECT) : NULL;
	int found = 0;
	if (s) {
		stmt_bind_int(s, 1, owner_id);
		stmt_bind_int(s, 2, doc);
		found = stmt_step(s);
		stmt_reset(s);
	}
	if (found < 0)
		return found;
	if (found == 0) {
		*err = N_("That is none of the documents of the project's form. Choose one of them, or その他.");
		return ATTACH_REFUSED;
	}
	s = store_prepare(st, STMT_PROJECT_DOC_MARK_INSERT);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, attachment_id);
	stmt_bind_int(s, 2, owner_id);
	stmt_bind_int(s, 3, doc);
	int rc = stmt_exec(s);
	if (rc == 0)
		rc = project_audit(st, who, "document", owner_id, NULL,
				   json_pack("{s:I,s:I}", "attachment", (json_int_t)attachment_id, "document",
					     (json_int_t)doc));
	return rc;
}

static int mark_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_doc_mark *m = elem;
	(void)a;
	(void)ctx;
	m->attachment_id = stmt_int(s, 0);
	m->document_id = stmt_int(s, 1);
	return 0;
}

int project_doc_marks_of(struct store *st, struct arena *a, long long project_id, struct project_doc_mark **out,
			 int *n)
{
	struct store_arg args[] = { SARG_INT(project_id), SARG_END };
	return project_read_list(st, a, STMT_PROJECT_DOC_MARKS, args, sizeof **out, mark_row, (void **)out, n);
}
