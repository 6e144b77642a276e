/* version: the versions of what the cached public pages are built from (table
 * page_versions, migration 0010). A scope names a set of pages — "dir" (the whole
 * directory: areas, the city's settings, an import), "org:12" (a group's own pages),
 * "list", "list:field:3", "search", "confirmed", "api", "stats", "opendata" — and a write
 * moves the version of each scope whose pages it changes (domain/org_public.c decides
 * which), in its own transaction, so every process on the database learns of it on its
 * next request: a page is keyed by version_tag(), read with one query per request.
 *
 * A tag reads "D.F|V": D the version of "dir", F the scope's floor, V its version. A
 * cached copy whose tag differs only after the '|' was built before a change that may be
 * shown a few seconds late (html/page_cache.c serves it while one request rebuilds the
 * page); a hard change (something taken out of the public's sight: a group leaving the
 * directory, a contact made private) moves the floor too, and every change of "dir" is
 * hard, so such a copy is never sent again. */
#ifndef KYODO_VERSION_H
#define KYODO_VERSION_H
struct store;

#define VERSION_TAG_MAX 64
#define VERSION_SCOPE_MAX 48

/* The tag of scope (see above) into out. 0 or a store_rc. */
int version_tag(struct store *st, const char *scope, char out[VERSION_TAG_MAX]);
/* Moves the version of scope (hard: its floor too). Inside the writer's transaction.
 * 0 or a store_rc. */
int version_bump(struct store *st, const char *scope, int hard);
/* The version and floor of scope (0, 0 when it has never moved). 0 or a store_rc. */
int version_get(struct store *st, const char *scope, long long *version, long long *floor);

#endif
