/* server: the libmicrohttpd daemon — listen address, limits, worker threads each with
 * its own database connection, per-request state, body accumulation, and the request
 * pipeline: route → session → roles → form → CSRF → handler → headers → reply.
 *
 * MHD calls the access handler several times per request: the first call only creates
 * the state (queuing a reply there makes MHD 0.9.75 close every keep-alive connection),
 * calls with upload data append to the body (capped), and the last call answers.
 *
 * Addresses and limits: the client address of a request is the TCP peer, or what a
 * trusted proxy says (proxy.h); connections per address, requests per client and the
 * deadlines of headers and bodies are kept by guard.h, fed from libmicrohttpd's accept
 * policy, connection notifications, the access handler and the completion callback.
 *
 * Databases: each worker thread has its connection to the database, and one to the read
 * replica when there is one (--db-read): an anonymous GET of a public route (ROUTE_PUBLIC)
 * reads the replica; sessions, logged-in pages and every write use the primary. With
 * --public-only, only public routes exist (everything else is 404, no session is looked
 * up) and they read the replica, or the database opened read-only. */
#include "http/http.h"
#include "http/form.h"
#include "http/guard.h"
#include "http/multipart_upload.h"
#include "http/proxy.h"
#include "html/html.h"
#include "html/layout.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/spool.h"
#include <microhttpd.h>
#include <sodium.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Per-request memory. Bodies are capped separately (max_body); the arena holds the parsed
 * input and whatever the handler reads: a 10,000-item plan tree with its year is ~10 MiB.
 * Handlers run on the worker threads, so at most `threads` arenas are large at once. */
#define SERVER_ARENA_CAP (64u << 20)
#define SERVER_DEFAULT_MAX_BODY (1u << 20)
#define SERVER_LANG_COOKIE "kyodo_lang"

#define SERVER_DEFAULT_MAX_CONNS 1024u
#define SERVER_DEFAULT_MAX_PER_ADDR 64u
#define SERVER_DEFAULT_HEADER_S 20u
#define SERVER_DEFAULT_BODY_S 60u
#define SERVER_DEFAULT_TIMEOUT_S 30u
#define SERVER_DEFAULT_MIN_THREADS 8u
#define SERVER_DEFAULT_MAX_THREADS 64u

struct server {
	const struct server_opts *opts;
	size_t max_body;
	pthread_key_t store_key, read_key;
	const char *read_path;	/* the replica (or, --public-only, the database) read-only; NULL: none */
	struct guard *guard;
};

struct server_conn {
	struct arena *a;
	struct req req;
	struct req_inputs in;
	struct buf body;
	int too_large;
	int busy;		/* the client has too many requests in progress: 429 */
	const char *counted;	/* the client's limit key counted by guard_client_enter */
	struct mp_upload *up;	/* the body of an upload route, parsed as it arrives */
	size_t up_cap, up_got;	/* that body's limit and what arrived of it (chunked: no length) */
	int bad_upload;		/* that body was malformed: 400 */
};

struct server_header {
	const char *name, *value;
};

