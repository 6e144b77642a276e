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
 * with the file. A document is attached when a file is marked as it — never by names.
 * Whoever may remove a file (attach_may_remove) may also change what it is
 * (project_attach_remark): a file attached before the marks existed, or marked wrongly,
 * becomes the document it is. */
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

/* The mark json of an audit: {"attachment": id, "document": id or null}. */
static json_t *mark_json(long long attachment_id, long long doc)
{
	json_t *j = json_pack("{s:I}", "attachment", (json_int_t)attachment_id);
	if (j)
		json_object_set_new(j, "document", doc > 0 ? json_integer((json_int_t)doc) : json_null());
	return j;
}

/* Checks what (the form's document id or その他) and writes it as attachment_id's mark,
 * audited with what it was before (was: -1 for a new file — その他 then writes and
 * audits nothing; 0 その他; else a document id). The caller holds the write lock. */
static int mark_write(struct store *st, const struct actor *who, long long owner_id, long long attachment_id,
		      const char *what, long long was, const char **err)
{
	if (!what || !*what) {
		*err = N_("Say which of the form's documents the file is, or その他.");
		return ATTACH_REFUSED;
	}
	long long doc = 0;
	if (strcmp(what, PROJECT_DOC_OTHER) != 0) {
		doc = what_id(what);
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
		struct stmt *ins = store_prepare(st, STMT_PROJECT_DOC_MARK_INSERT);
		if (!ins)
			return STORE_ERR;
		stmt_bind_int(ins, 1, attachment_id);
		stmt_bind_int(ins, 2, owner_id);
		stmt_bind_int(ins, 3, doc);
		int rc = stmt_exec(ins);
		if (rc != 0)
			return rc;
	} else if (was < 0) {
		return 0;	/* a new file said to be その他: no mark, nothing to audit */
	}
	return project_audit(st, who, "document", owner_id, was < 0 ? NULL : mark_json(attachment_id, was),
			     mark_json(attachment_id, doc));
}

int project_attach_mark(struct store *st, const struct actor *who, long long owner_id, long long attachment_id,
			const char *what, const char **err)
{
	return mark_write(st, who, owner_id, attachment_id, what, -1, err);
}

/* What attachment_id is marked as: a document id, or 0 (その他). */
static int mark_of(struct store *st, long long attachment_id, long long *doc)
{
	struct stmt *s = store_prepare(st, STMT_PROJECT_DOC_MARK_OF);
	if (!s)
		return STORE_ERR;
	stmt_bind_int(s, 1, attachment_id);
	int rc = stmt_step(s);
	*doc = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	return rc < 0 ? rc : 0;
}

/* 1 when file attachment_id is project project_id's and who may change it (whoever may
 * remove it); ATTACH_NOT_FOUND, ATTACH_FORBIDDEN or a store_rc otherwise. */
static int remark_allowed(struct store *st, struct arena *a, const struct actor *who, long long project_id,
			  long long attachment_id)
{
	struct attachment x;
	int rc = attach_get(st, a, who, attachment_id, &x);
	if (rc == ATTACH_FORBIDDEN)
		return ATTACH_NOT_FOUND;	/* what one may not see does not exist */
	if (rc != 0)
		return rc;
	if (strcmp(x.owner_kind, "project") != 0 || x.owner_id != project_id)
		return ATTACH_NOT_FOUND;
	rc = attach_may_remove(st, who, &x);
	return rc < 0 ? rc : rc ? 1 : ATTACH_FORBIDDEN;
}

int project_attach_remark(struct store *st, const struct actor *who, long long project_id, long long attachment_id,
			  const char *what, const char **err)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	int rc = remark_allowed(st, a, who, project_id, attachment_id);
	if (rc == 1 && (rc = store_begin(st)) == 0) {
		/* again under the write lock: the file may be gone, the access taken away */
		long long was = 0;
		rc = remark_allowed(st, a, who, project_id, attachment_id);
		if (rc == 1)
			rc = mark_of(st, attachment_id, &was);
		struct stmt *s = rc == 0 ? store_prepare(st, STMT_PROJECT_DOC_MARK_DELETE) : NULL;
		if (rc == 0 && !s)
			rc = STORE_ERR;
		if (s) {
			stmt_bind_int(s, 1, attachment_id);
			rc = stmt_exec(s);
		}
		if (rc == 0)
			rc = mark_write(st, who, project_id, attachment_id, what, was, err);
		rc = rc == 0 ? store_commit(st) : (store_rollback(st), rc);
	}
	arena_free(a);
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
