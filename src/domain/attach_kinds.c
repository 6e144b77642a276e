/* attach_kinds: the kinds of records that carry attachments, one line each, and the rule
 * of each — who may view, add and remove an owner's attachments, whether the owner is
 * public, and the owner's page. The rule is the owner's own visibility rule, so an
 * attachment is never more visible than its record.
 *
 * To give another kind of record attachments (a project, an endorsement, an adoption):
 *   1. write its three functions in the module that owns the record (e.g.
 *      project_attach_may, project_attach_public, project_attach_page in
 *      domain/project*.c), calling that module's visibility rule;
 *   2. declare them in its header and add one line to attach_kinds[] below;
 *   3. on the record's page, call page_attach_section(r, &body, "project", id) (html/
 *      pages.h) where the list should appear.
 * Routes, storage, checks, audit and tests of the upload path are shared; nothing else
 * changes. */
#include "domain/attach.h"
#include "domain/adopt.h"
#include "domain/endorse.h"
#include "domain/org.h"
#include "domain/project.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include <string.h>

/* ---- "org": a group's own documents (会則, 事業報告書 …) on its registry record ----
 * Seen, added and removed by those who see the record's private part: the group's own
 * accounts, the civic activity center and the collaboration division (org_can_see_private).
 * Never public: the public directory shows no documents. */
static int org_attach_may(struct store *st, const struct actor *who, long long owner_id, enum attach_op op)
{
	struct stmt *s = store_prepare(st, STMT_ATTACH_ORG_EXISTS);
	stmt_bind_int(s, 1, owner_id);
	int rc = stmt_step(s);
	long long n = rc == 1 ? stmt_int(s, 0) : 0;
	stmt_reset(s);
	if (rc < 0)
		return rc;
	if (n == 0)
		return ATTACH_NOT_FOUND;
	struct org o = { .id = owner_id };
	(void)op;	/* the same people view, add and remove */
	return org_can_see_private(who, &o);
}

static int org_attach_public(struct store *st, long long owner_id)
{
	(void)st;
	(void)owner_id;
	return 0;
}

static const char *org_attach_page(struct arena *a, const struct actor *who, long long owner_id)
{
	if (who && who->role == ROLE_GROUP && who->org_id == owner_id)
		return "/my/group";
	return arena_printf(a, "/center/orgs/%lld", owner_id);
}

const struct attach_kind attach_kinds[] = {
	{ "org", N_("Documents of the group"), org_attach_may, org_attach_public, org_attach_page, NULL, NULL },
	{ "project", N_("Documents of the project"), project_attach_may, project_attach_public, project_attach_page,
	  project_attach_changed, project_attach_mark },
	{ "endorsement", N_("Papers of the application"), endorse_attach_may, endorse_attach_public,
	  endorse_attach_page, NULL, NULL },
	{ "adoption", N_("Documents of the agreement"), adopt_attach_may, adopt_attach_public, adopt_attach_page,
	  NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

const struct attach_kind *attach_kind_find(const char *name)
{
	for (const struct attach_kind *k = attach_kinds; name && k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

int attach_may(struct store *st, const struct actor *who, const struct attach_kind *k, long long owner_id,
	       enum attach_op op)
{
	if (!k)
		return ATTACH_NOT_FOUND;
	if (op == ATTACH_VIEW) {
		int pub = k->is_public(st, owner_id);
		if (pub < 0)
			return pub;
		if (pub)
			return 1;
	}
	if (op != ATTACH_VIEW && (!who || who->role == ROLE_PUBLIC))
		return 0;	/* the public writes nothing */
	return k->may(st, who, owner_id, op);
}