static const struct server_header server_security_headers[] = {
	{ "Content-Security-Policy",
	  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
	  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Frame-Options", "DENY" },
	{ NULL, NULL },
};

static void server_store_free(void *p)
{
	store_close(p);
}

/* This worker thread's connection of key (opened on first use). */
static struct store *server_store_of(pthread_key_t key, const char *path, int read_only)
{
	struct store *st = pthread_getspecific(key);
	if (st)
		return st;
	if ((read_only ? store_open_readonly(path, &st) : store_open(path, &st)) != STORE_OK)
		return NULL;
	if (pthread_setspecific(key, st) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

static struct store *server_store(struct server *sv) { return server_store_of(sv->store_key, sv->opts->db_path, 0); }

/* Where the request reads: the replica for an anonymous GET of a public route when there
 * is one, else the primary. */
static struct store *server_store_for(struct server *sv, struct req *r, const struct route *rt)
{
	if (sv->read_path && rt && (rt->flags & ROUTE_PUBLIC) && r->who.role == ROLE_PUBLIC && r->method == HTTP_GET)
		return server_store_of(sv->read_key, sv->read_path, 1);
	return r->st ? r->st : server_store(sv);
}

static enum MHD_Result server_query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct server_conn *cs = cls;
	if (!key || !form_utf8_valid(key, strlen(key)) || (value && !form_utf8_valid(value, strlen(value))) ||
	    form_add(cs->a, &cs->in.query, key, value ? value : "") < 0) {
		cs->in.query.n = -1;	/* marks the query as invalid */
		return MHD_NO;
	}
	return MHD_YES;
}

/* The guard's record of this request's connection (NULL if it has none). */
static struct guard_conn *server_guard_conn(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

struct server_xff {
	struct arena *a;
	char *joined;	/* every X-Forwarded-For line, in order, joined with commas */
};

static enum MHD_Result server_xff_line(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct server_xff *x = cls;
	if (key && value && strcasecmp(key, "X-Forwarded-For") == 0)
		x->joined = x->joined ? arena_printf(x->a, "%s,%s", x->joined, value) : arena_strdup(x->a, value);
	return MHD_YES;
}

/* The client's address: the TCP peer, or what a trusted proxy says it is. */
static const char *server_client_ip(struct server *sv, struct server_conn *cs, struct MHD_Connection *c)
{
	struct guard_conn *gc = server_guard_conn(c);
	struct proxy_addr peer;
	char out[PROXY_ADDR_MAX];
	if (gc) {
		peer = *guard_conn_peer(gc);
	} else {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (!ci || proxy_addr_from_sockaddr(ci->client_addr, &peer) != 0)
			memset(&peer, 0, sizeof peer);
	}
	const char *xff = NULL, *real = NULL;
	if (proxy_trusted(sv->opts->trusted, &peer)) {
		struct server_xff x = { cs->a, NULL };
		MHD_get_connection_values(c, MHD_HEADER_KIND, server_xff_line, &x);
		xff = x.joined;
		real = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
	}
	proxy_client(sv->opts->trusted, &peer, xff, real, out);
	return arena_strdup(cs->a, out);
}

/* Headers are in: the body's deadline starts, and the request counts for its client. */
static void server_request_begins(struct server *sv, struct server_conn *cs, struct MHD_Connection *c)
{
	guard_headers_done(sv->guard, server_guard_conn(c));
	const char *ip = server_client_ip(sv, cs, c);
	char key[PROXY_ADDR_MAX];
	proxy_limit_key_text(ip, key);
	cs->req.client_ip = ip ? ip : "";
	cs->req.client_key = arena_strdup(cs->a, key);
	if (!cs->req.client_key)
		cs->req.client_key = cs->req.client_ip;
	struct proxy_addr a;
	if (!ip || !*ip || (proxy_addr_parse(ip, &a) == 0 && proxy_trusted(sv->opts->trusted, &a)))
		return;	/* a proxy that named no client: it stands for many, do not limit it as one */
	if (guard_client_enter(sv->guard, cs->req.client_key) == 0)
		cs->counted = cs->req.client_key;
	else
		cs->busy = 1;
}

static const char *server_lang(struct req *r, struct resp *o)
{
	const char *q = req_query(r, "lang");
	if (q && (strcmp(q, "ja") == 0 || strcmp(q, "en") == 0)) {
		resp_add_cookie(o, strcmp(q, "en") == 0 ? SERVER_LANG_COOKIE "=en; Path=/; Max-Age=31536000; SameSite=Lax"
							: SERVER_LANG_COOKIE "=ja; Path=/; Max-Age=31536000; SameSite=Lax");
		return strcmp(q, "en") == 0 ? "en" : "ja";
	}
	const char *c = req_cookie(r, SERVER_LANG_COOKIE);
	return c && strcmp(c, "en") == 0 ? "en" : "ja";
}

static int server_is_urlencoded(struct req *r)
{
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	static const char form_type[] = "application/x-www-form-urlencoded";
	return ct && strncasecmp(ct, form_type, sizeof form_type - 1) == 0 &&
	       (ct[sizeof form_type - 1] == '\0' || ct[sizeof form_type - 1] == ';' || ct[sizeof form_type - 1] == ' ');
}

/* Fills o for the request; the queued reply is built by the caller. */
static void server_handle(struct server *sv, struct server_conn *cs, const char *url, const char *method,
			  struct resp *o)
{
	struct req *r = &cs->req;
	const struct route *rt;
	int mismatch = 0, rc;

	r->lang = "ja";
	r->path = "/";
	r->public_only = sv->opts->public_only;
	if (cs->in.query.n < 0) {
		resp_error(r, o, 400, NULL);
		return;
	}
	r->lang = server_lang(r, o);
	if (!url || url[0] != '/' || !form_utf8_valid(url, strlen(url))) {
		resp_error(r, o, 400, NULL);
		return;
	}
	r->path = url;
	if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0) {
		r->method = HTTP_GET;
	} else if (strcmp(method, MHD_HTTP_METHOD_POST) == 0) {
		r->method = HTTP_POST;
	} else {
		resp_error(r, o, 405, NULL);
		return;
	}
	rt = router_match(r->method, r->path, r, &mismatch);
	if (sv->opts->public_only && (!rt || !(rt->flags & ROUTE_PUBLIC))) {
		resp_error(r, o, 404, NULL);	/* what is not public does not exist here */
		return;
	}
	if (rt)
		cs->in.route_flags = rt->flags;
	if (!rt || !(rt->flags & ROUTE_STATIC)) {
		const char *tok = sv->opts->public_only ? NULL : req_cookie(r, SESSION_COOKIE);
		if (tok) {	/* sessions live on the primary */
			if (!(r->st = server_store(sv))) {
				resp_error(r, o, 503, NULL);
				return;
			}
			if ((rc = session_lookup(r->st, tok, r)) < 0) {
				resp_store_error(r, o, rc);
				return;
			}
		}
		r->st = server_store_for(sv, r, rt);
		if (!r->st) {
			resp_error(r, o, 503, NULL);
			return;
		}
	}
	if (!rt) {
		resp_error(r, o, mismatch ? 405 : 404, NULL);
		return;
	}
	r->who.address = r->client_ip;
	r->who.address_key = r->client_key;
	if (cs->too_large) {
		resp_error(r, o, 413, cs->up ? "The file is too large." : NULL);
		return;
	}
	if (cs->busy) {
		resp_error(r, o, 429, NULL);
		return;
	}
	if (cs->bad_upload) {
		resp_error(r, o, 400, NULL);
		return;
	}
	if (!(rt->roles & ROLE_BIT(r->who.role))) {
		if (r->who.role != ROLE_PUBLIC) {
			resp_error(r, o, 403, NULL);
		} else if (rt->flags & ROUTE_API) {
			resp_error(r, o, 401, NULL);
		} else {
			/* back to the same page after logging in, query included (?fy=2023 …) */
			struct buf next = BUF_INIT, loc = BUF_INIT;
			const struct form_fields *q = &cs->in.query;
			buf_puts(&next, r->path);
			for (int i = 0; i < q->n; i++) {
				buf_putc(&next, i ? '&' : '?');
				html_urlenc(&next, q->kv[i].name);
				buf_putc(&next, '=');
				html_urlenc(&next, q->kv[i].value);
			}
			buf_puts(&loc, "/login?next=");
			html_urlenc(&loc, buf_cstr(&next));
			buf_free(&next);
			const char *l = arena_strdup(r->a, buf_cstr(&loc));
			buf_free(&loc);
			if (!l) {
				resp_error(r, o, 413, NULL);
				return;
			}
			resp_redirect(o, l);
		}
		return;
	}
	if (r->method == HTTP_POST) {
		if (cs->body.len && server_is_urlencoded(r) &&
		    form_parse_urlencoded(r->a, cs->body.data, cs->body.len, &cs->in.form) < 0) {
			resp_error(r, o, arena_over(r->a) ? 413 : 400, NULL);
			return;
		}
		if (!(rt->flags & ROUTE_NO_CSRF)) {
			const char *given = req_form(r, "csrf");
			if (!given)
				given = req_header(r, "X-CSRF-Token");
			if (!session_csrf_ok(r->csrf, given)) {
				resp_error(r, o, 403,
					   "The form has expired or was not sent from this site. Please reload the page and try again.");
				return;
			}
		}
	}
	if (rt->handler(r, o) < 0 || o->body.oom) {
		resp_error(r, o, arena_over(r->a) ? 413 : 500, NULL);
		return;
	}
	if (arena_over(r->a))
		resp_error(r, o, 413, NULL);
}

/* Reads the next piece of a file body for libmicrohttpd. */
static ssize_t server_file_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	ssize_t n = filebody_read(cls, pos, out, max);
	if (n < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return n ? n : MHD_CONTENT_READER_END_OF_STREAM;
}

static enum MHD_Result server_reply(struct server_conn *cs, struct MHD_Connection *c, struct resp *o)
{
	struct MHD_Response *mr;
	if (o->file) {
		struct filebody *fb = o->file;
		o->file = NULL;
		mr = MHD_create_response_from_callback(filebody_size(fb), SPOOL_CHUNK, server_file_reader, fb,
						      filebody_release);
		if (!mr)
			filebody_unref(fb);
	} else if (o->shared_body) {
		mr = MHD_create_response_from_buffer_with_free_callback_cls(o->shared_len, (void *)o->shared_body,
									     o->shared_release, o->shared_arg);
		if (!mr)
			o->shared_release(o->shared_arg);
		o->shared_body = NULL;	/* handed over (or released) */
		o->shared_release = NULL;
	} else if (o->static_body) {
		mr = MHD_create_response_from_buffer(o->static_len, (void *)o->static_body, MHD_RESPMEM_PERSISTENT);
	} else {
		size_t n = o->body.len;
		char *d = buf_detach(&o->body);
		mr = d ? MHD_create_response_from_buffer(n, d, MHD_RESPMEM_MUST_FREE) : NULL;
		if (!mr)
			free(d);
	}
	if (!mr)
		return MHD_NO;
	int ok = 1;
	for (const struct server_header *h = server_security_headers; h->name; h++)
		ok &= MHD_add_response_header(mr, h->name,
					      o->csp && strcmp(h->name, "Content-Security-Policy") == 0 ? o->csp
												 : h->value) == MHD_YES;
	ok &= MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
				      o->content_type ? o->content_type : "text/html; charset=utf-8") == MHD_YES;
	const char *cc = o->cache_control;
	if (cs->req.who.role != ROLE_PUBLIC)
		cc = "no-store";
	else if (!cc)
		cc = "no-cache";
	ok &= MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, cc) == MHD_YES;
	if (o->location)
		ok &= MHD_add_response_header(mr, MHD_HTTP_HEADER_LOCATION, o->location) == MHD_YES;
	if (o->disposition)
		ok &= MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_DISPOSITION, o->disposition) == MHD_YES;
	if (o->etag && (o->status == 200 || o->status == 304))
		ok &= MHD_add_response_header(mr, MHD_HTTP_HEADER_ETAG, o->etag) == MHD_YES;
	for (int i = 0; i < o->ncookies; i++)
		ok &= MHD_add_response_header(mr, MHD_HTTP_HEADER_SET_COOKIE, o->set_cookie[i]) == MHD_YES;
	if (!ok)
		log_warn("a response header was refused (invalid characters?)");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)o->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

