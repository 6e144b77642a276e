/* project_awaits: what awaits a side of collaboration projects on its start page — the
 * checklist points of each project's current stage that the lead department (its staff)
 * or a partner (its group account) has not yet agreed (project.h). */
#include "domain/project.h"
#include "domain/project_internal.h"
#include "store/store.h"
#include "util/arena.h"
#include <string.h>

static int await_row(struct stmt *s, struct arena *a, void *elem, void *ctx)
{
	struct project_await *w = elem;
	(void)ctx;
	w->project_id = stmt_int(s, 0);
	w->title = stmt_text_dup(s, a, 1);
	if (project_stage_parse(stmt_text(s, 2), &w->stage) != 0)
		w->stage = PSTAGE_CONSIDER;
	w->open = (int)stmt_int(s, 3);
	return arena_over(a) ? STORE_ERR : 0;
}

int project_awaits(struct store *st, struct arena *a, const struct actor *who, struct project_await **out, int *n,
		   int *total)
{
	*out = NULL;
	*n = *total = 0;
	enum stmt_id id;
	long long key;
	if (who && who->role == ROLE_STAFF && who->department_id > 0) {
		id = STMT_PROJECT_AWAIT_DEPT;
		key = who->department_id;
	} else if (who && who->role == ROLE_GROUP && who->org_id > 0) {
		id = STMT_PROJECT_AWAIT_ORG;
		key = who->org_id;
	} else {
		return 0;
	}
	struct store_arg args[] = { SARG_INT(key), SARG_END };
	int rc = project_read_list(st, a, id, args, sizeof **out, await_row, (void **)out, n);
	for (int i = 0; rc == 0 && i < *n; i++)
		*total += (*out)[i].open;
	return rc;
}
