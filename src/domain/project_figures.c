/* project_figures: the yearly figures of collaboration projects over a range of years
 * (project_figures.h). */
#include "domain/project_figures.h"
#include "domain/project_internal.h"
#include "store/store.h"
#include "util/arena.h"
#include <string.h>

int project_figures_load(struct store *st, struct arena *a, int public_only, int first, int last,
			 struct project_figures *out)
{
	memset(out, 0, sizeof *out);
	if (first == 0 && last == 0) {
		struct stmt *s = store_prepare(st, STMT_PFIG_YEARS);
		if (!s)
			return STORE_ERR;
		stmt_bind_int(s, 1, public_only ? 1 : 0);
		int rc = stmt_step(s);
		if (rc == 1) {
			first = (int)stmt_int(s, 0);
			last = (int)stmt_int(s, 1);
		}
		stmt_reset(s);
		if (rc < 0)
			return rc;
		if (first == 0)
			return 0;	/* no project yet: no year */
	}
	if (last < first)
		return -1;
	if (last - first + 1 > PFIG_MAX_YEARS)
		first = last - PFIG_MAX_YEARS + 1;
	out->nyears = last - first + 1;
	out->years = arena_alloc(a, (size_t)out->nyears * sizeof *out->years);
	if (!out->years)
		return STORE_ERR;
	return project_stats_range(st, a, first, last, public_only, out->years);
}