/* The first call of a request: when it is a multipart POST to an upload route by someone
 * with a session, its body is parsed while it arrives (cs->up). Returns the body's limit:
 * the upload limit and room for the form around the file, or max_body. */
static size_t server_upload_begins(struct server *sv, struct server_conn *cs, struct MHD_Connection *c,
				   const char *url, const char *method)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!url || !method || strcmp(method, MHD_HTTP_METHOD_POST) != 0 || !sv->opts->upload_dir ||
	    !mp_is_multipart(ct))
		return sv->max_body;
	const struct route *rt = router_match(HTTP_POST, url, NULL, NULL);
	if (!rt || !(rt->flags & ROUTE_UPLOAD) || sv->opts->public_only ||
	    !MHD_lookup_connection_value(c, MHD_COOKIE_KIND, SESSION_COOKIE))
		return sv->max_body;	/* nobody logged in uploads: the route check refuses it */
	struct mp_upload *u = arena_alloc(cs->a, sizeof *u);
	if (!u || mp_upload_begin(u, cs->a, &cs->in.form, ct, sv->opts->upload_dir, sv->opts->upload_max) < 0) {
		cs->bad_upload = 1;
		return sv->max_body;
	}
	cs->up = u;
	cs->up_cap = sv->opts->upload_max + MP_ENVELOPE;
	return cs->up_cap;
}

