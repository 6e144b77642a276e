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
#include "domain/notice.h"
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

/* ---- notices: a group's file tells the department that acts next on the record ----
 * Only a file added by a group's account tells anyone (the city's own files are the city's
 * work); the department told is the one that handles the record, which sees it already. */

/* A NOTICE_ATTACH_ADDED to department dept about the record called record at link. */
static int attach_notice_dept(struct store *st, const struct actor *who, long long dept, const char *record,
			      const char *link, const char *file_name)
{
	if (dept <= 0)
		return 0;
	const char *group = who->display_name && *who->display_name ? who->display_name : who->login;
	struct notice_param ps[] = { { "group", group }, { "file", file_name }, { "record", record }, { NULL, NULL } };
	struct notice n = { NOTICE_ATTACH_ADDED, link, ps, 0 };
	return notice_department(st, dept, &n);
}

static int project_attach_added(struct store *st, const struct actor *who, long long owner_id, const char *file_name)
{
	if (!who || who->role != ROLE_GROUP)
		return 0;
	struct arena *a = arena_new(0);
	struct project p;
	int rc = a ? project_load(st, a, who, owner_id, &p) : STORE_ERR;
	if (rc == 0)
		rc = attach_notice_dept(st, who, p.department_id, p.title, arena_printf(a, "/projects/%lld", owner_id),
					file_name);
	arena_free(a);
	return rc;
}

static int endorse_attach_added(struct store *st, const struct actor *who, long long owner_id, const char *file_name)
{
	if (!who || who->role != ROLE_GROUP)
		return 0;
	struct arena *a = arena_new(0);
	struct endorsement e;
	int rc = a ? endorse_get(st, a, owner_id, &e) : STORE_ERR;
	if (rc == 0)
		rc = attach_notice_dept(st, who, e.department_id, e.title,
					arena_printf(a, "/endorsements/%lld", owner_id), file_name);
	arena_free(a);
	return rc;
}

static int adopt_attach_added(struct store *st, const struct actor *who, long long owner_id, const char *file_name)
{
	if (!who || who->role != ROLE_GROUP)
		return 0;
	struct arena *a = arena_new(0);
	struct adopt_agreement g;
	int rc = a ? adopt_agreement_get(st, a, who, owner_id, &g) : STORE_ERR;
	if (rc == 0)
		rc = attach_notice_dept(st, who, g.place_department, g.place_name,
					arena_printf(a, "/adopt/agreements/%lld", owner_id), file_name);
	arena_free(a);
	return rc;
}

const struct attach_kind attach_kinds[] = {
	{ "org", N_("Documents of the group"), org_attach_may, org_attach_public, org_attach_page, NULL, NULL, NULL,
	  NULL },
	{ "project", N_("Documents of the project"), project_attach_may, project_attach_public, project_attach_page,
	  project_attach_changed, project_attach_mark, N_("This project was stopped: no more documents can be attached."),
	  project_attach_added },
	{ "endorsement", N_("Papers of the application"), endorse_attach_may, endorse_attach_public,
	  endorse_attach_page, NULL, NULL,
	  N_("This application was withdrawn or not approved: no more papers can be attached."), endorse_attach_added },
	{ "adoption", N_("Documents of the agreement"), adopt_attach_may, adopt_attach_public, adopt_attach_page,
	  NULL, NULL, N_("This agreement has ended (or the application was closed): no more documents can be attached."),
	  adopt_attach_added },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
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
