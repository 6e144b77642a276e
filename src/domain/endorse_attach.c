/* endorse_attach: an endorsement's papers (the flyer, the statement of income and
 * expenses) through the generic attachments module (domain/attach.h, one line in
 * attach_kinds[]), under endorse_visibility.h:
 *   - viewed by whoever sees the endorsement's full record (the group that applied, the
 *     department asked, the division) — never the public, another group or another
 *     department, even once the endorsement is approved and listed in public;
 *   - added and removed by the group that applied and the deciding department or division;
 *     nothing new is added once the endorsement was withdrawn or refused (ATTACH_CLOSED),
 *     its papers still seen as before. */
#include "domain/endorse.h"
#include "domain/endorse_visibility.h"
#include "domain/attach.h"
#include "store/store.h"
#include "util/arena.h"

int endorse_attach_may(struct store *st, const struct actor *who, long long owner_id, enum attach_op op)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct endorsement e;
	int rc = endorse_get(st, a, owner_id, &e);
	if (rc == ENDORSE_NOT_FOUND)
		rc = ATTACH_NOT_FOUND;
	else if (rc == 0 && !who)
		rc = 0;	/* no viewer: the public, who sees none of them */
	else if (rc == 0 && op == ATTACH_VIEW)
		rc = endorse_view_of(who, &e) == ENDORSE_VIEW_FULL;
	else if (rc == 0) {
		rc = endorse_may_act(who, &e) || endorse_may_decide(who, &e);
		if (rc == 1 && op == ATTACH_ADD && (e.state == ENDORSE_WITHDRAWN || e.state == ENDORSE_REFUSED))
			rc = ATTACH_CLOSED;	/* a finished endorsement takes no new papers */
	}
	arena_free(a);
	return rc;
}

int endorse_attach_public(struct store *st, long long owner_id)
{
	(void)st;
	(void)owner_id;
	return 0;
}

const char *endorse_attach_page(struct arena *a, const struct actor *who, long long owner_id)
{
	(void)who;
	return arena_printf(a, "/endorsements/%lld", owner_id);
}