static void server_upload_piece(struct server_conn *cs, const char *data, size_t n)
{
	if (cs->too_large || cs->busy || cs->bad_upload)
		return;
	/* the body's limit, whatever its framing: a chunked body has no length to refuse
	 * up front, and its fields and epilogue are not the file's limit's business */
	cs->up_got += n;
	if (cs->up_got > cs->up_cap) {
		cs->too_large = 1;
		mp_upload_discard(cs->up);
		return;
	}
	if (mp_upload_feed(cs->up, data, n) < 0) {
		cs->bad_upload = 1;
		mp_upload_discard(cs->up);
	} else if (cs->up->too_large) {
		cs->too_large = 1;	/* the file is deleted already; the rest is read and dropped */
	}
}

static void server_upload_done(struct server_conn *cs)
{
	if (cs->too_large || cs->busy || cs->bad_upload)
		return;
	if (mp_upload_end(cs->up) < 0) {
		cs->bad_upload = 1;
		mp_upload_discard(cs->up);
		return;
	}
	cs->in.upload = mp_upload_file(cs->up);
}

static enum MHD_Result server_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				     const char *version, const char *upload_data, size_t *upload_data_size,
				     void **con_cls)
{
	struct server *sv = cls;
	struct server_conn *cs = *con_cls;
	if (!cs) {
		cs = calloc(1, sizeof *cs);
		if (!cs)
			return MHD_NO;
		cs->a = arena_new(SERVER_ARENA_CAP);
		if (!cs->a) {
			free(cs);
			return MHD_NO;
		}
		cs->in.conn = c;
		cs->req.a = cs->a;
		cs->req.impl = &cs->in;
		cs->req.login_limits = sv->opts->login_limits;
		cs->req.who.login = "";
		cs->req.who.display_name = "";
		cs->req.who.department_name = "";
		cs->req.who.role = ROLE_PUBLIC;
		*con_cls = cs;
		server_request_begins(sv, cs, c);
		/* A declared body over the limit is not buffered at all: it is read and dropped,
		 * then answered 413 (queuing now would close keep-alive connections). */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		size_t cap = server_upload_begins(sv, cs, c, url, method);
		if (cl && strtoull(cl, NULL, 10) > cap)
			cs->too_large = 1;
		return MHD_YES;	/* never queue on the first call (keep-alive) */
	}
	if (*upload_data_size && cs->up) {
		server_upload_piece(cs, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_large && !cs->busy) {
			if (cs->body.len + *upload_data_size > sv->max_body) {
				cs->too_large = 1;
				buf_free(&cs->body);
			} else {
				buf_append(&cs->body, upload_data, *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	guard_answering(sv->guard, server_guard_conn(c));
	if (cs->up)
		server_upload_done(cs);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, server_query_arg, cs);
	if (cs->body.oom)
		cs->too_large = 1;
	struct resp o = { .status = 200 };
	server_handle(sv, cs, url, method, &o);
	if (cs->up)	/* whatever the handler did not store goes before the client hears back */
		mp_upload_discard(cs->up);
	log_msg(LOG_DEBUG, "%s %s %s %d %s", cs->req.client_ip, method, url, o.status,
		cs->req.who.login ? cs->req.who.login : "");
	enum MHD_Result ret = server_reply(cs, c, &o);
	resp_clear_body(&o);
	buf_free(&o.body);
	return ret;
}

static void server_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			     enum MHD_RequestTerminationCode toe)
{
	struct server *sv = cls;
	struct server_conn *cs = *con_cls;
	guard_request_done(sv->guard, server_guard_conn(c));
	if (!cs)
		return;
	if (cs->counted)
		guard_client_leave(sv->guard, cs->counted);
	if (cs->up)
		mp_upload_discard(cs->up);
	buf_free(&cs->body);
	arena_free(cs->a);
	free(cs);
	*con_cls = NULL;
}

static enum MHD_Result server_accept_policy(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct server *sv = cls;
	return guard_accept_ok(sv->guard, addr) ? MHD_YES : MHD_NO;
}

/* The guard keeps every connection from STARTED to CLOSED (sent before the socket closes). */
static void server_notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
				     enum MHD_ConnectionNotificationCode toe)
{
	struct server *sv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ad = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		*socket_context = fd && ad ? guard_conn_open(sv->guard, fd->connect_fd, ad->client_addr) : NULL;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		guard_conn_close(sv->guard, *socket_context);
		*socket_context = NULL;
	}
}

