/* org_public: what a write of the registry changes in public, kept in step by the writers
 * inside their own transaction —
 *   - the versions of the cached public pages (domain/version.h), moved only for the pages
 *     the write changes: a group's own pages ("org:ID"), lists without words ("list", or
 *     the scope of their first filter: "list:area:3", "list:field:5", "list:kind:npo",
 *     "list:rec"), searches with words ("search"), lists in order of confirmation
 *     ("confirmed"), the API's lists ("api"), the statistics ("stats"), the open data
 *     ("opendata");
 *   - the directory's statistics (table dir_stats): counts per kind, activity field, area,
 *     member band and age profile of the directory-visible groups, adjusted by the change
 *     of one record instead of recounted for each page.
 * A writer reads the record's public footprint before its change (org_public_of on the
 * record it read, or org_public_read) and calls org_public_end after it: the footprints
 * are compared (hashes of what each kind of page shows) and only what differs moves. A
 * change that takes something out of the public's sight (the group leaves the directory
 * or a list — an area, an activity field, its kind —, a value is made private or emptied,
 * a contact value is replaced) is hard: no copy built before it is sent again (version.h). A write of the whole directory (an import, the search index
 * rebuilt, areas, the city's settings) calls org_public_all_changed or org_version_bump.
 * Inside a transaction; returns 0 or a store_rc. */
#ifndef KYODO_ORG_PUBLIC_H
#define KYODO_ORG_PUBLIC_H
#include "domain/org.h"
#include "domain/version.h"

#define ORG_PUBLIC_CONTACTS 9
#define ORG_LIST_PURPOSE_CHARS 80	/* the purpose in a list entry: its first characters */	/* representative, contact person, postal code, address, phone, fax, email */

struct org_public {
	int exists, visible;	/* visible: approved and not dissolved (in the directory) */
	unsigned long long page;	/* the public record: the group's pages, the API, open data */
	unsigned long long list;	/* what a list entry shows and the lists filter by */
	unsigned long long search;	/* list + the other text the search index holds */
	unsigned long long contacts[ORG_PUBLIC_CONTACTS];	/* each public contact value (0: none shown) */
	unsigned long long shown;	/* a bit per field with a public, non-empty value */
	char confirmed_at[32];
	/* the statistics' keys, and the lists' filters */
	char kind[48], age[96];
	int band, recruiting;
	int fields[ORG_FIELDS_MAX], nfields;
	long long areas[ORG_AREAS_MAX];
	int nareas;
};

/* The footprint of o as stored (o is not changed). */
void org_public_of(const struct org *o, struct org_public *out);
/* The footprint of record id as stored now; exists = 0 when there is none. */
int org_public_read(struct store *st, struct arena *a, long long id, struct org_public *out);
/* After a write of record id: compares its footprint now with before, moves the versions
 * of what changed and adjusts the statistics. */
int org_public_end(struct store *st, struct arena *a, long long id, const struct org_public *before);

/* Everything in the directory may have changed (rows written in bulk): "dir" moves (hard)
 * and the statistics are counted again. */
int org_public_all_changed(struct store *st);
int org_stats_recount(struct store *st);

/* The scope a list page of the directory is cached under (see the head of this file). */
void org_public_list_scope(char out[VERSION_SCOPE_MAX], const char *q, const char *kind, int field,
			   long long area_id, int recruiting, int sort_confirmed);
/* The scope of a group's own pages: "org:ID". */
void org_public_org_scope(char out[VERSION_SCOPE_MAX], long long id);

/* ---- the statistics ---- */

struct org_stat {
	char dim[16];		/* "total", "recruiting", "kind", "field", "area", "members", "age" */
	const char *key;	/* from the arena */
	long long n;
};
/* Every row of dir_stats (zero counts left out), from the arena. */
int org_stats_read(struct store *st, struct arena *a, struct org_stat **out, int *n);
/* Compares dir_stats with the counts taken afresh from the records: *same = 1 when they
 * agree; *diff names the first difference (from the arena). For the tests. */
int org_stats_verify(struct store *st, struct arena *a, int *same, const char **diff);

#endif
