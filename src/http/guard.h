/* guard: how much of the server one address may hold, and how long a request may take
 * to arrive. The server (server.c) calls it from libmicrohttpd's callbacks. An address is
 * counted by its limit key (proxy.h proxy_limit_key): an IPv6 client by its /64.
 *
 * - Connections per address: at most max_per_addr open connections from one TCP peer.
 *   A trusted proxy (proxy.h) is not counted: it carries many clients, and limiting it
 *   as one client would lock everyone out together (the proxy limits its own clients).
 * - Requests per client: at most max_per_client requests in progress (headers read, not
 *   yet finished) per client address, so that a client behind a trusted proxy is limited
 *   too. Requests whose client is itself a trusted address are not counted.
 * - Deadlines, whatever the trickle: a request's headers must have arrived header_ms
 *   after the connection became ready for it (accepted, or the previous response sent:
 *   an idle keep-alive connection counts as waiting), and its body body_ms after the
 *   headers. libmicrohttpd 0.9.75 only times out silence, so one byte every few seconds
 *   would hold a connection for ever. A sweeper thread shuts down (shutdown(2)) the
 *   socket of a connection past its deadline; libmicrohttpd then sees the end of the
 *   stream and closes the connection as usual. While the handler runs and the response
 *   is sent, no deadline applies (libmicrohttpd's inactivity timeout does).
 *
 * Descriptor safety: a connection is in the table from libmicrohttpd's STARTED
 * notification to its CLOSED notification, and 0.9.75 sends CLOSED before it closes the
 * socket (daemon.c, MHD_cleanup_connections and the failure path of
 * new_connection_process_). The sweeper calls shutdown() only under the table's mutex,
 * on a connection still in the table, so it never reaches a descriptor that was closed
 * and reused for another connection. */
#ifndef KYODO_GUARD_H
#define KYODO_GUARD_H
#include "http/proxy.h"

struct sockaddr;
struct guard;
struct guard_conn;

struct guard_opts {
	unsigned max_per_addr;		/* open connections per TCP peer (not trusted proxies) */
	unsigned max_per_client;	/* requests in progress per client address */
	unsigned header_ms, body_ms;	/* deadlines; 0 = none */
	const struct proxy_list *trusted;	/* kept by the caller for the guard's life */
};

/* NULL on failure. guard_start runs the sweeper thread (0 or -1). guard_free stops it. */
struct guard *guard_new(const struct guard_opts *o);
int guard_start(struct guard *g);
void guard_free(struct guard *g);

/* Before a connection is created (libmicrohttpd's accept policy): 0 when the peer holds
 * its maximum already, 1 otherwise. A cheap early refusal; guard_conn_open decides. */
int guard_accept_ok(struct guard *g, const struct sockaddr *peer);
/* A new connection on socket fd. Over the peer's limit, the socket is shut down at once
 * (the connection is still returned, and closed by libmicrohttpd). NULL when out of
 * memory (then the socket is shut down too). */
struct guard_conn *guard_conn_open(struct guard *g, int fd, const struct sockaddr *peer);
void guard_conn_close(struct guard *g, struct guard_conn *c);
/* The peer of c (normalised), and whether it is a trusted proxy. */
const struct proxy_addr *guard_conn_peer(const struct guard_conn *c);
int guard_conn_trusted(const struct guard_conn *c);

/* The request phases of a connection (c may be NULL: then nothing happens). */
void guard_headers_done(struct guard *g, struct guard_conn *c);	/* body deadline starts */
void guard_answering(struct guard *g, struct guard_conn *c);	/* no deadline */
void guard_request_done(struct guard *g, struct guard_conn *c);	/* waits for the next request */

/* A request of client (its limit key, proxy_limit_key) begins: 0, or -1 when the client has
 * max_per_client requests in progress already (then it is not counted). */
int guard_client_enter(struct guard *g, const char *client);
void guard_client_leave(struct guard *g, const char *client);

struct guard_stats {
	unsigned long conns;		/* open connections in the table */
	unsigned long refused;		/* connections shut at once: the peer's limit */
	unsigned long expired;		/* connections shut by the sweeper: a request's deadline */
	unsigned long idle;		/* connections shut waiting for a next request (idle keep-alive) */
	unsigned long busy;		/* requests refused: the client's limit */
};
void guard_stats(struct guard *g, struct guard_stats *out);

#endif
