// fuzz-sources: src/http/router.c src/util/arena.c
/* fuzz_router: libFuzzer target for route pattern matching — the input is split at the
 * first NUL into a pattern and a path (patterns are ours, paths are the attacker's). */
#include "http/http.h"
#include "util/arena.h"
#include <stdint.h>
#include <string.h>

/* router.c refers to the route tables; none are needed here. */
const struct route *const route_tables[] = { NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const patterns[] = { "/plans/{id}", "/plans/{id}/years/{fy}/items/{item}", "/",
						"/static/{name}", "/reports/{id}/{fy}", "/api/v1/plans/{id}/years/{fy}/rollup" };
	char path[2048];
	if (size >= sizeof path)
		return 0;
	memcpy(path, data, size);
	path[size] = 0;
	struct arena *a = arena_new(1 << 20);
	struct req r;
	for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
		memset(&r, 0, sizeof r);
		r.a = a;
		if (router_pattern_match(patterns[i], path, &r))
			for (int k = 0; k < r.nparams; k++)
				if (!r.params[k] || strchr(r.params[k], '/'))
					__builtin_trap();	/* a param never spans segments */
	}
	arena_free(a);
	return 0;
}
