/* org_work: what awaits the center and a group in the registry (see org_work.h). */
#include "domain/org_work.h"
#include "domain/org_confirm.h"
#include "domain/org_review.h"
#include "store/store.h"
#include <string.h>

int org_center_work(struct store *st, struct org_center_work *w)
{
	memset(w, 0, sizeof *w);
	struct org_center_counts c;
	int rc = org_center_counts(st, &c);
	struct org_confirm_counts cc;
	if (rc == 0)
		rc = org_confirm_count(st, &cc);
	if (rc != 0)
		return rc;
	w->applications = c.review[ORG_APPLIED];
	w->returned = c.review[ORG_RETURNED];
	w->changes = c.changes;
	w->due = cc.due;
	w->due_postal = cc.due_postal;
	w->registered = cc.all;
	return 0;
}

int org_group_work(struct store *st, struct arena *a, long long org_id, struct org_group_work *w)
{
	memset(w, 0, sizeof *w);
	struct org o;
	int rc = org_get(st, a, org_id, &o);
	if (rc != 0)
		return rc;
	w->review = o.review;
	w->review_comment = o.review == ORG_RETURNED && o.review_comment ? o.review_comment : "";
	w->confirm_due = org_is_stale(st, &o);
	w->confirm_requested_at = o.confirm_requested_at ? o.confirm_requested_at : "";
	w->confirmed_at = o.confirmed_at ? o.confirmed_at : "";
	struct org_change c;
	rc = org_change_pending(st, a, org_id, &c);
	if (rc == 0)
		w->change_pending = 1;
	else if (rc != ORG_NOT_FOUND)
		return rc;
	rc = org_change_last_decided(st, a, org_id, &c);
	if (rc == 0 && strcmp(c.state, "rejected") == 0)
		w->change_rejected = c.comment;
	else if (rc != 0 && rc != ORG_NOT_FOUND)
		return rc;
	return 0;
}
