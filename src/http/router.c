/* router: matches a method and path against route_tables (patterns with {param}
 * segments). Linear over the tables: a few hundred routes cost well under a microsecond. */
#include "http/http.h"
#include "util/arena.h"
#include <string.h>

/* Matches path against pattern; on success stores the param spans in ps/pl. */
static int router_try(const char *pattern, const char *path, const char **ps, size_t *pl, int *np)
{
	const char *p = pattern, *u = path;
	*np = 0;
	while (*p && *u) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				return 0;
			size_t n = strcspn(u, "/");
			if (n == 0 || *np >= REQ_MAX_PARAMS)
				return 0;
			ps[*np] = u;
			pl[*np] = n;
			(*np)++;
			p = close + 1;
			u += n;
			continue;
		}
		if (*p != *u)
			return 0;
		p++;
		u++;
	}
	return *p == '\0' && *u == '\0';
}

/* Copies the matched params into r (arena strings); 0 or -1 when the arena is full. */
static int router_fill(struct req *r, const char **ps, const size_t *pl, int np)
{
	r->nparams = 0;
	for (int i = 0; i < np; i++) {
		char *v = r->a ? arena_strndup(r->a, ps[i], pl[i]) : NULL;
		if (!v)
			return -1;
		r->params[i] = v;
	}
	r->nparams = np;
	return 0;
}

int router_pattern_match(const char *pattern, const char *path, struct req *r)
{
	const char *ps[REQ_MAX_PARAMS];
	size_t pl[REQ_MAX_PARAMS];
	int np = 0;
	if (!pattern || !path || !router_try(pattern, path, ps, pl, &np))
		return 0;
	if (r && r->a && router_fill(r, ps, pl, np) < 0)
		return 0;
	return 1;
}

const struct route *router_match(enum http_method m, const char *path, struct req *r, int *method_mismatch)
{
	const char *ps[REQ_MAX_PARAMS];
	size_t pl[REQ_MAX_PARAMS];
	int np = 0;
	if (method_mismatch)
		*method_mismatch = 0;
	if (!path)
		return NULL;
	for (const struct route *const *t = route_tables; *t; t++) {
		for (const struct route *rt = *t; rt->pattern; rt++) {
			if (!router_try(rt->pattern, path, ps, pl, &np))
				continue;
			if (rt->method != m) {
				if (method_mismatch)
					*method_mismatch = 1;
				continue;
			}
			if (r && router_fill(r, ps, pl, np) < 0)
				return NULL;
			return rt;
		}
	}
	return NULL;
}