/* Every connection is a descriptor: make room for the connection limit and the database. */
static void server_raise_nofile(unsigned conns)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)conns + 256;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		log_warn("serve: only %lu file descriptors allowed; %u connections need about %lu",
			 (unsigned long)rl.rlim_cur, conns, (unsigned long)want);
}

/* What libmicrohttpd says when a client goes away or the guard closes a connection:
 * normal on the Internet, and thousands of lines under a flood (the guard logs counts).
 * Reaching the connection limit in all stays a warning. */
static const char *const server_mhd_routine[] = {
	"Connection was closed by remote side",
	"Connection socket is closed when reading request",
	"Connection socket is closed when sending",
	NULL,
};

static void server_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	enum log_level lv = LOG_WARN;
	for (const char *const *p = server_mhd_routine; *p; p++)
		if (strncmp(line, *p, strlen(*p)) == 0)
			lv = LOG_DEBUG;
	log_msg(lv, "libmicrohttpd: %s", line);
}

/* "ADDR:PORT" or "[ADDR6]:PORT" into ss; 0 or -1. */
static int server_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len, int *v6)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s ? s : "", ':');
	if (!colon || colon == s)
		return -1;
	size_t hl = (size_t)(colon - s);
	if (hl >= sizeof host)
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof *a6;
		*v6 = 1;
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		return -1;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	*len = sizeof *a4;
	*v6 = 0;
	return 0;
}

