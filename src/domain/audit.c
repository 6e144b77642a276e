/* audit: records and lists writes (see audit.h). */
#include "domain/audit.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

int audit_record(struct store *st, const struct actor *who, const char *action,
		 const char *entity, long long entity_id, const char *before_json, const char *after_json)
{
	struct stmt *s = store_prepare(st, STMT_AUDIT_INSERT);
	if (!s)
		return STORE_ERR;
	if (who->user_id)
		stmt_bind_int(s, 1, who->user_id);
	else
		stmt_bind_null(s, 1);
	stmt_bind_text(s, 2, who->login && *who->login ? who->login : "public");
	stmt_bind_text(s, 3, action);
	stmt_bind_text(s, 4, entity);
	if (entity_id)
		stmt_bind_int(s, 5, entity_id);
	else
		stmt_bind_null(s, 5);
	stmt_bind_text(s, 6, before_json);
	stmt_bind_text(s, 7, after_json);
	stmt_bind_text(s, 8, who->address && *who->address ? who->address : NULL);
	return stmt_exec(s);
}

static char *audit_dup(struct stmt *s, int col)
{
	const char *t = stmt_text(s, col);
	return t ? strdup(t) : NULL;
}

int audit_list(struct store *st, const struct audit_filter *f, struct audit_row **rows)
{
	int limit = f->limit < 1 ? 50 : f->limit > 500 ? 500 : f->limit;
	struct stmt *s = store_prepare(st, STMT_AUDIT_LIST);
	*rows = NULL;
	if (!s)
		return STORE_ERR;
	stmt_bind_text(s, 1, f->entity ? f->entity : "");
	stmt_bind_text(s, 2, f->actor ? f->actor : "");
	stmt_bind_text(s, 3, f->action ? f->action : "");
	stmt_bind_int(s, 4, f->before_id);
	stmt_bind_int(s, 5, limit);
	stmt_bind_int(s, 6, f->entity_id);
	stmt_bind_text(s, 7, f->address ? f->address : "");
	struct audit_row *out = calloc((size_t)limit, sizeof *out);
	if (!out)
		return STORE_ERR;
	int n = 0, rc;
	while (n < limit && (rc = stmt_step(s)) == 1) {
		struct audit_row *a = &out[n++];
		a->id = stmt_int(s, 0);
		a->at = audit_dup(s, 1);
		a->user_id = stmt_int(s, 2);
		a->actor = audit_dup(s, 3);
		a->action = audit_dup(s, 4);
		a->entity = audit_dup(s, 5);
		a->entity_id = stmt_int(s, 6);
		a->before_json = audit_dup(s, 7);
		a->after_json = audit_dup(s, 8);
		a->address = audit_dup(s, 9);
	}
	stmt_reset(s);
	if (rc < 0) {
		audit_rows_free(out, n);
		return rc;
	}
	*rows = out;
	return n;
}

void audit_rows_free(struct audit_row *rows, int n)
{
	if (!rows)
		return;
	for (int i = 0; i < n; i++) {
		free(rows[i].at);
		free(rows[i].actor);
		free(rows[i].action);
		free(rows[i].entity);
		free(rows[i].before_json);
		free(rows[i].after_json);
		free(rows[i].address);
	}
	free(rows);
}
