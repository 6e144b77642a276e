/* http: the contract between the server (server.c, router.c, request.c, response.c,
 * form.c, cookie.c) and the handlers of every screen and API.
 *
 * Flow: the server reads the request (with limits), the router finds the route,
 * loads the session, checks the route's roles (anonymous → 303 to /login for pages,
 * 401 for /api/; wrong role → 403) and the CSRF token of every POST, then calls the
 * handler. A handler reads the query/form, calls the domain, and fills struct resp.
 * Everything allocated for a request comes from req->a and is freed after the reply. */
#ifndef KYODO_HTTP_H
#define KYODO_HTTP_H
#include "util/buf.h"
#include "domain/actor.h"
#include <stddef.h>

struct arena;
struct store;
struct proxy_list;
struct throttle_limits;

enum http_method { HTTP_GET, HTTP_POST, HTTP__MAX };

#define REQ_MAX_PARAMS 6

struct req {
	struct arena *a;	/* per-request arena, capped */
	struct store *st;	/* this worker thread's database connection */
	enum http_method method;
	const char *path;	/* URL path, percent-decoded, without the query */
	const char *params[REQ_MAX_PARAMS];	/* values of {name} segments, in pattern order */
	int nparams;
	struct actor who;	/* ROLE_PUBLIC when not logged in */
	const char *csrf;	/* the session's CSRF token for forms, NULL when anonymous */
	const char *lang;	/* "ja" (default) or "en" */
	const char *client_ip;	/* the client's address: the peer, or what a trusted proxy says */
	int public_only;	/* the instance serves public routes alone (no login link to show) */
	const char *client_key;	/* the address as per-address limits count it: an IPv6
				 * client by its /64 (http/proxy.h proxy_limit_key) */
	const struct throttle_limits *login_limits;	/* the server's (auth/throttle.h) */
	void *impl;		/* server-private (MHD connection, parsed fields) */
};

struct resp {
	int status;		/* default 200 */
	const char *content_type;	/* default "text/html; charset=utf-8" */
	struct buf body;
	const char *location;	/* set by resp_redirect */
	const char *set_cookie[4];
	int ncookies;
	const char *disposition;	/* Content-Disposition, for downloads */
	const char *csp;	/* Content-Security-Policy instead of the site's (NULL: the site's) */
	const char *cache_control;	/* default "no-store" for logged-in, "no-cache" for public */
	const char *etag;	/* a quoted entity tag, sent as ETag when set */
	const unsigned char *static_body;	/* served as is (embedded files), instead of body */
	size_t static_len;
	/* A body shared with a cache, sent without copying: release(arg) runs once the server
	 * is done with it (also when the response could not be created). */
	const void *shared_body;
	size_t shared_len;
	void (*shared_release)(void *arg);
	void *shared_arg;
	/* A body in a file (util/spool.h), sent in pieces with bounded memory; the response
	 * owns one reference (resp_file). */
	struct filebody *file;
};

/* A handler returns 0 after filling resp; -1 means an internal error (500 page). */
typedef int (*http_handler)(struct req *r, struct resp *o);

enum route_flags {
	ROUTE_API = 1 << 0,	/* JSON errors; 401 instead of a redirect to /login */
	ROUTE_NO_CSRF = 1 << 1,	/* no session yet: POST /login and the public application (/register*), which check Origin (and the applicant their own token) */
	ROUTE_STATIC = 1 << 2,	/* public asset: no session lookup (fast path) */
	/* Public reading: a GET that ROLE_PUBLIC may call, the same for every anonymous viewer,
	 * writing nothing. Only these routes exist on an instance started with --public-only
	 * (every other answers 404), and an anonymous request for one is served from the
	 * read replica when the server has one (--db-read). A new module marks its public
	 * pages with it; tests/unit/test_router.c checks the rules above. */
	ROUTE_PUBLIC = 1 << 3,
	/* An upload: a multipart/form-data body is parsed while it arrives (multipart_upload.h),
	 * its file streamed to the upload directory within upload_max, its fields read by
	 * req_form (the CSRF token first in the form); the handler takes the file from
	 * req_upload(). */
	ROUTE_UPLOAD = 1 << 4,
};

