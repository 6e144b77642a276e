/* proxy: the trusted reverse proxies (`kyodo serve --trusted-proxy LIST`) and the real
 * client address of a request.
 *
 * Behind a reverse proxy every TCP connection comes from the proxy. The proxy says who
 * its client was in X-Forwarded-For (each proxy appends the address it received the
 * request from) or X-Real-IP. Anyone can send those headers, so they are believed only
 * when the TCP peer is in the trusted list, and X-Forwarded-For is read from the right:
 * trusted proxies are skipped, and the first address that is not trusted is the client
 * (whatever stands further left was written by that client and proves nothing).
 * Nobody is trusted by default. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are IPv4. */
#ifndef KYODO_PROXY_H
#define KYODO_PROXY_H
#include <stddef.h>

#define PROXY_ADDR_MAX 46	/* INET6_ADDRSTRLEN */
#define PROXY_LIST_MAX 64	/* entries in --trusted-proxy */

struct sockaddr;

struct proxy_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char b[16];	/* 4 or 16 bytes, network order */
};

struct proxy_net {
	struct proxy_addr addr;	/* host bits cleared */
	int bits;		/* prefix length */
};

struct proxy_list {
	int n;
	struct proxy_net nets[PROXY_LIST_MAX];
};

/* "127.0.0.1,10.0.0.0/8,::1,fd00::/8" into l (spaces around entries are allowed). An
 * empty or NULL spec is the empty list. 0, or -1 with a message naming the bad entry. */
int proxy_list_parse(const char *spec, struct proxy_list *l, char *err, size_t errlen);
/* An address in text ("192.0.2.1", "2001:db8::1", "[2001:db8::1]", "192.0.2.1:443",
 * "[2001:db8::1]:443"); 0 or -1. */
int proxy_addr_parse(const char *s, struct proxy_addr *a);
/* A socket address (AF_INET/AF_INET6); 0 or -1. */
int proxy_addr_from_sockaddr(const struct sockaddr *sa, struct proxy_addr *a);
void proxy_addr_format(const struct proxy_addr *a, char out[PROXY_ADDR_MAX]);
int proxy_trusted(const struct proxy_list *l, const struct proxy_addr *a);

/* Per-address limits (connections and requests per client, login throttling, name probes,
 * registration limits) count a client by its limit key: an IPv4 address as it is; an IPv6
 * address by its /64 ("2001:db8:7:7::/64"), since one machine, or one home line, has a
 * whole /64 and picks a new address in it as often as it likes — counted per address it
 * would be as many clients as it wanted. The audit log keeps the full address. */
#define PROXY_LIMIT_PREFIX6 64
void proxy_limit_key(const struct proxy_addr *a, char out[PROXY_ADDR_MAX]);
/* The same for an address in text (proxy_addr_parse); text that is no address is its own
 * key. */
void proxy_limit_key_text(const char *addr, char out[PROXY_ADDR_MAX]);

/* The client address of a request from peer, given its X-Forwarded-For (all header
 * lines joined with commas, or NULL) and X-Real-IP (or NULL), into out. Returns 1 when
 * the peer is a trusted proxy (whose headers were believed), 0 when out is the peer. */
int proxy_client(const struct proxy_list *l, const struct proxy_addr *peer, const char *xff, const char *real_ip,
		 char out[PROXY_ADDR_MAX]);

#endif
