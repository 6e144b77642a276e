/* proxy: trusted reverse proxies and the client address of a request (see proxy.h). */
#include "http/proxy.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const unsigned char proxy_v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* ::ffff:a.b.c.d is a.b.c.d */
static void proxy_normalise(struct proxy_addr *a)
{
	if (a->family == AF_INET6 && memcmp(a->b, proxy_v4_mapped, 12) == 0) {
		memmove(a->b, a->b + 12, 4);
		memset(a->b + 4, 0, 12);
		a->family = AF_INET;
	}
}

static int proxy_all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* s[0..n) trimmed of spaces and tabs into out (NUL-terminated); -1 when it does not fit. */
static int proxy_trim(const char *s, size_t n, char *out, size_t outlen)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= outlen)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int proxy_addr_parse(const char *s, struct proxy_addr *a)
{
	char t[PROXY_ADDR_MAX + 8];
	memset(a, 0, sizeof *a);
	if (!s || proxy_trim(s, strlen(s), t, sizeof t) < 0 || !t[0])
		return -1;
	char *host = t;
	if (t[0] == '[') {	/* [v6] or [v6]:port */
		char *close = strchr(t, ']');
		if (!close || (close[1] && (close[1] != ':' || !proxy_all_digits(close + 2))))
			return -1;
		*close = '\0';
		host = t + 1;
		if (inet_pton(AF_INET6, host, a->b) != 1)
			return -1;
		a->family = AF_INET6;
		proxy_normalise(a);
		return 0;
	}
	char *colon = strchr(t, ':');
	if (colon && !strchr(colon + 1, ':')) {	/* a.b.c.d:port */
		if (!proxy_all_digits(colon + 1))
			return -1;
		*colon = '\0';
	}
	if (inet_pton(AF_INET, host, a->b) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (!colon && !strchr(host, ':'))
		return -1;
	if (inet_pton(AF_INET6, host, a->b) != 1)
		return -1;
	a->family = AF_INET6;
	proxy_normalise(a);
	return 0;
}

int proxy_addr_from_sockaddr(const struct sockaddr *sa, struct proxy_addr *a)
{
	memset(a, 0, sizeof *a);
	if (!sa)
		return -1;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		a->family = AF_INET;
		memcpy(a->b, &s4->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		a->family = AF_INET6;
		memcpy(a->b, &s6->sin6_addr, 16);
		proxy_normalise(a);
		return 0;
	}
	return -1;
}

void proxy_addr_format(const struct proxy_addr *a, char out[PROXY_ADDR_MAX])
{
	out[0] = '\0';
	if (a->family == AF_INET || a->family == AF_INET6)
		inet_ntop(a->family, a->b, out, PROXY_ADDR_MAX);
}

void proxy_limit_key(const struct proxy_addr *a, char out[PROXY_ADDR_MAX])
{
	if (a->family != AF_INET6) {
		proxy_addr_format(a, out);
		return;
	}
	struct proxy_addr net = *a;
	memset(net.b + PROXY_LIMIT_PREFIX6 / 8, 0, 16 - PROXY_LIMIT_PREFIX6 / 8);
	proxy_addr_format(&net, out);
	size_t n = strlen(out);
	snprintf(out + n, PROXY_ADDR_MAX - n, "/%d", PROXY_LIMIT_PREFIX6);
}

void proxy_limit_key_text(const char *addr, char out[PROXY_ADDR_MAX])
{
	struct proxy_addr a;
	if (addr && proxy_addr_parse(addr, &a) == 0)
		proxy_limit_key(&a, out);
	else
		snprintf(out, PROXY_ADDR_MAX, "%s", addr ? addr : "");
}

static int proxy_in_net(const struct proxy_net *net, const struct proxy_addr *a)
{
	if (net->addr.family != a->family)
		return 0;
	int full = net->bits / 8, rest = net->bits % 8;
	if (memcmp(net->addr.b, a->b, (size_t)full) != 0)
		return 0;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));
		if ((net->addr.b[full] & mask) != (a->b[full] & mask))
			return 0;
	}
	return 1;
}

int proxy_trusted(const struct proxy_list *l, const struct proxy_addr *a)
{
	if (!l || !a->family)
		return 0;
	for (int i = 0; i < l->n; i++)
		if (proxy_in_net(&l->nets[i], a))
			return 1;
	return 0;
}

