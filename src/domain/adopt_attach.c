/* adopt_attach: an adoption agreement's documents (the agreement, insurance papers)
 * through the generic attachments module (domain/attach.h, one line in attach_kinds[]),
 * under adopt_visibility.h: seen, added and removed by whoever reaches the agreement
 * itself (ADOPT_SEE_AGREEMENT: the agreement's group, the department in charge of the
 * place, the division). Nothing new is added to an agreement that has ended (its last
 * term is over, or it ended early) or to an application refused or taken back
 * (ATTACH_CLOSED); its documents are seen as before. Never public — the public list of places shows who adopts a
 * place, not its papers. */
#include "domain/adopt.h"
#include "domain/adopt_internal.h"
#include "domain/adopt_visibility.h"
#include "domain/attach.h"
#include "store/store.h"
#include "util/arena.h"

int adopt_attach_may(struct store *st, const struct actor *who, long long owner_id, enum attach_op op)
{
	struct arena *a = arena_new(0);
	if (!a)
		return STORE_ERR;
	struct adopt_agreement g;
	int rc = adopt_ag_read(st, a, owner_id, &g);
	if (rc == ADOPT_NOT_FOUND)
		rc = ATTACH_NOT_FOUND;
	else if (rc == 0) {
		/* the same people view, add and remove */
		rc = who && adopt_may(who, g.place_department, g.org_id, ADOPT_SEE_AGREEMENT);
		if (rc == 1 && op == ATTACH_ADD && adopt_agreement_finished(&g))
			rc = ATTACH_CLOSED;
	}
	arena_free(a);
	return rc;
}

int adopt_attach_public(struct store *st, long long owner_id)
{
	(void)st;
	(void)owner_id;
	return 0;
}

const char *adopt_attach_page(struct arena *a, const struct actor *who, long long owner_id)
{
	(void)who;
	return arena_printf(a, "/adopt/agreements/%lld", owner_id);
}
