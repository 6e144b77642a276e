/* project_eval_internal: what the report, evaluation and tie files share. */
#ifndef KYODO_PROJECT_EVAL_INTERNAL_H
#define KYODO_PROJECT_EVAL_INTERNAL_H
#include "domain/project_eval.h"
#include "domain/project_eval_visibility.h"
#include "domain/project_internal.h"

/* One project as the viewer stands to it. */
struct peval_ctx {
	struct project p;
	enum project_access acc;
	long long side;		/* the side the viewer answers for, -1 none */
	struct project_eval_state es;
};
/* Loads project id for who: STORE_ERR when the viewer does not see it. */
int peval_ctx_load(struct store *st, struct arena *a, const struct actor *who, long long id, struct peval_ctx *c);
/* The same inside a new transaction (the write lock), rolled back on failure: a writer
 * checks what it writes over. */
int peval_ctx_locked(struct store *st, struct arena *a, const struct actor *who, long long id, struct peval_ctx *c);
/* The facts of the visibility rule for c and viewer who. */
void peval_facts_of(const struct peval_ctx *c, const struct actor *who, struct peval_facts *f);
/* Checks a text field: required, at most max bytes, no hidden characters. */
void peval_text(struct problems *pr, const char *field, const char *s, size_t max, int required);
/* The name a write is signed with. */
const char *peval_by(const struct actor *who);
/* The name of the viewer's side (the department, or the partner's actor). */
const char *peval_side_name(struct store *st, struct arena *a, const struct peval_ctx *c);
int peval_state_ensure(struct store *st, long long project_id);
/* The sides whose names c's viewer does not read: for a viewer the project is only public
 * to, every partner outside the public directory (under review, dissolved) and every former
 * partner, as the project's public page counts them without a name. *out (arena) lists
 * their ids; *n 0 for everyone else. 0 or a store_rc. */
int peval_unnamed_sides(struct store *st, struct arena *a, const struct peval_ctx *c, long long **out, int *n);
/* The name of side as c's viewer reads it: "" when unnamed (the page says what it is). */
char *peval_side_as_seen(const long long *unnamed, int n, long long side, char *name);
#endif
