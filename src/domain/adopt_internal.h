/* adopt_internal: what adopt.c, adopt_agreement.c and adopt_work.c share (not for other
 * modules: they use adopt.h). */
#ifndef KYODO_ADOPT_INTERNAL_H
#define KYODO_ADOPT_INTERNAL_H
#include "domain/adopt.h"
#include <jansson.h>
#include <stddef.h>
struct stmt;

#define ADOPT_TEXT_MAX 5000
#define ADOPT_NAME_MAX 200

int adopt_fy_of(const char *d);	/* the fiscal year of 'YYYY-MM-DD', 0 when none */
char *adopt_json(json_t *o);	/* compact JSON text (heap) from a new reference, for the audit */
void adopt_now(char out[24]);	/* now, UTC, ISO */
const char *adopt_by(const struct actor *who);	/* the actor's name for records */
/* Input checks: each adds its problem to ps and returns 1 when the input is fine. */
int adopt_text_ok(struct problems *ps, const char *field, const char *v, int required, int multiline, size_t max,
		  const char *missing);
int adopt_date_ok(struct problems *ps, const char *field, const char *v, int required, char out[ADOPT_DATE_MAX]);
int adopt_terms_ok(struct problems *ps, const struct adopt_terms_in *t, char s[ADOPT_DATE_MAX], char e[ADOPT_DATE_MAX]);
int adopt_count_ok(struct problems *ps, const char *field, const char *v, long long max, long long *out);
int adopt_fail(struct store *st, int rc);	/* rolls back, returns rc */
int adopt_public_changed(struct store *st);	/* moves the public pages' version, hard */
/* Agreements: a row of ADOPT_AG_COLS (store_list_read's row function), the viewer's copy
 * (0: nothing of it shows; every text the viewer may not read blanked), the stored one
 * whoever asks (writers check the rule themselves), its terms and reports (and supplies). */
int adopt_ag_row(struct stmt *s, struct arena *a, void *elem, void *ctx);
int adopt_ag_for(const struct actor *who, struct adopt_agreement *g);
int adopt_ag_read(struct store *st, struct arena *a, long long id, struct adopt_agreement *out);
int adopt_ag_parts_of(struct store *st, struct arena *a, struct adopt_agreement *g, int with_supplies);
int adopt_ag_parts(struct store *st, struct arena *a, struct adopt_agreement *g);
#endif
