/* page_static: embedded static files (GET /static/{name}) and the health check. */
#include "http/http.h"
#include "util/arena.h"
#include "util/embed.h"
#include <string.h>

struct static_type {
	const char *ext, *type;
};

static const struct static_type static_types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".woff2", "font/woff2" },
	{ NULL, NULL },
};

static const char *static_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot)
		for (const struct static_type *t = static_types; t->ext; t++)
			if (strcmp(dot, t->ext) == 0)
				return t->type;
	return "application/octet-stream";
}

static int static_get(struct req *r, struct resp *o)
{
	const char *name = r->params[0];
	const char *full = arena_printf(r->a, "static/%s", name);
	if (!full)
		return -1;
	const struct embed_file *f = embed_find(full);
	if (!f || strstr(name, "..") || name[0] == '.')
		return resp_error(r, o, 404, NULL);
	o->static_body = f->data;
	o->static_len = f->len;
	o->content_type = static_type_of(name);
	o->cache_control = "public, max-age=3600";
	return 0;
}

static int static_healthz(struct req *r, struct resp *o)
{
	o->static_body = (const unsigned char *)"ok";
	o->static_len = 2;
	o->content_type = "text/plain; charset=utf-8";
	return 0;
}

const struct route static_routes[] = {
	{ HTTP_GET, "/static/{name}", static_get, ROLES_ANY, ROUTE_STATIC | ROUTE_PUBLIC },
	{ HTTP_GET, "/healthz", static_healthz, ROLES_ANY, ROUTE_STATIC | ROUTE_PUBLIC },
	{ 0 },
};