struct route {
	enum http_method method;
	const char *pattern;	/* "/plans/{id}/years/{fy}"; segments in braces are params */
	http_handler handler;
	unsigned roles;		/* bitmask of ROLE_BIT(); who may call it */
	unsigned flags;
};

/* Each screen module exports its own table, ending with {0}; routes.c lists the tables. */
extern const struct route *const route_tables[];
const struct route *router_match(enum http_method m, const char *path, struct req *r, int *method_mismatch);
/* One pattern against one path: 1 on a match (params stored in r when r and r->a are
 * given), 0 otherwise. */
int router_pattern_match(const char *pattern, const char *path, struct req *r);

/* request.c: inputs. Return NULL when absent. Strings live in req->a. */
const char *req_query(struct req *r, const char *name);
const char *req_form(struct req *r, const char *name);	/* application/x-www-form-urlencoded POST */
const char *req_header(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
/* The file of an upload route's multipart body, or NULL (none, too large, refused). */
struct req_upload;
const struct req_upload *req_upload(struct req *r);
/* A path param as a positive integer; -1 if not a valid one. */
long long req_param_id(struct req *r, int i);

/* response.c: outputs. */
void resp_redirect(struct resp *o, const char *location);	/* 303 See Other */
void resp_add_cookie(struct resp *o, const char *cookie);
/* The body is fb (a finished spool): the response takes over the caller's reference. */
struct filebody;
void resp_file(struct resp *o, struct filebody *fb);
/* Drops any body set so far (buffer, shared, static or file), releasing what it holds. */
void resp_clear_body(struct resp *o);
/* Error pages (HTML or JSON by route flags): 400, 403, 404, 409, 413, 422, 500, 503. */
int resp_error(struct req *r, struct resp *o, int status, const char *message);
/* A JSON body from a jansson object (steals the reference). */
struct json_t;
int resp_json(struct resp *o, int status, void *json_t_value);
/* Maps a store_rc to an error page: STORE_BUSY → 503, other < 0 → 500. Returns 0 (the
 * page is in o), so a handler may `return resp_store_error(r, o, rc);`. */
int resp_store_error(struct req *r, struct resp *o, int store_rc);
/* An absolute local path ("/x", not "//x", no control characters) or NULL: for ?next=. */
const char *req_local_path(const char *s);

/* server.c */
struct server_opts {
	const char *db_path;
	const char *db_read_path;	/* a read replica for anonymous requests of public routes (NULL: none) */
	int public_only;	/* serve ROUTE_PUBLIC routes alone; every other path is 404 */
	int reuse_port;		/* SO_REUSEPORT: several processes may listen on one address */
	const char *listen;	/* "127.0.0.1:8080"; port 0 picks a free one */
	unsigned threads;	/* worker threads (0 = 4 a core, 8 to 64) */
	size_t max_body;	/* bytes; over it → 413 */
	unsigned max_conns;	/* open connections in all (0 = 1024) */
	unsigned max_conns_per_ip;	/* per address, and requests in progress per client (0 = 64) */
	unsigned timeout_s;	/* silence on a connection (0 = 30) */
	unsigned header_timeout_s, body_timeout_s;	/* total, whatever the trickle (0 = 20, 60) */
	const struct proxy_list *trusted;	/* --trusted-proxy (NULL = nobody) */
	const struct throttle_limits *login_limits;	/* --login-limit-… (NULL = the defaults) */
	const char *upload_dir;	/* where upload routes write files as they arrive (NULL: no uploads) */
	size_t upload_max;	/* an uploaded file's limit in bytes, checked while it arrives */
};
/* Serves until SIGINT/SIGTERM. Prints "kyodo: listening on http://ADDR:PORT/" to stdout
 * (flushed) once the socket is bound. Returns 0 on clean shutdown. */
int server_run(const struct server_opts *opts);

#endif
