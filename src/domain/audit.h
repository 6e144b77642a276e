/* audit: the record of every write — who, when, what, the values before and after.
 * Domain functions call audit_record() inside the same transaction as the write, so a
 * write without its audit row cannot happen. The row carries the actor's address (the
 * client's, behind a trusted proxy the one it names; none for the command line). */
#ifndef KYODO_AUDIT_H
#define KYODO_AUDIT_H
#include "domain/actor.h"
struct store;
struct buf;

/* before/after are JSON texts (or NULL). Returns 0 or a store_rc. */
int audit_record(struct store *st, const struct actor *who, const char *action,
		 const char *entity, long long entity_id, const char *before_json, const char *after_json);

struct audit_filter {
	const char *entity, *actor, *action, *address;	/* "" or NULL = any */
	long long before_id;	/* 0 = newest first page */
	long long entity_id;	/* 0 = any */
	int limit;		/* 1..500 */
};
struct audit_row {
	long long id, user_id, entity_id;
	char *at, *actor, *action, *entity, *before_json, *after_json;	/* heap; audit_rows_free */
	char *address;		/* the client's address; NULL for the command line and older rows */
};
/* Fills rows (heap array) newest first. Returns number of rows or < 0. */
int audit_list(struct store *st, const struct audit_filter *f, struct audit_row **rows);
void audit_rows_free(struct audit_row *rows, int n);

#endif