/* One entry, "ADDR" or "ADDR/BITS". */
static int proxy_net_parse(const char *s, struct proxy_net *net)
{
	char t[PROXY_ADDR_MAX + 8];
	if (strlen(s) >= sizeof t)
		return -1;
	strcpy(t, s);
	char *slash = strchr(t, '/');
	long bits = -1;
	if (slash) {
		*slash = '\0';
		if (!proxy_all_digits(slash + 1) || strlen(slash + 1) > 3)
			return -1;
		bits = strtol(slash + 1, NULL, 10);
	}
	/* no brackets or ports in the list: an address or a network, nothing else */
	if (t[0] == '[' || (strchr(t, '.') && strchr(t, ':') && !strstr(t, "::ffff:")))
		return -1;
	int mapped = strchr(t, ':') != NULL;
	if (proxy_addr_parse(t, &net->addr) != 0)
		return -1;
	int max = net->addr.family == AF_INET ? 32 : 128;
	if (mapped && net->addr.family == AF_INET && bits >= 0) {	/* ::ffff:10.0.0.0/104 */
		if (bits < 96)
			return -1;
		bits -= 96;
	}
	if (bits < 0)
		bits = max;
	if (bits > max)
		return -1;
	net->bits = (int)bits;
	/* the host bits of a network are meaningless: clear them */
	for (int i = 0; i < 16; i++) {
		int keep = net->bits - i * 8;
		if (keep <= 0)
			net->addr.b[i] = 0;
		else if (keep < 8)
			net->addr.b[i] &= (unsigned char)(0xff << (8 - keep));
	}
	return 0;
}

int proxy_list_parse(const char *spec, struct proxy_list *l, char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	if (!spec)
		return 0;
	const char *p = spec;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char item[PROXY_ADDR_MAX + 8];
		if (proxy_trim(p, n, item, sizeof item) < 0) {
			snprintf(err, errlen, "'%.*s' is not an address or a network", (int)(n > 60 ? 60 : n), p);
			return -1;
		}
		if (!item[0]) {
			if (!comma && l->n == 0 && p == spec)
				return 0;	/* "" is the empty list */
			snprintf(err, errlen, "an entry of the list is empty (two commas, or a comma at an end)");
			return -1;
		}
		if (l->n == PROXY_LIST_MAX) {
			snprintf(err, errlen, "more than %d entries", PROXY_LIST_MAX);
			return -1;
		}
		if (proxy_net_parse(item, &l->nets[l->n]) != 0) {
			snprintf(err, errlen,
				 "'%s' is not an address or a network (write 192.0.2.1, 10.0.0.0/8, ::1 or fd00::/8)", item);
			return -1;
		}
		l->n++;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

int proxy_client(const struct proxy_list *l, const struct proxy_addr *peer, const char *xff, const char *real_ip,
		 char out[PROXY_ADDR_MAX])
{
	proxy_addr_format(peer, out);
	if (!proxy_trusted(l, peer))
		return 0;
	struct proxy_addr a;
	if (xff && strspn(xff, " \t,") < strlen(xff)) {
		/* from the right: skip trusted hops; the first untrusted address is the client. An
		 * entry that is not an address stops the walk at the last trusted hop. */
		struct proxy_addr hop = *peer;
		size_t end = strlen(xff);
		for (;;) {
			size_t start = end;
			while (start > 0 && xff[start - 1] != ',')
				start--;
			char item[PROXY_ADDR_MAX + 8];
			if (proxy_trim(xff + start, end - start, item, sizeof item) == 0 && !item[0]) {
				/* an empty element ("a, , b"): skip it */
			} else if (proxy_trim(xff + start, end - start, item, sizeof item) < 0 ||
				   proxy_addr_parse(item, &a) != 0) {
				break;
			} else if (!proxy_trusted(l, &a)) {
				hop = a;
				break;
			} else {
				hop = a;
			}
			if (start == 0)
				break;
			end = start - 1;
		}
		proxy_addr_format(&hop, out);
		return 1;
	}
	if (real_ip && proxy_addr_parse(real_ip, &a) == 0) {
		proxy_addr_format(&a, out);
		return 1;
	}
	return 1;
}
