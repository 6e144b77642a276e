/* org_personal: downloads and prints of the registry's personal data — the whole registry
 * with contacts (CSV, Shift_JIS CSV, xlsx, JSON; on the web and by `kyodo org export`),
 * the confirmation letters and the address labels. Only the center and the collaboration
 * division (and the command line, which acts as the division) may make them; each one is
 * an audit row (action "download": who, when, from which address, what, in which format,
 * how many records), written before the file or the page leaves, so no copy of personal
 * data leaves without its row. The public open data holds no personal data and is not one
 * of these. */
#ifndef KYODO_ORG_PERSONAL_H
#define KYODO_ORG_PERSONAL_H
#include "domain/actor.h"
struct store;

enum org_personal_kind {
	ORG_PERSONAL_EXPORT,	/* the whole registry as a file */
	ORG_PERSONAL_LETTERS,	/* letters asking groups to confirm their data */
	ORG_PERSONAL_LABELS,	/* address labels */
	ORG_PERSONAL__MAX
};
/* The audit row's entity: "org_export", "org_letters", "org_labels". */
extern const char *const org_personal_entities[ORG_PERSONAL__MAX];

struct org_personal_use {
	enum org_personal_kind kind;
	const char *format;	/* "csv", "xlsx", "json", "html" (a page to print) */
	const char *encoding;	/* "utf-8", "cp932", or NULL */
	const char *target;	/* letters and labels: "due" or "all"; NULL otherwise */
	long long records;	/* how many groups it holds */
};

/* May who download or print personal data of the registry? The center, the admin. */
int org_personal_may(const struct actor *who);
/* The audit row of one download or print; -1 when who may not (nothing written), 0 or a
 * store_rc. */
int org_personal_record(struct store *st, const struct actor *who, const struct org_personal_use *u);

#endif
