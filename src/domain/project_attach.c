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
 * And which of the documents the project's form requires are attached already
 * (project_document_attached: matched by the attachments' names). */
#include "domain/project.h"
#include "domain/project_internal.h"
#include "domain/attach.h"
#include "store/store.h"
#include "util/arena.h"
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

/* ---- the form's documents against the files attached ---- */

/* 1 when some name contains part (len bytes). */
static int some_name_has(const char *part, size_t len, const char *const *names, int n)
{
	if (len == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		for (const char *p = names[i]; p && *p; p++)
			if (strncmp(p, part, len) == 0)
				return 1;
	}
	return 0;
}

/* 1 when every part of alt (parts joined by "・") is in some name. */
static int alternative_attached(const char *alt, size_t len, const char *const *names, int n)
{
	static const char dot[] = "・";
	const char *end = alt + len;
	int parts = 0;
	while (alt < end) {
		const char *d = strstr(alt, dot);
		const char *stop = d && d < end ? d : end;
		if (stop > alt) {
			if (!some_name_has(alt, (size_t)(stop - alt), names, n))
				return 0;
			parts++;
		}
		alt = stop < end ? stop + sizeof dot - 1 : end;
	}
	return parts > 0;
}

int project_document_attached(const char *doc, const char *const *names, int n)
{
	static const char paren[] = "（", or_[] = "または";
	if (!doc || !*doc)
		return 0;
	const char *p = strstr(doc, paren);
	const char *end = p ? p : doc + strlen(doc);
	while (doc < end) {
		const char *o = strstr(doc, or_);
		const char *stop = o && o < end ? o : end;
		if (alternative_attached(doc, (size_t)(stop - doc), names, n))
			return 1;
		doc = stop < end ? stop + sizeof or_ - 1 : end;
	}
	return 0;
}