int server_run(const struct server_opts *opts)
{
	struct server sv = { .opts = opts };
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct MHD_Daemon *d = NULL;
	sigset_t set, old;
	int v6 = 0, rc = -1, key_ok = 0, masked = 0;
	char host[INET6_ADDRSTRLEN] = "";

	if (!opts || !opts->db_path) {
		log_error("serve: no database given");
		return -1;
	}
	if (server_parse_listen(opts->listen ? opts->listen : "127.0.0.1:8080", &ss, &sslen, &v6) < 0) {
		log_error("serve: cannot use the listen address %s (expected ADDR:PORT)", opts->listen);
		return -1;
	}
	if (sodium_init() < 0 || i18n_init() < 0) {
		log_error("serve: cannot initialise libsodium or the message catalogs");
		return -1;
	}
	store_global_init();
	sv.max_body = opts->max_body ? opts->max_body : SERVER_DEFAULT_MAX_BODY;
	/* Handlers block: a page being built holds its thread for tens of milliseconds, a
	 * write for its fsync; every connection libmicrohttpd gave that thread waits. With
	 * four threads a core (at least 8), one write or build holds up few connections. */
	unsigned threads = opts->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? 4u * (unsigned)n : SERVER_DEFAULT_MIN_THREADS;
		if (threads < SERVER_DEFAULT_MIN_THREADS)
			threads = SERVER_DEFAULT_MIN_THREADS;
		if (threads > SERVER_DEFAULT_MAX_THREADS)
			threads = SERVER_DEFAULT_MAX_THREADS;
	}
	if (threads < 2)
		threads = 2;
	if (pthread_key_create(&sv.store_key, server_store_free) != 0)
		goto out;
	if (pthread_key_create(&sv.read_key, server_store_free) != 0) {
		pthread_key_delete(sv.store_key);
		goto out;
	}
	key_ok = 1;
	sv.read_path = opts->db_read_path ? opts->db_read_path : opts->public_only ? opts->db_path : NULL;
	unsigned max_conns = opts->max_conns ? opts->max_conns : SERVER_DEFAULT_MAX_CONNS;
	unsigned per_addr = opts->max_conns_per_ip ? opts->max_conns_per_ip : SERVER_DEFAULT_MAX_PER_ADDR;
	struct guard_opts go = {
		.max_per_addr = per_addr,
		.max_per_client = per_addr,
		.header_ms = (opts->header_timeout_s ? opts->header_timeout_s : SERVER_DEFAULT_HEADER_S) * 1000u,
		.body_ms = (opts->body_timeout_s ? opts->body_timeout_s : SERVER_DEFAULT_BODY_S) * 1000u,
		.trusted = opts->trusted,
	};
	if (!(sv.guard = guard_new(&go)) || guard_start(sv.guard) != 0) {
		log_error("serve: cannot start the connection guard");
		goto out;
	}
	server_raise_nofile(max_conns);

	/* The workers inherit this mask; only sigwait() below sees SIGINT/SIGTERM. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &set, &old) != 0)
		goto out;
	masked = 1;
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	unsigned reuse = opts->reuse_port ? 1u : 0u;
	if (v6)
		flags |= MHD_USE_IPv6;
	/* connections per address: the accept policy and the guard (a trusted proxy is not one client) */
	d = MHD_start_daemon(flags, 0, server_accept_policy, &sv, server_access, &sv,
			     MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_THREAD_POOL_SIZE, threads,
			     MHD_OPTION_CONNECTION_LIMIT, max_conns,
			     MHD_OPTION_NOTIFY_CONNECTION, server_notify_connection, &sv,
			     MHD_OPTION_CONNECTION_TIMEOUT, opts->timeout_s ? opts->timeout_s : SERVER_DEFAULT_TIMEOUT_S,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
			     MHD_OPTION_NOTIFY_COMPLETED, server_completed, &sv,
			     MHD_OPTION_LISTENING_ADDRESS_REUSE, reuse,
			     MHD_OPTION_END);
	if (!d) {
		log_error("serve: cannot listen on %s (in use, or not an address of this machine?)", opts->listen);
		goto out;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = di ? di->port : 0;
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	printf(v6 ? "kyodo: listening on http://[%s]:%u/\n" : "kyodo: listening on http://%s:%u/\n", host, port);
	fflush(stdout);
	char shown[512], shown_read[512];	/* URLs with any password as *** */
	store_target_shown(opts->db_path, shown, sizeof shown);
	store_target_shown(sv.read_path ? sv.read_path : opts->db_path, shown_read, sizeof shown_read);
	log_info("serving %s%s%s%s with %u worker threads; at most %u connections, %u per address (an IPv6 client by "
		 "its /%d); a request's headers within %u s, its body within %u s; %d trusted prox%s; logins stop after "
		 "%d failures of a name from an address, %d from an address, %d of a name in %d min",
		 opts->public_only ? "the public pages of " : "", shown_read,
		 opts->db_read_path && !opts->public_only ? " (anonymous public pages) and " : "",
		 opts->db_read_path && !opts->public_only ? shown : "", threads, max_conns, per_addr,
		 PROXY_LIMIT_PREFIX6, go.header_ms / 1000u, go.body_ms / 1000u, opts->trusted ? opts->trusted->n : 0,
		 opts->trusted && opts->trusted->n == 1 ? "y" : "ies", throttle_limit_of(opts->login_limits, THROTTLE_PAIR),
		 throttle_limit_of(opts->login_limits, THROTTLE_ADDRESS),
		 throttle_limit_of(opts->login_limits, THROTTLE_ACCOUNT), THROTTLE_WINDOW_S / 60);

	int sig = 0;
	if (sigwait(&set, &sig) == 0)
		log_info("stopping (signal %d)", sig);
	rc = 0;
out:
	if (d)
		MHD_stop_daemon(d);
	guard_free(sv.guard);
	if (masked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (key_ok) {
		pthread_key_delete(sv.store_key);
		pthread_key_delete(sv.read_key);
	}
	return rc;
}
