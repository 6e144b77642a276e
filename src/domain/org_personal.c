/* org_personal: who may take personal data of the registry out, and the audit row of each
 * download or print (see org_personal.h). */
#include "domain/org_personal.h"
#include "domain/audit.h"
#include "store/store.h"
#include <jansson.h>
#include <stdlib.h>

const char *const org_personal_entities[ORG_PERSONAL__MAX] = {
	[ORG_PERSONAL_EXPORT] = "org_export",
	[ORG_PERSONAL_LETTERS] = "org_letters",
	[ORG_PERSONAL_LABELS] = "org_labels",
};

int org_personal_may(const struct actor *who)
{
	return who && (who->role == ROLE_ADMIN || who->role == ROLE_COORDINATOR);
}

int org_personal_record(struct store *st, const struct actor *who, const struct org_personal_use *u)
{
	if (!org_personal_may(who) || (unsigned)u->kind >= ORG_PERSONAL__MAX)
		return -1;
	json_t *j = json_pack("{s:s, s:I}", "format", u->format ? u->format : "", "orgs", (json_int_t)u->records);
	if (j && u->encoding)
		json_object_set_new(j, "encoding", json_string(u->encoding));
	if (j && u->target)
		json_object_set_new(j, "target", json_string(u->target));
	char *t = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	int rc = t ? audit_record(st, who, "download", org_personal_entities[u->kind], 0, NULL, t) : STORE_ERR;
	free(t);
	json_decref(j);
	return rc;
}
